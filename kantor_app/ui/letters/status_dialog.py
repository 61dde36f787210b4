"""Record that a letter was sent or answered, with the date (and the answer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from kantor_app.ui.widgets.fields import DateField
from kantor_app.ui.widgets.form_dialog import FormDialog


@dataclass(frozen=True)
class LetterStatusInput:
    on: date
    note: str


class LetterStatusDialog(FormDialog):
    """`status` is "dikirim" (date only) or "dijawab" (date and the answer)."""

    def __init__(
        self,
        status: str,
        letter_number: str,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        title = (
            self.tr("Tandai surat dijawab")
            if status == "dijawab"
            else self.tr("Tandai surat dikirim")
        )
        super().__init__(title, self.tr("Surat nomor %1").replace("%1", letter_number), parent)
        self.status = status
        self._today = today or date.today()
        self.on = DateField(self._today, self)
        self.note = QPlainTextEdit(self)
        self.note.setFixedHeight(80)
        if status == "dijawab":
            self.form.addRow(self.tr("Tanggal jawaban:"), self.on)
            self.note.setPlaceholderText(
                self.tr("isi jawaban perusahaan, mis. akan melunasi tunggakan sebelum 30 Juni")
            )
            self.form.addRow(self.tr("Jawaban:"), self.note)
        else:
            self.form.addRow(self.tr("Tanggal kirim:"), self.on)
            self.note.hide()

    def problem(self) -> str | None:
        if self.on.value() > self._today:
            return self.tr("Tanggal tidak boleh di masa depan.")
        if self.status == "dijawab" and not self.note.toPlainText().strip():
            return self.tr("Tuliskan isi jawaban perusahaan.")
        return None

    def value(self) -> LetterStatusInput:
        return LetterStatusInput(self.on.value(), self.note.toPlainText().strip())
