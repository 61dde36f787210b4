from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kantor_app.domain.dates import (
    MONTHS_ID,
    add_months,
    format_date_id,
    format_month_id,
    parse_date,
    started_months,
)

D = date(1985, 8, 17)


@pytest.mark.parametrize(
    "text",
    [
        "17-08-1985",
        "17/08/1985",
        "17/8/1985",
        "1985-08-17",
        "1985-08-17 00:00:00",
        "17.8.1985",
        "17 Agustus 1985",
        "17 agustus 1985",
        "17 Agt 1985",
        "17 Ags 1985",
        "17-Agu-1985",
        "17-Aug-1985",
        "17 August 1985",
        "August 17, 1985",
        "Sabtu, 17 Agustus 1985",
        "  17  Agustus  1985 ",
    ],
)
def test_text_formats(text: str) -> None:
    assert parse_date(text) == D


@pytest.mark.parametrize(("index", "name"), list(enumerate(MONTHS_ID, start=1)))
def test_every_indonesian_month(index: int, name: str) -> None:
    assert parse_date(f"1 {name} 2026") == date(2026, index, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 Peb 2024", date(2024, 2, 3)),
        ("3 Mei 2024", date(2024, 5, 3)),
        ("3 Okt 2024", date(2024, 10, 3)),
        ("3 Nopember 2024", date(2024, 11, 3)),
        ("3 Des 2024", date(2024, 12, 3)),
        ("3 May 2024", date(2024, 5, 3)),
        ("3 October 2024", date(2024, 10, 3)),
        ("3 Dec 2024", date(2024, 12, 3)),
        ("3 Sept. 2024", date(2024, 9, 3)),
    ],
)
def test_month_abbreviations(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_date_and_datetime_pass_through() -> None:
    assert parse_date(D) == D
    assert parse_date(datetime(1985, 8, 17, 13, 45)) == D


def test_excel_serials_1900() -> None:
    assert parse_date(31276) == D
    assert parse_date(31276.75) == D  # time of day is dropped
    assert parse_date(1) == date(1900, 1, 1)
    assert parse_date(59) == date(1900, 2, 28)
    assert parse_date(61) == date(1900, 3, 1)
    assert parse_date(46349) == date(2026, 11, 23)


def test_excel_serial_1904() -> None:
    assert parse_date(29814, datemode_1900=False) == D


@pytest.mark.parametrize("serial", [60, 0, -5, 10_000_000, float("nan")])
def test_excel_serial_out_of_range(serial: float) -> None:
    with pytest.raises(ValueError):
        parse_date(serial)


@pytest.mark.parametrize("empty", [None, "", "   ", "\xa0"])
def test_empty_is_none(empty: object) -> None:
    assert parse_date(empty) is None


@pytest.mark.parametrize(
    "junk",
    ["kemarin", "31-02-2024", "17-08-85", "17 Agustusan 1985", "2024-13-01", "12345", True],
)
def test_junk_raises_indonesian_message(junk: object) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_date(junk)
    message = str(excinfo.value)
    assert any(word in message for word in ("Tanggal", "tanggal", "bukan"))


def test_unknown_text_message_names_the_value() -> None:
    with pytest.raises(ValueError, match="'kemarin' tidak dikenali"):
        parse_date("kemarin")


def test_format_date_id() -> None:
    assert format_date_id(date(2026, 11, 23)) == "23 November 2026"
    assert format_date_id(date(2026, 8, 1)) == "1 Agustus 2026"
    assert format_month_id(2026, 11) == "November 2026"
    assert format_month_id(2027, 1) == "Januari 2027"


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)))
def test_formatted_dates_parse_back(d: date) -> None:
    assert parse_date(format_date_id(d)) == d
    assert parse_date(d.strftime("%d-%m-%Y")) == d
    assert parse_date(d.isoformat()) == d


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_started_months_count_every_begun_month() -> None:
    due = date(2026, 9, 15)
    assert started_months(due, due) == 0
    assert started_months(due, date(2026, 9, 1)) == 0
    assert started_months(due, date(2026, 9, 16)) == 1  # one day late
    assert started_months(due, date(2026, 10, 15)) == 1  # exactly one month
    assert started_months(due, date(2026, 10, 16)) == 2  # one month and a day
    assert started_months(due, date(2026, 11, 23)) == 3


def test_started_months_from_a_month_end() -> None:
    due = date(2026, 1, 31)
    assert started_months(due, date(2026, 2, 28)) == 1  # 31 Jan + 1 month = 28 Feb
    assert started_months(due, date(2026, 3, 1)) == 2
    # Counted from 31 January each time, not from the clamped 28 February.
    assert started_months(due, date(2026, 3, 31)) == 2
    assert started_months(due, date(2026, 4, 1)) == 3
