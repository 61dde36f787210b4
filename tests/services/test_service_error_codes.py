"""Refusals carry a stable code and a template the English .ts translates (no Qt needed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from kantor_app.resources import resource_path
from kantor_app.services.backup import backup_to
from kantor_app.services.employers.identifiers import clean_npwp
from kantor_app.services.employers.importing import UnreadableFile, import_employers
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.kinds import require_kind
from kantor_app.services.letters.numbering import format_letter_number
from kantor_app.services.reference.branch_settings import validate_number_pattern
from kantor_app.services.reference.edit import save_holidays
from kantor_app.services.roster.edit import validate_worker
from kantor_app.services.roster.rows import WorkerData
from kantor_app.services.spreadsheets.reader import open_workbook
from kantor_app.store.engine import Database, sqlite_path


def _english() -> dict[str, str]:
    """Template -> English translation, context ServiceError of the committed .ts."""
    found: dict[str, str] = {}
    root = ET.parse(resource_path("translations", "kantor_en.ts")).getroot()
    for context in root.iter("context"):
        if context.findtext("name") != "ServiceError":
            continue
        for message in context.iter("message"):
            found[message.findtext("source", "")] = message.findtext("translation", "")
    return found


def _english_of(exc: ServiceError) -> str:
    translation = _english().get(exc.template)
    assert translation, f"no English for {exc.template!r}"
    return exc.render(translation)


def test_unknown_letter_kind() -> None:
    with pytest.raises(ServiceError) as caught:
        require_kind("somasi")
    exc = caught.value
    assert exc.code == "unknown_letter_kind"
    assert str(exc).startswith("Jenis surat 'somasi' tidak dikenal. Pilihan: teguran-1, ")
    assert _english_of(exc).startswith("Unknown letter type 'somasi'. Choices: teguran-1, ")


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "peserta.xlsx"
    path.write_bytes(b"\x00\x01\x02 not a spreadsheet \x00" * 20)
    with pytest.raises(ServiceError) as caught:
        open_workbook(path)
    exc = caught.value
    assert exc.code == "not_a_workbook"
    assert str(exc) == (
        "Berkas 'peserta.xlsx' tidak dapat dibaca: format berkas tidak dikenal; "
        "ini bukan buku kerja Excel (.xlsx)."
    )
    assert _english_of(exc) == (
        "File 'peserta.xlsx' cannot be read: unknown file format; "
        "this is not an Excel workbook (.xlsx)."
    )


def test_a_csv_file_named_like_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "peserta.xlsx"
    path.write_text("NIK;Nama\n6472010101900001;Rahmat\n", encoding="utf-8")
    with pytest.raises(ServiceError) as caught:
        open_workbook(path)
    assert caught.value.code == "file_is_csv"
    assert _english_of(caught.value).startswith(
        "File 'peserta.xlsx' cannot be read: it is a CSV text file named like an Excel file."
    )


def test_backup_onto_the_open_database(db: Database) -> None:
    source = sqlite_path(db.url)
    assert source is not None
    with pytest.raises(ServiceError) as caught:
        backup_to(db, source)
    exc = caught.value
    assert exc.code == "backup_onto_database"
    assert str(exc) == "Berkas cadangan tidak boleh sama dengan basis data yang sedang dibuka."
    assert _english_of(exc) == "The backup file cannot be the database that is currently open."


def test_holiday_outside_the_year_names_row_date_and_year(db: Database) -> None:
    rows = [(date(2026, 1, 1), "Tahun Baru"), (date(2025, 11, 25), "Hari Guru")]
    with pytest.raises(ServiceError) as caught:
        save_holidays(db, 2026, rows)
    exc = caught.value
    assert exc.code == "holiday_wrong_year"
    assert exc.fields["row"] == 2 and exc.fields["year"] == 2026
    assert str(exc).startswith("Baris 2: tanggal 25 November 2025 bukan tahun 2026.")
    assert _english_of(exc) == (
        "Row 2: the date 25 November 2025 is not in 2026. "
        "This table is only for the holidays of 2026."
    )


def test_pattern_braces_are_kept_when_there_are_no_fields() -> None:
    with pytest.raises(ServiceError) as caught:
        validate_number_pattern("{kode}/{tahun}")
    exc = caught.value
    assert exc.code == "number_pattern_without_seq"
    assert str(exc) == "Pola nomor surat harus memuat nomor urut {seq} atau {seq3}."
    assert _english_of(exc) == (
        "The letter number pattern must contain the running number {seq} or {seq3}."
    )


def test_same_refusal_same_code_in_both_modules() -> None:
    """The settings check and the numbering both refuse a broken pattern as one code."""
    with pytest.raises(ServiceError) as checked:
        validate_number_pattern("{seq")
    with pytest.raises(ServiceError) as formatted:
        format_letter_number("{seq}/{nope}", 1, "UM", date(2026, 3, 2))
    assert checked.value.code == formatted.value.code == "number_pattern_invalid"


def test_employer_and_worker_refusals_read_english() -> None:
    with pytest.raises(ServiceError) as caught:
        clean_npwp("01.855.081.4-412.00")
    exc = caught.value
    assert exc.code == "npwp_format"
    assert str(exc).startswith("NPWP '01.855.081.4-412.00' harus 15 atau 16 digit angka")
    assert _english_of(exc).startswith("NPWP '01.855.081.4-412.00' must be 15 or 16 digits")

    with pytest.raises(ServiceError) as caught:
        validate_worker(WorkerData(nik="6472014508900012", name="Siti Aminah", segment="XYZ"))
    exc = caught.value
    assert exc.code == "segment_unknown"
    assert str(exc) == "Segmen 'XYZ' tidak dikenal."
    assert _english_of(exc) == "Unknown segment 'XYZ'."

    with pytest.raises(ServiceError) as caught:
        validate_worker(WorkerData(nik="12345", name="Siti Aminah"))
    assert caught.value.code == "nik_format"  # the NIK check's own reason code


def test_the_employer_import_keeps_the_readers_refusal(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "perusahaan.xlsx"
    path.write_text("NPP;Nama Perusahaan\n123;PT Satu\n", encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        import_employers(db, path)
    exc = caught.value
    # The reader's code and template, not a copy of its Indonesian text.
    assert exc.code.startswith("file_is_")
    assert _english_of(exc).startswith("File 'perusahaan.xlsx' cannot be read")
