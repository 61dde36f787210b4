"""Editing holidays, UMK and branch settings: replace per year, validation, compliance, audit."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import select

from kantor_app.services.errors import ServiceError
from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.services.reference.edit import (
    list_holidays,
    list_minimum_wages,
    save_holidays,
    save_minimum_wages,
    save_settings,
)
from kantor_app.services.reference.seed import load_holidays, load_minimum_wages
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, Employer


def _audits(db: Database, entity: str) -> list[AuditEvent]:
    with db.session() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.at)
            )
        )


def test_save_holidays_replaces_only_that_year(db: Database) -> None:
    with db.session() as session:
        before_2027 = list_holidays(session, 2027)
        assert list_holidays(session, 2026)  # seeded from resources/reference/holidays.csv
    rows = [(date(2026, 12, 25), "Hari Raya Natal"), (date(2026, 8, 17), "  Hari   Kemerdekaan ")]
    assert save_holidays(db, 2026, rows, username="ani") == 2
    with db.session() as session:
        assert list_holidays(session, 2026) == [
            (date(2026, 8, 17), "Hari Kemerdekaan"),
            (date(2026, 12, 25), "Hari Raya Natal"),
        ]
        assert list_holidays(session, 2027) == before_2027
        assert date(2026, 1, 1) not in load_holidays(session)
    (audit,) = _audits(db, "holiday")
    assert audit.username == "ani" and audit.entity_id == "2026"
    details = json.loads(audit.details)
    assert ["2026-01-01", "Tahun Baru 2026 Masehi"] in details["old"]
    assert details["new"] == [["2026-08-17", "Hari Kemerdekaan"], ["2026-12-25", "Hari Raya Natal"]]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(date(2026, 1, 1), "Tahun Baru"), (date(2027, 1, 1), "Tahun Baru")], "Baris 2"),
        ([(date(2026, 3, 1), "  ")], "nama hari libur masih kosong"),
        (
            [(date(2026, 5, 1), "Hari Buruh"), (date(2026, 5, 1), "May Day")],
            "sudah ada di baris 1",
        ),
    ],
)
def test_save_holidays_rejects_bad_rows_and_changes_nothing(
    db: Database, rows: list[tuple[date, str]], message: str
) -> None:
    with db.session() as session:
        before = list_holidays(session, 2026)
    with pytest.raises(ServiceError, match=message):
        save_holidays(db, 2026, rows)
    with db.session() as session:
        assert list_holidays(session, 2026) == before
    assert _audits(db, "holiday") == []


def test_list_minimum_wages_names_every_branch_regency(db: Database) -> None:
    with db.session() as session:
        wages = list_minimum_wages(session, 2026)
        missing = list_minimum_wages(session, 2031)
    assert len(wages) == 15
    by_code = {w.code: w for w in wages}
    assert by_code["64.72"].name == "Kota Samarinda" and by_code["64.72"].amount
    assert by_code["65.71"].name == "Kota Tarakan"
    assert {w.amount for w in missing} == {None}


def _status(db: Database, eid: object) -> str:
    with db.session() as session:
        employer = session.get(Employer, eid)
        assert employer is not None
        return employer.compliance_status


def test_umk_change_moves_employer_into_and_out_of_pds_upah(db: Database) -> None:
    set_umk(db, amount=3_000_000)
    eid = add_employer(db, wage_reported=3_500_000)
    for month in range(1, 11):
        # Paid on the 10th of the next month, before the 15th it is due.
        add_periods(db, eid, [(2026, month, 1_000_000, 1_000_000)], date(2026, month + 1, 10))
    save_minimum_wages(db, 2026, {"64.72": 3_000_000}, today=TODAY)  # no change: no refresh
    assert _status(db, eid) == "patuh"

    changed = save_minimum_wages(db, 2026, {"64.72": 3_579_313}, username="ani", today=TODAY)
    assert changed == 1
    assert _status(db, eid) == "pds_upah"
    with db.session() as session:
        assert load_minimum_wages(session, 2026)["64.72"] == 3_579_313

    save_minimum_wages(db, 2026, {"64.72": 3_400_000}, today=TODAY)
    assert _status(db, eid) == "patuh"

    audits = _audits(db, "minimum_wage")
    assert len(audits) == 2
    first = json.loads(audits[0].details)
    assert audits[0].username == "ani"
    assert first["changes"] == {"64.72": {"old": 3_000_000, "new": 3_579_313}}


def test_umk_none_deletes_and_new_year_is_added(db: Database) -> None:
    save_minimum_wages(db, 2027, {"64.01": 4_300_000, "65.71": 4_400_000}, today=TODAY)
    save_minimum_wages(db, 2027, {"64.01": None}, today=TODAY)
    with db.session() as session:
        wages = {w.code: w.amount for w in list_minimum_wages(session, 2027)}
    assert wages["64.01"] is None and wages["65.71"] == 4_400_000


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ({"64.72": 0}, "Kota Samarinda tahun 2026: jumlah harus rupiah bulat"),
        ({"64.72": -5}, "lebih dari Rp0"),
        ({"31.71": 5_000_000}, "bukan wilayah Kalimantan Timur"),
        ({"64.72": 40_000_000_000}, "terlalu besar"),
    ],
)
def test_umk_rejects_bad_amounts(db: Database, amounts: dict[str, int], message: str) -> None:
    with pytest.raises(ServiceError, match=message):
        save_minimum_wages(db, 2026, amounts, today=TODAY)
    assert _audits(db, "minimum_wage") == []


def test_settings_round_trip_with_audit(db: Database) -> None:
    with db.session() as session:
        old = load_branch_settings(session)
    new = replace(
        old,
        signatory_name="Rahmat Hidayat",
        signatory_id="NPK 12345",
        number_pattern="{seq3}/{kode}/SMD/{tahun}",
        classification_codes={**old.classification_codes, "jakon": "JK.9"},
    )
    save_settings(db, new, username="ani")
    with db.session() as session:
        loaded = load_branch_settings(session)
    assert loaded.signatory_name == "Rahmat Hidayat"
    assert loaded.number_pattern == "{seq3}/{kode}/SMD/{tahun}"
    assert loaded.code_for("jakon") == "JK.9"
    (audit,) = _audits(db, "setting")
    details = json.loads(audit.details)
    assert details["old"]["signatory_name"] == "Nama Kepala Kantor Cabang"
    assert details["new"]["signatory_name"] == "Rahmat Hidayat"
    assert "org_name" not in details["new"]  # unchanged fields are not listed

    save_settings(db, new)  # nothing changed: no second audit row
    assert len(_audits(db, "setting")) == 1


def test_settings_with_invalid_pattern_store_nothing(db: Database) -> None:
    with db.session() as session:
        old = load_branch_settings(session)
    with pytest.raises(ServiceError, match=r"\{seq\}"):
        save_settings(db, replace(old, signatory_name="X", number_pattern="{kode}/{tahun}"))
    with db.session() as session:
        assert load_branch_settings(session).signatory_name == old.signatory_name
