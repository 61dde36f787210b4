"""The contributions owed that a fine is counted on, for a case without arrears.

PP 86/2013: the fine is 0,1 % of the contributions that should have been paid.
For arrears Kantor knows them (the Teguran I named them); for an employer not
registered, or registered with too few workers or too low a wage, it does
not: an officer states the figure and where it comes from (the inspection
report), before the fine step. The letter states only that confirmed figure.
"""

from __future__ import annotations

import json
import uuid
from datetime import date

from kantor_app.services.audit import write_audit
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.dating import clock
from kantor_app.store.engine import Database
from kantor_app.store.models import SanctionCase

__all__ = ["set_fine_base"]


def set_fine_base(
    db: Database,
    case_id: uuid.UUID,
    amount: int,
    source: str,
    *,
    username: str = "",
    today: date | None = None,
) -> None:
    """Record the contributions owed of a case without arrears, with their source."""
    source = " ".join(source.split())
    if amount <= 0:
        raise ServiceError(
            "Iuran yang seharusnya dibayar harus lebih dari Rp0.", code="fine_base_not_positive"
        )
    if not source:
        raise ServiceError(
            "Sebutkan sumber angka iuran yang seharusnya dibayar (mis. nomor dan tanggal berita "
            "acara pemeriksaan).",
            code="fine_base_needs_source",
        )
    with db.transaction() as session:
        case = session.get(SanctionCase, case_id, with_for_update=True)
        if case is None:
            raise ServiceError("Kasus kepatuhan tidak ditemukan.", code="case_not_found")
        scope = json.loads(case.scope_json or "{}")
        if case.closed_on is not None or case.step not in ("teguran-1", "teguran-2"):
            raise ServiceError(
                "Dasar denda hanya dapat diisi untuk kasus yang masih berjalan dan belum sampai "
                "tahap denda.",
                code="fine_base_too_late",
            )
        if int(scope.get("arrears_total", 0)) > 0:
            raise ServiceError(
                "Kasus ini memuat tunggakan iuran: dasar dendanya adalah tunggakan tersebut.",
                code="fine_base_from_arrears",
            )
        old = scope.get("fine_base")
        scope["fine_base"] = {
            "amount": amount,
            "source": source,
            "set_on": (today or clock()).isoformat(),
            "set_by": username,
        }
        case.scope_json = json.dumps(scope, ensure_ascii=False, sort_keys=True)
        write_audit(
            session,
            entity="sanction_case",
            entity_id=case.id,
            action="fine_base",
            details={"old": old, "new": scope["fine_base"]},
            username=username,
        )
