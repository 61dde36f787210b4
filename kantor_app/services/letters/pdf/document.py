"""One letter laid out on A4 and written as PDF bytes, deterministically.

reportlab's invariant mode fixes the dates and ids it would otherwise put in
the file: the same content gives byte-identical PDFs, so a reprint has the
same sha256 as the original.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from kantor_app.services.letters.pdf.content import LetterContent, RenderError
from kantor_app.services.letters.pdf.page import (
    BODY_SIZE,
    FONT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
)
from kantor_app.services.letters.pdf.sections import letter_story


class NumberedCanvas(Canvas):
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


def render_pdf(content: LetterContent) -> tuple[bytes, int]:
    """One letter: its PDF bytes and its number of pages."""
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
        doc.build(letter_story(content), canvasmaker=NumberedCanvas)
    except RenderError:
        raise
    except Exception as exc:  # reportlab raises LayoutError, ValueError, ...
        raise RenderError(f"Surat {content.number} tidak dapat dibuat: {exc}") from exc
    return buf.getvalue(), doc.page


def render_letter(content: LetterContent) -> bytes:
    """One letter as PDF bytes. Same content -> identical bytes."""
    return render_pdf(content)[0]
