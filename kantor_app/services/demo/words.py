"""Word lists for the synthetic demo branch (Kaltim/Kaltara flavoured).

Only vocabulary lives here; the generator modules decide how it is combined. Figures
marked "demo" are believable round numbers, not official data.
"""

from __future__ import annotations

# Kab/kota weights: where the branch's people and companies are (roughly by population).
REGENCY_WEIGHTS: dict[str, int] = {
    "64.72": 20,  # Samarinda
    "64.71": 17,  # Balikpapan
    "64.02": 18,  # Kutai Kartanegara
    "64.08": 9,  # Kutai Timur
    "64.03": 6,  # Berau
    "64.01": 7,  # Paser
    "64.74": 4,  # Bontang
    "64.09": 5,  # Penajam Paser Utara
    "64.07": 4,  # Kutai Barat
    "64.11": 1,  # Mahakam Ulu
    "65.71": 6,  # Tarakan
    "65.01": 4,  # Bulungan
    "65.03": 5,  # Nunukan
    "65.02": 2,  # Malinau
    "65.04": 1,  # Tana Tidung
}

# Kaltara regencies that were Kaltim until 2012: older NIKs start with the old code.
HISTORIC_NIK_CODE: dict[str, str] = {
    "65.71": "64.73",  # Tarakan
    "65.01": "64.04",  # Bulungan
    "65.02": "64.05",  # Malinau
    "65.03": "64.06",  # Nunukan
    "65.04": "64.10",  # Tana Tidung
}

# Provinces migrants to Kaltim come from, with weights: Jawa Timur, Jawa Tengah,
# Sulawesi Selatan, Kalimantan Selatan, NTT, NTB, Jawa Barat, Sulawesi Tenggara.
MIGRANT_PROVINCE_WEIGHTS: dict[str, int] = {
    "35": 25,
    "33": 18,
    "73": 25,
    "63": 12,
    "53": 8,
    "52": 5,
    "32": 4,
    "74": 3,
}

# Demo UMK 2026 per kab/kota (rupiah); the year before is ~6 % lower.
DEMO_UMK: dict[str, int] = {
    "64.01": 3_830_000,
    "64.02": 3_900_000,
    "64.03": 3_960_000,
    "64.07": 3_850_000,
    "64.08": 4_020_000,
    "64.09": 3_870_000,
    "64.11": 3_880_000,
    "64.71": 3_990_000,
    "64.72": 3_910_000,
    "64.74": 4_050_000,
    "65.01": 3_860_000,
    "65.02": 3_940_000,
    "65.03": 3_900_000,
    "65.04": 3_870_000,
    "65.71": 4_080_000,
}

# Given names heard in Kaltim beyond Faker's list: Banjar, Bugis, Kutai, Dayak, Javanese.
EXTRA_MALE = (
    "Muhammad",
    "Ahmad",
    "Rahmat",
    "Syahrani",
    "Anang",
    "Iwan",
    "Hendra",
    "Rusdi",
    "Jumadi",
    "Sapri",
    "Baharuddin",
    "Arifin",
    "Yohanes",
    "Paulus",
    "Markus",
    "Ilham",
    "Fadli",
    "Akbar",
    "Syamsuddin",
    "Hasanuddin",
    "Usman",
    "Darmawan",
    "Wahyu",
    "Slamet",
    "Sugeng",
    "Supriadi",
    "Yusuf",
    "Rudi",
    "Ferdinand",
    "Aco",
)
EXTRA_FEMALE = (
    "Siti",
    "Nur",
    "Rahmawati",
    "Hj. Salmah",
    "Aminah",
    "Fatimah",
    "Nurhayati",
    "Rosmini",
    "Hasnah",
    "Syamsiah",
    "Rina",
    "Yuliana",
    "Maria",
    "Theresia",
    "Dewi",
    "Sri",
    "Wahyuni",
    "Masitah",
    "Jumiati",
    "Sumarni",
    "Nurul",
    "Evi",
)
EXTRA_SURNAMES = (
    "Syahrani",
    "Noor",
    "Rahman",
    "Hidayat",
    "Saputra",
    "Wijaya",
    "Daeng Masiga",
    "Lahay",
    "Baso",
    "Tandi",
    "Ngau",
    "Lawing",
    "Ding",
    "Anyeq",
    "Usat",
    "Pasinringi",
    "Latif",
    "Nasution",
    "Effendi",
    "Gunawan",
    "Pratama",
    "Santoso",
    "Susanto",
    "Mappaseng",
)
BUGIS_TITLES = ("Andi", "La", "Wa")

STREETS = (
    "Poros Samarinda-Bontang",
    "P. Antasari",
    "Jenderal Sudirman",
    "Gajah Mada",
    "Pangeran Suryanata",
    "KH. Wahid Hasyim",
    "Juanda",
    "Mulawarman",
    "Ahmad Yani",
    "Slamet Riyadi",
    "Cipto Mangunkusumo",
    "MT. Haryono",
    "Soekarno-Hatta",
    "Pattimura",
    "Kesuma Bangsa",
    "Letjen Suprapto",
    "Gunung Lingai",
    "Siradj Salman",
    "Dr. Soetomo",
    "Pulau Sebatik",
    "Mulawarman",
    "Yos Sudarso",
    "Diponegoro",
    "Padat Karya",
    "Poros Desa",
    "Merdeka",
    "Flamboyan",
    "Pramuka",
    "Sultan Hasanuddin",
    "Trans Kalimantan",
    "Kampung Baru",
    "Sungai Ampal",
    "Teluk Bayur",
    "Pesisir",
    "Nelayan",
)

SEGMENT_SHARES: dict[str, int] = {"PU": 50, "RENTAN": 25, "BPU": 15, "JAKON": 10}

OCCUPATIONS_RENTAN = (
    "Nelayan",
    "Petani",
    "Buruh Tani",
    "Pedagang Kecil",
    "Ojek",
    "Guru Honorer",
    "Aparat Desa",
    "Marbot",
    "Guru Ngaji",
    "Tukang Parkir",
    "Buruh Pelabuhan",
    "Motoris Speedboat",
    "Pekerja Harian Lepas",
    "Kader Posyandu",
    "Pendeta",
)
OCCUPATIONS_BPU = (
    "Pedagang",
    "Wiraswasta",
    "Sopir",
    "Penjahit",
    "Montir",
    "Pemilik Warung",
    "Tukang Cukur",
    "Pengemudi Ojek Daring",
    "Petani Sawit Mandiri",
    "Peternak",
    "Pengrajin Anjat",
    "Tukang Las",
    "Fotografer",
)
OCCUPATIONS_JAKON = (
    "Tukang Batu",
    "Tukang Kayu",
    "Pekerja Bangunan",
    "Mandor",
    "Tukang Besi",
    "Operator Alat Berat",
    "Helper",
    "Tukang Cat",
)
OCCUPATIONS_PU: dict[str, tuple[str, ...]] = {
    "kelapa_sawit": (
        "Pemanen",
        "Perawat Tanaman",
        "Mandor Kebun",
        "Operator Pabrik Kelapa Sawit",
        "Krani Buah",
        "Sopir Truk TBS",
        "Asisten Kebun",
        "Staf Administrasi",
    ),
    "konstruksi": (
        "Pelaksana Lapangan",
        "Drafter",
        "Operator Alat Berat",
        "Staf Logistik",
        "Tukang Batu",
        "Mandor",
        "Estimator",
    ),
    "pertambangan": (
        "Operator Dump Truck",
        "Operator Excavator",
        "Mekanik",
        "Pengawas K3",
        "Surveyor Tambang",
        "Helper Tambang",
        "Staf Administrasi",
    ),
    "perdagangan": ("Kasir", "Pramuniaga", "Staf Gudang", "Sopir Pengiriman", "Staf Administrasi"),
    "jasa": (
        "Petugas Kebersihan",
        "Satpam",
        "Resepsionis",
        "Juru Masak",
        "Teknisi",
        "Staf Administrasi",
        "Perawat",
    ),
}

SECTOR_SHARES: dict[str, int] = {
    "kelapa_sawit": 24,
    "konstruksi": 26,
    "pertambangan": 14,
    "perdagangan": 22,
    "jasa": 14,
}

# KBLI 2020 codes per sector (Peraturan BPS 2/2020).
KBLI: dict[str, tuple[str, ...]] = {
    "kelapa_sawit": ("01262", "10431"),
    "konstruksi": ("41011", "41012", "42101", "42102", "42201", "42911", "43211", "43301"),
    "pertambangan": ("05100", "06100", "07101", "08101", "09900"),
    "perdagangan": ("47111", "47112", "46311", "47190", "47300", "46610"),
    "jasa": ("55110", "56101", "81100", "80100", "86103", "49431"),
}

# JKK risk classes (a-e) usual for the sector.
RISK_CLASSES: dict[str, tuple[str, ...]] = {
    "kelapa_sawit": ("c", "d"),
    "konstruksi": ("e",),
    "pertambangan": ("e", "d"),
    "perdagangan": ("a", "b"),
    "jasa": ("a", "b", "c"),
}

SCALE_WEIGHTS: dict[str, dict[str, int]] = {
    "kelapa_sawit": {"besar": 35, "menengah": 40, "kecil": 20, "mikro": 5},
    "konstruksi": {"besar": 8, "menengah": 30, "kecil": 47, "mikro": 15},
    "pertambangan": {"besar": 40, "menengah": 40, "kecil": 20, "mikro": 0},
    "perdagangan": {"besar": 5, "menengah": 20, "kecil": 45, "mikro": 30},
    "jasa": {"besar": 5, "menengah": 25, "kecil": 45, "mikro": 25},
}
WORKERS_BY_SCALE: dict[str, tuple[int, int]] = {
    "mikro": (2, 4),
    "kecil": (5, 19),
    "menengah": (20, 99),
    "besar": (100, 600),
}

NAME_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "kelapa_sawit": (
        (
            "Borneo",
            "Mahakam",
            "Kaltim",
            "Berau",
            "Paser",
            "Kutai",
            "Sebuku",
            "Segah",
            "Nunukan",
            "Bulungan",
            "Sangatta",
            "Tanjung",
            "Sawit",
            "Agro",
        ),
        (
            "Sawit Lestari",
            "Agro Plantation",
            "Prima Sawit",
            "Hijau Makmur",
            "Palm Oil",
            "Perkebunan Nusantara",
            "Agrolestari",
            "Sawit Jaya",
            "Plantation",
            "Tani Sejahtera",
        ),
    ),
    "konstruksi": (
        (
            "Karya",
            "Bangun",
            "Cipta",
            "Tunas",
            "Mitra",
            "Etam",
            "Benua",
            "Kaltara",
            "Mahakam",
            "Tepian",
            "Bumi",
            "Sinar",
            "Putra",
        ),
        (
            "Mandiri Konstruksi",
            "Utama Kontraktor",
            "Perkasa",
            "Graha Konstruksi",
            "Teknik Utama",
            "Bangun Persada",
            "Jaya Abadi",
            "Rekayasa",
            "Karya Beton",
            "Pratama Konstruksi",
        ),
    ),
    "pertambangan": (
        (
            "Kaltim",
            "Batubara",
            "Mahakam",
            "Kutai",
            "Berau",
            "Energi",
            "Tambang",
            "Multi",
            "Bara",
            "Indo",
        ),
        (
            "Coal Mining",
            "Bara Energi",
            "Prima Coal",
            "Mineral Resources",
            "Tambang Jaya",
            "Energi Persada",
            "Mining Services",
            "Kencana Bara",
        ),
    ),
    "perdagangan": (
        (
            "Toko",
            "Sinar",
            "Maju",
            "Rezeki",
            "Sumber",
            "Cahaya",
            "Hikmah",
            "Barokah",
            "Tepian",
            "Samarinda",
            "Balikpapan",
            "Tarakan",
        ),
        (
            "Jaya Abadi",
            "Makmur Sentosa",
            "Swalayan",
            "Niaga",
            "Trading",
            "Mart",
            "Distributor",
            "Sejahtera",
            "Grosir",
            "Elektronik",
        ),
    ),
    "jasa": (
        ("Hotel", "Borneo", "Etam", "Mahakam", "Bina", "Tepian", "Cahaya", "Sentosa", "Kaltara"),
        (
            "Outsourcing",
            "Security Services",
            "Cleaning Service",
            "Catering",
            "Medika",
            "Transport",
            "Logistik",
            "Hospitality",
            "Jasa Prima",
            "Wisata",
        ),
    ),
}

FUNDING_CSR_THEMES = ("Nelayan Pesisir", "Buruh Tani Sekitar Kebun", "Petani Plasma")

OUTREACH_KINDS: dict[str, str] = {
    "sosialisasi": "Sosialisasi Jamsostek",
    "jemput_bola": "Jemput Bola Pendaftaran",
    "kampanye_lapangan": "Kampanye Lapangan",
}
OUTREACH_GROUPS = (
    "Nelayan",
    "Petani",
    "Pedagang Pasar",
    "Ojek Pangkalan",
    "Guru Honorer",
    "Aparat Desa",
    "Marbot dan Guru Ngaji",
    "Buruh Pelabuhan",
    "Pekerja Harian Lepas",
)

PACKAGE_TEMPLATES = (
    "Peningkatan Jalan Poros Desa {village}",
    "Pembangunan Jembatan Desa {village}",
    "Rehabilitasi Gedung SD Negeri {n:03d} {district}",
    "Pembangunan Drainase Kawasan {village}",
    "Pembangunan Turap Sungai {village}",
    "Rehabilitasi Puskesmas {district}",
    "Pembangunan Dermaga Rakyat {village}",
    "Semenisasi Jalan Lingkungan RT {n:02d} {village}",
    "Pembangunan Gedung Kantor Kecamatan {district}",
    "Pemeliharaan Berkala Jalan {district}",
    "Pembangunan Jaringan Air Bersih Desa {village}",
)
SATKER = (
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perumahan dan Kawasan Permukiman",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Perhubungan",
)

STAFF = (
    ("admin", "Budi Santoso", "admin"),
    ("rina.w", "Rina Wulandari", "petugas"),
    ("andi.m", "Andi Mappaseng", "pengawas"),
    ("yohanes.l", "Yohanes Lawing", "petugas_lapangan"),
)
DEMO_PASSWORD = "demo12345"
