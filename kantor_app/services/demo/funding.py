"""Demo funding: who pays the rentan package (APBD, CSR, GN Lingkaran) and for which workers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from kantor_app.domain.rates import (
    DEFAULT_RATE_ENTRIES,
    RENTAN_DECLARED_INCOME,
    RateTable,
    rentan_monthly_contribution,
)
from kantor_app.services.demo import words
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.rows import DemoRows

# Provincial and regency budgets (APBD) paying for pekerja rentan: name, source, funder,
# regency (None: the whole province), quota of workers.
_GOVERNMENT_PROGRAMS: tuple[tuple[str, str, str, str | None, int], ...] = (
    (
        "APBD Provinsi Kalimantan Utara {year} — Pekerja Rentan",
        "APBD_PROV",
        "Pemerintah Provinsi Kalimantan Utara",
        None,
        22_121,
    ),
    (
        "APBD Provinsi Kalimantan Timur {year} — Pekerja Rentan",
        "APBD_PROV",
        "Pemerintah Provinsi Kalimantan Timur",
        None,
        100_000,
    ),
    (
        "APBD Kab. Penajam Paser Utara {year} — Pekerja Rentan",
        "APBD_KAB",
        "Pemerintah Kabupaten Penajam Paser Utara",
        "64.09",
        15_000,
    ),
    (
        "APBD Kab. Kutai Kartanegara {year} — Perda Perlindungan Pekerja Rentan",
        "APBD_KAB",
        "Pemerintah Kabupaten Kutai Kartanegara",
        "64.02",
        12_000,
    ),
)


@dataclass(frozen=True)
class _Programs:
    """The ids of the year's funding programs, one per funder."""

    kaltara: uuid.UUID
    kaltim: uuid.UUID
    ppu: uuid.UUID
    kukar: uuid.UUID
    csr: uuid.UUID
    gn: uuid.UUID

    def for_worker(self, regency: str, roll: float) -> uuid.UUID:
        """Who pays for a rentan worker: a few by CSR or donors, most by their government."""
        if roll < 0.05:
            return self.csr
        if roll < 0.09:
            return self.gn
        if regency.startswith("65"):
            return self.kaltara
        if regency == "64.09" and roll < 0.75:
            return self.ppu
        if regency == "64.02" and roll < 0.6:
            return self.kukar
        return self.kaltim


def add_funding(draw: Draws, rows: DemoRows) -> None:
    rng = draw.rng
    start, end = date(draw.year, 1, 1), date(draw.year, 12, 31)
    programs = _add_programs(draw, rows, start, end)
    # The seed table: the demo is drawn before it is written into a database.
    rates = RateTable(DEFAULT_RATE_ENTRIES)
    for worker in rows.workers:
        if worker["segment"] != "RENTAN" or rng.random() >= 0.85:
            continue
        chosen = programs.for_worker(worker["regency_code"], rng.random())
        joined = start + timedelta(days=draw.between(0, max(0, (draw.today - start).days)))
        income = worker.get("income")
        rows.members.append(
            {
                "id": draw.uid(),
                **draw.stamp(),
                "program_id": chosen,
                "worker_id": worker["id"],
                "start_date": joined,
                "end_date": end,
                "monthly_amount": rentan_monthly_contribution(rates, income, joined),
                "declared_income": max(income or 0, RENTAN_DECLARED_INCOME),
            }
        )


def _add_programs(draw: Draws, rows: DemoRows, start: date, end: date) -> _Programs:
    year = draw.year

    def program(name: str, source: str, funder: str, regency: str | None, quota: int) -> uuid.UUID:
        pid = draw.uid()
        rows.programs.append(
            {
                "id": pid,
                **draw.stamp(),
                "name": name,
                "source": source,
                "funder_name": funder,
                "regency_code": regency,
                "year": year,
                "quota": quota,
                # The package at the minimum income; members pay at their own.
                "monthly_amount": rentan_monthly_contribution(
                    RateTable(DEFAULT_RATE_ENTRIES), RENTAN_DECLARED_INCOME, start
                ),
                "programs": "JKK,JKM",
                "start_date": start,
                "end_date": end,
            }
        )
        return pid

    # Drawn in this order: the four governments' ids, the CSR funder and theme, then the rest.
    kaltara, kaltim, ppu, kukar = (
        program(name.format(year=year), source, funder, regency, quota)
        for name, source, funder, regency, quota in _GOVERNMENT_PROGRAMS
    )
    sawit = [e for e in rows.employers if e["sector"] == "kelapa_sawit" and e["npp"]]
    csr_funder = draw.pick(sawit)["name"] if sawit else "PT Borneo Sawit Lestari"
    theme = draw.pick(words.FUNDING_CSR_THEMES)
    csr = program(f"CSR {csr_funder} — {theme}", "CSR", csr_funder, None, 750)
    gn = program(
        f"GN Lingkaran {year} — Donatur Kota Samarinda",
        "GN_LINGKARAN",
        "Donatur GN Lingkaran (perorangan dan BAZNAS)",
        "64.72",
        400,
    )
    return _Programs(kaltara, kaltim, ppu, kukar, csr, gn)
