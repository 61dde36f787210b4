"""What the demo generator produces: the rows per table, and the plan of each employer."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kantor_app.services.errors import Cancelled

Progress = Callable[[int, int, str], None]

# Rows per executemany, and workers drawn between two progress reports.
CHUNK = 5000


@dataclass
class EmployerPlan:
    """What later steps (dues, findings, workers, packages) need to know of an employer."""

    id: uuid.UUID
    name: str
    sector: str
    scale: str
    regency: str
    registered: bool
    workers_reported: int | None
    wage_reported: int | None
    programs: frozenset[str]
    risk_class: str


@dataclass
class DemoRows:
    employers: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    periods: list[dict[str, Any]] = field(default_factory=list)
    workers: list[dict[str, Any]] = field(default_factory=list)
    programs: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    packages: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    staff: list[dict[str, Any]] = field(default_factory=list)
    wages: list[dict[str, Any]] = field(default_factory=list)
    # Employers drawn to be in arrears, for the summary's count.
    arrears_employers: set[uuid.UUID] = field(default_factory=set)


def stop_if_cancelled(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise Cancelled("Pembuatan data demo dibatalkan.")
