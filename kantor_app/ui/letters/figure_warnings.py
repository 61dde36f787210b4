"""The issue dialog's warning when a letter period counts over estimated holidays.

A warning, not a refusal: the deadline is still counted, with the holidays
the table holds; the branch should confirm them in Pengaturan > Hari Libur.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from kantor_app.services.letters.figures import period_warnings
from kantor_app.store.engine import Database

WARNING_STYLE = "color: #7a5a00;"


def holiday_warning_label(db: Database, today: date, parent: QWidget, layout: QBoxLayout) -> QLabel:
    """A label with the holiday warnings for letters dated ``today``, added to ``layout``;
    hidden when there are none."""
    warnings = period_warnings(db, today)
    label = QLabel("\n".join(f"⚠ {w}" for w in warnings), parent)
    label.setObjectName("holidayWarning")
    label.setWordWrap(True)
    label.setStyleSheet(WARNING_STYLE)
    label.setVisible(bool(warnings))
    layout.addWidget(label)
    return label
