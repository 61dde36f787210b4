"""Letters combined into one PDF for the printer, page by page, without laying them out again."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from kantor_app.services.letters.pdf.content import LetterContent, RenderError
from kantor_app.services.letters.pdf.document import render_letter


class Merger:
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


def merge(pdfs: Sequence[bytes]) -> tuple[bytes, int]:
    merger = Merger()
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
    return merge([render_letter(c) for c in contents])[0]
