"""How the letter list says when a letter's period ends, and what that end is counted from.

DOMAIN section 0: the period runs from receipt, or from sending plus the
branch's allowance while no receipt is recorded; an end counted from sending
is an estimate and the list says so, so nobody takes it for a known date.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kantor_app.domain.dates import format_date_id
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


def received_text(letter: LetterRow) -> str:
    """The receipt line of the letter's path: date and the note from the tanda terima."""
    if letter.received_on is None:
        return ""
    text = _tr("Diterima %1").replace("%1", format_date_id(letter.received_on))
    if letter.receipt_note:
        text += f" ({letter.receipt_note})"
    return text
