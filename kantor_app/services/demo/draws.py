"""The demo's one seeded random generator and the small draws built on it.

Everything the demo contains (ids included) is drawn from `Draws.rng` and the
seeded Faker, so the same seed gives the same database. The order of the
draws is part of that promise: moving a call changes every row after it.
"""

from __future__ import annotations

import uuid
from bisect import bisect
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from random import Random
from typing import Any, TypeVar

from faker import Faker
from faker.providers.person.id_ID import Provider as PersonProvider

from kantor_app.domain.textnorm import clean_name
from kantor_app.services.demo import words
from kantor_app.services.demo.regions import DemoRegions

T = TypeVar("T")


class Draws:
    """One seeded RNG and the small, cheap draws every part of the demo uses."""

    def __init__(self, seed: int, today: date, regions: DemoRegions, *, device_id: str) -> None:
        self.rng = Random(seed)
        self.faker = Faker("id_ID")
        self.faker.seed_instance(seed)
        self.today = today
        self.year = today.year
        self.regions = regions
        self.now = datetime.now(UTC)
        self.device_id = device_id
        self.regency_codes = list(words.REGENCY_WEIGHTS)
        # Cumulative weights, summed once rather than on every draw.
        self.regency_weights = list(accumulate(words.REGENCY_WEIGHTS.values()))
        self.migrant_provinces = [
            p for p in words.MIGRANT_PROVINCE_WEIGHTS if p in regions.migrant_regencies
        ]
        self.migrant_weights = list(
            accumulate(words.MIGRANT_PROVINCE_WEIGHTS[p] for p in self.migrant_provinces)
        )
        # Faker's street names plus local ones, drawn once from the seeded Faker.
        self.streets = list(words.STREETS) + sorted(
            {self.faker.street_name().split(" ", 1)[-1] for _ in range(150)}
        )
        self.male_first = list(PersonProvider.first_names_male) + list(words.EXTRA_MALE) * 4
        self.female_first = list(PersonProvider.first_names_female) + list(words.EXTRA_FEMALE) * 4
        self.male_last = list(PersonProvider.last_names_male) + list(words.EXTRA_SURNAMES)
        self.female_last = list(PersonProvider.last_names_female) + list(words.EXTRA_SURNAMES)
        self.niks: set[str] = set()

    # Thin draws on rng.random(): Random.choice/randint cost several times more,
    # which adds up over 100,000 workers.
    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.rng.random() * len(items))]

    def between(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def weighted(self, items: Sequence[T], cum_weights: Sequence[float]) -> T:
        return items[bisect(cum_weights, self.rng.random() * cum_weights[-1])]

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def stamp(self) -> dict[str, Any]:
        return {"created_at": self.now, "updated_at": self.now, "device_id": self.device_id}

    def regency(self) -> str:
        return self.weighted(self.regency_codes, self.regency_weights)

    def place(self, regency: str) -> tuple[str | None, str | None]:
        districts = self.regions.districts.get(regency)
        if not districts:
            return None, None
        district = self.pick(districts)[0]
        villages = self.regions.villages.get(district)
        return district, (self.pick(villages)[0] if villages else None)

    def district_name(self, regency: str, district: str | None) -> str:
        return next((n for c, n in self.regions.districts.get(regency, []) if c == district), "")

    def village_name(self, district: str | None, village: str | None, default: str) -> str:
        villages = self.regions.villages.get(district or "", [])
        return next((n for c, n in villages if c == village), default)

    def digits(self, count: int) -> str:
        return f"{self.rng.randrange(10**count):0{count}d}"

    def phone(self) -> str:
        prefix = self.pick(("11", "12", "13", "21", "22", "52", "53", "55", "57", "77"))
        return f"08{prefix}{self.digits(self.pick((7, 8)))}"

    def address(self) -> str:
        kind = "Gg." if self.rng.random() < 0.15 else "Jl."
        street = self.pick(self.streets)
        rt, rw = self.between(1, 45), self.between(1, 12)
        return f"{kind} {street} No. {self.between(1, 180)} RT {rt:03d}/RW {rw:03d}"

    def person_name(self, gender: str, bugis: bool) -> str:
        rng = self.rng
        if gender == "L":
            first = self.pick(self.male_first)
            if first == "Muhammad" or rng.random() < 0.08:
                first = f"Muhammad {self.pick(self.male_first)}" if first == "Muhammad" else first
            last = self.pick(self.male_last) if rng.random() < 0.7 else ""
        else:
            first = self.pick(self.female_first)
            if first in ("Siti", "Nur", "Sri"):
                first = f"{first} {self.pick(self.female_first)}"
            last = self.pick(self.female_last) if rng.random() < 0.5 else ""
        name = clean_name(f"{first} {last}")
        if bugis and rng.random() < 0.3:
            name = f"{self.pick(words.BUGIS_TITLES)} {name}"
        return name

    def birth_date(self, min_age: int, max_age: int) -> date:
        days = self.between(min_age * 365 + 30, max_age * 365)
        return self.today - timedelta(days=days)

    def nik(self, district: str | None, regency: str, born: date, gender: str) -> tuple[str, bool]:
        """A valid NIK; also whether its region is a migrant's home (for names)."""
        rng = self.rng
        roll = rng.random()
        migrant = False
        if roll < 0.16 and self.migrant_provinces:
            province = self.weighted(self.migrant_provinces, self.migrant_weights)
            region = self.pick(self.regions.migrant_regencies[province]).replace(".", "")
            region += f"{self.between(1, 18):02d}"
            migrant = province in ("73", "74")
        elif roll < 0.30:
            # Moved within Kaltim/Kaltara: NIK from the first registration elsewhere.
            other = self.regency()
            region = _district_prefix(other, self.place(other)[0])
        else:
            region = _district_prefix(regency, district)
            historic = words.HISTORIC_NIK_CODE.get(regency)
            # NIKs from before the 2012 split keep the old Kaltim code.
            if historic and born.year < 1996 and rng.random() < 0.5:
                region = historic.replace(".", "") + region[4:]
        day = born.day + (40 if gender == "P" else 0)
        stem = f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}"
        while True:
            nik = f"{stem}{self.between(1, 9999):04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                return nik, migrant


def _district_prefix(regency: str, district: str | None) -> str:
    if district is None:
        return regency.replace(".", "") + "01"
    return district.replace(".", "")
