"""Numbers a batch reserved and never registered because its process died: recorded as void.

A batch reserves its numbers in a committed transaction, with an audit event
naming them and the batch (:mod:`kantor_app.services.letters.numbering`);
it ends either by registering its letters (an audit event ``register`` for
the batch, in the register's transaction) or by voiding its numbers (on
cancel or failure). A process killed between the two leaves neither: the
agenda has a gap nobody explained. The next batch records such a gap as
void, once the reservation is old enough that no batch can still be running
on another PC.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from kantor_app.services.audit import write_audit
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent

__all__ = ["ABANDONED_AFTER", "record_abandoned_reservations"]

ABANDONED_AFTER = timedelta(hours=1)  # a batch of 500 letters takes seconds, not an hour
# Every batch sweeps, so only recent reservations can still be open: reading just those keeps
# the sweep on the audit table's time index (it also holds every roster import's events).
LOOK_BACK = timedelta(days=90)
_REASON = "proses penerbitan terhenti sebelum surat tercatat"


def _details(event: AuditEvent) -> dict[str, Any]:
    try:
        data = json.loads(event.details or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def record_abandoned_reservations(
    db: Database, *, now: datetime | None = None, username: str = ""
) -> list[int]:
    """Record as void the numbers of every abandoned reservation; the numbers recorded."""
    cutoff = (now or datetime.now(UTC)) - ABANDONED_AFTER
    with db.transaction() as session:
        events = list(
            session.scalars(
                select(AuditEvent).where(
                    AuditEvent.at >= cutoff - LOOK_BACK,
                    AuditEvent.entity == "letter_sequence",
                    AuditEvent.action.in_(("reserve", "void", "register")),
                )
            )
        )
        ended = {_details(e).get("batch") for e in events if e.action in ("void", "register")} - {
            None
        }
        voided: list[int] = []
        for event in events:
            data = _details(event)
            batch = data.get("batch")
            at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
            if event.action != "reserve" or not batch or batch in ended or at > cutoff:
                continue
            numbers = list(range(int(data["first"]), int(data["last"]) + 1))
            write_audit(
                session,
                entity="letter_sequence",
                entity_id=event.entity_id,
                action="void",
                details={
                    "kind": data.get("kind"),
                    "numbers": numbers,
                    "reason": _REASON,
                    "batch": batch,
                },
                username=username,
            )
            voided.extend(numbers)
    return voided
