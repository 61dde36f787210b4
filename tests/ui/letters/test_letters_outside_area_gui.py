"""Letters to employers outside the wilayah kerja: the issue dialog asks, in Indonesian, first."""

from __future__ import annotations

from pathlib import Path

import pytest
from branch_samples import ready_branch
from employer_samples import TODAY
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kantor_app.store.engine import Database
from kantor_app.store.models import Letter
from kantor_app.ui.employers.model import COL_NAME
from kantor_app.ui.employers.tab import EmployersTab
from kantor_app.ui.letters.issue_dialog import IssueLettersDialog


def _open_box(dialog: QWidget) -> QMessageBox | None:
    # Not activeModalWidget(): a dialog left open by an earlier test may be reported instead.
    boxes = [box for box in dialog.findChildren(QMessageBox) if box.isVisible()]
    return boxes[-1] if boxes else None


def _answer(qtbot: QtBot, dialog: QWidget, button_text: str, seen: list[str]) -> None:
    """Click ``button_text`` in the question box once it is on screen, noting its texts.

    Polls from a timer because the box runs its own event loop; clicks again
    while the box stays open (a loaded machine may show it before its buttons
    take clicks)."""

    def click() -> None:
        box = _open_box(dialog)
        if box is None:
            QTimer.singleShot(50, click)
            return
        if not seen:
            seen.extend([box.windowTitle(), box.text(), box.informativeText()])
            seen.extend(b.text() for b in box.buttons())
        button = next(b for b in box.buttons() if b.text() == button_text)
        assert isinstance(button, QPushButton)
        if button.isVisible():
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(200, lambda: still_open(box))

    def still_open(box: QMessageBox) -> None:
        try:
            visible = box.isVisible()
        except RuntimeError:  # the dialog that owned the box is gone: it was answered
            return
        if visible:
            click()

    def give_up() -> None:
        # A box nobody could answer would hang the test run: close it, the asserts then fail.
        box = _open_box(dialog)
        if box is not None:
            box.reject()

    QTimer.singleShot(50, click)
    QTimer.singleShot(20_000, give_up)


def _letters(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Letter)) or 0)


def test_outside_the_wilayah_kerja_the_dialog_asks_and_issues_only_when_confirmed(
    qtbot: QtBot, tab: EmployersTab, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready_branch(db, service_area=["64.72"])  # Kota Samarinda; PT Sawit is in Kutai Timur
    out_dir = tmp_path / "surat"
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *args, **kwargs: str(out_dir))
    )
    names = [tab.model.index(r, COL_NAME).data() for r in range(tab.model.rowCount())]
    rect = tab.table.visualRect(tab.model.index(names.index("PT Sawit Makmur Sejahtera"), COL_NAME))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    action = next(a for a in tab.toolbar.actions() if a.text() == "Terbitkan surat…")
    button = tab.toolbar.widgetForAction(action)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = tab.issue_dialog
    assert isinstance(dialog, IssueLettersDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)

    seen: list[str] = []
    _answer(qtbot, dialog, "Batal", seen)
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.refused_label.isVisible(), timeout=30_000)
    assert seen[0] == "Di luar wilayah kerja"
    assert "PT Sawit Makmur Sejahtera (Kabupaten Kutai Timur)" in seen[1]
    assert seen[2] == "Terbitkan juga surat untuk perusahaan tersebut?"
    assert set(seen[3:]) == {"Terbitkan juga", "Batal"}
    assert "di luar wilayah kerja" in dialog.refused_label.text()
    assert dialog.issue_button.isEnabled()
    assert _letters(db) == 0

    _answer(qtbot, dialog, "Terbitkan juga", [""])
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=30_000)
    assert dialog.summary_title.text() == "1 surat diterbitkan"
    assert _letters(db) == 1
    assert dialog.today() == TODAY
