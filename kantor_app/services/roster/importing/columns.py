"""Finding the header row of a roster sheet and which column holds which field.

Headers come in Indonesian and English and in every spelling: "No. KTP",
"NIK (16 digit)", "Jenis Kelamin (L/P)", "TGL LAHIR". A header is reduced to
a key (lowercase letters and digits only, words in brackets dropped) and
looked up in a table of known keys per field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from kantor_app.services.spreadsheets.reader import Cell, column_letter

HEADER_SEARCH_ROWS = 20

# Field keys, in the order the GUI lists them, with their Indonesian labels.
FIELD_LABELS: dict[str, str] = {
    "nik": "NIK",
    "name": "Nama",
    "birth_date": "Tanggal Lahir",
    "gender": "Jenis Kelamin",
    "address": "Alamat",
    "village": "Desa/Kelurahan",
    "district": "Kecamatan",
    "regency": "Kabupaten/Kota",
    "occupation": "Pekerjaan",
    "phone": "No HP",
    "income": "Penghasilan",
    "segment": "Segmen",
    "funding_program": "Program Pendanaan",
}
FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)
REQUIRED_FIELDS: tuple[str, ...] = ("nik", "name")

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "nik": (
        "nik",
        "noktp",
        "nomorktp",
        "nonik",
        "nomornik",
        "nikktp",
        "nikpeserta",
        "niktenagakerja",
        "nikpekerja",
        "ktp",
        "nomorindukkependudukan",
        "noindukkependudukan",
        "idnumber",
        "nationalid",
        "nationalidnumber",
        "identitynumber",
    ),
    "name": (
        "nama",
        "namalengkap",
        "namapeserta",
        "namapekerja",
        "namatenagakerja",
        "namasesuaiktp",
        "fullname",
        "name",
    ),
    "birth_date": (
        "tanggallahir",
        "tgllahir",
        "tgllhr",
        "tanggallhr",
        "tanggalkelahiran",
        "dateofbirth",
        "birthdate",
        "dob",
    ),
    "gender": ("jeniskelamin", "jk", "lp", "kelamin", "gender", "sex", "jnskelamin"),
    "address": ("alamat", "alamatlengkap", "alamatdomisili", "alamatrumah", "address"),
    "village": (
        "desakelurahan",
        "kelurahandesa",
        "desakel",
        "keldesa",
        "desa",
        "kelurahan",
        "kel",
        "village",
    ),
    "district": ("kecamatan", "kec", "district", "subdistrict"),
    "regency": (
        "kabupatenkota",
        "kabkota",
        "kabkot",
        "kotakabupaten",
        "kabupaten",
        "kota",
        "kab",
        "regency",
        "regencycity",
        "city",
    ),
    "occupation": ("pekerjaan", "jenispekerjaan", "profesi", "occupation", "job"),
    "phone": (
        "nohp",
        "nomorhp",
        "nohandphone",
        "hp",
        "nohpwa",
        "nowa",
        "telepon",
        "telp",
        "notelp",
        "notelepon",
        "nomortelepon",
        "phone",
        "phonenumber",
        "mobile",
    ),
    "income": (
        "penghasilan",
        "penghasilanperbulan",
        "penghasilansebulan",
        "upah",
        "upahsebulan",
        "upahperbulan",
        "gaji",
        "wage",
        "income",
    ),
    "segment": ("segmen", "segment", "segmenpeserta"),
    "funding_program": (
        "programpendanaan",
        "sumberpendanaan",
        "sumberdana",
        "pendanaan",
        "fundingprogram",
    ),
}
_KEY_TO_FIELD: dict[str, str] = {key: name for name, keys in _SYNONYMS.items() for key in keys}

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(text: str) -> str:
    """ "Nomor Induk Kependudukan (NIK)" -> "nomorindukkependudukan"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NON_ALNUM.sub("", _BRACKETS.sub(" ", plain))


def field_for_header(cell: Cell) -> str | None:
    """The field a header cell names, or None."""
    if not isinstance(cell, str):
        return None
    key = header_key(cell)
    if not key:
        return None
    found = _KEY_TO_FIELD.get(key)
    if found is not None:
        return found
    # "NIK Calon Peserta", "Nama Lengkap Sesuai KTP": known beginnings.
    if key.startswith("nik") and len(key) <= 20:
        return "nik"
    if key.startswith(("namalengkap", "namapeserta")):
        return "name"
    return None


@dataclass
class ColumnMapping:
    """Which sheet column (0 = A) holds each field. The GUI shows and edits it."""

    columns: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> int | None:
        return self.columns.get(name)

    def set(self, name: str, column: int | None) -> None:
        if name not in FIELD_LABELS:
            raise KeyError(name)
        if column is None:
            self.columns.pop(name, None)
        else:
            self.columns[name] = column

    def missing_required(self) -> list[str]:
        return [name for name in REQUIRED_FIELDS if name not in self.columns]

    def describe(self, headers: Sequence[str] = ()) -> list[tuple[str, str, str]]:
        """(field label, column letter, header text) for each mapped field."""
        out = []
        for name in FIELDS:
            column = self.columns.get(name)
            if column is None:
                continue
            header = headers[column] if column < len(headers) else ""
            out.append((FIELD_LABELS[name], column_letter(column), header))
        return out


def map_header_row(row: Sequence[Cell]) -> ColumnMapping:
    """Mapping from one candidate header row; the first column wins for a field."""
    mapping = ColumnMapping()
    for index, cell in enumerate(row):
        name = field_for_header(cell)
        if name is not None and name not in mapping.columns:
            mapping.columns[name] = index
    return mapping


def is_recognisable(mapping: ColumnMapping) -> bool:
    """A header names the NIK or the name and at least one other field."""
    return len(mapping.columns) >= 2 and ("nik" in mapping.columns or "name" in mapping.columns)


@dataclass(frozen=True)
class HeaderMatch:
    row_index: int  # 0-based index in the rows given (Excel row = index + 1 for a full sheet)
    mapping: ColumnMapping


def find_header(rows: Sequence[Sequence[Cell]]) -> HeaderMatch | None:
    """The row among the first 20 that maps the most fields (the earliest on a tie)."""
    best: HeaderMatch | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping = map_header_row(row)
        if not is_recognisable(mapping):
            continue
        if best is None or len(mapping.columns) > len(best.mapping.columns):
            best = HeaderMatch(index, mapping)
    return best


def is_column_numbering_row(row: Sequence[Cell]) -> bool:
    """The "1 2 3 4 ..." row government forms put under the header."""
    numbers: list[int] = []
    for cell in row:
        if cell == "" or cell is None:
            continue
        if isinstance(cell, bool):
            return False
        if isinstance(cell, int | float) and float(cell).is_integer():
            numbers.append(int(cell))
        elif isinstance(cell, str) and cell.strip().isdigit():
            numbers.append(int(cell.strip()))
        else:
            return False
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def cell_text(cell: Cell) -> str:
    """How a cell reads on screen, for previews and messages."""
    if isinstance(cell, bool):
        return "BENAR" if cell else "SALAH"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e17 else repr(cell)
    if isinstance(cell, datetime):
        return (
            cell.strftime("%d-%m-%Y %H:%M") if cell.time() != time() else cell.strftime("%d-%m-%Y")
        )
    if isinstance(cell, date):
        return cell.strftime("%d-%m-%Y")
    if isinstance(cell, time | timedelta):
        return str(cell)
    return str(cell)
