"""The branch settings dialog as a user drives it: type, see errors, press OK, data stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate
from pytestqt.qtbot import QtBot

from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.services.reference.edit import list_holidays, list_minimum_wages
from kantor_app.store.engine import Database
from kantor_app.ui.settings.dialog import SettingsDialog
from kantor_app.ui.settings.tables import HolidayPage
from kantor_app.ui.widgets.fields import DateField

TODAY = date(2026, 11, 23)


def _dialog(qtbot: QtBot, db: Database) -> SettingsDialog:
    dialog = SettingsDialog(db, today=TODAY, username="tester")
    qtbot.addWidget(dialog)
    dialog.resize(720, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_signatory_and_pattern_typed_then_ok_stores_them(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    assert dialog.signatory_name.text() == "Nama Kepala Kantor Cabang"
    _retype(qtbot, dialog.signatory_name, "Rahmat Hidayat, S.E.")

    dialog.tabs.setCurrentIndex(1)
    _retype(qtbot, dialog.pattern, "{kode}/SMD/{tahun}")
    assert "{seq}" in dialog.example.text()  # the error names what is missing
    assert not dialog.ok_button.isEnabled()

    _retype(qtbot, dialog.pattern, "{seq3}/{kode}/SMD/{tahun}")
    assert dialog.ok_button.isEnabled()
    assert "012/KPS.01/SMD/2026" in dialog.example.text()

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == SettingsDialog.DialogCode.Accepted)
    with db.session() as session:
        stored = load_branch_settings(session)
    assert stored.signatory_name == "Rahmat Hidayat, S.E."
    assert stored.number_pattern == "{seq3}/{kode}/SMD/{tahun}"


def test_empty_required_field_keeps_dialog_open(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    dialog.tabs.setCurrentIndex(3)
    _retype(qtbot, dialog.place, "")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.tabs.currentIndex() == 0
    assert dialog.error.isVisible() and "Tempat surat wajib diisi" in dialog.error.text()
    with db.session() as session:
        assert load_branch_settings(session).place == "Samarinda"


def test_cancel_stores_nothing(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    _retype(qtbot, dialog.signatory_name, "Tidak Jadi")
    dialog.reject()
    with db.session() as session:
        assert load_branch_settings(session).signatory_name == "Nama Kepala Kantor Cabang"


def test_add_holiday_row_and_save(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    dialog.tabs.setCurrentIndex(2)
    page: HolidayPage = dialog.holidays
    before = page.table.rowCount()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == before + 1
    row = page.table.rowCount() - 1
    editor = page.table.focusWidget()  # the name cell opened for typing
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Cuti bersama akhir tahun")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop
    qtbot.waitUntil(lambda: page.rows()[row][1] == "Cuti bersama akhir tahun")
    page.table.setCurrentCell(row, 0)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    date_editor = page.table.focusWidget()
    assert isinstance(date_editor, DateField)
    date_editor.set_value(date(2026, 12, 31))
    qtbot.keyClick(date_editor, Qt.Key.Key_Return)  # the delegate commits on the next loop
    qtbot.waitUntil(lambda: page.rows()[row] == (date(2026, 12, 31), "Cuti bersama akhir tahun"))
    delegate = page.table.itemDelegateForColumn(0)
    assert isinstance(delegate, QStyledItemDelegate)
    shown = delegate.displayText(page.table.model().index(row, 0).data(), page.table.locale())
    assert shown == "31 Desember 2026"

    # Saving an empty name is refused with the row named.
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(page.table.focusWidget(), Qt.Key.Key_Escape)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    # The write runs on the database thread: its answer arrives on the page.
    qtbot.waitUntil(lambda: f"Baris {before + 2}" in page.message.text())
    assert "kosong" in page.message.text()

    page.table.setCurrentCell(before + 1, 1)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.save_button.isEnabled)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Tersimpan" in page.message.text())
    with db.session() as session:
        holidays = dict(list_holidays(session, 2026))
    assert holidays[date(2026, 12, 31)] == "Cuti bersama akhir tahun"
    assert len(holidays) == before + 1
    assert dialog.saved_anything


def test_edit_umk_amount_by_keyboard_and_ok_stores_it(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    dialog.tabs.setCurrentIndex(3)
    table = dialog.wages.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "Kota Samarinda")  # type: ignore[union-attr]
    table.setFocus()
    table.setCurrentCell(row, 2)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "Rp3.966.000"
    editor.selectAll()
    qtbot.keyClicks(editor, "abc")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop
    qtbot.waitUntil(lambda: "'abc' bukan jumlah rupiah" in dialog.wages.message.text())
    assert table.item(row, 2).text() == "Rp3.966.000"  # type: ignore[union-attr]

    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "3.579.313")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, 2).text() == "Rp3.579.313")  # type: ignore[union-attr]
    assert dialog.wages.dirty

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # OK keeps table edits too
    qtbot.waitUntil(lambda: dialog.result() == SettingsDialog.DialogCode.Accepted)
    with db.session() as session:
        wages = {w.name: w.amount for w in list_minimum_wages(session, 2026)}
    assert wages["Kota Samarinda"] == 3_579_313
    assert wages["Kota Balikpapan"] == 4_060_000


def test_preview_renders_unsaved_signatory(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#0a6e3c"))
    assert image.save(str(logo))
    dialog = _dialog(qtbot, db)
    _retype(qtbot, dialog.signatory_name, "Siti Aminah")
    _retype(qtbot, dialog.logo_path, str(logo))
    assert dialog.logo_preview.pixmap() is not None
    assert not dialog.logo_preview.pixmap().isNull()
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.preview.view.page_count() == 1
    pdf = pdfium.PdfDocument(dialog.render_preview())
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "Siti Aminah" in text
    assert "12/KPS.01/KC-SMD/XI/2026" in text
    dialog.preview.close()
    with db.session() as session:
        assert load_branch_settings(session).signatory_name == "Nama Kepala Kantor Cabang"


def test_main_window_menu_opens_settings_and_refreshes_employers(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kantor_app.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    (action,) = [a for a in window.findChildren(QAction) if a.text() == "Pen&gaturan cabang…"]
    assert action.shortcut() == QKeySequence("Ctrl+,")
    refreshed: list[bool] = []
    monkeypatch.setattr(window.employers_tab, "refresh", lambda: refreshed.append(True))

    def user_types_and_presses_ok(dialog: SettingsDialog) -> int:
        dialog.signatory_name.setText("Rahmat Hidayat")
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.result() == SettingsDialog.DialogCode.Accepted)
        return int(dialog.result())

    monkeypatch.setattr(SettingsDialog, "exec", user_types_and_presses_ok)
    window.tabs.setCurrentIndex(0)
    action.trigger()
    with db.session() as session:
        assert load_branch_settings(session).signatory_name == "Rahmat Hidayat"
    assert refreshed == []  # not shown: it reloads when it is
    window.tabs.setCurrentIndex(1)
    assert refreshed == [True]
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentIndex(1)
    assert refreshed == [True]  # once per change, not per visit
