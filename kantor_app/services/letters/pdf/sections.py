"""The parts of a letter in reading order, after tata naskah dinas (DOMAIN.md §3).

Kop surat with an optional logo and a double rule (first page only); the
Nomor / Sifat / Lampiran / Hal block with the place-date line on the right
of the Nomor line; the "Yth." addressee block; the body with an optional
table; the signature block on the right; the numbered "Tembusan:" list at the
bottom left, kept on one page with the signature and the closing paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from kantor_app.services.letters.pdf.blocks import Block, Run, lines_block
from kantor_app.services.letters.pdf.content import LetterContent, Letterhead
from kantor_app.services.letters.pdf.fonts import paragraph, styles, text_width, wrap_text
from kantor_app.services.letters.pdf.logo import LogoImage, logo_for
from kantor_app.services.letters.pdf.page import (
    BODY_LEADING,
    BODY_SIZE,
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
    SMALL_LEADING,
    SMALL_SIZE,
)
from kantor_app.services.letters.pdf.table import body_table


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
    if contacts and text_width(sep.join(contacts), FONT, 9.0) > text_w:
        # Too long for one line: telephone and e-mail, then the website.
        lines.append((sep.join(contacts[:-1]), *small))
        lines.append((contacts[-1], *small))
    elif contacts:
        lines.append((sep.join(contacts), *small))
    text = lines_block(lines, text_w, align="C")
    logo_h = logo_w = 0.0
    logo: LogoImage | None = None
    if head.logo_path is not None:
        logo = logo_for(Path(head.logo_path))
        logo_h = 2.0 * cm
        logo_w = logo_h * logo.aspect
        if logo_w > side:
            logo_w, logo_h = side, side / logo.aspect
    content_h = max(text.height, logo_h)
    rule_y = content_h + 3
    block = Block(FRAME_WIDTH, rule_y + 4.5)
    text_top = (content_h - text.height) / 2
    block.runs = [Run(r.x + side, r.y + text_top, r.text, r.font, r.size, "C") for r in text.runs]
    if logo is not None:
        block.logo = (logo, 0.0, (content_h - logo_h) / 2, logo_w, logo_h)
    block.rules = [
        (0, rule_y + 0.9, FRAME_WIDTH, rule_y + 0.9, 1.8),
        (0, rule_y + 4.2, FRAME_WIDTH, rule_y + 4.2, 0.6),
    ]
    return [block, Spacer(1, 9)]


def _heading_block(c: LetterContent) -> Block:
    """Nomor/Sifat/Lampiran/Hal, colon-aligned, with place and date right of the Nomor line."""
    label_w, colon_w, date_w = 2.3 * cm, 0.45 * cm, 6.2 * cm
    value_x = label_w + colon_w
    place_date = f"{c.place}, {c.date_text}" if c.place.strip() else c.date_text
    items: list[tuple[str, str]] = [("Nomor", c.number), ("Sifat", c.sifat)]
    if c.lampiran is not None:
        items.append(("Lampiran", c.lampiran))
    items.append(("Hal", c.hal))
    runs: list[Run] = []
    y = 0.0
    size, leading = BODY_SIZE, BODY_LEADING
    for i, (label, value) in enumerate(items):
        # The Nomor line leaves room for the date; the rows below may use the full width.
        value_w = FRAME_WIDTH - value_x - (date_w if i == 0 else 0.0)
        runs.append(Run(0, y + size, label, FONT, size))
        runs.append(Run(label_w, y + size, ":", FONT, size))
        if i == 0:
            runs.append(Run(FRAME_WIDTH, y + size, place_date, FONT, size, "R"))
        for part in wrap_text(value, FONT, size, value_w):
            runs.append(Run(value_x, y + size, part, FONT, size))
            y += leading
        y += 1
    block = Block(FRAME_WIDTH, y)
    block.runs = runs
    return block


def _signature(c: LetterContent) -> Block:
    """Position, room for the signature and stamp, name (bold, underlined), staff number."""
    sig_w = 7.6 * cm
    x0 = FRAME_WIDTH - sig_w
    position = c.signature_position.rstrip()
    if position and not position.endswith(","):
        position += ","
    runs: list[Run] = []
    y = 0.0
    size, leading = BODY_SIZE, BODY_LEADING
    for part in wrap_text(position, FONT, size, sig_w):
        runs.append(Run(x0, y + size, part, FONT, size))
        y += leading
    y += 1.6 * cm  # tanda tangan + cap dinas
    for part in wrap_text(c.signature_name, FONT_BOLD, size, sig_w):
        runs.append(Run(x0, y + size, part, FONT_BOLD, size, underline=True))
        y += leading
    if c.signature_id:
        sid = c.signature_id.strip()
        if not re.match(r"^(NPK|NIP|NIK)\b", sid, re.IGNORECASE):
            sid = f"NPK {sid}"
        runs.append(Run(x0, y + size, sid, FONT, size))
        y += leading
    block = Block(FRAME_WIDTH, y)
    block.runs = runs
    return block


def _tembusan(names: Sequence[str]) -> Block:
    size, leading, indent = SMALL_SIZE, SMALL_LEADING, 0.5 * cm
    runs = [Run(0, size, "Tembusan:", FONT, size)]
    y = leading
    for n, name in enumerate(names, start=1):
        runs.append(Run(0, y + size, f"{n}.", FONT, size))
        for part in wrap_text(name, FONT, size, FRAME_WIDTH - indent):
            runs.append(Run(indent, y + size, part, FONT, size))
            y += leading
    block = Block(FRAME_WIDTH, y)
    block.runs = runs
    return block


def letter_story(c: LetterContent) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = _kop(c.letterhead)
    story.append(_heading_block(c))
    story.append(Spacer(1, 9))
    story.append(
        lines_block([(line, FONT, BODY_SIZE, BODY_LEADING) for line in c.addressee], FRAME_WIDTH)
    )
    story.append(Spacer(1, 9))
    before = [paragraph(p, st.body) for p in c.body_before_table]
    after = [paragraph(p, st.body) for p in c.body_after_table]
    if not after and c.table is None:
        # A letter without a table and without paragraphs after it: its last paragraph
        # is the closing one.
        before, after = before[:-1], before[-1:]
    story.extend(before)
    if c.table is not None:
        story.append(Spacer(1, 2))
        story.append(body_table(c.table))
        story.append(Spacer(1, 7))
    story.extend(after[:-1])
    # The closing paragraph, the signature and the Tembusan move to the next page as one:
    # a page may not end on a signature with its Tembusan overleaf, nor hold a Tembusan alone.
    ending: list[Flowable] = [*after[-1:], Spacer(1, 6), _signature(c)]
    if c.tembusan:
        ending += [Spacer(1, 6), _tembusan(c.tembusan)]
    story.append(KeepTogether(ending))
    return story
