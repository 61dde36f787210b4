"""Finding the header row of a sheet, and the "1 2 3 ..." row forms put under it.

Files sent to a branch office start with titles, blank lines and logos; the
header is whichever of the first rows names the most known fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kantor_app.services.spreadsheets.reader import Cell

HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class HeaderRow:
    index: int  # 0-based index in the rows given (Excel row = index + 1 for a full sheet)
    columns: dict[str, int]  # field -> 0-based column


def find_header_row(
    rows: Sequence[Sequence[Cell]],
    map_row: Callable[[Sequence[Cell]], dict[str, int]],
    acceptable: Callable[[dict[str, int]], bool],
) -> HeaderRow | None:
    """The acceptable row among the first 20 that maps the most fields (the earliest on a tie)."""
    best: HeaderRow | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = map_row(row)
        if not acceptable(columns):
            continue
        if best is None or len(columns) > len(best.columns):
            best = HeaderRow(index, columns)
    return best


def is_column_numbering_row(row: Sequence[Cell]) -> bool:
    """The "1 2 3 4 ..." row government forms put under the header."""
    numbers: list[int] = []
    for cell in row:
        if cell == "" or cell is None:
            continue
        if isinstance(cell, bool):
            return False
        if isinstance(cell, int | float) and float(cell).is_integer():
            numbers.append(int(cell))
        elif isinstance(cell, str) and cell.strip().isdigit():
            numbers.append(int(cell.strip()))
        else:
            return False
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def is_blank_row(row: Sequence[Cell]) -> bool:
    return all(cell == "" or cell is None for cell in row)
