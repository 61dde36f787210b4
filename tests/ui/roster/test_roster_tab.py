"""The Peserta tab as a user drives it: filter, add a worker, import a workbook."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from employer_samples import cell
from openpyxl import Workbook
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from kantor_app.services.roster.query import name_key
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, Worker
from kantor_app.ui.app import install_translations
from kantor_app.ui.roster.import_dialog import ImportDialog
from kantor_app.ui.roster.tab import RosterTab
from kantor_app.ui.roster.worker_dialog import WorkerDialog

# The offscreen platform cannot pass size hints to a window manager; harmless.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

PEOPLE = [
    ("6472014508900012", "Siti Aminah", "64.72"),
    ("6472011203850003", "Budi Santoso", "64.72"),
    ("6571010101800004", "Ahmad Hakim", "65.71"),
    ("6571014402910005", "Nur Siti Rahma", "65.71"),
]


def seed(db: Database) -> None:
    with db.transaction() as session:
        session.execute(
            insert(Worker),
            [
                dict(
                    id=uuid.uuid4(),
                    nik=nik,
                    name=name,
                    name_key=name_key(name),
                    address="",
                    regency_code=regency,
                    occupation="",
                    phone="",
                    segment="BPU",
                    status="aktif",
                    warnings="",
                    source="test",
                    device_id="t",
                )
                for nik, name, regency in PEOPLE
            ],
        )


def shown_names(tab: RosterTab) -> list[str]:
    model = tab.model
    return [model.data(model.index(r, 1)) for r in range(model.rowCount())]


@pytest.fixture
def tab(db: Database, qtbot: QtBot) -> RosterTab:
    seed(db)
    widget = RosterTab(db)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    return widget


def test_typing_in_the_filter_box_changes_count_and_rows(tab: RosterTab, qtbot: QtBot) -> None:
    assert tab.count_label.text() == "4 peserta"
    qtbot.keyClicks(tab.search, "siti")
    qtbot.waitUntil(lambda: tab.count_label.text() == "2 peserta")
    assert shown_names(tab) == ["Nur Siti Rahma", "Siti Aminah"]
    tab.search.clear()
    qtbot.keyClicks(tab.search, "6571")
    qtbot.waitUntil(lambda: sorted(shown_names(tab)) == ["Ahmad Hakim", "Nur Siti Rahma"])
    assert tab.count_label.text() == "2 peserta"
    tab.search.clear()
    qtbot.waitUntil(lambda: tab.count_label.text() == "4 peserta")
    tab.regency.setCurrentIndex(tab.regency.findData("64.72"))
    assert tab.count_label.text() == "2 peserta"
    assert tab.district.isEnabled()  # kecamatan of Samarinda are offered now
    assert tab.district.findText("Samarinda Ulu") > 0


def test_add_worker_through_the_dialog(tab: RosterTab, qtbot: QtBot, db: Database) -> None:
    tab.add_button.click()
    dialog = tab.findChild(WorkerDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.nik, "9999")
    assert "tidak dikenal" in dialog.nik_hint.text()
    dialog.nik.clear()
    qtbot.keyClicks(dialog.nik, "647201450890")
    assert dialog.nik_hint.text() == "NIK harus 16 digit (sekarang 12)"
    qtbot.keyClicks(dialog.nik, "0000")
    assert "0000" in dialog.nik_hint.text()
    assert not dialog.save_button.isEnabled()
    dialog.nik.clear()
    qtbot.keyClicks(dialog.nik, "6472 0150 0892 0007")
    assert dialog.nik_hint.text().startswith("NIK valid")
    assert not dialog.save_button.isEnabled()  # no name yet
    qtbot.keyClicks(dialog.name, "Dewi  Lestari")
    dialog.nik.editingFinished.emit()
    # Birth date and gender were read from the NIK.
    assert dialog.birth.date().toPython() == date(1992, 8, 10)
    assert dialog.gender.currentData() == "P"
    assert dialog.regency.currentData() == "64.72"
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(tab.data_changed, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert tab.count_label.text() == "5 peserta"
    assert "Dewi Lestari" in shown_names(tab)
    with db.session() as session:
        worker = session.execute(
            select(Worker).where(Worker.nik == "6472015008920007")
        ).scalar_one()
        assert (worker.birth_date, worker.gender) == (date(1992, 8, 10), "P")
        assert session.execute(select(AuditEvent.action)).scalars().all() == ["create"]


def test_duplicate_nik_shows_the_service_message(tab: RosterTab, qtbot: QtBot) -> None:
    tab.add_button.click()
    dialog = tab.findChild(WorkerDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.nik, PEOPLE[0][0])
    qtbot.keyClicks(dialog.name, "Orang Lain")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "sudah terdaftar" in dialog.error.text())
    assert dialog.isVisible()


def test_edit_and_deactivate(
    tab: RosterTab, qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab.table.selectRow(0)  # Ahmad Hakim
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    dialog = tab.findChild(WorkerDialog)
    assert dialog is not None and dialog.name.text() == "Ahmad Hakim"
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Ahmad Hakim Nasution")
    with qtbot.waitSignal(tab.data_changed, timeout=5000):
        dialog.save_button.click()
    assert "Ahmad Hakim Nasution" in shown_names(tab)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.activateWindow()
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    tab.table.selectRow(0)
    with qtbot.waitSignal(tab.data_changed, timeout=5000):
        qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert tab.model.data(tab.model.index(0, 9)) == "Nonaktif"
    with db.session() as session:
        actions = session.execute(select(AuditEvent.action).order_by(AuditEvent.at)).scalars()
        assert list(actions) == ["update", "deactivate"]


def make_roster_workbook(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data Pekerja Rentan"
    sheet.append(["DAFTAR PEKERJA RENTAN DESA SUNGAI KAPIH"])
    sheet.append([])
    sheet.append(["No", "NIK", "Nama Lengkap", "Tgl Lahir", "L/P", "Kecamatan", "Pekerjaan"])
    sheet.append(
        [1, "6472 0112 0390 0021", "Rudi  Hartono", "12-03-1990", "L", "Sambutan", "Nelayan"]
    )
    sheet.append([2, "6472015506880022", "Yanti Susanti", "15/06/1988", "P", "Sambutan", "Petani"])
    sheet.append([3, "6472010101010000", "Serial Nol", "", "L", "", ""])
    sheet.append([4, PEOPLE[1][0], "Budi Santoso", "", "L", "", ""])
    sheet.append([])
    sheet.append(["", "", "", "", "", "Kepala Desa Sungai Kapih"])
    book.save(path)


def test_import_through_the_dialog(
    tab: RosterTab, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "pekerja-rentan.xlsx"
    make_roster_workbook(source)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), "Buku kerja (*.xlsx)")
    )
    opened: list[Any] = []

    def open_url(url: Any) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr("kantor_app.ui.roster.import_dialog.QDesktopServices.openUrl", open_url)
    assert [a.text() for a in tab.file_actions()] == ["Impor daftar peserta…"]
    tab.file_actions()[0].trigger()
    dialog = tab.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    # The detected header row, mapping and first rows are shown (read off the GUI thread).
    qtbot.waitUntil(lambda: dialog.header_label.text() == "Judul kolom di baris 3", timeout=10000)
    assert dialog.field_combos["nik"].currentText() == "B — NIK"
    assert dialog.field_combos["name"].currentText() == "C — Nama Lengkap"
    assert cell(dialog.preview, 0, 2).text() == "Rudi  Hartono"
    assert dialog.preview.verticalHeaderItem(0).text() == "4"
    assert dialog.import_button.isEnabled()
    # Without a NIK column nothing can be imported.
    dialog.field_combos["nik"].setCurrentIndex(0)
    assert not dialog.import_button.isEnabled()
    dialog.field_combos["nik"].setCurrentIndex(2)

    dialog.dry_run.setChecked(True)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Uji coba selesai"), timeout=10000)
    assert tab.count_label.text() == "4 peserta"

    dialog.dry_run.setChecked(False)
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    summary = dialog.summary.text()
    # Budi was known without gender: the file adds it, so he is updated.
    assert "2 baru, 1 diperbarui, 0 tidak berubah, 1 ditolak" in summary
    assert dialog.open_errors_button.isVisible()
    dialog.open_errors_button.click()
    assert opened and opened[0].toLocalFile().endswith(".xlsx")
    dialog.close_button.click()

    assert tab.count_label.text() == "6 peserta"
    names = shown_names(tab)
    assert "Rudi Hartono" in names and "Yanti Susanti" in names
    qtbot.keyClicks(tab.search, "hartono")
    qtbot.waitUntil(lambda: tab.count_label.text() == "1 peserta")
    assert tab.model.data(tab.model.index(0, 0)) == "6472011203900021"


def test_duplicate_nik_reads_english_in_the_english_ui(
    tab: RosterTab, qtbot: QtBot, qapp: QApplication
) -> None:
    locale = QLocale()
    translators = install_translations(qapp, "en")
    assert translators
    try:
        tab.add_button.click()
        dialog = tab.findChild(WorkerDialog)
        assert dialog is not None
        qtbot.keyClicks(dialog.nik, PEOPLE[0][0])
        qtbot.keyClicks(dialog.name, "Orang Lain")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "already registered to another worker" in dialog.error.text())
        assert "sudah terdaftar" not in dialog.error.text()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        QLocale.setDefault(locale)
