"""Letter texts as editable templates: ``resources/letters/<kind>.toml``.

A branch edits the wording of its letters in those TOML files without touching
code (see ``resources/letters/README.md``). Each file holds ``hal``, ``sifat``,
an optional ``lampiran``, the paragraphs ``body_before_table`` and
``body_after_table``, whether the letter carries a ``table``, and the
``tembusan`` list. Texts contain ``{field}`` placeholders (see :data:`FIELDS`),
filled with :meth:`LetterTemplate.fill`.

The paragraphs are paragraph markup for :mod:`letter_render` (the template
may use ``<b>``, ``<i>``, ``<u>``); field values are plain text and are escaped
when they go into a paragraph, unless they are
:class:`~kantor_app.services.letters.pdf.render.Markup`. ``hal``, ``sifat``,
``lampiran`` and ``tembusan`` are plain text.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kantor_app.resources import resource_path
from kantor_app.services.letters.pdf.render import Markup, escape

__all__ = [
    "FIELDS",
    "KINDS",
    "SANCTION_KINDS",
    "FilledTemplate",
    "LetterTemplate",
    "TemplateError",
    "load_template",
    "templates_dir",
]

KINDS: tuple[str, ...] = ("teguran-1", "teguran-2", "denda", "tmp2t", "tunggakan", "jakon")

#: Every placeholder a template may use, with its meaning (README.md has examples).
FIELDS: Mapping[str, str] = {
    "nama_perusahaan": "nama pemberi kerja/perusahaan",
    "alamat_perusahaan": "alamat perusahaan (jalan, nomor)",
    "alamat_lengkap": "alamat perusahaan dengan kabupaten/kotanya (tanpa mengulang)",
    "kota_perusahaan": "kabupaten/kota perusahaan",
    "daerah_perusahaan": "nama kabupaten/kota perusahaan tanpa kata Kabupaten/Kota",
    "npp": "Nomor Pendaftaran Perusahaan di BPJS Ketenagakerjaan",
    "nama_cabang": "nama kantor cabang BPJS Ketenagakerjaan",
    "kota_cabang": "kota kantor cabang",
    "temuan": "kalimat temuan ketidakpatuhan yang sudah disusun",
    "total_tunggakan": "jumlah tunggakan dalam format Rupiah",
    "total_terbilang": "jumlah tunggakan dalam huruf",
    "jumlah_iuran": "iuran yang tertunggak, tanpa denda, dalam angka dan huruf",
    "denda_keterlambatan": "denda keterlambatan 2% dalam angka dan huruf",
    "jumlah_periode": "banyaknya bulan iuran yang tertunggak",
    "periode": "periode tunggakan, satu bulan tanpa rentang ('periode Oktober 2026')",
    "tenggat_hari": "batas waktu dalam hari kerja, angka dan huruf",
    "nomor_teguran_1": "nomor surat Teguran Tertulis Pertama",
    "tanggal_teguran_1": "tanggal surat Teguran Tertulis Pertama",
    "nomor_teguran_2": "nomor surat Teguran Tertulis Kedua",
    "tanggal_teguran_2": "tanggal surat Teguran Tertulis Kedua",
    "akhir_teguran_2": "akhir jangka waktu Teguran Tertulis Kedua, dihitung dari penerimaannya",
    "dasar_denda": "iuran terutang menurut Teguran Tertulis Pertama, angka dan huruf",
    "denda": "denda 0,1% dari iuran tersebut, angka dan huruf",
    "denda_mulai": "tanggal mulai denda (sehari setelah Teguran Tertulis Kedua berakhir)",
    "denda_akhir": "tanggal akhir denda (30 hari setelah Teguran Tertulis Kedua berakhir)",
    "nomor_denda": "nomor surat pengenaan denda",
    "tanggal_denda": "tanggal surat pengenaan denda",
    "instansi_perizinan": "dinas perizinan (DPMPTSP) kabupaten/kota perusahaan",
    "nama_proyek": "nama proyek jasa konstruksi",
    "nilai_kontrak": "nilai kontrak proyek dalam angka dan huruf",
    "tanggal_spk": "tanggal Surat Perintah Kerja (SPK)",
    "jabatan_penandatangan": "jabatan penanda tangan surat",
}

#: The steps of the sanction path and the notice before it: each period runs from the day the
#: employer receives the letter, which nobody knows when it is printed (DOMAIN.md section 0).
SANCTION_KINDS: frozenset[str] = frozenset(
    {"teguran-1", "teguran-2", "tunggakan", "denda", "tmp2t"}
)

_KIND_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KEYS = {"hal", "sifat", "lampiran", "body_before_table", "table", "body_after_table", "tembusan"}


class TemplateError(Exception):
    """A letter template is missing, malformed, or cannot be filled (message in Indonesian)."""


@dataclass(frozen=True)
class FilledTemplate:
    """A template with every placeholder replaced: ready for ``LetterContent``."""

    hal: str
    sifat: str
    lampiran: str | None
    body_before_table: tuple[str, ...]  # paragraph markup
    table: bool
    body_after_table: tuple[str, ...]  # paragraph markup
    tembusan: tuple[str, ...]


@dataclass(frozen=True)
class LetterTemplate:
    kind: str
    path: Path
    hal: str
    sifat: str
    lampiran: str | None
    body_before_table: tuple[str, ...]
    table: bool
    body_after_table: tuple[str, ...]
    tembusan: tuple[str, ...]

    def fields(self) -> frozenset[str]:
        """The placeholders this template uses."""
        found: set[str] = set()
        for _where, text in self._texts():
            found.update(_placeholders(text, self.path))
        return frozenset(found)

    def _texts(self) -> list[tuple[str, str]]:
        texts = [("hal", self.hal), ("sifat", self.sifat)]
        if self.lampiran is not None:
            texts.append(("lampiran", self.lampiran))
        texts += [("body_before_table", t) for t in self.body_before_table]
        texts += [("body_after_table", t) for t in self.body_after_table]
        texts += [("tembusan", t) for t in self.tembusan]
        return texts

    def fill(self, fields: Mapping[str, str]) -> FilledTemplate:
        """Replace the placeholders; every one the template uses must be in ``fields``."""
        missing = sorted(self.fields() - set(fields))
        if missing:
            names = ", ".join(f"{{{m}}}" for m in missing)
            raise TemplateError(
                f"Templat surat {self.path}: isian {names} dipakai di templat tetapi tidak "
                "tersedia untuk surat ini."
            )
        plain = {k: str(v) for k, v in fields.items()}
        markup = {k: v if isinstance(v, Markup) else escape(str(v)) for k, v in fields.items()}

        def sub(text: str, values: Mapping[str, str]) -> str:
            try:
                return text.format_map(values)
            except (KeyError, ValueError, IndexError, AttributeError) as exc:
                raise TemplateError(
                    f"Templat surat {self.path}: teks {text[:60]!r}: {exc}"
                ) from exc

        return FilledTemplate(
            hal=sub(self.hal, plain),
            sifat=sub(self.sifat, plain),
            lampiran=None if self.lampiran is None else sub(self.lampiran, plain),
            body_before_table=tuple(sub(t, markup) for t in self.body_before_table),
            table=self.table,
            body_after_table=tuple(sub(t, markup) for t in self.body_after_table),
            tembusan=tuple(sub(t, plain) for t in self.tembusan),
        )


def templates_dir() -> Path:
    """The shipped templates folder (``resources/letters``)."""
    return resource_path("letters")


def _placeholders(text: str, path: Path) -> set[str]:
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:  # a lone "{" or "}"
        raise TemplateError(
            f"Templat surat {path}: kurung kurawal tidak berpasangan dalam teks "
            f"{text[:60]!r} ({exc}). Tulis {{{{ atau }}}} untuk kurung kurawal biasa."
        ) from exc
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise TemplateError(
                f"Templat surat {path}: isian {{{name}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}} tidak valid; tulis isian sebagai {{nama_isian}}."
            )
        names.add(name)
    return names


def _str(data: Mapping[str, Any], key: str, path: Path, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise TemplateError(f"Templat surat {path}: kunci {key!r} wajib diisi.")
        return None
    if not isinstance(value, str):
        raise TemplateError(f"Templat surat {path}: {key!r} harus berupa teks.")
    return value.strip()


def _str_list(data: Mapping[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateError(f'Templat surat {path}: {key!r} harus berupa daftar teks ["..."].')
    return tuple(" ".join(v.split()) for v in value)


def load_template(kind: str, directory: Path | None = None) -> LetterTemplate:
    """Read ``<directory>/<kind>.toml`` (default: the shipped ``resources/letters``)."""
    if not _KIND_RE.match(kind):
        raise TemplateError(f"Jenis surat tidak valid: {kind!r}.")
    path = Path(directory if directory is not None else templates_dir()) / f"{kind}.toml"
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise TemplateError(f"Templat surat tidak ditemukan: {path}") from exc
    except OSError as exc:
        raise TemplateError(f"Templat surat {path} tidak dapat dibaca: {exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise TemplateError(
            f"Templat surat {path} bukan teks UTF-8 (byte ke-{exc.start + 1}); simpan ulang "
            "sebagai UTF-8."
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"Templat surat {path}: kesalahan penulisan TOML: {exc}") from exc
    unknown_keys = sorted(set(data) - _KEYS)
    if unknown_keys:
        raise TemplateError(
            f"Templat surat {path}: kunci tidak dikenal {', '.join(unknown_keys)}; yang dikenal: "
            f"{', '.join(sorted(_KEYS))}."
        )
    table = data.get("table", False)
    if not isinstance(table, bool):
        raise TemplateError(f"Templat surat {path}: 'table' harus true atau false.")
    template = LetterTemplate(
        kind=kind,
        path=path,
        hal=_str(data, "hal", path, required=True) or "",
        sifat=_str(data, "sifat", path, required=True) or "",
        lampiran=_str(data, "lampiran", path, required=False) or None,
        body_before_table=_str_list(data, "body_before_table", path),
        table=table,
        body_after_table=_str_list(data, "body_after_table", path),
        tembusan=_str_list(data, "tembusan", path),
    )
    if not template.body_before_table and not template.body_after_table:
        raise TemplateError(f"Templat surat {path}: isi surat (body_before_table) kosong.")
    if kind in SANCTION_KINDS and "tenggat" in template.fields():
        raise TemplateError(
            f"Templat surat {path}: isian {{tenggat}} mencetak tanggal batas waktu, padahal "
            "jangka waktu surat ini dihitung sejak surat diterima dan tanggal terimanya belum "
            'diketahui saat surat dicetak. Hapus tanggal itu dan tulis "paling lambat '
            '{tenggat_hari} hari kerja sejak surat ini diterima".'
        )
    unknown = sorted(template.fields() - set(FIELDS))
    if unknown:
        raise TemplateError(
            f"Templat surat {path}: isian tidak dikenal "
            f"{', '.join(f'{{{u}}}' for u in unknown)}. Isian yang tersedia: "
            f"{', '.join(FIELDS)}."
        )
    return template
