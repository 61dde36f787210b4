"""The letter kinds Kantor issues, their printed names, and the check every use case starts with.

Kinds (``LETTER_KINDS``): the steps of a sanction case ``teguran-1``
(Teguran Tertulis I), ``teguran-2`` (Teguran Tertulis II), ``denda`` (the
0,1 % fine notice) and ``tmp2t`` (the request to the licensing office to
withhold public services), each only after the previous step's period passed
unanswered (:mod:`kantor_app.domain.sanction`); and the notices before a
case: ``tunggakan`` (arrears notice) and ``jakon`` (Jakon reminder to a
contractor). Texts come from ``resources/letters/<kind>.toml`` through
:mod:`kantor_app.services.letters.templates`.
"""

from __future__ import annotations

from kantor_app.domain.vocabulary import LETTER_KINDS
from kantor_app.services.errors import ServiceError

__all__ = ["KIND_LABELS", "require_kind"]

KIND_LABELS: dict[str, str] = {
    "teguran-1": "Teguran Tertulis I",
    "teguran-2": "Teguran Tertulis II",
    "denda": "Pemberitahuan Pengenaan Denda",
    "tmp2t": "Permintaan Sanksi TMP2T",
    "tunggakan": "Pemberitahuan Tunggakan Iuran",
    "jakon": "Pengingat Kepesertaan Jasa Konstruksi",
}


def require_kind(kind: str) -> None:
    """ServiceError naming the choices unless ``kind`` is one of ``LETTER_KINDS``."""
    if kind not in LETTER_KINDS:
        raise ServiceError(
            "Jenis surat '{kind}' tidak dikenal. Pilihan: {choices}.",
            code="unknown_letter_kind",
            kind=kind,
            choices=", ".join(LETTER_KINDS),
        )
