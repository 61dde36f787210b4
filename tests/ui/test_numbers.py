"""One number formatter for the whole UI, following the interface language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from kantor_app.ui.widgets.numbers import format_number, format_percent


@pytest.fixture
def restore_locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.mark.usefixtures("restore_locale")
def test_indonesian_when_no_language_was_chosen() -> None:
    QLocale.setDefault(QLocale.c())
    assert format_number(12345) == "12.345"
    assert format_number(1_000_000) == "1.000.000"
    assert format_number(7) == "7"
    assert format_percent(87.54) == "87,5%"
    assert format_percent(None) == "–"


@pytest.mark.usefixtures("restore_locale")
def test_english_interface_writes_english_numbers() -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert format_number(12345) == "12,345"
    assert format_percent(87.54) == "87.5%"


@pytest.mark.usefixtures("restore_locale")
def test_indonesian_interface() -> None:
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    assert format_number(12345) == "12.345"
    assert format_percent(100.0) == "100,0%"
