"""Schema upgrades at start-up, after a backup of a SQLite file.

A migration runs in one transaction on both engines (SQLite and PostgreSQL
have transactional DDL), so a failed upgrade leaves the database as it was.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, inspect

from kantor_app.store.backup import backup_sqlite
from kantor_app.store.errors import StoreError, StoreErrorCode

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def _scripts() -> ScriptDirectory:
    """The migration scripts, read once: Alembic compiles every file each time it reads them."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine, *, revision: str = "head", backup: bool = True) -> Path | None:
    """Bring the schema to `revision`; returns the backup file made first, if any."""
    current = current_revision(engine)
    script = _scripts()
    if current is not None and not _known(script, current):
        raise StoreError(
            "Basis data ini dibuat oleh versi Kantor yang lebih baru "
            f"(revisi {current}). Perbarui aplikasi sebelum membukanya.",
            StoreErrorCode.NEWER_SCHEMA,
        )
    if current == head_revision() and revision == "head":
        return None
    backup_file = None
    if backup and current is not None and engine.dialect.name == "sqlite":
        backup_file = backup_sqlite(engine, reason=f"sebelum-migrasi-{current}")
    elif current is None and engine.dialect.name == "sqlite" and _has_tables(engine):
        raise StoreError(
            "Berkas ini bukan basis data Kantor: berisi tabel lain.", StoreErrorCode.NOT_KANTOR
        )
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    return backup_file


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())
