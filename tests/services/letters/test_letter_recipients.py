"""Who a batch of letters goes to (services/letters/recipients) and the old import path."""

from __future__ import annotations

import pytest
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import select

from kantor_app.services.errors import ServiceError
from kantor_app.services.letters import (
    content,
    eligibility,
    issue,
    issuing,
    kinds,
    numbering,
    recipients,
    register,
)
from kantor_app.services.letters.recipients import (
    choose_recipients,
    employer_ids_by_npp,
    employer_names,
)
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer


def test_by_npp_in_the_order_given_as_people_type_them(db: Database) -> None:
    a = add_employer(db, "PT A", npp="11110000")
    b = add_employer(db, "PT B", npp="22220000")
    chosen = choose_recipients(db, "teguran-1", TODAY, npps=["2222 0000", "11110000", "22220000"])
    assert chosen.employer_ids == [b, a]
    assert chosen.skipped == {}  # named employers are checked by issue_letters, not skipped


def test_unknown_npps_are_named(db: Database) -> None:
    add_employer(db, "PT A", npp="11110000")
    with db.session() as session, pytest.raises(ServiceError) as raised:
        employer_ids_by_npp(session, ["99990000", "11110000", "88880000"])
    assert str(raised.value) == "NPP tidak ditemukan: 99990000, 88880000"


def test_all_noncompliant_brings_statuses_up_to_date_first(db: Database) -> None:
    set_umk(db)
    late = add_employer(db, "PT Telat Bayar")
    add_employer(db, "PT Patuh")
    # Arrears added behind the registry's back: the stored status still says patuh.
    add_periods(db, late, [(2026, 8, 2_000_000, 0)])
    with db.session() as session:
        stored = session.scalar(select(Employer.compliance_status).where(Employer.id == late))
    assert stored == "patuh"

    chosen = choose_recipients(db, "tunggakan", TODAY)
    assert chosen.employer_ids == [late]
    assert chosen.skipped == {}


def test_all_noncompliant_skips_those_that_do_not_qualify_with_the_reason(db: Database) -> None:
    set_umk(db)
    late = add_employer(db, "PT Telat Bayar")
    add_periods(db, late, [(2026, 8, 2_000_000, 0)])
    unregistered = add_employer(db, "PT Bangun", sector="konstruksi", regency_code="64.02")
    add_periods(db, unregistered, [(2026, 8, 700_000, 0)])

    chosen = choose_recipients(db, "teguran-2", TODAY)
    assert chosen.employer_ids == []
    assert chosen.skipped == {
        late: "belum ada kasus kepatuhan yang dibuka dengan Teguran Tertulis I",
        unregistered: "belum ada kasus kepatuhan yang dibuka dengan Teguran Tertulis I",
    }
    by_regency = choose_recipients(db, "tunggakan", TODAY, regency_code="64.02")
    assert by_regency.employer_ids == [unregistered]
    by_sector = choose_recipients(db, "tunggakan", TODAY, sector="kelapa_sawit")
    assert by_sector.employer_ids == [late]


def test_unknown_kind_is_refused(db: Database) -> None:
    with pytest.raises(ServiceError, match="Jenis surat 'teguran-3' tidak dikenal"):
        choose_recipients(db, "teguran-3", TODAY)


def test_employer_names_of_those_that_exist(db: Database) -> None:
    a = add_employer(db, "PT A")
    b = add_employer(db, "PT B")
    gone = add_employer(db, "PT Hilang")
    with db.transaction() as session:
        session.delete(session.get(Employer, gone))
    assert employer_names(db, [a, b, gone]) == {a: "PT A", b: "PT B"}
    assert employer_names(db, []) == {}


def test_the_old_module_re_exports_every_public_name_from_its_new_home() -> None:
    homes = (content, eligibility, issuing, kinds, numbering, recipients, register)
    for name in issue.__all__:
        owners = [m for m in homes if name in m.__all__]
        assert len(owners) == 1, name
        assert getattr(issue, name) is getattr(owners[0], name)
