"""The labour offices (Disnaker) that letters copy, and the branch's wilayah kerja.

Every letter sends its tembusan to the labour office of the employer's own
province and kab/kota (DOMAIN section 0), so the offices are a table the
branch edits rather than a line in a template: a Kalimantan Utara employer
must not be copied to the Kalimantan Timur office. The seed gives every
province and kab/kota of the branch a name in the usual form; the branch
corrects the ones that differ (several kab/kota merge the office with
transmigration or industry).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kantor_app.services.audit import write_audit
from kantor_app.services.errors import ServiceError
from kantor_app.services.reference.branch_settings import (
    load_branch_settings,
    save_branch_settings,
)
from kantor_app.store.engine import Database
from kantor_app.store.models import LabourOffice, Region

__all__ = [
    "OFFICE_NAME_MAX",
    "AreaRegion",
    "default_office_name",
    "ensure_labour_offices",
    "list_area_regions",
    "office_names",
    "save_area",
]

OFFICE_NAME_MAX = 200  # LabourOffice.name column width
# The branch's provinces, as edit.BRANCH_PROVINCES (a test keeps them equal): that
# module imports the compliance service, which imports the seed that calls this one.
BRANCH_PROVINCES: tuple[str, ...] = ("64", "65")


@dataclass(frozen=True)
class AreaRegion:
    """A province or kab/kota of the branch: its labour office and whether it is served."""

    code: str
    level: str  # "provinsi" or "kabupaten"
    name: str
    office: str  # "" when the table has no row for it
    in_service_area: bool


def default_office_name(level: str, region_name: str) -> str:
    """The seeded name: the provincial Disnakertrans, or the kab/kota's Dinas Tenaga Kerja."""
    if level == "provinsi":
        return f"Dinas Tenaga Kerja dan Transmigrasi Provinsi {region_name}"
    return f"Dinas Tenaga Kerja {region_name}"


def _branch_regions(session: Session) -> list[Region]:
    query = (
        select(Region)
        .where(
            or_(
                Region.code.in_(BRANCH_PROVINCES),
                (Region.level == "kabupaten") & Region.parent_code.in_(BRANCH_PROVINCES),
            ),
            Region.historic.is_(False),
        )
        .order_by(Region.code)
    )
    return list(session.scalars(query))


def ensure_labour_offices(session: Session) -> None:
    """Give every province and kab/kota of the branch an office row; never overwrites."""
    present = set(session.scalars(select(LabourOffice.region_code)))
    session.add_all(
        LabourOffice(region_code=r.code, name=default_office_name(r.level, r.name))
        for r in _branch_regions(session)
        if r.code not in present
    )


def office_names(session: Session, codes: Sequence[str]) -> dict[str, str]:
    """The office name per region code, for the codes that have a row."""
    if not codes:
        return {}
    rows = session.execute(
        select(LabourOffice.region_code, LabourOffice.name).where(
            LabourOffice.region_code.in_(list(set(codes)))
        )
    )
    return {code: name for code, name in rows if name.strip()}


def list_area_regions(session: Session) -> list[AreaRegion]:
    """Each province followed by its kab/kota, with office and wilayah kerja."""
    area = set(load_branch_settings(session).service_area)
    regions = _branch_regions(session)
    offices = office_names(session, [r.code for r in regions])
    return [
        AreaRegion(
            code=r.code,
            level=r.level,
            name=r.name,
            office=offices.get(r.code, ""),
            in_service_area=r.code in area,
        )
        for r in regions
    ]


def _checked(session: Session, offices: Mapping[str, str], area: Sequence[str]) -> dict[str, str]:
    regions = {r.code: r for r in _branch_regions(session)}
    names: dict[str, str] = {}
    for code, text in offices.items():
        region = regions.get(code)
        if region is None:
            raise ServiceError(
                "Kode wilayah '{region}' bukan wilayah Kalimantan Timur atau Kalimantan Utara.",
                code="labour_office_unknown_region",
                region=code,
            )
        name = " ".join(text.split())
        if not name:
            raise ServiceError(
                "Nama dinas tenaga kerja {region} wajib diisi: surat menembuskan ke dinas ini.",
                code="labour_office_name_empty",
                region=region.name,
            )
        if len(name) > OFFICE_NAME_MAX:
            raise ServiceError(
                "Nama dinas tenaga kerja {region} terlalu panjang (paling banyak {limit} huruf).",
                code="labour_office_name_too_long",
                region=region.name,
                limit=OFFICE_NAME_MAX,
            )
        names[code] = name
    for code in area:
        if code not in regions or regions[code].level != "kabupaten":
            raise ServiceError(
                "Wilayah kerja hanya memuat kab/kota Kalimantan Timur dan Kalimantan Utara; "
                "'{region}' bukan salah satunya.",
                code="service_area_unknown_regency",
                region=code,
            )
    if not area:
        raise ServiceError(
            "Pilih sedikitnya satu kab/kota sebagai wilayah kerja cabang.",
            code="service_area_empty",
        )
    return names


def save_area(
    db: Database,
    offices: Mapping[str, str],
    service_area: Sequence[str],
    *,
    username: str = "",
) -> None:
    """Store office names per region code and the wilayah kerja, with one AuditEvent.

    Raises ServiceError (nothing stored) for an empty name, an unknown
    region, or a wilayah kerja that is empty or holds a non-kab/kota code.
    """
    with db.transaction() as session:
        names = _checked(session, offices, service_area)
        rows = {row.region_code: row for row in session.scalars(select(LabourOffice))}
        changes: dict[str, dict[str, str | None]] = {}
        for code, name in names.items():
            row = rows.get(code)
            old = row.name if row is not None else None
            if old == name:
                continue
            changes[code] = {"old": old, "new": name}
            if row is None:
                session.add(LabourOffice(region_code=code, name=name))
            else:
                row.name = name
        settings = load_branch_settings(session)
        area = tuple(sorted(set(service_area)))
        if area != settings.service_area:
            save_branch_settings(session, replace(settings, service_area=area))
        if changes or area != settings.service_area:
            write_audit(
                session,
                entity="labour_office",
                entity_id="branch",
                action="update",
                details={
                    "offices": changes,
                    "service_area": {"old": list(settings.service_area), "new": list(area)},
                },
                username=username,
            )
