"""The sanction path in the register: one case per violation, moving only forward."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from letter_samples import deliver
from pypdf import PdfReader
from service_samples import TODAY, add_employer, add_periods, set_umk

from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.cases import close_case, load_cases
from kantor_app.services.letters.eligibility import check_eligibility
from kantor_app.services.letters.fine_base import set_fine_base
from kantor_app.services.letters.issuing import IssuedLetter, issue_letters
from kantor_app.services.reference.seed import load_holidays
from kantor_app.store.engine import Database
from kantor_app.store.models import Letter, SanctionCase

# Numbered letters need the branch's own letterhead and signatory (readiness).
pytestmark = pytest.mark.usefixtures("real_branch")


@pytest.fixture(autouse=True)
def _later_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # The letters walk months past the computer's today: let the clock be later too.
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))


def _text(db: Database, issued: IssuedLetter) -> str:
    with db.session() as session:
        row = session.get(Letter, issued.letter_id)
        assert row is not None
        pages = PdfReader(io.BytesIO(bytes(row.pdf))).pages
    return " ".join(" ".join(p.extract_text() or "" for p in pages).split())


def _arrears_employer(db: Database, name: str = "PT Sawit Menunggak") -> uuid.UUID:
    eid = add_employer(db, name)
    add_periods(db, eid, [(2026, 6, 12_500_000, 0), (2026, 7, 12_500_000, 2_500_000)])
    return eid


def _one(db: Database, kind: str, eid: uuid.UUID, on: date) -> IssuedLetter:
    return issue_letters(db, kind, [eid], today=on)[0]


def test_teguran_1_opens_a_case_and_the_same_violation_gets_no_second_one(db: Database) -> None:
    set_umk(db)
    eid = _arrears_employer(db)
    first = _one(db, "teguran-1", eid, TODAY)
    with db.session() as session:
        case = session.query(SanctionCase).one()
        letter = session.get(Letter, first.letter_id)
        assert letter is not None and letter.case_id == case.id
        assert (case.step, case.violations) == ("teguran-1", "menunggak:2026-06,menunggak:2026-07")
    # Even long after its period, with nothing answered: the clock never restarts.
    deliver(db, first.letter_id, date(2026, 11, 24), date(2026, 11, 26))
    with pytest.raises(ServiceError, match="sudah dalam kasus yang berjalan"):
        _one(db, "teguran-1", eid, date(2027, 1, 4))


def test_teguran_2_needs_receipt_plus_ten_working_days(db: Database) -> None:
    set_umk(db)
    eid = _arrears_employer(db)
    first = _one(db, "teguran-1", eid, TODAY)
    with pytest.raises(ServiceError, match="belum dicatat dikirim atau diterima"):
        _one(db, "teguran-2", eid, date(2027, 1, 4))
    # Sent Tuesday 24 November, received Thursday 26: the period ends Thursday 10 December.
    deliver(db, first.letter_id, date(2026, 11, 24), date(2026, 11, 26))
    with pytest.raises(ServiceError, match=r"berakhir 10 Desember 2026.*sejak 11 Desember 2026"):
        _one(db, "teguran-2", eid, date(2026, 12, 10))
    with db.session() as session:
        assert check_eligibility(session, "teguran-2", [eid], date(2026, 12, 11)) == {}
    second = _one(db, "teguran-2", eid, date(2026, 12, 11))
    with db.session() as session:
        row = session.get(Letter, second.letter_id)
        assert row is not None and row.previous_letter_id == first.letter_id
    # No Teguran I after a Teguran II, and no second Teguran II.
    with pytest.raises(ServiceError, match="sudah dalam kasus yang berjalan"):
        _one(db, "teguran-1", eid, date(2026, 12, 14))
    with pytest.raises(ServiceError, match="langkah berikutnya Denda"):
        _one(db, "teguran-2", eid, date(2027, 1, 4))


def test_teguran_2_restates_teguran_1_and_later_arrears_open_their_own_case(db: Database) -> None:
    set_umk(db)
    eid = _arrears_employer(db)
    first = _one(db, "teguran-1", eid, TODAY)
    assert "periode Juni 2026 sampai dengan Juli 2026" in _text(db, first)
    deliver(db, first.letter_id, date(2026, 11, 24), date(2026, 11, 26))
    # September falls into arrears after the Teguran I: not the first case's business.
    add_periods(db, eid, [(2026, 9, 13_100_000, 0)])
    second = _one(db, "teguran-2", eid, date(2026, 12, 11))
    text = _text(db, second)
    assert "periode Juni 2026 sampai dengan Juli 2026" in text and "September" not in text
    assert first.number in text and "23 November 2026" in text
    new_case = _one(db, "teguran-1", eid, date(2026, 12, 11))
    text = _text(db, new_case)
    assert "periode September 2026" in text and "Juni" not in text
    with db.session() as session:
        cases = load_cases(session, [eid], holidays=())[eid]
    assert [c.case.violations for c in cases] == [
        "menunggak:2026-06,menunggak:2026-07",
        "menunggak:2026-09",
    ]


def test_no_arrears_notice_while_an_arrears_case_is_open(db: Database) -> None:
    set_umk(db)
    eid = _arrears_employer(db)
    _one(db, "tunggakan", eid, TODAY)  # before a case: allowed
    first = _one(db, "teguran-1", eid, date(2026, 11, 24))
    with pytest.raises(ServiceError, match="kasus tunggakan sedang berjalan"):
        _one(db, "tunggakan", eid, date(2026, 11, 25))
    with db.session() as session:
        case_id = session.query(SanctionCase.id).scalar()
    assert case_id is not None
    close_case(db, case_id, "dicabut", "Salah data iuran", closed_on=date(2026, 11, 30))
    assert _one(db, "tunggakan", eid, date(2026, 12, 1)).kind == "tunggakan"
    assert first.kind == "teguran-1"


def test_fine_then_tmp2t_with_their_amounts_dates_and_addressee(db: Database) -> None:
    set_umk(db)
    eid = _arrears_employer(db)
    first = _one(db, "teguran-1", eid, TODAY)
    deliver(db, first.letter_id, date(2026, 11, 24), date(2026, 11, 26))
    second = _one(db, "teguran-2", eid, date(2026, 12, 11))
    # Received Monday 14 December: 10 working days end 29 December (25 December is a holiday
    # in the seeded table, so the count skips it).
    deliver(db, second.letter_id, date(2026, 12, 11), date(2026, 12, 14))
    with db.session() as session:
        t2_end = load_cases(session, [eid], holidays=_holidays(db))[eid][0].teguran_2_end
    assert t2_end is not None
    with pytest.raises(ServiceError, match="baru boleh sejak"):
        _one(db, "denda", eid, t2_end)
    fine = _one(db, "denda", eid, date(2027, 1, 4))
    text = _text(db, fine)
    # Outstanding as of the Teguran I: 12.500.000 + 10.000.000; 0,1 % of it.
    assert "Rp22.500.000 (dua puluh dua juta lima ratus ribu rupiah)" in text
    assert "Rp22.500 (dua puluh dua ribu lima ratus rupiah)" in text
    assert first.number in text and second.number in text
    deliver(db, fine.letter_id, date(2027, 1, 4), date(2027, 1, 5))
    # The fine runs 30 days after the Teguran II period: no TMP2T request before that.
    with pytest.raises(ServiceError, match="baru boleh sejak"):
        _one(db, "tmp2t", eid, date(2027, 1, 25))
    request = _one(db, "tmp2t", eid, date(2027, 2, 1))
    text = _text(db, request)
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Samarinda" in text
    assert "beralamat di Jl. Jenderal Sudirman No. 12, Kota Samarinda, telah" in text
    assert fine.number in text and "izin yang diperlukan dalam mengikuti tender" in text
    with pytest.raises(ServiceError, match="permintaan TMP2T sudah diterbitkan: langkah terakhir"):
        _one(db, "tmp2t", eid, date(2027, 3, 1))


def test_closing_a_case_needs_a_known_reason_and_a_note_to_withdraw(db: Database) -> None:
    set_umk(db)
    eid = _arrears_employer(db)
    _one(db, "teguran-1", eid, TODAY)
    with db.session() as session:
        case_id = session.query(SanctionCase.id).scalar()
    assert case_id is not None
    with pytest.raises(ServiceError, match="tidak dikenal"):
        close_case(db, case_id, "lupa")
    with pytest.raises(ServiceError, match="memerlukan keterangan"):
        close_case(db, case_id, "dicabut", "  ")
    close_case(db, case_id, "dicabut", "Salah NPP: perusahaan lain", closed_on=date(2026, 11, 24))
    with pytest.raises(ServiceError, match="sudah ditutup"):
        close_case(db, case_id, "patuh")
    # A closed case holds nothing: the same arrears may open a new case.
    assert _one(db, "teguran-1", eid, date(2026, 11, 25)).kind == "teguran-1"


def _holidays(db: Database) -> frozenset[date]:
    with db.session() as session:
        return load_holidays(session)


def test_a_month_paid_late_is_named_for_its_fee_not_counted_as_unpaid(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db, "PT Telat Sekali")
    add_periods(db, eid, [(2026, 9, 2_000_000, 2_000_000)], paid_on=date(2026, 10, 20))
    add_periods(db, eid, [(2026, 10, 2_000_000, 0)])
    text = _text(db, _one(db, "teguran-1", eid, TODAY))
    assert "menunggak iuran 1 (satu) bulan (periode Oktober 2026) sebesar Rp2.000.000" in text
    # September: due 15 October, paid 20 October: one started month, 2 % of Rp2.000.000.
    assert "(termasuk denda atas iuran periode September 2026 yang dibayar terlambat)" in text


def test_only_a_late_fee_owed_reads_as_such(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db, "PT Lunas Terlambat")
    add_periods(db, eid, [(2026, 9, 2_000_000, 2_000_000)], paid_on=date(2026, 10, 20))
    text = _text(db, _one(db, "teguran-1", eid, TODAY))
    assert (
        "belum membayar denda keterlambatan Rp40.000 (empat puluh ribu rupiah) atas iuran "
        "periode September 2026 yang dibayar terlambat" in text
    )


def test_a_case_closes_as_complied_only_when_its_violations_are_gone(db: Database) -> None:
    set_umk(db)
    eid = _arrears_employer(db)
    _one(db, "teguran-1", eid, TODAY)
    with db.session() as session:
        case_id = session.query(SanctionCase.id).scalar()
    assert case_id is not None
    with pytest.raises(ServiceError, match="belum dapat ditutup sebagai patuh: masih tercatat"):
        close_case(db, case_id, "patuh", closed_on=date(2026, 11, 24))
    with pytest.raises(ServiceError, match="memerlukan keterangan"):
        close_case(db, case_id, "selesai", closed_on=date(2026, 11, 24))
    # Resolved after its path: the same arrears never get a second Teguran I.
    close_case(
        db, case_id, "selesai", "Diserahkan ke Kejaksaan (SKK)", closed_on=date(2026, 11, 24)
    )
    with pytest.raises(ServiceError, match="sudah dalam kasus yang berjalan atau selesai"):
        _one(db, "teguran-1", eid, date(2026, 11, 25))


def test_a_case_without_arrears_reaches_its_fine_once_an_officer_states_the_base(
    db: Database,
) -> None:
    set_umk(db)  # Rp4.000.000, confirmed
    eid = add_employer(db, "PT Upah Rendah", wage_reported=3_500_000)
    first = _one(db, "teguran-1", eid, TODAY)
    deliver(db, first.letter_id, date(2026, 11, 24), date(2026, 11, 26))
    second = _one(db, "teguran-2", eid, date(2026, 12, 11))
    deliver(db, second.letter_id, date(2026, 12, 11), date(2026, 12, 14))
    with pytest.raises(ServiceError, match="isi dulu iuran tersebut beserta sumbernya"):
        _one(db, "denda", eid, date(2027, 1, 4))
    with db.session() as session:
        case_id = session.query(SanctionCase.id).scalar()
    assert case_id is not None
    with pytest.raises(ServiceError, match="Sebutkan sumber"):
        set_fine_base(db, case_id, 12_000_000, " ")
    set_fine_base(db, case_id, 12_000_000, "berita acara pemeriksaan nomor 7/BAP/XII/2026")
    text = _text(db, _one(db, "denda", eid, date(2027, 1, 4)))
    assert (
        "Rp12.000.000 (dua belas juta rupiah) berdasarkan berita acara pemeriksaan nomor "
        "7/BAP/XII/2026" in text
    )
    assert "Rp12.000 (dua belas ribu rupiah)" in text
    with pytest.raises(ServiceError, match="belum sampai tahap denda"):
        set_fine_base(db, case_id, 1_000_000, "BAP lain")
