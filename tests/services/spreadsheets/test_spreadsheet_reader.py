"""Opening spreadsheets: cell types, row/column positions, and one clear message per bad file."""

from __future__ import annotations

import struct
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from kantor_app.services.errors import ServiceError
from kantor_app.services.spreadsheets.column_letter import column_letter
from kantor_app.services.spreadsheets.reader import open_workbook, sniff


def ole_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal OLE compound file (what .xls and encrypted .xlsx are) with these streams.

    Streams are padded to 4096 bytes so they live in regular sectors.
    """
    sector = 512
    payloads = [
        data.ljust(max(4096, -(-len(data) // sector) * sector), b"\0") for data in streams.values()
    ]
    fat: list[int] = [0xFFFFFFFD, 0xFFFFFFFE]  # sector 0: FAT, sector 1: directory
    starts = []
    for payload in payloads:
        count = len(payload) // sector
        first = len(fat)
        starts.append(first)
        fat.extend(first + i + 1 for i in range(count - 1))
        fat.append(0xFFFFFFFE)
    fat.extend([0xFFFFFFFF] * (128 - len(fat)))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", 0xFFFFFFFF) * 108
    )

    def entry(
        name: str, kind: int, left: int, right: int, child: int, start: int, size: int
    ) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", left, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    none = 0xFFFFFFFF
    names = list(streams)
    entries = [entry("Root Entry", 5, none, none, 1, 0xFFFFFFFE, 0)]
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else none
        entries.append(entry(name, 2, none, right, none, starts[index], len(payloads[index])))
    directory = b"".join(entries).ljust(sector, b"\0")
    path.write_bytes(header + struct.pack("<128I", *fat) + directory + b"".join(payloads))
    return path


def simple_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Peserta"
    sheet["C3"] = "NIK"
    sheet["D3"] = "Nama"
    sheet["C4"] = "6472014508900012"
    sheet["D4"] = "Siti"
    sheet["E4"] = date(1990, 8, 5)
    sheet["F4"] = 6472014508900012
    sheet["G4"] = datetime(2024, 1, 2, 10, 30)
    book.create_sheet("Kosong")
    book.save(path)
    return path


def test_rows_keep_excel_positions_and_cell_types(tmp_path: Path) -> None:
    with open_workbook(simple_xlsx(tmp_path / "daftar.xlsx")) as book:
        assert book.sheet_names == ["Peserta", "Kosong"]
        sheet = book.sheet("Peserta")
        rows = list(sheet)
    assert sheet.total_rows == 4
    # Row 3 of Excel is index 2, column C is index 2 although A and B are empty.
    assert rows[2][2:4] == ["NIK", "Nama"]
    data = rows[3]
    assert data[2] == "6472014508900012"  # text stays text
    assert data[4] == date(1990, 8, 5)
    assert isinstance(data[5], float) and int(data[5]) == 6472014508900012
    assert data[6] == datetime(2024, 1, 2, 10, 30)
    assert data[0] == "" and data[1] == ""


def test_sheet_name_is_matched_loosely_and_missing_sheet_lists_the_others(
    tmp_path: Path,
) -> None:
    with open_workbook(simple_xlsx(tmp_path / "daftar.xlsx")) as book:
        assert book.require_sheet(" peserta ") == "Peserta"
        with pytest.raises(ServiceError) as caught:
            book.sheet("Data 2024")
    message = str(caught.value)
    assert "Data 2024" in message and "'Peserta'" in message and "daftar.xlsx" in message


def test_xlsx_with_a_wrong_name_is_read_by_content(tmp_path: Path) -> None:
    source = simple_xlsx(tmp_path / "a.xlsx")
    renamed = tmp_path / "sebenarnya-xlsx.xls"
    renamed.write_bytes(source.read_bytes())
    with open_workbook(renamed) as book:
        assert book.head("Peserta", 3)[2][2] == "NIK"


def test_ods_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "daftar.ods"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        '<table:table table:name="Data"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>NIK</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>Nama</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    assert sniff(path).kind == "ods"
    with open_workbook(path) as book:
        assert book.sheet_names == ["Data"]
        assert book.head("Data", 1)[0][:2] == ["NIK", "Nama"]


def _message(path: Path) -> str:
    with pytest.raises(ServiceError) as caught:
        open_workbook(path)
    message = str(caught.value)
    assert path.name in message
    return message


def test_csv_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "peserta.xlsx"
    path.write_text("NIK;Nama\n6472014508900012;Siti\n", encoding="utf-8")
    message = _message(path)
    assert "CSV" in message and ".xlsx" in message


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "ekspor.xls"
    path.write_text("<html><body><table><tr><td>NIK</td></tr></table></body></html>")
    assert "HTML" in _message(path)


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = ole_file(
        tmp_path / "rahasia.xlsx",
        {"EncryptionInfo": b"\x04\x00\x04\x00" + b"x" * 100, "EncryptedPackage": b"y" * 5000},
    )
    assert "kata sandi" in _message(path)


def test_excel_95_xls_says_how_to_save_as_xlsx(tmp_path: Path) -> None:
    path = ole_file(tmp_path / "lama.xls", {"Book": b"\x09\x08" + b"z" * 200})
    message = _message(path)
    assert "Excel 5.0/95" in message and "Simpan Sebagai" in message and ".xlsx" in message


def test_broken_xls_says_how_to_save_as_xlsx(tmp_path: Path) -> None:
    path = ole_file(tmp_path / "rusak.xls", {"Workbook": b"\x00" * 300})
    message = _message(path)
    assert ".xls" in message and "Simpan Sebagai" in message


def test_word_document_in_ole_container(tmp_path: Path) -> None:
    path = ole_file(tmp_path / "surat.xls", {"WordDocument": b"w" * 300})
    assert "bukan buku kerja" in _message(path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    whole = simple_xlsx(tmp_path / "utuh.xlsx").read_bytes()
    path = tmp_path / "terpotong.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "terpotong" in _message(path)


def test_corrupt_member_inside_a_valid_zip(tmp_path: Path) -> None:
    source = simple_xlsx(tmp_path / "utuh.xlsx")
    path = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data[: len(data) // 3]
            dst.writestr(item, data)
    assert "rusak" in _message(path)


def test_zip_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "foto.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("foto1.jpg", b"\xff\xd8\xff")
    assert "ZIP" in _message(path)


def test_word_docx_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "surat.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "Word" in _message(path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.xlsx"
    empty.write_bytes(b"")
    assert "0 byte" in _message(empty)
    assert "tidak ditemukan" in _message(tmp_path / "tidak-ada.xlsx")


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "acak.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    assert "tidak dikenal" in _message(path)


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters(index: int, letters: str) -> None:
    assert column_letter(index) == letters
