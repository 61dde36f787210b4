"""Who a batch of letters goes to: employers named by NPP, or the non-compliant ones that qualify.

The CLI and the issue dialog pick recipients here, so neither runs an ORM
query of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.compliance import Status
from kantor_app.services.employers.compliance import refresh_compliance
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.eligibility import check_eligibility
from kantor_app.services.letters.jakon_selection import jakon_batch
from kantor_app.services.letters.kinds import require_kind
from kantor_app.services.reference.seed import load_holidays
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer

__all__ = [
    "NONCOMPLIANT_STATUSES",
    "Recipients",
    "choose_recipients",
    "employer_ids_by_npp",
    "employer_names",
    "noncompliant_employer_ids",
]

NONCOMPLIANT_STATUSES: tuple[str, ...] = tuple(s.value for s in Status if s is not Status.PATUH)


def noncompliant_employer_ids(
    session: Session,
    sector: str | None = None,
    regency_code: str | None = None,
    statuses: Collection[str] = NONCOMPLIANT_STATUSES,
) -> list[uuid.UUID]:
    """Employers whose stored compliance status is one of ``statuses``, by name.

    Uses the denormalised ``Employer.compliance_status`` (keep it fresh with
    ``refresh_compliance``).
    """
    query = select(Employer.id).where(Employer.compliance_status.in_(list(statuses)))
    if sector:
        query = query.where(Employer.sector == sector)
    if regency_code:
        query = query.where(Employer.regency_code == regency_code)
    return list(session.scalars(query.order_by(Employer.name, Employer.id)))


def employer_ids_by_npp(session: Session, npps: Sequence[str]) -> list[uuid.UUID]:
    """The employers with these NPPs, in the order given (repeats dropped).

    Spaces are ignored and letters upper-cased, as people type them; an
    unknown NPP is a ServiceError naming every one not found.
    """
    wanted = ["".join(n.split()).upper() for n in npps]
    found = dict(
        session.execute(select(Employer.npp, Employer.id).where(Employer.npp.in_(wanted)))
        .tuples()
        .all()
    )
    unknown = [n for n in wanted if n not in found]
    if unknown:
        raise ServiceError(
            "NPP tidak ditemukan: {npps}", code="npp_not_found", npps=", ".join(unknown)
        )
    return [found[n] for n in dict.fromkeys(wanted)]


def employer_names(db: Database, employer_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The name of each employer that exists among ``employer_ids``."""
    if not employer_ids:
        return {}
    with db.session() as session:
        rows = session.execute(
            select(Employer.id, Employer.name).where(Employer.id.in_(list(employer_ids)))
        )
        return {row[0]: row[1] for row in rows}


@dataclass(frozen=True)
class Recipients:
    """The employers a batch goes to, in order, and those left out with the reason."""

    employer_ids: list[uuid.UUID]
    skipped: dict[uuid.UUID, str]


def choose_recipients(
    db: Database,
    kind: str,
    today: date,
    *,
    npps: Sequence[str] | None = None,
    sector: str | None = None,
    regency_code: str | None = None,
) -> Recipients:
    """The recipients of a batch of ``kind`` on ``today``: the ``npps`` given, or (None)
    every non-compliant employer of ``sector`` and ``regency_code`` that may receive it.

    Stored compliance statuses are brought up to ``today`` first (months pass
    between two batches). Employers named by NPP are not checked here:
    :func:`~kantor_app.services.letters.issuing.issue_letters` refuses the
    batch with the reasons if one may not receive it, while a non-compliant
    employer that does not qualify is only skipped. A Jakon batch goes to the
    contractors with overdue projects, whatever their compliance status.
    """
    require_kind(kind)
    with db.transaction() as session:
        refresh_compliance(session, today=today)
    with db.session() as session:
        if npps is not None:
            return Recipients(employer_ids_by_npp(session, npps), skipped={})
        if kind == "jakon":
            chosen, skipped = jakon_batch(
                session, today, load_holidays(session), sector=sector, regency_code=regency_code
            )
            return Recipients(chosen, skipped)
        ids = noncompliant_employer_ids(session, sector=sector, regency_code=regency_code)
        skipped = check_eligibility(session, kind, ids, today) if ids else {}
        return Recipients([i for i in ids if i not in skipped], skipped)
