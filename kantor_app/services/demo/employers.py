"""Demo employers: the registry rows, their plans for later steps, and the UMK they pay against."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from kantor_app.domain.compliance import PROGRAM_ORDER
from kantor_app.services.demo import words
from kantor_app.services.demo.decrees import decree_of
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.regions import short_regency
from kantor_app.services.demo.rows import DemoRows, EmployerPlan

UNREGISTERED_SHARE = 0.12  # employers without NPP (belum daftar)


@dataclass
class _Registration:
    """What a registered employer has declared to BPJS; empty for one not registered."""

    npp: str | None = None
    programs: frozenset[str] = frozenset()
    wage: int | None = None
    workers_reported: int | None = None


def minimum_wages(draw: Draws) -> list[dict[str, Any]]:
    out = []
    for code, amount in words.DEMO_UMK.items():
        previous = round(amount / 1.06 / 1000) * 1000
        current = decree_of(code, draw.year)  # confirmed, so the demo's letters may cite it
        out.append({"regency_code": code, "year": draw.year, "amount": amount} | current)
        out.append(
            {"regency_code": code, "year": draw.year - 1, "amount": previous}
            | {"confirmed": False, "decree_number": "", "decree_date": None}
        )
    return out


def umk(regency: str) -> int:
    return words.DEMO_UMK.get(regency, 3_900_000)


def add_employers(draw: Draws, count: int, rows: DemoRows) -> list[EmployerPlan]:
    rng = draw.rng
    sectors = list(words.SECTOR_SHARES)
    sector_weights = list(accumulate(words.SECTOR_SHARES.values()))
    taken: set[str] = set()
    npps: set[str] = set()
    plans: list[EmployerPlan] = []
    for _ in range(count):
        sector = draw.weighted(sectors, sector_weights)
        scales = words.SCALE_WEIGHTS[sector]
        scale = draw.weighted(list(scales), list(accumulate(scales.values())))
        form, name = _employer_name(draw, sector, scale, taken)
        regency = draw.regency()
        registered = rng.random() >= UNREGISTERED_SHARE
        low, high = words.WORKERS_BY_SCALE[scale]
        size = draw.between(low, high)
        wage_floor = umk(regency)
        risk = draw.pick(words.RISK_CLASSES[sector])
        declared = (
            _registration(draw, scale, size, wage_floor, npps) if registered else _Registration()
        )
        district, _village = draw.place(regency)
        district_name = draw.district_name(regency, district)
        plan = EmployerPlan(
            id=draw.uid(),
            name=name,
            sector=sector,
            scale=scale,
            regency=regency,
            registered=registered,
            workers_reported=declared.workers_reported,
            wage_reported=declared.wage,
            programs=declared.programs,
            risk_class=risk,
        )
        plans.append(plan)
        place = f"Kec. {district_name}, " if district_name else ""
        address = (
            f"{draw.address().split(' RT ')[0]}, {place}"
            f"{short_regency(draw.regions.regency_names[regency])}"
        )
        rows.employers.append(_employer_row(draw, plan, declared.npp, form, address))
    return plans


def _employer_name(draw: Draws, sector: str, scale: str, taken: set[str]) -> tuple[str, str]:
    first_words, last_words = words.NAME_WORDS[sector]
    if scale in ("besar", "menengah") or sector in ("pertambangan", "kelapa_sawit"):
        form = "PT"
    elif sector == "perdagangan" and draw.rng.random() < 0.4:
        form = "UD"
    else:
        form = draw.pick(("CV", "CV", "PT"))
    for attempt in range(50):
        base = f"{draw.pick(first_words)} {draw.pick(last_words)}"
        if attempt > 5:
            base += f" {draw.pick(('Utama', 'Nusantara', 'Sejahtera', 'Lestari'))}"
        name = f"{form} {base}"
        if attempt > 20:
            name += f" {draw.pick(('II', 'III', 'IV', 'Indah', 'Timur', 'Raya'))}"
        if name not in taken:
            taken.add(name)
            return form, name
    name = f"{form} {base} {len(taken)}"
    taken.add(name)
    return form, name


def _required_programs(scale: str) -> frozenset[str]:
    if scale in ("besar", "menengah"):
        return frozenset({"JKK", "JKM", "JHT", "JP"})
    return frozenset({"JKK", "JKM", "JHT"})


def _registration(
    draw: Draws, scale: str, size: int, wage_floor: int, npps: set[str]
) -> _Registration:
    rng = draw.rng
    npp: str | None = None
    while npp is None or npp in npps:
        npp = f"{draw.pick(('1', '2', '3'))}{draw.digits(7)}"
    npps.add(npp)
    programs = _required_programs(scale)
    if rng.random() < 0.10:
        # PDS Program: a mandatory program left out.
        programs = programs - {draw.pick(sorted(programs - {"JKK", "JKM"}))}
    elif scale in ("besar", "menengah") and rng.random() < 0.5:
        programs = programs | {"JKP"}
    factor = rng.uniform(0.88, 0.99) if rng.random() < 0.09 else rng.uniform(1.0, 1.6)
    wage = round(wage_floor * factor / 1000) * 1000
    return _Registration(npp, programs, wage, size)


def _employer_row(
    draw: Draws, plan: EmployerPlan, npp: str | None, form: str, address: str
) -> dict[str, Any]:
    rng = draw.rng
    # The draws below run in the order of the keys: keep it.
    return {
        "id": plan.id,
        **draw.stamp(),
        "npp": npp,
        "name": plan.name,
        "legal_form": form,
        "npwp": "0" + draw.digits(15) if rng.random() < 0.93 else None,
        "nib": draw.digits(13) if rng.random() < 0.9 else None,
        "kbli_code": draw.pick(words.KBLI[plan.sector]),
        "kbli_version": "2020",
        "sector": plan.sector,
        "scale": plan.scale,
        "address": address,
        "regency_code": plan.regency,
        "contact_person": draw.person_name(draw.pick("LLP"), False),
        "contact_phone": draw.phone(),
        "jkk_risk_class": plan.risk_class,
        "workers_reported": plan.workers_reported,
        "wage_reported": plan.wage_reported,
        "programs": ",".join(p for p in PROGRAM_ORDER if p in plan.programs),
        "compliance_status": "patuh",
        "arrears_total": 0,
    }
