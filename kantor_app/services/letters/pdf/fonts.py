"""The shipped DejaVu fonts, the body paragraph style, and measuring and wrapping plain text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from kantor_app.resources import resource_path
from kantor_app.services.letters.pdf import reportlab_speedups
from kantor_app.services.letters.pdf.content import RenderError
from kantor_app.services.letters.pdf.page import (
    BODY_LEADING,
    BODY_SIZE,
    FONT,
    FONT_BOLD,
    FONT_BOLD_ITALIC,
    FONT_ITALIC,
)

# DejaVu Sans Condensed, reduced to Latin, Greek, punctuation and symbols and with the
# TrueType hinting removed (resources/letters/fonts/README.md): a letter fits on one
# page at 10.5 pt, and the subset embedded in each PDF is a third of the size.
FONT_FILES = {
    FONT: "DejaVuSansCondensed.ttf",
    FONT_BOLD: "DejaVuSansCondensed-Bold.ttf",
    FONT_ITALIC: "DejaVuSansCondensed-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSansCondensed-BoldOblique.ttf",
}


@cache
def register_fonts() -> None:
    """Register the shipped DejaVu Sans family once per process (embedded as subsets)."""
    reportlab_speedups.use_binary_streams()
    for name, file_name in FONT_FILES.items():
        path = resource_path("letters", "fonts", file_name)
        if not path.is_file():
            raise RenderError(f"Font tidak ditemukan: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    reportlab_speedups.install(FONT_FILES)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle  # justified body paragraphs (the only Paragraphs left)


@cache
def styles() -> Styles:
    register_fonts()
    return Styles(
        body=ParagraphStyle(
            "kantor-body",
            fontName=FONT,
            fontSize=BODY_SIZE,
            leading=BODY_LEADING,
            alignment=TA_JUSTIFY,
            spaceAfter=4.5,
        ),
    )


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    try:
        return Paragraph(markup, style)
    except ValueError as exc:  # reportlab's paraparser error for broken markup
        raise RenderError(f"Markup paragraf tidak valid: {markup[:80]!r} ({exc})") from exc


def text_width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of plain text (line breaks kept); a lone overlong word overflows."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, font, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines
