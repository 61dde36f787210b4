"""Jakon registration periods: which construction packages are overdue (DOMAIN.md §0, §1.6).

A contractor registers the workers of a project in JKK and JKM at the latest
14 working days after the SPK. A package is overdue when it has a contractor,
an SPK, no Jakon registration, and today is past the last day of that period;
a package whose period still runs is "in period" and gets no reminder yet.
Packages without a contractor or an SPK have no period at all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, Protocol, TypeVar

from kantor_app.domain.workdays import add_working_days

__all__ = [
    "JAKON_REGISTRATION_WORKING_DAYS",
    "JakonDue",
    "JakonReview",
    "OverdueProject",
    "PackageLike",
    "overdue_jakon",
    "registration_period_end",
]

JAKON_REGISTRATION_WORKING_DAYS = 14  # Permenaker 44/2015, kept by Permenaker 5/2021


class PackageLike(Protocol):
    """What the rule reads of a package (a stored row or a plain record)."""

    @property
    def contractor_id(self) -> object | None: ...

    @property
    def spk_date(self) -> date | None: ...

    @property
    def jakon_registered_on(self) -> date | None: ...


P = TypeVar("P", bound=PackageLike)
T = TypeVar("T")


@dataclass(frozen=True)
class JakonDue(Generic[T]):
    """A package with the last day of its registration period."""

    package: T
    period_end: date


@dataclass(frozen=True)
class JakonReview(Generic[T]):
    """Unregistered packages split by whether their period has passed, earliest period end first."""

    overdue: tuple[JakonDue[T], ...]
    in_period: tuple[JakonDue[T], ...]


@dataclass(frozen=True)
class OverdueProject:
    """An overdue package as the compliance rules see it."""

    name: str
    kd_rup: str
    spk_date: date
    period_end: date


def registration_period_end(spk_date: date, holidays: Collection[date] = ()) -> date:
    """The last day to register a project whose SPK is dated ``spk_date``."""
    return add_working_days(spk_date, JAKON_REGISTRATION_WORKING_DAYS, holidays)


def overdue_jakon(
    packages: Iterable[P], today: date, holidays: Collection[date] = ()
) -> JakonReview[P]:
    """The unregistered packages past their period and those still inside it.

    Registered packages, packages without a contractor and packages without
    an SPK are in neither list.
    """
    holiday_set = frozenset(holidays)
    overdue: list[JakonDue[P]] = []
    in_period: list[JakonDue[P]] = []
    for package in packages:
        spk = package.spk_date
        if package.contractor_id is None or spk is None or package.jakon_registered_on is not None:
            continue
        due = JakonDue(package, registration_period_end(spk, holiday_set))
        (overdue if today > due.period_end else in_period).append(due)

    def by_end(due: JakonDue[P]) -> date:
        return due.period_end

    return JakonReview(tuple(sorted(overdue, key=by_end)), tuple(sorted(in_period, key=by_end)))
