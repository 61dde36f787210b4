"""The issue dialog's whole-filter batch, which for a Jakon reminder goes by overdue project.

A Jakon reminder goes to contractors with overdue packages whatever their
compliance status, so for that kind the dialog's "all" choice is not the
non-compliant employers of the filter but these contractors.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QRadioButton

from kantor_app.services.employers.query import EmployerFilter
from kantor_app.services.letters.jakon_selection import jakon_candidates
from kantor_app.store.engine import Database

__all__ = ["BatchRadio", "batch_ids", "jakon_ids"]


def jakon_ids(db: Database, employer_filter: EmployerFilter, today: date) -> list[uuid.UUID]:
    """Contractors under the filter with unregistered packages, overdue ones first."""
    with db.session() as session:
        return jakon_candidates(session, today, employer_filter)


def batch_ids(
    kind: str, filter_ids: Sequence[uuid.UUID], jakon: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    return list(jakon if kind == "jakon" else filter_ids)


class BatchRadio(QRadioButton):
    """The "all of the filter" choice, named after the batch of the kind chosen."""

    def show_batch(
        self, kind: str, filter_ids: Sequence[uuid.UUID], jakon: Sequence[uuid.UUID]
    ) -> None:
        count = len(batch_ids(kind, filter_ids, jakon))
        if kind == "jakon":
            text = self.tr("Semua kontraktor dengan paket Jakon terlambat (%n)", "", count)
        else:
            text = self.tr("Semua tidak patuh dengan filter ini (%n)", "", count)
        self.setText(text)
        self.setEnabled(count > 0)
