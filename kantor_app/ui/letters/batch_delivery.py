"""Marking a batch sent from the issue dialog's summary: the stack leaves the office together.

The batch's periods run from sending (plus the branch's allowance) until the
receipts come back, so the date is best recorded the day the stack goes out.
"""

from __future__ import annotations

import getpass
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton

from kantor_app.domain.dates import format_date_id
from kantor_app.services.letters import delivery
from kantor_app.ui.letters.issue_dialog import IssueLettersDialog
from kantor_app.ui.letters.status_dialog import LetterStatusDialog
from kantor_app.ui.operations import Changes, run_op

LETTERS = Changes(letters=True)


def _tr(text: str) -> str:
    return QCoreApplication.translate("BatchDelivery", text)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers, services)
        return ""


def add_mark_sent_button(dialog: IssueLettersDialog) -> QPushButton:
    """A "Tandai semua dikirim…" button beside the summary's print buttons."""
    button = QPushButton(_tr("Tandai semua dikirim…"), dialog)
    button.clicked.connect(lambda: ask_sent(dialog, button))
    dialog.summary_buttons.insertWidget(3, button)
    return button


def ask_sent(dialog: IssueLettersDialog, button: QPushButton) -> LetterStatusDialog | None:
    letters = dialog.issued_letters or []
    if not letters:
        return None
    ids = [letter.letter_id for letter in letters]
    db = dialog.db
    form = LetterStatusDialog(
        "dikirim", [letter.number for letter in letters], dialog, today=dialog.today()
    )

    def done(on: date) -> None:
        button.setEnabled(False)
        button.setText(_tr("Dikirim %1").replace("%1", format_date_id(on)))

    def save() -> None:
        on = form.value().on
        run_op(
            dialog,
            _tr("Mencatat %1 surat").replace("%1", str(len(ids))),
            lambda _ctx: delivery.record_sent(db, ids, on, username=_os_user()),
            lambda _result: done(on),
            changes=LETTERS,
            failure_title=_tr("Pengiriman surat tidak dicatat"),
        )

    form.accepted.connect(save)
    form.finished.connect(form.deleteLater)
    form.open()
    return form
