"""Letters (surat) issued to employers, their running numbers, and their sanction cases."""

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
    # The sanction case (PP 86/2013) this letter is a step of; None for notices and reminders.
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sanction_case.id"), index=True)
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    # The end of the letter's period, once it is known (from receipt, or sending + allowance).
    deadline: Mapped[date | None] = mapped_column(Date)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    content_json: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="diterbitkan")
    printed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)  # from the delivery receipt
    receipt_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    issued_by: Mapped[str] = mapped_column(String(60), nullable=False, default="")


class LetterSequence(Base):
    """Last running number used per year and series; incremented under a row lock."""

    __tablename__ = "letter_sequence"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class SanctionCase(SyncedMixin, Base):
    """One PP 86/2013 sanction case (kasus kepatuhan): an employer and the violations
    its Teguran I reprimanded, moving only forward.

    ``violations`` is a comma-separated list of violation keys (see
    :mod:`kantor_app.domain.sanction`); ``scope_json`` is what the Teguran I
    reprimanded, as of that letter, so later steps restate it unchanged.
    ``step`` is the last step taken: teguran-1, teguran-2, denda, tmp2t.
    """

    __tablename__ = "sanction_case"

    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employer.id"), nullable=False, index=True
    )
    opened_on: Mapped[date] = mapped_column(Date, nullable=False)
    violations: Mapped[str] = mapped_column(String(400), nullable=False)
    scope_json: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    step: Mapped[str] = mapped_column(String(20), nullable=False, default="teguran-1")
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    close_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
