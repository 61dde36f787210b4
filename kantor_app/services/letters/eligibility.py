"""Which employer may receive which letter, and why not.

A Teguran I opens a sanction case for the violations no open case holds; a
Teguran II, fine notice or TMP2T request is the next step of an open case
whose latest letter's period passed unanswered (see
:mod:`kantor_app.domain.sanction`); a tunggakan notice needs arrears and no
open arrears case; a Jakon reminder needs a construction package past its
registration period (see jakon_selection). A :class:`Case` carries what a
letter is about, so the content is built from the very facts the check saw.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.compliance import Assessment, EmployerFacts
from kantor_app.domain.sanction import CASE_STEPS, scoped_assessment, violation_keys
from kantor_app.services.employers.compliance import (
    ComplianceContext,
    assess_facts,
    employers_with_facts,
    load_context,
)
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.cases import OpenCase, load_cases
from kantor_app.services.letters.figures import unconfirmed_figure_reason
from kantor_app.services.letters.jakon_selection import jakon_selection
from kantor_app.services.letters.kinds import KIND_LABELS, require_kind
from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.store.models import Employer, Letter, PublicWorksPackage

__all__ = ["Case", "check_eligibility", "gather_cases", "refusal_error"]


@dataclass(frozen=True)
class Case:
    """What one letter is about: the employer, its facts and assessment, the kind's extras.

    For a Teguran I, ``assessment`` holds only the violations no open case
    holds (``new_keys``); for a later step, ``sanction`` is the case the letter
    is a step of and ``previous`` that case's latest letter.
    """

    employer: Employer
    facts: EmployerFacts
    assessment: Assessment
    previous: Letter | None
    packages: tuple[PublicWorksPackage, ...]  # jakon: projects past their registration period
    sanction: OpenCase | None = None
    open_cases: tuple[OpenCase, ...] = ()
    holding: tuple[OpenCase, ...] = ()  # open cases and resolved ones: their violations are held
    last_reminder: Letter | None = None  # jakon: the latest Jakon reminder to the employer
    new_keys: frozenset[str] = frozenset()


def _case_summary(case: OpenCase) -> str:
    return f"{case.label()} nomor {case.last.number}"


def _teguran_1_reason(case: Case) -> str | None:
    if case.new_keys:
        return None
    if not case.holding:
        return "patuh (tidak ada temuan)"
    held = "; ".join(_case_summary(c) for c in case.holding)
    return f"semua temuannya sudah dalam kasus yang berjalan atau selesai ({held})"


def _jakon_reason(case: Case, today: date) -> str | None:
    if not case.packages:
        return "tidak memiliki paket pekerjaan konstruksi yang belum didaftarkan Jakon"
    for open_case in case.open_cases:
        if "jakon" in open_case.keys:
            return (
                f"proyeknya sudah ditegur dalam kasus yang berjalan ({_case_summary(open_case)}): "
                "pengingat Jakon hanya dikirim sebelum kasus dibuka"
            )
    last = case.last_reminder
    if last is not None and (last.deadline is None or today <= last.deadline):
        return f"pengingat Jakon nomor {last.number} masih dalam jangka waktunya"
    return None


def _tunggakan_reason(case: Case) -> str | None:
    if case.assessment.arrears_total <= 0:
        return "tidak memiliki tunggakan iuran"
    for open_case in case.open_cases:
        if any(k.startswith("menunggak:") for k in open_case.keys):
            return (
                f"kasus tunggakan sedang berjalan ({_case_summary(open_case)}): pemberitahuan "
                "tunggakan hanya dikirim sebelum kasus dibuka"
            )
    return None


def _step_reason(kind: str, case: Case, today: date) -> str | None:
    if not case.open_cases:
        return "belum ada kasus kepatuhan yang dibuka dengan Teguran Tertulis I"
    if case.sanction is None:
        first = case.open_cases[0]
        return first.progress.refusal(kind, today) or "tidak ada kasus pada tahap ini"
    if not case.sanction.keys & violation_keys(case.assessment):
        return (
            f"pelanggaran dalam kasus {_case_summary(case.sanction)} sudah tidak ditemukan "
            "lagi: tutup kasus sebagai patuh"
        )
    if kind == "denda" and (missing := case.sanction.fine_base_missing()):
        return missing
    if kind == "tmp2t" and not case.employer.regency_code:
        return "kabupaten/kota perusahaan belum diisi: instansi perizinan tidak diketahui"
    return None


def _ineligible_reason(kind: str, case: Case, today: date) -> str | None:
    if kind == "teguran-1":
        return _teguran_1_reason(case)
    if kind == "tunggakan":
        return _tunggakan_reason(case)
    if kind == "jakon":
        return _jakon_reason(case, today)
    if kind in CASE_STEPS:
        return _step_reason(kind, case, today)
    return None


def _build_case(
    kind: str,
    employer: Employer,
    facts: EmployerFacts,
    assessment: Assessment,
    every_case: Sequence[OpenCase],
    packages: Sequence[PublicWorksPackage],
    today: date,
) -> Case:
    open_cases = tuple(c for c in every_case if not c.closed)
    holding = open_cases + tuple(c for c in every_case if c.case.close_reason == "selesai")
    held = frozenset().union(*(c.keys for c in holding)) if holding else frozenset()
    if kind == "teguran-1":
        new_keys = violation_keys(assessment) - held
        return Case(
            employer,
            facts,
            scoped_assessment(assessment, new_keys),
            None,
            tuple(packages),
            open_cases=open_cases,
            holding=holding,
            new_keys=new_keys,
        )
    sanction = None
    if kind in CASE_STEPS:
        sanction = next((c for c in open_cases if c.progress.allows(kind, today)), None)
    return Case(
        employer,
        facts,
        assessment,
        sanction.last if sanction is not None else None,
        tuple(packages),
        sanction=sanction,
        open_cases=open_cases,
        holding=holding,
    )


def _last_reminders(session: Session, employer_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Letter]:
    """Per employer, its latest Jakon reminder."""
    latest: dict[uuid.UUID, Letter] = {}
    for start in range(0, len(employer_ids), 900):
        rows = session.scalars(
            select(Letter)
            .where(
                Letter.kind == "jakon", Letter.employer_id.in_(employer_ids[start : start + 900])
            )
            .order_by(Letter.issued_on, Letter.created_at)
        )
        for letter in rows:
            latest[letter.employer_id] = letter
    return latest


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
    every_case = load_cases(
        session,
        employer_ids,
        holidays=ctx.holidays,
        allowance_days=load_branch_settings(session).delivery_allowance_days,
        include_closed=True,
    )
    reminders = _last_reminders(session, employer_ids) if kind == "jakon" else {}
    jakon = (
        jakon_selection(session, employer_ids, ctx.today, ctx.holidays) if kind == "jakon" else None
    )
    cases: list[Case] = []
    refused: dict[uuid.UUID, str] = {}
    for employer_id in employer_ids:
        employer, facts = gathered[employer_id]
        case = _build_case(
            kind,
            employer,
            facts,
            assess_facts(facts, ctx),
            every_case.get(employer_id, ()),
            jakon.packages.get(employer_id, ()) if jakon else (),
            ctx.today,
        )
        if employer_id in reminders:
            case = replace(case, last_reminder=reminders[employer_id])
        reason = jakon.refused.get(employer_id) if jakon else None
        reason = reason or _ineligible_reason(kind, case, ctx.today)
        reason = reason or unconfirmed_figure_reason(kind, case, ctx)
        if reason is not None:
            refused[employer_id] = reason
        cases.append(case)
    return cases, refused


def check_eligibility(
    session: Session, kind: str, employer_ids: Sequence[uuid.UUID], today: date
) -> dict[uuid.UUID, str]:
    """Employers that may not receive ``kind`` on ``today``, with the reason (empty: all may).

    The rules are those of the module: the sanction path for the teguran,
    fine and TMP2T steps, arrears for a notice, a package for a reminder.
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
