"""Import employers and monthly contribution records from spreadsheets.

Reuses the roster import machinery: :func:`excel_reader.open_workbook` (file
sniffing, plain Indonesian messages for unreadable files) and
:func:`roster_columns.header_key` / ``is_column_numbering_row`` (header
matching by name in any spelling, the "1 2 3 …" row under government headers).
The field synonyms are this module's own.

Rules (DESIGN.md "Bad input"): a bad row is reported (file, sheet, row,
column, reason) in the result and in an error workbook with the columns
*Baris* and *Alasan*, and does not block the good rows; the good rows are
written in one transaction (all or nothing), together with an AuditEvent
and a refresh of the employers' compliance status.

- Employers are matched by NPP, then NPWP, then name (case and spacing
  ignored): importing the same file twice updates, never duplicates.
- Contributions are upserted on (employer NPP, year, month): ``due``,
  ``paid`` and ``paid_on`` are replaced by the file's values, so re-importing
  a month's file is idempotent.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.dates import MONTHS_ID, parse_date
from kantor_app.domain.money import parse_rupiah
from kantor_app.domain.textnorm import fold
from kantor_app.services.employers.compliance import refresh_compliance
from kantor_app.services.employers.registry import EmployerInput, validate_employer, write_audit
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.roster.importing.columns import (
    cell_text,
    header_key,
    is_column_numbering_row,
)
from kantor_app.services.spreadsheets.reader import Cell, column_letter, open_workbook
from kantor_app.store.engine import Database
from kantor_app.store.models import ContributionPeriod, Employer, Region

__all__ = [
    "CONTRIBUTION_FIELDS",
    "EMPLOYER_FIELDS",
    "ImportResult",
    "RowError",
    "UnreadableFile",
    "import_contributions",
    "import_employers",
    "write_error_workbook",
]

HEADER_SEARCH_ROWS = 20


class UnreadableFile(ServiceError):
    """The file as a whole cannot be imported (unreadable, no header, missing column)."""


# field -> (label, header keys as produced by header_key)
EMPLOYER_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "npp": ("NPP", ("npp", "nonpp", "nomornpp", "nomorpendaftaranperusahaan")),
    "name": (
        "Nama Perusahaan",
        ("namaperusahaan", "nama", "perusahaan", "namapemberikerja", "namabadanusaha"),
    ),
    "legal_form": ("Bentuk Usaha", ("bentukusaha", "bentukbadanusaha", "badanusaha", "badanhukum")),
    "npwp": ("NPWP", ("npwp", "nonpwp", "nomornpwp", "npwpperusahaan")),
    "nib": ("NIB", ("nib", "nonib", "nomorindukberusaha")),
    "kbli_code": ("KBLI", ("kbli", "kodekbli")),
    "kbli_version": ("Versi KBLI", ("versikbli",)),
    "sector": ("Sektor", ("sektor", "sektorusaha", "bidangusaha")),
    "scale": ("Skala Usaha", ("skala", "skalausaha")),
    "address": ("Alamat", ("alamat", "alamatperusahaan")),
    "regency": (
        "Kabupaten/Kota",
        ("kabupatenkota", "kabkota", "kabkot", "kota", "kabupaten", "kodewilayah", "kodekabkota"),
    ),
    "contact_person": ("Kontak", ("kontak", "narahubung", "pic", "contactperson", "namakontak")),
    "contact_phone": ("Telepon", ("telepon", "telp", "notelp", "nohp", "notelepon", "hp")),
    "jkk_risk_class": ("Kelas Risiko JKK", ("kelasrisiko", "kelasrisikojkk", "risikojkk")),
    "workers_reported": (
        "Jumlah TK Dilaporkan",
        ("jumlahtk", "jumlahtenagakerja", "tkdilaporkan", "jumlahpekerja", "jumlahtkdilaporkan"),
    ),
    "wage_reported": (
        "Upah Rata-rata",
        ("upah", "upahratarata", "upahdilaporkan", "rataratupah", "upahrataratadilaporkan"),
    ),
    "programs": ("Program", ("program", "programdiikuti", "programjamsostek")),
}
CONTRIBUTION_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "npp": ("NPP", ("npp", "nonpp", "nomornpp", "nomorpendaftaranperusahaan")),
    "period": ("Periode", ("periode", "periodeiuran", "bulaniuran", "masaiuran")),
    "year": ("Tahun", ("tahun", "tahuniuran")),
    "month": ("Bulan", ("bulan",)),
    "due": (
        "Iuran Wajib",
        ("iuran", "iuranwajib", "tagihan", "jumlahiuran", "wajibbayar", "iurantagihan", "due"),
    ),
    "paid": ("Dibayar", ("dibayar", "pembayaran", "jumlahdibayar", "bayar", "iurandibayar")),
    "paid_on": ("Tanggal Bayar", ("tanggalbayar", "tglbayar", "tanggalpembayaran")),
}


@dataclass(frozen=True)
class RowError:
    """One rejected row: Excel row number, column letter (or ""), reason, the row's cells."""

    row: int
    column: str
    reason: str
    values: tuple[str, ...] = ()


@dataclass
class ImportResult:
    """What an import did. ``headers`` are the file's header texts (for the error workbook)."""

    file: Path
    sheet: str
    kind: str  # "employers" | "contributions"
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    headers: tuple[str, ...] = ()

    def summary(self) -> str:
        what = "perusahaan" if self.kind == "employers" else "periode iuran"
        text = (
            f"{self.file.name} (lembar '{self.sheet}'): {self.rows_read} baris dibaca, "
            f"{self.inserted} {what} baru, {self.updated} diperbarui, "
            f"{self.unchanged} tidak berubah"
        )
        if self.errors:
            text += f", {len(self.errors)} baris ditolak"
        return text + "."

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "sheet": self.sheet,
            "kind": self.kind,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.errors),
            "errors": [{"row": e.row, "column": e.column, "reason": e.reason} for e in self.errors],
        }


class _RowProblem(Exception):
    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field_name = field_name
        self.reason = reason


@dataclass(frozen=True)
class _Sheet:
    name: str
    header_index: int
    columns: dict[str, int]
    headers: tuple[str, ...]
    rows: list[tuple[int, list[Cell]]]  # (Excel row number, cells)


def _map_header(
    row: Sequence[Cell], fields: dict[str, tuple[str, tuple[str, ...]]]
) -> dict[str, int]:
    lookup = {key: name for name, (_label, keys) in fields.items() for key in keys}
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        if not isinstance(cell, str):
            continue
        name = lookup.get(header_key(cell))
        if name is not None and name not in columns:
            columns[name] = index
    return columns


def _read_sheet(
    path: Path,
    fields: dict[str, tuple[str, tuple[str, ...]]],
    required: Sequence[str],
) -> _Sheet:
    """The first sheet whose header names the required fields, with its data rows."""
    try:
        with open_workbook(path) as book:
            best: tuple[str, int, dict[str, int], list[Cell]] | None = None
            for sheet_name in book.sheet_names:
                head = book.head(sheet_name, HEADER_SEARCH_ROWS)
                for index, row in enumerate(head):
                    columns = _map_header(row, fields)
                    if all(r in columns for r in required) and (
                        best is None or len(columns) > len(best[2])
                    ):
                        best = (sheet_name, index, columns, row)
                if best is not None:
                    break
            if best is None:
                labels = ", ".join(fields[r][0] for r in required)
                raise UnreadableFile(
                    f"Berkas '{path.name}': baris judul kolom tidak ditemukan di "
                    f"{HEADER_SEARCH_ROWS} baris pertama lembar mana pun. Kolom wajib: {labels}."
                )
            sheet_name, header_index, columns, header_row = best
            rows: list[tuple[int, list[Cell]]] = []
            for number, row in enumerate(book.rows(sheet_name), start=1):
                if number <= header_index + 1:
                    continue
                if all(c == "" or c is None for c in row):
                    continue
                if number == header_index + 2 and is_column_numbering_row(row):
                    continue
                rows.append((number, row))
    except UnreadableFile:
        raise
    except ServiceError as exc:
        raise UnreadableFile(str(exc)) from None
    headers = tuple(cell_text(c) for c in header_row)
    return _Sheet(sheet_name, header_index, columns, headers, rows)


def _cell(row: list[Cell], columns: dict[str, int], name: str) -> Cell:
    index = columns.get(name)
    if index is None or index >= len(row):
        return ""
    return row[index]


def _text(cell: Cell | None) -> str:
    return "" if cell is None else cell_text(cell).strip()


def _int_or_none(cell: Cell, name: str, label: str) -> int | None:
    if cell == "" or cell is None:
        return None
    try:
        value = parse_rupiah(cell)
    except ValueError as exc:
        raise _RowProblem(name, f"{label}: {exc}") from None
    if value < 0:
        raise _RowProblem(name, f"{label} tidak boleh negatif.")
    return value


def _digits_text(cell: Cell) -> str:
    """Identifier digits of a cell; a number cell becomes its integer digits."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return _text(cell)


_SECTOR_WORDS = {
    "kelapasawit": "kelapa_sawit",
    "sawit": "kelapa_sawit",
    "perkebunankelapasawit": "kelapa_sawit",
    "konstruksi": "konstruksi",
    "jasakonstruksi": "konstruksi",
    "pertambangan": "pertambangan",
    "tambang": "pertambangan",
    "perdagangan": "perdagangan",
    "jasa": "jasa",
    "lainnya": "lainnya",
    "lain": "lainnya",
}


def _sector(cell: Cell) -> str:
    text = _text(cell)
    if not text:
        return "lainnya"
    return _SECTOR_WORDS.get(header_key(text), text)


class _Regencies:
    """Kab/kota by code ("64.72", "6472") or name ("Kota Samarinda", "Samarinda")."""

    def __init__(self, session: Session) -> None:
        self.codes: set[str] = set()
        self.by_name: dict[str, str] = {}
        rows = session.execute(
            select(Region.code, Region.name).where(Region.level == "kabupaten")
        ).tuples()
        # Kaltim/Kaltara first so a short name ("Berau") resolves to our provinces.
        for code, name in sorted(rows, key=lambda r: (r[0][:2] not in ("64", "65"), r[0])):
            self.codes.add(code)
            for key in (fold(name), fold(re.sub(r"^(Kabupaten|Kota)\s+", "", name))):
                self.by_name.setdefault(key, code)

    def find(self, cell: Cell) -> str | None:
        text = _digits_text(cell)
        if not text:
            return None
        digits = re.sub(r"\D", "", text)
        if digits and len(digits) == 4 and re.fullmatch(r"[\d.\s]+", text):
            code = f"{digits[:2]}.{digits[2:]}"
            if code in self.codes:
                return code
        key = fold(re.sub(r"^(kab\.?|kabupaten|kota)\s+", "", text, flags=re.IGNORECASE))
        found = self.by_name.get(fold(text)) or self.by_name.get(key)
        if found is None:
            raise _RowProblem("regency", f"Kabupaten/kota '{text}' tidak dikenal.")
        return found


def _employer_input(
    row: list[Cell], columns: dict[str, int], regencies: _Regencies
) -> EmployerInput:
    def get(name: str) -> Cell:
        return _cell(row, columns, name)

    programs = frozenset(p for p in re.split(r"[,;/\s]+", _text(get("programs")).upper()) if p)
    return EmployerInput(
        name=_text(get("name")),
        npp=_digits_text(get("npp")) or None,
        legal_form=_text(get("legal_form")) or "PT",
        npwp=_digits_text(get("npwp")) or None,
        nib=_digits_text(get("nib")) or None,
        kbli_code=_digits_text(get("kbli_code")) or None,
        kbli_version=_digits_text(get("kbli_version")) or "2020",
        sector=_sector(get("sector")),
        scale=_text(get("scale")) or "kecil",
        address=_text(get("address")),
        regency_code=regencies.find(get("regency")),
        contact_person=_text(get("contact_person")),
        contact_phone=_digits_text(get("contact_phone")),
        jkk_risk_class=_text(get("jkk_risk_class")) or "c",
        workers_reported=_int_or_none(get("workers_reported"), "workers_reported", "Jumlah TK"),
        wage_reported=_int_or_none(get("wage_reported"), "wage_reported", "Upah"),
        programs=programs,
    )


# Which input field a validation message is about, for the error's column.
_MESSAGE_FIELDS = (
    ("NPWP", "npwp"),
    ("NIB", "nib"),
    ("KBLI", "kbli_code"),
    ("NPP", "npp"),
    ("Sektor", "sector"),
    ("Skala", "scale"),
    ("Kelas risiko", "jkk_risk_class"),
    ("Program", "programs"),
    ("Kode kabupaten", "regency"),
    ("Nama perusahaan", "name"),
)


def _field_of_message(message: str) -> str:
    return next((f for prefix, f in _MESSAGE_FIELDS if message.startswith(prefix)), "")


def _progress(
    progress: Callable[[int, int, str], None] | None,
    is_cancelled: Callable[[], bool] | None,
    done: int,
    total: int,
    message: str,
) -> None:
    if is_cancelled is not None and is_cancelled():
        raise Cancelled()
    if progress is not None and (done % 200 == 0 or done == total):
        progress(done, total, message)


def _error(sheet: _Sheet, number: int, row: list[Cell], field_name: str, reason: str) -> RowError:
    column = sheet.columns.get(field_name)
    return RowError(
        row=number,
        column=column_letter(column) if column is not None else "",
        reason=reason,
        values=tuple(cell_text(c) for c in row),
    )


def import_employers(
    db: Database,
    path: Path,
    *,
    username: str = "",
    today: date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Create or update employers from a sheet (NPP → NPWP → name match); see module doc.

    Raises UnreadableFile when the file or its header cannot be used, Cancelled on cancel.
    """
    path = Path(path)
    sheet = _read_sheet(path, EMPLOYER_FIELDS, ("name",))
    result = ImportResult(path, sheet.name, "employers", headers=sheet.headers)
    result.rows_read = len(sheet.rows)
    total = len(sheet.rows)
    with db.transaction() as session:
        regencies = _Regencies(session)
        employers = list(session.scalars(select(Employer)))
        by_npp = {e.npp: e for e in employers if e.npp}
        by_npwp = {e.npwp: e for e in employers if e.npwp}
        by_name = {fold(e.name): e for e in employers}
        seen: dict[str, int] = {}
        touched: list[uuid.UUID] = []
        for done, (number, row) in enumerate(sheet.rows, start=1):
            _progress(progress, is_cancelled, done, total, "Mengimpor perusahaan")
            try:
                data = _employer_input(row, sheet.columns, regencies)
                existing = (
                    (by_npp.get(data.npp or "") if data.npp else None)
                    or (by_npwp.get(data.npwp or "") if data.npwp else None)
                    or by_name.get(fold(data.name))
                )
                try:
                    values = validate_employer(
                        session, data, stored_npwp=existing.npwp if existing else None
                    )
                except ServiceError as exc:
                    raise _RowProblem(_field_of_message(str(exc)), str(exc)) from None
                if existing is None:
                    existing = by_npwp.get(values["npwp"]) if values["npwp"] else None
                key = values["npp"] or values["npwp"] or fold(values["name"])
                if key in seen:
                    raise _RowProblem(
                        "npp", f"Perusahaan yang sama sudah ada di baris {seen[key]}."
                    )
                seen[key] = number
                if (
                    values["npp"]
                    and values["npp"] in by_npp
                    and by_npp[values["npp"]] is not existing
                ):
                    raise _RowProblem("npp", f"NPP {values['npp']} sudah dipakai perusahaan lain.")
            except _RowProblem as problem:
                result.errors.append(_error(sheet, number, row, problem.field_name, problem.reason))
                continue
            if existing is None:
                employer = Employer(id=uuid.uuid4(), **values)
                session.add(employer)
                result.inserted += 1
            else:
                employer = existing
                changes = {k: v for k, v in values.items() if getattr(employer, k) != v}
                if not changes:
                    result.unchanged += 1
                    continue
                for k, v in changes.items():
                    setattr(employer, k, v)
                result.updated += 1
            touched.append(employer.id)
            if employer.npp:
                by_npp[employer.npp] = employer
            if employer.npwp:
                by_npwp[employer.npwp] = employer
            by_name[fold(employer.name)] = employer
        session.flush()
        write_audit(
            session,
            entity="import",
            entity_id=path.name[:40],
            action="import_employers",
            details=result.as_json() | {"errors": len(result.errors)},
            username=username,
        )
        if touched:
            refresh_compliance(session, touched, today=today or date.today())
    return result


_PERIOD_TEXT = re.compile(
    r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*$|^\s*(\d{1,2})\s*[-/.]\s*(\d{4})\s*$"
)


def _period(row: list[Cell], columns: dict[str, int]) -> tuple[int, int]:
    """(year, month) from a Periode cell ("2026-08", "08/2026", "Agustus 2026", a date) or
    from separate Tahun and Bulan cells."""
    if "period" in columns:
        cell = _cell(row, columns, "period")
        text = _text(cell)
        match = _PERIOD_TEXT.match(text) if isinstance(cell, str) else None
        if match:
            year = int(match.group(1) or match.group(4))
            month = int(match.group(2) or match.group(3))
        else:
            words = fold(text).split()
            names = [fold(m) for m in MONTHS_ID]
            if len(words) == 2 and words[0] in names and words[1].isdigit():
                year, month = int(words[1]), names.index(words[0]) + 1
            else:
                try:
                    day = parse_date(cell)
                except ValueError:
                    day = None
                if day is None:
                    raise _RowProblem(
                        "period",
                        f"Periode '{text}' tidak dikenali (contoh: 2026-08 atau Agustus 2026).",
                    )
                year, month = day.year, day.month
    else:
        year_text = _digits_text(_cell(row, columns, "year"))
        month_cell = _cell(row, columns, "month")
        month_text = fold(_digits_text(month_cell))
        names = [fold(m) for m in MONTHS_ID]
        if not year_text.isdigit():
            raise _RowProblem("year", f"Tahun '{year_text}' tidak valid.")
        year = int(year_text)
        if month_text.isdigit():
            month = int(month_text)
        elif month_text in names:
            month = names.index(month_text) + 1
        else:
            raise _RowProblem("month", f"Bulan '{_text(month_cell)}' tidak valid.")
    if not 1 <= month <= 12:
        raise _RowProblem(
            "period" if "period" in columns else "month", f"Bulan {month} tidak valid."
        )
    if not 2000 <= year <= 2100:
        raise _RowProblem("period" if "period" in columns else "year", f"Tahun {year} tidak valid.")
    return year, month


def import_contributions(
    db: Database,
    path: Path,
    *,
    username: str = "",
    today: date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Upsert monthly contributions on (NPP, year, month); re-importing a file changes nothing.

    Columns: NPP, Periode (or Tahun + Bulan), Iuran Wajib, Dibayar, Tanggal Bayar.
    """
    path = Path(path)
    sheet = _read_sheet(path, CONTRIBUTION_FIELDS, ("npp", "due"))
    if "period" not in sheet.columns and not {"year", "month"} <= set(sheet.columns):
        raise UnreadableFile(
            f"Berkas '{path.name}' lembar '{sheet.name}': kolom Periode (atau Tahun dan Bulan) "
            "tidak ditemukan."
        )
    result = ImportResult(path, sheet.name, "contributions", headers=sheet.headers)
    result.rows_read = len(sheet.rows)
    now = today or date.today()
    total = len(sheet.rows)
    with db.transaction() as session:
        npps = dict(session.execute(select(Employer.npp, Employer.id)).tuples().all())
        existing = {
            (p.employer_id, p.year, p.month): p for p in session.scalars(select(ContributionPeriod))
        }
        seen: dict[tuple[uuid.UUID, int, int], int] = {}
        touched: set[uuid.UUID] = set()
        for done, (number, row) in enumerate(sheet.rows, start=1):
            _progress(progress, is_cancelled, done, total, "Mengimpor iuran")
            try:
                npp = "".join(_digits_text(_cell(row, sheet.columns, "npp")).split()).upper()
                if not npp:
                    raise _RowProblem("npp", "NPP kosong.")
                employer_id = npps.get(npp)
                if employer_id is None:
                    raise _RowProblem("npp", f"NPP {npp} tidak terdaftar di data perusahaan.")
                year, month = _period(row, sheet.columns)
                due = _int_or_none(_cell(row, sheet.columns, "due"), "due", "Iuran wajib")
                if due is None:
                    raise _RowProblem("due", "Iuran wajib kosong.")
                paid = _int_or_none(_cell(row, sheet.columns, "paid"), "paid", "Dibayar") or 0
                try:
                    paid_on = parse_date(_cell(row, sheet.columns, "paid_on") or None)
                except ValueError as exc:
                    raise _RowProblem("paid_on", str(exc)) from None
                if paid_on is not None and paid_on > now:
                    raise _RowProblem("paid_on", "Tanggal bayar sesudah hari ini.")
                key = (employer_id, year, month)
                if key in seen:
                    raise _RowProblem(
                        "npp",
                        f"NPP {npp} periode {month:02d}/{year} sudah ada di baris {seen[key]}.",
                    )
                seen[key] = number
            except _RowProblem as problem:
                result.errors.append(_error(sheet, number, row, problem.field_name, problem.reason))
                continue
            period = existing.get(key)
            if period is None:
                session.add(
                    ContributionPeriod(
                        employer_id=employer_id,
                        year=year,
                        month=month,
                        due=due,
                        paid=paid,
                        paid_on=paid_on,
                    )
                )
                result.inserted += 1
            elif (period.due, period.paid, period.paid_on) == (due, paid, paid_on):
                result.unchanged += 1
                continue
            else:
                period.due, period.paid, period.paid_on = due, paid, paid_on
                result.updated += 1
            touched.add(employer_id)
        session.flush()
        write_audit(
            session,
            entity="import",
            entity_id=path.name[:40],
            action="import_contributions",
            details=result.as_json() | {"errors": len(result.errors)},
            username=username,
        )
        if touched:
            refresh_compliance(session, touched, today=now)
    return result


def write_error_workbook(result: ImportResult, out: Path) -> Path:
    """The rejected rows as .xlsx: Baris, Kolom, Alasan, then the row's original cells,
    so the user can fix the rows and import them again."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kesalahan")
    sheet.append(["Baris", "Kolom", "Alasan", *result.headers])
    for error in result.errors:
        sheet.append([error.row, error.column, error.reason, *error.values])
    out = Path(out)
    try:
        book.save(out)
    except OSError as exc:
        raise ServiceError(f"Buku kerja kesalahan tidak dapat disimpan ke {out}: {exc}") from None
    return out
