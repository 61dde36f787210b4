"""Employer compliance from the database: facts gathering, assessment, and the status cache.

The rules live in :mod:`kantor_app.domain.compliance`; this module only
collects their inputs from the rows:

- the employer's own registry data (NPP, scale, workers and wage reported,
  programs enrolled);
- per field, the latest *unresolved* finding (inspection or survey) that
  has workers found / wage found;
- the UMK of the employer's kab/kota for the year of ``today`` (the latest
  earlier year when that year's SK is not in the table yet);
- the monthly contribution periods, their receipted payments and paid late fees;
- the contractor's construction packages past their Jakon registration period;
- the late-fee rate in force on ``today`` and the holiday table.

``refresh_compliance`` writes the result into the denormalised
``Employer.compliance_status`` / ``Employer.arrears_total`` columns so that the
employer table filters and sorts in SQL. It reads in a handful of batch
queries (about 0.2 s per 1,000 employers on SQLite), not one query per employer.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.compliance import (
    Assessment,
    EmployerFacts,
    PeriodFacts,
    assess,
)
from kantor_app.domain.jakon import OverdueProject
from kantor_app.domain.rates import LATE_FEE, PU, RateNotFoundError, RateTable
from kantor_app.services.employers.jakon import overdue_projects, review_packages
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.reference.seed import (
    UmkRecord,
    load_holidays,
    load_minimum_wages,
    load_rate_table,
    load_umk_records,
    umk_screen_note,
)
from kantor_app.store.models import (
    ContributionPayment,
    ContributionPeriod,
    Employer,
    EmployerFinding,
)

__all__ = [
    "ComplianceContext",
    "assess_employer",
    "assess_employers",
    "assess_facts",
    "employer_facts",
    "employers_with_facts",
    "load_context",
    "parse_programs",
    "refresh_compliance",
]

# SQLite allows 32,766 bound parameters since 3.32; stay far below for older builds.
_CHUNK = 900


def parse_programs(text: str) -> frozenset[str]:
    """Programs stored as "JKK,JKM,JHT" -> {"JKK","JKM","JHT"} (case and spaces ignored)."""
    return frozenset(p.strip().upper() for p in text.replace(";", ",").split(",") if p.strip())


@dataclass(frozen=True)
class ComplianceContext:
    """What every assessment on one day shares: late-fee rate, holidays, UMK table."""

    today: date
    late_fee_rate: Decimal
    holidays: frozenset[date]
    minimum_wages: dict[str, int]  # kab/kota code -> UMK for today's year
    rates: RateTable
    # The rows behind minimum_wages: a letter prints only a confirmed UMK of its own year.
    umk: Mapping[str, UmkRecord] = field(default_factory=dict)


def load_context(session: Session, today: date) -> ComplianceContext:
    """Reference data for assessments on ``today``; ServiceError when the rate table lacks
    the late fee."""
    rates = load_rate_table(session)
    try:
        late_fee_rate = rates.value(LATE_FEE, PU, today)
    except RateNotFoundError as exc:
        # The domain names the missing rate (program, segment, date) in its sentence.
        raise ServiceError(
            "{reason} Lengkapi tabel tarif (denda keterlambatan).",
            code="late_fee_rate_missing",
            reason=str(exc),
        ) from None
    return ComplianceContext(
        today=today,
        late_fee_rate=late_fee_rate,
        holidays=load_holidays(session),
        minimum_wages=load_minimum_wages(session, today.year),
        rates=rates,
        umk=load_umk_records(session, today.year),
    )


@dataclass(frozen=True)
class _Found:
    workers: int | None = None
    wage: int | None = None


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[Sequence[uuid.UUID]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _latest_findings(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, _Found]:
    """Per employer, the latest unresolved workers-found and wage-found values."""
    found: dict[uuid.UUID, _Found] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(
                EmployerFinding.employer_id,
                EmployerFinding.workers_found,
                EmployerFinding.wage_found,
            )
            .where(
                EmployerFinding.employer_id.in_(chunk),
                EmployerFinding.resolved_on.is_(None),
            )
            .order_by(EmployerFinding.found_on, EmployerFinding.created_at)
        )
        # Oldest first: each later finding overwrites the fields it has.
        for employer_id, workers, wage in rows:
            prev = found.get(employer_id, _Found())
            found[employer_id] = _Found(
                workers=workers if workers is not None else prev.workers,
                wage=wage if wage is not None else prev.wage,
            )
    return found


def _receipts(
    session: Session, chunk: Sequence[uuid.UUID]
) -> dict[tuple[uuid.UUID, int, int], list[tuple[date, int]]]:
    """Receipted contribution payments per (employer, year, month), for late fees."""
    receipts: dict[tuple[uuid.UUID, int, int], list[tuple[date, int]]] = defaultdict(list)
    rows = session.execute(
        select(
            ContributionPayment.employer_id,
            ContributionPayment.year,
            ContributionPayment.month,
            ContributionPayment.paid_on,
            ContributionPayment.amount,
        ).where(ContributionPayment.employer_id.in_(chunk), ContributionPayment.kind == "iuran")
    )
    for employer_id, year, month, paid_on, amount in rows:
        receipts[(employer_id, year, month)].append((paid_on, amount))
    return receipts


def _periods(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[PeriodFacts]]:
    periods: dict[uuid.UUID, list[PeriodFacts]] = defaultdict(list)
    for chunk in _chunks(ids):
        receipts = _receipts(session, chunk)
        rows = session.execute(
            select(
                ContributionPeriod.employer_id,
                ContributionPeriod.year,
                ContributionPeriod.month,
                ContributionPeriod.due,
                ContributionPeriod.paid,
                ContributionPeriod.paid_on,
                ContributionPeriod.fee_paid,
            ).where(ContributionPeriod.employer_id.in_(chunk))
        )
        for employer_id, year, month, due, paid, paid_on, fee_paid in rows:
            periods[employer_id].append(
                PeriodFacts(
                    year,
                    month,
                    due,
                    paid,
                    paid_on,
                    payments=tuple(receipts.get((employer_id, year, month), ())),
                    fee_paid=fee_paid or 0,
                )
            )
    return periods


def _facts(
    employer: Employer,
    found: _Found,
    periods: list[PeriodFacts],
    ctx: ComplianceContext,
    jakon_overdue: tuple[OverdueProject, ...] = (),
) -> EmployerFacts:
    return EmployerFacts(
        npp=employer.npp,
        scale=employer.scale,
        workers_reported=employer.workers_reported,
        workers_found=found.workers,
        wage_reported=employer.wage_reported,
        wage_found=found.wage,
        minimum_wage=(
            ctx.minimum_wages.get(employer.regency_code) if employer.regency_code else None
        ),
        programs=parse_programs(employer.programs),
        periods=tuple(sorted(periods, key=lambda p: (p.year, p.month))),
        minimum_wage_note=umk_screen_note(ctx.umk.get(employer.regency_code or ""), ctx.today),
        jakon_overdue=jakon_overdue,
    )


def employer_facts(session: Session, employer: Employer, ctx: ComplianceContext) -> EmployerFacts:
    """The rule inputs of one employer."""
    found = _latest_findings(session, [employer.id]).get(employer.id, _Found())
    periods = _periods(session, [employer.id]).get(employer.id, [])
    jakon = review_packages(session, [employer.id], ctx.today, ctx.holidays)
    return _facts(employer, found, periods, ctx, overdue_projects(jakon, employer.id))


def assess_facts(facts: EmployerFacts, ctx: ComplianceContext) -> Assessment:
    """Run the domain rules on gathered facts; ServiceError for data the rules refuse."""
    try:
        return assess(
            facts, today=ctx.today, late_fee_rate=ctx.late_fee_rate, holidays=ctx.holidays
        )
    except ValueError as exc:  # unknown scale in imported/edited data
        raise ServiceError("{reason}", code="compliance_data_refused", reason=str(exc)) from None


def assess_employer(
    session: Session,
    employer_id: uuid.UUID,
    today: date,
    *,
    context: ComplianceContext | None = None,
) -> Assessment:
    """The assessment (statuses, reasons in words and figures, arrears lines) of one employer.

    Raises ServiceError when the employer does not exist.
    """
    employer = session.get(Employer, employer_id)
    if employer is None:
        raise ServiceError(
            "Perusahaan tidak ditemukan (mungkin sudah dihapus).", code="employer_not_found"
        )
    ctx = context or load_context(session, today)
    return assess_facts(employer_facts(session, employer, ctx), ctx)


def employers_with_facts(
    session: Session,
    employer_ids: Collection[uuid.UUID] | None,
    ctx: ComplianceContext,
) -> list[tuple[Employer, EmployerFacts]]:
    """The rule inputs of many employers, read with batch queries (None: every employer)."""
    query = select(Employer)
    if employer_ids is not None:
        employers: list[Employer] = []
        for chunk in _chunks(list(employer_ids)):
            employers.extend(session.scalars(query.where(Employer.id.in_(chunk))))
    else:
        employers = list(session.scalars(query))
    id_list = [e.id for e in employers]
    findings = _latest_findings(session, id_list)
    periods = _periods(session, id_list)
    jakon = review_packages(
        session, None if employer_ids is None else id_list, ctx.today, ctx.holidays
    )
    return [
        (
            e,
            _facts(
                e,
                findings.get(e.id, _Found()),
                periods.get(e.id, []),
                ctx,
                overdue_projects(jakon, e.id),
            ),
        )
        for e in employers
    ]


def assess_employers(
    session: Session,
    employer_ids: Collection[uuid.UUID] | None,
    today: date,
    *,
    context: ComplianceContext | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> dict[uuid.UUID, tuple[Employer, Assessment]]:
    """Assess many employers with batch queries; ``None`` means every employer."""
    ctx = context or load_context(session, today)
    gathered = employers_with_facts(session, employer_ids, ctx)
    result: dict[uuid.UUID, tuple[Employer, Assessment]] = {}
    total = len(gathered)
    for n, (employer, facts) in enumerate(gathered, start=1):
        if is_cancelled is not None and n % 200 == 0 and is_cancelled():
            raise Cancelled()
        result[employer.id] = (employer, assess_facts(facts, ctx))
        if progress is not None and (n % 500 == 0 or n == total):
            progress(n, total, "Menilai kepatuhan perusahaan")
    return result


def refresh_compliance(
    session: Session,
    employer_ids: Collection[uuid.UUID] | None = None,
    *,
    today: date,
    progress: Callable[[int, int, str], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> int:
    """Recompute ``compliance_status`` and ``arrears_total`` (all employers when ids is None).

    Only rows whose values changed are written. Runs in the caller's
    transaction; returns how many employers changed.
    """
    assessed = assess_employers(
        session, employer_ids, today, progress=progress, is_cancelled=is_cancelled
    )
    changed = 0
    for employer, assessment in assessed.values():
        status = assessment.primary.value
        if employer.compliance_status != status:
            employer.compliance_status = status
        if employer.arrears_total != assessment.arrears_total:
            employer.arrears_total = assessment.arrears_total
        if session.is_modified(employer, include_collections=False):
            changed += 1
    # The unit of work batches same-shaped UPDATEs into one executemany.
    session.flush()
    return changed
