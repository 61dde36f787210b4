"""Turning one raw roster row into a record or a rejection."""

from __future__ import annotations

import uuid
from datetime import date

from kantor_app.domain.dates import parse_date
from kantor_app.domain.gender import parse_gender
from kantor_app.domain.money import parse_rupiah
from kantor_app.domain.nik import NikError, NikInfo, birth_from_nik, clean_nik_text, parse_nik
from kantor_app.domain.textnorm import fold
from kantor_app.domain.wilayah import RegionTable
from kantor_app.services.roster.importing.cells import (
    REJECTION_MESSAGES,
    SEGMENT_WORDS,
    UNSEEN,
    Rejected,
    as_text,
    cells_getter,
    clean,
    normal_phone,
    numeric_nik,
)
from kantor_app.services.roster.importing.columns import FIELD_LABELS, ColumnMapping
from kantor_app.services.roster.importing.record import Record, RegionCodes
from kantor_app.services.roster.importing.region_lookup import RegionLookup
from kantor_app.services.spreadsheets.column_letter import column_letter
from kantor_app.services.spreadsheets.reader import Cell


class RowChecker:
    """Turns one raw row into a record or a rejection, column by column."""

    def __init__(
        self,
        mapping: ColumnMapping,
        headers: list[str],
        regions: RegionTable,
        programs: dict[str, uuid.UUID],
        today: date,
    ) -> None:
        self.m = mapping
        self.headers = headers
        self.regions = RegionLookup(regions)
        self.codes = regions.regency_codes_for_nik()
        self.programs = programs
        self.today = today
        self.numeric_verdict: str | None = None  # None, "exact" or "rounded" (DOMAIN.md §0)
        self._gender_memo: dict[str, str | None] = {}
        self._region_memo: dict[tuple[tuple[Cell, ...], str], RegionCodes] = {}
        # The fast path for plain 16-digit text NIKs: regency by its 4 digits,
        # birth date and gender remembered per DDMMYY.
        self._regency_of = {code.replace(".", ""): code for code in self.codes}
        self._born_memo: dict[str, tuple[date, str, str] | None] = {}
        self._occupation_memo: dict[str, str] = {}
        self.nik_col = mapping.columns["nik"]
        self.name_col = mapping.columns["name"]
        self.regency_col = mapping.columns.get("regency")
        self.district_col = mapping.columns.get("district")
        self.village_col = mapping.columns.get("village")
        # Column positions looked up once, not per row.
        self.birth_col = mapping.columns.get("birth_date")
        self.gender_col = mapping.columns.get("gender")
        self.address_col = mapping.columns.get("address")
        self.occupation_col = mapping.columns.get("occupation")
        self.phone_col = mapping.columns.get("phone")
        self.income_col = mapping.columns.get("income")
        self.segment_col = mapping.columns.get("segment")
        self.program_col = mapping.columns.get("funding_program")
        self._region_cells = cells_getter((self.regency_col, self.district_col, self.village_col))

    def where(self, field_name: str) -> str:
        column = self.m.columns[field_name]
        header = self.headers[column] if column < len(self.headers) else ""
        label = header or FIELD_LABELS[field_name]
        return f"Kolom {column_letter(column)} ({label})"

    def reject(self, field_name: str, code: str, detail: str | None = None) -> Rejected:
        message = detail or REJECTION_MESSAGES[code]
        column = column_letter(self.m.columns[field_name])
        return Rejected(column, code, f"{self.where(field_name)}: {message}")

    # -- NIK ------------------------------------------------------------------------------

    def nik(self, cell: Cell) -> NikInfo:
        if type(cell) is str:
            raw = cell.strip()
            digits = (
                raw if len(raw) == 16 and raw.isdigit() and raw.isascii() else clean_nik_text(raw)
            )
        elif isinstance(cell, bool) or not isinstance(cell, int | float):
            digits = clean_nik_text(as_text(cell))
        else:
            number = numeric_nik(cell)
            if number is None:
                raise self.reject("nik", NikError.NIK_FORMAT.value)
            if number % 10 == 0 and self.numeric_verdict == "rounded":
                raise self.reject("nik", NikError.NIK_ROUNDED.value)
            digits = str(number)
        result = parse_nik(digits, self.codes, self.today)
        if isinstance(result, NikError):
            raise self.reject("nik", result.value)
        return result

    def _born(self, ddmmyy: str) -> tuple[date, str, str] | None:
        """(birth date, gender, ISO date) of NIK digits 7-12, remembered per DDMMYY."""
        found = birth_from_nik(f"000000{ddmmyy}", self.today)
        born = (found[0], found[1], found[0].isoformat()) if found is not None else None
        self._born_memo[ddmmyy] = born
        return born

    # -- the rest -------------------------------------------------------------------------

    def check(self, row: list[Cell], excel_row: int) -> Record:  # noqa: C901, PLR0912, PLR0915
        """The row's record, or Rejected.

        Deliberately one long function: the per-field steps are inlined and
        their memos read directly, because this runs once per row and calls
        cost measurably at 100,000 rows (benchmarks/bench_roster_import.py).
        """
        nik_cell = row[self.nik_col]
        if (
            type(nik_cell) is str
            and len(nik_cell) == 16
            and nik_cell.isdigit()
            and nik_cell.isascii()
        ):
            # The common case, 16 digits as text: parse_nik's checks in its
            # order (region, birth date, serial) with the parts remembered.
            nik = nik_cell
            nik_regency = self._regency_of.get(nik[:4])
            if nik_regency is None:
                raise self.reject("nik", NikError.NIK_REGION.value)
            ddmmyy = nik[6:12]
            born = self._born_memo.get(ddmmyy, UNSEEN)
            if born is UNSEEN:
                born = self._born(ddmmyy)
            if born is None:
                raise self.reject("nik", NikError.NIK_BIRTHDATE.value)
            if nik[12:] == "0000":
                raise self.reject("nik", NikError.NIK_SERIAL.value)
            nik_birth, nik_gender, nik_iso = born
        else:
            info = self.nik(nik_cell)
            nik, nik_regency = info.nik, info.regency_code
            nik_birth, nik_gender = info.birth_date, info.gender
            nik_iso = nik_birth.isoformat()
        name_cell = row[self.name_col]
        name = clean(name_cell) if type(name_cell) is str else ""
        if not name or (
            not name.replace(" ", "").isalpha() and not any(ch.isalpha() for ch in name)
        ):
            raise self.reject("name", "name_missing")
        name = name[:200]
        warnings: list[str] = []

        # Dates travel as ISO text, SQLite's storage format (see Record).
        birth_iso = nik_iso
        column = self.birth_col
        if column is not None:
            cell = row[column]
            birth: date | None = None
            if type(cell) is date:
                birth = cell
            elif cell != "":
                try:
                    birth = parse_date(cell)
                except ValueError as exc:
                    raise self.reject("birth_date", "birthdate_invalid", str(exc)) from None
            if birth is not None and birth != nik_birth:
                if birth > self.today:
                    raise self.reject(
                        "birth_date",
                        "birthdate_invalid",
                        "Tanggal lahir ada di masa depan.",
                    )
                birth_iso = birth.isoformat()
                if (birth.day, birth.month, birth.year % 100) != (
                    nik_birth.day,
                    nik_birth.month,
                    nik_birth.year % 100,
                ):
                    warnings.append("birthdate_mismatch")

        gender = nik_gender
        column = self.gender_col
        if column is not None and row[column] != "":
            cell = row[column]
            parsed = self._gender_memo.get(cell, UNSEEN) if type(cell) is str else UNSEEN
            if parsed is UNSEEN:
                parsed = self._gender(cell)
            if parsed is None:
                warnings.append("gender_invalid")
            else:
                if parsed != nik_gender:
                    warnings.append("gender_mismatch")
                gender = parsed

        address = ""
        column = self.address_col
        if column is not None:
            cell = row[column]
            address = (clean(cell) if type(cell) is str else clean(as_text(cell)))[:500]
        occupation = ""
        column = self.occupation_col
        if column is not None:
            cell = row[column]
            # Few distinct occupations: each cleaned once.
            found = self._occupation_memo.get(cell) if type(cell) is str else None
            if found is None:
                found = clean(as_text(cell))[:120]
                if type(cell) is str and len(self._occupation_memo) < 10_000:
                    self._occupation_memo[cell] = found
            occupation = found
        phone = ""
        column = self.phone_col
        if column is not None:
            cell = row[column]
            if type(cell) is str:
                phone = clean(cell)[:40]
            elif cell != "":
                phone = normal_phone(cell)[:40]
        income: int | None = None
        column = self.income_col
        if column is not None and row[column] != "":
            cell = row[column]
            if type(cell) is float and cell.is_integer() and cell >= 0:
                income = int(cell)
            else:
                try:
                    amount = parse_rupiah(cell)
                    if amount < 0:
                        raise ValueError
                    income = amount
                except ValueError:
                    warnings.append("income_invalid")
        segment: str | None = None
        column = self.segment_col
        if column is not None and row[column] != "":
            segment = SEGMENT_WORDS.get(fold(as_text(row[column])))
            if segment is None:
                warnings.append("segment_unknown")

        memo_key = (self._region_cells(row), nik_regency)
        region = self._region_memo.get(memo_key)
        if region is None:
            region = self.regions.region(memo_key[0], nik_regency)
            self._region_memo[memo_key] = region
        regency, district, village, region_warnings = region
        if region_warnings:
            warnings.extend(region_warnings)

        program_id: uuid.UUID | None = None
        column = self.program_col
        if column is not None and row[column] != "":
            program_id = self.programs.get(fold(as_text(row[column])))
            if program_id is None:
                warnings.append("program_unknown")

        return Record(
            nik,
            excel_row,
            (
                name,
                birth_iso,
                gender,
                address,
                regency,
                district,
                village,
                occupation,
                phone,
                income,
                segment,
                "\n".join(warnings) if warnings else "",
            ),
            program_id,
        )

    def _gender(self, cell: Cell) -> str | None:
        key = cell if type(cell) is str else as_text(cell)
        if key not in self._gender_memo:
            try:
                self._gender_memo[key] = parse_gender(key)
            except ValueError:
                self._gender_memo[key] = None
        return self._gender_memo[key]
