from __future__ import annotations

import pytest

from kantor_app.domain.textnorm import clean_name, fold


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
