"""Recording sending and receipt: the period from receipt, all-or-nothing batches, refusals."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest
from branch_samples import ready_branch
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import select

from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.delivery import record_received, record_sent
from kantor_app.services.letters.issuing import issue_letters
from kantor_app.services.letters.register import set_status
from kantor_app.services.reference.branch_settings import (
    load_branch_settings,
    save_branch_settings,
)
from kantor_app.services.reference.edit import list_holidays, save_holidays, save_settings
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, Holiday, Letter

# Numbered letters need the branch's own letterhead and signatory (readiness).
pytestmark = pytest.mark.usefixtures("real_branch")


LATER = date(2027, 6, 30)  # the clock of these tests: every date below is in the past


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: LATER)


def _teguran(db: Database, *names: str) -> list[uuid.UUID]:
    set_umk(db)
    ids = []
    for name in names:
        eid = add_employer(db, name)
        add_periods(db, eid, [(2026, 6, 12_500_000, 0)])
        ids.append(eid)
    return [letter.letter_id for letter in issue_letters(db, "teguran-1", ids, today=TODAY)]


def _row(db: Database, letter_id: uuid.UUID) -> Letter:
    with db.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None
        session.expunge(letter)
        return letter


def test_issued_letter_has_no_deadline_until_sent(db: Database) -> None:
    [letter_id] = _teguran(db, "PT Satu")
    assert _row(db, letter_id).deadline is None


def test_sending_in_bulk_counts_allowance_then_ten_working_days(db: Database) -> None:
    first, second = _teguran(db, "PT Satu", "PT Dua")
    delivered = record_sent(db, [first, second], date(2026, 11, 24), username="budi")
    # Tuesday 24 November + 3 working days = Friday 27; + 10 working days = Friday 11 December.
    assert [(d.status, d.deadline, d.basis) for d in delivered] == [
        ("dikirim", date(2026, 12, 11), "dikirim"),
        ("dikirim", date(2026, 12, 11), "dikirim"),
    ]
    row = _row(db, second)
    assert (row.status, row.sent_on, row.deadline) == (
        "dikirim",
        date(2026, 11, 24),
        date(2026, 12, 11),
    )
    with db.session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "sent", AuditEvent.username == "budi")
        ).all()
    assert sorted(e.entity_id for e in events) == sorted([str(first), str(second)])


def test_branch_allowance_is_used(db: Database) -> None:
    [letter_id] = _teguran(db, "PT Satu")
    with db.transaction() as session:
        settings = load_branch_settings(session)
        save_branch_settings(session, replace(settings, delivery_allowance_days=0))
    [delivered] = record_sent(db, [letter_id], date(2026, 11, 24))
    assert delivered.deadline == date(2026, 12, 8)  # 10 working days from Tuesday 24 November


def test_receipt_counts_ten_working_days_skipping_a_holiday(db: Database) -> None:
    [letter_id] = _teguran(db, "PT Satu")
    with db.transaction() as session:
        session.add(Holiday(day=date(2026, 12, 1), name="Libur uji", confirmed=True))
    record_sent(db, [letter_id], date(2026, 11, 24))
    [delivered] = record_received(db, [letter_id], date(2026, 11, 26), "diterima satpam")
    # From Thursday 26 November: 27, 30 Nov, (1 Dec holiday) 2, 3, 4, 7, 8, 9, 10, 11.
    assert (delivered.status, delivered.deadline, delivered.basis) == (
        "diterima",
        date(2026, 12, 11),
        "diterima",
    )
    row = _row(db, letter_id)
    assert (row.received_on, row.receipt_note) == (date(2026, 11, 26), "diterima satpam")


def test_one_refusal_refuses_the_whole_batch(db: Database) -> None:
    sent, unsent = _teguran(db, "PT Satu", "PT Dua")
    record_sent(db, [sent], date(2026, 11, 24))
    number = _row(db, unsent).number
    with pytest.raises(ServiceError, match="belum dicatat dikirim") as caught:
        record_received(db, [sent, unsent], date(2026, 11, 26))
    assert caught.value.code == "received_before_sent"
    assert number in str(caught.value)
    row = _row(db, sent)
    assert (row.status, row.received_on) == ("dikirim", None)


@pytest.mark.parametrize(
    ("sent_on", "received_on", "code"),
    [
        (date(2026, 11, 20), None, "delivery_before_letter"),
        (date(2027, 7, 1), None, "delivery_date_in_future"),
        (date(2026, 11, 25), date(2026, 11, 24), "received_before_sending_date"),
        (date(2026, 11, 24), date(2027, 7, 1), "delivery_date_in_future"),
    ],
)
def test_impossible_dates_are_refused(
    db: Database, sent_on: date, received_on: date | None, code: str
) -> None:
    [letter_id] = _teguran(db, "PT Satu")
    with pytest.raises(ServiceError) as caught:
        record_sent(db, [letter_id], sent_on)
        assert received_on is not None
        record_received(db, [letter_id], received_on)
    assert caught.value.code == code


def test_sending_after_receipt_is_refused(db: Database) -> None:
    [letter_id] = _teguran(db, "PT Satu")
    record_sent(db, [letter_id], date(2026, 11, 24))
    record_received(db, [letter_id], date(2026, 11, 25))
    with pytest.raises(ServiceError) as caught:
        record_sent(db, [letter_id], date(2026, 11, 26))
    assert caught.value.code == "sent_after_received"


def test_answered_letter_keeps_its_status_and_dates_can_be_corrected(db: Database) -> None:
    [letter_id] = _teguran(db, "PT Satu")
    record_sent(db, [letter_id], date(2026, 11, 24))
    set_status(db, letter_id, "dijawab", on=date(2026, 11, 27), note="Akan membayar")
    [delivered] = record_received(db, [letter_id], date(2026, 11, 26))
    assert delivered.status == "dijawab"
    [corrected] = record_received(db, [letter_id], date(2026, 11, 25))
    assert (corrected.received_on, corrected.deadline) == (date(2026, 11, 25), date(2026, 12, 9))


def test_dates_are_locked_once_a_next_letter_refers_to_the_letter(db: Database) -> None:
    [letter_id] = _teguran(db, "PT Satu")
    record_sent(db, [letter_id], date(2026, 11, 23))
    record_received(db, [letter_id], date(2026, 11, 24))  # period ends Tuesday 8 December
    employer_id = _row(db, letter_id).employer_id
    issue_letters(db, "teguran-2", [employer_id], today=date(2026, 12, 9))
    with pytest.raises(ServiceError, match="tidak dapat diubah lagi") as caught:
        record_received(db, [letter_id], date(2026, 11, 30))
    assert caught.value.code == "delivery_date_locked"
    # The same date again changes nothing and is no refusal.
    [same] = record_received(db, [letter_id], date(2026, 11, 24))
    assert same.deadline == date(2026, 12, 8)


def test_allowance_out_of_range_is_refused(db: Database) -> None:
    with db.transaction() as session:
        settings = load_branch_settings(session)
        with pytest.raises(ServiceError) as caught:
            save_branch_settings(session, replace(settings, delivery_allowance_days=31))
    assert caught.value.code == "delivery_allowance_out_of_range"
    with db.session() as session:
        assert load_branch_settings(session).delivery_allowance_days == 3


def test_new_allowance_and_holidays_recount_running_periods_only(db: Database) -> None:
    running, followed = _teguran(db, "PT Satu", "PT Dua")
    record_sent(db, [running, followed], date(2026, 11, 23))
    record_received(db, [followed], date(2026, 11, 23))  # ends Monday 7 December
    issue_letters(db, "teguran-2", [_row(db, followed).employer_id], today=date(2026, 12, 8))
    assert _row(db, running).deadline == date(2026, 12, 10)  # 23 Nov + 3 + 10 working days

    with db.session() as session:
        settings = load_branch_settings(session)
    save_settings(db, replace(settings, delivery_allowance_days=1), username="budi")
    assert _row(db, running).deadline == date(2026, 12, 8)  # 24 November + 10 working days
    with db.session() as session:
        days = list_holidays(session, 2026)
    save_holidays(db, 2026, [*days, (date(2026, 12, 2), "Libur uji")])
    assert _row(db, running).deadline == date(2026, 12, 9)
    assert _row(db, followed).deadline == date(2026, 12, 7)  # a next letter relied on it


def test_bulk_refusal_and_recount_on_each_engine(any_db: Database) -> None:
    db = any_db
    ready_branch(db)
    first, second = _teguran(db, "PT Satu", "PT Dua")
    record_sent(db, [first], date(2026, 11, 24))
    with pytest.raises(ServiceError) as caught:
        record_received(db, [first, second], date(2026, 11, 25), "diterima")
    assert caught.value.code == "received_before_sent"
    assert _row(db, first).received_on is None  # the whole batch rolled back
    with db.session() as session:
        settings = load_branch_settings(session)
    save_settings(db, replace(settings, delivery_allowance_days=0))
    assert _row(db, first).deadline == date(2026, 12, 8)
    assert _row(db, second).deadline is None
