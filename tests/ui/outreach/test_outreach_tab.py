"""The Penjangkauan tab shows what the database holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from db_copies import build_filled_template, open_copy
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kantor_app.services.demo.fill import fill_demo
from kantor_app.store.engine import Database
from kantor_app.store.models import CoverageTarget, PublicWorksPackage, Worker
from kantor_app.ui.outreach.tab import OutreachTab
from kantor_app.ui.tasks import db_pool

# The offscreen platform warns when a top-level window is shown; that is not ours.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """One demo fill for the module; each test opens its own copy, so writes stay its own."""
    return build_filled_template(
        tmp_path_factory.mktemp("outreach-tab-demo"),
        sqlite_template,
        lambda db: fill_demo(db, workers=600, employers=45, seed=2, today=date.today()),
    )


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    database = open_copy(demo_file, tmp_path / "demo.db")
    yield database
    database.dispose()


@pytest.fixture
def tab(qtbot: QtBot, demo_db: Database) -> Iterator[OutreachTab]:
    widget = OutreachTab(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.coverage_model.rowCount() > 0, timeout=10_000)
    yield widget
    db_pool().waitForDone(5000)


def _cells(view: QTableView, column: int) -> list[str]:
    model = view.model()
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def _row_of(view: QTableView, text: str) -> int:
    return _cells(view, 0).index(text)


def test_coverage_table_shows_the_database_counts(tab: OutreachTab, demo_db: Database) -> None:
    year = date.today().year
    with demo_db.session() as s:
        covered = s.scalar(
            select(func.count())
            .select_from(Worker)
            .where(Worker.regency_code == "64.72", Worker.status == "aktif")
        )
        target = s.scalar(
            select(func.sum(CoverageTarget.target)).where(
                CoverageTarget.regency_code == "64.72", CoverageTarget.year == year
            )
        )
    assert covered and target
    view = tab.coverage_view
    row = _row_of(view, "Kota Samarinda")
    model = view.model()
    assert model.index(row, 1).data() == f"{target:,}".replace(",", ".")
    assert model.index(row, 2).data() == f"{covered:,}".replace(",", ".")
    percent = f"{100 * covered / target:.1f}".replace(".", ",") + "%"
    assert model.index(row, 3).data() == percent
    assert tab.year_combo.currentText() == str(year)


def test_segment_filter_narrows_the_counts(
    qtbot: QtBot, tab: OutreachTab, demo_db: Database
) -> None:
    combo = tab.segment_combo
    rentan = combo.findData("RENTAN")
    combo.setFocus()
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        for _ in range(rentan):
            qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == "RENTAN"
    with demo_db.session() as s:
        covered = s.scalar(
            select(func.count())
            .select_from(Worker)
            .where(
                Worker.regency_code == "64.71",
                Worker.status == "aktif",
                Worker.segment == "RENTAN",
            )
        )
    row = _row_of(tab.coverage_view, "Kota Balikpapan")
    assert tab.coverage_view.model().index(row, 2).data() == f"{covered:,}".replace(",", ".")


def test_funding_and_package_sections(qtbot: QtBot, tab: OutreachTab, demo_db: Database) -> None:
    tab.sections.setCurrentIndex(1)
    programs = _cells(tab.funding_view, 0)
    kaltara = next(i for i, name in enumerate(programs) if "Kalimantan Utara" in name)
    model = tab.funding_view.model()
    assert model.index(kaltara, 3).data() == "22.121"
    assert model.index(kaltara, 6).data() == "Rp16.800"

    tab.sections.setCurrentIndex(3)
    with demo_db.session() as s:
        total = s.scalar(select(func.count()).select_from(PublicWorksPackage))
    statuses = _cells(tab.package_view, 2)
    assert len(statuses) == total
    assert set(statuses) <= {"Terdaftar", "Belum terdaftar", "Terlambat"}
    assert "Terlambat" in statuses
    # Clicking the header sorts by that column.
    header = tab.package_view.horizontalHeader()
    x = header.sectionViewportPosition(0) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    codes = _cells(tab.package_view, 0)
    assert codes == sorted(codes)


def test_file_actions_and_refresh(qtbot: QtBot, tab: OutreachTab) -> None:
    assert tab.file_actions() == []
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.refresh()
    assert tab.coverage_model.rowCount() == 15
