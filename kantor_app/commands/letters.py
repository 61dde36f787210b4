"""The `letters` command: numbered surat teguran for chosen or all non-compliant employers.

    kantor-app [--db URL] letters --kind teguran-1|teguran-2|tunggakan|jakon
        (--employer NPP ... | --all-noncompliant [--sector S] [--regency CODE])
        --out DIR [--date YYYY-MM-DD] [--confirm-outside-area] [--json]

Exit codes: 0 done, 1 refused (an employer may not receive this letter, an
unknown NPP), 2 the database could not be used. Messages go to stderr;
``--json`` prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kantor_app.commands.dates import iso_date
from kantor_app.domain.vocabulary import LETTER_KINDS, SECTORS

if TYPE_CHECKING:
    from kantor_app.store.engine import Database

_SKIPPED_SHOWN = 10  # reasons listed on stderr; the rest are counted


def register(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser(
        "letters",
        help="terbitkan surat teguran/tunggakan/Jakon ke perusahaan (PDF)",
        description="Terbitkan surat bernomor ke perusahaan: satu PDF per surat dan satu PDF "
        "gabungan untuk dicetak, lalu catat di register surat.",
    )
    parser.add_argument("--kind", required=True, choices=LETTER_KINDS, help="jenis surat")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--employer", nargs="+", metavar="NPP", help="NPP perusahaan tujuan")
    who.add_argument(
        "--all-noncompliant",
        action="store_true",
        help="semua perusahaan tidak patuh yang memenuhi syarat jenis surat ini; untuk jakon: "
        "semua kontraktor dengan paket yang lewat 14 hari kerja sejak SPK, apa pun statusnya",
    )
    parser.add_argument(
        "--sector", choices=SECTORS, help="hanya sektor ini (dengan --all-noncompliant)"
    )
    parser.add_argument(
        "--regency",
        metavar="CODE",
        help="hanya kab/kota ini, mis. 64.72 (dengan --all-noncompliant)",
    )
    parser.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help="folder keluaran PDF"
    )
    parser.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="tanggal surat (bawaan: hari ini)",
    )
    parser.add_argument(
        "--confirm-outside-area",
        action="store_true",
        help="terbitkan juga surat ke perusahaan di luar wilayah kerja cabang",
    )
    parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    parser.set_defaults(func=run_letters)


def _err(message: str) -> None:
    print(f"kantor-app: {message}", file=sys.stderr)


def _regency_code(text: str | None) -> str | None:
    if not text:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 4:
        return f"{digits[:2]}.{digits[2:]}"
    return text.strip()


def _report_skipped(db: Database, skipped: dict[uuid.UUID, str]) -> None:
    """The first reasons, so the user sees what to fix (e.g. which UMK decree to enter)."""
    from kantor_app.services.letters.recipients import employer_names

    names = employer_names(db, list(skipped)[:_SKIPPED_SHOWN])
    for employer_id, reason in list(skipped.items())[:_SKIPPED_SHOWN]:
        print(f"  - {names.get(employer_id, '?')}: {reason}", file=sys.stderr)
    if len(skipped) > _SKIPPED_SHOWN:
        print(f"  … dan {len(skipped) - _SKIPPED_SHOWN} perusahaan lainnya", file=sys.stderr)


def run_letters(args: argparse.Namespace) -> int:
    from kantor_app.services.database import open_database
    from kantor_app.services.errors import ServiceError
    from kantor_app.services.letters.figures import period_warnings
    from kantor_app.services.letters.issuing import issue_letters
    from kantor_app.services.letters.recipients import choose_recipients

    if not args.all_noncompliant and (args.sector or args.regency):
        _err("--sector dan --regency hanya berlaku dengan --all-noncompliant.")
        return 1
    today: date = args.date or date.today()
    db = open_database(args.db, demo=args.demo)
    try:
        recipients = choose_recipients(
            db,
            args.kind,
            today,
            npps=None if args.all_noncompliant else args.employer,
            sector=args.sector,
            regency_code=_regency_code(args.regency),
        )
        if recipients.skipped:
            _err(f"{len(recipients.skipped)} perusahaan dilewati: tidak memenuhi syarat surat ini.")
            _report_skipped(db, recipients.skipped)
        ids = recipients.employer_ids
        for warning in period_warnings(db, today) if ids else []:
            _err(f"peringatan: {warning}")
        issued = (
            issue_letters(
                db,
                args.kind,
                ids,
                out_dir=args.out,
                today=today,
                username="cli",
                confirm_outside_area=args.confirm_outside_area,
            )
            if ids
            else []
        )
    except ServiceError as exc:
        _err(str(exc))
        return 1
    finally:
        db.dispose()

    if args.json:
        payload = {
            "kind": args.kind,
            "issued_on": today.isoformat(),
            "combined": str(issued[0].combined_path)
            if issued and issued[0].combined_path
            else None,
            "letters": [
                {
                    "number": letter.number,
                    "kind": letter.kind,
                    "employer": letter.employer_name,
                    "npp": letter.npp,
                    "file": str(letter.path),
                    "sha256": letter.sha256,
                }
                for letter in issued
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for letter in issued:
            print(f"{letter.number}\t{letter.employer_name}\t{letter.path}")
        if issued and issued[0].combined_path:
            print(f"Gabungan: {issued[0].combined_path}")
        if not issued:
            print("Tidak ada surat yang diterbitkan.")
    if issued:
        # The letters print no deadline: it runs from the receipt the register must record.
        _err("batas waktu berjalan sejak surat diterima: catat letter-sent / letter-received.")
    return 0
