"""Whether a numbered batch may go out: no seeded placeholders, and only the wilayah kerja.

A numbered letter is a legal document: one signed by "Nama Kepala Kantor
Cabang" under a letterhead with no street and the call centre's number
cannot be answered or served. A preview may show the placeholders; issuing
refuses them. Letters to employers outside the branch's wilayah kerja go
out only when the user confirms them (another branch may be serving them).
"""

from __future__ import annotations

from collections.abc import Sequence

from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.content import Prepared
from kantor_app.services.reference.branch_settings import PLACEHOLDERS, BranchSettings

__all__ = ["check_ready", "outside_area", "placeholder_fields"]

# What the settings dialog calls each field that may still hold a placeholder.
_LABELS = {
    "signatory_name": "nama penandatangan",
    "address": "alamat kop surat",
    "phone": "telepon kop surat",
}


def placeholder_fields(settings: BranchSettings) -> list[str]:
    """The fields (their labels on the settings page) still holding the seeded placeholder,
    or left empty."""
    shown = {name: " ".join(str(getattr(settings, name)).split()) for name in PLACEHOLDERS}
    return [
        _LABELS[name]
        for name, seeded in PLACEHOLDERS.items()
        if not shown[name] or shown[name].casefold() == seeded.casefold()
    ]


def outside_area(settings: BranchSettings, prepared: Sequence[Prepared]) -> list[Prepared]:
    """The letters whose employer's kab/kota is not in the branch's wilayah kerja."""
    area = set(settings.service_area)
    return [p for p in prepared if p.case.employer.regency_code not in area]


def check_ready(
    settings: BranchSettings, prepared: Sequence[Prepared], *, confirm_outside_area: bool
) -> None:
    """Raise ServiceError when a placeholder is set, or when letters leave the wilayah
    kerja without ``confirm_outside_area``."""
    fields = placeholder_fields(settings)
    if fields:
        raise ServiceError(
            "Surat bernomor belum dapat diterbitkan: {fields} masih berisi contoh bawaan. "
            "Isi data kantor cabang yang sebenarnya di Pengaturan > Kop & Penandatangan.",
            code="letter_settings_placeholder",
            fields=", ".join(fields),
        )
    outside = outside_area(settings, prepared)
    if outside and not confirm_outside_area:
        raise ServiceError(
            "{count} perusahaan berada di luar wilayah kerja cabang: {employers}. "
            "Pastikan surat memang dikirim dari cabang ini, lalu terbitkan dengan konfirmasi "
            "(atau ubah wilayah kerja di Pengaturan > Wilayah Kerja).",
            code="letters_outside_area",
            count=len(outside),
            employers=_listed(
                [f"{p.case.employer.name} ({p.fields['kota_perusahaan']})" for p in outside]
            ),
        )


_LISTED = 10  # names in a refusal; a batch of hundreds would bury the sentence


def _listed(names: Sequence[str]) -> str:
    text = "; ".join(names[:_LISTED])
    if len(names) > _LISTED:
        text += f"; dan {len(names) - _LISTED} lainnya"
    return text
