"""Demo workers: segment, employer, home, a valid NIK, occupation and income for each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from kantor_app.services.demo import words
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.employers import umk
from kantor_app.services.demo.rows import CHUNK, DemoRows, EmployerPlan, Progress, stop_if_cancelled

SOURCE = "demo"

_FEMALE_RENTAN = (
    "Pedagang Kecil", "Buruh Tani", "Petani", "Guru Honorer", "Aparat Desa",
    "Guru Ngaji", "Kader Posyandu", "Pekerja Harian Lepas",
)  # fmt: skip
_MALE_RENTAN = tuple(o for o in words.OCCUPATIONS_RENTAN if o != "Kader Posyandu")
_MOSTLY_MEN_SECTORS = ("kelapa_sawit", "pertambangan", "konstruksi")


@dataclass
class _Employers:
    """The employers a worker may be drawn to, with cumulative weights by declared size."""

    registered: list[EmployerPlan]
    weights: list[int]
    builders: list[EmployerPlan]

    @classmethod
    def of(cls, plans: list[EmployerPlan]) -> _Employers:
        registered = [p for p in plans if p.registered and p.workers_reported]
        weights = list(accumulate(p.workers_reported or 1 for p in registered))
        builders = [p for p in registered if p.sector == "konstruksi"]
        return cls(registered, weights, builders)


def add_workers(
    draw: Draws,
    count: int,
    plans: list[EmployerPlan],
    rows: DemoRows,
    cancelled: Callable[[], bool],
    report: Progress,
) -> None:
    segments = list(words.SEGMENT_SHARES)
    segment_weights = list(accumulate(words.SEGMENT_SHARES.values()))
    employers = _Employers.of(plans)
    for index in range(count):
        if index % CHUNK == 0:
            stop_if_cancelled(cancelled)
            report(index, count, "Membuat data pekerja")
        segment = draw.weighted(segments, segment_weights)
        segment, employer = _employer_for(draw, segment, employers)
        rows.workers.append(_worker_row(draw, segment, employer))
    report(count, count, "Membuat data pekerja")


def _employer_for(
    draw: Draws, segment: str, employers: _Employers
) -> tuple[str, EmployerPlan | None]:
    """The worker's employer; a PU worker with no employer to draw works on their own (BPU)."""
    if segment == "PU" and employers.registered:
        return segment, draw.weighted(employers.registered, employers.weights)
    if segment == "JAKON" and employers.builders:
        return segment, draw.pick(employers.builders)
    if segment == "PU":
        return "BPU", None
    return segment, None


def _worker_row(draw: Draws, segment: str, employer: EmployerPlan | None) -> dict[str, Any]:
    rng = draw.rng
    regency = employer.regency if employer and rng.random() < 0.9 else draw.regency()
    district, village = draw.place(regency)
    if segment == "JAKON":
        male_share = 0.95
    elif employer is not None and employer.sector in _MOSTLY_MEN_SECTORS:
        male_share = 0.85
    else:
        male_share = 0.6
    gender = "L" if rng.random() < male_share else "P"
    born = draw.birth_date(19, 58) if segment != "PU" else draw.birth_date(19, 54)
    nik, bugis = draw.nik(district, regency, born, gender)
    occupation, income = _work(draw, segment, employer, regency, gender)
    name = draw.person_name(gender, bugis)
    active = rng.random() < 0.93
    # The draws below run in the order of the keys: keep it.
    return {
        "id": draw.uid(),
        **draw.stamp(),
        "nik": nik,
        "kpj": draw.digits(11) if rng.random() < 0.9 else None,
        "name": name,
        "name_key": name.upper(),
        "birth_date": born,
        "gender": gender,
        "address": draw.address(),
        "regency_code": regency,
        "district_code": district,
        "village_code": village,
        "occupation": occupation,
        "phone": draw.phone() if rng.random() < 0.85 else "",
        "income": income,
        "segment": segment,
        "status": "aktif" if active else "nonaktif",
        "employer_id": employer.id if employer else None,
        "warnings": "",
        "source": SOURCE,
    }


def _work(
    draw: Draws, segment: str, employer: EmployerPlan | None, regency: str, gender: str
) -> tuple[str, int]:
    """Occupation and monthly income (rupiah) for the worker's segment."""
    if segment == "PU" and employer is not None:
        occupation = draw.pick(words.OCCUPATIONS_PU[employer.sector])
        base_wage = employer.wage_reported or umk(regency)
        return occupation, round(base_wage * draw.rng.uniform(0.95, 1.5) / 1000) * 1000
    if segment == "JAKON":
        return draw.pick(words.OCCUPATIONS_JAKON), draw.between(70, 110) * 50_000
    if segment == "RENTAN":
        occupation = draw.pick(_MALE_RENTAN if gender == "L" else _FEMALE_RENTAN)
        return occupation, draw.between(20, 50) * 50_000
    return draw.pick(words.OCCUPATIONS_BPU), draw.between(30, 120) * 50_000
