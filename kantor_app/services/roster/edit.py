"""Adding, changing and deactivating one worker, with the import's rules and an audit row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.nik import NIK_ERROR_MESSAGES, NikInfo, parse_nik
from kantor_app.domain.textnorm import clean_name, name_key
from kantor_app.domain.vocabulary import SEGMENTS, STATUS_ACTIVE, STATUS_INACTIVE
from kantor_app.domain.wilayah import RegionTable
from kantor_app.services.audit import write_audit
from kantor_app.services.errors import ServiceError
from kantor_app.services.roster.regions import region_table
from kantor_app.services.roster.rows import WorkerData
from kantor_app.services.roster.warnings import warning_code
from kantor_app.store.engine import Database
from kantor_app.store.models import Worker

STATUSES = (STATUS_ACTIVE, STATUS_INACTIVE)


@dataclass(frozen=True)
class SaveResult:
    worker_id: uuid.UUID
    created: bool
    warnings: tuple[str, ...]


def validate_worker(
    data: WorkerData, regions: RegionTable | None = None
) -> tuple[NikInfo, WorkerData, list[str]]:
    """The import's rules for one worker: the cleaned data and its warnings.

    Raises ServiceError (Indonesian) for what the import would reject.
    """
    regions = regions or region_table()
    info = parse_nik(data.nik, regions.regency_codes_for_nik())
    if not isinstance(info, NikInfo):
        raise ServiceError("{reason}", code=info.value, reason=NIK_ERROR_MESSAGES[info])
    name = clean_name(data.name)
    if not name:
        raise ServiceError("Nama wajib diisi.", code="name_missing")
    if data.segment not in SEGMENTS:
        raise ServiceError(
            "Segmen '{segment}' tidak dikenal.", code="segment_unknown", segment=data.segment
        )
    if data.status not in STATUSES:
        raise ServiceError(
            "Status '{status}' tidak dikenal.", code="status_unknown", status=data.status
        )
    if data.income is not None and data.income < 0:
        raise ServiceError("Penghasilan tidak boleh negatif.", code="income_negative")
    if data.gender not in (None, "L", "P"):
        raise ServiceError("Jenis kelamin harus L atau P.", code="gender_invalid")
    _check_regions(data, regions)
    warnings: list[str] = []
    birth_date = data.birth_date or info.birth_date
    gender = data.gender or info.gender
    if birth_date != info.birth_date:
        warnings.append("Tanggal lahir berbeda dengan tanggal lahir dalam NIK.")
    if gender != info.gender:
        warnings.append("Jenis kelamin berbeda dengan NIK.")
    cleaned = WorkerData(
        nik=info.nik,
        name=name,
        birth_date=birth_date,
        gender=gender,
        address=clean_name(data.address),
        regency_code=data.regency_code or None,
        district_code=data.district_code or None,
        village_code=data.village_code or None,
        occupation=clean_name(data.occupation),
        phone=data.phone.strip(),
        income=data.income,
        segment=data.segment,
        status=data.status,
    )
    return info, cleaned, warnings


def _check_regions(data: WorkerData, regions: RegionTable) -> None:
    if data.regency_code and regions.regency(data.regency_code) is None:
        raise ServiceError(
            "Kode kabupaten/kota {regency} tidak dikenal.",
            code="regency_unknown",
            regency=data.regency_code,
        )
    if data.district_code:
        if not data.regency_code or not data.district_code.startswith(data.regency_code + "."):
            raise ServiceError(
                "Kecamatan tidak berada di kabupaten/kota yang dipilih.",
                code="district_outside_regency",
            )
        if regions.district_name(data.district_code) is None:
            raise ServiceError(
                "Kode kecamatan {district} tidak dikenal.",
                code="district_unknown",
                district=data.district_code,
            )
    if data.village_code:
        if not data.district_code or not data.village_code.startswith(data.district_code + "."):
            raise ServiceError(
                "Desa/kelurahan tidak berada di kecamatan yang dipilih.",
                code="village_outside_district",
            )
        if regions.village_name(data.village_code) is None:
            raise ServiceError(
                "Kode desa/kelurahan {village} tidak dikenal.",
                code="village_unknown",
                village=data.village_code,
            )


def _audit(
    session: Session, worker_id: uuid.UUID, action: str, details: dict[str, Any], username: str
) -> None:
    write_audit(
        session,
        entity="worker",
        entity_id=worker_id,
        action=action,
        details=details,
        username=username,
    )


def save_worker(
    db: Database,
    data: WorkerData,
    *,
    worker_id: uuid.UUID | None = None,
    username: str = "",
    regions: RegionTable | None = None,
) -> SaveResult:
    """Add (worker_id None) or change a worker, with the import's validation and an audit row."""
    _, clean, warnings = validate_worker(data, regions)
    # Stored as codes, one per line, like the importer does; shown via warning_text.
    stored_warnings = "\n".join(warning_code(w) for w in warnings)
    values = {f.name: getattr(clean, f.name) for f in fields(WorkerData)}
    with db.transaction() as session:
        clash = session.execute(
            select(Worker.id).where(Worker.nik == clean.nik)
        ).scalar_one_or_none()
        if clash is not None and clash != worker_id:
            raise ServiceError(
                "NIK {nik} sudah terdaftar pada peserta lain.", code="nik_taken", nik=clean.nik
            )
        if worker_id is None:
            worker = Worker(
                **values,
                name_key=name_key(clean.name),
                warnings=stored_warnings,
                source="input manual",
            )
            session.add(worker)
            session.flush()
            _audit(session, worker.id, "create", {"nik": clean.nik}, username)
            return SaveResult(worker.id, True, tuple(warnings))
        existing = session.get(Worker, worker_id)
        if existing is None:
            raise ServiceError("Peserta ini sudah tidak ada di basis data.", code="worker_missing")
        changes: dict[str, Any] = {}
        for key, value in values.items():
            old = getattr(existing, key)
            if old != value:
                changes[key] = {"lama": old, "baru": value}
                setattr(existing, key, value)
        existing.name_key = name_key(clean.name)
        existing.warnings = stored_warnings
        if changes:
            _audit(session, worker_id, "update", changes, username)
        return SaveResult(worker_id, False, tuple(warnings))


def deactivate_worker(db: Database, worker_id: uuid.UUID, *, username: str = "") -> bool:
    """Mark a worker nonaktif (kept for history); False when already inactive."""
    with db.transaction() as session:
        worker = session.get(Worker, worker_id)
        if worker is None:
            raise ServiceError("Peserta ini sudah tidak ada di basis data.", code="worker_missing")
        if worker.status == STATUS_INACTIVE:
            return False
        _audit(
            session,
            worker_id,
            "deactivate",
            {"status": {"lama": worker.status, "baru": STATUS_INACTIVE}},
            username,
        )
        worker.status = STATUS_INACTIVE
        return True
