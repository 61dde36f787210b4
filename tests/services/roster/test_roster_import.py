"""Roster import: preview, normalisation, every rejection code, warnings, upsert, error workbook."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from sqlalchemy import func, select

from kantor_app.domain.textnorm import fold
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.roster.importing.bulk_writer import BulkWriterProcess
from kantor_app.services.roster.importing.columns import ColumnMapping
from kantor_app.services.roster.importing.importer import (
    ImportResult,
    import_roster,
    name_key,
    preview_roster,
)
from kantor_app.services.spreadsheets.error_workbook import default_errors_path
from kantor_app.services.spreadsheets.mapping import header_key
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, FundingMember, FundingProgram, Worker

TODAY = date(2026, 11, 24)

HEADER = [
    "No",
    "NIK (16 digit)",
    "Nama Lengkap",
    "Tgl. Lahir",
    "L/P",
    "Alamat",
    "Desa/Kelurahan",
    "Kecamatan",
    "Kabupaten/Kota",
    "Pekerjaan",
    "No. HP",
    "Upah (Rp)",
]


def make_nik(born: date, *, female: bool = False, district: str = "647201", serial: int = 1) -> str:
    day = born.day + (40 if female else 0)
    return f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def roster_file(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] = HEADER,
    title: bool = True,
    numbering: bool = True,
    signature: bool = True,
    extra_sheet_first: bool = False,
) -> Path:
    """A roster as agencies send it: title block, header, 1..n numbering row, data, signature."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if extra_sheet_first:
        sheet.title = "Petunjuk"
        sheet.append(["Isi data pada lembar berikutnya."])
        sheet = book.create_sheet("Data")
    else:
        sheet.title = "Data"
    if title:
        sheet.append(["DAFTAR PEKERJA RENTAN DESA RAWA MAKMUR"])
        sheet.append(["Tahun Anggaran 2026"])
        sheet.append([])
    sheet.append(list(header))
    if numbering:
        sheet.append(list(range(1, len(header) + 1)))
    for row in rows:
        sheet.append(list(row))
    if signature:
        sheet.append([])
        sheet.append([None, None, None, None, None, None, None, None, "Samarinda, 1 Mei 2026"])
        sheet.append([None, None, None, None, None, None, None, None, "Kepala Desa"])
        sheet.append([None, None, None, None, None, None, None, None, "(Budi Santoso)"])
    book.save(path)
    return path


def row(
    nik: Any,
    name: Any = "Siti Aminah",
    born: Any = "",
    gender: Any = "",
    address: Any = "Jl. Mulawarman No. 5",
    village: Any = "",
    district: Any = "",
    regency: Any = "",
    job: Any = "Nelayan",
    phone: Any = "",
    wage: Any = "",
) -> list[Any]:
    return [1, nik, name, born, gender, address, village, district, regency, job, phone, wage]


def workers(db: Database) -> dict[str, Worker]:
    with db.session() as session:
        return {w.nik: w for w in session.scalars(select(Worker))}


def count(db: Database, model: Any = Worker) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def run(db: Database, path: Path, **kwargs: Any) -> ImportResult:
    return import_roster(db, path, today=TODAY, **kwargs)


# --- preview and mapping ---------------------------------------------------------------


def test_header_keys_ignore_case_spaces_punctuation_and_brackets() -> None:
    assert header_key("Nomor Induk Kependudukan (NIK)") == "nomorindukkependudukan"
    assert header_key(" No. KTP ") == "noktp"
    assert header_key("Jenis Kelamin [L/P]") == "jeniskelamin"
    assert header_key("L/P") == "lp"


def test_preview_finds_the_sheet_header_and_mapping(tmp_path: Path) -> None:
    born = date(1990, 8, 5)
    path = roster_file(
        tmp_path / "desa.xlsx",
        [row(make_nik(born, female=True), born=born, gender="P")],
        extra_sheet_first=True,
    )
    preview = preview_roster(path)
    assert preview.sheet_names == ["Petunjuk", "Data"]
    assert preview.sheet == "Data"
    assert preview.header_row == 4
    assert preview.mapping.columns == {
        "nik": 1,
        "name": 2,
        "birth_date": 3,
        "gender": 4,
        "address": 5,
        "village": 6,
        "district": 7,
        "regency": 8,
        "occupation": 9,
        "phone": 10,
        "income": 11,
    }
    # The "1 2 3 ..." numbering row under the header is not data.
    assert preview.row_numbers[0] == 6
    assert preview.text_rows()[0][1] == make_nik(born, female=True)
    assert preview.column_title(2) == "C · Nama Lengkap"


def test_english_headers_and_alternative_names(tmp_path: Path) -> None:
    header = ["ID Number", "Full Name", "Date of Birth", "Gender", "Address", "Phone", "Wage"]
    path = roster_file(tmp_path / "hr.xlsx", [], header=header, numbering=False)
    mapping = preview_roster(path).mapping
    assert set(mapping.columns) == {
        "nik",
        "name",
        "birth_date",
        "gender",
        "address",
        "phone",
        "income",
    }
    header = ["No. KTP", "Nama Peserta", "Tanggal Lahir", "Jenis Kelamin", "Telepon", "Penghasilan"]
    path = roster_file(tmp_path / "opd.xlsx", [], header=header, numbering=False)
    assert set(preview_roster(path).mapping.columns) == {
        "nik",
        "name",
        "birth_date",
        "gender",
        "phone",
        "income",
    }


def test_no_header_in_first_20_rows(tmp_path: Path) -> None:
    path = roster_file(tmp_path / "acak.xlsx", [["a", "b"]], header=["Kolom 1", "Kolom 2"])
    preview = preview_roster(path)
    assert preview.header_row is None and preview.mapping.columns == {}
    with pytest.raises(ServiceError, match=r"acak\.xlsx"):
        run_import = import_roster
        run_import(Database("sqlite://"), path)


def test_user_mapping_overrides_detection(tmp_path: Path, db: Database) -> None:
    born = date(1985, 8, 17)
    header = ["Identitas", "Nama", "Keterangan"]
    path = roster_file(
        tmp_path / "lain.xlsx",
        [[make_nik(born), "Agus Salim", "x"]],
        header=header,
        numbering=False,
    )
    mapping = ColumnMapping()
    mapping.set("nik", 0)
    mapping.set("name", 1)
    with pytest.raises(ServiceError, match="NIK"):
        run(db, path)  # "Identitas" is not recognised as NIK
    result = run(db, path, mapping=mapping)
    assert result.imported == 1
    assert workers(db)[make_nik(born)].name == "Agus Salim"


def test_empty_workbook(tmp_path: Path, db: Database) -> None:
    path = tmp_path / "kosong.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ServiceError, match="kosong"):
        run(db, path)


def test_missing_sheet_name(tmp_path: Path, db: Database) -> None:
    path = roster_file(tmp_path / "desa.xlsx", [])
    with pytest.raises(ServiceError, match="Lembar 'Rekap' tidak ada"):
        run(db, path, sheet="Rekap")


# --- normalisation ----------------------------------------------------------------------


def test_normalisation_of_nik_name_dates_gender_region_phone_and_wage(
    tmp_path: Path, db: Database
) -> None:
    people = [
        (date(1985, 8, 17), False, " 6472 0117 0885 0001 ", "17 Agustus 1985", "Laki-laki"),
        (date(1990, 1, 2), True, "6472.0142.0190.0002", "02-01-1990", "Perempuan"),
        (date(1991, 3, 4), False, "'6472010403910003", "04/03/1991", "M"),
        (date(1992, 5, 6), True, "6472-0146-0592-0004", "1992-05-06", "F"),
        (date(1993, 7, 8), False, "6472010807930005", datetime(1993, 7, 8), "Male"),
        (date(1994, 9, 10), True, "6472015009940006", 34587.0, "female"),  # Excel serial
        (date(1995, 11, 12), False, "6472011211950007", date(1995, 11, 12), "l"),
    ]
    rows = [
        row(
            nik,
            name="  Siti \u00a0 Nur   Aminah ",
            born=born_cell,
            gender=gender,
            village="Kel. Rawa Makmur",
            district="Kec. Palaran",
            regency="Kota Samarinda",
            phone=81234567890.0,
            wage="Rp1.500.000",
        )
        for _, _, nik, born_cell, gender in people
    ]
    path = roster_file(tmp_path / "desa.xlsx", rows)
    result = run(db, path)
    assert (result.imported, result.rejected, result.warnings) == (7, 0, 0), result.rejections
    stored = workers(db)
    assert len(stored) == 7
    for born, female, nik_text, _, _ in people:
        digits = "".join(ch for ch in nik_text if ch.isdigit())
        worker = stored[digits]
        assert worker.birth_date == born
        assert worker.gender == ("P" if female else "L")
        assert worker.name == "Siti Nur Aminah"
        assert worker.name_key == "SITI NUR AMINAH"
        assert (worker.regency_code, worker.district_code, worker.village_code) == (
            "64.72",
            "64.72.01",
            "64.72.01.1001",
        )
        assert worker.phone == "081234567890"
        assert worker.income == 1_500_000
        assert worker.warnings == ""
        assert worker.source == "desa.xlsx"


def test_regency_falls_back_to_the_nik_prefix(tmp_path: Path, db: Database) -> None:
    born = date(1980, 1, 1)
    current = make_nik(born, district="650201")  # Malinau, current code
    historic = make_nik(born, district="647301", serial=2)  # old Kaltim code of Tarakan
    path = roster_file(tmp_path / "a.xlsx", [row(current), row(historic, name="Budi")])
    result = run(db, path)
    assert result.imported == 2
    stored = workers(db)
    assert stored[current].regency_code == "65.02"
    assert stored[historic].regency_code is None  # historic codes are not a current region


def test_name_key_matches_fold() -> None:
    for name in ("Ma'ruf  Amin", "siti-nur", "Élodie Ñañez", "  A.  B. c "):
        assert name_key(name) == fold(name).upper()


# --- rejections -------------------------------------------------------------------------


def test_every_rejection_code_and_skipped_rows(tmp_path: Path, db: Database) -> None:
    born = date(1988, 6, 15)
    good = make_nik(born)
    rows = [
        row(good, name="Pertama"),  # row 6
        row("", name="Tanpa NIK"),  # 7 nik_missing
        row("64720115068", name="Pendek"),  # 8 nik_format
        row("9999011506880001", name="Wilayah"),  # 9 nik_region
        row("6472013213880001", name="Tanggal"),  # 10 nik_birthdate (32nd day)
        row("6472011506880000", name="Seri"),  # 11 nik_serial
        row(make_nik(born, serial=5), name="  "),  # 12 name_missing
        row(good, name="Kedua"),  # 13 duplicate_in_file
        row(make_nik(born, serial=6), born="31-02-1988"),  # 14 birthdate_invalid
        row("", name=""),  # 15 skipped: neither NIK nor name
        row(make_nik(born, serial=7), born="15 Juni 2030"),  # 16 birthdate_invalid (future)
    ]
    path = roster_file(tmp_path / "campur.xlsx", rows)
    result = run(db, path)
    codes = {(issue.row, issue.code) for issue in result.rejections}
    assert codes == {
        (7, "nik_missing"),
        (8, "nik_format"),
        (9, "nik_region"),
        (10, "nik_birthdate"),
        (11, "nik_serial"),
        (12, "name_missing"),
        (13, "duplicate_in_file"),
        (14, "birthdate_invalid"),
        (16, "birthdate_invalid"),
    }
    assert result.rows_read == 10  # the blank row and the signature block are skipped
    assert (result.imported, result.rejected) == (1, 9)
    assert workers(db)[good].name == "Pertama"
    messages = {issue.code: issue.message for issue in result.rejections}
    assert messages["nik_format"].startswith("Kolom B (NIK (16 digit)):")
    assert "baris 6" in messages["duplicate_in_file"]
    assert messages["birthdate_invalid"].startswith("Kolom D")
    for message in messages.values():
        assert good not in message  # rejection texts never repeat a NIK


def test_numeric_nik_column_rounded_by_excel_is_rejected(tmp_path: Path, db: Database) -> None:
    born = date(1970, 4, 4)
    text_nik = make_nik(born, serial=9)
    rounded = [float(make_nik(born, serial=s)[:15] + "0") for s in (11, 12, 13)]
    rows = [row(rounded[0]), row(text_nik, name="Teks"), row(rounded[1]), row(rounded[2])]
    path = roster_file(tmp_path / "excel.xlsx", rows)
    result = run(db, path)
    assert [(i.row, i.code) for i in result.rejections] == [
        (6, "nik_rounded"),
        (8, "nik_rounded"),
        (9, "nik_rounded"),
    ]
    assert "Teks" in result.rejections[0].message or "Text" in result.rejections[0].message
    assert result.imported == 1 and set(workers(db)) == {text_nik}


def test_numeric_nik_column_written_by_a_program_is_taken_exactly(
    tmp_path: Path, db: Database
) -> None:
    born = date(1975, 12, 1)
    ending_zero = make_nik(born, serial=10)
    other = make_nik(born, serial=23)
    path = tmp_path / "program.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["NIK", "Nama"])
    # Row 2 (ends in 0) comes before any proof that the column is exact, and
    # row 3 repeats it as text: the first occurrence must still win.
    sheet.write_number(1, 0, int(ending_zero))
    sheet.write_string(1, 1, "Pertama")
    sheet.write_string(2, 0, ending_zero)
    sheet.write_string(2, 1, "Ulangan")
    sheet.write_number(3, 0, int(other))
    sheet.write_string(3, 1, "Lain")
    book.close()
    result = run(db, path)
    assert result.imported == 2
    assert [(i.row, i.code) for i in result.rejections] == [(3, "duplicate_in_file")]
    stored = workers(db)
    assert stored[ending_zero].name == "Pertama"
    assert stored[other].name == "Lain"


# --- warnings ---------------------------------------------------------------------------


def test_warnings_are_imported_and_stored(tmp_path: Path, db: Database) -> None:
    born = date(1982, 2, 3)
    rows = [
        row(make_nik(born, serial=1), born="04-02-1982"),  # birth date differs from NIK
        row(make_nik(born, serial=2), gender="P"),  # NIK says male
        row(make_nik(born, serial=3), district="Kecamatan Antah", regency="Kota Samarinda"),
        row(make_nik(born, serial=4), village="Desa Entah", district="Palaran"),
    ]
    path = roster_file(tmp_path / "peringatan.xlsx", rows)
    result = run(db, path)
    assert result.imported == 4 and result.warnings == 4 and result.rejected == 0
    assert {(w.row, w.code) for w in result.warning_rows} == {
        (6, "birthdate_mismatch"),
        (7, "gender_mismatch"),
        (8, "district_unknown"),
        (9, "village_unknown"),
    }
    stored = workers(db)
    assert stored[make_nik(born, serial=1)].warnings == "birthdate_mismatch"
    assert stored[make_nik(born, serial=1)].birth_date == date(1982, 2, 4)
    assert stored[make_nik(born, serial=2)].gender == "P"
    assert stored[make_nik(born, serial=3)].district_code is None
    assert stored[make_nik(born, serial=4)].district_code == "64.72.01"
    assert stored[make_nik(born, serial=4)].village_code is None


def test_kecamatan_found_under_the_nik_region_when_the_row_names_another(
    tmp_path: Path, db: Database
) -> None:
    born = date(1979, 9, 9)
    nik = make_nik(born)  # 64.72 Samarinda
    path = roster_file(
        tmp_path / "a.xlsx", [row(nik, district="Palaran", regency="Kabupaten Berau")]
    )
    result = run(db, path)
    assert result.warnings == 0
    worker = workers(db)[nik]
    assert (worker.regency_code, worker.district_code) == ("64.72", "64.72.01")


# --- upsert, audit, all-or-nothing ----------------------------------------------------------


def test_second_import_changes_nothing_and_changes_are_audited(
    tmp_path: Path, db: Database
) -> None:
    born = date(1984, 10, 10)
    first = [row(make_nik(born, serial=s), name=f"Orang {s}", phone="0811") for s in range(1, 6)]
    path = roster_file(tmp_path / "bulan1.xlsx", first)
    assert run(db, path).imported == 5
    again = run(db, path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 5)
    assert count(db, AuditEvent) == 0

    changed = list(first)
    changed[1] = row(make_nik(born, serial=2), name="Orang Dua Baru", phone="0811")
    changed[3] = row(make_nik(born, serial=4), name="Orang 4", phone="0822")
    changed.append(row(make_nik(born, serial=9), name="Orang Baru"))
    path2 = roster_file(tmp_path / "bulan2.xlsx", changed)
    result = run(db, path2)
    assert (result.imported, result.updated, result.unchanged) == (1, 2, 3)
    stored = workers(db)
    assert stored[make_nik(born, serial=2)].name == "Orang Dua Baru"
    assert stored[make_nik(born, serial=2)].name_key == "ORANG DUA BARU"
    assert stored[make_nik(born, serial=4)].phone == "0822"
    with db.session() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.entity_id)).all()
    assert {e.action for e in events} == {"import_update"}
    assert {e.entity for e in events} == {"worker"}
    details = {e.entity_id: json.loads(e.details) for e in events}
    by_worker = {
        str(stored[make_nik(born, serial=2)].id): ("name", "Orang 2", "Orang Dua Baru"),
        str(stored[make_nik(born, serial=4)].id): ("phone", "0811", "0822"),
    }
    assert set(details) == set(by_worker)
    for worker_id, (field, old, new) in by_worker.items():
        assert details[worker_id][field] == {"lama": old, "baru": new}
    # An empty cell does not erase what the database already knows.
    path3 = roster_file(tmp_path / "tanpa-hp.xlsx", [row(make_nik(born, serial=4), name="Orang 4")])
    assert run(db, path3).unchanged == 1
    assert workers(db)[make_nik(born, serial=4)].phone == "0822"


def test_dry_run_writes_nothing(tmp_path: Path, db: Database) -> None:
    born = date(1984, 10, 10)
    path = roster_file(tmp_path / "uji.xlsx", [row(make_nik(born)), row("123", name="X")])
    result = run(db, path, dry_run=True)
    assert (result.imported, result.rejected, result.dry_run) == (1, 1, True)
    assert count(db) == 0
    assert result.error_report is not None and result.error_report.exists()


def test_cancel_leaves_the_database_as_it_was(tmp_path: Path, db: Database) -> None:
    born = date(1960, 1, 1)
    seed = roster_file(tmp_path / "awal.xlsx", [row(make_nik(born, serial=9999), name="Lama")])
    run(db, seed)
    rows = [row(make_nik(born, serial=s), name=f"Nama {s}") for s in range(1, 3001)]
    path = roster_file(tmp_path / "besar.xlsx", rows, title=False, signature=False)
    calls: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        calls.append(done)

    with pytest.raises(Cancelled):
        run(db, path, progress=progress, is_cancelled=lambda: len(calls) >= 2)
    assert calls and calls[-1] < 3000
    assert set(workers(db)) == {make_nik(born, serial=9999)}
    # The database is usable afterwards and the same file imports fully.
    assert run(db, path).imported == 3000


def test_funding_program_and_segment_columns(tmp_path: Path, db: Database) -> None:
    with db.transaction() as session:
        program = FundingProgram(
            name="APBD Kaltim 2026", source="APBD_PROV", year=2026, monthly_amount=16_800
        )
        session.add(program)
    born = date(1999, 9, 9)
    header = ["NIK", "Nama", "Segmen", "Program Pendanaan", "Penghasilan"]
    rows: list[list[object]] = [
        [make_nik(born, serial=1), "Satu", "Pekerja Rentan", "apbd kaltim 2026", 2_500_000],
        [make_nik(born, serial=2), "Dua", "Jakon", "Program Lain", None],
        [make_nik(born, serial=3), "Tiga", "Pekerja Rentan", "apbd kaltim 2026", None],
    ]
    path = roster_file(tmp_path / "program.xlsx", rows, header=header, numbering=False)
    result = run(db, path)
    assert result.imported == 3
    assert [(w.row, w.code) for w in result.warning_rows] == [(6, "program_unknown")]
    stored = workers(db)
    assert stored[make_nik(born, serial=1)].segment == "RENTAN"
    assert stored[make_nik(born, serial=2)].segment == "JAKON"
    with db.session() as session:
        members = session.scalars(select(FundingMember)).all()
    # The amount comes from the BPU rates at the declared income: JKK 1 % + JKM Rp6.800,
    # the minimum income Rp1.000.000 when the file declares none.
    assert sorted(
        (m.program_id, m.worker_id, m.declared_income, m.monthly_amount) for m in members
    ) == sorted(
        [
            (program.id, stored[make_nik(born, serial=1)].id, 2_500_000, 31_800),
            (program.id, stored[make_nik(born, serial=3)].id, 1_000_000, 16_800),
        ]
    )
    run(db, path)
    assert count(db, FundingMember) == 2  # importing again links no one twice


# --- error workbook -------------------------------------------------------------------------


def test_error_workbook_holds_rejected_rows_as_they_were(tmp_path: Path, db: Database) -> None:
    born = date(1977, 7, 7)
    rounded = float(make_nik(born, serial=31)[:15] + "0")
    rows = [
        row(make_nik(born), name="Diterima", born=born),
        row(rounded, name="Dibulatkan", born=date(1977, 7, 7), wage=1250000),
        row("", name="Tanpa NIK", born="07-07-1977"),
    ]
    path = roster_file(tmp_path / "kiriman.xlsx", rows)
    result = run(db, path)
    assert result.error_report == default_errors_path(path) == tmp_path / "kiriman-ditolak.xlsx"
    book = openpyxl.load_workbook(result.error_report)
    sheet = book.active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Ditolak"
    assert values[0] == [*HEADER, "Baris", "Kolom", "Alasan"]
    assert len(values) == 3
    first = values[1]
    assert first[1] == str(int(rounded))  # the NIK as text, never as a number
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert first[2] == "Dibulatkan" and first[3] == datetime(1977, 7, 7) and first[11] == 1250000
    assert first[12] == 7 and first[13] == "B" and "Teks" in first[14]
    second = values[2]
    assert second[1] is None and second[2] == "Tanpa NIK" and second[3] == "07-07-1977"
    assert second[12] == 8 and second[13] == "B" and second[14] == result.rejections[1].message
    # Staff fix the report and import it again: its header is recognised.
    assert preview_roster(result.error_report).mapping.columns["nik"] == 1


def test_explicit_report_path_and_no_report_without_rejections(
    tmp_path: Path, db: Database
) -> None:
    born = date(1977, 7, 7)
    path = roster_file(tmp_path / "baik.xlsx", [row(make_nik(born))])
    assert run(db, path).error_report is None
    assert not default_errors_path(path).exists()
    bad = roster_file(tmp_path / "buruk.xlsx", [row("1", name="X")])
    target = tmp_path / "laporan" / "tolak.xlsx"
    assert run(db, bad, report_path=target).error_report == target
    assert target.exists()


def test_import_on_each_engine(tmp_path: Path, any_db: Database) -> None:
    born = date(1988, 8, 8)
    rows = [row(make_nik(born, serial=s), name=f"Nama {s}") for s in range(1, 1201)]
    path = roster_file(tmp_path / "dua-mesin.xlsx", rows)
    assert run(any_db, path).imported == 1200
    again = run(any_db, path)
    assert (again.imported, again.unchanged) == (0, 1200)
    assert count(any_db) == 1200


def test_indexes_and_name_search_survive_a_bulk_import(tmp_path: Path, db: Database) -> None:
    from sqlalchemy import text

    def schema() -> set[tuple[str, str]]:
        with db.engine.connect() as conn:
            return {
                (r[0], r[1])
                for r in conn.execute(
                    text("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'worker'")
                )
            }

    before = schema()
    born = date(1966, 6, 6)
    rows = [row(make_nik(born, serial=s), name=f"Rahmat Hidayat {s}") for s in range(1, 51)]
    rows.append(row(make_nik(born, serial=99), name="Kartini Lestari"))
    run(db, roster_file(tmp_path / "massal.xlsx", rows))
    assert schema() == before  # indexes and the FTS trigger are back, unchanged
    with db.engine.connect() as conn:
        found = conn.execute(
            text("SELECT count(*) FROM worker_fts WHERE worker_fts MATCH 'kartini'")
        ).scalar_one()
    assert found == 1
    # A later single insert still reaches the name index through the trigger.
    run(
        db,
        roster_file(tmp_path / "satu.xlsx", [row(make_nik(born, serial=77), name="Dewi Sartika")]),
    )
    with db.engine.connect() as conn:
        found = conn.execute(
            text("SELECT count(*) FROM worker_fts WHERE worker_fts MATCH 'sartika'")
        ).scalar_one()
    assert found == 1


def sig(text: str) -> list[Any]:
    """A signature-block line typed into the name column (nothing else mapped)."""
    return [None, None, text]


def test_signature_block_and_totals_under_the_data_are_skipped(
    tmp_path: Path, db: Database
) -> None:
    born = date(1979, 3, 9)
    rows = [
        row(make_nik(born, serial=1), name="Ahmad Yani", wage=2_000_000),  # row 6
        row(make_nik(born, serial=2), name="Siti Rahmah", wage=3_000_000),  # 7
        ["", "", "Jumlah", "", "", "", "", "", "", "", "", 5_000_000],  # 8 total: skipped
        [],
        sig("Samarinda, 2 Januari 2026"),  # 10
        sig("Kepala Desa Sungai Ulin"),  # 11
        [],
        sig("(H. Ahmad Yani)"),  # 13
    ]
    result = run(db, roster_file(tmp_path / "ttd.xlsx", rows, signature=False))
    assert result.rejections == []
    assert (result.imported, result.rows_read) == (2, 2)
    assert count(db) == 2


def test_name_only_rows_between_data_rows_are_still_rejected(tmp_path: Path, db: Database) -> None:
    born = date(1979, 3, 9)
    rows = [
        row(make_nik(born, serial=1), name="Ahmad Yani"),  # row 6
        sig("Rahmat Hidayat"),  # 7: a worker whose NIK was left out
        row("", name="Dewi Lestari"),  # 8: a data row missing only its NIK
        row(make_nik(born, serial=2), name="Siti Rahmah"),  # 9
        sig("Kepala Desa Sungai Ulin"),  # 10: under the last NIK row, skipped
    ]
    result = run(db, roster_file(tmp_path / "tengah.xlsx", rows, signature=False))
    assert [(r.row, r.code) for r in result.rejections] == [(7, "nik_missing"), (8, "nik_missing")]
    assert (result.imported, result.rows_read) == (2, 4)


def test_a_lone_row_missing_its_nik_after_the_data_is_rejected_when_it_has_other_cells(
    tmp_path: Path, db: Database
) -> None:
    born = date(1979, 3, 9)
    rows = [row(make_nik(born, serial=1)), row("", name="Dewi Lestari", job="Petani")]
    result = run(db, roster_file(tmp_path / "akhir.xlsx", rows))
    assert [(r.row, r.code) for r in result.rejections] == [(7, "nik_missing")]


def test_warning_codes_read_as_sentences() -> None:
    from kantor_app.services.roster.warnings import WARNING_MESSAGES, warning_code, warning_text

    assert warning_text("birthdate_mismatch\ngender_mismatch") == (
        WARNING_MESSAGES["birthdate_mismatch"] + "\n" + WARNING_MESSAGES["gender_mismatch"]
    )
    assert warning_code(WARNING_MESSAGES["gender_mismatch"]) == "gender_mismatch"
    assert warning_text("") == ""


def test_manual_save_stores_warning_codes_like_the_import(db: Database) -> None:
    from kantor_app.services.roster.query import WorkerData, save_worker

    nik = make_nik(date(1990, 8, 5), female=True, serial=12)
    saved = save_worker(db, WorkerData(nik=nik, name="Siti Aminah", birth_date=date(1990, 8, 6)))
    assert saved.warnings == ("Tanggal lahir berbeda dengan tanggal lahir dalam NIK.",)
    assert workers(db)[nik].warnings == "birthdate_mismatch"


# --- the child-process writer for large imports into an empty SQLite roster --------------

_STORED_COLUMNS = (
    "nik",
    "name",
    "name_key",
    "birth_date",
    "gender",
    "address",
    "regency_code",
    "district_code",
    "village_code",
    "occupation",
    "phone",
    "income",
    "segment",
    "status",
    "warnings",
    "source",
)


def stored(database: Database) -> list[tuple[Any, ...]]:
    from sqlalchemy import text

    with database.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(f"SELECT {', '.join(_STORED_COLUMNS)} FROM worker ORDER BY nik")
            )
        ]


def use_child_writer(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Lets every import use the child process; returns a list that counts its commits."""
    from kantor_app.services.roster.importing import importer as roster_import

    monkeypatch.setattr(roster_import, "CHILD_WRITER_MIN_BYTES", 0)
    monkeypatch.setattr(roster_import, "CHILD_WRITER_MIN_ROWS", 0)
    monkeypatch.setattr(roster_import, "CHILD_SEND_ROWS", 50)
    commits: list[int] = []
    original = BulkWriterProcess.commit

    def commit(self: Any) -> None:
        original(self)
        # After its commit the child still checkpoints the WAL, unwaited for.
        self.reaper.join(timeout=30)
        commits.append(self.process.exitcode)

    monkeypatch.setattr(BulkWriterProcess, "commit", commit)
    return commits


def mixed_rows() -> list[list[Any]]:
    born = date(1985, 8, 17)
    rows = [
        row(
            make_nik(born, female=s % 2 == 0, serial=s),
            name=f"Siti  Ma'ruf {s}" if s % 3 else f"Étienne Rahmat {s}",
            born=born if s % 5 else "",
            gender="P" if s % 2 == 0 else "L",
            village="Rawa Makmur" if s % 4 else "",
            district="Palaran",
            regency="Kota Samarinda",
            phone=f"0812 5555 {s:04d}",
            wage=3_500_000 if s % 7 else "",
        )
        for s in range(1, 301)
    ]
    rows.append(row("12345", name="Salah"))  # rejected
    rows.append(row(make_nik(born, serial=5), name="Ulang"))  # duplicate_in_file
    return rows


@pytest.mark.slow
def test_child_writer_stores_exactly_what_the_in_process_path_stores(
    tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from kantor_app.services.database import open_database

    path = roster_file(tmp_path / "besar.xlsx", mixed_rows())
    plain_db = open_database(f"sqlite:///{tmp_path / 'biasa.db'}")
    try:
        plain = run(plain_db, path)
        expected = stored(plain_db)
    finally:
        plain_db.dispose()

    def schema() -> set[tuple[str, str]]:
        with db.engine.connect() as conn:
            return {
                (r[0], r[1])
                for r in conn.execute(
                    text("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'worker'")
                )
            }

    before = schema()
    commits = use_child_writer(monkeypatch)
    result = run(db, path)
    assert commits == [0]  # the child committed and exited cleanly
    assert (result.imported, result.rejected) == (plain.imported, plain.rejected) == (300, 2)
    assert [i.as_dict() for i in result.rejections] == [i.as_dict() for i in plain.rejections]
    assert result.warnings == plain.warnings
    assert stored(db) == expected
    assert schema() == before  # indexes and the FTS trigger are back
    with db.engine.connect() as conn:  # the indexes built after the commit are not pending
        pending = conn.execute(
            text("SELECT count(*) FROM setting WHERE key = 'sqlite.deferred_indexes'")
        ).scalar_one()
    assert pending == 0
    with db.engine.connect() as conn:
        found = conn.execute(
            text("SELECT count(*) FROM worker_fts WHERE worker_fts MATCH 'etienne'")
        ).scalar_one()
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    assert found == 100
    # Second import: the table is not empty, so the in-process path finds all unchanged.
    again = run(db, path)
    assert (again.imported, again.unchanged) == (0, 300)
    assert commits == [0]


@pytest.mark.slow
def test_child_writer_rolls_back_on_cancel(
    tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    born = date(1960, 1, 1)
    rows = [row(make_nik(born, serial=s), name=f"Nama {s}") for s in range(1, 3001)]
    path = roster_file(tmp_path / "besar.xlsx", rows, title=False, signature=False)
    commits = use_child_writer(monkeypatch)
    calls: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        calls.append(done)

    with pytest.raises(Cancelled):
        run(db, path, progress=progress, is_cancelled=lambda: len(calls) >= 2)
    assert commits == []
    assert multiprocessing.active_children() == []  # the writer ended
    assert count(db) == 0
    assert run(db, path).imported == 3000
    assert commits == [0]


@pytest.mark.slow
def test_unreadable_file_ends_the_writer_quietly(
    tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The writer starts before the file is read; a broken file ends it without a traceback."""
    import multiprocessing

    good = roster_file(tmp_path / "utuh.xlsx", mixed_rows())
    broken = tmp_path / "potong.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    use_child_writer(monkeypatch)
    with pytest.raises(ServiceError, match=r"potong\.xlsx"):
        run(db, broken)
    assert multiprocessing.active_children() == []
    assert "Traceback" not in capfd.readouterr().err
    assert count(db) == 0


_KILLED_PARENT = """
import os, signal, sys, time
from datetime import date
from kantor_app.services.roster.importing import importer as roster_import
from kantor_app.services.database import open_database
from kantor_app.services.roster.importing.bulk_writer import BulkWriterProcess

roster_import.CHILD_WRITER_MIN_BYTES = 0
roster_import.CHILD_WRITER_MIN_ROWS = 0
roster_import.CHILD_SEND_ROWS = 100
sent = []
original = BulkWriterProcess.send_rows

def send_rows(self, rows):
    original(self, rows)
    sent.append(len(rows))
    if sum(sent) >= 1500:
        # Rows are in the child's open transaction (the sender thread
        # writes them meanwhile): report its pid and die.
        time.sleep(0.5)
        print(self.process.pid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

BulkWriterProcess.send_rows = send_rows
db = open_database(sys.argv[1])
roster_import.import_roster(db, sys.argv[2], today=date(2026, 11, 24))
print("finished", flush=True)
"""


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc and sends SIGKILL")
def test_killed_parent_leaves_the_child_to_roll_back_and_exit(tmp_path: Path, db_url: str) -> None:
    import os
    import signal
    import subprocess
    import time

    from kantor_app.services.database import open_database

    born = date(1960, 1, 1)
    rows = [row(make_nik(born, serial=s), name=f"Nama {s}") for s in range(1, 3001)]
    path = roster_file(tmp_path / "besar.xlsx", rows, title=False, signature=False)
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_PARENT, db_url, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    child = int(done.stdout.split()[0])
    deadline = time.monotonic() + 30
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(child), "the writer process outlived its parent"
    db = open_database(db_url)
    try:
        assert count(db) == 0
        with db.engine.connect() as conn:
            from sqlalchemy import text

            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        # The write lock is free: the same file imports fully.
        assert run(db, path).imported == 3000
    finally:
        db.dispose()
