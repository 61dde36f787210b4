"""How the outreach tables show their cells: labels of stored codes, colours, the coverage bar."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from kantor_app.domain.dates import format_date_id
from kantor_app.services.outreach.overview import JakonStatus
from kantor_app.ui.outreach.models import PERCENT_ROLE, tr
from kantor_app.ui.widgets.numbers import format_percent

RED = QColor("#c62828")
AMBER = QColor("#ef8f00")
GREEN = QColor("#2e7d32")


def coverage_color(percent: float | None) -> QColor | None:
    if percent is None:
        return None
    if percent >= 90:
        return GREEN
    if percent >= 60:
        return AMBER
    return RED


def date_text(value: date | None) -> str:
    return format_date_id(value) if value else "–"


def kind_label(kind: str) -> str:
    labels = {
        "sosialisasi": tr("Sosialisasi"),
        "jemput_bola": tr("Jemput bola"),
        "kampanye_lapangan": tr("Kampanye lapangan"),
    }
    return labels.get(kind, kind)


def source_label(source: str) -> str:
    labels = {
        "APBD_PROV": tr("APBD Provinsi"),
        "APBD_KAB": tr("APBD Kab/Kota"),
        "CSR": tr("CSR"),
        "GN_LINGKARAN": tr("GN Lingkaran"),
        "MANDIRI": tr("Mandiri"),
    }
    return labels.get(source, source)


def status_label(status: JakonStatus) -> str:
    labels = {
        JakonStatus.REGISTERED: tr("Terdaftar"),
        JakonStatus.NOT_REGISTERED: tr("Belum terdaftar"),
        JakonStatus.LATE: tr("Terlambat"),
    }
    return labels[status]


def status_color(status: JakonStatus) -> QColor:
    return {
        JakonStatus.REGISTERED: GREEN,
        JakonStatus.NOT_REGISTERED: AMBER,
        JakonStatus.LATE: RED,
    }[status]


class PercentBarDelegate(QStyledItemDelegate):
    """Paints a percentage as a bar (capped at 100 %) coloured by achievement."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        percent = index.data(PERCENT_ROLE)
        if not isinstance(percent, float):
            super().paint(painter, option, index)
            return
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        rect: QRect = option.rect.adjusted(3, 4, -3, -4)
        color = coverage_color(percent) or GREEN
        track = QColor(color)
        track.setAlpha(40)
        painter.fillRect(rect, track)
        filled = QRect(rect)
        filled.setWidth(int(rect.width() * min(percent, 100.0) / 100.0))
        bar = QColor(color)
        bar.setAlpha(170)
        painter.fillRect(filled, bar)
        painter.setPen(option.palette.text().color())
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, format_percent(percent))
        painter.restore()
