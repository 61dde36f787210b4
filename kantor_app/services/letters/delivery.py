"""Recording when letters were sent and received, and the period end that follows.

DOMAIN section 0: a letter's 10 working days run from its recorded receipt,
or, while none is recorded, from its sending date plus the branch's delivery
allowance; never from the letter's own date. Recording is all-or-nothing
for a selection: one refused letter refuses the batch, so the register never
holds half of what the officer entered. A recorded date may be corrected
until a next letter refers to the letter, because that letter's own step was
allowed on the strength of this one's period.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.dates import format_date_id
from kantor_app.domain.letter_period import letter_period
from kantor_app.services.audit import write_audit
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters import dating
from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.services.reference.seed import load_holidays
from kantor_app.store.engine import Database
from kantor_app.store.models import Letter

__all__ = [
    "Delivered",
    "apply_delivery",
    "letter_ids_by_number",
    "record_received",
    "record_sent",
    "refresh_deadlines",
]

_Event = Literal["dikirim", "diterima"]
# Statuses a recorded sending or receipt does not move back from.
_AT_LEAST = {
    "dikirim": frozenset({"dikirim", "diterima", "dijawab"}),
    "diterima": frozenset({"diterima", "dijawab"}),
}


@dataclass(frozen=True)
class Delivered:
    """One letter after recording: its dates and the period's end (None: not yet known)."""

    letter_id: uuid.UUID
    number: str
    status: str
    sent_on: date | None
    received_on: date | None
    deadline: date | None
    basis: str | None  # "diterima" or "dikirim": what the end was counted from


def letter_ids_by_number(db: Database, numbers: Sequence[str]) -> list[uuid.UUID]:
    """The letters with these register numbers, in order; ServiceError naming any unknown."""
    wanted = [n.strip() for n in numbers if n.strip()]
    with db.session() as session:
        found = dict(
            session.execute(select(Letter.number, Letter.id).where(Letter.number.in_(wanted)))
            .tuples()
            .all()
        )
    unknown = [n for n in wanted if n not in found]
    if unknown:
        raise ServiceError(
            "Nomor surat tidak ada di register: {numbers}. Periksa nomornya; tidak ada surat "
            "yang dicatat.",
            code="letter_number_unknown",
            numbers=", ".join(unknown),
        )
    return [found[n] for n in wanted]


def record_sent(
    db: Database,
    letter_ids: Sequence[uuid.UUID],
    sent_on: date,
    *,
    username: str = "",
    today: date | None = None,
) -> list[Delivered]:
    """Record the sending date of every letter, or of none (ServiceError naming the letter)."""
    return _record(db, letter_ids, "dikirim", sent_on, "", username, today)


def record_received(
    db: Database,
    letter_ids: Sequence[uuid.UUID],
    received_on: date,
    note: str = "",
    *,
    username: str = "",
    today: date | None = None,
) -> list[Delivered]:
    """Record the receipt (tanda terima) of every letter, or of none.

    A receipt needs the sending date first: a receipt without one would be
    a fact the register cannot show how it came about.
    """
    return _record(db, letter_ids, "diterima", received_on, note, username, today)


def _record(
    db: Database,
    letter_ids: Sequence[uuid.UUID],
    event: _Event,
    day: date,
    note: str,
    username: str,
    today: date | None,
) -> list[Delivered]:
    ids = list(dict.fromkeys(letter_ids))
    if not ids:
        raise ServiceError("Pilih sedikitnya satu surat.", code="no_letter_chosen")
    now = today or dating.clock()
    with db.transaction() as session:
        letters = {
            letter.id: letter
            for letter in session.scalars(select(Letter).where(Letter.id.in_(ids)))
        }
        missing = [i for i in ids if i not in letters]
        if missing:
            raise ServiceError("Surat tidak ditemukan.", code="letter_not_found")
        allowance = load_branch_settings(session).delivery_allowance_days
        holidays = load_holidays(session)
        return [
            apply_delivery(
                session,
                letters[i],
                event,
                day,
                note,
                now=now,
                allowance_days=allowance,
                holidays=holidays,
                username=username,
            )
            for i in ids
        ]


def apply_delivery(
    session: Session,
    letter: Letter,
    event: _Event,
    day: date,
    note: str = "",
    *,
    now: date,
    allowance_days: int,
    holidays: Collection[date],
    username: str = "",
) -> Delivered:
    """Check and record one sending or receipt in the caller's transaction."""
    _check(session, letter, event, day, now)
    old = {
        "status": letter.status,
        "sent_on": letter.sent_on,
        "received_on": letter.received_on,
        "deadline": letter.deadline,
    }
    if event == "dikirim":
        letter.sent_on = day
    else:
        letter.received_on = day
        letter.receipt_note = note.strip()
    if letter.status not in _AT_LEAST[event]:
        letter.status = event
    period = letter_period(
        letter.sent_on, letter.received_on, allowance_days=allowance_days, holidays=holidays
    )
    letter.deadline = period.end if period else None
    write_audit(
        session,
        entity="letter",
        entity_id=letter.id,
        action="sent" if event == "dikirim" else "received",
        details={
            "old": old,
            "on": day.isoformat(),
            "note": note.strip(),
            "deadline": letter.deadline,
        },
        username=username,
    )
    return Delivered(
        letter.id,
        letter.number,
        letter.status,
        letter.sent_on,
        letter.received_on,
        letter.deadline,
        period.basis if period else None,
    )


def _check(session: Session, letter: Letter, event: _Event, day: date, now: date) -> None:
    number, shown = letter.number, format_date_id(day)
    if day > now:
        raise ServiceError(
            "Surat {number}: tanggal {day} sesudah hari ini. Isi tanggal yang sudah terjadi; "
            "tidak ada surat yang dicatat.",
            code="delivery_date_in_future",
            number=number,
            day=shown,
        )
    if day < letter.issued_on:
        raise ServiceError(
            "Surat {number}: tanggal {day} sebelum tanggal surat ({issued_on}). Periksa "
            "tanggalnya; tidak ada surat yang dicatat.",
            code="delivery_before_letter",
            number=number,
            day=shown,
            issued_on=format_date_id(letter.issued_on),
        )
    recorded = letter.sent_on if event == "dikirim" else letter.received_on
    if recorded is not None and recorded != day and _has_next_letter(session, letter):
        raise ServiceError(
            "Surat {number} sudah diikuti surat berikutnya: tanggal {recorded} yang tercatat "
            "tidak dapat diubah lagi. Tidak ada surat yang dicatat.",
            code="delivery_date_locked",
            number=number,
            recorded=format_date_id(recorded),
        )
    if event == "dikirim":
        if letter.received_on is not None and day > letter.received_on:
            raise ServiceError(
                "Surat {number}: tanggal kirim {day} sesudah tanggal diterima "
                "({received_on}). Periksa tanggalnya; tidak ada surat yang dicatat.",
                code="sent_after_received",
                number=number,
                day=shown,
                received_on=format_date_id(letter.received_on),
            )
        return
    if letter.sent_on is None:
        raise ServiceError(
            "Surat {number} belum dicatat dikirim. Catat dulu tanggal kirimnya (Tandai "
            "dikirim…), lalu tanda terimanya; tidak ada surat yang dicatat.",
            code="received_before_sent",
            number=number,
        )
    if day < letter.sent_on:
        raise ServiceError(
            "Surat {number}: tanggal diterima {day} sebelum tanggal kirim ({sent_on}). "
            "Periksa tanggalnya; tidak ada surat yang dicatat.",
            code="received_before_sending_date",
            number=number,
            day=shown,
            sent_on=format_date_id(letter.sent_on),
        )


def refresh_deadlines(session: Session) -> int:
    """Recount the period end of every sent letter no next letter refers to yet, with the
    branch's allowance and holidays as they are now; returns how many ends changed.

    A changed allowance or holiday table changes the periods still running; a
    letter that a next step already followed keeps the end that step relied on.
    """
    session.flush()  # the caller's new settings or holidays, before reading them back
    allowance = load_branch_settings(session).delivery_allowance_days
    holidays = load_holidays(session)
    followed = select(Letter.previous_letter_id).where(Letter.previous_letter_id.is_not(None))
    changed = 0
    for letter in session.scalars(
        select(Letter).where(Letter.sent_on.is_not(None), Letter.id.not_in(followed))
    ):
        period = letter_period(
            letter.sent_on, letter.received_on, allowance_days=allowance, holidays=holidays
        )
        end = period.end if period else None
        if end != letter.deadline:
            letter.deadline = end
            changed += 1
    return changed


def _has_next_letter(session: Session, letter: Letter) -> bool:
    found = session.scalar(select(Letter.id).where(Letter.previous_letter_id == letter.id).limit(1))
    return found is not None
