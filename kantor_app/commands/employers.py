"""Employer imports: `import-employers`, `import-contributions`.

    kantor-app [--db URL] import-employers FILE.xlsx [--errors OUT.xlsx] [--json]
    kantor-app [--db URL] import-contributions FILE.xlsx [--errors OUT.xlsx] [--json]

Exit codes: 0 the file was read, even if rows were rejected (see the report
and ``--errors``), 1 refused, 2 the file (unreadable, no header row, a
required column missing), the error workbook or the database could not be
used. Messages go to stderr; ``--json`` prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kantor_app.commands.import_options import add_errors_option


def register(sub: argparse._SubParsersAction[Any]) -> None:
    for name, what in (
        ("import-employers", "perusahaan"),
        ("import-contributions", "iuran bulanan"),
    ):
        imp = sub.add_parser(
            name,
            help=f"impor data {what} dari .xlsx",
            description=f"Impor data {what} dari berkas .xlsx (semua atau tidak sama sekali; "
            "baris yang salah dilaporkan di buku kerja kesalahan).",
        )
        imp.add_argument("file", type=Path, metavar="FILE.xlsx")
        add_errors_option(imp, "simpan buku kerja baris yang ditolak (Baris/Kolom/Alasan)")
        imp.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
        imp.set_defaults(func=run_import, import_kind=name)


def _err(message: str) -> None:
    print(f"kantor-app: {message}", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    from kantor_app.services.database import open_database
    from kantor_app.services.employers.importing import (
        UnreadableFile,
        import_contributions,
        import_employers,
        write_error_workbook,
    )
    from kantor_app.services.errors import ServiceError

    path: Path = args.file
    if not path.is_file():
        _err(f"Berkas tidak ditemukan: {path}")
        return 2
    db = open_database(args.db, demo=args.demo)
    try:
        if args.import_kind == "import-employers":
            result = import_employers(db, path, username="cli")
        else:
            result = import_contributions(db, path, username="cli")
    except UnreadableFile as exc:
        _err(str(exc))
        return 2
    except ServiceError as exc:
        _err(str(exc))
        return 1
    finally:
        db.dispose()
    if args.errors is not None and result.rejections:
        try:
            write_error_workbook(result, args.errors)
        except ServiceError as exc:
            _err(str(exc))
            return 2
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        print(result.summary())
        for rejection in result.rejections[:20]:
            print(f"  baris {rejection.row}: {rejection.message}", file=sys.stderr)
        if len(result.rejections) > 20:
            print(f"  … dan {len(result.rejections) - 20} baris lain", file=sys.stderr)
    return 0
