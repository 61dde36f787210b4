"""Engine and session factory for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from kantor_app import paths
from kantor_app.store.base import SyncedMixin
from kantor_app.store.errors import translate

ENV_DB = "KANTOR_DB"


def resolve_url(cli_value: str | None = None, *, demo: bool = False) -> str:
    """`--db` wins, then `KANTOR_DB`, then the file in the user's data folder.

    A bare path is accepted as a SQLite file for convenience.
    """
    value = cli_value or os.environ.get(ENV_DB)
    if not value:
        path = paths.demo_db_path() if demo else paths.default_db_path()
        return f"sqlite:///{path}"
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    return value


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind a SQLite URL, or None for another engine or memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def display_location(url: str | URL) -> str:
    """Where the data is, for the status bar; never shows a password."""
    parsed = make_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        return str(path)
    return parsed.render_as_string(hide_password=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin, so that
        # BEGIN IMMEDIATE (for letter numbers) is possible.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


def _sqlite_from_hint(_compiler: SQLiteCompiler, _table: Any, hint: str) -> str:
    return hint


# SQLAlchemy's SQLite compiler drops table hints. SQLite reads them right after
# the table name, which is where SQLAlchemy puts a hint a dialect returns, so
# ``select(...).with_hint(Worker, "INDEXED BY ix_...", "sqlite")`` works here.
setattr(SQLiteCompiler, "get_from_hint_text", _sqlite_from_hint)  # noqa: B010


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    # Error messages and logs must never carry NIKs, names or phones: hide
    # statement parameters from exception text.
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


class Database:
    """One database: its engine, a session factory, and this device's id."""

    def __init__(self, url: str | URL, *, device_id: str | None = None) -> None:
        self.url = make_url(url)
        self.engine = make_engine(self.url)
        self.device_id = device_id if device_id is not None else paths.device_id()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def location(self) -> str:
        return display_location(self.url)

    def session(self) -> Session:
        session = self._sessions()
        session.info["device_id"] = self.device_id
        return session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session committed at the end, rolled back on any error.

        Known failures (locked, disk full) come out as `StoreError`.
        """
        session = self.session()
        try:
            yield session
            session.commit()
        except BaseException as exc:
            session.rollback()
            translated = translate(exc)
            if translated is exc:
                raise
            raise translated from exc
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


@event.listens_for(Session, "before_flush")
def _stamp_device(session: Session, _ctx: Any, _instances: Any) -> None:
    device = session.info.get("device_id")
    if not device:
        return
    for obj in session.new:
        if isinstance(obj, SyncedMixin):
            obj.device_id = device
    for obj in session.dirty:
        if isinstance(obj, SyncedMixin) and session.is_modified(obj):
            obj.device_id = device
