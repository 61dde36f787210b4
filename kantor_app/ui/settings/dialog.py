"""Pengaturan cabang: kop surat, penandatangan, nomor surat, hari libur, UMK, wilayah kerja.

Nothing is stored while the user types. OK stores the kop/signatory/number
settings and any unsaved holiday or UMK edits; the Simpan buttons of the
two table pages store that page at once. "Pratinjau surat" renders a sample
letter from the values on screen, saved or not, so the branch sees its kop
and signature before any real letter is issued.
"""

from __future__ import annotations

import getpass
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kantor_app.domain.vocabulary import LETTER_KINDS
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.issue import format_letter_number
from kantor_app.services.letters.sample import SAMPLE_SEQ, render_sample_letter
from kantor_app.services.reference.branch_settings import (
    MAX_DELIVERY_ALLOWANCE,
    NUMBER_PATTERN_FIELDS,
    BranchSettings,
    load_branch_settings,
    validate_number_pattern,
)
from kantor_app.services.reference.edit import save_settings
from kantor_app.store.engine import Database
from kantor_app.ui.employers.labels import letter_kind_label
from kantor_app.ui.operations import Changes, run_op, show_failure
from kantor_app.ui.settings.area import AreaPage, SavablePage
from kantor_app.ui.settings.tables import (
    ERROR_STYLE,
    HolidayPage,
)
from kantor_app.ui.settings.umk_table import MinimumWagePage
from kantor_app.ui.tasks import Task, service_error_text
from kantor_app.ui.widgets.pdf_view import PdfView

LOGO_PREVIEW = 72  # pixels


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers, services)
        return ""


class SettingsDialog(QDialog):
    """Branch settings in four tabs; see the module docstring for when things are saved."""

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        username: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.username = _os_user() if username is None else username
        self.saved_anything = False
        self.save_task: Task[None] | None = None
        with db.session() as session:
            self.original = load_branch_settings(session)
        self.setWindowTitle(self.tr("Pengaturan cabang"))
        self.setMinimumSize(640, 560)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_letterhead_page(), self.tr("Kop && Penandatangan"))
        self.tabs.addTab(self._build_numbering_page(), self.tr("Nomor Surat"))
        self.holidays = HolidayPage(db, self.today.year, self)
        self.wages = MinimumWagePage(db, self.today.year, self)
        self.area = AreaPage(db, self)
        for page in (self.holidays, self.wages, self.area):
            page.username = self.username
            page.today = self.today
            page.saved.connect(self._page_saved)
        self.tabs.addTab(self.holidays, self.tr("Hari Libur"))
        self.tabs.addTab(self.wages, self.tr("UMK"))
        self.tabs.addTab(self.area, self.tr("Wilayah Kerja"))

        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        self.preview_button = self.buttons.addButton(
            self.tr("&Pratinjau surat…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.preview_button.clicked.connect(self.show_preview)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._load(self.original)

    # --- pages -----------------------------------------------------------------

    def _line(self, parent: QWidget, max_length: int = 200) -> QLineEdit:
        edit = QLineEdit(parent)
        edit.setMaxLength(max_length)
        edit.textEdited.connect(lambda _t: self.error.hide())
        return edit

    def _build_letterhead_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.org_name = self._line(page)
        self.branch_name = self._line(page)
        self.address = self._line(page, 300)
        self.phone = self._line(page, 60)
        self.email = self._line(page, 120)
        self.website = self._line(page, 120)
        self.logo_path = self._line(page, 500)
        self.logo_path.setPlaceholderText(self.tr("tanpa logo"))
        choose = QPushButton(self.tr("Pilih…"), page)
        choose.clicked.connect(self.choose_logo)
        clear = QPushButton(self.tr("Tanpa logo"), page)
        clear.clicked.connect(lambda: self.logo_path.setText(""))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_path, 1)
        logo_row.addWidget(choose)
        logo_row.addWidget(clear)
        self.logo_preview = QLabel(page)
        self.logo_preview.setFixedSize(LOGO_PREVIEW + 8, LOGO_PREVIEW + 8)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid palette(mid); background: white;")
        self.logo_preview.setWordWrap(True)
        self.logo_path.textChanged.connect(self._update_logo_preview)
        self.signatory_position = self._line(page)
        self.signatory_name = self._line(page, 120)
        self.signatory_id = self._line(page, 60)
        self.signatory_id.setPlaceholderText(self.tr("kosong: tidak dicetak"))
        self.place = self._line(page, 60)
        # Until a receipt is recorded, a letter's period counts from sending plus this.
        self.delivery_allowance = QSpinBox(page)
        self.delivery_allowance.setRange(0, MAX_DELIVERY_ALLOWANCE)
        self.delivery_allowance.setSuffix(self.tr(" hari kerja"))

        heading = QLabel(self.tr("Kop surat"), page)
        heading.setStyleSheet("font-weight: 600;")
        form.addRow(heading)
        form.addRow(self.tr("Nama instansi:"), self.org_name)
        form.addRow(self.tr("Nama kantor cabang:"), self.branch_name)
        form.addRow(self.tr("Alamat:"), self.address)
        form.addRow(self.tr("Telepon:"), self.phone)
        form.addRow(self.tr("Surel:"), self.email)
        form.addRow(self.tr("Situs web:"), self.website)
        form.addRow(self.tr("Logo (PNG/JPG):"), logo_row)
        form.addRow("", self.logo_preview)
        heading = QLabel(self.tr("Penandatangan"), page)
        heading.setStyleSheet("font-weight: 600; margin-top: 8px;")
        form.addRow(heading)
        form.addRow(self.tr("Jabatan:"), self.signatory_position)
        form.addRow(self.tr("Nama:"), self.signatory_name)
        form.addRow(self.tr("NPK:"), self.signatory_id)
        form.addRow(self.tr("Tempat surat:"), self.place)
        form.addRow(self.tr("Waktu antar surat:"), self.delivery_allowance)
        return page

    def _pattern_field_help(self) -> dict[str, str]:
        return {
            "seq": self.tr("nomor urut tahunan (1, 2, 3 …)"),
            "seq3": self.tr("nomor urut tiga digit (001, 002 …)"),
            "kode": self.tr("kode klasifikasi jenis surat"),
            "bulan": self.tr("bulan terbit, angka (1–12)"),
            "bulan_romawi": self.tr("bulan terbit, angka Romawi (I–XII)"),
            "tahun": self.tr("tahun terbit, empat digit"),
        }

    def _build_numbering_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.pattern = self._line(page, 120)
        self.pattern.textChanged.connect(self._update_example)
        self.example = QLabel(page)
        self.example.setWordWrap(True)
        self.example.setTextFormat(Qt.TextFormat.PlainText)
        self.example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Pola nomor surat:"), self.pattern)
        layout.addLayout(form)
        # Below the form at full width: a word-wrapped label in a form row wraps too narrow.
        layout.addWidget(self.example)

        helps = self._pattern_field_help()
        fields = "\n".join(
            f"{{{name}}}  —  {helps.get(name, text)}"
            for name, text in NUMBER_PATTERN_FIELDS.items()
        )
        help_label = QLabel(self.tr("Kolom yang boleh dipakai:") + "\n" + fields, page)
        help_label.setTextFormat(Qt.TextFormat.PlainText)
        help_label.setStyleSheet("color: palette(dark);")
        layout.addWidget(help_label)

        codes_heading = QLabel(self.tr("Kode klasifikasi per jenis surat ({kode})"), page)
        codes_heading.setStyleSheet("font-weight: 600; margin-top: 8px;")
        layout.addWidget(codes_heading)
        codes = QFormLayout()
        codes.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.codes: dict[str, QLineEdit] = {}
        for kind in LETTER_KINDS:
            edit = self._line(page, 30)
            edit.textChanged.connect(self._update_example)
            self.codes[kind] = edit
            codes.addRow(letter_kind_label(kind) + ":", edit)
        layout.addLayout(codes)
        layout.addStretch(1)
        return page

    # --- values ----------------------------------------------------------------

    def _load(self, s: BranchSettings) -> None:
        self.org_name.setText(s.org_name)
        self.branch_name.setText(s.branch_name)
        self.address.setText(s.address)
        self.phone.setText(s.phone)
        self.email.setText(s.email)
        self.website.setText(s.website)
        self.logo_path.setText(s.logo_path)
        self.signatory_position.setText(s.signatory_position)
        self.signatory_name.setText(s.signatory_name)
        self.signatory_id.setText(s.signatory_id)
        self.place.setText(s.place)
        self.delivery_allowance.setValue(s.delivery_allowance_days)
        for kind, edit in self.codes.items():
            edit.setText(s.code_for(kind))
        self.pattern.setText(s.number_pattern)
        self._update_logo_preview()
        self._update_example()

    def current_settings(self) -> BranchSettings:
        """The settings as shown on screen (not yet stored)."""
        return replace(
            self.original,
            org_name=self.org_name.text().strip(),
            branch_name=self.branch_name.text().strip(),
            address=self.address.text().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            website=self.website.text().strip(),
            logo_path=self.logo_path.text().strip(),
            signatory_position=self.signatory_position.text().strip(),
            signatory_name=self.signatory_name.text().strip(),
            signatory_id=self.signatory_id.text().strip(),
            place=self.place.text().strip(),
            delivery_allowance_days=self.delivery_allowance.value(),
            number_pattern=self.pattern.text().strip(),
            classification_codes={
                **self.original.classification_codes,
                **{kind: edit.text().strip() for kind, edit in self.codes.items()},
            },
            # An empty choice keeps the stored area: the page's own save refuses it.
            service_area=self.area.service_area() or self.original.service_area,
        )

    def _pattern_problem(self) -> str | None:
        try:
            validate_number_pattern(self.pattern.text().strip())
        except ServiceError as exc:
            return service_error_text(exc)
        return None

    def _update_example(self) -> None:
        problem = self._pattern_problem()
        if problem is None:
            code = self.codes["teguran-1"].text().strip()
            try:
                number = format_letter_number(
                    self.pattern.text().strip(), SAMPLE_SEQ, code, self.today
                )
            except ServiceError as exc:
                problem = service_error_text(exc)
            else:
                self.example.setStyleSheet("")
                self.example.setText(
                    self.tr("Contoh hari ini (%1, nomor urut %2): %3")
                    .replace("%1", letter_kind_label("teguran-1"))
                    .replace("%2", str(SAMPLE_SEQ))
                    .replace("%3", number)
                )
        if problem is not None:
            self.example.setStyleSheet(ERROR_STYLE)
            self.example.setText(problem)
        self.ok_button.setEnabled(problem is None)
        self.preview_button.setEnabled(problem is None)

    def _logo_problem(self) -> str | None:
        text = self.logo_path.text().strip()
        if not text:
            return None
        path = Path(text)
        if not path.is_file():
            return self.tr("Berkas logo '%1' tidak ditemukan.").replace("%1", text)
        if path.suffix.lower() not in {".png", ".jpg", ".jpeg"}:
            return self.tr("Logo harus gambar PNG atau JPG: '%1'.").replace("%1", path.name)
        if QImageReader(str(path)).size().isEmpty():
            return self.tr("Berkas logo '%1' bukan gambar yang dapat dibaca.").replace(
                "%1", path.name
            )
        return None

    def _update_logo_preview(self) -> None:
        problem = self._logo_problem()
        if not self.logo_path.text().strip():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("tanpa logo"))
            return
        if problem is not None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("tidak terbaca"))
            return
        pixmap = QPixmap(self.logo_path.text().strip())
        self.logo_preview.setPixmap(
            pixmap.scaled(
                LOGO_PREVIEW,
                LOGO_PREVIEW,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def choose_logo(self) -> None:
        start = self.logo_path.text().strip() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Pilih logo kop surat"),
            start,
            self.tr("Gambar (*.png *.jpg *.jpeg)"),
        )
        if path:
            self.logo_path.setText(path)

    def problem(self) -> tuple[int, str] | None:
        """(tab index, message) of the first thing that keeps OK from saving."""
        required = (
            (self.org_name, self.tr("Nama instansi")),
            (self.branch_name, self.tr("Nama kantor cabang")),
            (self.address, self.tr("Alamat")),
            (self.signatory_position, self.tr("Jabatan penandatangan")),
            (self.signatory_name, self.tr("Nama penandatangan")),
            (self.place, self.tr("Tempat surat")),
        )
        for edit, label in required:
            if not edit.text().strip():
                return 0, self.tr("%1 wajib diisi.").replace("%1", label)
        logo = self._logo_problem()
        if logo is not None:
            return 0, logo
        pattern = self._pattern_problem()
        if pattern is not None:
            return 1, pattern
        for kind, edit in self.codes.items():
            code = edit.text().strip()
            if not code:
                return 1, self.tr("Kode klasifikasi %1 wajib diisi.").replace(
                    "%1", letter_kind_label(kind)
                )
            if "{" in code or "}" in code:
                return 1, self.tr("Kode klasifikasi %1 tidak boleh memuat { atau }.").replace(
                    "%1", letter_kind_label(kind)
                )
        return None

    def _show_problem(self, tab: int, message: str) -> None:
        self.tabs.setCurrentIndex(tab)
        self.error.setText(message)
        self.error.show()

    # --- actions -----------------------------------------------------------------

    def _page_saved(self) -> None:
        self.saved_anything = True

    def accept(self) -> None:
        """Store the settings, then each table page with unsaved edits; close when all are."""
        found = self.problem()
        if found is not None:
            self._show_problem(*found)
            return
        db, settings, username = self.db, self.current_settings(), self.username
        self.ok_button.setEnabled(False)
        self.save_task = run_op(
            self,
            self.tr("Pengaturan cabang"),
            lambda _ctx: save_settings(db, settings, username=username),
            lambda _none: self._settings_saved(),
            changes=Changes(reference=True),
            on_failure=self._settings_refused,
        )

    def _settings_saved(self) -> None:
        self.saved_anything = True
        # Unsaved table edits are kept too: OK means "keep what I did".
        self._save_pages([(2, self.holidays), (3, self.wages), (4, self.area)])

    def _save_pages(self, pages: list[tuple[int, SavablePage]]) -> None:
        dirty = [(index, page) for index, page in pages if page.dirty]
        if not dirty:
            self.ok_button.setEnabled(True)
            super().accept()
            return
        index, page = dirty[0]

        def saved(ok: bool) -> None:
            if ok:
                self._save_pages(dirty[1:])
            else:
                self.ok_button.setEnabled(True)
                self._show_problem(index, page.message.text())

        page.save(then=saved)

    def _settings_refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ServiceError):
            self._show_problem(1, service_error_text(exc))
        else:
            show_failure(self, self.tr("Pengaturan cabang"), exc)

    def render_preview(self) -> bytes:
        """The sample letter as PDF; ServiceError when it cannot be rendered."""
        found = self.problem()
        if found is not None:
            # The sentence is already in the interface language (self.tr).
            raise ServiceError("{reason}", code="settings_incomplete", reason=found[1])
        return render_sample_letter(self.current_settings(), self.today)

    def show_preview(self) -> None:
        try:
            data = self.render_preview()
        except ServiceError as exc:
            found = self.problem()
            self._show_problem(
                found[0] if found else self.tabs.currentIndex(), service_error_text(exc)
            )
            return
        self.preview = PreviewDialog(data, self)
        self.preview.open()


class PreviewDialog(QDialog):
    """The sample letter in a PdfView; closing it returns to the settings."""

    def __init__(self, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pratinjau surat (contoh, belum disimpan)"))
        self.resize(720, 860)
        self.view = PdfView(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Tutup"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.view.set_pdf(data)
