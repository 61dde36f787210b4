"""The letter register after issuing: status tracking (dicetak, dikirim, diterima, dijawab)
and reprints."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime

from kantor_app.domain.dates import format_date_id
from kantor_app.domain.vocabulary import LETTER_STATUSES
from kantor_app.services.audit import write_audit
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters import dating
from kantor_app.services.letters.delivery import apply_delivery
from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.services.reference.seed import load_holidays
from kantor_app.store.engine import Database
from kantor_app.store.models import Letter

__all__ = ["reprint", "set_status"]


def reprint(db: Database, letter_id: uuid.UUID) -> bytes:
    """The stored PDF of an issued letter: the very same document (same sha256)."""
    with db.session() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise ServiceError("Surat tidak ditemukan.", code="letter_not_found")
        pdf = bytes(letter.pdf)
        if hashlib.sha256(pdf).hexdigest() != letter.sha256:
            raise ServiceError(
                "Berkas surat {number} di basis data tidak cocok dengan sidik "
                "sha256-nya (rusak atau diubah). Jangan dicetak ulang; hubungi admin.",
                code="letter_pdf_tampered",
                number=letter.number,
            )
        return pdf


_STATUS_RANK = {status: rank for rank, status in enumerate(LETTER_STATUSES)}


def set_status(
    db: Database,
    letter_id: uuid.UUID,
    status: str,
    on: date | None = None,
    note: str = "",
    *,
    username: str = "",
) -> None:
    """Move a letter forward: dicetak (printed now), dikirim (sent ``on``), diterima
    (received ``on``, ``note`` from the receipt; see
    :mod:`~kantor_app.services.letters.delivery`), dijawab (answered ``on``, with
    ``note``). ``on`` defaults to today.

    A status never moves back (ServiceError), except that dicetak may be set
    again after a reprint without changing a later status.
    """
    if status not in LETTER_STATUSES or status == "diterbitkan":
        raise ServiceError(
            "Status surat '{status}' tidak dikenal. Pilihan: dicetak, dikirim, diterima, dijawab.",
            code="unknown_letter_status",
            status=status,
        )
    day = on or date.today()
    with db.transaction() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise ServiceError("Surat tidak ditemukan.", code="letter_not_found")
        if day < letter.issued_on:
            raise ServiceError(
                "Tanggal {day} sebelum tanggal surat ({issued_on}).",
                code="status_date_before_letter",
                day=format_date_id(day),
                issued_on=format_date_id(letter.issued_on),
            )
        old = {"status": letter.status}
        current = _STATUS_RANK[letter.status]
        if status == "dicetak":
            letter.printed_at = datetime.now(UTC)
        elif _STATUS_RANK[status] < current:
            raise ServiceError(
                "Surat {number} sudah berstatus '{current}'; status tidak dapat "
                "dikembalikan ke '{status}'.",
                code="letter_status_backwards",
                number=letter.number,
                current=letter.status,
                status=status,
            )
        elif status in ("dikirim", "diterima"):
            apply_delivery(
                session,
                letter,
                "dikirim" if status == "dikirim" else "diterima",
                day,
                note,
                now=dating.clock(),
                allowance_days=load_branch_settings(session).delivery_allowance_days,
                holidays=load_holidays(session),
                username=username,
            )
            return
        else:  # dijawab
            letter.answered_on = day
            letter.answer_note = note.strip()
        if _STATUS_RANK[status] > current:
            letter.status = status
        write_audit(
            session,
            entity="letter",
            entity_id=letter.id,
            action="status",
            details={"old": old, "new": status, "on": day.isoformat(), "note": note.strip()},
            username=username,
        )
