"""store/sqlite_bulk: cache size and indexes come back; the bulk INSERT misses no column."""

from __future__ import annotations

import pickle
import re
import sqlite3
import threading
from multiprocessing import Pipe
from pathlib import Path
from typing import Any

import pytest

import kantor_app
from kantor_app.services.roster.importing import bulk_child
from kantor_app.store import deferred_indexes, sqlite_bulk
from kantor_app.store.engine import sqlite_path
from kantor_app.store.models import Worker

APP = Path(kantor_app.__file__).parent


def _connect(db_url: str) -> sqlite3.Connection:
    path = sqlite_path(db_url)
    assert path is not None
    return sqlite3.connect(path, isolation_level=None)


def _indexes(db: sqlite3.Connection, table: str = "worker") -> dict[str, str | None]:
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
    )
    return dict(rows.fetchall())


def _cache(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA cache_size").fetchone()[0])


# --- guards -----------------------------------------------------------------------------------


def test_the_bulk_insert_writes_every_column_of_the_worker_model() -> None:
    sql = sqlite_bulk.worker_insert_sql("2026-11-24 08:00:00.000000", "laptop-1", "data.xlsx")
    match = re.fullmatch(r"INSERT INTO worker \((.*?)\) VALUES \((.*)\)", sql)
    assert match is not None
    columns = [c.strip() for c in match.group(1).split(",")]
    model_columns = [c.name for c in Worker.__table__.columns]
    # A column added to Worker must be added here too (or to the constants), never left out.
    assert sorted(columns) == sorted(model_columns)
    assert len(columns) == len(set(columns))
    assert match.group(2).count("?") == len(sqlite_bulk.WORKER_ROW_COLUMNS)
    # The writer process's rows fill exactly those columns, NIK and name key where named.
    row = bulk_child.insert_row("0" * 32, "6472014508900012", ("Siti", *[None] * 10, ""))
    assert len(row) == len(sqlite_bulk.WORKER_ROW_COLUMNS)
    assert sqlite_bulk.WORKER_ROW_COLUMNS[bulk_child.NIK_POSITION] == "nik"
    assert sqlite_bulk.WORKER_ROW_COLUMNS[bulk_child.NAME_KEY_POSITION] == "name_key"


def _indexes_named_in_queries() -> set[str]:
    """Every index a query of the app names in INDEXED BY, literally or through an f-string."""
    names: set[str] = set()
    for source in APP.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        names.update(re.findall(r"INDEXED BY (ix_\w+)", text))
        if re.search(r"INDEXED BY \{", text):
            # The name comes from a variable: take every index name quoted in that module.
            names.update(re.findall(r"[\"'](ix_\w+)[\"']", text))
    return names


def _child_import(db_url: str, rows: list[tuple[str, tuple[Any, ...]]]) -> None:
    """Runs the writer child's code in a thread, through the real pipe protocol, to its commit."""
    path = sqlite_path(db_url)
    assert path is not None
    parent, child = Pipe()
    worker = threading.Thread(target=bulk_child.run, args=(child, str(path), 4096))
    worker.start()

    def send(message: tuple[str, Any]) -> None:
        parent.send_bytes(pickle.dumps(message))

    def receive() -> tuple[str, Any]:
        answer: tuple[str, Any] = pickle.loads(parent.recv_bytes())
        return answer

    assert receive() == ("ready", True)
    send(("meta", ("2026-11-24 08:00:00.000000", "laptop-1", "data.xlsx")))
    send(("rows", rows))
    send(("commit", None))
    assert receive() == ("done", None)
    worker.join(timeout=60)
    parent.close()


def test_every_index_named_in_indexed_by_exists_once_a_bulk_import_commits(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = _indexes_named_in_queries()
    assert {"ix_worker_sort_name", "ix_worker_nik_cover"} <= named  # the grep finds them
    before = _indexes(_connect(db_url))
    assert named <= set(before)
    # Stop the child right after its commit: the indexes built later are not there yet.
    monkeypatch.setattr(deferred_indexes, "build", lambda db: 0)
    fields = ("Siti Aminah", "1985-08-17", "P", "Jl. Mulawarman", None, None, None)
    rows = [(f"64720157088500{n:02d}", (*fields, "Nelayan", "", None, "BPU", "")) for n in range(5)]
    _child_import(db_url, rows)

    db = _connect(db_url)
    after_commit = _indexes(db)
    missing = named - set(after_commit)
    assert not missing, f"queries name indexes a bulk import builds only later: {missing}"
    assert set(after_commit) < set(before)  # some really were left for later
    assert db.execute("SELECT count(*) FROM worker").fetchone()[0] == 5
    # What was left for later is recorded, and building it restores every index.
    monkeypatch.undo()
    assert deferred_indexes.build(db) > 0
    assert _indexes(db) == before
    db.close()


# --- cache size -------------------------------------------------------------------------------


def test_cache_size_is_set_inside_and_restored_after(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    db.execute("PRAGMA cache_size=-3000")
    with sqlite_bulk.cache_size(db, 65536):
        assert _cache(db) == -65536
    assert _cache(db) == -3000


def test_cache_size_is_restored_after_an_exception(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    db.execute("PRAGMA cache_size=-3000")
    with pytest.raises(RuntimeError, match="mid-import"), sqlite_bulk.cache_size(db, 65536):
        assert _cache(db) == -65536
        raise RuntimeError("mid-import")
    assert _cache(db) == -3000


def test_cache_size_is_restored_after_a_failed_statement_in_a_transaction(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    db.execute("CREATE TABLE t (a INTEGER UNIQUE)")
    db.execute("PRAGMA cache_size=500")  # pages, not KiB: restored as it was written
    with pytest.raises(sqlite3.IntegrityError), sqlite_bulk.cache_size(db, 1024):
        db.execute("BEGIN")
        db.executemany("INSERT INTO t VALUES (?)", [(1,), (1,)])
    assert db.in_transaction
    assert _cache(db) == 500
    db.execute("ROLLBACK")


def test_a_connection_closed_inside_the_block_does_not_hide_the_error(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    with pytest.raises(KeyError), sqlite_bulk.cache_size(db, 1024):
        db.close()
        raise KeyError("the real failure")


# --- indexes and triggers ---------------------------------------------------------------------


def test_unique_indexes_are_kept_unless_asked_for(db_url: str) -> None:
    db = _connect(db_url)
    db.execute("BEGIN")
    db.execute('CREATE UNIQUE INDEX "ix_t_unique" ON worker (kpj)')
    secondary = {n for n, _ in sqlite_bulk.droppable_indexes(db, "worker")}
    every = {n for n, _ in sqlite_bulk.droppable_indexes(db, "worker", unique=True)}
    assert "ix_t_unique" not in secondary
    assert every == secondary | {"ix_t_unique"}
    # Automatic indexes (the NIK's UNIQUE constraint, the primary key) are never listed.
    automatic = {n for n, sql in _indexes(db).items() if sql is None}
    assert automatic and not automatic & every
    db.execute("ROLLBACK")


def test_dropped_indexes_are_rebuilt_now_or_deferred(db_url: str) -> None:
    db = _connect(db_url)
    before = _indexes(db)
    db.execute("BEGIN IMMEDIATE")
    dropped = sqlite_bulk.drop_indexes(db, "worker")
    assert dropped and not {n for n, _ in dropped} & set(_indexes(db))
    later = sqlite_bulk.rebuild_indexes(db, dropped, now={"ix_worker_sort_name"})
    assert len(later) == len(dropped) - 1
    db.execute("COMMIT")
    assert set(_indexes(db)) == {n for n, s in before.items() if s is None} | {
        "ix_worker_sort_name"
    }
    assert deferred_indexes.build(db) == len(later)
    assert _indexes(db) == before

    db.execute("BEGIN IMMEDIATE")
    assert sqlite_bulk.rebuild_indexes(db, sqlite_bulk.drop_indexes(db, "worker")) == []
    db.execute("COMMIT")
    assert _indexes(db) == before
    assert deferred_indexes.build(db) == 0  # nothing was deferred


def test_a_rollback_brings_dropped_indexes_back(db_url: str) -> None:
    db = _connect(db_url)
    before = _indexes(db)
    db.execute("BEGIN IMMEDIATE")
    sqlite_bulk.drop_indexes(db, "worker", unique=True)
    db.execute("ROLLBACK")
    assert _indexes(db) == before


def test_trigger_set_aside_and_restored(db_url: str) -> None:
    db = _connect(db_url)
    db.execute("BEGIN IMMEDIATE")
    ddl = sqlite_bulk.set_aside_trigger(db, "worker_fts_ai")
    assert ddl is not None and ddl.startswith("CREATE TRIGGER")
    assert sqlite_bulk.set_aside_trigger(db, "worker_fts_ai") is None  # gone
    db.execute(ddl)
    db.execute("COMMIT")
    found = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'worker_fts_ai'")
    assert found.fetchone()[0] == 1


def test_sql_literal_quotes_and_nulls() -> None:
    assert sqlite_bulk.sql_literal(None) == "NULL"
    assert sqlite_bulk.sql_literal("Ma'ruf\\") == "'Ma''ruf\\'"
