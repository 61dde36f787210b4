"""Berkas menu: import employers and contribution records from .xlsx, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kantor_app.services.employers.importing import (
    ImportResult,
    import_contributions,
    import_employers,
    write_error_workbook,
)
from kantor_app.services.errors import ServiceError
from kantor_app.services.spreadsheets.error_workbook import default_errors_path
from kantor_app.ui.tasks import TaskContext, describe_error, run_task

if TYPE_CHECKING:
    from kantor_app.ui.employers.tab import EmployersTab

Importer = Callable[..., ImportResult]


def _tr(text: str) -> str:
    return QCoreApplication.translate("EmployerImports", text)


def import_actions(tab: EmployersTab) -> list[QAction]:
    employers = QAction(_tr("Impor perusahaan…"), tab)
    employers.triggered.connect(
        lambda: start_import(tab, import_employers, _tr("Impor daftar perusahaan"))
    )
    contributions = QAction(_tr("Impor iuran…"), tab)
    contributions.triggered.connect(
        lambda: start_import(tab, import_contributions, _tr("Impor data iuran bulanan"))
    )
    return [employers, contributions]


def start_import(tab: EmployersTab, importer: Importer, title: str) -> None:
    path_text, _filter = QFileDialog.getOpenFileName(
        tab, title, "", _tr("Buku kerja Excel (*.xlsx);;Semua berkas (*)")
    )
    if not path_text:
        return
    path = Path(path_text)
    db = tab.db
    today = tab.today()

    def work(ctx: TaskContext) -> ImportResult:
        return importer(db, path, today=today, progress=ctx.progress, is_cancelled=ctx.is_cancelled)

    tab.import_task = run_task(
        tab,
        title,
        work,
        lambda result: _finished(tab, result),
        label=_tr("Membaca %1…").replace("%1", path.name),
    )


def _finished(tab: EmployersTab, result: ImportResult) -> None:
    tab.import_task = None
    tab.letters_changed()  # reload the table and tell the window
    box = QMessageBox(tab)
    box.setText(result.summary())
    if result.rejections:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_tr("Impor selesai dengan baris ditolak"))
        box.setInformativeText(
            _tr("Simpan daftar baris yang ditolak (dengan alasannya) sebagai buku kerja Excel?")
        )
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Close)
        box.accepted.connect(lambda: _save_errors(tab, result))
    else:
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_tr("Impor selesai"))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.finished.connect(box.deleteLater)
    tab.active_dialog = box
    box.open()  # not exec(): the window stays responsive


def _save_errors(tab: EmployersTab, result: ImportResult) -> None:
    suggested = default_errors_path(result.file)
    out_text, _filter = QFileDialog.getSaveFileName(
        tab, _tr("Simpan baris yang ditolak"), str(suggested), _tr("Buku kerja Excel (*.xlsx)")
    )
    if out_text:
        try:
            write_error_workbook(result, Path(out_text))
        except ServiceError as exc:  # names the file and the cause, in Indonesian
            QMessageBox.warning(tab, _tr("Gagal menyimpan"), describe_error(exc))
