"""store/errors: real database failures become a StoreError with the right code."""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError

from kantor_app.store.engine import Database, make_engine
from kantor_app.store.errors import (
    StoreError,
    StoreErrorCode,
    classify,
    sqlite_error,
    translate,
    user_message,
)

PG_ENV = "KANTOR_TEST_PG_URL"


def _sqlite_failure(action: Any) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        action()
    return caught.value


def _table_file(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (a)")
    db.commit()
    db.close()
    return path


@pytest.fixture
def read_only_file(tmp_path: Path) -> Iterator[Path]:
    """A database file nobody may write: by its mode, or for root (whom modes do not stop)
    by the immutable attribute."""
    path = _table_file(tmp_path / "hanya-baca.db")
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield path
        path.chmod(0o644)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("running as root on a file system without chattr +i")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def _write(path: Path, *, timeout: float = 0) -> None:
    db = sqlite3.connect(path, isolation_level=None, timeout=timeout)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t VALUES (1)")
        db.execute("COMMIT")
    finally:
        db.close()


# --- SQLite -----------------------------------------------------------------------------------


def test_locked_database_is_busy(tmp_path: Path) -> None:
    path = _table_file(tmp_path / "a.db")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    failure = _sqlite_failure(lambda: _write(path))
    holder.execute("ROLLBACK")
    known = classify(failure)
    assert known is not None and known.code is StoreErrorCode.BUSY
    assert "dipakai proses lain" in str(known)


def test_locked_database_through_a_session_raises_store_error(db_url: str) -> None:
    database = Database(db_url)

    @event.listens_for(database.engine, "connect")
    def _no_wait(dbapi_connection: Any, _record: Any) -> None:
        # After the engine's own listener (busy_timeout=15000): fail at once.
        dbapi_connection.execute("PRAGMA busy_timeout=0")

    path = make_url(db_url).database
    assert path is not None
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as caught, database.transaction() as session:
            session.execute(text("UPDATE setting SET value = value"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        database.dispose()
    assert caught.value.code == "busy"
    assert isinstance(caught.value.__cause__, DBAPIError)


def test_read_only_file(read_only_file: Path) -> None:
    known = classify(_sqlite_failure(lambda: _write(read_only_file)))
    assert known is not None and known.code is StoreErrorCode.READ_ONLY


def test_read_only_connection(tmp_path: Path) -> None:
    path = _table_file(tmp_path / "a.db")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    known = classify(_sqlite_failure(lambda: db.execute("INSERT INTO t VALUES (1)")))
    assert known is not None and known.code == "read_only"


def test_random_bytes_are_corrupt_through_sqlalchemy(tmp_path: Path) -> None:
    path = tmp_path / "acak.db"
    path.write_bytes(os.urandom(8192))
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(DBAPIError) as caught, engine.connect() as conn:
            conn.execute(text("SELECT name FROM sqlite_master"))
    finally:
        engine.dispose()
    known = translate(caught.value)
    assert isinstance(known, StoreError) and known.code is StoreErrorCode.CORRUPT
    assert user_message(caught.value) == str(known)


def test_damaged_page_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "rusak.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (a TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(200)])
    db.commit()
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page : 2 * page] = os.urandom(page)  # the table's root page: header intact
    path.write_bytes(bytes(data))
    db = sqlite3.connect(path)
    known = classify(
        _sqlite_failure(lambda: db.execute("SELECT count(*), max(a) FROM t").fetchall())
    )
    assert known is not None and known.code is StoreErrorCode.CORRUPT


def test_missing_folder_cannot_open(tmp_path: Path) -> None:
    failure = _sqlite_failure(lambda: sqlite3.connect(tmp_path / "tidak" / "ada.db"))
    known = classify(failure)
    assert known is not None and known.code is StoreErrorCode.CANNOT_OPEN


def test_full_database_is_disk_full(tmp_path: Path) -> None:
    db = sqlite3.connect(_table_file(tmp_path / "a.db"), isolation_level=None)
    db.execute("PRAGMA max_page_count=3")  # SQLite reports a page cap reached as a full disk
    failure = _sqlite_failure(lambda: db.execute("INSERT INTO t VALUES (?)", (b"x" * 100_000,)))
    known = classify(failure)
    assert known is not None and known.code is StoreErrorCode.DISK_FULL


def test_extended_codes_count_by_their_primary_code() -> None:
    busy_snapshot, ioerr_write, readonly_dbmoved = 5 | 2 << 8, 10 | 3 << 8, 8 | 4 << 8
    assert [getattr(sqlite_error(c), "code", None) for c in (busy_snapshot, ioerr_write)] == [
        "busy",
        "io_error",
    ]
    assert getattr(sqlite_error(readonly_dbmoved), "code", None) == "read_only"
    assert sqlite_error(sqlite3.SQLITE_CONSTRAINT) is None
    assert sqlite_error(None) is None


def test_unknown_failures_propagate_unchanged(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "a.db")
    db.execute("CREATE TABLE t (a UNIQUE)")
    db.execute("INSERT INTO t VALUES (1)")
    failure = _sqlite_failure(lambda: db.execute("INSERT INTO t VALUES (1)"))
    wrapped = IntegrityError("INSERT", None, failure)
    assert translate(wrapped) is wrapped
    assert user_message(wrapped) is None
    assert user_message(ValueError("no database here")) is None


def test_store_error_keeps_its_code_and_message_when_pickled() -> None:
    error = StoreError("Basis data rusak.", StoreErrorCode.CORRUPT)
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.code) == ("Basis data rusak.", StoreErrorCode.CORRUPT)
    assert user_message(error) == "Basis data rusak."
    assert translate(error) is error


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_server() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} not set")
    return url


def _connect_failure(url: Any) -> StoreError:
    engine = make_engine(url)
    try:
        with pytest.raises(DBAPIError) as caught, engine.connect():
            pass
    finally:
        engine.dispose()
    known = translate(caught.value)
    assert isinstance(known, StoreError)
    return known


def test_postgres_wrong_password_is_auth_failed() -> None:
    url = make_url(_pg_server()).set(password="salah-sandi")
    assert _connect_failure(url).code is StoreErrorCode.AUTH_FAILED


def test_postgres_missing_database_is_no_database() -> None:
    url = make_url(_pg_server()).set(database="kantor_tidak_ada_sama_sekali")
    assert _connect_failure(url).code is StoreErrorCode.NO_DATABASE


def test_postgres_closed_port_is_unreachable() -> None:
    url = make_url(_pg_server()).set(host="127.0.0.1", port=1)
    known = _connect_failure(url)
    assert known.code is StoreErrorCode.UNREACHABLE
    assert "PostgreSQL" in str(known)


def test_postgres_read_only_transaction_by_sqlstate() -> None:
    engine = make_engine(_pg_server())
    try:
        with pytest.raises(DBAPIError) as caught, engine.connect() as conn:
            conn.execute(text("SET TRANSACTION READ ONLY"))
            conn.execute(text("CREATE TABLE kantor_tidak_boleh (a integer)"))
    finally:
        engine.dispose()
    assert getattr(caught.value.orig, "sqlstate", None) == "25006"
    known = translate(caught.value)
    assert isinstance(known, StoreError) and known.code is StoreErrorCode.READ_ONLY


@pytest.mark.parametrize(
    ("state", "code"),
    [
        ("28P01", "auth_failed"),
        ("3D000", "no_database"),
        ("53100", "disk_full"),
        ("25006", "read_only"),
        ("40P01", "busy"),
        ("55P03", "busy"),
        ("08006", "unreachable"),
        ("08001", "unreachable"),
    ],
)
def test_postgres_sqlstates(state: str, code: str) -> None:
    errors = pytest.importorskip("psycopg.errors")
    error = errors.lookup(state)("server said so")
    assert error.sqlstate == state
    known = classify(error)
    assert known is not None and known.code == code


def test_postgres_errors_with_other_sqlstates_propagate() -> None:
    errors = pytest.importorskip("psycopg.errors")
    assert classify(errors.lookup("23505")("duplicate key")) is None
