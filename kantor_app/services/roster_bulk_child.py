"""A child process that inserts a large roster import into SQLite, in one transaction.

The parent (``roster_import``) reads and validates the workbook on one core
while this process inserts the accepted rows on the other. The child owns the
connection and the only transaction: it commits solely on an explicit
"commit" message. End of file on the pipe (the parent crashed, was killed or
cancelled) rolls back, and a killed child never commits, so either side dying
leaves the database exactly as it was.

Only the standard library is imported here: under the "spawn" start method
the child starts a fresh interpreter, and SQLAlchemy or Qt would cost it
start-up time and memory. (A frozen build must call
``multiprocessing.freeze_support()`` first thing in its entry point.)

Protocol, pickled tuples over a ``multiprocessing`` pipe:
parent → child: ("rows", [row tuple, ...]) in the worker table's column
order (already in SQLAlchemy's SQLite storage formats), then ("commit",).
child → parent: ("ready", table_was_empty), then ("done", None) after the
commit, or ("error", message) at any point.
"""

from __future__ import annotations

import contextlib
import pickle
import sqlite3
from multiprocessing.connection import Connection
from typing import Any

INDEX_QUERY = (
    "SELECT name, sql FROM sqlite_master WHERE type='index' "
    "AND tbl_name='worker' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
)
FTS_TRIGGER_QUERY = "SELECT sql FROM sqlite_master WHERE type='trigger' AND name='worker_fts_ai'"
NIK_POSITION = 4  # in the row tuples: id, created_at, updated_at, device_id, nik, ...
NAME_KEY_POSITION = 7


def _send(pipe: Connection, message: tuple[str, Any]) -> None:
    pipe.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))


def run(pipe: Connection, database: str, insert_sql: str, cache_kb: int) -> None:
    """Child entry point (``multiprocessing`` target)."""
    db = sqlite3.connect(database, isolation_level=None, timeout=15)
    try:
        _import(pipe, db, insert_sql, cache_kb)
    except sqlite3.Error as exc:
        # sqlite3 messages name tables and columns, never values.
        with contextlib.suppress(OSError):  # the parent may be gone already
            _send(pipe, ("error", str(exc)))
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()
        pipe.close()


def _import(pipe: Connection, db: sqlite3.Connection, insert_sql: str, cache_kb: int) -> None:
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=15000")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"PRAGMA cache_size=-{int(cache_kb)}")
    # The write lock at once: nobody can add workers between the check below and the commit.
    db.execute("BEGIN IMMEDIATE")
    empty = db.execute("SELECT 1 FROM worker LIMIT 1").fetchone() is None
    if not empty:
        _send(pipe, ("ready", False))
        return
    # As in the in-process path: the FTS trigger is set aside and the index
    # rows added in one sorted batch; secondary indexes are dropped and rebuilt
    # from their own DDL. All inside this transaction, so undone on rollback.
    trigger = db.execute(FTS_TRIGGER_QUERY).fetchone()
    if trigger is not None:
        db.execute("DROP TRIGGER worker_fts_ai")
    indexes = db.execute(INDEX_QUERY).fetchall()
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    _send(pipe, ("ready", True))

    fts_rows: list[tuple[int, str]] = []
    while True:
        try:
            kind, payload = pickle.loads(pipe.recv_bytes())
        except EOFError:
            return  # the parent is gone or gave up: roll back
        if kind == "rows":
            db.executemany(insert_sql, payload)
            if trigger is not None:
                fts_rows.extend((int(r[NIK_POSITION]), r[NAME_KEY_POSITION]) for r in payload)
        elif kind == "commit":
            break
        else:
            return
    for _, ddl in indexes:
        db.execute(ddl)
    if trigger is not None:
        fts_rows.sort()
        db.executemany("INSERT INTO worker_fts(rowid, name_key) VALUES (?, ?)", fts_rows)
        db.execute(trigger[0])
    db.execute("COMMIT")
    _send(pipe, ("done", None))
