"""Monthly PU contributions from the rate table and the JP wage caps stored in the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from service_samples import TODAY
from sqlalchemy import delete

from kantor_app.services.employers.dues import monthly_pu_contribution
from kantor_app.services.errors import ServiceError
from kantor_app.services.reference.seed import JP_WAGE_CAP_PROGRAM
from kantor_app.store.engine import Database
from kantor_app.store.models import Rate

JP_ONLY_AND_BASICS = frozenset({"JKK", "JKM", "JP"})


def _due(db: Database, wage: int, on: date = TODAY) -> int:
    with db.session() as session:
        return monthly_pu_contribution(
            session, wage=wage, workers=1, programs=JP_ONLY_AND_BASICS, risk_class="a", on=on
        )


def test_jp_is_capped_by_the_cap_in_the_table(db: Database) -> None:
    # JKK 0.24 + JKM 0.30 = 0.54 % of 15 M, and JP 3 % of the 10,042,300 cap.
    assert _due(db, 15_000_000) == 81_000 + 301_269
    with db.transaction() as session:
        session.add(
            Rate(
                program=JP_WAGE_CAP_PROGRAM,
                segment="PU",
                value=Decimal(11_000_000),
                unit="Rp",
                valid_from=date(2026, 3, 1),
                legal_basis="uji",
            )
        )
    assert _due(db, 15_000_000) == 81_000 + 330_000
    assert _due(db, 15_000_000, date(2026, 2, 1)) == 81_000 + 301_269


def test_missing_cap_is_refused_with_what_to_fill_in(db: Database) -> None:
    with db.transaction() as session:
        session.execute(delete(Rate).where(Rate.program == JP_WAGE_CAP_PROGRAM))
    with pytest.raises(ServiceError, match=r"Batas upah JP .* Lengkapi tabel tarif"):
        _due(db, 15_000_000)
