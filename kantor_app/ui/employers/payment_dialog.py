"""Record a payment for one month: its contribution (iuran) or its late fee (denda)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from kantor_app.domain.dates import MONTHS_ID, format_month_id
from kantor_app.domain.money import format_rupiah
from kantor_app.services.employers.query import PeriodRow
from kantor_app.ui.widgets.fields import DateField, RupiahSpinBox
from kantor_app.ui.widgets.form_dialog import FormDialog

IURAN = "iuran"
DENDA = "denda"


@dataclass(frozen=True)
class PaymentInput:
    year: int
    month: int
    amount: int
    paid_on: date
    kind: str = IURAN
    receipt_number: str = ""


class PaymentDialog(FormDialog):
    """Suggests the oldest month with something owed of the chosen kind, and its amount.

    ``fees`` holds the late fee still owed per (year, month), from the assessment.
    """

    def __init__(
        self,
        employer_name: str,
        periods: Sequence[PeriodRow],
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        fees: Mapping[tuple[int, int], int] | None = None,
    ) -> None:
        super().__init__(self.tr("Catat pembayaran iuran atau denda"), employer_name, parent)
        self._today = today or date.today()
        self._periods = {(p.year, p.month): p for p in periods}
        self._fees = {key: fee for key, fee in (fees or {}).items() if fee > 0}
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Iuran"), IURAN)
        self.kind.addItem(self.tr("Denda keterlambatan"), DENDA)
        self.month = QComboBox(self)
        for number, name in enumerate(MONTHS_ID, start=1):
            self.month.addItem(name, number)
        self.year = QSpinBox(self)
        self.year.setRange(2000, self._today.year + 1)
        self.year.setGroupSeparatorShown(False)
        self.amount = RupiahSpinBox(self)
        self.paid_on = DateField(self._today, self)
        self.receipt = QLineEdit(self)
        self.receipt.setMaxLength(60)
        self.receipt.setPlaceholderText(self.tr("nomor bukti bayar dari bank atau kanal"))
        self.info = QLabel(self)
        self.info.setStyleSheet("color: palette(dark);")
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(self.tr("Jenis pembayaran:"), self.kind)
        self.form.addRow(self.tr("Bulan iuran:"), self.month)
        self.form.addRow(self.tr("Tahun:"), self.year)
        self.form.addRow("", self.info)
        self.form.addRow(self.tr("Jumlah dibayar:"), self.amount)
        self.form.addRow(self.tr("Tanggal bayar:"), self.paid_on)
        self.form.addRow(self.tr("Nomor bukti bayar:"), self.receipt)

        unpaid = any(p.outstanding > 0 for p in periods)
        self.kind.setCurrentIndex(1 if self._fees and not unpaid else 0)
        self._suggest_month(first=True)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.month.currentIndexChanged.connect(self._period_changed)
        self.year.valueChanged.connect(self._period_changed)
        self._period_changed()

    def _kind_value(self) -> str:
        return str(self.kind.currentData())

    def _suggest_month(self, *, first: bool = False) -> None:
        if self._kind_value() == DENDA:
            owed = sorted(self._fees)
        else:
            owed = sorted(key for key, p in self._periods.items() if p.outstanding > 0)
        if not owed and not first:
            return  # nothing of this kind owed: keep the month the user is looking at
        year, month = owed[0] if owed else (self._today.year, self._today.month)
        # Both signals are blocked so that one suggestion makes one info update.
        self.year.blockSignals(True)
        self.month.blockSignals(True)
        self.year.setValue(year)
        self.month.setCurrentIndex(month - 1)
        self.year.blockSignals(False)
        self.month.blockSignals(False)

    def _kind_changed(self) -> None:
        self._suggest_month()
        self._period_changed()

    def _period_changed(self) -> None:
        key = (self.year.value(), int(self.month.currentData()))
        if self._kind_value() == DENDA:
            fee = self._fees.get(key, 0)
            self.info.setText(
                self.tr("Denda keterlambatan belum dibayar %1").replace("%1", format_rupiah(fee))
            )
            if fee > 0:
                self.amount.set_amount(fee)
            return
        period = self._periods.get(key)
        if period is None:
            self.info.setText(self.tr("Belum ada tagihan tercatat untuk bulan ini."))
            return
        self.info.setText(
            self.tr("Iuran %1, sudah dibayar %2, kurang %3")
            .replace("%1", format_rupiah(period.due))
            .replace("%2", format_rupiah(period.paid))
            .replace("%3", format_rupiah(period.outstanding))
        )
        if period.outstanding > 0:
            self.amount.set_amount(period.outstanding)

    def problem(self) -> str | None:
        if self.amount.amount() <= 0:
            return self.tr("Jumlah dibayar harus lebih dari Rp0.")
        if self.paid_on.value() > self._today:
            return self.tr("Tanggal bayar tidak boleh di masa depan.")
        if (self.year.value(), int(self.month.currentData())) > (
            self._today.year,
            self._today.month,
        ):
            return self.tr("Bulan iuran %1 belum tiba.").replace(
                "%1", format_month_id(self.year.value(), int(self.month.currentData()))
            )
        return None

    def value(self) -> PaymentInput:
        return PaymentInput(
            year=self.year.value(),
            month=int(self.month.currentData()),
            amount=self.amount.amount(),
            paid_on=self.paid_on.value(),
            kind=self._kind_value(),
            receipt_number=" ".join(self.receipt.text().split()),
        )
