"""The period of a teguran runs from receipt, or from sending plus the delivery allowance."""

from __future__ import annotations

from datetime import date

from kantor_app.domain.letter_period import letter_period


def test_period_runs_ten_working_days_from_receipt() -> None:
    period = letter_period(date(2026, 11, 20), date(2026, 11, 23))
    assert period is not None
    assert (period.end, period.basis) == (date(2026, 12, 7), "diterima")


def test_without_receipt_the_allowance_is_added_to_the_sending_date() -> None:
    # Sent Friday 20 Nov; +3 working days = Wed 25 Nov; +10 = Wed 9 Dec.
    period = letter_period(date(2026, 11, 20), None, allowance_days=3)
    assert period is not None
    assert (period.end, period.basis) == (date(2026, 12, 9), "dikirim")


def test_holidays_are_skipped_and_an_unsent_letter_has_no_end() -> None:
    period = letter_period(None, date(2026, 11, 23), holidays={date(2026, 11, 24)})
    assert period is not None and period.end == date(2026, 12, 8)
    assert letter_period(None, None) is None
