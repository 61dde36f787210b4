"""Spreadsheet column letters, as Excel names columns in messages and pickers."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based index: 0 -> "A", 27 -> "AB"."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
