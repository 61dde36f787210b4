"""The lazy roster model: Qt's model checks, counts, sorting, filtering and deep jumps."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import insert, select

from kantor_app.services.roster.query import RosterFilter, name_key
from kantor_app.store.engine import Database
from kantor_app.store.models import Worker
from kantor_app.ui.roster.model import COLUMNS, RosterTableModel, format_count

NAMES = ["Siti Aminah", "Budi Santoso", "Ratna Dewi", "Ahmad Hakim", "Nur Hidayat", "Yusuf Rahman"]


def seed(db: Database, n: int) -> None:
    rng = random.Random(3)
    rows = []
    for i in range(n):
        born = date(1970, 1, 1) + timedelta(days=rng.randrange(12000))
        name = f"{NAMES[i % len(NAMES)]} {i:04d}"
        rows.append(
            dict(
                id=uuid.uuid4(),
                nik=f"647201{born.day:02d}{born.month:02d}{born.year % 100:02d}{i + 1:04d}",
                name=name,
                name_key=name_key(name),
                birth_date=born,
                gender="L",
                address="",
                regency_code="64.72" if i % 2 else "65.71",
                occupation="Nelayan",
                phone="",
                segment=["PU", "BPU", "JAKON", "RENTAN"][i % 4],
                status="aktif",
                warnings="NIK dan tanggal lahir berbeda" if i == 3 else "",
                source="test",
                device_id="t",
            )
        )
    with db.transaction() as session:
        session.execute(insert(Worker), rows)


def column_values(model: RosterTableModel, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small pages and anchor steps make paging and jumps visible in a small roster.
    monkeypatch.setattr(RosterTableModel, "PAGE_SIZE", 10)
    monkeypatch.setattr(RosterTableModel, "ANCHOR_STEP", 30)
    monkeypatch.setattr(RosterTableModel, "MAX_PAGES", 4)


def test_qt_model_checks(db: Database, qtmodeltester: object, small_pages: None) -> None:
    seed(db, 45)
    model = RosterTableModel(db)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.setFilter(RosterFilter(text="siti"))
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_count_sort_and_filter_change_what_is_shown(db: Database, small_pages: None) -> None:
    seed(db, 95)
    model = RosterTableModel(db)
    assert model.rowCount() == 95
    assert model.columnCount() == len(COLUMNS)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Nama"
    names = column_values(model, 1)
    assert [n.upper() for n in names] == sorted(n.upper() for n in names)
    # Only a bounded number of pages stays in memory.
    assert len(model._pages) <= RosterTableModel.MAX_PAGES

    model.sort(0, Qt.SortOrder.DescendingOrder)
    niks = column_values(model, 0)
    assert niks == sorted(niks, reverse=True) and len(niks) == 95

    model.sort(2, Qt.SortOrder.AscendingOrder)
    births = [date(*reversed([int(p) for p in d.split("-")])) for d in column_values(model, 2)]
    assert births == sorted(births)

    model.setFilter(RosterFilter(text="hakim"))
    assert model.rowCount() == 16
    assert all("Hakim" in name for name in column_values(model, 1))
    model.setFilter(RosterFilter(text="hakim", segment="RENTAN"))
    with db.session() as session:
        expected = (
            session.execute(
                select(Worker.name).where(
                    Worker.name.like("Ahmad Hakim%"), Worker.segment == "RENTAN"
                )
            )
            .scalars()
            .all()
        )
    assert sorted(column_values(model, 1)) == sorted(expected)
    assert model.data(model.index(0, 8)) == "Rentan"


def test_jump_deep_uses_anchors_not_every_page(db: Database, small_pages: None) -> None:
    seed(db, 200)
    model = RosterTableModel(db)
    with db.session() as session:
        reference = (
            session.execute(select(Worker.nik).order_by(Worker.name_key, Worker.id)).scalars().all()
        )
    model.queries = 0
    assert model.data(model.index(187, 0)) == reference[187]
    # One page read, however far the jump; anchors were laid on the way.
    assert model.queries == 1
    assert {30, 60, 90, 120, 150, 180} <= set(model._anchors)
    model.queries = 0
    assert model.data(model.index(95, 0)) == reference[95]
    assert model.data(model.index(10, 0)) == reference[10]
    assert model.queries == 2
    # Every row agrees with a plain ORDER BY, read in random order.
    rows = list(range(200))
    random.Random(1).shuffle(rows)
    for r in rows:
        assert model.data(model.index(r, 0)) == reference[r]


def test_roles(db: Database) -> None:
    seed(db, 6)
    model = RosterTableModel(db)
    warned = next(r for r in range(6) if model.worker_at(r) and model.worker_at(r).warnings)  # type: ignore[union-attr]
    assert "berbeda" in model.data(model.index(warned, 1), Qt.ItemDataRole.ToolTipRole)
    assert uuid.UUID(model.data(model.index(0, 0), Qt.ItemDataRole.UserRole))
    assert model.data(model.index(99, 0)) is None


def test_format_count() -> None:
    assert format_count(12345) == "12.345"
    assert format_count(1_000_000) == "1.000.000"
    assert format_count(7) == "7"
