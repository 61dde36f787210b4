"""Shared fixtures: app folders in a temp dir, migrated databases on both engines.

Migrating costs about 0.26 s per database, a third of the suite when every
test did it. Each engine is migrated once per session into a template, and
tests get copies: a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on
PostgreSQL. `engine_url` stays an empty database for the migration tests.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

# Qt must not look for a screen in CI; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from branch_samples import ready_branch
from db_copies import app_home, copy_sqlite, settle_sqlite, sqlite_url
from hypothesis import settings

from kantor_app import paths
from kantor_app.services.database import open_database
from kantor_app.store.engine import Database

PG_ENV = "KANTOR_TEST_PG_URL"
# "source database is being accessed by other users": an autovacuum worker
# may still be in the template for a moment after it was built.
_OBJECT_IN_USE = "55006"

# A shared 2-core CI machine makes wall-clock deadlines flaky; CI runs the same
# examples every time so a failure can be reproduced.
settings.register_profile("kantor", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "kantor")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the PostgreSQL half of every engine-parametrised test, for ``-m "not postgres"``."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "postgresql" in callspec.params.values():
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(autouse=True)
def kantor_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data/config folders; the user's real ones are never touched."""
    home = tmp_path / "kantor-home"
    monkeypatch.setenv("KANTOR_HOME", str(home))
    monkeypatch.delenv("KANTOR_DB", raising=False)
    paths.set_base_dir(None)
    yield home


# --- SQLite ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated and seeded once per session; never opened by a test."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.db"
    with app_home(folder / "home"):
        open_database(sqlite_url(path)).dispose()
    settle_sqlite(path)
    return path


@pytest.fixture
def db_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated, seeded SQLite database that no engine holds open."""
    return copy_sqlite(sqlite_template, tmp_path / "test.db")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    # The copy is at head already: skip the migration check (about 0.05 s).
    database = open_database(db_url, migrate=False)
    yield database
    database.dispose()


@pytest.fixture
def real_branch(db: Database) -> None:
    """The branch's own letterhead and signatory, which numbered letters need (readiness)."""
    ready_branch(db)


# --- PostgreSQL --------------------------------------------------------------------------


def _pg_server() -> str:
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://u:p@host/postgres)")
    return server


def _create_pg_database(server_url: str, template: str | None = None) -> tuple[str, str]:
    """Create a database on the test server, empty or as a copy of `template`.

    Returns (url, name).
    """
    name = f"kantor_t_{uuid.uuid4().hex[:12]}"
    statement = f'CREATE DATABASE "{name}"'
    if template is not None:
        statement += f' TEMPLATE "{template}"'
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(100):
            try:
                with admin.connect() as conn:
                    conn.execute(text(statement))
                break
            except DBAPIError as exc:
                in_use = getattr(exc.orig, "sqlstate", None) == _OBJECT_IN_USE
                if not in_use or attempt == 99:
                    raise
                time.sleep(0.05)
    finally:
        admin.dispose()
    url = make_url(server_url).set(database=name)
    return url.render_as_string(hide_password=False), name


def _drop_pg_database(server_url: str, name: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(50):
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except DBAPIError:
                # An autovacuum worker in the new database cannot be
                # terminated by a non-superuser; it finishes within moments.
                if attempt == 49:
                    raise
                time.sleep(0.1)
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The name of a PostgreSQL database migrated and seeded once per session.

    Nothing stays connected to it (dispose closes the pool), since PostgreSQL
    copies a template only while no one else is in it.
    """
    server = _pg_server()
    url, name = _create_pg_database(server)
    try:
        with app_home(tmp_path_factory.mktemp("pg-template-home")):
            open_database(url).dispose()
        yield name
    finally:
        _drop_pg_database(server, name)


class _BackgroundDrops:
    """Drops test databases on a worker thread.

    DROP DATABASE waits for a checkpoint (0.2-1.5 s on a busy machine); the
    next test need not wait for it. The session waits for every drop at the
    end and fails if one failed, so no database is silently left behind.
    """

    def __init__(self, server_url: str) -> None:
        self._server = server_url
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-drop")
        self._drops: list[Future[None]] = []

    def drop(self, name: str) -> None:
        self._drops.append(self._pool.submit(_drop_pg_database, self._server, name))

    def finish(self) -> None:
        self._pool.shutdown(wait=True)
        for drop in self._drops:
            drop.result()


@pytest.fixture(scope="session")
def pg_drops() -> Iterator[_BackgroundDrops]:
    drops = _BackgroundDrops(_pg_server())
    yield drops
    drops.finish()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL on each engine (not migrated).

    PostgreSQL runs when KANTOR_TEST_PG_URL names a server (CI starts one);
    otherwise that half is skipped with a visible reason.
    """
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "engine.db")
        return
    server = _pg_server()
    drops: _BackgroundDrops = request.getfixturevalue("pg_drops")
    url, name = _create_pg_database(server)
    try:
        yield url
    finally:
        drops.drop(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, seeded database on each engine, copied from the session's template."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        database = open_database(copy_sqlite(template, tmp_path / "engine.db"), migrate=False)
        yield database
        database.dispose()
        return
    server = _pg_server()
    drops: _BackgroundDrops = request.getfixturevalue("pg_drops")
    url, name = _create_pg_database(server, template=request.getfixturevalue("pg_template"))
    database = open_database(url, migrate=False)
    try:
        yield database
    finally:
        database.dispose()
        drops.drop(name)
