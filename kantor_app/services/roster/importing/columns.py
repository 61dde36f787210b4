"""The roster's fields, their header names, and which column holds which field.

Header matching itself (keys, the header row search) is the shared
spreadsheets framework's; this module holds the roster's vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kantor_app.services.spreadsheets.headers import find_header_row
from kantor_app.services.spreadsheets.mapping import HeaderNames
from kantor_app.services.spreadsheets.reader import Cell

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


def _known_beginning(key: str) -> str | None:
    """ "NIK Calon Peserta", "Nama Lengkap Sesuai KTP": known beginnings."""
    if key.startswith("nik") and len(key) <= 20:
        return "nik"
    if key.startswith(("namalengkap", "namapeserta")):
        return "name"
    return None


_HEADERS = HeaderNames(_SYNONYMS, _known_beginning)


def field_for_header(cell: Cell) -> str | None:
    """The roster field a header cell names, or None."""
    return _HEADERS.field_for(cell)


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


def map_header_row(row: Sequence[Cell]) -> ColumnMapping:
    """Mapping from one candidate header row; the first column wins for a field."""
    return ColumnMapping(_HEADERS.map_row(row))


def is_recognisable(mapping: ColumnMapping) -> bool:
    """A header names the NIK or the name and at least one other field."""
    return _recognisable(mapping.columns)


def _recognisable(columns: dict[str, int]) -> bool:
    return len(columns) >= 2 and ("nik" in columns or "name" in columns)


@dataclass(frozen=True)
class HeaderMatch:
    row_index: int  # 0-based index in the rows given (Excel row = index + 1 for a full sheet)
    mapping: ColumnMapping


def find_header(rows: Sequence[Sequence[Cell]]) -> HeaderMatch | None:
    """The row among the first 20 that maps the most roster fields (the earliest on a tie)."""
    found = find_header_row(rows, _HEADERS.map_row, _recognisable)
    return None if found is None else HeaderMatch(found.index, ColumnMapping(found.columns))
