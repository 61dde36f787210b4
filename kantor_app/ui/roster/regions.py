"""Cascading kab/kota → kecamatan → desa pickers over the shipped region table."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QComboBox

from kantor_app.domain.wilayah import HOME_PROVINCES, RegionTable


def _tr(text: str) -> str:
    return QCoreApplication.translate("RegionPickers", text)


class RegionPickers(QObject):
    """Keeps three combos in step; the item data of each entry is its dotted code.

    Kaltim (64) and Kaltara (65) regencies come first, then the rest of the
    country (workers who moved in keep their home NIK region).
    """

    changed = Signal()

    def __init__(
        self,
        regions: RegionTable,
        regency: QComboBox,
        district: QComboBox,
        village: QComboBox,
        *,
        empty_label: tuple[str, str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._regions = regions
        self.regency, self.district, self.village = regency, district, village
        self._empty = empty_label or (
            _tr("Semua kab/kota"),
            _tr("Semua kecamatan"),
            _tr("Semua desa/kelurahan"),
        )
        for combo in (regency, district, village):
            combo.setMaxVisibleItems(20)
        regency.addItem(self._empty[0], None)
        home = [r for p in HOME_PROVINCES for r in regions.regencies(p)]
        for r in home:
            regency.addItem(r.name, r.code)
        regency.insertSeparator(regency.count())
        for r in regions.regencies():
            if r.province_code not in HOME_PROVINCES:
                province = regions.province_name(r.province_code) or ""
                regency.addItem(f"{r.name} ({province})", r.code)
        self._fill_districts()
        regency.currentIndexChanged.connect(self._on_regency)
        district.currentIndexChanged.connect(self._on_district)
        village.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def _fill_districts(self) -> None:
        code = self.regency.currentData()
        self.district.blockSignals(True)
        self.district.clear()
        self.district.addItem(self._empty[1], None)
        for district_code, name in self._regions.districts_of(code) if code else []:
            self.district.addItem(name, district_code)
        self.district.setEnabled(self.district.count() > 1)
        self.district.blockSignals(False)
        self._fill_villages()

    def _fill_villages(self) -> None:
        code = self.district.currentData()
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem(self._empty[2], None)
        for village_code, name in self._regions.villages_of(code) if code else []:
            self.village.addItem(name, village_code)
        self.village.setEnabled(self.village.count() > 1)
        self.village.blockSignals(False)

    def _on_regency(self, _index: int) -> None:
        self._fill_districts()
        self.changed.emit()

    def _on_district(self, _index: int) -> None:
        self._fill_villages()
        self.changed.emit()

    def codes(self) -> tuple[str | None, str | None, str | None]:
        return self.regency.currentData(), self.district.currentData(), self.village.currentData()

    def set_codes(
        self, regency: str | None, district: str | None = None, village: str | None = None
    ) -> None:
        """Select codes without emitting `changed` for each step."""
        self.blockSignals(True)
        for combo, code in (
            (self.regency, regency),
            (self.district, district),
            (self.village, village),
        ):
            index = combo.findData(code) if code else 0
            combo.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
        self.changed.emit()
