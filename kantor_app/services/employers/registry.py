"""Employer registry operations: validated saves, inspection findings, payments, resolution.

Every operation here runs in one transaction of its own (pass the
``Database``), writes an :class:`AuditEvent` with what changed, and refreshes
the employer's denormalised compliance status before committing, so the
employer table is right as soon as the call returns. Invalid input raises
``ServiceError`` with an Indonesian message naming the field.

Identifiers (DOMAIN.md §4.3–4.4):

- NPWP: 15 or 16 digits, check digit verified with python-stdnum. A 15-digit
  (old) NPWP is stored in its 16-digit form "0" + 15 digits;
  :func:`npwp_display` shows both.
- NIB: 13 digits. KBLI: 5 digits (``kbli_version`` "2020" or "2025").
- NPP: the BPJS registration number, letters and digits; empty for an
  employer that is not registered yet (Belum Daftar).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.id import npwp as stdnum_npwp

from kantor_app.domain.compliance import Assessment
from kantor_app.domain.rates import RISK_CLASSES
from kantor_app.domain.vocabulary import FINDING_SOURCES, PROGRAMS, SCALES, SECTORS
from kantor_app.services.employers.compliance import assess_employer, refresh_compliance
from kantor_app.services.errors import ServiceError
from kantor_app.store.engine import Database
from kantor_app.store.models import (
    AuditEvent,
    ContributionPeriod,
    Employer,
    EmployerFinding,
    Region,
)

__all__ = [
    "FINDING_SOURCES",
    "KBLI_VERSIONS",
    "LEGAL_FORMS",
    "EmployerInput",
    "clean_kbli",
    "clean_nib",
    "clean_npp",
    "clean_npwp",
    "employer_input_of",
    "mark_resolved",
    "npwp_display",
    "record_finding",
    "record_payment",
    "save_employer",
    "validate_employer",
    "write_audit",
]

LEGAL_FORMS = (
    "PT",
    "PT (Persero)",
    "CV",
    "Firma",
    "Koperasi",
    "Yayasan",
    "UD",
    "Perorangan",
    "BUMD",
    "Lainnya",
)
KBLI_VERSIONS = ("2020", "2025")

_SEPARATORS = re.compile(r"[\s.\-/'’]")


def _digits_only(text: str) -> str:
    return _SEPARATORS.sub("", text.replace("\u00a0", ""))


def clean_npwp(value: str | None) -> str | None:
    """A valid NPWP as 16 digits, or None when empty; ServiceError when invalid.

    Accepts "01.855.081.4-412.000", "018550814412000" (15 digits: stored as
    "0" + 15) and 16-digit forms, including NIK-based NPWPs of individuals.
    """
    if value is None or not value.strip():
        return None
    text = _digits_only(value)
    if not text.isdigit() or len(text) not in (15, 16):
        raise ServiceError(
            f"NPWP '{value.strip()}' harus 15 atau 16 digit angka (contoh 01.855.081.4-412.000)."
        )
    if len(text) == 15:
        text = "0" + text
    # stdnum checks the check digit of the 15-digit core; a 16-digit NPWP
    # that does not start with 0 is a NIK and has no check digit.
    try:
        stdnum_npwp.validate(text[1:] if text.startswith("0") else text)
    except StdnumValidationError:
        raise ServiceError(
            f"NPWP '{value.strip()}' tidak valid: digit pemeriksanya salah. Periksa kembali."
        ) from None
    return text


def _npwp_unless_unchanged(value: str | None, stored: str | None) -> str | None:
    if stored and value:
        digits = _digits_only(value)
        if digits in (stored, stored[1:]):
            return stored
    return clean_npwp(value)


def npwp_display(npwp: str | None) -> str:
    """How an NPWP is shown: the 16-digit form, with the old 15-digit mask when it has one.

    "0018550814412000" -> "0018550814412000 (01.855.081.4-412.000)".
    """
    if not npwp:
        return ""
    if len(npwp) == 16 and npwp.startswith("0"):
        return f"{npwp} ({stdnum_npwp.format(npwp[1:])})"
    return npwp


def clean_nib(value: str | None) -> str | None:
    """NIB as 13 digits, None when empty."""
    if value is None or not value.strip():
        return None
    text = _digits_only(value)
    if not (text.isdigit() and len(text) == 13):
        raise ServiceError(
            f"NIB '{value.strip()}' harus 13 digit angka (Nomor Induk Berusaha OSS)."
        )
    return text


def clean_kbli(value: str | None) -> str | None:
    """KBLI code as 5 digits, None when empty."""
    if value is None or not value.strip():
        return None
    text = _digits_only(value)
    if text.isdigit() and len(text) == 4:
        text = "0" + text  # 01262 read from Excel as the number 1262
    if not (text.isdigit() and len(text) == 5):
        raise ServiceError(f"Kode KBLI '{value.strip()}' harus 5 digit angka (contoh 01262).")
    return text


def clean_npp(value: str | None) -> str | None:
    """NPP without spaces, upper case; None when empty (not registered)."""
    if value is None:
        return None
    text = "".join(value.split()).upper()
    if not text:
        return None
    if not re.fullmatch(r"[A-Z0-9.\-/]{1,20}", text):
        raise ServiceError(f"NPP '{value.strip()}' hanya boleh berisi huruf dan angka (maks. 20).")
    return text


@dataclass
class EmployerInput:
    """The editable fields of an employer, as the form or an import gives them.

    ``programs`` is a set of program codes (JKK, JKM, JHT, JP, JKP).
    """

    name: str
    npp: str | None = None
    legal_form: str = "PT"
    npwp: str | None = None
    nib: str | None = None
    kbli_code: str | None = None
    kbli_version: str = "2020"
    sector: str = "lainnya"
    scale: str = "kecil"
    address: str = ""
    regency_code: str | None = None
    contact_person: str = ""
    contact_phone: str = ""
    jkk_risk_class: str = "c"
    workers_reported: int | None = None
    wage_reported: int | None = None
    programs: frozenset[str] = field(default_factory=frozenset)


def _choice(value: str, allowed: Iterable[str], label: str) -> str:
    text = value.strip().lower()
    options = tuple(allowed)
    if text not in options:
        raise ServiceError(f"{label} '{value}' tidak dikenal. Pilihan: {', '.join(options)}.")
    return text


def validate_employer(
    session: Session, data: EmployerInput, *, stored_npwp: str | None = None
) -> dict[str, Any]:
    """Clean and check every field; returns column values for :class:`Employer`.

    ``stored_npwp`` is the NPWP the employer already has: kept as it is
    even when its check digit fails (old data), so editing another field is
    never blocked by it. Raises ServiceError on the first invalid field.
    """
    name = " ".join(data.name.split())
    if not name:
        raise ServiceError("Nama perusahaan wajib diisi.")
    if len(name) > 200:
        raise ServiceError("Nama perusahaan terlalu panjang (maks. 200 karakter).")
    programs = frozenset(p.strip().upper() for p in data.programs if p.strip())
    unknown = programs - set(PROGRAMS)
    if unknown:
        raise ServiceError(
            f"Program {', '.join(sorted(unknown))} tidak dikenal. Pilihan: {', '.join(PROGRAMS)}."
        )
    for label, number in (
        ("Jumlah tenaga kerja dilaporkan", data.workers_reported),
        ("Upah dilaporkan", data.wage_reported),
    ):
        if number is not None and number < 0:
            raise ServiceError(f"{label} tidak boleh negatif.")
    regency = (data.regency_code or "").strip() or None
    if regency is not None:
        level = session.scalar(select(Region.level).where(Region.code == regency))
        if level != "kabupaten":
            raise ServiceError(f"Kode kabupaten/kota '{regency}' tidak ada di tabel wilayah.")
    kbli_version = data.kbli_version.strip() or "2020"
    if kbli_version not in KBLI_VERSIONS:
        raise ServiceError(
            f"Versi KBLI '{kbli_version}' tidak dikenal ({', '.join(KBLI_VERSIONS)})."
        )
    legal_form = " ".join(data.legal_form.split()) or "PT"
    if len(legal_form) > 20:
        raise ServiceError("Bentuk badan usaha terlalu panjang (maks. 20 karakter).")
    return {
        "name": name,
        "npp": clean_npp(data.npp),
        "legal_form": legal_form,
        "npwp": _npwp_unless_unchanged(data.npwp, stored_npwp),
        "nib": clean_nib(data.nib),
        "kbli_code": clean_kbli(data.kbli_code),
        "kbli_version": kbli_version,
        "sector": _choice(data.sector, SECTORS, "Sektor"),
        "scale": _choice(data.scale, SCALES, "Skala usaha"),
        "address": " ".join(data.address.split())[:500],
        "regency_code": regency,
        "contact_person": " ".join(data.contact_person.split())[:120],
        "contact_phone": data.contact_phone.strip()[:40],
        "jkk_risk_class": _choice(data.jkk_risk_class, RISK_CLASSES, "Kelas risiko JKK"),
        "workers_reported": data.workers_reported,
        "wage_reported": data.wage_reported,
        "programs": ",".join(p for p in PROGRAMS if p in programs),
    }


def write_audit(
    session: Session,
    *,
    entity: str,
    entity_id: uuid.UUID | str,
    action: str,
    details: dict[str, Any],
    username: str = "",
) -> None:
    """Add one AuditEvent (in the caller's transaction)."""
    session.add(
        AuditEvent(
            username=username,
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            details=json.dumps(details, ensure_ascii=False, default=str, sort_keys=True),
        )
    )


def _today(today: date | None) -> date:
    return today or date.today()


def save_employer(
    db: Database,
    data: EmployerInput,
    employer_id: uuid.UUID | None = None,
    *,
    username: str = "",
    today: date | None = None,
) -> uuid.UUID:
    """Create (``employer_id`` None) or update an employer; returns its id.

    The audit event holds the old and new value of every changed field.
    Raises ServiceError for invalid fields or an NPP already used by another employer.
    """
    with db.transaction() as session:
        existing = session.get(Employer, employer_id) if employer_id is not None else None
        values = validate_employer(
            session, data, stored_npwp=existing.npwp if existing is not None else None
        )
        if values["npp"] is not None:
            other = session.scalar(select(Employer.id).where(Employer.npp == values["npp"]))
            if other is not None and other != employer_id:
                raise ServiceError(f"NPP {values['npp']} sudah dipakai perusahaan lain.")
        if employer_id is None:
            employer = Employer(**values)
            session.add(employer)
            session.flush()
            write_audit(
                session,
                entity="employer",
                entity_id=employer.id,
                action="create",
                details={"new": values},
                username=username,
            )
        else:
            found = session.get(Employer, employer_id)
            if found is None:
                raise ServiceError("Perusahaan tidak ditemukan (mungkin sudah dihapus).")
            employer = found
            changes = {
                key: {"old": getattr(employer, key), "new": value}
                for key, value in values.items()
                if getattr(employer, key) != value
            }
            if not changes:
                return employer.id
            for key, change in changes.items():
                setattr(employer, key, change["new"])
            write_audit(
                session,
                entity="employer",
                entity_id=employer.id,
                action="update",
                details=changes,
                username=username,
            )
        refresh_compliance(session, [employer.id], today=_today(today))
        return employer.id


def _require_employer(session: Session, employer_id: uuid.UUID) -> Employer:
    employer = session.get(Employer, employer_id)
    if employer is None:
        raise ServiceError("Perusahaan tidak ditemukan (mungkin sudah dihapus).")
    return employer


def record_finding(
    db: Database,
    employer_id: uuid.UUID,
    found_on: date,
    source: str,
    workers_found: int | None,
    wage_found: int | None,
    note: str = "",
    officer: str = "",
    *,
    username: str = "",
    today: date | None = None,
) -> Assessment:
    """Record what an inspection or survey found; returns the employer's new assessment.

    At least one of ``workers_found`` / ``wage_found`` must be given. The
    latest unresolved finding is what the compliance rules use.
    """
    now = _today(today)
    if workers_found is None and wage_found is None:
        raise ServiceError("Isi jumlah tenaga kerja ditemukan atau upah ditemukan.")
    if workers_found is not None and workers_found < 0:
        raise ServiceError("Jumlah tenaga kerja ditemukan tidak boleh negatif.")
    if wage_found is not None and wage_found <= 0:
        raise ServiceError("Upah ditemukan harus lebih dari nol.")
    if found_on > now:
        raise ServiceError("Tanggal temuan tidak boleh sesudah hari ini.")
    source = " ".join(source.split()) or "inspeksi"
    with db.transaction() as session:
        _require_employer(session, employer_id)
        finding = EmployerFinding(
            employer_id=employer_id,
            found_on=found_on,
            source=source[:40],
            workers_found=workers_found,
            wage_found=wage_found,
            note=note.strip(),
            officer=" ".join(officer.split())[:120],
        )
        session.add(finding)
        session.flush()
        write_audit(
            session,
            entity="employer",
            entity_id=employer_id,
            action="finding",
            details={
                "finding_id": str(finding.id),
                "found_on": found_on.isoformat(),
                "source": finding.source,
                "workers_found": workers_found,
                "wage_found": wage_found,
            },
            username=username,
        )
        refresh_compliance(session, [employer_id], today=now)
        return assess_employer(session, employer_id, now)


def record_payment(
    db: Database,
    employer_id: uuid.UUID,
    year: int,
    month: int,
    amount: int,
    paid_on: date,
    *,
    username: str = "",
    today: date | None = None,
) -> Assessment:
    """Add a payment to a month's contribution; returns the employer's new assessment.

    The amount adds to what was already paid for that month (instalments);
    ``paid_on`` becomes the period's latest payment date. A month with no
    record yet is created with nothing due (the due amount comes from the
    contribution import).
    """
    now = _today(today)
    if not 1 <= month <= 12:
        raise ServiceError(f"Bulan {month} tidak valid (1–12).")
    if not 2000 <= year <= now.year + 1:
        raise ServiceError(f"Tahun {year} tidak valid.")
    if amount <= 0:
        raise ServiceError("Jumlah pembayaran harus lebih dari nol.")
    if paid_on > now:
        raise ServiceError("Tanggal bayar tidak boleh sesudah hari ini.")
    with db.transaction() as session:
        _require_employer(session, employer_id)
        period = session.scalar(
            select(ContributionPeriod).where(
                ContributionPeriod.employer_id == employer_id,
                ContributionPeriod.year == year,
                ContributionPeriod.month == month,
            )
        )
        old = None if period is None else {"paid": period.paid, "paid_on": period.paid_on}
        if period is None:
            period = ContributionPeriod(
                employer_id=employer_id, year=year, month=month, due=0, paid=0
            )
            session.add(period)
        period.paid = (period.paid or 0) + amount
        if period.paid_on is None or paid_on >= period.paid_on:
            period.paid_on = paid_on
        write_audit(
            session,
            entity="employer",
            entity_id=employer_id,
            action="payment",
            details={
                "year": year,
                "month": month,
                "amount": amount,
                "paid_on": paid_on.isoformat(),
                "old": old,
            },
            username=username,
        )
        session.flush()
        refresh_compliance(session, [employer_id], today=now)
        return assess_employer(session, employer_id, now)


def mark_resolved(
    db: Database,
    employer_id: uuid.UUID,
    note: str,
    *,
    username: str = "",
    today: date | None = None,
) -> Assessment:
    """Close every open finding of an employer (the case is settled); returns the new assessment.

    Arrears are not cleared by this: they end when payments are recorded.
    Raises ServiceError when there is no open finding or the note is empty.
    """
    now = _today(today)
    note = note.strip()
    if not note:
        raise ServiceError("Tulis keterangan penyelesaian (misalnya dasar penutupan kasus).")
    with db.transaction() as session:
        _require_employer(session, employer_id)
        open_findings = list(
            session.scalars(
                select(EmployerFinding).where(
                    EmployerFinding.employer_id == employer_id,
                    EmployerFinding.resolved_on.is_(None),
                )
            )
        )
        if not open_findings:
            raise ServiceError("Perusahaan ini tidak memiliki temuan terbuka.")
        for finding in open_findings:
            finding.resolved_on = now
            finding.resolution_note = note
        write_audit(
            session,
            entity="employer",
            entity_id=employer_id,
            action="resolve",
            details={"findings": [str(f.id) for f in open_findings], "note": note},
            username=username,
        )
        session.flush()
        refresh_compliance(session, [employer_id], today=now)
        return assess_employer(session, employer_id, now)


def employer_input_of(employer: Employer) -> EmployerInput:
    """The form values of a stored employer (to prefill an edit dialog)."""
    from kantor_app.services.employers.compliance import parse_programs

    values = {k: getattr(employer, k) for k in asdict(EmployerInput(name="")) if k != "programs"}
    return EmployerInput(**values, programs=parse_programs(employer.programs))
