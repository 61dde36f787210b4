"""What every import reports: rows read, counts, the rejections, the error workbook.

One shape for every importer, so the dialogs, the CLI's ``--json`` and the
audit trail read any import's result by the same names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kantor_app.services.spreadsheets.rejections import Rejection


@dataclass
class ImportCounts:
    """The counts of one import; importers extend it with what is their own."""

    file: Path
    sheet: str
    rows_read: int = 0
    imported: int = 0  # new records
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    error_report: Path | None = None  # the error workbook, once written

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def as_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` object (importers add their own keys)."""
        return {
            "file": str(self.file),
            "sheet": self.sheet,
            "rows_read": self.rows_read,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "rejections": [rejection.as_dict() for rejection in self.rejections],
            "error_report": str(self.error_report) if self.error_report else None,
        }
