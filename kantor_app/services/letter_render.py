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

Speed: fonts, styles and the logo image are prepared once per process. A
batch lays out and writes each letter exactly once; the combined PDF is
assembled from those per-letter PDFs by pdfium (page import, in C) instead of
laying out every letter a second time.
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
import zlib
from collections.abc import Callable, Sequence
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
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
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
    Table,
    TableStyle,
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
    body: ParagraphStyle
    plain: ParagraphStyle
    right: ParagraphStyle
    kop_org: ParagraphStyle
    kop_branch: ParagraphStyle
    kop_small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    small: ParagraphStyle
    tembusan_item: ParagraphStyle


@cache
def _styles() -> _Styles:
    _register_fonts()
    base = ParagraphStyle(
        "kantor-base", fontName=FONT, fontSize=BODY_SIZE, leading=BODY_LEADING, alignment=TA_LEFT
    )
    cell = ParagraphStyle("kantor-cell", parent=base, fontSize=CELL_SIZE, leading=CELL_LEADING)
    return _Styles(
        body=ParagraphStyle("kantor-body", parent=base, alignment=TA_JUSTIFY, spaceAfter=4.5),
        plain=base,
        right=ParagraphStyle("kantor-right", parent=base, alignment=TA_RIGHT),
        kop_org=ParagraphStyle(
            "kantor-kop-org",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=15,
            leading=17.5,
            alignment=TA_CENTER,
        ),
        kop_branch=ParagraphStyle(
            "kantor-kop-branch",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=15,
            alignment=TA_CENTER,
        ),
        kop_small=ParagraphStyle(
            "kantor-kop-small", parent=base, fontSize=9, leading=11, alignment=TA_CENTER
        ),
        cell=cell,
        cell_head=ParagraphStyle(
            "kantor-cell-head", parent=cell, fontName=FONT_BOLD, alignment=TA_CENTER
        ),
        small=ParagraphStyle(
            "kantor-small", parent=base, fontSize=SMALL_SIZE, leading=SMALL_LEADING
        ),
        tembusan_item=ParagraphStyle(
            "kantor-tembusan",
            parent=base,
            fontSize=SMALL_SIZE,
            leading=SMALL_LEADING,
            leftIndent=0.5 * cm,
            bulletIndent=0,
            bulletFontName=FONT,
            bulletFontSize=SMALL_SIZE,
        ),
    )


# --------------------------------------------------------------------------- flowables


class _DoubleRule(Flowable):
    """The kop's closing rule: a thick line over a thin one."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width
        self.height = 4.5

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(1.8)
        canv.line(0, self.height - 0.9, self.width, self.height - 0.9)
        canv.setLineWidth(0.6)
        canv.line(0, 0.3, self.width, 0.3)
        canv.restoreState()


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


class _Logo(Flowable):
    """Draws a cached image XObject without re-encoding the image for every document."""

    def __init__(self, logo: _LogoImage, height: float) -> None:
        super().__init__()
        self.logo = logo
        self.height = height
        self.width = height * logo.aspect

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        doc = canv._doc
        reg_name = doc.getXObjectName(self.logo.name)
        if doc.idToObject.get(reg_name) is None:
            # reportlab marks registered objects: give each document its own shallow copy
            # (the compressed image data itself is shared).
            xobject = copy.copy(self.logo.xobject)
            doc.Reference(xobject, reg_name)
            doc.addForm(self.logo.name, xobject)
        canv._currentPageHasImages = 1
        canv.saveState()
        canv.scale(self.width, self.height)
        canv._code.append(f"/{reg_name} Do")
        canv.restoreState()
        canv._formsinuse.append(self.logo.name)


def _plain(text: str) -> str:
    """Plain text to paragraph markup (escaped; line breaks kept)."""
    return escape(text).replace("\n", "<br/>")


class _TextLine(Flowable):
    """One line of plain text: what a one-line Paragraph draws, at a fraction of the cost."""

    def __init__(
        self, text: str, style: ParagraphStyle, width: float, *, font: str | None = None,
        underline: bool = False,
    ) -> None:  # fmt: skip
        super().__init__()
        self.text = text
        self.font = font or style.fontName
        self.size = float(style.fontSize)
        self.alignment = style.alignment
        self.underline = underline
        self.width = width
        self.height = float(style.leading)
        self.bullet = ""  # drawn at x=0 when set, the text then starts at ``indent``
        self.indent = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        y = self.height - self.size
        canv.setFont(self.font, self.size)
        if self.alignment == TA_CENTER:
            canv.drawCentredString(self.width / 2, y, self.text)
        elif self.alignment == TA_RIGHT:
            canv.drawRightString(self.width, y, self.text)
        else:
            if self.bullet:
                canv.drawString(0, y, self.bullet)
            canv.drawString(self.indent, y, self.text)
            if self.underline:
                w = pdfmetrics.stringWidth(self.text, self.font, self.size)
                canv.setLineWidth(0.7)
                canv.line(0, y - 1.6, w, y - 1.6)


def _text(
    text: str, style: ParagraphStyle, width: float, *, bold: bool = False, underline: bool = False
) -> Flowable:
    """Plain text as a cheap single line when it fits, else as a wrapping Paragraph."""
    font = FONT_BOLD if bold else style.fontName
    if "\n" not in text and pdfmetrics.stringWidth(text, font, style.fontSize) <= width:
        return _TextLine(text, style, width, font=font, underline=underline)
    markup = _plain(text)
    if underline:
        markup = f"<u>{markup}</u>"
    if bold:
        markup = f"<b>{markup}</b>"
    return _paragraph(markup, style)


def _paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    try:
        return Paragraph(markup, style)
    except ValueError as exc:  # reportlab's paraparser error for broken markup
        raise RenderError(f"Markup paragraf tidak valid: {markup[:80]!r} ({exc})") from exc


def _kop(head: Letterhead, st: _Styles) -> list[Flowable]:
    side = 2.4 * cm
    text_w = FRAME_WIDTH - 2 * side
    lines: list[Flowable] = [
        _text(head.org_name.upper(), st.kop_org, text_w),
        _text(head.branch_name.upper(), st.kop_branch, text_w),
    ]
    if head.address.strip():
        lines.append(_text(head.address, st.kop_small, text_w))
    pairs = (("Telepon", head.phone), ("Surel", head.email), ("Laman", head.website))
    contacts = [f"{label} {value.strip()}" for label, value in pairs if value.strip()]
    sep = "  \u00b7  "
    one_line = pdfmetrics.stringWidth(sep.join(contacts), FONT, st.kop_small.fontSize)
    if contacts and one_line > text_w:
        # Too long for one line: telephone and e-mail, then the website.
        lines.append(_text(sep.join(contacts[:-1]), st.kop_small, text_w))
        lines.append(_text(contacts[-1], st.kop_small, text_w))
    elif contacts:
        lines.append(_text(sep.join(contacts), st.kop_small, text_w))
    logo: Flowable | str = ""
    if head.logo_path is not None:
        path = Path(head.logo_path)
        try:
            mtime = path.stat().st_mtime_ns
        except OSError as exc:
            raise RenderError(f"Logo tidak ditemukan: {path}") from exc
        logo = _Logo(_logo_image(path.resolve(), mtime), height=2.0 * cm)
        if logo.width > side:
            logo = _Logo(_logo_image(path.resolve(), mtime), height=2.0 * cm * side / logo.width)
    table = Table(
        [[logo, lines, ""]],
        colWidths=[side, text_w, side],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, 0), "LEFT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    return [table, Spacer(1, 3), _DoubleRule(FRAME_WIDTH), Spacer(1, 9)]


def _heading_block(c: LetterContent, st: _Styles) -> Table:
    """Nomor/Sifat/Lampiran/Hal, colon-aligned, with place and date right of the Nomor line."""
    label_w, colon_w, date_w = 2.3 * cm, 0.45 * cm, 6.2 * cm
    value_w = FRAME_WIDTH - label_w - colon_w - date_w
    place_date = f"{c.place}, {c.date_text}" if c.place.strip() else c.date_text
    items: list[tuple[str, str]] = [("Nomor", c.number), ("Sifat", c.sifat)]
    if c.lampiran is not None:
        items.append(("Lampiran", c.lampiran))
    items.append(("Hal", c.hal))
    rows: list[list[Any]] = []
    for i, (label, value) in enumerate(items):
        row: list[Any] = [label, ":", _text(value, st.plain, value_w)]
        row.append(_text(place_date, st.right, date_w) if i == 0 else "")
        rows.append(row)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (1, -1), FONT, BODY_SIZE, BODY_LEADING),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    # Rows below Nomor may use the width of the date column too (a long Hal).
    style.extend(("SPAN", (2, r), (3, r)) for r in range(1, len(rows)))
    for r in range(1, len(rows)):
        rows[r][2] = _text(items[r][1], st.plain, value_w + date_w)
    return Table(
        rows, colWidths=[label_w, colon_w, value_w, date_w], style=TableStyle(style), hAlign="LEFT"
    )


_NUMERIC = re.compile(r"^\s*(?:Rp\s?)?[-−]?\d[\d.]*(?:,\d+)?\s*%?\s*$")
_CELL_PAD = 10.0  # left + right padding of a table cell
#: A text column at most this wide (a month, a date, a code) is never wrapped.
_SHORT_TEXT = 3.6 * cm
_MIN_WRAPPED = 3.0 * cm


def _cell_width(text: str, font: str) -> float:
    return max(
        (pdfmetrics.stringWidth(part, font, CELL_SIZE) for part in text.split("\n")), default=0.0
    )


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


def _body_table(t: LetterTable, st: _Styles) -> Table:
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

    def cell(text: str, i: int, style: ParagraphStyle, font: str) -> Any:
        # Table string cells are cheap; wrap in a Paragraph only what would overflow.
        if not wrap[i] or _cell_width(text, font) <= widths[i] - _CELL_PAD:
            return text
        return _paragraph(_plain(text), style)

    data: list[list[Any]] = [[cell(c, i, st.cell_head, FONT_BOLD) for i, c in enumerate(t.columns)]]
    for r in t.rows:
        data.append([cell(r[i], i, st.cell, FONT) for i in range(ncols)])
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE, CELL_LEADING),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, CELL_SIZE, CELL_LEADING),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    for i in range(ncols):
        if centred[i]:
            style.append(("ALIGN", (i, 1), (i, -1), "CENTER"))
        elif numeric[i]:
            style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
    if t.total_row is not None:
        total = list(t.total_row)
        first = next((i for i, x in enumerate(total) if x.strip()), 0)
        if first > 0:  # ("", "", "Jumlah", "Rp…") -> label moved into the first cell
            total[0], total[first] = total[first], ""
        data.append(list(total))
        style.append(("FONT", (0, -1), (-1, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING))
        # Only the label spans the empty cells after it; each amount stays in its column.
        j = 1
        while j < ncols and not total[j].strip():
            j += 1
        if total[0].strip() and j > 1:
            style.append(("SPAN", (0, -1), (j - 1, -1)))
        if total[0].strip() and not numeric[0]:
            style.append(("ALIGN", (0, -1), (0, -1), "CENTER"))
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(style), hAlign="LEFT")


def _signature(c: LetterContent, st: _Styles) -> Table:
    sig_w = 7.6 * cm
    position = c.signature_position.rstrip()
    if position and not position.endswith(","):
        position += ","
    cell: list[Flowable] = [
        _text(position, st.plain, sig_w),
        Spacer(1, 1.6 * cm),  # tanda tangan + cap dinas
        _text(c.signature_name, st.plain, sig_w, bold=True, underline=True),
    ]
    if c.signature_id:
        sid = c.signature_id.strip()
        if not re.match(r"^(NPK|NIP|NIK)\b", sid, re.IGNORECASE):
            sid = f"NPK {sid}"
        cell.append(_text(sid, st.plain, sig_w))
    return Table(
        [["", cell]],
        colWidths=[FRAME_WIDTH - sig_w, sig_w],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def _story(c: LetterContent) -> list[Flowable]:
    st = _styles()
    story: list[Flowable] = _kop(c.letterhead, st)
    story.append(_heading_block(c, st))
    story.append(Spacer(1, 9))
    for line in c.addressee:
        story.append(_text(line, st.plain, FRAME_WIDTH))
    story.append(Spacer(1, 9))
    for para in c.body_before_table:
        story.append(_paragraph(para, st.body))
    if c.table is not None:
        story.append(Spacer(1, 2))
        story.append(_body_table(c.table, st))
        story.append(Spacer(1, 7))
    after = [_paragraph(p, st.body) for p in c.body_after_table]
    closing: list[Flowable] = after[-1:]
    story.extend(after[:-1])
    story.append(KeepTogether([*closing, Spacer(1, 6), _signature(c, st)]))
    if c.tembusan:
        items: list[Flowable] = [Spacer(1, 6), _TextLine("Tembusan:", st.small, FRAME_WIDTH)]
        indent = float(st.tembusan_item.leftIndent)
        for n, name in enumerate(c.tembusan, start=1):
            line = _text(name, st.tembusan_item, FRAME_WIDTH - indent)
            if isinstance(line, _TextLine):
                line.bullet, line.indent = f"{n}.", indent
                items.append(line)
            else:
                items.append(Paragraph(_plain(name), st.tembusan_item, bulletText=f"{n}."))
        story.append(KeepTogether(items))
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
POOL_MIN_LETTERS = 80
_CHUNK = 4  # letters per task handed to a worker process


def _render_chunk(contents: Sequence[LetterContent]) -> list[tuple[bytes, int]]:
    """Worker-process entry point: render a few letters."""
    return [_render(c) for c in contents]


def _warm_worker() -> None:
    _styles()


def default_workers() -> int:
    """Worker processes for a batch: one per core, at most 2 (the office PCs have 2 cores)."""
    return max(1, min(2, os.cpu_count() or 1))


def _render_all(
    contents: Sequence[LetterContent],
    workers: int,
    on_letter: Callable[[int, bytes, int], None],
    cancelled: Callable[[], bool],
) -> None:
    """Render every letter once, in order, calling ``on_letter(index, pdf, pages)``.

    With ``workers > 1`` the letters are laid out in that many "spawn" worker
    processes (safe from a Qt thread, same on Windows and Linux) while this
    process writes files and assembles the combined PDF. If the pool cannot
    start or breaks, the remaining letters are rendered here.
    """
    done = 0

    def emit(results: list[tuple[bytes, int]]) -> None:
        nonlocal done
        for data, pages in results:
            on_letter(done, data, pages)
            done += 1

    if workers > 1 and len(contents) >= POOL_MIN_LETTERS:
        chunks = [contents[i : i + _CHUNK] for i in range(0, len(contents), _CHUNK)]
        try:
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm_worker,
            )
            probes = [pool.submit(os.getpid) for _ in range(workers)]
        except (OSError, ValueError, NotImplementedError, BrokenProcessPool):
            # (RuntimeError is left alone on purpose: it is what a spawned child raises when
            # a script without an ``if __name__ == "__main__"`` guard is re-imported in it.)
            pool = None
        if pool is not None:
            try:
                # Chunks are handed out in order from one cursor, to the workers once they
                # have started (~0.5 s) and to this process whenever the next result is not
                # there yet; results are used in order.
                ready: dict[int, list[tuple[bytes, int]]] = {}
                in_flight: dict[int, Future[list[tuple[bytes, int]]]] = {}
                cursor = 0
                pool_ok = True
                for k in range(len(chunks)):
                    while k not in ready:
                        if cancelled():
                            raise Cancelled()
                        if pool_ok and any(p.done() for p in probes):
                            if any(p.done() and p.exception() for p in probes):
                                pool_ok = False  # the pool broke: no more work for it
                            while pool_ok and len(in_flight) <= workers and cursor < len(chunks):
                                in_flight[cursor] = pool.submit(_render_chunk, chunks[cursor])
                                cursor += 1
                        future = in_flight.get(k)
                        if future is not None and future.done():
                            del in_flight[k]
                            try:
                                ready[k] = future.result()
                            except (BrokenProcessPool, OSError, pickle.PicklingError):
                                pool_ok = False
                                ready[k] = _render_chunk(chunks[k])
                        elif cursor < len(chunks):  # work ahead rather than wait
                            ready[cursor] = _render_chunk(chunks[cursor])
                            cursor += 1
                        elif future is not None:
                            with contextlib.suppress(FutureTimeout):
                                future.result(timeout=0.05)
                    emit(ready.pop(k))
            finally:
                # Do not wait for workers still starting up: they exit on their own.
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
