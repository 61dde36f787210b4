from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kantor_app.domain.textnorm import clean_name, fold, name_key


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Siti   Aminah ", "Siti Aminah"),
        ("Siti\xa0Aminah", "Siti Aminah"),
        ("Siti\u202f\tAminah\n", "Siti Aminah"),
        ("MUHAMMAD rizky", "MUHAMMAD rizky"),
        ("", ""),
    ],
)
def test_clean_name(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Kec. Sungai  Kunjang", "kec sungai kunjang"),
        ("Sungai-Kunjang", "sungai kunjang"),
        ("Ma'ruf", "maruf"),
        ("Ma’ruf", "maruf"),
        ("José\xa0Ramos", "jose ramos"),
        ("  ", ""),
    ],
)
def test_fold(raw: str, key: str) -> None:
    assert fold(raw) == key


def reference_name_key(name: str) -> str:
    """The rule of name_key written out plainly, one character at a time."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    joined = "".join(ch for ch in kept if ch not in "'’`")
    spaced = "".join(ch if ch in "0123456789abcdefghijklmnopqrstuvwxyz" else " " for ch in joined)
    return " ".join(spaced.split()).upper()


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Siti Aminah", "SITI AMINAH"),
        ("  siti   aminah ", "SITI AMINAH"),
        ("Ma'ruf Amin", "MARUF AMIN"),
        ("Ma’ruf", "MARUF"),
        ("José\xa0Ramos", "JOSE RAMOS"),
        ("I Gusti Ngurah-Rai", "I GUSTI NGURAH RAI"),
        ("", ""),
    ],
)
def test_name_key_examples(raw: str, key: str) -> None:
    assert name_key(raw) == key


# Names as rosters hold them: mostly ASCII letters and spaces (the fast
# paths), with the apostrophes, hyphens, accents and odd spaces that copies
# from the web bring.
ASCII_NAME = st.text(st.sampled_from(list("abSITUNM019 '`-.,\t")), max_size=24)
ANY_NAME = st.text(
    st.sampled_from([*"abSIT '’-", "\xa0", "\u202f", "é", "Ö", "ß", "İ", "ﬁ", "①", "\u0301"]),
    max_size=16,
)


@settings(max_examples=30)
@given(st.one_of(ASCII_NAME, ANY_NAME, st.text(max_size=12)))
@example("SITI AMINAH")
@example("Siti  Aminah")
@example(" Siti")
@example("Ma`ruf")
@example("A-1")
def test_name_key_matches_the_plain_rule(name: str) -> None:
    """The ASCII fast paths give what the plain rule (and fold) give, for any text."""
    assert name_key(name) == reference_name_key(name) == fold(name).upper()
    assert name_key(name_key(name)) == name_key(name)
