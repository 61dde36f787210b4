"""A child process that inserts a large roster import into SQLite, in one transaction.

The parent (``roster_import``) reads and validates the workbook on one core
while this process inserts the accepted rows on the other. The child owns the
connection and the only transaction: it commits solely on an explicit
"commit" message. End of file on the pipe (the parent crashed, was killed or
cancelled) rolls back, and a killed child never commits, so either side dying
leaves the database exactly as it was.

Only the standard library, textnorm (itself only ``re`` and ``unicodedata``)
and store.deferred_indexes (standard library) are imported here: under the
"spawn" start method the child starts a fresh interpreter, and SQLAlchemy or
Qt would cost it start-up time and memory. The insert rows are assembled
here, not in the parent, which is the busier of the two. (A frozen build must
call ``multiprocessing.freeze_support()`` first thing in its entry point.)

Protocol, pickled tuples over a ``multiprocessing`` pipe:
parent → child: ("meta", (stamp, device_id, source)), then ("rows", [(nik,
fields), ...]) with the fields of ``roster_import._Record`` (birth date as ISO
text), then ("commit", None).
child → parent: ("ready", table_was_empty), then ("done", None) after the
commit, or ("error", message) at any point. After "done" the child builds
the deferred indexes, copies the WAL into the database file and exits; the
parent does not wait for that.
"""

from __future__ import annotations

import contextlib
import pickle
import random
import re
import sqlite3
import time
from multiprocessing.connection import Connection
from operator import itemgetter
from typing import Any

from kantor_app.domain.textnorm import fold
from kantor_app.store import deferred_indexes

INDEX_QUERY = (
    "SELECT name, sql FROM sqlite_master WHERE type='index' "
    "AND tbl_name='worker' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
)
# Built inside the import's transaction, the rest just after its commit (see
# store/deferred_indexes): the roster's default name order, and the indexes
# roster_query names in INDEXED BY (a missing one would be an error).
BUILT_BEFORE_COMMIT = frozenset({"ix_worker_sort_name", "ix_worker_nik_cover"})
FTS_TRIGGER_QUERY = "SELECT sql FROM sqlite_master WHERE type='trigger' AND name='worker_fts_ai'"

# The worker columns that differ per row, in the order of insert_row's tuples.
ROW_COLUMNS = (
    "id",
    "nik",
    "name",
    "name_key",
    "birth_date",
    "gender",
    "address",
    "regency_code",
    "district_code",
    "village_code",
    "occupation",
    "phone",
    "income",
    "segment",
    "warnings",
)
NIK_POSITION = 1
NAME_KEY_POSITION = 3


def sql_literal(value: str | None) -> str:
    """``value`` as an SQLite literal: NULL or quoted text (SQLite has no backslash escapes)."""
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


def insert_sql(stamp: str, device_id: str, source: str) -> str:
    """The INSERT of one import's new workers, for insert_row tuples.

    What is the same on every row (time stamp, device, source file, status) is
    written into the statement once rather than bound 100,000 times: binding
    fewer values makes the insert a third faster.
    """
    constants = {
        "created_at": sql_literal(stamp),
        "updated_at": sql_literal(stamp),
        "device_id": sql_literal(device_id),
        "kpj": "NULL",
        "status": "'aktif'",
        "employer_id": "NULL",
        "source": sql_literal(source),
    }
    columns = [*ROW_COLUMNS, *constants]
    values = ["?"] * len(ROW_COLUMNS) + list(constants.values())
    return f"INSERT INTO worker ({', '.join(columns)}) VALUES ({', '.join(values)})"


_APOSTROPHES = re.compile(r"['`]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """``fold(name).upper()``, the roster's search key, with a fast path for ASCII names."""
    if name.isascii():
        if name.replace(" ", "").isalnum() and "  " not in name and name.strip() == name:
            # Letters and digits with single inner spaces: fold() only lowercases.
            return name.upper()
        # For ASCII text fold() reduces to exactly these steps.
        return " ".join(_NON_WORD.sub(" ", _APOSTROPHES.sub("", name.lower())).split()).upper()
    return fold(name).upper()


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


def run(pipe: Connection, database: str, cache_kb: int) -> None:
    """Child entry point (``multiprocessing`` target)."""
    db = sqlite3.connect(database, isolation_level=None, timeout=15)
    try:
        _import(pipe, db, cache_kb)
    except sqlite3.Error as exc:
        # sqlite3 messages name tables and columns, never values.
        with contextlib.suppress(OSError):  # the parent may be gone already
            _send(pipe, ("error", str(exc)))
    except OSError:
        # The parent closed the pipe before the commit (the file could not be
        # read, Cancel, a crash): it has said why; this only rolls back.
        pass
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()
        pipe.close()


def _import(pipe: Connection, db: sqlite3.Connection, cache_kb: int) -> None:
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=15000")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"PRAGMA cache_size=-{int(cache_kb)}")
    db.execute("PRAGMA wal_autocheckpoint=0")
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
    before_commit = [ddl for name, ddl in indexes if name in BUILT_BEFORE_COMMIT]
    deferred_indexes.defer(db, [ddl for name, ddl in indexes if name not in BUILT_BEFORE_COMMIT])
    _send(pipe, ("ready", True))

    fts_rows: list[tuple[int, str]] = []
    ids = TimeOrderedIds()
    sql = ""
    while True:
        try:
            kind, payload = pickle.loads(pipe.recv_bytes())
        except EOFError:
            return  # the parent is gone or gave up: roll back
        if kind == "meta":
            sql = insert_sql(*payload)
        elif kind == "rows":
            next_hex = ids.next_hex
            rows = [insert_row(next_hex(), nik, fields) for nik, fields in payload]
            # Sorted by NIK per batch, as the in-process path does, for the unique index.
            rows.sort(key=itemgetter(NIK_POSITION))
            db.executemany(sql, rows)
            if trigger is not None:
                fts_rows.extend((int(r[NIK_POSITION]), r[NAME_KEY_POSITION]) for r in rows)
        elif kind == "commit":
            break
        else:
            return
    for ddl in before_commit:
        db.execute(ddl)
    if trigger is not None:
        fts_rows.sort()
        db.executemany("INSERT INTO worker_fts(rowid, name_key) VALUES (?, ?)", fts_rows)
        db.execute(trigger[0])
    db.execute("COMMIT")
    _send(pipe, ("done", None))
    # After the parent has its answer: the other indexes, in a transaction of
    # their own (store/deferred_indexes finishes them if this is cut short),
    # then the new pages copied from the WAL into the database file, which
    # the commit left out (wal_autocheckpoint=0 above).
    deferred_indexes.build(db)
    with contextlib.suppress(sqlite3.Error):
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
