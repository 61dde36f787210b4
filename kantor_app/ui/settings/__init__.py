"""The branch settings dialog (kop surat, penandatangan, nomor surat, hari libur, UMK)."""
