"""The demo shows both sides of Jakon by project: an overdue package and one in period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from kantor_app.domain.jakon import overdue_jakon
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.generator import build_rows
from kantor_app.services.demo.regions import load_regions
from kantor_app.store.engine import Database

TODAY = date(2026, 11, 23)


@dataclass(frozen=True)
class _Package:
    contractor_id: object | None
    spk_date: date | None
    jakon_registered_on: date | None


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_demo_has_an_overdue_and_an_in_period_package(db: Database, seed: int) -> None:
    with db.engine.connect() as conn:
        regions = load_regions(conn)
    draw = Draws(seed, TODAY, regions, device_id="test-device")
    rows = build_rows(draw, 200, 25, lambda: False, lambda _d, _t, _m: None)
    packages = [
        _Package(p["contractor_id"], p["spk_date"], p["jakon_registered_on"]) for p in rows.packages
    ]
    review = overdue_jakon(packages, TODAY)
    assert review.overdue and review.in_period
