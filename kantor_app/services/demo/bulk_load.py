"""The demo's own SQLite bulk-load helpers: a large page cache and indexes rebuilt after.

Both are meant to be replaced by the shared SQLite bulk toolkit in
`kantor_app.store.sqlite_bulk` once it exists; they are kept here, together
and nowhere else, so that swap touches one module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection


@contextmanager
def big_sqlite_cache(conn: Connection, is_sqlite: bool) -> Iterator[None]:
    """Give SQLite a large page cache while the indexes of 100,000 rows are built.

    With the default 2 MB cache, index pages are evicted and re-read
    constantly; the connection goes back to the pool with its old setting.
    """
    if not is_sqlite:
        yield
        return
    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size=-262144")  # KiB: at most 256 MB, used as needed
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(previous or -2000)}")


@contextmanager
def indexes_built_after(conn: Connection, table: str, *, enabled: bool) -> Iterator[None]:
    """Drop a SQLite table's secondary indexes, insert, then create them again.

    Building an index once over sorted rows is several times faster than
    updating ten indexes row by row. The indexes are read back from
    sqlite_master, so ones added by later migrations are kept too; DDL is
    transactional in SQLite, so a failure or cancel restores them.
    """
    if not enabled:
        yield
        return
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).all()
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.exec_driver_sql(sql)
