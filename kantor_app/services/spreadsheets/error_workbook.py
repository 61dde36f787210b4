"""The one error workbook: rejected rows as they were, so staff can fix them and import again.

Layout (every importer): sheet "Ditolak"; the row's original columns under
the file's own headers, then Baris (Excel row), Kolom (column letter) and
Alasan (the reason). The original columns come first so the fixed sheet
imports again as it is: the header finder skips the three extra columns.
Identifier columns (NIK, NPP, NPWP) are written as text, because Excel
rounds numbers beyond 15 digits.

Saving is atomic: written to a temporary file beside the target and renamed
over it, so a crash or a full disk never leaves half a workbook behind.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from kantor_app import paths
from kantor_app.services.errors import ServiceError
from kantor_app.services.spreadsheets.cell_text import cell_text
from kantor_app.services.spreadsheets.reader import Cell
from kantor_app.services.spreadsheets.rejections import Rejection
from kantor_app.services.spreadsheets.safe_cells import safe_row

SHEET_NAME = "Ditolak"
TRAILING_HEADERS = ("Baris", "Kolom", "Alasan")


class ErrorWorkbook:
    """Collects rejected rows (write-only, so 100,000 rejects stay cheap) and saves them."""

    def __init__(
        self, headers: Sequence[str], width: int, text_columns: Collection[int] = ()
    ) -> None:
        self.width = width
        self.text_columns = frozenset(text_columns)
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(SHEET_NAME)
        padded = [*headers[:width], *[""] * (width - len(headers))]
        self.sheet.append(safe_row(self.sheet, [*padded, *TRAILING_HEADERS]))
        self.count = 0

    def add(self, cells: Sequence[Cell], rejection: Rejection) -> None:
        out: list[Any] = []
        for index in range(self.width):
            value = cells[index] if index < len(cells) else ""
            if index in self.text_columns and value != "":
                cell = WriteOnlyCell(self.sheet, value=_as_text(value))
                cell.number_format = "@"
                out.append(cell)
            else:
                out.append(None if value == "" else value)
        out.extend([rejection.row, rejection.column or None, rejection.message])
        self.sheet.append(safe_row(self.sheet, out))
        self.count += 1

    def discard(self) -> None:
        """Finish the unsaved sheet: left open, openpyxl reports its closed stream on exit."""
        with contextlib.suppress(Exception):
            self.sheet.close()

    def save(self, target: Path) -> Path:
        """Write to ``target`` atomically (temp file + rename); OSError if impossible."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".kantor-", suffix=".xlsx", dir=target.parent)
        os.close(fd)
        try:
            self.book.save(temp)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return target


def _as_text(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer() and math.isfinite(value):
        return str(int(value))
    return cell_text(value)


def default_errors_path(source: Path) -> Path:
    """ "<stem>-ditolak.xlsx" next to the imported file."""
    return source.with_name(f"{source.stem}-ditolak.xlsx")


def _free_name(target: Path) -> Path:
    """``target``, or "<stem> (2).xlsx", "<stem> (3).xlsx", … when it exists."""
    candidate, n = target, 2
    while candidate.exists():
        candidate = target.with_name(f"{target.stem} ({n}){target.suffix}")
        n += 1
    return candidate


def save_error_workbook(
    book: ErrorWorkbook, wanted: Path | None, source: Path, *, keep_existing: bool = False
) -> Path:
    """Save to ``wanted``, else next to ``source`` (or the data folder if that fails).

    ``keep_existing`` (a dry run) saves beside an existing workbook instead of
    over it: the rejects of the real import are never replaced by a trial's.
    ServiceError when ``wanted`` cannot be written or would overwrite the source.
    """
    target = wanted or default_errors_path(source)
    if keep_existing:
        target = _free_name(target)
    if target.resolve() == source.resolve():
        raise ServiceError(
            "Laporan baris ditolak tidak boleh menimpa berkas yang diimpor.",
            code="error_report_onto_source",
        )
    try:
        return book.save(target)
    except OSError as exc:
        if wanted is not None:
            book.discard()
            raise ServiceError(
                "Laporan baris ditolak tidak dapat disimpan ke '{target}': {reason}.",
                code="error_report_unwritable",
                target=target,
                reason=exc.strerror or str(exc),
            ) from None
        # The input may sit on a read-only stick or in a mail client's folder.
        fallback = paths.data_dir() / "laporan-impor" / target.name
        try:
            return book.save(fallback)
        except OSError:
            book.discard()
            raise
