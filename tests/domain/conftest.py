from __future__ import annotations

from pathlib import Path

import pytest

from kantor_app.domain.wilayah import RegionTable

WILAYAH_DIR = Path(__file__).resolve().parents[2] / "resources" / "wilayah"


@pytest.fixture(scope="session")
def regions() -> RegionTable:
    return RegionTable.from_csv_dir(WILAYAH_DIR)


@pytest.fixture(scope="session")
def nik_codes(regions: RegionTable) -> frozenset[str]:
    return regions.regency_codes_for_nik()
