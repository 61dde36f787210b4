"""Dates as users type them and as spreadsheets store them; Indonesian formatting."""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from kantor_app.domain.textnorm import fold

MONTHS_ID: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_MONTHS_EN = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

# Abbreviations seen in Indonesian rosters (Agt, Ags, Agu, Peb, Nop...) and
# the English ones Excel produces under an English locale.
_MONTH_ALIASES: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "pebruari": 2,
    "mar": 3,
    "mrt": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agus": 8,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "nop": 11,
    "nopember": 11,
    "des": 12,
    "dec": 12,
}
for _number, (_id, _en) in enumerate(zip(MONTHS_ID, _MONTHS_EN, strict=True), start=1):
    _MONTH_ALIASES[_id.lower()] = _number
    _MONTH_ALIASES[_en] = _number

_WEEKDAYS = (
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "sabtu",
    "minggu",
    "ahad",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) ([a-z]+) (\d{2,4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+) (\d{1,2}) (\d{4})")

# The range of dates a roster or a payment record can sensibly hold; a
# serial outside it is almost always a number in the wrong column.
MIN_YEAR = 1900
MAX_YEAR = 2100

_EXCEL_1900_EPOCH = date(1899, 12, 30)
_EXCEL_1904_EPOCH = date(1904, 1, 1)


def format_date_id(d: date) -> str:
    """ "23 November 2026": no leading zero, Indonesian month name."""
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def format_month_id(year: int, month: int) -> str:
    """ "November 2026"."""
    return f"{MONTHS_ID[month - 1]} {year}"


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole calendar months, the day clamped to the month's end
    (31 January + 1 month = 28 or 29 February)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def started_months(start: date, end: date) -> int:
    """Months begun after ``start`` up to ``end``: one day after counts as one, one
    month and a day as two (0 when ``end`` is not after ``start``).

    Each step is counted from ``start`` itself, never from the previous step, so
    a clamped 28 February does not pull the later months back to the 28th.
    """
    if end <= start:
        return 0
    months = max((end.year - start.year) * 12 + end.month - start.month, 1)
    while add_months(start, months) < end:
        months += 1
    while months > 1 and add_months(start, months - 1) >= end:
        months -= 1
    return months


def excel_serial_to_date(serial: float, *, datemode_1900: bool = True) -> date:
    """Date of an Excel serial number; the time of day is dropped."""
    if not math.isfinite(serial):
        raise ValueError("Nomor seri tanggal Excel tidak valid.")
    whole = math.floor(serial)
    if datemode_1900:
        if whole == 60:
            # Excel inherited Lotus 1-2-3's fictitious 29 February 1900.
            raise ValueError("Tanggal 29 Februari 1900 tidak ada (nomor seri Excel 60).")
        if whole < 1:
            raise ValueError(f"Nomor seri tanggal Excel {serial:g} di luar rentang.")
        # Serials before the fake leap day are one day off from the epoch.
        offset = whole + 1 if whole < 60 else whole
        try:
            result = _EXCEL_1900_EPOCH + timedelta(days=offset)
        except OverflowError as exc:
            raise ValueError(f"Nomor seri tanggal Excel {serial:g} di luar rentang.") from exc
    else:
        try:
            result = _EXCEL_1904_EPOCH + timedelta(days=whole)
        except OverflowError as exc:
            raise ValueError(f"Nomor seri tanggal Excel {serial:g} di luar rentang.") from exc
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise ValueError(
            f"Nomor seri tanggal Excel {serial:g} menghasilkan tahun {result.year}, "
            f"di luar rentang {MIN_YEAR}–{MAX_YEAR}."
        )
    return result


def _build(text: str, year: int, month: int, day: int, year_digits: int) -> date:
    if year_digits != 4:
        raise ValueError(f"Tanggal '{text}': tahun harus ditulis 4 digit, misalnya 17-08-1985.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Tanggal '{text}': tahun {year} di luar rentang {MIN_YEAR}–{MAX_YEAR}.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"Tanggal '{text}' tidak ada di kalender.") from None


def _month_number(token: str) -> int | None:
    return _MONTH_ALIASES.get(token.rstrip("."))


def parse_text_date(text: str) -> date | None:
    """Parse a date typed as text; None for blank text, ValueError when unreadable."""
    raw = text.strip()
    if not raw:
        return None
    compacted = " ".join(raw.split())
    match = _ISO.fullmatch(compacted)
    if match:
        year, month, day = match.groups()
        return _build(raw, int(year), int(month), int(day), len(year))
    match = _DMY.fullmatch(compacted)
    if match:
        day, month, year = match.groups()
        return _build(raw, int(year), int(month), int(day), len(year))

    words = fold(raw).split()
    if words and words[0] in _WEEKDAYS:
        words = words[1:]
    key = " ".join(words)
    match = _DAY_MONTH_YEAR.fullmatch(key)
    if match:
        day, month_name, year = match.groups()
        month = _month_number(month_name)
        if month is not None:
            return _build(raw, int(year), month, int(day), len(year))
    match = _MONTH_DAY_YEAR.fullmatch(key)
    if match:
        month_name, day, year = match.groups()
        month = _month_number(month_name)
        if month is not None:
            return _build(raw, int(year), month, int(day), len(year))
    raise ValueError(
        f"Tanggal '{raw}' tidak dikenali. Gunakan format dd-mm-yyyy "
        "(misalnya 17-08-1985) atau 17 Agustus 1985."
    )


def parse_date(value: object, *, datemode_1900: bool = True) -> date | None:
    """A calendar date from a cell or a form value; None when the value is empty.

    Accepts ``date``/``datetime``, Excel serial numbers and text in the forms
    people type in Indonesia. Raises ``ValueError`` with an Indonesian message.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("Nilai benar/salah bukan tanggal.")
    if isinstance(value, int | float | Decimal):
        return excel_serial_to_date(float(value), datemode_1900=datemode_1900)
    if isinstance(value, str):
        return parse_text_date(value)
    raise ValueError(f"Nilai {value!r} bukan tanggal.")
