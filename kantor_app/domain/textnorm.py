"""Text normalisation shared by the matching rules (names, regions, months)."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def clean_name(s: str) -> str:
    """Trim and collapse inner whitespace; the case the user typed is kept."""
    # str.split() without arguments already treats NBSP and narrow NBSP as
    # whitespace, which is what spreadsheets copied from the web contain.
    return " ".join(s.replace("\u200b", "").split())


def fold(s: str) -> str:
    """Reduce a text to a matching key: lowercase, no accents, no punctuation."""
    decomposed = unicodedata.normalize("NFKD", s)
    no_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Apostrophes join words ("Ma'ruf" == "Maruf"); other punctuation separates.
    no_apostrophes = re.sub(r"['’`]", "", no_accents.casefold())
    return _WHITESPACE.sub(" ", _NON_WORD.sub(" ", no_apostrophes)).strip()


_ASCII_APOSTROPHES = re.compile(r"['`]")


def name_key(name: str) -> str:
    """The roster's search and sort key of a name: ``fold(name).upper()``.

    An import computes it for every row, and nearly every name is plain
    ASCII, so those take shorter paths with the same result.
    """
    if name.isascii():
        if name.replace(" ", "").isalnum() and "  " not in name and name.strip() == name:
            # Letters and digits with single inner spaces: fold() only lowercases.
            return name.upper()
        # For ASCII text fold() reduces to exactly these steps.
        folded = _NON_WORD.sub(" ", _ASCII_APOSTROPHES.sub("", name.lower()))
        return " ".join(folded.split()).upper()
    return fold(name).upper()
