"""Employer compliance (kepatuhan): Belum Daftar, PDS, Menunggak, Jakon Terlambat, Patuh.

Pure rules over facts gathered elsewhere; rates and program obligations
come in as parameters. Background: DOMAIN.md §0, §1.7, §2.1.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from kantor_app.domain.dates import format_date_id, format_month_id, started_months
from kantor_app.domain.jakon import JAKON_REGISTRATION_WORKING_DAYS, OverdueProject
from kantor_app.domain.money import format_rupiah
from kantor_app.domain.rates import late_fee
from kantor_app.domain.workdays import next_working_day

PROGRAM_ORDER = ("JKK", "JKM", "JHT", "JP", "JKP")

# PP 6/2025 Pasal 4(3): usaha besar/menengah -> JKK, JKM, JHT, JP;
# usaha mikro/kecil -> at least JKK, JKM, JHT.
DEFAULT_REQUIRED_PROGRAMS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "besar": frozenset({"JKK", "JKM", "JHT", "JP"}),
        "menengah": frozenset({"JKK", "JKM", "JHT", "JP"}),
        "kecil": frozenset({"JKK", "JKM", "JHT"}),
        "mikro": frozenset({"JKK", "JKM", "JHT"}),
    }
)

PAYMENT_DAY = 15  # of the month after the period (DOMAIN.md §1.7)


@dataclass(frozen=True)
class PeriodFacts:
    year: int
    month: int
    due: int
    paid: int
    paid_on: date | None  # latest payment of the contribution
    # Receipted contribution payments (date, amount); the part of ``paid`` they
    # do not cover came in before receipts were kept (imported totals).
    payments: tuple[tuple[date, int], ...] = ()
    fee_paid: int = 0  # late fee already paid for this month


@dataclass(frozen=True)
class EmployerFacts:
    npp: str | None
    scale: str  # "mikro" | "kecil" | "menengah" | "besar"
    workers_reported: int | None
    workers_found: int | None
    wage_reported: int | None  # average monthly wage reported per worker, rupiah
    wage_found: int | None  # average monthly wage found by inspection/survey
    minimum_wage: int | None  # UMK of the employer's kab/kota for the current year
    programs: frozenset[str]  # enrolled, subset of {"JKK","JKM","JHT","JP","JKP"}
    periods: tuple[PeriodFacts, ...]
    # How the screen marks a UMK not confirmed for this year, e.g. " (perkiraan)".
    minimum_wage_note: str = ""
    # Construction packages past their Jakon registration period (contractors only).
    jakon_overdue: tuple[OverdueProject, ...] = ()


class Status(StrEnum):
    BELUM_DAFTAR = "belum_daftar"
    PDS_TK = "pds_tk"
    PDS_UPAH = "pds_upah"
    PDS_PROGRAM = "pds_program"
    MENUNGGAK = "menunggak"
    JAKON = "jakon"
    PATUH = "patuh"


STATUS_LABELS: dict[Status, str] = {
    Status.BELUM_DAFTAR: "Belum Daftar",
    Status.PDS_TK: "PDS Tenaga Kerja",
    Status.PDS_UPAH: "PDS Upah",
    Status.PDS_PROGRAM: "PDS Program",
    Status.MENUNGGAK: "Menunggak",
    Status.JAKON: "Jakon Terlambat",
    Status.PATUH: "Patuh",
}

# Most serious first: what a list of employers shows in its status column.
SEVERITY_ORDER: tuple[Status, ...] = (
    Status.BELUM_DAFTAR,
    Status.MENUNGGAK,
    Status.JAKON,
    Status.PDS_TK,
    Status.PDS_UPAH,
    Status.PDS_PROGRAM,
    Status.PATUH,
)
_SEVERITY = {status: rank for rank, status in enumerate(SEVERITY_ORDER)}


@dataclass(frozen=True)
class Finding:
    status: Status
    reason: str  # Indonesian sentence with the figures behind the status


@dataclass(frozen=True)
class ArrearsLine:
    year: int
    month: int
    due: int
    paid: int
    outstanding: int
    months_late: int  # started months late: up to today, or up to the payment when paid
    late_fee: int  # still owed: the month's whole late fee minus what was paid of it
    fee_paid: int = 0


@dataclass(frozen=True)
class Assessment:
    statuses: tuple[Status, ...]
    findings: tuple[Finding, ...]
    arrears: tuple[ArrearsLine, ...]
    arrears_total: int
    late_fee_total: int

    @property
    def primary(self) -> Status:
        """The most serious status."""
        return min(self.statuses, key=_SEVERITY.__getitem__, default=Status.PATUH)


def payment_due_date(year: int, month: int, holidays: Collection[date] = ()) -> date:
    """Last day to pay the contribution of a PU period: the 15th of the next month,
    moved to the next working day when that is a weekend or holiday."""
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return next_working_day(date(next_year, next_month, PAYMENT_DAY), holidays)


def _period_range(lines: tuple[ArrearsLine, ...]) -> str:
    first, last = lines[0], lines[-1]
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if len(lines) == 1:
        return format_month_id(first.year, first.month)
    if span == len(lines):
        return (
            f"{format_month_id(first.year, first.month)} s.d. "
            f"{format_month_id(last.year, last.month)}"
        )
    return ", ".join(format_month_id(line.year, line.month) for line in lines)


def _dated_payments(period: PeriodFacts) -> list[tuple[date, int]]:
    parts = [(on, amount) for on, amount in period.payments if amount > 0]
    rest = period.paid - sum(amount for _, amount in parts)
    known = [on for on, _ in parts] + ([period.paid_on] if period.paid_on else [])
    if rest > 0 and known:
        # When an imported total was paid is unknown: take the earliest date on
        # record, so that the employer is never charged for a delay not proven.
        parts.append((min(known), rest))
    return sorted(parts)


def _late_fee_of(
    period: PeriodFacts, deadline: date, today: date, rate: Decimal
) -> tuple[int, int]:
    """The month's whole late fee and its months late (to today, or to the last payment)."""
    fee = 0
    months = 0
    # Receipts count only up to what the period says was paid (a contribution
    # import may have corrected it) and never beyond what was due.
    unpaid_principal = min(period.due, period.paid)
    for paid_on, amount in _dated_payments(period):
        counted = min(amount, unpaid_principal)
        unpaid_principal -= counted
        if counted > 0 and paid_on > deadline:
            months = started_months(deadline, paid_on)
            fee += late_fee(counted, months, rate)
    outstanding = period.due - period.paid
    if outstanding > 0:
        months = started_months(deadline, today)
        fee += late_fee(outstanding, months, rate)
    return fee, months


def _arrears(
    periods: tuple[PeriodFacts, ...],
    today: date,
    late_fee_rate: Decimal,
    holidays: Collection[date],
) -> tuple[ArrearsLine, ...]:
    """Months with contribution outstanding past the due date, or a late fee still owed."""
    lines: list[ArrearsLine] = []
    for period in sorted(periods, key=lambda p: (p.year, p.month)):
        deadline = payment_due_date(period.year, period.month, holidays)
        if today <= deadline:
            continue
        outstanding = max(period.due - period.paid, 0)
        fee, months_late = _late_fee_of(period, deadline, today, late_fee_rate)
        fee_owed = max(fee - period.fee_paid, 0)
        if outstanding <= 0 and fee_owed <= 0:
            continue
        lines.append(
            ArrearsLine(
                year=period.year,
                month=period.month,
                due=period.due,
                paid=period.paid,
                outstanding=outstanding,
                months_late=months_late,
                late_fee=fee_owed,
                fee_paid=period.fee_paid,
            )
        )
    return tuple(lines)


def _arrears_finding(arrears: tuple[ArrearsLine, ...]) -> Finding:
    principal = tuple(line for line in arrears if line.outstanding > 0)
    fee_only = tuple(line for line in arrears if line.outstanding <= 0)
    fee_total = format_rupiah(sum(line.late_fee for line in arrears))
    if not principal:
        return Finding(
            Status.MENUNGGAK,
            f"Denda keterlambatan {fee_total} belum dibayar "
            f"(iuran {_period_range(fee_only)} dibayar terlambat)",
        )
    reason = (
        f"Menunggak {len(principal)} bulan ({_period_range(principal)}) sebesar "
        f"{format_rupiah(sum(line.outstanding for line in principal))}, denda keterlambatan "
        f"{fee_total}"
    )
    if fee_only:
        reason += f" (termasuk denda iuran {_period_range(fee_only)} yang dibayar terlambat)"
    return Finding(Status.MENUNGGAK, reason)


def _wage_finding(facts: EmployerFacts) -> Finding | None:
    reported = facts.wage_reported
    if reported is None:
        return None
    shortfalls: list[str] = []
    if facts.wage_found is not None and reported < facts.wage_found:
        shortfalls.append(f"di bawah upah hasil pemeriksaan {format_rupiah(facts.wage_found)}")
    if facts.minimum_wage is not None and reported < facts.minimum_wage:
        shortfalls.append(
            f"di bawah UMK {format_rupiah(facts.minimum_wage)}{facts.minimum_wage_note}"
        )
    if not shortfalls:
        return None
    return Finding(
        Status.PDS_UPAH,
        f"Upah rata-rata dilaporkan {format_rupiah(reported)}, {' dan '.join(shortfalls)}",
    )


def _program_finding(
    facts: EmployerFacts, required_programs: Mapping[str, frozenset[str]]
) -> Finding | None:
    scale = facts.scale.strip().lower()
    if scale not in required_programs:
        raise ValueError(f"Skala usaha '{facts.scale}' tidak dikenal.")
    missing = required_programs[scale] - facts.programs
    if not missing:
        return None

    def ordered(programs: frozenset[str]) -> str:
        known = [p for p in PROGRAM_ORDER if p in programs]
        return ", ".join(known + sorted(programs - set(PROGRAM_ORDER)))

    enrolled = ordered(facts.programs) if facts.programs else "tidak ada"
    return Finding(
        Status.PDS_PROGRAM,
        f"Program wajib usaha {scale} belum diikuti: {ordered(missing)} (terdaftar: {enrolled})",
    )


def _jakon_finding(projects: tuple[OverdueProject, ...]) -> Finding | None:
    """One finding naming every overdue project, so the status appears once."""
    if not projects:
        return None
    return Finding(
        Status.JAKON,
        "; ".join(
            f"Proyek {p.name} (kode RUP {p.kd_rup}) belum didaftarkan Jakon, lewat "
            f"{JAKON_REGISTRATION_WORKING_DAYS} hari kerja sejak SPK {format_date_id(p.spk_date)}"
            for p in projects
        ),
    )


def assess(
    facts: EmployerFacts,
    *,
    today: date,
    late_fee_rate: Decimal,
    required_programs: Mapping[str, frozenset[str]] = DEFAULT_REQUIRED_PROGRAMS,
    holidays: Collection[date] = (),
) -> Assessment:
    """All compliance findings for one employer on ``today``.

    ``late_fee_rate`` is the monthly late fee in percent as stored in the rate
    table (``Decimal("2")`` for 2 %).
    """
    findings: list[Finding] = []
    registered = bool(facts.npp and facts.npp.strip())

    if not registered:
        reason = "Belum terdaftar sebagai peserta (tidak memiliki NPP)"
        if facts.workers_found:
            reason += f"; ditemukan {facts.workers_found} tenaga kerja"
        findings.append(Finding(Status.BELUM_DAFTAR, reason))

    arrears = _arrears(facts.periods, today, late_fee_rate, frozenset(holidays))
    arrears_total = sum(line.outstanding for line in arrears)
    late_fee_total = sum(line.late_fee for line in arrears)
    if arrears:
        findings.append(_arrears_finding(arrears))

    if (
        facts.workers_reported is not None
        and facts.workers_found is not None
        and facts.workers_found > facts.workers_reported
    ):
        gap = facts.workers_found - facts.workers_reported
        findings.append(
            Finding(
                Status.PDS_TK,
                f"Tenaga kerja dilaporkan {facts.workers_reported}, ditemukan "
                f"{facts.workers_found} ({gap} belum didaftarkan)",
            )
        )

    wage = _wage_finding(facts)
    if wage is not None:
        findings.append(wage)

    # An employer without NPP cannot be enrolled in anything: its missing
    # programs are the Belum Daftar finding, not a second one.
    if registered or facts.programs:
        program = _program_finding(facts, required_programs)
        if program is not None:
            findings.append(program)

    jakon = _jakon_finding(facts.jakon_overdue)
    if jakon is not None:
        findings.append(jakon)

    if not findings:
        findings.append(Finding(Status.PATUH, "Tidak ada temuan"))
    findings.sort(key=lambda f: _SEVERITY[f.status])
    return Assessment(
        statuses=tuple(f.status for f in findings),
        findings=tuple(findings),
        arrears=arrears,
        arrears_total=arrears_total,
        late_fee_total=late_fee_total,
    )
