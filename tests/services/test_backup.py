from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from kantor_app.services.backup import backup_to
from kantor_app.services.errors import ServiceError
from kantor_app.store.engine import Database, sqlite_path
from kantor_app.store.models import Worker


def _add_worker(db: Database, nik: str) -> None:
    with db.transaction() as session:
        session.add(Worker(nik=nik, name="Rahmat", name_key="RAHMAT", regency_code="64.72"))


def test_backup_is_a_consistent_copy(db: Database, tmp_path: Path) -> None:
    _add_worker(db, "6472010101900001")
    target = backup_to(db, tmp_path / "out" / "cadangan.db")
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT nik FROM worker").fetchall() == [("6472010101900001",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not list(target.parent.glob("*.sebagian"))


def test_backup_refuses_to_overwrite_the_open_database(db: Database) -> None:
    source = sqlite_path(db.url)
    assert source is not None
    with pytest.raises(ServiceError, match="tidak boleh sama"):
        backup_to(db, source)


def test_database_errors_do_not_carry_personal_data(db: Database) -> None:
    _add_worker(db, "6472010101900001")
    with pytest.raises(IntegrityError) as caught:
        _add_worker(db, "6472010101900001")
    assert "6472010101900001" not in str(caught.value)
