from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kantor_app.domain.workdays import add_working_days, is_working_day, next_working_day


def test_across_a_weekend() -> None:
    friday = date(2026, 11, 20)
    assert add_working_days(friday, 1, ()) == date(2026, 11, 23)  # Monday
    assert add_working_days(friday, 10, ()) == date(2026, 12, 4)  # the second Friday


def test_across_a_holiday() -> None:
    # Christmas 2026 is a Friday; with cuti bersama on 24 December.
    holidays = {date(2026, 12, 24), date(2026, 12, 25)}
    assert add_working_days(date(2026, 12, 22), 2, holidays) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 22), 2, ()) == date(2026, 12, 24)


def test_start_day_not_counted_even_on_a_weekend() -> None:
    saturday = date(2026, 11, 21)
    assert add_working_days(saturday, 1, ()) == date(2026, 11, 23)
    assert add_working_days(saturday, 0, ()) == saturday


def test_is_working_day() -> None:
    assert is_working_day(date(2026, 11, 23))
    assert not is_working_day(date(2026, 11, 22))
    assert not is_working_day(date(2026, 8, 17), [date(2026, 8, 17)])


def test_next_working_day() -> None:
    assert next_working_day(date(2026, 11, 21)) == date(2026, 11, 23)
    assert next_working_day(date(2026, 11, 23)) == date(2026, 11, 23)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=1, max_value=60),
    st.sets(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 6, 1)), max_size=20),
)
def test_counts_exactly_n_working_days(start: date, n: int, holidays: set[date]) -> None:
    end = add_working_days(start, n, holidays)
    assert is_working_day(end, holidays)
    span = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(is_working_day(d, holidays) for d in span) == n
