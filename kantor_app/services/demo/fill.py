"""A synthetic but believable Kaltim/Kaltara branch, for trying the app and for tests.

Everything is drawn from one seeded `random.Random` (ids included) and a
seeded Faker("id_ID"), so the same seed gives the same database content
(see `generator` for the order of the draws). Rows go in with SQLAlchemy Core
executemany, in chunks, in ONE transaction: a cancelled or failed fill leaves
the database as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from kantor_app.services.demo.branch import apply_demo_branch
from kantor_app.services.demo.contributions import ARREARS_SHARE
from kantor_app.services.demo.decrees import confirm_demo_wages
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.employers import UNREGISTERED_SHARE
from kantor_app.services.demo.generator import build_rows
from kantor_app.services.demo.regions import load_regions
from kantor_app.services.demo.rows import CHUNK, DemoRows, Progress, stop_if_cancelled
from kantor_app.services.demo.workers import SOURCE
from kantor_app.services.employers.compliance import refresh_compliance
from kantor_app.services.errors import ServiceError
from kantor_app.store import sqlite_bulk
from kantor_app.store.engine import Database
from kantor_app.store.models import (
    ContributionPeriod,
    CoverageTarget,
    Employer,
    EmployerFinding,
    FundingMember,
    FundingProgram,
    Letter,
    LetterSequence,
    MinimumWage,
    OutreachActivity,
    PublicWorksPackage,
    StaffUser,
    Worker,
)

__all__ = [
    "ARREARS_SHARE",
    "BULK_ROWS",
    "CHUNK",
    "DEMO_EMPLOYERS",
    "DEMO_SEED",
    "DEMO_WORKERS",
    "SOURCE",
    "UNREGISTERED_SHARE",
    "DemoSummary",
    "Progress",
    "database_has_data",
    "ensure_demo_branch",
    "fill_demo",
]

T = TypeVar("T")

BULK_ROWS = 20_000  # from this many rows, SQLite indexes are rebuilt after the insert
DEMO_CACHE_KIB = 262_144  # at most 256 MB of SQLite page cache, used as needed

DEMO_WORKERS = 2000
DEMO_EMPLOYERS = 300
DEMO_SEED = 1

# Tables a demo fills, in the order rows may be deleted (children first).
_FILLED_TABLES: tuple[Any, ...] = (
    FundingMember,
    OutreachActivity,
    FundingProgram,
    PublicWorksPackage,
    Letter,
    LetterSequence,
    ContributionPeriod,
    EmployerFinding,
    Worker,
    Employer,
    CoverageTarget,
    StaffUser,
)


@dataclass(frozen=True)
class DemoSummary:
    workers: int
    employers: int
    employers_unregistered: int
    employers_in_arrears: int
    findings: int
    contribution_periods: int
    funding_programs: int
    funding_members: int
    activities: int
    packages: int
    packages_without_jakon: int
    coverage_targets: int
    staff_users: int
    compliance_refreshed: bool
    seconds: float


def database_has_data(session: Session) -> bool:
    """True when any table a demo fills already holds rows."""
    for model in (Worker, Employer, FundingProgram, PublicWorksPackage, StaffUser, Letter):
        if session.scalar(select(func.count()).select_from(model)):
            return True
    return False


def ensure_demo_branch(db: Database) -> DemoSummary | None:
    """Fill an empty demo database on first open, so trying the app takes one command."""
    with db.session() as session:
        if database_has_data(session):
            return None
    return fill_demo(db, workers=DEMO_WORKERS, employers=DEMO_EMPLOYERS, seed=DEMO_SEED)


def fill_demo(
    db: Database,
    *,
    workers: int,
    employers: int,
    seed: int,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
    replace: bool = False,
) -> DemoSummary:
    """Fill a migrated database with a demo branch; refuse a non-empty one unless ``replace``."""
    if workers < 0 or employers < 0:
        raise ServiceError(
            "Jumlah pekerja dan perusahaan tidak boleh negatif.", code="demo_negative_count"
        )
    started = time.perf_counter()
    today = today or date.today()
    report = progress or (lambda _d, _t, _m: None)
    cancelled = is_cancelled or (lambda: False)

    with db.transaction() as session:
        conn = session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        if database_has_data(session):
            if not replace:
                raise ServiceError(
                    "Basis data ini sudah berisi data. Data demo hanya dibuat di basis data "
                    "kosong; gunakan berkas lain (--demo) atau pilihan --replace untuk "
                    "mengganti isinya.",
                    code="demo_database_not_empty",
                )
            for model in _FILLED_TABLES:
                conn.execute(delete(model.__table__))
        draw = Draws(seed, today, load_regions(conn), device_id=db.device_id)
        rows = build_rows(draw, workers, employers, cancelled, report)
        # In NIK order the unique NIK index grows at its end instead of at
        # random pages: about twice as fast on SQLite. The content is the same.
        rows.workers.sort(key=lambda w: w["nik"])
        _save(conn, rows, db.is_sqlite, cancelled, report)
        apply_demo_branch(session, rows.employers)
        refresh_compliance(session, today=today)

    return _summary(rows, time.perf_counter() - started)


def _save(
    conn: Connection,
    rows: DemoRows,
    is_sqlite: bool,
    cancelled: Callable[[], bool],
    report: Progress,
) -> None:
    _insert(conn, _table(MinimumWage), _missing_wages(conn, rows.wages), cancelled)
    confirm_demo_wages(conn, rows.wages)
    steps: list[tuple[Table, list[dict[str, Any]], str]] = [
        (_table(Employer), rows.employers, "Menyimpan perusahaan"),
        (_table(EmployerFinding), rows.findings, "Menyimpan temuan pemeriksaan"),
        (_table(ContributionPeriod), rows.periods, "Menyimpan iuran bulanan"),
        (_table(Worker), rows.workers, "Menyimpan pekerja"),
        (_table(FundingProgram), rows.programs, "Menyimpan program pendanaan"),
        (_table(FundingMember), rows.members, "Menyimpan anggota program"),
        (_table(OutreachActivity), rows.activities, "Menyimpan kegiatan lapangan"),
        (_table(PublicWorksPackage), rows.packages, "Menyimpan paket SiRUP"),
        (_table(CoverageTarget), rows.targets, "Menyimpan target cakupan"),
        (_table(StaffUser), rows.staff, "Menyimpan pengguna"),
    ]
    total = sum(len(r) for _t, r, _m in steps)
    done = 0
    # SQLite: a large page cache while 100,000 rows of indexes are built, and
    # the big tables' indexes built once after their insert (store/sqlite_bulk).
    raw = conn.connection.driver_connection if is_sqlite else None
    with sqlite_bulk.cache_size(raw, DEMO_CACHE_KIB) if raw is not None else nullcontext():
        for table, table_rows, message in steps:
            dropped = (
                sqlite_bulk.drop_indexes(raw, table.name, unique=True)
                if raw is not None and len(table_rows) >= BULK_ROWS
                else []
            )
            for chunk in _chunks(table_rows, CHUNK):
                stop_if_cancelled(cancelled)
                conn.execute(insert(table), chunk)
                done += len(chunk)
                report(done, total, message)
            if raw is not None and dropped:
                sqlite_bulk.rebuild_indexes(raw, dropped)


def _summary(rows: DemoRows, seconds: float) -> DemoSummary:
    arrears_ids = {p["employer_id"] for p in rows.periods if p["paid"] < p["due"]}
    return DemoSummary(
        workers=len(rows.workers),
        employers=len(rows.employers),
        employers_unregistered=sum(1 for e in rows.employers if not e["npp"]),
        employers_in_arrears=len(arrears_ids & rows.arrears_employers),
        findings=len(rows.findings),
        contribution_periods=len(rows.periods),
        funding_programs=len(rows.programs),
        funding_members=len(rows.members),
        activities=len(rows.activities),
        packages=len(rows.packages),
        packages_without_jakon=sum(
            1 for p in rows.packages if p["spk_date"] and not p["jakon_registered_on"]
        ),
        coverage_targets=len(rows.targets),
        staff_users=len(rows.staff),
        compliance_refreshed=True,
        seconds=seconds,
    )


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _chunks(rows: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(
    conn: Connection, table: Table, rows: list[dict[str, Any]], cancelled: Callable[[], bool]
) -> None:
    for chunk in _chunks(rows, CHUNK):
        stop_if_cancelled(cancelled)
        conn.execute(insert(table), chunk)


def _missing_wages(conn: Connection, wages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """UMK rows the database lacks; real figures entered by the branch are kept."""
    table = MinimumWage.__table__
    existing = {
        (code, year) for code, year in conn.execute(select(table.c.regency_code, table.c.year))
    }
    return [w for w in wages if (w["regency_code"], w["year"]) not in existing]
