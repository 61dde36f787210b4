"""`cases` and `case-close` on the command line."""

from __future__ import annotations

import json
from datetime import date

import pytest
from letter_samples import deliver
from service_samples import TODAY, add_employer, add_periods, set_umk

from kantor_app.cli import build_parser
from kantor_app.services.letters.issuing import issue_letters
from kantor_app.store.engine import Database

# Numbered letters need the branch's own letterhead and signatory (readiness).
pytestmark = pytest.mark.usefixtures("real_branch")


def run(db_url: str, *argv: str) -> int:
    args = build_parser().parse_args(["--db", db_url, *argv])
    result: int = args.func(args)
    return result


def test_cases_list_the_next_step_and_close_by_letter_number(
    db: Database, db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    set_umk(db)
    eid = add_employer(db, "PT Sawit Menunggak", npp="12345678")
    add_periods(db, eid, [(2026, 9, 2_000_000, 0)])
    first = issue_letters(db, "teguran-1", [eid], today=TODAY)[0]
    capsys.readouterr()

    assert run(db_url, "cases", "--date", "2026-12-01") == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("PT Sawit Menunggak\t12345678\tmenunggak 1 bulan (September 2026)")
    assert line.endswith("Teguran Tertulis II: surat nomor " + first.number
                         + " belum dicatat dikirim atau diterima")  # fmt: skip

    deliver(db, first.letter_id, date(2026, 11, 24), date(2026, 11, 26))
    assert run(db_url, "cases", "--employer", "12345678", "--json", "--date", "2026-12-01") == 0
    [case] = json.loads(capsys.readouterr().out)["cases"]
    assert (case["step"], case["next_step"]) == ("Teguran Tertulis I", "Teguran Tertulis II")
    assert (case["period_end"], case["allowed_from"]) == ("2026-12-10", "2026-12-11")
    assert case["letters"] == [first.number]

    assert run(db_url, "case-close", first.number, "--reason", "dicabut") == 1
    assert "memerlukan keterangan" in capsys.readouterr().err
    assert run(db_url, "case-close", "99/XX/2026", "--reason", "patuh") == 1
    assert "Tidak ada kasus kepatuhan dengan surat bernomor '99/XX/2026'" in capsys.readouterr().err
    # September is still unpaid: not complied.
    assert run(db_url, "case-close", first.number, "--reason", "patuh") == 1
    assert "masih tercatat menunggak 1 bulan (September 2026)" in capsys.readouterr().err
    assert run(db_url, "case-close", first.number, "--reason", "dicabut",
               "--note", "NPP salah", "--date", "2026-12-03") == 0  # fmt: skip
    assert "ditutup: Dicabut" in capsys.readouterr().out
    assert run(db_url, "cases") == 0
    assert capsys.readouterr().out.strip() == "Tidak ada kasus kepatuhan."
    assert run(db_url, "cases", "--all", "--json") == 0
    [closed] = json.loads(capsys.readouterr().out)["cases"]
    assert (closed["closed_on"], closed["close_reason"]) == ("2026-12-03", "Dicabut")


def test_cases_of_an_unknown_npp_and_a_mistyped_date_are_refused_in_indonesian(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_url, "cases", "--employer", "00000000") == 1
    assert "NPP tidak ditemukan: 00000000." in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        run(db_url, "cases", "--date", "2026-13-01")
    assert stopped.value.code == 2
    assert "tanggal '2026-13-01' tidak dikenal: tulis TAHUN-BULAN-HARI" in capsys.readouterr().err


def test_case_fine_base_records_the_contributions_owed_of_a_case_without_arrears(
    db: Database, db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    set_umk(db)
    eid = add_employer(db, "PT Upah Rendah", npp="22334455", wage_reported=3_500_000)
    first = issue_letters(db, "teguran-1", [eid], today=TODAY)[0]
    capsys.readouterr()
    assert run(db_url, "cases", "--json") == 0
    [case] = json.loads(capsys.readouterr().out)["cases"]
    assert case["next_step"] == "Teguran Tertulis II"
    assert run(db_url, "case-fine-base", first.number, "--amount", "0", "--source", "BAP") == 1
    assert "harus lebih dari Rp0" in capsys.readouterr().err
    assert run(db_url, "case-fine-base", first.number, "--amount", "12000000",
               "--source", "BAP nomor 7/BAP/XII/2026") == 0  # fmt: skip
    assert "tercatat: Rp12.000.000" in capsys.readouterr().out
