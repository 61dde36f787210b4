"""One Jakon reminder per contractor, listing every overdue package in figures and words."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from pypdf import PdfReader
from service_samples import TODAY, add_employer, set_umk

from kantor_app.services.letters.issuing import issue_letters
from kantor_app.store.engine import Database
from kantor_app.store.models import Letter, PublicWorksPackage

# Numbered letters need the branch's own letterhead and signatory (readiness).
pytestmark = pytest.mark.usefixtures("real_branch")


def pdf_words(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def add_package(
    db: Database, contractor: object, kd_rup: str, name: str, value: int, spk: date
) -> None:
    with db.transaction() as session:
        session.add(
            PublicWorksPackage(
                kd_rup=kd_rup,
                name=name,
                pagu=value,
                fiscal_year=2026,
                contractor_id=contractor,
                contract_value=value,
                spk_date=spk,
            )
        )


def test_one_letter_lists_both_overdue_packages_with_words(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db, "CV Karya Mahakam", sector="konstruksi")
    add_package(db, eid, "45200001", "Jembatan Mahakam IV", 2_000_000_000, date(2026, 11, 2))
    add_package(db, eid, "45200002", "Drainase Jalan Juanda", 100_000_000, date(2026, 10, 1))
    # Inside its 14 working days (until 30 November): not in this letter.
    add_package(db, eid, "45200003", "Taman Kota Baru", 300_000_000, date(2026, 11, 10))
    issued = issue_letters(db, "jakon", [eid], today=TODAY)
    assert len(issued) == 1
    with db.session() as session:
        letter = session.get(Letter, issued[0].letter_id)
        assert letter is not None and letter.pdf is not None
        text = pdf_words(bytes(letter.pdf))
        fields = json.loads(letter.content_json)["fields"]
    # Earliest period first; each package with its value and contribution in words.
    assert fields["temuan"] == (
        "2 (dua) paket pekerjaan yang pekerjanya sampai dengan tanggal surat ini belum "
        "didaftarkan dalam program JKK dan JKM, padahal batas waktu 14 (empat belas) hari kerja "
        "sejak SPK masing-masing telah berakhir, yaitu (1) Drainase Jalan Juanda (kode RUP "
        "45200002) dengan nilai kontrak Rp100.000.000 (seratus juta rupiah) berdasarkan SPK "
        "tanggal 1 Oktober 2026, iuran JKK dan JKM Rp240.000 (dua ratus empat puluh ribu "
        "rupiah); dan (2) Jembatan Mahakam IV (kode RUP 45200001) dengan nilai kontrak "
        "Rp2.000.000.000 (dua miliar rupiah) berdasarkan SPK tanggal 2 November 2026, iuran JKK "
        "dan JKM Rp2.950.000 (dua juta sembilan ratus lima puluh ribu rupiah). Jumlah iuran JKK "
        "dan JKM berdasarkan nilai kontrak adalah Rp3.190.000 (tiga juta seratus sembilan puluh "
        "ribu rupiah), dengan rincian sebagai berikut:"
    )
    assert "Taman Kota Baru" not in text
    assert "merupakan pelaksana 2 (dua) paket pekerjaan" in text
    # The table: both packages and the totals.
    assert "Paket (kode RUP)" in text and "Tanggal SPK" in text
    assert "Rp2.100.000.000" in text and "Rp3.190.000" in text
    assert "Peraturan Menteri Ketenagakerjaan Nomor 5 Tahun 2021 tentang Tata Cara" in text
    assert "Ketenagakerjaan Nomor 44 Tahun 2015" not in text


def test_teguran_for_an_overdue_project_names_it(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db, "CV Patuh Lain", sector="konstruksi")
    add_package(db, eid, "45200009", "Gedung Serbaguna", 500_000_000, date(2026, 11, 2))
    issued = issue_letters(db, "teguran-1", [eid], today=TODAY)[0]
    with db.session() as session:
        letter = session.get(Letter, issued.letter_id)
        assert letter is not None
        temuan = json.loads(letter.content_json)["fields"]["temuan"]
    assert temuan == (
        "tercatat belum mendaftarkan pekerja proyek Gedung Serbaguna (kode RUP 45200009, SPK "
        "tanggal 2 November 2026) dalam program JKK dan JKM, padahal batas waktu 14 (empat "
        "belas) hari kerja sejak SPK telah berakhir."
    )
