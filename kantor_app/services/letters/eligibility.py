"""Which employer may receive which letter, and why not.

Teguran II needs a Teguran I whose deadline has passed, unanswered and not
yet followed by a Teguran II; a tunggakan notice needs arrears; a Jakon
reminder needs a construction package without Jakon registration; a Teguran
I needs a finding (status other than Patuh). A :class:`Case` carries what a
letter is about, so the content is built from the very facts the check saw.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.compliance import Assessment, EmployerFacts, Status
from kantor_app.domain.dates import format_date_id
from kantor_app.services.employers.compliance import (
    ComplianceContext,
    assess_facts,
    employers_with_facts,
    load_context,
)
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.figures import unconfirmed_figure_reason
from kantor_app.services.letters.kinds import KIND_LABELS, require_kind
from kantor_app.store.models import Employer, Letter, PublicWorksPackage

__all__ = ["Case", "check_eligibility", "gather_cases", "refusal_error"]


def _open_teguran_1(session: Session, employer_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Letter]:
    """Per employer, its latest Teguran I (if any)."""
    latest: dict[uuid.UUID, Letter] = {}
    if not employer_ids:
        return latest
    for start in range(0, len(employer_ids), 900):
        chunk = employer_ids[start : start + 900]
        rows = session.scalars(
            select(Letter)
            .where(Letter.kind == "teguran-1", Letter.employer_id.in_(chunk))
            .order_by(Letter.issued_on, Letter.created_at)
        )
        for letter in rows:
            latest[letter.employer_id] = letter
    return latest


def _followed_up(session: Session, letter_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    if not letter_ids:
        return set()
    return set(
        session.scalars(
            select(Letter.previous_letter_id).where(
                Letter.kind == "teguran-2", Letter.previous_letter_id.in_(list(letter_ids))
            )
        )
    )


def _jakon_packages(
    session: Session, employer_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[PublicWorksPackage]]:
    """Construction packages of each contractor without Jakon registration."""
    packages: dict[uuid.UUID, list[PublicWorksPackage]] = {}
    if not employer_ids:
        return packages
    rows = session.scalars(
        select(PublicWorksPackage)
        .where(
            PublicWorksPackage.contractor_id.in_(list(employer_ids)),
            PublicWorksPackage.jakon_registered_on.is_(None),
        )
        .order_by(PublicWorksPackage.fiscal_year, PublicWorksPackage.kd_rup)
    )
    for package in rows:
        assert package.contractor_id is not None
        packages.setdefault(package.contractor_id, []).append(package)
    return packages


@dataclass(frozen=True)
class Case:
    """What one letter is about: the employer, its facts and assessment, the kind's extras."""

    employer: Employer
    facts: EmployerFacts
    assessment: Assessment
    previous: Letter | None  # teguran-2: the latest Teguran I
    previous_followed_up: bool  # teguran-2: that Teguran I already has a Teguran II
    packages: tuple[PublicWorksPackage, ...]  # jakon: projects without Jakon registration


def _ineligible_reason(kind: str, case: Case, today: date) -> str | None:
    a = case.assessment
    if kind == "teguran-1" and a.primary is Status.PATUH:
        return "patuh (tidak ada temuan)"
    if kind == "tunggakan" and a.arrears_total <= 0:
        return "tidak memiliki tunggakan iuran"
    if kind == "jakon" and not case.packages:
        return "tidak memiliki paket pekerjaan konstruksi yang belum didaftarkan Jakon"
    if kind == "teguran-2":
        first = case.previous
        if first is None:
            return "belum pernah diberi Teguran Tertulis I"
        if case.previous_followed_up:
            return f"Teguran Tertulis I nomor {first.number} sudah diikuti Teguran Tertulis II"
        if first.status == "dijawab":
            return f"Teguran Tertulis I nomor {first.number} sudah dijawab"
        if first.deadline is not None and today <= first.deadline:
            return (
                f"batas waktu Teguran Tertulis I nomor {first.number} belum lewat "
                f"({format_date_id(first.deadline)})"
            )
        if a.primary is Status.PATUH:
            return "sudah patuh"
    return None


def gather_cases(
    session: Session,
    kind: str,
    employer_ids: Sequence[uuid.UUID],
    ctx: ComplianceContext,
) -> tuple[list[Case], dict[uuid.UUID, str]]:
    """The cases in the given order, and the reasons of those not eligible for ``kind``."""
    gathered = {e.id: (e, f) for e, f in employers_with_facts(session, employer_ids, ctx)}
    missing = [i for i in employer_ids if i not in gathered]
    if missing:
        raise ServiceError(
            "{count} perusahaan yang dipilih tidak ditemukan.",
            code="employers_not_found",
            count=len(missing),
        )
    previous: dict[uuid.UUID, Letter] = {}
    followed: set[uuid.UUID] = set()
    if kind == "teguran-2":
        previous = _open_teguran_1(session, employer_ids)
        followed = _followed_up(session, [letter.id for letter in previous.values()])
    packages = _jakon_packages(session, employer_ids) if kind == "jakon" else {}
    cases: list[Case] = []
    refused: dict[uuid.UUID, str] = {}
    for employer_id in employer_ids:
        employer, facts = gathered[employer_id]
        first = previous.get(employer_id)
        case = Case(
            employer=employer,
            facts=facts,
            assessment=assess_facts(facts, ctx),
            previous=first,
            previous_followed_up=first is not None and first.id in followed,
            packages=tuple(packages.get(employer_id, ())),
        )
        reason = _ineligible_reason(kind, case, ctx.today) or unconfirmed_figure_reason(
            kind, case, ctx
        )
        if reason is not None:
            refused[employer_id] = reason
        cases.append(case)
    return cases, refused


def check_eligibility(
    session: Session, kind: str, employer_ids: Sequence[uuid.UUID], today: date
) -> dict[uuid.UUID, str]:
    """Employers that may not receive ``kind`` on ``today``, with the reason (empty: all may).

    Teguran II needs a Teguran I whose deadline has passed, unanswered and not
    yet followed by a Teguran II; a tunggakan notice needs arrears; a Jakon
    reminder needs a construction package without Jakon registration; a
    Teguran I needs a finding (status other than Patuh).
    """
    require_kind(kind)
    ctx = load_context(session, today)
    return gather_cases(session, kind, list(dict.fromkeys(employer_ids)), ctx)[1]


def refusal_error(kind: str, cases: Sequence[Case], refused: dict[uuid.UUID, str]) -> ServiceError:
    """The refusal naming the first five employers a letter cannot be made for, and why."""
    names = {c.employer.id: c.employer.name for c in cases}
    lines = [f"- {names[i]}: {reason}" for i, reason in list(refused.items())[:5]]
    more = f"\n… dan {len(refused) - 5} perusahaan lainnya" if len(refused) > 5 else ""
    return ServiceError(
        "{kind} tidak dapat dibuat untuk {count} perusahaan:\n{details}",
        code="letter_refused",
        kind=KIND_LABELS[kind],
        count=len(refused),
        details="\n".join(lines) + more,
    )
