"""The one write path: operations run off the GUI thread and every tab hears what changed."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from employer_samples import TODAY, cell
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kantor_app.services.errors import ServiceError
from kantor_app.services.letters import issue as letter_service
from kantor_app.services.roster.query import WorkerData, save_worker
from kantor_app.store.engine import Database
from kantor_app.ui.employers.model import COL_ARREARS, COL_LETTER, COL_NAME
from kantor_app.ui.employers.payment_dialog import PaymentDialog
from kantor_app.ui.main_window import MainWindow
from kantor_app.ui.operations import NOTHING, Changes, broadcast, run_op


class Listener(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heard: list[Changes] = []

    def apply_changes(self, changes: Changes) -> None:
        self.heard.append(changes)


def test_changes_combine_and_say_what_they_concern() -> None:
    both = Changes(workers=True) | Changes(letters=True)
    assert both == Changes(workers=True, letters=True)
    assert not NOTHING and both
    assert both.concerns(Changes(letters=True, employers=True))
    assert not both.concerns(Changes(employers=True, reference=True))


def test_broadcast_goes_to_the_outermost_listener(qtbot: QtBot) -> None:
    outer = Listener()
    qtbot.addWidget(outer)
    inner = Listener(outer)
    plain = QWidget(inner)
    broadcast(plain, Changes(workers=True))
    broadcast(plain, NOTHING)  # nothing changed: nobody is bothered
    assert outer.heard == [Changes(workers=True)]
    assert inner.heard == []


def test_run_op_writes_off_the_gui_thread_then_broadcasts_then_calls_back(
    qtbot: QtBot,
) -> None:
    window = Listener()
    qtbot.addWidget(window)
    screen = QWidget(window)
    events: list[str] = []
    threads: list[int] = []

    def write(_ctx: object) -> int:
        threads.append(threading.get_ident())
        return 42

    def done(result: int) -> None:
        events.append(f"done {result} after {len(window.heard)} broadcast")

    task = run_op(screen, "Menyimpan", write, done, changes=Changes(employers=True))
    qtbot.waitUntil(lambda: not task.running)
    assert threads and threads[0] != threading.get_ident()
    assert window.heard == [Changes(employers=True)]
    assert events == ["done 42 after 1 broadcast"]


def test_run_op_shows_a_refusal_and_broadcasts_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = Listener()
    qtbot.addWidget(window)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, title, text: shown.append((title, text)))
    )

    def refuse(_ctx: object) -> None:
        raise ServiceError("NPP {npp} sudah dipakai perusahaan lain.", npp="19001001")

    task = run_op(
        window, "Menyimpan", refuse, changes=Changes(employers=True), failure_title="Tidak dapat"
    )
    qtbot.waitUntil(lambda: not task.running)
    assert shown == [("Tidak dapat", "NPP 19001001 sudah dipakai perusahaan lain.")]
    assert window.heard == []


# --- the main window: a write in one tab reaches the others ---------------------


@pytest.fixture
def window(qtbot: QtBot, db: Database, registry: dict[str, uuid.UUID]) -> Iterator[MainWindow]:
    win = MainWindow(db)
    win.employers_tab.today = lambda: TODAY
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win


def _row(window: MainWindow, name: str) -> int:
    model = window.employers_tab.model
    return next(r for r in range(model.rowCount()) if model.index(r, COL_NAME).data() == name)


def _select(qtbot: QtBot, window: MainWindow, name: str) -> None:
    tab = window.employers_tab
    tab.select_employer(tab.model.employer_id(_row(window, name)))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: tab.detail.title.text() == name)


def test_recording_a_payment_updates_the_list_and_reaches_the_other_tabs(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reloads: list[str] = []
    monkeypatch.setattr(window.outreach_tab, "refresh", lambda: reloads.append("outreach"))
    monkeypatch.setattr(window.roster_tab, "refresh", lambda: reloads.append("roster"))
    window.tabs.setCurrentIndex(1)
    name = "CV Bangun Borneo Konstruksi"
    tab = window.employers_tab
    _select(qtbot, window, name)
    arrears_before = tab.model.index(_row(window, name), COL_ARREARS).data()
    status_before = window._counts.text()

    tab.record_payment()
    dialog = tab.active_dialog
    assert isinstance(dialog, PaymentDialog)
    qtbot.waitUntil(dialog.isVisible)
    save = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Simpan")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(
        lambda: tab.model.index(_row(window, name), COL_ARREARS).data() != arrears_before
    )
    assert reloads == []  # the other tabs are not shown: they reload when they are
    window.tabs.setCurrentIndex(2)
    assert reloads == ["outreach"]  # coverage and packages may name the employer
    window.tabs.setCurrentIndex(0)
    assert reloads == ["outreach"]  # the roster shows no employer data
    assert window._counts.text() == status_before  # recounted: still as many employers


def test_changing_a_letter_status_updates_the_register(
    qtbot: QtBot, window: MainWindow, db: Database, registry: dict[str, uuid.UUID]
) -> None:
    issued = letter_service.issue_letters(db, "teguran-1", [registry["sawit"]], today=TODAY)
    window.tabs.setCurrentIndex(1)
    tab = window.employers_tab
    tab.refresh()
    name = "PT Sawit Makmur Sejahtera"
    _select(qtbot, window, name)
    tab.detail.select_letter(issued[0].letter_id)
    assert tab.detail.selected_letter_status() == "diterbitkan"

    reloads: list[None] = []
    tab.data_changed.connect(lambda: reloads.append(None))
    tab.set_letter_status("dicetak")
    qtbot.waitUntil(lambda: tab.detail.selected_letter_status() == "dicetak")
    assert reloads == [None]  # one reload, from the operation's broadcast
    assert cell(tab.detail.letters, 0, 4).text() == "Dicetak"
    assert tab.detail.selected_letter_id() == issued[0].letter_id  # still selected
    assert "Teguran I" in str(tab.model.index(_row(window, name), COL_LETTER).data())


def test_switching_database_runs_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = window.db
    errors: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _p, _title, text: errors.append(text))
    )
    window.switch_database("nosuchdriver://nowhere")
    assert window.db is old  # nothing changes while it opens
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert window.db is old and window.tabs.count() == 3

    window.switch_database(f"sqlite:///{tmp_path / 'other.db'}")
    assert window.db is old
    qtbot.waitUntil(lambda: window.db is not old, timeout=60_000)
    assert "other.db" in window.db.location
    assert window.employers_tab.db is window.db
    assert window.employers_tab.model.rowCount() == 0  # the new file is empty
    assert len(errors) == 1


def test_deactivating_a_worker_reaches_outreach_not_employers(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    for nik, name in (("6472014508900012", "Siti Aminah"), ("6472011203850003", "Budi Santoso")):
        save_worker(window.db, WorkerData(nik=nik, name=name, regency_code="64.72"))
    window.tabs.setCurrentIndex(0)
    roster = window.roster_tab
    roster.refresh()
    qtbot.waitUntil(lambda: roster.model.rowCount() == 2)
    reloads: list[str] = []
    monkeypatch.setattr(window.outreach_tab, "refresh", lambda: reloads.append("outreach"))
    monkeypatch.setattr(window.employers_tab, "refresh", lambda: reloads.append("employers"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    before = window._counts.text()

    roster.table.selectRow(0)
    with qtbot.waitSignal(roster.data_changed, timeout=5000):
        roster.deactivate_selected()
    assert roster.model.data(roster.model.index(0, 9)) == "Nonaktif"
    assert window._counts.text() != before  # one active participant fewer
    window.tabs.setCurrentIndex(1)
    window.tabs.setCurrentIndex(2)
    assert reloads == ["outreach"]  # coverage counts workers; the registry does not
