"""The demo branch drawn in one fixed order, from one seeded RNG, into rows per table."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from kantor_app.domain.nik import NikInfo, parse_nik
from kantor_app.services.accounts.passwords import hash_password
from kantor_app.services.demo import words
from kantor_app.services.demo.contributions import add_contributions
from kantor_app.services.demo.draws import Draws
from kantor_app.services.demo.employers import add_employers, minimum_wages
from kantor_app.services.demo.findings import add_findings
from kantor_app.services.demo.funding import add_funding
from kantor_app.services.demo.outreach import add_activities, add_targets
from kantor_app.services.demo.packages import add_packages
from kantor_app.services.demo.rows import DemoRows, Progress, stop_if_cancelled
from kantor_app.services.demo.workers import add_workers


def build_rows(
    draw: Draws,
    n_workers: int,
    n_employers: int,
    cancelled: Callable[[], bool],
    report: Progress,
) -> DemoRows:
    """Every row of the demo. The order of the steps is the order of the draws: keep it."""
    rows = DemoRows()
    report(0, 0, "Membuat data perusahaan")
    rows.wages = minimum_wages(draw)
    plans = add_employers(draw, n_employers, rows)
    add_contributions(draw, plans, rows)
    add_findings(draw, plans, rows)
    stop_if_cancelled(cancelled)
    add_workers(draw, n_workers, plans, rows, cancelled, report)
    add_funding(draw, rows)
    add_activities(draw, rows)
    add_packages(draw, plans, rows)
    add_targets(draw, rows)
    add_staff(draw, rows)
    check_niks(draw, rows)
    return rows


@lru_cache(maxsize=64)
def _demo_password_hash(salt: bytes) -> str:
    # scrypt costs ~80 ms by design; the same seed gives the same salts, so a
    # demo rebuilt in one process (the tests build dozens) hashes each once.
    return hash_password(words.DEMO_PASSWORD, salt=salt)


def add_staff(draw: Draws, rows: DemoRows) -> None:
    for username, full_name, role in words.STAFF:
        # A seeded salt keeps the demo reproducible; real users get random salts.
        salt = draw.rng.getrandbits(128).to_bytes(16, "big")
        rows.staff.append(
            {
                "id": draw.uid(),
                **draw.stamp(),
                "username": username,
                "full_name": full_name,
                "role": role,
                "password_hash": _demo_password_hash(salt),
                "active": True,
            }
        )


def check_niks(draw: Draws, rows: DemoRows) -> None:
    """Every generated NIK must pass the same rules an import applies."""
    for worker in rows.workers:
        info = parse_nik(worker["nik"], draw.regions.nik_codes, draw.today)
        if not isinstance(info, NikInfo):
            raise AssertionError(f"demo NIK ditolak: {info}")
        if info.birth_date != worker["birth_date"] or info.gender != worker["gender"]:
            raise AssertionError("demo NIK tidak cocok dengan tanggal lahir/jenis kelamin")
