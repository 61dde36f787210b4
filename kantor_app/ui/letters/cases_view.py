"""The employer's sanction cases: each case, its step, its next step and from when it is allowed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kantor_app.domain.dates import format_date_id
from kantor_app.domain.money import format_rupiah
from kantor_app.services.letters.cases import CaseRow

_COLUMNS = 5


class CasesPanel(QWidget):
    """A table of cases, open ones first; "Tutup kasus…" acts on the selected open case."""

    close_requested = Signal(object)  # the case id
    fine_base_requested = Signal(object)  # the case id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.table = QTableWidget(0, _COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            # Where the case stands first: the pane is narrow and the rest scrolls.
            [
                self.tr("Tahap"),
                self.tr("Langkah berikutnya"),
                self.tr("Boleh sejak"),
                self.tr("Pelanggaran"),
                self.tr("Dibuka"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.info)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.fine_base_button = QPushButton(self.tr("Dasar denda…"), self)
        self.fine_base_button.setToolTip(
            self.tr("Kasus tanpa tunggakan: isi iuran yang seharusnya dibayar, dasar denda 0,1%")
        )
        self.fine_base_button.clicked.connect(self._request_fine_base)
        buttons.addWidget(self.fine_base_button)
        self.close_button = QPushButton(self.tr("Tutup kasus…"), self)
        self.close_button.setToolTip(
            self.tr("Tutup kasus yang dipilih: patuh, selesai, atau dicabut dengan alasan")
        )
        self.close_button.clicked.connect(self._request_close)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.show_cases(())

    def show_cases(self, rows: Sequence[CaseRow]) -> None:
        self._rows = list(rows)
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            values = (
                row.step if row.is_open else self.tr("Ditutup: %1").replace("%1", row.close_reason),
                row.next_step or "—",
                self._allowed_text(row),
                row.violations,
                format_date_id(row.opened_on),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(row.id))
                if not row.is_open:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(r, column, item)
        if self._rows:
            self.table.selectRow(0)
        self._selection_changed()

    def _allowed_text(self, row: CaseRow) -> str:
        if not row.is_open or row.next_step is None:
            return ""
        if row.allowed_from is None:
            return self.tr("belum dapat dihitung")
        return format_date_id(row.allowed_from)

    def selected_case(self) -> CaseRow | None:
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return None
        return self._rows[selected[0].row()]

    @Slot()
    def _selection_changed(self) -> None:
        row = self.selected_case()
        self.close_button.setEnabled(row is not None and row.is_open)
        self.fine_base_button.setEnabled(row is not None and row.needs_fine_base)
        if row is None:
            self.info.setText(
                self.tr("Belum ada kasus kepatuhan. Kasus dibuka oleh Teguran Tertulis I.")
                if not self._rows
                else ""
            )
            return
        self.info.setText(self._describe(row))

    def _describe(self, row: CaseRow) -> str:
        lines = [
            self.tr("Pelanggaran: %1").replace("%1", row.violations),
            self.tr("Surat: %1").replace("%1", ", ".join(row.letters)),
        ]
        if row.fine_base is not None and row.needs_fine_base:
            lines.append(self.tr("Dasar denda: %1").replace("%1", format_rupiah(row.fine_base)))
        if row.period_end is not None:
            lines.append(
                self.tr("Jangka waktu surat terakhir berakhir %1").replace(
                    "%1", format_date_id(row.period_end)
                )
            )
        if not row.is_open and row.closed_on is not None:
            closed = self.tr("Ditutup %1: %2").replace("%1", format_date_id(row.closed_on))
            lines.append(closed.replace("%2", row.close_reason))
            if row.close_note:
                lines.append(row.close_note)
        elif row.blocked:
            lines.append(row.blocked)
        return "\n".join(lines)

    @Slot()
    def _request_close(self) -> None:
        row = self.selected_case()
        if row is not None and row.is_open:
            self.close_requested.emit(uuid.UUID(str(row.id)))

    @Slot()
    def _request_fine_base(self) -> None:
        row = self.selected_case()
        if row is not None and row.needs_fine_base:
            self.fine_base_requested.emit(uuid.UUID(str(row.id)))
