"""A synthetic but believable Kaltim/Kaltara branch, for trying the app and for tests.

Everything is drawn from one seeded `random.Random` (ids included) and a
seeded Faker("id_ID"), so the same seed gives the same database content.
Rows go in with SQLAlchemy Core executemany, in chunks, in ONE transaction:
a cancelled or failed fill leaves the database as it was.
"""

from __future__ import annotations

import importlib
import time
import uuid
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from random import Random
from typing import Any, TypeVar

from faker import Faker
from faker.providers.person.id_ID import Provider as PersonProvider
from sqlalchemy import Connection, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from kantor_app.domain.compliance import PROGRAM_ORDER
from kantor_app.domain.nik import NikInfo, parse_nik
from kantor_app.domain.rates import (
    DEFAULT_RATE_ENTRIES,
    JHT,
    JHT_WORKER,
    JKK,
    JKM,
    JP,
    JP_WORKER,
    PU,
    RateTable,
    round_rupiah,
)
from kantor_app.domain.textnorm import clean_name
from kantor_app.domain.workdays import add_working_days
from kantor_app.services.accounts.passwords import hash_password
from kantor_app.services.demo import words
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.store.engine import Database
from kantor_app.store.models import (
    ContributionPeriod,
    CoverageTarget,
    Employer,
    EmployerFinding,
    FundingMember,
    FundingProgram,
    Letter,
    LetterSequence,
    MinimumWage,
    OutreachActivity,
    PublicWorksPackage,
    Region,
    StaffUser,
    Worker,
)

Progress = Callable[[int, int, str], None]
T = TypeVar("T")

CHUNK = 5000
BULK_ROWS = 20_000  # from this many rows, SQLite indexes are rebuilt after the insert
SOURCE = "demo"
ARREARS_SHARE = 0.24  # of registered employers
UNREGISTERED_SHARE = 0.12  # employers without NPP (belum daftar)

# Tables a demo fills, in the order rows may be deleted (children first).
_FILLED_TABLES: tuple[Any, ...] = (
    FundingMember,
    OutreachActivity,
    FundingProgram,
    PublicWorksPackage,
    Letter,
    LetterSequence,
    ContributionPeriod,
    EmployerFinding,
    Worker,
    Employer,
    CoverageTarget,
    StaffUser,
)


@dataclass(frozen=True)
class DemoSummary:
    workers: int
    employers: int
    employers_unregistered: int
    employers_in_arrears: int
    findings: int
    contribution_periods: int
    funding_programs: int
    funding_members: int
    activities: int
    packages: int
    packages_without_jakon: int
    coverage_targets: int
    staff_users: int
    compliance_refreshed: bool
    seconds: float


@dataclass
class _Regions:
    """The Region table as the generator needs it."""

    regency_names: dict[str, str]  # Kaltim/Kaltara regencies, current
    districts: dict[str, list[tuple[str, str]]]  # regency -> [(code, name)]
    villages: dict[str, list[tuple[str, str]]]  # district -> [(code, name)]
    nik_codes: frozenset[str]  # every regency code a NIK may start with
    migrant_regencies: dict[str, list[str]]  # province -> regency codes


@dataclass
class _EmployerPlan:
    id: uuid.UUID
    name: str
    sector: str
    scale: str
    regency: str
    registered: bool
    workers_reported: int | None
    wage_reported: int | None
    programs: frozenset[str]
    risk_class: str


@dataclass
class _Rows:
    employers: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    periods: list[dict[str, Any]] = field(default_factory=list)
    workers: list[dict[str, Any]] = field(default_factory=list)
    programs: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    packages: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    staff: list[dict[str, Any]] = field(default_factory=list)
    wages: list[dict[str, Any]] = field(default_factory=list)


def database_has_data(session: Session) -> bool:
    """True when any table a demo fills already holds rows."""
    for model in (Worker, Employer, FundingProgram, PublicWorksPackage, StaffUser, Letter):
        if session.scalar(select(func.count()).select_from(model)):
            return True
    return False


DEMO_WORKERS = 2000
DEMO_EMPLOYERS = 300
DEMO_SEED = 1


def ensure_demo_branch(db: Database) -> DemoSummary | None:
    """Fill an empty demo database on first open, so trying the app takes one command."""
    with db.session() as session:
        if database_has_data(session):
            return None
    return fill_demo(db, workers=DEMO_WORKERS, employers=DEMO_EMPLOYERS, seed=DEMO_SEED)


def fill_demo(
    db: Database,
    *,
    workers: int,
    employers: int,
    seed: int,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
    replace: bool = False,
) -> DemoSummary:
    """Fill a migrated database with a demo branch; refuse a non-empty one unless ``replace``."""
    if workers < 0 or employers < 0:
        raise ServiceError("Jumlah pekerja dan perusahaan tidak boleh negatif.")
    started = time.perf_counter()
    today = today or date.today()
    report = progress or (lambda _d, _t, _m: None)
    cancelled = is_cancelled or (lambda: False)

    with db.transaction() as session:
        conn = session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        if database_has_data(session):
            if not replace:
                raise ServiceError(
                    "Basis data ini sudah berisi data. Data demo hanya dibuat di basis data "
                    "kosong; gunakan berkas lain (--demo) atau pilihan --replace untuk "
                    "mengganti isinya."
                )
            for model in _FILLED_TABLES:
                conn.execute(delete(model.__table__))
        regions = _load_regions(conn)
        generator = _Generator(seed, today, regions, device_id=db.device_id)
        rows = generator.build(workers, employers, cancelled, report)
        # In NIK order the unique NIK index grows at its end instead of at
        # random pages: about twice as fast on SQLite. The content is the same.
        rows.workers.sort(key=lambda w: w["nik"])

        _insert(conn, MinimumWage.__table__, _missing_wages(conn, rows.wages), cancelled)
        steps: list[tuple[Table, list[dict[str, Any]], str]] = [
            (_table(Employer), rows.employers, "Menyimpan perusahaan"),
            (_table(EmployerFinding), rows.findings, "Menyimpan temuan pemeriksaan"),
            (_table(ContributionPeriod), rows.periods, "Menyimpan iuran bulanan"),
            (_table(Worker), rows.workers, "Menyimpan pekerja"),
            (_table(FundingProgram), rows.programs, "Menyimpan program pendanaan"),
            (_table(FundingMember), rows.members, "Menyimpan anggota program"),
            (_table(OutreachActivity), rows.activities, "Menyimpan kegiatan lapangan"),
            (_table(PublicWorksPackage), rows.packages, "Menyimpan paket SiRUP"),
            (_table(CoverageTarget), rows.targets, "Menyimpan target cakupan"),
            (_table(StaffUser), rows.staff, "Menyimpan pengguna"),
        ]
        total = sum(len(r) for _t, r, _m in steps)
        done = 0
        with _big_sqlite_cache(conn, db.is_sqlite):
            for table, table_rows, message in steps:
                bulk = db.is_sqlite and len(table_rows) >= BULK_ROWS
                with _indexes_built_after(conn, table.name, enabled=bulk):
                    for chunk in _chunks(table_rows, CHUNK):
                        if cancelled():
                            raise Cancelled("Pembuatan data demo dibatalkan.")
                        conn.execute(insert(table), chunk)
                        done += len(chunk)
                        report(done, total, message)
        refreshed = _refresh_compliance(session, today)

    arrears_ids = {p["employer_id"] for p in rows.periods if p["paid"] < p["due"]}
    return DemoSummary(
        workers=len(rows.workers),
        employers=len(rows.employers),
        employers_unregistered=sum(1 for e in rows.employers if not e["npp"]),
        employers_in_arrears=len(arrears_ids & generator.arrears_employers),
        findings=len(rows.findings),
        contribution_periods=len(rows.periods),
        funding_programs=len(rows.programs),
        funding_members=len(rows.members),
        activities=len(rows.activities),
        packages=len(rows.packages),
        packages_without_jakon=sum(
            1 for p in rows.packages if p["spk_date"] and not p["jakon_registered_on"]
        ),
        coverage_targets=len(rows.targets),
        staff_users=len(rows.staff),
        compliance_refreshed=refreshed,
        seconds=time.perf_counter() - started,
    )


@contextmanager
def _big_sqlite_cache(conn: Connection, is_sqlite: bool) -> Iterator[None]:
    """Give SQLite a large page cache while the indexes of 100,000 rows are built.

    With the default 2 MB cache, index pages are evicted and re-read
    constantly; the connection goes back to the pool with its old setting.
    """
    if not is_sqlite:
        yield
        return
    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size=-262144")  # KiB: at most 256 MB, used as needed
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(previous or -2000)}")


@contextmanager
def _indexes_built_after(conn: Connection, table: str, *, enabled: bool) -> Iterator[None]:
    """Drop a SQLite table's secondary indexes, insert, then create them again.

    Building an index once over sorted rows is several times faster than
    updating ten indexes row by row. The indexes are read back from
    sqlite_master, so ones added by later migrations are kept too; DDL is
    transactional in SQLite, so a failure or cancel restores them.
    """
    if not enabled:
        yield
        return
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).all()
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.exec_driver_sql(sql)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _chunks(rows: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(
    conn: Connection, table: Any, rows: list[dict[str, Any]], cancelled: Callable[[], bool]
) -> None:
    for chunk in _chunks(rows, CHUNK):
        if cancelled():
            raise Cancelled("Pembuatan data demo dibatalkan.")
        conn.execute(insert(table), chunk)


def _missing_wages(conn: Connection, wages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """UMK rows the database lacks; real figures entered by the branch are kept."""
    table = MinimumWage.__table__
    existing = {
        (code, year) for code, year in conn.execute(select(table.c.regency_code, table.c.year))
    }
    return [w for w in wages if (w["regency_code"], w["year"]) not in existing]


def _refresh_compliance(session: Session, today: date) -> bool:
    """Derive Employer.compliance_status with the compliance service, when installed.

    The service is optional at this layer: without it, statuses stay at the
    column default until the employer screen refreshes them.
    """
    try:
        module = importlib.import_module("kantor_app.services.employers.compliance")
    except ModuleNotFoundError:
        return False
    refresh = getattr(module, "refresh_compliance", None)
    if refresh is None:
        return False
    refresh(session, today=today)
    return True


def _load_regions(conn: Connection) -> _Regions:
    region = Region.__table__
    regency_names: dict[str, str] = {}
    districts: dict[str, list[tuple[str, str]]] = {}
    villages: dict[str, list[tuple[str, str]]] = {}
    nik_codes: set[str] = set()
    migrant: dict[str, list[str]] = {}
    home = ("64", "65")
    query = select(
        region.c.code, region.c.level, region.c.parent_code, region.c.name, region.c.historic
    )
    for code, level, parent, name, historic in conn.execute(query):
        if level == "kabupaten":
            nik_codes.add(code)
            if historic:
                continue
            province = code[:2]
            if province in home:
                regency_names[code] = name
            elif province in words.MIGRANT_PROVINCE_WEIGHTS:
                migrant.setdefault(province, []).append(code)
        elif level == "kecamatan" and code[:2] in home:
            districts.setdefault(parent, []).append((code, name))
        elif level == "desa" and code[:2] in home:
            villages.setdefault(parent, []).append((code, name))
    # Database collations order dotted codes differently (PostgreSQL's locale
    # ignores the dots): sort here so every engine draws from the same lists.
    for places in (districts, villages):
        for listing in places.values():
            listing.sort()
    for codes in migrant.values():
        codes.sort()
    missing = [code for code in words.REGENCY_WEIGHTS if code not in regency_names]
    if missing or not districts:
        raise ServiceError(
            "Tabel wilayah Kalimantan Timur/Utara belum lengkap di basis data ini; "
            "jalankan migrasi terlebih dahulu."
        )
    return _Regions(regency_names, districts, villages, frozenset(nik_codes), migrant)


def _months_before(today: date, count: int) -> list[tuple[int, int]]:
    """The ``count`` calendar months before today's month, oldest first."""
    year, month = today.year, today.month
    out: list[tuple[int, int]] = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append((year, month))
    return out[::-1]


def _short_regency(name: str) -> str:
    return name.replace("Kabupaten ", "Kab. ")


class _Generator:
    """Draws every row from one seeded RNG, in a fixed order."""

    def __init__(self, seed: int, today: date, regions: _Regions, *, device_id: str) -> None:
        self.rng = Random(seed)
        self.faker = Faker("id_ID")
        self.faker.seed_instance(seed)
        self.today = today
        self.year = today.year
        self.regions = regions
        self.now = datetime.now(UTC)
        self.device_id = device_id
        self.rates = RateTable(DEFAULT_RATE_ENTRIES)
        self.arrears_employers: set[uuid.UUID] = set()
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

    # --- small draws -----------------------------------------------------

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
            region = self._district_prefix(other, self.place(other)[0])
        else:
            region = self._district_prefix(regency, district)
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

    def _district_prefix(self, regency: str, district: str | None) -> str:
        if district is None:
            return regency.replace(".", "") + "01"
        return district.replace(".", "")

    # --- the branch ------------------------------------------------------

    def build(
        self, n_workers: int, n_employers: int, cancelled: Callable[[], bool], report: Progress
    ) -> _Rows:
        rows = _Rows()
        report(0, 0, "Membuat data perusahaan")
        rows.wages = self.minimum_wages()
        plans = self.employers(n_employers, rows)
        self.contributions(plans, rows)
        self.findings(plans, rows)
        if cancelled():
            raise Cancelled("Pembuatan data demo dibatalkan.")
        self.workers(n_workers, plans, rows, cancelled, report)
        self.funding(rows)
        self.activities(rows)
        self.packages(plans, rows)
        self.targets(rows)
        self.staff(rows)
        self.self_check(rows)
        return rows

    def minimum_wages(self) -> list[dict[str, Any]]:
        out = []
        for code, amount in words.DEMO_UMK.items():
            previous = round(amount / 1.06 / 1000) * 1000
            out.append({"regency_code": code, "year": self.year, "amount": amount})
            out.append({"regency_code": code, "year": self.year - 1, "amount": previous})
        return out

    def umk(self, regency: str) -> int:
        return words.DEMO_UMK.get(regency, 3_900_000)

    def employer_name(self, sector: str, scale: str, taken: set[str]) -> tuple[str, str]:
        first_words, last_words = words.NAME_WORDS[sector]
        if scale in ("besar", "menengah") or sector in ("pertambangan", "kelapa_sawit"):
            form = "PT"
        elif sector == "perdagangan" and self.rng.random() < 0.4:
            form = "UD"
        else:
            form = self.pick(("CV", "CV", "PT"))
        for attempt in range(50):
            base = f"{self.pick(first_words)} {self.pick(last_words)}"
            if attempt > 5:
                base += f" {self.pick(('Utama', 'Nusantara', 'Sejahtera', 'Lestari'))}"
            name = f"{form} {base}"
            if attempt > 20:
                name += f" {self.pick(('II', 'III', 'IV', 'Indah', 'Timur', 'Raya'))}"
            if name not in taken:
                taken.add(name)
                return form, name
        name = f"{form} {base} {len(taken)}"
        taken.add(name)
        return form, name

    def required_programs(self, scale: str) -> frozenset[str]:
        if scale in ("besar", "menengah"):
            return frozenset({"JKK", "JKM", "JHT", "JP"})
        return frozenset({"JKK", "JKM", "JHT"})

    def employers(self, count: int, rows: _Rows) -> list[_EmployerPlan]:
        rng = self.rng
        sectors = list(words.SECTOR_SHARES)
        sector_weights = list(accumulate(words.SECTOR_SHARES.values()))
        taken: set[str] = set()
        npps: set[str] = set()
        plans: list[_EmployerPlan] = []
        for _ in range(count):
            sector = self.weighted(sectors, sector_weights)
            scales = words.SCALE_WEIGHTS[sector]
            scale = self.weighted(list(scales), list(accumulate(scales.values())))
            form, name = self.employer_name(sector, scale, taken)
            regency = self.regency()
            registered = rng.random() >= UNREGISTERED_SHARE
            low, high = words.WORKERS_BY_SCALE[scale]
            size = self.between(low, high)
            umk = self.umk(regency)
            risk = self.pick(words.RISK_CLASSES[sector])
            npp: str | None = None
            programs: frozenset[str] = frozenset()
            wage: int | None = None
            workers_reported: int | None = None
            if registered:
                while npp is None or npp in npps:
                    npp = f"{self.pick(('1', '2', '3'))}{self.digits(7)}"
                npps.add(npp)
                programs = self.required_programs(scale)
                if rng.random() < 0.10:
                    # PDS Program: a mandatory program left out.
                    programs = programs - {self.pick(sorted(programs - {"JKK", "JKM"}))}
                elif scale in ("besar", "menengah") and rng.random() < 0.5:
                    programs = programs | {"JKP"}
                factor = rng.uniform(0.88, 0.99) if rng.random() < 0.09 else rng.uniform(1.0, 1.6)
                wage = round(umk * factor / 1000) * 1000
                workers_reported = size
            district, _village = self.place(regency)
            district_name = next(
                (n for c, n in self.regions.districts.get(regency, []) if c == district), ""
            )
            plan = _EmployerPlan(
                id=self.uid(),
                name=name,
                sector=sector,
                scale=scale,
                regency=regency,
                registered=registered,
                workers_reported=workers_reported,
                wage_reported=wage,
                programs=programs,
                risk_class=risk,
            )
            plans.append(plan)
            place = f"Kec. {district_name}, " if district_name else ""
            address = (
                f"{self.address().split(' RT ')[0]}, {place}"
                f"{_short_regency(self.regions.regency_names[regency])}"
            )
            rows.employers.append(
                {
                    "id": plan.id,
                    **self.stamp(),
                    "npp": npp,
                    "name": name,
                    "legal_form": form,
                    "npwp": "0" + self.digits(15) if rng.random() < 0.93 else None,
                    "nib": self.digits(13) if rng.random() < 0.9 else None,
                    "kbli_code": self.pick(words.KBLI[sector]),
                    "kbli_version": "2020",
                    "sector": sector,
                    "scale": scale,
                    "address": address,
                    "regency_code": regency,
                    "contact_person": self.person_name(self.pick("LLP"), False),
                    "contact_phone": self.phone(),
                    "jkk_risk_class": risk,
                    "workers_reported": workers_reported,
                    "wage_reported": wage,
                    "programs": ",".join(p for p in PROGRAM_ORDER if p in programs),
                    "compliance_status": "patuh",
                    "arrears_total": 0,
                }
            )
        return plans

    def monthly_due(self, plan: _EmployerPlan, on: date) -> int:
        assert plan.wage_reported is not None and plan.workers_reported is not None
        percent = self.rates.value(JKK, PU, on, plan.risk_class) + self.rates.value(JKM, PU, on)
        if "JHT" in plan.programs:
            percent += self.rates.value(JHT, PU, on) + self.rates.value(JHT_WORKER, PU, on)
        if "JP" in plan.programs:
            percent += self.rates.value(JP, PU, on) + self.rates.value(JP_WORKER, PU, on)
        payroll = Decimal(plan.wage_reported * plan.workers_reported)
        return round_rupiah(payroll * percent / Decimal(100))

    def contributions(self, plans: list[_EmployerPlan], rows: _Rows) -> None:
        rng = self.rng
        months = _months_before(self.today, 12)
        for plan in plans:
            if not plan.registered:
                continue
            in_arrears = rng.random() < ARREARS_SHARE
            unpaid_months = self.between(1, 6) if in_arrears else 0
            if in_arrears:
                self.arrears_employers.add(plan.id)
            for index, (year, month) in enumerate(months):
                due = self.monthly_due(plan, date(year, month, 1))
                next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
                months_left = len(months) - index
                # The last unpaid months are overdue: skip the newest if not yet due.
                newest_not_due = months_left == 1 and self.today.day <= 15
                paid = due
                paid_on: date | None = date(next_year, next_month, self.between(3, 15))
                if in_arrears and months_left <= unpaid_months + (1 if newest_not_due else 0):
                    partial = rng.random() < 0.3
                    paid = round(due * rng.uniform(0.3, 0.7)) if partial else 0
                    paid_on = paid_on if partial else None
                elif newest_not_due and rng.random() < 0.5:
                    paid, paid_on = 0, None
                if paid_on is not None and paid_on > self.today:
                    paid, paid_on = 0, None
                rows.periods.append(
                    {
                        "id": self.uid(),
                        **self.stamp(),
                        "employer_id": plan.id,
                        "year": year,
                        "month": month,
                        "due": due,
                        "paid": paid,
                        "paid_on": paid_on,
                    }
                )

    def findings(self, plans: list[_EmployerPlan], rows: _Rows) -> None:
        rng = self.rng
        officers = [full for _u, full, role in words.STAFF if role != "admin"]
        for plan in plans:
            found_on = self.today - timedelta(days=self.between(10, 300))
            base = {
                "employer_id": plan.id,
                "found_on": found_on,
                "officer": self.pick(officers),
                "resolved_on": None,
                "resolution_note": "",
            }
            if not plan.registered:
                low, high = words.WORKERS_BY_SCALE[plan.scale]
                rows.findings.append(
                    {
                        "id": self.uid(),
                        **self.stamp(),
                        **base,
                        "source": "survei lapangan",
                        "workers_found": self.between(low, high),
                        "wage_found": None,
                        "note": "Usaha beroperasi, belum terdaftar BPJS Ketenagakerjaan.",
                    }
                )
                continue
            assert plan.workers_reported is not None and plan.wage_reported is not None
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
                base["resolved_on"] = found_on + timedelta(days=self.between(10, 40))
                base["resolution_note"] = "Perusahaan menambah pekerja melalui SIPP."
            else:
                continue
            rows.findings.append(
                {
                    "id": self.uid(),
                    **self.stamp(),
                    **base,
                    "source": self.pick(("inspeksi", "pemeriksaan", "laporan JMO")),
                    "workers_found": workers_found,
                    "wage_found": wage_found,
                    "note": note,
                }
            )

    def workers(
        self,
        count: int,
        plans: list[_EmployerPlan],
        rows: _Rows,
        cancelled: Callable[[], bool],
        report: Progress,
    ) -> None:
        rng = self.rng
        segments = list(words.SEGMENT_SHARES)
        segment_weights = list(accumulate(words.SEGMENT_SHARES.values()))
        registered = [p for p in plans if p.registered and p.workers_reported]
        employer_weights = list(accumulate(p.workers_reported or 1 for p in registered))
        builders = [p for p in registered if p.sector == "konstruksi"]
        female_rentan = (
            "Pedagang Kecil", "Buruh Tani", "Petani", "Guru Honorer", "Aparat Desa",
            "Guru Ngaji", "Kader Posyandu", "Pekerja Harian Lepas",
        )  # fmt: skip
        male_rentan = [o for o in words.OCCUPATIONS_RENTAN if o != "Kader Posyandu"]
        for index in range(count):
            if index % CHUNK == 0:
                if cancelled():
                    raise Cancelled("Pembuatan data demo dibatalkan.")
                report(index, count, "Membuat data pekerja")
            segment = self.weighted(segments, segment_weights)
            employer: _EmployerPlan | None = None
            if segment == "PU" and registered:
                employer = self.weighted(registered, employer_weights)
            elif segment == "JAKON" and builders:
                employer = self.pick(builders)
            elif segment == "PU":
                segment = "BPU"
            regency = employer.regency if employer and rng.random() < 0.9 else self.regency()
            district, village = self.place(regency)
            if segment == "JAKON":
                male_share = 0.95
            elif employer is not None and employer.sector in (
                "kelapa_sawit", "pertambangan", "konstruksi"
            ):  # fmt: skip
                male_share = 0.85
            else:
                male_share = 0.6
            gender = "L" if rng.random() < male_share else "P"
            born = self.birth_date(19, 58) if segment != "PU" else self.birth_date(19, 54)
            nik, bugis = self.nik(district, regency, born, gender)
            if segment == "PU" and employer is not None:
                occupation = self.pick(words.OCCUPATIONS_PU[employer.sector])
                base_wage = employer.wage_reported or self.umk(regency)
                income = round(base_wage * rng.uniform(0.95, 1.5) / 1000) * 1000
            elif segment == "JAKON":
                occupation = self.pick(words.OCCUPATIONS_JAKON)
                income = self.between(70, 110) * 50_000
            elif segment == "RENTAN":
                occupation = self.pick(male_rentan if gender == "L" else female_rentan)
                income = self.between(20, 50) * 50_000
            else:
                occupation = self.pick(words.OCCUPATIONS_BPU)
                income = self.between(30, 120) * 50_000
            name = self.person_name(gender, bugis)
            active = rng.random() < 0.93
            rows.workers.append(
                {
                    "id": self.uid(),
                    **self.stamp(),
                    "nik": nik,
                    "kpj": self.digits(11) if rng.random() < 0.9 else None,
                    "name": name,
                    "name_key": name.upper(),
                    "birth_date": born,
                    "gender": gender,
                    "address": self.address(),
                    "regency_code": regency,
                    "district_code": district,
                    "village_code": village,
                    "occupation": occupation,
                    "phone": self.phone() if rng.random() < 0.85 else "",
                    "income": income,
                    "segment": segment,
                    "status": "aktif" if active else "nonaktif",
                    "employer_id": employer.id if employer else None,
                    "warnings": "",
                    "source": SOURCE,
                }
            )
        report(count, count, "Membuat data pekerja")

    def funding(self, rows: _Rows) -> None:
        rng = self.rng
        year = self.year
        start, end = date(year, 1, 1), date(year, 12, 31)

        def program(
            name: str, source: str, funder: str, regency: str | None, quota: int
        ) -> uuid.UUID:
            pid = self.uid()
            rows.programs.append(
                {
                    "id": pid,
                    **self.stamp(),
                    "name": name,
                    "source": source,
                    "funder_name": funder,
                    "regency_code": regency,
                    "year": year,
                    "quota": quota,
                    "monthly_amount": 16_800,
                    "programs": "JKK,JKM",
                    "start_date": start,
                    "end_date": end,
                }
            )
            return pid

        kaltara = program(
            f"APBD Provinsi Kalimantan Utara {year} — Pekerja Rentan",
            "APBD_PROV",
            "Pemerintah Provinsi Kalimantan Utara",
            None,
            22_121,
        )
        kaltim = program(
            f"APBD Provinsi Kalimantan Timur {year} — Pekerja Rentan",
            "APBD_PROV",
            "Pemerintah Provinsi Kalimantan Timur",
            None,
            100_000,
        )
        ppu = program(
            f"APBD Kab. Penajam Paser Utara {year} — Pekerja Rentan",
            "APBD_KAB",
            "Pemerintah Kabupaten Penajam Paser Utara",
            "64.09",
            15_000,
        )
        kukar = program(
            f"APBD Kab. Kutai Kartanegara {year} — Perda Perlindungan Pekerja Rentan",
            "APBD_KAB",
            "Pemerintah Kabupaten Kutai Kartanegara",
            "64.02",
            12_000,
        )
        sawit = [e for e in rows.employers if e["sector"] == "kelapa_sawit" and e["npp"]]
        csr_funder = self.pick(sawit)["name"] if sawit else "PT Borneo Sawit Lestari"
        theme = self.pick(words.FUNDING_CSR_THEMES)
        csr = program(f"CSR {csr_funder} — {theme}", "CSR", csr_funder, None, 750)
        gn = program(
            f"GN Lingkaran {year} — Donatur Kota Samarinda",
            "GN_LINGKARAN",
            "Donatur GN Lingkaran (perorangan dan BAZNAS)",
            "64.72",
            400,
        )
        for worker in rows.workers:
            if worker["segment"] != "RENTAN" or rng.random() >= 0.85:
                continue
            regency = worker["regency_code"]
            roll = rng.random()
            if roll < 0.05:
                chosen = csr
            elif roll < 0.09:
                chosen = gn
            elif regency.startswith("65"):
                chosen = kaltara
            elif regency == "64.09" and roll < 0.75:
                chosen = ppu
            elif regency == "64.02" and roll < 0.6:
                chosen = kukar
            else:
                chosen = kaltim
            joined = start + timedelta(days=self.between(0, max(0, (self.today - start).days)))
            rows.members.append(
                {
                    "id": self.uid(),
                    **self.stamp(),
                    "program_id": chosen,
                    "worker_id": worker["id"],
                    "start_date": joined,
                    "end_date": end,
                    "monthly_amount": 16_800,
                    "declared_income": 1_000_000,
                }
            )

    def activities(self, rows: _Rows) -> None:
        rng = self.rng
        count = max(12, min(400, len(rows.workers) // 60))
        officers = [full for _u, full, role in words.STAFF if role != "admin"]
        program_ids = [p["id"] for p in rows.programs]
        for _ in range(count):
            kind = self.pick(list(words.OUTREACH_KINDS))
            regency = self.regency()
            district, village = self.place(regency)
            place_name = (
                next(
                    (n for c, n in self.regions.villages.get(district or "", []) if c == village),
                    "",
                )
                or self.regions.regency_names[regency]
            )
            group = self.pick(words.OUTREACH_GROUPS)
            held_on = self.today - timedelta(days=self.between(1, 360))
            registered = self.between(5, 120) if kind != "sosialisasi" else self.between(0, 40)
            rows.activities.append(
                {
                    "id": self.uid(),
                    **self.stamp(),
                    "kind": kind,
                    "title": f"{words.OUTREACH_KINDS[kind]} {group} {place_name}",
                    "held_on": held_on,
                    "regency_code": regency,
                    "district_code": district,
                    "village_code": village,
                    "funding_program_id": self.pick(program_ids) if rng.random() < 0.5 else None,
                    "workers_registered": registered,
                    "officer": self.pick(officers),
                    "notes": self.pick(
                        ("", "Bersama kepala desa dan Disnaker.", "Peserta membawa KTP dan KK.")
                    ),
                }
            )

    def packages(self, plans: list[_EmployerPlan], rows: _Rows) -> None:
        rng = self.rng
        builders = [p for p in plans if p.sector == "konstruksi"]
        count = max(8, len(plans) // 3)
        codes: set[str] = set()
        for _ in range(count):
            regency = self.regency()
            district, village = self.place(regency)
            district_name = next(
                (n for c, n in self.regions.districts.get(regency, []) if c == district), ""
            )
            village_name = next(
                (n for c, n in self.regions.villages.get(district or "", []) if c == village),
                district_name,
            )
            provincial = rng.random() < 0.3
            regency_name = self.regions.regency_names[regency]
            if provincial:
                province = "Kalimantan Timur" if regency.startswith("64") else "Kalimantan Utara"
                klpd = f"Pemerintah Provinsi {province}"
            else:
                klpd = f"Pemerintah {regency_name}"
            name = self.pick(words.PACKAGE_TEMPLATES).format(
                village=village_name, district=district_name, n=self.between(1, 40)
            )
            pagu = self.pick(
                (self.between(15, 200), self.between(200, 2500), self.between(2500, 25000))
            )
            pagu *= 1_000_000
            method = "Pengadaan Langsung" if pagu <= 200_000_000 else self.pick(
                ("Tender", "Tender", "Tender Cepat", "E-Purchasing")
            )  # fmt: skip
            kd_rup = ""
            while not kd_rup or kd_rup in codes:
                kd_rup = str(self.between(40_000_000, 59_999_999))
            codes.add(kd_rup)
            contractor: _EmployerPlan | None = None
            spk: date | None = None
            value: int | None = None
            registered_on: date | None = None
            number = ""
            if builders and rng.random() < 0.7:
                contractor = self.pick(builders)
                spk = self.today - timedelta(days=self.between(3, 240))
                value = round(pagu * rng.uniform(0.85, 0.98) / 1000) * 1000
                if contractor.registered and rng.random() < 0.65:
                    # Most register within the 14 working days, some late.
                    late = rng.random() < 0.15
                    delay = self.between(15, 40) if late else self.between(1, 13)
                    registered_on = min(add_working_days(spk, delay), self.today)
                    number = f"J{spk.year % 100:02d}{self.digits(8)}"
            rows.packages.append(
                {
                    "id": self.uid(),
                    **self.stamp(),
                    "kd_rup": kd_rup,
                    "name": name,
                    "pagu": pagu,
                    "fiscal_year": self.year if spk is None else spk.year,
                    "klpd_name": klpd,
                    "satker_name": self.pick(words.SATKER),
                    "procurement_type": "Pekerjaan Konstruksi",
                    "method": method,
                    "funding_source": "APBD",
                    "location": f"{village_name}, {_short_regency(regency_name)}",
                    "regency_code": regency,
                    "contractor_id": contractor.id if contractor else None,
                    "contract_value": value,
                    "spk_date": spk,
                    "jakon_registered_on": registered_on,
                    "jakon_number": number,
                    "notes": "",
                }
            )

    def targets(self, rows: _Rows) -> None:
        active = Counter(
            (w["regency_code"], w["segment"]) for w in rows.workers if w["status"] == "aktif"
        )
        for regency in self.regency_codes:
            for segment in words.SEGMENT_SHARES:
                covered = active.get((regency, segment), 0)
                # Targets a bit above or below what is reached: 55-125 % achievement.
                target = max(5, round(covered / self.rng.uniform(0.55, 1.25)))
                rows.targets.append(
                    {
                        "id": self.uid(),
                        **self.stamp(),
                        "regency_code": regency,
                        "year": self.year,
                        "segment": segment,
                        "target": target,
                    }
                )

    def staff(self, rows: _Rows) -> None:
        for username, full_name, role in words.STAFF:
            # A seeded salt keeps the demo reproducible; real users get random salts.
            salt = self.rng.getrandbits(128).to_bytes(16, "big")
            rows.staff.append(
                {
                    "id": self.uid(),
                    **self.stamp(),
                    "username": username,
                    "full_name": full_name,
                    "role": role,
                    "password_hash": hash_password(words.DEMO_PASSWORD, salt=salt),
                    "active": True,
                }
            )

    def self_check(self, rows: _Rows) -> None:
        """Every generated NIK must pass the same rules an import applies."""
        for worker in rows.workers:
            info = parse_nik(worker["nik"], self.regions.nik_codes, self.today)
            if not isinstance(info, NikInfo):
                raise AssertionError(f"demo NIK ditolak: {info}")
            if info.birth_date != worker["birth_date"] or info.gender != worker["gender"]:
                raise AssertionError("demo NIK tidak cocok dengan tanggal lahir/jenis kelamin")
