"""Column mapping by header names: which column holds which field, in any spelling.

Headers come in Indonesian and English and in every spelling: "No. KTP",
"NIK (16 digit)", "Jenis Kelamin (L/P)", "TGL LAHIR". A header is reduced to
a key (lowercase letters and digits only, accents and words in brackets
dropped) and looked up in each importer's table of known keys per field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence

from kantor_app.services.spreadsheets.reader import Cell

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(text: str) -> str:
    """ "Nomor Induk Kependudukan (NIK)" -> "nomorindukkependudukan"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NON_ALNUM.sub("", _BRACKETS.sub(" ", plain))


class HeaderNames:
    """An importer's header vocabulary: field -> the header keys that name it.

    ``fallback`` gets a key that is not in the table and may still name a
    field (known beginnings such as "NIK Calon Peserta").
    """

    def __init__(
        self,
        synonyms: Mapping[str, Sequence[str]],
        fallback: Callable[[str], str | None] | None = None,
    ) -> None:
        self._field_of = {key: name for name, keys in synonyms.items() for key in keys}
        self._fallback = fallback

    def field_for(self, cell: Cell) -> str | None:
        """The field a header cell names, or None."""
        if not isinstance(cell, str):
            return None
        key = header_key(cell)
        if not key:
            return None
        found = self._field_of.get(key)
        if found is None and self._fallback is not None:
            found = self._fallback(key)
        return found

    def map_row(self, row: Sequence[Cell]) -> dict[str, int]:
        """Field -> 0-based column for one candidate header row; the first column wins."""
        columns: dict[str, int] = {}
        for index, cell in enumerate(row):
            name = self.field_for(cell)
            if name is not None and name not in columns:
                columns[name] = index
        return columns
