"""What a letter says: its template fields from the compliance assessment, and its PDF content.

The fields are listed in resources/letters/README.md; the texts that use them
come from :mod:`kantor_app.services.letters.templates`. Nothing here consumes
a letter number: :class:`Prepared` is a letter ready to render minus its
number, so a preview and an issue share every word.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kantor_app.domain.compliance import (
    DEFAULT_REQUIRED_PROGRAMS,
    PROGRAM_ORDER,
    ArrearsLine,
    Assessment,
    Status,
)
from kantor_app.domain.dates import format_date_id, format_month_id
from kantor_app.domain.jakon import JAKON_REGISTRATION_WORKING_DAYS
from kantor_app.domain.money import format_rupiah, number_with_words, rupiah_with_words, terbilang
from kantor_app.services.employers.compliance import ComplianceContext
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.addressees import load_labour_copies
from kantor_app.services.letters.case_fields import case_fields, licensing_office
from kantor_app.services.letters.eligibility import Case
from kantor_app.services.letters.figures import umk_citation
from kantor_app.services.letters.jakon_letter import jakon_fields
from kantor_app.services.letters.pdf.render import LetterContent, Letterhead, LetterTable
from kantor_app.services.letters.tables import (
    arrears_table,
    jakon_amounts,
    jakon_table,
    percent_text,
)
from kantor_app.services.letters.templates import FilledTemplate, TemplateError, load_template
from kantor_app.services.reference.branch_settings import BranchSettings, load_branch_settings
from kantor_app.store.models import Region

__all__ = [
    "DEADLINE_WORKING_DAYS",
    "Prepared",
    "content_json",
    "letter_content",
    "letter_fields",
    "prepare_letters",
]

DEADLINE_WORKING_DAYS = 10  # PP 86/2013: each teguran is valid for 10 working days


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


def _clauses(case: Case, regency_name: str, ctx: ComplianceContext) -> list[str]:
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
            clauses.append(_arrears_clause(a))
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
                below.append(f"upah hasil pemeriksaan sebesar {rupiah_with_words(f.wage_found)}")
            if f.minimum_wage is not None and f.wage_reported < f.minimum_wage:
                below.append(umk_citation(case.employer.regency_code, regency_name, ctx))
            clauses.append(
                f"melaporkan upah rata-rata {rupiah_with_words(f.wage_reported)} per pekerja per "
                f"bulan, lebih rendah dari {' dan '.join(below)}"
            )
        elif status is Status.JAKON:
            projects = "; ".join(
                f"{p.name} (kode RUP {p.kd_rup}, SPK tanggal {format_date_id(p.spk_date)})"
                for p in f.jakon_overdue
            )
            clauses.append(
                f"belum mendaftarkan pekerja proyek {projects} dalam program JKK dan JKM, "
                f"padahal batas waktu {number_with_words(JAKON_REGISTRATION_WORKING_DAYS)} hari "
                "kerja sejak SPK telah berakhir"
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


def _unpaid_months(lines: Sequence[ArrearsLine]) -> Sequence[ArrearsLine]:
    """The months whose contribution is unpaid; all of them when only late fees are owed."""
    return [x for x in lines if x.outstanding > 0] or lines


def _arrears_clause(a: Assessment) -> str:
    """Unpaid months with their fees; a month paid late but whose fee is unpaid by itself."""
    unpaid = [x for x in a.arrears if x.outstanding > 0]
    fee_only = [x for x in a.arrears if x.outstanding <= 0]
    fees = rupiah_with_words(a.late_fee_total)
    if not unpaid:
        return (
            f"belum membayar denda keterlambatan {fees} atas iuran {_arrears_span(fee_only)} "
            "yang dibayar terlambat"
        )
    text = (
        f"menunggak iuran {number_with_words(len(unpaid))} bulan ({_arrears_span(unpaid)}) "
        f"sebesar {rupiah_with_words(a.arrears_total)}, ditambah denda keterlambatan {fees}"
    )
    if fee_only:
        text += f" (termasuk denda atas iuran {_arrears_span(fee_only)} yang dibayar terlambat)"
    return text


def _arrears_span(lines: Sequence[ArrearsLine]) -> str:
    first, last = lines[0], lines[-1]
    if len(lines) == 1:
        return f"periode {format_month_id(first.year, first.month)}"
    return (
        f"periode {format_month_id(first.year, first.month)} sampai dengan "
        f"{format_month_id(last.year, last.month)}"
    )


def _regency_names(session: Session, cases: Sequence[Case]) -> dict[str, str]:
    codes = {c.employer.regency_code for c in cases if c.employer.regency_code}
    if not codes:
        return {}
    rows = session.execute(select(Region.code, Region.name).where(Region.code.in_(codes)))
    return {code: name for code, name in rows}


def _full_address(address: str, regency_name: str) -> str:
    """The street address with its kab/kota, unless the address already names it."""
    address = address.strip()
    place = _short_place(regency_name)
    if not address:
        return regency_name or "-"
    if not place or place.casefold() in address.casefold():
        return address
    return f"{address}, {regency_name}"


def _short_place(regency_name: str) -> str:
    for prefix in ("Kabupaten ", "Kota "):
        if regency_name.startswith(prefix):
            return regency_name[len(prefix) :]
    return regency_name


@dataclass(frozen=True)
class Prepared:
    """A letter ready to render, minus its number."""

    case: Case
    fields: dict[str, str]
    filled: FilledTemplate
    table: LetterTable | None
    addressee: tuple[str, ...]


def letter_fields(
    kind: str,
    case: Case,
    settings: BranchSettings,
    ctx: ComplianceContext,
    regency_name: str,
    jakon_amounts: Sequence[int] = (),
) -> dict[str, str]:
    """The template fields of one letter (see resources/letters/README.md)."""
    employer = case.employer
    a = case.assessment
    # No "tenggat" date: the period runs from a receipt not yet known (DOMAIN section 0).
    fields = {
        "nama_perusahaan": employer.name,
        "alamat_perusahaan": employer.address or "-",
        "alamat_lengkap": _full_address(employer.address, regency_name),
        "kota_perusahaan": regency_name or settings.place,
        "daerah_perusahaan": _short_place(regency_name) or settings.place,
        "npp": employer.npp or "belum terdaftar",
        "nama_cabang": settings.branch_name,
        "kota_cabang": settings.place,
        "tenggat_hari": number_with_words(DEADLINE_WORKING_DAYS),
        "jabatan_penandatangan": settings.signatory_position,
    }
    if case.sanction is not None:
        # A later step restates its Teguran I, as of that letter: not today's findings.
        fields |= case_fields(kind, case.sanction, regency_name=regency_name or settings.place)
        return fields
    if a.arrears:
        total = a.arrears_total + a.late_fee_total
        fields |= {
            "total_tunggakan": format_rupiah(total),
            "total_terbilang": f"{terbilang(total)} rupiah",
            "denda_keterlambatan": rupiah_with_words(a.late_fee_total),
            "jumlah_iuran": rupiah_with_words(a.arrears_total),
            "jumlah_periode": number_with_words(len(_unpaid_months(a.arrears))),
            # One month reads "periode Oktober 2026", never "Oktober sampai dengan Oktober".
            "periode": _arrears_span(_unpaid_months(a.arrears)),
        }
    if kind == "jakon" and case.packages:
        fields |= jakon_fields(case.packages, jakon_amounts, ctx.holidays)
    else:
        clauses = _clauses(case, regency_name or settings.place, ctx)
        fields["temuan"] = f"tercatat {_join_clauses(clauses)}." if clauses else "tercatat patuh."
    return fields


def prepare_letters(
    session: Session, kind: str, cases: Sequence[Case], ctx: ComplianceContext
) -> tuple[BranchSettings, list[Prepared]]:
    """The branch settings and every case's letter, in order, ready for its number."""
    settings = load_branch_settings(session)
    try:
        template = load_template(kind)
    except TemplateError as exc:
        # The template file's own sentence (missing, unreadable, a bad field) is the message.
        raise ServiceError("{reason}", code="letter_template_failed", reason=str(exc)) from None
    regencies = _regency_names(session, cases)
    copies = load_labour_copies(session, cases)
    rate_text = percent_text(ctx.late_fee_rate)
    prepared: list[Prepared] = []
    for case in cases:
        employer = case.employer
        regency_name = regencies.get(employer.regency_code or "", "")
        amounts = jakon_amounts(case.packages, session, ctx.today) if case.packages else []
        fields = letter_fields(kind, case, settings, ctx, regency_name, amounts)
        try:
            filled = copies.add_to(template.fill(fields), employer)
        except TemplateError as exc:
            raise ServiceError("{reason}", code="letter_template_failed", reason=str(exc)) from None
        table: LetterTable | None = None
        if filled.table:
            if kind == "jakon" and case.packages:
                table = jakon_table(case.packages, amounts)
            elif case.assessment.arrears:
                table = arrears_table(case.assessment, rate_text)
        prepared.append(Prepared(case, fields, filled, table, _addressee(kind, case, regency_name)))
    return settings, prepared


def _addressee(kind: str, case: Case, regency_name: str) -> tuple[str, ...]:
    """The employer; for a TMP2T request the licensing office of its kab/kota."""
    if kind == "tmp2t":
        return ("Yth. Kepala " + licensing_office(regency_name), f"di {_short_place(regency_name)}")
    employer = case.employer
    addressee = ["Yth. Pimpinan", employer.name]
    if employer.address.strip():
        addressee.append(employer.address.strip())
    place = _short_place(regency_name)
    if place and place.casefold() not in employer.address.casefold():
        addressee.append(place)
    return tuple(addressee)


def letter_content(
    p: Prepared, number: str, settings: BranchSettings, today: date
) -> LetterContent:
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


def content_json(p: Prepared, content: LetterContent) -> str:
    data: dict[str, Any] = {
        "fields": p.fields,
        "statuses": [s.value for s in p.case.assessment.statuses],
        "findings": [f.reason for f in p.case.assessment.findings],
        "content": asdict(content),
    }
    return json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)
