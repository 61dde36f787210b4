"""NIK (Nomor Induk Kependudukan): cleaning, numeric cells, validation.

Rules per DOMAIN.md §0 and §4.1: 16 digits ``PP KK CC DDMMYY SSSS``; the
regency part must be a current *or* historic Kemendagri code (NIKs are not
reissued when a region splits); the kecamatan digits are not checked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

# Separators people and spreadsheets put inside a NIK. The apostrophe is
# Excel's "store as text" prefix; the typographic one comes from Word.
_NIK_JUNK = re.compile(r"[\s.\-\u2010-\u2015'’‘`]+")
_DIGITS16 = re.compile(r"[0-9]{16}")


class NikError(StrEnum):
    NIK_MISSING = "nik_missing"
    NIK_FORMAT = "nik_format"
    NIK_ROUNDED = "nik_rounded"
    NIK_REGION = "nik_region"
    NIK_BIRTHDATE = "nik_birthdate"
    NIK_SERIAL = "nik_serial"


NIK_ERROR_MESSAGES: dict[NikError, str] = {
    NikError.NIK_MISSING: "NIK kosong. Setiap pekerja wajib memiliki NIK 16 digit.",
    NikError.NIK_FORMAT: "NIK harus terdiri dari tepat 16 angka.",
    NikError.NIK_ROUNDED: (
        "NIK rusak karena disimpan sebagai angka: Excel hanya menyimpan 15 digit, "
        "sehingga digit ke-16 berubah menjadi 0 dan tidak dapat dipulihkan. "
        "Ubah format kolom NIK menjadi Teks (Text), lalu ketik ulang NIK-nya."
    ),
    NikError.NIK_REGION: (
        "Empat digit pertama NIK bukan kode kabupaten/kota yang dikenal (Kemendagri)."
    ),
    NikError.NIK_BIRTHDATE: (
        "Digit ke-7 sampai ke-12 NIK bukan tanggal lahir yang valid "
        "(DDMMYY; untuk perempuan tanggal ditambah 40)."
    ),
    NikError.NIK_SERIAL: "Empat digit terakhir NIK (nomor urut) tidak boleh 0000.",
}


@dataclass(frozen=True)
class NikInfo:
    nik: str
    regency_code: str  # dotted Kemendagri code, "64.72"
    district_code: str  # "64.72.01"; not validated, kecamatan codes change with splits
    birth_date: date
    gender: str  # "L" or "P"


def clean_nik_text(raw: str) -> str:
    """Remove the separators and invisible characters found around NIKs."""
    return _NIK_JUNK.sub("", raw)


def nik_from_number(value: int | float) -> str:
    """Digits of a numeric spreadsheet cell, never in scientific notation.

    Whether the number lost its 16th digit is a per-column decision (see
    DOMAIN.md §0), so this function does not judge it.
    """
    if isinstance(value, bool):
        raise ValueError("Nilai NIK bukan angka.")
    if isinstance(value, float):
        if not math.isfinite(value) or value != math.floor(value):
            raise ValueError(f"Nilai NIK {value!r} bukan bilangan bulat.")
        # Decimal(float) is the exact binary value, so no digit is invented or
        # lost the way str(float) or "%.0f" of a large float could.
        number = int(Decimal(value))
    else:
        number = int(value)
    if number < 0:
        raise ValueError("NIK tidak boleh negatif.")
    return str(number)


def numbers_look_rounded(values: Iterable[int | float]) -> bool:
    """True when a column's numeric NIK cells were rounded by Excel to 15 digits.

    Per DOMAIN.md §0 the decision is per column: if every numeric cell ends in
    0 the 16th digit was lost; a single other final digit shows that a program
    wrote exact numbers. Text cells are not passed here. The roster import
    streams the column through it one number at a time, so that it can stop
    holding rows back at the first number that decides "exact".
    """
    seen = False
    for value in values:
        seen = True
        if not nik_from_number(value).endswith("0"):
            return False
    return seen


def birth_from_nik(digits: str, today: date) -> tuple[date, str] | None:
    """(birth date, gender) from digits 7-12 of a 16-digit NIK, None when no date.

    Women have 40 added to the day. The century is the later one that is not
    after ``today``.
    """
    day = int(digits[6:8])
    month = int(digits[8:10])
    yy = int(digits[10:12])
    gender = "P" if day > 40 else "L"
    if gender == "P":
        day -= 40
    try:
        candidate = date(2000 + yy, month, day)
    except ValueError:
        candidate = None
    if candidate is None or candidate > today:
        try:
            candidate = date(1900 + yy, month, day)
        except ValueError:
            return None
    return candidate, gender


def parse_nik(
    text: str, regency_codes: Container[str], today: date | None = None
) -> NikInfo | NikError:
    """Validate a NIK; checks run in the order format, region, birth date, serial."""
    digits = clean_nik_text(text)
    if not digits:
        return NikError.NIK_MISSING
    if not _DIGITS16.fullmatch(digits):
        return NikError.NIK_FORMAT
    regency_code = f"{digits[0:2]}.{digits[2:4]}"
    if regency_code not in regency_codes:
        return NikError.NIK_REGION
    born = birth_from_nik(digits, today or date.today())
    if born is None:
        return NikError.NIK_BIRTHDATE
    if digits[12:16] == "0000":
        return NikError.NIK_SERIAL
    birth_date, gender = born
    return NikInfo(
        nik=digits,
        regency_code=regency_code,
        district_code=f"{regency_code}.{digits[4:6]}",
        birth_date=birth_date,
        gender=gender,
    )


def check_nik_live(
    text: str, regency_codes: Container[str], today: date | None = None
) -> str | None:
    """Short hint for a NIK field while the user types; None when the NIK is valid."""
    digits = clean_nik_text(text)
    if not digits:
        return "NIK wajib diisi"
    if not digits.isascii() or not digits.isdigit():
        return "NIK hanya boleh berisi angka"
    # The region is known after four digits: saying so early saves retyping.
    if len(digits) >= 4 and f"{digits[0:2]}.{digits[2:4]}" not in regency_codes:
        return f"Kode wilayah {digits[0:4]} tidak dikenal"
    if len(digits) != 16:
        return f"NIK harus 16 digit (sekarang {len(digits)})"
    result = parse_nik(digits, regency_codes, today)
    if isinstance(result, NikInfo):
        return None
    if result is NikError.NIK_BIRTHDATE:
        return "Tanggal lahir dalam NIK tidak valid"
    if result is NikError.NIK_SERIAL:
        return "Nomor urut NIK (4 digit terakhir) tidak boleh 0000"
    return NIK_ERROR_MESSAGES[result]
