from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kantor_app.domain.jakon import overdue_jakon, registration_period_end

TODAY = date(2026, 11, 23)


@dataclass(frozen=True)
class Pkg:
    name: str
    spk_date: date | None
    jakon_registered_on: date | None = None
    contractor_id: object | None = "contractor"


def test_period_is_fourteen_working_days_after_the_spk() -> None:
    # Monday 2 November: three working weeks minus the SPK day end on Friday 20 November.
    assert registration_period_end(date(2026, 11, 2)) == date(2026, 11, 20)
    # A holiday inside the period moves its end by one working day.
    assert registration_period_end(date(2026, 11, 2), {date(2026, 11, 19)}) == date(2026, 11, 23)


def test_overdue_and_in_period_split() -> None:
    late = Pkg("Jalan A", date(2026, 11, 2))
    recent = Pkg("Jalan B", date(2026, 11, 10))
    registered = Pkg("Jalan C", date(2026, 1, 5), jakon_registered_on=date(2026, 1, 9))
    no_spk = Pkg("Jalan D", None)
    no_contractor = Pkg("Jalan E", date(2026, 1, 5), contractor_id=None)
    review = overdue_jakon([recent, registered, late, no_spk, no_contractor], TODAY)
    assert [(d.package.name, d.period_end) for d in review.overdue] == [
        ("Jalan A", date(2026, 11, 20))
    ]
    assert [(d.package.name, d.period_end) for d in review.in_period] == [
        ("Jalan B", date(2026, 11, 30))
    ]


def test_last_day_of_the_period_is_not_overdue() -> None:
    package = Pkg("Jalan A", date(2026, 11, 2))
    on_last_day = overdue_jakon([package], TODAY, holidays=[date(2026, 11, 19)])
    assert on_last_day.overdue == ()
    assert on_last_day.in_period[0].period_end == TODAY
    assert len(overdue_jakon([package], date(2026, 11, 24), [date(2026, 11, 19)]).overdue) == 1


def test_overdue_project_makes_a_compliant_contractor_non_compliant() -> None:
    from decimal import Decimal

    from kantor_app.domain.compliance import STATUS_LABELS, EmployerFacts, Status, assess
    from kantor_app.domain.jakon import OverdueProject

    facts = EmployerFacts(
        npp="19012345",
        scale="besar",
        workers_reported=10,
        workers_found=None,
        wage_reported=None,
        wage_found=None,
        minimum_wage=None,
        programs=frozenset({"JKK", "JKM", "JHT", "JP"}),
        periods=(),
    )
    assert assess(facts, today=TODAY, late_fee_rate=Decimal("2")).primary is Status.PATUH
    late = OverdueProject("Jalan Poros", "45100001", date(2026, 11, 2), date(2026, 11, 20))
    other = OverdueProject("Drainase", "45100002", date(2026, 10, 1), date(2026, 10, 21))
    result = assess(
        replace(facts, jakon_overdue=(late, other)), today=TODAY, late_fee_rate=Decimal("2")
    )
    assert result.statuses == (Status.JAKON,)
    assert STATUS_LABELS[Status.JAKON] == "Jakon Terlambat"
    assert result.findings[0].reason == (
        "Proyek Jalan Poros (kode RUP 45100001) belum didaftarkan Jakon, lewat 14 hari kerja "
        "sejak SPK 2 November 2026; Proyek Drainase (kode RUP 45100002) belum didaftarkan "
        "Jakon, lewat 14 hari kerja sejak SPK 1 Oktober 2026"
    )
