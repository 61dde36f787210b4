"""The importing process's end of roster_bulk_child: start it, feed it rows, commit.

The child is an optimisation: ``KANTOR_ROSTER_WRITER=in-process`` switches it
off (a busy 2-core machine may import faster without it; see
benchmarks/bench_roster_import.py --compare). Its database failures arrive
as SQLite result codes and are raised as the StoreError that store/errors
gives the in-process path for the same failure.

Batches are pickled by the caller and written to the pipe by a sender
thread. A pipe holds little, so a direct write would wait whenever the child
is still inserting the previous batch; with the thread the caller goes on
checking rows meanwhile (the write itself releases the GIL).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import queue
import threading
from pathlib import Path
from typing import Any

from kantor_app.services.errors import ServiceError
from kantor_app.services.roster.importing import bulk_child as roster_bulk_child
from kantor_app.store import sqlite_bulk
from kantor_app.store.errors import sqlite_error

log = logging.getLogger(__name__)

# Batches pickled but not yet written: enough to ride out one slow insert,
# few enough to bound memory (a batch of 2,000 rows is about 200 KB).
QUEUED_BATCHES = 8

WRITER_ENV = "KANTOR_ROSTER_WRITER"
IN_PROCESS = "in-process"


def _stopped() -> ServiceError:
    return ServiceError(
        "Proses penyimpanan impor berhenti tiba-tiba; database tidak diubah.",
        code="import_writer_stopped",
    )


def child_writer_allowed() -> bool:
    """False when ``KANTOR_ROSTER_WRITER=in-process`` asks for imports without the child."""
    return os.environ.get(WRITER_ENV, "").strip().lower() != IN_PROCESS


class BulkWriterProcess:
    """A spawned roster_bulk_child owning the import's only transaction.

    ``busy_ms`` is how long the child waits for another writer's lock.
    """

    def __init__(
        self,
        database: Path,
        cache_kb: int = sqlite_bulk.IMPORT_CACHE_KIB,
        busy_ms: int = 15000,
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipe, child_end = context.Pipe()
        self.process = context.Process(
            target=roster_bulk_child.run,
            args=(child_end, str(database), cache_kb, busy_ms),
            name="kantor-roster-writer",
            # Not a daemon: a program that ends right after an import (the
            # CLI) waits at exit for the indexes built after the commit.
            daemon=False,
        )
        self.process.start()
        child_end.close()
        self.finished = False
        self.reaper: threading.Thread | None = None  # waits for the child after commit()
        self._outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUED_BATCHES)
        self._send_failed = False
        self._sender = threading.Thread(
            target=self._send_loop, name="kantor-roster-sender", daemon=True
        )
        self._sender.start()

    def _send_loop(self) -> None:
        while True:
            data = self._outbox.get()
            if data is None:
                return
            if self._send_failed:
                continue  # keep taking batches so that a full queue never blocks the caller
            try:
                self.pipe.send_bytes(data)
            except OSError:
                self._send_failed = True

    def _receive(self) -> tuple[str, Any]:
        try:
            kind, payload = pickle.loads(self.pipe.recv_bytes())
        except (EOFError, OSError):
            raise _stopped() from None
        if kind == "error":
            message, code = payload
            known = sqlite_error(code)
            if known is not None:
                raise known
            raise ServiceError(
                "Penyimpanan impor gagal: {reason}. Database tidak diubah.",
                code="import_writer_failed",
                reason=message,
            )
        return kind, payload

    def _fail(self) -> None:
        """The child ended early: it says why, or it died."""
        self._receive()
        raise _stopped()

    def _send(self, message: tuple[str, Any]) -> None:
        if self._send_failed:
            self._fail()
        self._outbox.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def ready(self) -> bool:
        """Waits for the child's write lock; True when the roster table was empty.

        False too when the child could not start (e.g. a caller's script that
        spawn re-runs lacks the ``if __name__ == "__main__"`` guard): the
        import then simply runs in-process. A known database failure (locked,
        read-only, ...) is raised as StoreError: the in-process path would
        only meet it again.
        """
        try:
            kind, empty = self._receive()
        except ServiceError:
            log.warning("import roster: writer process did not start; importing in-process")
            return False
        return kind == "ready" and bool(empty)

    def send_meta(self, stamp: str, device_id: str, source: str) -> None:
        self._send(("meta", (stamp, device_id, source)))

    def send_rows(self, rows: list[tuple[str, tuple[Any, ...]]]) -> None:
        """(NIK, roster_import._Record.fields) pairs."""
        self._send(("rows", rows))

    def commit(self) -> None:
        """Sends what is queued, then the commit; returns once it is durable."""
        self._send(("commit", None))
        self._outbox.put(None)
        self._sender.join()
        if self._send_failed:
            self._fail()
        kind, _ = self._receive()
        if kind != "done":
            raise ServiceError(
                "Proses penyimpanan impor tidak menyelesaikan penyimpanan.",
                code="import_writer_unfinished",
            )
        self.finished = True
        self.pipe.close()
        # The child still copies the WAL into the database file (see
        # roster_bulk_child); reaped in the background rather than waited for.
        self.reaper = threading.Thread(
            target=self.process.join, name="kantor-roster-reaper", daemon=True
        )
        self.reaper.start()

    def close(self) -> None:
        """Ends the child; without a prior commit() it rolls back (end of file on its pipe)."""
        if self._sender.is_alive():
            # Batches not yet sent are dropped: the child would only roll them back.
            while True:
                try:
                    self._outbox.get_nowait()
                except queue.Empty:
                    break
            self._outbox.put(None)
            self._sender.join(timeout=30)
            if self._sender.is_alive():
                self.process.kill()  # stuck mid-insert: a killed child never commits
                self._sender.join()
        self.pipe.close()
        self.process.join(timeout=30)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
