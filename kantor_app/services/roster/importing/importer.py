"""Importing a roster workbook: preview, validate, upsert by NIK, report rejects.

Two steps for the GUI: ``preview_roster`` (sheets, header row, the column
mapping and the first rows, for the user to check and correct) and
``import_roster`` (everything else). The CLI calls the same two.

Speed matters (100,000-row files from provincial agencies): rows stream from
calamine through a per-column plan of small functions; values that repeat
(gender, region names) are resolved once per distinct text; existing workers
are fetched per chunk of NIKs, and new ones go in with Core ``executemany``,
never as ORM objects. Every write happens in one transaction, so a crash, a
kill or Cancel leaves the database as it was.
"""

from __future__ import annotations

import json
import logging
import math
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, text, update

from kantor_app.domain.dates import parse_date
from kantor_app.domain.gender import parse_gender
from kantor_app.domain.money import parse_rupiah
from kantor_app.domain.nik import (
    NIK_ERROR_MESSAGES,
    NikError,
    NikInfo,
    birth_from_nik,
    clean_nik_text,
    parse_nik,
)
from kantor_app.domain.textnorm import clean_name, fold
from kantor_app.domain.wilayah import RegionTable
from kantor_app.resources import resource_path
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.roster.importing.bulk_child import (
    NAME_KEY_POSITION,
    NIK_POSITION,
    ROW_COLUMNS,
    insert_row,
    insert_sql,
    name_key,
)
from kantor_app.services.roster.importing.bulk_child import TimeOrderedIds as _TimeOrderedIds
from kantor_app.services.roster.importing.bulk_writer import BulkWriterProcess
from kantor_app.services.roster.importing.columns import (
    FIELD_LABELS,
    HEADER_SEARCH_ROWS,
    ColumnMapping,
    HeaderMatch,
    find_header,
    is_column_numbering_row,
)
from kantor_app.services.roster.warnings import WARNING_MESSAGES
from kantor_app.services.spreadsheets.cell_text import cell_text
from kantor_app.services.spreadsheets.column_letter import column_letter
from kantor_app.services.spreadsheets.error_workbook import ErrorWorkbook, save_error_workbook
from kantor_app.services.spreadsheets.reader import Cell, SheetRows, Workbook, open_workbook
from kantor_app.services.spreadsheets.rejections import Rejection
from kantor_app.services.spreadsheets.results import ImportCounts
from kantor_app.store.engine import Database, sqlite_path
from kantor_app.store.models import AuditEvent, FundingMember, FundingProgram, Worker

log = logging.getLogger(__name__)

_WORKER = cast(Table, Worker.__table__)
_AUDIT = cast(Table, AuditEvent.__table__)
_MEMBER = cast(Table, FundingMember.__table__)
_PROGRAM = cast(Table, FundingProgram.__table__)

Progress = Callable[[int, int, str], None]

# Rejection codes (stable: scripts read them from --json) and their messages.
REJECTION_MESSAGES: dict[str, str] = {
    **{code.value: message for code, message in NIK_ERROR_MESSAGES.items()},
    "name_missing": "Nama kosong atau tidak berisi huruf.",
    "duplicate_in_file": "NIK sudah muncul di baris sebelumnya dalam berkas ini.",
    "birthdate_invalid": "Tanggal lahir tidak valid.",
}

CHUNK = 900  # NIKs per IN (...) query: below SQLite's old 999-variable limit
PROGRESS_EVERY = 1000
SQLITE_IMPORT_CACHE_KB = 65536
# Large imports into an empty SQLite roster insert in a child process (see
# roster_bulk_child), overlapping SQLite's work with reading and checking.
# The file size decides whether to start it early (while the sheet loads);
# the row count and mapping then decide whether it is used.
CHILD_WRITER_MIN_BYTES = 1_500_000
CHILD_WRITER_MIN_ROWS = 20_000
CHILD_SEND_ROWS = 2000

# Worker columns an import compares and may change (besides name_key), in the
# order of _Record.fields: the writer process's row columns less the keys.
_COMPARED = tuple(c for c in ROW_COLUMNS if c not in ("id", "nik", "name_key"))
_TEXT_LIMITS = {"name": 200, "address": 500, "occupation": 120, "phone": 40}
_SEGMENT_WORDS = {
    "pu": "PU",
    "penerima upah": "PU",
    "bpu": "BPU",
    "bukan penerima upah": "BPU",
    "informal": "BPU",
    "jakon": "JAKON",
    "jasa konstruksi": "JAKON",
    "konstruksi": "JAKON",
    "rentan": "RENTAN",
    "pekerja rentan": "RENTAN",
}


# --- results ---------------------------------------------------------------------


@dataclass
class RosterPreview:
    """What the import dialog shows before importing."""

    file: Path
    sheet_names: list[str]
    sheet: str
    header_row: int | None  # Excel row number; None when no header was recognised
    headers: list[str]  # text of the header row, one per column (all "" without header)
    mapping: ColumnMapping
    rows: list[list[Cell]]  # the first data rows, raw cells
    row_numbers: list[int]  # Excel row number of each of ``rows``
    width: int  # number of columns

    def column_title(self, column: int) -> str:
        """ "B · Nama Lengkap" for a column picker."""
        header = self.headers[column] if column < len(self.headers) else ""
        return f"{column_letter(column)} · {header}" if header else column_letter(column)

    def text_rows(self) -> list[list[str]]:
        return [[cell_text(c) for c in row] for row in self.rows]


@dataclass
class ImportResult(ImportCounts):
    """The shared counts, plus the roster's header row and its warnings (rows kept anyway)."""

    header_row: int = 0
    warnings: int = 0  # rows imported with at least one warning
    warning_rows: list[Rejection] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        """The CLI's --json object."""
        return {**super().as_json(), "header_row": self.header_row, "warnings": self.warnings}


# --- preview -----------------------------------------------------------------------


@cache
def _default_regions() -> RegionTable:
    return RegionTable.from_csv_dir(resource_path("wilayah"))


def _locate(
    book: Workbook, sheet: str | None
) -> tuple[SheetRows, list[list[Cell]], HeaderMatch | None]:
    """The sheet to read, its first rows, and the header found there (or None)."""
    if sheet is not None:
        rows = book.sheet(sheet)
        head = _take(rows, HEADER_SEARCH_ROWS)
        return rows, head, find_header(head)
    first: tuple[SheetRows, list[list[Cell]]] | None = None
    all_empty = True
    for name in book.sheet_names:
        rows = book.sheet(name)
        if rows.is_empty:
            continue
        all_empty = False
        head = _take(rows, HEADER_SEARCH_ROWS)
        match = find_header(head)
        if match is not None:
            return rows, head, match
        if first is None:
            first = (rows, head)
    if all_empty:
        raise ServiceError(
            f"Buku kerja '{book.path.name}' kosong: tidak ada data di lembar mana pun."
        )
    assert first is not None
    return first[0], first[1], None


def _take(rows: SheetRows, count: int) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for row in rows:
        out.append(row)
        if len(out) >= count:
            break
    return out


def preview_roster(path: str | Path, sheet: str | None = None, rows: int = 20) -> RosterPreview:
    """Sheets, the chosen sheet, its header row and mapping, and the first ``rows`` data rows."""
    file = Path(path)
    with open_workbook(file) as book:
        sheet_rows, head, match = _locate(book, sheet)
        if match is None:
            header_index = -1
            mapping = ColumnMapping()
            headers = [""] * sheet_rows.width
        else:
            header_index = match.row_index
            mapping = match.mapping
            headers = [cell_text(c).strip() for c in head[header_index]]
        data: list[list[Cell]] = []
        numbers: list[int] = []
        for index, row in enumerate(sheet_rows):
            if index <= header_index:
                continue
            if index == header_index + 1 and is_column_numbering_row(row):
                continue
            if all(c == "" for c in row):
                continue
            data.append(row)
            numbers.append(index + 1)
            if len(data) >= rows:
                break
        return RosterPreview(
            file=file,
            sheet_names=list(book.sheet_names),
            sheet=sheet_rows.name,
            header_row=None if match is None else header_index + 1,
            headers=headers,
            mapping=mapping,
            rows=data,
            row_numbers=numbers,
            width=sheet_rows.width,
        )


# --- the per-column plan ----------------------------------------------------------------


class _Rejected(Exception):
    def __init__(self, column: str, code: str, message: str) -> None:
        super().__init__(code)
        self.column = column
        self.code = code
        self.message = message


def _text(cell: Cell) -> str:
    if type(cell) is str:
        return cell
    if cell == "" or cell is None:
        return ""
    return cell_text(cell)


def _clean(value: str) -> str:
    """``clean_name`` with a fast path for text that is already clean (most cells)."""
    if value.isascii() and value.isprintable() and "  " not in value and value.strip() == value:
        # Printable ASCII has no tabs, newlines, NBSP or zero-width spaces.
        return value
    return clean_name(value)


def _numeric_nik(cell: Cell) -> int | None:
    """The integer of a numeric NIK cell with 16 digits, else None."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return None
    if isinstance(cell, float) and (not math.isfinite(cell) or not cell.is_integer()):
        return None
    number = int(cell)
    return number if 10**15 <= number < 10**16 else None


def _normal_phone(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer() and cell > 0:
        digits = str(int(cell))
        # A phone stored as a number lost its leading 0 ("812..." for "0812...").
        return "0" + digits if digits.startswith("8") else digits
    return _clean(_text(cell))


class _Record(NamedTuple):
    nik: str
    row: int
    # The _COMPARED values in that order; "" (texts) or None (codes, income,
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
_Region = tuple[str | None, str | None, str | None, tuple[str, ...]]
_UNSEEN: Any = object()  # a memo's "not looked up yet", where None is a real answer


def _cells_getter(columns: tuple[int | None, ...]) -> Callable[[list[Cell]], tuple[Cell, ...]]:
    """The cells of ``columns`` of a row as one tuple, "" for a column not in the file."""
    present = [c for c in columns if c is not None]
    if len(present) == len(columns) > 1:
        return cast(Callable[[list[Cell]], tuple[Cell, ...]], itemgetter(*present))
    return lambda row: tuple(row[c] if c is not None else "" for c in columns)


class _RowChecker:
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
        self.regions = regions
        self.codes = regions.regency_codes_for_nik()
        self.programs = programs
        self.today = today
        self.numeric_verdict: str | None = None  # None, "exact" or "rounded" (DOMAIN.md §0)
        self._gender_memo: dict[str, str | None] = {}
        self._region_memo: dict[tuple[tuple[Cell, ...], str], _Region] = {}
        self._regency_memo: dict[str, str | None] = {}
        # The fast path for plain 16-digit text NIKs: regency by its 4 digits,
        # birth date and gender remembered per DDMMYY.
        self._regency_of = {code.replace(".", ""): code for code in self.codes}
        self._born_memo: dict[str, tuple[date, str, str] | None] = {}
        # find_district/find_village scan and fold every name of their scope:
        # remembered per (scope, text), which repeats far more than whole rows.
        self._district_memo: dict[tuple[str, str], str | None] = {}
        self._village_memo: dict[tuple[str, str], str | None] = {}
        self._occupation_memo: dict[str, str] = {}
        self._villages_folded: dict[str, dict[str, list[str]]] = {}
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
        self._region_cells = _cells_getter((self.regency_col, self.district_col, self.village_col))

    def where(self, field_name: str) -> str:
        column = self.m.columns[field_name]
        header = self.headers[column] if column < len(self.headers) else ""
        label = header or FIELD_LABELS[field_name]
        return f"Kolom {column_letter(column)} ({label})"

    def reject(self, field_name: str, code: str, detail: str | None = None) -> _Rejected:
        message = detail or REJECTION_MESSAGES[code]
        column = column_letter(self.m.columns[field_name])
        return _Rejected(column, code, f"{self.where(field_name)}: {message}")

    # -- NIK ------------------------------------------------------------------------------

    def nik(self, cell: Cell) -> NikInfo:
        if type(cell) is str:
            raw = cell.strip()
            digits = (
                raw if len(raw) == 16 and raw.isdigit() and raw.isascii() else clean_nik_text(raw)
            )
        elif isinstance(cell, bool) or not isinstance(cell, int | float):
            digits = clean_nik_text(_text(cell))
        else:
            number = _numeric_nik(cell)
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

    def check(self, row: list[Cell], excel_row: int) -> _Record:
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
            born = self._born_memo.get(ddmmyy, _UNSEEN)
            if born is _UNSEEN:
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
        name = _clean(name_cell) if type(name_cell) is str else ""
        if not name or (
            not name.replace(" ", "").isalpha() and not any(ch.isalpha() for ch in name)
        ):
            raise self.reject("name", "name_missing")
        name = name[:200]
        warnings: list[str] = []

        # Dates travel as ISO text, SQLite's storage format (see _Record).
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
            parsed = self._gender_memo.get(cell, _UNSEEN) if type(cell) is str else _UNSEEN
            if parsed is _UNSEEN:
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
            address = (_clean(cell) if type(cell) is str else _clean(_text(cell)))[:500]
        occupation = ""
        column = self.occupation_col
        if column is not None:
            cell = row[column]
            # Few distinct occupations: each cleaned once.
            found = self._occupation_memo.get(cell) if type(cell) is str else None
            if found is None:
                found = _clean(_text(cell))[:120]
                if type(cell) is str and len(self._occupation_memo) < 10_000:
                    self._occupation_memo[cell] = found
            occupation = found
        phone = ""
        column = self.phone_col
        if column is not None:
            cell = row[column]
            if type(cell) is str:
                phone = _clean(cell)[:40]
            elif cell != "":
                phone = _normal_phone(cell)[:40]
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
            segment = _SEGMENT_WORDS.get(fold(_text(row[column])))
            if segment is None:
                warnings.append("segment_unknown")

        memo_key = (self._region_cells(row), nik_regency)
        region = self._region_memo.get(memo_key)
        if region is None:
            region = self._region(memo_key[0], nik_regency)
            self._region_memo[memo_key] = region
        regency, district, village, region_warnings = region
        if region_warnings:
            warnings.extend(region_warnings)

        program_id: uuid.UUID | None = None
        column = self.program_col
        if column is not None and row[column] != "":
            program_id = self.programs.get(fold(_text(row[column])))
            if program_id is None:
                warnings.append("program_unknown")

        return _Record(
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
        key = cell if type(cell) is str else _text(cell)
        if key not in self._gender_memo:
            try:
                self._gender_memo[key] = parse_gender(key)
            except ValueError:
                self._gender_memo[key] = None
        return self._gender_memo[key]

    def _regency_from_text(self, name: str) -> str | None:
        if name not in self._regency_memo:
            self._regency_memo[name] = self.regions.find_regency(name) if name else None
        return self._regency_memo[name]

    def _region(self, cells: tuple[Cell, ...], nik_regency: str) -> _Region:
        """Regency, district, village and warnings from the row's region cells and the NIK."""
        texts = [clean_name(_text(cell)) for cell in cells]
        return self._resolve_region(texts[0], texts[1], texts[2], nik_regency)

    def _find_district(self, regency: str, text: str) -> str | None:
        key = (regency, text)
        if key not in self._district_memo:
            self._district_memo[key] = self.regions.find_district(regency, text)
        return self._district_memo[key]

    def _find_village(self, scope: str, text: str) -> str | None:
        key = (scope, text)
        if key not in self._village_memo:
            found: str | None
            if scope.count(".") == 2:
                # find_village folds every desa name of the kecamatan on each
                # call; its exact-match step, with the names folded once per
                # kecamatan. Anything else (no or several exact matches) is
                # still decided by find_village itself.
                index = self._villages_folded.get(scope)
                if index is None:
                    index = {}
                    for code, name in self.regions.villages_of(scope):
                        index.setdefault(fold(name), []).append(code)
                    self._villages_folded[scope] = index
                codes = index.get(fold(text))
                if codes is not None and len(codes) == 1:
                    found = codes[0]
                else:
                    found = self.regions.find_village(scope, text)
            else:
                found = self.regions.find_village(scope, text)
            self._village_memo[key] = found
        return self._village_memo[key]

    def _resolve_region(
        self, regency_text: str, district_text: str, village_text: str, nik_code: str
    ) -> _Region:
        regions = self.regions
        warnings: list[str] = []
        row_regency = self._regency_from_text(regency_text) if regency_text else None
        if regency_text and row_regency is None:
            warnings.append("regency_unknown")
        nik_regency = nik_code if regions.regency(nik_code) else None
        regency = row_regency or nik_regency
        # Kecamatan and desa are looked up under the row's region, then the NIK's.
        candidates = [c for c in dict.fromkeys((row_regency, nik_regency)) if c]
        district: str | None = None
        if district_text:
            for candidate in candidates:
                district = self._find_district(candidate, district_text)
                if district is not None:
                    regency = candidate
                    break
            if district is None:
                warnings.append("district_unknown")
        village: str | None = None
        if village_text:
            scopes = [district] if district else candidates
            for scope in scopes:
                village = self._find_village(scope, village_text)
                if village is not None:
                    break
            if village is None:
                warnings.append("village_unknown")
            elif district is None:
                district = village[:8]
                regency = village[:5]
        return regency, district, village, tuple(warnings)


# --- writing ------------------------------------------------------------------------------


class _Writer:
    """Looks up existing workers per chunk and writes inserts, updates and audit rows."""

    def __init__(
        self,
        conn: Connection,
        db: Database,
        result: ImportResult,
        source: str,
        dry_run: bool,
        expected_rows: int = 0,
    ) -> None:
        self.conn = conn
        self.result = result
        self.source = source[:255]
        self.dry_run = dry_run
        self.now = datetime.now(UTC)
        self.device_id = db.device_id
        self.table = _WORKER
        self.ids = _TimeOrderedIds()
        self.raw_sqlite = conn.dialect.name == "sqlite"
        # SQLAlchemy's SQLite DateTime format (UtcDateTime stores UTC, no offset).
        self.stamp = self.now.strftime("%Y-%m-%d %H:%M:%S.%f")
        self.insert_sql = insert_sql(self.stamp, self.device_id, self.source)
        self.table_was_empty = conn.execute(select(_WORKER.c.id).limit(1)).first() is None
        self.fts_rows: list[tuple[int, str]] = []
        self.fts_trigger: str | None = None
        if not dry_run and conn.dialect.name == "sqlite":
            # The roster's FTS5 index is kept by a per-row trigger, and FTS5
            # flushes its pending data at every statement of a trigger: 100,000
            # inserts would write 100,000 tiny segments. Inside this transaction
            # the trigger is set aside and the index rows are added in one sorted
            # batch at the end; both are undone together on any failure.
            found = conn.execute(
                text("SELECT sql FROM sqlite_master WHERE type='trigger' AND name='worker_fts_ai'")
            ).scalar_one_or_none()
            if found:
                self.fts_trigger = found
                conn.execute(text("DROP TRIGGER worker_fts_ai"))
        self.dropped_indexes: list[tuple[str, str]] = []
        if not dry_run and conn.dialect.name == "sqlite" and expected_rows > 0:
            existing = conn.execute(text("SELECT count(*) FROM worker")).scalar_one()
            if expected_rows >= existing:
                # Sorting once to build an index beats 100,000 random inserts
                # into each of the roster's eight secondary indexes; only worth
                # it when the file is at least as large as the table. Rebuilt
                # from their own DDL before commit, in the same transaction.
                for name, ddl in conn.execute(
                    text(
                        "SELECT name, sql FROM sqlite_master WHERE type='index' "
                        "AND tbl_name='worker' AND sql IS NOT NULL "
                        "AND sql NOT LIKE 'CREATE UNIQUE%'"
                    )
                ).all():
                    self.dropped_indexes.append((name, ddl))
                    conn.exec_driver_sql(f'DROP INDEX "{name}"')

    def write(self, records: list[_Record]) -> None:
        t = self.table
        columns = [t.c.id, t.c.nik, *(t.c[name] for name in _COMPARED)]
        niks = [r.nik for r in records]
        # On a table empty before the import no NIK can exist yet (the file's
        # own repeats never get here): no lookups.
        existing = (
            {}
            if self.table_was_empty
            else {
                row.nik: row
                for row in self.conn.execute(select(*columns).where(t.c.nik.in_(niks))).mappings()
            }
        )
        inserts: list[Any] = []
        updates: list[dict[str, Any]] = []
        audits: list[dict[str, Any]] = []
        members: list[tuple[uuid.UUID, uuid.UUID]] = []
        result = self.result
        raw_sqlite = self.raw_sqlite
        worker_id: uuid.UUID | None
        for record in records:
            old = existing.get(record.nik)
            if old is None:
                number = self.ids.next_int()
                if raw_sqlite:
                    inserts.append(insert_row(f"{number:032x}", record.nik, record.fields))
                    worker_id = None
                else:
                    worker_id = uuid.UUID(int=number)
                    inserts.append(self._new_row(worker_id, record))
                if record.program_id is not None:
                    worker_id = uuid.UUID(int=number)
                result.imported += 1
            else:
                worker_id = old["id"]
                values = record.values
                changes = {
                    key: {"lama": old[key], "baru": value}
                    for key, value in values.items()
                    if old[key] != value
                }
                if changes:
                    merged = {key: old[key] for key in _COMPARED}
                    merged.update(values)
                    merged["name_key"] = name_key(merged["name"])
                    row = {f"b_{key}": value for key, value in merged.items()}
                    row["b_id"] = worker_id
                    updates.append(row)
                    audits.append(self._audit_row(worker_id, changes))
                    result.updated += 1
                else:
                    result.unchanged += 1
            if record.program_id is not None and worker_id is not None:
                members.append((record.program_id, worker_id))
        if self.dry_run:
            return
        if inserts and raw_sqlite:
            # Values are already in SQLAlchemy's SQLite storage formats (see
            # insert_row); skipping its per-row bind processing halves the
            # cost of 100,000 inserts.
            inserts.sort(key=itemgetter(NIK_POSITION))
            self.conn.exec_driver_sql(self.insert_sql, inserts)
            if self.fts_trigger is not None:
                self.fts_rows.extend((int(r[NIK_POSITION]), r[NAME_KEY_POSITION]) for r in inserts)
        elif inserts:
            inserts.sort(key=lambda r: r["nik"])
            self.conn.execute(insert(self.table), inserts)
        if updates:
            self.conn.execute(
                update(self.table)
                .where(self.table.c.id == bindparam("b_id"))
                .values(
                    {
                        **{name: bindparam(f"b_{name}") for name in (*_COMPARED, "name_key")},
                        "updated_at": self.now,
                        "device_id": self.device_id,
                    }
                ),
                updates,
            )
            self.conn.execute(insert(_AUDIT), audits)
        if members:
            self._add_members(members)
        log.debug("import: %d rows written in this chunk", len(records))

    def _new_row(self, worker_id: uuid.UUID, record: _Record) -> dict[str, Any]:
        values = record.values
        return {
            "id": worker_id,
            "created_at": self.now,
            "updated_at": self.now,
            "device_id": self.device_id,
            "nik": record.nik,
            "kpj": None,
            "name": values["name"],
            "name_key": name_key(values["name"]),
            "birth_date": values.get("birth_date"),
            "gender": values.get("gender"),
            "address": values.get("address", ""),
            "regency_code": values.get("regency_code"),
            "district_code": values.get("district_code"),
            "village_code": values.get("village_code"),
            "occupation": values.get("occupation", ""),
            "phone": values.get("phone", ""),
            "income": values.get("income"),
            "segment": values.get("segment", "BPU"),
            "status": "aktif",
            "employer_id": None,
            "warnings": values["warnings"],
            "source": self.source,
        }

    def _audit_row(self, worker_id: uuid.UUID, changes: dict[str, Any]) -> dict[str, Any]:
        details = {"sumber": self.source, **changes}
        return {
            "id": uuid.uuid4(),
            "created_at": self.now,
            "updated_at": self.now,
            "device_id": self.device_id,
            "at": self.now,
            "username": "",
            "entity": "worker",
            "entity_id": str(worker_id),
            "action": "import_update",
            "details": json.dumps(details, default=str, ensure_ascii=False, sort_keys=True),
        }

    def _add_members(self, members: list[tuple[uuid.UUID, uuid.UUID]]) -> None:
        table = _MEMBER
        workers = list({w for _, w in members})
        known = set(
            self.conn.execute(
                select(table.c.program_id, table.c.worker_id).where(table.c.worker_id.in_(workers))
            ).tuples()
        )
        fresh = [
            {
                "id": uuid.uuid4(),
                "created_at": self.now,
                "updated_at": self.now,
                "device_id": self.device_id,
                "program_id": program,
                "worker_id": worker,
                "start_date": None,
                "end_date": None,
                "monthly_amount": 16800,
                "declared_income": 1_000_000,
            }
            for program, worker in dict.fromkeys(members)
            if (program, worker) not in known
        ]
        if fresh:
            self.conn.execute(insert(table), fresh)

    def finish(self) -> None:
        for _, ddl in self.dropped_indexes:
            self.conn.exec_driver_sql(ddl)
        self.dropped_indexes = []
        if self.fts_trigger is None:
            return
        self.fts_rows.sort()
        if self.fts_rows:
            self.conn.exec_driver_sql(
                "INSERT INTO worker_fts(rowid, name_key) VALUES (?, ?)", self.fts_rows
            )
        self.conn.exec_driver_sql(self.fts_trigger)
        self.fts_trigger = None


class _ChildWriter:
    """_Writer's role for the child-process path: new rows only (the table was empty).

    The child assembles the insert rows (ids, name keys, storage formats): it
    has time to spare while this process reads and checks.
    """

    def __init__(self, child: BulkWriterProcess, result: ImportResult, source: str, device_id: str):
        self.child = child
        self.result = result
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        child.send_meta(stamp, device_id, source[:255])
        self.pending: list[tuple[str, tuple[Any, ...]]] = []

    def write(self, records: list[_Record]) -> None:
        self.pending.extend([(r.nik, r.fields) for r in records])
        self.result.imported += len(records)
        if len(self.pending) >= CHILD_SEND_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.child.send_rows(self.pending)
            self.pending = []

    def finish(self) -> None:
        self._flush()
        self.child.commit()


# --- import ----------------------------------------------------------------------------------


def _load_programs(conn: Connection) -> dict[str, uuid.UUID]:
    table = _PROGRAM
    return {
        fold(name): program_id
        for program_id, name in conn.execute(select(table.c.id, table.c.name)).tuples()
    }


_TOTAL_ROW = re.compile(r"^\s*(jumlah|total|sub\s*total|grand\s*total)\b", re.IGNORECASE)


def _is_total_row(name_cell: Cell) -> bool:
    """A "Jumlah"/"Total" line under the data: skipped wherever it stands."""
    return type(name_cell) is str and _TOTAL_ROW.match(name_cell) is not None


def _data_rows(
    rows: SheetRows, head: list[list[Cell]], header_index: int
) -> Iterator[tuple[int, list[Cell]]]:
    """(Excel row, cells) after the header, reusing the rows already read."""
    for index in range(header_index + 1, len(head)):
        yield index + 1, head[index]
    iterator = iter(rows)
    for _ in range(len(head)):
        next(iterator, None)
    for index, row in enumerate(iterator, start=len(head)):
        yield index + 1, row


def import_roster(
    db: Database,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    dry_run: bool = False,
    source_label: str | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
    report_path: Path | None = None,
    regions: RegionTable | None = None,
) -> ImportResult:
    """Validate and upsert the roster in ``path``; all accepted rows in one transaction.

    ``mapping`` overrides the detected header mapping (the header row is still
    the detected one). Rejected rows go to an error workbook (``report_path``,
    else "<stem>-ditolak.xlsx" next to the file). Raises ServiceError when the
    file cannot be read, Cancelled when ``is_cancelled`` turns true.
    """
    file = Path(path)
    with _early_writer(db, file, dry_run) as child, open_workbook(file) as book:
        today = today or date.today()
        regions = regions or _default_regions()
        sheet_rows, head, match = _locate(book, sheet)
        if match is None and mapping is None:
            raise ServiceError(
                f"Lembar '{sheet_rows.name}' di berkas '{file.name}': baris judul kolom "
                f"(NIK, Nama, ...) tidak ditemukan dalam {HEADER_SEARCH_ROWS} baris pertama."
            )
        header_index = match.row_index if match is not None else -1
        if mapping is not None:
            used = mapping
        else:
            assert match is not None
            used = match.mapping
        missing = used.missing_required()
        if missing:
            names = ", ".join(FIELD_LABELS[m] for m in missing)
            raise ServiceError(
                f"Lembar '{sheet_rows.name}' di berkas '{file.name}': kolom wajib {names} "
                "tidak ditemukan. Pilih kolomnya di pemetaan kolom."
            )
        headers = [cell_text(c).strip() for c in head[header_index]] if header_index >= 0 else []
        result = ImportResult(
            file=file,
            sheet=sheet_rows.name,
            header_row=header_index + 1,
            dry_run=dry_run,
        )
        log.info("import roster: sheet %r, %d rows", sheet_rows.name, sheet_rows.total_rows)
        width = max(sheet_rows.width, *(c + 1 for c in used.columns.values()))
        report: ErrorWorkbook | None = None

        expected_rows = sheet_rows.total_rows - header_index - 1
        if child is not None and (
            expected_rows < CHILD_WRITER_MIN_ROWS
            or "funding_program" in used.columns
            or not child.ready()
        ):
            # Small file, program memberships to link, or workers already in
            # the table (updates need lookups): the in-process path.
            child.close()
            child = None
        with db.engine.connect() as conn:
            if db.is_sqlite and not dry_run and child is None:
                # Take the write lock at once: a reader upgraded late could fail
                # with "database is locked" after minutes of work.
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            raw = conn.connection.driver_connection if db.is_sqlite and child is None else None
            previous_cache = None
            if raw is not None:
                # The indexes of a large roster outgrow SQLite's default 2 MB
                # cache, and spilling pages mid-transaction is what makes big
                # inserts slow. Set on the driver connection (no transaction)
                # and reset afterwards: the connection goes back to the pool.
                previous_cache = raw.execute("PRAGMA cache_size").fetchone()[0]
                raw.execute(f"PRAGMA cache_size=-{SQLITE_IMPORT_CACHE_KB}")
            with conn.begin() as transaction:
                checker = _RowChecker(used, headers, regions, _load_programs(conn), today)
                writer: _Writer | _ChildWriter
                if child is not None:
                    writer = _ChildWriter(child, result, source_label or file.name, db.device_id)
                else:
                    writer = _Writer(
                        conn,
                        db,
                        result,
                        source_label or file.name,
                        dry_run,
                        expected_rows=expected_rows,
                    )
                seen: dict[str, int] = {}
                chunk: list[_Record] = []
                total = sheet_rows.total_rows
                nik_col, name_col = checker.nik_col, checker.name_col

                def handle(excel_row: int, row: list[Cell]) -> None:
                    nonlocal report
                    try:
                        record = checker.check(row, excel_row)
                        first = seen.get(record.nik)
                        if first is not None:
                            raise _Rejected(
                                column_letter(nik_col),
                                "duplicate_in_file",
                                f"{checker.where('nik')}: NIK sudah ada di baris {first}; "
                                "baris pertama yang dipakai.",
                            )
                    except _Rejected as rejected:
                        issue = Rejection(
                            excel_row, rejected.column, rejected.code, rejected.message
                        )
                        result.rejections.append(issue)
                        if report is None:
                            report = ErrorWorkbook(headers, width, text_columns=(nik_col,))
                        report.add(row, issue)
                        return
                    seen[record.nik] = excel_row
                    row_warnings = record.fields[-1]
                    if row_warnings:
                        result.warnings += 1
                        for code in row_warnings.split("\n"):
                            result.warning_rows.append(
                                Rejection(excel_row, "", code, WARNING_MESSAGES.get(code, code))
                            )
                    chunk.append(record)
                    if len(chunk) >= CHUNK:
                        writer.write(chunk)
                        chunk.clear()

                def route(
                    excel_row: int,
                    row: list[Cell],
                    pending: list[tuple[int, list[Cell]]] | None,
                ) -> list[tuple[int, list[Cell]]] | None:
                    """Check the row now, or hold it while numeric NIKs are undecided."""
                    result.rows_read += 1
                    cell = row[nik_col]
                    number = None if type(cell) is str else _numeric_nik(cell)
                    if pending is not None:
                        # Rows after an undecided numeric NIK wait, so that
                        # duplicates are still judged in file order.
                        pending.append((excel_row, row))
                        if number is not None and number % 10:
                            checker.numeric_verdict = "exact"
                            for item in pending:
                                handle(*item)
                            return None
                        return pending
                    if number is not None and checker.numeric_verdict is None:
                        if number % 10:
                            checker.numeric_verdict = "exact"
                        else:
                            return [(excel_row, row)]
                    handle(excel_row, row)
                    return None

                pending: list[tuple[int, list[Cell]]] | None = None
                mapped_cols = tuple(sorted(set(used.columns.values())))
                # Rows without a NIK holding at most one mapped cell (a signature
                # line in the name column) are judged once the file goes on: if
                # a NIK row follows they were data rows missing their NIK, else
                # they were the signature block under the data and are skipped.
                held: list[tuple[int, list[Cell]]] = []
                for excel_row, row in _data_rows(sheet_rows, head, header_index):
                    if excel_row % PROGRESS_EVERY == 0:
                        if is_cancelled is not None and is_cancelled():
                            raise Cancelled()
                        if progress is not None:
                            progress(excel_row, total, "Memeriksa dan menyimpan baris")
                    if width > len(row):
                        row = row + [""] * (width - len(row))
                    if row[nik_col] == "":
                        name_cell = row[name_col]
                        if name_cell == "" or _is_total_row(name_cell):
                            continue  # blank rows, signature lines, totals
                        if sum(1 for c in mapped_cols if row[c] != "") <= 1:
                            held.append((excel_row, row))
                            continue
                    if excel_row == header_index + 2 and is_column_numbering_row(row):
                        continue
                    if held:
                        for item in held:
                            pending = route(*item, pending)
                        held = []
                    pending = route(excel_row, row, pending)
                if pending is not None:
                    # Every numeric NIK in the column ends in 0: Excel rounded them.
                    checker.numeric_verdict = "rounded"
                    for item in pending:
                        handle(*item)
                if chunk:
                    writer.write(chunk)
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled()
                writer.finish()
                if dry_run:
                    transaction.rollback()
            if raw is not None and previous_cache is not None:
                raw.execute(f"PRAGMA cache_size={int(previous_cache)}")
        if progress is not None:
            progress(total, total, "Selesai")

    if report is not None:
        result.error_report = save_error_workbook(report, report_path, file)
    log.info(
        "import roster done: %d imported, %d updated, %d unchanged, %d rejected%s",
        result.imported,
        result.updated,
        result.unchanged,
        result.rejected,
        " (dry run)" if dry_run else "",
    )
    return result


@contextmanager
def _early_writer(db: Database, file: Path, dry_run: bool) -> Iterator[BulkWriterProcess | None]:
    """A writer process for a large SQLite import, ended (rolled back) unless it committed.

    Started before the sheet is parsed, so that its start-up overlaps that;
    the import may still decide not to use it (and close it).
    """
    child: BulkWriterProcess | None = None
    database = sqlite_path(db.url) if db.is_sqlite else None
    if database is not None and not dry_run and _size(file) >= CHILD_WRITER_MIN_BYTES:
        child = BulkWriterProcess(database, SQLITE_IMPORT_CACHE_KB)
    try:
        yield child
    finally:
        if child is not None and not child.finished:
            child.close()  # rolls back whatever it inserted


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0  # open_workbook says what is wrong with the file
