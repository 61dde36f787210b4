"""A numbered letter is dated on a working day, not in the future, never before the register."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from branch_samples import ready_branch
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import func, select

from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.issuing import issue_letters
from kantor_app.store.engine import Database
from kantor_app.store.models import Letter, LetterSequence

# TODAY (Monday 23 November 2026) is the computer's today in these tests.
CLOCK = "kantor_app.services.letters.dating.clock"


@pytest.fixture
def employer(db: Database, monkeypatch: pytest.MonkeyPatch) -> uuid.UUID:
    monkeypatch.setattr(CLOCK, lambda: TODAY)
    ready_branch(db)
    set_umk(db)
    eid = add_employer(db, "PT Tanggal Surat")
    add_periods(db, eid, [(2026, 8, 10_000_000, 0)])
    return eid


def _nothing_numbered(db: Database) -> bool:
    with db.session() as session:
        letters = session.scalar(select(func.count()).select_from(Letter))
        sequences = session.scalar(select(func.count()).select_from(LetterSequence))
    return letters == 0 and not sequences


def test_a_letter_dated_after_today_is_refused(db: Database, employer: uuid.UUID) -> None:
    with pytest.raises(ServiceError) as caught:
        issue_letters(db, "tunggakan", [employer], today=date(2026, 11, 24))
    assert caught.value.code == "letter_date_in_future"
    assert "24 November 2026" in str(caught.value)
    assert _nothing_numbered(db)


def test_a_letter_dated_on_a_sunday_or_holiday_is_refused(
    db: Database, employer: uuid.UUID
) -> None:
    for day in (date(2026, 11, 22), date(2026, 8, 17)):  # a Sunday; Independence Day
        with pytest.raises(ServiceError) as caught:
            issue_letters(db, "tunggakan", [employer], today=day)
        assert caught.value.code == "letter_date_not_working_day", day
    assert _nothing_numbered(db)


def test_a_letter_dated_before_the_register_is_refused(db: Database, employer: uuid.UUID) -> None:
    issue_letters(db, "tunggakan", [employer], today=TODAY)
    other = add_employer(db, "PT Tanggal Mundur")
    add_periods(db, other, [(2026, 8, 10_000_000, 0)])
    with pytest.raises(ServiceError) as caught:
        issue_letters(db, "tunggakan", [other], today=date(2026, 11, 20))  # Friday before
    assert caught.value.code == "letter_backdated"
    assert "23 November 2026" in str(caught.value)
    # The same day as the latest letter is fine.
    assert len(issue_letters(db, "tunggakan", [other], today=TODAY)) == 1
