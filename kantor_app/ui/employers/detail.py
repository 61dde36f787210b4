"""The detail pane: why an employer has its status, its payments, findings and letters."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kantor_app.domain.compliance import Assessment, Status
from kantor_app.domain.dates import MONTHS_ID, format_date_id, format_month_id
from kantor_app.domain.money import format_rupiah
from kantor_app.services.employers.query import EmployerDetail, LetterRow
from kantor_app.ui.employers.badge import StatusBadge
from kantor_app.ui.employers.labels import (
    letter_kind_label,
    letter_kind_short,
    letter_status_label,
    scale_label,
    sector_label,
    status_colours,
)
from kantor_app.ui.letters.cases_view import CasesPanel
from kantor_app.ui.letters.delivery_text import period_short, period_text, received_text
from kantor_app.ui.widgets.numbers import format_number

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _item(text: str, *, right: bool = False, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(_RIGHT)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(headers: Sequence[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(24)
    return table


def _date(d: object) -> str:
    return format_date_id(d) if d is not None else ""  # type: ignore[arg-type]


class EmployerDetailPane(QWidget):
    """Read-only view of one employer; letter buttons act on the selected letter."""

    letter_selection_changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self._today_source = today
        self._detail: EmployerDetail | None = None
        self._assessment: Assessment | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.setSpacing(8)

        self.placeholder = QLabel(self.tr("Pilih perusahaan di tabel untuk melihat rinciannya."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: palette(mid); padding: 24px;")
        layout.addWidget(self.placeholder)

        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(8)
        layout.addWidget(self.body, 1)
        self._build_header(body)
        self._build_reasons(body)

        self.tabs = QTabWidget(self.body)
        self.tabs.setDocumentMode(True)
        body.addWidget(self.tabs, 1)
        # Letters first: it is what a compliance officer works on.
        self.tabs.addTab(self._build_letters_page(), self.tr("Surat"))
        self.cases = CasesPanel(self.tabs)
        self.tabs.addTab(self.cases, self.tr("Kasus sanksi"))
        self.tabs.addTab(self._build_periods_table(), self.tr("Riwayat iuran"))
        self.tabs.addTab(self._build_findings_table(), self.tr("Temuan"))
        self.tabs.addTab(self._build_registry_page(), self.tr("Data perusahaan"))

        self.show_detail(None, None)

    # --- construction --------------------------------------------------------

    def _build_header(self, body: QVBoxLayout) -> None:
        """The name in large type with the status badge beside it, NPP and region below."""
        header = QHBoxLayout()
        self.title = QLabel(self.body)
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = StatusBadge(self.body)
        header.addWidget(self.title, 1)
        header.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(header)
        self.subtitle = QLabel(self.body)
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet("color: palette(dark);")
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body.addWidget(self.subtitle)

    def _build_reasons(self, body: QVBoxLayout) -> None:
        self.reasons_box = QGroupBox(self.tr("Alasan status"), self.body)
        reasons_layout = QVBoxLayout(self.reasons_box)
        self.reasons = QLabel(self.reasons_box)
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        reasons_layout.addWidget(self.reasons)
        body.addWidget(self.reasons_box)

    def _build_letters_page(self) -> QWidget:
        """The letters table, the selected letter's path so far, and the status buttons."""
        letters_page = QWidget(self.tabs)
        letters_layout = QVBoxLayout(letters_page)
        letters_layout.setContentsMargins(0, 6, 0, 0)
        self.letters = _table(
            (
                self.tr("Nomor"),
                self.tr("Jenis"),
                self.tr("Tanggal"),
                self.tr("Batas waktu"),
                self.tr("Status"),
                self.tr("Dikirim"),
                self.tr("Diterima"),
            ),
            letters_page,
        )
        # Sending and receipt are recorded for a stack of letters at once.
        self.letters.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.letters.itemSelectionChanged.connect(self.letter_selection_changed)
        self.letters.itemSelectionChanged.connect(self._show_letter_info)
        letters_layout.addWidget(self.letters, 1)
        self.letter_info = QLabel(letters_page)
        self.letter_info.setWordWrap(True)
        self.letter_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.letter_info.setStyleSheet(
            "QLabel { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 3px; padding: 6px; }"
        )
        letters_layout.addWidget(self.letter_info)
        # Two rows of two: the pane is narrow and the labels must stay readable.
        buttons = QGridLayout()
        self.mark_printed_button = QPushButton(self.tr("Tandai dicetak"), letters_page)
        self.mark_sent_button = QPushButton(self.tr("Tandai dikirim…"), letters_page)
        self.mark_received_button = QPushButton(self.tr("Catat diterima…"), letters_page)
        self.mark_answered_button = QPushButton(self.tr("Tandai dijawab…"), letters_page)
        self.reprint_button = QPushButton(self.tr("Cetak ulang…"), letters_page)
        buttons.addWidget(self.mark_printed_button, 0, 0)
        buttons.addWidget(self.mark_sent_button, 0, 1)
        buttons.addWidget(self.mark_received_button, 1, 0)
        buttons.addWidget(self.mark_answered_button, 1, 1)
        buttons.addWidget(self.reprint_button, 2, 0)
        letters_layout.addLayout(buttons)
        return letters_page

    def _build_periods_table(self) -> QTableWidget:
        self.periods = _table(
            (
                self.tr("Periode"),
                self.tr("Iuran"),
                self.tr("Dibayar"),
                self.tr("Tanggal bayar"),
                self.tr("Kurang bayar"),
                self.tr("Denda belum dibayar"),
            ),
            self.tabs,
        )
        return self.periods

    def _build_findings_table(self) -> QTableWidget:
        self.findings = _table(
            (
                self.tr("Tanggal"),
                self.tr("Sumber"),
                self.tr("TK ditemukan"),
                self.tr("Upah ditemukan"),
                self.tr("Petugas"),
                self.tr("Selesai"),
                self.tr("Catatan"),
            ),
            self.tabs,
        )
        return self.findings

    def _build_registry_page(self) -> QScrollArea:
        registry_scroll = QScrollArea(self.tabs)
        registry_scroll.setWidgetResizable(True)
        registry_scroll.setFrameShape(QFrame.Shape.NoFrame)
        registry_page = QWidget(registry_scroll)
        self.registry = QFormLayout(registry_page)
        self.registry.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        registry_scroll.setWidget(registry_page)
        return registry_scroll

    # --- content -------------------------------------------------------------

    @property
    def _today(self) -> date:
        return self._today_source()

    @property
    def detail(self) -> EmployerDetail | None:
        return self._detail

    @property
    def assessment(self) -> Assessment | None:
        return self._assessment

    def show_detail(self, detail: EmployerDetail | None, assessment: Assessment | None) -> None:
        self._detail = detail
        self._assessment = assessment
        self.placeholder.setVisible(detail is None)
        self.body.setVisible(detail is not None)
        if detail is None:
            self.letters.setRowCount(0)
            self.cases.show_cases(())
            self.letter_selection_changed.emit()
            return
        self.title.setText(f"{detail.name}")
        self.badge.set_status(detail.status)
        parts = [
            self.tr("NPP %1").replace("%1", detail.npp)
            if detail.npp
            else self.tr("belum terdaftar (tanpa NPP)"),
            sector_label(detail.sector),
            detail.regency_name or "",
        ]
        self.subtitle.setText(" · ".join(p for p in parts if p))
        self._show_reasons(detail, assessment)
        self._show_letters(detail)
        self._show_periods(detail)
        self._show_findings(detail)
        self._show_registry(detail)

    def _show_reasons(self, detail: EmployerDetail, assessment: Assessment | None) -> None:
        if assessment is None:
            self.reasons.setText(self.tr("Penilaian kepatuhan belum tersedia."))
            return
        lines: list[str] = []
        for finding in assessment.findings:
            _bg, fg = status_colours(finding.status.value)
            marker = "✔" if finding.status == Status.PATUH else "●"
            lines.append(
                f"<p style='margin:2px 0'><span style='color:{fg.name()}'>{marker}</span> "
                f"{_html(finding.reason)}</p>"
            )
        if assessment.arrears:
            total = assessment.arrears_total + assessment.late_fee_total
            lines.append(
                "<p style='margin:6px 0 0 0'><b>"
                + self.tr("Harus dibayar: %1 (iuran %2 + denda keterlambatan %3)")
                .replace("%1", format_rupiah(total))
                .replace("%2", format_rupiah(assessment.arrears_total))
                .replace("%3", format_rupiah(assessment.late_fee_total))
                + "</b></p>"
            )
        self.reasons.setText("".join(lines))

    def _show_letters(self, detail: EmployerDetail) -> None:
        self.letters.setRowCount(len(detail.letters))
        for row, letter in enumerate(detail.letters):
            answer = ""
            if letter.answered_on is not None:
                answer = _short_date(letter.answered_on)
                if letter.answer_note:
                    answer += f": {letter.answer_note}"
            elif letter.sent_on is not None:
                answer = self.tr("dikirim %1").replace("%1", _short_date(letter.sent_on))
            self.letters.setItem(row, 0, _item(letter.number, data=str(letter.id)))
            kind = _item(letter_kind_short(letter.kind))
            kind.setToolTip(letter_kind_label(letter.kind))
            self.letters.setItem(row, 1, kind)
            self.letters.setItem(row, 2, _item(_short_date(letter.issued_on)))
            deadline = _item(period_short(letter))
            deadline.setToolTip(period_text(letter))
            if (
                letter.deadline is not None
                and letter.status != "dijawab"
                and self._today > letter.deadline
            ):
                # An unanswered letter past its deadline is what the officer acts on next.
                deadline.setForeground(status_colours(Status.BELUM_DAFTAR.value)[1])
                deadline.setToolTip(self.tr("Batas waktu sudah lewat tanpa jawaban"))
            self.letters.setItem(row, 3, deadline)
            status = _item(letter_status_label(letter.status))
            if answer:
                status.setToolTip(answer)
            self.letters.setItem(row, 4, status)
            self.letters.setItem(row, 5, _item(_short_date(letter.sent_on)))
            received = _item(_short_date(letter.received_on))
            received.setToolTip(letter.receipt_note)
            self.letters.setItem(row, 6, received)
        self.letter_selection_changed.emit()
        self._show_letter_info()

    @Slot()
    def _show_letter_info(self) -> None:
        letter = self._selected_letter()
        if letter is None:
            count = len(self._detail.letters) if self._detail else 0
            self.letter_info.setText(
                self.tr("Belum ada surat untuk perusahaan ini.")
                if count == 0
                else self.tr("Pilih surat untuk mencatat status atau mencetak ulang.")
            )
            return
        lines = [
            f"<b>{_html(letter_kind_label(letter.kind))}</b> — {_html(letter.number)}",
            (
                self.tr("Tanggal %1, batas waktu %2").replace("%2", period_text(letter))
                if letter.deadline is not None
                else self.tr("Tanggal %1; batas waktu dihitung setelah surat dikirim")
            ).replace("%1", format_date_id(letter.issued_on)),
        ]
        if letter.printed_at is not None:
            lines.append(
                self.tr("Dicetak %1").replace("%1", format_date_id(letter.printed_at.date()))
            )
        if letter.sent_on is not None:
            lines.append(self.tr("Dikirim %1").replace("%1", format_date_id(letter.sent_on)))
        if letter.received_on is not None:
            lines.append(_html(received_text(letter)))
        if letter.answered_on is not None:
            lines.append(
                self.tr("Dijawab %1: %2")
                .replace("%1", format_date_id(letter.answered_on))
                .replace("%2", _html(letter.answer_note or "–"))
            )
        self.letter_info.setText("<br>".join(lines))

    def _show_periods(self, detail: EmployerDetail) -> None:
        self.periods.setRowCount(len(detail.periods))
        arrears = self._assessment.arrears if self._assessment is not None else ()
        fees = {(line.year, line.month): line.late_fee for line in arrears}
        for row, period in enumerate(detail.periods):
            outstanding = period.outstanding
            fee = fees.get((period.year, period.month), 0)
            fee_cell = _item(format_rupiah(fee) if fee else "–", right=True)
            if fee:
                fee_cell.setForeground(status_colours(Status.MENUNGGAK.value)[1])
            self.periods.setItem(row, 5, fee_cell)
            self.periods.setItem(row, 0, _item(format_month_id(period.year, period.month)))
            self.periods.setItem(row, 1, _item(format_rupiah(period.due), right=True))
            self.periods.setItem(row, 2, _item(format_rupiah(period.paid), right=True))
            self.periods.setItem(row, 3, _item(_date(period.paid_on)))
            cell = _item(format_rupiah(outstanding) if outstanding else "–", right=True)
            if outstanding:
                cell.setForeground(status_colours(Status.MENUNGGAK.value)[1])
            self.periods.setItem(row, 4, cell)

    def _show_findings(self, detail: EmployerDetail) -> None:
        self.findings.setRowCount(len(detail.findings))
        for row, finding in enumerate(detail.findings):
            workers = "" if finding.workers_found is None else format_number(finding.workers_found)
            wage = "" if finding.wage_found is None else format_rupiah(finding.wage_found)
            resolved = _date(finding.resolved_on)
            self.findings.setItem(row, 0, _item(format_date_id(finding.found_on)))
            self.findings.setItem(row, 1, _item(finding.source))
            self.findings.setItem(row, 2, _item(workers, right=True))
            self.findings.setItem(row, 3, _item(wage, right=True))
            self.findings.setItem(row, 4, _item(finding.officer))
            self.findings.setItem(row, 5, _item(resolved))
            self.findings.setItem(row, 6, _item(finding.note))

    def _show_registry(self, d: EmployerDetail) -> None:
        while self.registry.rowCount():
            self.registry.removeRow(0)
        rows = [
            (self.tr("Bentuk usaha"), d.legal_form),
            (self.tr("NPWP"), d.npwp or ""),
            (self.tr("NIB"), d.nib or ""),
            (self.tr("KBLI"), f"{d.kbli_code} ({d.kbli_version})" if d.kbli_code else ""),
            (self.tr("Skala usaha"), scale_label(d.scale)),
            (self.tr("Alamat"), d.address),
            (self.tr("Kab/Kota"), d.regency_name or ""),
            (self.tr("Kontak"), " · ".join(p for p in (d.contact_person, d.contact_phone) if p)),
            (self.tr("Kelas risiko JKK"), d.jkk_risk_class.upper()),
            (
                self.tr("TK dilaporkan"),
                "" if d.workers_reported is None else format_number(d.workers_reported),
            ),
            (
                self.tr("Upah dilaporkan"),
                "" if d.wage_reported is None else format_rupiah(d.wage_reported),
            ),
            (self.tr("Program"), ", ".join(d.programs) or self.tr("(tidak ada)")),
        ]
        for label, value in rows:
            field = QLabel(value or "–")
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.registry.addRow(label + ":", field)

    # --- selection -----------------------------------------------------------

    def selected_letter_id(self) -> uuid.UUID | None:
        rows = self.letters.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.letters.item(rows[0].row(), 0)
        return uuid.UUID(str(item.data(Qt.ItemDataRole.UserRole))) if item else None

    def selected_letter_ids(self) -> list[uuid.UUID]:
        """Every selected letter, in the list's order."""
        ids: list[uuid.UUID] = []
        for index in sorted(self.letters.selectionModel().selectedRows(), key=lambda i: i.row()):
            item = self.letters.item(index.row(), 0)
            if item is not None:
                ids.append(uuid.UUID(str(item.data(Qt.ItemDataRole.UserRole))))
        return ids

    def selected_letters(self) -> list[LetterRow]:
        chosen = set(self.selected_letter_ids())
        return [le for le in (self._detail.letters if self._detail else ()) if le.id in chosen]

    def _selected_letter(self) -> LetterRow | None:
        letter_id = self.selected_letter_id()
        if letter_id is None or self._detail is None:
            return None
        return next((le for le in self._detail.letters if le.id == letter_id), None)

    def selected_letter_status(self) -> str | None:
        letter = self._selected_letter()
        return letter.status if letter is not None else None

    def select_letter(self, letter_id: uuid.UUID) -> None:
        for row in range(self.letters.rowCount()):
            item = self.letters.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == str(letter_id):
                self.letters.selectRow(row)
                return


def _short_date(d: date | None) -> str:
    """ "1 Okt 2026": dates in narrow table columns."""
    if d is None:
        return ""
    return f"{d.day} {MONTHS_ID[d.month - 1][:3]} {d.year}"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
