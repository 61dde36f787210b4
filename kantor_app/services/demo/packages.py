"""Demo SiRUP packages: public works, most contracted, some without Jakon registration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kantor_app.domain.jakon import registration_period_end
from kantor_app.domain.workdays import add_working_days
from kantor_app.services.demo import words
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.regions import short_regency
from kantor_app.services.demo.rows import DemoRows, EmployerPlan


@dataclass
class _Contract:
    """Who builds a package, and whether its workers were registered in Jakon."""

    contractor: EmployerPlan | None = None
    spk: date | None = None
    value: int | None = None
    registered_on: date | None = None
    number: str = ""


def add_packages(draw: Draws, plans: list[EmployerPlan], rows: DemoRows) -> None:
    builders = [p for p in plans if p.sector == "konstruksi"]
    count = max(8, len(plans) // 3)
    codes: set[str] = set()
    for _ in range(count):
        regency = draw.regency()
        district, village = draw.place(regency)
        district_name = draw.district_name(regency, district)
        village_name = draw.village_name(district, village, district_name)
        provincial = draw.rng.random() < 0.3
        regency_name = draw.regions.regency_names[regency]
        if provincial:
            province = "Kalimantan Timur" if regency.startswith("64") else "Kalimantan Utara"
            klpd = f"Pemerintah Provinsi {province}"
        else:
            klpd = f"Pemerintah {regency_name}"
        name = draw.pick(words.PACKAGE_TEMPLATES).format(
            village=village_name, district=district_name, n=draw.between(1, 40)
        )
        pagu = draw.pick(
            (draw.between(15, 200), draw.between(200, 2500), draw.between(2500, 25000))
        )
        pagu *= 1_000_000
        method = "Pengadaan Langsung" if pagu <= 200_000_000 else draw.pick(
            ("Tender", "Tender", "Tender Cepat", "E-Purchasing")
        )  # fmt: skip
        kd_rup = ""
        while not kd_rup or kd_rup in codes:
            kd_rup = str(draw.between(40_000_000, 59_999_999))
        codes.add(kd_rup)
        contract = _contract(draw, builders, pagu)
        rows.packages.append(
            {
                "id": draw.uid(),
                **draw.stamp(),
                "kd_rup": kd_rup,
                "name": name,
                "pagu": pagu,
                "fiscal_year": draw.year if contract.spk is None else contract.spk.year,
                "klpd_name": klpd,
                "satker_name": draw.pick(words.SATKER),
                "procurement_type": "Pekerjaan Konstruksi",
                "method": method,
                "funding_source": "APBD",
                "location": f"{village_name}, {short_regency(regency_name)}",
                "regency_code": regency,
                **_contract_columns(contract),
                "notes": "",
            }
        )
    _show_both_periods(draw, rows.packages)


def _show_both_periods(draw: Draws, packages: list[dict[str, Any]]) -> None:
    """At least one unregistered project past its 14 working days and one still inside them.

    The Jakon batch skips the second and reminds the first: the demo shows both.
    A holiday only lengthens a period, so "inside" holds with the holiday table too;
    the overdue one is weeks past its end.
    """
    contracted = [p for p in packages if p["contractor_id"] is not None]
    registered = [p for p in contracted if p["jakon_registered_on"] is not None]

    def in_period(p: dict[str, Any]) -> bool:
        return draw.today <= registration_period_end(p["spk_date"])

    unregistered = [p for p in contracted if p["jakon_registered_on"] is None]
    overdue = [p for p in unregistered if not in_period(p)]
    recent = [p for p in unregistered if in_period(p)]
    for have, other, days in ((overdue, recent, (45, 120)), (recent, overdue, (2, 9))):
        if have:
            continue
        # A registered package gives up its registration; else a second one of the other kind.
        source = registered if registered else (other if len(other) > 1 else [])
        if not source:
            continue
        package = source.pop()
        spk = draw.today - timedelta(days=draw.between(*days))
        package.update(
            spk_date=spk, fiscal_year=spk.year, jakon_registered_on=None, jakon_number=""
        )
        have.append(package)


def _contract(draw: Draws, builders: list[EmployerPlan], pagu: int) -> _Contract:
    rng = draw.rng
    if not builders or rng.random() >= 0.7:
        return _Contract()
    contractor = draw.pick(builders)
    spk = draw.today - timedelta(days=draw.between(3, 240))
    value = round(pagu * rng.uniform(0.85, 0.98) / 1000) * 1000
    contract = _Contract(contractor, spk, value)
    if contractor.registered and rng.random() < 0.65:
        # Most register within the 14 working days, some late.
        late = rng.random() < 0.15
        delay = draw.between(15, 40) if late else draw.between(1, 13)
        contract.registered_on = min(add_working_days(spk, delay), draw.today)
        contract.number = f"J{spk.year % 100:02d}{draw.digits(8)}"
    return contract


def _contract_columns(contract: _Contract) -> dict[str, Any]:
    return {
        "contractor_id": contract.contractor.id if contract.contractor else None,
        "contract_value": contract.value,
        "spk_date": contract.spk,
        "jakon_registered_on": contract.registered_on,
        "jakon_number": contract.number,
    }
