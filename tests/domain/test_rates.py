from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kantor_app.domain.rates import (
    DEFAULT_JAKON_BANDS,
    DEFAULT_RATE_ENTRIES,
    JP_WAGE_CAPS,
    RENTAN_DECLARED_INCOME,
    JakonBand,
    RateEntry,
    RateNotFoundError,
    RateTable,
    jakon_bands_on,
    jakon_contribution,
    jp_wage_cap_on,
    late_fee,
    pu_monthly_contribution,
    rentan_monthly_contribution,
)

ON = date(2026, 11, 23)


@pytest.fixture
def table() -> RateTable:
    return RateTable(DEFAULT_RATE_ENTRIES)


@pytest.mark.parametrize(
    ("risk", "value"),
    [("a", "0.24"), ("b", "0.54"), ("c", "0.89"), ("d", "1.27"), ("e", "1.74")],
)
def test_jkk_classes(table: RateTable, risk: str, value: str) -> None:
    assert table.value("JKK", "PU", ON, risk) == Decimal(value)


def test_default_rates(table: RateTable) -> None:
    assert table.value("JKM", "PU", ON) == Decimal("0.30")
    assert table.value("JHT", "PU", ON) == Decimal("3.7")
    assert table.value("JHT_PEKERJA", "PU", ON) == Decimal("2")
    assert table.value("JP", "PU", ON) == Decimal("2")
    assert table.value("JP_PEKERJA", "PU", ON) == Decimal("1")
    assert table.value("JKK", "BPU", ON) == Decimal("1")
    jkm_bpu = table.entry("JKM", "BPU", ON)
    assert (jkm_bpu.value, jkm_bpu.unit) == (Decimal("6800"), "Rp")
    assert table.value("DENDA_TELAT", "PU", ON) == Decimal("2")
    assert table.value("DENDA_PP86", "PU", ON) == Decimal("0.1")
    assert all(entry.legal_basis for entry in DEFAULT_RATE_ENTRIES)


def test_latest_valid_entry_wins() -> None:
    entries = [
        RateEntry("JKK", "PU", "a", Decimal("0.24"), "%", date(2015, 7, 1), "PP 44/2015"),
        RateEntry("JKK", "PU", "a", Decimal("0.10"), "%", date(2025, 2, 7), "PP 6/2025"),
    ]
    table = RateTable(reversed(entries))
    assert table.value("JKK", "PU", date(2025, 2, 6), "a") == Decimal("0.24")
    assert table.value("JKK", "PU", date(2025, 2, 7), "a") == Decimal("0.10")
    with pytest.raises(RateNotFoundError, match="tidak ada di tabel tarif"):
        table.value("JKK", "PU", date(2015, 6, 30), "a")
    with pytest.raises(RateNotFoundError):
        table.value("JKK", "PU", ON, "b")


def test_rentan_package_is_jkk_and_jkm_at_the_declared_income(table: RateTable) -> None:
    # DOMAIN.md §1.4: Rp1.000.000 → JKK Rp10.000 + JKM Rp6.800.
    assert RENTAN_DECLARED_INCOME == 1_000_000
    assert rentan_monthly_contribution(table, 1_000_000, ON) == 16_800
    # JKK 1 % of a declared Rp2.500.000, JKM the flat Rp6.800.
    assert rentan_monthly_contribution(table, 2_500_000, ON) == 31_800
    # Below the minimum income, or none declared: the minimum.
    assert rentan_monthly_contribution(table, 600_000, ON) == 16_800
    assert rentan_monthly_contribution(table, None, ON) == 16_800


def test_rentan_amount_follows_the_dated_rate_table() -> None:
    newer = RateEntry("JKM", "BPU", None, Decimal("10000"), "Rp", date(2026, 1, 1), "uji")
    table = RateTable((*DEFAULT_RATE_ENTRIES, newer))
    assert rentan_monthly_contribution(table, 1_000_000, date(2025, 12, 31)) == 16_800
    assert rentan_monthly_contribution(table, 1_000_000, ON) == 20_000


def test_jakon_worked_example() -> None:
    # 100 jt × 0.24 % + 400 jt × 0.19 % + 500 jt × 0.15 % + 1 M × 0.12 %
    assert jakon_contribution(2_000_000_000, DEFAULT_JAKON_BANDS) == 2_950_000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (50_000_000, 120_000),
        (100_000_000, 240_000),
        (500_000_000, 1_000_000),
        (1_000_000_000, 1_750_000),
        (5_000_000_000, 6_550_000),
        (6_000_000_000, 7_550_000),
        (1_234_567, 2_963),  # 2962.96 rounds up
    ],
)
def test_jakon_bands(value: int, expected: int) -> None:
    assert jakon_contribution(value, DEFAULT_JAKON_BANDS) == expected


def test_jakon_bands_on_picks_latest_set() -> None:
    new = JakonBand(0, None, Decimal("0.5"), valid_from=date(2030, 1, 1))
    bands = (*DEFAULT_JAKON_BANDS, new)
    assert jakon_bands_on(bands, ON) == DEFAULT_JAKON_BANDS
    assert jakon_bands_on(bands, date(2030, 1, 1)) == (new,)
    assert jakon_contribution(1_000_000, jakon_bands_on(bands, date(2031, 1, 1))) == 5_000


def test_late_fee() -> None:
    assert late_fee(12_345_000, 3, Decimal("2")) == 740_700
    assert late_fee(1_000_025, 1, Decimal("2")) == 20_001  # 20000.5 rounds half up
    assert late_fee(1_000_000, 0, Decimal("2")) == 0
    assert late_fee(0, 5, Decimal("2")) == 0


def test_jp_wage_cap_by_date() -> None:
    assert jp_wage_cap_on(JP_WAGE_CAPS, date(2024, 2, 29)) == 9_559_600
    assert jp_wage_cap_on(JP_WAGE_CAPS, ON) == 10_042_300
    with pytest.raises(RateNotFoundError, match="Batas upah JP"):
        jp_wage_cap_on(JP_WAGE_CAPS, date(2020, 1, 1))


def test_pu_contribution_counts_jp_on_the_capped_wage(table: RateTable) -> None:
    four = frozenset({"JKK", "JKM", "JHT", "JP"})

    def due(wage: int, programs: frozenset[str] = four) -> int:
        return pu_monthly_contribution(
            table, JP_WAGE_CAPS, wage=wage, workers=2, programs=programs, risk_class="b", on=ON
        )

    # Below the cap: JKK 0.54 + JKM 0.30 + JHT 5.7 + JP 3 = 9.54 % of 2 x 5 M.
    assert due(5_000_000) == 954_000
    # Above it: 6.54 % of 2 x 20 M, and JP 3 % of 2 x 10,042,300 only.
    assert due(20_000_000) == 2_616_000 + 602_538
    # Without JP the cap plays no part.
    assert due(20_000_000, frozenset({"JKK", "JKM", "JHT"})) == 2_616_000
