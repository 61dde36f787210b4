"""Employer registry: the employer form's fields, their validation, and saving them.

``save_employer`` runs in one transaction of its own (pass the ``Database``),
writes an audit event with what changed, and refreshes the employer's
denormalised compliance status before committing, so the employer table is
right as soon as the call returns. Invalid input raises ``ServiceError`` with
an Indonesian message naming the field.

Identifiers are cleaned in identifiers.py; findings, payments and closing a
case are in findings.py; the audit writer is services/audit.py. Their names
stay importable from here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.rates import RISK_CLASSES
from kantor_app.domain.vocabulary import FINDING_SOURCES, PROGRAMS, SCALES, SECTORS
from kantor_app.services.audit import write_audit
from kantor_app.services.employers.compliance import refresh_compliance
from kantor_app.services.employers.findings import mark_resolved, record_finding, record_payment
from kantor_app.services.employers.identifiers import (
    clean_kbli,
    clean_nib,
    clean_npp,
    clean_npwp,
    npwp_display,
    npwp_unless_unchanged,
)
from kantor_app.services.errors import ServiceError
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer, Region

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
        raise ServiceError(
            "{label} '{value}' tidak dikenal. Pilihan: {options}.",
            code="choice_unknown",
            label=label,
            value=value,
            options=", ".join(options),
        )
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
        raise ServiceError("Nama perusahaan wajib diisi.", code="employer_name_missing")
    if len(name) > 200:
        raise ServiceError(
            "Nama perusahaan terlalu panjang (maks. 200 karakter).", code="employer_name_long"
        )
    programs = frozenset(p.strip().upper() for p in data.programs if p.strip())
    unknown = programs - set(PROGRAMS)
    if unknown:
        raise ServiceError(
            "Program {programs} tidak dikenal. Pilihan: {options}.",
            code="program_unknown",
            programs=", ".join(sorted(unknown)),
            options=", ".join(PROGRAMS),
        )
    for label, number in (
        ("Jumlah tenaga kerja dilaporkan", data.workers_reported),
        ("Upah dilaporkan", data.wage_reported),
    ):
        if number is not None and number < 0:
            raise ServiceError("{label} tidak boleh negatif.", code="count_negative", label=label)
    regency = (data.regency_code or "").strip() or None
    if regency is not None:
        level = session.scalar(select(Region.level).where(Region.code == regency))
        if level != "kabupaten":
            raise ServiceError(
                "Kode kabupaten/kota '{regency}' tidak ada di tabel wilayah.",
                code="regency_unknown",
                regency=regency,
            )
    kbli_version = data.kbli_version.strip() or "2020"
    if kbli_version not in KBLI_VERSIONS:
        raise ServiceError(
            "Versi KBLI '{version}' tidak dikenal ({options}).",
            code="kbli_version_unknown",
            version=kbli_version,
            options=", ".join(KBLI_VERSIONS),
        )
    legal_form = " ".join(data.legal_form.split()) or "PT"
    if len(legal_form) > 20:
        raise ServiceError(
            "Bentuk badan usaha terlalu panjang (maks. 20 karakter).", code="legal_form_long"
        )
    return {
        "name": name,
        "npp": clean_npp(data.npp),
        "legal_form": legal_form,
        "npwp": npwp_unless_unchanged(data.npwp, stored_npwp),
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
                raise ServiceError(
                    "NPP {npp} sudah dipakai perusahaan lain.", code="npp_taken", npp=values["npp"]
                )
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
                raise ServiceError(
                    "Perusahaan tidak ditemukan (mungkin sudah dihapus).", code="employer_missing"
                )
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
        refresh_compliance(session, [employer.id], today=today or date.today())
        return employer.id


def employer_input_of(employer: Employer) -> EmployerInput:
    """The form values of a stored employer (to prefill an edit dialog)."""
    from kantor_app.services.employers.compliance import parse_programs

    values = {k: getattr(employer, k) for k in asdict(EmployerInput(name="")) if k != "programs"}
    return EmployerInput(**values, programs=parse_programs(employer.programs))
