"""Command line: `kantor-app [--db URL] [COMMAND ...]`; no command opens the window.

Each feature registers its subcommands from `kantor_app/commands/`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from kantor_app import __version__
from kantor_app.commands import cases, delivery, demo, employers, letters, roster, screenshot
from kantor_app.store.errors import StoreError

# Each registers its subcommands; their services are imported when a command runs.
COMMANDS = (demo, screenshot, roster, employers, letters, delivery, cases)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kantor-app",
        description="Kantor: peserta, perusahaan dan penjangkauan BPJS Ketenagakerjaan.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="basis data (URL SQLAlchemy atau path berkas SQLite); bawaan: KANTOR_DB "
        "atau berkas di folder data pengguna",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="buka basis data cabang demo (berkas terpisah, dibuat bila belum ada)",
    )
    parser.add_argument("--lang", choices=("id", "en"), help="bahasa antarmuka")
    parser.add_argument("-v", "--verbose", action="store_true", help="log rinci ke stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.command is None:
            from kantor_app.ui.app import run_gui

            return run_gui(args)
        result: int = args.func(args)
        return result
    except StoreError as exc:
        print(f"kantor-app: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` or similar that closed early: not an error of ours.
        sys.stderr.close()
        return 0
