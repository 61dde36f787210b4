"""English translation: the window speaks English with kantor_en.qm, Indonesian without it,
and the committed .ts/.qm cover every string the UI sources can show."""

from __future__ import annotations

import importlib.util
import re
import shutil
import string
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
)
from pytestqt.qtbot import QtBot

from kantor_app.resources import resource_path
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.kinds import require_kind
from kantor_app.store.engine import Database
from kantor_app.ui.app import install_translations
from kantor_app.ui.main_window import MainWindow
from kantor_app.ui.tasks import describe_error

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = resource_path("translations", "kantor_en.ts")
QM_FILE = resource_path("translations", "kantor_en.qm")
# Indonesian text that code outside tr() puts on screen, reported to the file's owner;
# remove an entry once its code goes through tr().
KNOWN_UNTRANSLATED: set[str] = set()
FIX_HINT = "run `uv run python tools/update_translations.py` and translate what it lists"


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """English for one test; translators and default locale restored afterwards."""
    locale = QLocale()
    translators = install_translations(qapp, "en")
    assert translators, f"{QM_FILE} did not load"
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(locale)


def _window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _tab_titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def _menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def _menu_items(window: MainWindow, title: str) -> list[str]:
    for menu in window.menuBar().findChildren(QMenu):
        if menu.title() == title:
            return [action.text() for action in menu.actions() if not action.isSeparator()]
    raise AssertionError(f"no menu {title!r}")


@pytest.mark.usefixtures("english")
def test_english_window_titles_tabs_and_menus(qtbot: QtBot, db: Database) -> None:
    window = _window(qtbot, db)
    assert window.windowTitle() == "Kantor — BPJS Ketenagakerjaan"
    assert _tab_titles(window) == ["Participants", "Employers", "Outreach"]
    assert _menu_titles(window) == ["&File", "&View", "&Help"]
    file_items = _menu_items(window, "&File")
    assert file_items[0] == "&Open database…"
    # The tabs' own actions in the File menu are translated too.
    assert "Import participant list…" in file_items
    assert "Import employers…" in file_items
    assert file_items[-1] == "&Quit"
    assert _menu_items(window, "&View")[:3] == ["Participants", "Employers", "Outreach"]
    search = window.roster_tab.findChild(QLineEdit)
    assert search is not None and search.placeholderText() == "Search NIK or name…"
    assert "active participants" in window._counts.text()


def test_indonesian_without_translator(qtbot: QtBot, db: Database) -> None:
    window = _window(qtbot, db)
    assert _tab_titles(window) == ["Peserta", "Perusahaan", "Penjangkauan"]
    assert _menu_titles(window) == ["&Berkas", "&Tampilan", "Ban&tuan"]
    assert "Impor daftar peserta…" in _menu_items(window, "&Berkas")
    assert "peserta aktif" in window._counts.text()


def _read_ts(path: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) -> translation texts (numerus forms, or the single text)."""
    messages: dict[tuple[str, str], list[str]] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = translation.findall("numerusform")
            texts = [f.text or "" for f in forms] if forms else [translation.text or ""]
            if translation.get("type") == "unfinished":
                texts = []
            messages[(name, message.findtext("source", ""))] = texts
    return messages


def _visible_texts(window: MainWindow) -> set[str]:
    """What the user reads in the window chrome: tabs, menus, labels, buttons, lists."""
    texts: set[str] = set()
    for action in window.findChildren(QAction):
        texts.update((action.text(), action.toolTip()))
    for tabs in window.findChildren(QTabWidget):
        texts.update(tabs.tabText(i) for i in range(tabs.count()))
    for label in window.findChildren(QLabel):
        texts.add(label.text())
    for button in window.findChildren(QAbstractButton):
        texts.update((button.text(), button.toolTip()))
    for edit in window.findChildren(QLineEdit):
        texts.add(edit.placeholderText())
    for combo in window.findChildren(QComboBox):
        texts.update(combo.itemText(i) for i in range(combo.count()))
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is not None:
            for column in range(model.columnCount()):
                header = model.headerData(
                    column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
                )
                texts.add(str(header))
    texts.discard("")
    return texts


@pytest.mark.usefixtures("english")
def test_no_indonesian_source_string_left_in_english_window(qtbot: QtBot, db: Database) -> None:
    window = _window(qtbot, db)
    messages = _read_ts(TS_FILE)
    english = {text for texts in messages.values() for text in texts}
    indonesian_only = {source for (_, source) in messages} - english
    visible = _visible_texts(window) - KNOWN_UNTRANSLATED
    assert "Participants" in visible and "All statuses" in visible
    assert not visible & indonesian_only, sorted(visible & indonesian_only)


def _tool() -> ModuleType:
    path = ROOT / "tools" / "update_translations.py"
    spec = importlib.util.spec_from_file_location("update_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_ts_translates_every_string_in_the_ui_sources(tmp_path: Path) -> None:
    """lupdate on today's sources adds nothing unfinished to a copy of the committed .ts."""
    committed = _read_ts(TS_FILE)
    untranslated = sorted(key for key, texts in committed.items() if not all(texts))
    assert not untranslated, f"{untranslated}: {FIX_HINT}"
    fresh = tmp_path / "kantor_en.ts"
    shutil.copyfile(TS_FILE, fresh)
    _tool().update(fresh, None)
    updated = _read_ts(fresh)
    new = sorted(updated.keys() - committed.keys())
    gone = sorted(committed.keys() - updated.keys())
    assert not new, f"strings missing from kantor_en.ts {new}: {FIX_HINT}"
    assert not gone, f"kantor_en.ts holds strings the UI no longer has {gone}: {FIX_HINT}"


def test_qm_is_built_from_the_committed_ts(tmp_path: Path) -> None:
    tool = _tool()
    built = tmp_path / "kantor_en.qm"
    tool.run_lrelease(TS_FILE, built)
    assert built.read_bytes() == QM_FILE.read_bytes(), f"kantor_en.qm is stale: {FIX_HINT}"


def test_translations_keep_placeholders_and_accelerators() -> None:
    placeholder = re.compile(r"%\d|%n|%s|\{\d*\}")
    for (context, source), texts in _read_ts(TS_FILE).items():
        for text in texts:
            where = f"[{context}] {source!r} -> {text!r}"
            assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(source)), where
            assert ("&" in source) == ("&" in text), where


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_service_error_translations_keep_the_template_fields() -> None:
    """A renamed or dropped {field} would make the English refusal fall back to Indonesian."""
    refusals = {
        source: texts
        for (context, source), texts in _read_ts(TS_FILE).items()
        if context == "ServiceError"
    }
    assert len(refusals) > 50, "the ServiceError templates did not reach kantor_en.ts"
    for source, texts in refusals.items():
        for text in texts:
            assert _fields(text) == _fields(source), f"{source!r} -> {text!r}"


@pytest.mark.usefixtures("english")
def test_a_service_refusal_reads_english_in_the_english_ui() -> None:
    with pytest.raises(ServiceError) as caught:
        require_kind("somasi")
    shown = describe_error(caught.value)
    assert shown.startswith("Unknown letter type 'somasi'. Choices: teguran-1, "), shown
    assert str(caught.value).startswith("Jenis surat 'somasi' tidak dikenal.")


def test_a_service_refusal_reads_indonesian_without_translator() -> None:
    with pytest.raises(ServiceError) as caught:
        require_kind("somasi")
    assert describe_error(caught.value) == str(caught.value)
