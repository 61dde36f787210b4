"""State the contributions owed of a case without arrears, the base of its 0,1 % fine."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from kantor_app.services.letters.cases import CaseRow
from kantor_app.ui.widgets.fields import RupiahSpinBox
from kantor_app.ui.widgets.form_dialog import FormDialog


@dataclass(frozen=True)
class FineBaseInput:
    amount: int
    source: str


class FineBaseDialog(FormDialog):
    def __init__(self, employer_name: str, case: CaseRow, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Dasar denda 0,1%"), employer_name, parent)
        about = QLabel(
            self.tr(
                "Kasus %1 tidak memuat tunggakan iuran: denda dihitung dari iuran yang "
                "seharusnya dibayar. Isi jumlahnya dan sumbernya; surat denda menyebut keduanya."
            ).replace("%1", case.violations),
            self,
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        self.amount = RupiahSpinBox(self)
        if case.fine_base:
            self.amount.set_amount(case.fine_base)
        self.form.addRow(self.tr("&Iuran yang seharusnya dibayar:"), self.amount)
        self.source = QLineEdit(self)
        self.source.setPlaceholderText(
            self.tr("mis. berita acara pemeriksaan nomor 12/BAP/XI/2026 tanggal 20 November 2026")
        )
        self.form.addRow(self.tr("&Sumber:"), self.source)

    def problem(self) -> str | None:
        if self.amount.amount() <= 0:
            return self.tr("Isi iuran yang seharusnya dibayar.")
        if not self.source.text().strip():
            return self.tr("Sebutkan sumber angka tersebut.")
        return None

    def value(self) -> FineBaseInput:
        return FineBaseInput(self.amount.amount(), self.source.text().strip())
