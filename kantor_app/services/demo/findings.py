"""Demo inspection findings: unregistered businesses, hidden workers, under-reported wages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kantor_app.services.demo import words
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.rows import DemoRows, EmployerPlan


def add_findings(draw: Draws, plans: list[EmployerPlan], rows: DemoRows) -> None:
    officers = [full for _u, full, role in words.STAFF if role != "admin"]
    for plan in plans:
        found_on = draw.today - timedelta(days=draw.between(10, 300))
        base: dict[str, Any] = {
            "employer_id": plan.id,
            "found_on": found_on,
            "officer": draw.pick(officers),
            "resolved_on": None,
            "resolution_note": "",
        }
        if not plan.registered:
            low, high = words.WORKERS_BY_SCALE[plan.scale]
            rows.findings.append(
                {
                    "id": draw.uid(),
                    **draw.stamp(),
                    **base,
                    "source": "survei lapangan",
                    "workers_found": draw.between(low, high),
                    "wage_found": None,
                    "note": "Usaha beroperasi, belum terdaftar BPJS Ketenagakerjaan.",
                }
            )
            continue
        finding = _registered_finding(draw, plan, base)
        if finding is not None:
            rows.findings.append(finding)


def _registered_finding(
    draw: Draws, plan: EmployerPlan, base: dict[str, Any]
) -> dict[str, Any] | None:
    """What an inspection found at a registered employer; None for most, found in order."""
    assert plan.workers_reported is not None and plan.wage_reported is not None
    rng = draw.rng
    roll = rng.random()
    if roll < 0.12:
        gap = max(1, round(plan.workers_reported * rng.uniform(0.1, 0.6)))
        note = "Sebagian pekerja belum didaftarkan (PDS Tenaga Kerja)."
        workers_found, wage_found = plan.workers_reported + gap, None
        if rng.random() < 0.4:
            wage_found = round(plan.wage_reported * rng.uniform(1.1, 1.4) / 1000) * 1000
            note = "Pekerja dan upah dilaporkan lebih rendah dari kenyataan."
    elif roll < 0.18:
        workers_found = plan.workers_reported
        wage_found = round(plan.wage_reported * rng.uniform(1.15, 1.5) / 1000) * 1000
        note = "Upah yang dilaporkan lebih rendah dari slip gaji (PDS Upah)."
    elif roll < 0.24:
        # An old finding the employer already fixed: figures now match.
        workers_found, wage_found = plan.workers_reported, plan.wage_reported
        note = "Pekerja tambahan sudah didaftarkan."
        base["resolved_on"] = base["found_on"] + timedelta(days=draw.between(10, 40))
        base["resolution_note"] = "Perusahaan menambah pekerja melalui SIPP."
    else:
        return None
    return {
        "id": draw.uid(),
        **draw.stamp(),
        **base,
        "source": draw.pick(("inspeksi", "pemeriksaan", "laporan JMO")),
        "workers_found": workers_found,
        "wage_found": wage_found,
        "note": note,
    }
