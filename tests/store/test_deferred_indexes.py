"""Indexes an import builds after its commit survive the process dying in between."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kantor_app.services.database import open_database
from kantor_app.store import deferred_indexes

DEFERRED = ("ix_worker_sort_birth", "ix_worker_region")


def _indexes(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        return dict(
            db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'worker' "
                "AND sql IS NOT NULL"
            ).fetchall()
        )


def _interrupted_import(path: Path) -> dict[str, str]:
    """What a writer process killed after its commit leaves: indexes dropped, a record of them."""
    before = _indexes(path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    for name in DEFERRED:
        db.execute(f"DROP INDEX {name}")
    deferred_indexes.defer(db, [before[name] for name in DEFERRED])
    db.execute("COMMIT")
    db.close()
    return before


def test_opening_the_database_finishes_what_an_import_left(tmp_path: Path) -> None:
    path = tmp_path / "kantor.db"
    open_database(f"sqlite:///{path}").dispose()
    before = _interrupted_import(path)
    assert not set(DEFERRED) & set(_indexes(path))

    open_database(f"sqlite:///{path}").dispose()
    assert _indexes(path) == before
    with sqlite3.connect(path) as db:
        record = db.execute("SELECT 1 FROM setting WHERE key = ?", (deferred_indexes.KEY,))
        assert record.fetchone() is None
    assert deferred_indexes.build_pending(path) == 0  # nothing left to do


def test_an_index_already_built_is_not_built_twice(tmp_path: Path) -> None:
    path = tmp_path / "kantor.db"
    open_database(f"sqlite:///{path}").dispose()
    before = _interrupted_import(path)
    with sqlite3.connect(path) as db:  # the writer got as far as one of them
        db.execute(before[DEFERRED[0]])
    assert deferred_indexes.build_pending(path) == 2
    assert _indexes(path) == before


def test_files_that_are_no_database_are_left_to_open_database(tmp_path: Path) -> None:
    fake = tmp_path / "catatan.db"
    fake.write_text("bukan basis data")
    assert deferred_indexes.build_pending(fake) == 0
    assert deferred_indexes.build_pending(tmp_path / "tidak-ada.db") == 0
