"""The Perusahaan tab: who is not compliant and why, and what to do about it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kantor_app.domain.compliance import SEVERITY_ORDER, Assessment
from kantor_app.domain.vocabulary import SECTORS
from kantor_app.services.employers import registry as employer_service
from kantor_app.services.employers.compliance import assess_employer
from kantor_app.services.employers.query import (
    NONCOMPLIANT,
    EmployerDetail,
    EmployerFilter,
    employer_detail,
    regencies_in_use,
)
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.cases import case_overview
from kantor_app.store.engine import Database
from kantor_app.ui.employers import imports
from kantor_app.ui.employers.badge import StatusBadgeDelegate
from kantor_app.ui.employers.detail import EmployerDetailPane
from kantor_app.ui.employers.finding_dialog import FindingDialog
from kantor_app.ui.employers.labels import sector_label, status_label
from kantor_app.ui.employers.model import (
    COL_ARREARS,
    COL_LETTER,
    COL_NAME,
    COL_NPP,
    COL_REGENCY,
    COL_SECTOR,
    COL_STATUS,
    EmployerTableModel,
)
from kantor_app.ui.employers.payment_dialog import PaymentDialog
from kantor_app.ui.employers.resolve_dialog import ResolveDialog
from kantor_app.ui.letters import letter_actions
from kantor_app.ui.operations import Changes, run_op
from kantor_app.ui.tasks import Task

# What this tab shows: the registry and compliance (which the UMK table feeds) and letters.
SHOWN = Changes(employers=True, letters=True, reference=True)
EMPLOYER_CHANGED = Changes(employers=True)


class EmployersTab(QWidget):
    """The registry with its compliance status; `data_changed` follows each reload
    after an operation."""

    data_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today: Callable[[], date] = date.today
        self.model = EmployerTableModel(db, self)
        self._current_id: uuid.UUID | None = None
        self.active_dialog: QDialog | None = None
        self.issue_dialog: QDialog | None = None
        self.import_task: Task[Any] | None = None
        self.write_task: Task[Any] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(self._build_filter_bar())
        self.toolbar = self._build_toolbar()
        layout.addWidget(self.toolbar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.table = self._build_table()
        self.detail = self._build_detail()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 380])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._apply_filter)
        self._file_actions = self._build_file_actions()
        self.refresh()

    # --- construction --------------------------------------------------------

    def _build_filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem(self.tr("Semua status"), None)
        self.status_combo.addItem(self.tr("Semua tidak patuh"), NONCOMPLIANT)
        for status in SEVERITY_ORDER:
            self.status_combo.addItem(status_label(status.value), status.value)
        self.sector_combo = QComboBox(self)
        self.sector_combo.addItem(self.tr("Semua sektor"), None)
        for sector in SECTORS:
            self.sector_combo.addItem(sector_label(sector), sector)
        self.regency_combo = QComboBox(self)
        self.regency_combo.setMinimumContentsLength(18)
        self.regency_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.regency_combo.addItem(self.tr("Semua kab/kota"), None)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Cari nama, NPP atau NPWP…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("color: palette(dark);")
        for label, widget in (
            (self.tr("Status:"), self.status_combo),
            (self.tr("Sektor:"), self.sector_combo),
            (self.tr("Kab/Kota:"), self.regency_combo),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
            bar.addSpacing(6)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        self.status_combo.currentIndexChanged.connect(self._apply_filter)
        self.sector_combo.currentIndexChanged.connect(self._apply_filter)
        self.regency_combo.currentIndexChanged.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        return bar

    def _action(self, text: str, slot: Callable[[], None], tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        return action

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.finding_action = self._action(
            self.tr("Catat temuan pemeriksaan…"),
            self.record_finding,
            self.tr("Jumlah tenaga kerja atau upah yang ditemukan saat pemeriksaan"),
        )
        self.payment_action = self._action(
            self.tr("Catat pembayaran…"), self.record_payment, self.tr("Pembayaran iuran per bulan")
        )
        self.resolve_action = self._action(
            self.tr("Tandai temuan selesai…"),
            self.mark_resolved,
            self.tr("Tutup temuan yang belum selesai"),
        )
        self.issue_action = self._action(
            self.tr("Terbitkan surat…"),
            self.issue_letters,
            self.tr("Surat teguran atau pemberitahuan untuk perusahaan terpilih atau hasil filter"),
        )
        self.issue_action.setShortcut(QKeySequence("Ctrl+T"))
        self.addAction(self.issue_action)
        for action in (self.finding_action, self.payment_action, self.resolve_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.issue_action)
        issue_button = bar.widgetForAction(self.issue_action)
        if issue_button is not None:
            issue_button.setStyleSheet("font-weight: 600;")
        return bar

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setSortingEnabled(True)
        table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(26)
        table.setItemDelegateForColumn(COL_STATUS, StatusBadgeDelegate(table))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        # Names matter most; the last column takes what is left, so a narrow
        # window scrolls instead of squeezing names to nothing.
        header.setStretchLastSection(True)
        widths = {
            COL_NAME: 250,
            COL_NPP: 82,
            COL_SECTOR: 100,
            COL_REGENCY: 150,
            COL_STATUS: 135,
            COL_ARREARS: 112,
            COL_LETTER: 150,
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(column, width)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        table.doubleClicked.connect(lambda _index: self.detail.tabs.setCurrentIndex(0))
        return table

    def _build_detail(self) -> EmployerDetailPane:
        pane = EmployerDetailPane(self, today=lambda: self.today())
        pane.setMinimumWidth(380)
        letter_actions.connect_pane(self, pane)
        pane.letter_selection_changed.connect(self._update_letter_buttons)
        return pane

    def _build_file_actions(self) -> list[QAction]:
        return imports.import_actions(self)

    # --- main window contract ------------------------------------------------

    def file_actions(self) -> list[QAction]:
        return list(self._file_actions)

    def refresh(self) -> None:
        """Reload filter choices, the table and the detail pane from the database."""
        self._reload_regencies()
        keep = self._current_id
        self.model.reload()
        self._update_count()
        if keep is not None:
            self.select_employer(keep)
        self._show_current()
        self._update_actions()

    # --- filtering -----------------------------------------------------------

    def _reload_regencies(self) -> None:
        current = self.regency_combo.currentData()
        with self.db.session() as session:
            regencies = regencies_in_use(session)
        self.regency_combo.blockSignals(True)
        self.regency_combo.clear()
        self.regency_combo.addItem(self.tr("Semua kab/kota"), None)
        for code, name in regencies:
            self.regency_combo.addItem(name, code)
        index = self.regency_combo.findData(current)
        self.regency_combo.setCurrentIndex(max(index, 0))
        self.regency_combo.blockSignals(False)

    def current_filter(self) -> EmployerFilter:
        return EmployerFilter(
            status=self.status_combo.currentData(),
            sector=self.sector_combo.currentData(),
            regency_code=self.regency_combo.currentData(),
            text=self.search.text().strip(),
        )

    @Slot()
    def _apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())
        self._update_count()
        if self._current_id is not None:
            self.select_employer(self._current_id)
        self._show_current()
        self._update_actions()

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(self.tr("%n perusahaan", "", count))

    # --- selection -----------------------------------------------------------

    def selected_ids(self) -> list[uuid.UUID]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        ids = [self.model.employer_id(row) for row in rows]
        return [i for i in ids if i is not None]

    def select_employer(self, employer_id: uuid.UUID) -> bool:
        row = self.model.row_of(employer_id)
        if row is None:
            # Not on a loaded page: load pages until found (the registry is small).
            for candidate in range(self.model.rowCount()):
                if self.model.employer_id(candidate) == employer_id:
                    row = candidate
                    break
        if row is None:
            self._current_id = None
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, COL_NAME))
        self.table.scrollTo(self.model.index(row, COL_NAME))
        return True

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._current_id = self.model.employer_id(current.row()) if current.isValid() else None
        self._show_current()
        self._update_actions()

    def _show_current(self) -> None:
        if self._current_id is None:
            self.detail.show_detail(None, None)
            return
        detail, assessment = self._load(self._current_id)
        self.detail.show_detail(detail, assessment)
        if detail is not None:
            with self.db.session() as session:
                cases = case_overview(session, detail.id, self.today())
            self.detail.cases.show_cases(cases)

    def _load(self, employer_id: uuid.UUID) -> tuple[EmployerDetail | None, Assessment | None]:
        with self.db.session() as session:
            detail = employer_detail(session, employer_id)
            if detail is None:
                return None, None
            try:
                assessment = assess_employer(session, employer_id, self.today())
            except ServiceError:
                assessment = None
        return detail, assessment

    def _update_actions(self) -> None:
        one = self._current_id is not None
        for action in (self.finding_action, self.payment_action, self.resolve_action):
            action.setEnabled(one)
        self.issue_action.setEnabled(self.model.rowCount() > 0)
        self._update_letter_buttons()

    @Slot()
    def _update_letter_buttons(self) -> None:
        pane = self.detail
        chosen = pane.selected_letters()
        # Sending and receipt go by the stack; the other actions by the one letter.
        status = chosen[0].status if len(chosen) == 1 else None
        has = status is not None
        pane.mark_printed_button.setEnabled(has and status == "diterbitkan")
        pane.mark_sent_button.setEnabled(
            bool(chosen) and all(le.received_on is None for le in chosen)
        )
        pane.mark_received_button.setEnabled(
            bool(chosen) and all(le.sent_on is not None for le in chosen)
        )
        pane.mark_answered_button.setEnabled(has and status != "dijawab")
        pane.reprint_button.setEnabled(has)

    # --- actions -------------------------------------------------------------

    def _current_detail(self) -> EmployerDetail | None:
        return self.detail.detail

    def _save(self, detail: EmployerDetail, write: Callable[[], object]) -> None:
        """Run one write for `detail` through the write path; a refusal says why.

        `write` runs on the database thread: it must hold its values, not read widgets.
        """
        self.write_task = run_op(
            self,
            detail.name,  # the progress title, when the write takes a moment
            lambda _ctx: write(),
            changes=EMPLOYER_CHANGED,
            failure_title=self.tr("Tidak dapat disimpan"),
        )

    def _open(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
        """Show a dialog window-modal without blocking (tests and users alike)."""
        self.active_dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    @Slot()
    def record_finding(self) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        dialog = FindingDialog(detail.name, self, today=self.today())

        def save() -> None:
            value, db, today = dialog.value(), self.db, self.today()
            self._save(
                detail,
                lambda: employer_service.record_finding(
                    db,
                    detail.id,
                    value.found_on,
                    value.source,
                    value.workers_found,
                    value.wage_found,
                    value.note,
                    value.officer,
                    today=today,
                ),
            )

        self._open(dialog, save)

    @Slot()
    def record_payment(self) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        assessment = self.detail.assessment
        fees = (
            {}
            if assessment is None
            else {(a.year, a.month): a.late_fee for a in assessment.arrears}
        )
        dialog = PaymentDialog(detail.name, detail.periods, self, today=self.today(), fees=fees)

        def save() -> None:
            value, db, today = dialog.value(), self.db, self.today()
            self._save(
                detail,
                lambda: employer_service.record_payment(
                    db,
                    detail.id,
                    value.year,
                    value.month,
                    value.amount,
                    value.paid_on,
                    kind=value.kind,
                    receipt_number=value.receipt_number,
                    today=today,
                ),
            )

        self._open(dialog, save)

    @Slot()
    def mark_resolved(self) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        open_findings = sum(1 for f in detail.findings if f.resolved_on is None)
        if not open_findings:
            QMessageBox.information(
                self,
                self.tr("Tandai temuan selesai"),
                self.tr(
                    "%1 tidak memiliki temuan yang belum selesai. Tunggakan iuran selesai "
                    "dengan mencatat pembayarannya."
                ).replace("%1", detail.name),
            )
            return
        dialog = ResolveDialog(detail.name, open_findings, self, today=self.today())

        def save() -> None:
            note, db, today = dialog.value().note, self.db, self.today()
            self._save(
                detail,
                lambda: employer_service.mark_resolved(db, detail.id, note, today=today),
            )

        self._open(dialog, save)

    @Slot()
    def issue_letters(self) -> None:
        letter_actions.open_issue_dialog(self)

    def set_letter_status(self, status: str) -> None:
        letter_actions.set_letter_status(self, status)

    def reprint_letter(self, *, to_printer: bool = True) -> None:
        letter_actions.reprint_letter(self, to_printer=to_printer)

    def as_widget(self) -> QWidget:
        """The widget that parents the letter and import dialogs and their operations."""
        return self

    def apply_changes(self, changes: Changes) -> None:
        """Reload after an operation, when it touched what this tab shows."""
        if changes.concerns(SHOWN):
            self.refresh()
            self.data_changed.emit()
