"""Letters: numbering that never repeats (also across processes), content, register, reprint."""

from __future__ import annotations

import hashlib
import io
import multiprocessing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import func, select

from kantor_app.services.database import open_database
from kantor_app.services.employers.compliance import refresh_compliance
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.letters.delivery import record_received, record_sent
from kantor_app.services.letters.eligibility import check_eligibility
from kantor_app.services.letters.issuing import issue_letters, preview_letter
from kantor_app.services.letters.numbering import (
    format_letter_number,
    next_letter_number,
    reserve_letter_numbers,
    to_roman,
)
from kantor_app.services.letters.recipients import noncompliant_employer_ids
from kantor_app.services.letters.register import reprint, set_status
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, Letter, LetterSequence, PublicWorksPackage

# Numbered letters need the branch's own letterhead and signatory (readiness).
pytestmark = pytest.mark.usefixtures("real_branch")


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def arrears_employer(db: Database, name: str = "PT Sawit Makmur & Rekan", **fields: object):  # type: ignore[no-untyped-def]
    eid = add_employer(db, name, **fields)
    add_periods(
        db,
        eid,
        [(2026, 6, 12_500_000, 0), (2026, 7, 12_500_000, 2_500_000), (2026, 9, 13_100_000, 0)],
    )
    return eid


def test_number_pattern_and_roman_months() -> None:
    assert to_roman(11) == "XI"
    assert format_letter_number(
        "{seq}/{kode}/KC-SMD/{bulan_romawi}/{tahun}", 7, "KPS.01", TODAY
    ) == ("7/KPS.01/KC-SMD/XI/2026")
    assert format_letter_number("{seq3}/{kode}/{bulan}/{tahun}", 7, "K", TODAY) == "007/K/11/2026"
    with pytest.raises(ServiceError, match="tidak valid"):
        format_letter_number("{nomor}/{tahun}", 1, "K", TODAY)


def test_numbers_run_per_year_and_are_shared_by_kinds(db: Database) -> None:
    assert reserve_letter_numbers(db, "teguran-1", 2026, 3) == [1, 2, 3]
    assert reserve_letter_numbers(db, "tunggakan", 2026, 2) == [4, 5]
    assert reserve_letter_numbers(db, "teguran-1", 2027, 1) == [1]
    with db.transaction() as session:
        assert next_letter_number(session, "jakon", 2026) == 6


def test_tunggakan_pdf_holds_number_employer_periods_amounts_words_deadline(
    db: Database, tmp_path: Path
) -> None:
    set_umk(db)
    eid = arrears_employer(db)
    issued = issue_letters(db, "tunggakan", [eid], out_dir=tmp_path, today=TODAY)
    assert len(issued) == 1
    letter = issued[0]
    assert letter.number == "1/KPS.03/KC-SMD/XI/2026"
    assert letter.path is not None and letter.path.is_file()
    data = letter.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    text = pdf_text(data)
    assert "7 Desember 2026" not in text  # never a deadline from the letter's own date
    for expected in (
        "1/KPS.03/KC-SMD/XI/2026",
        "Samarinda, 23 November 2026",
        "PT Sawit Makmur & Rekan",
        "Juni 2026",
        "Juli 2026",
        "September 2026",
        "Rp12.500.000",
        "Rp10.000.000",
        "Rp13.100.000",
        "Rp35.600.000",  # arrears total
        "10 (sepuluh) hari kerja sejak surat ini diterima",
        "Pemberitahuan Tunggakan Iuran",
    ):
        assert expected in text, expected
    # Late fees in started months to 23 November: June (due 15 Jul) 5 x 2 % of 12.5 M =
    # 1,250,000; July (due 17 Aug) 4 x 2 % of 10 M = 800,000; September (due 15 Oct)
    # 2 x 2 % of 13.1 M = 524,000.
    assert "Rp2.574.000" in text
    assert "Rp38.174.000 (tiga puluh delapan juta seratus tujuh puluh empat ribu rupiah)" in text
    assert letter.combined_path is not None
    assert len(PdfReader(letter.combined_path).pages) == len(PdfReader(letter.path).pages)

    with db.session() as session:
        row = session.get(Letter, letter.letter_id)
        assert row is not None
        assert (row.kind, row.status, row.issued_on, row.deadline) == (
            "tunggakan",
            "diterbitkan",
            TODAY,
            None,
        )
        assert row.sha256 == letter.sha256 and bytes(row.pdf) == data
        assert '"total_tunggakan": "Rp38.174.000"' in row.content_json


def test_deadline_skips_christmas_and_cuti_bersama(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The letters are dated after the computer's today: let the clock be later too.
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    set_umk(db)
    eid = arrears_employer(db)
    monday = date(2026, 12, 14)
    issued = issue_letters(db, "teguran-1", [eid], today=monday)
    [received] = set_and_receive(db, issued[0].letter_id, monday, monday)
    # 15–18, 21–23 December = 7; 24 (cuti bersama) and 25 (Natal) skipped; 28, 29, 30.
    assert received.deadline == date(2026, 12, 30)
    with db.session() as session:
        text = pdf_text(bytes(session.get(Letter, issued[0].letter_id).pdf))  # type: ignore[union-attr]
    # The period runs from receipt: the letter cannot print the date it ends.
    assert "30 Desember 2026" not in text
    assert "10 (sepuluh) hari kerja sejak surat ini diterima" in text


def test_teguran_1_findings_sentences_carry_figures(db: Database) -> None:
    set_umk(db)
    eid = add_employer(
        db, "PT Kebun Etam", workers_reported=10, wage_reported=3_500_000,
        programs=frozenset({"JKK", "JKM", "JHT"}),
    )  # fmt: skip
    from kantor_app.services.employers.registry import record_finding

    record_finding(db, eid, date(2026, 11, 2), "inspeksi", 15, None, today=TODAY)
    with db.session() as session:
        text = pdf_text(preview_letter(session, "teguran-1", eid, today=TODAY))
    assert "Teguran Tertulis Pertama" in text
    assert "15 (lima belas) orang" in text
    assert "5 (lima) orang tenaga kerja belum didaftarkan" in text
    assert "Rp3.500.000" in text and "Rp4.000.000" in text
    assert "program JP" in text


def test_preview_consumes_no_number(db: Database) -> None:
    set_umk(db)
    eid = arrears_employer(db)
    with db.session() as session:
        text = pdf_text(preview_letter(session, "tunggakan", eid, today=TODAY))
    assert "DRAF/KPS.03/KC-SMD/XI/2026" in text
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(LetterSequence)) == 0
        assert session.scalar(select(func.count()).select_from(Letter)) == 0
    assert issue_letters(db, "tunggakan", [eid], today=TODAY)[0].number.startswith("1/")


def test_reprint_gives_the_same_document(db: Database) -> None:
    set_umk(db)
    eid = arrears_employer(db)
    issued = issue_letters(db, "tunggakan", [eid], today=TODAY)[0]
    again = reprint(db, issued.letter_id)
    assert hashlib.sha256(again).hexdigest() == issued.sha256
    set_status(db, issued.letter_id, "dicetak")
    assert reprint(db, issued.letter_id) == again


def set_and_receive(db: Database, letter_id: Any, sent_on: date, received_on: date) -> list[Any]:
    record_sent(db, [letter_id], sent_on)
    return record_received(db, [letter_id], received_on)


def test_teguran_2_only_after_unanswered_teguran_1_deadline(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The letters are dated after the computer's today: let the clock be later too.
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    set_umk(db)
    eid = arrears_employer(db)
    other = arrears_employer(db, "PT Tanpa Teguran")
    with pytest.raises(ServiceError, match="belum ada kasus kepatuhan"):
        issue_letters(db, "teguran-2", [eid], today=TODAY)

    first = issue_letters(db, "teguran-1", [eid], today=TODAY)[0]
    # Sent the next day: + 3 working days of delivery allowance + 10 working days = 11 December.
    set_status(db, first.letter_id, "dikirim", on=date(2026, 11, 24))
    with pytest.raises(ServiceError, match=r"berakhir 11 Desember 2026"):
        issue_letters(db, "teguran-2", [eid], today=date(2026, 12, 11))
    with db.session() as session:
        refused = check_eligibility(session, "teguran-2", [eid, other], date(2026, 12, 14))
    assert list(refused) == [other]

    second = issue_letters(db, "teguran-2", [eid], today=date(2026, 12, 14))[0]
    with db.session() as session:
        row = session.get(Letter, second.letter_id)
        assert row is not None and row.previous_letter_id == first.letter_id
        text = pdf_text(bytes(row.pdf))
    assert first.number in text and "23 November 2026" in text
    with pytest.raises(ServiceError, match="langkah berikutnya Denda"):
        issue_letters(db, "teguran-2", [eid], today=date(2026, 12, 15))


def test_answered_teguran_1_blocks_teguran_2(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # The letters are dated after the computer's today: let the clock be later too.
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    set_umk(db)
    eid = arrears_employer(db)
    first = issue_letters(db, "teguran-1", [eid], today=TODAY)[0]
    set_status(db, first.letter_id, "dikirim", on=date(2026, 11, 24))
    set_status(db, first.letter_id, "dijawab", on=date(2026, 12, 1), note="Janji bayar Desember")
    with db.session() as session:
        row = session.get(Letter, first.letter_id)
        assert row is not None
        assert (row.status, row.sent_on, row.answered_on, row.answer_note) == (
            "dijawab",
            date(2026, 11, 24),
            date(2026, 12, 1),
            "Janji bayar Desember",
        )
    with pytest.raises(ServiceError, match="tidak dapat dikembalikan"):
        set_status(db, first.letter_id, "dikirim")
    with pytest.raises(ServiceError, match="sudah dijawab"):
        issue_letters(db, "teguran-2", [eid], today=date(2026, 12, 10))


def test_refused_kinds(db: Database) -> None:
    set_umk(db)
    compliant = add_employer(db, "PT Patuh Selalu")
    with pytest.raises(ServiceError, match="tidak memiliki tunggakan"):
        issue_letters(db, "tunggakan", [compliant], today=TODAY)
    with pytest.raises(ServiceError, match=r"patuh \(tidak ada temuan\)"):
        issue_letters(db, "teguran-1", [compliant], today=TODAY)
    with pytest.raises(ServiceError, match="paket pekerjaan"):
        issue_letters(db, "jakon", [compliant], today=TODAY)


def test_one_month_of_arrears_reads_as_one_period_and_every_amount_has_words(
    db: Database,
) -> None:
    set_umk(db)
    for kind in ("tunggakan", "teguran-1"):
        eid = add_employer(db, f"PT Satu Bulan {kind}")
        add_periods(db, eid, [(2026, 9, 13_100_000, 0)])
        issued = issue_letters(db, kind, [eid], today=TODAY)[0]
        with db.session() as session:
            letter = session.get(Letter, issued.letter_id)
            assert letter is not None and letter.pdf is not None
            text = " ".join(pdf_text(bytes(letter.pdf)).split())
        assert "periode September 2026" in text, kind
        assert "sampai dengan September 2026" not in text, kind
        # September, due 15 October: 23 November is in the second started month,
        # 2 x 2 % of Rp13.100.000.
        assert "Rp524.000 (lima ratus dua puluh empat ribu rupiah)" in text, kind


def test_jakon_reminder_lists_project_and_contribution(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db, "CV Jembatan Mahakam", sector="konstruksi")
    with db.transaction() as session:
        session.add(
            PublicWorksPackage(
                kd_rup="45123456",
                name="Pembangunan Jembatan Mahakam IV Paket 2",
                pagu=2_100_000_000,
                fiscal_year=2026,
                contractor_id=eid,
                contract_value=2_000_000_000,
                spk_date=date(2026, 11, 2),
            )
        )
    issued = issue_letters(db, "jakon", [eid], today=TODAY)[0]
    with db.session() as session:
        text = pdf_text(bytes(session.get(Letter, issued.letter_id).pdf))  # type: ignore[union-attr]
    assert "Pembangunan Jembatan Mahakam IV Paket 2" in text
    assert "Rp2.000.000.000" in text
    assert "2 November 2026" in text
    # DOMAIN.md §1.6 worked example: Rp2.950.000 for a 2 billion contract.
    assert "Rp2.950.000 (dua juta sembilan ratus lima puluh ribu rupiah)" in text


def test_cancel_stores_nothing_removes_files_and_never_reuses_numbers(
    db: Database, tmp_path: Path
) -> None:
    set_umk(db)
    ids = [arrears_employer(db, f"PT Tunggak {n}", npp=f"7{n:07d}") for n in range(3)]
    out = tmp_path / "surat"
    calls = {"n": 0}

    def cancel_after_two() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(Cancelled):
        issue_letters(db, "tunggakan", ids, out_dir=out, is_cancelled=cancel_after_two, today=TODAY)
    assert list(out.iterdir()) == []
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Letter)) == 0
        void = session.scalar(select(AuditEvent).where(AuditEvent.action == "void"))
        assert void is not None and '"numbers": [1, 2, 3]' in void.details
    progress: list[tuple[int, int]] = []
    issued = issue_letters(
        db, "tunggakan", ids, out_dir=out, today=TODAY,
        progress=lambda done, total, _msg: progress.append((done, total)),
    )  # fmt: skip
    assert [i.number.split("/")[0] for i in issued] == ["4", "5", "6"]
    assert progress[-1] == (5, 5)
    assert len(list(out.glob("*.pdf"))) == 4  # three letters and the combined PDF


def test_noncompliant_selection_by_sector_and_regency(db: Database) -> None:
    set_umk(db)
    a = arrears_employer(db, "PT A Sawit")
    b = arrears_employer(db, "PT B Bangun", sector="konstruksi")
    c = arrears_employer(db, "PT C Kukar", regency_code="64.02")
    add_employer(db, "PT D Patuh")
    with db.transaction() as session:
        refresh_compliance(session, today=TODAY)
    with db.session() as session:
        assert noncompliant_employer_ids(session) == [a, b, c]
        assert noncompliant_employer_ids(session, sector="konstruksi") == [b]
        assert noncompliant_employer_ids(session, regency_code="64.02") == [c]


# --------------------------------------------------------------------------- concurrency


def _take_numbers(url: str, count: int, start: multiprocessing.synchronize.Event) -> list[int]:
    db = Database(url)
    start.wait(30)
    taken = []
    try:
        for _ in range(count):
            with db.transaction() as session:
                taken.append(next_letter_number(session, "teguran-1", 2026))
    finally:
        db.dispose()
    return taken


def _worker(url: str, count: int, start: object, out: object) -> None:
    out.put(_take_numbers(url, count, start))  # type: ignore[attr-defined, arg-type]


@pytest.mark.slow
def test_two_processes_never_get_the_same_number(engine_url: str) -> None:
    open_database(engine_url).dispose()  # migrate and seed once, before the race
    # fork starts in milliseconds; spawn (the only choice on Windows) re-imports everything.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx: Any = multiprocessing.get_context(method)  # fork or spawn, chosen above
    start = ctx.Event()
    out = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(engine_url, 30, start, out)) for _ in range(2)]
    for p in procs:
        p.start()
    start.set()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    numbers = sorted(results[0] + results[1])
    assert numbers == list(range(1, 61))
    assert all(r == sorted(r) for r in results)  # each process sees its own numbers rise
