"""Reference tables the rules read (rates, holidays, UMK, branch settings): seeding and loading.

``ensure_reference_data`` runs at every start-up (from ``open_database``) and
fills only what is empty, so a branch's own edits are never overwritten:

- ``rate``: the dated defaults of :mod:`kantor_app.domain.rates` (contribution
  rates, the 2 % late fee, the PP 86/2013 0.1 % fine, JP wage caps and the
  Jakon contract-value bands);
- ``holiday``: ``resources/reference/holidays.csv`` (2026 per SKB, 2027 estimated);
- ``minimum_wage``: ``resources/reference/umk.csv`` (2026 estimates to verify);
- ``labour_office``: every province and kab/kota of the branch missing one;
- ``setting``: every missing branch setting key gets its default.

Every seeded UMK row and holiday is an estimate (``confirmed`` False) until the
branch confirms it in the settings dialog: the files are not copies of the
Governor's decrees or the SKB, and letters state only confirmed figures.

The ``load_*`` functions turn the rows back into the domain's types.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from kantor_app.domain import rates as domain_rates
from kantor_app.domain.rates import JakonBand, RateEntry, RateTable, WageCap
from kantor_app.resources import resource_path
from kantor_app.services.reference.branch_settings import default_setting_rows
from kantor_app.services.reference.labour_offices import ensure_labour_offices
from kantor_app.store.models import Holiday, MinimumWage, Rate, Region, Setting

__all__ = [
    "JAKON_BAND_PROGRAM",
    "JP_WAGE_CAP_PROGRAM",
    "UmkRecord",
    "ensure_reference_data",
    "load_holidays",
    "load_jakon_bands",
    "load_jp_wage_caps",
    "load_minimum_wages",
    "load_rate_table",
    "load_umk_records",
    "read_reference_csv",
    "umk_screen_note",
]

# Rate rows that are not contribution rates carry these program codes.
JAKON_BAND_PROGRAM = "JAKON_BAND"  # value = combined JKK+JKM % above band_from
JP_WAGE_CAP_PROGRAM = "JP_BATAS_UPAH"  # value = cap in rupiah, unit "Rp"


def read_reference_csv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a shipped reference CSV; lines starting with ``#`` are notes."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.lstrip().startswith("#"))
        for row in csv.DictReader(lines):
            yield {k.strip(): (v or "").strip() for k, v in row.items() if k}


def _is_empty(session: Session, model: type[Rate] | type[Holiday] | type[MinimumWage]) -> bool:
    return not session.scalar(select(func.count()).select_from(model))


def _default_rate_rows() -> list[Rate]:
    rows = [
        Rate(
            program=e.program,
            segment=e.segment,
            risk_class=e.risk_class,
            band_from=None,
            value=e.value,
            unit=e.unit,
            valid_from=e.valid_from,
            legal_basis=e.legal_basis,
        )
        for e in domain_rates.DEFAULT_RATE_ENTRIES
    ]
    rows += [
        Rate(
            program=JAKON_BAND_PROGRAM,
            segment=domain_rates.JAKON,
            risk_class=None,
            band_from=band.lower,
            value=band.rate,
            unit="%",
            valid_from=band.valid_from,
            legal_basis=band.legal_basis,
        )
        for band in domain_rates.DEFAULT_JAKON_BANDS
    ]
    rows += [
        Rate(
            program=JP_WAGE_CAP_PROGRAM,
            segment=domain_rates.PU,
            risk_class=None,
            band_from=None,
            value=Decimal(cap.amount),
            unit="Rp",
            valid_from=cap.valid_from,
            legal_basis=cap.legal_basis,
        )
        for cap in domain_rates.JP_WAGE_CAPS
    ]
    return rows


def _holiday_rows() -> list[Holiday]:
    rows: dict[date, Holiday] = {}
    for row in read_reference_csv(resource_path("reference", "holidays.csv")):
        day = date.fromisoformat(row["tanggal"])
        rows[day] = Holiday(day=day, name=row["nama"][:120], confirmed=False)
    return list(rows.values())


def _minimum_wage_rows(session: Session) -> list[MinimumWage]:
    known = set(session.scalars(select(Region.code).where(Region.level == "kabupaten")))
    rows = []
    for row in read_reference_csv(resource_path("reference", "umk.csv")):
        code = row["kode_wilayah"]
        if known and code not in known:
            continue  # a region table without this code: skip rather than break start-up
        rows.append(
            MinimumWage(
                regency_code=code,
                year=int(row["tahun"]),
                amount=int(row["upah_minimum"]),
                confirmed=False,
            )
        )
    return rows


def ensure_reference_data(session: Session) -> None:
    """Seed the empty reference tables and missing settings; idempotent, never overwrites.

    Runs in the caller's transaction (the caller commits).
    """
    if _is_empty(session, Rate):
        session.add_all(_default_rate_rows())
    if _is_empty(session, Holiday):
        session.add_all(_holiday_rows())
    if _is_empty(session, MinimumWage):
        session.add_all(_minimum_wage_rows(session))
    ensure_labour_offices(session)
    present = set(session.scalars(select(Setting.key)))
    session.add_all(
        Setting(key=key, value=value)
        for key, value in default_setting_rows().items()
        if key not in present
    )
    session.flush()


# --------------------------------------------------------------------------- loading


def load_rate_table(session: Session) -> RateTable:
    """Every contribution rate and fee row as a dated :class:`RateTable`."""
    entries = [
        RateEntry(
            program=r.program,
            segment=r.segment,
            risk_class=r.risk_class,
            value=Decimal(r.value),
            unit="Rp" if r.unit == "Rp" else "%",
            valid_from=r.valid_from,
            legal_basis=r.legal_basis,
        )
        for r in session.scalars(
            select(Rate).where(Rate.program.not_in((JAKON_BAND_PROGRAM, JP_WAGE_CAP_PROGRAM)))
        )
    ]
    return RateTable(entries)


def load_jakon_bands(session: Session, on: date | None = None) -> tuple[JakonBand, ...]:
    """Jakon contract-value bands; with ``on``, only the set in force that day.

    A band's upper limit is the next band's lower limit in the same set.
    """
    rows = list(
        session.scalars(
            select(Rate)
            .where(Rate.program == JAKON_BAND_PROGRAM)
            .order_by(Rate.valid_from, Rate.band_from)
        )
    )
    bands: list[JakonBand] = []
    for r in rows:
        same_set = [x for x in rows if x.valid_from == r.valid_from]
        above = [x.band_from or 0 for x in same_set if (x.band_from or 0) > (r.band_from or 0)]
        bands.append(
            JakonBand(
                lower=r.band_from or 0,
                upper=min(above) if above else None,
                rate=Decimal(r.value),
                valid_from=r.valid_from,
                legal_basis=r.legal_basis,
            )
        )
    return domain_rates.jakon_bands_on(bands, on) if on is not None else tuple(bands)


def load_jp_wage_caps(session: Session) -> tuple[WageCap, ...]:
    """JP wage caps as dated rows."""
    return tuple(
        WageCap(valid_from=r.valid_from, amount=int(r.value), legal_basis=r.legal_basis)
        for r in session.scalars(
            select(Rate).where(Rate.program == JP_WAGE_CAP_PROGRAM).order_by(Rate.valid_from)
        )
    )


def load_holidays(session: Session) -> frozenset[date]:
    """Every holiday and cuti bersama day in the table."""
    return frozenset(session.scalars(select(Holiday.day)))


def load_minimum_wages(session: Session, year: int) -> dict[str, int]:
    """UMK per kab/kota code for ``year``; a kab/kota without a row for that
    year takes its latest earlier year (a new year's SK may come late)."""
    result: dict[str, tuple[int, int]] = {}
    for row in session.scalars(select(MinimumWage).where(MinimumWage.year <= year)):
        best = result.get(row.regency_code)
        if best is None or row.year > best[0]:
            result[row.regency_code] = (row.year, row.amount)
    return {code: amount for code, (_, amount) in result.items()}


@dataclass(frozen=True)
class UmkRecord:
    """The UMK row a kab/kota's figures come from, with what a letter needs to cite it."""

    regency_name: str
    province_name: str
    year: int
    amount: int
    confirmed: bool
    decree_number: str
    decree_date: date | None


def load_umk_records(session: Session, year: int) -> dict[str, UmkRecord]:
    """Per kab/kota code, its UMK row of ``year`` or else its latest earlier one: the row
    behind :func:`load_minimum_wages`, so a letter can tell an estimate or another year's
    figure from the confirmed one it may print."""
    province = aliased(Region)
    rows = session.execute(
        select(MinimumWage, Region.name, province.name)
        .join(Region, Region.code == MinimumWage.regency_code)
        .outerjoin(province, province.code == Region.parent_code)
        .where(MinimumWage.year <= year)
        .order_by(MinimumWage.year)
    )
    # Oldest first: a later year overwrites an earlier one.
    return {
        wage.regency_code: UmkRecord(
            regency_name=name,
            province_name=province_name or "",
            year=wage.year,
            amount=wage.amount,
            confirmed=wage.confirmed,
            decree_number=wage.decree_number,
            decree_date=wage.decree_date,
        )
        for wage, name, province_name in rows
    }


def umk_screen_note(record: UmkRecord | None, today: date) -> str:
    """How the screen marks a UMK that letters may not cite: an estimate, or another year's."""
    if record is None:
        return ""
    if record.year != today.year:
        return f" (UMK tahun {record.year}, perkiraan)"
    return "" if record.confirmed else " (perkiraan)"
