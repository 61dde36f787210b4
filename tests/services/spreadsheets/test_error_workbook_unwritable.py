"""An error workbook that cannot be saved is refused cleanly, with nothing printed afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import sys
from pathlib import Path
from kantor_app.services.errors import ServiceError
from kantor_app.services.spreadsheets.error_workbook import ErrorWorkbook, save_error_workbook
from kantor_app.services.spreadsheets.rejections import Rejection

book = ErrorWorkbook(["NIK", "Nama"], 2)
book.add(["12345", "Siti"], Rejection(2, "A", "nik_format", "NIK harus 16 angka."))
try:
    save_error_workbook(book, Path(sys.argv[1]), Path(sys.argv[2]))
except ServiceError as exc:
    print(exc.code)
"""


@pytest.mark.slow
def test_unwritable_target_is_refused_and_nothing_is_printed_at_exit(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "berkas.txt"
    not_a_folder.write_text("bukan folder")
    target = not_a_folder / "ditolak.xlsx"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(target), str(tmp_path / "peserta.xlsx")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "error_report_unwritable"
    # Before the fix, openpyxl's unfinished sheet wrote to a closed file at exit.
    assert done.stderr == ""
