"""Only confirmed figures on paper: the UMK a letter cites, and the holidays its period uses.

A letter that would state a UMK (the PDS Upah clause of a new finding; a
later step of a case restates its Teguran I, checked when that was issued) is
refused for that employer while the UMK of the letter's year is an estimate or
missing from the table: the seeded figures are not copies of the Governor's
decree, and another year's figure is never printed as this year's. The
confirmed UMK is cited with its decree. Estimated or missing holidays only
warn, because a deadline counted over them is still the best the branch has.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.compliance import Assessment, EmployerFacts, Status
from kantor_app.domain.dates import format_date_id
from kantor_app.domain.money import rupiah_with_words
from kantor_app.domain.workdays import add_working_days
from kantor_app.services.employers.compliance import ComplianceContext
from kantor_app.services.letters.templates import TemplateError, load_template
from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.services.reference.seed import UmkRecord, load_holidays
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer, Holiday

__all__ = [
    "PERIOD_WORKING_DAYS",
    "holiday_warnings",
    "period_warnings",
    "umk_citation",
    "unconfirmed_figure_reason",
]

# A letter's period: 10 working days from receipt, and receipt up to the branch's
# delivery allowance after sending. The years it may touch are the ones whose
# holidays must be known.
PERIOD_WORKING_DAYS = 10


class _Case(Protocol):
    """What the check reads of an eligibility Case (a Protocol: eligibility imports us)."""

    @property
    def employer(self) -> Employer: ...

    @property
    def facts(self) -> EmployerFacts: ...

    @property
    def assessment(self) -> Assessment: ...

    @property
    def sanction(self) -> object | None: ...


def _cites_umk(case: _Case) -> bool:
    """Whether the finding clause states the UMK (mirrors content._clauses)."""
    f = case.facts
    return (
        Status.PDS_UPAH in case.assessment.statuses
        and f.wage_reported is not None
        and f.minimum_wage is not None
        and f.wage_reported < f.minimum_wage
    )


def _template_states_finding(kind: str) -> bool:
    try:
        return "temuan" in load_template(kind).fields()
    except TemplateError:
        return True  # the issue itself reports the broken template; refuse nothing less


def _confirmed_for(record: UmkRecord | None, year: int) -> bool:
    return record is not None and record.year == year and record.confirmed


def unconfirmed_figure_reason(kind: str, case: _Case, ctx: ComplianceContext) -> str | None:
    """Why this employer's letter may not be made because of its UMK, or None."""
    if kind == "jakon" or case.sanction is not None or not _cites_umk(case):
        # A later step of a case restates its Teguran I's text, checked when that was issued.
        return None
    code = case.employer.regency_code or ""
    record = ctx.umk.get(code)
    year = ctx.today.year
    if _confirmed_for(record, year) or not _template_states_finding(kind):
        return None
    name = record.regency_name if record is not None else code
    if record is None or record.year != year:
        return (
            f"UMK {name} tahun {year} belum ada di tabel UMK: isi jumlahnya serta Nomor dan "
            f"Tanggal SK Gubernur di Pengaturan > UMK"
        )
    return (
        f"UMK {name} tahun {year} belum dikonfirmasi: isi Nomor dan Tanggal SK Gubernur "
        f"di Pengaturan > UMK"
    )


def umk_citation(regency_code: str | None, regency_name: str, ctx: ComplianceContext) -> str:
    """The UMK as the finding clause states it: with its decree when confirmed.

    An unconfirmed figure keeps its own year and says it is an estimate; letters
    that print the clause are refused before they get here
    (:func:`unconfirmed_figure_reason`), so only unprinted fields carry it.
    """
    record = ctx.umk.get(regency_code or "")
    if record is None:
        return f"upah minimum {regency_name}"
    text = (
        f"upah minimum {regency_name} tahun {record.year} sebesar "
        f"{rupiah_with_words(record.amount)}"
    )
    if not _confirmed_for(record, ctx.today.year) or record.decree_date is None:
        return f"{text} (perkiraan, belum dikonfirmasi)"
    return (
        f"{text} sebagaimana ditetapkan dengan Keputusan Gubernur {record.province_name} "
        f"Nomor {record.decree_number} tanggal {format_date_id(record.decree_date)}"
    )


def holiday_warnings(session: Session, start: date) -> list[str]:
    """Warnings for the years a letter period from ``start`` may count over whose holidays
    are estimates (any unconfirmed row) or not in the table at all."""
    span = PERIOD_WORKING_DAYS + load_branch_settings(session).delivery_allowance_days
    end = add_working_days(start, span, load_holidays(session))
    warnings: list[str] = []
    for year in range(start.year, end.year + 1):
        flags = list(
            session.scalars(
                select(Holiday.confirmed).where(
                    Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31)
                )
            )
        )
        if not flags:
            warnings.append(
                f"Hari libur tahun {year} belum ada di tabel: batas waktu dihitung tanpa "
                f"hari libur. Isi di Pengaturan > Hari Libur."
            )
        elif not all(flags):
            warnings.append(
                f"Hari libur tahun {year} masih perkiraan: batas waktu dihitung dengan "
                f"perkiraan. Konfirmasi di Pengaturan > Hari Libur."
            )
    return warnings


def period_warnings(db: Database, start: date) -> list[str]:
    """:func:`holiday_warnings` in a session of its own (for the CLI and the issue dialog)."""
    with db.session() as session:
        return holiday_warnings(session, start)
