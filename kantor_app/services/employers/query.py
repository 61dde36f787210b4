"""Reading the employer registry for screens: filtered, sorted, paged in SQL.

The employer table shows a few thousand rows at most, so plain LIMIT/OFFSET
pages are fast enough; filtering and sorting still happen in the database so
the screen never holds the whole registry.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, case, func, or_, select
from sqlalchemy.orm import Session, defer

from kantor_app.domain.compliance import SEVERITY_ORDER, Status
from kantor_app.domain.letter_period import DEFAULT_DELIVERY_ALLOWANCE
from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.store.models import (
    ContributionPeriod,
    Employer,
    EmployerFinding,
    Letter,
    Region,
)

# Pseudo-status for the filter: every status except Patuh.
NONCOMPLIANT = "tidak_patuh"

SORT_KEYS = ("npp", "name", "sector", "regency", "status", "arrears", "last_letter")


@dataclass(frozen=True)
class EmployerFilter:
    """What the employer table shows. Empty fields do not filter."""

    status: str | None = None  # a `Status` value, or NONCOMPLIANT
    sector: str | None = None
    regency_code: str | None = None
    text: str = ""  # part of the name, NPP or NPWP


@dataclass(frozen=True)
class EmployerRow:
    id: uuid.UUID
    npp: str | None
    name: str
    legal_form: str
    sector: str
    regency_code: str | None
    regency_name: str | None
    status: str
    arrears_total: int
    last_letter_number: str | None
    last_letter_kind: str | None
    last_letter_date: date | None
    last_letter_status: str | None


@dataclass(frozen=True)
class PeriodRow:
    year: int
    month: int
    due: int
    paid: int
    paid_on: date | None

    @property
    def outstanding(self) -> int:
        return max(self.due - self.paid, 0)


@dataclass(frozen=True)
class FindingRow:
    id: uuid.UUID
    found_on: date
    source: str
    workers_found: int | None
    wage_found: int | None
    note: str
    officer: str
    resolved_on: date | None
    resolution_note: str


@dataclass(frozen=True)
class LetterRow:
    id: uuid.UUID
    number: str
    kind: str
    issued_on: date
    deadline: date | None
    status: str
    printed_at: datetime | None
    sent_on: date | None
    answered_on: date | None
    answer_note: str
    received_on: date | None = None
    receipt_note: str = ""
    # The branch's allowance, for saying what an end counted from sending assumed.
    delivery_allowance_days: int = DEFAULT_DELIVERY_ALLOWANCE


@dataclass(frozen=True)
class EmployerDetail:
    """Everything the detail pane shows about one employer."""

    id: uuid.UUID
    npp: str | None
    name: str
    legal_form: str
    npwp: str | None
    nib: str | None
    kbli_code: str | None
    kbli_version: str
    sector: str
    scale: str
    address: str
    regency_code: str | None
    regency_name: str | None
    contact_person: str
    contact_phone: str
    jkk_risk_class: str
    workers_reported: int | None
    wage_reported: int | None
    programs: tuple[str, ...]
    status: str
    arrears_total: int
    periods: tuple[PeriodRow, ...] = field(default=())  # newest first
    findings: tuple[FindingRow, ...] = field(default=())  # newest first
    letters: tuple[LetterRow, ...] = field(default=())  # newest first


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _conditions(flt: EmployerFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if flt.status == NONCOMPLIANT:
        conds.append(Employer.compliance_status != Status.PATUH.value)
    elif flt.status:
        conds.append(Employer.compliance_status == flt.status)
    if flt.sector:
        conds.append(Employer.sector == flt.sector)
    if flt.regency_code:
        conds.append(Employer.regency_code == flt.regency_code)
    text = flt.text.strip()
    if text:
        # lower() on both sides behaves the same on SQLite and PostgreSQL.
        options: list[ColumnElement[bool]] = [
            func.lower(Employer.name).contains(text.lower(), autoescape=True),
            func.lower(func.coalesce(Employer.npp, "")).contains(text.lower(), autoescape=True),
        ]
        digits = _digits(text)
        if len(digits) >= 3:
            # A 15-digit NPWP is stored as typed or as its 16-digit form ("0" + 15).
            options.append(func.coalesce(Employer.npwp, "").contains(digits, autoescape=True))
        conds.append(or_(*options))
    return conds


def _last_letter_subquery() -> Select[tuple[uuid.UUID, str, str, date, str, int]]:
    """Each employer's letters ranked newest first (rank 1 = the last one)."""
    rank = (
        func.row_number()
        .over(
            partition_by=Letter.employer_id,
            order_by=(Letter.issued_on.desc(), Letter.created_at.desc()),
        )
        .label("rank")
    )
    return select(
        Letter.employer_id,
        Letter.number,
        Letter.kind,
        Letter.issued_on,
        Letter.status,
        rank,
    )


_SEVERITY_RANK = case(
    {status.value: rank for rank, status in enumerate(SEVERITY_ORDER)},
    value=Employer.compliance_status,
    else_=len(SEVERITY_ORDER),
)


def count_employers(session: Session, flt: EmployerFilter) -> int:
    stmt = select(func.count()).select_from(Employer).where(*_conditions(flt))
    return int(session.execute(stmt).scalar_one())


def fetch_employers(
    session: Session,
    flt: EmployerFilter,
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[EmployerRow]:
    """One page of the table, sorted in SQL; ties broken by name then id."""
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}")
    last = _last_letter_subquery().subquery("last_letter")
    regency = Region.__table__.alias("regency")
    sort_columns: dict[str, SQLColumnExpression[Any]] = {
        "npp": func.coalesce(Employer.npp, ""),
        "name": func.lower(Employer.name),
        "sector": Employer.sector,
        "regency": func.coalesce(regency.c.name, ""),
        "status": _SEVERITY_RANK,
        "arrears": Employer.arrears_total,
        "last_letter": func.coalesce(last.c.issued_on, date(1900, 1, 1)),
    }
    sort_column = sort_columns[sort]
    order = sort_column.desc() if descending else sort_column.asc()
    stmt = (
        select(
            Employer.id,
            Employer.npp,
            Employer.name,
            Employer.legal_form,
            Employer.sector,
            Employer.regency_code,
            regency.c.name,
            Employer.compliance_status,
            Employer.arrears_total,
            last.c.number,
            last.c.kind,
            last.c.issued_on,
            last.c.status,
        )
        .outerjoin(regency, regency.c.code == Employer.regency_code)
        .outerjoin(last, and_(last.c.employer_id == Employer.id, last.c.rank == 1))
        .where(*_conditions(flt))
        .order_by(order, func.lower(Employer.name), Employer.id)
        .offset(offset)
        .limit(limit)
    )
    return [EmployerRow(*row) for row in session.execute(stmt).all()]


def employer_ids(session: Session, flt: EmployerFilter) -> list[uuid.UUID]:
    """Ids of every employer the filter shows, in name order (for batch letters)."""
    stmt = (
        select(Employer.id)
        .where(*_conditions(flt))
        .order_by(func.lower(Employer.name), Employer.id)
    )
    return list(session.execute(stmt).scalars())


def regencies_in_use(session: Session) -> list[tuple[str, str]]:
    """(code, name) of every kab/kota that has at least one employer, by name."""
    stmt = (
        select(Region.code, Region.name)
        .where(Region.code.in_(select(Employer.regency_code).distinct()))
        .order_by(Region.name)
    )
    return [(code, name) for code, name in session.execute(stmt).all()]


def _period_rows(session: Session, employer_id: uuid.UUID) -> tuple[PeriodRow, ...]:
    periods = session.execute(
        select(ContributionPeriod)
        .where(ContributionPeriod.employer_id == employer_id)
        .order_by(ContributionPeriod.year.desc(), ContributionPeriod.month.desc())
    ).scalars()
    return tuple(PeriodRow(p.year, p.month, p.due, p.paid, p.paid_on) for p in periods)


def _finding_rows(session: Session, employer_id: uuid.UUID) -> tuple[FindingRow, ...]:
    findings = session.execute(
        select(EmployerFinding)
        .where(EmployerFinding.employer_id == employer_id)
        .order_by(EmployerFinding.found_on.desc(), EmployerFinding.created_at.desc())
    ).scalars()
    return tuple(
        FindingRow(
            f.id,
            f.found_on,
            f.source,
            f.workers_found,
            f.wage_found,
            f.note,
            f.officer,
            f.resolved_on,
            f.resolution_note,
        )
        for f in findings
    )


def _letter_rows(session: Session, employer_id: uuid.UUID) -> tuple[LetterRow, ...]:
    allowance = load_branch_settings(session).delivery_allowance_days
    letters = session.execute(
        select(Letter)
        .options(defer(Letter.pdf))  # the stored PDFs are not needed to list them
        .where(Letter.employer_id == employer_id)
        .order_by(Letter.issued_on.desc(), Letter.created_at.desc())
    ).scalars()
    return tuple(
        LetterRow(
            le.id,
            le.number,
            le.kind,
            le.issued_on,
            le.deadline,
            le.status,
            le.printed_at,
            le.sent_on,
            le.answered_on,
            le.answer_note,
            le.received_on,
            le.receipt_note,
            allowance,
        )
        for le in letters
    )


def employer_detail(session: Session, employer_id: uuid.UUID) -> EmployerDetail | None:
    """The registry fields, contribution history, findings and letters of one employer."""
    emp = session.get(Employer, employer_id)
    if emp is None:
        return None
    regency_name = (
        session.execute(select(Region.name).where(Region.code == emp.regency_code)).scalar()
        if emp.regency_code
        else None
    )
    programs = tuple(p.strip() for p in emp.programs.split(",") if p.strip())
    return EmployerDetail(
        id=emp.id,
        npp=emp.npp,
        name=emp.name,
        legal_form=emp.legal_form,
        npwp=emp.npwp,
        nib=emp.nib,
        kbli_code=emp.kbli_code,
        kbli_version=emp.kbli_version,
        sector=emp.sector,
        scale=emp.scale,
        address=emp.address,
        regency_code=emp.regency_code,
        regency_name=regency_name,
        contact_person=emp.contact_person,
        contact_phone=emp.contact_phone,
        jkk_risk_class=emp.jkk_risk_class,
        workers_reported=emp.workers_reported,
        wage_reported=emp.wage_reported,
        programs=programs,
        status=emp.compliance_status,
        arrears_total=emp.arrears_total,
        periods=_period_rows(session, employer_id),
        findings=_finding_rows(session, employer_id),
        letters=_letter_rows(session, employer_id),
    )
