"""The one audit writer: an event added in a transaction and a row bulk-inserted read alike."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import insert, select

from kantor_app.services.audit import audit_row, write_audit
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent


def test_bulk_audit_rows_fill_every_column_like_write_audit(any_db: Database) -> None:
    worker_id = uuid.uuid4()
    details = {"sumber": "roster.xlsx", "name": {"lama": "Siti", "baru": "Siti Aminah"}}
    at = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)
    row = audit_row(
        entity="worker",
        entity_id=worker_id,
        action="import_update",
        details=details,
        at=at,
        device_id="laptop-1",
    )
    # A bulk insert bypasses the ORM defaults: the row must name every column.
    assert set(row) == set(AuditEvent.__table__.columns.keys())
    with any_db.transaction() as session:
        session.execute(insert(AuditEvent), [row])
        write_audit(
            session,
            entity="worker",
            entity_id=worker_id,
            action="update",
            details={**details, "lahir": date(1990, 8, 5)},
            username="petugas1",
        )
    with any_db.session() as session:
        events = {e.action: e for e in session.scalars(select(AuditEvent))}
    bulk, single = events["import_update"], events["update"]
    assert (bulk.entity, bulk.entity_id, bulk.username) == ("worker", str(worker_id), "")
    assert bulk.at == bulk.created_at == at and bulk.device_id == "laptop-1"
    assert (single.entity_id, single.username) == (str(worker_id), "petugas1")
    assert json.loads(bulk.details) == details
    # Same JSON either way: sorted keys, Indonesian text as written, dates as text.
    assert single.details == json.dumps(
        {**details, "lahir": "1990-08-05"}, ensure_ascii=False, sort_keys=True
    )
    assert bulk.details == json.dumps(details, ensure_ascii=False, sort_keys=True)
