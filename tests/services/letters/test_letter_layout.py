"""Page breaks of a long letter: the ending (closing paragraph, signature, Tembusan) stays whole."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdf
from service_samples import TODAY, add_employer, add_periods, set_umk

from kantor_app.services.letters.issuing import preview_letter
from kantor_app.services.letters.pdf.render import (
    LetterContent,
    Letterhead,
    LetterTable,
    render_letter,
)
from kantor_app.services.letters.templates import load_template
from kantor_app.store.engine import Database

CLOSING = "Demikian disampaikan"
SIGNATORY = "Budi Santoso"


def arrears_letter(months: int) -> LetterContent:
    """The shipped arrears notice with one table row per month, as issuing lays it out."""
    template = load_template("tunggakan")
    filled = template.fill({name: "Kota Samarinda" for name in template.fields()})
    rows = tuple(
        (str(n), f"Bulan {n}", "Rp14.540.000", "3", "Rp1.017.800", "Rp15.557.800")
        for n in range(1, months + 1)
    )
    return LetterContent(
        letterhead=Letterhead(
            "BPJS Ketenagakerjaan",
            "Kantor Cabang Samarinda",
            "Jl. Letjen. M.T. Haryono No. 1, Air Putih, Samarinda Ulu, Samarinda 75124",
            "(0541) 741188",
            "samarinda@bpjsketenagakerjaan.go.id",
            "www.bpjsketenagakerjaan.go.id",
        ),
        number="1234/KPS.03/KC-SMD/XI/2026",
        place="Samarinda",
        date_text="23 November 2026",
        sifat=filled.sifat,
        lampiran=filled.lampiran,
        hal=filled.hal,
        addressee=("Yth. Pimpinan", "PT Sawit Makmur", "Jl. Jenderal Sudirman No. 12", "Samarinda"),
        body_before_table=filled.body_before_table,
        table=LetterTable(
            ("No", "Periode", "Iuran\nterutang", "Bulan\nterlambat", "Denda\n2%", "Jumlah"),
            rows,
            ("Jumlah", "", "Rp1", "", "Rp2", "Rp3"),
        ),
        body_after_table=filled.body_after_table,
        signature_position="Kepala Kantor Cabang Samarinda",
        signature_name=SIGNATORY,
        signature_id="NPK 12345",
        tembusan=filled.tembusan,
    )


def page_texts(data: bytes) -> list[str]:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return [" ".join((p.extract_text() or "").split()) for p in pages]


def test_signature_and_tembusan_share_a_page_with_the_closing_paragraph() -> None:
    moved_whole = []
    for months in range(1, 37):
        pages = page_texts(render_letter(arrears_letter(months)))
        last = pages[-1]
        assert CLOSING in last and SIGNATORY in last and "Tembusan:" in last, months
        # Nothing of the ending is left behind on an earlier page.
        for page in pages[:-1]:
            assert SIGNATORY not in page and "Tembusan:" not in page, months
        if len(pages) == 2 and last.startswith(CLOSING):
            moved_whole.append(months)
    # Some lengths (10 and 11 months today) fill page 1 up to the closing paragraph: the
    # whole ending opens page 2, where it used to leave the Tembusan there alone.
    assert moved_whole


def test_arrears_notices_keep_their_ending_together(db: Database) -> None:
    """The issue's case (11 months then, fewer with today's texts) through the letter service."""
    set_umk(db)
    moved_whole = []
    for count in range(5, 14):
        eid = add_employer(db, f"PT Menunggak {count} Bulan")
        months = [(2025 + (m > 12), (m - 1) % 12 + 1) for m in range(23 - count, 23)]
        add_periods(db, eid, [(year, month, 14_540_000, 0) for year, month in months])
        with db.session() as session:
            pages = page_texts(preview_letter(session, "tunggakan", eid, TODAY))
        assert "Oktober 2026" in " ".join(pages), count  # the last month of the table
        last = pages[-1]
        assert CLOSING in last and "Tembusan:" in last and "Kepala Kantor Cabang" in last, count
        if len(pages) == 2 and last.startswith(CLOSING):
            moved_whole.append(count)
    assert moved_whole


def test_letter_without_table_closes_with_its_last_paragraph_beside_the_signature() -> None:
    base = arrears_letter(1)
    moved = 0
    for count in range(10, 30):
        paragraphs = tuple(f"Alinea {n}: " + "isi surat yang panjang " * 12 for n in range(count))
        content = replace(base, body_before_table=paragraphs, table=None, body_after_table=())
        pages = page_texts(render_letter(content))
        last = pages[-1]
        assert f"Alinea {count - 1}:" in last and SIGNATORY in last, count
        moved += len(pages) > 1 and last.startswith(f"Alinea {count - 1}:")
    assert moved
