"""One accepted row, as the writers take it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, NamedTuple

from kantor_app.store.sqlite_bulk import WORKER_ROW_COLUMNS as ROW_COLUMNS

# Worker columns an import compares and may change (besides name_key), in the
# order of Record.fields: the writer process's row columns less the keys.
COMPARED = tuple(c for c in ROW_COLUMNS if c not in ("id", "nik", "name_key"))


class Record(NamedTuple):
    nik: str
    row: int
    # The COMPARED values in that order; "" (texts) or None (codes, income,
    # segment) where the file gives nothing. A plain tuple: no dict per row.
    # The birth date is ISO text, as SQLite stores it and as cheap to send
    # to the writer process as any string (date objects pickle slowly).
    fields: tuple[Any, ...]
    program_id: uuid.UUID | None

    @property
    def values(self) -> dict[str, Any]:
        """Only what the file provides (mapped, non-empty), plus warnings."""
        (
            name,
            birth,
            gender,
            address,
            regency,
            district,
            village,
            occupation,
            phone,
            income,
            segment,
            warnings,
        ) = self.fields
        values: dict[str, Any] = {
            "name": name,
            "birth_date": date.fromisoformat(birth) if birth else None,
            "gender": gender,
        }
        for key, value in (("address", address), ("occupation", occupation), ("phone", phone)):
            if value:
                values[key] = value
        for key, value in (
            ("income", income),
            ("segment", segment),
            ("regency_code", regency),
            ("district_code", district),
            ("village_code", village),
        ):
            if value is not None:
                values[key] = value
        values["warnings"] = warnings
        return values


# (regency, district, village codes, warnings) of one combination of region cells.
RegionCodes = tuple[str | None, str | None, str | None, tuple[str, ...]]
