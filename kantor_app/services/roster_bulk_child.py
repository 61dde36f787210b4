"""A child process that inserts a large roster import into SQLite, in one transaction.

The parent (``roster_import``) reads and validates the workbook on one core
while this process inserts the accepted rows on the other. The child owns the
connection and the only transaction: it commits solely on an explicit
"commit" message. End of file on the pipe (the parent crashed, was killed or
cancelled) rolls back, and a killed child never commits, so either side dying
leaves the database exactly as it was.

Only the standard library and textnorm (itself only ``re`` and
``unicodedata``) are imported here: under the "spawn" start method the child
starts a fresh interpreter, and SQLAlchemy or Qt would cost it start-up time
and memory. The insert rows are assembled here, not in the parent, which is
the busier of the two. (A frozen build must call
``multiprocessing.freeze_support()`` first thing in its entry point.)

Protocol, pickled tuples over a ``multiprocessing`` pipe:
parent → child: ("meta", (stamp, device_id, source)), then ("rows", [(nik,
fields), ...]) with the fields of ``roster_import._Record``, then ("commit", None).
child → parent: ("ready", table_was_empty), then ("done", None) after the
commit, or ("error", message) at any point.
"""

from __future__ import annotations

import contextlib
import pickle
import random
import re
import sqlite3
import time
from multiprocessing.connection import Connection
from typing import Any

from kantor_app.domain.textnorm import fold

INDEX_QUERY = (
    "SELECT name, sql FROM sqlite_master WHERE type='index' "
    "AND tbl_name='worker' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
)
FTS_TRIGGER_QUERY = "SELECT sql FROM sqlite_master WHERE type='trigger' AND name='worker_fts_ai'"

# The worker table's columns, in the order of insert_row's tuples.
COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "device_id",
    "nik",
    "kpj",
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
    "status",
    "employer_id",
    "warnings",
    "source",
)
INSERT_SQL = f"INSERT INTO worker ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
NIK_POSITION = 4
NAME_KEY_POSITION = 7

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
    """UUIDs laid out like UUIDv7: a millisecond timestamp, then a counter and random bits.

    Random UUIDs land all over the primary-key index; ids that grow keep
    100,000 inserts appending at its end, several times faster on SQLite.
    They stay unique across field laptops through their 62 random bits.
    """

    def __init__(self) -> None:
        self._prefix = (int(time.time() * 1000) & ((1 << 48) - 1)) << 80 | 0x7 << 76 | 0b10 << 62
        self._counter = 0

    def next_int(self) -> int:
        # 32-bit counter: high 12 bits in "rand_a", low 20 bits at the top of
        # "rand_b"; 42 random bits below keep ids of different devices apart.
        self._counter += 1
        count = self._counter
        return (
            self._prefix
            | (count >> 20 & 0xFFF) << 64
            | (count & 0xFFFFF) << 42
            | random.getrandbits(42)
        )


def insert_row(
    number: int, nik: str, fields: tuple[Any, ...], stamp: str, device_id: str, source: str
) -> tuple[Any, ...]:
    """A new worker as an INSERT_SQL tuple, in SQLAlchemy's SQLite storage formats.

    ``fields`` are roster_import's compared values: name, birth date, gender,
    address, regency, district, village, occupation, phone, income, segment,
    warnings ("" or None where the file gave nothing).
    """
    (
        name,
        birth,
        gender,
        address,
        regency,
        district,
        village,
        occupation,
        phone,
        income,
        segment,
        warnings,
    ) = fields
    return (
        f"{number:032x}",  # Uuid on SQLite: 32 hex digits
        stamp,
        stamp,
        device_id,
        nik,
        None,
        name,
        name_key(name),
        birth.isoformat() if birth is not None else None,
        gender,
        address,
        regency,
        district,
        village,
        occupation,
        phone,
        income,
        segment or "BPU",
        "aktif",
        None,
        warnings,
        source,
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
    ids = TimeOrderedIds()
    stamp, device_id, source = "", "", ""
    while True:
        try:
            kind, payload = pickle.loads(pipe.recv_bytes())
        except EOFError:
            return  # the parent is gone or gave up: roll back
        if kind == "meta":
            stamp, device_id, source = payload
        elif kind == "rows":
            next_int = ids.next_int
            rows = [
                insert_row(next_int(), nik, fields, stamp, device_id, source)
                for nik, fields in payload
            ]
            # Sorted by NIK per batch, as the in-process path does, for the unique index.
            rows.sort(key=lambda r: r[NIK_POSITION])
            db.executemany(INSERT_SQL, rows)
            if trigger is not None:
                fts_rows.extend((int(r[NIK_POSITION]), r[NAME_KEY_POSITION]) for r in rows)
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
