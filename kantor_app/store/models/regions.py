"""Kemendagri administrative regions (wilayah): reference data, natural keys."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kantor_app.store.base import Base

LEVEL_PROVINCE = "provinsi"
LEVEL_REGENCY = "kabupaten"
LEVEL_DISTRICT = "kecamatan"
LEVEL_VILLAGE = "desa"


class Region(Base):
    """One province, kabupaten/kota, kecamatan or desa/kelurahan.

    `code` is the dotted Kemendagri code ("64.72.01.1001"). Historic regency
    codes stay as rows flagged `historic` because NIKs issued before a split
    still start with them.
    """

    __tablename__ = "region"
    __table_args__ = (Index("ix_region_parent_level", "parent_code", "level"),)

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    level: Mapped[str] = mapped_column(String(10), nullable=False)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), nullable=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    historic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
