"""Payments of contributions and of late fees: receipts kept, sums added in the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import event, select

from kantor_app.domain.compliance import Status
from kantor_app.services.employers.registry import record_payment
from kantor_app.services.errors import ServiceError
from kantor_app.store.engine import Database
from kantor_app.store.models import ContributionPayment, ContributionPeriod


def _period(db: Database, eid: object, month: int) -> ContributionPeriod:
    with db.session() as session:
        period = session.scalar(
            select(ContributionPeriod).where(
                ContributionPeriod.employer_id == eid, ContributionPeriod.month == month
            )
        )
        assert period is not None
        return period


def test_fee_survives_a_late_principal_payment_until_a_denda_payment(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db)
    add_periods(db, eid, [(2026, 8, 2_000_000, 0)])
    # Due Tue 15 September; paid one month and a day later: 2 started months, 2 x 2 %.
    a = record_payment(
        db, eid, 2026, 8, 2_000_000, date(2026, 10, 16), receipt_number="BNI-001", today=TODAY
    )
    assert a.arrears_total == 0
    assert a.late_fee_total == 80_000
    assert a.primary is Status.MENUNGGAK
    assert [(line.month, line.outstanding, line.late_fee) for line in a.arrears] == [(8, 0, 80_000)]

    a = record_payment(
        db,
        eid,
        2026,
        8,
        80_000,
        date(2026, 11, 20),
        kind="denda",
        receipt_number=" BNI-002 ",
        username="rina",
        today=TODAY,
    )
    assert a.arrears == ()
    assert a.primary is Status.PATUH
    period = _period(db, eid, 8)
    # The fee payment leaves the contribution's own payment date alone.
    assert (period.paid, period.paid_on, period.fee_paid) == (2_000_000, date(2026, 10, 16), 80_000)
    with db.session() as session:
        rows = session.execute(
            select(
                ContributionPayment.kind,
                ContributionPayment.amount,
                ContributionPayment.paid_on,
                ContributionPayment.receipt_number,
                ContributionPayment.recorded_by,
            ).order_by(ContributionPayment.paid_on)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("iuran", 2_000_000, date(2026, 10, 16), "BNI-001", ""),
        ("denda", 80_000, date(2026, 11, 20), "BNI-002", "rina"),
    ]


def test_receipted_instalments_count_their_own_delay(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db)
    add_periods(db, eid, [(2026, 8, 1_000_000, 0)])
    record_payment(db, eid, 2026, 8, 600_000, date(2026, 9, 10), today=TODAY)
    a = record_payment(db, eid, 2026, 8, 400_000, date(2026, 11, 2), today=TODAY)
    # 600 k on time; 400 k on 2 Nov, in the second month after 15 Sep: 2 x 2 %.
    assert a.late_fee_total == 16_000
    assert _period(db, eid, 8).paid_on == date(2026, 11, 2)


def test_unknown_payment_kind_is_refused(db: Database) -> None:
    eid = add_employer(db)
    with pytest.raises(ServiceError, match="pilih iuran atau denda"):
        record_payment(db, eid, 2026, 8, 1_000, TODAY, kind="bunga", today=TODAY)


@contextmanager
def _before_first_update(db: Database, action: Any) -> Iterator[None]:
    """Run ``action`` once, just before the first UPDATE of contribution_period."""
    fired: list[bool] = []

    def hook(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not fired and statement.lstrip().upper().startswith("UPDATE CONTRIBUTION_PERIOD"):
            fired.append(True)
            action()

    event.listen(db.engine, "before_cursor_execute", hook)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", hook)
    assert fired


def test_two_payments_at_once_both_count(any_db: Database) -> None:
    if any_db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite: record_payment takes the write lock first, writers queue")
    eid = add_employer(any_db)
    add_periods(any_db, eid, [(2026, 8, 3_000_000, 0)])

    def other_device() -> None:
        # Another writer commits its payment after this one read the month.
        record_payment(any_db, eid, 2026, 8, 1_000_000, date(2026, 11, 20), today=TODAY)

    with _before_first_update(any_db, other_device):
        record_payment(any_db, eid, 2026, 8, 2_000_000, date(2026, 11, 21), today=TODAY)
    period = _period(any_db, eid, 8)
    assert (period.paid, period.paid_on) == (3_000_000, date(2026, 11, 21))
    with any_db.session() as session:
        assert session.scalar(select(ContributionPayment.id).limit(1)) is not None
        amounts = sorted(session.scalars(select(ContributionPayment.amount)))
    assert amounts == [1_000_000, 2_000_000]
