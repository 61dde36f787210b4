"""The issue dialog skips an employer whose letter would cite an estimated UMK, shows why,
issues the others, and warns that the period counts over estimated holidays."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from service_samples import TODAY, add_employer, add_periods, set_umk

from kantor_app.services.employers.query import EmployerFilter
from kantor_app.services.reference.edit import list_holidays, save_holidays
from kantor_app.store.engine import Database
from kantor_app.ui.letters.issue_dialog import IssueLettersDialog

# Numbered letters need the branch's own letterhead and signatory (readiness).
pytestmark = pytest.mark.usefixtures("real_branch")


def test_estimated_umk_is_skipped_and_the_holiday_estimate_warns(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    set_umk(db)  # Samarinda confirmed
    set_umk(db, "64.71", 4_100_000, confirmed=False)
    ids = []
    for name, code in (("PT Kayu Samarinda", "64.72"), ("PT Minyak Balikpapan", "64.71")):
        eid = add_employer(db, name, regency_code=code, wage_reported=3_500_000)
        add_periods(db, eid, [(2026, m, 1_000_000, 1_000_000) for m in range(1, 11)], TODAY)
        ids.append(eid)

    dialog = IssueLettersDialog(db, ids, EmployerFilter(), today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.count_label.text() == "1 surat Teguran Tertulis I akan diterbitkan."
    assert dialog.refused_label.isVisible()
    assert (
        "PT Minyak Balikpapan: UMK Kota Balikpapan tahun 2026 belum dikonfirmasi: isi Nomor "
        "dan Tanggal SK Gubernur di Pengaturan > UMK"
    ) in dialog.refused_label.text()
    assert dialog.holiday_label.isVisible()
    assert "Hari libur tahun 2026 masih perkiraan" in dialog.holiday_label.text()

    dialog.folder_edit.setText(str(tmp_path / "surat"))
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=30_000)
    assert dialog.summary_title.text() == "1 surat diterbitkan"
    item = dialog.summary_table.item(0, 1)
    assert item is not None and item.text() == "PT Kayu Samarinda"


def test_no_holiday_warning_once_the_year_is_confirmed(qtbot: QtBot, db: Database) -> None:
    with db.session() as session:
        rows = list_holidays(session, 2026)
    save_holidays(db, 2026, rows, confirmed=[day for day, _ in rows])
    set_umk(db)
    eid = add_employer(db, "PT Kayu Samarinda", wage_reported=3_500_000)
    dialog = IssueLettersDialog(db, [eid], EmployerFilter(), today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.holiday_label.isVisible()
