"""`demo --workers N --employers M [--seed S]`: fill a database with a demo branch."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from kantor_app.domain.money import format_rupiah
from kantor_app.domain.rates import (
    DEFAULT_RATE_ENTRIES,
    RENTAN_DECLARED_INCOME,
    RateTable,
    rentan_monthly_contribution,
)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser(
        "demo",
        help="isi basis data dengan cabang demo (data sintetis)",
        description=(
            "Isi basis data kosong dengan cabang demo Kalimantan Timur/Utara yang "
            "sintetis tetapi masuk akal; seed yang sama menghasilkan isi yang sama."
        ),
    )
    parser.add_argument("--workers", type=_count, default=2000, help="jumlah pekerja (2000)")
    parser.add_argument("--employers", type=_count, default=300, help="jumlah perusahaan (300)")
    parser.add_argument("--seed", type=int, default=1, help="seed acak (1)")
    parser.add_argument(
        "--replace", action="store_true", help="hapus data yang ada lalu isi ulang dengan demo"
    )
    parser.set_defaults(func=run)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' bukan bilangan bulat") from exc
    if value < 0:
        raise argparse.ArgumentTypeError("jumlah tidak boleh negatif")
    return value


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def run(args: argparse.Namespace) -> int:
    from kantor_app.services.database import open_database
    from kantor_app.services.demo.fill import fill_demo
    from kantor_app.services.demo.words import DEMO_PASSWORD, STAFF
    from kantor_app.services.errors import ServiceError

    db = open_database(args.db, demo=args.demo)
    try:
        summary = fill_demo(
            db,
            workers=args.workers,
            employers=args.employers,
            seed=args.seed,
            replace=args.replace,
        )
    except ServiceError as exc:
        print(f"kantor-app: {exc}")
        return 1
    finally:
        db.dispose()
    users = ", ".join(username for username, _name, _role in STAFF)
    print(f"Data demo dibuat di {db.location} dalam {summary.seconds:.1f} detik:")
    print(f"  pekerja             {_number(summary.workers)}")
    print(
        f"  perusahaan          {_number(summary.employers)} "
        f"({_number(summary.employers_unregistered)} belum daftar, "
        f"{_number(summary.employers_in_arrears)} menunggak)"
    )
    print(f"  temuan pemeriksaan  {_number(summary.findings)}")
    print(f"  periode iuran       {_number(summary.contribution_periods)}")
    print(
        f"  program pendanaan   {_number(summary.funding_programs)} "
        f"({_number(summary.funding_members)} anggota, "
        f"iuran mulai {format_rupiah(_least_rentan_amount())}/orang/bulan)"
    )
    print(f"  kegiatan lapangan   {_number(summary.activities)}")
    print(
        f"  paket SiRUP         {_number(summary.packages)} "
        f"({_number(summary.packages_without_jakon)} sudah SPK tanpa Jakon)"
    )
    print(f"  target cakupan      {_number(summary.coverage_targets)}")
    print(f"  pengguna            {users} (kata sandi: {DEMO_PASSWORD})")
    if not summary.compliance_refreshed:
        print("  status kepatuhan belum dihitung (layanan kepatuhan tidak tersedia)")
    return 0


def _least_rentan_amount() -> int:
    # Members pay at their declared income; the least is at the minimum BPU income.
    rates = RateTable(DEFAULT_RATE_ENTRIES)
    return rentan_monthly_contribution(rates, RENTAN_DECLARED_INCOME, date.today())
