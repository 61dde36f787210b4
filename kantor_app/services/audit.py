"""The one audit writer: who changed what, with the old values, as AuditEvent rows.

Services add an event in the caller's transaction with :func:`write_audit`;
bulk writers (the roster import) that insert many rows at once build them
with :func:`audit_row`. Both store ``details`` the same way, so the audit
reads alike whichever path wrote it.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from kantor_app.store.models import AuditEvent


def audit_details(details: dict[str, Any]) -> str:
    """``details`` as stored: JSON with sorted keys, readable Indonesian text, dates as text."""
    return json.dumps(details, default=str, ensure_ascii=False, sort_keys=True)


def write_audit(
    session: Session,
    *,
    entity: str,
    entity_id: uuid.UUID | str,
    action: str,
    details: dict[str, Any],
    username: str = "",
) -> None:
    """Add one AuditEvent (in the caller's transaction)."""
    session.add(
        AuditEvent(
            username=username,
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            details=audit_details(details),
        )
    )


def audit_row(
    *,
    entity: str,
    entity_id: uuid.UUID | str,
    action: str,
    details: dict[str, Any],
    at: datetime,
    device_id: str,
    username: str = "",
) -> dict[str, Any]:
    """The column values of one AuditEvent, for ``insert(AuditEvent)`` with many rows.

    A bulk insert bypasses the ORM's defaults, so every column is filled here;
    ``at`` is also the row's created/updated stamp.
    """
    return {
        "id": uuid.uuid4(),
        "created_at": at,
        "updated_at": at,
        "device_id": device_id,
        "at": at,
        "username": username,
        "entity": entity,
        "entity_id": str(entity_id),
        "action": action,
        "details": audit_details(details),
    }
