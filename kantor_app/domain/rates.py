"""Dated contribution rates (tarif iuran), JP wage caps, Jakon bands and late fees.

Rates change by regulation, so every figure here is a row with a validity
date and its legal basis. The ``DEFAULT_*`` tuples are only seed data that the
store copies into its tables; rules receive tables as parameters.
Sources and certainty marks: DOMAIN.md §1.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Unit = Literal["%", "Rp"]

# Program codes. Worker shares are separate programs so that one row is one
# remittance line; the plain code is always the employer's share.
JKK = "JKK"
JKM = "JKM"
JHT = "JHT"
JHT_WORKER = "JHT_PEKERJA"
JP = "JP"
JP_WORKER = "JP_PEKERJA"
LATE_FEE = "DENDA_TELAT"  # 2 % per month on late contributions (PP 44/2015)
ADMIN_FINE = "DENDA_PP86"  # 0.1 % per month after Teguran II (PP 86/2013)

# Segments.
PU = "PU"  # penerima upah: formal workers
BPU = "BPU"  # bukan penerima upah: informal / self-employed
JAKON = "JAKON"  # jasa konstruksi, wages known

RISK_CLASSES = ("a", "b", "c", "d", "e")

# The standard package for vulnerable workers funded by a budget, CSR or donor
# (DOMAIN.md §1.4): JKK and JKM of the BPU segment, at the declared income and
# never below the minimum BPU income (Rp16.800 a month at Rp1.000.000).
RENTAN_DECLARED_INCOME = 1_000_000  # the minimum BPU income
RENTAN_PROGRAMS = (JKK, JKM)


@dataclass(frozen=True)
class RateEntry:
    program: str
    segment: str
    risk_class: str | None
    value: Decimal
    unit: Unit
    valid_from: date
    legal_basis: str


class RateNotFoundError(LookupError):
    pass


class RateTable:
    """Lookup over dated rate entries: the latest entry valid on a given day wins."""

    def __init__(self, entries: Iterable[RateEntry]) -> None:
        self._entries: dict[tuple[str, str, str | None], list[RateEntry]] = {}
        for entry in entries:
            key = (entry.program, entry.segment, entry.risk_class)
            self._entries.setdefault(key, []).append(entry)
        for versions in self._entries.values():
            versions.sort(key=lambda e: e.valid_from)

    def entry(
        self, program: str, segment: str, on: date, risk_class: str | None = None
    ) -> RateEntry:
        versions = self._entries.get((program, segment, risk_class), [])
        valid = [e for e in versions if e.valid_from <= on]
        if not valid:
            kelas = f" kelas risiko {risk_class}" if risk_class else ""
            raise RateNotFoundError(
                f"Tarif {program} segmen {segment}{kelas} yang berlaku pada "
                f"{on.isoformat()} tidak ada di tabel tarif."
            )
        return valid[-1]

    def value(self, program: str, segment: str, on: date, risk_class: str | None = None) -> Decimal:
        return self.entry(program, segment, on, risk_class).value


_PP44 = "PP 44/2015 jo. PP 82/2019"
_PP45 = "PP 45/2015"
_PP46 = "PP 46/2015 jo. PP 60/2015"
_PP86 = "PP 86/2013"
_START_2015 = date(2015, 7, 1)  # PP 44/45/46/2015 took effect on 1 July 2015

DEFAULT_RATE_ENTRIES: tuple[RateEntry, ...] = (
    # JKK for PU by risk class; class a (0.24 %) is unconfirmed (DOMAIN.md §1.2).
    *(
        RateEntry(JKK, PU, risk, Decimal(value), "%", _START_2015, _PP44)
        for risk, value in zip(RISK_CLASSES, ("0.24", "0.54", "0.89", "1.27", "1.74"), strict=True)
    ),
    RateEntry(JKM, PU, None, Decimal("0.30"), "%", _START_2015, _PP44),
    RateEntry(JHT, PU, None, Decimal("3.7"), "%", _START_2015, _PP46),
    RateEntry(JHT_WORKER, PU, None, Decimal("2"), "%", _START_2015, _PP46),
    RateEntry(JP, PU, None, Decimal("2"), "%", _START_2015, _PP45),
    RateEntry(JP_WORKER, PU, None, Decimal("1"), "%", _START_2015, _PP45),
    RateEntry(JKK, BPU, None, Decimal("1"), "%", _START_2015, _PP44),
    RateEntry(JKM, BPU, None, Decimal("6800"), "Rp", _START_2015, _PP44),
    RateEntry(JHT, BPU, None, Decimal("2"), "%", _START_2015, _PP46),
    RateEntry(JKK, JAKON, None, Decimal("1.74"), "%", _START_2015, "Permenaker 44/2015; " + _PP44),
    RateEntry(JKM, JAKON, None, Decimal("0.30"), "%", _START_2015, "Permenaker 44/2015; " + _PP44),
    RateEntry(LATE_FEE, PU, None, Decimal("2"), "%", _START_2015, _PP44),
    RateEntry(ADMIN_FINE, PU, None, Decimal("0.1"), "%", date(2013, 12, 1), _PP86),
)


@dataclass(frozen=True)
class WageCap:
    valid_from: date
    amount: int
    legal_basis: str


# The start month of the 9.559.600 cap is not sourced (DOMAIN.md §1.3); it
# applied until March 2024.
JP_WAGE_CAPS: tuple[WageCap, ...] = (
    WageCap(date(2023, 3, 1), 9_559_600, _PP45 + " Pasal 29"),
    WageCap(date(2024, 3, 1), 10_042_300, _PP45 + " Pasal 29"),
)


@dataclass(frozen=True)
class JakonBand:
    """Rate on the part of a contract value above ``lower`` up to ``upper``."""

    lower: int
    upper: int | None  # None: no upper limit
    rate: Decimal  # percent, JKK + JKM combined
    valid_from: date = _START_2015
    legal_basis: str = "Permenaker 44/2015; Permenaker 5/2021"


DEFAULT_JAKON_BANDS: tuple[JakonBand, ...] = (
    JakonBand(0, 100_000_000, Decimal("0.24")),
    JakonBand(100_000_000, 500_000_000, Decimal("0.19")),
    JakonBand(500_000_000, 1_000_000_000, Decimal("0.15")),
    JakonBand(1_000_000_000, 5_000_000_000, Decimal("0.12")),
    JakonBand(5_000_000_000, None, Decimal("0.10")),  # combined rate derived, unconfirmed
)

_HUNDRED = Decimal(100)
_WHOLE = Decimal(1)


def round_rupiah(amount: Decimal) -> int:
    """Whole rupiah, half up (no regulation on rounding was found; DOMAIN.md §8)."""
    return int(amount.quantize(_WHOLE, rounding=ROUND_HALF_UP))


def jakon_contribution(contract_value: int, bands: Sequence[JakonBand]) -> int:
    """JKK+JKM for a construction project from its contract value, band by band."""
    if contract_value < 0:
        raise ValueError("Nilai kontrak tidak boleh negatif.")
    total = Decimal(0)
    for band in sorted(bands, key=lambda b: b.lower):
        if contract_value <= band.lower:
            break
        top = contract_value if band.upper is None else min(contract_value, band.upper)
        total += Decimal(top - band.lower) * band.rate / _HUNDRED
    return round_rupiah(total)


def late_fee(amount_due: int, months_late: int, rate: Decimal) -> int:
    """Late-payment fee: ``amount_due`` × ``rate`` % × months, whole rupiah half up.

    ``rate`` is a percentage as stored in the rate table (``Decimal("2")`` for 2 %).
    """
    if amount_due <= 0 or months_late <= 0:
        return 0
    return round_rupiah(Decimal(amount_due) * rate * months_late / _HUNDRED)


def jakon_bands_on(bands: Iterable[JakonBand], on: date) -> tuple[JakonBand, ...]:
    """The band set in force on ``on`` (all bands sharing the latest valid_from <= on)."""
    valid = [band for band in bands if band.valid_from <= on]
    if not valid:
        return ()
    latest = max(band.valid_from for band in valid)
    return tuple(band for band in valid if band.valid_from == latest)


def jp_wage_cap_on(caps: Iterable[WageCap], on: date) -> int:
    """The JP wage cap in force on ``on``; RateNotFoundError when the table has none."""
    valid = [cap for cap in caps if cap.valid_from <= on]
    if not valid:
        raise RateNotFoundError(
            f"Batas upah JP yang berlaku pada {on.isoformat()} tidak ada di tabel tarif."
        )
    return max(valid, key=lambda cap: cap.valid_from).amount


def pu_monthly_contribution(
    rates: RateTable,
    jp_caps: Iterable[WageCap],
    *,
    wage: int,
    workers: int,
    programs: Collection[str],
    risk_class: str,
    on: date,
) -> int:
    """A PU employer's monthly contribution, employer and worker shares, whole rupiah.

    ``wage`` is the monthly wage per worker (an average when only that is known).
    JP is counted on the wage up to the JP cap (PP 45/2015 Pasal 29); the other
    programs on the whole wage.
    """
    if wage < 0 or workers < 0:
        raise ValueError("Upah dan jumlah tenaga kerja tidak boleh negatif.")
    percent = rates.value(JKK, PU, on, risk_class) + rates.value(JKM, PU, on)
    if JHT in programs:
        percent += rates.value(JHT, PU, on) + rates.value(JHT_WORKER, PU, on)
    total = Decimal(wage * workers) * percent
    if JP in programs:
        jp_wage = min(wage, jp_wage_cap_on(jp_caps, on))
        total += Decimal(jp_wage * workers) * (
            rates.value(JP, PU, on) + rates.value(JP_WORKER, PU, on)
        )
    return round_rupiah(total / _HUNDRED)


def rentan_monthly_contribution(rates: RateTable, declared_income: int | None, on: date) -> int:
    """The monthly JKK + JKM of a funded (rentan) membership from the BPU rates on ``on``.

    A percentage rate applies to the declared income, raised to the minimum BPU
    income when the file gives less or nothing; a rupiah rate is the amount itself.
    """
    income = max(declared_income or 0, RENTAN_DECLARED_INCOME)
    total = Decimal(0)
    for program in RENTAN_PROGRAMS:
        entry = rates.entry(program, BPU, on)
        total += entry.value * income / _HUNDRED if entry.unit == "%" else entry.value
    return round_rupiah(total)
