"""Staff, audit trail, settings and the dated reference tables rules read."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kantor_app.store.base import Base, SyncedMixin, UtcDateTime, utcnow


class StaffUser(SyncedMixin, Base):
    """A branch officer. Only a salted scrypt hash of the password is kept."""

    __tablename__ = "staff_user"

    username: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    role: Mapped[str] = mapped_column(String(30), nullable=False, default="petugas")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class AuditEvent(SyncedMixin, Base):
    """Who changed what, with the old values, so every change can be traced."""

    __tablename__ = "audit_event"

    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    entity: Mapped[str] = mapped_column(String(40), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    details: Mapped[str] = mapped_column(Text, nullable=False, default="{}")


class Setting(Base):
    """Branch settings (letterhead, signatory, number pattern) as key/value."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Holiday(Base):
    """National holidays and cuti bersama, for working-day deadlines."""

    __tablename__ = "holiday"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    # False for estimates seeded to get started: deadlines counted over them warn.
    confirmed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class MinimumWage(Base):
    """Kab/kota minimum wage (UMK) per year, in whole rupiah."""

    __tablename__ = "minimum_wage"
    __table_args__ = (UniqueConstraint("regency_code", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    regency_code: Mapped[str] = mapped_column(ForeignKey("region.code"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # A letter cites only a confirmed UMK, with the Governor's decree that sets it.
    confirmed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    decree_number: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    decree_date: Mapped[date | None] = mapped_column(Date)


class LabourOffice(Base):
    """The labour office (Disnaker) of a province or kab/kota: the tembusan of letters."""

    __tablename__ = "labour_office"

    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)


class Rate(Base):
    """A contribution rate, fee or Jakon band, valid from a date.

    `band_from` is set for Jakon contract-value bands (the rate applies to the
    part of the contract above it).
    """

    __tablename__ = "rate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    program: Mapped[str] = mapped_column(String(20), nullable=False)
    segment: Mapped[str] = mapped_column(String(10), nullable=False)
    risk_class: Mapped[str | None] = mapped_column(String(1))
    band_from: Mapped[int | None] = mapped_column(BigInteger)
    value: Mapped[Decimal] = mapped_column(Numeric(12, 4), nullable=False)
    unit: Mapped[str] = mapped_column(String(2), nullable=False)
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    legal_basis: Mapped[str] = mapped_column(String(200), nullable=False, default="")
