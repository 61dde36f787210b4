"""Where Kantor keeps its files. The only module that knows the folders.

`KANTOR_HOME` (or `set_base_dir`) moves everything under one folder, so
tests and portable installs never touch the user's real data.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "Kantor"
APP_AUTHOR = "BPJSTK"

_base_override: Path | None = None


def set_base_dir(path: Path | None) -> None:
    global _base_override
    _base_override = path


def _base() -> Path | None:
    if _base_override is not None:
        return _base_override
    env = os.environ.get("KANTOR_HOME")
    return Path(env) if env else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    base = _base()
    return _ensure(base / "data" if base else Path(user_data_dir(APP_NAME, APP_AUTHOR)))


def config_dir() -> Path:
    base = _base()
    return _ensure(base / "config" if base else Path(user_config_dir(APP_NAME, APP_AUTHOR)))


def backup_dir() -> Path:
    return _ensure(data_dir() / "backups")


def default_db_path() -> Path:
    return data_dir() / "kantor.db"


def demo_db_path() -> Path:
    """The demo branch lives in its own file so trying the app never touches real data."""
    return data_dir() / "kantor-demo.db"


def device_id() -> str:
    """A stable id for this installation, written into every record it changes."""
    path = config_dir() / "device_id"
    try:
        value = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        value = ""
    if len(value) != 32:
        value = uuid.uuid4().hex
        path.write_text(value, encoding="ascii")
    return value
