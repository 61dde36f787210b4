"""The delivery allowance typed in the settings dialog decides an estimated period end."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from service_samples import TODAY, add_employer, add_periods, set_umk

from kantor_app.services.letters.delivery import record_sent
from kantor_app.services.letters.issuing import issue_letters
from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.store.engine import Database
from kantor_app.ui.settings.dialog import SettingsDialog

# Numbered letters need the branch's own letterhead and signatory (readiness).
pytestmark = pytest.mark.usefixtures("real_branch")


def test_allowance_typed_then_ok_counts_from_sending(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kantor_app.services.letters.dating.clock", lambda: date(2027, 6, 30))
    dialog = SettingsDialog(db, today=TODAY, username="tester")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    field = dialog.delivery_allowance
    assert (field.value(), field.suffix()) == (3, " hari kerja")
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "5")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == SettingsDialog.DialogCode.Accepted)
    with db.session() as session:
        assert load_branch_settings(session).delivery_allowance_days == 5

    set_umk(db)
    eid = add_employer(db, "PT Satu")
    add_periods(db, eid, [(2026, 6, 12_500_000, 0)])
    [letter] = issue_letters(db, "teguran-1", [eid], today=TODAY)
    [sent] = record_sent(db, [letter.letter_id], TODAY)
    # Monday 23 November + 5 working days = 30 November; + 10 working days = 14 December.
    assert (sent.deadline, sent.basis) == (date(2026, 12, 14), "dikirim")
