"""Consistent copies of a SQLite database, using SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from kantor_app import paths
from kantor_app.store.engine import sqlite_path


def backup_sqlite(engine: Engine, *, reason: str, target_dir: Path | None = None) -> Path:
    """Copy the live database (WAL included) to a timestamped file and return it."""
    source = sqlite_path(engine.url)
    if source is None:
        raise ValueError("only a SQLite file can be backed up this way")
    folder = target_dir or paths.backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{source.stem}-{stamp}-{reason}.db"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    return target
