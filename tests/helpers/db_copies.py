"""Copies of prepared SQLite files, so that a test pays for a file copy, not a migration.

Migrating a fresh database costs about 0.26 s (Alembic) and a demo fill a
second or more; copying the finished file costs a few milliseconds. A copy is
only faithful when the whole database is in the main file, so the source is
checkpointed first: no -wal or -shm file may be left beside it.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kantor_app.services.database import open_database
from kantor_app.store.engine import Database


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def settle_sqlite(path: Path) -> None:
    """Move everything from the write-ahead log into the main file, then check it is gone.

    Call only when no engine has the file open (dispose first): an open
    connection would keep the log alive and the copy would miss its pages.
    """
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    # The last connection to close removes -wal and -shm; both left over
    # means another connection is still open somewhere.
    leftovers = [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    if leftovers:
        raise RuntimeError(f"{path} is still open elsewhere: {leftovers}")


def copy_sqlite(source: Path, target: Path) -> str:
    """A copy of a settled database file at `target`; returns its URL."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return sqlite_url(target)


def open_copy(source: Path, target: Path) -> Database:
    """Open a copy of a settled, up-to-date database.

    The source was opened by `open_database` (migrated and seeded), so the
    copy skips the migration check; pending deferred indexes, if any, are
    still built, as every entry point would.
    """
    return open_database(copy_sqlite(source, target), migrate=False)


@contextmanager
def app_home(home: Path) -> Iterator[Path]:
    """KANTOR_HOME pointed at `home` for fixtures wider than one test.

    The per-test `kantor_home` fixture is not active yet when a session or
    module fixture runs, and the user's real folders must never be touched.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KANTOR_HOME", str(home))
        patch.delenv("KANTOR_DB", raising=False)
        yield home


def build_filled_template(folder: Path, template: Path, fill: Callable[[Database], object]) -> Path:
    """A settled copy of `template` filled by `fill`; tests open copies of it."""
    path = folder / "filled.db"
    with app_home(folder / "home"):
        database = open_copy(template, path)
        try:
            fill(database)
        finally:
            database.dispose()
    settle_sqlite(path)
    return path
