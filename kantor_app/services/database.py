"""Opening a database the way every entry point must: migrated and seeded."""

from __future__ import annotations

import logging

from kantor_app.services.reference.seed import ensure_reference_data
from kantor_app.store import deferred_indexes
from kantor_app.store.engine import Database, resolve_url, sqlite_path
from kantor_app.store.migrate import upgrade

log = logging.getLogger(__name__)


def open_database(url: str | None = None, *, demo: bool = False, migrate: bool = True) -> Database:
    """Open `url` (or the configured default), bring its schema up to date.

    A SQLite file is backed up before any migration runs.
    """
    db = Database(resolve_url(url, demo=demo))
    database = sqlite_path(db.url) if db.is_sqlite else None
    if database is not None:
        built = deferred_indexes.build_pending(database)
        if built:
            log.info("finished %d indexes an interrupted import left to build", built)
    if migrate:
        backup = upgrade(db.engine)
        if backup is not None:
            log.info("backup before migration: %s", backup)
        # Rates, holidays, UMK and branch settings: seeded once, then the branch's to edit.
        with db.transaction() as session:
            ensure_reference_data(session)
    return db
