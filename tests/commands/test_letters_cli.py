"""`letters` on the command line, with the employer imports that feed it."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from branch_samples import ready_branch

from kantor_app.cli import build_parser
from kantor_app.services.database import open_database


def run(db_url: str, *argv: str) -> int:
    """Run `kantor-app --db URL ...` in this process, with the real parser."""
    args = build_parser().parse_args(["--db", db_url, *argv])
    result: int = args.func(args)
    return result


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    book.close()
    return path


@pytest.fixture
def branch(db_url: str, tmp_path: Path) -> str:
    """Three employers (two construction, one plantation) with August 2026 unpaid for two."""
    employers = write_xlsx(
        tmp_path / "perusahaan.xlsx",
        [
            ["NPP", "Nama Perusahaan", "Sektor", "Skala Usaha", "Kab/Kota", "Jumlah TK", "Upah",
             "Program"],
            ["11110000", "PT Sawit Satu", "kelapa sawit", "besar", "64.72", 10, 6_000_000,
             "JKK,JKM,JHT,JP"],
            ["22220000", "CV Bangun Dua", "konstruksi", "kecil", "64.02", 4, 6_000_000,
             "JKK,JKM,JHT"],
            ["33330000", "CV Bangun Tiga", "konstruksi", "kecil", "64.72", 4, 6_000_000,
             "JKK,JKM,JHT"],
        ],
    )  # fmt: skip
    contributions = write_xlsx(
        tmp_path / "iuran.xlsx",
        [
            ["NPP", "Tahun", "Bulan", "Iuran", "Dibayar"],
            ["11110000", 2026, 8, 2_000_000, 0],
            ["22220000", 2026, 8, 700_000, 0],
            ["33330000", 2026, 8, 700_000, 700_000],
        ],
    )
    assert run(db_url, "import-employers", str(employers)) == 0
    assert run(db_url, "import-contributions", str(contributions)) == 0
    db = open_database(db_url, migrate=False)
    try:
        ready_branch(db)
    finally:
        db.dispose()
    return db_url


def test_letters_json_lists_number_kind_employer_file_sha256(
    branch: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    out = tmp_path / "surat"
    code = run(branch, "letters", "--kind", "tunggakan", "--all-noncompliant", "--sector",
               "konstruksi", "--out", str(out), "--date", "2026-11-23", "--json")  # fmt: skip
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["kind"] == "tunggakan"
    assert len(payload["letters"]) == 1  # CV Bangun Tiga has paid
    item = payload["letters"][0]
    assert set(item) >= {"number", "kind", "employer", "file", "sha256"}
    assert (item["number"], item["kind"], item["employer"]) == (
        "1/KPS.03/KC-SMD/XI/2026",
        "tunggakan",
        "CV Bangun Dua",
    )
    assert hashlib.sha256(Path(item["file"]).read_bytes()).hexdigest() == item["sha256"]
    assert Path(payload["combined"]).is_file()


def test_letters_by_npp_and_refusal(
    branch: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Later letters are dated after the computer's today: let the clock be later too.
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    out = tmp_path / "surat"
    assert run(branch, "letters", "--kind", "teguran-1", "--employer", "11110000", "22220000",
               "--out", str(out), "--date", "2026-11-23") == 0  # fmt: skip
    issued = capsys.readouterr()
    assert "sejak surat diterima: catat letter-sent / letter-received" in issued.err
    lines = issued.out.splitlines()
    assert lines[0].startswith("1/KPS.01/KC-SMD/XI/2026\tPT Sawit Satu\t")
    assert len(list(out.glob("*.pdf"))) == 3
    numbers = [line.split("\t")[0] for line in lines[:2]]

    # Teguran II before the first letter was sent: refused, exit 1.
    assert run(branch, "letters", "--kind", "teguran-2", "--employer", "11110000",
               "--out", str(out), "--date", "2026-12-01") == 1  # fmt: skip
    assert "belum dicatat dikirim" in capsys.readouterr().err
    # Both sent and received on 24 November: the period ends 8 December.
    assert run(branch, "letter-sent", *numbers, "--date", "2026-11-24") == 0
    assert run(branch, "letter-received", *numbers, "--date", "2026-11-24") == 0
    capsys.readouterr()
    assert run(branch, "letters", "--kind", "teguran-2", "--employer", "11110000",
               "--out", str(out), "--date", "2026-12-08") == 1  # fmt: skip
    assert "berakhir 8 Desember 2026" in capsys.readouterr().err
    assert run(branch, "letters", "--kind", "tunggakan", "--employer", "99999999",
               "--out", str(out)) == 1  # fmt: skip
    assert "NPP tidak ditemukan: 99999999" in capsys.readouterr().err

    assert run(branch, "letters", "--kind", "teguran-2", "--all-noncompliant", "--out", str(out),
               "--date", "2026-12-09", "--json") == 0  # fmt: skip
    captured = capsys.readouterr()
    numbers = [item["number"] for item in json.loads(captured.out)["letters"]]
    assert numbers == ["3/KPS.02/KC-SMD/XII/2026", "4/KPS.02/KC-SMD/XII/2026"]


def test_letters_skipped_employers_are_counted_and_nothing_is_issued(
    branch: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    out = tmp_path / "surat"
    # No Teguran I yet: every non-compliant employer is skipped, which is not an error.
    assert run(branch, "letters", "--kind", "teguran-2", "--all-noncompliant",
               "--out", str(out), "--date", "2026-11-23") == 0  # fmt: skip
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "kantor-app: 2 perusahaan dilewati: tidak memenuhi syarat surat ini.",
        "  - CV Bangun Dua: belum ada kasus kepatuhan yang dibuka dengan Teguran Tertulis I",
        "  - PT Sawit Satu: belum ada kasus kepatuhan yang dibuka dengan Teguran Tertulis I",
    ]
    assert captured.out == "Tidak ada surat yang diterbitkan.\n"
    assert not out.exists()

    assert run(branch, "letters", "--kind", "tunggakan", "--employer", "11110000",
               "--sector", "konstruksi", "--out", str(out)) == 1  # fmt: skip
    assert "--sector dan --regency hanya berlaku dengan --all-noncompliant" in (
        capsys.readouterr().err
    )


def test_letters_outside_the_wilayah_kerja_need_confirm_outside_area(
    branch: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(branch, migrate=False)
    try:
        ready_branch(db, service_area=["64.72"])  # Kota Samarinda only: CV Bangun Dua is Kukar
    finally:
        db.dispose()
    capsys.readouterr()
    out = tmp_path / "surat"
    assert run(branch, "letters", "--kind", "tunggakan", "--employer", "22220000",
               "--out", str(out), "--date", "2026-11-23") == 1  # fmt: skip
    assert "di luar wilayah kerja cabang: CV Bangun Dua (Kabupaten Kutai Kartanegara)" in (
        capsys.readouterr().err
    )
    assert run(branch, "letters", "--kind", "tunggakan", "--employer", "22220000", "--out",
               str(out), "--date", "2026-11-23", "--confirm-outside-area") == 0  # fmt: skip
    assert "CV Bangun Dua" in capsys.readouterr().out


def test_import_exit_codes_and_json(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bukan.xlsx"
    bad.write_text("<html>bukan excel</html>", encoding="utf-8")
    assert run(db_url, "import-employers", str(bad)) == 2
    assert "bukan.xlsx" in capsys.readouterr().err
    assert run(db_url, "import-employers", str(tmp_path / "tidak-ada.xlsx")) == 2

    path = write_xlsx(
        tmp_path / "p.xlsx",
        [["NPP", "Nama Perusahaan", "Kab/Kota"], ["1", "PT Satu", "Samarinda"], ["2", "", "X"]],
    )
    errors = tmp_path / "kesalahan.xlsx"
    assert run(db_url, "import-employers", str(path), "--json", "--errors", str(errors)) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["imported"], report["rejected"]) == (1, 1)
    assert report["rejections"][0]["row"] == 3
    assert set(report["rejections"][0]) == {"row", "column", "code", "message"}
    assert report["error_report"] == str(errors)
    assert errors.is_file()
