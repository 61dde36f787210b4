"""What a PU employer should pay per month, from the rate table and JP wage caps in the database.

For figures that rest on a wage rather than on an imported due amount (a
wage found by inspection, the contributions that should have been paid).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy.orm import Session

from kantor_app.domain.rates import RateNotFoundError, pu_monthly_contribution
from kantor_app.services.errors import ServiceError
from kantor_app.services.reference.seed import load_jp_wage_caps, load_rate_table

__all__ = ["monthly_pu_contribution"]


def monthly_pu_contribution(
    session: Session,
    *,
    wage: int,
    workers: int,
    programs: Collection[str],
    risk_class: str,
    on: date,
) -> int:
    """The monthly contribution (employer and worker shares) at ``wage`` per worker on ``on``;
    JP on the wage up to the JP cap in force. ServiceError when a rate or cap is missing."""
    try:
        return pu_monthly_contribution(
            load_rate_table(session),
            load_jp_wage_caps(session),
            wage=wage,
            workers=workers,
            programs=programs,
            risk_class=risk_class,
            on=on,
        )
    except RateNotFoundError as exc:
        # The domain names the missing figure (program or cap, and the date).
        raise ServiceError(
            "{reason} Lengkapi tabel tarif di Pengaturan.",
            code="contribution_rate_missing",
            reason=str(exc),
        ) from None
