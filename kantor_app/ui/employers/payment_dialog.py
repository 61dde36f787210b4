"""Record a contribution payment for one month."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QWidget

from kantor_app.domain.dates import MONTHS_ID, format_month_id
from kantor_app.domain.money import format_rupiah
from kantor_app.services.employers.query import PeriodRow
from kantor_app.ui.widgets.fields import DateField, RupiahSpinBox
from kantor_app.ui.widgets.form_dialog import FormDialog


@dataclass(frozen=True)
class PaymentInput:
    year: int
    month: int
    amount: int
    paid_on: date


class PaymentDialog(FormDialog):
    """Suggests the oldest unpaid month and its outstanding amount."""

    def __init__(
        self,
        employer_name: str,
        periods: Sequence[PeriodRow],
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(self.tr("Catat pembayaran iuran"), employer_name, parent)
        self._today = today or date.today()
        self._periods = {(p.year, p.month): p for p in periods}
        self.month = QComboBox(self)
        for number, name in enumerate(MONTHS_ID, start=1):
            self.month.addItem(name, number)
        self.year = QSpinBox(self)
        self.year.setRange(2000, self._today.year + 1)
        self.year.setGroupSeparatorShown(False)
        self.amount = RupiahSpinBox(self)
        self.paid_on = DateField(self._today, self)
        self.info = QLabel(self)
        self.info.setStyleSheet("color: palette(dark);")
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(self.tr("Bulan iuran:"), self.month)
        self.form.addRow(self.tr("Tahun:"), self.year)
        self.form.addRow("", self.info)
        self.form.addRow(self.tr("Jumlah dibayar:"), self.amount)
        self.form.addRow(self.tr("Tanggal bayar:"), self.paid_on)

        unpaid = sorted((p for p in periods if p.outstanding > 0), key=lambda p: (p.year, p.month))
        start = unpaid[0] if unpaid else None
        if start is not None:
            self.year.setValue(start.year)
            self.month.setCurrentIndex(start.month - 1)
        else:
            self.year.setValue(self._today.year)
            self.month.setCurrentIndex(self._today.month - 1)
        self.month.currentIndexChanged.connect(self._period_changed)
        self.year.valueChanged.connect(self._period_changed)
        self._period_changed()

    def _period_changed(self) -> None:
        period = self._periods.get((self.year.value(), int(self.month.currentData())))
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
        )
