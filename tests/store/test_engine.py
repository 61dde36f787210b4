from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kantor_app import paths
from kantor_app.store.engine import Database, display_location, resolve_url
from kantor_app.store.models import Worker


def test_resolve_url_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_url() == f"sqlite:///{paths.default_db_path()}"
    assert resolve_url(demo=True) == f"sqlite:///{paths.demo_db_path()}"
    assert paths.demo_db_path() != paths.default_db_path()
    monkeypatch.setenv("KANTOR_DB", "postgresql+psycopg://u:p@h/db")
    assert resolve_url() == "postgresql+psycopg://u:p@h/db"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    assert resolve_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"


def test_default_files_live_under_kantor_home(kantor_home: Path) -> None:
    assert paths.default_db_path().is_relative_to(kantor_home)
    assert paths.backup_dir().is_relative_to(kantor_home)


def test_display_location_hides_password() -> None:
    shown = display_location("postgresql+psycopg://staff:rahasia@server/kantor")
    assert "rahasia" not in shown
    assert "server/kantor" in shown


def test_sqlite_runs_wal_with_foreign_keys(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_foreign_keys_are_enforced(any_db: Database) -> None:
    with pytest.raises(IntegrityError), any_db.transaction() as session:
        session.add(
            Worker(nik="6472015708850001", name="Siti", name_key="SITI", regency_code="99.99")
        )


def test_device_id_is_stable_and_stamped(any_db: Database) -> None:
    assert paths.device_id() == paths.device_id()
    with any_db.transaction() as session:
        worker = Worker(
            nik="6472015708850001", name="Siti Aminah", name_key="SITI AMINAH", regency_code="64.72"
        )
        session.add(worker)
    with any_db.session() as session:
        stored = session.get(Worker, worker.id)
        assert stored is not None
        assert stored.device_id == any_db.device_id
        assert stored.created_at.tzinfo is not None
