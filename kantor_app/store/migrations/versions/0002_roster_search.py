"""roster search: sort indexes, name word search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

Indexes serve the roster tab's keyset paging: each sortable column has an
index that ends in the same columns as the ORDER BY (sort value, then
name_key and/or id as tie-breakers), so the first page of any indexed sort
reads a hundred index entries instead of sorting a million rows.

Nullable sort columns are sorted through `coalesce(col, <sentinel>)` so that a
keyset comparison never meets NULL; the index is on that same expression.

SQLite: a contentless FTS5 table over `worker.name_key` finds words inside
names. Its rowid is the NIK as an integer (a NIK never starts with 0 and never
changes), not worker's implicit rowid: a VACUUM may renumber implicit rowids
and an index keyed by them would silently point at other people.

PostgreSQL: `varchar_pattern_ops` on name_key serves `LIKE 'ABC%'`, and when
the server offers pg_trgm a trigram index serves words inside names.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Keep in step with kantor_app/services/roster/query.py (_sort_exprs).
SQLITE_BIRTH_SENTINEL = "''"
PG_BIRTH_SENTINEL = "DATE '0001-01-01'"

FTS_TRIGGERS = {
    "worker_fts_ai": """
        CREATE TRIGGER worker_fts_ai AFTER INSERT ON worker BEGIN
            INSERT INTO worker_fts(rowid, name_key)
            VALUES (CAST(new.nik AS INTEGER), new.name_key);
        END""",
    "worker_fts_ad": """
        CREATE TRIGGER worker_fts_ad AFTER DELETE ON worker BEGIN
            INSERT INTO worker_fts(worker_fts, rowid, name_key)
            VALUES ('delete', CAST(old.nik AS INTEGER), old.name_key);
        END""",
    "worker_fts_au": """
        CREATE TRIGGER worker_fts_au AFTER UPDATE OF nik, name_key ON worker BEGIN
            INSERT INTO worker_fts(worker_fts, rowid, name_key)
            VALUES ('delete', CAST(old.nik AS INTEGER), old.name_key);
            INSERT INTO worker_fts(rowid, name_key)
            VALUES (CAST(new.nik AS INTEGER), new.name_key);
        END""",
}


def _sort_indexes(dialect: str) -> dict[str, str]:
    birth = PG_BIRTH_SENTINEL if dialect == "postgresql" else SQLITE_BIRTH_SENTINEL
    return {
        "ix_worker_sort_name": "worker (name_key, id)",
        "ix_worker_sort_birth": f"worker ((coalesce(birth_date, {birth})), id)",
        "ix_worker_sort_regency": "worker ((coalesce(regency_code, '')), name_key, id)",
        "ix_worker_sort_district": "worker ((coalesce(district_code, '')), name_key, id)",
    }


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    for name, target in _sort_indexes(dialect).items():
        op.execute(f"CREATE INDEX {name} ON {target}")
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE worker_fts USING fts5("
            "name_key, content='', prefix='2 3', tokenize='unicode61 remove_diacritics 2')"
        )
        for ddl in FTS_TRIGGERS.values():
            op.execute(ddl)
        op.execute(
            "INSERT INTO worker_fts(rowid, name_key) "
            "SELECT CAST(nik AS INTEGER), name_key FROM worker"
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_worker_name_key_pattern ON worker (name_key varchar_pattern_ops)"
        )
        if _pg_trgm_available(bind):
            op.execute(
                "CREATE INDEX ix_worker_name_key_trgm ON worker "
                "USING gin (name_key gin_trgm_ops)"
            )


def _pg_trgm_available(bind: sa.Connection) -> bool:
    """Install pg_trgm when the server ships it and we may; never fail the migration."""
    installed = bind.execute(
        sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    ).scalar()
    if installed:
        return True
    offered = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).scalar()
    if not offered:
        return False
    # A failed CREATE EXTENSION (no privilege) would abort the whole
    # transaction; a savepoint keeps the rest of the migration alive.
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return False
    return True


def downgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "sqlite":
        for name in FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS worker_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_worker_name_key_trgm")
        op.execute("DROP INDEX IF EXISTS ix_worker_name_key_pattern")
    for name in _sort_indexes(dialect):
        op.execute(f"DROP INDEX IF EXISTS {name}")
