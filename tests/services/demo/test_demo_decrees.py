"""The demo branch confirms its UMK of the current year with decrees, so its letters go out."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from kantor_app.domain.compliance import Status
from kantor_app.services.demo.fill import fill_demo
from kantor_app.services.employers.compliance import assess_employers
from kantor_app.services.letters.eligibility import check_eligibility
from kantor_app.store.engine import Database
from kantor_app.store.models import MinimumWage

TODAY = date(2026, 11, 23)
DECREE = re.compile(r"^(100\.3\.3\.1|188\.44)/K\.\d{3}/2025$")


def test_demo_umk_of_the_year_is_confirmed_and_its_pds_upah_letters_are_allowed(
    db: Database,
) -> None:
    fill_demo(db, workers=300, employers=80, seed=3, today=TODAY)
    with db.session() as session:
        rows = list(session.scalars(select(MinimumWage)))
        current = [r for r in rows if r.year == 2026]
        assert len(current) == 15
        assert all(r.confirmed and DECREE.match(r.decree_number) for r in current)
        assert {r.decree_date for r in current} == {date(2025, 12, 18), date(2025, 12, 17)}
        assert not any(r.confirmed for r in rows if r.year == 2025)

        assessed = assess_employers(session, None, TODAY)
        underpaying = [
            employer_id
            for employer_id, (_employer, assessment) in assessed.items()
            if Status.PDS_UPAH in assessment.statuses
        ]
        assert underpaying
        refused = check_eligibility(session, "teguran-1", underpaying, TODAY)
    assert not [reason for reason in refused.values() if "UMK" in reason]
