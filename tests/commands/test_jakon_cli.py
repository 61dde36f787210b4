"""`letters --kind jakon --all-noncompliant`: the contractors with overdue projects."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from service_samples import add_employer, add_periods, set_umk

from kantor_app.cli import build_parser
from kantor_app.store.engine import Database
from kantor_app.store.models import PublicWorksPackage

# Numbered letters need the branch's own letterhead and signatory (readiness).
pytestmark = pytest.mark.usefixtures("real_branch")


def run(db_url: str, *argv: str) -> int:
    args = build_parser().parse_args(["--db", db_url, *argv])
    result: int = args.func(args)
    return result


def test_jakon_batch_goes_to_overdue_projects_whatever_the_status(
    db: Database, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_umk(db)
    overdue = add_employer(db, "CV Lewat Patuh", sector="konstruksi", npp="44440000")
    recent = add_employer(db, "CV Masih Dalam Masa", sector="konstruksi", npp="55550000")
    # In arrears but without a construction package: no Jakon reminder.
    arrears = add_employer(db, "PT Menunggak", npp="66660000")
    add_periods(db, arrears, [(2026, 8, 2_000_000, 0)])
    with db.transaction() as session:
        for kd_rup, contractor, spk in (
            ("45300001", overdue, date(2026, 11, 2)),
            ("45300002", overdue, date(2026, 10, 5)),
            ("45300003", recent, date(2026, 11, 10)),
        ):
            session.add(
                PublicWorksPackage(
                    kd_rup=kd_rup,
                    name=f"Paket {kd_rup}",
                    pagu=1_000_000_000,
                    fiscal_year=2026,
                    contractor_id=contractor,
                    contract_value=1_000_000_000,
                    spk_date=spk,
                )
            )
    capsys.readouterr()
    out = tmp_path / "surat"
    assert run(db_url, "letters", "--kind", "jakon", "--all-noncompliant", "--out", str(out),
               "--date", "2026-11-23", "--json") == 0  # fmt: skip
    captured = capsys.readouterr()
    letters = json.loads(captured.out)["letters"]
    # One letter for both overdue packages; the project still in its period is skipped.
    assert [(item["employer"], item["npp"]) for item in letters] == [("CV Lewat Patuh", "44440000")]
    assert captured.err.startswith(
        "kantor-app: 1 perusahaan dilewati: tidak memenuhi syarat surat ini.\n"
    )
    assert len(list(out.glob("*.pdf"))) == 2  # the letter and the combined PDF
