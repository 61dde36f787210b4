"""Database failures a user must be told about, in words they can act on.

Failures are recognised by the engines' own codes, never by their message
text (which SQLite and PostgreSQL word differently between versions, and a
PostgreSQL server may answer in its own language): SQLite's result code
(``sqlite3.Error.sqlite_errorcode``, the primary code in its low byte) and
PostgreSQL's SQLSTATE (``psycopg.Error.sqlstate``). Each becomes a
StoreError with a stable ``code`` (scripts and tests read it) and an
Indonesian message. Anything not recognised is a bug and propagates
unchanged.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum
from typing import Any

from sqlalchemy.exc import DBAPIError


class StoreErrorCode(StrEnum):
    BUSY = "busy"
    READ_ONLY = "read_only"
    DISK_FULL = "disk_full"
    CORRUPT = "corrupt"
    CANNOT_OPEN = "cannot_open"
    IO_ERROR = "io_error"
    AUTH_FAILED = "auth_failed"
    UNREACHABLE = "unreachable"
    NO_DATABASE = "no_database"
    # Raised by store/migrate, not by an engine.
    NEWER_SCHEMA = "newer_schema"
    NOT_KANTOR = "not_kantor"


class StoreError(Exception):
    """A database problem with a message fit for the user (Indonesian) and a stable code."""

    def __init__(self, message: str, code: StoreErrorCode | str | None = None) -> None:
        super().__init__(message)
        self.code = StoreErrorCode(code) if code is not None else None

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled with its code (the default would rebuild it from the message alone).
        return (type(self), (str(self), self.code))


_MESSAGES: dict[StoreErrorCode, str] = {
    StoreErrorCode.BUSY: "Basis data sedang dipakai proses lain. Tunggu sebentar lalu coba lagi.",
    StoreErrorCode.READ_ONLY: "Basis data hanya-baca: periksa izin berkas atau media penyimpanan.",
    StoreErrorCode.DISK_FULL: (
        "Disk penuh: perubahan tidak tersimpan. Kosongkan ruang disk lalu coba lagi."
    ),
    StoreErrorCode.CORRUPT: (
        "Berkas basis data rusak. Pulihkan dari berkas cadangan terakhir lalu coba lagi."
    ),
    StoreErrorCode.CANNOT_OPEN: "Berkas basis data tidak dapat dibuka: periksa lokasinya.",
    StoreErrorCode.IO_ERROR: (
        "Gagal membaca/menulis disk. Periksa media penyimpanan lalu coba lagi."
    ),
    StoreErrorCode.AUTH_FAILED: "Nama pengguna atau kata sandi PostgreSQL salah.",
    StoreErrorCode.UNREACHABLE: (
        "Server PostgreSQL tidak dapat dihubungi: periksa alamat server dan jaringan."
    ),
    StoreErrorCode.NO_DATABASE: (
        "Basis data PostgreSQL yang dituju tidak ada di server: periksa namanya."
    ),
}
# SQLITE_NOTADB: most often the user picked some other file.
_NOT_A_DATABASE = "Berkas yang dipilih bukan basis data Kantor (atau rusak)."
_CONNECT_FAILED = (
    "Tidak dapat tersambung ke server PostgreSQL: periksa alamat server, jaringan, "
    "nama basis data, nama pengguna dan kata sandi."
)

# Primary result codes (https://sqlite.org/rescode.html); extended codes
# (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE, ...) carry them in their low byte.
_SQLITE_CODES: dict[int, StoreErrorCode] = {
    sqlite3.SQLITE_BUSY: StoreErrorCode.BUSY,
    sqlite3.SQLITE_LOCKED: StoreErrorCode.BUSY,
    sqlite3.SQLITE_READONLY: StoreErrorCode.READ_ONLY,
    sqlite3.SQLITE_FULL: StoreErrorCode.DISK_FULL,
    sqlite3.SQLITE_CORRUPT: StoreErrorCode.CORRUPT,
    sqlite3.SQLITE_NOTADB: StoreErrorCode.CORRUPT,
    sqlite3.SQLITE_CANTOPEN: StoreErrorCode.CANNOT_OPEN,
    sqlite3.SQLITE_IOERR: StoreErrorCode.IO_ERROR,
}

# SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_STATES: dict[str, StoreErrorCode] = {
    "28P01": StoreErrorCode.AUTH_FAILED,  # invalid_password
    "28000": StoreErrorCode.AUTH_FAILED,  # invalid_authorization_specification
    "3D000": StoreErrorCode.NO_DATABASE,  # invalid_catalog_name
    "53100": StoreErrorCode.DISK_FULL,  # disk_full
    "25006": StoreErrorCode.READ_ONLY,  # read_only_sql_transaction
    "40P01": StoreErrorCode.BUSY,  # deadlock_detected
    "55P03": StoreErrorCode.BUSY,  # lock_not_available
    "57P01": StoreErrorCode.UNREACHABLE,  # admin_shutdown
    "57P02": StoreErrorCode.UNREACHABLE,  # crash_shutdown
    "57P03": StoreErrorCode.UNREACHABLE,  # cannot_connect_now
}
_PG_CONNECTION_CLASS = "08"  # connection_exception and its subclasses


def sqlite_error(code: int | None) -> StoreError | None:
    """The StoreError for an SQLite result code (primary or extended), else None.

    Also how the roster import's writer process reports a failure: it sends
    the code across, and the parent raises what it would have raised itself.
    """
    if code is None:
        return None
    primary = code & 0xFF
    kind = _SQLITE_CODES.get(primary)
    if kind is None:
        return None
    message = _NOT_A_DATABASE if primary == sqlite3.SQLITE_NOTADB else _MESSAGES[kind]
    return StoreError(message, kind)


def postgres_error(orig: BaseException) -> StoreError | None:
    """The StoreError for a psycopg error, by its SQLSTATE, else None."""
    state = getattr(orig, "sqlstate", None)
    if state:
        kind = _PG_STATES.get(state)
        if kind is None and state.startswith(_PG_CONNECTION_CLASS):
            kind = StoreErrorCode.UNREACHABLE
        return StoreError(_MESSAGES[kind], kind) if kind is not None else None
    if any(cls.__name__ == "OperationalError" for cls in type(orig).__mro__):
        return _connect_failure(orig)
    return None


def _connect_failure(orig: BaseException) -> StoreError:
    """A psycopg OperationalError without SQLSTATE: the connection failed or was lost.

    libpq reports a failed connection (refused, unknown host, and also a
    wrong password or missing database) as text only: the server's SQLSTATE
    is not passed on. The password case shows in the connection's state; for
    the others the message is the only clue. It is only read here, and only
    to choose a more precise message: any wording not recognised (a server
    answering in another language) still gets a clear one.
    """
    pgconn = getattr(orig, "pgconn", None)
    if pgconn is not None and getattr(pgconn, "needs_password", False):
        return StoreError(_MESSAGES[StoreErrorCode.AUTH_FAILED], StoreErrorCode.AUTH_FAILED)
    text = str(orig).lower()
    if "password authentication failed" in text:
        return StoreError(_MESSAGES[StoreErrorCode.AUTH_FAILED], StoreErrorCode.AUTH_FAILED)
    if "database" in text and "does not exist" in text:
        return StoreError(_MESSAGES[StoreErrorCode.NO_DATABASE], StoreErrorCode.NO_DATABASE)
    if "could not translate host name" in text:
        return StoreError("Nama server PostgreSQL tidak dikenal.", StoreErrorCode.UNREACHABLE)
    if "connection refused" in text:
        return StoreError(_MESSAGES[StoreErrorCode.UNREACHABLE], StoreErrorCode.UNREACHABLE)
    return StoreError(_CONNECT_FAILED, StoreErrorCode.UNREACHABLE)


def _is_psycopg(exc: BaseException) -> bool:
    # By module rather than isinstance: psycopg is imported only when
    # PostgreSQL is used, and this module must not import it for SQLite users.
    return type(exc).__module__.split(".")[0] == "psycopg"


def classify(exc: BaseException) -> StoreError | None:
    """The StoreError a known database failure means, else None.

    Takes SQLAlchemy's wrapped errors as well as sqlite3's and psycopg's own.
    """
    if isinstance(exc, StoreError):
        return exc
    orig: BaseException | None = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, sqlite3.Error):
        return sqlite_error(getattr(orig, "sqlite_errorcode", None))
    if orig is not None and _is_psycopg(orig):
        return postgres_error(orig)
    return None


def user_message(exc: BaseException) -> str | None:
    """The user-facing message for a known database failure, else None."""
    known = classify(exc)
    return str(known) if known is not None else None


def translate(exc: BaseException) -> BaseException:
    """``exc`` as a StoreError when it is a known database failure, else ``exc`` itself."""
    known = classify(exc)
    return known if known is not None else exc
