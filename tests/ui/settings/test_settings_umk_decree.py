"""Confirming a UMK with its decree, and a holiday against the SKB, in the settings dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableWidget
from pytestqt.qtbot import QtBot

from kantor_app.services.reference.edit import confirmed_holidays, list_minimum_wages
from kantor_app.store.engine import Database
from kantor_app.ui.settings.dialog import SettingsDialog
from kantor_app.ui.settings.umk_table import COL_CONFIRMED, COL_DECREE, COL_DECREE_DATE

TODAY = date(2026, 11, 23)


def _dialog(qtbot: QtBot, db: Database) -> SettingsDialog:
    dialog = SettingsDialog(db, today=TODAY, username="tester")
    qtbot.addWidget(dialog)
    dialog.resize(900, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type_in_cell(qtbot: QtBot, table: QTableWidget, row: int, column: int, text: str) -> None:
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on the next loop: wait before opening another editor.
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def _tick(qtbot: QtBot, table: QTableWidget, row: int, column: int) -> None:
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_Space)


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def test_umk_confirmed_only_with_decree_number_and_date(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    dialog.tabs.setCurrentIndex(3)
    page = dialog.wages
    table = page.table
    row = next(r for r in range(table.rowCount()) if _text(table, r, 1) == "Kota Samarinda")
    assert _text(table, row, COL_CONFIRMED) == "perkiraan"  # seeded: an estimate

    _tick(qtbot, table, row, COL_CONFIRMED)
    assert _text(table, row, COL_CONFIRMED) == "Dikonfirmasi"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "belum dapat dikonfirmasi" in page.message.text())
    assert "Kota Samarinda tahun 2026" in page.message.text()
    assert "Nomor SK Gubernur" in page.message.text()
    with db.session() as session:
        stored = {w.code: w for w in list_minimum_wages(session, 2026)}["64.72"]
    assert not stored.confirmed

    _type_in_cell(qtbot, table, row, COL_DECREE_DATE, "31-02-2025")
    qtbot.waitUntil(lambda: "tidak ada di kalender" in page.message.text())
    _type_in_cell(qtbot, table, row, COL_DECREE, "100.3.3.1/K.812/2025")
    _type_in_cell(qtbot, table, row, COL_DECREE_DATE, "28-11-2025")
    qtbot.waitUntil(lambda: _text(table, row, COL_DECREE_DATE) == "28 November 2025")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "UMK tahun 2026 tersimpan" in page.message.text())
    with db.session() as session:
        stored = {w.code: w for w in list_minimum_wages(session, 2026)}["64.72"]
    assert (stored.confirmed, stored.decree_number, stored.decree_date) == (
        True,
        "100.3.3.1/K.812/2025",
        date(2025, 11, 28),
    )
    assert _text(table, row, COL_CONFIRMED) == "Dikonfirmasi"  # as reloaded from the store


def test_holiday_ticked_dikonfirmasi_is_stored(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    dialog.tabs.setCurrentIndex(2)
    page = dialog.holidays
    table = page.table
    assert table.horizontalHeaderItem(2).text() == "Dikonfirmasi"  # type: ignore[union-attr]
    _tick(qtbot, table, 0, 2)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Tersimpan" in page.message.text())
    with db.session() as session:
        assert confirmed_holidays(session, 2026) == {page.rows()[0][0]}
