"""Employer registry operations: validation, audit trail, and compliance kept fresh."""

from __future__ import annotations

import json
from datetime import date

import pytest
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import select

from kantor_app.domain.compliance import Status
from kantor_app.services.employers.registry import (
    EmployerInput,
    clean_kbli,
    clean_nib,
    clean_npwp,
    mark_resolved,
    npwp_display,
    record_finding,
    record_payment,
    save_employer,
)
from kantor_app.services.errors import ServiceError
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, ContributionPeriod, Employer


def test_npwp_15_digits_is_stored_in_16_digit_form_and_shown_with_both() -> None:
    assert clean_npwp("01.855.081.4-412.000") == "0018550814412000"
    assert clean_npwp("018550814412000") == "0018550814412000"
    assert clean_npwp("0018550814412000") == "0018550814412000"
    assert npwp_display("0018550814412000") == "0018550814412000 (01.855.081.4-412.000)"
    assert clean_npwp("  ") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("01.855.081.5-412.000", "digit pemeriksanya salah"),
        ("12345", "15 atau 16 digit"),
        ("01.855.081.4-412.00A", "15 atau 16 digit"),
    ],
)
def test_invalid_npwp_is_refused_with_reason(text: str, message: str) -> None:
    with pytest.raises(ServiceError, match=message):
        clean_npwp(text)


def test_nib_and_kbli_formats() -> None:
    assert clean_nib("9120 0012 3456 7") == "9120001234567"
    with pytest.raises(ServiceError, match="13 digit"):
        clean_nib("912000123456")
    assert clean_kbli("1262") == "01262"  # leading zero lost by Excel
    assert clean_kbli("41011") == "41011"
    with pytest.raises(ServiceError, match="5 digit"):
        clean_kbli("4101A")


def test_save_employer_validates_fields(db: Database) -> None:
    with pytest.raises(ServiceError, match="Sektor 'perikanan' tidak dikenal"):
        save_employer(db, EmployerInput(name="PT Ikan", sector="perikanan"))
    with pytest.raises(ServiceError, match="Kelas risiko JKK 'f'"):
        save_employer(db, EmployerInput(name="PT Ikan", jkk_risk_class="f"))
    with pytest.raises(ServiceError, match="Program JKN tidak dikenal"):
        save_employer(db, EmployerInput(name="PT Ikan", programs=frozenset({"JKN"})))
    with pytest.raises(ServiceError, match=r"'99\.99' tidak ada"):
        save_employer(db, EmployerInput(name="PT Ikan", regency_code="99.99"))
    with pytest.raises(ServiceError, match="wajib diisi"):
        save_employer(db, EmployerInput(name="   "))
    with db.session() as session:
        assert session.scalar(select(Employer.id)) is None


def test_create_and_update_write_audit_with_old_values(db: Database) -> None:
    eid = save_employer(
        db,
        EmployerInput(
            name="PT  Mahakam   Jaya",
            npp="1234 5678",
            npwp="01.855.081.4-412.000",
            sector="KONSTRUKSI",
            scale="menengah",
            regency_code="64.02",
            programs=frozenset({"jkk", "JKM"}),
        ),
        username="ani",
        today=TODAY,
    )
    with db.session() as session:
        e = session.get(Employer, eid)
        assert e is not None
        assert (e.name, e.npp, e.npwp, e.sector, e.programs) == (
            "PT Mahakam Jaya",
            "12345678",
            "0018550814412000",
            "konstruksi",
            "JKK,JKM",
        )
        assert e.compliance_status == "pds_program"  # menengah needs JHT and JP too

    save_employer(
        db,
        EmployerInput(
            name="PT Mahakam Jaya",
            npp="12345678",
            npwp="0018550814412000",
            sector="konstruksi",
            scale="menengah",
            regency_code="64.02",
            programs=frozenset({"JKK", "JKM", "JHT", "JP"}),
        ),
        eid,
        username="budi",
        today=TODAY,
    )
    with db.session() as session:
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.at)))
        assert [(ev.action, ev.username) for ev in events] == [
            ("create", "ani"),
            ("update", "budi"),
        ]
        details = json.loads(events[1].details)
        assert details == {"programs": {"old": "JKK,JKM", "new": "JKK,JKM,JHT,JP"}}
        assert session.get(Employer, eid).compliance_status == "patuh"  # type: ignore[union-attr]


def test_duplicate_npp_is_refused(db: Database) -> None:
    add_employer(db, "PT Satu", npp="11112222")
    with pytest.raises(ServiceError, match="NPP 11112222 sudah dipakai"):
        add_employer(db, "PT Dua", npp="11112222")


def test_finding_payment_and_resolution_refresh_status(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db, workers_reported=20)
    add_periods(db, eid, [(2026, 8, 3_000_000, 0)])

    a = record_finding(
        db, eid, date(2026, 11, 10), "inspeksi", 25, None, "5 pekerja kebun", "Rina", today=TODAY
    )
    assert a.statuses == (Status.MENUNGGAK, Status.PDS_TK)
    with db.session() as session:
        e = session.get(Employer, eid)
        assert e is not None and (e.compliance_status, e.arrears_total) == ("menunggak", 3_000_000)

    # Two instalments settle August's contribution, late: its fee stays owed.
    record_payment(db, eid, 2026, 8, 1_000_000, date(2026, 11, 20), today=TODAY)
    a = record_payment(db, eid, 2026, 8, 2_000_000, date(2026, 11, 21), today=TODAY)
    assert a.statuses == (Status.MENUNGGAK, Status.PDS_TK)
    # Due 15 Sep, paid in the third started month (15 Oct, 15 Nov passed): 3 x 2 % of 3 M.
    assert (a.arrears_total, a.late_fee_total) == (0, 180_000)
    with db.session() as session:
        period = session.scalar(
            select(ContributionPeriod).where(ContributionPeriod.employer_id == eid)
        )
        assert period is not None and (period.paid, period.paid_on) == (
            3_000_000,
            date(2026, 11, 21),
        )
        assert session.get(Employer, eid).compliance_status == "menunggak"  # type: ignore[union-attr]

    a = mark_resolved(db, eid, "5 pekerja sudah didaftarkan", username="rina", today=TODAY)
    assert a.statuses == (Status.MENUNGGAK,)
    with pytest.raises(ServiceError, match="tidak memiliki temuan terbuka"):
        mark_resolved(db, eid, "lagi", today=TODAY)
    with db.session() as session:
        actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.at)))
        assert actions == ["create", "finding", "payment", "payment", "resolve"]
        assert session.get(Employer, eid).compliance_status == "menunggak"  # type: ignore[union-attr]


def test_payment_and_finding_input_checks(db: Database) -> None:
    eid = add_employer(db)
    with pytest.raises(ServiceError, match="Bulan 13"):
        record_payment(db, eid, 2026, 13, 1000, TODAY, today=TODAY)
    with pytest.raises(ServiceError, match="lebih dari nol"):
        record_payment(db, eid, 2026, 5, 0, TODAY, today=TODAY)
    with pytest.raises(ServiceError, match="sesudah hari ini"):
        record_payment(db, eid, 2026, 5, 1000, date(2026, 12, 1), today=TODAY)
    with pytest.raises(ServiceError, match="Isi jumlah tenaga kerja"):
        record_finding(db, eid, TODAY, "inspeksi", None, None, today=TODAY)
    with pytest.raises(ServiceError, match="Tulis keterangan"):
        mark_resolved(db, eid, " ", today=TODAY)
