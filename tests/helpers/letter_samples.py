"""Recording a letter's delivery in tests that walk the sanction path."""

from __future__ import annotations

import uuid
from datetime import date

from kantor_app.store.engine import Database
from kantor_app.store.models import Letter


def deliver(db: Database, letter_id: uuid.UUID, sent: date, received: date | None = None) -> None:
    """Record the letter as sent on ``sent`` and, when given, received on ``received``."""
    with db.transaction() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None
        letter.sent_on = sent
        letter.received_on = received
        letter.status = "diterima" if received else "dikirim"
