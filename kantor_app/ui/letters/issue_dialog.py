"""Issue letters to many employers: choose kind and recipients, preview, issue, print.

The dialog has two pages: the choice with a live preview of the first
letter (rendered with a draft number: numbers are given only when issuing),
and the summary after issuing with the buttons to open or print the
combined PDF.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kantor_app.domain.vocabulary import LETTER_KINDS
from kantor_app.services.employers.query import EmployerFilter, employer_ids
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters import issue as letter_service
from kantor_app.services.letters.issue import IssuedLetter
from kantor_app.store.engine import Database
from kantor_app.ui.employers.labels import letter_kind_label
from kantor_app.ui.letters.figure_warnings import holiday_warning_label
from kantor_app.ui.letters.issue_support import confirmed_outside_area, letter_service_noncompliant
from kantor_app.ui.letters.jakon_batch import BatchRadio, batch_ids, jakon_ids
from kantor_app.ui.letters.printing import print_pdf
from kantor_app.ui.operations import Changes, run_op
from kantor_app.ui.preferences import settings
from kantor_app.ui.tasks import Task, TaskContext, describe_error, service_error_text
from kantor_app.ui.widgets.pdf_view import PdfView

_LAST_FOLDER_KEY = "letters/last_folder"
LETTERS = Changes(letters=True)


def default_output_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "Surat Kantor"


class IssueLettersDialog(QDialog):
    """Emits `issued` after letters were written to the database and to files, and after
    they were recorded as printed; the operations tell the window themselves."""

    issued = Signal()

    def __init__(
        self,
        db: Database,
        selected: Sequence[uuid.UUID],
        employer_filter: EmployerFilter,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.setWindowTitle(self.tr("Terbitkan surat"))
        self.resize(1080, 760)
        self._selected = list(selected)
        self._filter = employer_filter
        with db.session() as session:
            self._filter_ids = employer_ids(
                session,
                EmployerFilter(
                    status=letter_service_noncompliant(employer_filter.status),
                    sector=employer_filter.sector,
                    regency_code=employer_filter.regency_code,
                    text=employer_filter.text,
                ),
            )
        self._jakon_ids = jakon_ids(db, employer_filter, today())
        self._eligible: list[uuid.UUID] = []
        self._refused: dict[uuid.UUID, str] = {}
        self.task: Task[list[IssuedLetter]] | None = None
        self.print_task: Task[None] | None = None
        self.issued_letters: list[IssuedLetter] | None = None
        self.out_dir: Path | None = None

        layout = QVBoxLayout(self)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages)
        self.pages.addWidget(self._build_choice_page())
        self.pages.addWidget(self._build_summary_page())
        self._recipients_changed()

    # --- page 1: choice and preview ------------------------------------------

    def _build_choice_page(self) -> QWidget:
        """Kind, recipients and folder on the left, the first letter's preview on the right."""
        page = QWidget(self)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        outer.addWidget(splitter, 1)
        splitter.addWidget(self._build_choices(splitter))
        splitter.addWidget(self._build_preview(splitter))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 620])
        outer.addLayout(self._build_issue_buttons(page))

        self.kind_combo.currentIndexChanged.connect(self._recipients_changed)
        self.selected_radio.toggled.connect(self._recipients_changed)
        return page

    def _build_choices(self, parent: QWidget) -> QWidget:
        left = QWidget(parent)
        form_layout = QVBoxLayout(left)
        form_layout.setContentsMargins(0, 0, 8, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.kind_combo = QComboBox(left)
        for kind in LETTER_KINDS:
            self.kind_combo.addItem(letter_kind_label(kind), kind)
        form.addRow(self.tr("Jenis surat:"), self.kind_combo)
        form_layout.addLayout(form)
        form_layout.addWidget(self._build_recipients(left))
        self.count_label = QLabel(left)
        self.count_label.setWordWrap(True)
        self.count_label.setStyleSheet("font-size: 11pt; font-weight: 600;")
        form_layout.addWidget(self.count_label)
        self.refused_label = QLabel(left)
        self.refused_label.setWordWrap(True)
        self.refused_label.setStyleSheet("color: #7a5a00;")
        self.refused_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form_layout.addWidget(self.refused_label)
        self.holiday_label = holiday_warning_label(self.db, self.today(), left, form_layout)
        self._build_folder(left, form_layout)
        form_layout.addStretch(1)
        return left

    def _build_recipients(self, parent: QWidget) -> QFrame:
        """The selected employers, or every non-compliant one the filter shows."""
        recipients = QFrame(parent)
        recipients.setFrameShape(QFrame.Shape.StyledPanel)
        rec_layout = QVBoxLayout(recipients)
        rec_layout.addWidget(QLabel(self.tr("<b>Penerima</b>"), recipients))
        self.selected_radio = QRadioButton(
            self.tr("Perusahaan terpilih (%n)", "", len(self._selected)), recipients
        )
        self.filter_radio = BatchRadio(recipients)  # named in _recipients_changed
        self._recipient_group = QButtonGroup(self)
        self._recipient_group.addButton(self.selected_radio)
        self._recipient_group.addButton(self.filter_radio)
        self.selected_radio.setEnabled(bool(self._selected))
        (self.selected_radio if self._selected else self.filter_radio).setChecked(True)
        rec_layout.addWidget(self.selected_radio)
        rec_layout.addWidget(self.filter_radio)
        return recipients

    def _build_folder(self, left: QWidget, form_layout: QVBoxLayout) -> None:
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(left)
        self.folder_edit.setText(str(self._initial_folder()))
        self.folder_button = QPushButton(self.tr("Pilih…"), left)
        self.folder_button.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        form_layout.addWidget(QLabel(self.tr("Simpan berkas PDF di folder:"), left))
        form_layout.addLayout(folder_row)
        note = QLabel(
            self.tr(
                "Setiap surat disimpan sebagai satu PDF, ditambah satu PDF gabungan untuk "
                "dicetak sekaligus. Nomor surat diberikan saat diterbitkan dan tidak "
                "pernah dipakai ulang."
            ),
            left,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(dark);")
        form_layout.addWidget(note)

    def _build_preview(self, parent: QWidget) -> QWidget:
        right = QWidget(parent)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        self.preview_caption = QLabel(right)
        self.preview_caption.setWordWrap(True)
        right_layout.addWidget(self.preview_caption)
        self.preview = PdfView(right)
        right_layout.addWidget(self.preview, 1)
        return right

    def _build_issue_buttons(self, page: QWidget) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Batal"), page)
        self.cancel_button.clicked.connect(self.reject)
        self.issue_button = QPushButton(self.tr("Terbitkan"), page)
        self.issue_button.setDefault(True)
        self.issue_button.clicked.connect(self.issue)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.issue_button)
        return buttons

    def _initial_folder(self) -> Path:
        stored = settings().value(_LAST_FOLDER_KEY, "")
        return Path(str(stored)) if stored else default_output_folder()

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def recipients(self) -> list[uuid.UUID]:
        if self.selected_radio.isChecked():
            return list(self._selected)
        return batch_ids(self.kind(), self._filter_ids, self._jakon_ids)

    def eligible(self) -> list[uuid.UUID]:
        return list(self._eligible)

    @Slot()
    def _recipients_changed(self) -> None:
        self.filter_radio.show_batch(self.kind(), self._filter_ids, self._jakon_ids)
        ids = self.recipients()
        kind = self.kind()
        try:
            with self.db.session() as session:
                self._refused = letter_service.check_eligibility(session, kind, ids, self.today())
        except ServiceError as exc:
            self._refused = {}
            self._eligible = []
            self.count_label.setText(service_error_text(exc))
            self._update_preview()
            return
        self._eligible = [i for i in ids if i not in self._refused]
        count = len(self._eligible)
        self.count_label.setText(
            self.tr("%n surat %1 akan diterbitkan.", "", count).replace(
                "%1", letter_kind_label(kind)
            )
        )
        if self._refused:
            names = self._names(list(self._refused)[:6])
            lines = [f"• {names.get(i, '?')}: {r}" for i, r in list(self._refused.items())[:6]]
            more = len(self._refused) - len(lines)
            text = (
                self.tr("%n perusahaan dilewati:", "", len(self._refused)) + "\n" + "\n".join(lines)
            )
            if more > 0:
                text += "\n" + self.tr("… dan %n lainnya", "", more)
            self.refused_label.setText(text)
            self.refused_label.show()
        else:
            self.refused_label.hide()
        self.issue_button.setEnabled(count > 0)
        self.issue_button.setText(
            self.tr("Terbitkan %n surat", "", count) if count else self.tr("Terbitkan")
        )
        self._update_preview()

    def _names(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        from kantor_app.services.letters.recipients import employer_names

        return employer_names(self.db, ids)

    def _update_preview(self) -> None:
        if not self._eligible:
            self.preview_caption.setText(self.tr("Pratinjau"))
            self.preview.clear(self.tr("Tidak ada surat untuk dipratinjau."))
            return
        first = self._eligible[0]
        name = self._names([first]).get(first, "")
        self.preview_caption.setText(
            self.tr(
                "Pratinjau surat pertama: <b>%1</b> (nomor diberikan saat diterbitkan)"
            ).replace("%1", name.replace("&", "&amp;").replace("<", "&lt;"))
        )
        try:
            with self.db.session() as session:
                pdf = letter_service.preview_letter(session, self.kind(), first, self.today())
        except ServiceError as exc:
            self.preview.clear(service_error_text(exc))
            return
        self.preview.set_pdf(pdf)

    @Slot()
    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Folder untuk berkas surat"), self.folder_edit.text()
        )
        if chosen:
            self.folder_edit.setText(chosen)

    # --- issuing -------------------------------------------------------------

    @Slot()
    def issue(self, confirm_outside_area: bool = False) -> None:
        ids = self.eligible()
        if not ids:
            return
        folder_text = self.folder_edit.text().strip()
        if not folder_text:
            self.choose_folder()
            folder_text = self.folder_edit.text().strip()
            if not folder_text:
                return
        folder = Path(folder_text)
        kind = self.kind()
        today = self.today()
        db = self.db

        def work(ctx: TaskContext) -> list[IssuedLetter]:
            return letter_service.issue_letters(
                db,
                kind,
                ids,
                folder,
                today=today,
                progress=ctx.progress,
                is_cancelled=ctx.is_cancelled,
                confirm_outside_area=confirm_outside_area,
            )

        self.issue_button.setEnabled(False)
        self.out_dir = folder
        self.task = run_op(
            self,
            self.tr("Menerbitkan surat"),
            work,
            self._issued,
            changes=LETTERS,
            on_failure=self._failed,
            on_cancel=self._cancelled,
            progress_label=self.tr("Menyiapkan %n surat…", "", len(ids)),
        )

    def combined_path(self) -> Path | None:
        if not self.issued_letters:
            return None
        return self.issued_letters[0].combined_path

    def _issued(self, result: list[IssuedLetter]) -> None:
        self.task = None
        self.issued_letters = result
        settings().setValue(_LAST_FOLDER_KEY, str(self.out_dir))
        letters = result
        combined = self.combined_path()
        first, last = letters[0].number, letters[-1].number
        numbers = first if len(letters) == 1 else f"{first} s.d. {last}"
        self.summary_title.setText(self.tr("%n surat diterbitkan", "", len(letters)))
        self.summary_text.setText(
            self.tr("Jenis: %1\nNomor: %2\nFolder: %3\nPDF gabungan untuk dicetak: %4")
            .replace("%1", letter_kind_label(self.kind()))
            .replace("%2", numbers)
            .replace("%3", str(self.out_dir))
            .replace("%4", combined.name if combined else "")
        )
        self.summary_table.setRowCount(len(letters))
        for row, letter in enumerate(letters):
            cells = (letter.number, letter.employer_name, letter.path.name if letter.path else "")
            for column, text in enumerate(cells):
                self.summary_table.setItem(row, column, QTableWidgetItem(text))
        self.pages.setCurrentIndex(1)
        self.issued.emit()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.issue_button.setEnabled(True)
        if confirmed_outside_area(self, exc):
            return self.issue(confirm_outside_area=True)
        self.refused_label.setText(describe_error(exc))
        self.refused_label.setStyleSheet("color: #a61b1b;")
        self.refused_label.show()

    def _cancelled(self) -> None:
        self.task = None
        self.issue_button.setEnabled(True)
        self.refused_label.setText(
            self.tr(
                "Dibatalkan. Tidak ada surat yang diterbitkan; berkas yang sempat dibuat "
                "sudah dihapus."
            )
        )
        self.refused_label.setStyleSheet("color: #7a5a00;")
        self.refused_label.show()

    # --- page 2: summary -----------------------------------------------------

    def _build_summary_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 24, 24, 12)
        self.summary_title = QLabel(page)
        self.summary_title.setStyleSheet("font-size: 16pt; font-weight: 600; color: #1d6b3a;")
        self.summary_text = QLabel(page)
        self.summary_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_text.setWordWrap(True)
        layout.addWidget(self.summary_title)
        layout.addSpacing(12)
        layout.addWidget(self.summary_text)
        layout.addSpacing(8)
        self.summary_table = QTableWidget(0, 3, page)
        self.summary_table.setHorizontalHeaderLabels(
            [self.tr("Nomor"), self.tr("Perusahaan"), self.tr("Berkas")]
        )
        self.summary_table.verticalHeader().setVisible(False)
        self.summary_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.summary_table.setAlternatingRowColors(True)
        self.summary_table.setShowGrid(False)
        header = self.summary_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.summary_table, 1)
        buttons = QHBoxLayout()
        self.open_combined_button = QPushButton(self.tr("Buka PDF gabungan"), page)
        self.open_combined_button.clicked.connect(self.open_combined)
        self.print_button = QPushButton(self.tr("Cetak…"), page)
        self.print_button.clicked.connect(self.print_combined)
        self.open_folder_button = QPushButton(self.tr("Buka folder"), page)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.close_button = QPushButton(self.tr("Tutup"), page)
        self.close_button.clicked.connect(self.accept)
        for button in (self.open_combined_button, self.print_button, self.open_folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self.summary_buttons = buttons  # letter_actions adds the batch's "Tandai dikirim…"
        layout.addLayout(buttons)
        return page

    @Slot()
    def open_combined(self) -> None:
        combined = self.combined_path()
        if combined is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(combined)))

    @Slot()
    def open_folder(self) -> None:
        if self.out_dir is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.out_dir)))

    @Slot()
    def print_combined(self) -> None:
        combined = self.combined_path()
        if combined is None:
            return
        try:
            data = combined.read_bytes()
        except OSError as exc:
            self.summary_text.setText(
                self.tr("PDF gabungan %1 tidak dapat dibaca: %2")
                .replace("%1", str(combined))
                .replace("%2", str(exc))
            )
            return
        if print_pdf(self, data, combined.name):
            self.mark_printed()

    def mark_printed(self) -> None:
        """After printing, record the batch's letters as printed."""
        db, on = self.db, self.today()
        letter_ids = [letter.letter_id for letter in self.issued_letters or []]

        def work(_ctx: TaskContext) -> None:
            for letter_id in letter_ids:
                try:
                    letter_service.set_status(db, letter_id, "dicetak", on=on)
                except ServiceError:
                    continue  # e.g. the letter was removed meanwhile: nothing to record

        self.print_task = run_op(
            self,
            self.tr("Cetak…"),
            work,
            lambda _none: self.issued.emit(),
            changes=LETTERS,
        )
