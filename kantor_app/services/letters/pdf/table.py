"""The table in a letter's body (months of arrears, findings): widths, wrapping, pages.

Columns whose cells are all amounts or numbers are right-aligned, a "No"
column is centred, the bold total row merges its empty cells into the
label; a table longer than the page flows on with its header row repeated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import cm
from reportlab.platypus import Flowable

from kantor_app.services.letters.pdf.blocks import Block, Run
from kantor_app.services.letters.pdf.content import LetterTable, RenderError
from kantor_app.services.letters.pdf.fonts import text_width, wrap_text
from kantor_app.services.letters.pdf.page import (
    CELL_LEADING,
    CELL_SIZE,
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
)

_NUMERIC = re.compile(r"^\s*(?:Rp\s?)?[-−]?\d[\d.]*(?:,\d+)?\s*%?\s*$")
_CELL_PAD = 10.0  # left + right padding of a table cell
_CELL_TOP = 2.2
_CELL_BOTTOM = 2.6
#: A text column at most this wide (a month, a date, a code) is never wrapped.
_SHORT_TEXT = 3.6 * cm
_MIN_WRAPPED = 3.0 * cm
_HEADER_GREY = 0.9


def _cell_width(text: str, font: str) -> float:
    return max((text_width(part, font, CELL_SIZE) for part in text.split("\n")), default=0.0)


def _column_widths(
    t: LetterTable, numeric: Sequence[bool], centred: Sequence[bool]
) -> tuple[list[float], list[bool]]:
    """Column widths spanning the frame, and which columns may wrap.

    Numbers, the "No" column and short texts (months, dates, codes) get at
    least their natural width, so "September 2026" or "Rp12.345.678" never
    breaks; long texts (a project name) share what is left and wrap. Spare
    room is spread over the columns in proportion to their width, except the
    "No" column.
    """
    ncols = len(t.columns)
    natural: list[float] = []
    for i in range(ncols):
        w = max(
            [
                _cell_width(t.columns[i], FONT_BOLD),
                *(_cell_width(r[i], FONT) for r in t.rows),
                # a total amount, not the "Jumlah" label (it spans the empty cells after it)
                _cell_width(t.total_row[i], FONT_BOLD)
                if t.total_row and _NUMERIC.match(t.total_row[i])
                else 0.0,
            ]
        )
        natural.append(w + _CELL_PAD + 2)
    wrap = [not (numeric[i] or centred[i]) and natural[i] > _SHORT_TEXT for i in range(ncols)]
    fixed_total = sum(w for w, wr in zip(natural, wrap, strict=True) if not wr)
    flex_total = sum(w for w, wr in zip(natural, wrap, strict=True) if wr)
    widths = list(natural)
    if fixed_total + flex_total <= FRAME_WIDTH:
        growable = [i for i in range(ncols) if not centred[i]] or list(range(ncols))
        base = sum(natural[i] for i in growable)
        extra = FRAME_WIDTH - fixed_total - flex_total
        for i in growable:
            widths[i] += extra * natural[i] / base
    elif flex_total and FRAME_WIDTH - fixed_total >= _MIN_WRAPPED * wrap.count(True):
        room = FRAME_WIDTH - fixed_total
        for i in range(ncols):
            if wrap[i]:
                widths[i] = room * natural[i] / flex_total
    else:  # too many columns: scale everything, wrap whatever text does not fit
        scale = FRAME_WIDTH / (fixed_total + flex_total)
        widths = [w * scale for w in natural]
        wrap = [not numeric[i] for i in range(ncols)]
    return widths, wrap


@dataclass(frozen=True)
class _GridRow:
    cells: tuple[tuple[str, ...], ...]  # the lines of each cell
    font: str
    aligns: tuple[str, ...]
    span: int  # the first cell covers this many columns (1: no span)
    header: bool = False

    @property
    def height(self) -> float:
        lines = max(len(c) for c in self.cells)
        return _CELL_TOP + CELL_SIZE * 1.05 + (lines - 1) * CELL_LEADING + _CELL_BOTTOM


class GridTable(Flowable):
    """The body table: header row (repeated on every page), rows, bold total row, full grid."""

    def __init__(self, widths: Sequence[float], header: _GridRow, rows: Sequence[_GridRow]):
        super().__init__()
        self.widths = list(widths)
        self.header = header
        self.rows = list(rows)
        self.width = sum(self.widths)
        self.height = header.height + sum(r.height for r in self.rows)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = available_height - self.header.height
        taken = 0
        for row in self.rows:
            if row.height > room:
                break
            room -= row.height
            taken += 1
        if taken == 0 or taken == len(self.rows):
            return []
        return [
            GridTable(self.widths, self.header, self.rows[:taken]),
            GridTable(self.widths, self.header, self.rows[taken:]),
        ]

    def draw(self) -> None:
        block = Block(self.width, self.height)
        edges = [0.0]
        for w in self.widths:
            edges.append(edges[-1] + w)
        y = 0.0
        for row in (self.header, *self.rows):
            h = row.height
            if row.header:
                block.fills.append((0.0, y, self.width, h, _HEADER_GREY))
            block.rules.append((0.0, y, self.width, y, 0.5))
            lines_in_row = max(len(c) for c in row.cells)
            col = 0
            for cell in row.cells:
                span = row.span if col == 0 else 1
                left, right = edges[col], edges[col + span]
                align = row.aligns[col]
                x = {"L": left + 5, "C": (left + right) / 2, "R": right - 5}[align]
                # Header cells are centred vertically, the others start at the top.
                top = y + (lines_in_row - len(cell)) * CELL_LEADING / 2 if row.header else y
                for k, text in enumerate(cell):
                    baseline = top + _CELL_TOP + CELL_SIZE * 0.8 + k * CELL_LEADING
                    block.runs.append(Run(x, baseline, text, row.font, CELL_SIZE, align))
                if col > 0:
                    block.rules.append((left, y, left, y + h, 0.5))
                col += span
            y += h
        block.rules.append((0.0, y, self.width, y, 0.5))
        block.rules.append((0.0, 0.0, 0.0, y, 0.5))
        block.rules.append((self.width, 0.0, self.width, y, 0.5))
        block.canv = self.canv
        block.draw()
        del block.canv


def body_table(t: LetterTable) -> GridTable:
    ncols = len(t.columns)
    for row in (*t.rows, *((t.total_row,) if t.total_row else ())):
        if len(row) != ncols:
            raise RenderError(f"Baris tabel memiliki {len(row)} kolom, seharusnya {ncols}: {row!r}")
    numeric = [
        bool(t.rows) and all(not r[i].strip() or _NUMERIC.match(r[i]) for r in t.rows)
        for i in range(ncols)
    ]
    centred = [c.strip().lower().rstrip(".") in ("no", "nomor urut") for c in t.columns]
    widths, wrap = _column_widths(t, numeric, centred)
    aligns = tuple("C" if centred[i] else "R" if numeric[i] else "L" for i in range(ncols))

    def lines(text: str, i: int, font: str) -> tuple[str, ...]:
        if wrap[i]:
            return tuple(wrap_text(text, font, CELL_SIZE, widths[i] - _CELL_PAD))
        return tuple(text.split("\n"))

    header = _GridRow(
        tuple(lines(c, i, FONT_BOLD) for i, c in enumerate(t.columns)),
        FONT_BOLD,
        ("C",) * ncols,
        1,
        header=True,
    )
    rows = [
        _GridRow(tuple(lines(r[i], i, FONT) for i in range(ncols)), FONT, aligns, 1) for r in t.rows
    ]
    if t.total_row is not None:
        total = list(t.total_row)
        first = next((i for i, x in enumerate(total) if x.strip()), 0)
        if first > 0:  # ("", "", "Jumlah", "Rp…") -> label moved into the first cell
            total[0], total[first] = total[first], ""
        # Only the label spans the empty cells after it; each amount stays in its column.
        span = 1
        while span < ncols and not total[span].strip():
            span += 1
        if not total[0].strip():
            span = 1
        cells = [lines(total[0], 0, FONT_BOLD)]
        cells += [lines(total[i], i, FONT_BOLD) for i in range(span, ncols)]
        total_aligns = ("C", *aligns[1:])
        rows.append(_GridRow(tuple(cells), FONT_BOLD, total_aligns, span))
    return GridTable(widths, header, rows)
