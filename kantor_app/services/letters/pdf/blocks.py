"""Fixed text drawn at known places: the flowable that replaces nested platypus Tables.

The kop, the Nomor block, the addressee, the table, the signature and the
Tembusan are plain text at known places: drawing them directly, all text of
a block in one PDF text object, costs a fraction of nested platypus Tables
and one-line Paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable

from kantor_app.services.letters.pdf.fonts import text_width, wrap_text
from kantor_app.services.letters.pdf.logo import LogoImage, draw_logo


@dataclass(frozen=True)
class Run:
    """One line of plain text at ``x`` (left, centre or right edge) and baseline ``y``.

    ``y`` is measured down from the top of the block.
    """

    x: float
    y: float
    text: str
    font: str
    size: float
    align: str = "L"  # "L", "C" or "R"
    underline: bool = False


class Block(Flowable):
    """Fixed text, rules and shading drawn in one go (one PDF text object for all text).

    Coordinates are measured from the top left of the block.
    """

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width = width
        self.height = height
        self.runs: list[Run] = []
        self.rules: list[tuple[float, float, float, float, float]] = []  # x1, y1, x2, y2, lw
        self.fills: list[tuple[float, float, float, float, float]] = []  # x, y, w, h, grey
        self.logo: tuple[LogoImage, float, float, float, float] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv, top = self.canv, self.height
        canv.saveState()
        for x, y, w, h, grey in self.fills:
            canv.setFillGray(grey)
            canv.rect(x, top - y - h, w, h, stroke=0, fill=1)
        canv.setFillGray(0)
        by_width: dict[float, list[tuple[float, float, float, float]]] = {}
        for x1, y1, x2, y2, lw in self.rules:
            by_width.setdefault(lw, []).append((x1, top - y1, x2, top - y2))
        for run in self.runs:
            if run.underline:
                x = self._left(run)
                w = text_width(run.text, run.font, run.size)
                y = top - run.y - 1.6
                by_width.setdefault(0.7, []).append((x, y, x + w, y))
        for lw, lines in by_width.items():
            canv.setLineWidth(lw)
            canv.lines(lines)
        if self.logo is not None:
            logo, x, y, w, h = self.logo
            draw_logo(canv, logo, x, top - y - h, w, h)
        if self.runs:
            text = canv.beginText()
            current: tuple[str, float] | None = None
            for run in self.runs:
                if (run.font, run.size) != current:
                    current = (run.font, run.size)
                    text.setFont(run.font, run.size)
                text.setTextOrigin(self._left(run), top - run.y)
                text.textOut(run.text)
            canv.drawText(text)
        canv.restoreState()

    @staticmethod
    def _left(run: Run) -> float:
        if run.align == "L":
            return run.x
        w = text_width(run.text, run.font, run.size)
        return run.x - (w if run.align == "R" else w / 2)


def lines_block(
    lines: Sequence[tuple[str, str, float, float]], width: float, *, align: str = "L"
) -> Block:
    """Lines of (text, font, size, leading), each wrapped to ``width``, stacked."""
    runs: list[Run] = []
    y = 0.0
    x = {"L": 0.0, "C": width / 2, "R": width}[align]
    for text, font, size, leading in lines:
        for part in wrap_text(text, font, size, width):
            runs.append(Run(x, y + size, part, font, size, align))
            y += leading
    block = Block(width, y)
    block.runs = runs
    return block
