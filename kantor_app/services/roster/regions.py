"""The Kemendagri region table the roster checks and pickers use."""

from __future__ import annotations

from functools import cache

from kantor_app.domain.wilayah import RegionTable
from kantor_app.resources import resource_path


@cache
def region_table() -> RegionTable:
    """The Kemendagri table shipped with the program (read once)."""
    return RegionTable.from_csv_dir(resource_path("wilayah"))
