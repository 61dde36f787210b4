"""The labour office table (seeded per province and kab/kota, editable) and the wilayah kerja."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from kantor_app.services.errors import ServiceError
from kantor_app.services.reference import edit
from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.services.reference.labour_offices import (
    BRANCH_PROVINCES,
    list_area_regions,
    save_area,
)
from kantor_app.services.reference.seed import ensure_reference_data
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, LabourOffice, Setting


def test_every_province_and_kab_kota_of_the_branch_has_an_office(db: Database) -> None:
    assert BRANCH_PROVINCES == edit.BRANCH_PROVINCES
    with db.session() as session:
        regions = list_area_regions(session)
    by_code = {r.code: r for r in regions}
    assert by_code["64"].office == "Dinas Tenaga Kerja dan Transmigrasi Provinsi Kalimantan Timur"
    assert by_code["65"].office == "Dinas Tenaga Kerja dan Transmigrasi Provinsi Kalimantan Utara"
    assert by_code["64.72"].office == "Dinas Tenaga Kerja Kota Samarinda"
    assert by_code["65.01"].office == "Dinas Tenaga Kerja Kabupaten Bulungan"
    kab_kota = [r for r in regions if r.level == "kabupaten"]
    assert len(kab_kota) == 15 and all(r.office for r in regions)
    # The seeded wilayah kerja is Kota Samarinda.
    assert [r.code for r in regions if r.in_service_area] == ["64.72"]


def test_the_seed_never_overwrites_an_edited_name(db: Database) -> None:
    save_area(db, {"64.72": "Dinas Tenaga Kerja dan Perindustrian Kota Samarinda"}, ["64.72"])
    with db.transaction() as session:
        session.delete(session.get(LabourOffice, "65.71"))
        session.flush()
        ensure_reference_data(session)  # what every start-up runs
        rows = session.execute(select(LabourOffice.region_code, LabourOffice.name))
        names = {code: name for code, name in rows}
    assert names["64.72"] == "Dinas Tenaga Kerja dan Perindustrian Kota Samarinda"
    assert names["65.71"] == "Dinas Tenaga Kerja Kota Tarakan"  # a missing row comes back


def test_save_area_stores_names_and_wilayah_kerja_with_an_audit_event(db: Database) -> None:
    save_area(
        db,
        {"65.03": "  Dinas Tenaga Kerja   Kabupaten Nunukan "},
        ["65.03", "64.72"],
        username="rina",
    )
    with db.session() as session:
        assert session.get(LabourOffice, "65.03").name == "Dinas Tenaga Kerja Kabupaten Nunukan"  # type: ignore[union-attr]
        assert load_branch_settings(session).service_area == ("64.72", "65.03")
        stored = session.get(Setting, "branch.service_area")
        assert stored is not None and json.loads(stored.value) == ["64.72", "65.03"]
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "labour_office")
        ).one()
    assert event.username == "rina"
    assert "65.03" in event.details and "service_area" in event.details


@pytest.mark.parametrize(
    ("offices", "area", "code"),
    [
        ({"64.72": "   "}, ["64.72"], "labour_office_name_empty"),
        ({"64.72": "D" * 201}, ["64.72"], "labour_office_name_too_long"),
        ({"31.71": "Dinas Tenaga Kerja Jakarta"}, ["64.72"], "labour_office_unknown_region"),
        ({}, ["64"], "service_area_unknown_regency"),
        ({}, ["31.71"], "service_area_unknown_regency"),
        ({}, [], "service_area_empty"),
    ],
)
def test_save_area_refuses_what_a_letter_could_not_use(
    db: Database, offices: dict[str, str], area: list[str], code: str
) -> None:
    with pytest.raises(ServiceError) as caught:
        save_area(db, offices, area)
    assert caught.value.code == code
    with db.session() as session:
        assert session.get(LabourOffice, "64.72").name == "Dinas Tenaga Kerja Kota Samarinda"  # type: ignore[union-attr]
        assert load_branch_settings(session).service_area == ("64.72",)
