"""The per-row issue every importer reports: which row, which column, a code and a sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rejection:
    """One issue with one row of an imported sheet.

    ``code`` is stable (scripts read it from ``--json``); ``message`` is the
    Indonesian sentence staff read; ``column`` is the column letter, or ""
    when the issue is not about one column. Rejected rows are not imported;
    the roster import also reports its warnings (rows imported anyway) in
    this shape.
    """

    row: int  # Excel row number
    column: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}
