"""Issuing letters through the GUI: filter, select, preview, issue with progress, print."""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path

import pypdf
import pytest
from employer_samples import TODAY, cell, choose_in_combo
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kantor_app.services.letters import issue as letter_service
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer, Letter
from kantor_app.ui.employers.model import COL_LETTER, COL_NAME, COL_STATUS, StatusCodeRole
from kantor_app.ui.employers.tab import EmployersTab
from kantor_app.ui.letters.issue_dialog import IssueLettersDialog
from kantor_app.ui.letters.printing import print_pdf_to
from kantor_app.ui.widgets.pdf_view import PdfView


def click_row(qtbot: QtBot, tab: EmployersTab, row: int, *, ctrl: bool = False) -> None:
    view = tab.table
    rect = view.visualRect(tab.model.index(row, COL_NAME))
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def click_action(qtbot: QtBot, tab: EmployersTab, text: str) -> None:
    action = next(a for a in tab.toolbar.actions() if a.text() == text)
    button = tab.toolbar.widgetForAction(action)
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_names(tab: EmployersTab) -> list[str]:
    model = tab.model
    return [model.index(r, COL_NAME).data() for r in range(model.rowCount())]


def non_white_fraction(image: QImage) -> float:
    small = image.scaled(100, 140)
    dark = sum(
        1
        for x in range(small.width())
        for y in range(small.height())
        if small.pixelColor(x, y).lightness() < 200
    )
    return dark / (small.width() * small.height())


def sequence_number(number: str) -> int:
    match = re.match(r"\d+", number)
    assert match, number
    return int(match.group())


def test_selects_noncompliant_employers_and_issues_letters_through_the_gui(
    qtbot: QtBot,
    tab: EmployersTab,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out_dir = tmp_path / "surat keluar"
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *args, **kwargs: str(out_dir))
    )
    assert tab.model.rowCount() == 7

    choose_in_combo(qtbot, tab.status_combo, "Semua tidak patuh")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 6)
    statuses = {tab.model.index(r, COL_STATUS).data(StatusCodeRole) for r in range(6)}
    assert "patuh" not in statuses
    assert "PT Jasa Prima Mandiri" not in shown_names(tab)
    assert tab.count_label.text() == "6 perusahaan"

    names = shown_names(tab)
    picked_rows = [names.index("PT Sawit Makmur Sejahtera"), names.index("CV Karya Baru")]
    picked_rows.append(names.index("PT Kebun Hijau Lestari"))
    click_row(qtbot, tab, picked_rows[0])
    for row in picked_rows[1:]:
        click_row(qtbot, tab, row, ctrl=True)
    assert len(tab.selected_ids()) == 3

    click_action(qtbot, tab, "Terbitkan surat…")
    dialog = tab.issue_dialog
    assert isinstance(dialog, IssueLettersDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.selected_radio.isChecked()
    assert dialog.selected_radio.text() == "Perusahaan terpilih (3)"
    assert dialog.filter_radio.text() == "Semua tidak patuh dengan filter ini (6)"
    assert dialog.kind_combo.currentText() == "Teguran Tertulis I"
    assert dialog.count_label.text() == "3 surat Teguran Tertulis I akan diterbitkan."
    # The preview of the first letter is drawn inside the dialog: a page with text on it.
    assert dialog.preview.page_count() >= 1
    page = dialog.preview.page_image(0)
    assert page.height() > page.width()  # A4 portrait
    assert 0.01 < non_white_fraction(page) < 0.5
    assert "CV Karya Baru" in dialog.preview_caption.text()  # first in name order

    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert dialog.folder_edit.text() == str(out_dir)
    assert dialog.issue_button.text() == "Terbitkan 3 surat"
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=30_000)

    assert dialog.summary_title.text() == "3 surat diterbitkan"
    issued = dialog.issued_letters
    assert issued is not None and len(issued) == 3
    for letter in issued:
        assert letter.path is not None and letter.path.exists()
        assert letter.path.parent == out_dir
    combined = dialog.combined_path()
    assert combined is not None and combined.exists()
    pages = sum(len(pypdf.PdfReader(letter.path).pages) for letter in issued if letter.path)
    assert len(pypdf.PdfReader(combined).pages) == pages >= 3

    with db.session() as session:
        rows = session.execute(
            select(Letter.number, Letter.kind, Letter.status, Employer.name).join(
                Employer, Employer.id == Letter.employer_id
            )
        ).all()
    assert {r.name for r in rows} == {
        "PT Sawit Makmur Sejahtera",
        "CV Karya Baru",
        "PT Kebun Hijau Lestari",
    }
    assert {r.kind for r in rows} == {"teguran-1"}
    assert {r.status for r in rows} == {"diterbitkan"}
    seqs = sorted(sequence_number(r.number) for r in rows)
    assert seqs == list(range(seqs[0], seqs[0] + 3))
    assert {r.number for r in rows} == {letter.number for letter in issued}

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # The table and the detail pane show the new letters.
    names = shown_names(tab)
    row = names.index("PT Sawit Makmur Sejahtera")
    assert tab.model.index(row, COL_LETTER).data() == "Teguran I · 23 Nov 2026"
    click_row(qtbot, tab, row)
    sawit_number = next(r.number for r in rows if r.name == "PT Sawit Makmur Sejahtera")
    letters = tab.detail.letters
    assert letters.rowCount() == 1
    assert cell(letters, 0, 0).text() == sawit_number
    assert cell(letters, 0, 1).text() == "Teguran I"
    assert tab.detail.letter_info.text().startswith("Pilih surat")
    rect = letters.visualItemRect(cell(letters, 0, 0))
    qtbot.mouseClick(letters.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    info = tab.detail.letter_info.text()
    assert f"Teguran Tertulis I</b> — {sawit_number}" in info
    assert "Tanggal 23 November 2026; batas waktu dihitung setelah surat dikirim" in info
    assert cell(letters, 0, 4).text() == "Diterbitkan"
    # No end before sending: the period runs from receipt (DOMAIN section 0).
    assert cell(letters, 0, 3).text() == "belum dikirim"


def test_cancel_while_issuing_leaves_no_letters(
    qtbot: QtBot, tab: EmployersTab, db: Database, tmp_path: Path
) -> None:
    choose_in_combo(qtbot, tab.status_combo, "Menunggak")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    click_action(qtbot, tab, "Terbitkan surat…")
    dialog = tab.issue_dialog
    assert isinstance(dialog, IssueLettersDialog)
    assert dialog.filter_radio.isChecked()  # nothing selected: the whole filter
    choose_in_combo(qtbot, dialog.kind_combo, "Pemberitahuan Tunggakan")
    assert dialog.count_label.text() == "3 surat Pemberitahuan Tunggakan akan diterbitkan."
    dialog.folder_edit.setText(str(tmp_path / "batal"))
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    task = dialog.task
    assert task is not None
    cancel_button = task.dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Batal"
    cancel_button.click()  # before the progress window even shows: no letter must be issued
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30_000)
    assert dialog.pages.currentIndex() == 0
    assert "Dibatalkan" in dialog.refused_label.text()
    assert dialog.issue_button.isEnabled()
    with db.session() as session:
        assert session.execute(select(Letter.id)).first() is None
    assert not list((tmp_path / "batal").glob("*.pdf"))
    dialog.reject()


def test_refused_employers_are_listed_and_skipped(qtbot: QtBot, tab: EmployersTab) -> None:
    # Teguran II needs an unanswered Teguran I whose deadline passed: nobody has one.
    choose_in_combo(qtbot, tab.status_combo, "Semua tidak patuh")
    click_action(qtbot, tab, "Terbitkan surat…")
    dialog = tab.issue_dialog
    assert isinstance(dialog, IssueLettersDialog)
    choose_in_combo(qtbot, dialog.kind_combo, "Teguran Tertulis II")
    assert dialog.count_label.text() == "0 surat Teguran Tertulis II akan diterbitkan."
    assert not dialog.issue_button.isEnabled()
    assert "6 perusahaan dilewati" in dialog.refused_label.text()
    assert "belum ada kasus kepatuhan yang dibuka" in dialog.refused_label.text()
    assert dialog.preview.page_count() == 0
    dialog.reject()


def test_pdf_view_and_printing_paint_every_page(
    qtbot: QtBot, db: Database, registry: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    issued = letter_service.issue_letters(
        db, "tunggakan", [registry["sawit"], registry["kebun"]], tmp_path, today=TODAY
    )
    combined = issued[0].combined_path
    assert combined is not None
    data = combined.read_bytes()

    view = PdfView()
    qtbot.addWidget(view)
    view.resize(500, 700)
    view.show()
    view.set_pdf(data)
    pages = len(pypdf.PdfReader(combined).pages)
    assert pages >= 2
    assert view.page_count() == pages
    assert non_white_fraction(view.page_image(0)) > 0.01
    assert all(non_white_fraction(view.page_image(i)) > 0.001 for i in range(pages))

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(150)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf_to(printer, data) == pages
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == pages
    # each printed page carries the rendered letter as an image
    assert all(page.images for page in reader.pages)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2  # A4

    printer.setOutputFileName(str(tmp_path / "page2.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert print_pdf_to(printer, data) == 1


def test_letter_status_buttons_and_reprint(
    qtbot: QtBot,
    tab: EmployersTab,
    db: Database,
    registry: dict[str, uuid.UUID],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issued = letter_service.issue_letters(db, "teguran-1", [registry["sawit"]], today=TODAY)
    tab.refresh()
    assert tab.select_employer(registry["sawit"])
    pane = tab.detail
    assert pane.letters.rowCount() == 1
    assert not pane.mark_printed_button.isEnabled()  # nothing selected yet
    pane.letters.selectRow(0)
    assert pane.mark_printed_button.isEnabled()

    qtbot.mouseClick(pane.mark_printed_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(pane.letters, 0, 4).text() == "Dicetak")

    pane.letters.selectRow(0)
    qtbot.mouseClick(pane.mark_answered_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Simpan")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # the answer is required
    assert dialog.error.text() == "Tuliskan isi jawaban perusahaan."  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.note, "Akan melunasi tunggakan sebelum 15 Desember")  # type: ignore[attr-defined]
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(pane.letters, 0, 4).text() == "Dijawab")
    assert cell(pane.letters, 0, 4).toolTip() == (
        "23 Nov 2026: Akan melunasi tunggakan sebelum 15 Desember"
    )
    assert "Dijawab 23 November 2026: Akan melunasi" in pane.letter_info.text()
    with db.session() as session:
        letter = session.get(Letter, issued[0].letter_id)
        assert letter is not None and letter.status == "dijawab"
        original = letter.sha256

    # "Cetak ulang… > Simpan salinan PDF…" writes the very same document.
    copy = tmp_path / "salinan.pdf"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args, **kwargs: (str(copy), "Dokumen PDF (*.pdf)")),
    )
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr("kantor_app.ui.letters.letter_actions.QDesktopServices.openUrl", open_url)
    pane.letters.selectRow(0)
    menu = pane.reprint_button.menu()
    assert menu is not None
    save_action = next(a for a in menu.actions() if a.text() == "Simpan salinan PDF…")
    save_action.trigger()
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == original
    assert opened == [str(copy)]
