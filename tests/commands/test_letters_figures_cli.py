"""`letters` skips an employer whose letter would cite an estimated UMK, naming the decree to
enter, issues the rest, and warns when the period counts over estimated holidays."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from branch_samples import ready_branch
from service_samples import TODAY, add_employer, add_periods, set_umk

from kantor_app.cli import build_parser
from kantor_app.services.database import open_database


def run(db_url: str, *argv: str) -> int:
    args = build_parser().parse_args(["--db", db_url, *argv])
    result: int = args.func(args)
    return result


def test_estimated_umk_is_skipped_with_its_reason_and_the_batch_goes_on(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: TODAY)
    db = open_database(db_url, migrate=False)
    try:
        ready_branch(db)
        set_umk(db)  # Samarinda confirmed
        set_umk(db, "64.71", 4_100_000, confirmed=False)  # Balikpapan still an estimate
        for name, code in (("PT Kayu Samarinda", "64.72"), ("PT Minyak Balikpapan", "64.71")):
            eid = add_employer(db, name, regency_code=code, wage_reported=3_500_000)
            add_periods(db, eid, [(2026, m, 1_000_000, 1_000_000) for m in range(1, 11)], TODAY)
    finally:
        db.dispose()
    capsys.readouterr()

    exit_code = run(db_url, "letters", "--kind", "teguran-1", "--all-noncompliant",
               "--out", str(tmp_path / "surat"), "--date", TODAY.isoformat(), "--json")  # fmt: skip
    assert exit_code == 0
    captured = capsys.readouterr()
    assert [item["employer"] for item in json.loads(captured.out)["letters"]] == [
        "PT Kayu Samarinda"
    ]
    err = captured.err.splitlines()
    assert err[:2] == [
        "kantor-app: 1 perusahaan dilewati: tidak memenuhi syarat surat ini.",
        "  - PT Minyak Balikpapan: UMK Kota Balikpapan tahun 2026 belum dikonfirmasi: isi "
        "Nomor dan Tanggal SK Gubernur di Pengaturan > UMK",
    ]
    # The seeded 2026 holidays are estimates too: a warning, not a refusal.
    assert (
        "kantor-app: peringatan: Hari libur tahun 2026 masih perkiraan: batas waktu dihitung "
        "dengan perkiraan. Konfirmasi di Pengaturan > Hari Libur."
    ) in err[2:]


def test_a_period_into_an_estimated_year_warns(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    day = date(2026, 12, 21)
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: day)
    db = open_database(db_url, migrate=False)
    try:
        ready_branch(db)
        set_umk(db)
        eid = add_employer(db, "PT Kayu Samarinda", npp="12345678", wage_reported=3_500_000)
        add_periods(db, eid, [(2026, m, 1_000_000, 1_000_000) for m in range(1, 11)], TODAY)
    finally:
        db.dispose()
    capsys.readouterr()
    assert run(db_url, "letters", "--kind", "teguran-1", "--employer", "12345678",
               "--out", str(tmp_path / "surat"), "--date", day.isoformat()) == 0  # fmt: skip
    err = capsys.readouterr().err
    assert "Hari libur tahun 2027 masih perkiraan: batas waktu dihitung dengan perkiraan" in err
