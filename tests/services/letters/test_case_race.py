"""Two PCs issuing Teguran I to the same employers at once: one case and one letter each."""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
from typing import Any

import pytest
from branch_samples import ready_branch
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import func, select

from kantor_app.services.database import open_database
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.issuing import issue_letters
from kantor_app.store.engine import Database
from kantor_app.store.models import Letter, SanctionCase


def _issue(url: str, ids: list[Any], start: multiprocessing.synchronize.Event, out: Any) -> None:
    db = Database(url)
    start.wait(30)
    try:
        out.put(len(issue_letters(db, "teguran-1", ids, today=TODAY, workers=1)))
    except ServiceError as exc:
        out.put(exc.code)
    except Exception as exc:  # the losing writer on SQLite may meet a busy snapshot
        out.put(type(exc).__name__)
    finally:
        db.dispose()


@pytest.mark.slow
def test_two_batches_at_once_open_one_case_per_employer(engine_url: str) -> None:
    db = open_database(engine_url)
    try:
        ready_branch(db)
        set_umk(db)
        ids = []
        for i in range(4):
            eid = add_employer(db, f"PT Balapan {i}")
            add_periods(db, eid, [(2026, 9, 1_000_000, 0)])
            ids.append(eid)
    finally:
        db.dispose()
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx: Any = multiprocessing.get_context(method)
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_issue, args=(engine_url, ids, start, out)) for _ in range(2)]
    for p in procs:
        p.start()
    start.set()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    assert 4 in results, results  # one batch went through whole
    db = Database(engine_url)
    try:
        with db.session() as session:
            letters = session.scalar(select(func.count()).select_from(Letter))
            cases = session.scalar(select(func.count()).select_from(SanctionCase))
    finally:
        db.dispose()
    assert (letters, cases) == (4, 4), results
