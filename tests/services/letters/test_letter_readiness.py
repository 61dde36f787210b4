"""Numbered letters wait for the branch's own settings and stay in its wilayah kerja."""

from __future__ import annotations

import io
import uuid
from dataclasses import replace
from typing import Any

import pytest
from branch_samples import ready_branch
from pypdf import PdfReader
from service_samples import TODAY, add_employer, add_periods, set_umk
from sqlalchemy import func, select

from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.issuing import issue_letters, preview_letter
from kantor_app.services.letters.readiness import placeholder_fields
from kantor_app.services.reference.branch_settings import (
    PLACEHOLDERS,
    BranchSettings,
    load_branch_settings,
    save_branch_settings,
)
from kantor_app.store.engine import Database
from kantor_app.store.models import Letter, LetterSequence

CLOCK = "kantor_app.services.letters.dating.clock"


@pytest.fixture
def employer(db: Database, monkeypatch: pytest.MonkeyPatch) -> uuid.UUID:
    monkeypatch.setattr(CLOCK, lambda: TODAY)
    set_umk(db)
    eid = add_employer(db, "PT Siap Surat")
    add_periods(db, eid, [(2026, 8, 10_000_000, 0)])
    return eid


def _nothing_numbered(db: Database) -> bool:
    with db.session() as session:
        letters = session.scalar(select(func.count()).select_from(Letter))
        sequences = session.scalar(select(func.count()).select_from(LetterSequence))
    return letters == 0 and not sequences


def test_the_seeded_settings_are_all_placeholders() -> None:
    assert placeholder_fields(BranchSettings()) == [
        "nama penandatangan",
        "alamat kop surat",
        "telepon kop surat",
    ]


def test_an_emptied_field_counts_as_a_placeholder() -> None:
    real = BranchSettings(signatory_name="Budi Santoso", address="Jl. A No. 1", phone="0541 1")
    assert placeholder_fields(real) == []
    assert placeholder_fields(replace(real, signatory_name="   ")) == ["nama penandatangan"]


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("signatory_name", "nama penandatangan"),
        ("address", "alamat kop surat"),
        ("phone", "telepon kop surat"),
    ],
)
def test_each_placeholder_refuses_numbered_letters(
    db: Database, employer: uuid.UUID, name: str, label: str
) -> None:
    settings = ready_branch(db)
    with db.transaction() as session:
        # Spaces and case do not hide a placeholder.
        placeholder: dict[str, Any] = {name: f" {PLACEHOLDERS[name].upper()} "}
        save_branch_settings(session, replace(settings, **placeholder))
    with pytest.raises(ServiceError) as caught:
        issue_letters(db, "tunggakan", [employer], today=TODAY)
    assert caught.value.code == "letter_settings_placeholder"
    message = str(caught.value)
    assert label in message and "Pengaturan > Kop & Penandatangan" in message
    assert [
        f for f in ("nama penandatangan", "alamat kop surat", "telepon kop surat") if f in message
    ] == [label]
    assert _nothing_numbered(db)


def test_the_preview_shows_the_placeholders(db: Database, employer: uuid.UUID) -> None:
    with db.session() as session:
        assert placeholder_fields(load_branch_settings(session))  # as seeded
        pdf = preview_letter(session, "tunggakan", employer, TODAY)
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "Nama Kepala Kantor Cabang" in text


def test_real_settings_issue(db: Database, employer: uuid.UUID) -> None:
    ready_branch(db)
    assert len(issue_letters(db, "tunggakan", [employer], today=TODAY)) == 1


def test_outside_the_wilayah_kerja_needs_a_confirmation(db: Database, employer: uuid.UUID) -> None:
    ready_branch(db, service_area=["64.72"])
    set_umk(db, "65.71")
    tarakan = add_employer(db, "PT Tarakan Seberang", regency_code="65.71")
    add_periods(db, tarakan, [(2026, 8, 10_000_000, 0)])
    with pytest.raises(ServiceError) as caught:
        issue_letters(db, "tunggakan", [employer, tarakan], today=TODAY)
    assert caught.value.code == "letters_outside_area"
    message = str(caught.value)
    assert "1 perusahaan" in message and "PT Tarakan Seberang (Kota Tarakan)" in message
    assert "PT Siap Surat" not in message
    assert _nothing_numbered(db)

    issued = issue_letters(
        db, "tunggakan", [employer, tarakan], today=TODAY, confirm_outside_area=True
    )
    assert [letter.employer_name for letter in issued] == ["PT Siap Surat", "PT Tarakan Seberang"]
