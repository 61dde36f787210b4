"""Letter templates: loading, filling, and clear errors for branch editors."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from kantor_app.services.letters.pdf.render import (
    LetterContent,
    Letterhead,
    LetterTable,
    Markup,
    render_letter,
)
from kantor_app.services.letters.templates import (
    FIELDS,
    KINDS,
    TemplateError,
    load_template,
    templates_dir,
)

EXAMPLE_FIELDS = {
    "nama_perusahaan": "PT Sawit & Sagu <Borneo>",
    "alamat_perusahaan": "Jl. Jenderal Sudirman No. 12",
    "alamat_lengkap": "Jl. Jenderal Sudirman No. 12, Kota Samarinda",
    "kota_perusahaan": "Kota Samarinda",
    "daerah_perusahaan": "Samarinda",
    "npp": "12345678",
    "nama_cabang": "Kantor Cabang Samarinda",
    "kota_cabang": "Samarinda",
    "temuan": "belum mendaftarkan 12 (dua belas) orang pekerjanya dalam program JKK, JKM, JHT, "
    "dan JP.",
    "total_tunggakan": "Rp19.176.000",
    "total_terbilang": "sembilan belas juta seratus tujuh puluh enam ribu rupiah",
    "denda_keterlambatan": "Rp376.000 (tiga ratus tujuh puluh enam ribu rupiah)",
    "jumlah_iuran": "Rp18.800.000 (delapan belas juta delapan ratus ribu rupiah)",
    "jumlah_periode": "3 (tiga)",
    "periode": "periode Februari 2026 sampai dengan April 2026",
    "tenggat_hari": "10 (sepuluh)",
    "nomor_teguran_1": "0123/KPS/0201/10/2026",
    "tanggal_teguran_1": "26 Oktober 2026",
    "nomor_teguran_2": "0140/KPS/0202/11/2026",
    "tanggal_teguran_2": "16 November 2026",
    "akhir_teguran_2": "3 Desember 2026",
    "dasar_denda": "Rp18.800.000 (delapan belas juta delapan ratus ribu rupiah)",
    "denda": "Rp18.800 (delapan belas ribu delapan ratus rupiah)",
    "denda_mulai": "4 Desember 2026",
    "denda_akhir": "2 Januari 2027",
    "nomor_denda": "0150/KPS/0205/12/2026",
    "tanggal_denda": "7 Januari 2027",
    "instansi_perizinan": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Samarinda",
    "nama_proyek": "Pembangunan Jembatan Mahakam IV Paket 2",
    "nilai_kontrak": "Rp2.000.000.000 (dua miliar rupiah)",
    "tanggal_spk": "2 November 2026",
    "jabatan_penandatangan": "Kepala Kantor Cabang Samarinda",
}


def test_every_field_is_documented() -> None:
    readme = (templates_dir() / "README.md").read_text(encoding="utf-8")
    assert set(EXAMPLE_FIELDS) == set(FIELDS)
    for name in FIELDS:
        assert f"`{name}`" in readme, name


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_template_fills_and_renders(kind: str) -> None:
    template = load_template(kind)
    assert template.fields() <= set(FIELDS)
    filled = template.fill(EXAMPLE_FIELDS)
    texts = [filled.hal, filled.sifat, *filled.body_before_table, *filled.body_after_table]
    texts += list(filled.tembusan)
    assert not any(re.search(r"\{\w+\}", t) for t in texts)
    # user data is escaped in paragraphs, plain elsewhere
    assert any("PT Sawit &amp; Sagu &lt;Borneo&gt;" in p for p in filled.body_before_table)
    content = LetterContent(
        letterhead=Letterhead(
            "BPJS Ketenagakerjaan", "Kantor Cabang Samarinda", "Jl. A", "1", "e", "w"
        ),
        number="1/KPS/2026",
        place="Samarinda",
        date_text="23 November 2026",
        sifat=filled.sifat,
        lampiran=filled.lampiran,
        hal=filled.hal,
        addressee=("Yth. Pimpinan", EXAMPLE_FIELDS["nama_perusahaan"], "Samarinda"),
        body_before_table=filled.body_before_table,
        table=LetterTable(("No.", "Periode", "Jumlah"), (("1", "Mei 2026", "Rp1.000"),))
        if filled.table
        else None,
        body_after_table=filled.body_after_table,
        signature_position="Kepala Kantor Cabang Samarinda",
        signature_name="Budi Santoso",
        signature_id=None,
        tembusan=filled.tembusan,
    )
    text = " ".join(
        (p.extract_text() or "") for p in pypdf.PdfReader(io.BytesIO(render_letter(content))).pages
    )
    text = " ".join(text.split())
    assert "PT Sawit & Sagu <Borneo>" in text
    # The period runs from receipt: no date the letter cannot know (DOMAIN section 0).
    if "tenggat_hari" in template.fields():
        assert "10 (sepuluh) hari kerja sejak surat ini diterima" in text
        assert "Desember 2026" not in text  # a period's end is never printed


def test_teguran_2_references_the_first_letter() -> None:
    filled = load_template("teguran-2").fill(EXAMPLE_FIELDS)
    body = " ".join(filled.body_before_table)
    assert "0123/KPS/0201/10/2026" in body and "26 Oktober 2026" in body


def test_tunggakan_has_table_and_amounts() -> None:
    template = load_template("tunggakan")
    assert template.table
    body = " ".join(template.fill(EXAMPLE_FIELDS).body_after_table)
    assert "Rp19.176.000" in body and "sembilan belas juta" in body and "2%" in body


def test_markup_values_are_not_escaped() -> None:
    fields = dict(EXAMPLE_FIELDS, temuan=Markup("menunggak <b>3 bulan</b>."))
    body = " ".join(load_template("teguran-1").fill(fields).body_before_table)
    assert "<b>3 bulan</b>" in body


def write(tmp_path: Path, text: str, kind: str = "teguran-1") -> Path:
    (tmp_path / f"{kind}.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_unknown_field_error_names_file_and_field(tmp_path: Path) -> None:
    write(
        tmp_path,
        'hal = "Teguran"\nsifat = "Penting"\nbody_before_table = ["Yth. {nama_direktur}"]\n',
    )
    with pytest.raises(TemplateError) as err:
        load_template("teguran-1", tmp_path)
    assert "{nama_direktur}" in str(err.value)
    assert "teguran-1.toml" in str(err.value)


def test_missing_value_error_names_the_field(tmp_path: Path) -> None:
    write(
        tmp_path, 'hal = "Teguran"\nsifat = "Penting"\nbody_before_table = ["PT {nama_proyek}"]\n'
    )
    template = load_template("teguran-1", tmp_path)
    with pytest.raises(TemplateError, match=r"\{nama_proyek\}"):
        template.fill({"nama_perusahaan": "PT A"})


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, 'hal = "Teguran"\nsifat = "Penting\nbody_before_table = ["x"]\n')
    with pytest.raises(TemplateError) as err:
        load_template("teguran-1", tmp_path)
    message = str(err.value)
    assert "teguran-1.toml" in message and "line 2" in message


@pytest.mark.parametrize(
    "text",
    [
        'sifat = "Penting"\nbody_before_table = ["x"]\n',  # no hal
        'hal = "H"\nsifat = "S"\nbody_before_table = "not a list"\n',
        'hal = "H"\nsifat = "S"\nbody_before_table = ["x"]\ntable = "ya"\n',
        'hal = "H"\nsifat = "S"\nbody_before_table = ["x"]\nperihal = "y"\n',
        'hal = "H"\nsifat = "S"\nbody_before_table = ["{npp!r}"]\n',
        'hal = "H"\nsifat = "S"\nbody_before_table = ["kurung { tunggal"]\n',
    ],
)
def test_malformed_templates_raise_template_error(tmp_path: Path, text: str) -> None:
    write(tmp_path, text)
    with pytest.raises(TemplateError, match=r"teguran-1\.toml"):
        load_template("teguran-1", tmp_path)


def test_missing_file_and_bad_kind(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="tidak ditemukan"):
        load_template("teguran-1", tmp_path)
    with pytest.raises(TemplateError):
        load_template("../etc/passwd")


def test_lampiran_optional(tmp_path: Path) -> None:
    write(tmp_path, 'hal = "H"\nsifat = "S"\nbody_before_table = ["x {{literal}}"]\n')
    filled = load_template("teguran-1", tmp_path).fill({})
    assert filled.lampiran is None
    assert filled.body_before_table == ("x {literal}",)
    assert load_template("jakon").lampiran is None


SIX_MONTHS = LetterTable(
    ("No", "Periode", "Iuran\nterutang", "Bulan\nterlambat", "Denda\n2%", "Jumlah"),
    tuple(
        (str(n), f"{month} 2026", "Rp14.540.000", str(7 - n), "Rp1.744.800", "Rp16.284.800")
        for n, month in enumerate(
            ("Mei", "Juni", "Juli", "Agustus", "September", "Oktober"), start=1
        )
    ),
    ("Jumlah", "", "Rp87.240.000", "", "Rp6.106.800", "Rp93.346.800"),
)

# A Jakon reminder's normal case: one overdue package.
ONE_PACKAGE = LetterTable(
    ("No", "Paket (kode RUP)", "Tanggal SPK", "Nilai kontrak", "Iuran\nJKK+JKM"),
    (
        (
            "1",
            "Pembangunan Jembatan Mahakam IV Paket 2 (kode RUP 45123456)",
            "2 November 2026",
            "Rp2.000.000.000",
            "Rp2.950.000",
        ),
    ),
    None,
)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_fits_on_one_page(kind: str) -> None:
    """The normal case (six months in arrears or one project, a long finding) prints on one
    A4 page."""
    fields = dict(
        EXAMPLE_FIELDS,
        nama_perusahaan="PT Perkebunan Kelapa Sawit Makmur Borneo Lestari",
        temuan="tercatat belum mendaftarkan 12 (dua belas) orang pekerjanya dalam program "
        "JKK, JKM, JHT, dan JP, melaporkan upah Rp3.100.000 per bulan, di bawah upah minimum "
        "Kota Samarinda sebesar Rp3.579.313, dan menunggak iuran 6 (enam) bulan.",
        total_terbilang="sembilan puluh tiga juta tiga ratus empat puluh enam ribu delapan "
        "ratus rupiah",
    )
    filled = load_template(kind).fill(fields)
    content = LetterContent(
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
        addressee=(
            "Yth. Pimpinan",
            fields["nama_perusahaan"],
            "Jl. Jenderal Sudirman No. 12",
            "Samarinda",
        ),
        body_before_table=filled.body_before_table,
        table=(ONE_PACKAGE if kind == "jakon" else SIX_MONTHS) if filled.table else None,
        body_after_table=filled.body_after_table,
        signature_position="Kepala Kantor Cabang Samarinda",
        signature_name="Budi Santoso",
        signature_id="NPK 12345",
        tembusan=filled.tembusan,
    )
    reader = pypdf.PdfReader(io.BytesIO(render_letter(content)))
    assert len(reader.pages) == 1
    text = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Tembusan:" in text and "Budi Santoso" in text and "Halaman" not in text


def test_kejaksaan_is_named_without_kota() -> None:
    tembusan = load_template("teguran-2").fill(EXAMPLE_FIELDS).tembusan
    assert "Kepala Kejaksaan Negeri Samarinda" in tembusan
    assert not any("Negeri Kota" in t or "Negeri Kabupaten" in t for t in tembusan)
