"""Importing monthly contribution records: upsert on (NPP, year, month), audit, compliance."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.dates import MONTHS_ID, parse_date
from kantor_app.domain.textnorm import fold
from kantor_app.services.audit import write_audit
from kantor_app.services.employers.compliance import refresh_compliance
from kantor_app.services.employers.importing.sheet import (
    Fields,
    ImportResult,
    ImportSheet,
    Progress,
    RowProblem,
    UnreadableFile,
    digits_text,
    int_or_none,
    read_sheet,
    report_progress,
    text,
)
from kantor_app.services.spreadsheets.reader import Cell
from kantor_app.store.engine import Database
from kantor_app.store.models import ContributionPeriod, Employer

CONTRIBUTION_FIELDS: Fields = {
    "npp": ("NPP", ("npp", "nonpp", "nomornpp", "nomorpendaftaranperusahaan")),
    "period": ("Periode", ("periode", "periodeiuran", "bulaniuran", "masaiuran")),
    "year": ("Tahun", ("tahun", "tahuniuran")),
    "month": ("Bulan", ("bulan",)),
    "due": (
        "Iuran Wajib",
        ("iuran", "iuranwajib", "tagihan", "jumlahiuran", "wajibbayar", "iurantagihan", "due"),
    ),
    "paid": ("Dibayar", ("dibayar", "pembayaran", "jumlahdibayar", "bayar", "iurandibayar")),
    "paid_on": ("Tanggal Bayar", ("tanggalbayar", "tglbayar", "tanggalpembayaran")),
}


_PERIOD_TEXT = re.compile(
    r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*$|^\s*(\d{1,2})\s*[-/.]\s*(\d{4})\s*$"
)


def _period(row: list[Cell], sheet: ImportSheet) -> tuple[int, int]:
    """(year, month) from a Periode cell ("2026-08", "08/2026", "Agustus 2026", a date) or
    from separate Tahun and Bulan cells."""
    columns = sheet.columns
    if "period" in columns:
        cell = sheet.cell(row, "period")
        words = text(cell)
        match = _PERIOD_TEXT.match(words) if isinstance(cell, str) else None
        if match:
            year = int(match.group(1) or match.group(4))
            month = int(match.group(2) or match.group(3))
        else:
            parts = fold(words).split()
            names = [fold(m) for m in MONTHS_ID]
            if len(parts) == 2 and parts[0] in names and parts[1].isdigit():
                year, month = int(parts[1]), names.index(parts[0]) + 1
            else:
                try:
                    day = parse_date(cell)
                except ValueError:
                    day = None
                if day is None:
                    raise RowProblem(
                        "period",
                        "period_invalid",
                        f"Periode '{words}' tidak dikenali (contoh: 2026-08 atau Agustus 2026).",
                    )
                year, month = day.year, day.month
    else:
        year_text = digits_text(sheet.cell(row, "year"))
        month_cell = sheet.cell(row, "month")
        month_text = fold(digits_text(month_cell))
        names = [fold(m) for m in MONTHS_ID]
        if not year_text.isdigit():
            raise RowProblem("year", "year_invalid", f"Tahun '{year_text}' tidak valid.")
        year = int(year_text)
        if month_text.isdigit():
            month = int(month_text)
        elif month_text in names:
            month = names.index(month_text) + 1
        else:
            raise RowProblem("month", "month_invalid", f"Bulan '{text(month_cell)}' tidak valid.")
    if not 1 <= month <= 12:
        field_name = "period" if "period" in columns else "month"
        raise RowProblem(field_name, "month_invalid", f"Bulan {month} tidak valid.")
    if not 2000 <= year <= 2100:
        field_name = "period" if "period" in columns else "year"
        raise RowProblem(field_name, "year_invalid", f"Tahun {year} tidak valid.")
    return year, month


@dataclass(frozen=True)
class _Row:
    employer_id: uuid.UUID
    year: int
    month: int
    due: int
    paid: int
    paid_on: date | None


def _check_row(
    row: list[Cell], sheet: ImportSheet, npps: dict[str, uuid.UUID], today: date
) -> _Row:
    npp = "".join(digits_text(sheet.cell(row, "npp")).split()).upper()
    if not npp:
        raise RowProblem("npp", "npp_missing", "NPP kosong.")
    employer_id = npps.get(npp)
    if employer_id is None:
        raise RowProblem("npp", "npp_unknown", f"NPP {npp} tidak terdaftar di data perusahaan.")
    year, month = _period(row, sheet)
    due = int_or_none(sheet.cell(row, "due"), "due", "Iuran wajib")
    if due is None:
        raise RowProblem("due", "due_missing", "Iuran wajib kosong.")
    paid = int_or_none(sheet.cell(row, "paid"), "paid", "Dibayar") or 0
    try:
        paid_on = parse_date(sheet.cell(row, "paid_on") or None)
    except ValueError as exc:
        raise RowProblem("paid_on", "paid_on_invalid", str(exc)) from None
    if paid_on is not None and paid_on > today:
        raise RowProblem("paid_on", "paid_on_future", "Tanggal bayar sesudah hari ini.")
    return _Row(employer_id, year, month, due, paid, paid_on)


def _upsert(
    session: Session, period: ContributionPeriod | None, item: _Row, result: ImportResult
) -> bool:
    """Insert or update one month; False when the stored month already says the same."""
    values = (item.due, item.paid, item.paid_on)
    if period is None:
        session.add(
            ContributionPeriod(
                employer_id=item.employer_id,
                year=item.year,
                month=item.month,
                due=item.due,
                paid=item.paid,
                paid_on=item.paid_on,
            )
        )
        result.imported += 1
    elif (period.due, period.paid, period.paid_on) == values:
        result.unchanged += 1
        return False
    else:
        period.due, period.paid, period.paid_on = values
        result.updated += 1
    return True


def import_contributions(
    db: Database,
    path: Path,
    *,
    username: str = "",
    today: date | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Upsert monthly contributions on (NPP, year, month); re-importing a file changes nothing.

    Columns: NPP, Periode (or Tahun + Bulan), Iuran Wajib, Dibayar, Tanggal Bayar.
    """
    path = Path(path)
    sheet = read_sheet(path, CONTRIBUTION_FIELDS, ("npp", "due"))
    if "period" not in sheet.columns and not {"year", "month"} <= set(sheet.columns):
        raise UnreadableFile(
            "Berkas '{file}' lembar '{sheet}': kolom Periode (atau Tahun dan Bulan) "
            "tidak ditemukan.",
            code="period_column_missing",
            file=path.name,
            sheet=sheet.name,
        )
    result = sheet.result(path, "contributions", ("npp",))
    now = today or date.today()
    total = len(sheet.rows)
    with db.transaction() as session:
        npps = {
            npp: employer_id
            for npp, employer_id in session.execute(select(Employer.npp, Employer.id)).tuples()
            if npp
        }
        existing = {
            (p.employer_id, p.year, p.month): p for p in session.scalars(select(ContributionPeriod))
        }
        seen: dict[tuple[uuid.UUID, int, int], int] = {}
        touched: set[uuid.UUID] = set()
        for done, (number, row) in enumerate(sheet.rows, start=1):
            report_progress(progress, is_cancelled, done, total, "Mengimpor iuran")
            try:
                item = _check_row(row, sheet, npps, now)
                key = (item.employer_id, item.year, item.month)
                if key in seen:
                    npp = "".join(digits_text(sheet.cell(row, "npp")).split()).upper()
                    raise RowProblem(
                        "npp",
                        "duplicate_in_file",
                        f"NPP {npp} periode {item.month:02d}/{item.year} sudah ada di baris "
                        f"{seen[key]}.",
                    )
                seen[key] = number
            except RowProblem as problem:
                result.reject(sheet, number, row, problem)
                continue
            if _upsert(session, existing.get(key), item, result):
                touched.add(item.employer_id)
        session.flush()
        write_audit(
            session,
            entity="import",
            entity_id=path.name[:40],
            action="import_contributions",
            details=result.as_json() | {"rejections": result.rejected},
            username=username,
        )
        if touched:
            refresh_compliance(session, touched, today=now)
    return result
