"""Roster queries: filters, sorting and keyset paging, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import delete, insert, select, update

from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.roster.name_search import DENSE_WALK_SECONDS
from kantor_app.services.roster.query import (
    RosterFilter,
    RosterSort,
    SortColumn,
    WorkerData,
    anchor_keys,
    count_workers,
    deactivate_worker,
    export_workers_xlsx,
    fetch_rows,
    filter_conditions,
    name_key,
    page_keys,
    save_worker,
    sort_exprs,
    worker_detail,
)
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, FundingMember, FundingProgram, Worker

FIRST = ["Siti", "Muhammad", "Nur", "Budi", "Ratna", "Ahmad", "Dewi", "Yohanes"]
LAST = ["Aminah", "Hidayat", "Rahman", "Santoso", "Siregar", "Hakim", "Wati", "Ma'ruf"]
PLACES = [
    ("64.72", "64.72.01", "64.72.01.1001"),
    ("64.72", "64.72.02", None),
    ("65.71", "65.71.01", None),
    (None, None, None),
]
SEGMENTS = ["PU", "BPU", "JAKON", "RENTAN"]


def nik_for(district: str, born: date, gender: str, serial: int) -> str:
    day = born.day + (40 if gender == "P" else 0)
    return f"{district.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def seed(db: Database, n: int = 240) -> list[dict[str, Any]]:
    rng = random.Random(7)
    rows: list[dict[str, Any]] = []
    for i in range(n):
        regency, district, village = PLACES[i % len(PLACES)]
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(15000))
        gender = "LP"[i % 2]
        name = f"{FIRST[rng.randrange(8)]} {LAST[rng.randrange(8)]}"
        if i % 5 == 0:
            name = name.upper()  # case must not change the order
        rows.append(
            dict(
                id=uuid.uuid4(),
                nik=nik_for(district or "64.01.01", born, gender, i + 1),
                name=name,
                name_key=name_key(name),
                birth_date=None if i % 9 == 0 else born,
                gender=None if i % 11 == 0 else gender,
                address="",
                regency_code=regency,
                district_code=district,
                village_code=village,
                occupation=["Nelayan", "Petani", ""][i % 3],
                phone="",
                income=1_000_000,
                segment=SEGMENTS[i % 4],
                status="nonaktif" if i % 10 == 0 else "aktif",
                warnings="",
                source="test",
                device_id="t",
            )
        )
    with db.transaction() as session:
        session.execute(insert(Worker), rows)
    return rows


def all_ids_plain(db: Database, f: RosterFilter, sort: RosterSort) -> list[uuid.UUID]:
    """The reference: one plain ORDER BY over every match."""
    with db.session() as session:
        dialect = session.get_bind().dialect.name
        exprs = sort_exprs(dialect, sort.column)
        order = [e.desc() for e in exprs] if sort.descending else exprs
        query = select(Worker.id).where(*filter_conditions(dialect, f)).order_by(*order)
        return list(session.execute(query).scalars())


def all_ids_paged(db: Database, f: RosterFilter, sort: RosterSort, size: int) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    after = None
    with db.session() as session:
        while True:
            keys = page_keys(session, f, sort, after, size)
            ids.extend(k[-1] for k in keys)
            if len(keys) < size:
                return ids
            after = keys[-1]


def test_keyset_paging_matches_plain_order_by(any_db: Database) -> None:
    seed(any_db, 120)
    for column in SortColumn:
        for descending in (False, True):
            sort = RosterSort(column, descending)
            expected = all_ids_plain(any_db, RosterFilter(), sort)
            assert len(expected) == 120
            assert all_ids_paged(any_db, RosterFilter(), sort, 7) == expected, sort
            # A filtered set pages the same way.
            f = RosterFilter(segment="BPU")
            assert all_ids_paged(any_db, f, sort, 4) == all_ids_plain(any_db, f, sort), sort


def test_sort_values_really_are_ordered(any_db: Database) -> None:
    rows = {r["id"]: r for r in seed(any_db)}
    by_name = [rows[i]["name_key"] for i in all_ids_paged(any_db, RosterFilter(), RosterSort(), 9)]
    assert by_name == sorted(by_name)
    births = [
        rows[i]["birth_date"]
        for i in all_ids_paged(any_db, RosterFilter(), RosterSort(SortColumn.BIRTH_DATE), 9)
    ]
    known = [b for b in births if b is not None]
    assert known == sorted(known)
    assert births[: births.count(None)] == [None] * births.count(None)  # unknown dates first
    niks = [
        rows[i]["nik"]
        for i in all_ids_paged(any_db, RosterFilter(), RosterSort(SortColumn.NIK, True), 50)
    ]
    assert niks == sorted(niks, reverse=True)


def test_skip_and_anchor_keys_agree_with_full_order(any_db: Database) -> None:
    seed(any_db, 100)
    sort = RosterSort(SortColumn.REGENCY)
    with any_db.session() as session:
        full = page_keys(session, RosterFilter(), sort, None, 1000)
        anchors = anchor_keys(session, RosterFilter(), sort, None, 95, 10)
        assert anchors == [full[i] for i in range(9, 95, 10)]
        later = anchor_keys(session, RosterFilter(), sort, full[29], 40, 20)
        assert later == [full[49], full[69]]
        assert page_keys(session, RosterFilter(), sort, full[9], 5, skip=3) == full[13:18]


def test_filters(any_db: Database) -> None:
    rows = seed(any_db)

    def ids(f: RosterFilter) -> set[object]:
        with any_db.session() as session:
            assert count_workers(session, f) == len(all_ids_plain(any_db, f, RosterSort()))
        return set(all_ids_plain(any_db, f, RosterSort()))

    def expect(pred: object) -> set[object]:
        return {r["id"] for r in rows if pred(r)}  # type: ignore[operator]

    nik = str(rows[17]["nik"])
    assert ids(RosterFilter(text=nik)) == {rows[17]["id"]}
    assert ids(RosterFilter(text=nik[:6])) == expect(lambda r: r["nik"].startswith(nik[:6]))
    assert ids(RosterFilter(text=f"{nik[:4]} {nik[4:8]}")) == expect(
        lambda r: r["nik"].startswith(nik[:8])
    )
    # Name prefix, any case, across words.
    assert ids(RosterFilter(text="siti am")) == expect(
        lambda r: r["name_key"].startswith("SITI AM")
    )
    # A word inside the name, and every typed word must occur.
    assert ids(RosterFilter(text="hakim")) == expect(lambda r: "HAKIM" in r["name_key"].split())
    assert ids(RosterFilter(text="hid nur")) == expect(
        lambda r: r["name_key"].startswith("NUR HID")
    )
    assert ids(RosterFilter(text="ma'ruf")) == expect(lambda r: r["name_key"].endswith("MARUF"))
    assert ids(RosterFilter(text="zzz")) == set()
    assert ids(RosterFilter(text="?")) == set()
    assert ids(RosterFilter(regency_code="64.72")) == expect(lambda r: r["regency_code"] == "64.72")
    assert ids(RosterFilter(regency_code="64.72", district_code="64.72.02")) == expect(
        lambda r: r["district_code"] == "64.72.02"
    )
    assert ids(RosterFilter(village_code="64.72.01.1001")) == expect(
        lambda r: r["village_code"] == "64.72.01.1001"
    )
    assert ids(RosterFilter(segment="JAKON", status="aktif")) == expect(
        lambda r: r["segment"] == "JAKON" and r["status"] == "aktif"
    )


def test_funding_program_filter(any_db: Database) -> None:
    rows = seed(any_db, 20)
    with any_db.transaction() as session:
        program = FundingProgram(
            name="APBD Kaltim 2026", source="APBD_PROV", year=2026, monthly_amount=16_800
        )
        session.add(program)
        session.flush()
        for r in rows[:3]:
            session.add(
                FundingMember(program_id=program.id, worker_id=r["id"], monthly_amount=16_800)
            )
        program_id = program.id
    f = RosterFilter(funding_program_id=program_id)
    assert set(all_ids_plain(any_db, f, RosterSort())) == {r["id"] for r in rows[:3]}


def test_word_index_follows_inserts_updates_deletes(any_db: Database) -> None:
    rows = seed(any_db, 10)
    target = rows[0]["id"]
    with any_db.transaction() as session:
        session.execute(
            update(Worker)
            .where(Worker.id == target)
            .values(name="Zubaidah Kartini", name_key="ZUBAIDAH KARTINI")
        )
    assert all_ids_plain(any_db, RosterFilter(text="kartini"), RosterSort()) == [target]
    with any_db.transaction() as session:
        session.execute(delete(Worker).where(Worker.id == target))
    assert all_ids_plain(any_db, RosterFilter(text="kartini"), RosterSort()) == []


def test_fetch_rows_keeps_order_and_names_regions(any_db: Database) -> None:
    rows = seed(any_db, 8)
    wanted = [rows[5]["id"], rows[0]["id"], uuid.uuid4()]
    with any_db.session() as session:
        got = fetch_rows(session, wanted)
    assert [r.id for r in got] == wanted[:2]
    assert got[1].regency_name == "Kota Samarinda"
    assert got[1].village_name


VALID = WorkerData(nik="6472014508900012", name="  Siti   Aminah ")


def test_save_worker_validates_like_the_import(any_db: Database) -> None:
    for nik, fragment in [
        ("", "kosong"),
        ("64720145089000", "16 angka"),
        ("9999014508900012", "kabupaten/kota"),
        ("6472019999900012", "tanggal lahir"),
        ("6472014508900000", "0000"),
    ]:
        with pytest.raises(ServiceError, match=fragment):
            save_worker(any_db, WorkerData(nik=nik, name="Siti"))
    with pytest.raises(ServiceError, match="Nama"):
        save_worker(any_db, WorkerData(nik=VALID.nik, name="  "))
    with pytest.raises(ServiceError, match="Kecamatan"):
        save_worker(
            any_db,
            WorkerData(nik=VALID.nik, name="A", regency_code="64.72", district_code="65.71.01"),
        )
    with any_db.session() as session:
        assert count_workers(session, RosterFilter()) == 0


def test_save_worker_creates_updates_and_audits(any_db: Database) -> None:
    result = save_worker(any_db, VALID, username="petugas1")
    assert result.created and not result.warnings
    with any_db.session() as session:
        detail = worker_detail(session, result.worker_id)
        assert detail is not None
        # Birth date and gender come from the NIK when not given.
        assert (detail.name, detail.birth_date, detail.gender) == (
            "Siti Aminah",
            date(1990, 8, 5),
            "P",
        )
    with pytest.raises(ServiceError, match="sudah terdaftar"):
        save_worker(any_db, WorkerData(nik="6472 0145 0890 0012", name="Lain"))

    changed = WorkerData(
        nik=VALID.nik,
        name="Siti Aminah Rahman",
        birth_date=date(1990, 8, 6),
        gender="P",
        regency_code="64.72",
        district_code="64.72.01",
        village_code="64.72.01.1001",
        segment="RENTAN",
    )
    again = save_worker(any_db, changed, worker_id=result.worker_id, username="petugas1")
    assert not again.created
    assert again.warnings == ("Tanggal lahir berbeda dengan tanggal lahir dalam NIK.",)
    assert deactivate_worker(any_db, result.worker_id) is True
    assert deactivate_worker(any_db, result.worker_id) is False
    with any_db.session() as session:
        events = session.execute(select(AuditEvent).order_by(AuditEvent.at)).scalars().all()
        assert [e.action for e in events] == ["create", "update", "deactivate"]
        details = json.loads(events[1].details)
        assert details["name"] == {"lama": "Siti Aminah", "baru": "Siti Aminah Rahman"}
        assert details["segment"] == {"lama": "BPU", "baru": "RENTAN"}
        assert all(e.entity_id == str(result.worker_id) for e in events)
    assert all_ids_plain(any_db, RosterFilter(text="rahman"), RosterSort()) == [result.worker_id]
    assert all_ids_plain(any_db, RosterFilter(status="nonaktif"), RosterSort()) == [
        result.worker_id
    ]


def test_export_writes_filtered_rows_with_text_niks(any_db: Database, tmp_path: Path) -> None:
    rows = seed(any_db, 50)
    out = tmp_path / "ekspor.xlsx"
    seen: list[tuple[int, int]] = []
    f = RosterFilter(segment="PU")
    n = export_workers_xlsx(
        any_db, f, RosterSort(SortColumn.NIK), out, progress=lambda d, t, m: seen.append((d, t))
    )
    expected = sorted(str(r["nik"]) for r in rows if r["segment"] == "PU")
    assert n == len(expected) and seen[-1] == (n, n)
    sheet = load_workbook(out, read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:2] == ("NIK", "Nama")
    assert [v[0] for v in values[1:]] == expected
    assert all(isinstance(v[0], str) for v in values[1:])


def test_export_cancel_leaves_no_file(any_db: Database, tmp_path: Path) -> None:
    seed(any_db, 10)
    out = tmp_path / "batal.xlsx"
    with pytest.raises(Cancelled):
        export_workers_xlsx(any_db, RosterFilter(), RosterSort(), out, is_cancelled=lambda: True)
    assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob(".*part")) == []


@pytest.mark.parametrize("walk", ["completes", "runs out of time"])
def test_common_name_pages_agree_with_plain_order(
    db: Database, monkeypatch: pytest.MonkeyPatch, walk: str
) -> None:
    """One word matching many workers (SQLite) pages by merging the names that
    begin with it with the few that have it later ("budi": FIRST names), or
    by walking the name index ("santoso", "ma'ruf": LAST names), which falls
    back to sorting the word index's matches when cut off by its time budget.
    Every way, the pages and the count are those of one plain ORDER BY."""
    from kantor_app.services.roster import name_search

    seed(db, 240)
    monkeypatch.setattr(name_search, "DENSE_WORD_MATCHES", 5)
    if walk == "runs out of time":
        monkeypatch.setattr(name_search, "DENSE_WALK_SECONDS", -1.0)
        monkeypatch.setattr(name_search, "DENSE_WALK_CHECK_STEPS", 1)
    used: list[str] = []
    for name in ("_first_word_merge_page", "_walk_page"):
        original = getattr(name_search, name)

        def spy(*args: object, _original: Any = original, _name: str = name) -> object:
            found = _original(*args)
            used.append(_name if found is not None else "fallback")
            return found

        monkeypatch.setattr(name_search, name, spy)
    for text in ("budi", "SANTOSO", "ma'ruf"):
        for descending in (False, True):
            f = RosterFilter(text=text)
            sort = RosterSort(SortColumn.NAME, descending)
            expected = all_ids_plain(db, f, sort)
            assert len(expected) > 5, text
            assert all_ids_paged(db, f, sort, 6) == expected, (text, descending)
            with db.session() as session:
                assert count_workers(session, f) == len(expected)
                skipped = page_keys(session, f, sort, None, 3, skip=4)
            assert [k[-1] for k in skipped] == expected[4:7]
    walked = "_walk_page" if walk == "completes" else "fallback"
    assert set(used) == {"_first_word_merge_page", walked}
    # Two words, or another filter beside the words: the word index decides.
    used.clear()
    for f in (RosterFilter(text="budi santoso"), RosterFilter(text="budi", segment="PU")):
        sort = RosterSort()
        assert all_ids_paged(db, f, sort, 6) == all_ids_plain(db, f, sort)
        with db.session() as session:
            assert count_workers(session, f) == len(all_ids_plain(db, f, sort))
    assert used == []


def test_name_search_reads_the_nik_cover_index(db: Database) -> None:
    """The page of a name search names its index (SQLite's planner would not take it)."""
    from sqlalchemy import event

    seed(db, 40)
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.session() as session:
            keys = page_keys(session, RosterFilter(text="budi"), RosterSort(), None, 10)
            plan = (
                session.connection()
                .exec_driver_sql("EXPLAIN QUERY PLAN " + statements[-1], ('"BUDI"*', 10, 0))
                .all()
            )
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert keys
    assert "FROM worker INDEXED BY ix_worker_nik_cover" in statements[-1]
    assert any("ix_worker_nik_cover" in str(row[-1]) for row in plan)


# --- properties: keyset paging against one plain ORDER BY ----------------------

NAME_WORDS = ["Siti", "SITI", "Budi", "Budiman", "budi", "Ma'ruf", "Nur", "Aminah", "José"]
SEARCHES = ["", "b", "bu", "budi", "siti am", "ma'ruf", "nur budi", "jose", "6472", "64720", "?"]


@st.composite
def roster_rows(draw: st.DrawFn, min_size: int = 0) -> list[dict[str, object]]:
    """A small roster full of ties: few names, places, dates and occupations."""
    serials = draw(st.lists(st.integers(1, 9999), unique=True, min_size=min_size, max_size=25))
    ids = draw(st.lists(st.uuids(), unique=True, min_size=len(serials), max_size=len(serials)))
    rows: list[dict[str, object]] = []
    for serial, worker_id in zip(serials, ids, strict=True):
        name = " ".join(draw(st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=3)))
        regency, district, village = draw(st.sampled_from(PLACES))
        rows.append(
            dict(
                id=worker_id,
                nik=f"64720{draw(st.sampled_from('15'))}0101{serial:06d}",
                name=name,
                name_key=name_key(name),
                birth_date=draw(st.none() | st.sampled_from([date(1970, 1, 1), date(1985, 6, 30)])),
                gender=draw(st.sampled_from([None, "L", "P"])),
                address="",
                regency_code=regency,
                district_code=district,
                village_code=village,
                occupation=draw(st.sampled_from(["", "Nelayan", "Petani"])),
                phone="",
                income=None,
                segment=draw(st.sampled_from(SEGMENTS)),
                status=draw(st.sampled_from(["aktif", "nonaktif"])),
                warnings="",
                source="test",
                device_id="t",
            )
        )
    return rows


ROSTER_FILTERS = st.builds(
    RosterFilter,
    text=st.sampled_from(SEARCHES),
    regency_code=st.sampled_from([None, "64.72", "65.71"]),
    segment=st.none() | st.sampled_from(SEGMENTS),
    status=st.sampled_from([None, "aktif", "nonaktif"]),
)
ROSTER_SORTS = st.builds(RosterSort, st.sampled_from(list(SortColumn)), st.booleans())


def fill_roster(db: Database, rows: list[dict[str, object]]) -> None:
    with db.transaction() as session:
        session.execute(delete(Worker))
        if rows:
            session.execute(insert(Worker), rows)


def walk_pages(db: Database, f: RosterFilter, sort: RosterSort, size: int) -> list[uuid.UUID]:
    """all_ids_paged, but a walk that stops moving ends (a property must fail, not hang)."""
    ids: list[uuid.UUID] = []
    after = None
    with db.session() as session:
        for _ in range(1000):
            keys = page_keys(session, f, sort, after, size)
            ids.extend(k[-1] for k in keys)
            if len(keys) < size or keys[-1] == after:
                break
            after = keys[-1]
    return ids


def assert_pages_agree(db: Database, f: RosterFilter, sort: RosterSort, size: int) -> None:
    expected = all_ids_plain(db, f, sort)
    assert walk_pages(db, f, sort, size) == expected
    with db.session() as session:
        assert count_workers(session, f) == len(expected)
        anchors = anchor_keys(session, f, sort, None, len(expected), size)
        assert [k[-1] for k in anchors] == expected[size - 1 :: size]
        skipped = page_keys(session, f, sort, None, size, skip=1)
        assert [k[-1] for k in skipped] == expected[1 : size + 1]


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=roster_rows(),
    f=ROSTER_FILTERS,
    sort=ROSTER_SORTS,
    size=st.integers(1, 6),
    dense=st.booleans(),
)
def test_keyset_paging_walks_the_plain_order(
    db: Database,
    rows: list[dict[str, object]],
    f: RosterFilter,
    sort: RosterSort,
    size: int,
    dense: bool,
) -> None:
    """Walking every page (and laying anchors) gives one plain ORDER BY's rows and count,
    for any roster, filter and sort; `dense` sends every one-word name search
    through the fast name-order pages (merge or index walk)."""
    from kantor_app.services.roster import name_search

    fill_roster(db, rows)
    with pytest.MonkeyPatch.context() as patch:
        if dense:
            patch.setattr(name_search, "DENSE_WORD_MATCHES", 0)
        assert_pages_agree(db, f, sort, size)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=roster_rows(min_size=2),
    word=st.sampled_from(["bu", "budi", "siti", "ma'ruf", "aminah", "jose", "nur"]),
    descending=st.booleans(),
    size=st.integers(1, 6),
    walk_budget=st.sampled_from([DENSE_WALK_SECONDS, -1.0]),
    first_only=st.booleans(),
)
def test_dense_name_pages_walk_the_plain_order(
    db: Database,
    rows: list[dict[str, object]],
    word: str,
    descending: bool,
    size: int,
    walk_budget: float,
    first_only: bool,
) -> None:
    """A one-word name search in name order, sent through the fast pages (merge
    of first-word names with later-word ones, or the name-index walk, cut off
    at once when its budget is spent), pages like one plain ORDER BY.
    Every other name begins with the word; `first_only` keeps it out of later
    words, which picks the merge."""
    from kantor_app.services.roster import name_search

    key = name_key(word)
    for i, row in enumerate(rows):
        first, *later = str(row["name"]).split()
        if i % 2 == 0:
            first = word.title()  # many matches, so that pages hold several
        if first_only:
            later = [w for w in later if not name_key(w).startswith(key)]
        name = " ".join([first, *later])
        row.update(name=name, name_key=name_key(name))
    fill_roster(db, rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(name_search, "DENSE_WORD_MATCHES", 0)
        patch.setattr(name_search, "DENSE_WALK_SECONDS", walk_budget)
        patch.setattr(name_search, "DENSE_WALK_CHECK_STEPS", 1 if walk_budget < 0 else 5000)
        assert_pages_agree(
            db, RosterFilter(text=word), RosterSort(SortColumn.NAME, descending), size
        )
