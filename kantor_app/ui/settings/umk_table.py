"""The UMK page of the settings dialog: per kab/kota its UMK, whether confirmed, and the decree.

Letters cite only a confirmed UMK, with the Governor's decree (SK Gubernur)
that sets it; the seeded figures are estimates, shown as "perkiraan" until
the branch enters the decree and ticks Dikonfirmasi. The service refuses a
confirmation without the decree number and date, and the page shows why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QWidget,
)

from kantor_app.domain.dates import format_date_id, parse_text_date
from kantor_app.domain.money import format_rupiah, parse_rupiah
from kantor_app.services.reference.edit import (
    RegencyWage,
    WageEdit,
    list_minimum_wages,
    save_minimum_wages,
)
from kantor_app.store.engine import Database
from kantor_app.ui.settings.tables import YearTablePage
from kantor_app.ui.widgets.numbers import format_number

AMOUNT_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_ROLE = Qt.ItemDataRole.UserRole + 2
COL_CODE, COL_NAME, COL_AMOUNT, COL_CONFIRMED, COL_DECREE, COL_DECREE_DATE = range(6)


class RupiahDelegate(QStyledItemDelegate):
    """Edits a whole-rupiah amount as text ("3.579.313", "Rp3.579.313"); empty clears it."""

    invalid = Signal(int, str)  # row, text typed

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setPlaceholderText(self.tr("kosong = hapus"))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        amount = index.data(AMOUNT_ROLE)
        editor.setText(format_rupiah(int(amount)) if isinstance(amount, int) else "")
        editor.selectAll()

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QLineEdit)
        text = editor.text().strip()
        amount: int | None
        if not text:
            amount = None
        else:
            try:
                amount = parse_rupiah(text)
            except ValueError:
                self.invalid.emit(index.row(), text)
                return
            if amount <= 0:
                self.invalid.emit(index.row(), text)
                return
        model.setData(index, amount, AMOUNT_ROLE)
        model.setData(index, format_rupiah(amount) if amount is not None else "—")


class DecreeDateDelegate(QStyledItemDelegate):
    """Edits the decree date as typed text ("28-11-2025", "28 November 2025"); empty clears it.

    Text rather than a calendar: a date field cannot be left empty, and an
    estimate has no decree yet.
    """

    invalid = Signal(int, str)  # row, the reason in words

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setPlaceholderText(self.tr("mis. 28-11-2025"))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        value = index.data(DATE_ROLE)
        editor.setText(value.strftime("%d-%m-%Y") if isinstance(value, date) else "")
        editor.selectAll()

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QLineEdit)
        try:
            day = parse_text_date(editor.text())
        except ValueError as exc:
            self.invalid.emit(index.row(), str(exc))
            return
        model.setData(index, day, DATE_ROLE)
        model.setData(index, format_date_id(day) if day is not None else "")


def _read_only(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class MinimumWagePage(YearTablePage):
    """UMK of every kab/kota in Kaltim and Kaltara for one year, with its decree."""

    def __init__(self, db: Database, year: int, parent: QWidget | None = None) -> None:
        super().__init__(db, year, parent)
        self.table.setColumnCount(6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Kode"),
                self.tr("Kabupaten/Kota"),
                self.tr("UMK"),
                self.tr("Dikonfirmasi"),
                self.tr("Nomor SK Gubernur"),
                self.tr("Tanggal SK"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_DECREE, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.delegate = RupiahDelegate(self.table)
        self.delegate.invalid.connect(self._invalid_amount)
        self.table.setItemDelegateForColumn(COL_AMOUNT, self.delegate)
        self.date_delegate = DecreeDateDelegate(self.table)
        self.date_delegate.invalid.connect(self._invalid_date)
        self.table.setItemDelegateForColumn(COL_DECREE_DATE, self.date_delegate)
        self.hint.setText(
            self.tr(
                "Upah minimum kabupaten/kota per SK Gubernur, dalam rupiah bulat. "
                "Surat hanya mengutip UMK yang Dikonfirmasi dengan Nomor dan Tanggal SK "
                "Gubernur; yang lain perkiraan dan suratnya ditolak. Kab/kota yang kosong "
                "memakai UMK tahun terakhir sebelumnya di layar. "
                "Status PDS Upah semua perusahaan dihitung ulang saat disimpan."
            )
        )
        self._stored: dict[str, WageEdit] = {}
        self.table.itemChanged.connect(self._item_changed)
        self.reload()

    def what(self) -> str:
        return self.tr("UMK")

    def _confirmed_text(self, confirmed: bool) -> str:
        return self.tr("Dikonfirmasi") if confirmed else self.tr("perkiraan")

    def load(self) -> None:
        with self.db.session() as session:
            wages = list_minimum_wages(session, self.year.value())
        self._stored = {w.code: _edit_of(w) for w in wages}
        self.table.setRowCount(len(wages))
        for row, wage in enumerate(wages):
            self._fill_row(row, wage)

    def _fill_row(self, row: int, wage: RegencyWage) -> None:
        amount = QTableWidgetItem(format_rupiah(wage.amount) if wage.amount is not None else "—")
        amount.setData(AMOUNT_ROLE, wage.amount)
        amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        confirmed = QTableWidgetItem(self._confirmed_text(wage.confirmed))
        confirmed.setFlags(
            (confirmed.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable
        )
        confirmed.setCheckState(
            Qt.CheckState.Checked if wage.confirmed else Qt.CheckState.Unchecked
        )
        decree_date = QTableWidgetItem(format_date_id(wage.decree_date) if wage.decree_date else "")
        decree_date.setData(DATE_ROLE, wage.decree_date)
        self.table.setItem(row, COL_CODE, _read_only(wage.code))
        self.table.setItem(row, COL_NAME, _read_only(wage.name))
        self.table.setItem(row, COL_AMOUNT, amount)
        self.table.setItem(row, COL_CONFIRMED, confirmed)
        self.table.setItem(row, COL_DECREE, QTableWidgetItem(wage.decree_number))
        self.table.setItem(row, COL_DECREE_DATE, decree_date)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == COL_CONFIRMED:
            # The word follows the tick, so the row reads right without a reload.
            self.table.blockSignals(True)
            item.setText(self._confirmed_text(item.checkState() == Qt.CheckState.Checked))
            self.table.blockSignals(False)
        self.mark_dirty()

    def edits(self) -> dict[str, WageEdit]:
        """Every row as the table shows it now."""
        result: dict[str, WageEdit] = {}
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, column) for column in range(6)]
            code, amount, confirmed, decree, decree_date = (items[i] for i in (0, 2, 3, 4, 5))
            if code is None or amount is None or confirmed is None:
                continue
            value = amount.data(AMOUNT_ROLE)
            day = decree_date.data(DATE_ROLE) if decree_date is not None else None
            result[code.text()] = WageEdit(
                amount=int(value) if isinstance(value, int) else None,
                confirmed=confirmed.checkState() == Qt.CheckState.Checked,
                decree_number=decree.text().strip() if decree is not None else "",
                decree_date=day if isinstance(day, date) else None,
            )
        return result

    def amounts(self) -> dict[str, int | None]:
        return {code: edit.amount for code, edit in self.edits().items()}

    def _row_name(self, row: int) -> str:
        name_item = self.table.item(row, COL_NAME)
        return name_item.text() if name_item is not None else ""

    def _invalid_amount(self, row: int, text: str) -> None:
        self.show_error(
            self.tr("%1: '%2' bukan jumlah rupiah bulat lebih dari Rp0 (contoh: 3.579.313).")
            .replace("%1", self._row_name(row))
            .replace("%2", text)
        )

    def _invalid_date(self, row: int, reason: str) -> None:
        self.show_error(
            self.tr("%1, Tanggal SK: %2").replace("%1", self._row_name(row)).replace("%2", reason)
        )

    def write(self) -> Callable[[], str]:
        changed = {
            code: edit for code, edit in self.edits().items() if self._stored.get(code) != edit
        }
        db, year, username, today = self.db, self.year.value(), self.username, self.today
        # Translated here, on the GUI thread; the write only fills in the count.
        done = self.tr("UMK tahun %1 tersimpan; status kepatuhan %2 perusahaan berubah.").replace(
            "%1", str(year)
        )

        def save() -> str:
            count = save_minimum_wages(db, year, changed, username=username, today=today)
            return done.replace("%2", format_number(count))

        return save


def _edit_of(wage: RegencyWage) -> WageEdit:
    return WageEdit(wage.amount, wage.confirmed, wage.decree_number, wage.decree_date)
