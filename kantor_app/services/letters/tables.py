"""The tables printed in a letter: the arrears per month and the unregistered Jakon projects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from kantor_app.domain.compliance import Assessment
from kantor_app.domain.dates import format_date_id, format_month_id
from kantor_app.domain.money import format_rupiah
from kantor_app.domain.rates import jakon_contribution
from kantor_app.services.letters.pdf.render import LetterTable
from kantor_app.services.reference.seed import load_jakon_bands
from kantor_app.store.models import PublicWorksPackage

__all__ = ["arrears_table", "jakon_amounts", "jakon_table", "percent_text"]


def arrears_table(a: Assessment, rate_text: str) -> LetterTable:
    rows = tuple(
        (
            str(n),
            format_month_id(line.year, line.month),
            format_rupiah(line.outstanding),
            str(line.months_late),
            format_rupiah(line.late_fee),
            format_rupiah(line.outstanding + line.late_fee),
        )
        for n, line in enumerate(a.arrears, start=1)
    )
    return LetterTable(
        # Line breaks keep the header from widening the amount columns: the
        # month column gets the room it needs.
        columns=(
            "No",
            "Periode",
            "Iuran\nterutang",
            "Bulan\nterlambat",
            f"Denda\n{rate_text}",
            "Jumlah",
        ),
        rows=rows,
        total_row=(
            "Jumlah",
            "",
            format_rupiah(a.arrears_total),
            "",
            format_rupiah(a.late_fee_total),
            format_rupiah(a.arrears_total + a.late_fee_total),
        ),
    )


def jakon_amounts(
    packages: Sequence[PublicWorksPackage], session: Session, today: date
) -> list[int]:
    bands = load_jakon_bands(session, today)
    return [jakon_contribution(p.contract_value or 0, bands) if bands else 0 for p in packages]


def jakon_table(packages: Sequence[PublicWorksPackage], amounts: Sequence[int]) -> LetterTable:
    """Every overdue package of the letter, one row each, the totals under several."""
    rows = tuple(
        (
            str(n),
            f"{p.name} (kode RUP {p.kd_rup})",
            format_date_id(p.spk_date) if p.spk_date else "-",
            format_rupiah(p.contract_value or 0),
            format_rupiah(amount),
        )
        for n, (p, amount) in enumerate(zip(packages, amounts, strict=True), start=1)
    )
    return LetterTable(
        columns=("No", "Paket (kode RUP)", "Tanggal SPK", "Nilai kontrak", "Iuran\nJKK+JKM"),
        rows=rows,
        total_row=(
            "Jumlah",
            "",
            "",
            format_rupiah(sum(p.contract_value or 0 for p in packages)),
            format_rupiah(sum(amounts)),
        )
        if len(rows) > 1
        else None,
    )


def percent_text(rate: Decimal) -> str:
    """Decimal("2.0000") -> "2%", Decimal("0.1") -> "0,1%"."""
    text = format(rate.normalize(), "f")
    return text.replace(".", ",") + "%"
