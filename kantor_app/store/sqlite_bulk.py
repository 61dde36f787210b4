"""SQLite bulk writes: a large page cache, indexes rebuilt once, the roster's bulk INSERT.

One place for what the roster import (in-process and in its writer child)
and the demo data fill each did their own way. Every function takes the
driver's ``sqlite3.Connection``; a SQLAlchemy caller passes
``conn.connection.driver_connection``, which shares its transaction.

Standard library only, like store/deferred_indexes: the import's writer
process (services/roster/importing/bulk_child) imports this module and must
start without SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Collection, Iterator, Sequence

from kantor_app.store import deferred_indexes

WORKER_TABLE = "worker"
# The trigger that keeps the roster's FTS5 name index (migration 0002), set aside in bulk.
WORKER_FTS_TRIGGER = "worker_fts_ai"
# Page cache for a 100,000-row roster import: its indexes fit, the machine does not notice.
IMPORT_CACHE_KIB = 65536

# Indexes a query names in INDEXED BY (services/roster/query.py): SQLite
# refuses such a query while the index is missing, so a bulk import builds
# them before its commit; the rest may wait (store/deferred_indexes).
# ix_worker_sort_name is also the roster's default name order.
BUILT_BEFORE_COMMIT = frozenset({"ix_worker_sort_name", "ix_worker_nik_cover"})

# The worker columns that differ per row, in the order of the INSERT's "?"s.
WORKER_ROW_COLUMNS = (
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
# The worker columns one import writes alike on every row: written into the
# statement once rather than bound 100,000 times (binding fewer values makes
# the insert a third faster).
WORKER_CONSTANT_COLUMNS = (
    "created_at",
    "updated_at",
    "device_id",
    "kpj",
    "status",
    "employer_id",
    "source",
)


@contextlib.contextmanager
def cache_size(db: sqlite3.Connection, kib: int) -> Iterator[None]:
    """Up to ``kib`` KiB of page cache inside the block, the previous size after it.

    The indexes of a large roster outgrow SQLite's default 2 MB cache, and
    spilling pages mid-transaction is what makes big inserts slow. The old
    size comes back on error too: a pooled connection is reused afterwards.
    """
    previous = int(db.execute("PRAGMA cache_size").fetchone()[0])
    db.execute(f"PRAGMA cache_size=-{int(kib)}")
    try:
        yield
    finally:
        # A connection closed inside the block has nothing left to restore.
        with contextlib.suppress(sqlite3.ProgrammingError):
            db.execute(f"PRAGMA cache_size={previous}")


def droppable_indexes(
    db: sqlite3.Connection, table: str, *, unique: bool = False
) -> list[tuple[str, str]]:
    """(name, DDL) of ``table``'s indexes that can be dropped and made again from their DDL.

    Automatic indexes (primary key, UNIQUE constraints) have no DDL and stay.
    Unique indexes stay too unless ``unique``: they are what refuses a
    duplicate during the insert. Read from sqlite_master, so indexes added by
    later migrations are included.
    """
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    return [
        (name, ddl)
        for name, ddl in rows
        if unique or not ddl.lstrip().upper().startswith("CREATE UNIQUE")
    ]


def drop_indexes(
    db: sqlite3.Connection, table: str, *, unique: bool = False
) -> list[tuple[str, str]]:
    """Drops droppable_indexes; returns them for rebuild_indexes.

    Building an index once over all rows beats updating it row by row. Call
    inside the bulk write's transaction: DDL is transactional in SQLite, so a
    rollback brings the indexes back.
    """
    indexes = droppable_indexes(db, table, unique=unique)
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    return indexes


def rebuild_indexes(
    db: sqlite3.Connection,
    dropped: Sequence[tuple[str, str]],
    *,
    now: Collection[str] | None = None,
) -> list[str]:
    """Creates the ``dropped`` indexes again, in the caller's transaction.

    With ``now`` only the indexes named there are built; the others are
    handed to store/deferred_indexes (recorded in this same transaction) for
    ``deferred_indexes.build`` after the commit. Returns the deferred DDL.
    """
    later = [ddl for name, ddl in dropped if now is not None and name not in now]
    for name, ddl in dropped:
        if now is None or name in now:
            db.execute(ddl)
    if later:
        deferred_indexes.defer(db, later)
    return later


def set_aside_trigger(db: sqlite3.Connection, name: str) -> str | None:
    """Drops trigger ``name`` in the caller's transaction; its DDL to execute again, or None.

    The roster's FTS5 index is kept by a per-row trigger, and FTS5 flushes
    its pending data at every statement of a trigger: 100,000 inserts would
    write 100,000 tiny segments. A bulk insert adds the index rows in one
    sorted batch instead, then restores the trigger.
    """
    row = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
    ).fetchone()
    if row is None:
        return None
    db.execute(f'DROP TRIGGER "{name}"')
    return str(row[0])


def sql_literal(value: str | None) -> str:
    """``value`` as an SQLite literal: NULL or quoted text (SQLite has no backslash escapes)."""
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


def worker_insert_sql(stamp: str, device_id: str, source: str) -> str:
    """The INSERT of one import's new workers: WORKER_ROW_COLUMNS bound, the rest literal.

    ``stamp`` is the time in SQLAlchemy's SQLite DateTime format.
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
    assert tuple(constants) == WORKER_CONSTANT_COLUMNS
    columns = [*WORKER_ROW_COLUMNS, *constants]
    values = ["?"] * len(WORKER_ROW_COLUMNS) + list(constants.values())
    return f"INSERT INTO {WORKER_TABLE} ({', '.join(columns)}) VALUES ({', '.join(values)})"
