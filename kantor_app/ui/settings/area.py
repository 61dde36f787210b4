"""The Wilayah Kerja page of the settings dialog: labour offices and the kab/kota served.

One row per province and kab/kota of the branch. The office name is what a
letter copies (tembusan); the check box of a kab/kota puts it in the
branch's wilayah kerja (letters elsewhere need a confirmation). Like the
other table pages, edits stay on screen until Simpan or the dialog's OK.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kantor_app.services.reference.labour_offices import (
    OFFICE_NAME_MAX,
    list_area_regions,
    save_area,
)
from kantor_app.store.engine import Database
from kantor_app.ui.settings.page_save import save_page
from kantor_app.ui.settings.tables import ERROR_STYLE, INFO_STYLE
from kantor_app.ui.tasks import Task

CODE, REGION, OFFICE = range(3)


class SavablePage(Protocol):
    """What the dialog's OK needs of a page that stores its own table."""

    dirty: bool
    message: QLabel

    def save(self, then: Callable[[bool], None] | None = None) -> None: ...


class AreaPage(QWidget):
    """Labour office per region and the wilayah kerja as check boxes."""

    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.username = ""
        self.today = date.today()
        self.dirty = False
        self.save_task: Task[Any] | None = None
        self.hint = QLabel(
            self.tr(
                "Surat ditembuskan ke dinas tenaga kerja provinsi dan kab/kota perusahaan, "
                "dengan nama di tabel ini. Centang kab/kota wilayah kerja cabang: surat ke "
                "perusahaan di luar wilayah kerja perlu konfirmasi."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(dark);")
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Kode"),
                self.tr("Wilayah (centang: wilayah kerja)"),
                self.tr("Dinas tenaga kerja"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CODE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REGION, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OFFICE, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.save_button = QPushButton(self.tr("Simpan"), self)
        self.save_button.clicked.connect(lambda: self.save())
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.table.itemChanged.connect(self._changed)
        self.reload()

    def what(self) -> str:
        return self.tr("Wilayah kerja")

    def reload(self) -> None:
        self.table.blockSignals(True)
        try:
            self._load()
        finally:
            self.table.blockSignals(False)
        self.dirty = False

    def _load(self) -> None:
        with self.db.session() as session:
            regions = list_area_regions(session)
        self.table.setRowCount(len(regions))
        bold = QFont()
        bold.setBold(True)
        for row, region in enumerate(regions):
            code = QTableWidgetItem(region.code)
            name = QTableWidgetItem(region.name)
            for item in (code, name):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if region.level == "kabupaten":
                name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = region.in_service_area
                name.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            else:
                code.setFont(bold)
                name.setFont(bold)
            self.table.setItem(row, CODE, code)
            self.table.setItem(row, REGION, name)
            self.table.setItem(row, OFFICE, QTableWidgetItem(region.office))

    def _changed(self, item: QTableWidgetItem) -> None:
        self.dirty = True
        self.message.clear()
        if item.column() == OFFICE and len(item.text()) > OFFICE_NAME_MAX:
            self.show_error(
                self.tr("Nama dinas paling banyak %1 huruf.").replace("%1", str(OFFICE_NAME_MAX))
            )

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # _load fills every cell
        return item

    def offices(self) -> dict[str, str]:
        """Office name per region code, as on screen."""
        return {
            self._cell(row, CODE).text(): self._cell(row, OFFICE).text()
            for row in range(self.table.rowCount())
        }

    def service_area(self) -> tuple[str, ...]:
        """The checked kab/kota codes."""
        return tuple(
            self._cell(row, CODE).text()
            for row in range(self.table.rowCount())
            if self._cell(row, REGION).flags() & Qt.ItemFlag.ItemIsUserCheckable
            and self._cell(row, REGION).checkState() == Qt.CheckState.Checked
        )

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet(INFO_STYLE)
        self.message.setText(text)

    def save(self, then: Callable[[bool], None] | None = None) -> None:
        """Store names and wilayah kerja; `then(ok)` when done (False: refused, reason shown)."""
        db, offices, area, username = self.db, self.offices(), self.service_area(), self.username
        done = self.tr("Dinas tenaga kerja dan wilayah kerja tersimpan.")

        def write() -> str:
            save_area(db, offices, area, username=username)
            return done

        save_page(self, self, write, then)
