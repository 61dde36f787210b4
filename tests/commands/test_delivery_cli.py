"""`letter-sent` and `letter-received` on the command line: the period from receipt."""

from __future__ import annotations

import json
from datetime import date

import pytest
from branch_samples import ready_branch
from service_samples import TODAY, add_employer, add_periods, set_umk

from kantor_app.cli import build_parser
from kantor_app.services.database import open_database
from kantor_app.services.letters.issuing import issue_letters
from kantor_app.store.models import Letter


def run(db_url: str, *argv: str) -> int:
    args = build_parser().parse_args(["--db", db_url, *argv])
    result: int = args.func(args)
    return result


@pytest.fixture
def numbers(db_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    db = open_database(db_url, migrate=False)
    try:
        ready_branch(db)
        set_umk(db)
        ids = []
        for name in ("PT Satu", "PT Dua"):
            eid = add_employer(db, name)
            add_periods(db, eid, [(2026, 6, 12_500_000, 0)])
            ids.append(eid)
        return [letter.number for letter in issue_letters(db, "teguran-1", ids, today=TODAY)]
    finally:
        db.dispose()


def test_sent_then_received_prints_the_period_end(
    db_url: str, numbers: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_url, "letter-sent", *numbers, "--date", "2026-11-24", "--json") == 0
    sent = json.loads(capsys.readouterr().out)["letters"]
    assert [(d["number"], d["status"], d["deadline"], d["basis"]) for d in sent] == [
        (numbers[0], "dikirim", "2026-12-11", "dikirim"),
        (numbers[1], "dikirim", "2026-12-11", "dikirim"),
    ]
    assert run(db_url, "letter-received", numbers[0], "--date", "2026-11-25",
               "--note", "diterima resepsionis") == 0  # fmt: skip
    assert capsys.readouterr().out.split("\t") == [
        numbers[0],
        "diterima",
        "batas waktu 2026-12-09 (dari diterima)\n",
    ]
    db = open_database(db_url, migrate=False)
    try:
        with db.session() as session:
            row = session.query(Letter).filter_by(number=numbers[0]).one()
            assert (row.received_on, row.receipt_note) == (
                date(2026, 11, 25),
                "diterima resepsionis",
            )
    finally:
        db.dispose()


def test_refusal_exits_1_and_records_nothing(
    db_url: str, numbers: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_url, "letter-received", *numbers, "--date", "2026-11-25") == 1
    err = capsys.readouterr().err
    assert f"Surat {numbers[0]} belum dicatat dikirim" in err
    assert run(db_url, "letter-sent", numbers[0], "999/X/2026", "--date", "2026-11-24") == 1
    assert "Nomor surat tidak ada di register: 999/X/2026" in capsys.readouterr().err
    assert run(db_url, "letter-sent", numbers[0], "--date", "2026-11-24") == 0
