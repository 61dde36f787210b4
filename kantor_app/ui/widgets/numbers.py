"""Counts and percentages as the interface language writes them: 12.345 / 12,345.

One formatter for every table, label and the status bar, so a number reads
the same wherever it appears. The language is the default QLocale, which
`ui.app.install_translations` sets with the translation.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale

INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


def ui_locale() -> QLocale:
    """The interface's locale; Indonesian (the source language) when none was chosen."""
    locale = QLocale()
    # The "C" locale means no language was installed (tests, tools): the
    # untranslated interface is Indonesian, so its numbers are too.
    if locale.language() == QLocale.Language.C:
        return INDONESIAN
    return locale


def format_number(value: int) -> str:
    """A whole number with thousands separators: 12.345 (id), 12,345 (en)."""
    return ui_locale().toString(value)


def format_percent(value: float | None) -> str:
    """87,5% (id) / 87.5% (en), one decimal, no space; a dash when there is no figure."""
    if value is None:
        return "–"
    return ui_locale().toString(value, "f", 1) + "%"
