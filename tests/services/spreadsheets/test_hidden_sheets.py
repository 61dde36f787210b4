"""A hidden first sheet (an old copy, a lookup list) is not what an import reads."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import select

from kantor_app.cli import build_parser
from kantor_app.services.spreadsheets.reader import open_workbook
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer

HEADER = ["NPP", "Nama Perusahaan", "Sektor", "Skala Usaha", "Kab/Kota", "Jumlah TK", "Upah"]


def _book(path: Path) -> Path:
    book = openpyxl.Workbook()
    old = book.active
    old.title = "Lama"
    old.append(HEADER)
    old.append(["99990001", "PT Salah Lembar", "jasa", "kecil", "64.72", 3, 4_000_000])
    old.sheet_state = "hidden"
    data = book.create_sheet("Data")
    data.append(HEADER)
    data.append(["11110000", "PT Lembar Terlihat", "jasa", "kecil", "64.72", 3, 4_000_000])
    book.active = 1
    book.save(path)
    return path


def test_visible_sheets_come_before_hidden_ones(tmp_path: Path) -> None:
    with open_workbook(_book(tmp_path / "perusahaan.xlsx")) as book:
        assert book.sheet_names == ["Data", "Lama"]


def test_the_employer_import_reads_the_visible_sheet(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    path = _book(tmp_path / "perusahaan.xlsx")
    args = build_parser().parse_args(["--db", db_url, "import-employers", str(path)])
    assert args.func(args) == 0
    with db.session() as session:
        names = list(session.scalars(select(Employer.name)))
    assert names == ["PT Lembar Terlihat"]
