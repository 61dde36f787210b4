"""Outreach: funding programs for vulnerable workers, field activities,
public-works packages and coverage targets."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kantor_app.domain.rates import RENTAN_DECLARED_INCOME
from kantor_app.store.base import Base, SyncedMixin


class FundingProgram(SyncedMixin, Base):
    """Who pays contributions for a group of pekerja rentan, for how many, how much."""

    __tablename__ = "funding_program"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    source: Mapped[str] = mapped_column(String(20), nullable=False)
    funder_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    regency_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    quota: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Per person, from the BPU rates at the minimum income (services compute it).
    monthly_amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    programs: Mapped[str] = mapped_column(String(40), nullable=False, default="JKK,JKM")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class FundingMember(SyncedMixin, Base):
    """A worker covered by a funding program for a period."""

    __tablename__ = "funding_member"
    __table_args__ = (UniqueConstraint("program_id", "worker_id"),)

    program_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("funding_program.id", ondelete="CASCADE"), nullable=False, index=True
    )
    worker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("worker.id", ondelete="CASCADE"), nullable=False, index=True
    )
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # From the BPU rates at the declared income (services compute it).
    monthly_amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    declared_income: Mapped[int] = mapped_column(
        BigInteger, nullable=False, default=RENTAN_DECLARED_INCOME
    )


class OutreachActivity(SyncedMixin, Base):
    """A field campaign, socialisation or pick-up (jemput bola) session."""

    __tablename__ = "outreach_activity"

    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    regency_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    village_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    funding_program_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("funding_program.id"))
    workers_registered: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    officer: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PublicWorksPackage(SyncedMixin, Base):
    """A SiRUP construction package whose workers must be covered (Jakon)."""

    __tablename__ = "public_works_package"

    kd_rup: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    pagu: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    fiscal_year: Mapped[int] = mapped_column(Integer, nullable=False)
    klpd_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    satker_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    procurement_type: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    method: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    funding_source: Mapped[str] = mapped_column(String(20), nullable=False, default="APBD")
    location: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    regency_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    contractor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employer.id"))
    contract_value: Mapped[int | None] = mapped_column(BigInteger)
    spk_date: Mapped[date | None] = mapped_column(Date)
    jakon_registered_on: Mapped[date | None] = mapped_column(Date)
    jakon_number: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class CoverageTarget(SyncedMixin, Base):
    """How many workers of a segment a kab/kota aims to cover in a year."""

    __tablename__ = "coverage_target"
    __table_args__ = (UniqueConstraint("regency_code", "year", "segment"),)

    regency_code: Mapped[str] = mapped_column(ForeignKey("region.code"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    segment: Mapped[str] = mapped_column(String(10), nullable=False)
    target: Mapped[int] = mapped_column(Integer, nullable=False)
