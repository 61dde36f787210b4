"""Benchmark: importing a 100,000-row × 12-column roster (issue 3, "Must reach").

Targets, measured in the same run on the same file:
- Kantor's import (validated and committed into a fresh SQLite file) takes at
  most 0.35 × the time openpyxl read-only needs merely to iterate the file;
- peak memory of the import under 300 MB.

    uv run python benchmarks/bench_roster_import.py [--rows 100000] [--repeat 3] [--in-process]
    uv run python benchmarks/bench_roster_import.py --compare [--rows 100000] [--repeat 3]

``--in-process`` sets KANTOR_ROSTER_WRITER=in-process for the imports: no
SQLite writer process. ``--compare`` runs both paths side by side in each
round (their order alternating, since the machine drifts) and prints the
ratio child / in-process of wall time and of peak memory.

Measured with --compare on 2 December 2026, 100,000 rows, 2 rounds, on the
idle 2-core machine (load 0.0-0.5): child writer 2.59 / 3.08 s wall (its
deferred indexes done at 3.20 / 3.76 s), in-process 4.59 / 4.41 s; median
ratio child / in-process 0.63 on wall time. Peak RSS: the largest process
183 MB with the child (the writer ~117 MB) vs 281 MB in-process (ratio 0.66);
both processes together 301 MB (ratio 1.07). The same comparison while seven
other engineers ran their tests on the machine (load 7.5-9.5) gave 1.04 on
wall time: on a busy machine the child buys no time, it keeps the importing
process smaller.

The machine is shared and its speed drifts from minute to minute: each of
``--repeat`` rounds times openpyxl and the import back to back, prints wall
and CPU seconds (getrusage of the child) and the load average, and the
verdict takes the median of the rounds' ratios. The target is on wall time;
the CPU ratio is printed beside it. The import's CPU includes its SQLite
writer process (RUSAGE_CHILDREN), which runs beside the parent.

The file is generated once into benchmarks/out/ (git-ignored) by
benchmarks/roster_fixture.py. Each measurement runs in its own child process,
so one reader's memory does not count against another.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

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
r0 = resource.getrusage(resource.RUSAGE_SELF)
start = time.perf_counter()
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = 0
for sheet in book.worksheets:
    for _ in sheet.iter_rows(values_only=True):
        rows += 1
book.close()
r1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
print(time.perf_counter() - start, cpu, rows, r1.ru_maxrss)
"""

_CALAMINE = """
import resource, sys, time
from python_calamine import CalamineWorkbook
r0 = resource.getrusage(resource.RUSAGE_SELF)
start = time.perf_counter()
book = CalamineWorkbook.from_path(sys.argv[1])
rows = 0
for name in book.sheet_names:
    for _ in book.get_sheet_by_name(name).iter_rows():
        rows += 1
r1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
print(time.perf_counter() - start, cpu, rows, r1.ru_maxrss)
"""

_KANTOR = """
import json, os, resource, sys, threading, time
os.environ["KANTOR_HOME"] = sys.argv[3]
from kantor_app.services.database import open_database
from kantor_app.services.roster.importing.importer import import_roster
from sqlalchemy import text
db = open_database("sqlite:///" + sys.argv[2])
r0 = resource.getrusage(resource.RUSAGE_SELF)
before = r0.ru_maxrss
start = time.perf_counter()
result = import_roster(db, sys.argv[1])
elapsed = time.perf_counter() - start
# After its commit the writer process builds the deferred indexes and
# checkpoints the WAL, unwaited for by the import; wait here so that its CPU
# time is counted, and say when it was done.
for thread in threading.enumerate():
    if thread.name == "kantor-roster-reaper":
        thread.join()
finished = time.perf_counter() - start
r1 = resource.getrusage(resource.RUSAGE_SELF)
c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
child_cpu = c1.ru_utime + c1.ru_stime
with db.engine.connect() as conn:
    stored = conn.execute(text("SELECT count(*) FROM worker")).scalar_one()
print(json.dumps({
    "seconds": elapsed, "finished": finished, "cpu": cpu + child_cpu, "child_cpu": child_cpu,
    "imported": result.imported, "rejected": result.rejected,
    "stored": stored, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "child_rss_kb": c1.ru_maxrss, "rss_before_kb": before,
}))
"""


WRITER_ENV = "KANTOR_ROSTER_WRITER"  # read by services/roster/importing/bulk_writer


def _run(code: str, *args: str, in_process: bool = False) -> str:
    env = dict(os.environ)
    env.pop(WRITER_ENV, None)
    if in_process:
        env[WRITER_ENV] = "in-process"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return done.stdout.strip().splitlines()[-1]


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f} on {os.cpu_count()} cores"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _reader(code: str, path: Path, repeat: int) -> tuple[float, float, str, int]:
    """Best wall and best CPU seconds over ``repeat`` runs, rows, peak RSS in KB."""
    walls: list[float] = []
    cpus: list[float] = []
    rows, rss = "0", 0
    for _ in range(repeat):
        seconds, cpu, rows, peak = _run(code, str(path)).split()
        walls.append(float(seconds))
        cpus.append(float(cpu))
        rss = max(rss, int(peak))
    return min(walls), min(cpus), rows, rss


def _import(path: Path, *, in_process: bool) -> dict[str, Any]:
    """One Kantor import into a fresh database, in its own process."""
    with tempfile.TemporaryDirectory(prefix="kantor-bench-") as temp:
        out = _run(_KANTOR, str(path), str(Path(temp) / "bench.db"), temp, in_process=in_process)
    report: dict[str, Any] = json.loads(out)
    return report


def _peak_mb(report: dict[str, Any]) -> tuple[float, float]:
    """Peak RSS of the largest process and of parent + writer together (an upper bound)."""
    parent, writer = report["rss_kb"], report["child_rss_kb"]
    return max(parent, writer) / 1024, (parent + writer) / 1024


def compare(path: Path, repeat: int) -> int:
    """Child writer vs in-process, side by side: medians of the per-round ratios."""
    walls: list[float] = []
    largest: list[float] = []
    totals: list[float] = []
    for number in range(1, repeat + 1):
        # Alternating which goes first, so that the machine's drift hits both.
        order = (False, True) if number % 2 else (True, False)
        runs: dict[bool, dict[str, Any]] = {}
        for in_process in order:
            r = runs[in_process] = _import(path, in_process=in_process)
            big, both = _peak_mb(r)
            print(
                f"round {number} {'in-process  ' if in_process else 'child writer'}: "
                f"wall {r['seconds']:5.2f} s (indexes done at {r['finished']:5.2f} s), "
                f"cpu {r['cpu']:5.2f} s, peak RSS {big:.0f} MB (parent + writer {both:.0f} MB), "
                f"{r['stored']} rows  [{_load()}]"
            )
        child, plain = runs[False], runs[True]
        walls.append(child["seconds"] / plain["seconds"])
        largest.append(_peak_mb(child)[0] / _peak_mb(plain)[0])
        totals.append(_peak_mb(child)[1] / _peak_mb(plain)[1])
    print(f"round ratios child / in-process, wall: {', '.join(f'{x:.3f}' for x in walls)}")
    print(f"median ratio child / in-process, wall time: {statistics.median(walls):.3f}")
    print(
        f"median ratio child / in-process, peak RSS: {statistics.median(largest):.3f} "
        f"(largest process), {statistics.median(totals):.3f} (parent + writer)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--in-process", action="store_true", help="import without the SQLite writer process"
    )
    mode.add_argument(
        "--compare", action="store_true", help="child writer vs in-process, side by side"
    )
    args = parser.parse_args(argv)

    path = ensure(args.rows)
    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB, {args.rows} rows × 12 columns)")
    print(f"before: {_load()}")
    if args.compare:
        return compare(path, args.repeat)
    print(f"writer: {'in-process' if args.in_process else 'child process (when it applies)'}")

    ca_wall, ca_cpu, rows, rss = _reader(_CALAMINE, path, 1)
    print(
        f"calamine iterate:           wall {ca_wall:6.2f} s  cpu {ca_cpu:6.2f} s  "
        f"({rows} rows, {rss // 1024} MB)  [{_load()}]"
    )
    # The machine's speed drifts: each round times openpyxl and the import
    # back to back, and the ratio of each pair counts.
    op_runs: list[tuple[float, float]] = []
    reports = []
    for number in range(1, args.repeat + 1):
        op_wall, op_cpu, rows, rss = _reader(_OPENPYXL, path, 1)
        op_runs.append((op_wall, op_cpu))
        r = _import(path, in_process=args.in_process)
        reports.append(r)
        print(
            f"round {number}: openpyxl read-only iterate wall {op_wall:6.2f} s cpu {op_cpu:6.2f} s "
            f"({rows} rows, {rss // 1024} MB); Kantor import wall {r['seconds']:5.2f} s "
            f"cpu {r['cpu']:5.2f} s (writer process {r['child_cpu']:.2f} s; deferred indexes "
            f"done at {r['finished']:.2f} s), "
            f"peak RSS {r['rss_kb'] // 1024} MB (writer {r['child_rss_kb'] // 1024} MB); "
            f"ratio wall {r['seconds'] / op_wall:.3f}  [{_load()}]"
        )
    report = reports[-1]
    print(
        f"Kantor import (validated, committed to SQLite): {report['imported']} imported, "
        f"{report['rejected']} rejected, {report['stored']} rows in the database"
    )
    # The import may hand SQLite's work to a child process (both run at once):
    # its CPU counts in "cpu", and the larger of the two peaks is the peak.
    peak_mb = max(max(r["rss_kb"], r["child_rss_kb"]) for r in reports) / 1024
    wall_ratios = sorted(r["seconds"] / op[0] for r, op in zip(reports, op_runs, strict=True))
    cpu_ratios = sorted(r["cpu"] / op[1] for r, op in zip(reports, op_runs, strict=True))
    print(f"round ratios, wall: {', '.join(f'{x:.3f}' for x in wall_ratios)}")
    wall_ratio = statistics.median(wall_ratios)
    cpu_ratio = statistics.median(cpu_ratios)
    print(f"median ratio import / openpyxl, wall: {wall_ratio:.3f}  (target ≤ {RATIO_TARGET})")
    print(
        f"median ratio import / openpyxl, CPU:  {cpu_ratio:.3f}  (for information: the "
        "target is on elapsed time, and the import keeps two cores busy)"
    )
    print(
        f"peak RSS of the import (largest process): {peak_mb:.0f} MB  "
        f"(target < {MEMORY_TARGET_MB} MB)"
    )
    print(f"{_verdict(wall_ratio <= RATIO_TARGET)} import ≤ {RATIO_TARGET} × openpyxl (wall)")
    print(f"{_verdict(peak_mb < MEMORY_TARGET_MB)} peak memory < {MEMORY_TARGET_MB} MB")
    ok = wall_ratio <= RATIO_TARGET and peak_mb < MEMORY_TARGET_MB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
