"""Every release must open the databases older releases made.

The pattern for each new migration: make a database at the previous
revision, put rows in it the way that release would, open it with the
current code, and check the rows survived and the schema is at head.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from kantor_app import paths
from kantor_app.services.database import open_database
from kantor_app.services.roster.query import RosterFilter, count_workers
from kantor_app.store.engine import Database
from kantor_app.store.errors import StoreError
from kantor_app.store.migrate import current_revision, head_revision, upgrade
from kantor_app.store.models import Region, Worker


@pytest.fixture
def any_db(engine_url: str) -> Iterator[Database]:
    """Migrated here from nothing: this module checks migrations, not a template's copy."""
    database = open_database(engine_url)
    yield database
    database.dispose()


def _insert_worker_at_0001(db: Database) -> uuid.UUID:
    worker_id = uuid.uuid4()
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO worker (id, nik, name, name_key, address, occupation, phone, "
                "segment, status, warnings, source, created_at, updated_at, device_id, "
                "regency_code) VALUES (:id, :nik, :name, :key, '', '', '', 'RENTAN', 'aktif', "
                "'', 'lama', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'old', '65.71')"
            ),
            {
                "id": worker_id.hex if db.is_sqlite else str(worker_id),
                "nik": "6571014107900003",
                "name": "Nur Aini",
                "key": "NUR AINI",
            },
        )
    return worker_id


def test_first_migration_database_opens_at_head(engine_url: str) -> None:
    old = Database(engine_url)
    upgrade(old.engine, revision="0001")
    assert current_revision(old.engine) == "0001"
    worker_id = _insert_worker_at_0001(old)
    old.dispose()

    db = open_database(engine_url)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.session() as session:
            worker = session.get(Worker, worker_id)
            assert worker is not None
            assert worker.name == "Nur Aini"
            assert session.get(Region, "65.71") is not None
    finally:
        db.dispose()


def test_0002_database_keeps_word_search_at_head(engine_url: str) -> None:
    """0003 rebuilds the SQLite FTS5 table and drops the plain name_key index."""
    old = Database(engine_url)
    upgrade(old.engine, revision="0002")
    _insert_worker_at_0001(old)  # 0002's trigger puts it into the word index
    old.dispose()

    db = open_database(engine_url)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.session() as session:
            assert count_workers(session, RosterFilter(text="aini")) == 1
            assert count_workers(session, RosterFilter(text="nur ai")) == 1
            assert count_workers(session, RosterFilter(text="amin")) == 0
        listing = (
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'worker'"
            if db.is_sqlite
            else "SELECT indexname FROM pg_indexes WHERE tablename = 'worker'"
        )
        with db.engine.connect() as conn:
            indexes = set(conn.exec_driver_sql(listing).scalars())
        assert "ix_worker_name_key" not in indexes
        assert "ix_worker_sort_name" in indexes
        if db.is_sqlite:
            with db.engine.connect() as conn:
                ddl = conn.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE name = 'worker_fts'"
                ).scalar_one()
                triggers = conn.exec_driver_sql(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                    "AND name LIKE 'worker_fts_%'"
                ).scalar_one()
            assert "prefix" not in ddl
            assert triggers == 3
            assert "ix_worker_nik_cover" in indexes
    finally:
        db.dispose()


def test_sqlite_is_backed_up_before_migrating(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'branch.db'}"
    old = Database(url)
    upgrade(old.engine, revision="0001")
    _insert_worker_at_0001(old)
    old.dispose()
    if head_revision() == "0001":
        pytest.skip("only one migration so far: nothing to back up before")
    open_database(url).dispose()
    backups = list(paths.backup_dir().glob("branch-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT count(*) FROM worker").fetchone() == (1,)


def test_fresh_database_has_regions(any_db: Database) -> None:
    with any_db.session() as session:
        levels: dict[str, int] = {
            level: count
            for level, count in session.execute(
                select(Region.level, text("count(*)")).group_by(Region.level)
            ).tuples()
        }
        assert levels["provinsi"] == 38
        assert levels["kecamatan"] == 160
        assert levels["desa"] == 1520
        tarakan_old = session.get(Region, "64.73")
        assert tarakan_old is not None and tarakan_old.historic


def test_database_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'future.db'}"
    open_database(url).dispose()
    with sqlite3.connect(tmp_path / "future.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="lebih baru"):
        open_database(url)


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="bukan basis data Kantor"):
        open_database(f"sqlite:///{other}")
