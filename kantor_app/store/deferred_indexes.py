"""SQLite indexes a bulk import builds just after its commit, kept safe across a crash.

A large roster import (services/roster/importing/bulk_child, through
store/sqlite_bulk.rebuild_indexes) commits the workers with
the indexes every query relies on, then rebuilds the remaining sort and
filter indexes in a second transaction while the user already has the
summary. Which indexes are still to build is written in the `setting` table
inside the import's own transaction, so it is committed with the rows: if
the process dies before the second transaction commits, the next
``build_pending`` (run whenever a database is opened) finishes the job.
Indexes are derived data; the workers themselves are never at risk.

Standard library only: the import's writer process imports this module.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

KEY = "sqlite.deferred_indexes"
_CREATE_INDEX = re.compile(r"^\s*CREATE\s+INDEX\s+(?!IF\s+NOT\s+EXISTS)", re.IGNORECASE)


def defer(db: sqlite3.Connection, ddls: Sequence[str]) -> None:
    """Inside the caller's open transaction: remember ``ddls`` to run after its commit."""
    db.execute(
        "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (KEY, json.dumps(list(ddls)))
    )


def build(db: sqlite3.Connection) -> int:
    """Create the remembered indexes and forget them, in one transaction; how many."""
    db.execute("BEGIN IMMEDIATE")
    try:
        row = db.execute("SELECT value FROM setting WHERE key = ?", (KEY,)).fetchone()
        ddls: list[str] = json.loads(row[0]) if row else []
        for ddl in ddls:
            # IF NOT EXISTS: an earlier attempt may have got further than its record says.
            db.execute(_CREATE_INDEX.sub("CREATE INDEX IF NOT EXISTS ", ddl, count=1))
        if row:
            db.execute("DELETE FROM setting WHERE key = ?", (KEY,))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return len(ddls)


def build_pending(database: Path, timeout: float = 30.0) -> int:
    """Finish indexes an interrupted import left to build; 0 when there were none."""
    if not database.exists():
        return 0
    db = sqlite3.connect(database, isolation_level=None, timeout=timeout)
    try:
        try:
            has_settings = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'setting'"
            ).fetchone()
        except sqlite3.DatabaseError:
            return 0  # no SQLite file: opening it says so in its own words
        if not has_settings:
            return 0
        pending = db.execute("SELECT 1 FROM setting WHERE key = ?", (KEY,)).fetchone()
        return build(db) if pending else 0
    finally:
        db.close()
