"""Pages of a one-word name search that matches many workers (SQLite, name order).

The word index finds matches in NIK order, so a page in name order would look
up and sort every match: 18,000 for "Budi" in a million. Instead:

- when few names have the word after their first word, the page merges the
  names that begin with it (a range of the name index, in order) with those
  few, found as "word, but not as the first word" in FTS5;
- else the word is common inside names, and walking the name index in order
  testing each name finds a page after a few entries. A walk that outlasts a
  short budget (the matches lie far along) is cut off.
"""

from __future__ import annotations

import time

from sqlalchemy import select, text, union_all
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from kantor_app.services.roster.filters import (
    RosterFilter,
    fts_nik_matches,
    fts_query,
    like_words,
    name_prefix_condition,
    only_words,
)
from kantor_app.services.roster.sorting import (
    Key,
    RosterSort,
    SortColumn,
    dialect_of,
    keyset_select,
)
from kantor_app.store.models import Worker

# A one-word name search matching more workers than this finds its pages in
# name order without sorting every match (see dense_word_page); a walk of
# the name index gives up after DENSE_WALK_SECONDS.
DENSE_WORD_MATCHES = 3000
DENSE_WALK_SECONDS = 0.025
DENSE_WALK_CHECK_STEPS = 5000  # SQLite VM steps between looks at the clock


def fts_count(session: Session, query: str) -> int:
    found = session.execute(
        text("SELECT count(*) FROM worker_fts WHERE worker_fts MATCH :fts"), {"fts": query}
    ).scalar_one()
    return int(found)


def dense_word_page(
    session: Session, f: RosterFilter, sort: RosterSort, after: Key | None, limit: int, skip: int
) -> list[Key] | None:
    """A page by merging or walking (see the module docstring).

    None when this does not apply (several words, other filters or sorts,
    PostgreSQL, few matches) or the walk was cut off: the caller then sorts
    the word index's matches.
    """
    if sort.column is not SortColumn.NAME or dialect_of(session) != "sqlite":
        return None
    words = only_words(f)
    # One word only: several words rarely match many, and counting them in
    # the word index costs as much as finding the page. (The word index has
    # one row per worker, so its count is the roster's count for this filter.)
    if (
        words is None
        or len(words) > 1
        or fts_count(session, fts_query(words)) <= DENSE_WORD_MATCHES
    ):
        return None
    word = words[0]
    later = f'"{word}"* NOT ^"{word}"*'
    if fts_count(session, later) <= DENSE_WORD_MATCHES:
        return _first_word_merge_page(session, f, sort, after, limit, skip, word, later)
    return _walk_page(session, f, sort, after, limit, skip, words)


def _first_word_merge_page(
    session: Session,
    f: RosterFilter,
    sort: RosterSort,
    after: Key | None,
    limit: int,
    skip: int,
    word: str,
    later: str,
) -> list[Key]:
    branches = []
    for condition, index in (
        # Indexes of migrations 0002 and 0003, both (name_key, id) at hand.
        (name_prefix_condition(word), "ix_worker_sort_name"),
        (Worker.nik.in_(fts_nik_matches(later)), "ix_worker_nik_cover"),
    ):
        query, _ = keyset_select(session, f, sort, after, [condition])
        query = query.with_hint(Worker, f"INDEXED BY {index}", "sqlite")
        branches.append(select(query.limit(limit + skip).subquery()))
    merged = union_all(*branches).subquery()
    columns = list(merged.c)
    order = [c.desc() for c in columns] if sort.descending else columns
    page = select(*columns).order_by(*order).limit(limit).offset(skip)
    return [tuple(row) for row in session.execute(page)]


def _walk_page(
    session: Session,
    f: RosterFilter,
    sort: RosterSort,
    after: Key | None,
    limit: int,
    skip: int,
    words: list[str],
) -> list[Key] | None:
    query, _ = keyset_select(session, f, sort, after, [like_words(words)])
    # ix_worker_sort_name (migration 0002) is (name_key, id): the walk never reads the table.
    query = query.with_hint(Worker, "INDEXED BY ix_worker_sort_name", "sqlite").limit(limit)
    if skip:
        query = query.offset(skip)
    raw = session.connection().connection.driver_connection
    assert raw is not None
    deadline = time.perf_counter() + DENSE_WALK_SECONDS
    raw.set_progress_handler(lambda: time.perf_counter() > deadline, DENSE_WALK_CHECK_STEPS)
    try:
        return [tuple(row) for row in session.execute(query)]
    except OperationalError as exc:
        if "interrupt" not in str(exc.orig):
            raise
        return None
    finally:
        raw.set_progress_handler(None, 0)
