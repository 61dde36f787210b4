"""The Governor's decrees the demo branch has "entered" for its UMK of the current year.

Letters cite only a confirmed UMK with its decree, so a demo that leaves the
seeded estimates unconfirmed could issue no Teguran with a PDS Upah finding.
The numbers follow the shape of the real decrees (Kaltim ``100.3.3.1/K.…``,
Kaltara ``188.44/K.…``) but are made up, like the rest of the demo.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, update

from kantor_app.store.models import MinimumWage

__all__ = ["confirm_demo_wages", "decree_of"]

_PREFIX = {"64": "100.3.3.1/K", "65": "188.44/K"}
_SIGNED = {"64": (12, 18), "65": (12, 17)}  # (month, day) of the year before


def decree_of(regency_code: str, year: int) -> dict[str, Any]:
    """The decree columns of a confirmed demo UMK row of ``year``."""
    province = regency_code[:2]
    serial = 800 + int(regency_code[3:5])  # one decree per kab/kota, as Kaltim issues them
    month, day = _SIGNED.get(province, (12, 18))
    return {
        "confirmed": True,
        "decree_number": f"{_PREFIX.get(province, '100.3.3.1/K')}.{serial}/{year - 1}",
        "decree_date": date(year - 1, month, day),
    }


def confirm_demo_wages(conn: Connection, wages: list[dict[str, Any]]) -> None:
    """Confirm the rows already in the table (the seeded estimates) that the demo confirms;
    a row the branch confirmed itself keeps its own decree."""
    for wage in wages:
        if not wage["confirmed"]:
            continue
        conn.execute(
            update(MinimumWage)
            .where(
                MinimumWage.regency_code == wage["regency_code"],
                MinimumWage.year == wage["year"],
                MinimumWage.confirmed.is_(False),
            )
            .values(
                confirmed=True,
                decree_number=wage["decree_number"],
                decree_date=wage["decree_date"],
            )
        )
