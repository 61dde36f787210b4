"""The sanction path's rules: violation keys, the next step and from when it is allowed."""

from __future__ import annotations

from datetime import date

from kantor_app.domain.compliance import ArrearsLine, Assessment, Status
from kantor_app.domain.sanction import (
    StepLetter,
    case_progress,
    fine_amount,
    next_step,
    scoped_assessment,
    violation_keys,
)


def _line(year: int, month: int, outstanding: int, fee: int) -> ArrearsLine:
    return ArrearsLine(year, month, outstanding, 0, outstanding, 1, fee)


def _assessment() -> Assessment:
    lines = (_line(2026, 6, 1_000_000, 40_000), _line(2026, 9, 2_000_000, 40_000))
    return Assessment(
        statuses=(Status.MENUNGGAK, Status.PDS_UPAH),
        findings=(),
        arrears=lines,
        arrears_total=3_000_000,
        late_fee_total=80_000,
    )


def _letter(sent: date | None = None, received: date | None = None, answered: bool = False):  # type: ignore[no-untyped-def]
    return StepLetter("1/KPS.01/XI/2026", "teguran-1", date(2026, 11, 23), sent, received, answered)


def test_every_month_in_arrears_is_a_violation_of_its_own() -> None:
    assert violation_keys(_assessment()) == {"pds_upah", "menunggak:2026-06", "menunggak:2026-09"}


def test_a_scope_holds_only_its_violations_with_totals_of_its_months() -> None:
    scoped = scoped_assessment(_assessment(), {"menunggak:2026-09"})
    assert scoped.statuses == (Status.MENUNGGAK,)
    assert [(x.year, x.month) for x in scoped.arrears] == [(2026, 9)]
    assert (scoped.arrears_total, scoped.late_fee_total) == (2_000_000, 40_000)
    assert scoped_assessment(_assessment(), {"pds_upah"}).statuses == (Status.PDS_UPAH,)


def test_the_path_only_moves_forward_and_ends_with_tmp2t() -> None:
    assert [next_step(s) for s in ("teguran-1", "teguran-2", "denda", "tmp2t")] == [
        "teguran-2",
        "denda",
        "tmp2t",
        None,
    ]


def test_period_from_receipt_then_the_next_working_day() -> None:
    # Received Thursday 26 November: 10 working days end Thursday 10 December.
    progress = case_progress("teguran-1", _letter(date(2026, 11, 24), date(2026, 11, 26)))
    assert (progress.period_end, progress.allowed_from) == (date(2026, 12, 10), date(2026, 12, 11))
    assert progress.refusal("teguran-2", date(2026, 12, 10)) is not None
    assert progress.allows("teguran-2", date(2026, 12, 11))
    assert not progress.allows("denda", date(2027, 1, 4))
    assert "Teguran Tertulis II" in (progress.refusal("denda", date(2027, 1, 4)) or "")


def test_without_receipt_sending_plus_allowance_and_unsent_blocks() -> None:
    # Sent Tuesday 24 November + 3 working days = Friday 27; + 10 = Friday 11 December.
    progress = case_progress("teguran-1", _letter(date(2026, 11, 24)), allowance_days=3)
    assert progress.period_end == date(2026, 12, 11)
    assert progress.allowed_from == date(2026, 12, 14)  # the Monday after
    unsent = case_progress("teguran-1", _letter())
    assert "belum dicatat dikirim" in (unsent.refusal("teguran-2", date(2027, 6, 1)) or "")


def test_answered_or_closed_cases_take_no_step() -> None:
    answered = case_progress("teguran-1", _letter(date(2026, 11, 24), answered=True))
    assert "sudah dijawab" in (answered.refusal("teguran-2", date(2027, 6, 1)) or "")
    closed = case_progress("teguran-2", _letter(date(2026, 11, 24)), closed=True)
    assert closed.next_step is None and not closed.allows("denda", date(2027, 6, 1))


def test_tmp2t_waits_for_the_fines_thirty_days() -> None:
    fine_notice = _letter(date(2026, 12, 21), date(2026, 12, 22))
    progress = case_progress("denda", fine_notice, teguran_2_end=date(2027, 1, 20))
    # 20 January + 30 days = 19 February (a Friday), later than the notice's own period.
    assert progress.period_end == date(2027, 2, 19)
    assert progress.allowed_from == date(2027, 2, 22)


def test_fine_is_a_tenth_of_a_percent_rounded_to_the_rupiah() -> None:
    assert fine_amount(35_600_000) == 35_600
    assert fine_amount(12_345_678) == 12_346
