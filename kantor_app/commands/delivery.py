"""The `letter-sent` and `letter-received` commands: record a letter's sending and receipt.

    kantor-app [--db URL] letter-sent NUMBER... --date YYYY-MM-DD [--json]
    kantor-app [--db URL] letter-received NUMBER... --date YYYY-MM-DD [--note TEXT] [--json]

The period of a teguran runs from its receipt (or its sending plus the
branch's delivery allowance), so these dates decide when a next step is
allowed. All letters named are recorded, or none. Exit codes, as for ``letters``: 0
recorded, 1 refused (an unknown number, an impossible date), 2 the database
could not be used. Messages go to stderr; ``--json`` prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kantor_app.commands.dates import iso_date


def register(sub: argparse._SubParsersAction[Any]) -> None:
    sent = sub.add_parser(
        "letter-sent",
        help="catat tanggal kirim surat (satu atau banyak nomor)",
        description="Catat tanggal surat dikirim. Batas waktu dihitung dari tanggal kirim "
        "ditambah waktu antar cabang sampai tanda terima dicatat.",
    )
    _common(sent)
    sent.set_defaults(func=run_sent)
    received = sub.add_parser(
        "letter-received",
        help="catat tanggal surat diterima (tanda terima)",
        description="Catat tanggal surat diterima perusahaan menurut tanda terima. Batas "
        "waktu 10 hari kerja dihitung dari tanggal ini.",
    )
    _common(received)
    received.add_argument("--note", default="", metavar="TEXT", help="catatan tanda terima")
    received.set_defaults(func=run_received)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("numbers", nargs="+", metavar="NUMBER", help="nomor surat di register")
    parser.add_argument(
        "--date",
        required=True,
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="tanggal kirim atau diterima",
    )
    parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")


def run_sent(args: argparse.Namespace) -> int:
    return _run(args, received=False)


def run_received(args: argparse.Namespace) -> int:
    return _run(args, received=True)


def _run(args: argparse.Namespace, *, received: bool) -> int:
    from kantor_app.services.database import open_database
    from kantor_app.services.errors import ServiceError
    from kantor_app.services.letters.delivery import (
        letter_ids_by_number,
        record_received,
        record_sent,
    )

    db = open_database(args.db, demo=args.demo)
    try:
        ids = letter_ids_by_number(db, args.numbers)
        delivered = (
            record_received(db, ids, args.date, args.note, username="cli")
            if received
            else record_sent(db, ids, args.date, username="cli")
        )
    except ServiceError as exc:
        print(f"kantor-app: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    if args.json:
        payload = {
            "letters": [
                {
                    "number": d.number,
                    "status": d.status,
                    "sent_on": d.sent_on.isoformat() if d.sent_on else None,
                    "received_on": d.received_on.isoformat() if d.received_on else None,
                    "deadline": d.deadline.isoformat() if d.deadline else None,
                    "basis": d.basis,
                }
                for d in delivered
            ]
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for d in delivered:
            end = d.deadline.isoformat() if d.deadline else "-"
            print(f"{d.number}\t{d.status}\tbatas waktu {end} (dari {d.basis})")
    return 0
