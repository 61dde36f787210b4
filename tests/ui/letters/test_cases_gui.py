"""The employer's sanction cases in the detail pane, and closing one through its dialog."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from employer_samples import TODAY, cell, choose_in_combo
from letter_samples import deliver
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from service_samples import add_employer, set_umk

from kantor_app.services.letters.issuing import issue_letters
from kantor_app.store.engine import Database
from kantor_app.store.models import SanctionCase
from kantor_app.ui.employers.tab import EmployersTab
from kantor_app.ui.letters.close_case_dialog import CloseCaseDialog
from kantor_app.ui.letters.fine_base_dialog import FineBaseDialog


def test_cases_tab_shows_the_next_step_and_closes_a_withdrawn_case(
    qtbot: QtBot,
    tab: EmployersTab,
    db: Database,
    registry: dict[str, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2026, 12, 31))
    first = issue_letters(db, "teguran-1", [registry["sawit"]], today=TODAY)[0]
    deliver(db, first.letter_id, date(2026, 11, 24), date(2026, 11, 26))
    tab.refresh()
    assert tab.select_employer(registry["sawit"])
    pane = tab.detail
    pane.tabs.setCurrentWidget(pane.cases)
    cases = pane.cases
    assert cases.table.rowCount() == 1
    assert cell(cases.table, 0, 0).text() == "Teguran Tertulis I"
    assert cell(cases.table, 0, 1).text() == "Teguran Tertulis II"
    assert cell(cases.table, 0, 2).text() == "11 Desember 2026"
    violations = "PDS upah; menunggak 3 bulan (Juli 2026 s.d. September 2026)"
    assert cell(cases.table, 0, 3).text() == violations
    assert cell(cases.table, 0, 4).text() == "23 November 2026"
    assert f"Pelanggaran: {violations}" in cases.info.text()
    assert f"Surat: {first.number}" in cases.info.text()
    assert "berakhir 10 Desember 2026" in cases.info.text()

    qtbot.mouseClick(cases.close_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, CloseCaseDialog)
    qtbot.waitUntil(dialog.isVisible)
    choose_in_combo(qtbot, dialog.reason, "Dicabut: kasus ditarik (alasan wajib diisi)")
    ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Simpan")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "Tuliskan alasan pencabutan kasus."
    qtbot.keyClicks(dialog.note, "Tunggakan tercatat ganda di data iuran")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(cases.table, 0, 0).text() == "Ditutup: Dicabut")
    assert not cases.close_button.isEnabled()
    assert cell(cases.table, 0, 2).text() == ""
    assert "Tunggakan tercatat ganda" in cases.info.text()
    with db.session() as session:
        case = session.query(SanctionCase).one()
        assert (case.close_reason, case.closed_on) == ("dicabut", TODAY)


def test_a_case_without_arrears_gets_its_fine_base_through_the_dialog(
    qtbot: QtBot, tab: EmployersTab, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2026, 12, 31))
    set_umk(db)  # Rp4.000.000, confirmed
    eid = add_employer(db, "PT Upah Rendah", wage_reported=3_500_000)
    issue_letters(db, "teguran-1", [eid], today=TODAY)
    tab.refresh()
    assert tab.select_employer(eid)
    cases = tab.detail.cases
    assert cases.fine_base_button.isEnabled()
    qtbot.mouseClick(cases.fine_base_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, FineBaseDialog)
    qtbot.waitUntil(dialog.isVisible)
    ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Simpan")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "Isi iuran yang seharusnya dibayar."
    dialog.amount.lineEdit().selectAll()
    qtbot.keyClicks(dialog.amount.lineEdit(), "12000000")
    qtbot.keyClicks(dialog.source, "BAP nomor 7/BAP/XII/2026")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Dasar denda: Rp12.000.000" in cases.info.text())
    with db.session() as session:
        case = session.query(SanctionCase).one()
        assert '"source": "BAP nomor 7/BAP/XII/2026"' in case.scope_json
