"""The date a numbered letter may carry (DOMAIN.md §0: no backdating).

Letter numbers run in order through the register, and a deadline is counted
in working days: a letter dated on a Sunday, after today, or before a letter
already in the register would put the register out of order or start a
deadline the employer's lawyer can dispute.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kantor_app.domain.dates import format_date_id
from kantor_app.domain.workdays import is_working_day
from kantor_app.services.errors import ServiceError
from kantor_app.store.models import Letter


def clock() -> date:
    """Today by the computer's clock (tests that simulate later days replace it)."""
    return date.today()


def check_letter_date(
    session: Session, issued_on: date, holidays: Collection[date], *, now: date | None = None
) -> None:
    """ServiceError unless ``issued_on`` is a working day, not in the future, not backdated."""
    now = now or clock()
    shown = format_date_id(issued_on)
    if issued_on > now:
        raise ServiceError(
            "Tanggal surat {date} sesudah hari ini ({today}): surat bernomor tidak boleh "
            "diberi tanggal yang akan datang.",
            code="letter_date_in_future",
            date=shown,
            today=format_date_id(now),
        )
    if not is_working_day(issued_on, holidays):
        raise ServiceError(
            "Tanggal surat {date} bukan hari kerja (akhir pekan atau hari libur). "
            "Pilih hari kerja.",
            code="letter_date_not_working_day",
            date=shown,
        )
    latest = session.scalar(select(func.max(Letter.issued_on)))
    if latest is not None and issued_on < latest:
        raise ServiceError(
            "Tanggal surat {date} lebih awal dari surat terakhir di register ({latest}): "
            "nomor surat harus urut menurut tanggal, jadi surat tidak boleh bertanggal mundur.",
            code="letter_backdated",
            date=shown,
            latest=format_date_id(latest),
        )
