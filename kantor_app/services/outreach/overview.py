"""What the Penjangkauan (outreach) tab shows: coverage against target per
kab/kota, funding programs for pekerja rentan, field activities, and SiRUP
construction packages with their Jakon registration status.

Counting happens in SQL (GROUP BY); Python only joins the small results.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from kantor_app.domain.jakon import JAKON_REGISTRATION_WORKING_DAYS
from kantor_app.domain.vocabulary import STATUS_ACTIVE
from kantor_app.domain.workdays import add_working_days
from kantor_app.store.models import (
    CoverageTarget,
    Employer,
    FundingMember,
    FundingProgram,
    Holiday,
    OutreachActivity,
    PublicWorksPackage,
    Region,
    Worker,
)

# The same period the Jakon letters and compliance count (domain/jakon.py).
JAKON_DEADLINE_WORKING_DAYS = JAKON_REGISTRATION_WORKING_DAYS
HOME_PROVINCES = ("64", "65")


@dataclass(frozen=True)
class CoverageRow:
    regency_code: str
    regency_name: str
    target: int
    covered: int

    @property
    def percent(self) -> float | None:
        """Covered as a percentage of target; None when there is no target."""
        return 100.0 * self.covered / self.target if self.target > 0 else None


@dataclass(frozen=True)
class FundingRow:
    id: uuid.UUID
    name: str
    source: str
    funder_name: str
    regency_name: str | None
    year: int
    quota: int
    members: int
    monthly_amount: int  # per person
    monthly_total: int  # what the members cost per month


@dataclass(frozen=True)
class ActivityRow:
    id: uuid.UUID
    held_on: date
    kind: str
    title: str
    regency_name: str | None
    district_name: str | None
    village_name: str | None
    workers_registered: int
    officer: str
    program_name: str | None


class JakonStatus(StrEnum):
    REGISTERED = "terdaftar"
    NOT_REGISTERED = "belum_terdaftar"
    LATE = "terlambat"  # SPK issued, not registered, 14 working days passed


@dataclass(frozen=True)
class PackageRow:
    id: uuid.UUID
    kd_rup: str
    name: str
    klpd_name: str
    regency_name: str | None
    pagu: int
    contractor_name: str | None
    contract_value: int | None
    spk_date: date | None
    deadline: date | None
    jakon_registered_on: date | None
    jakon_number: str
    status: JakonStatus


def coverage_years(session: Session) -> list[int]:
    """Years that have coverage targets, newest first."""
    return list(
        session.scalars(select(CoverageTarget.year).distinct().order_by(CoverageTarget.year.desc()))
    )


def coverage_by_regency(
    session: Session, year: int, segment: str | None = None
) -> list[CoverageRow]:
    """Active workers per kab/kota (by domicile) against that year's target.

    ``segment`` limits both sides to one segment (PU, BPU, JAKON, RENTAN);
    None sums all. Every Kaltim/Kaltara kab/kota is listed, and any other
    regency that has a target or workers.
    """
    covered_q = (
        select(Worker.regency_code, func.count())
        .where(Worker.status == STATUS_ACTIVE, Worker.regency_code.is_not(None))
        .group_by(Worker.regency_code)
    )
    target_q = (
        select(CoverageTarget.regency_code, func.sum(CoverageTarget.target))
        .where(CoverageTarget.year == year)
        .group_by(CoverageTarget.regency_code)
    )
    if segment is not None:
        covered_q = covered_q.where(Worker.segment == segment)
        target_q = target_q.where(CoverageTarget.segment == segment)
    covered = {str(code): int(n) for code, n in session.execute(covered_q)}
    targets = {str(code): int(n or 0) for code, n in session.execute(target_q)}

    home = select(Region.code, Region.name).where(
        Region.level == "kabupaten",
        Region.historic.is_(False),
        Region.parent_code.in_(HOME_PROVINCES),
    )
    names = {code: name for code, name in session.execute(home)}
    others = (set(covered) | set(targets)) - set(names)
    if others:
        extra = select(Region.code, Region.name).where(Region.code.in_(sorted(others)))
        names.update({code: name for code, name in session.execute(extra)})
    return [
        CoverageRow(code, names.get(code, code), targets.get(code, 0), covered.get(code, 0))
        for code in sorted(names)
    ]


def funding_programs(session: Session, year: int | None = None) -> list[FundingRow]:
    """Funding programs with their member counts and monthly cost."""
    members = (
        select(
            FundingMember.program_id.label("program_id"),
            func.count().label("members"),
            func.coalesce(func.sum(FundingMember.monthly_amount), 0).label("total"),
        )
        .group_by(FundingMember.program_id)
        .subquery()
    )
    query = (
        select(
            FundingProgram,
            Region.name,
            func.coalesce(members.c.members, 0),
            func.coalesce(members.c.total, 0),
        )
        .outerjoin(members, members.c.program_id == FundingProgram.id)
        .outerjoin(Region, Region.code == FundingProgram.regency_code)
        .order_by(FundingProgram.year.desc(), FundingProgram.quota.desc(), FundingProgram.name)
    )
    if year is not None:
        query = query.where(FundingProgram.year == year)
    return [
        FundingRow(
            id=program.id,
            name=program.name,
            source=program.source,
            funder_name=program.funder_name,
            regency_name=regency_name,
            year=program.year,
            quota=program.quota,
            members=int(count),
            monthly_amount=program.monthly_amount,
            monthly_total=int(total),
        )
        for program, regency_name, count, total in session.execute(query)
    ]


def outreach_activities(session: Session, limit: int = 1000) -> list[ActivityRow]:
    """Field activities, newest first."""
    regency = aliased(Region)
    district = aliased(Region)
    village = aliased(Region)
    query = (
        select(
            OutreachActivity,
            regency.name,
            district.name,
            village.name,
            FundingProgram.name,
        )
        .outerjoin(regency, regency.code == OutreachActivity.regency_code)
        .outerjoin(district, district.code == OutreachActivity.district_code)
        .outerjoin(village, village.code == OutreachActivity.village_code)
        .outerjoin(FundingProgram, FundingProgram.id == OutreachActivity.funding_program_id)
        .order_by(OutreachActivity.held_on.desc(), OutreachActivity.title)
        .limit(limit)
    )
    return [
        ActivityRow(
            id=activity.id,
            held_on=activity.held_on,
            kind=activity.kind,
            title=activity.title,
            regency_name=regency_name,
            district_name=district_name,
            village_name=village_name,
            workers_registered=activity.workers_registered,
            officer=activity.officer,
            program_name=program_name,
        )
        for activity, regency_name, district_name, village_name, program_name in session.execute(
            query
        )
    ]


def jakon_status(
    spk_date: date | None,
    registered_on: date | None,
    today: date,
    holidays: frozenset[date] = frozenset(),
) -> tuple[JakonStatus, date | None]:
    """Status of one package and its registration deadline (None before an SPK)."""
    deadline = (
        add_working_days(spk_date, JAKON_DEADLINE_WORKING_DAYS, holidays) if spk_date else None
    )
    if registered_on is not None:
        return JakonStatus.REGISTERED, deadline
    if deadline is not None and today > deadline:
        return JakonStatus.LATE, deadline
    return JakonStatus.NOT_REGISTERED, deadline


_STATUS_ORDER = {JakonStatus.LATE: 0, JakonStatus.NOT_REGISTERED: 1, JakonStatus.REGISTERED: 2}


def public_works_packages(session: Session, today: date) -> list[PackageRow]:
    """SiRUP construction packages; late (unregistered past the deadline) first."""
    holidays = frozenset(session.scalars(select(Holiday.day)))
    query = (
        select(PublicWorksPackage, Region.name, Employer.name)
        .outerjoin(Region, Region.code == PublicWorksPackage.regency_code)
        .outerjoin(Employer, Employer.id == PublicWorksPackage.contractor_id)
    )
    rows: list[PackageRow] = []
    for package, regency_name, contractor_name in session.execute(query):
        status, deadline = jakon_status(
            package.spk_date, package.jakon_registered_on, today, holidays
        )
        rows.append(
            PackageRow(
                id=package.id,
                kd_rup=package.kd_rup,
                name=package.name,
                klpd_name=package.klpd_name,
                regency_name=regency_name,
                pagu=package.pagu,
                contractor_name=contractor_name,
                contract_value=package.contract_value,
                spk_date=package.spk_date,
                deadline=deadline,
                jakon_registered_on=package.jakon_registered_on,
                jakon_number=package.jakon_number,
                status=status,
            )
        )
    rows.sort(
        key=lambda r: (
            _STATUS_ORDER[r.status],
            -(r.spk_date.toordinal() if r.spk_date else 0),
            r.kd_rup,
        )
    )
    return rows
