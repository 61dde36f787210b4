"""Table model over the employer registry, fetching pages from SQL on demand.

Only the current filter's row count and the pages the view has asked for are
in memory; sorting and filtering re-query the database.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from kantor_app.domain.dates import MONTHS_ID
from kantor_app.domain.money import format_rupiah
from kantor_app.services.employers.query import (
    EmployerFilter,
    EmployerRow,
    count_employers,
    fetch_employers,
)
from kantor_app.store.engine import Database
from kantor_app.ui.employers.labels import (
    letter_kind_short,
    letter_status_label,
    sector_label,
    status_colours,
    status_label,
)

PAGE_SIZE = 200

COL_NPP, COL_NAME, COL_SECTOR, COL_REGENCY, COL_STATUS, COL_ARREARS, COL_LETTER = range(7)
_SORT_KEYS = ("npp", "name", "sector", "regency", "status", "arrears", "last_letter")

# Custom role: the status code, for the badge delegate and for tests.
StatusCodeRole = Qt.ItemDataRole.UserRole + 1
EmployerIdRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class EmployerTableModel(QAbstractTableModel):
    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._filter = EmployerFilter()
        self._sort = "name"
        self._descending = False
        self._count = 0
        self._pages: dict[int, list[EmployerRow]] = {}
        self._headers = (
            self.tr("NPP"),
            self.tr("Nama"),
            self.tr("Sektor"),
            self.tr("Kab/Kota"),
            self.tr("Status"),
            self.tr("Tunggakan"),
            self.tr("Surat terakhir"),
        )

    # --- what to show --------------------------------------------------------

    @property
    def employer_filter(self) -> EmployerFilter:
        return self._filter

    def set_filter(self, flt: EmployerFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        with self._db.session() as session:
            self._count = count_employers(session, self._filter)
        self.endResetModel()

    def employer_id(self, row: int) -> uuid.UUID | None:
        record = self._row(row)
        return record.id if record else None

    def row_of(self, employer_id: uuid.UUID) -> int | None:
        """The row of an employer among the pages already loaded."""
        for page, rows in self._pages.items():
            for offset, record in enumerate(rows):
                if record.id == employer_id:
                    return page * PAGE_SIZE + offset
        return None

    def record(self, row: int) -> EmployerRow | None:
        return self._row(row)

    def _row(self, row: int) -> EmployerRow | None:
        if row < 0 or row >= self._count:
            return None
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            with self._db.session() as session:
                rows = fetch_employers(
                    session,
                    self._filter,
                    sort=self._sort,
                    descending=self._descending,
                    offset=page * PAGE_SIZE,
                    limit=PAGE_SIZE,
                )
            self._pages[page] = rows
        offset = row - page * PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    # --- Qt model interface --------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == COL_ARREARS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._row(index.row())
        if record is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == COL_ARREARS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_STATUS:
            return status_colours(record.status)[0]
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            return status_colours(record.status)[1]
        if role == Qt.ItemDataRole.FontRole and column == COL_ARREARS and record.arrears_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == StatusCodeRole:
            return record.status
        if role == EmployerIdRole:
            return str(record.id)
        return None

    def _display(self, record: EmployerRow, column: int) -> str:
        if column == COL_NPP:
            return record.npp or self.tr("(belum ada)")
        if column == COL_NAME:
            return record.name
        if column == COL_SECTOR:
            return sector_label(record.sector)
        if column == COL_REGENCY:
            return record.regency_name or ""
        if column == COL_STATUS:
            return status_label(record.status)
        if column == COL_ARREARS:
            return format_rupiah(record.arrears_total) if record.arrears_total else "–"
        if column == COL_LETTER:
            if not record.last_letter_kind or not record.last_letter_date:
                return ""
            day = record.last_letter_date
            return (
                f"{letter_kind_short(record.last_letter_kind)} · "
                f"{day.day} {MONTHS_ID[day.month - 1][:3]} {day.year}"
            )
        return ""

    def _tooltip(self, record: EmployerRow, column: int) -> str | None:
        if column == COL_LETTER and record.last_letter_number:
            return (
                f"{record.last_letter_number} — "
                f"{letter_status_label(record.last_letter_status or '')}"
            )
        if column == COL_NAME:
            return record.name
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(_SORT_KEYS):
            return
        self._sort = _SORT_KEYS[column]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
