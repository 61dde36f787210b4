"""Workers (peserta) on the roster."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kantor_app.domain.vocabulary import STATUS_ACTIVE
from kantor_app.store.base import Base, SyncedMixin


class Worker(SyncedMixin, Base):
    """A person known to the branch, keyed for merging by NIK.

    `name_key` is the upper-cased name used for prefix search: the sort index
    (name_key, id) of migration 0002 serves `name_key >= 'ABC' AND name_key <
    'ABD'` on every engine.
    """

    __tablename__ = "worker"
    __table_args__ = (
        Index("ix_worker_region", "regency_code", "district_code", "village_code"),
        Index("ix_worker_segment_status", "segment", "status"),
    )

    nik: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    kpj: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_key: Mapped[str] = mapped_column(String(200), nullable=False)
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(1))
    address: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    regency_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    village_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    occupation: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    income: Mapped[int | None] = mapped_column(BigInteger)
    segment: Mapped[str] = mapped_column(String(10), nullable=False, default="BPU")
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=STATUS_ACTIVE)
    employer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employer.id"), index=True)
    warnings: Mapped[str] = mapped_column(Text, nullable=False, default="")
    source: Mapped[str] = mapped_column(String(255), nullable=False, default="")
