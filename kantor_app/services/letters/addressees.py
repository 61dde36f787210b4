"""The tembusan of a letter: the labour offices of the employer's own province and kab/kota.

The offices come from the editable table (services.reference.labour_offices),
so a Kalimantan Utara employer is copied to Disnakertrans Provinsi
Kalimantan Utara and its own kab/kota's Dinas; the template's list adds the
rest ("Arsip", the Kejaksaan for a Teguran II) after them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.eligibility import Case
from kantor_app.services.letters.templates import FilledTemplate
from kantor_app.services.reference.labour_offices import office_names
from kantor_app.store.models import Employer, Region

__all__ = ["LabourCopies", "load_labour_copies", "province_of"]


def province_of(regency_code: str) -> str:
    """The province code of a Kemendagri kab/kota code ("65.71" -> "65")."""
    return regency_code.split(".", 1)[0]


@dataclass(frozen=True)
class LabourCopies:
    """The office names a batch's letters copy, per region code."""

    offices: Mapping[str, str]

    def for_employer(self, employer: Employer) -> tuple[str, ...]:
        code = employer.regency_code or ""
        return (
            f"Kepala {self.offices[province_of(code)]}",
            f"Kepala {self.offices[code]}",
        )

    def add_to(self, filled: FilledTemplate, employer: Employer) -> FilledTemplate:
        """The filled template with the employer's offices before the template's own copies."""
        return replace(filled, tembusan=self.for_employer(employer) + filled.tembusan)


def _region_names(session: Session, codes: Sequence[str]) -> dict[str, str]:
    rows = session.execute(select(Region.code, Region.name).where(Region.code.in_(codes)))
    return {code: name for code, name in rows}


def load_labour_copies(session: Session, cases: Sequence[Case]) -> LabourCopies:
    """The offices of every case's province and kab/kota; ServiceError naming what is missing."""
    without = [c.employer.name for c in cases if not c.employer.regency_code]
    if without:
        raise ServiceError(
            "Kab/kota perusahaan belum diisi: {employers}. Isi kab/kota di data perusahaan "
            "agar tembusan surat sampai ke dinas tenaga kerjanya.",
            code="letter_employer_without_regency",
            employers=", ".join(sorted(without)),
        )
    regencies = {c.employer.regency_code or "" for c in cases}
    codes = sorted(regencies | {province_of(code) for code in regencies})
    offices = office_names(session, codes)
    missing = [code for code in codes if code not in offices]
    if missing:
        names = _region_names(session, missing)
        raise ServiceError(
            "Dinas tenaga kerja untuk tembusan belum ada untuk {regions}. Isi namanya di "
            "Pengaturan > Wilayah Kerja.",
            code="labour_office_missing",
            regions=", ".join(f"{names.get(code, code)} ({code})" for code in missing),
        )
    return LabourCopies(offices)
