"""Gender (jenis kelamin) as written in rosters: "L" (laki-laki) or "P" (perempuan)."""

from __future__ import annotations

from typing import Literal

from kantor_app.domain.textnorm import fold

Gender = Literal["L", "P"]

_MALE = frozenset({"l", "lk", "laki laki", "lakilaki", "laki", "pria", "m", "male", "man"})
_FEMALE = frozenset({"p", "pr", "perempuan", "wanita", "w", "f", "female", "woman"})


def parse_gender(value: object) -> Gender | None:
    """ "L", "P", or None when empty; ValueError for anything else."""
    if value is None:
        return None
    text = str(value)
    # A lone dash is how many rosters mark "no data".
    if text.strip() in {"", "-", "--"}:
        return None
    # fold() turns "Laki-laki" into "laki laki" and drops the dots of "Lk."
    key = fold(text)
    if key in _MALE:
        return "L"
    if key in _FEMALE:
        return "P"
    raise ValueError(
        f"Jenis kelamin '{text.strip()}' tidak dikenali. Gunakan L (laki-laki) atau P (perempuan)."
    )
