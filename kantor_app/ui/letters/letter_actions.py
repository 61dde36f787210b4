"""What the employer tab does with letters: issue, record their path, reprint; imports."""

from __future__ import annotations

import importlib.util
import uuid
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from kantor_app.services.errors import ServiceError
from kantor_app.services.letters import issue as letter_service
from kantor_app.ui.letters.issue_dialog import IssueLettersDialog
from kantor_app.ui.letters.printing import print_pdf
from kantor_app.ui.letters.status_dialog import LetterStatusDialog

if TYPE_CHECKING:
    from kantor_app.ui.employers.tab import EmployersTab


def _tr(text: str) -> str:
    return QCoreApplication.translate("LetterActions", text)


def open_issue_dialog(tab: EmployersTab) -> IssueLettersDialog:
    dialog = IssueLettersDialog(
        tab.db, tab.selected_ids(), tab.current_filter(), tab, today=tab.today
    )
    dialog.issued.connect(tab.letters_changed)
    dialog.finished.connect(dialog.deleteLater)
    tab.issue_dialog = dialog
    dialog.open()
    return dialog


def set_letter_status(tab: EmployersTab, status: str) -> None:
    pane = tab.detail
    letter_id = pane.selected_letter_id()
    if letter_id is None:
        return
    letters = pane.detail.letters if pane.detail is not None else ()
    number = next((le.number for le in letters if le.id == letter_id), "")

    def save(on: date, note: str) -> None:
        try:
            letter_service.set_status(tab.db, letter_id, status, on=on, note=note)
        except ServiceError as exc:
            QMessageBox.warning(tab, _tr("Status surat tidak diubah"), str(exc))
            return
        tab.letters_changed()
        pane.select_letter(letter_id)

    if status == "dicetak":
        save(tab.today(), "")
        return
    dialog = LetterStatusDialog(status, number, tab, today=tab.today())
    dialog.accepted.connect(lambda: save(dialog.value().on, dialog.value().note))
    dialog.finished.connect(dialog.deleteLater)
    tab.active_dialog = dialog
    dialog.open()


def reprint_menu(tab: EmployersTab) -> QMenu:
    menu = QMenu(tab)
    print_action = menu.addAction(_tr("Cetak…"))
    print_action.triggered.connect(lambda: reprint_letter(tab, to_printer=True))
    save_action = menu.addAction(_tr("Simpan salinan PDF…"))
    save_action.triggered.connect(lambda: reprint_letter(tab, to_printer=False))
    return menu


def reprint_letter(tab: EmployersTab, *, to_printer: bool = True) -> None:
    """The stored PDF of the selected letter: the same document as the original."""
    pane = tab.detail
    letter_id = pane.selected_letter_id()
    if letter_id is None:
        return
    try:
        data = letter_service.reprint(tab.db, letter_id)
    except ServiceError as exc:
        QMessageBox.warning(tab, _tr("Cetak ulang"), str(exc))
        return
    letters = pane.detail.letters if pane.detail is not None else ()
    number = next((le.number for le in letters if le.id == letter_id), "surat")
    if to_printer:
        if print_pdf(tab, data, number):
            set_letter_status_quiet(tab, letter_id, "dicetak")
        return
    safe = number.replace("/", "-")
    path, _filter = QFileDialog.getSaveFileName(
        tab, _tr("Simpan salinan surat"), f"{safe}.pdf", _tr("Dokumen PDF (*.pdf)")
    )
    if not path:
        return
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        QMessageBox.warning(
            tab,
            _tr("Cetak ulang"),
            _tr("Berkas %1 tidak dapat ditulis: %2").replace("%1", path).replace("%2", str(exc)),
        )
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def set_letter_status_quiet(tab: EmployersTab, letter_id: uuid.UUID, status: str) -> None:
    """Advance a letter's status after an action that implies it (printing)."""
    try:
        letter_service.set_status(tab.db, letter_id, status, on=tab.today())
    except ServiceError:
        return  # already further along: keep that status
    tab.letters_changed()


def import_actions(tab: EmployersTab) -> list[QAction]:
    """ "Impor perusahaan…" and "Impor iuran…" when the import service is installed."""
    if importlib.util.find_spec("kantor_app.services.employers.importing") is None:
        return []
    from kantor_app.ui.employers import imports

    return imports.import_actions(tab)
