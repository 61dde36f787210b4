"""When a letter's period (10 hari kerja "sejak surat ini diterima") ends.

DOMAIN section 0: count from the recorded date of receipt; without one, from
the sending date plus the branch's delivery allowance; never from the
letter's own date. A letter neither sent nor received has no known end.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Literal

from kantor_app.domain.workdays import add_working_days

__all__ = ["DEFAULT_DELIVERY_ALLOWANCE", "PERIOD_WORKING_DAYS", "LetterPeriod", "letter_period"]

PERIOD_WORKING_DAYS = 10  # PP 86/2013: each teguran runs 10 working days
DEFAULT_DELIVERY_ALLOWANCE = 3  # working days between sending and assumed receipt


@dataclass(frozen=True)
class LetterPeriod:
    """The period's end and what it was counted from ("diterima" or "dikirim")."""

    end: date
    basis: Literal["diterima", "dikirim"]


def letter_period(
    sent_on: date | None,
    received_on: date | None,
    *,
    allowance_days: int = DEFAULT_DELIVERY_ALLOWANCE,
    period_days: int = PERIOD_WORKING_DAYS,
    holidays: Collection[date] = (),
) -> LetterPeriod | None:
    """The end of the period, or None while the letter is neither sent nor received."""
    if received_on is not None:
        return LetterPeriod(add_working_days(received_on, period_days, holidays), "diterima")
    if sent_on is not None:
        assumed = add_working_days(sent_on, allowance_days, holidays)
        return LetterPeriod(add_working_days(assumed, period_days, holidays), "dikirim")
    return None
