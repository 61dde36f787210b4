from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kantor_app.domain.nik import (
    NIK_ERROR_MESSAGES,
    NikError,
    NikInfo,
    check_nik_live,
    clean_nik_text,
    nik_from_number,
    numbers_look_rounded,
    parse_nik,
)

TODAY = date(2026, 11, 23)


def test_error_codes_are_exactly_the_agreed_ones() -> None:
    assert {e.value for e in NikError} == {
        "nik_missing",
        "nik_format",
        "nik_rounded",
        "nik_region",
        "nik_birthdate",
        "nik_serial",
    }
    assert set(NIK_ERROR_MESSAGES) == set(NikError)


def test_rounded_message_tells_user_to_use_text_format() -> None:
    message = NIK_ERROR_MESSAGES[NikError.NIK_ROUNDED]
    assert "Teks" in message or "Text" in message
    assert "15 digit" in message
    assert "ketik ulang" in message


def test_woman_born_1985_in_samarinda(nik_codes: frozenset[str]) -> None:
    info = parse_nik("6472015708850001", nik_codes, TODAY)
    assert info == NikInfo(
        nik="6472015708850001",
        regency_code="64.72",
        district_code="64.72.01",
        birth_date=date(1985, 8, 17),
        gender="P",
    )


def test_man_born_2001_in_nunukan(nik_codes: frozenset[str]) -> None:
    info = parse_nik("6503040101010123", nik_codes, TODAY)
    assert isinstance(info, NikInfo)
    assert info.birth_date == date(2001, 1, 1)
    assert info.gender == "L"
    assert info.regency_code == "65.03"


def test_historic_tarakan_prefix_accepted(nik_codes: frozenset[str]) -> None:
    # 64.73 was Tarakan before Kalimantan Utara was formed in 2012.
    assert "64.73" in nik_codes
    info = parse_nik("6473021505800003", nik_codes, TODAY)
    assert isinstance(info, NikInfo)
    assert info.regency_code == "64.73"
    assert info.birth_date == date(1980, 5, 15)


def test_current_tarakan_prefix_accepted(nik_codes: frozenset[str]) -> None:
    assert isinstance(parse_nik("6571024107950004", nik_codes, TODAY), NikInfo)


@pytest.mark.parametrize(
    "raw",
    [
        "6472 0157 0885 0001",
        "6472.0157.0885.0001",
        "6472-0157-0885-0001",
        "'6472015708850001",
        "’6472015708850001",
        "\xa06472015708850001\u202f",
        "\t6472015708850001 ",
    ],
)
def test_cleaning_separators(raw: str, nik_codes: frozenset[str]) -> None:
    assert clean_nik_text(raw) == "6472015708850001"
    info = parse_nik(raw, nik_codes, TODAY)
    assert isinstance(info, NikInfo)
    assert info.nik == "6472015708850001"


@pytest.mark.parametrize("raw", ["", "   ", "\xa0", "''"])
def test_missing(raw: str, nik_codes: frozenset[str]) -> None:
    assert parse_nik(raw, nik_codes, TODAY) is NikError.NIK_MISSING


@pytest.mark.parametrize(
    "raw",
    [
        "647201570885000",
        "64720157088500011",
        "64720157O8850001",
        "6,47201E+15",
        "６４７２０１５７０８８５０００１",
    ],
)
def test_format(raw: str, nik_codes: frozenset[str]) -> None:
    assert parse_nik(raw, nik_codes, TODAY) is NikError.NIK_FORMAT


@pytest.mark.parametrize("raw", ["9999015708850001", "6499015708850001", "6403015708850001"])
def test_region(raw: str, nik_codes: frozenset[str]) -> None:
    # 64.03 is Berau at Kemendagri, so 6403... is valid; the BPS-only 64.99 is not.
    expected = NikError.NIK_REGION if not raw.startswith("6403") else None
    result = parse_nik(raw, nik_codes, TODAY)
    if expected is None:
        assert isinstance(result, NikInfo)
    else:
        assert result is expected


@pytest.mark.parametrize(
    "raw",
    [
        "6472013208850001",  # day 32
        "6472010008850001",  # day 00
        "6472017208850001",  # woman, day 32
        "6472013102850001",  # 31 February
        "6472011513850001",  # month 13
        "6472012902850001",  # 29 Feb 1985 / 2085 not leap
        "6472013506850001",  # day 35 is neither a man's nor a woman's day
    ],
)
def test_birthdate(raw: str, nik_codes: frozenset[str]) -> None:
    assert parse_nik(raw, nik_codes, TODAY) is NikError.NIK_BIRTHDATE


def test_leap_day_2000(nik_codes: frozenset[str]) -> None:
    info = parse_nik("6472016902000001", nik_codes, TODAY)
    assert isinstance(info, NikInfo)
    assert info.birth_date == date(2000, 2, 29)
    assert info.gender == "P"


def test_serial(nik_codes: frozenset[str]) -> None:
    assert parse_nik("6472015708850000", nik_codes, TODAY) is NikError.NIK_SERIAL


def test_check_order_region_before_birthdate(nik_codes: frozenset[str]) -> None:
    assert parse_nik("9999013208850000", nik_codes, TODAY) is NikError.NIK_REGION
    assert parse_nik("6472013208850000", nik_codes, TODAY) is NikError.NIK_BIRTHDATE


def test_century_follows_today(nik_codes: frozenset[str]) -> None:
    nik = "6472011211260001"  # 12 November '26
    info = parse_nik(nik, nik_codes, date(2026, 11, 23))
    assert isinstance(info, NikInfo) and info.birth_date == date(2026, 11, 12)
    info = parse_nik(nik, nik_codes, date(2026, 11, 1))
    assert isinstance(info, NikInfo) and info.birth_date == date(1926, 11, 12)


def test_numeric_nik_from_excel_float() -> None:
    assert nik_from_number(6.472014508900010e15) == "6472014508900010"
    assert nik_from_number(6472015708850001) == "6472015708850001"
    assert nik_from_number(6472015708850001.0) == "6472015708850001"
    assert "e" not in nik_from_number(1e15).lower()


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1.5, -6472015708850001])
def test_numeric_nik_rejects_nonsense(bad: float) -> None:
    with pytest.raises(ValueError):
        nik_from_number(bad)


@given(st.integers(min_value=10**15, max_value=2**53))
def test_numeric_nik_roundtrip(n: int) -> None:
    assert nik_from_number(float(n)) == str(n)
    assert nik_from_number(n) == str(n)


def test_live_hints(nik_codes: frozenset[str]) -> None:
    assert check_nik_live("6472 0157 0885", nik_codes) == "NIK harus 16 digit (sekarang 12)"
    assert check_nik_live("9999", nik_codes) == "Kode wilayah 9999 tidak dikenal"
    assert check_nik_live("6472013208850001", nik_codes) == "Tanggal lahir dalam NIK tidak valid"
    assert check_nik_live("6472015708850000", nik_codes) is not None
    assert check_nik_live("64a2", nik_codes) == "NIK hanya boleh berisi angka"
    assert check_nik_live("6472015708850001", nik_codes) is None
    assert check_nik_live("", nik_codes) == "NIK wajib diisi"


def test_rounded_column_detection() -> None:
    assert numbers_look_rounded([6.472014508900010e15, 6472015708850010.0])
    assert not numbers_look_rounded([6.472014508900010e15, 6472015708850001])
    assert not numbers_look_rounded([])
