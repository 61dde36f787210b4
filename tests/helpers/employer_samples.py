"""A small employer registry for GUI tests, built through the ORM and the compliance service."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from kantor_app.services.employers.compliance import refresh_compliance
from kantor_app.store.engine import Database
from kantor_app.store.models import ContributionPeriod, Employer, EmployerFinding, MinimumWage

TODAY = date(2026, 11, 23)
SAMARINDA = "64.72"
BALIKPAPAN = "64.71"
KUTIM = "64.08"
DECREE_ON = date(2025, 11, 28)


def _months_back(n: int) -> tuple[int, int]:
    index = TODAY.year * 12 + TODAY.month - 1 - n
    return index // 12, index % 12 + 1


def build_registry(db: Database) -> dict[str, uuid.UUID]:
    """Seven employers: three in arrears, one PDS TK, one PDS Upah, one compliant,
    one not registered. Contribution periods run up to two months before TODAY."""
    full = "JKK,JKM,JHT,JP"
    employers = {
        "sawit": Employer(
            npp="19001234",
            name="PT Sawit Makmur Sejahtera",
            sector="kelapa_sawit",
            scale="besar",
            regency_code=KUTIM,
            address="Jl. Poros Sangatta–Bengalon Km 12",
            npwp="0012345678721000",
            workers_reported=120,
            wage_reported=3_900_000,
            programs=full,
            contact_person="Budi Santoso",
        ),
        "bangun": Employer(
            npp="19002002",
            name="CV Bangun Borneo Konstruksi",
            sector="konstruksi",
            scale="kecil",
            regency_code=SAMARINDA,
            address="Jl. Juanda No. 8",
            workers_reported=25,
            wage_reported=3_600_000,
            programs="JKK,JKM,JHT",
        ),
        "kebun": Employer(
            npp="19003003",
            name="PT Kebun Hijau Lestari",
            sector="kelapa_sawit",
            scale="menengah",
            regency_code=KUTIM,
            address="Desa Swarga Bara",
            workers_reported=60,
            wage_reported=3_800_000,
            programs=full,
        ),
        "tambang": Employer(
            npp="19004004",
            name="PT Tambang Batu Mulia",
            sector="pertambangan",
            scale="besar",
            regency_code=BALIKPAPAN,
            address="Jl. Soekarno-Hatta Km 5",
            workers_reported=40,
            wage_reported=5_000_000,
            programs=full,
        ),
        "dagang": Employer(
            npp="19005005",
            name="UD Sumber Rejeki",
            sector="perdagangan",
            scale="kecil",
            regency_code=SAMARINDA,
            address="Pasar Segiri Blok B",
            workers_reported=8,
            wage_reported=3_700_000,
            programs="JKK,JKM,JHT",
        ),
        "patuh": Employer(
            npp="19006006",
            name="PT Jasa Prima Mandiri",
            sector="jasa",
            scale="menengah",
            regency_code=BALIKPAPAN,
            address="Jl. Jend. Sudirman 45",
            workers_reported=30,
            wage_reported=4_500_000,
            programs=full,
        ),
        "baru": Employer(
            npp=None,
            name="CV Karya Baru",
            sector="konstruksi",
            scale="kecil",
            regency_code=SAMARINDA,
            address="Jl. Pramuka 3",
        ),
    }
    # Months paid (True) or unpaid (False), oldest first, ending two months ago.
    paid_pattern = {
        "sawit": [True, True, True, False, False, False],
        "bangun": [True, True, True, True, False, False],
        "kebun": [True, False, True, True, True, False],
        "tambang": [True] * 6,
        "dagang": [True] * 6,
        "patuh": [True] * 6,
    }
    due = {
        "sawit": 9_800_000,
        "bangun": 1_250_000,
        "kebun": 4_100_000,
        "tambang": 3_400_000,
        "dagang": 410_000,
        "patuh": 2_600_000,
    }
    with db.transaction() as session:
        session.add_all(employers.values())
        session.flush()
        for key, pattern in paid_pattern.items():
            employer = employers[key]
            for offset, paid in enumerate(pattern):
                year, month = _months_back(len(pattern) + 1 - offset)
                session.add(
                    ContributionPeriod(
                        employer_id=employer.id,
                        year=year,
                        month=month,
                        due=due[key],
                        paid=due[key] if paid else 0,
                        paid_on=date(*_next_month(year, month), 12) if paid else None,
                    )
                )
        session.add(
            EmployerFinding(
                employer_id=employers["tambang"].id,
                found_on=date(2026, 10, 6),
                source="inspeksi",
                workers_found=52,
                officer="Rina Wulandari",
                note="BA pemeriksaan 17/X/2026",
            )
        )
        session.add(
            EmployerFinding(
                employer_id=employers["dagang"].id,
                found_on=date(2026, 9, 14),
                source="survei",
                wage_found=4_200_000,
                officer="Agus Salim",
            )
        )
        session.add(
            EmployerFinding(
                employer_id=employers["baru"].id,
                found_on=date(2026, 8, 20),
                source="inspeksi",
                workers_found=14,
                officer="Rina Wulandari",
            )
        )
        # The letters these employers get cite the 2026 UMK: confirm the seeded figures.
        session.execute(
            update(MinimumWage)
            .where(MinimumWage.year == 2026)
            .values(confirmed=True, decree_number="100.3.3.1/K.812/2025", decree_date=DECREE_ON)
        )
        session.flush()
        refresh_compliance(session, today=TODAY)
    return {key: employer.id for key, employer in employers.items()}


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def choose_in_combo(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Open the combo's popup with the mouse and click the item showing `text`."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    # A popup ignores a click that comes within a double-click interval of opening.
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    row = combo.findText(text)
    assert row >= 0, f"{text!r} not in combo"
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: combo.currentText() == text)


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item at (row, column); a missing one fails here, not as an AttributeError later."""
    item = table.item(row, column)
    assert item is not None, f"no item at ({row}, {column})"
    return item
