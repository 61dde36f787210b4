"""The Peserta tab: filter bar, the lazy roster table, add/edit/deactivate, export, import."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kantor_app.domain.vocabulary import STATUS_INACTIVE
from kantor_app.services.outreach.programs import program_choices
from kantor_app.services.roster.query import (
    SEGMENT_LABELS,
    STATUS_LABELS,
    RosterFilter,
    SortColumn,
    deactivate_worker,
    export_workers_xlsx,
    region_table,
)
from kantor_app.store.engine import Database
from kantor_app.ui.operations import Changes, broadcast, run_op
from kantor_app.ui.roster.model import COLUMNS, RosterTableModel
from kantor_app.ui.roster.regions import RegionPickers
from kantor_app.ui.tasks import Task, TaskContext, run_task
from kantor_app.ui.widgets.numbers import format_number

DEBOUNCE_MS = 250
T = TypeVar("T")


# What this tab shows: workers, and the funding programs in its filter.
SHOWN = Changes(workers=True, outreach=True)
WORKERS = Changes(workers=True)


class RosterTab(QWidget):
    """The roster; `data_changed` follows each reload after an operation."""

    data_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._tasks: list[Task[Any]] = []
        self.model = RosterTableModel(db, self)
        self._build_filter_bar()
        self._build_table()
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._buttons_row)
        self._update_count()
        self._update_buttons()

    # --- construction -------------------------------------------------------

    def _build_filter_bar(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Cari NIK atau nama…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.apply_filter)

        self.regency = QComboBox(self)
        self.district = QComboBox(self)
        self.village = QComboBox(self)
        self.pickers = RegionPickers(
            region_table(), self.regency, self.district, self.village, parent=self
        )
        self.pickers.changed.connect(self.apply_filter)

        self.segment = QComboBox(self)
        self.segment.addItem(self.tr("Semua segmen"), None)
        for code, label in SEGMENT_LABELS.items():
            self.segment.addItem(label, code)
        self.program = QComboBox(self)
        self.program.setMinimumContentsLength(14)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("Semua status"), None)
        for code, label in STATUS_LABELS.items():
            self.status.addItem(self.tr(label), code)
        self._fill_programs()
        for combo in (self.segment, self.program, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())

        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(130)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)

        # Two rows, and combos sized by a fixed number of characters, so long
        # region names never force the window wider than a laptop screen.
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count_label)
        combo_row = QHBoxLayout()
        for combo, chars, stretch in (
            (self.regency, 14, 2),
            (self.district, 12, 2),
            (self.village, 12, 2),
            (self.segment, 8, 1),
            (self.program, 12, 2),
            (self.status, 8, 1),
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(chars)
            combo_row.addWidget(combo, stretch)
        rows = QVBoxLayout()
        rows.addLayout(search_row)
        rows.addLayout(combo_row)
        self._filters_row = rows

    def _build_table(self) -> None:
        table = QTableView(self)
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        # Fixed row heights: the view never asks a million rows for their size.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        metrics = table.fontMetrics()
        for index, column in enumerate(COLUMNS):
            # Digits are wider than the average letter: size the NIK by a real one.
            sample = "6472014508900012" if column.sort is SortColumn.NIK else "n" * column.width
            table.setColumnWidth(index, metrics.horizontalAdvance(sample) + 18)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the name takes the slack
        header.setMinimumSectionSize(metrics.horizontalAdvance("L/P") + 18)
        table.doubleClicked.connect(lambda _index: self.edit_selected())
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.table = table

    def _shortcut_action(
        self, text: str, shortcut: QKeySequence | str, slot: Callable[[], None]
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.add_action = self._shortcut_action(self.tr("Tambah…"), "Ctrl+N", self.add_worker)
        self.edit_action = self._shortcut_action(self.tr("Ubah…"), "Return", self.edit_selected)
        enter = QAction(self)
        enter.setShortcut(QKeySequence("Enter"))
        enter.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        enter.triggered.connect(self.edit_selected)
        self.table.addAction(enter)
        self.deactivate_action = self._shortcut_action(
            self.tr("Nonaktifkan"),
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.deactivate_selected,
        )
        self.export_action = QAction(self.tr("Ekspor ke Excel…"), self)
        self.export_action.triggered.connect(self.export)
        self.import_action = QAction(self.tr("Impor daftar peserta…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.open_import)

        row = QHBoxLayout()
        self.add_button = self._button(self.add_action, self.tr("Tambah peserta baru (Ctrl+N)"))
        self.edit_button = self._button(self.edit_action, self.tr("Ubah data peserta (Enter)"))
        self.deactivate_button = self._button(
            self.deactivate_action, self.tr("Nonaktifkan peserta (Del)")
        )
        self.export_button = self._button(
            self.export_action, self.tr("Simpan daftar sesuai filter ke berkas Excel")
        )
        for button in (self.add_button, self.edit_button, self.deactivate_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        self._buttons_row = row

    def _button(self, action: QAction, tip: str) -> QPushButton:
        button = QPushButton(action.text(), self)
        button.setToolTip(tip)
        button.clicked.connect(action.trigger)
        return button

    def _fill_programs(self) -> None:
        current = self.program.currentData()
        self.program.blockSignals(True)
        self.program.clear()
        self.program.addItem(self.tr("Semua program"), None)
        with self.db.session() as session:
            programs = program_choices(session)
        for program in programs:
            self.program.addItem(f"{program.name} ({program.year})", str(program.id))
        index = self.program.findData(current) if current else 0
        self.program.setCurrentIndex(max(index, 0))
        self.program.setEnabled(bool(programs))
        self.program.blockSignals(False)

    # --- contract with the main window ---------------------------------------

    def file_actions(self) -> list[QAction]:
        return [self.import_action]

    def refresh(self) -> None:
        self._fill_programs()
        self.model.refresh()
        self._update_count()

    # --- filtering ------------------------------------------------------------

    def current_filter(self) -> RosterFilter:
        regency, district, village = self.pickers.codes()
        program = self.program.currentData()
        return RosterFilter(
            text=self.search.text(),
            regency_code=regency,
            district_code=district,
            village_code=village,
            segment=self.segment.currentData(),
            funding_program_id=uuid.UUID(program) if program else None,
            status=self.status.currentData(),
        )

    @Slot()
    def apply_filter(self) -> None:
        self._debounce.stop()
        new = self.current_filter()
        if new != self.model.roster_filter:
            self.model.setFilter(new)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("%s peserta") % format_number(self.model.rowCount()))

    # --- selection and actions --------------------------------------------------

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _selected_id(self) -> uuid.UUID | None:
        row = self.selected_row()
        worker = self.model.worker_at(row) if row is not None else None
        return worker.id if worker else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        worker = self.model.worker_at(row) if row is not None else None
        self.edit_action.setEnabled(worker is not None)
        self.edit_button.setEnabled(worker is not None)
        can_deactivate = worker is not None and worker.status != STATUS_INACTIVE
        self.deactivate_action.setEnabled(can_deactivate)
        self.deactivate_button.setEnabled(can_deactivate)

    def apply_changes(self, changes: Changes) -> None:
        """Reload after an operation, when it touched workers or the funding programs."""
        if changes.concerns(SHOWN):
            self.refresh()
            self.data_changed.emit()

    def select_worker(self, worker_id: uuid.UUID) -> None:
        """Select a worker if it is among the rows already fetched."""
        row = self.model.row_of(worker_id)
        if row is None and self.model.rowCount() <= RosterTableModel.PAGE_SIZE * 5:
            for r in range(self.model.rowCount()):
                worker = self.model.worker_at(r)
                if worker is not None and worker.id == worker_id:
                    row = r
                    break
        if row is not None:
            index = self.model.index(row, 0)
            self.table.selectRow(row)
            self.table.scrollTo(index)

    @Slot()
    def add_worker(self) -> None:
        from kantor_app.ui.roster.worker_dialog import WorkerDialog

        dialog = WorkerDialog(self.db, None, self)
        dialog.saved.connect(self.select_worker)
        dialog.open()

    @Slot()
    def edit_selected(self) -> None:
        from kantor_app.ui.roster.worker_dialog import WorkerDialog

        worker_id = self._selected_id()
        if worker_id is None:
            return
        dialog = WorkerDialog(self.db, worker_id, self)
        dialog.saved.connect(self.select_worker)
        dialog.open()

    @Slot()
    def deactivate_selected(self) -> None:
        row = self.selected_row()
        worker = self.model.worker_at(row) if row is not None else None
        if worker is None or worker.status == STATUS_INACTIVE:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Nonaktifkan peserta"),
            self.tr("Nonaktifkan %1 (NIK %2)?\nData tetap disimpan dan dapat diaktifkan lagi.")
            .replace("%1", worker.name)
            .replace("%2", worker.nik),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        worker_id, db = worker.id, self.db
        self._keep(
            run_op(
                self,
                self.tr("Menonaktifkan peserta"),
                lambda _ctx: deactivate_worker(db, worker_id),
                lambda _result: self.select_worker(worker_id),
                changes=WORKERS,
            )
        )

    @Slot()
    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Ekspor daftar peserta"),
            str(Path.home() / "daftar-peserta.xlsx"),
            self.tr("Buku kerja Excel (*.xlsx)"),
        )
        if not path:
            return
        target = Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")
        roster_filter, sort = self.model.roster_filter, self.model.roster_sort

        def work(ctx: TaskContext) -> int:
            return export_workers_xlsx(
                self.db, roster_filter, sort, target, ctx.progress, ctx.is_cancelled
            )

        def done(count: int) -> None:
            QMessageBox.information(
                self,
                self.tr("Ekspor selesai"),
                self.tr("%1 peserta disimpan ke\n%2")
                .replace("%1", format_number(count))
                .replace("%2", str(target)),
            )

        self._run(self.tr("Ekspor ke Excel"), work, done)

    def _run(
        self, title: str, work: Callable[[TaskContext], T], on_success: Callable[[T], None]
    ) -> None:
        """Read-only work (the export) off the GUI thread; writes go through `run_op`."""
        self._keep(run_task(self, title, work, on_success))

    def _keep(self, task: Task[Any]) -> None:
        self._tasks.append(task)
        task.done.connect(lambda: self._tasks.remove(task))

    @Slot()
    def open_import(self) -> None:
        from kantor_app.ui.roster.import_dialog import ImportDialog

        dialog = ImportDialog(self.db, self)
        # The import dialog writes through its own task; its end is an operation's end.
        dialog.imported.connect(lambda: broadcast(self, WORKERS))
        dialog.open()
