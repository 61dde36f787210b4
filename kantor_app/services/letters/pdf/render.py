"""PDF rendering of official letters (surat teguran and the like), free of the database.

Callers hand in fully prepared :class:`LetterContent` (texts already filled,
amounts and dates already formatted) and get PDF bytes or files back. The
layout follows the tata naskah dinas conventions of DOMAIN.md §3 (see
``sections``).

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
prepared once per process (``reportlab_speedups``, the one module that
reaches into reportlab's internals). Everything except the justified body
paragraphs is drawn as plain positioned text in one PDF text object instead
of nested platypus Tables (``blocks``). A batch lays out and writes each
letter exactly once and renders long batches in worker processes
(``batch``).

This module is the package's front door; the work is done in:

- ``content``: the data handed in and given back, :func:`escape`
- ``page``, ``fonts``: geometry, type sizes, the DejaVu fonts, text wrapping
- ``blocks``, ``logo``, ``table``, ``sections``: the parts of a letter
- ``document``: one letter as PDF bytes
- ``combined``: letters merged into one PDF for the printer
- ``batch``: files per letter plus the combined file, worker processes
- ``reportlab_speedups``: every reportlab override, with its on/off switch
"""

from __future__ import annotations

from kantor_app.services.errors import Cancelled
from kantor_app.services.letters.pdf.batch import default_workers, render_batch
from kantor_app.services.letters.pdf.combined import render_combined
from kantor_app.services.letters.pdf.content import (
    BatchResult,
    LetterContent,
    LetterFile,
    Letterhead,
    LetterTable,
    Markup,
    RenderError,
    escape,
)
from kantor_app.services.letters.pdf.document import render_letter

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
