"""Shared fixtures: app folders in a temp dir, fresh migrated databases on both engines."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

# Qt must not look for a screen in CI; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import settings

from kantor_app import paths
from kantor_app.services.database import open_database
from kantor_app.store.engine import Database

PG_ENV = "KANTOR_TEST_PG_URL"

# A shared 2-core CI machine makes wall-clock deadlines flaky; CI runs the same
# examples every time so a failure can be reproduced.
settings.register_profile("kantor", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "kantor")


@pytest.fixture(autouse=True)
def kantor_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data/config folders; the user's real ones are never touched."""
    home = tmp_path / "kantor-home"
    monkeypatch.setenv("KANTOR_HOME", str(home))
    monkeypatch.delenv("KANTOR_DB", raising=False)
    paths.set_base_dir(None)
    yield home


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'test.db'}"
    open_database(url).dispose()
    return url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def _fresh_pg_database(server_url: str) -> tuple[str, str]:
    """Create an empty database on the test server; returns (url, name)."""
    name = f"kantor_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
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


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL on each engine (not migrated).

    PostgreSQL runs when KANTOR_TEST_PG_URL names a server (CI starts one);
    otherwise that half is skipped with a visible reason.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'engine.db'}"
        return
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://u:p@host/postgres)")
    url, name = _fresh_pg_database(server)
    try:
        yield url
    finally:
        _drop_pg_database(server, name)


@pytest.fixture
def any_db(engine_url: str) -> Iterator[Database]:
    """A migrated database on each engine."""
    database = open_database(engine_url)
    yield database
    database.dispose()
