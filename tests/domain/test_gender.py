from __future__ import annotations

import pytest

from kantor_app.domain.gender import parse_gender


@pytest.mark.parametrize(
    "value",
    ["L", "l", "Laki-laki", "LAKI-LAKI", "Laki Laki", "Pria", "Lk", "Lk.", "M", "Male"],
)
def test_male(value: str) -> None:
    assert parse_gender(value) == "L"


@pytest.mark.parametrize(
    "value", ["P", "p", "Perempuan", "PEREMPUAN", "Wanita", "Pr", "Pr.", "F", "female", " W "]
)
def test_female(value: str) -> None:
    assert parse_gender(value) == "P"


@pytest.mark.parametrize("value", [None, "", "  ", "\xa0", "-"])
def test_empty(value: object) -> None:
    assert parse_gender(value) is None


@pytest.mark.parametrize("value", ["X", "Laki-laki/Perempuan", "laki2", "1", "-?"])
def test_unknown_raises(value: str) -> None:
    with pytest.raises(ValueError, match="Jenis kelamin"):
        parse_gender(value)
