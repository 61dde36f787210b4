"""How a raw cell reads on screen: previews, header texts, messages, error workbooks.

One rendering for the whole app, so a cell reads the same in the import
dialog, in a rejection message and in the error workbook. Booleans are
BENAR/SALAH because the interface is Indonesian (as Excel shows them there).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kantor_app.services.spreadsheets.reader import Cell


def cell_text(cell: Cell | None) -> str:
    """The cell as the user would recognise it (a NIK number without exponent)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "BENAR" if cell else "SALAH"
    if isinstance(cell, float):
        # Below 1e17 every integral float prints exactly as digits; beyond that
        # repr is the honest form (the digits are not all there).
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e17 else repr(cell)
    if isinstance(cell, datetime):
        return (
            cell.strftime("%d-%m-%Y %H:%M") if cell.time() != time() else cell.strftime("%d-%m-%Y")
        )
    if isinstance(cell, date):
        return cell.strftime("%d-%m-%Y")
    if isinstance(cell, time | timedelta):
        return str(cell)
    return str(cell)
