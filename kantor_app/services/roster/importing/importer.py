"""Importing a roster workbook: preview, validate, upsert by NIK, report rejects.

Two steps for the GUI: ``preview_roster`` (sheets, header row, the column
mapping and the first rows, for the user to check and correct) and
``import_roster`` (everything else). The CLI calls the same two.

Speed matters (100,000-row files from provincial agencies): rows stream from
calamine through a per-column plan of small functions; values that repeat
(gender, region names) are resolved once per distinct text; existing workers
are fetched per chunk of NIKs, and new ones go in with Core ``executemany``,
never as ORM objects. Every write happens in one transaction, so a crash, a
kill or Cancel leaves the database as it was.

The jobs live beside this module: preview (the first step), row_checker and
region_lookup (one row to a record or a rejection), routing (the order rows
are judged in), writer and child_writer (in process or in a child), result.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Table, select

from kantor_app.domain.textnorm import fold, name_key
from kantor_app.domain.wilayah import RegionTable
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.roster.importing.bulk_writer import (
    BulkWriterProcess,
    child_writer_allowed,
)
from kantor_app.services.roster.importing.cells import REJECTION_MESSAGES
from kantor_app.services.roster.importing.child_writer import ChildWriter
from kantor_app.services.roster.importing.columns import (
    FIELD_LABELS,
    ColumnMapping,
    HeaderMatch,
)
from kantor_app.services.roster.importing.preview import (
    default_regions,
    locate_sheet,
    preview_roster,
)
from kantor_app.services.roster.importing.result import ImportResult, RosterPreview
from kantor_app.services.roster.importing.routing import RowRouter, data_rows
from kantor_app.services.roster.importing.row_checker import RowChecker
from kantor_app.services.roster.importing.writer import Writer
from kantor_app.services.spreadsheets.cell_text import cell_text
from kantor_app.services.spreadsheets.error_workbook import save_error_workbook
from kantor_app.services.spreadsheets.headers import HEADER_SEARCH_ROWS
from kantor_app.services.spreadsheets.reader import Cell, SheetRows, open_workbook
from kantor_app.store import sqlite_bulk
from kantor_app.store.engine import Database, sqlite_path
from kantor_app.store.models import FundingProgram

__all__ = [
    "REJECTION_MESSAGES",
    "ColumnMapping",
    "ImportResult",
    "RosterPreview",
    "import_roster",
    "name_key",
    "preview_roster",
]

log = logging.getLogger(__name__)

_PROGRAM = cast(Table, FundingProgram.__table__)

Progress = Callable[[int, int, str], None]

PROGRESS_EVERY = 1000
SQLITE_IMPORT_CACHE_KB = sqlite_bulk.IMPORT_CACHE_KIB
# Large imports into an empty SQLite roster insert in a child process (see
# bulk_child), overlapping SQLite's work with reading and checking.
# The file size decides whether to start it early (while the sheet loads);
# the row count and mapping then decide whether it is used.
CHILD_WRITER_MIN_BYTES = 1_500_000
CHILD_WRITER_MIN_ROWS = 20_000
CHILD_SEND_ROWS = 2000


@dataclass(frozen=True)
class _Plan:
    """What the sheet and the mapping decided before any row is read."""

    rows: SheetRows
    head: list[list[Cell]]
    header_index: int  # -1 when the caller's mapping stands without a header
    mapping: ColumnMapping
    headers: list[str]
    width: int

    @property
    def expected_rows(self) -> int:
        return self.rows.total_rows - self.header_index - 1


def import_roster(
    db: Database,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    dry_run: bool = False,
    source_label: str | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
    report_path: Path | None = None,
    regions: RegionTable | None = None,
) -> ImportResult:
    """Validate and upsert the roster in ``path``; all accepted rows in one transaction.

    ``mapping`` overrides the detected header mapping (the header row is still
    the detected one). Rejected rows go to an error workbook (``report_path``,
    else "<stem>-ditolak.xlsx" next to the file). Raises ServiceError when the
    file cannot be read, Cancelled when ``is_cancelled`` turns true.
    """
    file = Path(path)
    with _early_writer(db, file, dry_run) as early, open_workbook(file) as book:
        plan = _plan(file, *locate_sheet(book, sheet), mapping)
        result = ImportResult(
            file=file,
            sheet=plan.rows.name,
            header_row=plan.header_index + 1,
            dry_run=dry_run,
        )
        log.info("import roster: sheet %r, %d rows", plan.rows.name, plan.rows.total_rows)
        child = _child_if_worth_it(early, plan)
        run = _Run(db, plan, result, source_label or file.name, dry_run, child)
        router = run.rows(
            today or date.today(), regions or default_regions(), progress, is_cancelled
        )
        if progress is not None:
            progress(plan.rows.total_rows, plan.rows.total_rows, "Selesai")

    if router.report is not None:
        result.error_report = save_error_workbook(
            router.report, report_path, file, keep_existing=dry_run
        )
    log.info(
        "import roster done: %d imported, %d updated, %d unchanged, %d rejected%s",
        result.imported,
        result.updated,
        result.unchanged,
        result.rejected,
        " (dry run)" if dry_run else "",
    )
    return result


def _plan(
    file: Path,
    rows: SheetRows,
    head: list[list[Cell]],
    match: HeaderMatch | None,
    mapping: ColumnMapping | None,
) -> _Plan:
    """The header and the mapping to use; ServiceError when the required columns are missing."""
    if match is None and mapping is None:
        raise ServiceError(
            "Lembar '{sheet}' di berkas '{file}': baris judul kolom "
            "(NIK, Nama, ...) tidak ditemukan dalam {rows} baris pertama.",
            code="header_row_not_found",
            sheet=rows.name,
            file=file.name,
            rows=HEADER_SEARCH_ROWS,
        )
    header_index = match.row_index if match is not None else -1
    if mapping is not None:
        used = mapping
    else:
        assert match is not None
        used = match.mapping
    missing = used.missing_required()
    if missing:
        names = ", ".join(FIELD_LABELS[m] for m in missing)
        raise ServiceError(
            "Lembar '{sheet}' di berkas '{file}': kolom wajib {columns} "
            "tidak ditemukan. Pilih kolomnya di pemetaan kolom.",
            code="required_columns_missing",
            sheet=rows.name,
            file=file.name,
            columns=names,
        )
    headers = [cell_text(c).strip() for c in head[header_index]] if header_index >= 0 else []
    width = max(rows.width, *(c + 1 for c in used.columns.values()))
    return _Plan(rows, head, header_index, used, headers, width)


def _child_if_worth_it(child: BulkWriterProcess | None, plan: _Plan) -> BulkWriterProcess | None:
    """The early-started writer process if this import can use it; else it is closed."""
    if child is not None and (
        plan.expected_rows < CHILD_WRITER_MIN_ROWS
        or "funding_program" in plan.mapping.columns
        or not child.ready()
    ):
        # Small file, program memberships to link, or workers already in
        # the table (updates need lookups): the in-process path.
        child.close()
        return None
    return child


@dataclass
class _Run:
    """One import's reading, checking and writing, inside one transaction."""

    db: Database
    plan: _Plan
    result: ImportResult
    source: str
    dry_run: bool
    child: BulkWriterProcess | None

    def rows(
        self,
        today: date,
        regions: RegionTable,
        progress: Progress | None,
        is_cancelled: Callable[[], bool] | None,
    ) -> RowRouter:
        """Check and write every row; the router, which holds the error workbook if any."""
        db, plan = self.db, self.plan
        in_process = self.child is None
        with db.engine.connect() as conn:
            if db.is_sqlite and not self.dry_run and in_process:
                # Take the write lock at once: a reader upgraded late could fail
                # with "database is locked" after minutes of work.
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            raw = conn.connection.driver_connection if db.is_sqlite and in_process else None
            with _larger_cache(raw), conn.begin() as transaction:
                checker = RowChecker(plan.mapping, plan.headers, regions, _programs(conn), today)
                router = RowRouter(
                    checker,
                    self._writer(conn),
                    self.result,
                    plan.headers,
                    plan.width,
                    plan.header_index,
                )
                total = plan.rows.total_rows
                for excel_row, row in data_rows(plan.rows, plan.head, plan.header_index):
                    if excel_row % PROGRESS_EVERY == 0:
                        if is_cancelled is not None and is_cancelled():
                            raise Cancelled()
                        if progress is not None:
                            progress(excel_row, total, "Memeriksa dan menyimpan baris")
                    router.take(excel_row, row)
                router.finish()
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled()
                router.writer.finish()
                if self.dry_run:
                    transaction.rollback()
        return router

    def _writer(self, conn: Connection) -> Writer | ChildWriter:
        if self.child is not None:
            return ChildWriter(
                self.child, self.result, self.source, self.db.device_id, CHILD_SEND_ROWS
            )
        return Writer(
            conn,
            self.db,
            self.result,
            self.source,
            self.dry_run,
            expected_rows=self.plan.expected_rows,
        )


def _programs(conn: Connection) -> dict[str, uuid.UUID]:
    table = _PROGRAM
    return {
        fold(name): program_id
        for program_id, name in conn.execute(select(table.c.id, table.c.name)).tuples()
    }


def _larger_cache(raw: Any | None) -> contextlib.AbstractContextManager[None]:
    """More SQLite page cache for the import (restored afterwards, also on failure)."""
    if raw is None:
        return contextlib.nullcontext()
    return sqlite_bulk.cache_size(raw, SQLITE_IMPORT_CACHE_KB)


@contextmanager
def _early_writer(db: Database, file: Path, dry_run: bool) -> Iterator[BulkWriterProcess | None]:
    """A writer process for a large SQLite import, ended (rolled back) unless it committed.

    Started before the sheet is parsed, so that its start-up overlaps that;
    the import may still decide not to use it (and close it).
    """
    child: BulkWriterProcess | None = None
    database = sqlite_path(db.url) if db.is_sqlite else None
    if (
        database is not None
        and not dry_run
        and child_writer_allowed()
        and _size(file) >= CHILD_WRITER_MIN_BYTES
    ):
        child = BulkWriterProcess(database, SQLITE_IMPORT_CACHE_KB)
    try:
        yield child
    finally:
        if child is not None and not child.finished:
            child.close()  # rolls back whatever it inserted


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0  # open_workbook says what is wrong with the file
