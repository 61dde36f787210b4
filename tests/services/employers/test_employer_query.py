"""The employer table's SQL: filters, sorting, paging and the detail pane data."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

import pytest

from kantor_app.services.employers.query import (
    NONCOMPLIANT,
    EmployerFilter,
    count_employers,
    employer_detail,
    employer_ids,
    fetch_employers,
    regencies_in_use,
)
from kantor_app.store.engine import Database
from kantor_app.store.models import ContributionPeriod, Employer, EmployerFinding, Letter

SAMARINDA = "64.72"
BALIKPAPAN = "64.71"


def _letter(employer: Employer, number: str, kind: str, issued: date, status: str) -> Letter:
    pdf = f"%PDF-fake {number}".encode()
    return Letter(
        number=number,
        kind=kind,
        employer_id=employer.id,
        issued_on=issued,
        deadline=None,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pdf=pdf,
        status=status,
    )


@pytest.fixture
def registry(db: Database) -> dict[str, uuid.UUID]:
    """Five employers with known statuses, sectors, regions and letters."""
    employers = {
        "sawit": Employer(
            npp="NPP001",
            name="PT Sawit Makmur",
            sector="kelapa_sawit",
            regency_code=SAMARINDA,
            npwp="0123456789012345",
            compliance_status="menunggak",
            arrears_total=3_000_000,
        ),
        "bangun": Employer(
            npp="NPP002",
            name="CV Bangun Jaya",
            sector="konstruksi",
            regency_code=BALIKPAPAN,
            compliance_status="pds_tk",
            arrears_total=0,
        ),
        "tambang": Employer(
            npp=None,
            name="PT Tambang Baru",
            sector="pertambangan",
            regency_code=SAMARINDA,
            compliance_status="belum_daftar",
            arrears_total=0,
        ),
        "toko": Employer(
            npp="NPP004",
            name="UD Toko Sejahtera",
            sector="perdagangan",
            regency_code=BALIKPAPAN,
            compliance_status="patuh",
            arrears_total=0,
        ),
        "kebun": Employer(
            npp="NPP005",
            name="PT Kebun Sawit Lestari",
            sector="kelapa_sawit",
            regency_code=BALIKPAPAN,
            compliance_status="menunggak",
            arrears_total=9_500_000,
        ),
    }
    with db.transaction() as s:
        s.add_all(employers.values())
        s.flush()
        sawit = employers["sawit"]
        s.add_all(
            [
                ContributionPeriod(
                    employer_id=sawit.id,
                    year=2026,
                    month=1,
                    due=1_000_000,
                    paid=1_000_000,
                    paid_on=date(2026, 2, 10),
                ),
                ContributionPeriod(employer_id=sawit.id, year=2026, month=2, due=1_500_000, paid=0),
                ContributionPeriod(employer_id=sawit.id, year=2026, month=3, due=1_500_000, paid=0),
                EmployerFinding(
                    employer_id=sawit.id,
                    found_on=date(2026, 4, 2),
                    workers_found=40,
                    wage_found=3_500_000,
                    source="inspeksi",
                    officer="Rina",
                ),
                _letter(sawit, "001/TGR/2026", "teguran-1", date(2026, 4, 10), "dikirim"),
                _letter(sawit, "007/TGR/2026", "tunggakan", date(2026, 5, 3), "diterbitkan"),
                _letter(
                    employers["kebun"], "002/TGR/2026", "teguran-1", date(2026, 4, 11), "dijawab"
                ),
            ]
        )
    return {key: emp.id for key, emp in employers.items()}


def _names(db: Database, flt: EmployerFilter, **kwargs: object) -> list[str]:
    with db.session() as s:
        return [row.name for row in fetch_employers(s, flt, **kwargs)]  # type: ignore[arg-type]


def test_noncompliant_filter_leaves_out_only_patuh(
    db: Database, registry: dict[str, uuid.UUID]
) -> None:
    flt = EmployerFilter(status=NONCOMPLIANT)
    names = _names(db, flt)
    assert "UD Toko Sejahtera" not in names
    assert len(names) == 4
    with db.session() as s:
        assert count_employers(s, flt) == 4
        assert count_employers(s, EmployerFilter()) == 5
        assert set(employer_ids(s, flt)) == set(registry.values()) - {registry["toko"]}


def test_status_sector_and_regency_filters_combine(
    db: Database, registry: dict[str, uuid.UUID]
) -> None:
    assert _names(db, EmployerFilter(status="menunggak")) == [
        "PT Kebun Sawit Lestari",
        "PT Sawit Makmur",
    ]
    assert _names(db, EmployerFilter(status="menunggak", regency_code=SAMARINDA)) == [
        "PT Sawit Makmur"
    ]
    assert _names(db, EmployerFilter(sector="konstruksi")) == ["CV Bangun Jaya"]
    assert _names(db, EmployerFilter(sector="konstruksi", status="patuh")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sawit", ["PT Kebun Sawit Lestari", "PT Sawit Makmur"]),
        ("SAWIT mak", ["PT Sawit Makmur"]),
        ("npp002", ["CV Bangun Jaya"]),
        # a 15-digit NPWP finds the employer stored with the 16-digit form
        ("12.345.678.9-012.345", ["PT Sawit Makmur"]),
        ("100%", []),  # LIKE wildcards are taken literally
    ],
)
def test_free_text_searches_name_npp_and_npwp(
    db: Database, registry: dict[str, uuid.UUID], text: str, expected: list[str]
) -> None:
    assert _names(db, EmployerFilter(text=text)) == expected


def test_sorting_and_paging(db: Database, registry: dict[str, uuid.UUID]) -> None:
    by_arrears = _names(db, EmployerFilter(), sort="arrears", descending=True)
    assert by_arrears[:2] == ["PT Kebun Sawit Lestari", "PT Sawit Makmur"]
    # most serious status first: Belum Daftar, then Menunggak ..., Patuh last
    by_status = _names(db, EmployerFilter(), sort="status")
    assert by_status[0] == "PT Tambang Baru"
    assert by_status[-1] == "UD Toko Sejahtera"
    everything = _names(db, EmployerFilter(), sort="npp")
    pages = (
        _names(db, EmployerFilter(), sort="npp", limit=2)
        + _names(db, EmployerFilter(), sort="npp", offset=2, limit=2)
        + _names(db, EmployerFilter(), sort="npp", offset=4, limit=2)
    )
    assert pages == everything
    assert len(set(everything)) == 5
    with pytest.raises(ValueError):
        _names(db, EmployerFilter(), sort="nonsense")


def test_rows_carry_region_name_and_last_letter(
    db: Database, registry: dict[str, uuid.UUID]
) -> None:
    with db.session() as s:
        rows = {r.name: r for r in fetch_employers(s, EmployerFilter(), limit=10)}
    sawit = rows["PT Sawit Makmur"]
    assert sawit.regency_name == "Kota Samarinda"
    assert sawit.last_letter_number == "007/TGR/2026"
    assert sawit.last_letter_kind == "tunggakan"
    assert sawit.last_letter_status == "diterbitkan"
    assert rows["UD Toko Sejahtera"].last_letter_number is None
    assert rows["PT Sawit Makmur"].arrears_total == 3_000_000
    by_letter = _names(db, EmployerFilter(), sort="last_letter", descending=True)
    assert by_letter[:2] == ["PT Sawit Makmur", "PT Kebun Sawit Lestari"]


def test_regency_filter_lists_what_is_in_use(db: Database, registry: dict[str, uuid.UUID]) -> None:
    with db.session() as s:
        codes = [code for code, _name in regencies_in_use(s)]
    assert sorted(codes) == [BALIKPAPAN, SAMARINDA]


def test_detail_has_history_findings_and_letters(
    db: Database, registry: dict[str, uuid.UUID]
) -> None:
    with db.session() as s:
        detail = employer_detail(s, registry["sawit"])
        assert employer_detail(s, uuid.uuid4()) is None
    assert detail is not None
    assert detail.npp == "NPP001"
    assert detail.status == "menunggak"
    assert [(p.year, p.month, p.outstanding) for p in detail.periods] == [
        (2026, 3, 1_500_000),
        (2026, 2, 1_500_000),
        (2026, 1, 0),
    ]
    assert detail.periods[-1].paid_on == date(2026, 2, 10)
    assert [f.workers_found for f in detail.findings] == [40]
    assert [(le.number, le.status) for le in detail.letters] == [
        ("007/TGR/2026", "diterbitkan"),
        ("001/TGR/2026", "dikirim"),
    ]
