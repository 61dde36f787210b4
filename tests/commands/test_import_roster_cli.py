"""`kantor-app import-roster`: JSON shape, human summary, exit codes, and a kill mid-import."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from sqlalchemy import func, select, text

from kantor_app.cli import main
from kantor_app.services.database import open_database
from kantor_app.store.models import Worker

ROOT = Path(__file__).resolve().parents[2]
JSON_KEYS = {
    "file",
    "sheet",
    "header_row",
    "rows_read",
    "imported",
    "updated",
    "unchanged",
    "rejected",
    "warnings",
    "rejections",
    "error_report",
}


def nik(serial: int, born: date = date(1986, 3, 14)) -> str:
    return f"647201{born.day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def roster(path: Path, count: int, *, bad: int = 0) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Peserta")
    sheet.write_string(0, 0, "DAFTAR PESERTA")
    sheet.write_row(2, 0, ["NIK", "Nama Lengkap", "Tanggal Lahir", "Kecamatan"])
    for i in range(count):
        sheet.write_string(3 + i, 0, nik(i + 1))
        sheet.write_string(3 + i, 1, f"Peserta {i + 1}")
        sheet.write_string(3 + i, 2, "14-03-1986")
        sheet.write_string(3 + i, 3, "Palaran")
    for j in range(bad):
        sheet.write_string(3 + count + j, 0, "12345")
        sheet.write_string(3 + count + j, 1, "Salah")
    book.close()
    return path


def worker_count(url: str) -> int:
    db = open_database(url)
    try:
        with db.session() as session:
            return int(session.scalar(select(func.count()).select_from(Worker)) or 0)
    finally:
        db.dispose()


def test_json_output_and_default_report(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = roster(tmp_path / "desa.xlsx", 3, bad=2)
    assert main(["--db", db_url, "import-roster", str(path), "--json"]) == 0
    out, _err = capsys.readouterr()
    data = json.loads(out)  # exactly one JSON object on stdout
    assert set(data) == JSON_KEYS
    assert data["file"] == str(path) and data["sheet"] == "Peserta" and data["header_row"] == 3
    assert (data["rows_read"], data["imported"], data["rejected"]) == (5, 3, 2)
    assert (data["updated"], data["unchanged"], data["warnings"]) == (0, 0, 0)
    assert data["rejections"] == [
        {
            "row": 7,
            "column": "A",
            "code": "nik_format",
            "message": data["rejections"][0]["message"],
        },
        {
            "row": 8,
            "column": "A",
            "code": "nik_format",
            "message": data["rejections"][1]["message"],
        },
    ]
    assert data["error_report"] == str(tmp_path / "desa-ditolak.xlsx")
    assert Path(data["error_report"]).exists()
    assert worker_count(db_url) == 3

    assert main(["--db", db_url, "import-roster", str(path), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["imported"], again["unchanged"]) == (0, 3)


def test_human_summary_dry_run_and_report_option(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = roster(tmp_path / "opd.xlsx", 2, bad=1)
    report = tmp_path / "hasil" / "tolak.xlsx"
    code = main(["--db", db_url, "import-roster", str(path), "--dry-run", "--report", str(report)])
    assert code == 0
    out = capsys.readouterr().out
    assert "Baru              : 2" in out
    assert "Ditolak           : 1" in out
    assert "baris 6:" in out and "[nik_format]" in out
    assert "tidak ada yang disimpan" in out
    assert str(report) in out and report.exists()
    assert worker_count(db_url) == 0


def test_errors_option_is_the_name_and_report_its_hidden_alias(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = roster(tmp_path / "opd.xlsx", 1, bad=1)
    target = tmp_path / "baris-ditolak.xlsx"
    assert (
        main(["--db", db_url, "import-roster", str(path), "--json", "--errors", str(target)]) == 0
    )
    assert json.loads(capsys.readouterr().out)["error_report"] == str(target)
    assert target.exists()
    with pytest.raises(SystemExit):
        main(["import-roster", "--help"])
    help_text = capsys.readouterr().out
    assert "--errors" in help_text and "--report" not in help_text


def _unreadable_files(tmp_path: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    csv = tmp_path / "csv.xlsx"
    csv.write_text("NIK,Nama\n6472011403860001,Ani\n")
    files["CSV"] = csv
    truncated = tmp_path / "potong.xlsx"
    whole = roster(tmp_path / "utuh.xlsx", 5).read_bytes()
    truncated.write_bytes(whole[: len(whole) // 2])
    files["terpotong"] = truncated
    archive = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("data.txt", "bukan excel")
    files["ZIP"] = archive
    old = tmp_path / "lama.xls"
    # An OLE container without a BIFF8 "Workbook" stream: not readable.
    old.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Book\0".encode("utf-16-le")
    )
    files["Excel 5.0/95"] = old
    locked = tmp_path / "kunci.xlsx"
    locked.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + b"\0" * 40
        + "EncryptedPackage".encode("utf-16-le")
    )
    files["kata sandi"] = locked
    files["tidak ditemukan"] = tmp_path / "hilang.xlsx"
    return files


def test_unreadable_files_exit_2_with_message_on_stderr(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for needle, path in _unreadable_files(tmp_path).items():
        code = main(["--db", db_url, "import-roster", str(path), "--json"])
        out, err = capsys.readouterr()
        assert code == 2, needle
        assert out == ""
        assert needle in err and path.name in err
        assert "Traceback" not in err


def test_missing_sheet_exits_2(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = roster(tmp_path / "desa.xlsx", 1)
    assert main(["--db", db_url, "import-roster", str(path), "--sheet", "Rekap"]) == 2
    assert "Rekap" in capsys.readouterr().err


@pytest.mark.slow
def test_subprocess_exit_code_and_no_traceback(tmp_path: Path, db_url: str) -> None:
    csv = tmp_path / "data.xlsx"
    csv.write_text("NIK;Nama\n")
    done = subprocess.run(
        [sys.executable, "-m", "kantor_app", "--db", db_url, "import-roster", str(csv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "CSV" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_killing_the_process_mid_import_leaves_the_database_unchanged(
    tmp_path: Path, db_url: str
) -> None:
    # Some workers already there; a kill must leave exactly these.
    small = roster(tmp_path / "awal.xlsx", 10)
    assert main(["--db", db_url, "import-roster", str(small), "--json"]) == 0
    big = tmp_path / "besar.xlsx"
    book = xlsxwriter.Workbook(str(big))
    sheet = book.add_worksheet("Peserta")
    sheet.write_row(0, 0, ["NIK", "Nama"])
    for i in range(40_000):
        born = date(1950 + i % 50, 1 + i % 12, 1 + i % 28)
        sheet.write_string(1 + i, 0, nik(1 + i // 600, born))
        sheet.write_string(1 + i, 1, f"Peserta {i}")
    book.close()

    process = subprocess.Popen(
        [sys.executable, "-m", "kantor_app", "-v", "--db", db_url, "import-roster", str(big)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert process.stderr is not None
    written = False
    deadline = time.monotonic() + 120
    # The service logs each chunk it writes inside the transaction: kill after
    # the first one, when the write transaction certainly holds rows.
    for line in process.stderr:
        if "rows written in this chunk" in line:
            written = True
            break
        if time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert written, "the import never reached its first write"
    assert process.returncode == -signal.SIGKILL

    assert worker_count(db_url) == 10
    db = open_database(db_url)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    finally:
        db.dispose()


def test_a_dry_run_never_overwrites_an_existing_error_workbook(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = roster(tmp_path / "opd.xlsx", 2, bad=1)
    assert main(["--db", db_url, "import-roster", str(path), "--json"]) == 0
    real = Path(json.loads(capsys.readouterr().out)["error_report"])
    before = real.read_bytes()
    assert main(["--db", db_url, "import-roster", str(path), "--dry-run", "--json"]) == 0
    trial = Path(json.loads(capsys.readouterr().out)["error_report"])
    assert trial != real and trial.name == f"{real.stem} (2).xlsx" and trial.exists()
    assert real.read_bytes() == before  # the real import's rejects are still there
