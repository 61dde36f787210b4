"""The main window on a demo branch: every tab shows what the database holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from db_copies import build_filled_template, open_copy
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kantor_app.services.demo.fill import fill_demo
from kantor_app.store.engine import Database
from kantor_app.store.models import CoverageTarget, Employer, Region, Worker
from kantor_app.ui.main_window import MainWindow
from kantor_app.ui.preferences import settings


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """One demo fill for the module; each test opens its own copy, so writes stay its own."""
    return build_filled_template(
        tmp_path_factory.mktemp("main-window-demo"),
        sqlite_template,
        lambda db: fill_demo(db, workers=300, employers=40, seed=7),
    )


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    database = open_copy(demo_file, tmp_path / "demo.db")
    yield database
    database.dispose()


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database) -> Iterator[MainWindow]:
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


def _column(model: QAbstractItemModel, title: str) -> int:
    for section in range(model.columnCount()):
        header = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if header == title:
            return section
    raise AssertionError(f"no column {title!r}")


def _cell(model: QAbstractItemModel, row: int, column: int) -> str:
    return str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole))


def test_roster_tab_shows_database_workers(
    window: MainWindow, demo_db: Database, qtbot: QtBot
) -> None:
    window.tabs.setCurrentIndex(0)
    model = window.roster_tab.model
    with demo_db.session() as session:
        total = session.scalar(select(func.count()).select_from(Worker)) or 0
        qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
        nik_col, name_col = _column(model, "NIK"), _column(model, "Nama")
        for row in (0, 1, model.rowCount() - 1):
            nik = _cell(model, row, nik_col)
            worker = session.scalar(select(Worker).where(Worker.nik == nik))
            assert worker is not None, nik
            assert _cell(model, row, name_col) == worker.name
    assert 0 < model.rowCount() <= total


def test_employers_tab_shows_database_employers(
    window: MainWindow, demo_db: Database, qtbot: QtBot
) -> None:
    window.tabs.setCurrentIndex(1)
    model = window.employers_tab.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
    name_col = _column(model, "Nama")
    with demo_db.session() as session:
        names = set(session.scalars(select(Employer.name)))
        assert model.rowCount() <= len(names) or model.rowCount() <= 40
    shown = {_cell(model, row, name_col) for row in range(model.rowCount())}
    assert shown and shown <= names


def test_outreach_tab_shows_coverage_from_database(
    window: MainWindow, demo_db: Database, qtbot: QtBot
) -> None:
    window.tabs.setCurrentIndex(2)
    view = window.outreach_tab.coverage_view
    model = view.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
    with demo_db.session() as session:
        target_regencies = set(
            session.scalars(
                select(Region.name).join(CoverageTarget, CoverageTarget.regency_code == Region.code)
            )
        )
    shown = {_cell(model, row, 0) for row in range(model.rowCount())}
    assert shown & target_regencies


def test_status_bar_counts_and_location(window: MainWindow, demo_db: Database) -> None:
    with demo_db.session() as session:
        active = session.scalar(
            select(func.count()).select_from(Worker).where(Worker.status == "aktif")
        )
    text = window._counts.text()
    assert f"{active:,}".replace(",", ".") + " peserta aktif" in text
    assert demo_db.location in window._location.text()


def test_last_tab_and_geometry_are_remembered(
    qtbot: QtBot, demo_db: Database, kantor_home: Path
) -> None:
    first = MainWindow(demo_db)
    qtbot.addWidget(first)
    first.show()
    first.resize(1400, 650)
    first.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: first.size().height() == 650)
    expected = first.size()
    first.close()
    assert settings().value("window/tab") == "outreach"
    second = MainWindow(demo_db)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 2
    # The offscreen screen is 800 px wide and clamps widths; heights are kept.
    assert second.size().height() == expected.height()
