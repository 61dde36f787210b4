"""The order rows are judged in: blank and signature lines, numeric NIKs, duplicates.

Between the sheet and the row checker: which rows are data at all, when a
row can be judged (numeric NIKs wait until the column shows whether Excel
rounded them), and what becomes of each verdict (a record for the writer,
a rejection for the result and the error workbook).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

from kantor_app.domain.nik import numbers_look_rounded
from kantor_app.services.roster.importing.cells import Rejected, numeric_nik
from kantor_app.services.roster.importing.record import Record
from kantor_app.services.roster.importing.result import ImportResult
from kantor_app.services.roster.importing.row_checker import RowChecker
from kantor_app.services.roster.warnings import WARNING_MESSAGES
from kantor_app.services.spreadsheets.column_letter import column_letter
from kantor_app.services.spreadsheets.error_workbook import ErrorWorkbook
from kantor_app.services.spreadsheets.headers import is_column_numbering_row
from kantor_app.services.spreadsheets.reader import Cell, SheetRows
from kantor_app.services.spreadsheets.rejections import Rejection

CHUNK = 900  # NIKs per IN (...) query: below SQLite's old 999-variable limit

_TOTAL_ROW = re.compile(r"^\s*(jumlah|total|sub\s*total|grand\s*total)\b", re.IGNORECASE)

Pending = list[tuple[int, list[Cell]]]


class RecordWriter(Protocol):
    def write(self, records: list[Record]) -> None: ...

    def finish(self) -> None: ...


def is_total_row(name_cell: Cell) -> bool:
    """A "Jumlah"/"Total" line under the data: skipped wherever it stands."""
    return type(name_cell) is str and _TOTAL_ROW.match(name_cell) is not None


def data_rows(
    rows: SheetRows, head: list[list[Cell]], header_index: int
) -> Iterator[tuple[int, list[Cell]]]:
    """(Excel row, cells) after the header, reusing the rows already read."""
    for index in range(header_index + 1, len(head)):
        yield index + 1, head[index]
    iterator = iter(rows)
    for _ in range(len(head)):
        next(iterator, None)
    for index, row in enumerate(iterator, start=len(head)):
        yield index + 1, row


class RowRouter:
    """Takes the sheet's rows in order and sends each to the checker when it can be judged."""

    def __init__(
        self,
        checker: RowChecker,
        writer: RecordWriter,
        result: ImportResult,
        headers: list[str],
        width: int,
        header_index: int,
    ) -> None:
        self.checker = checker
        self.writer = writer
        self.result = result
        self.headers = headers
        self.width = width
        self.header_index = header_index
        self.report: ErrorWorkbook | None = None
        self.mapped_cols = tuple(sorted(set(checker.m.columns.values())))
        self._seen: dict[str, int] = {}  # NIK -> first Excel row
        self._chunk: list[Record] = []
        # Rows after an undecided numeric NIK (see take); None when none wait.
        self._pending: Pending | None = None
        # Rows without a NIK holding at most one mapped cell (a signature line
        # in the name column) are judged once the file goes on: if a NIK row
        # follows they were data rows missing their NIK, else they were the
        # signature block under the data and are skipped.
        self._held: Pending = []

    def take(self, excel_row: int, row: list[Cell]) -> None:
        """One row of the sheet after the header, in file order."""
        if self.width > len(row):
            row = row + [""] * (self.width - len(row))
        checker = self.checker
        if row[checker.nik_col] == "":
            name_cell = row[checker.name_col]
            if name_cell == "" or is_total_row(name_cell):
                return  # blank rows, signature lines, totals
            if sum(1 for c in self.mapped_cols if row[c] != "") <= 1:
                self._held.append((excel_row, row))
                return
        if excel_row == self.header_index + 2 and is_column_numbering_row(row):
            return
        if self._held:
            for item in self._held:
                self._route(*item)
            self._held = []
        self._route(excel_row, row)

    def finish(self) -> None:
        """The end of the sheet: judge the rows still waiting and write the last chunk."""
        if self._pending is not None:
            # Every numeric NIK in the column ends in 0: Excel rounded them.
            self.checker.numeric_verdict = "rounded"
            self._judge_pending()
        if self._chunk:
            self.writer.write(self._chunk)
            self._chunk = []

    def _route(self, excel_row: int, row: list[Cell]) -> None:
        """Check the row now, or hold it while numeric NIKs are undecided."""
        self.result.rows_read += 1
        cell = row[self.checker.nik_col]
        number = None if type(cell) is str else numeric_nik(cell)
        # The column's rounding verdict (DOMAIN.md §0, numbers_look_rounded) is
        # taken once: the first numeric NIK not ending in 0 shows exact numbers.
        undecided = self._pending is not None or self.checker.numeric_verdict is None
        exact = undecided and number is not None and not numbers_look_rounded((number,))
        if self._pending is not None:
            # Rows after an undecided numeric NIK wait, so that duplicates are
            # still judged in file order.
            self._pending.append((excel_row, row))
            if exact:
                self.checker.numeric_verdict = "exact"
                self._judge_pending()
            return
        if number is not None and self.checker.numeric_verdict is None:
            if not exact:
                self._pending = [(excel_row, row)]
                return
            self.checker.numeric_verdict = "exact"
        self._judge(excel_row, row)

    def _judge_pending(self) -> None:
        pending, self._pending = self._pending or [], None
        for item in pending:
            self._judge(*item)

    def _judge(self, excel_row: int, row: list[Cell]) -> None:
        checker = self.checker
        try:
            record = checker.check(row, excel_row)
            first = self._seen.get(record.nik)
            if first is not None:
                raise Rejected(
                    column_letter(checker.nik_col),
                    "duplicate_in_file",
                    f"{checker.where('nik')}: NIK sudah ada di baris {first}; "
                    "baris pertama yang dipakai.",
                )
        except Rejected as rejected:
            self._reject(excel_row, row, rejected)
            return
        self._seen[record.nik] = excel_row
        row_warnings = record.fields[-1]
        if row_warnings:
            self.result.warnings += 1
            for code in row_warnings.split("\n"):
                self.result.warning_rows.append(
                    Rejection(excel_row, "", code, WARNING_MESSAGES.get(code, code))
                )
        self._chunk.append(record)
        if len(self._chunk) >= CHUNK:
            self.writer.write(self._chunk)
            self._chunk = []

    def _reject(self, excel_row: int, row: list[Cell], rejected: Rejected) -> None:
        issue = Rejection(excel_row, rejected.column, rejected.code, rejected.message)
        self.result.rejections.append(issue)
        if self.report is None:
            self.report = ErrorWorkbook(
                self.headers, self.width, text_columns=(self.checker.nik_col,)
            )
        self.report.add(row, issue)
