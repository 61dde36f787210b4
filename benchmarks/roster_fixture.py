"""Generator of a realistic roster workbook for the import benchmark.

    uv run python benchmarks/roster_fixture.py [--rows 100000] [--out FILE.xlsx]

The file looks like what branch offices receive from a regency agency: a
title block, a header row, 12 columns, text NIKs that pass every check (Kaltim
and Kaltara regions, birth dates and gender matching the NIK), then a
signature block. The same seed always gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "benchmarks" / "out"
WILAYAH = ROOT / "resources" / "wilayah"

HEADERS = (
    "NIK",
    "Nama Lengkap",
    "Tanggal Lahir",
    "Jenis Kelamin",
    "Alamat",
    "Desa/Kelurahan",
    "Kecamatan",
    "Kabupaten/Kota",
    "Pekerjaan",
    "No HP",
    "Penghasilan",
    "Keterangan",
)

_FIRST = [
    "Muhammad",
    "Ahmad",
    "Abdul",
    "Siti",
    "Nur",
    "Sri",
    "Dewi",
    "Budi",
    "Agus",
    "Rina",
    "Yusuf",
    "Andi",
    "Fitri",
    "Wahyu",
    "Rahmat",
    "Ayu",
    "Hendra",
    "Eko",
    "Ratna",
    "Putri",
    "Dian",
    "Rizki",
    "Slamet",
    "Joko",
    "Maria",
    "Yohanes",
    "Kristina",
    "Lukas",
    "Fransiska",
    "Daeng",
]
_LAST = [
    "Hidayat",
    "Saputra",
    "Rahman",
    "Lestari",
    "Wati",
    "Santoso",
    "Pratama",
    "Kurniawan",
    "Setiawan",
    "Sari",
    "Hasan",
    "Anwar",
    "Nugroho",
    "Wijaya",
    "Halim",
    "Yusuf",
    "Ramadhan",
    "Siregar",
    "Simanjuntak",
    "Lumban",
    "Tobing",
    "Sembiring",
    "Kaharuddin",
]
_JOBS = [
    "Nelayan",
    "Petani",
    "Buruh",
    "Tani",
    "Tukang",
    "Ojek",
    "Tukang",
    "Parkir",
    "Pedagang",
    "Sopir",
    "Motoris",
    "Guru",
    "Ngaji",
    "Marbut",
    "Buruh",
    "Harian",
    "Lepas",
    "Pekebun",
    "Pengrajin",
]
_STREETS = ("Jl. Pahlawan", "Jl. Merdeka", "Jl. Gajah Mada", "Jl. Mulawarman", "Gg. Mawar", "RT")


def _read(name: str) -> list[dict[str, str]]:
    with (WILAYAH / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def generate(path: Path, rows: int, seed: int = 2026) -> Path:
    rng = random.Random(seed)
    regencies = {
        r["kode"]: r["nama"] for r in _read("regencies.csv") if r["kode"][:2] in {"64", "65"}
    }
    districts = [d for d in _read("districts.csv") if d["kode_kabupaten"] in regencies]
    villages: dict[str, list[str]] = {}
    for v in _read("villages.csv"):
        villages.setdefault(v["kode_kecamatan"], []).append(v["nama"])
    districts = [d for d in districts if d["kode"] in villages]

    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data Peserta")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    text_format = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, "DAFTAR PEKERJA RENTAN PENERIMA BANTUAN IURAN", bold)
    sheet.write_string(1, 0, "Dinas Tenaga Kerja dan Transmigrasi Provinsi Kalimantan Timur")
    header_row = 3
    for col, title in enumerate(HEADERS):
        sheet.write_string(header_row, col, title, bold)

    seen: set[str] = set()
    start = date(1960, 1, 1)
    span = (date(2005, 12, 31) - start).days
    row = header_row
    while len(seen) < rows:
        district = rng.choice(districts)
        born = start + timedelta(days=rng.randrange(span))
        female = rng.random() < 0.5
        day = born.day + (40 if female else 0)
        nik = (
            district["kode"].replace(".", "")
            + f"{day:02d}{born.month:02d}{born.year % 100:02d}"
            + f"{rng.randrange(1, 10000):04d}"
        )
        if nik in seen:
            continue
        seen.add(nik)
        row += 1
        regency_code = district["kode_kabupaten"]
        values = (
            f"{rng.choice(_FIRST)} {rng.choice(_FIRST)} {rng.choice(_LAST)}",
            None,
            "P" if female else "L",
            f"{rng.choice(_STREETS)} No. {rng.randrange(1, 200)}",
            rng.choice(villages[district["kode"]]),
            district["nama"],
            regencies[regency_code],
            rng.choice(_JOBS),
            f"08{rng.randrange(10**9, 10**10)}",
        )
        sheet.write_string(row, 0, nik, text_format)
        sheet.write_string(row, 1, values[0])
        sheet.write_datetime(row, 2, born, date_format)
        for offset, value in enumerate(values[2:], start=3):
            sheet.write_string(row, offset, value)
        sheet.write_number(row, 10, rng.randrange(10, 60) * 100_000)
        sheet.write_string(row, 11, rng.choice(("Baru", "Perpanjangan", "Pindahan")))
    sheet.write_string(row + 3, 7, "Samarinda, 23 November 2026")
    sheet.write_string(row + 4, 7, "Kepala Dinas")
    sheet.write_string(row + 8, 7, "(.............................)")
    book.close()
    return path


def default_path(rows: int) -> Path:
    return OUT_DIR / f"roster-{rows // 1000}k.xlsx"


def ensure(rows: int) -> Path:
    """The benchmark file, written once and reused (benchmarks/out is git-ignored)."""
    path = default_path(rows)
    if not path.exists():
        generate(path, rows)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    path = generate(args.out or default_path(args.rows), args.rows)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
