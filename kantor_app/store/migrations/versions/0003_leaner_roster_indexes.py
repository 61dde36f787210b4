"""leaner roster indexes: no plain name_key index, FTS5 without prefix indexes; NIK cover

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

A large roster import rebuilds every secondary index of `worker` and the FTS5
table before its commit, while the user waits; each one left out is time
saved on every import.

- `ix_worker_name_key` duplicated the front of `ix_worker_sort_name`
  (name_key, id), which serves the same name-prefix ranges.
- FTS5's `prefix='2 3'` kept two extra indexes for 2- and 3-letter prefixes.
  On a million names word-prefix queries without them take 5-30 ms either
  way, while building the index costs a third less.
- `columnsize=0`: FTS5 no longer stores each name's token count, which only
  ranking (bm25) reads; the roster filters and never ranks.

SQLite also gets `ix_worker_nik_cover` (nik, name_key, id): a name search
finds its matches in the FTS5 table as NIKs and needs each one's sort key;
from this index that is one lookup instead of two (index, then table row),
which halves the first page of a common name ("Budi": 18,000 of a million).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"
_LEAN_FTS = f"columnsize=0, {_TOKENIZE}"
# The triggers of 0002 are kept: they refer to the table by name only.
_FTS_TRIGGERS = ("worker_fts_ai", "worker_fts_ad", "worker_fts_au")


def _rebuild_fts(options: str) -> None:
    triggers = [
        row[0]
        for row in op.get_bind().exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type='trigger' "
            "AND name IN ('worker_fts_ai', 'worker_fts_ad', 'worker_fts_au')"
        )
    ]
    for name in _FTS_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS worker_fts")
    op.execute(f"CREATE VIRTUAL TABLE worker_fts USING fts5(name_key, content='', {options})")
    op.execute(
        "INSERT INTO worker_fts(rowid, name_key) SELECT CAST(nik AS INTEGER), name_key FROM worker"
    )
    for ddl in triggers:
        op.execute(ddl)


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_worker_name_key")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_fts(_LEAN_FTS)
        op.execute("CREATE INDEX ix_worker_nik_cover ON worker (nik, name_key, id)")


def downgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_worker_name_key ON worker (name_key)")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_worker_nik_cover")
        _rebuild_fts(f"prefix='2 3', {_TOKENIZE}")
