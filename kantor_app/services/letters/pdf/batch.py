"""A batch of letters: one PDF file each plus the combined PDF, long batches in worker processes.

Each letter is laid out and written exactly once; the combined PDF is
assembled from those per-letter PDFs by pdfium (page import, in C). Long
batches are rendered by "spawn" worker processes that do not re-run the
program's main module (see :func:`_spawn_without_main`); measured by
benchmarks/bench_letter_batch.py: 500 letters end to end take ~10 CPU-s in
all, ~5 s wall with two workers on two cores vs ~7.5 s in one process.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from kantor_app.services.errors import Cancelled
from kantor_app.services.letters.pdf.combined import Merger
from kantor_app.services.letters.pdf.content import (
    BatchResult,
    LetterContent,
    LetterFile,
    RenderError,
)
from kantor_app.services.letters.pdf.document import render_pdf
from kantor_app.services.letters.pdf.fonts import styles

#: Batches at least this long are rendered in worker processes (when workers > 1).
#: Measured: at 100 letters the pool is no faster than one process (~1.1-1.8 s
#: either way: the workers take ~0.7 s to start), at 500 it saves a third.
POOL_MIN_LETTERS = 150
_CHUNK = 4  # letters per task handed to a worker process


def _render_chunk(contents: Sequence[LetterContent]) -> list[tuple[bytes, int]]:
    """Worker-process entry point: render a few letters."""
    return [render_pdf(c) for c in contents]


def _warm_worker() -> None:
    styles()


def default_workers() -> int:
    """Worker processes for a batch: one per core, at most 2 (the office PCs have 2 cores).

    Measured on 2 cores: 500 letters end to end ~5 s wall with 2 workers vs
    ~7.5 s in one process (a worker costs ~0.7 CPU-s to start, hence
    :data:`POOL_MIN_LETTERS`).
    """
    return max(1, min(2, os.cpu_count() or 1))


@contextlib.contextmanager
def _spawn_without_main() -> Iterator[None]:
    """Let "spawn" workers start without re-running the program's main module.

    A spawned child normally imports the parent's ``__main__`` (the
    ``kantor-app`` script, the GUI, a benchmark), which pulls in SQLAlchemy,
    Qt and the rest: about a second of CPU per worker that a renderer does
    not need. multiprocessing decides this from ``__main__.__spec__`` and
    ``__file__`` at the moment it starts a child, so they are hidden for the
    few milliseconds of starting the workers. (The tasks and the contents are
    pickled by reference to this package's modules, which the workers import.)
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved: dict[str, Any] = {
        k: main.__dict__[k] for k in ("__spec__", "__file__") if k in main.__dict__
    }
    main.__dict__["__spec__"] = None
    main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def _start_pool(workers: int) -> tuple[ProcessPoolExecutor, list[Future[int]]] | None:
    """A "spawn" pool with its workers starting; ``None`` if it cannot start here."""
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_worker,
        )
        with _spawn_without_main():
            # The first submit starts every worker (spawn starts them all at once).
            probes = [pool.submit(os.getpid) for _ in range(workers)]
    except (OSError, ValueError, NotImplementedError, BrokenProcessPool):
        # (RuntimeError is left alone on purpose: it is what a spawned child raises when
        # a script without an ``if __name__ == "__main__"`` guard is re-imported in it.)
        return None
    return pool, probes


def _render_all(
    contents: Sequence[LetterContent],
    workers: int,
    on_letter: Callable[[int, bytes, int], None],
    cancelled: Callable[[], bool],
) -> None:
    """Render every letter once, in order, calling ``on_letter(index, pdf, pages)``.

    With ``workers > 1`` the letters are laid out in that many "spawn" worker
    processes (safe from a Qt thread, same on Windows and Linux) while this
    process writes the files and assembles the combined PDF. If the pool
    cannot start or breaks, this process renders the rest itself.
    """
    done = 0
    if workers > 1 and len(contents) >= POOL_MIN_LETTERS:
        started = _start_pool(workers)
        if started is not None:
            done = _render_in_pool(contents, *started, on_letter, cancelled)
    for i in range(done, len(contents)):
        if cancelled():
            raise Cancelled()
        data, pages = render_pdf(contents[i])
        on_letter(i, data, pages)


def _render_in_pool(
    contents: Sequence[LetterContent],
    pool: ProcessPoolExecutor,
    probes: list[Future[int]],
    on_letter: Callable[[int, bytes, int], None],
    cancelled: Callable[[], bool],
) -> int:
    """Render through a starting pool; returns how many letters were handed to ``on_letter``.

    Starting a worker takes a CPU-second or so (Python, reportlab, fonts);
    until the first one is up, this process renders from the front of the
    batch, then hands everything left to the pool.
    """
    done = 0

    def emit(results: list[tuple[bytes, int]]) -> None:
        nonlocal done
        for data, pages in results:
            on_letter(done, data, pages)
            done += 1

    chunks = [contents[i : i + _CHUNK] for i in range(0, len(contents), _CHUNK)]
    try:
        cursor = 0
        while cursor < len(chunks) and not any(p.done() for p in probes):
            if cancelled():
                raise Cancelled()
            emit(_render_chunk(chunks[cursor]))
            cursor += 1
        # Every worker failed to start: the caller renders the rest here.
        if not all(p.done() and p.exception() is not None for p in probes):
            futures = [pool.submit(_render_chunk, chunk) for chunk in chunks[cursor:]]
            for k, future in enumerate(futures, start=cursor):
                emit(_chunk_result(future, chunks[k], cancelled))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return done


def _chunk_result(
    future: Future[list[tuple[bytes, int]]],
    chunk: Sequence[LetterContent],
    cancelled: Callable[[], bool],
) -> list[tuple[bytes, int]]:
    """A worker's result, polled so that Cancel is seen; rendered here if the pool broke."""
    while True:
        if cancelled():
            raise Cancelled()
        try:
            return future.result(timeout=0.05)
        except FutureTimeout:
            continue
        except (BrokenProcessPool, OSError, pickle.PicklingError):
            return _render_chunk(chunk)


def _check_names(
    contents: Sequence[LetterContent], file_names: Sequence[str], combined_name: str
) -> None:
    if len(file_names) != len(contents):
        raise RenderError(
            f"Jumlah nama berkas ({len(file_names)}) tidak sama dengan jumlah surat "
            f"({len(contents)})."
        )
    if not contents:
        raise RenderError("Tidak ada surat untuk dibuat.")
    names = [*file_names, combined_name]
    for name in names:
        if not name or Path(name).name != name or name in (".", ".."):
            raise RenderError(f"Nama berkas tidak valid: {name!r}")
    if len({n.casefold() for n in names}) != len(names):
        raise RenderError("Nama berkas surat tidak boleh kembar.")


def render_batch(
    contents: Sequence[LetterContent],
    out_dir: Path,
    file_names: Sequence[str],
    combined_name: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> BatchResult:
    """Write one PDF per letter plus one combined PDF into ``out_dir``.

    Each letter is laid out once; its file is byte-identical to
    :func:`~kantor_app.services.letters.pdf.document.render_letter` of the
    same content (same sha256). The combined file is assembled from those
    PDFs. ``progress(done, total)`` is called after each letter (total =
    letters + 1 for the combined file). When ``is_cancelled()`` turns true,
    every file written so far is removed and :class:`Cancelled` is raised; on
    any other error the written files are removed too and the error
    propagates. ``workers`` (default :func:`default_workers`) > 1 renders long
    batches in worker processes; a frozen (PyInstaller) app must call
    ``multiprocessing.freeze_support()`` at start-up for that.
    """
    _check_names(contents, file_names, combined_name)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    total = len(contents) + 1
    written: list[Path] = []
    letters: list[LetterFile] = []
    merger = Merger()

    def cancelled() -> bool:
        return is_cancelled is not None and bool(is_cancelled())

    def on_letter(index: int, data: bytes, pages: int) -> None:
        path = out_dir / file_names[index]
        written.append(path)
        path.write_bytes(data)
        letters.append(LetterFile(path, hashlib.sha256(data).hexdigest(), pages))
        merger.add(data)
        if progress is not None:
            progress(index + 1, total)

    try:
        _render_all(
            contents, default_workers() if workers is None else workers, on_letter, cancelled
        )
        if cancelled():
            raise Cancelled()
        combined, combined_pages = merger.finish()
        combined_path = out_dir / combined_name
        written.append(combined_path)
        combined_path.write_bytes(combined)
        if progress is not None:
            progress(total, total)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    finally:
        merger.close()
    return BatchResult(
        letters=tuple(letters),
        combined_path=combined_path,
        combined_sha256=hashlib.sha256(combined).hexdigest(),
        combined_pages=combined_pages,
    )
