"""Database failures a user must be told about, in words they can act on.

Anything not recognised here is a bug and propagates unchanged.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError


class StoreError(Exception):
    """A database problem with a message fit for the user (Indonesian)."""


_KNOWN: tuple[tuple[str, str], ...] = (
    (
        "database is locked",
        "Basis data sedang dipakai proses lain. Tunggu sebentar lalu coba lagi.",
    ),
    (
        "database or disk is full",
        "Disk penuh: perubahan tidak tersimpan. Kosongkan ruang disk lalu coba lagi.",
    ),
    ("disk i/o error", "Gagal membaca/menulis disk. Periksa media penyimpanan lalu coba lagi."),
    (
        "readonly database",
        "Basis data hanya-baca: periksa izin berkas atau media penyimpanan.",
    ),
    ("unable to open database file", "Berkas basis data tidak dapat dibuka: periksa lokasinya."),
    ("file is not a database", "Berkas yang dipilih bukan basis data Kantor (atau rusak)."),
    (
        "connection refused",
        "Server PostgreSQL tidak dapat dihubungi: periksa alamat server dan jaringan.",
    ),
    ("password authentication failed", "Nama pengguna atau kata sandi PostgreSQL salah."),
    ("could not translate host name", "Nama server PostgreSQL tidak dikenal."),
)


def user_message(exc: BaseException) -> str | None:
    """The user-facing message for a known database failure, else None."""
    if not isinstance(exc, OperationalError | DBAPIError):
        return None
    text = str(exc.orig if isinstance(exc, DBAPIError) else exc).lower()
    for needle, message in _KNOWN:
        if needle in text:
            return message
    return None


def translate(exc: BaseException) -> BaseException:
    message = user_message(exc)
    return StoreError(message) if message else exc
