"""A table model over the whole roster that holds only what the screen needs.

Like Anki's browser table, the model knows the number of matching rows (one
SQL count) and fetches rows lazily, a page at a time, when the view asks for
them; at most `MAX_PAGES` pages of rows are cached.

Finding the rows of page N without walking pages 0..N-1: the model keeps
*anchors*, the sort key of the row just before a position. Every page it
reads leaves an anchor for the next one, so scrolling on is a keyset query.
For a jump (the scrollbar dragged to row 700,000) it takes the nearest anchor
below; if that is more than `ANCHOR_STEP` rows away it first lays anchors every
`ANCHOR_STEP` rows up to the target in one index scan, then skips less than
`ANCHOR_STEP` rows from the last one. Later jumps anywhere in that stretch
cost at most a short skip.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from kantor_app.domain.vocabulary import STATUS_INACTIVE
from kantor_app.services.roster.page_reader import RosterPageReader, RosterPages
from kantor_app.services.roster.query import (
    SEGMENT_LABELS,
    STATUS_LABELS,
    Key,
    RosterFilter,
    RosterSort,
    SortColumn,
    WorkerRow,
)
from kantor_app.services.roster.warnings import warning_text
from kantor_app.store.engine import Database
from kantor_app.ui.widgets.numbers import format_number as format_count

ModelIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("RosterTableModel", text)


@dataclass(frozen=True)
class Column:
    sort: SortColumn
    title: str  # Indonesian source string; translated when shown
    width: int  # in average character widths


COLUMNS: tuple[Column, ...] = (
    Column(SortColumn.NIK, "NIK", 18),
    Column(SortColumn.NAME, "Nama", 28),
    Column(SortColumn.BIRTH_DATE, "Tgl Lahir", 11),
    Column(SortColumn.GENDER, "L/P", 4),
    Column(SortColumn.REGENCY, "Kabupaten/Kota", 22),
    Column(SortColumn.DISTRICT, "Kecamatan", 18),
    Column(SortColumn.VILLAGE, "Desa/Kelurahan", 18),
    Column(SortColumn.OCCUPATION, "Pekerjaan", 16),
    Column(SortColumn.SEGMENT, "Segmen", 8),
    Column(SortColumn.STATUS, "Status", 9),
)


def _cell_text(row: WorkerRow, column: SortColumn) -> str:
    if column is SortColumn.NIK:
        return row.nik
    if column is SortColumn.NAME:
        return row.name
    if column is SortColumn.BIRTH_DATE:
        return row.birth_date.strftime("%d-%m-%Y") if row.birth_date else ""
    if column is SortColumn.GENDER:
        return row.gender or ""
    if column is SortColumn.REGENCY:
        return row.regency_name or ""
    if column is SortColumn.DISTRICT:
        return row.district_name or ""
    if column is SortColumn.VILLAGE:
        return row.village_name or ""
    if column is SortColumn.OCCUPATION:
        return row.occupation
    if column is SortColumn.SEGMENT:
        return SEGMENT_LABELS.get(row.segment, row.segment)
    return _tr(STATUS_LABELS.get(row.status, row.status))


_SERVED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.UserRole,
    }
)


class RosterTableModel(QAbstractTableModel):
    PAGE_SIZE = 100
    ANCHOR_STEP = 2000  # a multiple of PAGE_SIZE; also the longest OFFSET ever used
    MAX_PAGES = 60

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader = RosterPageReader(db)
        self._filter = RosterFilter()
        self._sort = RosterSort()
        self._count = 0
        self._pages: OrderedDict[int, list[WorkerRow]] = OrderedDict()
        # position -> sort key of the row before it; position 0 starts at None
        self._anchors: dict[int, Key | None] = {0: None}
        self._anchor_positions: list[int] = [0]
        self.queries = 0  # pages read from the database, for tests and benchmarks
        self._reload()

    # --- state ------------------------------------------------------------

    @property
    def roster_filter(self) -> RosterFilter:
        return self._filter

    @property
    def roster_sort(self) -> RosterSort:
        return self._sort

    def setFilter(self, roster_filter: RosterFilter) -> None:
        self._filter = roster_filter
        self._reload()

    def refresh(self) -> None:
        """Read the count again and drop cached rows (after imports or edits)."""
        self._reload()

    def _reload(self, *, recount: bool = True) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._anchors = {0: None}
        self._anchor_positions = [0]
        if recount:
            self._count = self._reader.count(self._filter)
        self.endResetModel()

    def worker_at(self, row: int) -> WorkerRow | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // self.PAGE_SIZE)
        offset = row % self.PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def row_of(self, worker_id: Any) -> int | None:
        """Position of a worker among the cached pages (None when not cached)."""
        for number, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == worker_id:
                    return number * self.PAGE_SIZE + offset
        return None

    # --- paging -----------------------------------------------------------

    def _set_anchor(self, position: int, key: Key | None) -> None:
        if position not in self._anchors:
            bisect.insort(self._anchor_positions, position)
        self._anchors[position] = key

    def _page(self, number: int) -> list[WorkerRow]:
        cached = self._pages.get(number)
        if cached is not None:
            self._pages.move_to_end(number)
            return cached
        start = number * self.PAGE_SIZE
        with self._reader.open() as pages:
            base = self._anchor_positions[bisect.bisect_right(self._anchor_positions, start) - 1]
            if start - base >= self.ANCHOR_STEP:
                self._lay_anchors(pages, base, start)
                base = self._anchor_positions[
                    bisect.bisect_right(self._anchor_positions, start) - 1
                ]
            keys = pages.page_keys(
                self._filter,
                self._sort,
                self._anchors[base],
                self.PAGE_SIZE,
                skip=start - base,
            )
            rows = pages.fetch_rows([key[-1] for key in keys])
        self.queries += 1
        if len(keys) == self.PAGE_SIZE:
            self._set_anchor(start + self.PAGE_SIZE, keys[-1])
        self._pages[number] = rows
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return rows

    def _lay_anchors(self, pages: RosterPages, base: int, target: int) -> None:
        step = self.ANCHOR_STEP
        keys = pages.anchor_keys(self._filter, self._sort, self._anchors[base], target - base, step)
        for i, key in enumerate(keys):
            self._set_anchor(base + (i + 1) * step, key)

    # --- Qt model interface -------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr(COLUMNS[section].title)
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return format_count(section + 1)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks each cell for about eight roles on every paint: the
        # ones not served are turned away before anything else.
        if role not in _SERVED_ROLES or not index.isValid():
            return None
        if not 0 <= index.row() < self._count:
            return None
        row = self.worker_at(index.row())
        if row is None:
            return None
        column = COLUMNS[index.column()].sort
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell_text(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return str(row.id)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#8a8a8a") if row.status == STATUS_INACTIVE else None
        if row.warnings and column in (SortColumn.NIK, SortColumn.NAME):
            return _tr("Peringatan:") + "\n" + warning_text(row.warnings)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = RosterSort(
            COLUMNS[column].sort, descending=order == Qt.SortOrder.DescendingOrder
        )
        self._reload(recount=False)  # the same rows in another order
