"""Jakon by project in the GUI: the status, its reason, and the dialog's Jakon batch."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from employer_samples import TODAY, choose_in_combo
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kantor_app.services.employers.compliance import refresh_compliance
from kantor_app.store.engine import Database
from kantor_app.store.models import PublicWorksPackage
from kantor_app.ui.employers.model import COL_NAME, COL_STATUS
from kantor_app.ui.employers.tab import EmployersTab
from kantor_app.ui.letters.issue_dialog import IssueLettersDialog


@pytest.fixture
def packages(db: Database, registry: dict[str, uuid.UUID]) -> None:
    """The compliant employer's project is overdue; CV Bangun's is inside its period."""
    with db.transaction() as session:
        for kd_rup, name, key, spk in (
            ("45400001", "Gedung Serbaguna Sempaja", "patuh", date(2026, 11, 2)),
            ("45400002", "Turap Sungai Karang Mumus", "bangun", date(2026, 11, 10)),
        ):
            session.add(
                PublicWorksPackage(
                    kd_rup=kd_rup,
                    name=name,
                    pagu=800_000_000,
                    fiscal_year=2026,
                    contractor_id=registry[key],
                    contract_value=750_000_000,
                    spk_date=spk,
                )
            )
        session.flush()
        refresh_compliance(session, today=TODAY)


def test_overdue_project_shows_as_status_and_is_the_jakon_batch(
    qtbot: QtBot, packages: None, tab: EmployersTab
) -> None:
    choose_in_combo(qtbot, tab.status_combo, "Jakon Terlambat")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.index(0, COL_NAME).data() == "PT Jasa Prima Mandiri"
    assert tab.model.index(0, COL_STATUS).data() == "Jakon Terlambat"
    rect = tab.table.visualRect(tab.model.index(0, COL_NAME))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: "Gedung Serbaguna" in tab.detail.reasons.text())
    assert (
        "Proyek Gedung Serbaguna Sempaja (kode RUP 45400001) belum didaftarkan Jakon, lewat 14 "
        "hari kerja sejak SPK 2 November 2026" in tab.detail.reasons.text()
    )

    action = next(a for a in tab.toolbar.actions() if a.text() == "Terbitkan surat…")
    button = tab.toolbar.widgetForAction(action)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = tab.issue_dialog
    assert isinstance(dialog, IssueLettersDialog)
    qtbot.mouseClick(dialog.filter_radio, Qt.MouseButton.LeftButton)
    choose_in_combo(qtbot, dialog.kind_combo, "Pengingat Jakon")
    # Both contractors with unregistered packages, whatever their status; one is in period.
    assert dialog.filter_radio.text() == "Semua kontraktor dengan paket Jakon terlambat (2)"
    assert dialog.filter_radio.isChecked()
    assert dialog.count_label.text() == "1 surat Pengingat Jakon akan diterbitkan."
    assert (
        "CV Bangun Borneo Konstruksi: paket Turap Sungai Karang Mumus (kode RUP 45400002) masih "
        "dalam masa pendaftaran Jakon sampai dengan 30 November 2026"
    ) in dialog.refused_label.text()
    assert "PT Jasa Prima Mandiri" in dialog.preview_caption.text()
    assert dialog.preview.page_count() >= 1

    choose_in_combo(qtbot, dialog.kind_combo, "Teguran Tertulis I")
    assert dialog.filter_radio.text().startswith("Semua tidak patuh dengan filter ini (")
    dialog.reject()
