"""Counts for the status bar."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kantor_app.domain.vocabulary import STATUS_ACTIVE
from kantor_app.store.models import Employer, Worker


@dataclass(frozen=True)
class Counts:
    workers_active: int
    employers: int
    employers_noncompliant: int


def counts(session: Session) -> Counts:
    workers = session.scalar(
        select(func.count()).select_from(Worker).where(Worker.status == STATUS_ACTIVE)
    )
    employers = session.scalar(select(func.count()).select_from(Employer))
    noncompliant = session.scalar(
        select(func.count()).select_from(Employer).where(Employer.compliance_status != "patuh")
    )
    return Counts(int(workers or 0), int(employers or 0), int(noncompliant or 0))
