"""Small per-cell helpers of the roster row checks: cell text, NIK numbers, phones, codes."""

from __future__ import annotations

import math
from collections.abc import Callable
from operator import itemgetter
from typing import Any, cast

from kantor_app.domain.nik import NIK_ERROR_MESSAGES
from kantor_app.domain.textnorm import clean_name
from kantor_app.services.spreadsheets.cell_text import cell_text
from kantor_app.services.spreadsheets.reader import Cell

# Rejection codes (stable: scripts read them from --json) and their messages.
REJECTION_MESSAGES: dict[str, str] = {
    **{code.value: message for code, message in NIK_ERROR_MESSAGES.items()},
    "name_missing": "Nama kosong atau tidak berisi huruf.",
    "duplicate_in_file": "NIK sudah muncul di baris sebelumnya dalam berkas ini.",
    "birthdate_invalid": "Tanggal lahir tidak valid.",
}

SEGMENT_WORDS = {
    "pu": "PU",
    "penerima upah": "PU",
    "bpu": "BPU",
    "bukan penerima upah": "BPU",
    "informal": "BPU",
    "jakon": "JAKON",
    "jasa konstruksi": "JAKON",
    "konstruksi": "JAKON",
    "rentan": "RENTAN",
    "pekerja rentan": "RENTAN",
}


class Rejected(Exception):
    def __init__(self, column: str, code: str, message: str) -> None:
        super().__init__(code)
        self.column = column
        self.code = code
        self.message = message


def as_text(cell: Cell) -> str:
    if type(cell) is str:
        return cell
    if cell == "" or cell is None:
        return ""
    return cell_text(cell)


def clean(value: str) -> str:
    """``clean_name`` with a fast path for text that is already clean (most cells)."""
    if value.isascii() and value.isprintable() and "  " not in value and value.strip() == value:
        # Printable ASCII has no tabs, newlines, NBSP or zero-width spaces.
        return value
    return clean_name(value)


def numeric_nik(cell: Cell) -> int | None:
    """The integer of a numeric NIK cell with 16 digits, else None."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return None
    if isinstance(cell, float) and (not math.isfinite(cell) or not cell.is_integer()):
        return None
    number = int(cell)
    return number if 10**15 <= number < 10**16 else None


def normal_phone(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer() and cell > 0:
        digits = str(int(cell))
        # A phone stored as a number lost its leading 0 ("812..." for "0812...").
        return "0" + digits if digits.startswith("8") else digits
    return clean(as_text(cell))


UNSEEN: Any = object()  # a memo's "not looked up yet", where None is a real answer


def cells_getter(columns: tuple[int | None, ...]) -> Callable[[list[Cell]], tuple[Cell, ...]]:
    """The cells of ``columns`` of a row as one tuple, "" for a column not in the file."""
    present = [c for c in columns if c is not None]
    if len(present) == len(columns) > 1:
        return cast(Callable[[list[Cell]], tuple[Cell, ...]], itemgetter(*present))
    return lambda row: tuple(row[c] if c is not None else "" for c in columns)
