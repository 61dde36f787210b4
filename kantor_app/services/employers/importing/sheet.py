"""What the employer and contribution imports share: reading the sheet, cell helpers, results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kantor_app.domain.money import parse_rupiah
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.spreadsheets.cell_text import cell_text
from kantor_app.services.spreadsheets.column_letter import column_letter
from kantor_app.services.spreadsheets.error_workbook import ErrorWorkbook, save_error_workbook
from kantor_app.services.spreadsheets.headers import (
    HEADER_SEARCH_ROWS,
    find_header_row,
    is_blank_row,
    is_column_numbering_row,
)
from kantor_app.services.spreadsheets.mapping import HeaderNames
from kantor_app.services.spreadsheets.reader import Cell, open_workbook
from kantor_app.services.spreadsheets.rejections import Rejection
from kantor_app.services.spreadsheets.results import ImportCounts

# field -> (label, header keys as produced by header_key)
Fields = dict[str, tuple[str, tuple[str, ...]]]
Progress = Callable[[int, int, str], None]


class UnreadableFile(ServiceError):
    """The file as a whole cannot be imported (unreadable, no header, missing column)."""


@dataclass
class ImportResult(ImportCounts):
    """The shared counts, plus what the error workbook needs to show the rejected rows."""

    kind: str = ""  # "employers" | "contributions"
    headers: tuple[str, ...] = ()
    # The rejected rows' original cells, in the order of ``rejections``: the
    # error workbook is written only on request, after the import.
    rejected_cells: list[list[Cell]] = field(default_factory=list, repr=False)
    text_columns: tuple[int, ...] = ()  # identifier columns (NPP, NPWP, NIB) kept as text

    def summary(self) -> str:
        what = "perusahaan" if self.kind == "employers" else "periode iuran"
        text = (
            f"{self.file.name} (lembar '{self.sheet}'): {self.rows_read} baris dibaca, "
            f"{self.imported} {what} baru, {self.updated} diperbarui, "
            f"{self.unchanged} tidak berubah"
        )
        if self.rejections:
            text += f", {self.rejected} baris ditolak"
        return text + "."

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "kind": self.kind}

    def reject(self, sheet: ImportSheet, number: int, row: list[Cell], problem: RowProblem) -> None:
        column = sheet.columns.get(problem.field_name)
        letter = column_letter(column) if column is not None else ""
        self.rejections.append(Rejection(number, letter, problem.code, problem.reason))
        self.rejected_cells.append(row)


class RowProblem(Exception):
    """Why one row cannot be imported: the field it is about, a stable code, the sentence."""

    def __init__(self, field_name: str, code: str, reason: str) -> None:
        super().__init__(reason)
        self.field_name = field_name
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class ImportSheet:
    name: str
    header_index: int
    columns: dict[str, int]
    headers: tuple[str, ...]
    rows: list[tuple[int, list[Cell]]]  # (Excel row number, cells)

    def cell(self, row: list[Cell], name: str) -> Cell:
        index = self.columns.get(name)
        if index is None or index >= len(row):
            return ""
        return row[index]

    def result(self, path: Path, kind: str, text_fields: Sequence[str]) -> ImportResult:
        text_columns = tuple(self.columns[f] for f in text_fields if f in self.columns)
        return ImportResult(
            path,
            self.name,
            rows_read=len(self.rows),
            kind=kind,
            headers=self.headers,
            text_columns=text_columns,
        )


def read_sheet(path: Path, fields: Fields, required: Sequence[str]) -> ImportSheet:
    """The first sheet whose header names the required fields, with its data rows."""
    names = HeaderNames({name: keys for name, (_label, keys) in fields.items()})

    def acceptable(columns: dict[str, int]) -> bool:
        return all(r in columns for r in required)

    try:
        with open_workbook(path) as book:
            for sheet_name in book.sheet_names:
                head = book.head(sheet_name, HEADER_SEARCH_ROWS)
                found = find_header_row(head, names.map_row, acceptable)
                if found is not None:
                    break
            else:
                labels = ", ".join(fields[r][0] for r in required)
                raise UnreadableFile(
                    "Berkas '{file}': baris judul kolom tidak ditemukan di {rows} baris "
                    "pertama lembar mana pun. Kolom wajib: {labels}.",
                    code="header_not_found",
                    file=path.name,
                    rows=HEADER_SEARCH_ROWS,
                    labels=labels,
                )
            rows: list[tuple[int, list[Cell]]] = []
            for number, row in enumerate(book.rows(sheet_name), start=1):
                if number <= found.index + 1 or is_blank_row(row):
                    continue
                if number == found.index + 2 and is_column_numbering_row(row):
                    continue
                rows.append((number, row))
    except UnreadableFile:
        raise
    except ServiceError as exc:
        # The reader's refusal as it is (template, code, fields): the UI translates it.
        raise UnreadableFile(exc.template, code=exc.code, **exc.fields) from None
    headers = tuple(cell_text(c) for c in head[found.index])
    return ImportSheet(sheet_name, found.index, found.columns, headers, rows)


def text(cell: Cell | None) -> str:
    return cell_text(cell).strip()


def digits_text(cell: Cell) -> str:
    """Identifier digits of a cell; a number cell becomes its integer digits."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return text(cell)


def int_or_none(cell: Cell, name: str, label: str) -> int | None:
    if cell == "" or cell is None:
        return None
    try:
        value = parse_rupiah(cell)
    except ValueError as exc:
        raise RowProblem(name, "number_invalid", f"{label}: {exc}") from None
    if value < 0:
        raise RowProblem(name, "number_negative", f"{label} tidak boleh negatif.")
    return value


def report_progress(
    progress: Progress | None,
    is_cancelled: Callable[[], bool] | None,
    done: int,
    total: int,
    message: str,
) -> None:
    if is_cancelled is not None and is_cancelled():
        raise Cancelled()
    if progress is not None and (done % 200 == 0 or done == total):
        progress(done, total, message)


def write_error_workbook(result: ImportResult, out: Path) -> Path:
    """The rejected rows in the shared "Ditolak" layout, saved atomically to ``out``.

    The row's original cells come first, then Baris, Kolom and Alasan, so the
    user can fix the rows and import the sheet again. Sets ``error_report``.
    """
    width = max([len(result.headers), *(len(cells) for cells in result.rejected_cells)])
    book = ErrorWorkbook(result.headers, width, result.text_columns)
    for rejection, cells in zip(result.rejections, result.rejected_cells, strict=True):
        book.add(cells, rejection)
    result.error_report = save_error_workbook(book, Path(out), result.file)
    return result.error_report
