"""Branch settings (letterhead, signatory, letter numbering) stored as Setting rows.

Settings are plain key/value text rows so that a branch can edit them
without a migration; :class:`BranchSettings` is the typed view the services
and the settings dialog use. Keys not present in the database fall back to
the defaults below (Kantor Cabang Samarinda), so an old database keeps
working when a new setting appears.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.letter_period import DEFAULT_DELIVERY_ALLOWANCE
from kantor_app.domain.vocabulary import LETTER_KINDS
from kantor_app.services.errors import ServiceError
from kantor_app.store.models import Setting

__all__ = [
    "DEFAULT_CLASSIFICATION_CODES",
    "DEFAULT_NUMBER_PATTERN",
    "MAX_DELIVERY_ALLOWANCE",
    "NUMBER_PATTERN_FIELDS",
    "BranchSettings",
    "get_setting",
    "load_branch_settings",
    "save_branch_settings",
    "set_setting",
]

# Placeholders a number pattern may use (see format_letter_number in services.letters).
NUMBER_PATTERN_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "seq": "nomor urut tahunan (1, 2, 3 …)",
        "seq3": "nomor urut tiga digit (001, 002 …)",
        "kode": "kode klasifikasi jenis surat",
        "bulan": "bulan terbit, angka (1–12)",
        "bulan_romawi": "bulan terbit, angka Romawi (I–XII)",
        "tahun": "tahun terbit, empat digit",
    }
)
DEFAULT_NUMBER_PATTERN = "{seq}/{kode}/KC-SMD/{bulan_romawi}/{tahun}"

# Per-kind classification codes. BPJS TK's own code list was not available
# (DOMAIN.md §3.1 ❓): these are editable placeholders the branch replaces.
DEFAULT_CLASSIFICATION_CODES: Mapping[str, str] = MappingProxyType(
    {
        "teguran-1": "KPS.01",
        "teguran-2": "KPS.02",
        "denda": "KPS.05",
        "tmp2t": "KPS.06",
        "tunggakan": "KPS.03",
        "jakon": "KPS.04",
    }
)

# One running number per year shared by every kind (one agenda of outgoing
# letters), unless the branch gives a kind its own series.
DEFAULT_SERIES = "surat-keluar"


@dataclass(frozen=True)
class BranchSettings:
    """Everything a letter takes from the branch, with Samarinda defaults.

    ``classification_codes`` and ``series`` map a letter kind
    ("teguran-1", "teguran-2", "tunggakan", "jakon") to its code in the
    number and to the running-number series it draws from.
    """

    org_name: str = "BPJS KETENAGAKERJAAN"
    branch_name: str = "Kantor Cabang Samarinda"
    address: str = "Samarinda, Kalimantan Timur"
    phone: str = "175"
    email: str = "care@bpjsketenagakerjaan.go.id"
    website: str = "www.bpjsketenagakerjaan.go.id"
    logo_path: str = ""  # empty: kop without logo
    signatory_position: str = "Kepala Kantor Cabang Samarinda"
    signatory_name: str = "Nama Kepala Kantor Cabang"  # placeholder: set in Pengaturan
    signatory_id: str = ""  # NPK, printed under the name when set
    place: str = "Samarinda"
    number_pattern: str = DEFAULT_NUMBER_PATTERN
    classification_codes: Mapping[str, str] = field(
        default_factory=lambda: dict(DEFAULT_CLASSIFICATION_CODES)
    )
    series: Mapping[str, str] = field(
        default_factory=lambda: dict.fromkeys(LETTER_KINDS, DEFAULT_SERIES)
    )
    # Working days from sending to the assumed receipt while no receipt is recorded.
    delivery_allowance_days: int = DEFAULT_DELIVERY_ALLOWANCE

    def code_for(self, kind: str) -> str:
        """Classification code of a letter kind (``{kode}`` in the number)."""
        return str(self.classification_codes.get(kind) or DEFAULT_CLASSIFICATION_CODES[kind])

    def series_for(self, kind: str) -> str:
        """Running-number series of a letter kind (a LetterSequence key)."""
        return str(self.series.get(kind) or DEFAULT_SERIES)

    def logo(self) -> Path | None:
        """The logo file, or None when none is set."""
        return Path(self.logo_path) if self.logo_path.strip() else None


# Setting keys; dict-valued fields are stored as JSON objects.
_PREFIX = "branch."
_JSON_FIELDS = frozenset({"classification_codes", "series"})
_INT_FIELDS = frozenset({"delivery_allowance_days"})
MAX_DELIVERY_ALLOWANCE = 30  # working days; more is a lost letter, not a slow one


def _key(name: str) -> str:
    return _PREFIX + name


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    """The raw text of one Setting row, or ``default`` when absent."""
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_setting(session: Session, key: str, value: str) -> None:
    """Create or overwrite one Setting row (flushed with the caller's transaction)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def _decode(name: str, text: str, default: Any) -> Any:
    if name in _INT_FIELDS:
        try:
            return int(text)
        except ValueError:
            return default
    if name not in _JSON_FIELDS:
        return text
    try:
        loaded = json.loads(text)
    except ValueError:
        return default
    if not isinstance(loaded, dict):
        return default
    merged = dict(default)
    merged.update({str(k): str(v) for k, v in loaded.items()})
    return merged


def load_branch_settings(session: Session) -> BranchSettings:
    """The branch settings from the database, defaults where a key is missing."""
    defaults = BranchSettings()
    rows = {
        row.key: row.value
        for row in session.scalars(select(Setting).where(Setting.key.startswith(_PREFIX)))
    }
    values: dict[str, Any] = {}
    for f in fields(BranchSettings):
        text = rows.get(_key(f.name))
        if text is not None:
            values[f.name] = _decode(f.name, text, getattr(defaults, f.name))
    return replace(defaults, **values)


def validate_number_pattern(pattern: str) -> None:
    """Raise ServiceError when the pattern has an unknown placeholder or no running number."""
    from string import Formatter

    try:
        names = {name for _, name, _, _ in Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise ServiceError(
            "Pola nomor surat '{pattern}' tidak valid: {reason}.",
            code="number_pattern_invalid",
            pattern=pattern,
            reason=str(exc),
        ) from None
    unknown = names - set(NUMBER_PATTERN_FIELDS)
    if unknown:
        raise ServiceError(
            "Pola nomor surat memakai kolom yang tidak dikenal: {unknown}. Yang boleh: {allowed}.",
            code="number_pattern_unknown_field",
            unknown=", ".join(sorted(unknown)),
            allowed=", ".join("{" + n + "}" for n in NUMBER_PATTERN_FIELDS),
        )
    if not names & {"seq", "seq3"}:
        # No fields: the braces are shown as they are, the names the user must type.
        raise ServiceError(
            "Pola nomor surat harus memuat nomor urut {seq} atau {seq3}.",
            code="number_pattern_without_seq",
        )
    if not names & {"tahun"}:
        # The running number restarts every year: without the year two letters
        # of different years could carry the same number.
        raise ServiceError(
            "Pola nomor surat harus memuat tahun {tahun}.", code="number_pattern_without_year"
        )


def validate_delivery_allowance(days: int) -> None:
    """Raise ServiceError unless the allowance is 0 to 30 working days."""
    if not 0 <= days <= MAX_DELIVERY_ALLOWANCE:
        raise ServiceError(
            "Waktu antar surat {days} hari kerja di luar batas: isi 0 sampai {maximum} hari kerja.",
            code="delivery_allowance_out_of_range",
            days=days,
            maximum=MAX_DELIVERY_ALLOWANCE,
        )


def save_branch_settings(session: Session, settings: BranchSettings) -> None:
    """Store every field as a Setting row (in the caller's transaction)."""
    validate_number_pattern(settings.number_pattern)
    validate_delivery_allowance(settings.delivery_allowance_days)
    for f in fields(BranchSettings):
        value = getattr(settings, f.name)
        text = (
            json.dumps(dict(value), ensure_ascii=False, sort_keys=True)
            if (f.name in _JSON_FIELDS)
            else str(value)
        )
        set_setting(session, _key(f.name), text)


def default_setting_rows() -> dict[str, str]:
    """Key/value text of the defaults, for seeding an empty settings table."""
    rows: dict[str, str] = {}
    defaults = BranchSettings()
    for f in fields(BranchSettings):
        value = getattr(defaults, f.name)
        rows[_key(f.name)] = (
            json.dumps(dict(value), ensure_ascii=False, sort_keys=True)
            if f.name in _JSON_FIELDS
            else str(value)
        )
    return rows
