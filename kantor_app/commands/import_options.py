"""Command-line options every import command shares, so they are spelled one way."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_errors_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--errors FILE``: where the rejected-rows workbook goes.

    ``--report`` was the roster import's name for it; kept, hidden, so that
    old scripts keep working.
    """
    parser.add_argument(
        "--errors", dest="errors", metavar="OUT.xlsx", type=Path, default=None, help=help_text
    )
    parser.add_argument(
        "--report", dest="errors", metavar="OUT.xlsx", type=Path, help=argparse.SUPPRESS
    )
