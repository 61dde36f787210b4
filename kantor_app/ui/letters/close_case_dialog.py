"""Close a sanction case: complied, resolved, or withdrawn with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from kantor_app.services.letters.cases import CaseRow
from kantor_app.ui.widgets.fields import DateField, to_qdate
from kantor_app.ui.widgets.form_dialog import FormDialog


@dataclass(frozen=True)
class CloseCaseInput:
    reason: str  # patuh | selesai | dicabut
    closed_on: date
    note: str


class CloseCaseDialog(FormDialog):
    def __init__(
        self, employer_name: str, case: CaseRow, parent: QWidget | None = None, *, today: date
    ) -> None:
        super().__init__(self.tr("Tutup kasus kepatuhan"), employer_name, parent)
        about = QLabel(
            self.tr("Kasus %1 (%2), tahap %3.")
            .replace("%1", case.violations)
            .replace("%2", ", ".join(case.letters))
            .replace("%3", case.step),
            self,
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        self.reason = QComboBox(self)
        for code, label in (
            ("patuh", self.tr("Patuh: kewajiban sudah dipenuhi")),
            ("selesai", self.tr("Selesai: proses sanksi sudah tuntas (keterangan wajib diisi)")),
            ("dicabut", self.tr("Dicabut: kasus ditarik (alasan wajib diisi)")),
        ):
            self.reason.addItem(label, code)
        self.form.addRow(self.tr("&Alasan:"), self.reason)
        self.closed_on = DateField(today, self)
        self.closed_on.setMaximumDate(to_qdate(today))
        self.closed_on.setMinimumDate(to_qdate(case.opened_on))
        self.form.addRow(self.tr("&Tanggal:"), self.closed_on)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(
            self.tr("mis. tunggakan dilunasi 3 Desember, bukti setor terlampir")
        )
        self.note.setFixedHeight(80)
        self.form.addRow(self.tr("&Keterangan:"), self.note)

    def problem(self) -> str | None:
        if self.note.toPlainText().strip():
            return None
        if self.reason.currentData() == "dicabut":
            return self.tr("Tuliskan alasan pencabutan kasus.")
        if self.reason.currentData() == "selesai":
            return self.tr("Tuliskan bagaimana kasus ini selesai.")
        return None

    def value(self) -> CloseCaseInput:
        return CloseCaseInput(
            str(self.reason.currentData()),
            self.closed_on.value(),
            self.note.toPlainText().strip(),
        )
