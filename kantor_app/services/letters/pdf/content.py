"""What a letter PDF is made from and what rendering gives back: plain data, no reportlab.

Callers fill these in completely (texts filled, amounts and dates formatted);
the renderer only lays them out. Paragraph markup rules: see :func:`escape`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Letterhead:
    """Kop surat. ``org_name`` and ``branch_name`` are printed in capitals."""

    org_name: str
    branch_name: str
    address: str
    phone: str
    email: str
    website: str
    logo_path: Path | None = None


@dataclass(frozen=True)
class LetterTable:
    """A table in the body. Cells are plain text, already formatted (``Rp1.234.567``).

    Columns whose cells are all amounts/numbers are right-aligned; a column
    headed "No"/"No." is centred. ``total_row`` is printed bold; its empty
    cells are merged into the label cell that precedes them.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total_row: tuple[str, ...] | None = None


@dataclass(frozen=True)
class LetterContent:
    """Everything printed on one letter, already filled in and formatted."""

    letterhead: Letterhead
    number: str
    place: str
    date_text: str
    sifat: str
    lampiran: str | None
    hal: str
    addressee: tuple[str, ...]  # ("Yth. Pimpinan", "PT Sawit Makmur", "Jl. ...", "Samarinda")
    body_before_table: tuple[str, ...]
    table: LetterTable | None
    body_after_table: tuple[str, ...]
    signature_position: str
    signature_name: str
    signature_id: str | None
    tembusan: tuple[str, ...]


@dataclass(frozen=True)
class LetterFile:
    path: Path
    sha256: str
    pages: int


@dataclass(frozen=True)
class BatchResult:
    letters: tuple[LetterFile, ...]
    combined_path: Path
    combined_sha256: str
    combined_pages: int


class RenderError(Exception):
    """A letter could not be rendered (bad markup, unreadable logo, bad batch arguments)."""


class Markup(str):
    """Text that is already paragraph markup and must not be escaped again."""


def escape(text: str) -> Markup:
    """Escape plain text (a company name like ``"PT A & B <Persero>"``) for paragraph markup."""
    if isinstance(text, Markup):
        return text
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
