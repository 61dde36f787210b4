"""Which regency, district and village a row's region cells and its NIK name.

Looking a name up scans and folds every name of its scope, so each answer is
remembered per (scope, text): those repeat far more than whole rows do.
"""

from __future__ import annotations

from kantor_app.domain.textnorm import clean_name, fold
from kantor_app.domain.wilayah import RegionTable
from kantor_app.services.roster.importing.cells import as_text
from kantor_app.services.roster.importing.record import RegionCodes
from kantor_app.services.spreadsheets.reader import Cell


class RegionLookup:
    """Region codes from region names, each distinct question answered once."""

    def __init__(self, regions: RegionTable) -> None:
        self.regions = regions
        self._regency_memo: dict[str, str | None] = {}
        self._district_memo: dict[tuple[str, str], str | None] = {}
        self._village_memo: dict[tuple[str, str], str | None] = {}
        self._villages_folded: dict[str, dict[str, list[str]]] = {}

    def _regency_from_text(self, name: str) -> str | None:
        if name not in self._regency_memo:
            self._regency_memo[name] = self.regions.find_regency(name) if name else None
        return self._regency_memo[name]

    def region(self, cells: tuple[Cell, ...], nik_regency: str) -> RegionCodes:
        """Regency, district, village and warnings from the row's region cells and the NIK."""
        texts = [clean_name(as_text(cell)) for cell in cells]
        return self._resolve_region(texts[0], texts[1], texts[2], nik_regency)

    def _find_district(self, regency: str, text: str) -> str | None:
        key = (regency, text)
        if key not in self._district_memo:
            self._district_memo[key] = self.regions.find_district(regency, text)
        return self._district_memo[key]

    def _find_village(self, scope: str, text: str) -> str | None:
        key = (scope, text)
        if key not in self._village_memo:
            found: str | None
            if scope.count(".") == 2:
                # find_village folds every desa name of the kecamatan on each
                # call; its exact-match step, with the names folded once per
                # kecamatan. Anything else (no or several exact matches) is
                # still decided by find_village itself.
                index = self._villages_folded.get(scope)
                if index is None:
                    index = {}
                    for code, name in self.regions.villages_of(scope):
                        index.setdefault(fold(name), []).append(code)
                    self._villages_folded[scope] = index
                codes = index.get(fold(text))
                if codes is not None and len(codes) == 1:
                    found = codes[0]
                else:
                    found = self.regions.find_village(scope, text)
            else:
                found = self.regions.find_village(scope, text)
            self._village_memo[key] = found
        return self._village_memo[key]

    def _resolve_region(
        self, regency_text: str, district_text: str, village_text: str, nik_code: str
    ) -> RegionCodes:
        regions = self.regions
        warnings: list[str] = []
        row_regency = self._regency_from_text(regency_text) if regency_text else None
        if regency_text and row_regency is None:
            warnings.append("regency_unknown")
        nik_regency = nik_code if regions.regency(nik_code) else None
        regency = row_regency or nik_regency
        # Kecamatan and desa are looked up under the row's region, then the NIK's.
        candidates = [c for c in dict.fromkeys((row_regency, nik_regency)) if c]
        district: str | None = None
        if district_text:
            for candidate in candidates:
                district = self._find_district(candidate, district_text)
                if district is not None:
                    regency = candidate
                    break
            if district is None:
                warnings.append("district_unknown")
        village: str | None = None
        if village_text:
            scopes = [district] if district else candidates
            for scope in scopes:
                village = self._find_village(scope, village_text)
                if village is not None:
                    break
            if village is None:
                warnings.append("village_unknown")
            elif district is None:
                district = village[:8]
                regency = village[:5]
        return regency, district, village, tuple(warnings)
