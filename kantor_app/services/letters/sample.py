"""A made-up Teguran I that shows a branch its kop, signatory and number pattern.

The settings dialog previews it from the values on screen before they are
saved, so it takes the settings rather than reading them from the database.
"""

from __future__ import annotations

from datetime import date

from kantor_app.domain.dates import format_date_id
from kantor_app.domain.money import format_rupiah, rupiah_with_words
from kantor_app.services.errors import ServiceError
from kantor_app.services.letters.issue import format_letter_number
from kantor_app.services.letters.pdf.render import (
    LetterContent,
    Letterhead,
    LetterTable,
    RenderError,
    escape,
    render_letter,
)
from kantor_app.services.reference.branch_settings import BranchSettings

SAMPLE_SEQ = 12  # the running number shown in the example and the preview
_MONTHS = ("Agustus 2026", "September 2026", "Oktober 2026")
_AMOUNTS = (2_150_000, 2_150_000, 2_150_000)


def sample_letter(s: BranchSettings, today: date) -> LetterContent:
    """A Teguran I with made-up figures and the given kop/signatory."""
    total = sum(_AMOUNTS)
    return LetterContent(
        letterhead=Letterhead(
            org_name=s.org_name,
            branch_name=s.branch_name,
            address=s.address,
            phone=s.phone,
            email=s.email,
            website=s.website,
            logo_path=s.logo(),
        ),
        number=format_letter_number(s.number_pattern, SAMPLE_SEQ, s.code_for("teguran-1"), today),
        place=s.place,
        date_text=format_date_id(today),
        sifat="Penting",
        lampiran="-",
        hal="Teguran Tertulis I (CONTOH)",
        addressee=("Yth. Pimpinan", "PT Contoh Usaha Sejahtera", "Jl. Contoh No. 1", s.place),
        body_before_table=(
            escape(
                "Ini contoh surat untuk memeriksa kop dan penandatangan; angka dan nama "
                "perusahaan di bawah ini rekaan. Menurut catatan kami, iuran bulan berikut "
                "belum dibayar:"
            ),
        ),
        table=LetterTable(
            columns=("No.", "Bulan", "Iuran"),
            rows=tuple(
                (str(i), month, format_rupiah(amount))
                for i, (month, amount) in enumerate(zip(_MONTHS, _AMOUNTS, strict=True), 1)
            ),
            total_row=("Jumlah", "", format_rupiah(total)),
        ),
        body_after_table=(
            escape(f"Jumlah iuran tersebut sebesar {rupiah_with_words(total)}."),
            escape("Atas perhatian dan kerja sama Saudara, kami ucapkan terima kasih."),
        ),
        signature_position=s.signatory_position,
        signature_name=s.signatory_name,
        signature_id=s.signatory_id or None,
        tembusan=("Arsip",),
    )


def render_sample_letter(s: BranchSettings, today: date) -> bytes:
    """The sample letter as PDF; ServiceError when it cannot be rendered."""
    try:
        return render_letter(sample_letter(s, today))
    except RenderError as exc:
        # The renderer's own sentence (a missing font, an unreadable logo) is the message.
        raise ServiceError("{reason}", code="sample_letter_failed", reason=str(exc)) from None
