"""`kantor-app import-roster FILE`: the roster import without a window.

Exit status: 0 when the file was read (even if rows were rejected), 2 when
the file itself cannot be read (message on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kantor_app.commands.import_options import add_errors_option
from kantor_app.services.database import open_database
from kantor_app.services.errors import ServiceError
from kantor_app.services.roster.importing.importer import ImportResult, import_roster

EXIT_OK = 0
EXIT_UNREADABLE = 2
_SHOWN_REJECTIONS = 20


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "import-roster",
        help="impor daftar peserta dari berkas Excel (.xlsx, .xlsm, .xls, .ods)",
        description="Impor daftar peserta: NIK diperiksa, data diperbarui menurut NIK, "
        "baris yang ditolak ditulis ke buku kerja laporan.",
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="berkas daftar peserta")
    parser.add_argument("--sheet", metavar="NAME", help="nama lembar (bawaan: dideteksi)")
    add_errors_option(
        parser, "buku kerja baris yang ditolak (bawaan: <nama>-ditolak.xlsx di samping berkas)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="periksa dan laporkan saja, tanpa menyimpan"
    )
    parser.add_argument("--json", action="store_true", help="cetak satu objek JSON ke stdout")
    parser.set_defaults(func=run_import_roster)


def summary_text(result: ImportResult) -> str:
    """The human summary, in Indonesian."""
    lines = [
        f"Berkas : {result.file}",
        f"Lembar : {result.sheet} (judul kolom di baris {result.header_row})",
        f"Baris dibaca      : {result.rows_read}",
        f"Baru              : {result.imported}",
        f"Diperbarui        : {result.updated}",
        f"Tidak berubah     : {result.unchanged}",
        f"Ditolak           : {result.rejected}",
        f"Dengan peringatan : {result.warnings}",
    ]
    if result.dry_run:
        lines.append("Uji coba (--dry-run): tidak ada yang disimpan ke basis data.")
    if result.rejections:
        lines.append("")
        lines.append("Baris yang ditolak:")
        for issue in result.rejections[:_SHOWN_REJECTIONS]:
            lines.append(f"  baris {issue.row}: {issue.message} [{issue.code}]")
        more = len(result.rejections) - _SHOWN_REJECTIONS
        if more > 0:
            lines.append(f"  ... dan {more} baris lain.")
    if result.error_report is not None:
        lines.append(f"Laporan baris ditolak: {result.error_report}")
    return "\n".join(lines)


def run_import_roster(args: argparse.Namespace) -> int:
    file: Path = args.file
    try:
        db = open_database(args.db, demo=args.demo)
    except ServiceError as exc:
        print(f"kantor-app: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        result = import_roster(
            db, file, sheet=args.sheet, dry_run=args.dry_run, report_path=args.errors
        )
    except ServiceError as exc:
        print(f"kantor-app: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    finally:
        db.dispose()
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print(summary_text(result))
    return EXIT_OK
