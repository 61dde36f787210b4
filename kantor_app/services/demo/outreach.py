"""Demo outreach: field activities (sosialisasi, registration drives) and coverage targets."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from kantor_app.services.demo import words
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.rows import DemoRows


def add_activities(draw: Draws, rows: DemoRows) -> None:
    rng = draw.rng
    count = max(12, min(400, len(rows.workers) // 60))
    officers = [full for _u, full, role in words.STAFF if role != "admin"]
    program_ids = [p["id"] for p in rows.programs]
    for _ in range(count):
        kind = draw.pick(list(words.OUTREACH_KINDS))
        regency = draw.regency()
        district, village = draw.place(regency)
        place_name = draw.village_name(district, village, "") or draw.regions.regency_names[regency]
        group = draw.pick(words.OUTREACH_GROUPS)
        held_on = draw.today - timedelta(days=draw.between(1, 360))
        registered = draw.between(5, 120) if kind != "sosialisasi" else draw.between(0, 40)
        rows.activities.append(
            {
                "id": draw.uid(),
                **draw.stamp(),
                "kind": kind,
                "title": f"{words.OUTREACH_KINDS[kind]} {group} {place_name}",
                "held_on": held_on,
                "regency_code": regency,
                "district_code": district,
                "village_code": village,
                "funding_program_id": draw.pick(program_ids) if rng.random() < 0.5 else None,
                "workers_registered": registered,
                "officer": draw.pick(officers),
                "notes": draw.pick(
                    ("", "Bersama kepala desa dan Disnaker.", "Peserta membawa KTP dan KK.")
                ),
            }
        )


def add_targets(draw: Draws, rows: DemoRows) -> None:
    active = Counter(
        (w["regency_code"], w["segment"]) for w in rows.workers if w["status"] == "aktif"
    )
    for regency in draw.regency_codes:
        for segment in words.SEGMENT_SHARES:
            covered = active.get((regency, segment), 0)
            # Targets a bit above or below what is reached: 55-125 % achievement.
            target = max(5, round(covered / draw.rng.uniform(0.55, 1.25)))
            rows.targets.append(
                {
                    "id": draw.uid(),
                    **draw.stamp(),
                    "regency_code": regency,
                    "year": draw.year,
                    "segment": segment,
                    "target": target,
                }
            )
