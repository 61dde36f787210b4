"""What the roster table and the worker dialog show of a worker."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from kantor_app.domain.vocabulary import STATUS_ACTIVE
from kantor_app.store.models import Region, Worker


@dataclass(frozen=True)
class WorkerRow:
    """One line of the roster table."""

    id: uuid.UUID
    nik: str
    name: str
    birth_date: date | None
    gender: str | None
    regency_code: str | None
    regency_name: str | None
    district_name: str | None
    village_name: str | None
    occupation: str
    phone: str
    income: int | None
    segment: str
    status: str
    warnings: str


@dataclass(frozen=True)
class WorkerData:
    """What the add/edit dialog sends and receives."""

    nik: str
    name: str
    birth_date: date | None = None
    gender: str | None = None
    address: str = ""
    regency_code: str | None = None
    district_code: str | None = None
    village_code: str | None = None
    occupation: str = ""
    phone: str = ""
    income: int | None = None
    segment: str = "BPU"
    status: str = STATUS_ACTIVE


def _row_select() -> Select[Any]:
    regency = aliased(Region)
    district = aliased(Region)
    village = aliased(Region)
    return (
        select(
            Worker.id,
            Worker.nik,
            Worker.name,
            Worker.birth_date,
            Worker.gender,
            Worker.regency_code,
            regency.name,
            district.name,
            village.name,
            Worker.occupation,
            Worker.phone,
            Worker.income,
            Worker.segment,
            Worker.status,
            Worker.warnings,
        )
        .outerjoin(regency, regency.code == Worker.regency_code)
        .outerjoin(district, district.code == Worker.district_code)
        .outerjoin(village, village.code == Worker.village_code)
    )


def fetch_rows(session: Session, ids: Sequence[uuid.UUID]) -> list[WorkerRow]:
    """Table rows for `ids`, in the same order (ids no longer present are left out)."""
    if not ids:
        return []
    query = _row_select().where(Worker.id.in_(list(ids)))
    by_id = {row[0]: WorkerRow(*row) for row in session.execute(query)}
    return [by_id[i] for i in ids if i in by_id]


def worker_detail(session: Session, worker_id: uuid.UUID) -> WorkerData | None:
    worker = session.get(Worker, worker_id)
    if worker is None:
        return None
    return WorkerData(
        nik=worker.nik,
        name=worker.name,
        birth_date=worker.birth_date,
        gender=worker.gender,
        address=worker.address,
        regency_code=worker.regency_code,
        district_code=worker.district_code,
        village_code=worker.village_code,
        occupation=worker.occupation,
        phone=worker.phone,
        income=worker.income,
        segment=worker.segment,
        status=worker.status,
    )
