"""Sort orders of the roster and the keyset select that pages through them.

Pages are found by *keyset*: a page starts after the sort key of the row
before it (``WHERE (sort, id) > (...)``), which reads a hundred index entries
wherever the page lies; large OFFSETs would walk every row before. Every sort
order ends with ``id`` so that keys are unique and paging never skips or
repeats a row; nullable columns sort through ``coalesce`` so a key never holds
NULL (migration 0002 indexes the same expressions).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    func,
    literal,
    literal_column,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import Session

from kantor_app.services.roster.filters import RosterFilter, coalesced, filter_conditions
from kantor_app.store.models import Worker

Key = tuple[Any, ...]


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
class RosterSort:
    column: SortColumn = SortColumn.NAME
    descending: bool = False


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
        return [coalesced(nullable_text[column]), Worker.name_key.expression, worker_id]
    plain = {
        SortColumn.OCCUPATION: Worker.occupation,
        SortColumn.SEGMENT: Worker.segment,
        SortColumn.STATUS: Worker.status,
    }
    return [plain[column].expression, Worker.name_key.expression, worker_id]


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def keyset_select(
    session: Session,
    f: RosterFilter,
    sort: RosterSort,
    after: Key | None,
    conditions: list[ColumnElement[bool]] | None = None,
) -> tuple[Select[Any], list[ColumnElement[Any]]]:
    """The sort keys of the rows after ``after`` in ``sort`` order, and that ORDER BY.

    ``conditions`` replace the filter's own (a name search's faster branches).
    """
    dialect = dialect_of(session)
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
