"""Letters (surat) issued to employers and their running numbers."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kantor_app.store.base import Base, SyncedMixin, UtcDateTime


class Letter(SyncedMixin, Base):
    """An issued letter. The PDF is kept so a reprint is the same document."""

    __tablename__ = "letter"

    number: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employer.id"), nullable=False, index=True
    )
    previous_letter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("letter.id"))
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    deadline: Mapped[date | None] = mapped_column(Date)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    content_json: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="diterbitkan")
    printed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    issued_by: Mapped[str] = mapped_column(String(60), nullable=False, default="")


class LetterSequence(Base):
    """Last running number used per year and series; incremented under a row lock."""

    __tablename__ = "letter_sequence"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
