"""PDF rendering of letters: content, determinism, combined files, batches, escaping."""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from kantor_app.services.errors import Cancelled
from kantor_app.services.letters.pdf import batch as letter_render
from kantor_app.services.letters.pdf.render import (
    LetterContent,
    Letterhead,
    LetterTable,
    RenderError,
    escape,
    render_batch,
    render_combined,
    render_letter,
)

HEAD = Letterhead(
    org_name="BPJS Ketenagakerjaan",
    branch_name="Kantor Cabang Samarinda",
    address="Jl. Letjen. M.T. Haryono No. 1, Samarinda 75124",
    phone="(0541) 741188",
    email="samarinda@bpjsketenagakerjaan.go.id",
    website="www.bpjsketenagakerjaan.go.id",
)

ROWS = (
    ("1", "Februari 2026", "Rp6.350.000", "Rp127.000", "Rp6.477.000"),
    ("2", "Maret 2026", "Rp6.560.000", "Rp131.200", "Rp6.691.200"),
    ("3", "April 2026", "Rp5.890.000", "Rp117.800", "Rp6.007.800"),
)
TOTAL_WORDS = "sembilan belas juta seratus tujuh puluh enam ribu rupiah"


def letter(
    company: str = "PT Sawit Makmur", number: str = "0001/KPS/0201/11/2026", **changes: object
) -> LetterContent:
    content = LetterContent(
        letterhead=HEAD,
        number=number,
        place="Samarinda",
        date_text="23 November 2026",
        sifat="Penting",
        lampiran="1 (satu) berkas",
        hal="Pemberitahuan Tunggakan Iuran",
        addressee=("Yth. Pimpinan", company, "Jl. Pahlawan No. 3", "Samarinda"),
        body_before_table=(
            f"Perusahaan Saudara, <b>{escape(company)}</b> (NPP 12345678), tercatat menunggak "
            "iuran dengan rincian sebagai berikut:",
        ),
        table=LetterTable(
            columns=("No.", "Periode", "Iuran", "Denda 2%", "Jumlah"),
            rows=ROWS,
            total_row=("Jumlah", "", "", "", "Rp19.176.000"),
        ),
        body_after_table=(
            f"Jumlah tunggakan <b>Rp19.176.000</b> ({TOTAL_WORDS}) harap dilunasi paling lambat "
            "10 (sepuluh) hari kerja, yaitu tanggal <b>7 Desember 2026</b>.",
            "Demikian disampaikan, atas perhatian Saudara diucapkan terima kasih.",
        ),
        signature_position="Kepala Kantor Cabang Samarinda",
        signature_name="Budi Santoso",
        signature_id="12345",
        tembusan=("Kepala Dinas Tenaga Kerja Kota Samarinda", "Arsip"),
    )
    return replace(content, **changes)  # type: ignore[arg-type]


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def test_letter_contains_the_content() -> None:
    data = render_letter(letter())
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for expected in (
        "BPJS KETENAGAKERJAAN",
        "KANTOR CABANG SAMARINDA",
        "0001/KPS/0201/11/2026",
        "Samarinda, 23 November 2026",
        "PT Sawit Makmur",
        "Yth. Pimpinan",
        "Lampiran",
        "Pemberitahuan Tunggakan Iuran",
        TOTAL_WORDS,
        "7 Desember 2026",
        "Rp19.176.000",
        "Budi Santoso",
        "NPK 12345",
        "Tembusan:",
        "Kepala Dinas Tenaga Kerja Kota Samarinda",
    ):
        assert expected in text, expected
    for row in ROWS:
        for amount in row[2:]:
            assert amount in text, amount
    assert page_count(data) == 1
    assert "Halaman" not in text  # page numbers only on letters of 2+ pages


def test_fonts_are_embedded() -> None:
    data = render_letter(letter())
    assert b"/FontFile2" in data
    assert b"DejaVuSans" in data


def test_lampiran_line_omitted_when_none() -> None:
    text = pdf_text(render_letter(letter(lampiran=None)))
    assert "Lampiran" not in text
    assert "Hal" in text


def test_same_content_gives_identical_bytes() -> None:
    first = render_letter(letter())
    second = render_letter(letter())
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    assert render_letter(letter(number="0002/KPS/0201/11/2026")) != first


def test_escaping_of_user_data() -> None:
    company = "PT Maju & Jaya <Persero>"
    data = render_letter(letter(company=company, tembusan=("Dinas A & B <Kota>",)))
    text = pdf_text(data)
    assert text.count(company) == 2  # addressee (plain) and body (escaped markup)
    assert "Dinas A & B <Kota>" in text
    assert escape("A & <b>") == "A &amp; &lt;b&gt;"


def test_broken_markup_raises_render_error() -> None:
    with pytest.raises(RenderError):
        render_letter(letter(body_before_table=("<b>unclosed & <oops",)))


def test_long_letter_has_page_numbers_and_repeated_header() -> None:
    rows = tuple(
        (str(i), f"Periode {i}", f"Rp{i}.000.000", "Rp20.000", f"Rp{i}.020.000")
        for i in range(1, 70)
    )
    table = LetterTable(columns=("No.", "Periode", "Iuran", "Denda 2%", "Jumlah"), rows=rows)
    data = render_letter(letter(table=table))
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    assert pages >= 2
    for n, page in enumerate(reader.pages, start=1):
        page_text = page.extract_text() or ""
        assert f"Halaman {n} dari {pages}" in page_text
        assert "Periode" in page_text and "Jumlah" in page_text  # header row repeats
    # the kop is printed on the first page only
    assert "KANTOR CABANG SAMARINDA" not in (reader.pages[1].extract_text() or "")


def test_combined_page_count_is_the_sum() -> None:
    long_rows = tuple((str(i), "Mei 2026", "Rp1.000", "Rp20", "Rp1.020") for i in range(60))
    contents = [
        letter(number="1/X/2026"),
        letter(number="2/X/2026", table=LetterTable(("No.", "P", "I", "D", "J"), long_rows)),
        letter(number="3/X/2026", table=None),
    ]
    singles = [page_count(render_letter(c)) for c in contents]
    combined = render_combined(contents)
    assert page_count(combined) == sum(singles)
    text = pdf_text(combined)
    assert all(n in text for n in ("1/X/2026", "2/X/2026", "3/X/2026"))


def test_logo_is_drawn(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGBA", (80, 80), (0, 120, 60, 255)).save(logo)
    head = replace(HEAD, logo_path=logo)
    data = render_letter(letter(letterhead=head))
    assert b"/Subtype /Image" in data
    assert render_letter(letter(letterhead=head)) == data


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_batch_writes_files_and_combined(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(letter_render, "POOL_MIN_LETTERS", 10)  # workers=2: process pool
    count = 30
    contents = [letter(company=f"PT Nomor {i}", number=f"{i}/KPS/2026") for i in range(count)]
    names = [f"surat-{i:03d}.pdf" for i in range(count)]
    seen: list[tuple[int, int]] = []
    result = render_batch(
        contents,
        tmp_path,
        names,
        "gabungan.pdf",
        progress=lambda done, total: seen.append((done, total)),
        workers=workers,
    )
    assert [f.path.name for f in result.letters] == names
    for content, item in zip(contents, result.letters, strict=True):
        data = item.path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == item.sha256
        assert item.sha256 == hashlib.sha256(render_letter(content)).hexdigest()  # reprint
    assert result.combined_path == tmp_path / "gabungan.pdf"
    assert page_count(result.combined_path.read_bytes()) == count == result.combined_pages
    assert seen[-1] == (count + 1, count + 1)
    assert [d for d, _ in seen] == list(range(1, count + 2))


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_cancel_removes_written_files(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(letter_render, "POOL_MIN_LETTERS", 10)
    contents = [letter(number=f"{i}/KPS/2026") for i in range(30)]
    names = [f"s{i}.pdf" for i in range(30)]
    done: list[int] = []
    with pytest.raises(Cancelled):
        render_batch(
            contents,
            tmp_path,
            names,
            "all.pdf",
            progress=lambda d, t: done.append(d),
            is_cancelled=lambda: len(done) >= 5,
            workers=workers,
        )
    assert len(done) >= 5
    assert list(tmp_path.iterdir()) == []


def test_batch_rejects_bad_names(tmp_path: Path) -> None:
    with pytest.raises(RenderError):
        render_batch([letter()], tmp_path, ["../x.pdf"], "all.pdf")
    with pytest.raises(RenderError):
        render_batch([letter(), letter()], tmp_path, ["a.pdf", "A.pdf"], "all.pdf")
    with pytest.raises(RenderError):
        render_batch([letter()], tmp_path, [], "all.pdf")


def right_edges(data: bytes, texts: list[str]) -> dict[str, float]:
    """Right edge (points) of where each text is printed on page 1, found by pdfium."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        textpage = doc[0].get_textpage()
        edges: dict[str, float] = {}
        for text in texts:
            hit = textpage.search(text, match_whole_word=True).get_next()
            assert hit is not None, text
            index, count = hit
            edges[text] = textpage.get_charbox(index + count - 1)[2]
        return edges
    finally:
        doc.close()


def test_table_columns_keep_months_on_one_line_and_totals_under_their_column() -> None:
    rows = (
        ("1", "September 2026", "Rp6.880.000", "2", "Rp275.200", "Rp7.155.200"),
        ("2", "Oktober 2026", "Rp2.980.000", "1", "Rp59.600", "Rp3.039.600"),
    )
    table = LetterTable(
        ("No", "Periode", "Iuran\nterutang", "Bulan\nterlambat", "Denda\n2%", "Jumlah"),
        rows,
        ("Jumlah", "", "Rp9.860.000", "", "Rp334.800", "Rp10.194.800"),
    )
    data = render_letter(letter(table=table))
    assert "1 September 2026 Rp6.880.000 2 Rp275.200 Rp7.155.200" in pdf_text(data)
    # Each total is right-aligned in the column of the amounts above it.
    pairs = (("Rp2.980.000", "Rp9.860.000"), ("Rp59.600", "Rp334.800"))
    edges = right_edges(data, [t for pair in pairs for t in pair])
    for body, total in pairs:
        assert edges[total] == pytest.approx(edges[body], abs=1.0)


@pytest.mark.slow
def test_pool_leaves_the_main_module_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(letter_render, "POOL_MIN_LETTERS", 10)
    main = sys.modules["__main__"]
    before = {k: main.__dict__.get(k, "missing") for k in ("__file__", "__spec__")}
    contents = [letter(number=f"{i}/KPS/2026") for i in range(12)]
    render_batch(contents, tmp_path, [f"{i}.pdf" for i in range(12)], "all.pdf", workers=2)
    assert {k: main.__dict__.get(k, "missing") for k in ("__file__", "__spec__")} == before
