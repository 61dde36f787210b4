"""A child process that inserts a large roster import into SQLite, in one transaction.

The parent (``roster_import``) reads and validates the workbook on one core
while this process inserts the accepted rows on the other. The child owns the
connection and the only transaction: it commits solely on an explicit
"commit" message. End of file on the pipe (the parent crashed, was killed or
cancelled) rolls back, and a killed child never commits, so either side dying
leaves the database exactly as it was.

Only the standard library, textnorm (itself only ``re`` and ``unicodedata``)
and store.sqlite_bulk and store.deferred_indexes (standard library) are imported here: under the
"spawn" start method the child starts a fresh interpreter, and SQLAlchemy or
Qt would cost it start-up time and memory. The insert rows are assembled
here, not in the parent, which is the busier of the two. (A frozen build must
call ``multiprocessing.freeze_support()`` first thing in its entry point.)

Protocol, pickled tuples over a ``multiprocessing`` pipe:
parent → child: ("meta", (stamp, device_id, source)), then ("rows", [(nik,
fields), ...]) with the fields of ``roster_import._Record`` (birth date as ISO
text), then ("commit", None).
child → parent: ("ready", table_was_empty), then ("done", None) after the
commit, or ("error", (message, SQLite result code or None)) at any point.
After "done" the child builds the deferred indexes, copies the WAL into the
database file and exits; the parent does not wait for that.
"""

from __future__ import annotations

import contextlib
import pickle
import random
import sqlite3
import time
from multiprocessing.connection import Connection
from operator import itemgetter
from typing import Any

from kantor_app.domain.textnorm import name_key
from kantor_app.store import deferred_indexes, sqlite_bulk

# Positions in insert_row's tuples (the columns of store/sqlite_bulk.WORKER_ROW_COLUMNS).
NIK_POSITION = 1
NAME_KEY_POSITION = 3


class TimeOrderedIds:
    """UUIDs in the UUIDv7 layout (RFC 9562): a millisecond timestamp, then
    random bits drawn once per import and a 32-bit counter ("method 1").

    Random UUIDs land all over the primary-key index; ids that grow keep
    100,000 inserts appending at its end, several times faster on SQLite.
    Ids of two imports differ in their timestamp or in 42 random bits, so
    field laptops do not collide either.
    """

    _COUNTER_BITS = 32

    def __init__(self) -> None:
        self._start()

    def _start(self) -> None:
        ms = int(time.time() * 1000) & ((1 << 48) - 1)
        self._base = (
            ms << 80
            | 0x7 << 76  # version 7
            | random.getrandbits(12) << 64
            | 0b10 << 62  # RFC 9562 variant
            | random.getrandbits(30) << self._COUNTER_BITS
        )
        # Every id of this run shares its first 24 hex digits.
        self._prefix = f"{self._base:032x}"[:24]
        self._counter = 0

    def _count(self) -> int:
        self._counter += 1
        if self._counter >> self._COUNTER_BITS:
            self._start()
            self._counter = 1
        return self._counter

    def next_int(self) -> int:
        return self._base | self._count()

    def next_hex(self) -> str:
        """The next id as SQLite stores a Uuid column: 32 hex digits."""
        count = self._count()
        return f"{self._prefix}{count:08x}"


def insert_row(worker_id: str, nik: str, fields: tuple[Any, ...]) -> tuple[Any, ...]:
    """A new worker as an insert_sql tuple, in SQLAlchemy's SQLite storage formats.

    ``worker_id`` is the Uuid as SQLite stores it (TimeOrderedIds.next_hex).
    ``fields`` are roster_import's compared values: name, birth date (ISO
    text), gender, address, regency, district, village, occupation, phone,
    income, segment, warnings ("" or None where the file gave nothing).
    """
    name, birth, gender, address, regency, district, village, *rest = fields
    occupation, phone, income, segment, warnings = rest
    return (
        worker_id,
        nik,
        name,
        name_key(name),
        birth,
        gender,
        address,
        regency,
        district,
        village,
        occupation,
        phone,
        income,
        segment or "BPU",
        warnings,
    )


def _send(pipe: Connection, message: tuple[str, Any]) -> None:
    pipe.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))


def run(pipe: Connection, database: str, cache_kb: int, busy_ms: int = 15000) -> None:
    """Child entry point (``multiprocessing`` target); ``busy_ms`` waits for another writer."""
    db: sqlite3.Connection | None = None
    try:
        db = sqlite3.connect(database, isolation_level=None, timeout=busy_ms / 1000)
        _import(pipe, db, cache_kb, busy_ms)
    except sqlite3.Error as exc:
        # sqlite3 messages name tables and columns, never values. The code
        # lets the parent classify the failure as store/errors does its own.
        failure = (str(exc), getattr(exc, "sqlite_errorcode", None))
        with contextlib.suppress(OSError):  # the parent may be gone already
            _send(pipe, ("error", failure))
    except OSError:
        # The parent closed the pipe before the commit (the file could not be
        # read, Cancel, a crash): it has said why; this only rolls back.
        pass
    finally:
        if db is not None:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.close()
        pipe.close()


def _import(pipe: Connection, db: sqlite3.Connection, cache_kb: int, busy_ms: int) -> None:
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    with sqlite_bulk.cache_size(db, cache_kb):
        if not _insert_all(pipe, db):
            return
        # After the parent has its answer: the other indexes, in a transaction
        # of their own (store/deferred_indexes finishes them if this is cut
        # short), then the new pages copied from the WAL into the database
        # file, which the commit left out (wal_autocheckpoint=0 above).
        deferred_indexes.build(db)
    with contextlib.suppress(sqlite3.Error):
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _insert_all(pipe: Connection, db: sqlite3.Connection) -> bool:
    """The import's one transaction; True once committed (and the parent told)."""
    # The write lock at once: nobody can add workers between the check below and the commit.
    db.execute("BEGIN IMMEDIATE")
    empty = db.execute("SELECT 1 FROM worker LIMIT 1").fetchone() is None
    if not empty:
        _send(pipe, ("ready", False))
        return False
    # As in the in-process path: the FTS trigger is set aside and the index
    # rows added in one sorted batch; secondary indexes are dropped and rebuilt
    # from their own DDL. All inside this transaction, so undone on rollback.
    trigger = sqlite_bulk.set_aside_trigger(db, sqlite_bulk.WORKER_FTS_TRIGGER)
    dropped = sqlite_bulk.drop_indexes(db, sqlite_bulk.WORKER_TABLE)
    _send(pipe, ("ready", True))
    fts_rows = _insert_received(pipe, db, keep_fts=trigger is not None)
    if fts_rows is None:
        return False
    # The indexes queries name in INDEXED BY now, the rest after the commit.
    sqlite_bulk.rebuild_indexes(db, dropped, now=sqlite_bulk.BUILT_BEFORE_COMMIT)
    if trigger is not None:
        fts_rows.sort()
        db.executemany("INSERT INTO worker_fts(rowid, name_key) VALUES (?, ?)", fts_rows)
        db.execute(trigger)
    db.execute("COMMIT")
    _send(pipe, ("done", None))
    return True


def _insert_received(
    pipe: Connection, db: sqlite3.Connection, *, keep_fts: bool
) -> list[tuple[int, str]] | None:
    """Inserts the rows sent until "commit"; the FTS rows to add, None to roll back."""
    fts_rows: list[tuple[int, str]] = []
    ids = TimeOrderedIds()
    sql = ""
    while True:
        try:
            kind, payload = pickle.loads(pipe.recv_bytes())
        except EOFError:
            return None  # the parent is gone or gave up: roll back
        if kind == "meta":
            sql = sqlite_bulk.worker_insert_sql(*payload)
        elif kind == "rows":
            next_hex = ids.next_hex
            rows = [insert_row(next_hex(), nik, fields) for nik, fields in payload]
            # Sorted by NIK per batch, as the in-process path does, for the unique index.
            rows.sort(key=itemgetter(NIK_POSITION))
            db.executemany(sql, rows)
            if keep_fts:
                fts_rows.extend((int(r[NIK_POSITION]), r[NAME_KEY_POSITION]) for r in rows)
        elif kind == "commit":
            return fts_rows
        else:
            return None
