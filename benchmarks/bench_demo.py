"""How long `demo` takes: 2,000 workers + 300 employers, and 100,000 workers.

Run: uv run python benchmarks/bench_demo.py [--pg URL]
Prints the seconds per size and engine; the target is well under a minute for 100k.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path


def _phases() -> tuple[dict[str, float], object]:
    started = time.perf_counter()
    marks: dict[str, float] = {}

    def progress(_done: int, _total: int, message: str) -> None:
        marks.setdefault(message, time.perf_counter() - started)

    return marks, progress


def run(url: str, workers: int, employers: int) -> None:
    from kantor_app.services.database import open_database
    from kantor_app.services.demo.fill import fill_demo

    db = open_database(url)
    marks, progress = _phases()
    started = time.perf_counter()
    summary = fill_demo(
        db,
        workers=workers,
        employers=employers,
        seed=1,
        today=date(2026, 11, 23),
        progress=progress,  # type: ignore[arg-type]
    )
    total = time.perf_counter() - started
    db.dispose()
    engine = url.split(":", 1)[0]
    print(f"{engine:22} {workers:>7} workers {employers:>4} employers: {total:6.1f} s")
    for message, at in marks.items():
        print(f"    {at:6.1f} s  {message}")
    print(f"    arrears {summary.employers_in_arrears}, members {summary.funding_members}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", help="PostgreSQL server URL with an empty database to fill")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KANTOR_HOME"] = tmp
        for workers, employers in ((2000, 300), (100_000, 300)):
            run(f"sqlite:///{Path(tmp) / f'demo-{workers}.db'}", workers, employers)
        if args.pg:
            run(args.pg, 2000, 300)


if __name__ == "__main__":
    main()
