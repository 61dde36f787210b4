"""Employer identifiers as the registry stores them (DOMAIN.md §4.3–4.4).

- NPWP: 15 or 16 digits, check digit verified with python-stdnum. A 15-digit
  (old) NPWP is stored in its 16-digit form "0" + 15 digits;
  :func:`npwp_display` shows both.
- NIB: 13 digits. KBLI: 5 digits.
- NPP: the BPJS registration number, letters and digits; empty for an
  employer that is not registered yet (Belum Daftar).

Each ``clean_*`` returns the stored form, None when empty, and raises
``ServiceError`` with an Indonesian message naming the field when invalid.
"""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.id import npwp as stdnum_npwp

from kantor_app.services.errors import ServiceError

_SEPARATORS = re.compile(r"[\s.\-/'’]")


def _digits_only(text: str) -> str:
    return _SEPARATORS.sub("", text.replace("\u00a0", ""))


def clean_npwp(value: str | None) -> str | None:
    """A valid NPWP as 16 digits, or None when empty; ServiceError when invalid.

    Accepts "01.855.081.4-412.000", "018550814412000" (15 digits: stored as
    "0" + 15) and 16-digit forms, including NIK-based NPWPs of individuals.
    """
    if value is None or not value.strip():
        return None
    text = _digits_only(value)
    if not text.isdigit() or len(text) not in (15, 16):
        raise ServiceError(
            "NPWP '{value}' harus 15 atau 16 digit angka (contoh 01.855.081.4-412.000).",
            code="npwp_format",
            value=value.strip(),
        )
    if len(text) == 15:
        text = "0" + text
    # stdnum checks the check digit of the 15-digit core; a 16-digit NPWP
    # that does not start with 0 is a NIK and has no check digit.
    try:
        stdnum_npwp.validate(text[1:] if text.startswith("0") else text)
    except StdnumValidationError:
        raise ServiceError(
            "NPWP '{value}' tidak valid: digit pemeriksanya salah. Periksa kembali.",
            code="npwp_check_digit",
            value=value.strip(),
        ) from None
    return text


def npwp_unless_unchanged(value: str | None, stored: str | None) -> str | None:
    if stored and value:
        digits = _digits_only(value)
        if digits in (stored, stored[1:]):
            return stored
    return clean_npwp(value)


def npwp_display(npwp: str | None) -> str:
    """How an NPWP is shown: the 16-digit form, with the old 15-digit mask when it has one.

    "0018550814412000" -> "0018550814412000 (01.855.081.4-412.000)".
    """
    if not npwp:
        return ""
    if len(npwp) == 16 and npwp.startswith("0"):
        return f"{npwp} ({stdnum_npwp.format(npwp[1:])})"
    return npwp


def clean_nib(value: str | None) -> str | None:
    """NIB as 13 digits, None when empty."""
    if value is None or not value.strip():
        return None
    text = _digits_only(value)
    if not (text.isdigit() and len(text) == 13):
        raise ServiceError(
            "NIB '{value}' harus 13 digit angka (Nomor Induk Berusaha OSS).",
            code="nib_format",
            value=value.strip(),
        )
    return text


def clean_kbli(value: str | None) -> str | None:
    """KBLI code as 5 digits, None when empty."""
    if value is None or not value.strip():
        return None
    text = _digits_only(value)
    if text.isdigit() and len(text) == 4:
        text = "0" + text  # 01262 read from Excel as the number 1262
    if not (text.isdigit() and len(text) == 5):
        raise ServiceError(
            "Kode KBLI '{value}' harus 5 digit angka (contoh 01262).",
            code="kbli_format",
            value=value.strip(),
        )
    return text


def clean_npp(value: str | None) -> str | None:
    """NPP without spaces, upper case; None when empty (not registered)."""
    if value is None:
        return None
    text = "".join(value.split()).upper()
    if not text:
        return None
    if not re.fullmatch(r"[A-Z0-9.\-/]{1,20}", text):
        raise ServiceError(
            "NPP '{value}' hanya boleh berisi huruf dan angka (maks. 20).",
            code="npp_format",
            value=value.strip(),
        )
    return text
