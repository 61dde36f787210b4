"""Sanction cases (kasus kepatuhan) as stored: loading them with their letters, and closing one.

The rules are in :mod:`kantor_app.domain.sanction`; this module reads the
cases and their letters from the register and says where each one stands.
A case is opened and moved forward only by issuing its letters
(:mod:`kantor_app.services.letters.issuing`), and closed here by a person.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.dates import format_date_id, format_month_id
from kantor_app.domain.letter_period import DEFAULT_DELIVERY_ALLOWANCE, letter_period
from kantor_app.domain.sanction import (
    CLOSE_REASONS,
    STEP_LABELS,
    CaseProgress,
    StepLetter,
    case_progress,
    violation_keys,
)
from kantor_app.services.audit import write_audit
from kantor_app.services.employers.compliance import assess_employer
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.dating import clock
from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.services.reference.seed import load_holidays
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer, Letter, SanctionCase

__all__ = [
    "CaseRow",
    "ListedCase",
    "OpenCase",
    "case_overview",
    "close_case",
    "find_case",
    "list_cases",
    "load_cases",
    "violations_text",
]

_VIOLATION_LABELS = {
    "belum_daftar": "belum mendaftar",
    "pds_tk": "PDS tenaga kerja",
    "pds_upah": "PDS upah",
    "pds_program": "PDS program",
    "jakon": "Jakon terlambat",
}


def violations_text(keys: Collection[str]) -> str:
    """ "belum mendaftar; menunggak 3 bulan (Agustus 2026 s.d. Oktober 2026)" for the screen."""
    months = sorted(k.split(":", 1)[1] for k in keys if k.startswith("menunggak:"))
    parts = [_VIOLATION_LABELS.get(k, k) for k in sorted(keys) if not k.startswith("menunggak:")]
    if months:
        first = format_month_id(int(months[0][:4]), int(months[0][5:]))
        last = format_month_id(int(months[-1][:4]), int(months[-1][5:]))
        span = first if len(months) == 1 else f"{first} s.d. {last}"
        parts.append(f"menunggak {len(months)} bulan ({span})")
    return "; ".join(parts)


@dataclass(frozen=True)
class OpenCase:
    """A case with its letters in step order and where it stands."""

    case: SanctionCase
    letters: tuple[Letter, ...]
    progress: CaseProgress
    teguran_2_end: date | None = None  # the end of its Teguran II period, once known

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k for k in self.case.violations.split(",") if k)

    @property
    def last(self) -> Letter:
        return self.letters[-1]

    @property
    def closed(self) -> bool:
        return self.case.closed_on is not None

    def letter_of(self, kind: str) -> Letter | None:
        return next((letter for letter in self.letters if letter.kind == kind), None)

    def scope(self) -> dict[str, Any]:
        """What the Teguran I reprimanded, as of that letter."""
        data = json.loads(self.case.scope_json or "{}")
        return data if isinstance(data, dict) else {}

    def label(self) -> str:
        return STEP_LABELS[self.case.step]

    def fine_base(self) -> int | None:
        """The contributions owed the fine is 0,1 % of: the arrears the Teguran I named, or,
        for a case without arrears, the figure an officer entered with its source."""
        scope = self.scope()
        arrears = int(scope.get("arrears_total", 0))
        if arrears > 0:
            return arrears
        entered = scope.get("fine_base")
        return int(entered["amount"]) if isinstance(entered, dict) else None

    def fine_base_missing(self) -> str | None:
        """Why the fine cannot be stated yet (None: it can)."""
        if self.fine_base() is not None:
            return None
        return (
            "denda 0,1% dihitung dari iuran yang seharusnya dibayar: kasus ini tidak memuat "
            "tunggakan iuran, jadi isi dulu iuran tersebut beserta sumbernya (Dasar denda…)"
        )

    @property
    def needs_fine_base(self) -> bool:
        """Open, before its fine, without arrears: an officer must state what is owed."""
        return (
            not self.closed
            and self.case.step in ("teguran-1", "teguran-2")
            and int(self.scope().get("arrears_total", 0)) <= 0
        )


def _step_letter(letter: Letter) -> StepLetter:
    return StepLetter(
        number=letter.number,
        kind=letter.kind,
        issued_on=letter.issued_on,
        sent_on=letter.sent_on,
        received_on=letter.received_on,
        answered=letter.status == "dijawab" or letter.answered_on is not None,
    )


def load_cases(
    session: Session,
    employer_ids: Sequence[uuid.UUID],
    *,
    holidays: Collection[date],
    allowance_days: int = DEFAULT_DELIVERY_ALLOWANCE,
    include_closed: bool = False,
) -> dict[uuid.UUID, list[OpenCase]]:
    """Per employer, its cases (open ones only unless ``include_closed``), oldest first."""
    result: dict[uuid.UUID, list[OpenCase]] = {}
    ids = list(employer_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        query = select(SanctionCase).where(SanctionCase.employer_id.in_(chunk))
        if not include_closed:
            query = query.where(SanctionCase.closed_on.is_(None))
        cases = list(session.scalars(query.order_by(SanctionCase.opened_on, SanctionCase.id)))
        if not cases:
            continue
        letters: dict[uuid.UUID, list[Letter]] = {}
        rows = session.scalars(
            select(Letter)
            .where(Letter.case_id.in_([c.id for c in cases]))
            .order_by(Letter.issued_on, Letter.created_at)
        )
        for letter in rows:
            assert letter.case_id is not None
            letters.setdefault(letter.case_id, []).append(letter)
        for case in cases:
            own = tuple(letters.get(case.id, ()))
            if not own:
                continue  # a case exists only with its Teguran I; nothing to show without it
            t2_end = _teguran_2_end(own, holidays, allowance_days)
            progress = case_progress(
                case.step,
                _step_letter(own[-1]),
                closed=case.closed_on is not None,
                teguran_2_end=t2_end,
                allowance_days=allowance_days,
                holidays=holidays,
            )
            result.setdefault(case.employer_id, []).append(OpenCase(case, own, progress, t2_end))
    return result


def _teguran_2_end(
    letters: Sequence[Letter], holidays: Collection[date], allowance: int
) -> date | None:
    teguran_2 = next((x for x in letters if x.kind == "teguran-2"), None)
    if teguran_2 is None:
        return None
    period = letter_period(
        teguran_2.sent_on, teguran_2.received_on, allowance_days=allowance, holidays=holidays
    )
    return period.end if period is not None else None


def _check_complied(session: Session, case: SanctionCase, on: date) -> None:
    """A case closes as complied only when none of its violations is still found."""
    keys = frozenset(k for k in case.violations.split(",") if k)
    still = keys & violation_keys(assess_employer(session, case.employer_id, on))
    if still:
        raise ServiceError(
            "Kasus belum dapat ditutup sebagai patuh: masih tercatat {violations}. Catat "
            "pembayaran atau temuan yang menyelesaikannya lebih dulu, atau tutup sebagai "
            "dicabut dengan alasannya.",
            code="case_not_complied",
            violations=violations_text(still),
        )


def close_case(
    db: Database,
    case_id: uuid.UUID,
    reason: str,
    note: str = "",
    *,
    closed_on: date | None = None,
    username: str = "",
) -> None:
    """Close a case: complied (patuh: none of its violations is still found), resolved
    (selesai, with a note: the path has ended; its violations stay held, so no new
    Teguran I restarts it) or withdrawn (dicabut, with a note: its violations are free)."""
    if reason not in CLOSE_REASONS:
        raise ServiceError(
            "Alasan penutupan kasus '{reason}' tidak dikenal. Pilihan: {choices}.",
            code="case_close_reason_unknown",
            reason=reason,
            choices=", ".join(CLOSE_REASONS),
        )
    note = note.strip()
    if reason == "dicabut" and not note:
        raise ServiceError(
            "Kasus yang dicabut memerlukan keterangan alasannya.", code="case_withdraw_needs_note"
        )
    closed_on = closed_on or clock()
    if closed_on > clock():
        raise ServiceError(
            "Tanggal penutupan kasus tidak boleh setelah hari ini.", code="case_close_future"
        )
    if reason == "selesai" and not note:
        raise ServiceError(
            "Kasus yang selesai memerlukan keterangan bagaimana kasus itu selesai.",
            code="case_resolve_needs_note",
        )
    with db.transaction() as session:
        case = session.get(SanctionCase, case_id, with_for_update=True)
        if case is None:
            raise ServiceError("Kasus kepatuhan tidak ditemukan.", code="case_not_found")
        if case.closed_on is not None:
            raise ServiceError(
                "Kasus ini sudah ditutup pada {date}.",
                code="case_already_closed",
                date=format_date_id(case.closed_on),
            )
        if closed_on < case.opened_on:
            raise ServiceError(
                "Tanggal penutupan kasus tidak boleh sebelum kasus dibuka ({date}).",
                code="case_close_before_open",
                date=format_date_id(case.opened_on),
            )
        if reason == "patuh":
            _check_complied(session, case, closed_on)
        case.closed_on = closed_on
        case.close_reason = reason
        case.close_note = note
        write_audit(
            session,
            entity="sanction_case",
            entity_id=case.id,
            action="close",
            details={"reason": reason, "note": note, "closed_on": closed_on.isoformat()},
            username=username,
        )


@dataclass(frozen=True)
class CaseRow:
    """One case as the employer view shows it."""

    id: uuid.UUID
    opened_on: date
    violations: str
    step: str  # the step taken, as printed ("Teguran Tertulis II")
    letters: tuple[str, ...]  # numbers, in step order
    next_step: str | None  # printed, None when the path has ended or the case is closed
    period_end: date | None
    allowed_from: date | None
    blocked: str | None  # why the next step is not allowed (yet)
    closed_on: date | None
    close_reason: str  # printed
    close_note: str
    needs_fine_base: bool = False  # an officer must state the contributions owed (no arrears)
    fine_base: int | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


def case_overview(session: Session, employer_id: uuid.UUID, today: date) -> list[CaseRow]:
    """Every case of the employer, open ones first, each with its next step and from when."""
    cases = load_cases(
        session,
        [employer_id],
        holidays=load_holidays(session),
        allowance_days=load_branch_settings(session).delivery_allowance_days,
        include_closed=True,
    ).get(employer_id, [])
    rows = [_case_row(c, today) for c in cases]
    return sorted(rows, key=lambda r: (not r.is_open, r.opened_on))


def _case_row(c: OpenCase, today: date) -> CaseRow:
    p = c.progress
    blocked = p.blocked
    allowed_from = p.allowed_from
    if blocked is None and p.next_step == "denda" and (missing := c.fine_base_missing()):
        blocked, allowed_from = missing, None
    if blocked is None and p.allowed_from is not None and today < p.allowed_from:
        blocked = f"menunggu jangka waktu surat nomor {c.last.number} berakhir"
    return CaseRow(
        id=c.case.id,
        opened_on=c.case.opened_on,
        violations=violations_text(c.keys),
        step=STEP_LABELS[c.case.step],
        letters=tuple(letter.number for letter in c.letters),
        next_step=STEP_LABELS[p.next_step] if p.next_step else None,
        period_end=p.period_end,
        allowed_from=allowed_from,
        blocked=blocked,
        closed_on=c.case.closed_on,
        close_reason=CLOSE_REASONS.get(c.case.close_reason, c.case.close_reason),
        close_note=c.case.close_note,
        needs_fine_base=c.needs_fine_base,
        fine_base=c.fine_base(),
    )


@dataclass(frozen=True)
class ListedCase:
    """A case in the branch-wide list, with its employer."""

    employer: str
    npp: str | None
    row: CaseRow


def list_cases(
    session: Session, today: date, *, npps: Sequence[str] = (), include_closed: bool = False
) -> list[ListedCase]:
    """Every case of the branch (or of the employers with these NPPs), by employer name."""
    query = select(Employer.id, Employer.name, Employer.npp).where(
        Employer.id.in_(select(SanctionCase.employer_id))
    )
    if npps:
        known = set(session.scalars(select(Employer.npp).where(Employer.npp.in_(list(npps)))))
        unknown = [n for n in npps if n not in known]
        if unknown:
            raise ServiceError(
                "NPP tidak ditemukan: {npps}.", code="case_npp_unknown", npps=", ".join(unknown)
            )
        query = query.where(Employer.npp.in_(list(npps)))
    employers = {eid: (name, npp) for eid, name, npp in session.execute(query)}
    cases = load_cases(
        session,
        list(employers),
        holidays=load_holidays(session),
        allowance_days=load_branch_settings(session).delivery_allowance_days,
        include_closed=include_closed,
    )
    listed = [
        ListedCase(employers[eid][0], employers[eid][1], _case_row(c, today))
        for eid, own in cases.items()
        for c in own
    ]
    return sorted(listed, key=lambda x: (x.employer.casefold(), x.row.opened_on))


def find_case(session: Session, reference: str) -> uuid.UUID:
    """The case named by the number of one of its letters, or by its id."""
    reference = reference.strip()
    case_id = session.scalar(select(Letter.case_id).where(Letter.number == reference))
    if case_id is None:
        try:
            candidate = uuid.UUID(reference)
        except ValueError:
            candidate = None
        if candidate is not None and session.get(SanctionCase, candidate) is not None:
            case_id = candidate
    if case_id is None:
        raise ServiceError(
            "Tidak ada kasus kepatuhan dengan surat bernomor '{reference}'.",
            code="case_reference_unknown",
            reference=reference,
        )
    return case_id
