"""Printing a PDF: pages rendered by pdfium at the printer's resolution, painted with QPainter."""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kantor_app.ui.widgets.pdf_view import render_page

# Laser printers run at 600 dpi; rendering finer only makes bigger spool files.
MAX_RENDER_DPI = 600


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def print_pdf_to(
    printer: QPrinter,
    data: bytes,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Paint every page of the PDF `data` onto `printer`; returns the pages printed.

    Each page is rendered at the printer's resolution (capped) and drawn to
    fill the printable page keeping its aspect ratio. The printer's page range
    selection is honoured.
    """
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    document = pdfium.PdfDocument(data)
    try:
        total = len(document)
        first, last = 1, total
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = max(1, printer.fromPage())
            last = min(total, printer.toPage() or total)
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(_tr("Printer tidak dapat dibuka."))
        printed = 0
        try:
            for number in range(first, last + 1):
                if printed:
                    printer.newPage()
                image = render_page(document, number - 1, dpi)
                target = QRectF(painter.viewport())
                size = image.size().toSizeF()
                size.scale(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                rect = QRectF(target.topLeft(), size)
                rect.moveCenter(target.center())
                painter.drawImage(rect, image)
                printed += 1
                if progress is not None:
                    progress(printed, last - first + 1)
        finally:
            painter.end()
        return printed
    finally:
        document.close()


def print_pdf(parent: QWidget | None, data: bytes, title: str) -> bool:
    """Ask for a printer with QPrintDialog and print `data`; False when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    document = pdfium.PdfDocument(data)
    pages = len(document)
    document.close()
    printer.setFromTo(1, pages)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("Cetak %1").replace("%1", title))
    dialog.setMinMax(1, pages)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        print_pdf_to(printer, data)
    except OSError as exc:
        QMessageBox.warning(parent, _tr("Gagal mencetak"), str(exc))
        return False
    return True
