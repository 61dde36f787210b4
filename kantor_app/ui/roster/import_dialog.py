"""Berkas → Impor daftar peserta: pick a workbook, check the mapping, import with progress.

The reading, validation and writing are the import service's
(`kantor_app.services.roster.importing.importer`); this dialog shows what it detected,
lets the user correct the column of each field, and runs both the preview and
the import on the database thread so the window stays responsive.
"""

from __future__ import annotations

from pathlib import Path

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

from kantor_app.services.errors import Cancelled
from kantor_app.services.roster.importing.columns import (
    FIELD_LABELS,
    REQUIRED_FIELDS,
    ColumnMapping,
)
from kantor_app.services.roster.importing.importer import (
    ImportResult,
    RosterPreview,
    import_roster,
    preview_roster,
)
from kantor_app.services.spreadsheets.column_letter import column_letter
from kantor_app.store.engine import Database
from kantor_app.ui.roster.model import format_count
from kantor_app.ui.tasks import Task, TaskContext, describe_error, run_task

PREVIEW_ROWS = 20


class ImportDialog(QDialog):
    imported = Signal(object)  # the service's result, after a real (not dry-run) import

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.path: Path | None = None
        self.view: RosterPreview | None = None
        self.import_result: ImportResult | None = None
        self._task: Task[RosterPreview] | Task[ImportResult] | None = None
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
        """Read the file's first rows off the GUI thread (2.8 s on a 100,000-row file)."""
        self.path = path
        self.file_label.setText(str(path))
        # The previous file's preview and mapping go: nothing may be imported
        # with them while (or if cancelled, after) this file is read.
        self.view = None
        self._show_preview()
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Membaca %s…") % path.name)
        self.open_errors_button.setVisible(False)

        def work(ctx: TaskContext) -> RosterPreview:
            preview = preview_roster(path, sheet=sheet, rows=PREVIEW_ROWS)
            if ctx.is_cancelled():
                raise Cancelled()
            return preview

        self._task = run_task(
            self,
            self.tr("Impor daftar peserta"),
            work,
            self._previewed,
            self._preview_failed,
            self._preview_cancelled,
            label=self.tr("Membaca %s…") % path.name,
        )
        self._update_buttons()

    def _previewed(self, preview: RosterPreview) -> None:
        self._task = None
        self.summary.clear()
        self.view = preview
        self._show_preview()

    def _preview_failed(self, exc: BaseException) -> None:
        # The service's message names the file and the cause.
        self._task = None
        self.view = None
        self.summary.setText(describe_error(exc))
        self.summary.setStyleSheet("color: #b3261e;")
        self._show_preview()

    def _preview_cancelled(self) -> None:
        self._task = None
        self.summary.clear()
        self._update_buttons()

    @Slot(int)
    def _sheet_chosen(self, _index: int) -> None:
        if self.path is not None and self.view is not None:
            name = self.sheet.currentText()
            if name != self.view.sheet:
                self.load(self.path, name)

    def _show_preview(self) -> None:
        view = self.view
        self.mapping_box.setEnabled(view is not None)
        self.sheet.clear()
        self.preview.clear()
        if view is None:
            self.header_label.clear()
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            self._update_buttons()
            return
        self.sheet.addItems(view.sheet_names)
        self.sheet.setCurrentText(view.sheet)
        if view.header_row is None:  # no header recognised: the user picks every column
            self.header_label.clear()
        else:
            self.header_label.setText(self.tr("Judul kolom di baris %s") % view.header_row)
        width = max([view.width, len(view.headers)] + [len(r) for r in view.rows])
        self._fill_combos(view, width)
        self.preview.setColumnCount(width)
        self.preview.setHorizontalHeaderLabels(
            [f"{column_letter(i)}\n{_header(view, i)}" for i in range(width)]
        )
        self.preview.setRowCount(len(view.rows))
        self.preview.setVerticalHeaderLabels([str(n) for n in view.row_numbers])
        for r, row in enumerate(view.text_rows()):
            for c, text in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(text))
        self.preview.resizeColumnsToContents()
        self._update_buttons()

    def _fill_combos(self, view: RosterPreview, width: int) -> None:
        choices = [self.tr("(tidak ada)")] + [
            f"{column_letter(i)} — {_header(view, i)}".rstrip(" —") for i in range(width)
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
        self.sheet.setEnabled(
            self._task is None and self.view is not None and len(self.view.sheet_names) > 1
        )

    # --- importing --------------------------------------------------------------

    @Slot()
    def start_import(self) -> None:
        if self.path is None or self.view is None:
            return
        path, sheet, mapping = self.path, self.view.sheet or None, self.mapping()
        dry_run = self.dry_run.isChecked()

        def work(ctx: TaskContext) -> ImportResult:
            return import_roster(
                self.db,
                path,
                sheet=sheet,
                mapping=ColumnMapping(columns=mapping),
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

    def _finished(self, result: ImportResult, dry_run: bool) -> None:
        self._task = None
        self.import_result = result
        counts = [
            (self.tr("baru"), result.imported),
            (self.tr("diperbarui"), result.updated),
            (self.tr("tidak berubah"), result.unchanged),
            (self.tr("ditolak"), result.rejected),
            (self.tr("peringatan"), result.warnings),
        ]
        parts = ", ".join(f"{format_count(n)} {label}" for label, n in counts)
        head = (
            self.tr("Uji coba selesai, tidak ada yang disimpan:")
            if dry_run
            else self.tr("Impor selesai:")
        )
        self.summary.setText(f"{head} {parts}.")
        report = result.error_report
        self.open_errors_button.setVisible(report is not None and report.exists())
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
        report = self.import_result.error_report if self.import_result is not None else None
        if report is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(report)))

    def reject(self) -> None:
        if self._task is not None:  # work is still running: Cancel is in its dialog
            return
        super().reject()


def _header(view: RosterPreview, column: int) -> str:
    return view.headers[column] if column < len(view.headers) else ""
