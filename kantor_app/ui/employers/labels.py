"""Words and colours the screens use for stored codes (status, sector, letter kind).

Every string is a literal inside `translate()` so pyside6-lupdate finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from kantor_app.domain.compliance import Status


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def status_labels() -> dict[str, str]:
    return {
        Status.BELUM_DAFTAR.value: _t("Belum Daftar"),
        Status.PDS_TK.value: _t("PDS Tenaga Kerja"),
        Status.PDS_UPAH.value: _t("PDS Upah"),
        Status.PDS_PROGRAM.value: _t("PDS Program"),
        Status.MENUNGGAK.value: _t("Menunggak"),
        Status.JAKON.value: _t("Jakon Terlambat"),
        Status.PATUH.value: _t("Patuh"),
    }


def status_label(code: str) -> str:
    return status_labels().get(code, code)


# Badge colours (background, text): red for the serious cases, amber for
# partial registration, green for compliant; readable on white.
_STATUS_COLOURS: dict[str, tuple[str, str]] = {
    Status.BELUM_DAFTAR.value: ("#fde2e1", "#a61b1b"),
    Status.MENUNGGAK.value: ("#fde8d7", "#a4460b"),
    Status.JAKON.value: ("#fde8d7", "#a4460b"),
    Status.PDS_TK.value: ("#fff3c4", "#7a5a00"),
    Status.PDS_UPAH.value: ("#fff3c4", "#7a5a00"),
    Status.PDS_PROGRAM.value: ("#fff3c4", "#7a5a00"),
    Status.PATUH.value: ("#dcf3e3", "#1d6b3a"),
}


def status_colours(code: str) -> tuple[QColor, QColor]:
    background, text = _STATUS_COLOURS.get(code, ("#e8e8e8", "#333333"))
    return QColor(background), QColor(text)


def sector_labels() -> dict[str, str]:
    return {
        "kelapa_sawit": _t("Kelapa sawit"),
        "konstruksi": _t("Konstruksi"),
        "pertambangan": _t("Pertambangan"),
        "perdagangan": _t("Perdagangan"),
        "jasa": _t("Jasa"),
        "lainnya": _t("Lainnya"),
    }


def sector_label(code: str) -> str:
    return sector_labels().get(code, code)


def letter_kind_labels() -> dict[str, str]:
    return {
        "teguran-1": _t("Teguran Tertulis I"),
        "teguran-2": _t("Teguran Tertulis II"),
        "denda": _t("Pemberitahuan Denda 0,1%"),
        "tmp2t": _t("Permintaan TMP2T"),
        "tunggakan": _t("Pemberitahuan Tunggakan"),
        "jakon": _t("Pengingat Jakon"),
    }


def letter_kind_label(code: str) -> str:
    return letter_kind_labels().get(code, code)


def letter_kind_short(code: str) -> str:
    return {
        "teguran-1": _t("Teguran I"),
        "teguran-2": _t("Teguran II"),
        "denda": _t("Denda 0,1%"),
        "tmp2t": _t("TMP2T"),
        "tunggakan": _t("Tunggakan"),
        "jakon": _t("Jakon"),
    }.get(code, code)


def letter_status_labels() -> dict[str, str]:
    return {
        "diterbitkan": _t("Diterbitkan"),
        "dicetak": _t("Dicetak"),
        "dikirim": _t("Dikirim"),
        "diterima": _t("Diterima"),
        "dijawab": _t("Dijawab"),
    }


def letter_status_label(code: str) -> str:
    return letter_status_labels().get(code, code)


def scale_label(code: str) -> str:
    return {
        "mikro": _t("Mikro"),
        "kecil": _t("Kecil"),
        "menengah": _t("Menengah"),
        "besar": _t("Besar"),
    }.get(code, code)
