"""Outreach figures equal what a direct count of the database gives."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from kantor_app.services.database import open_database
from kantor_app.services.demo.fill import fill_demo
from kantor_app.services.outreach.overview import (
    JakonStatus,
    coverage_by_regency,
    coverage_years,
    funding_programs,
    jakon_status,
    outreach_activities,
    public_works_packages,
)
from kantor_app.store.engine import Database
from kantor_app.store.models import CoverageTarget, FundingMember, Worker

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    home = tmp_path_factory.mktemp("outreach-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KANTOR_HOME", str(home))
        db = open_database(f"sqlite:///{home / 'demo.db'}")
        fill_demo(db, workers=800, employers=60, seed=4, today=TODAY)
        yield db
        db.dispose()


def _direct_count(db: Database, regency: str, segment: str | None) -> int:
    query = (
        select(func.count())
        .select_from(Worker)
        .where(Worker.regency_code == regency, Worker.status == "aktif")
    )
    if segment:
        query = query.where(Worker.segment == segment)
    with db.session() as s:
        return int(s.scalar(query) or 0)


def _direct_target(db: Database, regency: str, segment: str | None) -> int:
    query = select(func.coalesce(func.sum(CoverageTarget.target), 0)).where(
        CoverageTarget.regency_code == regency, CoverageTarget.year == TODAY.year
    )
    if segment:
        query = query.where(CoverageTarget.segment == segment)
    with db.session() as s:
        return int(s.scalar(query) or 0)


@pytest.mark.parametrize("segment", [None, "RENTAN", "PU"])
def test_coverage_counts_equal_a_direct_count(demo_db: Database, segment: str | None) -> None:
    with demo_db.session() as s:
        assert coverage_years(s) == [TODAY.year]
        rows = coverage_by_regency(s, TODAY.year, segment)
    codes = [r.regency_code for r in rows]
    assert "64.72" in codes and "65.71" in codes and len(codes) == 15
    for row in rows:
        assert row.covered == _direct_count(demo_db, row.regency_code, segment)
        assert row.target == _direct_target(demo_db, row.regency_code, segment)
        assert row.percent == pytest.approx(100 * row.covered / row.target)
    samarinda = next(r for r in rows if r.regency_code == "64.72")
    assert samarinda.regency_name == "Kota Samarinda"


def test_coverage_ignores_inactive_workers(demo_db: Database) -> None:
    with demo_db.session() as s:
        before = {r.regency_code: r.covered for r in coverage_by_regency(s, TODAY.year)}
        worker = s.scalars(
            select(Worker).where(Worker.regency_code == "64.72", Worker.status == "aktif")
        ).first()
        assert worker is not None
        worker.status = "nonaktif"
        s.flush()
        after = {r.regency_code: r.covered for r in coverage_by_regency(s, TODAY.year)}
        s.rollback()
    assert after["64.72"] == before["64.72"] - 1


def test_funding_members_and_monthly_cost(demo_db: Database) -> None:
    with demo_db.session() as s:
        rows = funding_programs(s)
        direct: dict[uuid.UUID, tuple[int, int]] = {
            program_id: (count, total)
            for program_id, count, total in s.execute(
                select(
                    FundingMember.program_id,
                    func.count(),
                    func.sum(FundingMember.monthly_amount),
                ).group_by(FundingMember.program_id)
            )
        }
    kaltara = next(r for r in rows if "Kalimantan Utara" in r.name)
    assert kaltara.quota == 22_121 and kaltara.monthly_amount == 16_800
    for row in rows:
        members, total = direct.get(row.id, (0, 0))
        assert row.members == members
        # Each member at their own declared income: at least the package's Rp16.800.
        assert row.monthly_total == total >= row.members * 16_800


def test_activities_newest_first(demo_db: Database) -> None:
    with demo_db.session() as s:
        rows = outreach_activities(s)
    assert len(rows) >= 12
    assert [r.held_on for r in rows] == sorted((r.held_on for r in rows), reverse=True)
    assert all(r.regency_name for r in rows)


def test_jakon_deadline_is_fourteen_working_days_after_spk() -> None:
    spk = date(2026, 11, 2)  # a Monday
    assert jakon_status(spk, None, date(2026, 11, 20)) == (
        JakonStatus.NOT_REGISTERED,
        date(2026, 11, 20),
    )
    assert jakon_status(spk, None, date(2026, 11, 23))[0] is JakonStatus.LATE
    assert jakon_status(spk, date(2026, 11, 25), date(2026, 12, 1))[0] is JakonStatus.REGISTERED
    assert jakon_status(None, None, TODAY) == (JakonStatus.NOT_REGISTERED, None)
    # A holiday inside the period moves the deadline one working day.
    holiday = frozenset({date(2026, 11, 10)})
    assert jakon_status(spk, None, date(2026, 11, 23), holiday) == (
        JakonStatus.NOT_REGISTERED,
        date(2026, 11, 23),
    )


def test_packages_flag_late_ones_first(demo_db: Database) -> None:
    with demo_db.session() as s:
        rows = public_works_packages(s, TODAY)
    statuses = [r.status for r in rows]
    assert JakonStatus.LATE in statuses and JakonStatus.REGISTERED in statuses
    assert statuses == sorted(
        statuses,
        key=[JakonStatus.LATE, JakonStatus.NOT_REGISTERED, JakonStatus.REGISTERED].index,
    )
    for row in rows:
        if row.status is JakonStatus.LATE:
            assert row.spk_date and row.deadline and row.deadline < TODAY
            assert row.jakon_registered_on is None
            assert row.contractor_name
