"""A UMK is confirmed only with the Governor's decree that sets it; seeded rows are estimates."""

from __future__ import annotations

import json
from datetime import date

import pytest
from service_samples import TODAY
from sqlalchemy import select

from kantor_app.services.errors import ServiceError
from kantor_app.services.reference.edit import WageEdit, list_minimum_wages, save_minimum_wages
from kantor_app.services.reference.seed import load_umk_records
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, Holiday, MinimumWage

DECREE = "100.3.3.1/K.812/2025"


def test_seeded_umk_and_holidays_are_estimates(db: Database) -> None:
    with db.session() as session:
        assert set(session.scalars(select(MinimumWage.confirmed))) == {False}
        assert set(session.scalars(select(Holiday.confirmed))) == {False}
        record = load_umk_records(session, 2026)["64.72"]
    assert (record.regency_name, record.province_name, record.year) == (
        "Kota Samarinda",
        "Kalimantan Timur",
        2026,
    )
    assert not record.confirmed


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (WageEdit(4_000_000, confirmed=True), "minimum_wage_decree_missing"),
        (WageEdit(4_000_000, True, DECREE, None), "minimum_wage_decree_missing"),
        (WageEdit(4_000_000, True, "  ", date(2025, 11, 28)), "minimum_wage_decree_missing"),
        (WageEdit(None, True, DECREE, date(2025, 11, 28)), "minimum_wage_confirm_empty"),
        (WageEdit(4_000_000, True, DECREE, date(2026, 12, 1)), "minimum_wage_decree_in_future"),
    ],
)
def test_confirming_needs_the_decree_number_and_date(
    db: Database, edit: WageEdit, code: str
) -> None:
    with pytest.raises(ServiceError) as caught:
        save_minimum_wages(db, 2026, {"64.72": edit}, today=TODAY)
    assert caught.value.code == code
    assert "Kota Samarinda tahun 2026" in str(caught.value)
    with db.session() as session:
        wage = {w.code: w for w in list_minimum_wages(session, 2026)}["64.72"]
    assert not wage.confirmed and wage.decree_number == ""


def test_confirmed_umk_is_stored_with_its_decree_and_audited(db: Database) -> None:
    edit = WageEdit(4_012_345, True, f" {DECREE} ", date(2025, 11, 28))
    save_minimum_wages(db, 2026, {"64.72": edit}, username="ani", today=TODAY)
    save_minimum_wages(db, 2026, {"64.72": 4_012_345}, today=TODAY)  # amount only: kept
    with db.session() as session:
        wage = {w.code: w for w in list_minimum_wages(session, 2026)}["64.72"]
        audits = list(
            session.scalars(select(AuditEvent).where(AuditEvent.entity == "minimum_wage"))
        )
    assert (wage.amount, wage.confirmed, wage.decree_number, wage.decree_date) == (
        4_012_345,
        True,
        DECREE,
        date(2025, 11, 28),
    )
    assert len(audits) == 1
    change = json.loads(audits[0].details)["changes"]["64.72"]
    assert change["old_decree"] == [False, "", None]
    assert change["new_decree"] == [True, DECREE, "2025-11-28"]
