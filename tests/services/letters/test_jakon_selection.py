"""Jakon by project: overdue packages pick the contractors, whatever their status."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from branch_samples import ready_branch
from service_samples import TODAY, add_employer, set_umk
from sqlalchemy import delete

from kantor_app.domain.compliance import Status
from kantor_app.services.employers.compliance import assess_employer, refresh_compliance
from kantor_app.services.employers.query import EmployerFilter, employer_ids
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.eligibility import check_eligibility
from kantor_app.services.letters.issuing import issue_letters
from kantor_app.services.letters.recipients import choose_recipients
from kantor_app.services.reference.seed import JAKON_BAND_PROGRAM
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer, PublicWorksPackage, Rate

# 2 November + 14 working days = 20 November: overdue on 23 November.
OVERDUE_SPK = date(2026, 11, 2)
# 10 November + 14 working days = 30 November: still inside the period.
RECENT_SPK = date(2026, 11, 10)


def add_package(
    db: Database,
    contractor: uuid.UUID,
    kd_rup: str,
    spk: date,
    *,
    registered_on: date | None = None,
    value: int = 2_000_000_000,
) -> None:
    with db.transaction() as session:
        session.add(
            PublicWorksPackage(
                kd_rup=kd_rup,
                name=f"Paket {kd_rup}",
                pagu=value,
                fiscal_year=2026,
                contractor_id=contractor,
                contract_value=value,
                spk_date=spk,
                jakon_registered_on=registered_on,
            )
        )


@pytest.fixture
def contractors(db: Database) -> dict[str, uuid.UUID]:
    """Three compliant contractors: one overdue, one in period, one registered."""
    ready_branch(db)
    set_umk(db)
    ids = {
        name: add_employer(db, f"CV {name}", sector="konstruksi")
        for name in ("Lewat", "Baru", "Terdaftar")
    }
    add_package(db, ids["Lewat"], "45100001", OVERDUE_SPK)
    add_package(db, ids["Baru"], "45100002", RECENT_SPK)
    add_package(db, ids["Terdaftar"], "45100003", OVERDUE_SPK, registered_on=date(2026, 11, 5))
    return ids


def test_batch_picks_the_compliant_contractor_with_an_overdue_project(
    db: Database, contractors: dict[str, uuid.UUID]
) -> None:
    recipients = choose_recipients(db, "jakon", TODAY)
    assert recipients.employer_ids == [contractors["Lewat"]]
    # The project inside its 14 working days is skipped with the day its period ends.
    assert recipients.skipped == {
        contractors["Baru"]: "paket Paket 45100002 (kode RUP 45100002) masih dalam masa "
        "pendaftaran Jakon sampai dengan 30 November 2026"
    }
    assert contractors["Terdaftar"] not in recipients.skipped
    assert choose_recipients(db, "jakon", TODAY, sector="kelapa_sawit").employer_ids == []


def test_in_period_and_registered_projects_get_no_reminder(
    db: Database, contractors: dict[str, uuid.UUID]
) -> None:
    with db.session() as session:
        refused = check_eligibility(session, "jakon", list(contractors.values()), TODAY)
    assert set(refused) == {contractors["Baru"], contractors["Terdaftar"]}
    assert "sampai dengan 30 November 2026" in refused[contractors["Baru"]]
    assert "belum didaftarkan Jakon" in refused[contractors["Terdaftar"]]
    with pytest.raises(ServiceError, match="sampai dengan 30 November 2026"):
        issue_letters(db, "jakon", [contractors["Baru"]], today=TODAY)
    # A day after the period ends the same project is overdue.
    with db.session() as session:
        later = check_eligibility(session, "jakon", [contractors["Baru"]], date(2026, 12, 1))
    assert later == {}


def test_overdue_project_makes_its_contractor_non_compliant(
    db: Database, contractors: dict[str, uuid.UUID]
) -> None:
    with db.transaction() as session:
        refresh_compliance(session, today=TODAY)
    with db.session() as session:
        a = assess_employer(session, contractors["Lewat"], TODAY)
        assert a.statuses == (Status.JAKON,)
        assert a.findings[0].reason == (
            "Proyek Paket 45100001 (kode RUP 45100001) belum didaftarkan Jakon, lewat 14 hari "
            "kerja sejak SPK 2 November 2026"
        )
        stored = {i: session.get(Employer, i).compliance_status for i in contractors.values()}  # type: ignore[union-attr]
        assert stored == {
            contractors["Lewat"]: "jakon",
            contractors["Baru"]: "patuh",
            contractors["Terdaftar"]: "patuh",
        }
        # The employer list's status filter finds it.
        assert employer_ids(session, EmployerFilter(status="jakon")) == [contractors["Lewat"]]


def test_a_package_without_a_contract_value_or_band_table_gets_no_reminder(
    db: Database, contractors: dict[str, uuid.UUID]
) -> None:
    # Only known figures on paper: a contribution Kantor cannot compute is not printed as Rp0.
    tanpa = add_employer(db, "CV Tanpa Nilai", sector="konstruksi")
    add_package(db, tanpa, "45100009", OVERDUE_SPK, value=0)
    with db.session() as session:
        refused = check_eligibility(session, "jakon", [tanpa, contractors["Lewat"]], TODAY)
    assert refused == {tanpa: "nilai kontrak paket belum diisi: Paket 45100009 (kode RUP 45100009)"}
    with db.transaction() as session:
        session.execute(delete(Rate).where(Rate.program == JAKON_BAND_PROGRAM))
    with db.session() as session:
        refused = check_eligibility(session, "jakon", [contractors["Lewat"]], TODAY)
    assert "tabel tarif Jakon menurut nilai kontrak belum ada" in refused[contractors["Lewat"]]


def test_no_second_reminder_in_its_period_and_none_during_a_case(
    db: Database, contractors: dict[str, uuid.UUID]
) -> None:
    lewat = contractors["Lewat"]
    first = issue_letters(db, "jakon", [lewat], today=TODAY)[0]
    with pytest.raises(ServiceError, match=f"pengingat Jakon nomor {first.number} masih"):
        issue_letters(db, "jakon", [lewat], today=TODAY)
    issue_letters(db, "teguran-1", [lewat], today=TODAY)
    with db.session() as session:
        refused = check_eligibility(session, "jakon", [lewat], date(2027, 3, 1))
    assert "sudah ditegur dalam kasus yang berjalan" in refused[lewat]
