"""The sanction cases (kasus kepatuhan) on the command line.

    kantor-app [--db URL] cases [--employer NPP ...] [--all] [--date YYYY-MM-DD] [--json]
    kantor-app [--db URL] case-close LETTER_NUMBER --reason patuh|selesai|dicabut
        [--note TEXT] [--date YYYY-MM-DD]
    kantor-app [--db URL] case-fine-base LETTER_NUMBER --amount RUPIAH --source TEXT

``cases`` lists each open case (``--all``: closed ones too) with its step, its
next step and the date from which that step is allowed. ``case-close`` closes
the case one of whose letters has the given number (or the case id). Exit
codes: 0 done, 1 refused, 2 the database could not be used.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from kantor_app.commands.dates import iso_date
from kantor_app.domain.dates import format_date_id
from kantor_app.domain.money import format_rupiah
from kantor_app.domain.sanction import CLOSE_REASONS

if TYPE_CHECKING:
    from kantor_app.store.engine import Database


def register(sub: argparse._SubParsersAction[Any]) -> None:
    listing = sub.add_parser(
        "cases",
        help="daftar kasus sanksi (Teguran I, II, denda, TMP2T) dan langkah berikutnya",
        description="Daftar kasus kepatuhan: tahap, langkah berikutnya dan sejak kapan boleh.",
    )
    listing.add_argument("--employer", nargs="+", metavar="NPP", help="hanya perusahaan ini")
    listing.add_argument("--all", action="store_true", help="termasuk kasus yang sudah ditutup")
    listing.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="per tanggal (bawaan: hari ini)",
    )
    listing.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    listing.set_defaults(func=run_cases)

    closing = sub.add_parser(
        "case-close",
        help="tutup kasus sanksi (patuh, selesai, atau dicabut dengan alasan)",
        description="Tutup kasus kepatuhan yang memuat surat bernomor ini.",
    )
    closing.add_argument("reference", metavar="NOMOR_SURAT", help="nomor salah satu surat kasus")
    closing.add_argument("--reason", required=True, choices=list(CLOSE_REASONS), help="alasan")
    closing.add_argument("--note", default="", help="keterangan (wajib untuk dicabut)")
    closing.add_argument(
        "--date", type=iso_date, metavar="YYYY-MM-DD", help="tanggal (bawaan: hari ini)"
    )
    closing.set_defaults(func=run_case_close)

    base = sub.add_parser(
        "case-fine-base",
        help="isi iuran yang seharusnya dibayar untuk denda kasus tanpa tunggakan",
        description="Kasus tanpa tunggakan iuran (belum daftar, PDS): isi iuran yang seharusnya "
        "dibayar, dasar denda 0,1%, beserta sumbernya, sebelum tahap denda.",
    )
    base.add_argument("reference", metavar="NOMOR_SURAT", help="nomor salah satu surat kasus")
    base.add_argument("--amount", required=True, type=int, metavar="RUPIAH", help="jumlah iuran")
    base.add_argument("--source", required=True, help="sumber angka, mis. nomor BAP pemeriksaan")
    base.set_defaults(func=run_case_fine_base)


def _err(message: str) -> None:
    print(f"kantor-app: {message}", file=sys.stderr)


def _when(d: date | None) -> str:
    return format_date_id(d) if d is not None else "-"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def run_cases(args: argparse.Namespace) -> int:
    from kantor_app.services.database import open_database
    from kantor_app.services.errors import ServiceError
    from kantor_app.services.letters.cases import list_cases

    today: date = args.date or date.today()
    db = open_database(args.db, demo=args.demo)
    try:
        with db.session() as session:
            listed = list_cases(session, today, npps=args.employer or (), include_closed=args.all)
    except ServiceError as exc:
        _err(str(exc))
        return 1
    finally:
        db.dispose()
    if args.json:
        payload = [
            {
                "employer": x.employer,
                "npp": x.npp,
                "opened_on": x.row.opened_on.isoformat(),
                "violations": x.row.violations,
                "step": x.row.step,
                "letters": list(x.row.letters),
                "next_step": x.row.next_step,
                "period_end": _iso(x.row.period_end),
                "allowed_from": _iso(x.row.allowed_from),
                "blocked": x.row.blocked,
                "closed_on": _iso(x.row.closed_on),
                "close_reason": x.row.close_reason or None,
            }
            for x in listed
        ]
        print(
            json.dumps({"as_of": today.isoformat(), "cases": payload}, ensure_ascii=False, indent=2)
        )
        return 0
    for x in listed:
        r = x.row
        if not r.is_open:
            state = f"ditutup {_when(r.closed_on)} ({r.close_reason})"
        elif r.next_step is None:
            state = r.blocked or "-"
        elif r.allowed_from is not None:
            state = f"{r.next_step} sejak {_when(r.allowed_from)}"
        else:
            state = f"{r.next_step}: {r.blocked}"
        print(f"{x.employer}\t{x.npp or '-'}\t{r.violations}\t{r.step}\t{r.letters[-1]}\t{state}")
    if not listed:
        print("Tidak ada kasus kepatuhan.")
    return 0


def _act_on_case(args: argparse.Namespace, act: Callable[[Database, uuid.UUID], None]) -> bool:
    """Run ``act`` on the case one of whose letters is ``args.reference``; False if refused."""
    from kantor_app.services.database import open_database
    from kantor_app.services.errors import ServiceError
    from kantor_app.services.letters.cases import find_case

    db = open_database(args.db, demo=args.demo)
    try:
        with db.session() as session:
            case_id = find_case(session, args.reference)
        act(db, case_id)
    except ServiceError as exc:
        _err(str(exc))
        return False
    finally:
        db.dispose()
    return True


def run_case_close(args: argparse.Namespace) -> int:
    from kantor_app.services.letters.cases import close_case

    def close(db: Database, case_id: uuid.UUID) -> None:
        close_case(db, case_id, args.reason, args.note, closed_on=args.date, username="cli")

    if not _act_on_case(args, close):
        return 1
    print(f"Kasus surat {args.reference} ditutup: {CLOSE_REASONS[args.reason]}.")
    return 0


def run_case_fine_base(args: argparse.Namespace) -> int:
    from kantor_app.services.letters.fine_base import set_fine_base

    def record(db: Database, case_id: uuid.UUID) -> None:
        set_fine_base(db, case_id, args.amount, args.source, username="cli")

    if not _act_on_case(args, record):
        return 1
    print(f"Dasar denda kasus surat {args.reference} tercatat: {format_rupiah(args.amount)}.")
    return 0
