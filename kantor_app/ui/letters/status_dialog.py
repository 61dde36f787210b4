"""Record that letters were sent or received, or that a letter was answered, with the date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from kantor_app.ui.widgets.fields import DateField
from kantor_app.ui.widgets.form_dialog import FormDialog

_LISTED = 5  # numbers named in the heading; a stack from the post room can be hundreds


@dataclass(frozen=True)
class LetterStatusInput:
    on: date
    note: str


class LetterStatusDialog(FormDialog):
    """`status` is "dikirim" (date only), "diterima" (date and the receipt's note, for one
    letter or many) or "dijawab" (date and the answer)."""

    def __init__(
        self,
        status: str,
        letter_numbers: str | Sequence[str],
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        numbers = [letter_numbers] if isinstance(letter_numbers, str) else list(letter_numbers)
        titles = {
            "dijawab": self.tr("Tandai surat dijawab"),
            "diterima": self.tr("Catat surat diterima"),
        }
        shown = ", ".join(numbers[:_LISTED])
        if len(numbers) > _LISTED:
            shown += self.tr(" dan %1 lainnya").replace("%1", str(len(numbers) - _LISTED))
        intro = (
            self.tr("Surat nomor %1").replace("%1", numbers[0])
            if len(numbers) == 1
            else self.tr("%1 surat: %2").replace("%1", str(len(numbers))).replace("%2", shown)
        )
        super().__init__(titles.get(status, self.tr("Tandai surat dikirim")), intro, parent)
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
        elif status == "diterima":
            # The 10 working days run from this date: it comes from the tanda terima.
            self.form.addRow(self.tr("Tanggal diterima:"), self.on)
            self.note.setPlaceholderText(
                self.tr("dari tanda terima, mis. diterima resepsionis a.n. Sari")
            )
            self.form.addRow(self.tr("Catatan tanda terima:"), self.note)
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
