"""The demo branch: deterministic, NIK-valid, believable shares, all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kantor_app.domain.nik import NikInfo, parse_nik
from kantor_app.domain.rates import RENTAN_DECLARED_INCOME
from kantor_app.domain.wilayah import RegionTable
from kantor_app.resources import resource_path
from kantor_app.services.accounts.passwords import verify_password
from kantor_app.services.database import open_database
from kantor_app.services.demo import fill as demo
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.fill import DemoSummary, fill_demo
from kantor_app.services.demo.generator import build_rows
from kantor_app.services.demo.regions import load_regions
from kantor_app.services.demo.rows import DemoRows
from kantor_app.services.demo.words import DEMO_PASSWORD
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.store.engine import Database
from kantor_app.store.models import (
    ContributionPeriod,
    Employer,
    FundingMember,
    PublicWorksPackage,
    StaffUser,
    Worker,
)

TODAY = date(2026, 11, 23)
WORKERS = 1500
EMPLOYERS = 120


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    """One demo database shared by the read-only tests of this module."""
    home = tmp_path_factory.mktemp("demo-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KANTOR_HOME", str(home))
        db = open_database(f"sqlite:///{home / 'demo.db'}")
        summary = fill_demo(db, workers=WORKERS, employers=EMPLOYERS, seed=11, today=TODAY)
        yield db, summary
        db.dispose()


def _snapshot(db: Database) -> dict[str, list[Any]]:
    with db.session() as s:
        return {
            "workers": [
                tuple(r)
                for r in s.execute(
                    select(
                        Worker.id,
                        Worker.nik,
                        Worker.name,
                        Worker.birth_date,
                        Worker.gender,
                        Worker.village_code,
                        Worker.segment,
                        Worker.occupation,
                        Worker.employer_id,
                    ).order_by(Worker.nik)
                )
            ],
            # Sorted in Python: PostgreSQL orders names by its locale.
            "employers": sorted(
                tuple(r)
                for r in s.execute(
                    select(
                        Employer.id,
                        Employer.npp,
                        Employer.name,
                        Employer.npwp,
                        Employer.nib,
                        Employer.kbli_code,
                        Employer.workers_reported,
                        Employer.wage_reported,
                        Employer.programs,
                        Employer.compliance_status,
                    )
                )
            ),
            "periods": [
                tuple(r)
                for r in s.execute(
                    select(
                        ContributionPeriod.employer_id,
                        ContributionPeriod.year,
                        ContributionPeriod.month,
                        ContributionPeriod.due,
                        ContributionPeriod.paid,
                    ).order_by(
                        ContributionPeriod.employer_id,
                        ContributionPeriod.year,
                        ContributionPeriod.month,
                    )
                )
            ],
        }


def test_same_seed_gives_the_same_database(tmp_path: Path) -> None:
    snapshots = []
    for name in ("a", "b", "c"):
        db = open_database(f"sqlite:///{tmp_path / name}.db")
        seed = 5 if name != "c" else 6
        fill_demo(db, workers=200, employers=30, seed=seed, today=TODAY)
        snapshots.append(_snapshot(db))
        db.dispose()
    same, also_same, other = snapshots
    assert len(same["workers"]) == 200
    assert len(same["employers"]) == 30
    assert same == also_same
    assert {w[1] for w in same["workers"]} != {w[1] for w in other["workers"]}


def _without_stamps(rows: DemoRows) -> dict[str, Any]:
    """Every generated row but its timestamps, which are the wall clock, not the seed."""
    return {
        name: [
            {k: v for k, v in row.items() if k not in ("created_at", "updated_at")} for row in table
        ]
        if isinstance(table, list)
        else table
        for name, table in vars(rows).items()
    }


def test_every_table_is_drawn_from_the_seed(db: Database) -> None:
    """Funding, packages, targets and staff too, not just what the snapshot reads back."""
    with db.engine.connect() as conn:
        regions = load_regions(conn)
    builds = []
    for seed in (4, 4, 9):
        draw = Draws(seed, TODAY, regions, device_id="test-device")
        builds.append(
            _without_stamps(build_rows(draw, 300, 25, lambda: False, lambda _d, _t, _m: None))
        )
    same, also_same, other = builds
    assert all(same[name] for name in ("programs", "members", "packages", "targets", "staff"))
    assert same == also_same
    assert same["workers"] != other["workers"]
    assert same["employers"] != other["employers"]
    # Each member pays JKK 1 % of their income (at least the minimum) + JKM Rp6.800.
    income = {w["id"]: w["income"] for w in same["workers"]}
    for member in same["members"]:
        declared = max(income[member["worker_id"]] or 0, RENTAN_DECLARED_INCOME)
        assert member["declared_income"] == declared
        assert member["monthly_amount"] == round(declared / 100) + 6_800
    assert len({m["monthly_amount"] for m in same["members"]}) > 1
    assert {p["monthly_amount"] for p in same["programs"]} == {16_800}


def test_every_nik_is_valid_and_matches_the_person(filled: tuple[Database, DemoSummary]) -> None:
    db, _summary = filled
    codes = RegionTable.from_csv_dir(resource_path("wilayah")).regency_codes_for_nik()
    with db.session() as s:
        rows = s.execute(
            select(Worker.nik, Worker.birth_date, Worker.gender, Worker.regency_code)
        ).all()
    assert len(rows) == WORKERS
    prefixes = {"home": 0, "historic": 0, "migrant": 0}
    for nik, birth_date, gender, _regency in rows:
        info = parse_nik(nik, codes, TODAY)
        assert isinstance(info, NikInfo), nik
        assert info.birth_date == birth_date
        assert info.gender == gender
        assert (int(nik[6:8]) > 40) == (gender == "P")
        if nik[:4] in ("6404", "6405", "6406", "6410", "6473"):
            prefixes["historic"] += 1
        elif nik[:2] in ("64", "65"):
            prefixes["home"] += 1
        else:
            prefixes["migrant"] += 1
    # Mostly local people; migrants from Java/Sulawesi/NTT; pre-2012 Kaltara NIKs.
    assert prefixes["home"] > 0.6 * WORKERS
    assert 0.08 * WORKERS < prefixes["migrant"] < 0.25 * WORKERS
    assert prefixes["historic"] >= 5


def test_shares_are_believable(filled: tuple[Database, DemoSummary]) -> None:
    db, summary = filled
    with db.session() as s:
        registered = s.scalar(
            select(func.count()).select_from(Employer).where(Employer.npp.is_not(None))
        )
        unregistered = s.scalar(
            select(func.count()).select_from(Employer).where(Employer.npp.is_(None))
        )
        in_arrears = s.scalar(
            select(func.count(func.distinct(ContributionPeriod.employer_id))).where(
                ContributionPeriod.paid < ContributionPeriod.due,
                # Periods whose deadline (15th of the next month) has passed.
                (ContributionPeriod.year * 12 + ContributionPeriod.month)
                <= TODAY.year * 12 + TODAY.month - 2,
            )
        )
        segments: dict[str, int] = dict(
            s.execute(select(Worker.segment, func.count()).group_by(Worker.segment)).tuples().all()
        )
        members = s.scalar(select(func.count()).select_from(FundingMember))
        rentan_members = s.scalar(
            select(func.count())
            .select_from(FundingMember)
            .join(Worker, Worker.id == FundingMember.worker_id)
            .where(Worker.segment == "RENTAN")
        )
        packages_late = s.scalar(
            select(func.count())
            .select_from(PublicWorksPackage)
            .where(
                PublicWorksPackage.spk_date.is_not(None),
                PublicWorksPackage.jakon_registered_on.is_(None),
            )
        )
    assert registered and unregistered is not None and in_arrears is not None
    assert 0.04 <= unregistered / EMPLOYERS <= 0.25
    assert 0.12 <= in_arrears / registered <= 0.40
    assert set(segments) == {"PU", "BPU", "JAKON", "RENTAN"}
    assert 0.4 <= segments["PU"] / WORKERS <= 0.6
    assert members is not None and members == rentan_members
    assert members > 0.6 * segments["RENTAN"]
    assert packages_late and packages_late == summary.packages_without_jakon
    assert summary.employers_unregistered == unregistered


def test_compliance_is_derived(filled: tuple[Database, DemoSummary]) -> None:
    db, summary = filled
    assert summary.compliance_refreshed
    with db.session() as s:
        statuses: dict[str, int] = dict(
            s.execute(
                select(Employer.compliance_status, func.count()).group_by(
                    Employer.compliance_status
                )
            )
            .tuples()
            .all()
        )
        unregistered = s.scalar(
            select(func.count()).select_from(Employer).where(Employer.npp.is_(None))
        )
    assert statuses["belum_daftar"] == unregistered
    assert statuses.get("menunggak", 0) > 0
    assert statuses.get("patuh", 0) > EMPLOYERS * 0.3


def test_staff_users_have_scrypt_hashes(filled: tuple[Database, DemoSummary]) -> None:
    db, _summary = filled
    with db.session() as s:
        hashes = list(s.scalars(select(StaffUser.password_hash)))
    assert len(hashes) >= 2
    assert all(h.startswith("scrypt$") and DEMO_PASSWORD not in h for h in hashes)
    assert verify_password(DEMO_PASSWORD, hashes[0])
    assert not verify_password("salah", hashes[0])


def _count_workers(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Worker)) or 0)


def test_refuses_a_database_with_data_unless_replacing(db: Database) -> None:
    fill_demo(db, workers=40, employers=8, seed=1, today=TODAY)
    with pytest.raises(ServiceError, match="sudah berisi data"):
        fill_demo(db, workers=10, employers=2, seed=2, today=TODAY)
    assert _count_workers(db) == 40
    fill_demo(db, workers=25, employers=5, seed=2, today=TODAY, replace=True)
    assert _count_workers(db) == 25


def _worker_indexes(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return sorted(
            name
            for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'worker'"
            )
        )


def test_cancel_leaves_the_database_empty(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # Take the bulk path (indexes dropped and rebuilt) at a size a test can afford.
    monkeypatch.setattr(demo, "BULK_ROWS", 1000)
    indexes = _worker_indexes(db)
    assert len(indexes) >= 4
    calls: list[str] = []

    def progress(_done: int, _total: int, message: str) -> None:
        calls.append(message)

    def cancelled() -> bool:
        return any(m.startswith("Menyimpan pekerja") for m in calls)

    with pytest.raises(Cancelled):
        fill_demo(
            db,
            workers=12_000,
            employers=20,
            seed=1,
            today=TODAY,
            progress=progress,
            is_cancelled=cancelled,
        )
    assert _count_workers(db) == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Employer)) == 0
    assert _worker_indexes(db) == indexes


def test_bulk_path_keeps_every_index(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "BULK_ROWS", 100)
    indexes = _worker_indexes(db)
    fill_demo(db, workers=300, employers=10, seed=3, today=TODAY)
    assert _worker_indexes(db) == indexes
    assert _count_workers(db) == 300


def test_same_content_on_every_engine(engine_url: str, tmp_path: Path) -> None:
    """PostgreSQL orders dotted codes by locale; the demo must not depend on it."""
    snapshots = []
    for url in (f"sqlite:///{tmp_path / 'reference.db'}", engine_url):
        db = open_database(url)
        fill_demo(db, workers=150, employers=20, seed=8, today=TODAY)
        snapshots.append(_snapshot(db))
        db.dispose()
    assert snapshots[0] == snapshots[1]
