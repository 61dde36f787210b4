"""Demo iuran: twelve months of dues per registered employer, some paid late, partly or not."""

from __future__ import annotations

from datetime import date

from kantor_app.domain.rates import (
    DEFAULT_RATE_ENTRIES,
    JP_WAGE_CAPS,
    RateTable,
    pu_monthly_contribution,
)
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.rows import DemoRows, EmployerPlan

ARREARS_SHARE = 0.24  # of registered employers


def add_contributions(draw: Draws, plans: list[EmployerPlan], rows: DemoRows) -> None:
    rng = draw.rng
    rates = RateTable(DEFAULT_RATE_ENTRIES)
    months = months_before(draw.today, 12)
    for plan in plans:
        if not plan.registered:
            continue
        in_arrears = rng.random() < ARREARS_SHARE
        unpaid_months = draw.between(1, 6) if in_arrears else 0
        if in_arrears:
            rows.arrears_employers.add(plan.id)
        for index, (year, month) in enumerate(months):
            due = _monthly_due(rates, plan, date(year, month, 1))
            next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
            months_left = len(months) - index
            # The last unpaid months are overdue: skip the newest if not yet due.
            newest_not_due = months_left == 1 and draw.today.day <= 15
            paid = due
            paid_on: date | None = date(next_year, next_month, draw.between(3, 15))
            if in_arrears and months_left <= unpaid_months + (1 if newest_not_due else 0):
                partial = rng.random() < 0.3
                paid = round(due * rng.uniform(0.3, 0.7)) if partial else 0
                paid_on = paid_on if partial else None
            elif newest_not_due and rng.random() < 0.5:
                paid, paid_on = 0, None
            if paid_on is not None and paid_on > draw.today:
                paid, paid_on = 0, None
            rows.periods.append(
                {
                    "id": draw.uid(),
                    **draw.stamp(),
                    "employer_id": plan.id,
                    "year": year,
                    "month": month,
                    "due": due,
                    "paid": paid,
                    "paid_on": paid_on,
                }
            )


def months_before(today: date, count: int) -> list[tuple[int, int]]:
    """The ``count`` calendar months before today's month, oldest first."""
    year, month = today.year, today.month
    out: list[tuple[int, int]] = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append((year, month))
    return out[::-1]


def _monthly_due(rates: RateTable, plan: EmployerPlan, on: date) -> int:
    assert plan.wage_reported is not None and plan.workers_reported is not None
    # The seed tables: the demo is drawn before it is written into a database.
    return pu_monthly_contribution(
        rates,
        JP_WAGE_CAPS,
        wage=plan.wage_reported,
        workers=plan.workers_reported,
        programs=plan.programs,
        risk_class=plan.risk_class,
        on=on,
    )
