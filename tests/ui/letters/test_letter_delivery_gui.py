"""Recording sending and receipt through the GUI: a stack at once, the dates in the list."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from employer_samples import TODAY, cell
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from kantor_app.services.letters import issue as letter_service
from kantor_app.store.engine import Database
from kantor_app.store.models import Letter
from kantor_app.ui.employers.tab import EmployersTab
from kantor_app.ui.letters import letter_actions
from kantor_app.ui.letters.status_dialog import LetterStatusDialog

COL_DEADLINE, COL_STATUS, COL_SENT, COL_RECEIVED = 3, 4, 5, 6


def _row_of(tab: EmployersTab, number: str) -> int:
    letters = tab.detail.letters
    return next(r for r in range(letters.rowCount()) if cell(letters, r, 0).text() == number)


def _select_rows(tab: EmployersTab, rows: list[int]) -> None:
    letters = tab.detail.letters
    letters.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        letters.selectionModel().select(letters.model().index(row, 0), flags)


def _save(qtbot: QtBot, dialog: LetterStatusDialog) -> None:
    ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Simpan")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_marks_two_letters_sent_then_one_received(
    qtbot: QtBot,
    tab: EmployersTab,
    db: Database,
    registry: dict[str, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    sawit = registry["sawit"]
    # The arrears notice first: it comes before a case, never during one.
    notice = letter_service.issue_letters(db, "tunggakan", [sawit], today=TODAY)[0]
    teguran = letter_service.issue_letters(db, "teguran-1", [sawit], today=TODAY)[0]
    tab.refresh()
    assert tab.select_employer(sawit)
    pane = tab.detail
    assert pane.letters.rowCount() == 2
    rows = [_row_of(tab, teguran.number), _row_of(tab, notice.number)]
    assert cell(pane.letters, rows[0], COL_DEADLINE).text() == "belum dikirim"

    _select_rows(tab, rows)
    assert pane.mark_sent_button.isEnabled()
    assert not pane.mark_received_button.isEnabled()  # nothing is sent yet
    qtbot.mouseClick(pane.mark_sent_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, LetterStatusDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.on.value() == TODAY
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: cell(pane.letters, rows[1], COL_SENT).text() == "23 Nov 2026")
    for row in rows:
        assert cell(pane.letters, row, COL_STATUS).text() == "Dikirim"
        assert cell(pane.letters, row, COL_SENT).text() == "23 Nov 2026"
        # Monday 23 November + 3 working days = 26th; + 10 working days = Thursday 10 December.
        deadline = cell(pane.letters, row, COL_DEADLINE)
        assert deadline.text() == "s.d. 10 Des 2026 (perkiraan)"
        assert deadline.toolTip() == "s.d. 10 Desember 2026 (perkiraan: dikirim + 3 hari kerja)"

    rows = [_row_of(tab, teguran.number), _row_of(tab, notice.number)]
    _select_rows(tab, [rows[0]])
    assert pane.mark_received_button.isEnabled()
    qtbot.mouseClick(pane.mark_received_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, LetterStatusDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.on.set_value(date(2026, 11, 24))
    _save(qtbot, dialog)
    assert dialog.error.text() == "Tanggal tidak boleh di masa depan."
    dialog.on.set_value(TODAY)
    qtbot.keyClicks(dialog.note, "diterima resepsionis a.n. Sari")
    _save(qtbot, dialog)

    row = _row_of(tab, teguran.number)
    qtbot.waitUntil(lambda: cell(pane.letters, row, COL_RECEIVED).text() == "23 Nov 2026")
    assert cell(pane.letters, row, COL_STATUS).text() == "Diterima"
    deadline = cell(pane.letters, row, COL_DEADLINE)
    assert deadline.text() == "s.d. 7 Des 2026"
    assert deadline.toolTip() == "s.d. 7 Desember 2026 (dari penerimaan)"
    other = _row_of(tab, notice.number)
    assert cell(pane.letters, other, COL_RECEIVED).text() == ""
    _select_rows(tab, [row])
    info = pane.letter_info.text()
    assert "Diterima 23 November 2026 (diterima resepsionis a.n. Sari)" in info
    assert "batas waktu s.d. 7 Desember 2026 (dari penerimaan)" in info
    with db.session() as session:
        letter = session.get(Letter, teguran.letter_id)
        assert letter is not None
        assert (letter.status, letter.sent_on, letter.received_on, letter.deadline) == (
            "diterima",
            TODAY,
            TODAY,
            date(2026, 12, 7),
        )


def test_a_large_stack_names_five_numbers_and_counts_the_rest(qtbot: QtBot) -> None:
    numbers = [f"{n}/KPS.01/KC-SMD/XI/2026" for n in range(1, 9)]
    dialog = LetterStatusDialog("diterima", numbers, today=TODAY)
    qtbot.addWidget(dialog)
    heading = dialog.findChildren(QLabel)[0].text()
    assert heading == (
        "8 surat: 1/KPS.01/KC-SMD/XI/2026, 2/KPS.01/KC-SMD/XI/2026, 3/KPS.01/KC-SMD/XI/2026, "
        "4/KPS.01/KC-SMD/XI/2026, 5/KPS.01/KC-SMD/XI/2026 dan 3 lainnya"
    )
    assert dialog.windowTitle() == "Catat surat diterima"


def test_a_refused_date_records_none_of_the_stack_and_says_which_letter(
    qtbot: QtBot,
    tab: EmployersTab,
    db: Database,
    registry: dict[str, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, title, text: shown.append((title, text)))
    )
    sawit = registry["sawit"]
    issued = [
        letter_service.issue_letters(db, kind, [sawit], today=TODAY)[0]
        for kind in ("tunggakan", "teguran-1")
    ]
    tab.refresh()
    assert tab.select_employer(sawit)
    _select_rows(tab, [0, 1])
    qtbot.mouseClick(tab.detail.mark_sent_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, LetterStatusDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.on.set_value(date(2026, 11, 20))  # before the letters' own date
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(shown))
    title, text = shown[0]
    assert title == "Pengiriman surat tidak dicatat"
    assert "sebelum tanggal surat (23 November 2026)" in text
    assert any(letter.number in text for letter in issued)
    assert "tidak ada surat yang dicatat" in text
    for row in (0, 1):
        assert cell(tab.detail.letters, row, COL_SENT).text() == ""
        assert cell(tab.detail.letters, row, COL_STATUS).text() == "Diterbitkan"


def test_the_issued_batch_is_marked_sent_from_the_summary(
    qtbot: QtBot,
    tab: EmployersTab,
    db: Database,
    registry: dict[str, uuid.UUID],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path))
    )
    assert tab.select_employer(registry["sawit"])
    dialog = letter_actions.open_issue_dialog(tab)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=30_000)
    [issued] = dialog.issued_letters or []
    button = next(
        b for b in dialog.findChildren(QPushButton) if b.text() == "Tandai semua dikirim…"
    )
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    form = next(d for d in dialog.findChildren(LetterStatusDialog) if d.isVisible())
    assert form.windowTitle() == "Tandai surat dikirim"
    _save(qtbot, form)
    qtbot.waitUntil(lambda: not button.isEnabled())
    assert button.text() == "Dikirim 23 November 2026"
    with db.session() as session:
        letter = session.get(Letter, issued.letter_id)
        assert letter is not None
        assert (letter.status, letter.sent_on, letter.deadline) == (
            "dikirim",
            TODAY,
            date(2026, 12, 10),
        )
    qtbot.waitUntil(lambda: cell(tab.detail.letters, 0, COL_SENT).text() == "23 Nov 2026")
