"""What the letters say: periods from receipt without a date, amounts with words, citations."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from service_samples import TODAY, add_employer, add_periods, set_umk

from kantor_app.services.employers.compliance import load_context
from kantor_app.services.letters.content import prepare_letters
from kantor_app.services.letters.eligibility import gather_cases
from kantor_app.services.letters.sample import sample_letter
from kantor_app.services.letters.templates import FIELDS, KINDS, TemplateError, load_template
from kantor_app.services.reference.branch_settings import BranchSettings
from kantor_app.store.engine import Database
from kantor_app.store.models import PublicWorksPackage

SHIPPED = ("teguran-1", "teguran-2", "tunggakan", "jakon")
PERIOD = "paling lambat 10 (sepuluh) hari kerja sejak surat ini diterima"
PP86 = "Peraturan Pemerintah Nomor 86 Tahun 2013"
_TAG = re.compile(r"<[^>]+>")
_REGULATION = re.compile(
    r"(Undang-Undang|Peraturan Pemerintah|Peraturan Menteri Ketenagakerjaan) "
    r"Nomor (\d+) Tahun (\d{4})"
)


def plain(paragraphs: tuple[str, ...]) -> str:
    text = " ".join(_TAG.sub("", p) for p in paragraphs)
    return " ".join(text.replace("&amp;", "&").split())


def shipped_text(kind: str) -> str:
    template = load_template(kind)
    fields = {name: "Kota Samarinda" for name in template.fields()}
    filled = template.fill(fields | {"tenggat_hari": "10 (sepuluh)"})
    return plain((*filled.body_before_table, *filled.body_after_table))


@pytest.mark.parametrize("kind", KINDS)
def test_no_shipped_template_prints_a_deadline_date(kind: str) -> None:
    assert "tenggat" not in load_template(kind).fields()
    assert "yaitu tanggal" not in shipped_text(kind)


@pytest.mark.parametrize("kind", SHIPPED)
def test_period_runs_from_receipt_and_prints_no_date(kind: str) -> None:
    text = shipped_text(kind)
    assert PERIOD in text
    assert "yaitu tanggal" not in text and "sampai dengan tanggal" not in text


@pytest.mark.parametrize("kind", ["teguran-1", "teguran-2", "tunggakan", "denda", "tmp2t"])
def test_sanction_template_printing_a_deadline_date_is_refused(tmp_path: Path, kind: str) -> None:
    (tmp_path / f"{kind}.toml").write_text(
        'hal = "Teguran"\nsifat = "Penting"\n'
        'body_before_table = ["Paling lambat {tenggat_hari} hari kerja, '
        'yaitu tanggal {tenggat}."]\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as refused:
        load_template(kind, tmp_path)
    message = str(refused.value)
    assert str(tmp_path / f"{kind}.toml") in message
    assert "{tenggat}" in message and "sejak surat diterima" in message
    assert "sejak surat ini diterima" in message  # what to write instead


def test_deadline_date_is_no_field_of_any_letter(tmp_path: Path) -> None:
    (tmp_path / "jakon.toml").write_text(
        'hal = "Jakon"\nsifat = "Segera"\nbody_before_table = ["Paling lambat {tenggat}."]\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match=r"isian tidak dikenal \{tenggat\}"):
        load_template("jakon", tmp_path)


def test_arrears_notice_announces_the_sanction_process_rather_than_a_sanction() -> None:
    text = shipped_text("tunggakan")
    assert (
        "tunggakan belum dilunasi, kami akan memulai proses pengenaan sanksi administratif "
        f"sesuai dengan {PP86} tentang Tata Cara Pengenaan Sanksi Administratif"
    ) in text
    assert "yang diawali dengan Teguran Tertulis Pertama" in text
    assert "Saudara akan dikenai sanksi" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_regulations_are_cited_by_title_and_articles_only_where_verified(kind: str) -> None:
    text = shipped_text(kind)
    seen: set[tuple[str, str, str]] = set()
    for match in _REGULATION.finditer(text):
        key = (match[1], match[2], match[3])
        amendment = text[: match.start()].endswith("diubah dengan ")
        if key not in seen and not amendment:
            assert text[match.end() :].startswith(" tentang "), match[0]
        seen.add(key)
    articles = re.findall(r"Pasal [^,]*?(?= Peraturan| Undang)", text)
    assert set(articles) <= {"Pasal 5 ayat (2)"}
    if kind.startswith("teguran"):
        assert f"sesuai dengan Pasal 5 ayat (2) {PP86} tentang" in text
    else:
        assert "Pasal" not in text


def test_jakon_cites_the_current_permenaker() -> None:
    text = shipped_text("jakon")
    assert "Peraturan Menteri Ketenagakerjaan Nomor 5 Tahun 2021 tentang Tata Cara" in text
    assert "Peraturan Menteri Ketenagakerjaan Nomor 44 Tahun 2015" not in text


_AMOUNT = re.compile(r"Rp\d[\d.]*")
_WORDS = re.compile(r" \((?:[a-z]+ )+rupiah\)")


def running_text(db: Database, kind: str, employer_id: uuid.UUID) -> str:
    """Every paragraph of the letter as issuing fills it, without its table."""
    with db.session() as session:
        ctx = load_context(session, TODAY)
        cases, refused = gather_cases(session, kind, [employer_id], ctx)
        assert not refused, refused
        _settings, prepared = prepare_letters(session, kind, cases, ctx)
    filled = prepared[0].filled
    return plain((*filled.body_before_table, *filled.body_after_table))


def assert_amounts_carry_words(text: str) -> int:
    amounts = list(_AMOUNT.finditer(text))
    for match in amounts:
        assert _WORDS.match(text, match.end()), text[match.start() : match.end() + 40]
    return len(amounts)


def test_every_amount_in_running_text_carries_words(db: Database) -> None:
    set_umk(db)
    debtor = add_employer(db, "PT Tunggak Tiga Bulan", workers_reported=20)
    add_periods(db, debtor, [(2026, 6, 12_500_000, 0), (2026, 7, 12_500_000, 2_500_000)])
    # The table's totals (contributions, late fee, the sum of both), each with words.
    text = running_text(db, "tunggakan", debtor)
    assert assert_amounts_carry_words(text) >= 3
    assert "Rp22.500.000 (dua puluh dua juta lima ratus ribu rupiah)" in text
    assert assert_amounts_carry_words(running_text(db, "teguran-1", debtor)) >= 2

    contractor = add_employer(db, "CV Jembatan Mahakam", sector="konstruksi")
    with db.transaction() as session:
        for n, value in enumerate((2_000_000_000, 750_000_000), start=1):
            session.add(
                PublicWorksPackage(
                    kd_rup=f"4512345{n}",
                    name=f"Pembangunan Jembatan Mahakam IV Paket {n}",
                    pagu=value,
                    fiscal_year=2026,
                    contractor_id=contractor,
                    contract_value=value,
                    spk_date=date(2026, 10, 1),
                )
            )
    text = running_text(db, "jakon", contractor)
    # The contract value and the contribution it gives, both with words.
    assert "Rp2.000.000.000 (dua miliar rupiah)" in text
    assert assert_amounts_carry_words(text) >= 2


def test_sample_letter_states_its_table_total_with_words() -> None:
    sample = sample_letter(BranchSettings(), TODAY)
    assert sample.table is not None and sample.table.total_row is not None
    total = sample.table.total_row[-1]
    text = plain(sample.body_after_table)
    assert f"{total} (enam juta empat ratus lima puluh ribu rupiah)" in text
    assert_amounts_carry_words(text)


def test_one_month_reads_as_one_period_in_every_arrears_letter(db: Database) -> None:
    set_umk(db)
    eid = add_employer(db, "PT Satu Bulan")
    add_periods(db, eid, [(2026, 10, 13_100_000, 0)])
    for kind in ("tunggakan", "teguran-1"):
        text = running_text(db, kind, eid)
        assert "periode Oktober 2026" in text, kind
        assert "sampai dengan Oktober 2026" not in text, kind
    # No field spells a range's ends on their own ("Oktober 2026 sampai dengan Oktober 2026").
    assert not {"periode_awal", "periode_akhir"} & set(FIELDS)
