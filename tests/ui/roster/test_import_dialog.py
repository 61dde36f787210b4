"""The roster import dialog on its own: the preview is read off the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from employer_samples import cell
from openpyxl import Workbook
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kantor_app.services.roster.importing import importer
from kantor_app.services.roster.importing.result import RosterPreview
from kantor_app.store.engine import Database
from kantor_app.ui.roster import import_dialog
from kantor_app.ui.roster.import_dialog import ImportDialog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def roster_with_flags(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["NIK", "Nama Lengkap", "Aktif"])
    sheet.append(["6472014508900012", "Siti Aminah", True])
    sheet.append(["6472011203850003", "Budi Santoso", False])
    book.save(path)
    return path


def test_preview_runs_off_the_gui_thread_and_the_dialog_stays_responsive(
    db: Database, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = roster_with_flags(tmp_path / "peserta.xlsx")
    release = threading.Event()
    threads: list[threading.Thread] = []

    def slow_preview(path: Path, sheet: str | None = None, rows: int = 20) -> RosterPreview:
        threads.append(threading.current_thread())
        release.wait(timeout=10)
        return importer.preview_roster(path, sheet=sheet, rows=rows)

    monkeypatch.setattr(import_dialog, "preview_roster", slow_preview)
    dialog = ImportDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(source)
    # While the file is read, the GUI thread keeps handling events and nothing can start.
    ticks: list[int] = []
    timer = QTimer(dialog)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5000)
    assert threads and threads[0] is not threading.main_thread()
    assert dialog.summary.text() == "Membaca peserta.xlsx…"
    assert not dialog.import_button.isEnabled()
    assert not dialog.choose_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: dialog.header_label.text() == "Judul kolom di baris 1", timeout=10000)
    timer.stop()
    assert dialog.import_button.isEnabled() and dialog.choose_button.isEnabled()
    # The shared cell text: booleans read as Excel shows them in Indonesian.
    assert [cell(dialog.preview, r, 2).text() for r in range(2)] == ["BENAR", "SALAH"]
    assert dialog.field_combos["name"].currentText() == "B — Nama Lengkap"


def test_unreadable_file_shows_the_service_message(
    db: Database, qtbot: QtBot, tmp_path: Path
) -> None:
    bad = tmp_path / "bukan.xlsx"
    bad.write_text("NIK;Nama\n1;2\n", encoding="utf-8")
    dialog = ImportDialog(db)
    qtbot.addWidget(dialog)
    dialog.load(bad)
    qtbot.waitUntil(lambda: "CSV" in dialog.summary.text(), timeout=10000)
    assert "bukan.xlsx" in dialog.summary.text()  # the service's message names the file
    assert not dialog.import_button.isEnabled()
    assert dialog.preview.rowCount() == 0
