"""A scrollable viewer for PDF pages, rendered by pdfium into QImages.

Used for the preview of a letter before it is issued. pdfium is not
thread-safe, so rendering happens on the GUI thread; a one-page letter
renders in a few milliseconds.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

POINTS_PER_INCH = 72.0


def render_page(document: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    """Page `index` of `document` as an opaque RGB image at `dpi`."""
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True)
        try:
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            )
            # copy(): the QImage must own its pixels before pdfium frees the buffer.
            return image.copy()
        finally:
            bitmap.close()
    finally:
        page.close()


def page_sizes_points(document: pdfium.PdfDocument) -> list[tuple[float, float]]:
    sizes = []
    for index in range(len(document)):
        page = document[index]
        try:
            sizes.append((page.get_width(), page.get_height()))
        finally:
            page.close()
    return sizes


class PdfView(QScrollArea):
    """Shows every page of one PDF under the other, on a grey desk, fit to width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._desk = QWidget(self)
        self._desk.setObjectName("pdfDesk")
        self._desk.setStyleSheet("#pdfDesk { background: #8a8f96; }")
        self._layout = QVBoxLayout(self._desk)
        self._layout.setContentsMargins(12, 12, 12, 12)
        self._layout.setSpacing(12)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._desk)
        self._pdf: bytes | None = None
        self._images: list[QImage] = []
        self._labels: list[QLabel] = []
        self._message = QLabel(self._desk)
        self._message.setStyleSheet("color: white; padding: 40px;")
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._layout.addWidget(self._message)
        self._message.hide()

    def page_count(self) -> int:
        return len(self._images)

    def page_image(self, index: int) -> QImage:
        return self._images[index]

    def clear(self, message: str = "") -> None:
        for label in self._labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self._labels.clear()
        self._images.clear()
        self._pdf = None
        self._message.setText(message)
        self._message.setVisible(bool(message))

    def set_pdf(self, data: bytes, *, dpi: float = 110.0) -> None:
        """Render `data` (a PDF) at `dpi`; the pages are scaled to the view's width."""
        self.clear()
        self._pdf = data
        document = pdfium.PdfDocument(data)
        try:
            self._images = [render_page(document, i, dpi) for i in range(len(document))]
        finally:
            document.close()
        for _image in self._images:
            label = QLabel(self._desk)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: white;")
            self._layout.addWidget(label)
            self._labels.append(label)
        self._fit()

    def _fit(self) -> None:
        if not self._images:
            return
        width = max(self.viewport().width() - 24 - 2, 200)
        ratio = self.devicePixelRatioF()
        for image, label in zip(self._images, self._labels, strict=True):
            scaled = image.scaledToWidth(
                int(width * ratio), Qt.TransformationMode.SmoothTransformation
            )
            pixmap = QPixmap.fromImage(scaled)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(int(scaled.width() / ratio), int(scaled.height() / ratio))

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()
