from __future__ import annotations

import pytest

from kantor_app.domain.wilayah import RegionTable, compact, dotted


def test_real_table_counts(regions: RegionTable) -> None:
    codes = regions.regency_codes_for_nik()
    assert len(codes) == 514 + 31
    assert {"64.72", "65.71", "64.73", "64.04", "64.06"} <= codes
    assert len(regions.districts_of("64.72")) == 10
    assert sum(len(regions.villages_of(code)) for code, _ in regions.districts_of("64.72")) == 59


def test_names(regions: RegionTable) -> None:
    assert regions.regency_name("64.72") == "Kota Samarinda"
    assert regions.regency_name("6571") == "Kota Tarakan"
    assert regions.regency_name("64.73") == "Kota Tarakan"
    assert regions.regency_name("99.99") is None
    assert regions.province_name("65") == "Kalimantan Utara"
    assert regions.districts_of("64.72")[0] == ("64.72.01", "Palaran")


def test_compact_and_dotted() -> None:
    assert compact("64.72.01") == "647201"
    assert dotted("647201") == "64.72.01"
    assert dotted("6472011001") == "64.72.01.1001"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kab. Nunukan", "65.03"),
        ("Kabupaten Nunukan", "65.03"),
        ("Nunukan", "65.03"),
        ("  KAB  NUNUKAN ", "65.03"),
        ("Kota Tarakan", "65.71"),
        ("Tarakan", "65.71"),
        ("kota samarinda", "64.72"),
        ("Kutai Kartanegara", "64.02"),
        ("Kab. Penajam Paser Utara", "64.09"),
        ("Kota Bandung", "32.73"),
        ("Kab. Bandung", "32.04"),
        ("Bandung", None),  # ambiguous outside Kaltim/Kaltara
        ("Kota Nunukan", None),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_find_regency(regions: RegionTable, name: str, code: str | None) -> None:
    assert regions.find_regency(name) == code


def test_find_regency_prefers_home_provinces() -> None:
    table = RegionTable(
        provinces=[("64", "Kalimantan Timur"), ("32", "Jawa Barat")],
        regencies=[
            ("32.09", "32", "Kabupaten", "Kabupaten Berau"),
            ("64.03", "64", "Kabupaten", "Kabupaten Berau"),
        ],
    )
    assert table.find_regency("Berau") == "64.03"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Sungai Kunjang", "64.72.06"),
        ("Kec. Sungai Kunjang", "64.72.06"),
        ("KECAMATAN  sungai-kunjang", "64.72.06"),
        ("Palaran", "64.72.01"),
        ("Balikpapan Kota", None),
    ],
)
def test_find_district(regions: RegionTable, name: str, code: str | None) -> None:
    assert regions.find_district("64.72", name) == code


def test_find_district_name_starting_with_kota(regions: RegionTable) -> None:
    assert regions.find_district("64.02", "Kota Bangun") == "64.02.08"
    assert regions.find_district("64.02", "Kec. Kota Bangun Darat") == "64.02.19"


def test_find_village(regions: RegionTable) -> None:
    assert regions.find_village("64.72.01", "Rawa Makmur") == "64.72.01.1001"
    assert regions.find_village("64.72.01", "Kel. Rawa Makmur") == "64.72.01.1001"
    assert regions.find_village("64.72.01", "kelurahan  RAWA  makmur") == "64.72.01.1001"
    assert regions.find_village("64.72", "Handil Bakti") == "64.72.01.1002"
    assert regions.find_village("64.72.01", "Desa Tidak Ada") is None


def test_find_village_in_regency_ambiguous_gives_none() -> None:
    table = RegionTable(
        provinces=[("65", "Kalimantan Utara")],
        regencies=[("65.03", "65", "Kabupaten", "Kabupaten Nunukan")],
        districts=[("65.03.01", "65.03", "A"), ("65.03.02", "65.03", "B")],
        villages=[
            ("65.03.01.2001", "65.03.01", "Desa", "Sungai Limau"),
            ("65.03.02.2001", "65.03.02", "Desa", "Sungai Limau"),
        ],
    )
    assert table.find_village("65.03", "Desa Sungai Limau") is None
    assert table.find_village("65.03.02", "Desa Sungai Limau") == "65.03.02.2001"
