"""Record what an inspection or survey found at an employer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from kantor_app.domain.vocabulary import FINDING_SOURCES
from kantor_app.ui.widgets.fields import DateField, RupiahSpinBox
from kantor_app.ui.widgets.form_dialog import FormDialog


@dataclass(frozen=True)
class FindingInput:
    found_on: date
    source: str
    workers_found: int | None
    wage_found: int | None
    officer: str
    note: str


class FindingDialog(FormDialog):
    def __init__(
        self, employer_name: str, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(self.tr("Catat temuan pemeriksaan"), employer_name, parent)
        self._today = today or date.today()
        self.found_on = DateField(self._today, self)
        self.source = QComboBox(self)
        self.source.setEditable(True)
        # Stored values, kept in Indonesian like the rest of the data.
        self.source.addItems(list(FINDING_SOURCES))
        self.workers_check = QCheckBox(self.tr("Jumlah tenaga kerja ditemukan"), self)
        self.workers = QSpinBox(self)
        self.workers.setRange(0, 1_000_000)
        self.workers.setGroupSeparatorShown(True)
        self.workers.setSuffix(self.tr(" orang"))
        self.wage_check = QCheckBox(self.tr("Upah rata-rata ditemukan"), self)
        self.wage = RupiahSpinBox(self)
        self.officer = QLineEdit(self)
        self.officer.setPlaceholderText(self.tr("nama petugas pemeriksa"))
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("mis. nomor berita acara, bagian yang diperiksa"))
        self.note.setFixedHeight(70)
        for check, field in ((self.workers_check, self.workers), (self.wage_check, self.wage)):
            field.setEnabled(False)
            check.toggled.connect(field.setEnabled)
        self.form.addRow(self.tr("Tanggal pemeriksaan:"), self.found_on)
        self.form.addRow(self.tr("Sumber:"), self.source)
        self.form.addRow(self.workers_check, self.workers)
        self.form.addRow(self.wage_check, self.wage)
        self.form.addRow(self.tr("Petugas:"), self.officer)
        self.form.addRow(self.tr("Catatan:"), self.note)

    def problem(self) -> str | None:
        if not self.workers_check.isChecked() and not self.wage_check.isChecked():
            return self.tr("Isi jumlah tenaga kerja atau upah yang ditemukan (atau keduanya).")
        if self.workers_check.isChecked() and self.workers.value() <= 0:
            return self.tr("Jumlah tenaga kerja ditemukan harus lebih dari 0.")
        if self.wage_check.isChecked() and self.wage.amount() <= 0:
            return self.tr("Upah ditemukan harus lebih dari Rp0.")
        if self.found_on.value() > self._today:
            return self.tr("Tanggal pemeriksaan tidak boleh di masa depan.")
        if not self.source.currentText().strip():
            return self.tr("Sebutkan sumber temuan (inspeksi, survei, …).")
        return None

    def value(self) -> FindingInput:
        return FindingInput(
            found_on=self.found_on.value(),
            source=self.source.currentText().strip(),
            workers_found=self.workers.value() if self.workers_check.isChecked() else None,
            wage_found=self.wage.amount() if self.wage_check.isChecked() else None,
            officer=self.officer.text().strip(),
            note=self.note.toPlainText().strip(),
        )
