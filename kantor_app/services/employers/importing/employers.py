"""Importing employers: NPP -> NPWP -> name matching, validation, upsert, audit."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.textnorm import fold
from kantor_app.services.audit import write_audit
from kantor_app.services.employers.compliance import refresh_compliance
from kantor_app.services.employers.importing.sheet import (
    Fields,
    ImportResult,
    ImportSheet,
    Progress,
    RowProblem,
    digits_text,
    int_or_none,
    read_sheet,
    report_progress,
    text,
)
from kantor_app.services.employers.registry import EmployerInput, validate_employer
from kantor_app.services.errors import ServiceError
from kantor_app.services.spreadsheets.mapping import header_key
from kantor_app.services.spreadsheets.reader import Cell
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer, Region

EMPLOYER_FIELDS: Fields = {
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

# Identifier columns the error workbook keeps as text (Excel rounds long numbers).
_TEXT_FIELDS = ("npp", "npwp", "nib", "kbli_code")

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
    words = text(cell)
    if not words:
        return "lainnya"
    return _SECTOR_WORDS.get(header_key(words), words)


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
        value = digits_text(cell)
        if not value:
            return None
        digits = re.sub(r"\D", "", value)
        if digits and len(digits) == 4 and re.fullmatch(r"[\d.\s]+", value):
            code = f"{digits[:2]}.{digits[2:]}"
            if code in self.codes:
                return code
        key = fold(re.sub(r"^(kab\.?|kabupaten|kota)\s+", "", value, flags=re.IGNORECASE))
        found = self.by_name.get(fold(value)) or self.by_name.get(key)
        if found is None:
            raise RowProblem(
                "regency", "regency_unknown", f"Kabupaten/kota '{value}' tidak dikenal."
            )
        return found


def _employer_input(row: list[Cell], sheet: ImportSheet, regencies: _Regencies) -> EmployerInput:
    def get(name: str) -> Cell:
        return sheet.cell(row, name)

    programs = frozenset(p for p in re.split(r"[,;/\s]+", text(get("programs")).upper()) if p)
    return EmployerInput(
        name=text(get("name")),
        npp=digits_text(get("npp")) or None,
        legal_form=text(get("legal_form")) or "PT",
        npwp=digits_text(get("npwp")) or None,
        nib=digits_text(get("nib")) or None,
        kbli_code=digits_text(get("kbli_code")) or None,
        kbli_version=digits_text(get("kbli_version")) or "2020",
        sector=_sector(get("sector")),
        scale=text(get("scale")) or "kecil",
        address=text(get("address")),
        regency_code=regencies.find(get("regency")),
        contact_person=text(get("contact_person")),
        contact_phone=digits_text(get("contact_phone")),
        jkk_risk_class=text(get("jkk_risk_class")) or "c",
        workers_reported=int_or_none(get("workers_reported"), "workers_reported", "Jumlah TK"),
        wage_reported=int_or_none(get("wage_reported"), "wage_reported", "Upah"),
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


@dataclass
class _Known:
    """The employers already stored (and those this import added), by each matching key."""

    by_npp: dict[str, Employer] = field(default_factory=dict)
    by_npwp: dict[str, Employer] = field(default_factory=dict)
    by_name: dict[str, Employer] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)  # key -> first Excel row in this file

    def add(self, employer: Employer) -> None:
        if employer.npp:
            self.by_npp[employer.npp] = employer
        if employer.npwp:
            self.by_npwp[employer.npwp] = employer
        self.by_name[fold(employer.name)] = employer

    def match(self, data: EmployerInput) -> Employer | None:
        return (
            (self.by_npp.get(data.npp) if data.npp else None)
            or (self.by_npwp.get(data.npwp) if data.npwp else None)
            or self.by_name.get(fold(data.name))
        )


def _check_row(
    session: Session,
    row: list[Cell],
    number: int,
    sheet: ImportSheet,
    known: _Known,
    regencies: _Regencies,
) -> tuple[dict[str, Any], Employer | None]:
    """The validated column values of one row and the employer it updates (None: a new one)."""
    data = _employer_input(row, sheet, regencies)
    existing = known.match(data)
    try:
        values = validate_employer(session, data, stored_npwp=existing.npwp if existing else None)
    except ServiceError as exc:
        name = _field_of_message(str(exc))
        code = exc.code or (f"{name}_invalid" if name else "invalid")
        raise RowProblem(name, code, str(exc)) from None
    if existing is None:
        existing = known.by_npwp.get(values["npwp"]) if values["npwp"] else None
    key = values["npp"] or values["npwp"] or fold(values["name"])
    if key in known.seen:
        raise RowProblem(
            "npp",
            "duplicate_in_file",
            f"Perusahaan yang sama sudah ada di baris {known.seen[key]}.",
        )
    known.seen[key] = number
    npp = values["npp"]
    if npp and npp in known.by_npp and known.by_npp[npp] is not existing:
        raise RowProblem("npp", "npp_taken", f"NPP {npp} sudah dipakai perusahaan lain.")
    return values, existing


def _apply(
    session: Session, values: dict[str, Any], existing: Employer | None, result: ImportResult
) -> Employer | None:
    """Insert or update; the employer when something changed, else None."""
    if existing is None:
        employer = Employer(id=uuid.uuid4(), **values)
        session.add(employer)
        result.imported += 1
        return employer
    changes = {k: v for k, v in values.items() if getattr(existing, k) != v}
    if not changes:
        result.unchanged += 1
        return None
    for k, v in changes.items():
        setattr(existing, k, v)
    result.updated += 1
    return existing


def import_employers(
    db: Database,
    path: Path,
    *,
    username: str = "",
    today: date | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Create or update employers from a sheet (NPP → NPWP → name match); see the package doc.

    Raises UnreadableFile when the file or its header cannot be used, Cancelled on cancel.
    """
    path = Path(path)
    sheet = read_sheet(path, EMPLOYER_FIELDS, ("name",))
    result = sheet.result(path, "employers", _TEXT_FIELDS)
    total = len(sheet.rows)
    with db.transaction() as session:
        regencies = _Regencies(session)
        known = _Known()
        for stored in session.scalars(select(Employer)):
            known.add(stored)
        touched: list[uuid.UUID] = []
        for done, (number, row) in enumerate(sheet.rows, start=1):
            report_progress(progress, is_cancelled, done, total, "Mengimpor perusahaan")
            try:
                values, existing = _check_row(session, row, number, sheet, known, regencies)
            except RowProblem as problem:
                result.reject(sheet, number, row, problem)
                continue
            employer = _apply(session, values, existing, result)
            if employer is not None:
                touched.append(employer.id)
                known.add(employer)
        session.flush()
        write_audit(
            session,
            entity="import",
            entity_id=path.name[:40],
            action="import_employers",
            details=result.as_json() | {"rejections": result.rejected},
            username=username,
        )
        if touched:
            refresh_compliance(session, touched, today=today or date.today())
    return result
