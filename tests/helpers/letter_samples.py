"""Recording a letter's delivery in tests that walk the sanction path."""

from __future__ import annotations

import uuid
from datetime import date

from kantor_app.services.letters.delivery import record_received, record_sent
from kantor_app.store.engine import Database


def deliver(db: Database, letter_id: uuid.UUID, sent: date, received: date | None = None) -> None:
    """Record the letter as sent on ``sent`` and, when given, received on ``received``."""
    record_sent(db, [letter_id], sent, username="test")
    if received is not None:
        record_received(db, [letter_id], received, username="test")
