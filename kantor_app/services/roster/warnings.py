"""Warning codes stored in ``Worker.warnings`` (one code per line) and their texts.

The importer and the add/edit dialog both store codes, never sentences, so
the column can be counted and filtered; screens show ``warning_text``.
"""

from __future__ import annotations

WARNING_MESSAGES: dict[str, str] = {
    "birthdate_mismatch": "Tanggal lahir berbeda dengan tanggal lahir dalam NIK.",
    "gender_mismatch": "Jenis kelamin berbeda dengan NIK.",
    "gender_invalid": "Jenis kelamin tidak dikenali; dipakai jenis kelamin dari NIK.",
    "regency_unknown": "Nama kabupaten/kota tidak ditemukan.",
    "district_unknown": "Kecamatan tidak ditemukan di wilayah NIK maupun wilayah baris ini.",
    "village_unknown": "Desa/kelurahan tidak ditemukan di wilayah NIK maupun wilayah baris ini.",
    "income_invalid": "Penghasilan bukan jumlah rupiah yang valid; dikosongkan.",
    "segment_unknown": "Segmen tidak dikenal (PU, BPU, Jakon, Rentan); dipakai BPU.",
    "program_unknown": "Program pendanaan tidak ditemukan di basis data.",
}

_CODE_OF_MESSAGE = {message: code for code, message in WARNING_MESSAGES.items()}


def warning_code(message_or_code: str) -> str:
    """The stored code for a warning given as a sentence (older rows) or as a code."""
    return _CODE_OF_MESSAGE.get(message_or_code, message_or_code)


def warning_text(stored: str) -> str:
    """Readable lines for a ``Worker.warnings`` value; unknown lines are shown as they are."""
    return "\n".join(
        WARNING_MESSAGES.get(line, line) for line in stored.splitlines() if line.strip()
    )
