"""Contractors' construction packages against their Jakon registration period.

Compliance (an overdue project makes its contractor non-compliant) and the
Jakon letters (who gets a reminder, for which projects) read the same
packages here, so the two never disagree. The rule itself is
:func:`kantor_app.domain.jakon.overdue_jakon`.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.jakon import JakonReview, OverdueProject, overdue_jakon
from kantor_app.store.models import PublicWorksPackage

__all__ = ["overdue_projects", "review_packages"]

_CHUNK = 900  # bound parameters per query, far below old SQLite limits


def review_packages(
    session: Session,
    contractor_ids: Collection[uuid.UUID] | None,
    today: date,
    holidays: Collection[date],
) -> dict[uuid.UUID, JakonReview[PublicWorksPackage]]:
    """Per contractor with unregistered packages, those overdue and those in period.

    ``None`` reads every contractor. Contractors whose packages are all
    registered (or have no SPK yet) are left out.
    """
    query = select(PublicWorksPackage).where(
        PublicWorksPackage.contractor_id.is_not(None),
        PublicWorksPackage.jakon_registered_on.is_(None),
        PublicWorksPackage.spk_date.is_not(None),
    )
    packages: dict[uuid.UUID, list[PublicWorksPackage]] = {}
    if contractor_ids is None:
        batches = [session.scalars(query)]
    else:
        ids = list(contractor_ids)
        batches = [
            session.scalars(query.where(PublicWorksPackage.contractor_id.in_(ids[i : i + _CHUNK])))
            for i in range(0, len(ids), _CHUNK)
        ]
    for rows in batches:
        for package in rows:
            assert package.contractor_id is not None
            packages.setdefault(package.contractor_id, []).append(package)
    holiday_set = frozenset(holidays)
    reviews: dict[uuid.UUID, JakonReview[PublicWorksPackage]] = {}
    for contractor_id, own in packages.items():
        # Same SPK date: the kode RUP keeps the order stable between two runs.
        own.sort(key=lambda p: (p.spk_date or today, p.kd_rup))
        reviews[contractor_id] = overdue_jakon(own, today, holiday_set)
    return reviews


def overdue_projects(
    reviews: dict[uuid.UUID, JakonReview[PublicWorksPackage]], contractor_id: uuid.UUID
) -> tuple[OverdueProject, ...]:
    """The contractor's overdue packages as compliance facts."""
    review = reviews.get(contractor_id)
    if review is None:
        return ()
    return tuple(
        OverdueProject(
            name=due.package.name,
            kd_rup=due.package.kd_rup,
            spk_date=due.package.spk_date or due.period_end,
            period_end=due.period_end,
        )
        for due in review.overdue
    )
