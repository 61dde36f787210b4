"""Small builders for employer test data (imported by the employer/letter service tests)."""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Iterable
from datetime import date

from sqlalchemy import update

from kantor_app.services.employers.registry import EmployerInput, save_employer
from kantor_app.store.engine import Database
from kantor_app.store.models import ContributionPeriod, MinimumWage

TODAY = date(2026, 11, 23)  # a Monday
UMK_SAMARINDA = 4_000_000
UMK_DECREE = ("100.3.3.1/K.812/2025", date(2025, 11, 28))  # number, date


def set_umk(
    db: Database,
    regency_code: str = "64.72",
    amount: int = UMK_SAMARINDA,
    *,
    confirmed: bool = True,
) -> None:
    """Pin the seeded (estimated) UMK of 2026 so that figures in assertions are the test's
    own; confirmed with UMK_DECREE unless ``confirmed`` is False (letters cite only that)."""
    with db.transaction() as session:
        session.execute(
            update(MinimumWage)
            .where(MinimumWage.regency_code == regency_code, MinimumWage.year == 2026)
            .values(
                amount=amount,
                confirmed=confirmed,
                decree_number=UMK_DECREE[0] if confirmed else "",
                decree_date=UMK_DECREE[1] if confirmed else None,
            )
        )


def add_employer(db: Database, name: str = "PT Sawit Makmur", **fields: object) -> uuid.UUID:
    """A compliant large employer in Samarinda unless ``fields`` say otherwise."""
    values: dict[str, object] = {
        "name": name,
        "npp": fields.pop("npp", str(10_000_000 + zlib.crc32(name.encode()) % 89_999_999)),
        "address": "Jl. Jenderal Sudirman No. 12",
        "sector": "kelapa_sawit",
        "scale": "besar",
        "regency_code": "64.72",
        "workers_reported": 20,
        "wage_reported": 5_000_000,
        "programs": frozenset({"JKK", "JKM", "JHT", "JP"}),
    }
    values.update(fields)
    return save_employer(db, EmployerInput(**values), today=TODAY)  # type: ignore[arg-type]


def add_periods(
    db: Database,
    employer_id: uuid.UUID,
    periods: Iterable[tuple[int, int, int, int]],
    paid_on: date | None = None,
) -> None:
    """(year, month, due, paid) rows."""
    with db.transaction() as session:
        for year, month, due, paid in periods:
            session.add(
                ContributionPeriod(
                    employer_id=employer_id,
                    year=year,
                    month=month,
                    due=due,
                    paid=paid,
                    paid_on=paid_on if paid else None,
                )
            )
