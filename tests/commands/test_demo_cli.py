"""`kantor-app --db URL demo ...` fills the database and says what it made."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kantor_app.cli import main
from kantor_app.services.database import open_database
from kantor_app.store.models import Employer, Worker


def _counts(url: str) -> tuple[int, int]:
    db = open_database(url)
    with db.session() as s:
        workers = s.scalar(select(func.count()).select_from(Worker)) or 0
        employers = s.scalar(select(func.count()).select_from(Employer)) or 0
    db.dispose()
    return workers, employers


def test_demo_command_fills_the_database(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", db_url, "demo", "--workers", "50", "--employers", "10", "--seed", "3"])
    out = capsys.readouterr().out
    assert code == 0
    assert _counts(db_url) == (50, 10)
    assert "Data demo dibuat" in out
    assert "pekerja             50" in out


def test_demo_command_refuses_a_filled_database(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "demo", "--workers", "20", "--employers", "4"]) == 0
    capsys.readouterr()
    code = main(["--db", db_url, "demo", "--workers", "30", "--employers", "5"])
    assert code == 1
    assert "sudah berisi data" in capsys.readouterr().out
    assert _counts(db_url) == (20, 4)
    code = main(["--db", db_url, "demo", "--workers", "30", "--employers", "5", "--replace"])
    assert code == 0
    assert _counts(db_url) == (30, 5)


def test_demo_command_rejects_a_negative_count(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["--db", db_url, "demo", "--workers", "-5"])
    assert "tidak boleh negatif" in capsys.readouterr().err
