"""Every place where the letter renderer reaches past reportlab's public API, in one module.

reportlab rebuilds the same things for every document: a letter batch
subsets and compresses the same fonts, formats the same width arrays,
compresses the same logo and measures the same words hundreds of times.
The overrides below do each of those once per process and write exactly the
bytes stock reportlab writes, so a letter's sha256 does not depend on them.
``tests/services/letters/test_pdf_speedups.py`` renders letters (with a
logo, a multi-page table, non-ASCII text) with and without them in
reportlab's invariant mode and asserts byte-identical PDFs; it fails if an
override changes one byte.

They rely on reportlab internals (``TTFont.addObjects``,
``TTFontFace.addSubsetObjects``, ``TTFont.state``, ``Canvas._code``), so
pyproject.toml bounds reportlab below 5.2: run that test before raising the
bound, and call :func:`uninstall` (or drop the one :func:`install` call in
``fonts.register_fonts``) to fall back to stock reportlab if it ever fails.

Switchable. Measured render only (``render_letter``) on the one-page letters
of benchmarks/bench_letters.py with the logo, one process, on a shared 2-core
machine: all on ~6 ms of CPU per letter, stock reportlab ~13 ms; switching
one override off costs what is given with it.

- :class:`CachedSubsetFace` (~2-4 ms) -- the compressed font program of
  each glyph subset. Stock reportlab parses ``glyf``, builds a font program
  and zlibs it for every font in every document; our letters almost always
  use the same ASCII-plus-a-few subset. Safe: the cache key is the exact
  glyph list, and the stream carries the same ``Length1`` and
  ``FlateDecode`` filter that ``PDFZCompress`` would write.
- :meth:`CachedTTFont.addObjects` (~1 ms) -- the ``Widths`` array (~130
  numbers) and the compressed ``ToUnicode`` CMap of each subset. Safe: keyed
  by the subset's base font name and glyph list, formatted by reportlab's
  own ``pdfdoc.format``; the objects are registered in the same order.
- :meth:`CachedTTFont.stringWidth` (~0.5-1 ms) -- word widths. Line breaking
  measures every word of every paragraph and the words of a batch repeat.
  Safe: the same sum of the face's integer glyph widths, scaled the same way.
- :func:`image_xobject` (~1.5-2 ms) -- the logo, compressed once per process
  instead of once per document. Safe: keyed by a digest of the pixels; each
  document gets its own shallow copy because reportlab marks the objects it
  registers.

Not switchable, because they define the bytes (a letter issued before must
reprint to the same sha256):

- :func:`use_binary_streams` -- Flate-only streams instead of ASCII85 (a
  process-wide ``rl_config`` setting): a quarter smaller and faster to write.
- :func:`draw_image_xobject` -- draws an image XObject under a name of our
  choosing (``kantorlogo<md5>``); ``Canvas.drawImage`` would name it itself.

(``document.NumberedCanvas`` is reportlab's well-known "page x of y" recipe:
it subclasses the canvas and calls its ``_startPage``, but writes nothing
reportlab would write differently.)
"""

from __future__ import annotations

import copy
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from reportlab import rl_config
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

__all__ = [
    "CachedSubsetFace",
    "CachedTTFont",
    "draw_image_xobject",
    "image_xobject",
    "install",
    "installed",
    "uninstall",
    "use_binary_streams",
]

#: Distinct subsets kept per font: unusual texts must not grow memory without bound.
_MAX_SUBSETS = 256
_MAX_WORDS = 100_000

# Module state: which registered fonts are switched over, and the logo cache.
_fonts: set[str] = set()
_images: dict[str, Any] = {}
_on = False


class CachedSubsetFace(TTFontFace):
    """A font face that builds and compresses each distinct glyph subset once per process."""

    _subset_cache: dict[tuple[int, ...], tuple[bytes, int]]

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:
        key = tuple(subset)
        cache = self.__dict__.setdefault("_subset_cache", {})
        hit = cache.get(key)
        if hit is None:
            raw = self.makeSubset(subset)
            hit = cache[key] = (zlib.compress(raw), len(raw))
            if len(cache) > _MAX_SUBSETS:
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


class CachedTTFont(TTFont):
    """TTFont whose word widths and per-subset Widths array and ToUnicode CMap are cached."""

    _subset_parts: dict[tuple[str, tuple[int, ...]], tuple[bytes, bytes]]
    _widths: dict[str, int]

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        widths = self.__dict__.setdefault("_widths", {})
        total = widths.get(text)
        if total is None:
            get, default = self.face.charWidths.get, self.face.defaultWidth
            total = sum([get(ord(ch), default) for ch in text])
            if len(widths) < _MAX_WORDS:
                widths[text] = total
        return 0.001 * size * total

    def addObjects(self, doc: Any) -> None:
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font_name = b"".join(
                (SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)
            ).decode("pdfdoc")
            widths_raw, cmap_compressed = self._subset_part(base_font_name, subset)
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

    def _subset_part(self, base_font_name: str, subset: list[int]) -> tuple[bytes, bytes]:
        """The formatted Widths array and the compressed ToUnicode CMap of one subset."""
        parts = self.__dict__.setdefault("_subset_parts", {})
        key = (base_font_name, tuple(subset))
        cached = parts.get(key)
        if cached is None:
            widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
            cmap = makeToUnicodeCMap(base_font_name, subset).encode("latin-1")
            cached = parts[key] = (
                pdfdoc.format(widths, pdfdoc.DummyDoc()),
                zlib.compress(cmap),
            )
            if len(parts) > _MAX_SUBSETS:
                parts.pop(next(iter(parts)))
        return cached


def install(font_names: Iterable[str]) -> None:
    """Switch the overrides on, for these registered TrueType fonts and for the logo."""
    global _on
    for name in font_names:
        font = pdfmetrics.getFont(name)
        if not isinstance(font, TTFont):
            raise TypeError(f"{name} is not a TrueType font")
        # Neither class adds instance state of its own beyond lazily made caches, so
        # switching the class of the registered objects is safe in both directions.
        font.__class__ = CachedTTFont
        font.face.__class__ = CachedSubsetFace
        _fonts.add(name)
    _on = True


def uninstall() -> None:
    """Back to stock reportlab for the rest of the process (or until :func:`install`)."""
    global _on
    for name in sorted(_fonts):
        font = pdfmetrics.getFont(name)
        font.__class__ = TTFont
        font.face.__class__ = TTFontFace
        for attr in ("_widths", "_subset_parts"):
            font.__dict__.pop(attr, None)
        font.face.__dict__.pop("_subset_cache", None)
    _fonts.clear()
    _images.clear()
    _on = False


def installed() -> bool:
    return _on


def use_binary_streams() -> None:
    """Flate-only streams, no ASCII85 layer (process-wide: ``rl_config`` is global)."""
    rl_config.useA85 = 0


def image_xobject(name: str, image: Any) -> Any:
    """A compressed image XObject of ``image`` (a PIL RGB image), ready to register once.

    ``name`` must identify the pixels (a digest): it is the cache key.
    """
    if not _on:
        return pdfdoc.PDFImageXObject(name, ImageReader(image))
    xobject = _images.get(name)
    if xobject is None:
        xobject = _images[name] = pdfdoc.PDFImageXObject(name, ImageReader(image))
    # reportlab marks the objects it registers: each document gets its own shallow copy
    # (the compressed image data itself is shared).
    return copy.copy(xobject)


def draw_image_xobject(
    canv: Canvas,
    name: str,
    make_xobject: Callable[[], Any],
    box: tuple[float, float, float, float],
) -> None:
    """Draw the image XObject ``name`` into ``box`` (x, y, width, height), adding it once.

    What ``Canvas.drawImage`` does, minus choosing the name and building the
    object: ``make_xobject`` is only called the first time in a document.
    """
    doc = canv._doc
    reg_name = doc.getXObjectName(name)
    if doc.idToObject.get(reg_name) is None:
        xobject = make_xobject()
        doc.Reference(xobject, reg_name)
        doc.addForm(name, xobject)
    x, y, w, h = box
    canv._currentPageHasImages = 1
    canv.saveState()
    canv.translate(x, y)
    canv.scale(w, h)
    canv._code.append(f"/{reg_name} Do")
    canv.restoreState()
    canv._formsinuse.append(name)
