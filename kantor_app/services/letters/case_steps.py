"""Recording a letter as a step of its sanction case, in the register's transaction.

A Teguran I opens a case holding the violations it reprimanded and what it
said about them (the scope, restated unchanged by every later step); a
Teguran II, fine notice or TMP2T request moves its case one step forward.
Both are checked again inside the transaction, so two batches on two PCs
cannot open the same case twice or take the same step twice.
"""

from __future__ import annotations

import json
import uuid
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kantor_app.domain.sanction import CASE_STEPS
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.case_fields import RESTATED_FIELDS
from kantor_app.services.letters.content import Prepared
from kantor_app.store.models import Employer, Letter, SanctionCase

__all__ = ["link_case_step"]


def _scope_json(p: Prepared, number: str) -> str:
    a = p.case.assessment
    scope = {
        "teguran_1": number,
        "keys": sorted(p.case.new_keys),
        "statuses": [s.value for s in a.statuses],
        "arrears": [
            {"year": x.year, "month": x.month, "outstanding": x.outstanding, "late_fee": x.late_fee}
            for x in a.arrears
        ],
        "arrears_total": a.arrears_total,
        "late_fee_total": a.late_fee_total,
        "fields": {name: p.fields[name] for name in RESTATED_FIELDS if name in p.fields},
    }
    return json.dumps(scope, ensure_ascii=False, sort_keys=True)


def _open_case(session: Session, p: Prepared, letter: Letter, today: date) -> SanctionCase:
    employer = p.case.employer
    # On PostgreSQL a second batch for this employer waits here until the first commits,
    # then sees its case (SQLite serialises writers by itself).
    session.execute(select(Employer.id).where(Employer.id == employer.id).with_for_update())
    held: set[str] = set()
    for violations in session.scalars(
        select(SanctionCase.violations).where(
            SanctionCase.employer_id == employer.id,
            or_(SanctionCase.closed_on.is_(None), SanctionCase.close_reason == "selesai"),
        )
    ):
        held.update(violations.split(","))
    if held & p.case.new_keys:
        raise ServiceError(
            "Kasus kepatuhan untuk {employer} baru saja dibuka dari komputer lain: "
            "muat ulang daftar dan periksa kembali sebelum menerbitkan surat.",
            code="case_opened_elsewhere",
            employer=employer.name,
        )
    case = SanctionCase(
        id=uuid.uuid4(),
        employer_id=employer.id,
        opened_on=today,
        violations=",".join(sorted(p.case.new_keys)),
        scope_json=_scope_json(p, letter.number),
        step="teguran-1",
    )
    session.add(case)
    return case


def _advance_case(session: Session, kind: str, p: Prepared, letter: Letter) -> SanctionCase:
    sanction = p.case.sanction
    assert sanction is not None
    case = session.get(SanctionCase, sanction.case.id, with_for_update=True, populate_existing=True)
    expected = CASE_STEPS[CASE_STEPS.index(kind) - 1]
    if case is None or case.closed_on is not None or case.step != expected:
        raise ServiceError(
            "Kasus kepatuhan {employer} sudah berubah sejak diperiksa (mungkin dari komputer "
            "lain): muat ulang daftar dan periksa kembali sebelum menerbitkan surat.",
            code="case_changed_elsewhere",
            employer=p.case.employer.name,
        )
    case.step = kind
    letter.previous_letter_id = sanction.last.id
    return case


def link_case_step(
    session: Session, kind: str, p: Prepared, letter: Letter, today: date
) -> SanctionCase | None:
    """Open or advance the case ``letter`` is a step of; None for notices and reminders."""
    if kind == "teguran-1":
        case = _open_case(session, p, letter, today)
    elif kind in CASE_STEPS:
        case = _advance_case(session, kind, p, letter)
    else:
        return None
    letter.case_id = case.id
    return case
