"""The Perusahaan tab as a user works it: filter, read the reasons, record what happened."""

from __future__ import annotations

from pathlib import Path

import pytest
from employer_samples import cell, choose_in_combo
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kantor_app.ui.employers.finding_dialog import FindingDialog
from kantor_app.ui.employers.model import (
    COL_ARREARS,
    COL_NAME,
    COL_STATUS,
    StatusCodeRole,
)
from kantor_app.ui.employers.payment_dialog import PaymentDialog
from kantor_app.ui.employers.resolve_dialog import ResolveDialog
from kantor_app.ui.employers.tab import EmployersTab


def names(tab: EmployersTab) -> list[str]:
    return [tab.model.index(r, COL_NAME).data() for r in range(tab.model.rowCount())]


def row_of(tab: EmployersTab, name: str) -> int:
    return names(tab).index(name)


def click_row(qtbot: QtBot, tab: EmployersTab, name: str) -> None:
    rect = tab.table.visualRect(tab.model.index(row_of(tab, name), COL_NAME))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: tab.detail.title.text() == name)


def click_action(qtbot: QtBot, tab: EmployersTab, text: str) -> QDialog:
    action = next(a for a in tab.toolbar.actions() if a.text() == text)
    button = tab.toolbar.widgetForAction(action)
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def click_save(qtbot: QtBot, dialog: QDialog) -> None:
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Simpan")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def status_shown(tab: EmployersTab, name: str) -> str:
    return str(tab.model.index(row_of(tab, name), COL_STATUS).data())


def test_model_is_a_well_behaved_qt_model(qtmodeltester: ModelTester, tab: EmployersTab) -> None:
    qtmodeltester.check(tab.model)


def test_filters_by_status_sector_region_and_text(qtbot: QtBot, tab: EmployersTab) -> None:
    assert tab.count_label.text() == "7 perusahaan"
    choose_in_combo(qtbot, tab.status_combo, "Menunggak")
    assert names(tab) == [
        "CV Bangun Borneo Konstruksi",
        "PT Kebun Hijau Lestari",
        "PT Sawit Makmur Sejahtera",
    ]
    choose_in_combo(qtbot, tab.sector_combo, "Kelapa sawit")
    assert names(tab) == ["PT Kebun Hijau Lestari", "PT Sawit Makmur Sejahtera"]
    choose_in_combo(qtbot, tab.status_combo, "Semua status")
    choose_in_combo(qtbot, tab.sector_combo, "Semua sektor")
    choose_in_combo(qtbot, tab.regency_combo, "Kota Balikpapan")
    assert names(tab) == ["PT Jasa Prima Mandiri", "PT Tambang Batu Mulia"]
    choose_in_combo(qtbot, tab.regency_combo, "Semua kab/kota")

    qtbot.keyClicks(tab.search, "karya")
    qtbot.waitUntil(lambda: names(tab) == ["CV Karya Baru"])
    assert tab.model.index(0, 0).data() == "(belum ada)"
    assert status_shown(tab, "CV Karya Baru") == "Belum Daftar"
    tab.search.clear()
    qtbot.keyClicks(tab.search, "19006006")  # NPP
    qtbot.waitUntil(lambda: names(tab) == ["PT Jasa Prima Mandiri"])
    assert tab.count_label.text() == "1 perusahaan"


def test_columns_show_money_and_sort_by_arrears(qtbot: QtBot, tab: EmployersTab) -> None:
    row = row_of(tab, "PT Sawit Makmur Sejahtera")
    cell = tab.model.index(row, COL_ARREARS)
    assert cell.data() == "Rp29.400.000"
    assert cell.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert tab.model.index(row_of(tab, "PT Jasa Prima Mandiri"), COL_ARREARS).data() == "–"
    header = tab.table.horizontalHeader()
    spot = QPoint(header.sectionViewportPosition(COL_ARREARS) + 20, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert names(tab)[-1] == "PT Sawit Makmur Sejahtera"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert names(tab)[:3] == [
        "PT Sawit Makmur Sejahtera",
        "PT Kebun Hijau Lestari",
        "CV Bangun Borneo Konstruksi",
    ]


def test_detail_pane_shows_reasons_history_and_registry(qtbot: QtBot, tab: EmployersTab) -> None:
    click_row(qtbot, tab, "PT Sawit Makmur Sejahtera")
    pane = tab.detail
    assert pane.badge.text() == "Menunggak"
    reasons = pane.reasons.text()
    assert "Menunggak 3 bulan (Juli 2026 s.d. September 2026) sebesar Rp29.400.000" in reasons
    assert "di bawah UMK" in reasons  # a second finding, with its figures
    assert "Harus dibayar" in reasons
    periods = pane.periods
    assert periods.rowCount() == 6
    assert cell(periods, 0, 0).text() == "September 2026"
    assert cell(periods, 0, 4).text() == "Rp9.800.000"
    assert cell(periods, 5, 4).text() == "–"  # the oldest month was paid
    assert cell(periods, 5, 3).text().endswith("2026")  # paid on, in words

    click_row(qtbot, tab, "PT Tambang Batu Mulia")
    assert pane.badge.text() == "PDS Tenaga Kerja"
    assert "Tenaga kerja dilaporkan 40, ditemukan 52 (12 belum didaftarkan)" in pane.reasons.text()
    assert pane.findings.rowCount() == 1
    assert cell(pane.findings, 0, 2).text() == "52"
    assert cell(pane.findings, 0, 4).text() == "Rina Wulandari"


def test_recording_payments_through_the_dialog_changes_the_status(
    qtbot: QtBot, tab: EmployersTab
) -> None:
    name = "CV Bangun Borneo Konstruksi"
    click_row(qtbot, tab, name)
    assert status_shown(tab, name) == "Menunggak"
    changes: list[None] = []
    tab.data_changed.connect(lambda: changes.append(None))

    for done, month in enumerate(("Agustus", "September"), 1):
        dialog = click_action(qtbot, tab, "Catat pembayaran…")
        assert isinstance(dialog, PaymentDialog)
        # The oldest unpaid month and what is still owed are proposed.
        assert dialog.month.currentText() == month
        assert dialog.amount.amount() == 1_250_000
        assert "kurang Rp1.250.000" in dialog.info.text()
        click_save(qtbot, dialog)
        assert not dialog.isVisible()

        # The write runs on the database thread; the tab reloads when it arrives.
        def arrived(done: int = done) -> bool:
            return len(changes) == done

        qtbot.waitUntil(arrived)

    # Contributions paid, but late on 23 November: the late fees stay owed.
    # August (due 15 Sep) 3 started months, September (due 15 Oct) 2: 5 x 2 % of 1.25 M.
    qtbot.waitUntil(lambda: "Rp125.000" in tab.detail.reasons.text())
    assert tab.detail.title.text() == name  # still selected after the refresh
    assert cell(tab.detail.periods, 0, 4).text() == "–"
    # Newest first: September's fee, then August's, each in its month's row.
    assert [cell(tab.detail.periods, row, 5).text() for row in (0, 1, 2)] == [
        "Rp50.000",
        "Rp75.000",
        "–",
    ]
    reasons = tab.detail.reasons.text()
    assert "Menunggak 2 bulan" not in reasons
    assert "Denda keterlambatan Rp125.000 belum dibayar" in reasons
    assert "Harus dibayar: Rp125.000 (iuran Rp0 + denda keterlambatan Rp125.000)" in reasons
    assert status_shown(tab, name) == "Menunggak"
    assert len(changes) == 2

    # The fees are paid with their receipt numbers: the dialog proposes each owed fee.
    for done, (month, fee) in enumerate((("Agustus", 75_000), ("September", 50_000)), 3):
        dialog = click_action(qtbot, tab, "Catat pembayaran…")
        assert isinstance(dialog, PaymentDialog)
        if done == 4:
            # Looking at the contribution first: nothing is left of it.
            choose_in_combo(qtbot, dialog.kind, "Iuran")
            assert "kurang Rp0" in dialog.info.text()
            choose_in_combo(qtbot, dialog.kind, "Denda keterlambatan")
        assert dialog.kind.currentText() == "Denda keterlambatan"
        assert dialog.month.currentText() == month
        assert dialog.amount.amount() == fee
        assert dialog.info.text() == f"Denda keterlambatan belum dibayar Rp{fee // 1000}.000"
        qtbot.keyClicks(dialog.receipt, f"BRI-{done}")
        click_save(qtbot, dialog)

        def fee_arrived(done: int = done) -> bool:
            return len(changes) == done

        qtbot.waitUntil(fee_arrived)

    # Paid up: what remains is the wage below the UMK.
    qtbot.waitUntil(lambda: status_shown(tab, name) == "PDS Upah")
    assert tab.detail.badge.text() == "PDS Upah"
    assert "Menunggak" not in tab.detail.reasons.text()
    assert "Harus dibayar" not in tab.detail.reasons.text()
    assert cell(tab.detail.periods, 0, 5).text() == "–"


def test_payment_dialog_refuses_bad_input(qtbot: QtBot, tab: EmployersTab) -> None:
    click_row(qtbot, tab, "PT Sawit Makmur Sejahtera")
    dialog = click_action(qtbot, tab, "Catat pembayaran…")
    assert isinstance(dialog, PaymentDialog)
    dialog.amount.set_amount(0)
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error.text() == "Jumlah dibayar harus lebih dari Rp0."
    dialog.amount.set_amount(100_000)
    dialog.year.setValue(2027)
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error.text().startswith("Bulan iuran")
    dialog.reject()
    assert status_shown(tab, "PT Sawit Makmur Sejahtera") == "Menunggak"


def test_inspection_finding_then_resolution(qtbot: QtBot, tab: EmployersTab) -> None:
    name = "PT Jasa Prima Mandiri"
    click_row(qtbot, tab, name)
    assert status_shown(tab, name) == "Patuh"
    dialog = click_action(qtbot, tab, "Catat temuan pemeriksaan…")
    assert isinstance(dialog, FindingDialog)
    click_save(qtbot, dialog)
    assert dialog.isVisible()  # neither workers nor wage given
    assert "tenaga kerja atau upah" in dialog.error.text()
    qtbot.mouseClick(dialog.workers_check, Qt.MouseButton.LeftButton)
    assert dialog.workers.isEnabled()
    dialog.workers.setValue(45)
    qtbot.keyClicks(dialog.officer, "Rina Wulandari")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: status_shown(tab, name) == "PDS Tenaga Kerja")
    assert "ditemukan 45 (15 belum didaftarkan)" in tab.detail.reasons.text()
    assert tab.detail.findings.rowCount() == 1

    dialog = click_action(qtbot, tab, "Tandai temuan selesai…")
    assert isinstance(dialog, ResolveDialog)
    click_save(qtbot, dialog)
    assert dialog.isVisible()  # a note is required
    qtbot.keyClicks(dialog.note, "15 pekerja didaftarkan 20 November 2026")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: status_shown(tab, name) == "Patuh")
    assert cell(tab.detail.findings, 0, 5).text() == "23 November 2026"
    row = row_of(tab, name)
    assert tab.model.index(row, COL_STATUS).data(StatusCodeRole) == "patuh"


def test_actions_need_a_current_employer(qtbot: QtBot, tab: EmployersTab) -> None:
    assert not tab.payment_action.isEnabled()
    assert not tab.detail.body.isVisible()
    assert tab.detail.placeholder.isVisible()
    click_row(qtbot, tab, "UD Sumber Rejeki")
    assert tab.payment_action.isEnabled()
    assert tab.detail.body.isVisible()
    assert [a.text() for a in tab.file_actions()] == ["Impor perusahaan…", "Impor iuran…"]


def test_import_employers_from_the_file_menu(
    qtbot: QtBot, tab: EmployersTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xlsxwriter

    book_path = tmp_path / "perusahaan baru.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    sheet = book.add_worksheet("Perusahaan")
    rows = [
        ["NPP", "Nama Perusahaan", "Sektor", "Skala Usaha", "Kabupaten/Kota"],
        ["19007007", "PT Sungai Mahakam Logistik", "jasa", "kecil", "Kota Samarinda"],
        ["19008008", "", "jasa", "kecil", "Kota Samarinda"],  # no name: rejected
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            sheet.write_string(r, c, value)
    book.close()
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *args, **kwargs: (str(book_path), "")),
    )
    action = tab.file_actions()[0]
    action.trigger()
    qtbot.waitUntil(lambda: tab.import_task is None and tab.model.rowCount() == 8, timeout=20_000)
    assert "PT Sungai Mahakam Logistik" in names(tab)
    box = tab.active_dialog
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert "1 perusahaan baru" in box.text()  # type: ignore[attr-defined]
    assert "1 baris ditolak" in box.text()  # type: ignore[attr-defined]
    box.reject()
