"""The roster writer's role when a child process does the inserting."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kantor_app.services.roster.importing.bulk_writer import BulkWriterProcess
from kantor_app.services.roster.importing.record import Record
from kantor_app.services.roster.importing.result import ImportResult


class ChildWriter:
    """Writer's role for the child-process path: new rows only (the table was empty).

    The child assembles the insert rows (ids, name keys, storage formats): it
    has time to spare while this process reads and checks.
    """

    def __init__(
        self,
        child: BulkWriterProcess,
        result: ImportResult,
        source: str,
        device_id: str,
        send_every: int,
    ) -> None:
        self.child = child
        self.send_every = send_every
        self.result = result
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        child.send_meta(stamp, device_id, source[:255])
        self.pending: list[tuple[str, tuple[Any, ...]]] = []

    def write(self, records: list[Record]) -> None:
        self.pending.extend([(r.nik, r.fields) for r in records])
        self.result.imported += len(records)
        if len(self.pending) >= self.send_every:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.child.send_rows(self.pending)
            self.pending = []

    def finish(self) -> None:
        self._flush()
        self.child.commit()
