"""Only confirmed figures on paper: UMK estimates refuse the letter, holiday estimates warn."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from pypdf import PdfReader
from service_samples import TODAY, UMK_DECREE, add_employer, add_periods, set_umk
from sqlalchemy import delete, select

from kantor_app.services.employers.compliance import assess_employer, load_context
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.eligibility import check_eligibility
from kantor_app.services.letters.figures import holiday_warnings
from kantor_app.services.letters.issuing import issue_letters, preview_letter
from kantor_app.services.letters.recipients import choose_recipients
from kantor_app.services.letters.register import reprint
from kantor_app.services.reference.edit import list_holidays, save_holidays
from kantor_app.store.engine import Database
from kantor_app.store.models import Holiday, MinimumWage

BALIKPAPAN = "64.71"


# Numbered letters need the branch's own letterhead and signatory (readiness).
pytestmark = pytest.mark.usefixtures("real_branch")


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def _underpaying(db: Database, name: str, regency_code: str) -> uuid.UUID:
    """PDS Upah only: wage below the UMK, contributions paid."""
    eid = add_employer(db, name, regency_code=regency_code, wage_reported=3_500_000)
    add_periods(db, eid, [(2026, m, 1_000_000, 1_000_000) for m in range(1, 11)], TODAY)
    return eid


def test_estimated_umk_refuses_that_employer_and_the_confirmed_one_is_issued(
    db: Database,
) -> None:
    set_umk(db)  # Samarinda 2026: confirmed with UMK_DECREE
    set_umk(db, BALIKPAPAN, 4_100_000, confirmed=False)
    samarinda = _underpaying(db, "PT Kayu Samarinda", "64.72")
    balikpapan = _underpaying(db, "PT Minyak Balikpapan", BALIKPAPAN)

    recipients = choose_recipients(db, "teguran-1", TODAY)
    assert recipients.employer_ids == [samarinda]
    assert recipients.skipped == {
        balikpapan: "UMK Kota Balikpapan tahun 2026 belum dikonfirmasi: isi Nomor dan "
        "Tanggal SK Gubernur di Pengaturan > UMK"
    }
    issued = issue_letters(db, "teguran-1", recipients.employer_ids, today=TODAY)
    assert [letter.employer_name for letter in issued] == ["PT Kayu Samarinda"]
    text = _text(reprint(db, issued[0].letter_id))
    assert (
        "lebih rendah dari upah minimum Kota Samarinda tahun 2026 sebesar Rp4.000.000 "
        "(empat juta rupiah) sebagaimana ditetapkan dengan Keputusan Gubernur Kalimantan "
        f"Timur Nomor {UMK_DECREE[0]} tanggal 28 November 2025"
    ) in text

    # Named on purpose, the estimate refuses the whole request with the reason.
    with pytest.raises(ServiceError, match="Balikpapan tahun 2026 belum dikonfirmasi"):
        issue_letters(db, "teguran-1", [balikpapan], today=TODAY)


def test_kaltara_umk_cites_the_governor_of_kalimantan_utara(db: Database) -> None:
    set_umk(db, "65.71", 4_300_000)
    eid = _underpaying(db, "PT Udang Tarakan", "65.71")
    with db.session() as session:
        text = _text(preview_letter(session, "teguran-1", eid, today=TODAY))
    assert "upah minimum Kota Tarakan tahun 2026 sebesar Rp4.300.000" in text
    assert "Keputusan Gubernur Kalimantan Utara Nomor" in text


def test_a_year_without_umk_is_refused_and_never_prints_the_year_before(db: Database) -> None:
    set_umk(db)
    with db.transaction() as session:
        session.add(
            MinimumWage(
                regency_code="64.72",
                year=2025,
                amount=3_700_000,
                confirmed=True,
                decree_number="100.3.3.1/K.700/2024",
                decree_date=date(2024, 12, 10),
            )
        )
        session.execute(
            delete(MinimumWage).where(MinimumWage.regency_code == "64.72", MinimumWage.year == 2026)
        )
    eid = _underpaying(db, "PT Kayu Samarinda", "64.72")
    with db.session() as session:
        ctx = load_context(session, TODAY)
        refused = check_eligibility(session, "teguran-1", [eid], TODAY)
    assert ctx.minimum_wages["64.72"] == 3_700_000  # the screen still compares with 2025
    assert refused == {
        eid: "UMK Kota Samarinda tahun 2026 belum ada di tabel UMK: isi jumlahnya serta Nomor "
        "dan Tanggal SK Gubernur di Pengaturan > UMK"
    }


def test_a_letter_without_the_finding_clause_is_not_refused_for_its_umk(db: Database) -> None:
    set_umk(db, confirmed=False)
    eid = add_employer(db, "PT Kayu Samarinda", wage_reported=3_500_000)
    add_periods(db, eid, [(2026, 9, 1_000_000, 0)])
    with db.session() as session:
        assert (
            "Samarinda tahun 2026 belum dikonfirmasi"
            in (check_eligibility(session, "teguran-1", [eid], TODAY)[eid])
        )
        # The arrears notice states the arrears, not the UMK.
        assert check_eligibility(session, "tunggakan", [eid], TODAY) == {}


def _confirm_year(db: Database, year: int) -> None:
    with db.session() as session:
        rows = list_holidays(session, year)
    save_holidays(db, year, rows, confirmed=[day for day, _ in rows])


def test_holiday_warnings_name_the_estimated_or_missing_years(db: Database) -> None:
    late_december = date(2026, 12, 21)
    with db.session() as session:
        assert holiday_warnings(session, late_december) == [
            "Hari libur tahun 2026 masih perkiraan: batas waktu dihitung dengan perkiraan. "
            "Konfirmasi di Pengaturan > Hari Libur.",
            "Hari libur tahun 2027 masih perkiraan: batas waktu dihitung dengan perkiraan. "
            "Konfirmasi di Pengaturan > Hari Libur.",
        ]
    _confirm_year(db, 2026)
    with db.session() as session:
        assert len(holiday_warnings(session, late_december)) == 1
        assert holiday_warnings(session, TODAY) == []  # the period ends in 2026
    with db.transaction() as session:
        session.execute(delete(Holiday).where(Holiday.day >= date(2027, 1, 1)))
    with db.session() as session:
        assert holiday_warnings(session, late_december) == [
            "Hari libur tahun 2027 belum ada di tabel: batas waktu dihitung tanpa hari libur. "
            "Isi di Pengaturan > Hari Libur."
        ]


def test_saving_holidays_keeps_or_sets_their_confirmation(db: Database) -> None:
    _confirm_year(db, 2026)
    with db.session() as session:
        rows = list_holidays(session, 2026)
    save_holidays(db, 2026, [*rows, (date(2026, 12, 31), "Cuti bersama tambahan")])
    with db.session() as session:
        query = select(Holiday.day, Holiday.confirmed).where(Holiday.day >= date(2026, 1, 1))
        flags = {day: confirmed for day, confirmed in session.execute(query)}
    assert flags[date(2026, 12, 31)] is False  # a new day is an estimate
    assert all(flags[day] for day, _ in rows)  # None keeps the marks already given


def test_the_screen_marks_an_estimated_umk(db: Database) -> None:
    set_umk(db, confirmed=False)
    eid = _underpaying(db, "PT Kayu Samarinda", "64.72")
    with db.session() as session:
        reasons = [f.reason for f in assess_employer(session, eid, TODAY).findings]
    assert [r for r in reasons if "UMK" in r] == [
        "Upah rata-rata dilaporkan Rp3.500.000, di bawah UMK Rp4.000.000 (perkiraan)"
    ]
    set_umk(db)
    with db.session() as session:
        reasons = [f.reason for f in assess_employer(session, eid, TODAY).findings]
    assert [r for r in reasons if "UMK" in r] == [
        "Upah rata-rata dilaporkan Rp3.500.000, di bawah UMK Rp4.000.000"
    ]
