"""A batch killed half-way leaves no complete-looking PDF and no unexplained gap in the numbers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import select, update

from kantor_app.services.letters.gaps import record_abandoned_reservations
from kantor_app.services.letters.issuing import issue_letters
from kantor_app.services.letters.numbering import reserve_letter_numbers
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent

# Numbered letters need the branch's own letterhead and signatory (readiness).
pytestmark = pytest.mark.usefixtures("real_branch")


def _arrears(db: Database, count: int) -> list:  # type: ignore[type-arg]
    ids = []
    for i in range(count):
        eid = add_employer(db, f"PT Menunggak {i}")
        add_periods(db, eid, [(2026, 9, 1_000_000 + i, 0)])
        ids.append(eid)
    return ids


def test_no_pdf_carries_its_final_name_before_the_letters_are_registered(
    db: Database, tmp_path: Path
) -> None:
    set_umk(db)
    ids = _arrears(db, 3)
    out = tmp_path / "surat"
    seen: list[tuple[list[str], list[str]]] = []

    def progress(done: int, total: int, message: str) -> None:
        if message.startswith("Membuat surat") or message == "Menyimpan register surat":
            pdfs = sorted(p.name for p in out.glob("*.pdf"))
            hidden = sorted(p.name for p in out.glob(".*"))
            seen.append((pdfs, hidden))

    issued = issue_letters(db, "tunggakan", ids, out_dir=out, today=TODAY, progress=progress,
                           workers=1)  # fmt: skip
    assert seen and all(pdfs == [] for pdfs, _hidden in seen)
    assert any(h and all(n.endswith(".belum-tercatat") for n in h) for _pdfs, h in seen)
    # Registered: every letter and the combined PDF under its own name, nothing else left.
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4 and all(n.endswith(".pdf") and not n.startswith(".") for n in names)
    assert all(letter.path is not None and letter.path.is_file() for letter in issued)


def test_an_abandoned_reservation_is_recorded_as_void_by_the_next_batch(db: Database) -> None:
    set_umk(db)
    # A batch on another PC reserved 1 and 2 and died before registering or voiding them.
    reserve_letter_numbers(db, "tunggakan", 2026, 2, batch_id="mati")
    assert record_abandoned_reservations(db) == []  # it might still be running
    with db.transaction() as session:
        session.execute(update(AuditEvent).values(at=datetime.now(UTC) - timedelta(hours=2)))
    ids = _arrears(db, 1)
    issued = issue_letters(db, "tunggakan", ids, today=TODAY)
    assert issued[0].number.startswith("3/")
    with db.session() as session:
        voids = [
            json.loads(e.details)
            for e in session.scalars(select(AuditEvent).where(AuditEvent.action == "void"))
        ]
    assert voids == [
        {
            "batch": "mati",
            "kind": "tunggakan",
            "numbers": [1, 2],
            "reason": "proses penerbitan terhenti sebelum surat tercatat",
        }
    ]
    # Recorded once; the finished batch is never taken for an abandoned one.
    assert record_abandoned_reservations(db, now=datetime.now(UTC) + timedelta(days=1)) == []
