"""The shared import framework: header finding, mapping by names, cell text, the error workbook."""

from __future__ import annotations

import gc
import json
import os
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from kantor_app.services.errors import ServiceError
from kantor_app.services.spreadsheets.cell_text import cell_text
from kantor_app.services.spreadsheets.error_workbook import (
    ErrorWorkbook,
    default_errors_path,
    save_error_workbook,
)
from kantor_app.services.spreadsheets.headers import find_header_row, is_column_numbering_row
from kantor_app.services.spreadsheets.mapping import HeaderNames, header_key
from kantor_app.services.spreadsheets.rejections import Rejection
from kantor_app.services.spreadsheets.results import ImportCounts

NAMES = HeaderNames(
    {"npp": ("npp", "nonpp"), "name": ("nama", "namaperusahaan")},
    fallback=lambda key: "name" if key.startswith("namalengkap") else None,
)


def test_header_names_match_any_spelling_and_the_first_column_wins() -> None:
    assert header_key("Nama Perusahaan (sesuai akta)") == "namaperusahaan"
    assert NAMES.map_row(["No", "No. NPP", "NAMA  PERUSAHAAN", "Nama", 12]) == {
        "npp": 1,
        "name": 2,
    }
    assert NAMES.field_for("Nama Lengkap Pemilik") == "name"
    assert NAMES.field_for(3.0) is None and NAMES.field_for("  ") is None


def test_header_row_is_the_acceptable_row_naming_most_fields() -> None:
    rows = [
        ["DAFTAR PERUSAHAAN"],
        ["Nama"],  # one field only: not acceptable below
        ["NPP", "Nama"],
        ["NPP", "Nama", "Nama"],  # the same count: the earlier row stays
    ]
    found = find_header_row(rows, NAMES.map_row, lambda columns: len(columns) >= 2)
    assert found is not None and (found.index, found.columns) == (2, {"npp": 0, "name": 1})
    assert find_header_row(rows[:2], NAMES.map_row, lambda columns: len(columns) >= 2) is None
    assert is_column_numbering_row(["", 1, 2.0, "3"]) and not is_column_numbering_row([1, 3, 4])


def test_cell_text_reads_as_the_indonesian_interface_shows_cells() -> None:
    assert [cell_text(True), cell_text(False)] == ["BENAR", "SALAH"]
    assert cell_text(6472014508900012.0) == "6472014508900012"
    assert cell_text(datetime(2026, 8, 17)) == "17-08-2026"
    assert cell_text(datetime(2026, 8, 17, 9, 30)) == "17-08-2026 09:30"
    assert cell_text(date(2026, 8, 17)) == "17-08-2026"
    assert cell_text(None) == "" and cell_text(2.5) == "2.5"


def test_error_workbook_layout_is_original_columns_then_baris_kolom_alasan(
    tmp_path: Path,
) -> None:
    book = ErrorWorkbook(["NPP", "Nama"], 3, text_columns=(0,))
    book.add([12345678.0, "PT Satu", 7], Rejection(4, "A", "npp_taken", "NPP sudah dipakai."))
    book.add(["", "PT Dua"], Rejection(5, "", "invalid", "Baris kosong."))
    target = save_error_workbook(book, None, tmp_path / "kiriman.xlsx")
    assert target == default_errors_path(tmp_path / "kiriman.xlsx")
    assert target.name == "kiriman-ditolak.xlsx"
    sheet = openpyxl.load_workbook(target)["Ditolak"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["NPP", "Nama", None, "Baris", "Kolom", "Alasan"],
        ["12345678", "PT Satu", 7, 4, "A", "NPP sudah dipakai."],
        [None, "PT Dua", None, 5, None, "Baris kosong."],
    ]
    assert sheet.cell(row=2, column=1).data_type == "s"  # identifiers stay text
    # Atomic: nothing but the workbook is left in the folder.
    assert sorted(os.listdir(tmp_path)) == ["kiriman-ditolak.xlsx"]


# A write-only openpyxl book that never saved complains when collected; harmless here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_failed_save_leaves_no_half_file_and_never_overwrites_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "kiriman.xlsx"
    source.write_bytes(b"asli")
    book = ErrorWorkbook(["NPP"], 1)
    with pytest.raises(ServiceError, match="menimpa"):
        save_error_workbook(book, source, source)
    assert source.read_bytes() == b"asli"

    def broken_save(self: object, filename: str) -> None:
        Path(filename).write_bytes(b"separuh")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(book.book), "save", broken_save)
    wanted = tmp_path / "tolak.xlsx"
    with pytest.raises(ServiceError) as caught:
        save_error_workbook(book, wanted, source)
    assert caught.value.code == "error_report_unwritable"
    assert sorted(os.listdir(tmp_path)) == ["kiriman.xlsx"]
    del book, caught
    gc.collect()  # its complaint, inside this test's warning filter


def test_results_share_one_json_shape() -> None:
    counts = ImportCounts(Path("/data/p.xlsx"), "Data", rows_read=3, imported=1, updated=1)
    counts.rejections.append(Rejection(4, "B", "name_missing", "Nama kosong."))
    shaped = json.loads(json.dumps(counts.as_json()))
    assert shaped == {
        "file": "/data/p.xlsx",
        "sheet": "Data",
        "rows_read": 3,
        "imported": 1,
        "updated": 1,
        "unchanged": 0,
        "rejected": 1,
        "rejections": [
            {"row": 4, "column": "B", "code": "name_missing", "message": "Nama kosong."}
        ],
        "error_report": None,
    }
