"""The import dialog's first step: sheets, the header row, the mapping and the first rows."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kantor_app.domain.wilayah import RegionTable
from kantor_app.resources import resource_path
from kantor_app.services.errors import ServiceError
from kantor_app.services.roster.importing.columns import (
    ColumnMapping,
    HeaderMatch,
    find_header,
)
from kantor_app.services.roster.importing.result import RosterPreview
from kantor_app.services.spreadsheets.cell_text import cell_text
from kantor_app.services.spreadsheets.headers import HEADER_SEARCH_ROWS, is_column_numbering_row
from kantor_app.services.spreadsheets.reader import Cell, SheetRows, Workbook, open_workbook


@cache
def default_regions() -> RegionTable:
    return RegionTable.from_csv_dir(resource_path("wilayah"))


def locate_sheet(
    book: Workbook, sheet: str | None
) -> tuple[SheetRows, list[list[Cell]], HeaderMatch | None]:
    """The sheet to read, its first rows, and the header found there (or None)."""
    if sheet is not None:
        rows = book.sheet(sheet)
        head = take_rows(rows, HEADER_SEARCH_ROWS)
        return rows, head, find_header(head)
    first: tuple[SheetRows, list[list[Cell]]] | None = None
    all_empty = True
    for name in book.sheet_names:
        rows = book.sheet(name)
        if rows.is_empty:
            continue
        all_empty = False
        head = take_rows(rows, HEADER_SEARCH_ROWS)
        match = find_header(head)
        if match is not None:
            return rows, head, match
        if first is None:
            first = (rows, head)
    if all_empty:
        raise ServiceError(
            "Buku kerja '{file}' kosong: tidak ada data di lembar mana pun.",
            code="workbook_empty",
            file=book.path.name,
        )
    assert first is not None
    return first[0], first[1], None


def take_rows(rows: SheetRows, count: int) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for row in rows:
        out.append(row)
        if len(out) >= count:
            break
    return out


def preview_roster(path: str | Path, sheet: str | None = None, rows: int = 20) -> RosterPreview:
    """Sheets, the chosen sheet, its header row and mapping, and the first ``rows`` data rows."""
    file = Path(path)
    with open_workbook(file) as book:
        sheet_rows, head, match = locate_sheet(book, sheet)
        if match is None:
            header_index = -1
            mapping = ColumnMapping()
            headers = [""] * sheet_rows.width
        else:
            header_index = match.row_index
            mapping = match.mapping
            headers = [cell_text(c).strip() for c in head[header_index]]
        data: list[list[Cell]] = []
        numbers: list[int] = []
        for index, row in enumerate(sheet_rows):
            if index <= header_index:
                continue
            if index == header_index + 1 and is_column_numbering_row(row):
                continue
            if all(c == "" for c in row):
                continue
            data.append(row)
            numbers.append(index + 1)
            if len(data) >= rows:
                break
        return RosterPreview(
            file=file,
            sheet_names=list(book.sheet_names),
            sheet=sheet_rows.name,
            header_row=None if match is None else header_index + 1,
            headers=headers,
            mapping=mapping,
            rows=data,
            row_numbers=numbers,
            width=sheet_rows.width,
        )
