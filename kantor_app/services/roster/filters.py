"""What the roster shows: the filter the screen sets and its SQL conditions.

Text search: digits are a NIK prefix; anything else are words that must each
begin a word of the name (FTS5 on SQLite, LIKE with trigram/pattern indexes on
PostgreSQL).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, String, and_, exists, func, literal, literal_column, or_, text

from kantor_app.domain.nik import clean_nik_text
from kantor_app.domain.textnorm import name_key
from kantor_app.store.models import FundingMember, Worker

# Below this many characters a word search would match half the roster; a
# name prefix is what the user means then.
MIN_WORD_SEARCH = 2


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


def nik_prefix_condition(digits: str) -> ColumnElement[bool]:
    # Every stored NIK has 16 digits, so the prefix is exactly this range; a
    # range of digit strings orders the same under any collation, unlike
    # LIKE (case rules) or an incremented last character (PostgreSQL locales).
    digits = digits[:16]
    low = digits.ljust(16, "0")
    high = digits.ljust(16, "9")
    return and_(Worker.nik >= low, Worker.nik <= high)


def name_prefix_condition(key: str) -> ColumnElement[bool]:
    return and_(Worker.name_key >= key, Worker.name_key < key + "\uffff")


def fts_query(words: list[str]) -> str:
    """Every word must begin a word of the name, in any order."""
    return " ".join(f'"{w}"*' for w in words)


def fts_nik_matches(query: str) -> Any:
    """NIKs of the FTS5 rows matching ``query`` (its rowid is the NIK, see migration 0002)."""
    return (
        text("SELECT CAST(rowid AS TEXT) FROM worker_fts WHERE worker_fts MATCH :fts")
        .bindparams(fts=query)
        .columns(literal_column("nik", String))
    )


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


def only_words(f: RosterFilter) -> list[str] | None:
    """The search words when ``f`` filters by name words and nothing else."""
    if replace(f, text="") != RosterFilter():
        return None
    return _search_words(f.text)


def _word_condition(dialect: str, words: list[str]) -> ColumnElement[bool]:
    if dialect == "sqlite":
        # FTS5 rowid is the NIK as an integer (see migration 0002); a NIK never
        # starts with 0, so its text form is the stored NIK and the unique
        # index on worker.nik serves the join.
        return Worker.nik.in_(fts_nik_matches(fts_query(words)))
    return like_words(words)


def like_words(words: list[str]) -> ColumnElement[bool]:
    """Every word begins a word of name_key (its words are letters and digits, one space apart)."""
    conditions = [
        or_(Worker.name_key.like(f"{w}%"), Worker.name_key.like(f"% {w}%")) for w in words
    ]
    return and_(*conditions)


def coalesced(column: Any) -> ColumnElement[Any]:
    return func.coalesce(column, literal_column("''"))


def _text_condition(dialect: str, raw: str) -> ColumnElement[bool]:
    digits = clean_nik_text(raw)
    if digits.isascii() and digits.isdigit():
        return nik_prefix_condition(digits)
    key = name_key(raw)
    words = key.split()
    if not words:
        return literal(False)
    if len(key) < MIN_WORD_SEARCH:
        return name_prefix_condition(key)
    return _word_condition(dialect, words)


def filter_conditions(dialect: str, f: RosterFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    raw = f.text.strip()
    if raw:
        conditions.append(_text_condition(dialect, raw))
    # Written as the sort indexes' expressions (migration 0002), so that a
    # region filter with the default name order reads the index in order.
    if f.village_code:
        conditions.append(Worker.village_code == f.village_code)
    elif f.district_code:
        conditions.append(coalesced(Worker.district_code) == f.district_code)
    elif f.regency_code:
        conditions.append(coalesced(Worker.regency_code) == f.regency_code)
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
