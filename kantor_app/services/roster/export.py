"""The filtered roster as an Excel workbook, streamed page by page."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kantor_app.services.errors import Cancelled
from kantor_app.services.roster.filters import RosterFilter
from kantor_app.services.roster.paging import count_workers, iter_rows
from kantor_app.services.roster.rows import WorkerRow
from kantor_app.services.roster.sorting import RosterSort
from kantor_app.store.engine import Database

Progress = Callable[[int, int, str], None]

EXPORT_HEADERS = (
    "NIK",
    "Nama",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Kabupaten/Kota",
    "Kecamatan",
    "Desa/Kelurahan",
    "Pekerjaan",
    "No HP",
    "Penghasilan",
    "Segmen",
    "Status",
)
_WIDTHS = (20, 32, 14, 8, 28, 24, 24, 20, 16, 14, 10, 10)


def _start_sheet(sheet: Any) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    for index, width in enumerate(_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in EXPORT_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)


def _append_rows(sheet: Any, rows: list[WorkerRow]) -> None:
    from openpyxl.cell import WriteOnlyCell

    # query.py owns the labels (the translation tool reads them there) and
    # re-exports this module, so they are looked up when an export runs.
    from kantor_app.services.roster.query import SEGMENT_LABELS, STATUS_LABELS
    from kantor_app.services.spreadsheets.safe_cells import safe_row

    for row in rows:
        nik = WriteOnlyCell(sheet, value=row.nik)
        nik.number_format = "@"
        birth = WriteOnlyCell(sheet, value=row.birth_date)
        birth.number_format = "DD-MM-YYYY"
        cells: list[Any] = [
            nik,
            row.name,
            birth,
            row.gender or "",
            row.regency_name or "",
            row.district_name or "",
            row.village_name or "",
            row.occupation,
            row.phone,
            row.income,
            SEGMENT_LABELS.get(row.segment, row.segment),
            STATUS_LABELS.get(row.status, row.status),
        ]
        sheet.append(safe_row(sheet, cells))


def export_workers_xlsx(
    db: Database,
    f: RosterFilter,
    sort: RosterSort,
    path: Path,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the filtered roster to `path` (.xlsx); returns the number of workers.

    Streams keyset pages into openpyxl's write-only mode, so memory stays flat.
    NIKs are text cells formatted as Text, so Excel never rounds them. The file
    appears only when complete: a cancel or an error leaves no half file.
    """
    from openpyxl import Workbook

    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    with db.session() as session:
        total = count_workers(session, f)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Peserta")
        _start_sheet(sheet)
        done = 0
        try:
            for rows in iter_rows(session, f, sort):
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled()
                _append_rows(sheet, rows)
                done += len(rows)
                if progress is not None:
                    progress(
                        done, total, f"Menulis {done:,} dari {total:,} peserta".replace(",", ".")
                    )
            workbook.save(partial)
            os.replace(partial, path)
        except BaseException:
            if not sheet.closed:
                # Finish openpyxl's row stream now; left to the garbage
                # collector it writes into a file that is already gone.
                sheet.close()
            partial.unlink(missing_ok=True)
            raise
    return done
