"""Fixtures for the employer-tab GUI tests: a small registry and the tab on it."""

from __future__ import annotations

import uuid

import pytest
from branch_samples import ready_branch
from employer_samples import TODAY, build_registry
from pytestqt.qtbot import QtBot

from kantor_app.store.engine import Database
from kantor_app.ui.employers.tab import EmployersTab


@pytest.fixture
def registry(db: Database) -> dict[str, uuid.UUID]:
    ready_branch(db)  # the GUI tests issue numbered letters
    return build_registry(db)


@pytest.fixture
def tab(qtbot: QtBot, db: Database, registry: dict[str, uuid.UUID]) -> EmployersTab:
    widget = EmployersTab(db)
    widget.today = lambda: TODAY
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    return widget
