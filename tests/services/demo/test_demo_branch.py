"""The demo branch can issue numbered letters: its own (made-up) kop and its employers' area."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from kantor_app.services.demo.fill import fill_demo
from kantor_app.services.letters.readiness import placeholder_fields
from kantor_app.services.reference.branch_settings import (
    load_branch_settings,
    save_branch_settings,
)
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer

TODAY = date(2026, 11, 23)


def test_the_demo_replaces_the_placeholders_and_serves_all_its_employers(db: Database) -> None:
    fill_demo(db, workers=40, employers=12, seed=3, today=TODAY)
    with db.session() as session:
        settings = load_branch_settings(session)
        regencies = set(session.scalars(select(Employer.regency_code)))
    assert placeholder_fields(settings) == []
    assert settings.signatory_name == "Rina Wulandari"
    assert settings.address.startswith("Jl. ") and "Samarinda" in settings.address
    assert settings.phone.startswith("(0541)")
    assert regencies and regencies <= set(settings.service_area)


def test_the_demo_keeps_what_the_branch_entered(db: Database) -> None:
    with db.transaction() as session:
        settings = load_branch_settings(session)
        save_branch_settings(session, replace(settings, signatory_name="Hendra Wijaya"))
    fill_demo(db, workers=10, employers=3, seed=4, today=TODAY)
    with db.session() as session:
        settings = load_branch_settings(session)
    assert settings.signatory_name == "Hendra Wijaya"
    assert "64.72" in settings.service_area
