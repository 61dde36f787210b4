"""The template fields a later step of a sanction case takes from the case itself.

A Teguran II, fine notice or TMP2T request restates what the Teguran I
reprimanded, as of that Teguran I (its stored scope), never today's
findings; it cites the earlier letters by number and date, and the fine's
dates, which are known once the Teguran II period has ended.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kantor_app.domain.dates import format_date_id
from kantor_app.domain.money import rupiah_with_words
from kantor_app.domain.sanction import FINE_DAYS, fine_amount
from kantor_app.services.letters.cases import OpenCase

__all__ = ["RESTATED_FIELDS", "case_fields", "licensing_office"]

#: The fields of the Teguran I that a later step restates unchanged.
RESTATED_FIELDS = (
    "temuan",
    "total_tunggakan",
    "total_terbilang",
    "denda_keterlambatan",
    "jumlah_iuran",
    "jumlah_periode",
    "periode",
)


def licensing_office(regency_name: str) -> str:
    """The kab/kota licensing office (DPMPTSP) a TMP2T request goes to."""
    return f"Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu {regency_name}".strip()


def _source(scope: dict[str, Any]) -> str:
    """Where an entered figure comes from, printed after it; nothing for the arrears."""
    entered = scope.get("fine_base")
    if int(scope.get("arrears_total", 0)) > 0 or not isinstance(entered, dict):
        return ""
    return f" berdasarkan {entered['source']}"


def case_fields(
    kind: str,
    case: OpenCase,
    *,
    regency_name: str,
) -> dict[str, str]:
    """The fields of a Teguran II, fine notice or TMP2T request in ``case``."""
    scope = case.scope()
    stored = scope.get("fields", {})
    fields = {name: str(stored[name]) for name in RESTATED_FIELDS if name in stored}
    first = case.letter_of("teguran-1")
    assert first is not None
    fields |= {
        "nomor_teguran_1": first.number,
        "tanggal_teguran_1": format_date_id(first.issued_on),
    }
    if kind == "teguran-2":
        return fields
    second = case.letter_of("teguran-2")
    assert second is not None
    t2_end = case.teguran_2_end
    assert t2_end is not None  # the step after Teguran II was allowed, so its end is known
    base = case.fine_base()
    assert base is not None  # eligibility refuses the fine without it
    fields |= {
        "nomor_teguran_2": second.number,
        "tanggal_teguran_2": format_date_id(second.issued_on),
        "akhir_teguran_2": format_date_id(t2_end),
        "dasar_denda": rupiah_with_words(base) + _source(scope),
        "denda": rupiah_with_words(fine_amount(base)),
        "denda_mulai": format_date_id(t2_end + timedelta(days=1)),
        "denda_akhir": format_date_id(t2_end + timedelta(days=FINE_DAYS)),
    }
    if kind == "tmp2t":
        notice = case.letter_of("denda")
        assert notice is not None
        fields |= {
            "nomor_denda": notice.number,
            "tanggal_denda": format_date_id(notice.issued_on),
            "instansi_perizinan": licensing_office(regency_name),
        }
    return fields
