"""Editing the branch's reference tables: holidays, UMK and branch settings.

The settings dialog reads with the ``list_*`` functions and writes with the
``save_*`` ones. Every save is one transaction with an AuditEvent holding the
old and new values, so a wrong edit can be traced and undone by hand.
Saving UMK also recomputes every employer's compliance status in the same
transaction, because PDS Upah compares reported wages with the UMK.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from kantor_app.domain.dates import format_date_id
from kantor_app.domain.money import format_rupiah
from kantor_app.services.audit import write_audit
from kantor_app.services.employers.compliance import refresh_compliance
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.delivery import refresh_deadlines
from kantor_app.services.reference.branch_settings import (
    BranchSettings,
    load_branch_settings,
    save_branch_settings,
)
from kantor_app.store.engine import Database
from kantor_app.store.models import Holiday, MinimumWage, Region

__all__ = [
    "BRANCH_PROVINCES",
    "HOLIDAY_NAME_MAX",
    "RegencyWage",
    "list_holidays",
    "list_minimum_wages",
    "save_holidays",
    "save_minimum_wages",
    "save_settings",
]

# The branch works in Kalimantan Timur (64) and Kalimantan Utara (65).
BRANCH_PROVINCES: tuple[str, ...] = ("64", "65")
HOLIDAY_NAME_MAX = 120  # Holiday.name column width
MAX_UMK = 1_000_000_000  # far above any UMK; catches a typo of extra zeros


@dataclass(frozen=True)
class RegencyWage:
    """One kab/kota of the branch and its UMK for the year (None: not in the table)."""

    code: str
    name: str
    amount: int | None


# --------------------------------------------------------------------------- holidays


def _in_year(year: int) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31)


def list_holidays(session: Session, year: int | None = None) -> list[tuple[date, str]]:
    """Holidays (date, name) in date order; only ``year`` when given."""
    query = select(Holiday.day, Holiday.name).order_by(Holiday.day)
    if year is not None:
        query = query.where(*_in_year(year))
    return [(day, name) for day, name in session.execute(query)]


def _validate_holidays(year: int, rows: Sequence[tuple[date, str]]) -> list[tuple[date, str]]:
    cleaned: list[tuple[date, str]] = []
    seen: dict[date, int] = {}
    for number, (day, name) in enumerate(rows, start=1):
        if day.year != year:
            raise ServiceError(
                "Baris {row}: tanggal {day} bukan tahun {year}. "
                "Tabel ini hanya untuk hari libur tahun {year}.",
                code="holiday_wrong_year",
                row=number,
                day=format_date_id(day),
                year=year,
            )
        text = " ".join(name.split())
        if not text:
            raise ServiceError(
                "Baris {row} ({day}): nama hari libur masih kosong.",
                code="holiday_name_empty",
                row=number,
                day=format_date_id(day),
            )
        if len(text) > HOLIDAY_NAME_MAX:
            raise ServiceError(
                "Baris {row} ({day}): nama hari libur terlalu panjang "
                "({length} huruf, paling banyak {limit}).",
                code="holiday_name_too_long",
                row=number,
                day=format_date_id(day),
                length=len(text),
                limit=HOLIDAY_NAME_MAX,
            )
        if day in seen:
            raise ServiceError(
                "Baris {row}: tanggal {day} sudah ada di baris {first_row}. "
                "Satu tanggal cukup satu baris (gabungkan namanya).",
                code="holiday_date_repeated",
                row=number,
                day=format_date_id(day),
                first_row=seen[day],
            )
        seen[day] = number
        cleaned.append((day, text))
    return sorted(cleaned)


def save_holidays(
    db: Database, year: int, rows: Sequence[tuple[date, str]], *, username: str = ""
) -> int:
    """Replace every holiday of ``year`` with ``rows`` in one transaction; returns the count.

    Raises ServiceError (naming the row) for a date outside the year, an
    empty name, or a date listed twice; nothing is changed then.
    """
    cleaned = _validate_holidays(year, rows)
    with db.transaction() as session:
        old = list_holidays(session, year)
        if old == cleaned:
            return len(cleaned)
        session.execute(delete(Holiday).where(*_in_year(year)))
        session.add_all(Holiday(day=day, name=name) for day, name in cleaned)
        refresh_deadlines(session)  # periods still running are counted over the new days
        write_audit(
            session,
            entity="holiday",
            entity_id=str(year),
            action="replace",
            details={
                "old": [[d.isoformat(), n] for d, n in old],
                "new": [[d.isoformat(), n] for d, n in cleaned],
            },
            username=username,
        )
    return len(cleaned)


# --------------------------------------------------------------------------- UMK


def _branch_regencies(session: Session) -> list[tuple[str, str]]:
    query = (
        select(Region.code, Region.name)
        .where(
            Region.level == "kabupaten",
            Region.parent_code.in_(BRANCH_PROVINCES),
            Region.historic.is_(False),
        )
        .order_by(Region.code)
    )
    return [(code, name) for code, name in session.execute(query)]


def list_minimum_wages(session: Session, year: int) -> list[RegencyWage]:
    """Every kab/kota of Kaltim and Kaltara with its UMK of exactly ``year`` (None if missing)."""
    amounts = {
        code: amount
        for code, amount in session.execute(
            select(MinimumWage.regency_code, MinimumWage.amount).where(MinimumWage.year == year)
        )
    }
    return [
        RegencyWage(code=code, name=name, amount=amounts.get(code))
        for code, name in _branch_regencies(session)
    ]


def save_minimum_wages(
    db: Database,
    year: int,
    amounts: Mapping[str, int | None],
    *,
    username: str = "",
    today: date | None = None,
) -> int:
    """Set the UMK of ``year`` per kab/kota code (None deletes the row), then refresh
    every employer's compliance status, all in one transaction.

    Returns how many employers changed status or arrears. Raises ServiceError
    for an unknown code or an amount that is not a positive whole rupiah.
    """
    today = today or date.today()
    with db.transaction() as session:
        names = dict(_branch_regencies(session))
        for code, amount in amounts.items():
            if code not in names:
                raise ServiceError(
                    "Kode kab/kota '{regency}' bukan wilayah Kalimantan Timur atau "
                    "Kalimantan Utara.",
                    code="regency_outside_branch",
                    regency=code,
                )
            if amount is None:
                continue
            if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
                raise ServiceError(
                    "UMK {regency} tahun {year}: jumlah harus rupiah bulat lebih dari Rp0.",
                    code="minimum_wage_not_positive",
                    regency=names[code],
                    year=year,
                )
            if amount > MAX_UMK:
                raise ServiceError(
                    "UMK {regency} tahun {year}: {amount} terlalu besar (periksa jumlah nolnya).",
                    code="minimum_wage_too_large",
                    regency=names[code],
                    year=year,
                    amount=format_rupiah(amount),
                )
        rows = {
            row.regency_code: row
            for row in session.scalars(
                select(MinimumWage).where(
                    MinimumWage.year == year, MinimumWage.regency_code.in_(list(amounts))
                )
            )
        }
        changes: dict[str, dict[str, int | None]] = {}
        for code, amount in amounts.items():
            row = rows.get(code)
            old = row.amount if row is not None else None
            if old == amount:
                continue
            changes[code] = {"old": old, "new": amount}
            if amount is None:
                session.delete(row)
            elif row is None:
                session.add(MinimumWage(regency_code=code, year=year, amount=amount))
            else:
                row.amount = amount
        if not changes:
            return 0
        session.flush()
        write_audit(
            session,
            entity="minimum_wage",
            entity_id=str(year),
            action="update",
            details={"year": year, "changes": changes},
            username=username,
        )
        return refresh_compliance(session, today=today)


# --------------------------------------------------------------------------- settings


def _settings_dict(settings: BranchSettings) -> dict[str, Any]:
    values = asdict(settings)
    return {k: dict(v) if isinstance(v, Mapping) else v for k, v in values.items()}


def save_settings(db: Database, settings: BranchSettings, *, username: str = "") -> None:
    """Store the branch settings with an AuditEvent of the fields that changed.

    Raises ServiceError for an invalid number pattern (nothing is stored).
    """
    with db.transaction() as session:
        old = _settings_dict(load_branch_settings(session))
        save_branch_settings(session, settings)
        refresh_deadlines(session)  # the allowance decides the ends counted from sending
        new = _settings_dict(settings)
        changed = {k: {"old": old.get(k), "new": v} for k, v in new.items() if old.get(k) != v}
        if changed:
            write_audit(
                session,
                entity="setting",
                entity_id="branch",
                action="update",
                details={
                    "old": {k: c["old"] for k, c in changed.items()},
                    "new": {k: c["new"] for k, c in changed.items()},
                },
                username=username,
            )
