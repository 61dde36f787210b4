"""How the letter list says when a letter's period ends, and what that end is counted from.

DOMAIN section 0: the period runs from receipt, or from sending plus the
branch's allowance while no receipt is recorded; an end counted from sending
is an estimate and the list says so, so nobody takes it for a known date.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kantor_app.domain.dates import MONTHS_ID, format_date_id
from kantor_app.services.employers.query import LetterRow


def _tr(text: str) -> str:
    return QCoreApplication.translate("LetterDelivery", text)


def period_text(letter: LetterRow) -> str:
    """ "s.d. 18 Desember 2026 (dari penerimaan)", an estimate from sending, or why none."""
    if letter.deadline is None:
        return _tr("belum dikirim") if letter.sent_on is None else "–"
    end = format_date_id(letter.deadline)
    if letter.received_on is not None:
        return _tr("s.d. %1 (dari penerimaan)").replace("%1", end)
    return (
        _tr("s.d. %1 (perkiraan: dikirim + %2 hari kerja)")
        .replace("%1", end)
        .replace("%2", str(letter.delivery_allowance_days))
    )


def period_short(letter: LetterRow) -> str:
    """The end in a narrow column, "s.d. 9 Des 2026", marked when it is an estimate;
    :func:`period_text` says the whole of it (the cell's tooltip)."""
    end = letter.deadline
    if end is None:
        return period_text(letter)
    text = _tr("s.d. %1").replace("%1", f"{end.day} {MONTHS_ID[end.month - 1][:3]} {end.year}")
    return text if letter.received_on is not None else text + _tr(" (perkiraan)")


def received_text(letter: LetterRow) -> str:
    """The receipt line of the letter's path: date and the note from the tanda terima."""
    if letter.received_on is None:
        return ""
    text = _tr("Diterima %1").replace("%1", format_date_id(letter.received_on))
    if letter.receipt_note:
        text += f" ({letter.receipt_note})"
    return text
