"""PDF rendering of official letters (surat teguran and the like), free of the database.

Callers hand in fully prepared :class:`LetterContent` (texts already filled,
amounts and dates already formatted) and get PDF bytes or files back. The
layout follows the tata naskah dinas conventions of DOMAIN.md §3: kop surat
with an optional logo and a double rule (first page only), the Nomor / Sifat /
Lampiran / Hal block with the place-date line on the right of the Nomor line,
the "Yth." addressee block, the body with an optional table, the signature
block on the right and the numbered "Tembusan:" list at the bottom left.

Markup: the paragraphs of ``body_before_table`` and ``body_after_table`` are
reportlab paragraph markup, so they may use ``<b>``, ``<i>`` and ``<u>``; user
data placed in them must go through :func:`escape`. Every other field
(number, hal, addressee, table cells, signature, tembusan, kop) is plain text
and is escaped here.

Rendering is deterministic (reportlab invariant mode): the same content gives
byte-identical PDFs, so a reprint has the same sha256 as the original.

Layout: A4, DejaVu Sans Condensed (shipped in resources/letters/fonts,
without hinting so the embedded subset is ~10 kB per face) at 10.5 pt, so
every kind fits on one page with up to about six months in the table; longer
tables flow on with the header row repeated and "Halaman x dari y".

Speed: fonts, styles, the logo image, font subsets and word widths are
prepared once per process. Everything except the justified body paragraphs
(kop, Nomor block, addressee, table, signature, Tembusan) is drawn as plain
positioned text in one PDF text object instead of nested platypus Tables.
A batch lays out and writes each letter exactly once; the combined PDF is
assembled from those per-letter PDFs by pdfium (page import, in C). Long
batches are rendered by "spawn" worker processes that do not re-run the
program's main module (see :func:`_spawn_without_main`); measured by
benchmarks/bench_letter_batch.py: 500 letters end to end take ~10 CPU-s in
all, ~5 s wall with two workers on two cores vs ~7.5 s in one process.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import multiprocessing
import os
import pickle
import re
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from reportlab import rl_config
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    TTFontFace,
    makeToUnicodeCMap,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
)

from kantor_app.resources import resource_path
from kantor_app.services.errors import Cancelled

__all__ = [
    "BatchResult",
    "Cancelled",
    "LetterContent",
    "LetterFile",
    "LetterTable",
    "Letterhead",
    "Markup",
    "RenderError",
    "default_workers",
    "escape",
    "render_batch",
    "render_combined",
    "render_letter",
]

# --------------------------------------------------------------------------- content


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


# --------------------------------------------------------------------------- page setup

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 2.5 * cm
MARGIN_RIGHT = 2.0 * cm
MARGIN_TOP = 1.3 * cm
MARGIN_BOTTOM = 1.5 * cm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

FONT = "KantorDejaVuSans"
FONT_BOLD = "KantorDejaVuSans-Bold"
FONT_ITALIC = "KantorDejaVuSans-Oblique"
FONT_BOLD_ITALIC = "KantorDejaVuSans-BoldOblique"

BODY_SIZE = 10.5
BODY_LEADING = 12.8
CELL_SIZE = 9.5
CELL_LEADING = 11.2
SMALL_SIZE = 9.0
SMALL_LEADING = 11.0

# DejaVu Sans Condensed, reduced to Latin, Greek, punctuation and symbols and with the
# TrueType hinting removed (resources/letters/fonts/README.md): a letter fits on one
# page at 10.5 pt, and the subset embedded in each PDF is a third of the size.
_FONT_FILES = {
    FONT: "DejaVuSansCondensed.ttf",
    FONT_BOLD: "DejaVuSansCondensed-Bold.ttf",
    FONT_ITALIC: "DejaVuSansCondensed-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSansCondensed-BoldOblique.ttf",
}


class _CachedSubsetFace(TTFontFace):
    """A font face that builds and compresses each distinct glyph subset once per process.

    reportlab subsets a TrueType font anew in every document (parse glyf, build
    a font program, zlib it): about a third of the time of a one-page letter.
    Our letters almost always use the same subset (ASCII plus a few characters),
    so the compressed font program is cached by subset and reused; the bytes
    are identical to what reportlab would write, so output stays deterministic.
    """

    _subset_cache: dict[tuple[int, ...], tuple[bytes, int]]

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:
        key = tuple(subset)
        cache = self.__dict__.setdefault("_subset_cache", {})
        hit = cache.get(key)
        if hit is None:
            raw = self.makeSubset(subset)
            hit = cache[key] = (zlib.compress(raw), len(raw))
            if len(cache) > 256:  # unusual texts: keep memory bounded
                cache.pop(next(iter(cache)))
        compressed, raw_len = hit
        font_file = pdfdoc.PDFStream(content=compressed)
        font_file.dictionary["Length1"] = raw_len
        font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        flags = (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": self.ascent,
                "CapHeight": self.capHeight,
                "Descent": self.descent,
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArray(self.bbox),
                "FontName": pdfdoc.PDFName(fontname),
                "ItalicAngle": self.italicAngle,
                "StemV": self.stemV,
                "FontFile2": font_file_ref,
                "MissingWidth": self.defaultWidth,
            }
        )
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


class _RawPDF(pdfdoc.PDFObject):
    """Pre-formatted PDF syntax, written as is."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _CachedTTFont(TTFont):
    """TTFont whose per-subset Widths array and ToUnicode CMap are built once per process.

    Same objects and bytes as :meth:`TTFont.addObjects`; only the formatting of
    ~130 widths and the CMap compression per font per document are cached.
    """

    _subset_parts: dict[tuple[str, tuple[int, ...]], tuple[bytes, bytes]]
    _widths: dict[str, int]

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        """Same value as reportlab's, from a per-process cache of the words' glyph widths.

        Line breaking measures every word of every paragraph; the words of a
        batch of letters repeat, so this saves most of that work.
        """
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        widths = self.__dict__.setdefault("_widths", {})
        total = widths.get(text)
        if total is None:
            get, default = self.face.charWidths.get, self.face.defaultWidth
            total = sum([get(ord(ch), default) for ch in text])
            if len(widths) < 100_000:
                widths[text] = total
        return 0.001 * size * total

    def addObjects(self, doc: Any) -> None:
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        parts = self.__dict__.setdefault("_subset_parts", {})
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font_name = b"".join(
                (SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)
            ).decode("pdfdoc")
            key = (base_font_name, tuple(subset))
            cached = parts.get(key)
            if cached is None:
                widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
                cmap = makeToUnicodeCMap(base_font_name, subset).encode("latin-1")
                cached = parts[key] = (
                    pdfdoc.format(widths, pdfdoc.DummyDoc()),
                    zlib.compress(cmap),
                )
                if len(parts) > 256:
                    parts.pop(next(iter(parts)))
            widths_raw, cmap_compressed = cached
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = _RawPDF(widths_raw)
            cmap_stream = pdfdoc.PDFStream(content=cmap_compressed)
            cmap_stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            pdf_font.ToUnicode = doc.Reference(cmap_stream, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]


@cache
def _register_fonts() -> None:
    """Register the shipped DejaVu Sans family once per process (embedded as subsets)."""
    # Binary (Flate only) streams instead of ASCII85: a quarter smaller and faster to write.
    rl_config.useA85 = 0
    for name, file_name in _FONT_FILES.items():
        path = resource_path("letters", "fonts", file_name)
        if not path.is_file():
            raise RenderError(f"Font tidak ditemukan: {path}")
        font = _CachedTTFont(name, str(path))
        font.face.__class__ = _CachedSubsetFace
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle  # justified body paragraphs (the only Paragraphs left)


@cache
def _styles() -> _Styles:
    _register_fonts()
    return _Styles(
        body=ParagraphStyle(
            "kantor-body",
            fontName=FONT,
            fontSize=BODY_SIZE,
            leading=BODY_LEADING,
            alignment=TA_JUSTIFY,
            spaceAfter=4.5,
        ),
    )


# --------------------------------------------------------------------------- flowables


@dataclass(frozen=True)
class _LogoImage:
    xobject: Any  # pdfdoc.PDFImageXObject, compressed once per process
    name: str
    aspect: float  # width / height


@cache
def _logo_image(path: Path, mtime_ns: int) -> _LogoImage:
    """Load a logo once per process: composite on white, compress once, reuse in every PDF."""
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as src:
            img = src.convert("RGBA")
            white = PILImage.new("RGBA", img.size, (255, 255, 255, 255))
            rgb = PILImage.alpha_composite(white, img).convert("RGB")
        data = hashlib.md5(rgb.tobytes(), usedforsecurity=False).hexdigest()
        name = f"kantorlogo{data}"
        xobject = pdfdoc.PDFImageXObject(name, ImageReader(rgb))
    except (OSError, ValueError) as exc:
        raise RenderError(f"Logo tidak dapat dibaca: {path} ({exc})") from exc
    return _LogoImage(xobject=xobject, name=name, aspect=rgb.width / rgb.height)


def _draw_logo(canv: Canvas, logo: _LogoImage, x: float, y: float, w: float, h: float) -> None:
    """Draw the cached image XObject; the image is not re-encoded for every document."""
    doc = canv._doc
    reg_name = doc.getXObjectName(logo.name)
    if doc.idToObject.get(reg_name) is None:
        # reportlab marks registered objects: give each document its own shallow copy
        # (the compressed image data itself is shared).
        xobject = copy.copy(logo.xobject)
        doc.Reference(xobject, reg_name)
        doc.addForm(logo.name, xobject)
    canv._currentPageHasImages = 1
    canv.saveState()
    canv.translate(x, y)
    canv.scale(w, h)
    canv._code.append(f"/{reg_name} Do")
    canv.restoreState()
    canv._formsinuse.append(logo.name)


def _plain(text: str) -> str:
    """Plain text to paragraph markup (escaped; line breaks kept)."""
    return escape(text).replace("\n", "<br/>")


def _paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    try:
        return Paragraph(markup, style)
    except ValueError as exc:  # reportlab's paraparser error for broken markup
        raise RenderError(f"Markup paragraf tidak valid: {markup[:80]!r} ({exc})") from exc


def _width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def _wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of plain text (line breaks kept); a lone overlong word overflows."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split():
            candidate = f"{line} {word}" if line else word
            if line and _width(candidate, font, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


@dataclass(frozen=True)
class _Run:
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


class _Block(Flowable):
    """Fixed text, rules and shading drawn in one go (one PDF text object for all text).

    The kop, the Nomor block, the addressee, the table, the signature and the
    Tembusan are plain text at known places: drawing them directly costs a
    fraction of nested platypus Tables and one-line Paragraphs.
    Coordinates are measured from the top left of the block.
    """

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width = width
        self.height = height
        self.runs: list[_Run] = []
        self.rules: list[tuple[float, float, float, float, float]] = []  # x1, y1, x2, y2, lw
        self.fills: list[tuple[float, float, float, float, float]] = []  # x, y, w, h, grey
        self.logo: tuple[_LogoImage, float, float, float, float] | None = None

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
                w = _width(run.text, run.font, run.size)
                y = top - run.y - 1.6
                by_width.setdefault(0.7, []).append((x, y, x + w, y))
        for lw, lines in by_width.items():
            canv.setLineWidth(lw)
            canv.lines(lines)
        if self.logo is not None:
            logo, x, y, w, h = self.logo
            _draw_logo(canv, logo, x, top - y - h, w, h)
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
    def _left(run: _Run) -> float:
        if run.align == "L":
            return run.x
        w = _width(run.text, run.font, run.size)
        return run.x - (w if run.align == "R" else w / 2)


def _lines_block(
    lines: Sequence[tuple[str, str, float, float]], width: float, *, align: str = "L"
) -> _Block:
    """Lines of (text, font, size, leading), each wrapped to ``width``, stacked."""
    runs: list[_Run] = []
    y = 0.0
    x = {"L": 0.0, "C": width / 2, "R": width}[align]
    for text, font, size, leading in lines:
        for part in _wrap_text(text, font, size, width):
            runs.append(_Run(x, y + size, part, font, size, align))
            y += leading
    block = _Block(width, y)
    block.runs = runs
    return block


def _kop(head: Letterhead) -> list[Flowable]:
    """Logo left, names and contacts centred, closed by a thick and a thin rule."""
    side = 2.4 * cm
    text_w = FRAME_WIDTH - 2 * side
    lines: list[tuple[str, str, float, float]] = [
        (head.org_name.upper(), FONT_BOLD, 15.0, 17.5),
        (head.branch_name.upper(), FONT_BOLD, 12.5, 15.0),
    ]
    small = (FONT, 9.0, 11.0)
    if head.address.strip():
        lines.append((head.address.strip(), *small))
    pairs = (("Telepon", head.phone), ("Surel", head.email), ("Laman", head.website))
    contacts = [f"{label} {value.strip()}" for label, value in pairs if value.strip()]
    sep = "  \u00b7  "
    if contacts and _width(sep.join(contacts), FONT, 9.0) > text_w:
        # Too long for one line: telephone and e-mail, then the website.
        lines.append((sep.join(contacts[:-1]), *small))
        lines.append((contacts[-1], *small))
    elif contacts:
        lines.append((sep.join(contacts), *small))
    text = _lines_block(lines, text_w, align="C")
    logo_h = logo_w = 0.0
    logo: _LogoImage | None = None
    if head.logo_path is not None:
        path = Path(head.logo_path)
        try:
            mtime = path.stat().st_mtime_ns
        except OSError as exc:
            raise RenderError(f"Logo tidak ditemukan: {path}") from exc
        logo = _logo_image(path.resolve(), mtime)
        logo_h = 2.0 * cm
        logo_w = logo_h * logo.aspect
        if logo_w > side:
            logo_w, logo_h = side, side / logo.aspect
    content_h = max(text.height, logo_h)
    rule_y = content_h + 3
    block = _Block(FRAME_WIDTH, rule_y + 4.5)
    text_top = (content_h - text.height) / 2
    block.runs = [_Run(r.x + side, r.y + text_top, r.text, r.font, r.size, "C") for r in text.runs]
    if logo is not None:
        block.logo = (logo, 0.0, (content_h - logo_h) / 2, logo_w, logo_h)
    block.rules = [
        (0, rule_y + 0.9, FRAME_WIDTH, rule_y + 0.9, 1.8),
        (0, rule_y + 4.2, FRAME_WIDTH, rule_y + 4.2, 0.6),
    ]
    return [block, Spacer(1, 9)]


def _heading_block(c: LetterContent) -> _Block:
    """Nomor/Sifat/Lampiran/Hal, colon-aligned, with place and date right of the Nomor line."""
    label_w, colon_w, date_w = 2.3 * cm, 0.45 * cm, 6.2 * cm
    value_x = label_w + colon_w
    place_date = f"{c.place}, {c.date_text}" if c.place.strip() else c.date_text
    items: list[tuple[str, str]] = [("Nomor", c.number), ("Sifat", c.sifat)]
    if c.lampiran is not None:
        items.append(("Lampiran", c.lampiran))
    items.append(("Hal", c.hal))
    runs: list[_Run] = []
    y = 0.0
    size, leading = BODY_SIZE, BODY_LEADING
    for i, (label, value) in enumerate(items):
        # The Nomor line leaves room for the date; the rows below may use the full width.
        value_w = FRAME_WIDTH - value_x - (date_w if i == 0 else 0.0)
        runs.append(_Run(0, y + size, label, FONT, size))
        runs.append(_Run(label_w, y + size, ":", FONT, size))
        if i == 0:
            runs.append(_Run(FRAME_WIDTH, y + size, place_date, FONT, size, "R"))
        for part in _wrap_text(value, FONT, size, value_w):
            runs.append(_Run(value_x, y + size, part, FONT, size))
            y += leading
        y += 1
    block = _Block(FRAME_WIDTH, y)
    block.runs = runs
    return block


_NUMERIC = re.compile(r"^\s*(?:Rp\s?)?[-−]?\d[\d.]*(?:,\d+)?\s*%?\s*$")
_CELL_PAD = 10.0  # left + right padding of a table cell
_CELL_TOP = 2.2
_CELL_BOTTOM = 2.6
#: A text column at most this wide (a month, a date, a code) is never wrapped.
_SHORT_TEXT = 3.6 * cm
_MIN_WRAPPED = 3.0 * cm
_HEADER_GREY = 0.9


def _cell_width(text: str, font: str) -> float:
    return max((_width(part, font, CELL_SIZE) for part in text.split("\n")), default=0.0)


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


class _GridTable(Flowable):
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
            _GridTable(self.widths, self.header, self.rows[:taken]),
            _GridTable(self.widths, self.header, self.rows[taken:]),
        ]

    def draw(self) -> None:
        block = _Block(self.width, self.height)
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
                    block.runs.append(_Run(x, baseline, text, row.font, CELL_SIZE, align))
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


def _body_table(t: LetterTable) -> _GridTable:
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
            return tuple(_wrap_text(text, font, CELL_SIZE, widths[i] - _CELL_PAD))
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
    return _GridTable(widths, header, rows)


def _signature(c: LetterContent) -> _Block:
    """Position, room for the signature and stamp, name (bold, underlined), staff number."""
    sig_w = 7.6 * cm
    x0 = FRAME_WIDTH - sig_w
    position = c.signature_position.rstrip()
    if position and not position.endswith(","):
        position += ","
    runs: list[_Run] = []
    y = 0.0
    size, leading = BODY_SIZE, BODY_LEADING
    for part in _wrap_text(position, FONT, size, sig_w):
        runs.append(_Run(x0, y + size, part, FONT, size))
        y += leading
    y += 1.6 * cm  # tanda tangan + cap dinas
    for part in _wrap_text(c.signature_name, FONT_BOLD, size, sig_w):
        runs.append(_Run(x0, y + size, part, FONT_BOLD, size, underline=True))
        y += leading
    if c.signature_id:
        sid = c.signature_id.strip()
        if not re.match(r"^(NPK|NIP|NIK)\b", sid, re.IGNORECASE):
            sid = f"NPK {sid}"
        runs.append(_Run(x0, y + size, sid, FONT, size))
        y += leading
    block = _Block(FRAME_WIDTH, y)
    block.runs = runs
    return block


def _tembusan(names: Sequence[str]) -> _Block:
    size, leading, indent = SMALL_SIZE, SMALL_LEADING, 0.5 * cm
    runs = [_Run(0, size, "Tembusan:", FONT, size)]
    y = leading
    for n, name in enumerate(names, start=1):
        runs.append(_Run(0, y + size, f"{n}.", FONT, size))
        for part in _wrap_text(name, FONT, size, FRAME_WIDTH - indent):
            runs.append(_Run(indent, y + size, part, FONT, size))
            y += leading
    block = _Block(FRAME_WIDTH, y)
    block.runs = runs
    return block


def _story(c: LetterContent) -> list[Flowable]:
    st = _styles()
    story: list[Flowable] = _kop(c.letterhead)
    story.append(_heading_block(c))
    story.append(Spacer(1, 9))
    story.append(
        _lines_block([(line, FONT, BODY_SIZE, BODY_LEADING) for line in c.addressee], FRAME_WIDTH)
    )
    story.append(Spacer(1, 9))
    for para in c.body_before_table:
        story.append(_paragraph(para, st.body))
    if c.table is not None:
        story.append(Spacer(1, 2))
        story.append(_body_table(c.table))
        story.append(Spacer(1, 7))
    after = [_paragraph(p, st.body) for p in c.body_after_table]
    closing: list[Flowable] = after[-1:]
    story.extend(after[:-1])
    story.append(KeepTogether([*closing, Spacer(1, 6), _signature(c)]))
    if c.tembusan:
        story.append(Spacer(1, 6))
        story.append(_tembusan(c.tembusan))
    return story


# --------------------------------------------------------------------------- documents


class _NumberedCanvas(Canvas):
    """Writes "Halaman x dari y" at the foot of every page, but only when there are 2+ pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Our own font from the start: no unused Helvetica reference in the file.
        kwargs.setdefault("initialFontName", FONT)
        kwargs.setdefault("initialFontSize", BODY_SIZE)
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            if total > 1:
                self.saveState()
                self.setFont(FONT, 8.5)
                self.drawRightString(
                    PAGE_WIDTH - MARGIN_RIGHT,
                    MARGIN_BOTTOM - 0.8 * cm,
                    f"Halaman {number} dari {total}",
                )
                self.restoreState()
            super().showPage()
        super().save()


def _render(content: LetterContent) -> tuple[bytes, int]:
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{content.hal} — {content.number}",
        author=f"{content.letterhead.org_name} {content.letterhead.branch_name}",
        subject=content.hal,
        creator="Kantor",
        producer="Kantor (ReportLab)",
        invariant=1,
        pageCompression=1,
    )
    frame = Frame(
        MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="letter", frames=[frame])])
    try:
        doc.build(_story(content), canvasmaker=_NumberedCanvas)
    except RenderError:
        raise
    except Exception as exc:  # reportlab raises LayoutError, ValueError, ...
        raise RenderError(f"Surat {content.number} tidak dapat dibuat: {exc}") from exc
    return buf.getvalue(), doc.page


def render_letter(content: LetterContent) -> bytes:
    """One letter as PDF bytes. Same content -> identical bytes."""
    return _render(content)[0]


class _Merger:
    """Concatenates PDFs page by page (pdfium page import, in C: no re-layout)."""

    def __init__(self) -> None:
        self._doc = pdfium.PdfDocument.new()

    def add(self, data: bytes) -> None:
        src = pdfium.PdfDocument(data)
        try:
            self._doc.import_pages(src)
        finally:
            src.close()

    def finish(self) -> tuple[bytes, int]:
        pages = len(self._doc)
        buf = io.BytesIO()
        self._doc.save(buf, flags=pdfium_c.FPDF_NO_INCREMENTAL)
        return buf.getvalue(), pages

    def close(self) -> None:
        self._doc.close()


def _merge(pdfs: Sequence[bytes]) -> tuple[bytes, int]:
    merger = _Merger()
    try:
        for data in pdfs:
            merger.add(data)
        return merger.finish()
    finally:
        merger.close()


def render_combined(contents: Sequence[LetterContent]) -> bytes:
    """All letters in one PDF, each starting on a new page with its own kop."""
    if not contents:
        raise RenderError("Tidak ada surat untuk digabungkan.")
    return _merge([render_letter(c) for c in contents])[0]


#: Batches at least this long are rendered in worker processes (when workers > 1).
#: Measured: at 100 letters the pool is no faster than one process (~1.1-1.8 s
#: either way: the workers take ~0.7 s to start), at 500 it saves a third.
POOL_MIN_LETTERS = 150
_CHUNK = 4  # letters per task handed to a worker process


def _render_chunk(contents: Sequence[LetterContent]) -> list[tuple[bytes, int]]:
    """Worker-process entry point: render a few letters."""
    return [_render(c) for c in contents]


def _warm_worker() -> None:
    _styles()


def default_workers() -> int:
    """Worker processes for a batch: one per core, at most 2 (the office PCs have 2 cores).

    Measured on 2 cores: 500 letters end to end ~5 s wall with 2 workers vs
    ~7.5 s in one process (a worker costs ~0.7 CPU-s to start, hence
    :data:`POOL_MIN_LETTERS`).
    """
    return max(1, min(2, os.cpu_count() or 1))


@contextlib.contextmanager
def _spawn_without_main() -> Iterator[None]:
    """Let "spawn" workers start without re-running the program's main module.

    A spawned child normally imports the parent's ``__main__`` (the
    ``kantor-app`` script, the GUI, a benchmark), which pulls in SQLAlchemy,
    Qt and the rest: about a second of CPU per worker that a renderer does
    not need. multiprocessing decides this from ``__main__.__spec__`` and
    ``__file__`` at the moment it starts a child, so they are hidden for the
    few milliseconds of starting the workers. (The contents are pickled by
    reference to this module, which the workers import.)
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved: dict[str, Any] = {
        k: main.__dict__[k] for k in ("__spec__", "__file__") if k in main.__dict__
    }
    main.__dict__["__spec__"] = None
    main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def _start_pool(workers: int) -> tuple[ProcessPoolExecutor, list[Future[int]]] | None:
    """A "spawn" pool with its workers starting; ``None`` if it cannot start here."""
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_worker,
        )
        with _spawn_without_main():
            # The first submit starts every worker (spawn starts them all at once).
            probes = [pool.submit(os.getpid) for _ in range(workers)]
    except (OSError, ValueError, NotImplementedError, BrokenProcessPool):
        # (RuntimeError is left alone on purpose: it is what a spawned child raises when
        # a script without an ``if __name__ == "__main__"`` guard is re-imported in it.)
        return None
    return pool, probes


def _render_all(
    contents: Sequence[LetterContent],
    workers: int,
    on_letter: Callable[[int, bytes, int], None],
    cancelled: Callable[[], bool],
) -> None:
    """Render every letter once, in order, calling ``on_letter(index, pdf, pages)``.

    With ``workers > 1`` the letters are laid out in that many "spawn" worker
    processes (safe from a Qt thread, same on Windows and Linux) while this
    process writes the files and assembles the combined PDF. Starting a
    worker takes a CPU-second or so (Python, reportlab, fonts); until the
    first one is up, this process renders from the front of the batch, then
    hands everything left to the pool. If the pool cannot start or breaks,
    this process renders the rest itself.
    """
    done = 0

    def emit(results: list[tuple[bytes, int]]) -> None:
        nonlocal done
        for data, pages in results:
            on_letter(done, data, pages)
            done += 1

    started = None
    if workers > 1 and len(contents) >= POOL_MIN_LETTERS:
        started = _start_pool(workers)
    if started is not None:
        pool, probes = started
        chunks = [contents[i : i + _CHUNK] for i in range(0, len(contents), _CHUNK)]
        try:
            cursor = 0
            while cursor < len(chunks) and not any(p.done() for p in probes):
                if cancelled():
                    raise Cancelled()
                emit(_render_chunk(chunks[cursor]))
                cursor += 1
            # Every worker failed to start: the loop below renders the rest here.
            if not all(p.done() and p.exception() is not None for p in probes):
                futures = [pool.submit(_render_chunk, chunk) for chunk in chunks[cursor:]]
                for k, future in enumerate(futures, start=cursor):
                    while True:
                        if cancelled():
                            raise Cancelled()
                        try:
                            results = future.result(timeout=0.05)
                        except FutureTimeout:
                            continue
                        except (BrokenProcessPool, OSError, pickle.PicklingError):
                            results = _render_chunk(chunks[k])  # the pool broke
                        break
                    emit(results)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    for i in range(done, len(contents)):
        if cancelled():
            raise Cancelled()
        data, pages = _render(contents[i])
        on_letter(i, data, pages)
        done += 1


def render_batch(
    contents: Sequence[LetterContent],
    out_dir: Path,
    file_names: Sequence[str],
    combined_name: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> BatchResult:
    """Write one PDF per letter plus one combined PDF into ``out_dir``.

    Each letter is laid out once; its file is byte-identical to
    :func:`render_letter` of the same content (same sha256). The combined file
    is assembled from those PDFs. ``progress(done, total)`` is called after
    each letter (total = letters + 1 for the combined file). When
    ``is_cancelled()`` turns true, every file written so far is removed and
    :class:`Cancelled` is raised; on any other error the written files are
    removed too and the error propagates. ``workers`` (default
    :func:`default_workers`) > 1 renders long batches in worker processes; a
    frozen (PyInstaller) app must call ``multiprocessing.freeze_support()`` at
    start-up for that.
    """
    if len(file_names) != len(contents):
        raise RenderError(
            f"Jumlah nama berkas ({len(file_names)}) tidak sama dengan jumlah surat "
            f"({len(contents)})."
        )
    if not contents:
        raise RenderError("Tidak ada surat untuk dibuat.")
    names = [*file_names, combined_name]
    for name in names:
        if not name or Path(name).name != name or name in (".", ".."):
            raise RenderError(f"Nama berkas tidak valid: {name!r}")
    if len({n.casefold() for n in names}) != len(names):
        raise RenderError("Nama berkas surat tidak boleh kembar.")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    total = len(contents) + 1
    written: list[Path] = []
    letters: list[LetterFile] = []
    merger = _Merger()

    def cancelled() -> bool:
        return is_cancelled is not None and bool(is_cancelled())

    def on_letter(index: int, data: bytes, pages: int) -> None:
        path = out_dir / file_names[index]
        written.append(path)
        path.write_bytes(data)
        letters.append(LetterFile(path, hashlib.sha256(data).hexdigest(), pages))
        merger.add(data)
        if progress is not None:
            progress(index + 1, total)

    try:
        _render_all(
            contents, default_workers() if workers is None else workers, on_letter, cancelled
        )
        if cancelled():
            raise Cancelled()
        combined, combined_pages = merger.finish()
        combined_path = out_dir / combined_name
        written.append(combined_path)
        combined_path.write_bytes(combined)
        if progress is not None:
            progress(total, total)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    finally:
        merger.close()
    return BatchResult(
        letters=tuple(letters),
        combined_path=combined_path,
        combined_sha256=hashlib.sha256(combined).hexdigest(),
        combined_pages=combined_pages,
    )
