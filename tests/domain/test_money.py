from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from kantor_app.domain.money import (
    _spell,
    format_rupiah,
    number_with_words,
    parse_rupiah,
    rupiah_with_words,
    terbilang,
)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (1000, "seribu"),
        (1100, "seribu seratus"),
        (21_000, "dua puluh satu ribu"),
        (100_000, "seratus ribu"),
        (1_000_000, "satu juta"),
        (1_001_000, "satu juta seribu"),
        (2_950_000, "dua juta sembilan ratus lima puluh ribu"),
        (
            1_234_567,
            "satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh",
        ),
        (1_000_000_000, "satu miliar"),
        (1_000_000_000_000, "satu triliun"),
        (-5_000, "minus lima ribu"),
    ],
)
def test_terbilang(amount: int, words: str) -> None:
    assert terbilang(amount) == words


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_terbilang_standard_forms(n: int) -> None:
    words = terbilang(n)
    assert "  " not in words and words == words.strip()
    assert "satu ratus" not in words
    assert "satu puluh" not in words
    assert "satu belas" not in words
    assert not words.startswith("satu ribu")
    assert " se " not in f" {words} "


@given(st.integers(min_value=0, max_value=10**12))
def test_terbilang_follows_standard_rules_whatever_num2words_says(n: int) -> None:
    words = terbilang(n)
    assert words == _spell(n)
    library = " ".join(num2words(n, lang="id").split())
    # num2words agrees except that it sometimes writes "satu ribu" after a larger
    # scale, which an official letter must not print.
    assert library.replace("satu ribu", "seribu") == words.replace("satu ribu", "seribu")


def test_thousand_after_millions_is_seribu() -> None:
    # num2words 0.5.x spells this "... empat juta satu ribu".
    assert terbilang(20_564_001_000).endswith("enam puluh empat juta seribu")


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp0"),
        (500, "Rp500"),
        (1_234_567, "Rp1.234.567"),
        (2_950_000, "Rp2.950.000"),
        (-1_000, "-Rp1.000"),
    ],
)
def test_format_rupiah(amount: int, text: str) -> None:
    assert format_rupiah(amount) == text


def test_with_words() -> None:
    assert (
        rupiah_with_words(2_950_000)
        == "Rp2.950.000 (dua juta sembilan ratus lima puluh ribu rupiah)"
    )
    assert number_with_words(10) == "10 (sepuluh)"
    assert number_with_words(14) == "14 (empat belas)"


@pytest.mark.parametrize(
    "value",
    [
        "Rp1.234.567",
        "Rp 1.234.567",
        "Rp. 1.234.567",
        "RP1.234.567,00",
        "IDR 1.234.567",
        "1.234.567",
        "1234567",
        "1,234,567",
        "1,234,567.00",
        "1.234.567,-",
        " 1 234 567 ",
        1234567,
        1234567.0,
        Decimal("1234567"),
    ],
)
def test_parse_rupiah(value: object) -> None:
    assert parse_rupiah(value) == 1_234_567


def test_parse_rupiah_negative() -> None:
    assert parse_rupiah("-Rp1.000") == -1000
    assert parse_rupiah("-1.000") == -1000


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "abc",
        "Rp",
        "1.23.4",
        "12,34,567",
        "1.234.567,50",
        1234.5,
        "1.5",
        float("nan"),
        None,
        True,
    ],
)
def test_parse_rupiah_junk(junk: object) -> None:
    with pytest.raises(ValueError):
        parse_rupiah(junk)


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_format_parse_roundtrip(n: int) -> None:
    assert parse_rupiah(format_rupiah(n)) == n


def test_terbilang_corrects_a_wrong_library_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import kantor_app.domain.money as money

    monkeypatch.setattr(money, "num2words", lambda n, lang: "satu  ratus  satu ribu")
    assert money.terbilang(101_000) == "seratus satu ribu"
