"""Who gets a Jakon reminder: contractors with overdue packages, whatever their status.

A Jakon reminder is about projects, not about the employer's compliance
status: a "Patuh" contractor with a project past its 14 working days gets
one, and a project still inside its period gets none (the refusal says until
when it runs). The batch (CLI ``--all-noncompliant``, the issue dialog) and
the eligibility check both read :func:`jakon_selection`.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.dates import format_date_id
from kantor_app.domain.jakon import JakonReview
from kantor_app.services.employers.jakon import review_packages
from kantor_app.services.employers.query import EmployerFilter, employer_ids
from kantor_app.services.reference.seed import load_holidays, load_jakon_bands
from kantor_app.store.models import Employer, PublicWorksPackage

__all__ = ["JakonSelection", "jakon_batch", "jakon_candidates", "jakon_selection"]

_CHUNK = 900  # bound parameters per query, far below old SQLite limits
NO_PACKAGE = "tidak memiliki paket pekerjaan konstruksi yang belum didaftarkan Jakon"


@dataclass(frozen=True)
class JakonSelection:
    """Per contractor its overdue packages (the letter's), and the refusals of the rest."""

    packages: dict[uuid.UUID, tuple[PublicWorksPackage, ...]]
    refused: dict[uuid.UUID, str]


def _in_period_reason(review: JakonReview[PublicWorksPackage]) -> str:
    first = review.in_period[0]
    reason = (
        f"paket {first.package.name} (kode RUP {first.package.kd_rup}) masih dalam masa "
        f"pendaftaran Jakon sampai dengan {format_date_id(first.period_end)}"
    )
    others = len(review.in_period) - 1
    if others:
        reason += f" (dan {others} paket lain yang masih dalam masanya)"
    return reason


def _figure_reason(
    packages: Sequence[PublicWorksPackage], has_bands: bool, today: date
) -> str | None:
    """Why the letter cannot state each package's contribution (only known figures on paper)."""
    if not has_bands:
        return (
            f"tabel tarif Jakon menurut nilai kontrak belum ada untuk {format_date_id(today)}: "
            "lengkapi di Pengaturan > Tarif"
        )
    missing = [p for p in packages if not p.contract_value]
    if missing:
        names = "; ".join(f"{p.name} (kode RUP {p.kd_rup})" for p in missing)
        return f"nilai kontrak paket belum diisi: {names}"
    return None


def jakon_selection(
    session: Session,
    employer_ids: Collection[uuid.UUID] | None,
    today: date,
    holidays: Collection[date],
) -> JakonSelection:
    """The overdue packages of each employer, and why the others get no reminder.

    With ``None``, every contractor with an unregistered package: those
    whose packages are all in period come back as refused.
    """
    reviews = review_packages(session, employer_ids, today, holidays)
    has_bands = bool(load_jakon_bands(session, today))
    packages: dict[uuid.UUID, tuple[PublicWorksPackage, ...]] = {}
    refused: dict[uuid.UUID, str] = {}
    for employer_id in reviews if employer_ids is None else employer_ids:
        review = reviews.get(employer_id)
        if review is not None and review.overdue:
            overdue = tuple(due.package for due in review.overdue)
            unknown = _figure_reason(overdue, has_bands, today)
            if unknown is None:
                packages[employer_id] = overdue
            else:
                refused[employer_id] = unknown
        elif review is not None and review.in_period:
            refused[employer_id] = _in_period_reason(review)
        else:
            refused[employer_id] = NO_PACKAGE
    return JakonSelection(packages, refused)


def jakon_batch(
    session: Session,
    today: date,
    holidays: Collection[date],
    *,
    sector: str | None = None,
    regency_code: str | None = None,
) -> tuple[list[uuid.UUID], dict[uuid.UUID, str]]:
    """The contractors of a Jakon batch by name, and those left out with the reason.

    ``sector`` and ``regency_code`` narrow the contractors as they narrow the
    other batches; the employer's compliance status plays no part.
    """
    selection = jakon_selection(session, None, today, holidays)
    candidates = set(selection.packages) | set(selection.refused)
    if not candidates:
        return [], {}
    query = select(Employer.name, Employer.id)
    if sector:
        query = query.where(Employer.sector == sector)
    if regency_code:
        query = query.where(Employer.regency_code == regency_code)
    ids = sorted(candidates)
    named: list[tuple[str, uuid.UUID]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        named.extend(session.execute(query.where(Employer.id.in_(chunk))).tuples())
    # The employer table's order: names without regard to case.
    ordered = [i for _name, i in sorted(named, key=lambda row: (row[0].lower(), str(row[1])))]
    chosen = [i for i in ordered if i in selection.packages]
    skipped = {i: selection.refused[i] for i in ordered if i in selection.refused}
    return chosen, skipped


def jakon_candidates(session: Session, today: date, flt: EmployerFilter) -> list[uuid.UUID]:
    """The issue dialog's Jakon batch under the employer table's filter, status aside.

    The contractors with overdue packages come first (by name), then those
    whose packages are all in period, so the dialog can say until when.
    """
    chosen, skipped = jakon_batch(
        session, today, load_holidays(session), sector=flt.sector, regency_code=flt.regency_code
    )
    candidates = chosen + list(skipped)
    if flt.text.strip():
        shown = set(employer_ids(session, replace(flt, status=None)))
        candidates = [i for i in candidates if i in shown]
    return candidates
