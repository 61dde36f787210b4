"""Tembusan go to the labour offices of the employer's own province and kab/kota."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from branch_samples import ready_branch
from pypdf import PdfReader
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import delete, func, select

from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.issuing import issue_letters
from kantor_app.services.reference.labour_offices import save_area
from kantor_app.store.engine import Database
from kantor_app.store.models import LabourOffice, Letter

CLOCK = "kantor_app.services.letters.dating.clock"


@pytest.fixture(autouse=True)
def _branch(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CLOCK, lambda: TODAY)
    ready_branch(db)


def arrears(db: Database, name: str, regency: str) -> uuid.UUID:
    set_umk(db, regency)
    eid = add_employer(db, name, regency_code=regency)
    add_periods(db, eid, [(2026, 8, 10_000_000, 0)])
    return eid


def tembusan(db: Database, letter_id: uuid.UUID) -> list[str]:
    with db.session() as session:
        row = session.get(Letter, letter_id)
        assert row is not None
        result: list[str] = json.loads(row.content_json)["content"]["tembusan"]
        return result


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_a_kaltara_employer_is_copied_to_the_kaltara_offices(db: Database) -> None:
    eid = arrears(db, "PT Tarakan Bahari", "65.71")
    letter = issue_letters(db, "tunggakan", [eid], today=TODAY)[0]
    assert tembusan(db, letter.letter_id) == [
        "Kepala Dinas Tenaga Kerja dan Transmigrasi Provinsi Kalimantan Utara",
        "Kepala Dinas Tenaga Kerja Kota Tarakan",
        "Arsip",
    ]
    with db.session() as session:
        row = session.get(Letter, letter.letter_id)
        assert row is not None
        text = pdf_text(row.pdf)
    assert "Provinsi Kalimantan Utara" in text
    assert "Kalimantan Timur" not in text.split("Tembusan")[-1]


def test_a_kaltim_teguran_1_copies_the_kaltim_offices_then_the_archive(db: Database) -> None:
    eid = arrears(db, "PT Kukar Jaya", "64.02")
    letter = issue_letters(db, "teguran-1", [eid], today=TODAY)[0]
    assert tembusan(db, letter.letter_id) == [
        "Kepala Dinas Tenaga Kerja dan Transmigrasi Provinsi Kalimantan Timur",
        "Kepala Dinas Tenaga Kerja Kabupaten Kutai Kartanegara",
        "Arsip",
    ]


def test_an_edited_office_name_is_what_the_letter_copies(db: Database) -> None:
    eid = arrears(db, "PT Bontang Gas", "64.74")
    area = ready_branch(db).service_area
    save_area(db, {"64.74": "Dinas Ketenagakerjaan  Kota Bontang"}, area)
    letter = issue_letters(db, "tunggakan", [eid], today=TODAY)[0]
    assert tembusan(db, letter.letter_id)[1] == "Kepala Dinas Ketenagakerjaan Kota Bontang"


def test_a_missing_office_is_refused_naming_the_region_and_where_to_fill_it(
    db: Database,
) -> None:
    eid = arrears(db, "PT Malinau Hijau", "65.02")
    with db.transaction() as session:
        session.execute(delete(LabourOffice).where(LabourOffice.region_code == "65.02"))
    with pytest.raises(ServiceError) as caught:
        issue_letters(db, "tunggakan", [eid], today=TODAY)
    assert caught.value.code == "labour_office_missing"
    assert "Kabupaten Malinau (65.02)" in str(caught.value)
    assert "Pengaturan > Wilayah Kerja" in str(caught.value)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Letter)) == 0


def test_an_employer_without_kab_kota_is_refused_saying_where_to_fill_it(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db, "PT Tanpa Wilayah", regency_code=None)
    add_periods(db, eid, [(2026, 8, 10_000_000, 0)])
    with pytest.raises(ServiceError) as caught:
        issue_letters(db, "tunggakan", [eid], today=TODAY)
    assert caught.value.code == "letter_employer_without_regency"
    assert "PT Tanpa Wilayah" in str(caught.value) and "data perusahaan" in str(caught.value)
