"""The demo branch's own letterhead, signatory and wilayah kerja.

Numbered letters are refused while the seeded placeholders stand
(services.letters.readiness), so the demo sets believable values that are
still plainly made up, and serves every kab/kota its employers are in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from kantor_app.services.reference.branch_settings import (
    PLACEHOLDERS,
    load_branch_settings,
    save_branch_settings,
)

__all__ = ["DEMO_BRANCH", "apply_demo_branch"]

# Believable but made up: the demo is a fictional branch, not the real Samarinda office.
DEMO_BRANCH = {
    "signatory_name": "Rina Wulandari",
    "address": "Jl. Juanda No. 52, Samarinda 75124",
    "phone": "(0541) 7210488",
}


def apply_demo_branch(session: Session, employers: Iterable[dict[str, Any]]) -> None:
    """Replace the fields still holding a placeholder and add the employers' kab/kota
    to the wilayah kerja; what a branch entered itself stays."""
    settings = load_branch_settings(session)
    values: dict[str, Any] = {
        name: DEMO_BRANCH[name]
        for name, seeded in PLACEHOLDERS.items()
        if getattr(settings, name) == seeded
    }
    regencies = {e["regency_code"] for e in employers if e.get("regency_code")}
    area = tuple(sorted(set(settings.service_area) | regencies))
    save_branch_settings(session, replace(settings, service_area=area, **values))
