"""The reportlab overrides write exactly the bytes stock reportlab writes.

Letters are rendered in reportlab's invariant mode (as every letter is), so
the bytes are deterministic and any byte an override changes shows up as a
difference. The letters cover what the overrides cache: several fonts, a
glyph set large enough for a second font subset, word widths in justified
text and table cells, a multi-page table, and the logo.
"""

from __future__ import annotations

import hashlib
import pickle
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from kantor_app.services.letters.pdf import reportlab_speedups
from kantor_app.services.letters.pdf.fonts import FONT_FILES, register_fonts
from kantor_app.services.letters.pdf.page import FONT, FONT_BOLD
from kantor_app.services.letters.pdf.render import (
    LetterContent,
    Letterhead,
    LetterTable,
    escape,
    render_letter,
)

# Latin-1, Latin Extended-A and Greek: more than the 256 glyphs of one subset.
MANY_GLYPHS = "".join(map(chr, range(0xC0, 0x180))) + "".join(map(chr, range(0x391, 0x3CA)))


def _logo(folder: Path) -> Path:
    """A logo with transparency, so compositing on white matters."""
    path = folder / "logo.png"
    image = Image.new("RGBA", (90, 60), (0, 110, 70, 255))
    for x in range(0, 90, 3):
        image.putpixel((x, x % 60), (220, 40, 40, 90))
    image.save(path)
    return path


def _letters(logo: Path) -> list[LetterContent]:
    head = Letterhead(
        org_name="BPJS Ketenagakerjaan",
        branch_name="Kantor Cabang Tarakan",
        address="Jl. Yos Sudarso No. 12, Tarakan 77111",
        phone="(0551) 21234",
        email="tarakan@bpjsketenagakerjaan.go.id",
        website="www.bpjsketenagakerjaan.go.id",
        logo_path=logo,
    )
    months = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus")
    rows = tuple(
        (
            str(i + 1),
            f"{months[i % 8]} {2020 + i // 8}",
            f"Rp{1_250_000 + i * 7_000:,}".replace(",", "."),
        )
        for i in range(70)
    )
    first = LetterContent(
        letterhead=head,
        number="0007/KPS/0201/12/2026",
        place="Tarakan",
        date_text="2 Desember 2026",
        sifat="Penting",
        lampiran="1 (satu) berkas",
        hal="Teguran I Tunggakan Iuran",
        addressee=("Yth. Pimpinan", "PT Kayan & Sesayap <Persero>", "Jl. Mulawarman 5", "Tarakan"),
        body_before_table=(
            f"Perusahaan Saudara, <b>{escape('PT Kayan & Sesayap <Persero>')}</b>, tercatat "
            "menunggak iuran <i>Jaminan Hari Tua</i> dan <b><i>Jaminan Pensiun</i></b> sebagai "
            "berikut:",
        ),
        table=LetterTable(
            columns=("No.", "Periode", "Iuran"),
            rows=rows[:4],
            total_row=("Jumlah", "", "Rp5.042.000"),
        ),
        body_after_table=(
            "Harap dilunasi paling lambat 10 (sepuluh) hari kerja — terima kasih.",
            "Demikian disampaikan.",
        ),
        signature_position="Kepala Kantor Cabang Tarakan",
        signature_name="Siti Rahmawati",
        signature_id="67890",
        tembusan=("Kepala Dinas Tenaga Kerja Kota Tarakan", "Arsip"),
    )
    assert first.table is not None
    return [
        first,
        replace(first, letterhead=replace(head, logo_path=None), number="0008/KPS/0201/12/2026"),
        replace(first, table=replace(first.table, rows=rows, total_row=None)),  # 2+ pages
        replace(first, body_after_table=(f"Nama: {escape(MANY_GLYPHS)}", "Sekian.")),
        replace(first, lampiran=None, table=None, tembusan=(), signature_id="NIP 1975"),
    ]


def _render_all(letters: list[LetterContent]) -> list[bytes]:
    return [render_letter(c) for c in letters]


@pytest.fixture
def switch() -> Iterator[None]:
    """Leaves the overrides installed whatever the test did, as the rest of the suite expects."""
    register_fonts()
    try:
        yield
    finally:
        reportlab_speedups.install(FONT_FILES)


@pytest.mark.usefixtures("switch")
def test_overrides_give_byte_identical_pdfs(tmp_path: Path) -> None:
    letters = _letters(_logo(tmp_path))

    reportlab_speedups.uninstall()
    assert not reportlab_speedups.installed()
    for name in FONT_FILES:
        assert type(pdfmetrics.getFont(name)) is TTFont
        assert type(pdfmetrics.getFont(name).face) is TTFontFace
    stock = _render_all(letters)

    reportlab_speedups.install(FONT_FILES)
    cold = _render_all(letters)  # fills the caches
    warm = _render_all(letters)  # served from them

    regular, bold = pdfmetrics.getFont(FONT), pdfmetrics.getFont(FONT_BOLD)
    assert isinstance(regular, reportlab_speedups.CachedTTFont)
    assert isinstance(regular.face, reportlab_speedups.CachedSubsetFace)
    assert regular.face._subset_cache and bold.face._subset_cache
    assert len({key[0] for key in regular._subset_parts}) >= 2  # a second subset was made
    assert regular._widths
    for n in range(len(letters)):
        assert cold[n] == stock[n], f"letter {n}: an override changed the first render"
        assert warm[n] == stock[n], f"letter {n}: an override changed a cached render"
    assert len(set(stock)) == len(stock)  # different letters, not one PDF five times


_STOCK_CHILD = """
import hashlib, pickle, sys
from kantor_app.services.letters.pdf import reportlab_speedups
from kantor_app.services.letters.pdf.render import render_letter

reportlab_speedups.install = lambda font_names: None  # never switched on in this process
letters = pickle.loads(sys.stdin.buffer.read())
for content in letters:
    print(hashlib.sha256(render_letter(content)).hexdigest())
assert not reportlab_speedups.installed()
"""


@pytest.mark.slow
def test_a_process_that_never_installs_them_writes_the_same_pdfs(tmp_path: Path) -> None:
    """Stock reportlab from the first document on: nothing left behind by a switch."""
    letters = _letters(_logo(tmp_path))
    child = subprocess.run(
        [sys.executable, "-c", _STOCK_CHILD],
        input=pickle.dumps(letters),
        capture_output=True,
        check=True,
        timeout=120,
    )
    stock = child.stdout.decode().split()
    register_fonts()
    assert reportlab_speedups.installed()
    ours = [hashlib.sha256(pdf).hexdigest() for pdf in _render_all(letters)]
    assert ours == stock
