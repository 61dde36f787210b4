"""Backups the user asks for (File → Cadangkan)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kantor_app.services.errors import ServiceError
from kantor_app.store.engine import Database, sqlite_path


def backup_to(db: Database, target: Path) -> Path:
    """Write a consistent copy of a SQLite database to `target`.

    PostgreSQL databases are backed up on the server (pg_dump), not from a PC.
    """
    source = sqlite_path(db.url)
    if source is None:
        raise ServiceError(
            "Basis data ini ada di server PostgreSQL: cadangan dibuat di server "
            "(pg_dump) oleh pengelola server, bukan dari aplikasi.",
            code="backup_on_server",
        )
    if target.resolve() == source.resolve():
        raise ServiceError(
            "Berkas cadangan tidak boleh sama dengan basis data yang sedang dibuka.",
            code="backup_onto_database",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".sebagian")
    try:
        src = sqlite3.connect(source)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ServiceError(
            "Cadangan gagal ditulis ke {target}: {reason}",
            code="backup_unwritable",
            target=target,
            reason=exc.strerror or str(exc),
        ) from exc
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise ServiceError(
            "Cadangan gagal: {reason}", code="backup_failed", reason=str(exc)
        ) from exc
    return target
