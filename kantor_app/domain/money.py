"""Rupiah amounts in figures and words (terbilang), and reading them from imports."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from num2words import num2words

_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def format_rupiah(amount: int) -> str:
    """ "Rp1.234.567": no space, dot thousands (PUEBI); negative as "-Rp1.000"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds > 1:
        words.append(f"{_ONES[hundreds]} ratus")
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words.append(f"{_ONES[rest - 10]} belas")
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(f"{_ONES[tens]} puluh")
        if ones:
            words.append(_ONES[ones])
    elif rest:
        words.append(_ONES[rest])
    return " ".join(words)


def _spell(n: int) -> str:
    """Standard Indonesian number words for 0 <= n < 10**15."""
    if n == 0:
        return "nol"
    words: list[str] = []
    for scale, name in _SCALES:
        group, n = divmod(n, scale)
        if group:
            # "satu juta", "satu miliar": only ratus and ribu contract to "se-".
            words.append(f"{_spell(group)} {name}")
    thousands, n = divmod(n, 1000)
    if thousands == 1:
        words.append("seribu")
    elif thousands:
        words.append(f"{_below_thousand(thousands)} ribu")
    if n:
        words.append(_below_thousand(n))
    return " ".join(words)


def terbilang(amount: int) -> str:
    """Indonesian words for an integer, e.g. 2_950_000 -> "dua juta sembilan ratus lima puluh ribu".

    num2words spells it; the result is checked against our own rules for the
    range letters use, because a library change must not put a wrong amount
    on an official letter.
    """
    if amount < 0:
        return f"minus {terbilang(-amount)}"
    spelled = " ".join(str(num2words(amount, lang="id")).split())
    if amount < 10**15:
        expected = _spell(amount)
        if spelled != expected:
            return expected
    return spelled


def rupiah_with_words(amount: int) -> str:
    """ "Rp2.950.000 (dua juta sembilan ratus lima puluh ribu rupiah)"."""
    return f"{format_rupiah(amount)} ({terbilang(amount)} rupiah)"


def number_with_words(n: int) -> str:
    """ "10 (sepuluh)", as in "10 (sepuluh) hari kerja"."""
    return f"{n} ({terbilang(n)})"


_RUPIAH_PREFIX = re.compile(r"^(-?)\s*(?:rp\.?|idr)\s*", re.IGNORECASE)
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?")
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?")
_PLAIN = re.compile(r"\d+(?:[.,]\d{1,2})?")


def _whole_rupiah(value: Decimal, original: object) -> int:
    if value != value.to_integral_value():
        raise ValueError(f"Jumlah {original!r} mengandung sen; gunakan rupiah bulat.")
    return int(value)


def parse_rupiah(value: object) -> int:
    """Whole rupiah from an imported cell: "Rp1.234.567", "1.234.567", "1,234,567", 1234567.0.

    Amounts with sen other than zero ("1.234.567,50") are rejected rather
    than rounded: money is whole rupiah everywhere in Kantor.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("Jumlah uang kosong atau tidak valid.")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Jumlah uang {value!r} tidak valid.")
        return _whole_rupiah(Decimal(repr(value)), value)
    if isinstance(value, Decimal):
        return _whole_rupiah(value, value)
    if not isinstance(value, str):
        raise ValueError(f"Jumlah uang {value!r} tidak valid.")

    text = "".join(value.split())
    match = _RUPIAH_PREFIX.match(text)
    sign = ""
    if match:
        sign = match.group(1)
        text = text[match.end() :]
    elif text.startswith("-"):
        sign, text = "-", text[1:]
    text = text.removesuffix(",-").removesuffix(".-")
    if _DOT_GROUPS.fullmatch(text):
        number = text.replace(".", "").replace(",", ".")
    elif _COMMA_GROUPS.fullmatch(text):
        number = text.replace(",", "")
    elif _PLAIN.fullmatch(text):
        # "1234,00" or "1234.00": a one- or two-digit tail is sen, never thousands.
        number = text.replace(",", ".")
    else:
        raise ValueError(f"'{value.strip()}' bukan jumlah rupiah yang valid (contoh: Rp1.234.567).")
    try:
        parsed = Decimal(sign + number)
    except InvalidOperation:
        raise ValueError(f"'{value.strip()}' bukan jumlah rupiah yang valid.") from None
    return _whole_rupiah(parsed, value)
