"""One employer walked through the whole sanction path in the GUI: Teguran I, its sending
and receipt, Teguran II, the fine notice, the TMP2T request, each only when allowed."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from employer_samples import TODAY, cell, choose_in_combo
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kantor_app.services.letters.issuing import IssuedLetter
from kantor_app.store.engine import Database
from kantor_app.ui.employers.tab import EmployersTab
from kantor_app.ui.letters.issue_dialog import IssueLettersDialog
from kantor_app.ui.letters.status_dialog import LetterStatusDialog

COL_STATUS = 4


def _open_dialog(qtbot: QtBot, tab: EmployersTab, kind_label: str) -> IssueLettersDialog:
    action = tab.issue_action
    qtbot.mouseClick(tab.toolbar.widgetForAction(action), Qt.MouseButton.LeftButton)
    dialog = tab.issue_dialog
    assert isinstance(dialog, IssueLettersDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.selected_radio.isChecked()
    choose_in_combo(qtbot, dialog.kind_combo, kind_label)
    return dialog


def _issue(qtbot: QtBot, tab: EmployersTab, kind_label: str, folder: Path) -> IssuedLetter:
    dialog = _open_dialog(qtbot, tab, kind_label)
    assert dialog.count_label.text() == f"1 surat {kind_label} akan diterbitkan."
    dialog.folder_edit.setText(str(folder))
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=30_000)
    issued = dialog.issued_letters
    assert issued is not None and len(issued) == 1
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return issued[0]


def _refused(qtbot: QtBot, tab: EmployersTab, kind_label: str) -> str:
    dialog = _open_dialog(qtbot, tab, kind_label)
    assert not dialog.issue_button.isEnabled()
    text = dialog.refused_label.text()
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return text


def _record(qtbot: QtBot, tab: EmployersTab, button: QPushButton, shown: str) -> None:
    """Select the newest letter, click the delivery button, save on the tab's day."""
    pane = tab.detail
    pane.letters.selectRow(0)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, LetterStatusDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.on.value() == tab.today()
    ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Simpan")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(pane.letters, 0, COL_STATUS).text() == shown)


def test_one_employer_through_the_whole_sanction_path(
    qtbot: QtBot,
    tab: EmployersTab,
    db: Database,
    registry: dict[str, uuid.UUID],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    day = [TODAY]
    tab.today = lambda: day[0]
    assert tab.select_employer(registry["sawit"])
    pane = tab.detail

    def step(on: date) -> None:
        day[0] = on
        tab.refresh()
        assert tab.select_employer(registry["sawit"])

    def shown_case() -> tuple[str, str, str]:
        return tuple(cell(pane.cases.table, 0, c).text() for c in (0, 1, 2))  # type: ignore[return-value]

    first = _issue(qtbot, tab, "Teguran Tertulis I", tmp_path)
    qtbot.waitUntil(lambda: pane.cases.table.rowCount() == 1)
    assert shown_case() == ("Teguran Tertulis I", "Teguran Tertulis II", "belum dapat dihitung")
    assert "belum dicatat dikirim" in _refused(qtbot, tab, "Teguran Tertulis II")

    # Sent Tuesday 24 November, received Thursday 26: allowed from Friday 11 December.
    step(date(2026, 11, 24))
    _record(qtbot, tab, pane.mark_sent_button, "Dikirim")
    step(date(2026, 11, 26))
    _record(qtbot, tab, pane.mark_received_button, "Diterima")
    step(date(2026, 12, 10))
    assert shown_case() == ("Teguran Tertulis I", "Teguran Tertulis II", "11 Desember 2026")
    assert "baru boleh sejak 11 Desember 2026" in _refused(qtbot, tab, "Teguran Tertulis II")
    assert "sudah dalam kasus yang berjalan" in _refused(qtbot, tab, "Teguran Tertulis I")

    step(date(2026, 12, 11))
    second = _issue(qtbot, tab, "Teguran Tertulis II", tmp_path)
    step(date(2026, 12, 11))
    _record(qtbot, tab, pane.mark_sent_button, "Dikirim")
    step(date(2026, 12, 14))
    _record(qtbot, tab, pane.mark_received_button, "Diterima")
    step(date(2027, 1, 4))
    assert shown_case()[:2] == ("Teguran Tertulis II", "Denda 0,1%")
    fine = _issue(qtbot, tab, "Pemberitahuan Denda 0,1%", tmp_path)
    step(date(2027, 1, 4))
    _record(qtbot, tab, pane.mark_sent_button, "Dikirim")
    step(date(2027, 1, 5))
    _record(qtbot, tab, pane.mark_received_button, "Diterima")

    step(date(2027, 1, 25))
    assert "baru boleh sejak" in _refused(qtbot, tab, "Permintaan TMP2T")
    step(date(2027, 2, 1))
    request = _issue(qtbot, tab, "Permintaan TMP2T", tmp_path)
    assert request.path is not None and request.path.is_file()
    step(date(2027, 2, 2))
    assert shown_case() == ("Permintaan TMP2T", "—", "")
    shown = [
        (cell(pane.letters, r, 0).text(), cell(pane.letters, r, 1).text())
        for r in range(pane.letters.rowCount())
    ]
    assert shown == [
        (request.number, "TMP2T"),
        (fine.number, "Denda 0,1%"),
        (second.number, "Teguran II"),
        (first.number, "Teguran I"),
    ]
