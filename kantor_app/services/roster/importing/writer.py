"""The in-process roster writer: lookups per chunk, inserts, updates, audit rows."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from kantor_app.domain.rates import (
    RENTAN_DECLARED_INCOME,
    RateTable,
    rentan_monthly_contribution,
)
from kantor_app.domain.textnorm import name_key
from kantor_app.services.audit import audit_row
from kantor_app.services.reference.seed import load_rate_table
from kantor_app.services.roster.importing.bulk_child import (
    NAME_KEY_POSITION,
    NIK_POSITION,
    insert_row,
)
from kantor_app.services.roster.importing.bulk_child import TimeOrderedIds as _TimeOrderedIds
from kantor_app.services.roster.importing.record import COMPARED, Record
from kantor_app.services.roster.importing.result import ImportResult
from kantor_app.store import sqlite_bulk
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, FundingMember, Worker

_WORKER = cast(Table, Worker.__table__)
_AUDIT = cast(Table, AuditEvent.__table__)
_MEMBER = cast(Table, FundingMember.__table__)

log = logging.getLogger(__name__)


@dataclass
class _Batch:
    """One chunk's writes, gathered before they go out as a few executemany calls."""

    inserts: list[Any] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    audits: list[dict[str, Any]] = field(default_factory=list)
    # (program, worker, declared income or None) of each membership to link.
    members: list[tuple[uuid.UUID, uuid.UUID, int | None]] = field(default_factory=list)


def _drop_worker_indexes_for_bulk(
    raw: sqlite3.Connection, table_rows: int, expected_rows: int
) -> list[tuple[str, str]]:
    """The worker table's secondary indexes dropped when a bulk load will outgrow the table.

    Sorting once to build an index beats 100,000 random inserts into each of
    the roster's eight secondary indexes; only worth it when the file is at
    least as large as the table. Rebuilt in finish(), before the commit.
    """
    if expected_rows < table_rows:
        return []
    return sqlite_bulk.drop_indexes(raw, sqlite_bulk.WORKER_TABLE)


class Writer:
    """Looks up existing workers per chunk and writes inserts, updates and audit rows."""

    def __init__(
        self,
        conn: Connection,
        db: Database,
        result: ImportResult,
        source: str,
        dry_run: bool,
        expected_rows: int = 0,
    ) -> None:
        self.conn = conn
        self.result = result
        self.source = source[:255]
        self.dry_run = dry_run
        self.now = datetime.now(UTC)
        self.device_id = db.device_id
        self.table = _WORKER
        self.ids = _TimeOrderedIds()
        self.raw_sqlite = conn.dialect.name == "sqlite"
        # SQLAlchemy's SQLite DateTime format (UtcDateTime stores UTC, no offset).
        self.stamp = self.now.strftime("%Y-%m-%d %H:%M:%S.%f")
        self.insert_sql = sqlite_bulk.worker_insert_sql(self.stamp, self.device_id, self.source)
        self.rate_table: RateTable | None = None
        self.table_was_empty = conn.execute(select(_WORKER.c.id).limit(1)).first() is None
        self.fts_rows: list[tuple[int, str]] = []
        sqlite_write = not dry_run and conn.dialect.name == "sqlite"
        # SQLite bulk tricks (store/sqlite_bulk), undone with the transaction on failure.
        self.raw: sqlite3.Connection | None = (
            cast(sqlite3.Connection, conn.connection.driver_connection) if sqlite_write else None
        )
        self.fts_trigger = (
            sqlite_bulk.set_aside_trigger(self.raw, sqlite_bulk.WORKER_FTS_TRIGGER)
            if self.raw is not None
            else None
        )
        self.dropped_indexes: list[tuple[str, str]] = []
        if self.raw is not None and expected_rows > 0:
            existing = conn.execute(text("SELECT count(*) FROM worker")).scalar_one()
            self.dropped_indexes = _drop_worker_indexes_for_bulk(self.raw, existing, expected_rows)

    def write(self, records: list[Record]) -> None:
        t = self.table
        columns = [t.c.id, t.c.nik, *(t.c[name] for name in COMPARED)]
        niks = [r.nik for r in records]
        # On a table empty before the import no NIK can exist yet (the file's
        # own repeats never get here): no lookups.
        existing = (
            {}
            if self.table_was_empty
            else {
                row.nik: row
                for row in self.conn.execute(select(*columns).where(t.c.nik.in_(niks))).mappings()
            }
        )
        batch = _Batch()
        for record in records:
            old = existing.get(record.nik)
            worker_id = (
                self._add_new(record, batch) if old is None else self._add_old(record, old, batch)
            )
            if record.program_id is not None and worker_id is not None:
                income = record.values.get("income", None if old is None else old["income"])
                batch.members.append((record.program_id, worker_id, income))
        if not self.dry_run:
            self._store(batch)
        log.debug("import: %d rows written in this chunk", len(records))

    def _add_new(self, record: Record, batch: _Batch) -> uuid.UUID | None:
        """Queue the insert of a new worker; its id when a program membership needs it."""
        number = self.ids.next_int()
        worker_id: uuid.UUID | None
        if self.raw_sqlite:
            batch.inserts.append(insert_row(f"{number:032x}", record.nik, record.fields))
            worker_id = None
        else:
            worker_id = uuid.UUID(int=number)
            batch.inserts.append(self._new_row(worker_id, record))
        if record.program_id is not None:
            worker_id = uuid.UUID(int=number)
        self.result.imported += 1
        return worker_id

    def _add_old(self, record: Record, old: Any, batch: _Batch) -> uuid.UUID:
        """Queue the update (and its audit row) of a known worker when the file changes it."""
        worker_id: uuid.UUID = old["id"]
        values = record.values
        changes = {
            key: {"lama": old[key], "baru": value}
            for key, value in values.items()
            if old[key] != value
        }
        if not changes:
            self.result.unchanged += 1
            return worker_id
        merged = {key: old[key] for key in COMPARED}
        merged.update(values)
        merged["name_key"] = name_key(merged["name"])
        row = {f"b_{key}": value for key, value in merged.items()}
        row["b_id"] = worker_id
        batch.updates.append(row)
        batch.audits.append(self._audit_row(worker_id, changes))
        self.result.updated += 1
        return worker_id

    def _store(self, batch: _Batch) -> None:
        inserts, updates = batch.inserts, batch.updates
        if inserts and self.raw_sqlite:
            # Values are already in SQLAlchemy's SQLite storage formats (see
            # insert_row); skipping its per-row bind processing halves the
            # cost of 100,000 inserts.
            inserts.sort(key=itemgetter(NIK_POSITION))
            self.conn.exec_driver_sql(self.insert_sql, inserts)
            if self.fts_trigger is not None:
                self.fts_rows.extend((int(r[NIK_POSITION]), r[NAME_KEY_POSITION]) for r in inserts)
        elif inserts:
            inserts.sort(key=lambda r: r["nik"])
            self.conn.execute(insert(self.table), inserts)
        if updates:
            self.conn.execute(
                update(self.table)
                .where(self.table.c.id == bindparam("b_id"))
                .values(
                    {
                        **{name: bindparam(f"b_{name}") for name in (*COMPARED, "name_key")},
                        "updated_at": self.now,
                        "device_id": self.device_id,
                    }
                ),
                updates,
            )
            self.conn.execute(insert(_AUDIT), batch.audits)
        if batch.members:
            self._add_members(batch.members)

    def _new_row(self, worker_id: uuid.UUID, record: Record) -> dict[str, Any]:
        values = record.values
        return {
            "id": worker_id,
            "created_at": self.now,
            "updated_at": self.now,
            "device_id": self.device_id,
            "nik": record.nik,
            "kpj": None,
            "name": values["name"],
            "name_key": name_key(values["name"]),
            "birth_date": values.get("birth_date"),
            "gender": values.get("gender"),
            "address": values.get("address", ""),
            "regency_code": values.get("regency_code"),
            "district_code": values.get("district_code"),
            "village_code": values.get("village_code"),
            "occupation": values.get("occupation", ""),
            "phone": values.get("phone", ""),
            "income": values.get("income"),
            "segment": values.get("segment", "BPU"),
            "status": "aktif",
            "employer_id": None,
            "warnings": values["warnings"],
            "source": self.source,
        }

    def _audit_row(self, worker_id: uuid.UUID, changes: dict[str, Any]) -> dict[str, Any]:
        return audit_row(
            entity="worker",
            entity_id=worker_id,
            action="import_update",
            details={"sumber": self.source, **changes},
            at=self.now,
            device_id=self.device_id,
        )

    def _add_members(self, members: list[tuple[uuid.UUID, uuid.UUID, int | None]]) -> None:
        table = _MEMBER
        workers = list({w for _, w, _ in members})
        on = self.now.date()
        known = set(
            self.conn.execute(
                select(table.c.program_id, table.c.worker_id).where(table.c.worker_id.in_(workers))
            ).tuples()
        )
        fresh = [
            {
                "id": uuid.uuid4(),
                "created_at": self.now,
                "updated_at": self.now,
                "device_id": self.device_id,
                "program_id": program,
                "worker_id": worker,
                "start_date": None,
                "end_date": None,
                "monthly_amount": rentan_monthly_contribution(self._rates(), income, on),
                "declared_income": max(income or 0, RENTAN_DECLARED_INCOME),
            }
            for (program, worker), income in {(p, w): i for p, w, i in members}.items()
            if (program, worker) not in known
        ]
        if fresh:
            self.conn.execute(insert(table), fresh)

    def _rates(self) -> RateTable:
        """The rate table, read once per import and only when memberships are linked."""
        if self.rate_table is None:
            # The session joins the import's transaction; closing it ends nothing.
            with Session(bind=self.conn) as session:
                self.rate_table = load_rate_table(session)
        return self.rate_table

    def finish(self) -> None:
        if self.raw is not None and self.dropped_indexes:
            sqlite_bulk.rebuild_indexes(self.raw, self.dropped_indexes)
        self.dropped_indexes = []
        if self.fts_trigger is None:
            return
        self.fts_rows.sort()
        if self.fts_rows:
            self.conn.exec_driver_sql(
                "INSERT INTO worker_fts(rowid, name_key) VALUES (?, ?)", self.fts_rows
            )
        self.conn.exec_driver_sql(self.fts_trigger)
        self.fts_trigger = None
