"""Input widgets shared by the employer dialogs: rupiah amounts and dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit, QDoubleSpinBox, QWidget

# Rupiah amounts up to a trillion stay exact in a double (53-bit mantissa).
MAX_RUPIAH = 1_000_000_000_000

INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


class RupiahSpinBox(QDoubleSpinBox):
    """Whole rupiah with dot thousands ("Rp1.234.567"), never a fraction."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(INDONESIAN)
        self.setDecimals(0)
        self.setRange(0, MAX_RUPIAH)
        self.setSingleStep(100_000)
        self.setPrefix("Rp")
        self.setGroupSeparatorShown(True)
        self.setMinimumWidth(160)

    def amount(self) -> int:
        return round(self.value())

    def set_amount(self, amount: int) -> None:
        self.setValue(float(amount))


class DateField(QDateEdit):
    """A calendar date in Indonesian order, with a popup calendar."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(INDONESIAN)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMMM yyyy")
        self.setDate(to_qdate(value or date.today()))

    def value(self) -> date:
        return from_qdate(self.date())

    def set_value(self, value: date) -> None:
        self.setDate(to_qdate(value))


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
