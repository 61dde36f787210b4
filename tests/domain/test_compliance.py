from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from kantor_app.domain.compliance import (
    DEFAULT_REQUIRED_PROGRAMS,
    STATUS_LABELS,
    ArrearsLine,
    Assessment,
    EmployerFacts,
    Finding,
    PeriodFacts,
    Status,
    assess,
    payment_due_date,
)

TODAY = date(2026, 11, 23)
RATE = Decimal("2")
ALL_FOUR = frozenset({"JKK", "JKM", "JHT", "JP"})

COMPLIANT = EmployerFacts(
    npp="19012345",
    scale="besar",
    workers_reported=120,
    workers_found=120,
    wage_reported=4_000_000,
    wage_found=4_000_000,
    minimum_wage=3_579_313,
    programs=ALL_FOUR,
    periods=(
        PeriodFacts(2026, 9, 10_000_000, 10_000_000, date(2026, 10, 14)),
        PeriodFacts(2026, 10, 10_000_000, 10_000_000, date(2026, 11, 13)),
    ),
)


def run(facts: EmployerFacts) -> Assessment:
    return assess(facts, today=TODAY, late_fee_rate=RATE)


def reason(result: Assessment, status: Status) -> str:
    return next(f.reason for f in result.findings if f.status is status)


def test_patuh() -> None:
    result = run(COMPLIANT)
    assert result.statuses == (Status.PATUH,)
    assert result.findings == (Finding(Status.PATUH, "Tidak ada temuan"),)
    assert result.primary is Status.PATUH
    assert (result.arrears, result.arrears_total, result.late_fee_total) == ((), 0, 0)
    assert STATUS_LABELS[result.primary] == "Patuh"


def test_belum_daftar_still_reports_other_findings() -> None:
    facts = replace(
        COMPLIANT,
        npp=None,
        workers_reported=0,
        workers_found=25,
        programs=frozenset(),
        periods=(),
    )
    result = run(facts)
    assert result.primary is Status.BELUM_DAFTAR
    assert result.statuses == (Status.BELUM_DAFTAR, Status.PDS_TK)
    assert "NPP" in reason(result, Status.BELUM_DAFTAR)
    assert "25 tenaga kerja" in reason(result, Status.BELUM_DAFTAR)
    # Missing programs are implied by not being registered at all.
    assert Status.PDS_PROGRAM not in result.statuses


def test_blank_npp_counts_as_missing() -> None:
    assert run(replace(COMPLIANT, npp="  ")).primary is Status.BELUM_DAFTAR


def test_pds_tk() -> None:
    result = run(replace(COMPLIANT, workers_reported=40, workers_found=120))
    assert result.statuses == (Status.PDS_TK,)
    assert (
        reason(result, Status.PDS_TK)
        == "Tenaga kerja dilaporkan 40, ditemukan 120 (80 belum didaftarkan)"
    )


def test_fewer_found_than_reported_is_not_pds() -> None:
    assert run(replace(COMPLIANT, workers_found=100)).primary is Status.PATUH


def test_pds_upah_below_found_wage() -> None:
    result = run(replace(COMPLIANT, wage_reported=3_600_000, wage_found=4_500_000))
    assert result.statuses == (Status.PDS_UPAH,)
    text = reason(result, Status.PDS_UPAH)
    assert "Rp3.600.000" in text and "Rp4.500.000" in text
    assert "pemeriksaan" in text and "UMK" not in text


def test_pds_upah_below_minimum_wage() -> None:
    result = run(replace(COMPLIANT, wage_reported=3_000_000, wage_found=None))
    text = reason(result, Status.PDS_UPAH)
    assert text == "Upah rata-rata dilaporkan Rp3.000.000, di bawah UMK Rp3.579.313"


def test_pds_upah_both() -> None:
    result = run(replace(COMPLIANT, wage_reported=3_000_000, wage_found=4_500_000))
    text = reason(result, Status.PDS_UPAH)
    assert "Rp4.500.000" in text and "UMK Rp3.579.313" in text
    assert len(result.findings) == 1


def test_pds_program_large_employer_without_jp() -> None:
    result = run(replace(COMPLIANT, programs=frozenset({"JKK", "JKM", "JHT"})))
    assert result.statuses == (Status.PDS_PROGRAM,)
    text = reason(result, Status.PDS_PROGRAM)
    assert "JP" in text.split("(")[0]
    assert "terdaftar: JKK, JKM, JHT" in text


def test_small_employer_does_not_need_jp() -> None:
    facts = replace(COMPLIANT, scale="kecil", programs=frozenset({"JKK", "JKM", "JHT"}))
    assert run(facts).primary is Status.PATUH
    result = run(replace(facts, programs=frozenset({"JKK", "JKM"})))
    assert result.statuses == (Status.PDS_PROGRAM,)
    assert "belum diikuti: JHT" in reason(result, Status.PDS_PROGRAM)


def test_required_programs_are_a_parameter() -> None:
    custom = dict(DEFAULT_REQUIRED_PROGRAMS) | {
        "besar": frozenset({"JKK", "JKM", "JHT", "JP", "JKP"})
    }
    result = assess(COMPLIANT, today=TODAY, late_fee_rate=RATE, required_programs=custom)
    assert result.statuses == (Status.PDS_PROGRAM,)
    assert "belum diikuti: JKP" in reason(result, Status.PDS_PROGRAM)


def test_unknown_scale_raises() -> None:
    with pytest.raises(ValueError, match="Skala usaha"):
        run(replace(COMPLIANT, scale="raksasa"))


def test_payment_due_date_moves_off_weekends_and_holidays() -> None:
    assert payment_due_date(2026, 8) == date(2026, 9, 15)  # Tuesday
    assert payment_due_date(2026, 10) == date(2026, 11, 16)  # 15 Nov is a Sunday
    assert payment_due_date(2026, 12) == date(2027, 1, 15)
    assert payment_due_date(2026, 8, [date(2026, 9, 15)]) == date(2026, 9, 16)


def test_menunggak_three_months() -> None:
    periods = (
        PeriodFacts(2026, 8, 4_115_000, 0, None),
        PeriodFacts(2026, 9, 4_115_000, 0, None),
        PeriodFacts(2026, 10, 4_115_000, 0, None),
        PeriodFacts(2026, 11, 4_115_000, 0, None),  # due 15 Dec: not late yet
    )
    result = run(replace(COMPLIANT, periods=periods))
    assert result.statuses == (Status.MENUNGGAK,)
    assert result.arrears == (
        # due 15 Sep; 15 Oct and 15 Nov passed, 23 Nov starts a third month: 3 x 2 %
        ArrearsLine(2026, 8, 4_115_000, 0, 4_115_000, 3, 246_900),
        # due 15 Oct; 15 Nov passed, 23 Nov starts a second month: 2 x 2 %
        ArrearsLine(2026, 9, 4_115_000, 0, 4_115_000, 2, 164_600),
        # due Mon 16 Nov: a week late is a started month
        ArrearsLine(2026, 10, 4_115_000, 0, 4_115_000, 1, 82_300),
    )
    assert result.arrears_total == 12_345_000
    assert result.late_fee_total == 493_800
    assert reason(result, Status.MENUNGGAK) == (
        "Menunggak 3 bulan (Agustus 2026 s.d. Oktober 2026) sebesar Rp12.345.000, "
        "denda keterlambatan Rp493.800"
    )


def test_partial_payment_and_gap_in_months() -> None:
    periods = (
        PeriodFacts(2026, 6, 5_000_000, 4_000_000, date(2026, 7, 20)),
        PeriodFacts(2026, 7, 5_000_000, 5_000_000, date(2026, 8, 14)),
        PeriodFacts(2026, 8, 5_000_000, 6_000_000, date(2026, 9, 14)),  # overpaid
        PeriodFacts(2026, 9, 5_000_000, 0, None),
    )
    result = run(replace(COMPLIANT, periods=periods))
    assert [(a.month, a.outstanding, a.months_late) for a in result.arrears] == [
        (6, 1_000_000, 5),  # due 15 Jul: 15 Aug .. 15 Nov passed, 23 Nov is the fifth
        (9, 5_000_000, 2),  # due 15 Oct: 15 Nov passed, 23 Nov is the second
    ]
    # June: 5 x 2 % of the 1 M still owed, and 1 x 2 % of the 4 M paid 5 days late
    # (20 Jul); September: 2 x 2 % of 5 M.
    assert result.late_fee_total == 100_000 + 80_000 + 200_000
    assert "Menunggak 2 bulan (Juni 2026, September 2026) sebesar Rp6.000.000" in reason(
        result, Status.MENUNGGAK
    )


def test_started_month_fees_one_day_and_one_month_and_a_day() -> None:
    facts = replace(COMPLIANT, periods=(PeriodFacts(2026, 8, 1_000_000, 0, None),))
    # Due Tue 15 September 2026.
    one_day = assess(facts, today=date(2026, 9, 16), late_fee_rate=RATE)
    assert (one_day.arrears[0].months_late, one_day.late_fee_total) == (1, 20_000)
    month_and_day = assess(facts, today=date(2026, 10, 16), late_fee_rate=RATE)
    assert (month_and_day.arrears[0].months_late, month_and_day.late_fee_total) == (2, 40_000)


def test_fee_of_a_late_paid_month_stays_until_paid() -> None:
    paid_late = PeriodFacts(2026, 8, 1_000_000, 1_000_000, date(2026, 10, 16))
    result = run(replace(COMPLIANT, periods=(paid_late,)))
    # Paid one month and a day after 15 September: 2 x 2 %, counted to the payment.
    assert result.arrears == (ArrearsLine(2026, 8, 1_000_000, 1_000_000, 0, 2, 40_000),)
    assert result.arrears_total == 0
    assert result.late_fee_total == 40_000
    assert result.primary is Status.MENUNGGAK
    assert reason(result, Status.MENUNGGAK) == (
        "Denda keterlambatan Rp40.000 belum dibayar (iuran Agustus 2026 dibayar terlambat)"
    )
    part_paid = run(replace(COMPLIANT, periods=(replace(paid_late, fee_paid=15_000),)))
    assert part_paid.late_fee_total == 25_000
    settled = run(replace(COMPLIANT, periods=(replace(paid_late, fee_paid=40_000),)))
    assert settled.arrears == ()
    assert settled.primary is Status.PATUH


def test_receipted_instalments_each_count_their_own_delay() -> None:
    period = PeriodFacts(
        2026,
        8,
        1_000_000,
        1_000_000,
        date(2026, 11, 2),
        payments=((date(2026, 9, 10), 600_000), (date(2026, 11, 2), 400_000)),
    )
    result = run(replace(COMPLIANT, periods=(period,)))
    # 600 k on time; 400 k paid on 2 Nov, in the second month after 15 Sep: 2 x 2 %.
    assert result.late_fee_total == 16_000


def test_receipts_beyond_the_paid_total_are_not_counted_twice() -> None:
    # An import corrected August to 600 k paid although receipts hold 1 M.
    period = PeriodFacts(
        2026,
        8,
        1_000_000,
        600_000,
        date(2026, 10, 16),
        payments=((date(2026, 10, 16), 1_000_000),),
    )
    result = run(replace(COMPLIANT, periods=(period,)))
    # 600 k paid in the second started month (2 x 2 %), 400 k still owed on 23 Nov,
    # in the third (3 x 2 %).
    assert result.late_fee_total == 24_000 + 24_000
    assert result.arrears_total == 400_000


def test_not_late_on_the_due_date_itself() -> None:
    facts = replace(COMPLIANT, periods=(PeriodFacts(2026, 10, 1_000_000, 0, None),))
    assert assess(facts, today=date(2026, 11, 16), late_fee_rate=RATE).primary is Status.PATUH
    late = assess(facts, today=date(2026, 11, 17), late_fee_rate=RATE)
    assert late.primary is Status.MENUNGGAK
    assert late.arrears[0].months_late == 1
    assert late.late_fee_total == 20_000


def test_holiday_moves_due_date() -> None:
    facts = replace(COMPLIANT, periods=(PeriodFacts(2026, 8, 1_000_000, 0, None),))
    holiday = [date(2026, 9, 15)]
    on = date(2026, 9, 16)
    assert assess(facts, today=on, late_fee_rate=RATE, holidays=holiday).primary is Status.PATUH
    assert assess(facts, today=on, late_fee_rate=RATE).primary is Status.MENUNGGAK


def test_primary_ordering_with_everything_wrong() -> None:
    facts = EmployerFacts(
        npp=None,
        scale="menengah",
        workers_reported=10,
        workers_found=30,
        wage_reported=2_000_000,
        wage_found=3_000_000,
        minimum_wage=3_500_000,
        programs=frozenset({"JKK"}),
        periods=(PeriodFacts(2026, 1, 1_000_000, 0, None),),
    )
    result = run(facts)
    assert result.statuses == (
        Status.BELUM_DAFTAR,
        Status.MENUNGGAK,
        Status.PDS_TK,
        Status.PDS_UPAH,
        Status.PDS_PROGRAM,
    )
    assert result.primary is Status.BELUM_DAFTAR
    assert "JKM, JHT, JP" in reason(result, Status.PDS_PROGRAM)

    registered = run(replace(facts, npp="19000001"))
    assert registered.primary is Status.MENUNGGAK
    assert run(replace(facts, npp="1", periods=())).primary is Status.PDS_TK
    no_tk = replace(facts, npp="1", periods=(), workers_found=10)
    assert run(no_tk).primary is Status.PDS_UPAH
    assert run(replace(no_tk, wage_reported=4_000_000)).primary is Status.PDS_PROGRAM


def test_primary_uses_severity_not_tuple_order() -> None:
    assessment = Assessment(
        statuses=(Status.PDS_PROGRAM, Status.MENUNGGAK),
        findings=(),
        arrears=(),
        arrears_total=0,
        late_fee_total=0,
    )
    assert assessment.primary is Status.MENUNGGAK


def test_labels() -> None:
    assert STATUS_LABELS[Status.PDS_TK] == "PDS Tenaga Kerja"
    assert set(STATUS_LABELS) == set(Status)
