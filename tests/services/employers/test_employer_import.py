"""Employer and contribution imports: header mapping, row errors, idempotent re-import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook
from service_samples import TODAY, set_umk
from sqlalchemy import func, select

from kantor_app.services.employers.importing import (
    UnreadableFile,
    import_contributions,
    import_employers,
    write_error_workbook,
)
from kantor_app.services.errors import Cancelled
from kantor_app.store.engine import Database
from kantor_app.store.models import ContributionPeriod, Employer


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Data") -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    book.close()
    return path


EMPLOYER_ROWS: list[list[object]] = [
    ["DAFTAR PEMBERI KERJA KANTOR CABANG SAMARINDA"],
    [],
    ["No", "NPP", "Nama Perusahaan", "NPWP", "NIB", "KBLI", "Sektor", "Skala Usaha", "Alamat",
     "Kab/Kota", "Jumlah TK", "Upah Rata-rata", "Program"],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    [1, "12345678", "PT Sawit Makmur", "01.855.081.4-412.000", "9120001234567", 1262,
     "Kelapa Sawit", "besar", "Jl. Poros Km 5", "Kota Samarinda", 20, 5_000_000,
     "JKK, JKM, JHT, JP"],
    [2, 22223333, "CV Bangun Etam", "", "", "41011", "Jasa Konstruksi", "kecil", "Jl. B",
     "6402", 5, "Rp3.900.000", "JKK,JKM,JHT"],
    [3, "", "UD Belum Daftar", "", "", "", "perdagangan", "mikro", "Jl. C", "Berau", "", "", ""],
    [4, "99990000", "PT Salah Wilayah", "", "", "", "jasa", "besar", "", "Atlantis", "", "", ""],
    [5, "88880000", "PT Salah NPWP", "01.855.081.5-412.000", "", "", "jasa", "besar", "",
     "Bontang", "", "", ""],
]  # fmt: skip


def test_employers_import_maps_headers_reports_bad_rows_and_is_idempotent(
    db: Database, tmp_path: Path
) -> None:
    set_umk(db)
    path = write_xlsx(tmp_path / "perusahaan.xlsx", EMPLOYER_ROWS)
    result = import_employers(db, path, today=TODAY)
    assert (result.sheet, result.rows_read, result.imported, result.updated) == ("Data", 5, 3, 0)
    assert [(e.row, e.column) for e in result.rejections] == [(8, "J"), (9, "D")]
    assert "Atlantis" in result.rejections[0].message
    assert "digit pemeriksanya salah" in result.rejections[1].message
    with db.session() as session:
        sawit = session.scalar(select(Employer).where(Employer.npp == "12345678"))
        assert sawit is not None
        assert (sawit.npwp, sawit.kbli_code, sawit.sector, sawit.regency_code, sawit.programs) == (
            "0018550814412000",
            "01262",
            "kelapa_sawit",
            "64.72",
            "JKK,JKM,JHT,JP",
        )
        bangun = session.scalar(select(Employer).where(Employer.npp == "22223333"))
        assert bangun is not None
        assert (bangun.sector, bangun.regency_code, bangun.wage_reported) == (
            "konstruksi",
            "64.02",
            3_900_000,
        )
        unregistered = session.scalar(select(Employer).where(Employer.name == "UD Belum Daftar"))
        assert unregistered is not None
        assert (unregistered.regency_code, unregistered.compliance_status) == (
            "64.03",
            "belum_daftar",
        )

    again = import_employers(db, path, today=TODAY)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Employer)) == 3

    errors = write_error_workbook(result, tmp_path / "kesalahan.xlsx")
    assert result.error_report == errors
    book = load_workbook(errors)
    assert book.sheetnames == ["Ditolak"]
    rows = list(book["Ditolak"].iter_rows(values_only=True))
    # The one layout: the original columns, then Baris, Kolom, Alasan.
    assert rows[0][:3] == ("No", "NPP", "Nama Perusahaan")
    assert rows[0][-3:] == ("Baris", "Kolom", "Alasan")
    assert rows[1][1] == "99990000" and rows[1][2] == "PT Salah Wilayah"
    assert rows[1][-3:-1] == (8, "J") and "Atlantis" in rows[1][-1]
    assert [r.code for r in result.rejections] == ["regency_unknown", "npwp_check_digit"]


def contribution_rows(paid_september: int) -> list[list[object]]:
    return [
        ["NPP", "Periode", "Iuran Wajib", "Dibayar", "Tanggal Bayar"],
        ["12345678", "2026-08", 1_000_000, 1_000_000, "10-09-2026"],
        ["12345678", "September 2026", 1_000_000, paid_september, ""],
        ["22223333", "08/2026", 500_000, 0, ""],
        ["00000000", "08/2026", 500_000, 0, ""],
        ["12345678", "Agst 2026", 1_000_000, 0, ""],
    ]


def test_contributions_upsert_on_npp_year_month(db: Database, tmp_path: Path) -> None:
    set_umk(db)
    import_employers(db, write_xlsx(tmp_path / "p.xlsx", EMPLOYER_ROWS), today=TODAY)
    path = write_xlsx(tmp_path / "iuran.xlsx", contribution_rows(0))
    result = import_contributions(db, path, today=TODAY)
    assert (result.imported, result.updated, result.unchanged) == (3, 0, 0)
    assert [(e.row, e.column) for e in result.rejections] == [(5, "A"), (6, "B")]
    assert "tidak terdaftar" in result.rejections[0].message
    with db.session() as session:
        sawit = session.scalar(select(Employer).where(Employer.npp == "12345678"))
        assert sawit is not None
        assert (sawit.compliance_status, sawit.arrears_total) == ("menunggak", 1_000_000)

    # The same file again changes nothing; a corrected file updates the month in place.
    again = import_contributions(db, path, today=TODAY)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
    fixed = import_contributions(
        db, write_xlsx(tmp_path / "iuran2.xlsx", contribution_rows(1_000_000)), today=TODAY
    )
    assert (fixed.imported, fixed.updated, fixed.unchanged) == (0, 1, 2)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ContributionPeriod)) == 3
        sawit = session.scalar(select(Employer).where(Employer.npp == "12345678"))
        assert sawit is not None and sawit.compliance_status == "patuh"
        august = session.scalar(
            select(ContributionPeriod).where(
                ContributionPeriod.employer_id == sawit.id, ContributionPeriod.month == 8
            )
        )
        assert august is not None and august.paid_on == date(2026, 9, 10)


def test_unreadable_and_headerless_files(db: Database, tmp_path: Path) -> None:
    fake = tmp_path / "data.xlsx"
    fake.write_text("NPP;Nama\n1;PT A\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"data\.xlsx"):
        import_employers(db, fake)
    no_header = write_xlsx(tmp_path / "kosong.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(UnreadableFile, match="baris judul kolom tidak ditemukan"):
        import_contributions(db, no_header)


def test_cancel_leaves_database_unchanged(db: Database, tmp_path: Path) -> None:
    rows = [EMPLOYER_ROWS[2]] + [
        [n, f"3{n:07d}", f"PT Banyak {n}", "", "", "", "jasa", "kecil", "", "Kota Samarinda",
         3, 4_100_000, "JKK,JKM,JHT"]
        for n in range(450)
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "banyak.xlsx", rows)
    calls = {"n": 0}

    def cancel_late() -> bool:
        calls["n"] += 1
        return calls["n"] > 300

    with pytest.raises(Cancelled):
        import_employers(db, path, is_cancelled=cancel_late)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Employer)) == 0
