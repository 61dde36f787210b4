"""Reading spreadsheets people send us, and saying plainly why a file cannot be read.

python-calamine (Rust) reads .xlsx/.xlsm/.xlsb/.xls/.ods about ten times faster
than openpyxl and hands rows to Python one at a time, so a 100,000-row roster is
never a tree of cell objects. It gives numbers as float, text as str, dates as
date/datetime and empty cells as "".

Before calamine sees a file we sniff its first bytes ourselves: calamine's own
errors ("invalid zip header") mean nothing to branch staff, and the common
cases (a CSV or a web page saved with an .xls/.xlsx name, a password, a broken
download) deserve a sentence that tells them what to do.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from types import TracebackType

from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from kantor_app.services.errors import ServiceError

Cell = str | float | int | bool | date | datetime | time | timedelta

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


# Stream names inside an OLE compound file (directory entries are UTF-16LE).
# An encrypted .xlsx/.xlsm is an OLE container holding these two streams.
_ENCRYPTED_PACKAGE = _utf16("EncryptedPackage")
_ENCRYPTION_INFO = _utf16("EncryptionInfo")
_BIFF8_STREAM = _utf16("Workbook")
_BIFF5_STREAM = _utf16("Book") + b"\x00\x00"


@dataclass(frozen=True)
class FileKind:
    """What the first bytes say a file is."""

    kind: str  # "ooxml", "ods", "xls"
    calamine_suffix: str  # the suffix calamine must be told, whatever the file is called


def _is_reader_failure(exc: BaseException) -> bool:
    """calamine's errors, and the Rust panics (pyo3 PanicException) some broken files cause."""
    if isinstance(exc, CalamineError | ValueError | OSError | EOFError):
        return True
    return type(exc).__name__ == "PanicException"


def _scan_for(path: Path, needles: tuple[bytes, ...]) -> set[bytes]:
    """Which of ``needles`` occur anywhere in the file (read in chunks)."""
    found: set[bytes] = set()
    overlap = max(len(n) for n in needles)
    tail = b""
    with path.open("rb") as handle:
        while True:
            block = handle.read(1 << 20)
            if not block:
                break
            window = tail + block
            found.update(n for n in needles if n in window)
            if len(found) == len(needles):
                break
            tail = window[-overlap:]
    return found


def _looks_like_text(head: bytes) -> str | None:
    """What plain text ``head`` holds ("html", "xml2003", "csv", "text"), else None."""
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        sample = head.decode(
            "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig", "replace"
        )
    else:
        if b"\x00" in head:
            return None
        try:
            sample = head.decode("utf-8")
        except UnicodeDecodeError:
            try:
                sample = head[:-4].decode("utf-8")
            except UnicodeDecodeError:
                sample = head.decode("latin-1")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in sample)
    if not sample or printable / len(sample) < 0.95:
        return None
    lowered = sample.lstrip().lower()
    if lowered.startswith(("<!doctype html", "<html", "<table", "<meta")) or "<table" in lowered:
        return "html"
    if lowered.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "xml2003"
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    if any(sep in first_line for sep in (";", ",", "\t")):
        return "csv"
    return "text"


def _text_refusal(path: Path, text: str) -> ServiceError:
    """The refusal for a text file of kind ``text`` (see ``_looks_like_text``)."""
    if text == "html":
        return ServiceError(
            "Berkas '{file}' tidak dapat dibaca: isinya halaman web (HTML) yang diberi nama "
            "seperti berkas Excel. Buka berkas itu di Excel lalu simpan sebagai .xlsx "
            '(Berkas > Simpan Sebagai > "Buku Kerja Excel (*.xlsx)").',
            code="file_is_html",
            file=path.name,
        )
    if text == "xml2003":
        return ServiceError(
            "Berkas '{file}' tidak dapat dibaca: isinya format lama 'XML Spreadsheet 2003', "
            "bukan buku kerja Excel biasa. Buka berkas itu di Excel lalu simpan sebagai .xlsx "
            '(Berkas > Simpan Sebagai > "Buku Kerja Excel (*.xlsx)").',
            code="file_is_xml2003",
            file=path.name,
        )
    if text == "csv":
        return ServiceError(
            "Berkas '{file}' tidak dapat dibaca: isinya berkas teks CSV yang diberi nama "
            "seperti berkas Excel. Buka berkas itu di Excel lalu simpan sebagai .xlsx "
            '(Berkas > Simpan Sebagai > "Buku Kerja Excel (*.xlsx)").',
            code="file_is_csv",
            file=path.name,
        )
    return ServiceError(
        "Berkas '{file}' tidak dapat dibaca: isinya berkas teks biasa, bukan buku kerja "
        "Excel. Buka berkas itu di Excel lalu simpan sebagai .xlsx "
        '(Berkas > Simpan Sebagai > "Buku Kerja Excel (*.xlsx)").',
        code="file_is_text",
        file=path.name,
    )


def sniff(path: Path) -> FileKind:
    """Decide from the bytes what ``path`` holds; ServiceError for anything unreadable."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: berkas tidak ditemukan.",
            code="file_not_found",
            file=path.name,
        ) from None
    except IsADirectoryError:
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: yang dipilih adalah folder, bukan berkas.",
            code="file_is_folder",
            file=path.name,
        ) from None
    except OSError as exc:
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: berkas tidak dapat dibuka ({reason}).",
            code="file_unopenable",
            file=path.name,
            reason=exc.strerror or str(exc),
        ) from None
    if size == 0:
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: berkas kosong (0 byte). Mungkin "
            "unduhan atau salinannya gagal.",
            code="file_empty",
            file=path.name,
        )

    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(path)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path)
    if head.startswith(b"PK"):
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: berkas rusak atau terpotong (mungkin "
            "unduhannya tidak selesai).",
            code="file_truncated",
            file=path.name,
        )
    text = _looks_like_text(head)
    if text is not None:
        raise _text_refusal(path, text)
    raise ServiceError(
        "Berkas '{file}' tidak dapat dibaca: format berkas tidak dikenal; ini "
        "bukan buku kerja Excel (.xlsx).",
        code="not_a_workbook",
        file=path.name,
    )


def _sniff_zip(path: Path) -> FileKind:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = (
                archive.read("mimetype").decode("ascii", "replace").strip()
                if "mimetype" in names
                else ""
            )
    except (zipfile.BadZipFile, EOFError, OSError):
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: berkas rusak atau terpotong (mungkin "
            "unduhan atau salinannya tidak selesai). Minta atau salin ulang "
            "berkasnya.",
            code="file_truncated",
            file=path.name,
        ) from None
    if "xl/workbook.xml" in names:
        return FileKind("ooxml", ".xlsx")
    if "xl/workbook.bin" in names:
        return FileKind("ooxml", ".xlsb")
    if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
        return FileKind("ods", ".ods")
    if "word/document.xml" in names:
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: ini dokumen Word, bukan buku kerja Excel.",
            code="file_is_word",
            file=path.name,
        )
    if "ppt/presentation.xml" in names:
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: ini presentasi PowerPoint, bukan "
            "buku kerja Excel.",
            code="file_is_powerpoint",
            file=path.name,
        )
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: ini dokumen OpenDocument yang bukan "
            "lembar kerja (spreadsheet).",
            code="file_is_opendocument",
            file=path.name,
        )
    raise ServiceError(
        "Berkas '{file}' tidak dapat dibaca: ini arsip ZIP biasa, bukan buku "
        "kerja Excel. Ekstrak dulu isinya.",
        code="file_is_zip",
        file=path.name,
    )


def _sniff_ole(path: Path) -> FileKind:
    found = _scan_for(path, (_ENCRYPTED_PACKAGE, _ENCRYPTION_INFO, _BIFF8_STREAM, _BIFF5_STREAM))
    if _ENCRYPTED_PACKAGE in found and _ENCRYPTION_INFO in found:
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: buku kerja dilindungi kata sandi. "
            "Buka di Excel dengan kata sandinya, hapus kata sandi (Berkas > Info > "
            "Lindungi Buku Kerja > Enkripsi dengan Kata Sandi, kosongkan), simpan, "
            "lalu impor lagi.",
            code="workbook_password_protected",
            file=path.name,
        )
    if _BIFF8_STREAM in found:
        return FileKind("xls", ".xls")
    if _BIFF5_STREAM in found:
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: format Excel 5.0/95 yang sangat lama "
            "dan tidak didukung. Buka berkas itu di Excel, pilih Berkas > Simpan "
            'Sebagai, pilih jenis "Buku Kerja Excel (*.xlsx)", lalu impor berkas '
            ".xlsx tersebut.",
            code="excel95_unsupported",
            file=path.name,
        )
    raise ServiceError(
        "Berkas '{file}' tidak dapat dibaca: ini berkas Office lama yang bukan "
        "buku kerja Excel (misalnya dokumen .doc).",
        code="file_is_old_office",
        file=path.name,
    )


class Workbook:
    """An open workbook: sheet names and rows. Use as a context manager."""

    def __init__(self, path: Path, book: CalamineWorkbook, kind: FileKind) -> None:
        self.path = path
        self.kind = kind
        self._book = book
        worksheets = [m for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        # Visible sheets first: a hidden first sheet (an old copy, a lookup list) is never
        # what "the first sheet with a header" means to the person who sent the file.
        visible = [m.name for m in worksheets if m.visible == SheetVisibleEnum.Visible]
        hidden = [m.name for m in worksheets if m.visible != SheetVisibleEnum.Visible]
        self.sheet_names: list[str] = visible + hidden or list(book.sheet_names)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(CalamineError):
            self._book.close()

    def require_sheet(self, name: str) -> str:
        if name in self.sheet_names:
            return name
        folded = {n.strip().casefold(): n for n in self.sheet_names}
        match = folded.get(name.strip().casefold())
        if match is not None:
            return match
        available = ", ".join(f"'{n}'" for n in self.sheet_names) or "(tidak ada)"
        raise ServiceError(
            "Lembar '{sheet}' tidak ada di berkas '{file}'. Lembar yang ada: {available}.",
            code="sheet_not_found",
            sheet=name,
            file=self.path.name,
            available=available,
        )

    def sheet(self, sheet: str) -> SheetRows:
        """The rows of ``sheet``; ServiceError when the sheet is missing or broken."""
        name = self.require_sheet(sheet)
        try:
            data = self._book.get_sheet_by_name(name)
        except PasswordError:
            raise ServiceError(
                "Berkas '{file}' tidak dapat dibaca: buku kerja dilindungi kata sandi.",
                code="workbook_password_protected",
                file=self.path.name,
            ) from None
        except BaseException as exc:
            if not _is_reader_failure(exc):
                raise
            raise ServiceError(
                "Berkas '{file}' tidak dapat dibaca: lembar '{sheet}' rusak dan tidak "
                "dapat dibaca.",
                code="sheet_damaged",
                file=self.path.name,
                sheet=name,
            ) from None
        return SheetRows(self.path, name, data)

    def rows(self, sheet: str) -> Iterator[list[Cell]]:
        return iter(self.sheet(sheet))

    def head(self, sheet: str, count: int) -> list[list[Cell]]:
        return list(islice(self.sheet(sheet), count))


class SheetRows:
    """One sheet's rows from Excel row 1; cell i of a row is column i (0 = A).

    Every row of a sheet has the same length; empty cells are "".
    """

    def __init__(self, path: Path, name: str, data: CalamineSheet) -> None:
        self.path = path
        self.name = name
        self._data = data
        end = data.end
        start = data.start
        self.total_rows = end[0] + 1 if end else 0
        self.width = end[1] + 1 if end else 0
        # calamine yields rows from row 1 but columns only from the first
        # non-empty one; padding keeps indexes equal to real column positions.
        self._pad: list[Cell] = [""] * start[1] if start else []

    @property
    def is_empty(self) -> bool:
        return self.total_rows == 0

    def __iter__(self) -> Iterator[list[Cell]]:
        pad = self._pad
        try:
            if pad:
                for row in self._data.iter_rows():
                    yield pad + row
            else:
                yield from self._data.iter_rows()
        except BaseException as exc:
            if not _is_reader_failure(exc):
                raise
            raise ServiceError(
                "Berkas '{file}' tidak dapat dibaca: lembar '{sheet}' rusak dan tidak "
                "dapat dibaca.",
                code="sheet_damaged",
                file=self.path.name,
                sheet=self.name,
            ) from None


def open_workbook(path: str | Path) -> Workbook:
    """Open a workbook for reading; ServiceError (Indonesian, names the file) if impossible."""
    file = Path(path)
    kind = sniff(file)
    try:
        if file.suffix.lower() == kind.calamine_suffix or (
            kind.calamine_suffix == ".xlsx" and file.suffix.lower() == ".xlsm"
        ):
            book = CalamineWorkbook.from_path(str(file))
        else:
            # The name lies about the content (an .xlsx called .xls): let
            # calamine detect the format from the bytes instead.
            with file.open("rb") as handle:
                book = CalamineWorkbook.from_filelike(handle)
    except PasswordError:
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: buku kerja dilindungi kata sandi. "
            "Hapus kata sandinya di Excel.",
            code="workbook_password_protected",
            file=file.name,
        ) from None
    except BaseException as exc:
        if not _is_reader_failure(exc):
            raise
        if kind.kind == "xls":
            raise ServiceError(
                "Berkas '{file}' tidak dapat dibaca: berkas .xls lama ini rusak atau "
                "memakai format yang tidak didukung. Buka berkas itu di Excel, pilih "
                'Berkas > Simpan Sebagai, pilih jenis "Buku Kerja Excel (*.xlsx)", lalu '
                "impor berkas .xlsx tersebut.",
                code="xls_unreadable",
                file=file.name,
            ) from exc
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: berkas rusak (isi buku kerja tidak "
            "utuh). Minta atau salin ulang berkasnya.",
            code="workbook_damaged",
            file=file.name,
        ) from exc
    workbook = Workbook(file, book, kind)
    if not workbook.sheet_names:
        workbook.close()
        if kind.kind == "xls":
            raise ServiceError(
                "Berkas '{file}' tidak dapat dibaca: berkas .xls ini rusak atau tidak "
                "berisi lembar kerja. Buka berkas itu di Excel, pilih Berkas > Simpan "
                'Sebagai, pilih jenis "Buku Kerja Excel (*.xlsx)", lalu impor berkas '
                ".xlsx tersebut.",
                code="xls_without_sheets",
                file=file.name,
            )
        raise ServiceError(
            "Berkas '{file}' tidak dapat dibaca: buku kerja tidak berisi lembar kerja.",
            code="workbook_without_sheets",
            file=file.name,
        )
    return workbook
