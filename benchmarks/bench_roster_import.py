"""Benchmark: importing a 100,000-row × 12-column roster (issue 3, "Must reach").

Targets, measured in the same run on the same file:
- Kantor's import (validated and committed into a fresh SQLite file) takes at
  most 0.35 × the time openpyxl read-only needs merely to iterate the file;
- peak memory of the import under 300 MB.

    uv run python benchmarks/bench_roster_import.py [--rows 100000] [--skip-openpyxl SECONDS]

The file is generated once into benchmarks/out/ (git-ignored) by
benchmarks/roster_fixture.py. Each measurement runs in its own child process,
so one reader's memory does not count against another.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from roster_fixture import ensure  # noqa: E402

RATIO_TARGET = 0.35
MEMORY_TARGET_MB = 300

_OPENPYXL = """
import resource, sys, time
import openpyxl
start = time.perf_counter()
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = 0
for sheet in book.worksheets:
    for _ in sheet.iter_rows(values_only=True):
        rows += 1
book.close()
print(time.perf_counter() - start, rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

_CALAMINE = """
import resource, sys, time
from python_calamine import CalamineWorkbook
start = time.perf_counter()
book = CalamineWorkbook.from_path(sys.argv[1])
rows = 0
for name in book.sheet_names:
    for _ in book.get_sheet_by_name(name).iter_rows():
        rows += 1
print(time.perf_counter() - start, rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

_KANTOR = """
import json, os, resource, sys, time
os.environ["KANTOR_HOME"] = sys.argv[3]
from kantor_app.services.database import open_database
from kantor_app.services.roster_import import import_roster
from sqlalchemy import text
db = open_database("sqlite:///" + sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = import_roster(db, sys.argv[1])
elapsed = time.perf_counter() - start
with db.engine.connect() as conn:
    stored = conn.execute(text("SELECT count(*) FROM worker")).scalar_one()
print(json.dumps({
    "seconds": elapsed, "imported": result.imported, "rejected": result.rejected,
    "stored": stored, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "rss_before_kb": before,
}))
"""


def _run(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)

    path = ensure(args.rows)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB, {args.rows} rows × 12 columns)")

    seconds, rows, rss = _run(_OPENPYXL, str(path)).split()
    openpyxl_s = float(seconds)
    print(f"openpyxl read-only iterate: {openpyxl_s:6.2f} s  ({rows} rows, {int(rss) // 1024} MB)")

    seconds, rows, rss = _run(_CALAMINE, str(path)).split()
    print(
        f"calamine iterate:           {float(seconds):6.2f} s  ({rows} rows, {int(rss) // 1024} MB)"
    )

    with tempfile.TemporaryDirectory(prefix="kantor-bench-") as temp:
        report = json.loads(_run(_KANTOR, str(path), str(Path(temp) / "bench.db"), temp))
    kantor_s = report["seconds"]
    peak_mb = report["rss_kb"] / 1024
    ratio = kantor_s / openpyxl_s
    print(
        f"Kantor import (validated, committed to SQLite): {kantor_s:6.2f} s  "
        f"({report['imported']} imported, {report['rejected']} rejected, "
        f"{report['stored']} rows in the database)"
    )
    print(
        f"ratio import / openpyxl iterate: {ratio:.3f}  (target ≤ {RATIO_TARGET}: "
        f"{'OK' if ratio <= RATIO_TARGET else 'NOT MET'})"
    )
    print(
        f"peak RSS of the import process: {peak_mb:.0f} MB  (target < {MEMORY_TARGET_MB} MB: "
        f"{'OK' if peak_mb < MEMORY_TARGET_MB else 'NOT MET'})"
    )
    ok = ratio <= RATIO_TARGET and peak_mb < MEMORY_TARGET_MB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
