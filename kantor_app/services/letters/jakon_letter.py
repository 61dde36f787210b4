"""What a Jakon reminder says about its projects: every overdue package, in figures and words.

One letter goes to a contractor for all its overdue packages (see
:mod:`~kantor_app.services.letters.jakon_selection`); the running text names
each with its contract value and contribution, and the total, so the table
that follows (:func:`~kantor_app.services.letters.tables.jakon_table`) only
repeats what the text already says.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from kantor_app.domain.dates import format_date_id
from kantor_app.domain.jakon import JAKON_REGISTRATION_WORKING_DAYS, registration_period_end
from kantor_app.domain.money import number_with_words, rupiah_with_words
from kantor_app.store.models import PublicWorksPackage

__all__ = ["jakon_fields"]


def _package_text(package: PublicWorksPackage, amount: int) -> str:
    spk = format_date_id(package.spk_date) if package.spk_date else "-"
    text = (
        f"{package.name} (kode RUP {package.kd_rup}) dengan nilai kontrak "
        f"{rupiah_with_words(package.contract_value or 0)} berdasarkan SPK tanggal {spk}"
    )
    if amount > 0:
        text += f", iuran JKK dan JKM {rupiah_with_words(amount)}"
    return text


def _finding(
    packages: Sequence[PublicWorksPackage], amounts: Sequence[int], holidays: Collection[date]
) -> str:
    days = number_with_words(JAKON_REGISTRATION_WORKING_DAYS)
    if len(packages) == 1:
        package = packages[0]
        assert package.spk_date is not None  # only overdue packages get here
        end = registration_period_end(package.spk_date, holidays)
        text = (
            f"pekerjaan {_package_text(package, amounts[0])}. Sampai dengan tanggal surat ini, "
            f"pekerja proyek tersebut belum didaftarkan dalam program JKK dan JKM, padahal "
            f"batas waktu {days} hari kerja sejak SPK telah berakhir pada tanggal "
            f"{format_date_id(end)}."
        )
    else:
        listed = [
            f"({n}) {_package_text(p, amount)}"
            for n, (p, amount) in enumerate(zip(packages, amounts, strict=True), start=1)
        ]
        text = (
            f"{number_with_words(len(packages))} paket pekerjaan yang pekerjanya sampai dengan "
            f"tanggal surat ini belum didaftarkan dalam program JKK dan JKM, padahal batas "
            f"waktu {days} hari kerja sejak SPK masing-masing telah berakhir, yaitu "
            + "; ".join(listed[:-1])
            + "; dan "
            + listed[-1]
            + "."
        )
    total = sum(amounts)
    if total > 0:
        text += (
            f" Jumlah iuran JKK dan JKM berdasarkan nilai kontrak adalah "
            f"{rupiah_with_words(total)}, dengan rincian sebagai berikut:"
        )
    else:
        text += " Rincian paket tersebut sebagai berikut:"
    return text


def jakon_fields(
    packages: Sequence[PublicWorksPackage], amounts: Sequence[int], holidays: Collection[date]
) -> dict[str, str]:
    """The Jakon template fields: ``temuan`` for every package, the first one's own fields.

    ``nama_proyek``, ``nilai_kontrak`` and ``tanggal_spk`` stay for templates
    a branch wrote for one project per letter.
    """
    if len(amounts) != len(packages):  # no band table passed: no contribution in the text
        amounts = [0] * len(packages)
    first = packages[0]
    return {
        "nama_proyek": first.name,
        "nilai_kontrak": rupiah_with_words(first.contract_value or 0),
        "tanggal_spk": format_date_id(first.spk_date) if first.spk_date else "-",
        "temuan": _finding(packages, amounts, holidays),
    }
