"""Every custom Qt table model keeps Qt's model contract on a filled database.

pytest-qt's `qtmodeltester` runs Qt's QAbstractItemModelTester (indexes,
parents, row counts, the types each role returns, and the signals around a
reset). A view trusts all of that without checking, so a broken promise shows
up as a crash or a blank table, never as a clear error. Each model is checked
as loaded, then after every sort and after a filter, since those rebuild it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from db_copies import build_filled_template, open_copy
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kantor_app.services.demo.fill import fill_demo
from kantor_app.services.employers.query import EmployerFilter
from kantor_app.services.roster.query import RosterFilter
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer, Worker
from kantor_app.ui.employers.model import EmployerTableModel
from kantor_app.ui.outreach.tab import OutreachTab
from kantor_app.ui.roster.model import RosterTableModel
from kantor_app.ui.tasks import db_pool

# The offscreen platform warns when a top-level window is shown; that is not ours.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

TODAY = date.today()  # the outreach tab reads the current year's targets


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    return build_filled_template(
        tmp_path_factory.mktemp("models-contract-demo"),
        sqlite_template,
        lambda db: fill_demo(db, workers=250, employers=30, seed=5, today=TODAY),
    )


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    database = open_copy(demo_file, tmp_path / "demo.db")
    yield database
    database.dispose()


def _count(db: Database, entity: type[Worker] | type[Employer]) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(entity)) or 0)


def _watch(qtmodeltester: ModelTester, model: QAbstractItemModel) -> None:
    """Qt's C++ tester and pytest-qt's Python one, which is stricter about role types.

    Both stay connected: every later reset (a sort, a filter) is checked again,
    and a failure there fails the test through pytest-qt's exception capture.
    """
    qtmodeltester.check(model)
    qtmodeltester.check(model, force_py=True)


def _sort_every_column(model: QAbstractItemModel) -> None:
    """Each column ascending, and descending once: the order is a flag, the column a query."""
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.AscendingOrder)
    model.sort(0, Qt.SortOrder.DescendingOrder)


def test_roster_model_keeps_the_contract_across_pages_sorts_and_filters(
    qtmodeltester: ModelTester, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small pages, so that the tester's walk crosses pages, anchors and evictions.
    monkeypatch.setattr(RosterTableModel, "PAGE_SIZE", 40)
    monkeypatch.setattr(RosterTableModel, "ANCHOR_STEP", 120)
    monkeypatch.setattr(RosterTableModel, "MAX_PAGES", 3)
    model = RosterTableModel(demo_db)
    assert model.rowCount() == _count(demo_db, Worker) == 250
    _watch(qtmodeltester, model)
    # The testers walk every row after each reset; three sorts cover the kinds
    # of key (text, a nullable date, descending), test_roster_model the rest.
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.sort(2, Qt.SortOrder.AscendingOrder)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.setFilter(RosterFilter(status="aktif"))
    assert 0 < model.rowCount() < 250
    model.setFilter(RosterFilter(text="tidak ada nama seperti ini"))
    assert model.rowCount() == 0


def test_employer_model_keeps_the_contract_across_sorts_and_filters(
    qtmodeltester: ModelTester, demo_db: Database
) -> None:
    model = EmployerTableModel(demo_db)
    model.reload()
    assert model.rowCount() == _count(demo_db, Employer) == 30
    _watch(qtmodeltester, model)
    _sort_every_column(model)
    first_name = str(model.index(0, 1).data())
    model.set_filter(EmployerFilter(text=first_name))
    assert 1 <= model.rowCount() < 30


@pytest.mark.parametrize("name", ["coverage", "funding", "activity", "package"])
def test_outreach_models_keep_the_contract_across_sorts(
    qtbot: QtBot, qtmodeltester: ModelTester, demo_db: Database, name: str
) -> None:
    tab = OutreachTab(demo_db)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.coverage_model.rowCount() > 0, timeout=10_000)
    try:
        model: QAbstractItemModel = getattr(tab, f"{name}_model")
        # An empty model passes every check: the demo branch fills all four.
        assert model.rowCount() > 0
        _watch(qtmodeltester, model)
        _sort_every_column(model)
        # Loading again replaces the rows under the watching testers.
        with qtbot.waitSignal(model.modelReset, timeout=10_000):
            tab.refresh()
        qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    finally:
        db_pool().waitForDone(5000)
