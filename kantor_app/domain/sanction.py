"""The PP 86/2013 sanction path as a case that only moves forward.

DOMAIN section 0: one case (kasus kepatuhan) per employer and violation,
opened by a Teguran Tertulis I and moving Teguran I -> Teguran II -> denda
0,1 % -> request for TMP2T -> closed. A step is allowed only after the
previous step's period has passed unanswered, counted from receipt (or
sending plus the delivery allowance), never from the letter's own date; the
fine runs at most 30 days from the end of Teguran II, so the TMP2T request
waits for that too. Nothing here restarts a period: a case has one letter per
step.

Violations are keys: ``belum_daftar``, ``pds_tk``, ``pds_upah``,
``pds_program``, any other status by its value, and ``menunggak:YYYY-MM`` per
month in arrears, so arrears that arise later are a violation of their own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from kantor_app.domain.compliance import Assessment, Status
from kantor_app.domain.dates import format_date_id
from kantor_app.domain.letter_period import DEFAULT_DELIVERY_ALLOWANCE, letter_period
from kantor_app.domain.workdays import next_working_day

__all__ = [
    "CASE_STEPS",
    "CLOSE_REASONS",
    "FINE_DAYS",
    "FINE_RATE",
    "STEP_LABELS",
    "CaseProgress",
    "StepLetter",
    "arrears_key",
    "case_progress",
    "fine_amount",
    "next_step",
    "scoped_assessment",
    "violation_keys",
]

CASE_STEPS: tuple[str, ...] = ("teguran-1", "teguran-2", "denda", "tmp2t")
STEP_LABELS: dict[str, str] = {
    "teguran-1": "Teguran Tertulis I",
    "teguran-2": "Teguran Tertulis II",
    "denda": "Denda 0,1%",
    "tmp2t": "Permintaan TMP2T",
}
CLOSE_REASONS: dict[str, str] = {
    "patuh": "Patuh (kewajiban dipenuhi)",
    "selesai": "Selesai",
    "dicabut": "Dicabut",
}
FINE_RATE = Decimal("0.001")  # PP 86/2013: 0,1 % per month of the contributions owed
FINE_DAYS = 30  # the fine runs at most 30 days after Teguran II ends

_ARREARS_PREFIX = "menunggak:"


def arrears_key(year: int, month: int) -> str:
    return f"{_ARREARS_PREFIX}{year:04d}-{month:02d}"


def violation_keys(assessment: Assessment) -> frozenset[str]:
    """The violations an assessment finds, one key per status and per month in arrears."""
    keys = {s.value for s in assessment.statuses if s not in (Status.PATUH, Status.MENUNGGAK)}
    keys.update(arrears_key(line.year, line.month) for line in assessment.arrears)
    return frozenset(keys)


def scoped_assessment(assessment: Assessment, keys: Collection[str]) -> Assessment:
    """The assessment narrowed to ``keys``: what one case reprimands and nothing found later."""
    lines = tuple(a for a in assessment.arrears if arrears_key(a.year, a.month) in keys)
    statuses = tuple(
        s
        for s in assessment.statuses
        if (s is Status.MENUNGGAK and lines) or (s is not Status.MENUNGGAK and s.value in keys)
    )
    return replace(
        assessment,
        statuses=statuses,
        findings=tuple(f for f in assessment.findings if f.status in statuses),
        arrears=lines,
        arrears_total=sum(a.outstanding for a in lines),
        late_fee_total=sum(a.late_fee for a in lines),
    )


def next_step(step: str) -> str | None:
    """The step after ``step`` on the path, or None after the TMP2T request."""
    index = CASE_STEPS.index(step)
    return CASE_STEPS[index + 1] if index + 1 < len(CASE_STEPS) else None


def fine_amount(contributions_owed: int) -> int:
    """The PP 86/2013 fine: 0,1 % of the contributions owed, for its one month (30 days)."""
    fine = (Decimal(contributions_owed) * FINE_RATE).quantize(Decimal(1), ROUND_HALF_UP)
    return int(fine)


@dataclass(frozen=True)
class StepLetter:
    """The latest letter of a case, with what its period is counted from."""

    number: str
    kind: str
    issued_on: date
    sent_on: date | None
    received_on: date | None
    answered: bool


@dataclass(frozen=True)
class CaseProgress:
    """Where a case stands: its next step, from when it is allowed, or why not yet."""

    step: str
    last_number: str
    next_step: str | None
    period_end: date | None  # the end of the latest letter's period, once known
    allowed_from: date | None  # the first working day the next step may be dated
    blocked: str | None  # why the next step is not allowed (None: allowed from allowed_from)

    def allows(self, kind: str, today: date) -> bool:
        return (
            self.blocked is None
            and kind == self.next_step
            and self.allowed_from is not None
            and today >= self.allowed_from
        )

    def refusal(self, kind: str, today: date) -> str | None:
        """Why ``kind`` may not be issued on ``today`` in this case (None: it may)."""
        if self.next_step is None:
            return self.blocked or "langkah terakhir sudah diambil"
        if kind != self.next_step:
            return (
                f"kasus sudah pada tahap {STEP_LABELS[self.step]}; langkah berikutnya "
                f"{STEP_LABELS[self.next_step]}"
            )
        if self.blocked is not None:
            return self.blocked
        if self.allowed_from is not None and today < self.allowed_from:
            end = format_date_id(self.period_end) if self.period_end else "-"
            return (
                f"jangka waktu surat nomor {self.last_number} berakhir {end}; "
                f"{STEP_LABELS[kind]} baru boleh sejak {format_date_id(self.allowed_from)}"
            )
        return None


def case_progress(
    step: str,
    last: StepLetter,
    *,
    closed: bool = False,
    teguran_2_end: date | None = None,
    allowance_days: int = DEFAULT_DELIVERY_ALLOWANCE,
    holidays: Iterable[date] = (),
) -> CaseProgress:
    """The next step of a case whose last step is ``step`` taken by the letter ``last``.

    ``teguran_2_end`` is the end of the case's Teguran II period: after the
    fine notice, the TMP2T request also waits for the fine's 30 days.
    """
    holiday_set = frozenset(holidays)
    following = None if closed else next_step(step)
    period = letter_period(
        last.sent_on, last.received_on, allowance_days=allowance_days, holidays=holiday_set
    )
    end = period.end if period is not None else None
    if closed:
        return CaseProgress(step, last.number, None, end, None, "kasus sudah ditutup")
    if following is None:
        done = "permintaan TMP2T sudah diterbitkan: langkah terakhir"
        return CaseProgress(step, last.number, None, end, None, done)
    if last.answered:
        return CaseProgress(
            step,
            last.number,
            following,
            end,
            None,
            f"surat nomor {last.number} sudah dijawab: periksa jawabannya, lalu tutup kasus",
        )
    if end is None:
        return CaseProgress(
            step,
            last.number,
            following,
            None,
            None,
            f"surat nomor {last.number} belum dicatat dikirim atau diterima",
        )
    if step == "denda" and teguran_2_end is not None:
        end = max(end, teguran_2_end + timedelta(days=FINE_DAYS))
    allowed = next_working_day(end + timedelta(days=1), holiday_set)
    return CaseProgress(step, last.number, following, end, allowed, None)
