"""The roster import's writer process: its database failures, and the switch that turns it off."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from kantor_app.services.roster.importing import importer as roster_import
from kantor_app.services.roster.importing.bulk_writer import (
    WRITER_ENV,
    BulkWriterProcess,
    child_writer_allowed,
)
from kantor_app.store.engine import Database, sqlite_path
from kantor_app.store.errors import StoreError, StoreErrorCode
from kantor_app.store.models import Worker


def _path(db_url: str) -> Path:
    path = sqlite_path(db_url)
    assert path is not None
    return path


@pytest.fixture
def read_only_database(db_url: str) -> Iterator[Path]:
    """The migrated database made unwritable: by its mode, or for root by the immutable bit."""
    path = _path(db_url)
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield path
        path.chmod(0o644)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("running as root on a file system without chattr +i")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def _ready(path: Path) -> BulkWriterProcess:
    child = BulkWriterProcess(path, busy_ms=0)
    try:
        child.ready()
    finally:
        child.close()
    return child


def test_child_meeting_a_locked_database_raises_store_error_busy(db_url: str) -> None:
    path = _path(db_url)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as caught:
            _ready(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert caught.value.code is StoreErrorCode.BUSY
    assert "dipakai proses lain" in str(caught.value)


def test_child_meeting_a_read_only_database_raises_store_error_read_only(
    read_only_database: Path,
) -> None:
    with pytest.raises(StoreError) as caught:
        _ready(read_only_database)
    assert caught.value.code is StoreErrorCode.READ_ONLY


def test_child_unable_to_open_the_file_raises_store_error_cannot_open(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        _ready(tmp_path / "tidak-ada" / "kantor.db")
    assert caught.value.code is StoreErrorCode.CANNOT_OPEN


def test_child_failing_for_another_reason_lets_the_import_run_in_process(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.db"
    sqlite3.connect(empty).close()  # no worker table: an error no StoreError describes
    child = BulkWriterProcess(empty, busy_ms=0)
    try:
        assert child.ready() is False
    finally:
        child.close()


def test_child_writer_allowed_unless_in_process_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(WRITER_ENV, raising=False)
    assert child_writer_allowed()
    monkeypatch.setenv(WRITER_ENV, "child")
    assert child_writer_allowed()
    monkeypatch.setenv(WRITER_ENV, " In-Process ")
    assert not child_writer_allowed()


def _roster(path: Path, count: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["NIK", "Nama Lengkap", "Alamat"])
    for serial in range(1, count + 1):
        born = date(1985, 8, 17)
        nik = f"647201{born.day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
        sheet.append([nik, f"Siti Aminah {serial}", "Jl. Mulawarman"])
    book.save(path)
    return path


@pytest.mark.parametrize(("setting", "children"), [(None, 1), ("in-process", 0)])
def test_the_switch_decides_whether_the_import_starts_a_child(
    tmp_path: Path,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    setting: str | None,
    children: int,
) -> None:
    if setting is None:
        monkeypatch.delenv(WRITER_ENV, raising=False)
    else:
        monkeypatch.setenv(WRITER_ENV, setting)
    monkeypatch.setattr(roster_import, "CHILD_WRITER_MIN_BYTES", 0)
    monkeypatch.setattr(roster_import, "CHILD_WRITER_MIN_ROWS", 0)
    started: list[Any] = []

    class Recorded(BulkWriterProcess):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            started.append(args)
            super().__init__(*args, **kwargs)

        def commit(self) -> None:
            super().commit()
            assert self.reaper is not None
            self.reaper.join(timeout=30)  # the child builds its deferred indexes first

    monkeypatch.setattr(roster_import, "BulkWriterProcess", Recorded)
    result = roster_import.import_roster(db, _roster(tmp_path / "data.xlsx", 40))
    assert len(started) == children
    assert result.imported == 40
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Worker)) == 40
