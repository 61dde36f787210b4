"""The roster as a paged table reads it: counts, page keys, anchors and rows.

The table model asks for a page at a time as the view scrolls; this owns the
session each read runs in, so the model calls services only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from kantor_app.services.roster.filters import RosterFilter
from kantor_app.services.roster.paging import anchor_keys, count_workers, page_keys
from kantor_app.services.roster.rows import WorkerRow, fetch_rows
from kantor_app.services.roster.sorting import Key, RosterSort
from kantor_app.store.engine import Database

# SQLite's default 2 MB page cache is small for a million-row roster: 16 MB
# keeps the upper index levels and recent pages hot (negative: in KiB).
TABLE_CACHE_KIB = 16384


class RosterPages:
    """Reads of the roster within one session (one page and the anchors it needs)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def count(self, f: RosterFilter) -> int:
        return count_workers(self._session, f)

    def page_keys(
        self, f: RosterFilter, sort: RosterSort, after: Key | None, limit: int, *, skip: int = 0
    ) -> list[Key]:
        return page_keys(self._session, f, sort, after, limit, skip=skip)

    def anchor_keys(
        self, f: RosterFilter, sort: RosterSort, after: Key | None, span: int, step: int
    ) -> list[Key]:
        return anchor_keys(self._session, f, sort, after, span, step)

    def fetch_rows(self, ids: Sequence[uuid.UUID]) -> list[WorkerRow]:
        return fetch_rows(self._session, ids)


class RosterPageReader:
    """Opens a session per read of the roster table, with a page cache sized for it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @contextmanager
    def open(self) -> Iterator[RosterPages]:
        with self._db.session() as session:
            if self._db.is_sqlite:
                session.execute(text(f"PRAGMA cache_size=-{TABLE_CACHE_KIB}"))
            yield RosterPages(session)

    def count(self, f: RosterFilter) -> int:
        with self.open() as pages:
            return pages.count(f)
