"""Issuing letters: the preview without a number, and the numbered batch stored in the register.

``issue_letters`` reserves the numbers first (committed, see
:mod:`kantor_app.services.letters.numbering`), renders the PDFs, then writes
every Letter of the batch in one transaction; files in ``out_dir`` are
removed again and the numbers recorded as void if anything after the
reservation fails or the user cancels.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeAlias

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kantor_app.services.audit import write_audit
from kantor_app.services.employers.compliance import load_context
from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.services.letters.case_steps import link_case_step
from kantor_app.services.letters.content import (
    Prepared,
    content_json,
    letter_content,
    prepare_letters,
)
from kantor_app.services.letters.dating import check_letter_date
from kantor_app.services.letters.eligibility import gather_cases, refusal_error
from kantor_app.services.letters.gaps import record_abandoned_reservations
from kantor_app.services.letters.kinds import require_kind
from kantor_app.services.letters.numbering import (
    DRAFT_SEQ,
    format_letter_number,
    reserve_letter_numbers,
    void_numbers,
)
from kantor_app.services.letters.pdf.render import (
    LetterContent,
    RenderError,
    render_batch,
    render_letter,
)
from kantor_app.services.reference.branch_settings import BranchSettings
from kantor_app.store.engine import Database
from kantor_app.store.models import Employer, Letter

__all__ = ["IssuedLetter", "issue_letters", "preview_letter"]

_log = logging.getLogger(__name__)

_Progress: TypeAlias = Callable[[int, int, str], None]  # (done, total, message)
_Report: TypeAlias = Callable[[int, str], None]  # (done, message): the total is the batch's
_IsCancelled: TypeAlias = Callable[[], bool] | None


def preview_letter(
    session: Session, kind: str, employer_id: uuid.UUID, today: date | None = None
) -> bytes:
    """The letter as it would be issued today, as PDF bytes, without consuming a number.

    The number shows ``DRAF`` in place of the running number. Raises
    ServiceError when the employer may not receive this kind of letter.
    """
    require_kind(kind)
    today = today or date.today()
    ctx = load_context(session, today)
    cases, refused = gather_cases(session, kind, [employer_id], ctx)
    if refused:
        raise refusal_error(kind, cases, refused)
    settings, prepared = prepare_letters(session, kind, cases, ctx)
    number = format_letter_number(
        settings.number_pattern, DRAFT_SEQ, settings.code_for(kind), today
    )
    return _render(letter_content(prepared[0], number, settings, today))


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
    sha256: str
    path: Path | None = None
    combined_path: Path | None = None  # the batch's combined PDF (same for every letter)


def issue_letters(
    db: Database,
    kind: str,
    employer_ids: Sequence[uuid.UUID],
    out_dir: Path | None = None,
    progress: _Progress | None = None,
    is_cancelled: _IsCancelled = None,
    today: date | None = None,
    *,
    username: str = "",
    workers: int | None = None,
) -> list[IssuedLetter]:
    """Issue one letter of ``kind`` per employer (in the order given) and register them.

    Steps: check every employer may receive the letter (ServiceError listing
    the refused ones otherwise, nothing issued); reserve the numbers
    (committed, see :mod:`~kantor_app.services.letters.numbering`); render
    each PDF; when ``out_dir`` is given, write one PDF per letter plus one
    combined PDF for the printer; store every Letter (number, kind, employer,
    issued_on, sha256, PDF, content_json, status "diterbitkan") in
    one transaction. On cancel (:class:`Cancelled`) or failure no letter is
    stored, written files are removed, and the reserved numbers are recorded
    as void. ``workers`` is passed to
    :func:`kantor_app.services.letters.pdf.render.render_batch` (None: its default).
    """
    require_kind(kind)
    today = today or date.today()
    ids = list(dict.fromkeys(employer_ids))
    if not ids:
        raise ServiceError("Pilih sedikitnya satu perusahaan.", code="no_employer_chosen")
    total = len(ids) + 2

    def report(done: int, message: str) -> None:
        if progress is not None:
            progress(done, total, message)

    report(0, "Memeriksa data perusahaan")
    with db.session() as session:
        ctx = load_context(session, today)
        check_letter_date(session, today, ctx.holidays)
        cases, refused = gather_cases(session, kind, ids, ctx)
        if refused:
            raise refusal_error(kind, cases, refused)
        settings, prepared = prepare_letters(session, kind, cases, ctx)
    _check_cancel(is_cancelled)
    report(1, "Mengambil nomor surat")

    record_abandoned_reservations(db, username=username)
    batch_id = uuid.uuid4().hex
    numbers = reserve_letter_numbers(
        db, kind, today.year, len(prepared), username=username, batch_id=batch_id
    )
    batch = _Batch(db, kind, prepared, numbers, settings, today, username, batch_id)
    try:
        return _issue_numbered(batch, out_dir, report, is_cancelled, workers)
    except BaseException as exc:
        reason = "dibatalkan" if isinstance(exc, Cancelled) else f"gagal: {type(exc).__name__}"
        void_numbers(db, kind, today.year, numbers, reason, username, batch_id)
        raise


@dataclass(frozen=True)
class _Batch:
    """A batch whose numbers are reserved: what every later step needs."""

    db: Database
    kind: str
    prepared: Sequence[Prepared]
    numbers: Sequence[int]
    settings: BranchSettings
    today: date
    username: str
    batch_id: str


@dataclass
class _Rendered:
    """The PDFs of a batch, and the files written for it (removed again on failure)."""

    pdfs: list[bytes]
    paths: list[Path | None]  # the final names, once the letters are registered
    combined_path: Path | None = None
    written: list[Path] = field(default_factory=list)  # the temporary names, until then

    def publish(self) -> None:
        """Give every written file its final name (after the letters are registered)."""
        finals = [*self.paths, self.combined_path]
        for temporary, final in zip(self.written, (f for f in finals if f), strict=True):
            try:
                temporary.replace(final)
            except OSError:
                # The letter is registered with its PDF: a reprint gives the same document.
                _log.warning("Berkas surat %s tidak dapat diberi nama akhirnya", final.name)


def _issue_numbered(
    batch: _Batch,
    out_dir: Path | None,
    report: _Report,
    is_cancelled: _IsCancelled,
    workers: int | None,
) -> list[IssuedLetter]:
    settings = batch.settings
    code = settings.code_for(batch.kind)
    printed = [
        format_letter_number(settings.number_pattern, n, code, batch.today) for n in batch.numbers
    ]
    contents = [
        letter_content(p, num, settings, batch.today)
        for p, num in zip(batch.prepared, printed, strict=True)
    ]
    n_letters = len(contents)
    rendered = _Rendered(pdfs=[], paths=[None] * n_letters)
    try:
        if out_dir is not None:
            rendered = _render_to_folder(
                batch, contents, Path(out_dir), report, is_cancelled, workers
            )
        else:
            rendered = _render_in_memory(contents, report, is_cancelled)
        _check_cancel(is_cancelled)
        report(n_letters + 1, "Menyimpan register surat")
        issued = _register(batch, contents, rendered)
    except BaseException:
        for path in rendered.written:
            path.unlink(missing_ok=True)
        raise
    rendered.publish()
    report(n_letters + 2, "Selesai")
    return issued


def _temporary_name(name: str) -> str:
    """Hidden, and not a .pdf: a file left by a killed batch never looks like a letter."""
    return f".{name}.belum-tercatat"


def _render_to_folder(
    batch: _Batch,
    contents: Sequence[LetterContent],
    out_dir: Path,
    report: _Report,
    is_cancelled: _IsCancelled,
    workers: int | None,
) -> _Rendered:
    """One PDF per letter plus the combined one for the printer, written to ``out_dir``."""
    kind, numbers, n_letters = batch.kind, batch.numbers, len(contents)
    names = [
        _file_name(n, kind, p.case.employer) for n, p in zip(numbers, batch.prepared, strict=True)
    ]
    combined_name = (
        f"gabungan_{kind}_{batch.today.isoformat()}_{numbers[0]:05d}-{numbers[-1]:05d}.pdf"
    )

    def batch_progress(done: int, _total: int) -> None:
        report(1 + min(done, n_letters), f"Membuat surat {min(done, n_letters)} dari {n_letters}")

    try:
        files = render_batch(
            contents,
            out_dir,
            [_temporary_name(n) for n in names],
            _temporary_name(combined_name),
            progress=batch_progress,
            is_cancelled=is_cancelled,
            workers=workers,
        )
    except RenderError as exc:
        # The renderer's own sentence (a missing font, an unreadable logo) is the message.
        raise ServiceError("{reason}", code="letter_render_failed", reason=str(exc)) from None
    except OSError as exc:
        raise ServiceError(
            "Berkas surat tidak dapat ditulis ke {folder}: {reason}",
            code="letter_files_unwritable",
            folder=out_dir,
            reason=str(exc),
        ) from None
    paths: list[Path | None] = [out_dir / n for n in names]
    return _Rendered(
        pdfs=[f.path.read_bytes() for f in files.letters],
        paths=paths,
        combined_path=out_dir / combined_name,
        written=[f.path for f in files.letters] + [files.combined_path],
    )


def _render_in_memory(
    contents: Sequence[LetterContent], report: _Report, is_cancelled: _IsCancelled
) -> _Rendered:
    """The PDFs only (nothing on disk): the register keeps them."""
    pdfs: list[bytes] = []
    for i, content in enumerate(contents, start=1):
        _check_cancel(is_cancelled)
        pdfs.append(_render(content))
        report(1 + i, f"Membuat surat {i} dari {len(contents)}")
    return _Rendered(pdfs=pdfs, paths=[None] * len(contents))


def _register(
    batch: _Batch, contents: Sequence[LetterContent], rendered: _Rendered
) -> list[IssuedLetter]:
    """Store every Letter of the batch, with its audit event, in one transaction."""
    with batch.db.transaction() as session:
        letters: list[Letter] = []
        for p, content, pdf in zip(batch.prepared, contents, rendered.pdfs, strict=True):
            letter = _new_letter(batch, p, content, pdf)
            link_case_step(session, batch.kind, p, letter, batch.today)
            letters.append(letter)
            write_audit(
                session,
                entity="letter",
                entity_id=letter.id,
                action="issue",
                details={
                    "number": letter.number,
                    "kind": batch.kind,
                    "employer_id": str(letter.employer_id),
                    "sha256": letter.sha256,
                },
                username=batch.username,
            )
        # The batch's end, so its reservation is never taken for an abandoned one.
        write_audit(
            session,
            entity="letter_sequence",
            entity_id=f"{batch.today.year}/{batch.settings.series_for(batch.kind)}",
            action="register",
            details={"kind": batch.kind, "batch": batch.batch_id, "count": len(letters)},
            username=batch.username,
        )
        try:
            session.flush()  # the cases first: each letter refers to its case
            session.add_all(letters)
            session.flush()
        except IntegrityError:
            raise ServiceError(
                "Nomor surat bentrok dengan surat yang sudah ada: penghitung nomor surat "
                "tampaknya pernah diubah. Periksa Pengaturan > Penomoran surat.",
                code="letter_number_clash",
            ) from None
        return [
            IssuedLetter(
                letter_id=letter.id,
                number=letter.number,
                kind=batch.kind,
                employer_id=letter.employer_id,
                employer_name=p.case.employer.name,
                npp=p.case.employer.npp,
                issued_on=batch.today,
                sha256=letter.sha256,
                path=path,
                combined_path=rendered.combined_path,
            )
            for letter, p, path in zip(letters, batch.prepared, rendered.paths, strict=True)
        ]


def _new_letter(batch: _Batch, p: Prepared, content: LetterContent, pdf: bytes) -> Letter:
    return Letter(
        id=uuid.uuid4(),
        number=content.number,
        kind=batch.kind,
        employer_id=p.case.employer.id,
        previous_letter_id=p.case.previous.id if p.case.previous else None,
        issued_on=batch.today,
        # Known only once the letter is sent or received (services.letters.delivery).
        deadline=None,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pdf=pdf,
        content_json=content_json(p, content),
        status="diterbitkan",
        issued_by=batch.username,
    )


def _render(content: LetterContent) -> bytes:
    try:
        return render_letter(content)
    except RenderError as exc:
        raise ServiceError("{reason}", code="letter_render_failed", reason=str(exc)) from None


def _check_cancel(is_cancelled: _IsCancelled) -> None:
    if is_cancelled is not None and is_cancelled():
        raise Cancelled()


_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def _file_name(seq: int, kind: str, employer: Employer) -> str:
    slug = _UNSAFE.sub("-", employer.name).strip("-")[:50] or "perusahaan"
    return f"{seq:05d}_{kind}_{slug}.pdf"
