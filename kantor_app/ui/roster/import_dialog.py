"""Berkas → Impor daftar peserta: pick a workbook, check the mapping, import with progress.

The reading, validation and writing are the import service's
(`kantor_app.services.roster.importing.importer`); this dialog shows what it detected,
lets the user correct the column of each field, and runs the import on the
database thread so the window stays responsive.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kantor_app.services.roster.importing.columns import FIELD_LABELS, REQUIRED_FIELDS
from kantor_app.store.engine import Database
from kantor_app.ui.roster.model import format_count
from kantor_app.ui.tasks import Task, TaskContext, describe_error, run_task

PREVIEW_ROWS = 20


def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA" (as Excel names columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class PreviewView:
    """What the dialog needs from the service's preview, whatever its exact shape."""

    sheets: list[str]
    sheet: str
    header_row: int  # Excel row number of the header
    headers: list[str]
    mapping: dict[str, int | None]  # field -> 0-based column
    rows: list[list[Any]]
    row_numbers: list[int]  # Excel row number of each preview row


def _attr(obj: object, *names: str, default: Any = None) -> Any:
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def _as_index(value: Any, headers: Sequence[str]) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isalpha() and value.isupper() and len(value) <= 3:
        index = 0
        for ch in value:
            index = index * 26 + ord(ch) - ord("A") + 1
        return index - 1
    if isinstance(value, str) and value in headers:
        return list(headers).index(value)
    return _as_index(_attr(value, "index", "column", "col"), headers)


def preview_view(preview: object) -> PreviewView:
    headers = [str(h or "") for h in _attr(preview, "headers", "header", default=[]) or []]
    raw_mapping = _attr(preview, "mapping", "columns", default={}) or {}
    if not isinstance(raw_mapping, Mapping):
        raw_mapping = _attr(raw_mapping, "columns", "fields", default={}) or {}
    mapping = {str(k): _as_index(v, headers) for k, v in dict(raw_mapping).items()}
    rows = [
        list(_attr(r, "values", "cells", default=r)) for r in _attr(preview, "rows", default=[])
    ]
    sheet = str(_attr(preview, "sheet", "sheet_name", default="") or "")
    sheets = [str(s) for s in _attr(preview, "sheets", "sheet_names", default=[sheet]) or [sheet]]
    header_row = int(_attr(preview, "header_row", default=0) or 0)
    numbers = list(_attr(preview, "row_numbers", default=[]) or [])
    if len(numbers) != len(rows):
        numbers = [header_row + 1 + i for i in range(len(rows))]
    return PreviewView(
        sheets=sheets,
        sheet=sheet,
        header_row=header_row,
        headers=headers,
        mapping=mapping,
        rows=rows,
        row_numbers=numbers,
    )


def cell_text(value: Any) -> str:
    """A raw cell as the user would recognise it (NIK numbers without exponent)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.strftime("%d-%m-%Y %H:%M")
            if value.time() != time()
            else value.strftime("%d-%m-%Y")
        )
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


class ImportDialog(QDialog):
    imported = Signal(object)  # the service's result, after a real (not dry-run) import

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.path: Path | None = None
        self.view: PreviewView | None = None
        self.result: Any = None
        self._task: Task[Any] | None = None
        self.setWindowTitle(self.tr("Impor daftar peserta"))
        self.resize(900, 640)

        self.file_label = QLabel(self.tr("Belum ada berkas dipilih."), self)
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Pilih berkas…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.sheet = QComboBox(self)
        self.sheet.setEnabled(False)
        self.sheet.activated.connect(self._sheet_chosen)
        self.header_label = QLabel(self)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(QLabel(self.tr("Lembar:"), self))
        sheet_row.addWidget(self.sheet, 1)
        sheet_row.addWidget(self.header_label, 2)

        self.mapping_box = QGroupBox(self.tr("Kolom untuk setiap data"), self)
        grid = QGridLayout(self.mapping_box)
        self.field_combos: dict[str, QComboBox] = {}
        for i, (field, label) in enumerate(FIELD_LABELS.items()):
            combo = QComboBox(self.mapping_box)
            combo.setMinimumContentsLength(18)
            combo.currentIndexChanged.connect(lambda _i: self._update_buttons())
            title = self.tr(label) + (" *" if field in REQUIRED_FIELDS else "")
            grid.addWidget(QLabel(title, self.mapping_box), i // 3, (i % 3) * 2)
            grid.addWidget(combo, i // 3, (i % 3) * 2 + 1)
            self.field_combos[field] = combo
        self.mapping_box.setEnabled(False)

        self.preview = QTableWidget(self)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setAlternatingRowColors(True)
        self.preview.setWordWrap(False)

        self.dry_run = QCheckBox(self.tr("Uji coba saja (periksa tanpa menyimpan)"), self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.open_errors_button = QPushButton(self.tr("Buka berkas baris ditolak"), self)
        self.open_errors_button.setVisible(False)
        self.open_errors_button.clicked.connect(self.open_error_report)
        self.import_button = QPushButton(self.tr("Impor"), self)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton(self.tr("Tutup"), self)
        self.close_button.clicked.connect(self.reject)

        bottom = QHBoxLayout()
        bottom.addWidget(self.dry_run)
        bottom.addStretch(1)
        bottom.addWidget(self.open_errors_button)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(sheet_row)
        layout.addWidget(self.mapping_box)
        layout.addWidget(QLabel(self.tr("Baris pertama:"), self))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addLayout(bottom)
        self._update_buttons()

    # --- choosing and previewing ------------------------------------------------

    @Slot()
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Pilih daftar peserta"),
            str(self.path.parent if self.path else Path.home()),
            self.tr("Buku kerja (*.xlsx *.xlsm *.xls *.ods);;Semua berkas (*)"),
        )
        if path:
            self.load(Path(path))

    def load(self, path: Path, sheet: str | None = None) -> None:
        self.path = path
        self.file_label.setText(str(path))
        self.summary.clear()
        self.open_errors_button.setVisible(False)
        try:
            preview = _service().preview_roster(path, sheet=sheet, rows=PREVIEW_ROWS)
        except Exception as exc:  # the service's message names the file and the cause
            self.view = None
            self.summary.setText(describe_error(exc))
            self.summary.setStyleSheet("color: #b3261e;")
            self._show_preview()
            return
        self.summary.setStyleSheet("")
        self.view = preview_view(preview)
        self._show_preview()

    @Slot(int)
    def _sheet_chosen(self, _index: int) -> None:
        if self.path is not None and self.view is not None:
            name = self.sheet.currentText()
            if name != self.view.sheet:
                self.load(self.path, name)

    def _show_preview(self) -> None:
        view = self.view
        self.mapping_box.setEnabled(view is not None)
        self.sheet.setEnabled(view is not None and len(view.sheets) > 1)
        self.sheet.clear()
        self.preview.clear()
        if view is None:
            self.header_label.clear()
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            self._update_buttons()
            return
        self.sheet.addItems(view.sheets)
        self.sheet.setCurrentText(view.sheet)
        self.header_label.setText(self.tr("Judul kolom di baris %s") % view.header_row)
        width = max([len(view.headers)] + [len(r) for r in view.rows])
        choices = [self.tr("(tidak ada)")] + [
            f"{column_letter(i)} — {view.headers[i] if i < len(view.headers) else ''}".rstrip(" —")
            for i in range(width)
        ]
        for field, combo in self.field_combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(choices[0], None)
            for i, text in enumerate(choices[1:]):
                combo.addItem(text, i)
            column = view.mapping.get(field)
            combo.setCurrentIndex(0 if column is None else column + 1)
            combo.blockSignals(False)
        self.preview.setColumnCount(width)
        self.preview.setHorizontalHeaderLabels(
            [
                f"{column_letter(i)}\n{view.headers[i] if i < len(view.headers) else ''}"
                for i in range(width)
            ]
        )
        self.preview.setRowCount(len(view.rows))
        self.preview.setVerticalHeaderLabels([str(n) for n in view.row_numbers])
        for r, row in enumerate(view.rows):
            for c, value in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(cell_text(value)))
        self.preview.resizeColumnsToContents()
        self._update_buttons()

    def mapping(self) -> dict[str, int]:
        """Field -> 0-based column, as the user left the combos."""
        return {
            field: combo.currentData()
            for field, combo in self.field_combos.items()
            if combo.currentData() is not None
        }

    def _update_buttons(self) -> None:
        mapping = self.mapping() if self.view is not None else {}
        ready = (
            self.view is not None
            and self._task is None
            and all(field in mapping for field in REQUIRED_FIELDS)
        )
        self.import_button.setEnabled(ready)
        self.choose_button.setEnabled(self._task is None)

    # --- importing --------------------------------------------------------------

    @Slot()
    def start_import(self) -> None:
        if self.path is None or self.view is None:
            return
        path, sheet, mapping = self.path, self.view.sheet or None, self.mapping()
        dry_run = self.dry_run.isChecked()

        def work(ctx: TaskContext) -> Any:
            service = _service()
            return service.import_roster(
                self.db,
                path,
                sheet=sheet,
                mapping=service.ColumnMapping(columns=mapping),
                dry_run=dry_run,
                progress=ctx.progress,
                is_cancelled=ctx.is_cancelled,
            )

        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Mengimpor…"))
        self._task = run_task(
            self,
            self.tr("Impor daftar peserta"),
            work,
            lambda result: self._finished(result, dry_run),
            self._failed,
            self._cancelled,
            label=self.tr("Membaca %s…") % path.name,
        )
        self._update_buttons()

    def _finished(self, result: Any, dry_run: bool) -> None:
        self._task = None
        self.result = result
        counts = [
            (self.tr("baru"), _attr(result, "imported", default=0)),
            (self.tr("diperbarui"), _attr(result, "updated", default=0)),
            (self.tr("tidak berubah"), _attr(result, "unchanged", default=0)),
            (self.tr("ditolak"), _attr(result, "rejected", default=0)),
            (self.tr("peringatan"), _attr(result, "warnings", default=0)),
        ]
        parts = ", ".join(f"{format_count(_count(n))} {label}" for label, n in counts)
        head = (
            self.tr("Uji coba selesai, tidak ada yang disimpan:")
            if dry_run
            else self.tr("Impor selesai:")
        )
        self.summary.setText(f"{head} {parts}.")
        report = _attr(result, "error_report", default=None)
        self.open_errors_button.setVisible(bool(report) and Path(str(report)).exists())
        self._update_buttons()
        if not dry_run:
            self.imported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.summary.setStyleSheet("color: #b3261e;")
        self.summary.setText(describe_error(exc))
        self._update_buttons()

    def _cancelled(self) -> None:
        self._task = None
        self.summary.setText(self.tr("Impor dibatalkan; basis data tidak berubah."))
        self._update_buttons()

    @Slot()
    def open_error_report(self) -> None:
        report = _attr(self.result, "error_report", default=None)
        if report:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(report)))

    def reject(self) -> None:
        if self._task is not None:  # the import is still running: Cancel is in its dialog
            return
        super().reject()


def _service() -> Any:
    # Imported when used: the dialog module loads even while the service is
    # being written, and the tab starts faster.
    import importlib

    return importlib.import_module("kantor_app.services.roster.importing.importer")


def _count(value: Any) -> int:
    """Counts may come as numbers or as lists of items (warnings, rejections)."""
    if isinstance(value, int):
        return value
    try:
        return len(value)
    except TypeError:
        return 0
