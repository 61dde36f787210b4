"""Letter numbers: the printed pattern and the running sequence, never reused.

A letter number is ``pattern.format(seq=…, kode=…, bulan_romawi=…, tahun=…)``
with ``seq`` a running number per year and series (LetterSequence row).
Numbers are *reserved* in a short transaction of their own that commits
before the letters are rendered (they are printed on the PDFs):

- the counter is bumped by one atomic ``UPDATE … SET last_number =
  last_number + n … RETURNING`` after an ``INSERT … ON CONFLICT DO NOTHING``
  that creates the year's row. On PostgreSQL the UPDATE holds the row lock
  until commit, so two PCs never get the same block; on SQLite the
  transaction starts with ``BEGIN IMMEDIATE`` (the database write lock), so
  two processes serialise instead of failing on a lock upgrade;
- the reservation commits with an AuditEvent naming the numbers, so a
  number is consumed even if rendering, the disk or the database insert
  fails afterwards, or the user cancels. Such numbers stay unused (a gap)
  and a second AuditEvent ``void`` records them (best effort,
  :func:`void_numbers`), which is what an auditor of the agenda expects; a
  process killed in between leaves a reservation that the next batch
  records as void (:mod:`~kantor_app.services.letters.gaps`); a number is
  never printed twice;
- ``Letter.number`` is unique: if a counter was ever reset by hand, the
  insert fails instead of issuing a duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import update
from sqlalchemy.orm import Session

from kantor_app.services.audit import write_audit
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.kinds import require_kind
from kantor_app.services.reference.branch_settings import load_branch_settings
from kantor_app.store.engine import Database
from kantor_app.store.models import LetterSequence

__all__ = [
    "DRAFT_SEQ",
    "format_letter_number",
    "next_letter_number",
    "reserve_letter_numbers",
    "to_roman",
    "void_numbers",
]

DRAFT_SEQ = "DRAF"  # printed in place of the running number on a preview

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def to_roman(month: int) -> str:
    """Month 1–12 as a Roman numeral (the "bulan" part of a letter number)."""
    return _ROMAN[month - 1]


def format_letter_number(pattern: str, seq: int | str, code: str, issued_on: date) -> str:
    """The printed number, e.g. ``"12/KPS.01/KC-SMD/XI/2026"``.

    ``seq`` may be the draft placeholder text for a preview.
    """
    seq3 = f"{seq:03d}" if isinstance(seq, int) else str(seq)
    try:
        return pattern.format(
            seq=seq,
            seq3=seq3,
            kode=code,
            bulan=issued_on.month,
            bulan_romawi=to_roman(issued_on.month),
            tahun=issued_on.year,
        )
    except (KeyError, IndexError, ValueError) as exc:
        raise ServiceError(
            "Pola nomor surat '{pattern}' tidak valid ({reason}).",
            code="number_pattern_invalid",
            pattern=pattern,
            reason=str(exc),
        ) from None


def _bump_sequence(session: Session, series: str, year: int, count: int) -> int:
    """Add ``count`` to the year's counter atomically; returns the new last number."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(
            pg_insert(LetterSequence)
            .values(year=year, series=series, last_number=0)
            .on_conflict_do_nothing()
        )
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(
            sqlite_insert(LetterSequence)
            .values(year=year, series=series, last_number=0)
            .on_conflict_do_nothing()
        )
    else:  # pragma: no cover - Kantor supports SQLite and PostgreSQL only
        raise ServiceError(
            "Basis data {dialect} tidak didukung untuk penomoran surat.",
            code="numbering_dialect_unsupported",
            dialect=dialect,
        )
    last = session.execute(
        update(LetterSequence)
        .where(LetterSequence.year == year, LetterSequence.series == series)
        .values(last_number=LetterSequence.last_number + count)
        .returning(LetterSequence.last_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return int(last)


def _lock_for_numbering(session: Session) -> None:
    """On SQLite start the transaction with BEGIN IMMEDIATE (take the write lock first).

    Only possible before the session has a connection; a session that
    already read something keeps its deferred transaction (the UPDATE then
    takes the lock, but may fail instead of waiting if another writer
    committed since that read).
    """
    bind = session.get_bind()
    if bind.dialect.name == "sqlite" and not session.in_transaction():
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


def next_letter_number(session: Session, kind: str, year: int) -> int:
    """The next running number of ``kind``'s series in ``year`` (in the caller's transaction).

    The number is the caller's once its transaction commits. Use it as the
    first statement of a fresh session on SQLite (see :func:`_lock_for_numbering`).
    """
    require_kind(kind)
    _lock_for_numbering(session)
    series = load_branch_settings(session).series_for(kind)
    return _bump_sequence(session, series, year, 1)


def reserve_letter_numbers(
    db: Database, kind: str, year: int, count: int, *, username: str = "", batch_id: str = ""
) -> list[int]:
    """Reserve ``count`` consecutive running numbers in a committed transaction of their own.

    Reserved numbers are never handed out again, whatever happens next.
    """
    require_kind(kind)
    if count <= 0:
        return []
    session = db.session()
    try:
        _lock_for_numbering(session)
        series = load_branch_settings(session).series_for(kind)
        last = _bump_sequence(session, series, year, count)
        numbers = list(range(last - count + 1, last + 1))
        write_audit(
            session,
            entity="letter_sequence",
            entity_id=f"{year}/{series}",
            action="reserve",
            details={"kind": kind, "first": numbers[0], "last": numbers[-1]}
            | ({"batch": batch_id} if batch_id else {}),
            username=username,
        )
        session.commit()
        return numbers
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def void_numbers(
    db: Database,
    kind: str,
    year: int,
    numbers: Sequence[int],
    reason: str,
    username: str,
    batch_id: str = "",
) -> None:
    """Record reserved numbers that ended up on no letter (best effort: never masks the error)."""
    if not numbers:
        return
    try:
        with db.transaction() as session:
            write_audit(
                session,
                entity="letter_sequence",
                entity_id=f"{year}/{kind}",
                action="void",
                details={"kind": kind, "numbers": list(numbers), "reason": reason}
                | ({"batch": batch_id} if batch_id else {}),
                username=username,
            )
    except Exception:
        pass
