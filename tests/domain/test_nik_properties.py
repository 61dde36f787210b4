"""The roster import's inlined NIK check agrees with the reference rule, `parse_nik`.

For speed the import does not call `parse_nik` for the common cell, 16 ASCII
digits as text: it looks the regency up by its four digits and remembers the
birth date per DDMMYY (see ``_RowChecker.check``). Every other cell goes
through `parse_nik`. Both roads must give the same verdict, the same error
code in the same order of checks, and the same birth date and gender, for any
text: generated NIKs with every part right or wrong, and near misses (a digit
too many or too few, non-ASCII digits, separators) that must leave the fast road.
"""

from __future__ import annotations

from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kantor_app.domain.nik import NikInfo, parse_nik
from kantor_app.domain.wilayah import RegionTable
from kantor_app.services.roster.importing.cells import Rejected as _Rejected
from kantor_app.services.roster.importing.columns import ColumnMapping
from kantor_app.services.roster.importing.row_checker import RowChecker as _RowChecker

# The century rule depends on today: a date in an ordinary year, a leap day,
# and one where "YY" of every two-digit year lies in the past.
TODAYS = (date(2026, 11, 23), date(2000, 2, 29), date(2099, 12, 31))
NAME = "Siti Aminah"

# One checker per day, kept across examples: its memo of birth dates is part of
# what is tested (a DDMMYY seen before must be judged as the first time).
_checkers: dict[tuple[int, date], _RowChecker] = {}


def _checker(regions: RegionTable, today: date) -> _RowChecker:
    key = (id(regions), today)
    if key not in _checkers:
        mapping = ColumnMapping({"nik": 0, "name": 1})
        _checkers[key] = _RowChecker(mapping, ["NIK", "Nama"], regions, {}, today)
    return _checkers[key]


def _import_verdict(regions: RegionTable, text: str, today: date) -> tuple[str, date, str] | str:
    """(NIK, birth date, gender) the import would store, or its rejection code."""
    try:
        record = _checker(regions, today).check([text, NAME], 2)
    except _Rejected as rejected:
        return rejected.code
    birth_iso, gender = record.fields[1], record.fields[2]
    return record.nik, date.fromisoformat(birth_iso), gender


def _reference_verdict(
    codes: frozenset[str], text: str, today: date
) -> tuple[str, date, str] | str:
    result = parse_nik(text, codes, today)
    if isinstance(result, NikInfo):
        return result.nik, result.birth_date, result.gender
    return result.value


def _two(n: int) -> str:
    return f"{n:02d}"


@st.composite
def nik_like(draw: st.DrawFn, codes: list[str]) -> str:
    """16 digits built from parts, each part sometimes valid and sometimes not."""
    region = draw(st.one_of(st.sampled_from(codes), st.integers(0, 9999).map(str)))
    region = region.replace(".", "").zfill(4)[-4:]
    district = _two(draw(st.integers(0, 99)))
    # Days 1-31 (men), 41-71 (women), and the gaps and edges around them.
    day = _two(draw(st.one_of(st.integers(1, 31), st.integers(41, 71), st.integers(0, 99))))
    month = _two(draw(st.one_of(st.integers(1, 12), st.integers(0, 99))))
    year = _two(draw(st.integers(0, 99)))
    serial = draw(st.one_of(st.just("0000"), st.integers(0, 9999).map(lambda n: f"{n:04d}")))
    return f"{region}{district}{day}{month}{year}{serial}"


def _near_misses(nik: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A NIK-like text changed the ways spreadsheets and typists change it."""
    digits = st.text(alphabet="0123456789", min_size=1, max_size=3)
    foreign = st.sampled_from(["٣", "੩", "３", "²", "𝟙"])  # isdigit() but not ASCII
    separator = st.sampled_from([" ", ".", "-", "'", "\u00a0", "\u2013", "’"])
    return st.one_of(
        st.tuples(nik, digits).map(lambda t: t[0] + t[1]),  # too long
        nik.map(lambda s: s[:-1]),  # too short
        st.tuples(nik, st.integers(0, 15), foreign).map(
            lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
        ),
        st.tuples(nik, st.integers(1, 15), separator).map(
            lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]
        ),
        nik.map(lambda s: f" {s} "),
        nik.map(lambda s: f"'{s}"),
    )


TODAY = st.sampled_from(TODAYS)


# More examples than the default: the order of the checks only shows when
# two parts are wrong at once.
@settings(max_examples=400)
@given(data=st.data(), today=TODAY)
def test_the_fast_path_judges_16_digit_text_like_parse_nik(
    regions: RegionTable, nik_codes: frozenset[str], data: st.DataObject, today: date
) -> None:
    text = data.draw(nik_like(sorted(nik_codes)))
    assert _import_verdict(regions, text, today) == _reference_verdict(nik_codes, text, today)


@given(text=st.text(alphabet="0123456789", min_size=16, max_size=16), today=TODAY)
@example(text="6472010101000000", today=TODAYS[0])  # serial 0000
@example(text="6472013202000001", today=TODAYS[0])  # 32 February
@example(text="6472013202000000", today=TODAYS[0])  # both wrong: the date is reported
@example(text="9999013202000000", today=TODAYS[0])  # all three wrong: the region is
@example(text="6472017102260001", today=TODAYS[0])  # a woman born on 31 February
@example(text="6472012911260001", today=TODAYS[0])  # born today... in 2026 or 1926?
@example(text="6472013011260001", today=TODAYS[0])  # tomorrow: so 1926
def test_any_16_digits_are_judged_like_parse_nik(
    regions: RegionTable, nik_codes: frozenset[str], text: str, today: date
) -> None:
    assert _import_verdict(regions, text, today) == _reference_verdict(nik_codes, text, today)


@given(data=st.data(), today=TODAY)
def test_near_misses_leave_the_fast_path_and_are_judged_like_parse_nik(
    regions: RegionTable, nik_codes: frozenset[str], data: st.DataObject, today: date
) -> None:
    text = data.draw(_near_misses(nik_like(sorted(nik_codes))))
    assert _import_verdict(regions, text, today) == _reference_verdict(nik_codes, text, today)
