"""Working days (hari kerja): Monday to Friday, minus national holidays and cuti bersama."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


def is_working_day(d: date, holidays: Collection[date] = ()) -> bool:
    return d.weekday() < 5 and d not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date] = ()) -> date:
    """The date ``days`` working days after ``start``; ``start`` itself does not count.

    "10 hari kerja" from a letter dated Friday ends on the second Friday
    after it when no holiday falls in between. ``days == 0`` returns ``start``.
    """
    if days < 0:
        raise ValueError("Jumlah hari kerja tidak boleh negatif.")
    # A set makes the membership test cheap when a list of dates is passed.
    holiday_set = holidays if isinstance(holidays, set | frozenset) else frozenset(holidays)
    current = start
    remaining = days
    while remaining:
        current += _ONE_DAY
        if is_working_day(current, holiday_set):
            remaining -= 1
    return current


def next_working_day(d: date, holidays: Collection[date] = ()) -> date:
    """``d`` itself when it is a working day, else the first working day after it."""
    holiday_set = holidays if isinstance(holidays, set | frozenset) else frozenset(holidays)
    while not is_working_day(d, holiday_set):
        d += _ONE_DAY
    return d
