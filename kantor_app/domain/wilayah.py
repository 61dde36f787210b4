"""Kemendagri region codes (wilayah): lookups and tolerant name matching.

Codes are kept in the dotted form ("64.72.01"); ``compact`` gives the form
that appears at the start of a NIK ("647201").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kantor_app.domain.textnorm import clean_name, fold

# Positional column order of tuple rows: the same as the CSV files, so a row
# read with csv.reader and one read with csv.DictReader mean the same thing.
PROVINCE_COLUMNS = ("kode", "nama")
REGENCY_COLUMNS = ("kode", "kode_provinsi", "jenis", "nama")
HISTORIC_REGENCY_COLUMNS = (
    "kode",
    "kode_provinsi_lama",
    "nama_provinsi_lama",
    "nama",
    "dipindah_sejak",
)
DISTRICT_COLUMNS = ("kode", "kode_kabupaten", "nama")
VILLAGE_COLUMNS = ("kode", "kode_kecamatan", "jenis", "nama")

Row = Mapping[str, str] | Sequence[str]

# Bare names of these provinces win when a regency name is ambiguous: the app
# serves Kalimantan Timur and Kalimantan Utara.
HOME_PROVINCES = ("64", "65")

_REGENCY_PREFIXES: dict[str, str] = {
    "kabupaten": "Kabupaten",
    "kab": "Kabupaten",
    "kota": "Kota",
    "kotamadya": "Kota",
    "kodya": "Kota",
    "kotamadia": "Kota",
}
_DISTRICT_PREFIXES = ("kecamatan", "kec", "kac")
_VILLAGE_PREFIXES = ("kelurahan", "kel", "desa adat", "desa", "ds", "kampung", "kampong")


def compact(code: str) -> str:
    """Dot-less code: "64.72.01" -> "647201"."""
    return code.replace(".", "")


def dotted(code: str) -> str:
    """Dotted code from either form: "647201" -> "64.72.01", "6472011001" -> "64.72.01.1001"."""
    digits = compact(code.strip())
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:]]
    return ".".join(part for part in parts if part)


def _strip_prefixes(key: str, prefixes: Iterable[str]) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
                key = key[len(prefix) + 1 :]
                changed = True
    return key


def _as_dict(row: Row, columns: Sequence[str]) -> dict[str, str]:
    if isinstance(row, Mapping):
        return {key: str(value) for key, value in row.items()}
    return {column: str(value) for column, value in zip(columns, row, strict=False)}


@dataclass(frozen=True)
class Regency:
    code: str
    province_code: str
    kind: str  # "Kabupaten" or "Kota"
    name: str  # full name as published, e.g. "Kota Samarinda"


class RegionTable:
    """In-memory table of provinces, regencies, districts (kecamatan) and villages."""

    def __init__(
        self,
        provinces: Iterable[Row],
        regencies: Iterable[Row],
        districts: Iterable[Row] = (),
        villages: Iterable[Row] = (),
        historic_regencies: Iterable[Row] = (),
    ) -> None:
        self._provinces: dict[str, str] = {}
        for row in provinces:
            d = _as_dict(row, PROVINCE_COLUMNS)
            self._provinces[d["kode"]] = clean_name(d["nama"])

        self._regencies: dict[str, Regency] = {}
        for row in regencies:
            d = _as_dict(row, REGENCY_COLUMNS)
            code = dotted(d["kode"])
            name = clean_name(d["nama"])
            kind = d.get("jenis") or ("Kota" if int(code[3:5]) >= 71 else "Kabupaten")
            self._regencies[code] = Regency(code, code[:2], kind, name)

        self._historic: dict[str, str] = {}
        for row in historic_regencies:
            d = _as_dict(row, HISTORIC_REGENCY_COLUMNS)
            self._historic[dotted(d["kode"])] = clean_name(d["nama"])

        self._districts: dict[str, str] = {}
        self._districts_by_regency: dict[str, list[tuple[str, str]]] = {}
        for row in districts:
            d = _as_dict(row, DISTRICT_COLUMNS)
            code = dotted(d["kode"])
            name = clean_name(d["nama"])
            self._districts[code] = name
            self._districts_by_regency.setdefault(code[:5], []).append((code, name))

        self._villages: dict[str, str] = {}
        self._villages_by_district: dict[str, list[tuple[str, str]]] = {}
        for row in villages:
            d = _as_dict(row, VILLAGE_COLUMNS)
            code = dotted(d["kode"])
            name = clean_name(d["nama"])
            self._villages[code] = name
            self._villages_by_district.setdefault(code[:8], []).append((code, name))

        for listing in (*self._districts_by_regency.values(), *self._villages_by_district.values()):
            listing.sort()
        self._nik_codes = frozenset(self._regencies) | frozenset(self._historic)

    @classmethod
    def from_csv_dir(cls, path: Path) -> RegionTable:
        """Read provinces/regencies/regencies_historic/districts/villages.csv from ``path``."""

        def rows(name: str) -> list[dict[str, str]]:
            file = path / name
            if not file.exists():
                return []
            with file.open(encoding="utf-8-sig", newline="") as handle:
                return list(csv.DictReader(handle))

        return cls(
            provinces=rows("provinces.csv"),
            regencies=rows("regencies.csv"),
            districts=rows("districts.csv"),
            villages=rows("villages.csv"),
            historic_regencies=rows("regencies_historic.csv"),
        )

    # --- codes and names -------------------------------------------------

    def regency_codes_for_nik(self) -> frozenset[str]:
        """Current and historic regency codes, dotted; what a NIK may start with."""
        return self._nik_codes

    def province_name(self, code: str) -> str | None:
        return self._provinces.get(compact(code))

    def regency(self, code: str) -> Regency | None:
        return self._regencies.get(dotted(code))

    def regencies(self, province_code: str | None = None) -> list[Regency]:
        return [
            r
            for code, r in sorted(self._regencies.items())
            if province_code is None or r.province_code == compact(province_code)
        ]

    def regency_name(self, code: str) -> str | None:
        """Name of a current regency, or of a historic code (the name it had then)."""
        key = dotted(code)
        current = self._regencies.get(key)
        if current is not None:
            return current.name
        return self._historic.get(key)

    def district_name(self, code: str) -> str | None:
        return self._districts.get(dotted(code))

    def village_name(self, code: str) -> str | None:
        return self._villages.get(dotted(code))

    def districts_of(self, regency_code: str) -> list[tuple[str, str]]:
        return list(self._districts_by_regency.get(dotted(regency_code), []))

    def villages_of(self, district_code: str) -> list[tuple[str, str]]:
        return list(self._villages_by_district.get(dotted(district_code), []))

    # --- matching names typed by people ------------------------------------

    def find_regency(self, name: str) -> str | None:
        """Code of a current regency from "Kab. Nunukan", "Kota Tarakan", "Nunukan"...

        A bare name shared by several regencies resolves to the one in
        Kaltim/Kaltara; otherwise an ambiguous name gives None.
        """
        key = fold(name)
        if not key:
            return None
        kind: str | None = None
        first, _, rest = key.partition(" ")
        if first in _REGENCY_PREFIXES and rest:
            kind = _REGENCY_PREFIXES[first]
            key = rest
        candidates = [
            r
            for r in self._regencies.values()
            if (kind is None or r.kind == kind) and self._regency_key(r) == key
        ]
        if len(candidates) > 1:
            home = [r for r in candidates if r.province_code in HOME_PROVINCES]
            candidates = home or candidates
        return candidates[0].code if len(candidates) == 1 else None

    @staticmethod
    def _regency_key(regency: Regency) -> str:
        key = fold(regency.name)
        first, _, rest = key.partition(" ")
        return rest if first in _REGENCY_PREFIXES and rest else key

    def find_district(self, regency_code: str, name: str) -> str | None:
        """Code of the kecamatan named ``name`` in a regency ("Kec. Sungai Kunjang")."""
        return _match(self.districts_of(regency_code), name, _DISTRICT_PREFIXES)

    def find_village(self, district_code_or_regency: str, name: str) -> str | None:
        """Code of a desa/kelurahan in a kecamatan, or anywhere in a regency.

        Searching a whole regency returns None when the name occurs in more
        than one kecamatan; the caller should then ask for the kecamatan.
        """
        code = dotted(district_code_or_regency)
        if len(code) == 5:
            options = [
                village
                for district, _ in self.districts_of(code)
                for village in self.villages_of(district)
            ]
        else:
            options = self.villages_of(code)
        return _match(options, name, _VILLAGE_PREFIXES)


def _match(options: Sequence[tuple[str, str]], name: str, prefixes: Sequence[str]) -> str | None:
    key = fold(name)
    if not key:
        return None
    exact = [code for code, option in options if fold(option) == key]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    # Prefixes are stripped on both sides: stored names rarely carry them,
    # but a name like "Kota Bangun" must still match itself (done above).
    stripped = _strip_prefixes(key, prefixes)
    loose = [
        code for code, option in options if _strip_prefixes(fold(option), prefixes) == stripped
    ]
    return loose[0] if len(loose) == 1 else None
