"""Mark an employer's unresolved findings as settled (a sanction case is closed on its own tab)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from kantor_app.ui.widgets.form_dialog import FormDialog


@dataclass(frozen=True)
class ResolveInput:
    resolved_on: date  # today: the service closes findings on the day it runs
    note: str


class ResolveDialog(FormDialog):
    def __init__(
        self,
        employer_name: str,
        open_findings: int,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(self.tr("Tandai temuan selesai"), employer_name, parent)
        self._today = today or date.today()
        explain = QLabel(
            self.tr(
                "%n temuan yang belum selesai akan ditutup hari ini. Tunggakan iuran tidak ikut "
                "dihapus: tunggakan selesai bila pembayarannya dicatat.",
                "",
                open_findings,
            ),
            self,
        )
        explain.setWordWrap(True)
        self.form.addRow(explain)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(
            self.tr("mis. seluruh pekerja sudah didaftarkan per 1 Juni, bukti terlampir")
        )
        self.note.setFixedHeight(80)
        self.form.addRow(self.tr("Keterangan:"), self.note)

    def problem(self) -> str | None:
        if not self.note.toPlainText().strip():
            return self.tr("Tuliskan keterangan penyelesaian (dasar penutupan kasus).")
        return None

    def value(self) -> ResolveInput:
        return ResolveInput(self._today, self.note.toPlainText().strip())
