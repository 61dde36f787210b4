"""What the employer tab does with letters: issue, record their path, reprint.

The functions take a `LetterHost`, the little they need of the screen that
shows them, rather than the employer tab itself, which imports this module.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable
from datetime import date
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox, QWidget

from kantor_app.services.employers.query import EmployerFilter
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters import cases as case_service
from kantor_app.services.letters import delivery
from kantor_app.services.letters import fine_base as fine_base_service
from kantor_app.services.letters import issue as letter_service
from kantor_app.store.engine import Database
from kantor_app.ui.employers.detail import EmployerDetailPane
from kantor_app.ui.letters import batch_delivery
from kantor_app.ui.letters.close_case_dialog import CloseCaseDialog
from kantor_app.ui.letters.fine_base_dialog import FineBaseDialog
from kantor_app.ui.letters.issue_dialog import IssueLettersDialog
from kantor_app.ui.letters.printing import print_pdf
from kantor_app.ui.letters.status_dialog import LetterStatusDialog
from kantor_app.ui.operations import Changes, run_op
from kantor_app.ui.tasks import TaskContext, service_error_text

LETTERS = Changes(letters=True)


class LetterHost(Protocol):
    """The screen the letter actions work on: its database, date, selection and pane."""

    db: Database
    today: Callable[[], date]
    detail: EmployerDetailPane
    active_dialog: QDialog | None
    issue_dialog: QDialog | None

    def as_widget(self) -> QWidget:
        """The widget that parents dialogs and operations."""
        ...

    def selected_ids(self) -> list[uuid.UUID]: ...

    def current_filter(self) -> EmployerFilter: ...


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers, services)
        return ""


def _tr(text: str) -> str:
    return QCoreApplication.translate("LetterActions", text)


def open_issue_dialog(tab: LetterHost) -> IssueLettersDialog:
    dialog = IssueLettersDialog(
        tab.db, tab.selected_ids(), tab.current_filter(), tab.as_widget(), today=tab.today
    )
    batch_delivery.add_mark_sent_button(dialog)
    dialog.finished.connect(dialog.deleteLater)
    tab.issue_dialog = dialog
    dialog.open()
    return dialog


def connect_pane(tab: LetterHost, pane: EmployerDetailPane) -> None:
    """The detail pane's letter and case buttons act through the functions below."""
    pane.mark_printed_button.clicked.connect(lambda: set_letter_status(tab, "dicetak"))
    pane.mark_sent_button.clicked.connect(lambda: set_letter_status(tab, "dikirim"))
    pane.mark_received_button.clicked.connect(lambda: set_letter_status(tab, "diterima"))
    pane.mark_answered_button.clicked.connect(lambda: set_letter_status(tab, "dijawab"))
    pane.reprint_button.setMenu(reprint_menu(tab))
    pane.cases.close_requested.connect(lambda case_id: close_case(tab, case_id))
    pane.cases.fine_base_requested.connect(lambda case_id: set_fine_base(tab, case_id))


def _letter_number(tab: LetterHost, letter_id: uuid.UUID, default: str = "") -> str:
    letters = tab.detail.detail.letters if tab.detail.detail is not None else ()
    return next((le.number for le in letters if le.id == letter_id), default)


def set_letter_status(tab: LetterHost, status: str) -> None:
    if status in ("dikirim", "diterima"):
        record_delivery(tab, status)
        return
    pane = tab.detail
    letter_id = pane.selected_letter_id()
    if letter_id is None:
        return
    db = tab.db
    number = _letter_number(tab, letter_id)

    def save(on: date, note: str) -> None:
        run_op(
            tab.as_widget(),
            number or status,  # the progress title, when the write takes a moment
            lambda _ctx: letter_service.set_status(db, letter_id, status, on=on, note=note),
            lambda _result: pane.select_letter(letter_id),
            changes=LETTERS,
            failure_title=_tr("Status surat tidak diubah"),
        )

    if status == "dicetak":
        save(tab.today(), "")
        return
    _open_status_dialog(tab, status, [number], save)


def record_delivery(tab: LetterHost, status: str) -> None:
    """Sending or receipt of every selected letter, all or none (the service refuses all)."""
    pane = tab.detail
    letter_ids = pane.selected_letter_ids()
    if not letter_ids:
        return
    db = tab.db
    numbers = [_letter_number(tab, letter_id) for letter_id in letter_ids]

    def write(on: date, note: str) -> object:
        if status == "dikirim":
            return delivery.record_sent(db, letter_ids, on, username=_os_user())
        return delivery.record_received(db, letter_ids, on, note, username=_os_user())

    def save(on: date, note: str) -> None:
        run_op(
            tab.as_widget(),
            _tr("Mencatat %1 surat").replace("%1", str(len(letter_ids))),
            lambda _ctx: write(on, note),
            lambda _result: pane.select_letter(letter_ids[0]),
            changes=LETTERS,
            failure_title=_tr("Pengiriman surat tidak dicatat"),
        )

    _open_status_dialog(tab, status, numbers, save)


def _open_status_dialog(
    tab: LetterHost, status: str, numbers: list[str], save: Callable[[date, str], None]
) -> None:
    dialog = LetterStatusDialog(status, numbers, tab.as_widget(), today=tab.today())
    dialog.accepted.connect(lambda: save(dialog.value().on, dialog.value().note))
    dialog.finished.connect(dialog.deleteLater)
    tab.active_dialog = dialog
    dialog.open()


def reprint_menu(tab: LetterHost) -> QMenu:
    menu = QMenu(tab.as_widget())
    print_action = menu.addAction(_tr("Cetak…"))
    print_action.triggered.connect(lambda: reprint_letter(tab, to_printer=True))
    save_action = menu.addAction(_tr("Simpan salinan PDF…"))
    save_action.triggered.connect(lambda: reprint_letter(tab, to_printer=False))
    return menu


def reprint_letter(tab: LetterHost, *, to_printer: bool = True) -> None:
    """The stored PDF of the selected letter: the same document as the original."""
    parent = tab.as_widget()
    letter_id = tab.detail.selected_letter_id()
    if letter_id is None:
        return
    try:
        data = letter_service.reprint(tab.db, letter_id)
    except ServiceError as exc:
        QMessageBox.warning(parent, _tr("Cetak ulang"), service_error_text(exc))
        return
    number = _letter_number(tab, letter_id, "surat")
    if to_printer:
        if print_pdf(parent, data, number):
            set_letter_status_quiet(tab, letter_id, "dicetak")
        return
    safe = number.replace("/", "-")
    path, _filter = QFileDialog.getSaveFileName(
        parent, _tr("Simpan salinan surat"), f"{safe}.pdf", _tr("Dokumen PDF (*.pdf)")
    )
    if not path:
        return
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        QMessageBox.warning(
            parent,
            _tr("Cetak ulang"),
            _tr("Berkas %1 tidak dapat ditulis: %2").replace("%1", path).replace("%2", str(exc)),
        )
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def set_letter_status_quiet(tab: LetterHost, letter_id: uuid.UUID, status: str) -> None:
    """Advance a letter's status after an action that implies it (printing)."""
    db, on = tab.db, tab.today()

    def advance(_ctx: TaskContext) -> bool:
        try:
            letter_service.set_status(db, letter_id, status, on=on)
        except ServiceError:
            return False  # already further along: keep that status
        return True

    run_op(tab.as_widget(), _tr("Cetak ulang"), advance, changes=LETTERS)


def close_case(tab: LetterHost, case_id: uuid.UUID) -> None:
    """Ask how the selected sanction case ends, then close it."""
    pane = tab.detail
    case = pane.cases.selected_case()
    detail = pane.detail
    if case is None or case.id != case_id or detail is None:
        return
    db = tab.db
    dialog = CloseCaseDialog(detail.name, case, tab.as_widget(), today=tab.today())

    def save() -> None:
        value = dialog.value()
        run_op(
            tab.as_widget(),
            detail.name,
            lambda _ctx: case_service.close_case(
                db, case_id, value.reason, value.note, closed_on=value.closed_on
            ),
            changes=LETTERS,
            failure_title=_tr("Kasus tidak ditutup"),
        )

    dialog.accepted.connect(save)
    dialog.finished.connect(dialog.deleteLater)
    tab.active_dialog = dialog
    dialog.open()


def set_fine_base(tab: LetterHost, case_id: uuid.UUID) -> None:
    """Ask for the contributions owed of the selected case without arrears, then store them."""
    pane = tab.detail
    case = pane.cases.selected_case()
    detail = pane.detail
    if case is None or case.id != case_id or detail is None:
        return
    db, today = tab.db, tab.today()
    dialog = FineBaseDialog(detail.name, case, tab.as_widget())

    def save() -> None:
        value = dialog.value()
        run_op(
            tab.as_widget(),
            detail.name,
            lambda _ctx: fine_base_service.set_fine_base(
                db, case_id, value.amount, value.source, today=today
            ),
            changes=LETTERS,
            failure_title=_tr("Dasar denda tidak disimpan"),
        )

    dialog.accepted.connect(save)
    dialog.finished.connect(dialog.deleteLater)
    tab.active_dialog = dialog
    dialog.open()
