"""Compliance from database rows: each status with its figures, rates and UMK from the tables."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

from service_samples import TODAY, UMK_SAMARINDA, add_employer, add_periods, set_umk
from sqlalchemy import select

from kantor_app.domain.compliance import Status
from kantor_app.services.employers.compliance import (
    assess_employer,
    load_context,
    refresh_compliance,
)
from kantor_app.services.employers.registry import record_finding
from kantor_app.store.engine import Database
from kantor_app.store.models import ContributionPeriod, Employer, Rate


def test_compliant_employer_is_patuh(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db)
    for month in range(1, 11):
        # Paid on the 10th of the next month, before the 15th it is due.
        add_periods(db, eid, [(2026, month, 1_000_000, 1_000_000)], date(2026, month + 1, 10))
    with db.session() as session:
        a = assess_employer(session, eid, TODAY)
        assert a.statuses == (Status.PATUH,)
        assert a.arrears_total == 0
        employer = session.get(Employer, eid)
        assert employer is not None and employer.compliance_status == "patuh"


def test_unregistered_employer_is_belum_daftar_with_workers_found(db: Database) -> None:
    eid = add_employer(db, "CV Tanpa NPP", npp=None, programs=frozenset())
    record_finding(db, eid, date(2026, 11, 2), "survei", 14, None, today=TODAY)
    with db.session() as session:
        a = assess_employer(session, eid, TODAY)
        assert a.primary is Status.BELUM_DAFTAR
        assert "ditemukan 14 tenaga kerja" in a.findings[0].reason
        # No separate PDS Program finding for an employer that cannot enrol yet.
        assert Status.PDS_PROGRAM not in a.statuses
        assert session.get(Employer, eid).compliance_status == "belum_daftar"  # type: ignore[union-attr]


def test_arrears_with_late_fee_from_rate_table(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db)
    add_periods(
        db,
        eid,
        [(2026, 6, 12_500_000, 0), (2026, 7, 12_500_000, 2_500_000), (2026, 10, 9_000_000, 0)],
    )
    with db.session() as session:
        a = assess_employer(session, eid, TODAY)
    assert a.primary is Status.MENUNGGAK
    # Every started month counts. October's contribution is due 16 November (15th is
    # a Sunday): 1 month. June: due 15 July; 15 Aug, Sep, Oct, Nov passed and 23 Nov
    # starts the fifth -> 5 x 2 % of 12.5 M = 1,250,000. July: due Mon 17 August,
    # 4 started months on the 10 M owed; the 2.5 M paid carries no date, so no fee.
    assert [
        (line.month, line.outstanding, line.months_late, line.late_fee) for line in a.arrears
    ] == [
        (6, 12_500_000, 5, 1_250_000),
        (7, 10_000_000, 4, 800_000),
        (10, 9_000_000, 1, 180_000),
    ]
    assert a.arrears_total == 31_500_000
    assert a.late_fee_total == 2_230_000
    assert "Menunggak 3 bulan" in a.findings[0].reason
    assert "Rp31.500.000" in a.findings[0].reason
    with db.transaction() as session:
        refresh_compliance(session, [eid], today=TODAY)
    with db.session() as session:
        employer = session.get(Employer, eid)
        assert employer is not None
        assert (employer.compliance_status, employer.arrears_total) == ("menunggak", 31_500_000)

    # A new late-fee rate from 1 November 2026 in the table changes the figures.
    with db.transaction() as session:
        session.add(
            Rate(
                program="DENDA_TELAT",
                segment="PU",
                value=Decimal("3"),
                unit="%",
                valid_from=date(2026, 11, 1),
                legal_basis="uji",
            )
        )
    with db.session() as session:
        assert load_context(session, TODAY).late_fee_rate == Decimal("3")
        a = assess_employer(session, eid, TODAY)
        assert a.arrears[0].late_fee == 1_875_000  # 5 x 3 % of 12.5 M
        # Before the new rate's validity the old one applies: on 30 Oct the fourth
        # month since 15 July has started -> 4 x 2 % of 12.5 M.
        assert assess_employer(session, eid, date(2026, 10, 30)).arrears[0].late_fee == 1_000_000


def test_pds_tenaga_kerja_from_latest_unresolved_finding(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db, workers_reported=20)
    record_finding(db, eid, date(2026, 9, 1), "inspeksi", 40, None, today=TODAY)
    record_finding(db, eid, date(2026, 11, 1), "inspeksi", 26, None, today=TODAY)
    with db.session() as session:
        a = assess_employer(session, eid, TODAY)
    assert a.statuses == (Status.PDS_TK,)
    assert a.findings[0].reason == "Tenaga kerja dilaporkan 20, ditemukan 26 (6 belum didaftarkan)"


def test_pds_upah_against_umk_table_and_wage_found(db: Database) -> None:
    set_umk(db, amount=UMK_SAMARINDA)
    eid = add_employer(db, wage_reported=3_800_000)
    with db.session() as session:
        a = assess_employer(session, eid, TODAY)
    assert a.statuses == (Status.PDS_UPAH,)
    assert "di bawah UMK Rp4.000.000" in a.findings[0].reason

    record_finding(db, eid, date(2026, 11, 2), "inspeksi", None, 4_600_000, today=TODAY)
    with db.session() as session:
        reason = assess_employer(session, eid, TODAY).findings[0].reason
    assert reason == (
        "Upah rata-rata dilaporkan Rp3.800.000, di bawah upah hasil pemeriksaan Rp4.600.000 "
        "dan di bawah UMK Rp4.000.000"
    )


def test_pds_program_by_scale(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db, scale="menengah", programs=frozenset({"JKK", "JKM", "JHT"}))
    small = add_employer(db, "UD Kecil", scale="kecil", programs=frozenset({"JKK", "JKM", "JHT"}))
    with db.session() as session:
        a = assess_employer(session, eid, TODAY)
        assert a.statuses == (Status.PDS_PROGRAM,)
        assert "JP" in a.findings[0].reason
        assert assess_employer(session, small, TODAY).primary is Status.PATUH


def test_refresh_compliance_updates_stale_status_in_batch(db: Database) -> None:
    set_umk(db)
    ids = [add_employer(db, f"PT Batch {n}", npp=f"5{n:07d}") for n in range(60)]
    # Data changed behind the services' back (e.g. an import): the cache is stale.
    with db.transaction() as session:
        for eid in ids[:20]:
            session.add(
                ContributionPeriod(employer_id=eid, year=2026, month=8, due=2_000_000, paid=0)
            )
    with db.transaction() as session:
        started = time.perf_counter()
        changed = refresh_compliance(session, today=TODAY)
        elapsed = time.perf_counter() - started
    assert changed == 20
    assert elapsed < 2.0
    with db.session() as session:
        rows = dict(session.execute(select(Employer.id, Employer.compliance_status)).tuples().all())
    assert {rows[i] for i in ids[:20]} == {"menunggak"}
    assert {rows[i] for i in ids[20:]} == {"patuh"}
    with db.transaction() as session:
        assert refresh_compliance(session, today=TODAY) == 0  # nothing left to change
