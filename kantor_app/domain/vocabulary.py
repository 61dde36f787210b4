"""The words Kantor stores for categories: sectors, segments, statuses, letter kinds, sources.

Stored values are short lowercase (or upper-case code) words, never
sentences, so they can be counted and filtered in SQL; screens and paper
turn them into labels. The store's models, the services, the CLI and the
UI all read these tuples from here.
"""

from __future__ import annotations

# Employers
SECTORS = ("kelapa_sawit", "konstruksi", "pertambangan", "perdagangan", "jasa", "lainnya")
SCALES = ("mikro", "kecil", "menengah", "besar")
PROGRAMS = ("JKK", "JKM", "JHT", "JP", "JKP")
FINDING_SOURCES = ("inspeksi", "survei", "laporan pekerja", "data pihak ketiga")

# Workers
SEGMENTS = ("PU", "BPU", "JAKON", "RENTAN")
STATUS_ACTIVE = "aktif"
STATUS_INACTIVE = "nonaktif"

# Letters
LETTER_KINDS = ("teguran-1", "teguran-2", "denda", "tmp2t", "tunggakan", "jakon")
LETTER_STATUSES = ("diterbitkan", "dicetak", "dikirim", "diterima", "dijawab")

# Who pays the contributions of pekerja rentan
FUNDING_SOURCES = ("APBD_PROV", "APBD_KAB", "CSR", "GN_LINGKARAN", "MANDIRI")
