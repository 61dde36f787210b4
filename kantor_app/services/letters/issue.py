"""Letters to employers: numbering, content from the compliance assessment, issuing, register.

Kinds (``LETTER_KINDS``): ``teguran-1`` (Teguran Tertulis I), ``teguran-2``
(Teguran Tertulis II: only after a Teguran I whose deadline passed without an
answer), ``tunggakan`` (arrears notice) and ``jakon`` (Jakon reminder to a
contractor). Texts come from ``resources/letters/<kind>.toml`` through
:mod:`kantor_app.services.letters.templates`; this module fills their fields.

Numbering: never reused
-----------------------
A letter number is ``pattern.format(seq=…, kode=…, bulan_romawi=…, tahun=…)``
with ``seq`` a running number per year and series (LetterSequence row).
Numbers are *reserved* in a short transaction of their own that commits
before the letters are rendered (they are printed on the PDFs):

- the counter is bumped by one atomic ``UPDATE … SET last_number =
  last_number + n … RETURNING`` after an ``INSERT … ON CONFLICT DO NOTHING``
  that creates the year's row. On PostgreSQL the UPDATE holds the row lock
  until commit, so two PCs never get the same block; on SQLite the
  transaction starts with ``BEGIN IMMEDIATE`` (the database write lock), so
  two processes serialise instead of failing on a lock upgrade;
- the reservation commits with an AuditEvent naming the numbers, so a
  number is consumed even if rendering, the disk or the database insert
  fails afterwards, or the user cancels. Such numbers stay unused (a gap)
  and a second AuditEvent ``void`` records them (best effort), which is what
  an auditor of the agenda expects; a number is never printed twice;
- ``Letter.number`` is unique: if a counter was ever reset by hand, the
  insert fails instead of issuing a duplicate.

Issuing (``issue_letters``) writes every Letter of a batch in one
transaction; files in ``out_dir`` are removed again if that fails.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kantor_app.domain.compliance import (
    DEFAULT_REQUIRED_PROGRAMS,
    PROGRAM_ORDER,
    ArrearsLine,
    Assessment,
    EmployerFacts,
    Status,
)
from kantor_app.domain.dates import format_date_id, format_month_id
from kantor_app.domain.money import format_rupiah, number_with_words, rupiah_with_words, terbilang
from kantor_app.domain.rates import jakon_contribution
from kantor_app.domain.vocabulary import LETTER_KINDS, LETTER_STATUSES
from kantor_app.domain.workdays import add_working_days
from kantor_app.services.employers.compliance import (
    ComplianceContext,
    assess_facts,
    employers_with_facts,
    load_context,
)
from kantor_app.services.employers.registry import write_audit
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.letters.pdf.render import (
    LetterContent,
    Letterhead,
    LetterTable,
    RenderError,
    render_batch,
    render_letter,
)
from kantor_app.services.letters.templates import FilledTemplate, TemplateError, load_template
from kantor_app.services.reference.branch_settings import BranchSettings, load_branch_settings
from kantor_app.services.reference.seed import load_jakon_bands
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer, Letter, LetterSequence, PublicWorksPackage, Region

__all__ = [
    "DEADLINE_WORKING_DAYS",
    "KIND_LABELS",
    "NONCOMPLIANT_STATUSES",
    "IssuedLetter",
    "check_eligibility",
    "format_letter_number",
    "issue_letters",
    "letter_fields",
    "next_letter_number",
    "noncompliant_employer_ids",
    "preview_letter",
    "reprint",
    "reserve_letter_numbers",
    "set_status",
    "to_roman",
]

KIND_LABELS: dict[str, str] = {
    "teguran-1": "Teguran Tertulis I",
    "teguran-2": "Teguran Tertulis II",
    "tunggakan": "Pemberitahuan Tunggakan Iuran",
    "jakon": "Pengingat Kepesertaan Jasa Konstruksi",
}
DEADLINE_WORKING_DAYS = 10  # PP 86/2013: each teguran is valid for 10 working days
DRAFT_SEQ = "DRAF"
NONCOMPLIANT_STATUSES: tuple[str, ...] = tuple(s.value for s in Status if s is not Status.PATUH)

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def to_roman(month: int) -> str:
    """Month 1–12 as a Roman numeral (the "bulan" part of a letter number)."""
    return _ROMAN[month - 1]


def _require_kind(kind: str) -> None:
    if kind not in LETTER_KINDS:
        raise ServiceError(
            f"Jenis surat '{kind}' tidak dikenal. Pilihan: {', '.join(LETTER_KINDS)}."
        )


# --------------------------------------------------------------------------- numbering


def format_letter_number(pattern: str, seq: int | str, code: str, issued_on: date) -> str:
    """The printed number, e.g. ``"12/KPS.01/KC-SMD/XI/2026"``.

    ``seq`` may be the draft placeholder text for a preview.
    """
    seq3 = f"{seq:03d}" if isinstance(seq, int) else str(seq)
    try:
        return pattern.format(
            seq=seq,
            seq3=seq3,
            kode=code,
            bulan=issued_on.month,
            bulan_romawi=to_roman(issued_on.month),
            tahun=issued_on.year,
        )
    except (KeyError, IndexError, ValueError) as exc:
        raise ServiceError(f"Pola nomor surat '{pattern}' tidak valid ({exc}).") from None


def _bump_sequence(session: Session, series: str, year: int, count: int) -> int:
    """Add ``count`` to the year's counter atomically; returns the new last number."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(
            pg_insert(LetterSequence)
            .values(year=year, series=series, last_number=0)
            .on_conflict_do_nothing()
        )
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(
            sqlite_insert(LetterSequence)
            .values(year=year, series=series, last_number=0)
            .on_conflict_do_nothing()
        )
    else:  # pragma: no cover - Kantor supports SQLite and PostgreSQL only
        raise ServiceError(f"Basis data {dialect} tidak didukung untuk penomoran surat.")
    last = session.execute(
        update(LetterSequence)
        .where(LetterSequence.year == year, LetterSequence.series == series)
        .values(last_number=LetterSequence.last_number + count)
        .returning(LetterSequence.last_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return int(last)


def _lock_for_numbering(session: Session) -> None:
    """On SQLite start the transaction with BEGIN IMMEDIATE (take the write lock first).

    Only possible before the session has a connection; a session that
    already read something keeps its deferred transaction (the UPDATE then
    takes the lock, but may fail instead of waiting if another writer
    committed since that read).
    """
    bind = session.get_bind()
    if bind.dialect.name == "sqlite" and not session.in_transaction():
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


def next_letter_number(session: Session, kind: str, year: int) -> int:
    """The next running number of ``kind``'s series in ``year`` (in the caller's transaction).

    The number is the caller's once its transaction commits. Use it as the
    first statement of a fresh session on SQLite (see :func:`_lock_for_numbering`).
    """
    _require_kind(kind)
    _lock_for_numbering(session)
    series = load_branch_settings(session).series_for(kind)
    return _bump_sequence(session, series, year, 1)


def reserve_letter_numbers(
    db: Database, kind: str, year: int, count: int, *, username: str = ""
) -> list[int]:
    """Reserve ``count`` consecutive running numbers in a committed transaction of their own.

    Reserved numbers are never handed out again, whatever happens next.
    """
    _require_kind(kind)
    if count <= 0:
        return []
    session = db.session()
    try:
        _lock_for_numbering(session)
        series = load_branch_settings(session).series_for(kind)
        last = _bump_sequence(session, series, year, count)
        numbers = list(range(last - count + 1, last + 1))
        write_audit(
            session,
            entity="letter_sequence",
            entity_id=f"{year}/{series}",
            action="reserve",
            details={"kind": kind, "first": numbers[0], "last": numbers[-1]},
            username=username,
        )
        session.commit()
        return numbers
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _void_numbers(
    db: Database, kind: str, year: int, numbers: Sequence[int], reason: str, username: str
) -> None:
    """Record reserved numbers that ended up on no letter (best effort: never masks the error)."""
    if not numbers:
        return
    try:
        with db.transaction() as session:
            write_audit(
                session,
                entity="letter_sequence",
                entity_id=f"{year}/{kind}",
                action="void",
                details={"kind": kind, "numbers": list(numbers), "reason": reason},
                username=username,
            )
    except Exception:
        pass


# --------------------------------------------------------------------------- selection


def noncompliant_employer_ids(
    session: Session,
    sector: str | None = None,
    regency_code: str | None = None,
    statuses: Collection[str] = NONCOMPLIANT_STATUSES,
) -> list[uuid.UUID]:
    """Employers whose stored compliance status is one of ``statuses``, by name.

    Uses the denormalised ``Employer.compliance_status`` (keep it fresh with
    ``refresh_compliance``).
    """
    query = select(Employer.id).where(Employer.compliance_status.in_(list(statuses)))
    if sector:
        query = query.where(Employer.sector == sector)
    if regency_code:
        query = query.where(Employer.regency_code == regency_code)
    return list(session.scalars(query.order_by(Employer.name, Employer.id)))


def _open_teguran_1(session: Session, employer_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Letter]:
    """Per employer, its latest Teguran I (if any)."""
    latest: dict[uuid.UUID, Letter] = {}
    if not employer_ids:
        return latest
    for start in range(0, len(employer_ids), 900):
        chunk = employer_ids[start : start + 900]
        rows = session.scalars(
            select(Letter)
            .where(Letter.kind == "teguran-1", Letter.employer_id.in_(chunk))
            .order_by(Letter.issued_on, Letter.created_at)
        )
        for letter in rows:
            latest[letter.employer_id] = letter
    return latest


def _followed_up(session: Session, letter_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    if not letter_ids:
        return set()
    return set(
        session.scalars(
            select(Letter.previous_letter_id).where(
                Letter.kind == "teguran-2", Letter.previous_letter_id.in_(list(letter_ids))
            )
        )
    )


def _jakon_packages(
    session: Session, employer_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[PublicWorksPackage]]:
    """Construction packages of each contractor without Jakon registration."""
    packages: dict[uuid.UUID, list[PublicWorksPackage]] = {}
    if not employer_ids:
        return packages
    rows = session.scalars(
        select(PublicWorksPackage)
        .where(
            PublicWorksPackage.contractor_id.in_(list(employer_ids)),
            PublicWorksPackage.jakon_registered_on.is_(None),
        )
        .order_by(PublicWorksPackage.fiscal_year, PublicWorksPackage.kd_rup)
    )
    for package in rows:
        assert package.contractor_id is not None
        packages.setdefault(package.contractor_id, []).append(package)
    return packages


@dataclass(frozen=True)
class _Case:
    """What one letter is about: the employer, its facts and assessment, the kind's extras."""

    employer: Employer
    facts: EmployerFacts
    assessment: Assessment
    previous: Letter | None  # teguran-2: the latest Teguran I
    previous_followed_up: bool  # teguran-2: that Teguran I already has a Teguran II
    packages: tuple[PublicWorksPackage, ...]  # jakon: projects without Jakon registration


def _ineligible_reason(kind: str, case: _Case, today: date) -> str | None:
    a = case.assessment
    if kind == "teguran-1" and a.primary is Status.PATUH:
        return "patuh (tidak ada temuan)"
    if kind == "tunggakan" and a.arrears_total <= 0:
        return "tidak memiliki tunggakan iuran"
    if kind == "jakon" and not case.packages:
        return "tidak memiliki paket pekerjaan konstruksi yang belum didaftarkan Jakon"
    if kind == "teguran-2":
        first = case.previous
        if first is None:
            return "belum pernah diberi Teguran Tertulis I"
        if case.previous_followed_up:
            return f"Teguran Tertulis I nomor {first.number} sudah diikuti Teguran Tertulis II"
        if first.status == "dijawab":
            return f"Teguran Tertulis I nomor {first.number} sudah dijawab"
        if first.deadline is not None and today <= first.deadline:
            return (
                f"batas waktu Teguran Tertulis I nomor {first.number} belum lewat "
                f"({format_date_id(first.deadline)})"
            )
        if a.primary is Status.PATUH:
            return "sudah patuh"
    return None


def _cases(
    session: Session,
    kind: str,
    employer_ids: Sequence[uuid.UUID],
    ctx: ComplianceContext,
) -> tuple[list[_Case], dict[uuid.UUID, str]]:
    """The cases in the given order, and the reasons of those not eligible for ``kind``."""
    gathered = {e.id: (e, f) for e, f in employers_with_facts(session, employer_ids, ctx)}
    missing = [i for i in employer_ids if i not in gathered]
    if missing:
        raise ServiceError(f"{len(missing)} perusahaan yang dipilih tidak ditemukan.")
    previous: dict[uuid.UUID, Letter] = {}
    followed: set[uuid.UUID] = set()
    if kind == "teguran-2":
        previous = _open_teguran_1(session, employer_ids)
        followed = _followed_up(session, [letter.id for letter in previous.values()])
    packages = _jakon_packages(session, employer_ids) if kind == "jakon" else {}
    cases: list[_Case] = []
    refused: dict[uuid.UUID, str] = {}
    for employer_id in employer_ids:
        employer, facts = gathered[employer_id]
        first = previous.get(employer_id)
        case = _Case(
            employer=employer,
            facts=facts,
            assessment=assess_facts(facts, ctx),
            previous=first,
            previous_followed_up=first is not None and first.id in followed,
            packages=tuple(packages.get(employer_id, ())),
        )
        reason = _ineligible_reason(kind, case, ctx.today)
        if reason is not None:
            refused[employer_id] = reason
        cases.append(case)
    return cases, refused


def check_eligibility(
    session: Session, kind: str, employer_ids: Sequence[uuid.UUID], today: date
) -> dict[uuid.UUID, str]:
    """Employers that may not receive ``kind`` on ``today``, with the reason (empty: all may).

    Teguran II needs a Teguran I whose deadline has passed, unanswered and not
    yet followed by a Teguran II; a tunggakan notice needs arrears; a Jakon
    reminder needs a construction package without Jakon registration; a
    Teguran I needs a finding (status other than Patuh).
    """
    _require_kind(kind)
    ctx = load_context(session, today)
    return _cases(session, kind, list(dict.fromkeys(employer_ids)), ctx)[1]


def _refusal_message(kind: str, cases: Sequence[_Case], refused: dict[uuid.UUID, str]) -> str:
    names = {c.employer.id: c.employer.name for c in cases}
    lines = [f"- {names[i]}: {reason}" for i, reason in list(refused.items())[:5]]
    more = f"\n… dan {len(refused) - 5} perusahaan lainnya" if len(refused) > 5 else ""
    return (
        f"{KIND_LABELS[kind]} tidak dapat dibuat untuk {len(refused)} perusahaan:\n"
        + "\n".join(lines)
        + more
    )


# --------------------------------------------------------------------------- content


def _join_clauses(clauses: Sequence[str]) -> str:
    """ "a", "a dan b", "(1) a; (2) b; dan (3) c"."""
    if len(clauses) == 1:
        return clauses[0]
    if len(clauses) == 2:
        return f"{clauses[0]} dan {clauses[1]}"
    numbered = [f"({n}) {c}" for n, c in enumerate(clauses, start=1)]
    return "; ".join(numbered[:-1]) + "; dan " + numbered[-1]


def _programs_text(programs: Collection[str]) -> str:
    ordered = [p for p in PROGRAM_ORDER if p in programs]
    if len(ordered) <= 1:
        return "".join(ordered)
    return ", ".join(ordered[:-1]) + " dan " + ordered[-1]


def _clauses(case: _Case, regency_name: str, ctx: ComplianceContext) -> list[str]:
    """One lower-case clause with its figures per finding, most serious first."""
    f = case.facts
    a = case.assessment
    clauses: list[str] = []
    for status in a.statuses:
        if status is Status.BELUM_DAFTAR:
            text = (
                "belum mendaftarkan perusahaan dan pekerjanya sebagai peserta BPJS Ketenagakerjaan"
            )
            if f.workers_found:
                text += (
                    f", padahal berdasarkan hasil pemeriksaan mempekerjakan "
                    f"{number_with_words(f.workers_found)} orang tenaga kerja"
                )
            clauses.append(text)
        elif status is Status.MENUNGGAK:
            lines = a.arrears
            span = _arrears_span(lines)
            clauses.append(
                f"menunggak iuran {number_with_words(len(lines))} bulan ({span}) sebesar "
                f"{rupiah_with_words(a.arrears_total)}, ditambah denda keterlambatan "
                f"{format_rupiah(a.late_fee_total)}"
            )
        elif status is Status.PDS_TK and f.workers_found is not None:
            reported = f.workers_reported or 0
            gap = f.workers_found - reported
            clauses.append(
                f"baru mendaftarkan {number_with_words(reported)} orang tenaga kerja, sedangkan "
                f"hasil pemeriksaan menemukan {number_with_words(f.workers_found)} orang "
                f"sehingga {number_with_words(gap)} orang tenaga kerja belum didaftarkan"
            )
        elif status is Status.PDS_UPAH and f.wage_reported is not None:
            below: list[str] = []
            if f.wage_found is not None and f.wage_reported < f.wage_found:
                below.append(f"upah hasil pemeriksaan sebesar {format_rupiah(f.wage_found)}")
            if f.minimum_wage is not None and f.wage_reported < f.minimum_wage:
                below.append(
                    f"upah minimum {regency_name} tahun {ctx.today.year} sebesar "
                    f"{format_rupiah(f.minimum_wage)}"
                )
            clauses.append(
                f"melaporkan upah rata-rata {format_rupiah(f.wage_reported)} per pekerja per "
                f"bulan, lebih rendah dari {' dan '.join(below)}"
            )
        elif status is Status.PDS_PROGRAM:
            required = DEFAULT_REQUIRED_PROGRAMS.get(f.scale.strip().lower(), frozenset())
            missing = required - f.programs
            enrolled = _programs_text(f.programs) or "belum ada"
            clauses.append(
                f"belum mengikutsertakan pekerjanya dalam program {_programs_text(missing)} yang "
                f"wajib bagi usaha skala {f.scale} (program yang diikuti: {enrolled})"
            )
    return clauses


def _arrears_span(lines: Sequence[ArrearsLine]) -> str:
    first, last = lines[0], lines[-1]
    if len(lines) == 1:
        return f"periode {format_month_id(first.year, first.month)}"
    return (
        f"periode {format_month_id(first.year, first.month)} sampai dengan "
        f"{format_month_id(last.year, last.month)}"
    )


def _regency_names(session: Session, cases: Sequence[_Case]) -> dict[str, str]:
    codes = {c.employer.regency_code for c in cases if c.employer.regency_code}
    if not codes:
        return {}
    rows = session.execute(select(Region.code, Region.name).where(Region.code.in_(codes)))
    return {code: name for code, name in rows}


def _short_place(regency_name: str) -> str:
    for prefix in ("Kabupaten ", "Kota "):
        if regency_name.startswith(prefix):
            return regency_name[len(prefix) :]
    return regency_name


def _arrears_table(a: Assessment, rate_text: str) -> LetterTable:
    rows = tuple(
        (
            str(n),
            format_month_id(line.year, line.month),
            format_rupiah(line.outstanding),
            str(line.months_late),
            format_rupiah(line.late_fee),
            format_rupiah(line.outstanding + line.late_fee),
        )
        for n, line in enumerate(a.arrears, start=1)
    )
    return LetterTable(
        # Line breaks keep the header from widening the amount columns: the
        # month column gets the room it needs.
        columns=(
            "No",
            "Periode",
            "Iuran\nterutang",
            "Bulan\nterlambat",
            f"Denda\n{rate_text}",
            "Jumlah",
        ),
        rows=rows,
        total_row=(
            "Jumlah",
            "",
            format_rupiah(a.arrears_total),
            "",
            format_rupiah(a.late_fee_total),
            format_rupiah(a.arrears_total + a.late_fee_total),
        ),
    )


def _jakon_amounts(
    packages: Sequence[PublicWorksPackage], session: Session, today: date
) -> list[int]:
    bands = load_jakon_bands(session, today)
    return [jakon_contribution(p.contract_value or 0, bands) if bands else 0 for p in packages]


def _jakon_table(packages: Sequence[PublicWorksPackage], amounts: Sequence[int]) -> LetterTable:
    rows = tuple(
        (
            str(n),
            p.kd_rup,
            p.name,
            format_rupiah(p.contract_value or 0),
            format_date_id(p.spk_date) if p.spk_date else "-",
            format_rupiah(amount),
        )
        for n, (p, amount) in enumerate(zip(packages, amounts, strict=True), start=1)
    )
    return LetterTable(
        columns=(
            "No",
            "Kode RUP",
            "Paket pekerjaan",
            "Nilai kontrak",
            "Tanggal SPK",
            "Iuran JKK+JKM",
        ),
        rows=rows,
        total_row=("Jumlah", "", "", "", "", format_rupiah(sum(amounts)))
        if len(rows) > 1
        else None,
    )


def _percent_text(rate: Decimal) -> str:
    """Decimal("2.0000") -> "2%", Decimal("0.1") -> "0,1%"."""
    text = format(rate.normalize(), "f")
    return text.replace(".", ",") + "%"


@dataclass(frozen=True)
class _Prepared:
    """A letter ready to render, minus its number."""

    case: _Case
    fields: dict[str, str]
    filled: FilledTemplate
    table: LetterTable | None
    deadline: date
    addressee: tuple[str, ...]


def letter_fields(
    kind: str,
    case: _Case,
    settings: BranchSettings,
    ctx: ComplianceContext,
    regency_name: str,
    jakon_amounts: Sequence[int] = (),
) -> dict[str, str]:
    """The template fields of one letter (see resources/letters/README.md)."""
    employer = case.employer
    a = case.assessment
    deadline = add_working_days(ctx.today, DEADLINE_WORKING_DAYS, ctx.holidays)
    fields = {
        "nama_perusahaan": employer.name,
        "alamat_perusahaan": employer.address or "-",
        "kota_perusahaan": regency_name or settings.place,
        "daerah_perusahaan": _short_place(regency_name) or settings.place,
        "npp": employer.npp or "belum terdaftar",
        "nama_cabang": settings.branch_name,
        "kota_cabang": settings.place,
        "tenggat": format_date_id(deadline),
        "tenggat_hari": number_with_words(DEADLINE_WORKING_DAYS),
        "jabatan_penandatangan": settings.signatory_position,
    }
    if a.arrears:
        total = a.arrears_total + a.late_fee_total
        first, last = a.arrears[0], a.arrears[-1]
        fields |= {
            "total_tunggakan": format_rupiah(total),
            "total_terbilang": f"{terbilang(total)} rupiah",
            "denda_keterlambatan": format_rupiah(a.late_fee_total),
            "jumlah_periode": number_with_words(len(a.arrears)),
            "periode_awal": format_month_id(first.year, first.month),
            "periode_akhir": format_month_id(last.year, last.month),
        }
    if kind == "teguran-2" and case.previous is not None:
        fields |= {
            "nomor_teguran_1": case.previous.number,
            "tanggal_teguran_1": format_date_id(case.previous.issued_on),
        }
    if kind == "jakon" and case.packages:
        project = case.packages[0]
        fields |= {
            "nama_proyek": project.name,
            "nilai_kontrak": format_rupiah(project.contract_value or 0),
            "tanggal_spk": format_date_id(project.spk_date) if project.spk_date else "-",
        }
        fields["temuan"] = _jakon_finding(case.packages, jakon_amounts)
    else:
        clauses = _clauses(case, regency_name or settings.place, ctx)
        fields["temuan"] = f"tercatat {_join_clauses(clauses)}." if clauses else "tercatat patuh."
    return fields


def _jakon_finding(packages: Sequence[PublicWorksPackage], amounts: Sequence[int]) -> str:
    first = packages[0]
    text = (
        "Sampai dengan tanggal surat ini, pekerja proyek tersebut belum didaftarkan dalam "
        "program JKK dan JKM"
    )
    if amounts and amounts[0] > 0 and first.contract_value:
        text += (
            f"; iuran JKK dan JKM proyek berdasarkan nilai kontrak adalah "
            f"{rupiah_with_words(amounts[0])}"
        )
    text += "."
    others = packages[1:]
    if others:
        text += (
            f" Selain itu, {number_with_words(len(others))} paket pekerjaan lain Saudara juga "
            f"belum didaftarkan: " + "; ".join(f"{p.name} (kode RUP {p.kd_rup})" for p in others)
        ) + "."
    return text


def _prepare(
    session: Session, kind: str, cases: Sequence[_Case], ctx: ComplianceContext
) -> tuple[BranchSettings, list[_Prepared]]:
    settings = load_branch_settings(session)
    try:
        template = load_template(kind)
    except TemplateError as exc:
        raise ServiceError(str(exc)) from None
    regencies = _regency_names(session, cases)
    rate_text = _percent_text(ctx.late_fee_rate)
    deadline = add_working_days(ctx.today, DEADLINE_WORKING_DAYS, ctx.holidays)
    prepared: list[_Prepared] = []
    for case in cases:
        employer = case.employer
        regency_name = regencies.get(employer.regency_code or "", "")
        amounts = _jakon_amounts(case.packages, session, ctx.today) if case.packages else []
        fields = letter_fields(kind, case, settings, ctx, regency_name, amounts)
        try:
            filled = template.fill(fields)
        except TemplateError as exc:
            raise ServiceError(str(exc)) from None
        table: LetterTable | None = None
        if filled.table:
            if kind == "jakon" and case.packages:
                table = _jakon_table(case.packages, amounts)
            elif case.assessment.arrears:
                table = _arrears_table(case.assessment, rate_text)
        addressee = ["Yth. Pimpinan", employer.name]
        if employer.address.strip():
            addressee.append(employer.address.strip())
        place = _short_place(regency_name)
        if place and place.casefold() not in employer.address.casefold():
            addressee.append(place)
        prepared.append(_Prepared(case, fields, filled, table, deadline, tuple(addressee)))
    return settings, prepared


def _content(p: _Prepared, number: str, settings: BranchSettings, today: date) -> LetterContent:
    return LetterContent(
        letterhead=Letterhead(
            org_name=settings.org_name,
            branch_name=settings.branch_name,
            address=settings.address,
            phone=settings.phone,
            email=settings.email,
            website=settings.website,
            logo_path=settings.logo(),
        ),
        number=number,
        place=settings.place,
        date_text=format_date_id(today),
        sifat=p.filled.sifat,
        lampiran=p.filled.lampiran,
        hal=p.filled.hal,
        addressee=p.addressee,
        body_before_table=p.filled.body_before_table,
        table=p.table,
        body_after_table=p.filled.body_after_table,
        signature_position=settings.signatory_position,
        signature_name=settings.signatory_name,
        signature_id=settings.signatory_id or None,
        tembusan=p.filled.tembusan,
    )


def _render(content: LetterContent) -> bytes:
    try:
        return render_letter(content)
    except RenderError as exc:
        raise ServiceError(str(exc)) from None


def _content_json(p: _Prepared, content: LetterContent) -> str:
    data: dict[str, Any] = {
        "fields": p.fields,
        "statuses": [s.value for s in p.case.assessment.statuses],
        "findings": [f.reason for f in p.case.assessment.findings],
        "content": asdict(content),
    }
    return json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)


# --------------------------------------------------------------------------- public API


def preview_letter(
    session: Session, kind: str, employer_id: uuid.UUID, today: date | None = None
) -> bytes:
    """The letter as it would be issued today, as PDF bytes, without consuming a number.

    The number shows ``DRAF`` in place of the running number. Raises
    ServiceError when the employer may not receive this kind of letter.
    """
    _require_kind(kind)
    today = today or date.today()
    ctx = load_context(session, today)
    cases, refused = _cases(session, kind, [employer_id], ctx)
    if refused:
        raise ServiceError(_refusal_message(kind, cases, refused))
    settings, prepared = _prepare(session, kind, cases, ctx)
    number = format_letter_number(
        settings.number_pattern, DRAFT_SEQ, settings.code_for(kind), today
    )
    return _render(_content(prepared[0], number, settings, today))


@dataclass(frozen=True)
class IssuedLetter:
    """One issued letter; ``path`` is its PDF file when written to a folder."""

    letter_id: uuid.UUID
    number: str
    kind: str
    employer_id: uuid.UUID
    employer_name: str
    npp: str | None
    issued_on: date
    deadline: date
    sha256: str
    path: Path | None = None
    combined_path: Path | None = None  # the batch's combined PDF (same for every letter)


_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def _file_name(seq: int, kind: str, employer: Employer) -> str:
    slug = _UNSAFE.sub("-", employer.name).strip("-")[:50] or "perusahaan"
    return f"{seq:05d}_{kind}_{slug}.pdf"


def issue_letters(
    db: Database,
    kind: str,
    employer_ids: Sequence[uuid.UUID],
    out_dir: Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
    *,
    username: str = "",
    workers: int | None = None,
) -> list[IssuedLetter]:
    """Issue one letter of ``kind`` per employer (in the order given) and register them.

    Steps: check every employer may receive the letter (ServiceError listing
    the refused ones otherwise, nothing issued); reserve the numbers
    (committed, see the module docstring); render each PDF; when ``out_dir``
    is given, write one PDF per letter plus one combined PDF for the printer;
    store every Letter (number, kind, employer, issued_on, deadline, sha256,
    PDF, content_json, status "diterbitkan") in one transaction. On cancel
    (:class:`Cancelled`) or failure no letter is stored, written files are
    removed, and the reserved numbers are recorded as void. ``workers`` is
    passed to :func:`letter_render.render_batch` (None: its default).
    """
    _require_kind(kind)
    today = today or date.today()
    ids = list(dict.fromkeys(employer_ids))
    if not ids:
        raise ServiceError("Pilih sedikitnya satu perusahaan.")
    total = len(ids) + 2

    def report(done: int, message: str) -> None:
        if progress is not None:
            progress(done, total, message)

    def check_cancel() -> None:
        if is_cancelled is not None and is_cancelled():
            raise Cancelled()

    report(0, "Memeriksa data perusahaan")
    with db.session() as session:
        ctx = load_context(session, today)
        cases, refused = _cases(session, kind, ids, ctx)
        if refused:
            raise ServiceError(_refusal_message(kind, cases, refused))
        settings, prepared = _prepare(session, kind, cases, ctx)
    check_cancel()
    report(1, "Mengambil nomor surat")

    numbers = reserve_letter_numbers(db, kind, today.year, len(prepared), username=username)
    try:
        return _issue_numbered(
            db,
            kind,
            prepared,
            numbers,
            settings,
            today,
            out_dir,
            report,
            is_cancelled,
            username,
            workers,
        )
    except BaseException as exc:
        reason = "dibatalkan" if isinstance(exc, Cancelled) else f"gagal: {type(exc).__name__}"
        _void_numbers(db, kind, today.year, numbers, reason, username)
        raise


def _issue_numbered(
    db: Database,
    kind: str,
    prepared: Sequence[_Prepared],
    numbers: Sequence[int],
    settings: BranchSettings,
    today: date,
    out_dir: Path | None,
    report: Callable[[int, str], None],
    is_cancelled: Callable[[], bool] | None,
    username: str,
    workers: int | None,
) -> list[IssuedLetter]:
    code = settings.code_for(kind)
    printed = [format_letter_number(settings.number_pattern, n, code, today) for n in numbers]
    contents = [_content(p, num, settings, today) for p, num in zip(prepared, printed, strict=True)]
    n_letters = len(contents)
    written: list[Path] = []
    paths: list[Path | None] = [None] * n_letters
    combined_path: Path | None = None
    try:
        if out_dir is not None:
            names = [
                _file_name(n, kind, p.case.employer) for n, p in zip(numbers, prepared, strict=True)
            ]
            combined_name = (
                f"gabungan_{kind}_{today.isoformat()}_{numbers[0]:05d}-{numbers[-1]:05d}.pdf"
            )

            def batch_progress(done: int, _total: int) -> None:
                report(
                    1 + min(done, n_letters),
                    f"Membuat surat {min(done, n_letters)} dari {n_letters}",
                )

            try:
                batch = render_batch(
                    contents,
                    Path(out_dir),
                    names,
                    combined_name,
                    progress=batch_progress,
                    is_cancelled=is_cancelled,
                    workers=workers,
                )
            except RenderError as exc:
                raise ServiceError(str(exc)) from None
            except OSError as exc:
                raise ServiceError(
                    f"Berkas surat tidak dapat ditulis ke {out_dir}: {exc}"
                ) from None
            written = [f.path for f in batch.letters] + [batch.combined_path]
            pdfs = [f.path.read_bytes() for f in batch.letters]
            paths = [f.path for f in batch.letters]
            combined_path = batch.combined_path
        else:
            pdfs = []
            for i, content in enumerate(contents, start=1):
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled()
                pdfs.append(_render(content))
                report(1 + i, f"Membuat surat {i} dari {n_letters}")
        if is_cancelled is not None and is_cancelled():
            raise Cancelled()
        report(n_letters + 1, "Menyimpan register surat")
        issued: list[IssuedLetter] = []
        with db.transaction() as session:
            letters: list[Letter] = []
            for p, content, pdf in zip(prepared, contents, pdfs, strict=True):
                letter = Letter(
                    id=uuid.uuid4(),
                    number=content.number,
                    kind=kind,
                    employer_id=p.case.employer.id,
                    previous_letter_id=p.case.previous.id if p.case.previous else None,
                    issued_on=today,
                    deadline=p.deadline,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    pdf=pdf,
                    content_json=_content_json(p, content),
                    status="diterbitkan",
                    issued_by=username,
                )
                letters.append(letter)
                write_audit(
                    session,
                    entity="letter",
                    entity_id=letter.id,
                    action="issue",
                    details={
                        "number": letter.number,
                        "kind": kind,
                        "employer_id": str(letter.employer_id),
                        "sha256": letter.sha256,
                    },
                    username=username,
                )
            session.add_all(letters)
            try:
                session.flush()
            except IntegrityError:
                raise ServiceError(
                    "Nomor surat bentrok dengan surat yang sudah ada: penghitung nomor surat "
                    "tampaknya pernah diubah. Periksa Pengaturan > Penomoran surat."
                ) from None
            for letter, p, path in zip(letters, prepared, paths, strict=True):
                issued.append(
                    IssuedLetter(
                        letter_id=letter.id,
                        number=letter.number,
                        kind=kind,
                        employer_id=letter.employer_id,
                        employer_name=p.case.employer.name,
                        npp=p.case.employer.npp,
                        issued_on=today,
                        deadline=p.deadline,
                        sha256=letter.sha256,
                        path=path,
                        combined_path=combined_path,
                    )
                )
        report(n_letters + 2, "Selesai")
        return issued
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def reprint(db: Database, letter_id: uuid.UUID) -> bytes:
    """The stored PDF of an issued letter: the very same document (same sha256)."""
    with db.session() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise ServiceError("Surat tidak ditemukan.")
        pdf = bytes(letter.pdf)
        if hashlib.sha256(pdf).hexdigest() != letter.sha256:
            raise ServiceError(
                f"Berkas surat {letter.number} di basis data tidak cocok dengan sidik "
                "sha256-nya (rusak atau diubah). Jangan dicetak ulang; hubungi admin."
            )
        return pdf


_STATUS_RANK = {status: rank for rank, status in enumerate(LETTER_STATUSES)}


def set_status(
    db: Database,
    letter_id: uuid.UUID,
    status: str,
    on: date | None = None,
    note: str = "",
    *,
    username: str = "",
) -> None:
    """Move a letter forward: dicetak (printed now), dikirim (sent ``on``), dijawab
    (answered ``on``, with ``note``). ``on`` defaults to today.

    A status never moves back (ServiceError), except that dicetak may be set
    again after a reprint without changing a later status.
    """
    if status not in LETTER_STATUSES or status == "diterbitkan":
        raise ServiceError(
            f"Status surat '{status}' tidak dikenal. Pilihan: dicetak, dikirim, dijawab."
        )
    day = on or date.today()
    with db.transaction() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise ServiceError("Surat tidak ditemukan.")
        if day < letter.issued_on:
            raise ServiceError(
                f"Tanggal {format_date_id(day)} sebelum tanggal surat "
                f"({format_date_id(letter.issued_on)})."
            )
        old = {"status": letter.status}
        current = _STATUS_RANK[letter.status]
        if status == "dicetak":
            letter.printed_at = datetime.now(UTC)
        elif _STATUS_RANK[status] < current:
            raise ServiceError(
                f"Surat {letter.number} sudah berstatus '{letter.status}'; status tidak dapat "
                f"dikembalikan ke '{status}'."
            )
        elif status == "dikirim":
            letter.sent_on = day
        else:  # dijawab
            letter.answered_on = day
            letter.answer_note = note.strip()
        if _STATUS_RANK[status] > current:
            letter.status = status
        write_audit(
            session,
            entity="letter",
            entity_id=letter.id,
            action="status",
            details={"old": old, "new": status, "on": day.isoformat(), "note": note.strip()},
            username=username,
        )
