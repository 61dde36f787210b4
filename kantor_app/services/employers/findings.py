"""What an inspection found, what an employer paid, and closing its case.

Each operation runs in one transaction of its own, writes an audit event and
refreshes the employer's compliance status before committing, then returns
the employer's new assessment.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import case, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kantor_app.domain.compliance import Assessment
from kantor_app.services.audit import write_audit
from kantor_app.services.employers.compliance import assess_employer, refresh_compliance
from kantor_app.services.errors import ServiceError
from kantor_app.store.engine import Database
from kantor_app.store.models import (
    ContributionPayment,
    ContributionPeriod,
    Employer,
    EmployerFinding,
)


def _today(today: date | None) -> date:
    return today or date.today()


def _require_employer(session: Session, employer_id: uuid.UUID) -> Employer:
    employer = session.get(Employer, employer_id)
    if employer is None:
        raise ServiceError(
            "Perusahaan tidak ditemukan (mungkin sudah dihapus).", code="employer_missing"
        )
    return employer


def record_finding(
    db: Database,
    employer_id: uuid.UUID,
    found_on: date,
    source: str,
    workers_found: int | None,
    wage_found: int | None,
    note: str = "",
    officer: str = "",
    *,
    username: str = "",
    today: date | None = None,
) -> Assessment:
    """Record what an inspection or survey found; returns the employer's new assessment.

    At least one of ``workers_found`` / ``wage_found`` must be given. The
    latest unresolved finding is what the compliance rules use.
    """
    now = _today(today)
    if workers_found is None and wage_found is None:
        raise ServiceError(
            "Isi jumlah tenaga kerja ditemukan atau upah ditemukan.", code="finding_empty"
        )
    if workers_found is not None and workers_found < 0:
        raise ServiceError(
            "Jumlah tenaga kerja ditemukan tidak boleh negatif.", code="finding_negative"
        )
    if wage_found is not None and wage_found <= 0:
        raise ServiceError("Upah ditemukan harus lebih dari nol.", code="finding_wage_zero")
    if found_on > now:
        raise ServiceError("Tanggal temuan tidak boleh sesudah hari ini.", code="finding_in_future")
    source = " ".join(source.split()) or "inspeksi"
    with db.transaction() as session:
        _require_employer(session, employer_id)
        finding = EmployerFinding(
            employer_id=employer_id,
            found_on=found_on,
            source=source[:40],
            workers_found=workers_found,
            wage_found=wage_found,
            note=note.strip(),
            officer=" ".join(officer.split())[:120],
        )
        session.add(finding)
        session.flush()
        write_audit(
            session,
            entity="employer",
            entity_id=employer_id,
            action="finding",
            details={
                "finding_id": str(finding.id),
                "found_on": found_on.isoformat(),
                "source": finding.source,
                "workers_found": workers_found,
                "wage_found": wage_found,
            },
            username=username,
        )
        refresh_compliance(session, [employer_id], today=now)
        return assess_employer(session, employer_id, now)


PAYMENT_KINDS = ("iuran", "denda")


def _check_payment(now: date, year: int, month: int, amount: int, paid_on: date, kind: str) -> None:
    if kind not in PAYMENT_KINDS:
        raise ServiceError(
            "Jenis pembayaran '{kind}' tidak dikenal: pilih iuran atau denda.",
            code="payment_kind_invalid",
            kind=kind,
        )
    if not 1 <= month <= 12:
        raise ServiceError("Bulan {month} tidak valid (1–12).", code="month_invalid", month=month)
    if not 2000 <= year <= now.year + 1:
        raise ServiceError("Tahun {year} tidak valid.", code="year_invalid", year=year)
    if amount <= 0:
        raise ServiceError("Jumlah pembayaran harus lebih dari nol.", code="payment_zero")
    if paid_on > now:
        raise ServiceError("Tanggal bayar tidak boleh sesudah hari ini.", code="payment_in_future")


def _ensure_period(session: Session, employer_id: uuid.UUID, year: int, month: int) -> None:
    """Create the month's row when missing, tolerating a writer that created it first."""
    exists = session.scalar(
        select(ContributionPeriod.id).where(
            ContributionPeriod.employer_id == employer_id,
            ContributionPeriod.year == year,
            ContributionPeriod.month == month,
        )
    )
    if exists is not None:
        return
    try:
        with session.begin_nested():
            session.add(
                ContributionPeriod(
                    employer_id=employer_id, year=year, month=month, due=0, paid=0, fee_paid=0
                )
            )
    except IntegrityError:
        pass  # the unique (employer, year, month) row now exists: add to it


def _add_to_period(
    session: Session,
    employer_id: uuid.UUID,
    year: int,
    month: int,
    kind: str,
    amount: int,
    paid_on: date,
) -> None:
    # One UPDATE adding to the stored sum: two payments recorded at once from two
    # devices both count, where a read-add-write in Python would lose one.
    values: dict[str, object]
    if kind == "denda":
        values = {"fee_paid": ContributionPeriod.fee_paid + amount}
    else:
        values = {
            "paid": ContributionPeriod.paid + amount,
            "paid_on": case(
                (
                    or_(ContributionPeriod.paid_on.is_(None), ContributionPeriod.paid_on < paid_on),
                    paid_on,
                ),
                else_=ContributionPeriod.paid_on,
            ),
        }
    device = session.info.get("device_id")
    if device:
        values["device_id"] = device
    session.execute(
        update(ContributionPeriod)
        .where(
            ContributionPeriod.employer_id == employer_id,
            ContributionPeriod.year == year,
            ContributionPeriod.month == month,
        )
        .values(values)
        .execution_options(synchronize_session=False)
    )


def record_payment(
    db: Database,
    employer_id: uuid.UUID,
    year: int,
    month: int,
    amount: int,
    paid_on: date,
    *,
    kind: str = "iuran",
    receipt_number: str = "",
    username: str = "",
    today: date | None = None,
) -> Assessment:
    """Record a payment of a month's contribution (``iuran``) or of its late fee
    (``denda``); returns the employer's new assessment.

    The amount adds to what was already paid for that month (instalments), in
    the database; ``paid_on`` of a contribution payment becomes the period's
    latest payment date. Each payment is kept as a row with its receipt number.
    A month with no record yet is created with nothing due (the due amount
    comes from the contribution import).
    """
    now = _today(today)
    _check_payment(now, year, month, amount, paid_on, kind)
    receipt = " ".join(receipt_number.split())[:60]
    with db.transaction() as session:
        # SQLite: take the write lock first, so that a second writer waits instead of
        # failing on a stale read snapshot. PostgreSQL relies on the UPDATE's increment.
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        _require_employer(session, employer_id)
        old = session.execute(
            select(
                ContributionPeriod.paid, ContributionPeriod.paid_on, ContributionPeriod.fee_paid
            ).where(
                ContributionPeriod.employer_id == employer_id,
                ContributionPeriod.year == year,
                ContributionPeriod.month == month,
            )
        ).first()
        _ensure_period(session, employer_id, year, month)
        _add_to_period(session, employer_id, year, month, kind, amount, paid_on)
        session.add(
            ContributionPayment(
                employer_id=employer_id,
                year=year,
                month=month,
                kind=kind,
                amount=amount,
                paid_on=paid_on,
                receipt_number=receipt,
                recorded_by=username[:60],
            )
        )
        write_audit(
            session,
            entity="employer",
            entity_id=employer_id,
            action="payment",
            details={
                "year": year,
                "month": month,
                "kind": kind,
                "amount": amount,
                "paid_on": paid_on.isoformat(),
                "receipt_number": receipt,
                "old": None
                if old is None
                else {
                    "paid": old.paid,
                    "paid_on": old.paid_on.isoformat() if old.paid_on else None,
                    "fee_paid": old.fee_paid,
                },
            },
            username=username,
        )
        session.flush()
        refresh_compliance(session, [employer_id], today=now)
        return assess_employer(session, employer_id, now)


def mark_resolved(
    db: Database,
    employer_id: uuid.UUID,
    note: str,
    *,
    username: str = "",
    today: date | None = None,
) -> Assessment:
    """Close every open finding of an employer (the case is settled); returns the new assessment.

    Arrears are not cleared by this: they end when payments are recorded.
    Raises ServiceError when there is no open finding or the note is empty.
    """
    now = _today(today)
    note = note.strip()
    if not note:
        raise ServiceError(
            "Tulis keterangan penyelesaian (misalnya dasar penutupan kasus).",
            code="resolution_note_missing",
        )
    with db.transaction() as session:
        _require_employer(session, employer_id)
        open_findings = list(
            session.scalars(
                select(EmployerFinding).where(
                    EmployerFinding.employer_id == employer_id,
                    EmployerFinding.resolved_on.is_(None),
                )
            )
        )
        if not open_findings:
            raise ServiceError(
                "Perusahaan ini tidak memiliki temuan terbuka.", code="no_open_findings"
            )
        for finding in open_findings:
            finding.resolved_on = now
            finding.resolution_note = note
        write_audit(
            session,
            entity="employer",
            entity_id=employer_id,
            action="resolve",
            details={"findings": [str(f.id) for f in open_findings], "note": note},
            username=username,
        )
        session.flush()
        refresh_compliance(session, [employer_id], today=now)
        return assess_employer(session, employer_id, now)
