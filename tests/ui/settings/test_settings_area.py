"""The Wilayah Kerja tab: a user renames a labour office and ticks the kab/kota served."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.services.reference.labour_offices import list_area_regions
from kantor_app.store.engine import Database
from kantor_app.ui.settings.area import OFFICE, REGION, AreaPage
from kantor_app.ui.settings.dialog import SettingsDialog

TODAY = date(2026, 11, 23)


def _dialog(qtbot: QtBot, db: Database) -> SettingsDialog:
    dialog = SettingsDialog(db, today=TODAY, username="tester")
    qtbot.addWidget(dialog)
    dialog.resize(760, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    tab = next(i for i in range(dialog.tabs.count()) if dialog.tabs.tabText(i) == "Wilayah Kerja")
    dialog.tabs.setCurrentIndex(tab)
    return dialog


def _row(page: AreaPage, name: str) -> int:
    table = page.table
    return next(r for r in range(table.rowCount()) if table.item(r, REGION).text() == name)  # type: ignore[union-attr]


def _type_office(qtbot: QtBot, page: AreaPage, row: int, text: str) -> None:
    table = page.table
    table.setFocus()
    table.setCurrentCell(row, OFFICE)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, OFFICE).text() == text)  # type: ignore[union-attr]


def _toggle(qtbot: QtBot, page: AreaPage, row: int) -> None:
    table = page.table
    table.setFocus()
    table.setCurrentCell(row, REGION)
    qtbot.keyClick(table.viewport(), Qt.Key.Key_Space)


def test_rename_an_office_and_tick_a_kab_kota_then_ok_stores_both(
    qtbot: QtBot, db: Database
) -> None:
    dialog = _dialog(qtbot, db)
    page = dialog.area
    table = page.table
    tarakan = _row(page, "Kota Tarakan")
    assert table.item(tarakan, OFFICE).text() == "Dinas Tenaga Kerja Kota Tarakan"  # type: ignore[union-attr]
    province = _row(page, "Kalimantan Utara")
    assert table.item(province, OFFICE).text() == (  # type: ignore[union-attr]
        "Dinas Tenaga Kerja dan Transmigrasi Provinsi Kalimantan Utara"
    )
    assert table.item(tarakan, REGION).checkState() == Qt.CheckState.Unchecked  # type: ignore[union-attr]
    samarinda = _row(page, "Kota Samarinda")
    assert table.item(samarinda, REGION).checkState() == Qt.CheckState.Checked  # type: ignore[union-attr]

    _type_office(qtbot, page, tarakan, "Dinas Tenaga Kerja dan Transmigrasi Kota Tarakan")
    _toggle(qtbot, page, tarakan)
    qtbot.waitUntil(lambda: page.service_area() == ("64.72", "65.71"))
    assert page.dirty

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == SettingsDialog.DialogCode.Accepted)
    with db.session() as session:
        offices = {r.code: r.office for r in list_area_regions(session)}
        area = load_branch_settings(session).service_area
    assert offices["65.71"] == "Dinas Tenaga Kerja dan Transmigrasi Kota Tarakan"
    assert area == ("64.72", "65.71")


def test_simpan_refuses_an_empty_name_and_an_empty_wilayah_kerja(
    qtbot: QtBot, db: Database
) -> None:
    dialog = _dialog(qtbot, db)
    page = dialog.area
    bulungan = _row(page, "Kabupaten Bulungan")
    _type_office(qtbot, page, bulungan, "")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Kabupaten Bulungan wajib diisi" in page.message.text())

    _type_office(qtbot, page, bulungan, "Dinas Tenaga Kerja Kabupaten Bulungan")
    _toggle(qtbot, page, _row(page, "Kota Samarinda"))
    qtbot.waitUntil(lambda: page.service_area() == ())
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Pilih sedikitnya satu kab/kota" in page.message.text())
    with db.session() as session:
        assert load_branch_settings(session).service_area == ("64.72",)
