"""Employers (pemberi kerja), what inspections found, and monthly contributions."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kantor_app.store.base import Base, SyncedMixin


class Employer(SyncedMixin, Base):
    """A company the branch watches; `npp` is empty until it registers.

    `programs` is a comma-separated subset of PROGRAMS; `wage_reported` is the
    average monthly wage per worker it reports, in whole rupiah.
    """

    __tablename__ = "employer"

    npp: Mapped[str | None] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    legal_form: Mapped[str] = mapped_column(String(20), nullable=False, default="PT")
    npwp: Mapped[str | None] = mapped_column(String(16))
    nib: Mapped[str | None] = mapped_column(String(13))
    kbli_code: Mapped[str | None] = mapped_column(String(5))
    kbli_version: Mapped[str] = mapped_column(String(10), nullable=False, default="2020")
    sector: Mapped[str] = mapped_column(String(20), nullable=False, default="lainnya", index=True)
    scale: Mapped[str] = mapped_column(String(10), nullable=False, default="kecil")
    address: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    regency_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    contact_person: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    contact_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    jkk_risk_class: Mapped[str] = mapped_column(String(1), nullable=False, default="c")
    workers_reported: Mapped[int | None] = mapped_column(Integer)
    wage_reported: Mapped[int | None] = mapped_column(BigInteger)
    programs: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    # Denormalised from the compliance rules so the table filters in SQL.
    compliance_status: Mapped[str] = mapped_column(
        String(20), nullable=False, default="patuh", index=True
    )
    arrears_total: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class EmployerFinding(SyncedMixin, Base):
    """Workers and wages found by an inspection or a survey, on a date."""

    __tablename__ = "employer_finding"

    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), nullable=False, index=True
    )
    found_on: Mapped[date] = mapped_column(Date, nullable=False)
    source: Mapped[str] = mapped_column(String(40), nullable=False, default="inspeksi")
    workers_found: Mapped[int | None] = mapped_column(Integer)
    wage_found: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    officer: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    resolved_on: Mapped[date | None] = mapped_column(Date)
    resolution_note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class ContributionPeriod(SyncedMixin, Base):
    """What an employer owed (`due`) and paid for one month, in whole rupiah."""

    __tablename__ = "contribution_period"
    __table_args__ = (UniqueConstraint("employer_id", "year", "month"),)

    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), nullable=False, index=True
    )
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    month: Mapped[int] = mapped_column(Integer, nullable=False)
    due: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    paid: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    paid_on: Mapped[date | None] = mapped_column(Date)
    fee_paid: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class ContributionPayment(SyncedMixin, Base):
    """One payment for a month: of the contribution (``iuran``) or of its late fee (``denda``).

    ``ContributionPeriod.paid`` and ``fee_paid`` are the sums of these rows.
    """

    __tablename__ = "contribution_payment"

    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), nullable=False, index=True
    )
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    month: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="iuran")
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    paid_on: Mapped[date] = mapped_column(Date, nullable=False)
    receipt_number: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    recorded_by: Mapped[str] = mapped_column(String(60), nullable=False, default="")
