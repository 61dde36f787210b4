"""What the roster import shows before importing (the preview) and reports after it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kantor_app.services.roster.importing.columns import ColumnMapping
from kantor_app.services.spreadsheets.cell_text import cell_text
from kantor_app.services.spreadsheets.column_letter import column_letter
from kantor_app.services.spreadsheets.reader import Cell
from kantor_app.services.spreadsheets.rejections import Rejection
from kantor_app.services.spreadsheets.results import ImportCounts


@dataclass
class RosterPreview:
    """What the import dialog shows before importing."""

    file: Path
    sheet_names: list[str]
    sheet: str
    header_row: int | None  # Excel row number; None when no header was recognised
    headers: list[str]  # text of the header row, one per column (all "" without header)
    mapping: ColumnMapping
    rows: list[list[Cell]]  # the first data rows, raw cells
    row_numbers: list[int]  # Excel row number of each of ``rows``
    width: int  # number of columns

    def column_title(self, column: int) -> str:
        """ "B · Nama Lengkap" for a column picker."""
        header = self.headers[column] if column < len(self.headers) else ""
        return f"{column_letter(column)} · {header}" if header else column_letter(column)

    def text_rows(self) -> list[list[str]]:
        return [[cell_text(c) for c in row] for row in self.rows]


@dataclass
class ImportResult(ImportCounts):
    """The shared counts, plus the roster's header row and its warnings (rows kept anyway)."""

    header_row: int = 0
    warnings: int = 0  # rows imported with at least one warning
    warning_rows: list[Rejection] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        """The CLI's --json object."""
        return {**super().as_json(), "header_row": self.header_row, "warnings": self.warnings}
