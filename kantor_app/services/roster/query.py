"""The roster as screens and exports read it: filtered, sorted and paged in SQL.

A roster may hold a million workers, so nothing here loads it whole:

* counting, filtering and sorting happen in the database;
* pages are found by *keyset*: a page starts after the sort key of the row
  before it (``WHERE (sort, id) > (...)``), which reads a hundred index
  entries wherever the page lies; large OFFSETs would walk every row before;
* every sort order ends with ``id`` so that keys are unique and paging never
  skips or repeats a row; nullable columns sort through ``coalesce`` so a key
  never holds NULL (migration 0002 indexes the same expressions).

Text search: digits are a NIK prefix; anything else are words that must each
begin a word of the name (FTS5 on SQLite, LIKE with trigram/pattern indexes on
PostgreSQL).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    type_coerce,
    union_all,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, aliased

from kantor_app.domain.nik import NIK_ERROR_MESSAGES, NikInfo, clean_nik_text, parse_nik
from kantor_app.domain.textnorm import clean_name, fold
from kantor_app.domain.vocabulary import SEGMENTS, STATUS_ACTIVE, STATUS_INACTIVE
from kantor_app.domain.wilayah import RegionTable
from kantor_app.resources import resource_path
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.roster.warnings import warning_code
from kantor_app.store.engine import Database
from kantor_app.store.models import AuditEvent, FundingMember, Region, Worker

Key = tuple[Any, ...]
Progress = Callable[[int, int, str], None]

STATUSES = (STATUS_ACTIVE, STATUS_INACTIVE)
SEGMENT_LABELS = {"PU": "PU", "BPU": "BPU", "JAKON": "Jakon", "RENTAN": "Rentan"}
STATUS_LABELS = {STATUS_ACTIVE: "Aktif", STATUS_INACTIVE: "Nonaktif"}
# Below this many characters a word search would match half the roster; a
# name prefix is what the user means then.
MIN_WORD_SEARCH = 2
# A one-word name search matching more workers than this finds its pages in
# name order without sorting every match (see _dense_word_page); a walk of
# the name index gives up after DENSE_WALK_SECONDS.
DENSE_WORD_MATCHES = 3000
DENSE_WALK_SECONDS = 0.025
DENSE_WALK_CHECK_STEPS = 5000  # SQLite VM steps between looks at the clock


class SortColumn(StrEnum):
    NIK = "nik"
    NAME = "name"
    BIRTH_DATE = "birth_date"
    GENDER = "gender"
    REGENCY = "regency"
    DISTRICT = "district"
    VILLAGE = "village"
    OCCUPATION = "occupation"
    SEGMENT = "segment"
    STATUS = "status"


@dataclass(frozen=True)
class RosterFilter:
    """What the roster shows. Empty fields do not filter."""

    text: str = ""
    regency_code: str | None = None
    district_code: str | None = None
    village_code: str | None = None
    segment: str | None = None
    funding_program_id: uuid.UUID | None = None
    status: str | None = None


@dataclass(frozen=True)
class RosterSort:
    column: SortColumn = SortColumn.NAME
    descending: bool = False


@dataclass(frozen=True)
class WorkerRow:
    """One line of the roster table."""

    id: uuid.UUID
    nik: str
    name: str
    birth_date: date | None
    gender: str | None
    regency_code: str | None
    regency_name: str | None
    district_name: str | None
    village_name: str | None
    occupation: str
    phone: str
    income: int | None
    segment: str
    status: str
    warnings: str


@dataclass(frozen=True)
class WorkerData:
    """What the add/edit dialog sends and receives."""

    nik: str
    name: str
    birth_date: date | None = None
    gender: str | None = None
    address: str = ""
    regency_code: str | None = None
    district_code: str | None = None
    village_code: str | None = None
    occupation: str = ""
    phone: str = ""
    income: int | None = None
    segment: str = "BPU"
    status: str = STATUS_ACTIVE


# --- regions -----------------------------------------------------------------


@cache
def region_table() -> RegionTable:
    """The Kemendagri table shipped with the program (read once)."""
    return RegionTable.from_csv_dir(resource_path("wilayah"))


def name_key(name: str) -> str:
    """The search/sort key of a name: folded (no accents, punctuation) and upper-case."""
    return fold(name).upper()


# --- filters and sort keys ---------------------------------------------------


def _nik_prefix_condition(digits: str) -> ColumnElement[bool]:
    # Every stored NIK has 16 digits, so the prefix is exactly this range; a
    # range of digit strings orders the same under any collation, unlike
    # LIKE (case rules) or an incremented last character (PostgreSQL locales).
    digits = digits[:16]
    low = digits.ljust(16, "0")
    high = digits.ljust(16, "9")
    return and_(Worker.nik >= low, Worker.nik <= high)


def _name_prefix_condition(key: str) -> ColumnElement[bool]:
    return and_(Worker.name_key >= key, Worker.name_key < key + "\uffff")


def _fts_query(words: list[str]) -> str:
    """Every word must begin a word of the name, in any order."""
    return " ".join(f'"{w}"*' for w in words)


def _search_words(text: str) -> list[str] | None:
    """The words of a name search in the filter text; None when it is no word search."""
    raw = text.strip()
    if not raw:
        return None
    digits = clean_nik_text(raw)
    if digits.isascii() and digits.isdigit():
        return None
    key = name_key(raw)
    if len(key) < MIN_WORD_SEARCH:
        return None
    return key.split() or None


def _word_condition(dialect: str, words: list[str]) -> ColumnElement[bool]:
    if dialect == "sqlite":
        # FTS5 rowid is the NIK as an integer (see migration 0002); a NIK never
        # starts with 0, so its text form is the stored NIK and the unique
        # index on worker.nik serves the join.
        return Worker.nik.in_(_fts_nik_matches(_fts_query(words)))
    return _like_words(words)


def _like_words(words: list[str]) -> ColumnElement[bool]:
    """Every word begins a word of name_key (its words are letters and digits, one space apart)."""
    conditions = [
        or_(Worker.name_key.like(f"{w}%"), Worker.name_key.like(f"% {w}%")) for w in words
    ]
    return and_(*conditions)


def _coalesced(column: Any) -> ColumnElement[Any]:
    return func.coalesce(column, literal_column("''"))


def filter_conditions(dialect: str, f: RosterFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    raw = f.text.strip()
    if raw:
        digits = clean_nik_text(raw)
        if digits.isascii() and digits.isdigit():
            conditions.append(_nik_prefix_condition(digits))
        else:
            key = name_key(raw)
            words = key.split()
            if not words:
                conditions.append(literal(False))
            elif len(key) < MIN_WORD_SEARCH:
                conditions.append(_name_prefix_condition(key))
            else:
                conditions.append(_word_condition(dialect, words))
    # Written as the sort indexes' expressions (migration 0002), so that a
    # region filter with the default name order reads the index in order.
    if f.village_code:
        conditions.append(Worker.village_code == f.village_code)
    elif f.district_code:
        conditions.append(_coalesced(Worker.district_code) == f.district_code)
    elif f.regency_code:
        conditions.append(_coalesced(Worker.regency_code) == f.regency_code)
    if f.segment:
        conditions.append(Worker.segment == f.segment)
    if f.status:
        conditions.append(Worker.status == f.status)
    if f.funding_program_id is not None:
        conditions.append(
            exists().where(
                FundingMember.worker_id == Worker.id,
                FundingMember.program_id == f.funding_program_id,
            )
        )
    return conditions


def sort_exprs(dialect: str, column: SortColumn) -> list[ColumnElement[Any]]:
    """The ORDER BY of a column: its value, tie-breakers, and always `id` last."""
    worker_id: ColumnElement[Any] = Worker.id.expression
    if column is SortColumn.NIK:
        return [Worker.nik.expression, worker_id]
    if column is SortColumn.NAME:
        return [Worker.name_key.expression, worker_id]
    if column is SortColumn.BIRTH_DATE:
        # Same expression as ix_worker_sort_birth: SQLite keeps dates as text.
        if dialect == "sqlite":
            birth: ColumnElement[Any] = type_coerce(
                func.coalesce(Worker.birth_date, literal_column("''")), String
            )
        else:
            birth = func.coalesce(Worker.birth_date, literal_column("DATE '0001-01-01'"))
        return [birth, worker_id]
    nullable_text = {
        SortColumn.GENDER: Worker.gender,
        SortColumn.REGENCY: Worker.regency_code,
        SortColumn.DISTRICT: Worker.district_code,
        SortColumn.VILLAGE: Worker.village_code,
    }
    if column in nullable_text:
        return [_coalesced(nullable_text[column]), Worker.name_key.expression, worker_id]
    plain = {
        SortColumn.OCCUPATION: Worker.occupation,
        SortColumn.SEGMENT: Worker.segment,
        SortColumn.STATUS: Worker.status,
    }
    return [plain[column].expression, Worker.name_key.expression, worker_id]


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _keyset_select(
    session: Session,
    f: RosterFilter,
    sort: RosterSort,
    after: Key | None,
    conditions: list[ColumnElement[bool]] | None = None,
) -> tuple[Select[Any], list[ColumnElement[Any]]]:
    dialect = _dialect(session)
    exprs = sort_exprs(dialect, sort.column)
    if conditions is None:
        conditions = filter_conditions(dialect, f)
    query = select(*exprs).where(*conditions)
    if after is not None:
        values = tuple_(*(literal(v, type_=e.type) for v, e in zip(after, exprs, strict=True)))
        row = tuple_(*exprs)
        query = query.where(row < values if sort.descending else row > values)
    order: list[ColumnElement[Any]] = [e.desc() for e in exprs] if sort.descending else list(exprs)
    return query.order_by(*order), order


# --- reading -----------------------------------------------------------------


def _only_words(f: RosterFilter) -> list[str] | None:
    """The search words when ``f`` filters by name words and nothing else."""
    if replace(f, text="") != RosterFilter():
        return None
    return _search_words(f.text)


def count_workers(session: Session, f: RosterFilter) -> int:
    dialect = _dialect(session)
    words = _only_words(f) if dialect == "sqlite" else None
    if words is not None:
        # The FTS5 table has exactly one row per worker (kept by triggers and
        # the import): counting there skips joining every match to its worker.
        return _fts_count(session, _fts_query(words))
    conditions = filter_conditions(dialect, f)
    query = select(func.count()).select_from(Worker).where(*conditions)
    return int(session.execute(query).scalar_one())


def page_keys(
    session: Session,
    f: RosterFilter,
    sort: RosterSort,
    after: Key | None,
    limit: int,
    *,
    skip: int = 0,
) -> list[Key]:
    """Sort keys of up to `limit` rows that follow `after` (None: from the start).

    `skip` passes over that many rows first; the model uses it only inside a
    short window after a known key, never from the start of a large roster.
    The worker id is the last element of each key.
    """
    dense = _dense_word_page(session, f, sort, after, limit, skip)
    if dense is not None:
        return dense
    query, _ = _keyset_select(session, f, sort, after)
    if sort.column is SortColumn.NAME and _dialect(session) == "sqlite" and _only_words(f):
        # The matches come from the word index as NIKs; migration 0003's
        # (nik, name_key, id) index gives each one's sort key in one lookup.
        # SQLite's planner would take the plain unique NIK index and the table.
        query = query.with_hint(Worker, "INDEXED BY ix_worker_nik_cover", "sqlite")
    query = query.limit(limit)
    if skip:
        query = query.offset(skip)
    return [tuple(row) for row in session.execute(query)]


def _fts_count(session: Session, query: str) -> int:
    found = session.execute(
        text("SELECT count(*) FROM worker_fts WHERE worker_fts MATCH :fts"), {"fts": query}
    ).scalar_one()
    return int(found)


def _fts_nik_matches(query: str) -> Any:
    """NIKs of the FTS5 rows matching ``query`` (its rowid is the NIK, see migration 0002)."""
    return (
        text("SELECT CAST(rowid AS TEXT) FROM worker_fts WHERE worker_fts MATCH :fts")
        .bindparams(fts=query)
        .columns(literal_column("nik", String))
    )


def _dense_word_page(
    session: Session, f: RosterFilter, sort: RosterSort, after: Key | None, limit: int, skip: int
) -> list[Key] | None:
    """A page for a one-word name search that matches many workers (SQLite, name order).

    The word index finds matches in NIK order, so a page in name order would
    look up and sort every match: 18,000 for "Budi" in a million. Instead:

    - when few names have the word after their first word, the page merges
      the names that begin with it (a range of the name index, in order)
      with those few, found as "word, but not as the first word" in FTS5;
    - else the word is common inside names, and walking the name index in
      order testing each name finds a page after a few entries. A walk that
      outlasts a short budget (the matches lie far along) is cut off.

    None when this does not apply (several words, other filters or sorts,
    PostgreSQL, few matches) or the walk was cut off: the caller then sorts
    the word index's matches.
    """
    if sort.column is not SortColumn.NAME or _dialect(session) != "sqlite":
        return None
    words = _only_words(f)
    # One word only: several words rarely match many, and counting them in
    # the word index costs as much as finding the page.
    if words is None or len(words) > 1 or count_workers(session, f) <= DENSE_WORD_MATCHES:
        return None
    word = words[0]
    later = f'"{word}"* NOT ^"{word}"*'
    if _fts_count(session, later) <= DENSE_WORD_MATCHES:
        return _first_word_merge_page(session, f, sort, after, limit, skip, word, later)
    return _walk_page(session, f, sort, after, limit, skip, words)


def _first_word_merge_page(
    session: Session,
    f: RosterFilter,
    sort: RosterSort,
    after: Key | None,
    limit: int,
    skip: int,
    word: str,
    later: str,
) -> list[Key]:
    branches = []
    for condition, index in (
        # Indexes of migrations 0002 and 0003, both (name_key, id) at hand.
        (_name_prefix_condition(word), "ix_worker_sort_name"),
        (Worker.nik.in_(_fts_nik_matches(later)), "ix_worker_nik_cover"),
    ):
        query, _ = _keyset_select(session, f, sort, after, [condition])
        query = query.with_hint(Worker, f"INDEXED BY {index}", "sqlite")
        branches.append(select(query.limit(limit + skip).subquery()))
    merged = union_all(*branches).subquery()
    columns = list(merged.c)
    order = [c.desc() for c in columns] if sort.descending else columns
    page = select(*columns).order_by(*order).limit(limit).offset(skip)
    return [tuple(row) for row in session.execute(page)]


def _walk_page(
    session: Session,
    f: RosterFilter,
    sort: RosterSort,
    after: Key | None,
    limit: int,
    skip: int,
    words: list[str],
) -> list[Key] | None:
    query, _ = _keyset_select(session, f, sort, after, [_like_words(words)])
    # ix_worker_sort_name (migration 0002) is (name_key, id): the walk never reads the table.
    query = query.with_hint(Worker, "INDEXED BY ix_worker_sort_name", "sqlite").limit(limit)
    if skip:
        query = query.offset(skip)
    raw = session.connection().connection.driver_connection
    assert raw is not None
    deadline = time.perf_counter() + DENSE_WALK_SECONDS
    raw.set_progress_handler(lambda: time.perf_counter() > deadline, DENSE_WALK_CHECK_STEPS)
    try:
        return [tuple(row) for row in session.execute(query)]
    except OperationalError as exc:
        if "interrupt" not in str(exc.orig):
            raise
        return None
    finally:
        raw.set_progress_handler(None, 0)


def anchor_keys(
    session: Session,
    f: RosterFilter,
    sort: RosterSort,
    after: Key | None,
    span: int,
    step: int,
) -> list[Key]:
    """Keys of every `step`-th row among the `span` rows after `after`.

    Element i is the key of row (i + 1) * step - 1 counted from just after
    `after`. Each step skips `step` - 1 rows from the previous key, so the
    whole walk is one pass over the sort index (about 0.1 µs a row on SQLite,
    index only), in short hops; the model keeps the keys as anchors so a jump
    deep into the roster starts from a nearby key. (A row_number() window over
    the same span measured 40 times slower on SQLite.)
    """
    keys: list[Key] = []
    for _ in range(span // step):
        found = page_keys(session, f, sort, after, 1, skip=step - 1)
        if not found:
            break
        after = found[0]
        keys.append(after)
    return keys


def _row_select() -> Select[Any]:
    regency = aliased(Region)
    district = aliased(Region)
    village = aliased(Region)
    return (
        select(
            Worker.id,
            Worker.nik,
            Worker.name,
            Worker.birth_date,
            Worker.gender,
            Worker.regency_code,
            regency.name,
            district.name,
            village.name,
            Worker.occupation,
            Worker.phone,
            Worker.income,
            Worker.segment,
            Worker.status,
            Worker.warnings,
        )
        .outerjoin(regency, regency.code == Worker.regency_code)
        .outerjoin(district, district.code == Worker.district_code)
        .outerjoin(village, village.code == Worker.village_code)
    )


def fetch_rows(session: Session, ids: Sequence[uuid.UUID]) -> list[WorkerRow]:
    """Table rows for `ids`, in the same order (ids no longer present are left out)."""
    if not ids:
        return []
    query = _row_select().where(Worker.id.in_(list(ids)))
    by_id = {row[0]: WorkerRow(*row) for row in session.execute(query)}
    return [by_id[i] for i in ids if i in by_id]


def worker_detail(session: Session, worker_id: uuid.UUID) -> WorkerData | None:
    worker = session.get(Worker, worker_id)
    if worker is None:
        return None
    return WorkerData(
        nik=worker.nik,
        name=worker.name,
        birth_date=worker.birth_date,
        gender=worker.gender,
        address=worker.address,
        regency_code=worker.regency_code,
        district_code=worker.district_code,
        village_code=worker.village_code,
        occupation=worker.occupation,
        phone=worker.phone,
        income=worker.income,
        segment=worker.segment,
        status=worker.status,
    )


def iter_rows(
    session: Session, f: RosterFilter, sort: RosterSort, *, page: int = 2000
) -> Iterator[list[WorkerRow]]:
    """All matching rows in pages, by keyset (for exports)."""
    after: Key | None = None
    while True:
        keys = page_keys(session, f, sort, after, page)
        if not keys:
            return
        yield fetch_rows(session, [k[-1] for k in keys])
        after = keys[-1]


# --- writing -----------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    worker_id: uuid.UUID
    created: bool
    warnings: tuple[str, ...]


def validate_worker(
    data: WorkerData, regions: RegionTable | None = None
) -> tuple[NikInfo, WorkerData, list[str]]:
    """The import's rules for one worker: the cleaned data and its warnings.

    Raises ServiceError (Indonesian) for what the import would reject.
    """
    regions = regions or region_table()
    info = parse_nik(data.nik, regions.regency_codes_for_nik())
    if not isinstance(info, NikInfo):
        raise ServiceError(NIK_ERROR_MESSAGES[info])
    name = clean_name(data.name)
    if not name:
        raise ServiceError("Nama wajib diisi.")
    if data.segment not in SEGMENTS:
        raise ServiceError(f"Segmen '{data.segment}' tidak dikenal.")
    if data.status not in STATUSES:
        raise ServiceError(f"Status '{data.status}' tidak dikenal.")
    if data.income is not None and data.income < 0:
        raise ServiceError("Penghasilan tidak boleh negatif.")
    if data.gender not in (None, "L", "P"):
        raise ServiceError("Jenis kelamin harus L atau P.")
    _check_regions(data, regions)
    warnings: list[str] = []
    birth_date = data.birth_date or info.birth_date
    gender = data.gender or info.gender
    if birth_date != info.birth_date:
        warnings.append("Tanggal lahir berbeda dengan tanggal lahir dalam NIK.")
    if gender != info.gender:
        warnings.append("Jenis kelamin berbeda dengan NIK.")
    cleaned = WorkerData(
        nik=info.nik,
        name=name,
        birth_date=birth_date,
        gender=gender,
        address=clean_name(data.address),
        regency_code=data.regency_code or None,
        district_code=data.district_code or None,
        village_code=data.village_code or None,
        occupation=clean_name(data.occupation),
        phone=data.phone.strip(),
        income=data.income,
        segment=data.segment,
        status=data.status,
    )
    return info, cleaned, warnings


def _check_regions(data: WorkerData, regions: RegionTable) -> None:
    if data.regency_code and regions.regency(data.regency_code) is None:
        raise ServiceError(f"Kode kabupaten/kota {data.regency_code} tidak dikenal.")
    if data.district_code:
        if not data.regency_code or not data.district_code.startswith(data.regency_code + "."):
            raise ServiceError("Kecamatan tidak berada di kabupaten/kota yang dipilih.")
        if regions.district_name(data.district_code) is None:
            raise ServiceError(f"Kode kecamatan {data.district_code} tidak dikenal.")
    if data.village_code:
        if not data.district_code or not data.village_code.startswith(data.district_code + "."):
            raise ServiceError("Desa/kelurahan tidak berada di kecamatan yang dipilih.")
        if regions.village_name(data.village_code) is None:
            raise ServiceError(f"Kode desa/kelurahan {data.village_code} tidak dikenal.")


def _audit(
    session: Session, worker_id: uuid.UUID, action: str, details: dict[str, Any], username: str
) -> None:
    session.add(
        AuditEvent(
            username=username,
            entity="worker",
            entity_id=str(worker_id),
            action=action,
            details=json.dumps(details, default=str, ensure_ascii=False, sort_keys=True),
        )
    )


def save_worker(
    db: Database,
    data: WorkerData,
    *,
    worker_id: uuid.UUID | None = None,
    username: str = "",
    regions: RegionTable | None = None,
) -> SaveResult:
    """Add (worker_id None) or change a worker, with the import's validation and an audit row."""
    _, clean, warnings = validate_worker(data, regions)
    # Stored as codes, one per line, like the importer does; shown via warning_text.
    stored_warnings = "\n".join(warning_code(w) for w in warnings)
    values = {f.name: getattr(clean, f.name) for f in fields(WorkerData)}
    with db.transaction() as session:
        clash = session.execute(
            select(Worker.id).where(Worker.nik == clean.nik)
        ).scalar_one_or_none()
        if clash is not None and clash != worker_id:
            raise ServiceError(f"NIK {clean.nik} sudah terdaftar pada peserta lain.")
        if worker_id is None:
            worker = Worker(
                **values,
                name_key=name_key(clean.name),
                warnings=stored_warnings,
                source="input manual",
            )
            session.add(worker)
            session.flush()
            _audit(session, worker.id, "create", {"nik": clean.nik}, username)
            return SaveResult(worker.id, True, tuple(warnings))
        existing = session.get(Worker, worker_id)
        if existing is None:
            raise ServiceError("Peserta ini sudah tidak ada di basis data.")
        changes: dict[str, Any] = {}
        for key, value in values.items():
            old = getattr(existing, key)
            if old != value:
                changes[key] = {"lama": old, "baru": value}
                setattr(existing, key, value)
        existing.name_key = name_key(clean.name)
        existing.warnings = stored_warnings
        if changes:
            _audit(session, worker_id, "update", changes, username)
        return SaveResult(worker_id, False, tuple(warnings))


def deactivate_worker(db: Database, worker_id: uuid.UUID, *, username: str = "") -> bool:
    """Mark a worker nonaktif (kept for history); False when already inactive."""
    with db.transaction() as session:
        worker = session.get(Worker, worker_id)
        if worker is None:
            raise ServiceError("Peserta ini sudah tidak ada di basis data.")
        if worker.status == STATUS_INACTIVE:
            return False
        _audit(
            session,
            worker_id,
            "deactivate",
            {"status": {"lama": worker.status, "baru": STATUS_INACTIVE}},
            username,
        )
        worker.status = STATUS_INACTIVE
        return True


# --- export --------------------------------------------------------------------

EXPORT_HEADERS = (
    "NIK",
    "Nama",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Kabupaten/Kota",
    "Kecamatan",
    "Desa/Kelurahan",
    "Pekerjaan",
    "No HP",
    "Penghasilan",
    "Segmen",
    "Status",
)


def export_workers_xlsx(
    db: Database,
    f: RosterFilter,
    sort: RosterSort,
    path: Path,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the filtered roster to `path` (.xlsx); returns the number of workers.

    Streams keyset pages into openpyxl's write-only mode, so memory stays flat.
    NIKs are text cells formatted as Text, so Excel never rounds them. The file
    appears only when complete: a cancel or an error leaves no half file.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    with db.session() as session:
        total = count_workers(session, f)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Peserta")
        widths = (20, 32, 14, 8, 28, 24, 24, 20, 16, 14, 10, 10)
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for title in EXPORT_HEADERS:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        done = 0
        try:
            for rows in iter_rows(session, f, sort):
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled()
                for row in rows:
                    nik = WriteOnlyCell(sheet, value=row.nik)
                    nik.number_format = "@"
                    birth = WriteOnlyCell(sheet, value=row.birth_date)
                    birth.number_format = "DD-MM-YYYY"
                    sheet.append(
                        [
                            nik,
                            row.name,
                            birth,
                            row.gender or "",
                            row.regency_name or "",
                            row.district_name or "",
                            row.village_name or "",
                            row.occupation,
                            row.phone,
                            row.income,
                            SEGMENT_LABELS.get(row.segment, row.segment),
                            STATUS_LABELS.get(row.status, row.status),
                        ]
                    )
                done += len(rows)
                if progress is not None:
                    progress(
                        done, total, f"Menulis {done:,} dari {total:,} peserta".replace(",", ".")
                    )
            workbook.save(partial)
            os.replace(partial, path)
        except BaseException:
            if not sheet.closed:
                # Finish openpyxl's row stream now; left to the garbage
                # collector it writes into a file that is already gone.
                sheet.close()
            partial.unlink(missing_ok=True)
            raise
    return done
