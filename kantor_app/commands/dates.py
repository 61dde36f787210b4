"""The date arguments of the letter commands, read with an Indonesian message when mistyped."""

from __future__ import annotations

import argparse
from datetime import date


def iso_date(text: str) -> date:
    """``--date YYYY-MM-DD``; argparse prints the message and exits 2 for anything else."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tanggal '{text}' tidak dikenal: tulis TAHUN-BULAN-HARI, mis. 2026-12-04"
        ) from None
