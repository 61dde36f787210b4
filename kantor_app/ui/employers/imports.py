"""Berkas menu: import employers and contribution records from .xlsx, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from kantor_app.services.employers.importing import (
    ImportResult,
    import_contributions,
    import_employers,
    write_error_workbook,
)
from kantor_app.services.errors import ServiceError
from kantor_app.services.spreadsheets.error_workbook import default_errors_path
from kantor_app.store.engine import Database
from kantor_app.ui.operations import Changes, run_op
from kantor_app.ui.tasks import Task, TaskContext, describe_error

Importer = Callable[..., ImportResult]
# Contributions change arrears and so compliance; both imports touch the registry.
IMPORTED = Changes(employers=True)


class ImportHost(Protocol):
    """The screen the imports run from: its database and date, and where to keep the task."""

    db: Database
    today: Callable[[], date]
    active_dialog: QDialog | None
    import_task: Task[Any] | None

    def as_widget(self) -> QWidget:
        """The widget that parents the file dialogs and the operation."""
        ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("EmployerImports", text)


def import_actions(host: ImportHost) -> list[QAction]:
    parent = host.as_widget()
    employers = QAction(_tr("Impor perusahaan…"), parent)
    employers.triggered.connect(
        lambda: start_import(host, import_employers, _tr("Impor daftar perusahaan"))
    )
    contributions = QAction(_tr("Impor iuran…"), parent)
    contributions.triggered.connect(
        lambda: start_import(host, import_contributions, _tr("Impor data iuran bulanan"))
    )
    return [employers, contributions]


def start_import(host: ImportHost, importer: Importer, title: str) -> None:
    parent = host.as_widget()
    path_text, _filter = QFileDialog.getOpenFileName(
        parent, title, "", _tr("Buku kerja Excel (*.xlsx);;Semua berkas (*)")
    )
    if not path_text:
        return
    path = Path(path_text)
    db = host.db
    today = host.today()

    def work(ctx: TaskContext) -> ImportResult:
        return importer(db, path, today=today, progress=ctx.progress, is_cancelled=ctx.is_cancelled)

    def ended() -> None:
        host.import_task = None

    task = run_op(
        parent,
        title,
        work,
        lambda result: _finished(host, result),
        changes=IMPORTED,
        progress_label=_tr("Membaca %1…").replace("%1", path.name),
    )
    task.done.connect(ended)
    host.import_task = task


def _finished(host: ImportHost, result: ImportResult) -> None:
    parent = host.as_widget()
    box = QMessageBox(parent)
    box.setText(result.summary())
    if result.rejections:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_tr("Impor selesai dengan baris ditolak"))
        box.setInformativeText(
            _tr("Simpan daftar baris yang ditolak (dengan alasannya) sebagai buku kerja Excel?")
        )
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Close)
        box.accepted.connect(lambda: _save_errors(parent, result))
    else:
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_tr("Impor selesai"))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.finished.connect(box.deleteLater)
    host.active_dialog = box
    box.open()  # not exec(): the window stays responsive


def _save_errors(parent: QWidget, result: ImportResult) -> None:
    suggested = default_errors_path(result.file)
    out_text, _filter = QFileDialog.getSaveFileName(
        parent, _tr("Simpan baris yang ditolak"), str(suggested), _tr("Buku kerja Excel (*.xlsx)")
    )
    if out_text:
        try:
            write_error_workbook(result, Path(out_text))
        except ServiceError as exc:  # names the file and the cause, in Indonesian
            QMessageBox.warning(parent, _tr("Gagal menyimpan"), describe_error(exc))
