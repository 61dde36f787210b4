"""The editable reference tables of the settings dialog: the shared year page and holidays.

The UMK page builds on the same year page in :mod:`kantor_app.ui.settings.umk_table`.

Each page holds one year at a time. Edits stay in the table until the page's
Simpan button (or the dialog's OK) stores them through
:mod:`kantor_app.services.reference.edit`; switching to another year with
unsaved edits asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kantor_app.domain.dates import format_date_id
from kantor_app.services.reference.edit import (
    confirmed_holidays,
    list_holidays,
    save_holidays,
)
from kantor_app.store.engine import Database
from kantor_app.ui.operations import Changes
from kantor_app.ui.settings.page_save import save_page
from kantor_app.ui.tasks import Task
from kantor_app.ui.widgets.fields import DateField, from_qdate, to_qdate
from kantor_app.ui.widgets.numbers import format_number

ERROR_STYLE = "color: #a61b1b;"
INFO_STYLE = "color: #2f6b2f;"
REFERENCE = Changes(reference=True)


def _base_tr(text: str) -> str:
    # self.tr() in a base class looks strings up under the subclass's name at run time.
    return QCoreApplication.translate("YearTablePage", text)


class YearTablePage(QWidget):
    """A year spin box, a table, an error/info line and Simpan; subclasses fill the table."""

    saved = Signal()

    def __init__(self, db: Database, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.username = ""
        self.today = date.today()
        self.dirty = False
        self.save_task: Task[Any] | None = None
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setGroupSeparatorShown(False)
        self.year.setValue(year)
        self._shown_year = year
        self.table = QTableWidget(self)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.save_button = QPushButton(_base_tr("Simpan"), self)
        self.save_button.clicked.connect(lambda: self.save())

        self.top = QHBoxLayout()
        self.top.addWidget(QLabel(_base_tr("Tahun:"), self))
        self.top.addWidget(self.year)
        self.top.addStretch(1)
        self.bottom = QHBoxLayout()
        self.bottom.addWidget(self.message, 1)
        self.bottom.addWidget(self.save_button)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(dark);")
        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.bottom)
        self.year.valueChanged.connect(self._year_changed)

    # subclasses
    def load(self) -> None:
        raise NotImplementedError

    def write(self) -> Callable[[], str]:
        """The table's edits as a write for the database thread (the table is read now);
        it returns the confirmation text, or raises ServiceError."""
        raise NotImplementedError

    def what(self) -> str:
        raise NotImplementedError

    # shared behaviour
    def show_error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet(INFO_STYLE)
        self.message.setText(text)

    def mark_dirty(self) -> None:
        self.dirty = True
        self.message.clear()

    def reload(self) -> None:
        self.table.blockSignals(True)
        try:
            self.load()
        finally:
            self.table.blockSignals(False)
        self.dirty = False

    def save(self, then: Callable[[bool], None] | None = None) -> None:
        """Store the edits of the shown year through the write path; `then(ok)` when done,
        False (with the reason shown on the page) when refused."""
        save_page(self, self, self.write(), then)

    def _year_changed(self, year: int) -> None:
        if self.dirty:
            answer = QMessageBox.question(
                self,
                _base_tr("Perubahan belum disimpan"),
                _base_tr("Perubahan %1 tahun %2 belum disimpan. Buang perubahan itu?")
                .replace("%1", self.what())
                .replace("%2", str(self._shown_year)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.year.blockSignals(True)
                self.year.setValue(self._shown_year)
                self.year.blockSignals(False)
                return
        self._shown_year = year
        self.message.clear()
        self.reload()


class DateDelegate(QStyledItemDelegate):
    """Shows a QDate as "17 Agustus 2026" and edits it with a calendar limited to the year."""

    def __init__(self, year: QSpinBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._year = year

    def displayText(self, value: object, locale: object) -> str:
        if isinstance(value, QDate) and value.isValid():
            return format_date_id(from_qdate(value))
        return super().displayText(value, locale)  # type: ignore[arg-type]

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        year = self._year.value()
        editor = DateField(date(year, 1, 1), parent)
        editor.setDateRange(to_qdate(date(year, 1, 1)), to_qdate(date(year, 12, 31)))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, DateField)
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(value, QDate):
            editor.setDate(value)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, DateField)
        model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)


class HolidayPage(YearTablePage):
    """National holidays and cuti bersama of one year: date, name, and whether confirmed
    against the SKB (deadlines counted over estimates warn)."""

    def __init__(self, db: Database, year: int, parent: QWidget | None = None) -> None:
        super().__init__(db, year, parent)
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Tanggal"), self.tr("Nama hari libur"), self.tr("Dikonfirmasi")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setItemDelegateForColumn(0, DateDelegate(self.year, self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.add_button = QPushButton(self.tr("&Tambah"), self)
        self.remove_button = QPushButton(self.tr("&Hapus"), self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.top.addWidget(self.add_button)
        self.top.addWidget(self.remove_button)
        self.hint.setText(
            self.tr(
                "Hari libur nasional dan cuti bersama menurut SKB tiga menteri. "
                "Tenggat surat dihitung dalam hari kerja tanpa hari-hari ini. "
                "Centang Dikonfirmasi setelah dicocokkan dengan SKB; tahun yang masih "
                "perkiraan diberi peringatan saat surat diterbitkan."
            )
        )
        self.table.itemChanged.connect(lambda _item: self.mark_dirty())
        self.reload()

    def what(self) -> str:
        return self.tr("hari libur")

    def load(self) -> None:
        with self.db.session() as session:
            rows = list_holidays(session, self.year.value())
            confirmed = confirmed_holidays(session, self.year.value())
        self.table.setRowCount(0)
        for day, name in rows:
            self._append(day, name, day in confirmed)

    def _append(self, day: date, name: str, confirmed: bool = False) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        day_item = QTableWidgetItem()
        day_item.setData(Qt.ItemDataRole.EditRole, to_qdate(day))
        self.table.setItem(row, 0, day_item)
        self.table.setItem(row, 1, QTableWidgetItem(name))
        mark = QTableWidgetItem()
        mark.setFlags(
            (mark.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable
        )
        mark.setCheckState(Qt.CheckState.Checked if confirmed else Qt.CheckState.Unchecked)
        self.table.setItem(row, 2, mark)
        return row

    def confirmed_days(self) -> list[date]:
        """The days whose row is ticked Dikonfirmasi."""
        days = []
        for row in range(self.table.rowCount()):
            day_item, mark = self.table.item(row, 0), self.table.item(row, 2)
            if day_item is None or mark is None:
                continue
            if mark.checkState() == Qt.CheckState.Checked:
                days.append(from_qdate(day_item.data(Qt.ItemDataRole.EditRole)))
        return days

    def rows(self) -> list[tuple[date, str]]:
        result = []
        for row in range(self.table.rowCount()):
            day_item = self.table.item(row, 0)
            name_item = self.table.item(row, 1)
            if day_item is None:
                continue
            day = from_qdate(day_item.data(Qt.ItemDataRole.EditRole))
            result.append((day, name_item.text() if name_item is not None else ""))
        return result

    def add_row(self) -> None:
        year = self.year.value()
        days = [day for day, _ in self.rows()]
        day = max(days) + timedelta(days=1) if days else date(year, 1, 1)
        if day.year != year:
            day = date(year, 12, 31)
        self.table.blockSignals(True)
        row = self._append(day, "")
        self.table.blockSignals(False)
        self.mark_dirty()
        self.table.setCurrentCell(row, 1)
        item = self.table.item(row, 1)
        if item is not None:
            self.table.editItem(item)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            self.show_error(self.tr("Pilih dulu baris hari libur yang akan dihapus."))
            return
        self.table.removeRow(row)
        self.mark_dirty()

    def write(self) -> Callable[[], str]:
        db, year, rows, username = self.db, self.year.value(), self.rows(), self.username
        confirmed = self.confirmed_days()
        # Translated here, on the GUI thread; the write only fills in the count.
        done = self.tr("Tersimpan: %1 hari libur tahun %2.").replace("%2", str(year))

        def save() -> str:
            count = save_holidays(db, year, rows, username=username, confirmed=confirmed)
            return done.replace("%1", format_number(count))

        return save
