"""The Region table as the demo generator needs it: Kaltim/Kaltara places and NIK codes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from kantor_app.services.demo import words
from kantor_app.services.errors import ServiceError
from kantor_app.store.models import Region

_HOME_PROVINCES = ("64", "65")


@dataclass
class DemoRegions:
    """The Region table as the generator needs it."""

    regency_names: dict[str, str]  # Kaltim/Kaltara regencies, current
    districts: dict[str, list[tuple[str, str]]]  # regency -> [(code, name)]
    villages: dict[str, list[tuple[str, str]]]  # district -> [(code, name)]
    nik_codes: frozenset[str]  # every regency code a NIK may start with
    migrant_regencies: dict[str, list[str]]  # province -> regency codes


def load_regions(conn: Connection) -> DemoRegions:
    """Read the regions once; refuse a database whose Kaltim/Kaltara table is incomplete."""
    region = Region.__table__
    regency_names: dict[str, str] = {}
    districts: dict[str, list[tuple[str, str]]] = {}
    villages: dict[str, list[tuple[str, str]]] = {}
    nik_codes: set[str] = set()
    migrant: dict[str, list[str]] = {}
    query = select(
        region.c.code, region.c.level, region.c.parent_code, region.c.name, region.c.historic
    )
    for code, level, parent, name, historic in conn.execute(query):
        if level == "kabupaten":
            nik_codes.add(code)
            if historic:
                continue
            province = code[:2]
            if province in _HOME_PROVINCES:
                regency_names[code] = name
            elif province in words.MIGRANT_PROVINCE_WEIGHTS:
                migrant.setdefault(province, []).append(code)
        elif level == "kecamatan" and code[:2] in _HOME_PROVINCES:
            districts.setdefault(parent, []).append((code, name))
        elif level == "desa" and code[:2] in _HOME_PROVINCES:
            villages.setdefault(parent, []).append((code, name))
    # Database collations order dotted codes differently (PostgreSQL's locale
    # ignores the dots): sort here so every engine draws from the same lists.
    _sort_each(districts, villages, migrant)
    missing = [code for code in words.REGENCY_WEIGHTS if code not in regency_names]
    if missing or not districts:
        raise ServiceError(
            "Tabel wilayah Kalimantan Timur/Utara belum lengkap di basis data ini; "
            "jalankan migrasi terlebih dahulu.",
            code="demo_regions_missing",
        )
    return DemoRegions(regency_names, districts, villages, frozenset(nik_codes), migrant)


def _sort_each(*listings: dict[str, list[tuple[str, str]]] | dict[str, list[str]]) -> None:
    for listing in listings:
        for values in listing.values():
            values.sort()


def short_regency(name: str) -> str:
    return name.replace("Kabupaten ", "Kab. ")
