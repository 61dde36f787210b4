"""Branch settings a numbered letter accepts: the seeded placeholders replaced.

Issuing refuses the seeded signatory, address and phone (services.letters.readiness),
so every test that issues numbered letters sets these first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select

from kantor_app.services.reference.branch_settings import (
    BranchSettings,
    load_branch_settings,
    save_branch_settings,
)
from kantor_app.store.engine import Database
from kantor_app.store.models import Region

REAL_ADDRESS = "Jl. M. Yamin No. 1, Samarinda 75123"
REAL_PHONE = "(0541) 741234"
REAL_SIGNATORY = "Budi Santoso"


def branch_regencies(db: Database) -> tuple[str, ...]:
    """Every current kab/kota of Kalimantan Timur and Kalimantan Utara."""
    with db.session() as session:
        return tuple(
            session.scalars(
                select(Region.code).where(
                    Region.level == "kabupaten",
                    Region.parent_code.in_(("64", "65")),
                    Region.historic.is_(False),
                )
            )
        )


def ready_branch(db: Database, service_area: Sequence[str] | None = None) -> BranchSettings:
    """Real-looking letterhead and signatory; the wilayah kerja is all of Kaltim and Kaltara
    unless ``service_area`` says otherwise. Returns the stored settings."""
    area = tuple(service_area) if service_area is not None else branch_regencies(db)
    with db.transaction() as session:
        settings = replace(
            load_branch_settings(session),
            address=REAL_ADDRESS,
            phone=REAL_PHONE,
            signatory_name=REAL_SIGNATORY,
            service_area=tuple(sorted(area)),
        )
        save_branch_settings(session, settings)
    return settings
