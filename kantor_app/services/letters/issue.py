"""The letters use case under its historical name: every public name, re-exported.

Callers written before the split (``from kantor_app.services.letters import
issue as letter_service``) keep working. New code imports from the module
that does the job:

- :mod:`~kantor_app.services.letters.kinds`: the kinds and their names;
- :mod:`~kantor_app.services.letters.numbering`: letter numbers, never reused;
- :mod:`~kantor_app.services.letters.recipients`: who a batch goes to;
- :mod:`~kantor_app.services.letters.eligibility`: who may receive which kind;
- :mod:`~kantor_app.services.letters.content` and ``tables``: what a letter says;
- :mod:`~kantor_app.services.letters.issuing`: the preview and the numbered batch;
- :mod:`~kantor_app.services.letters.register`: status tracking and reprints.
"""

from __future__ import annotations

from kantor_app.services.letters.content import DEADLINE_WORKING_DAYS, letter_fields
from kantor_app.services.letters.eligibility import check_eligibility
from kantor_app.services.letters.issuing import IssuedLetter, issue_letters, preview_letter
from kantor_app.services.letters.kinds import KIND_LABELS
from kantor_app.services.letters.numbering import (
    format_letter_number,
    next_letter_number,
    reserve_letter_numbers,
    to_roman,
)
from kantor_app.services.letters.recipients import (
    NONCOMPLIANT_STATUSES,
    Recipients,
    choose_recipients,
    employer_ids_by_npp,
    employer_names,
    noncompliant_employer_ids,
)
from kantor_app.services.letters.register import reprint, set_status

__all__ = [
    "DEADLINE_WORKING_DAYS",
    "KIND_LABELS",
    "NONCOMPLIANT_STATUSES",
    "IssuedLetter",
    "Recipients",
    "check_eligibility",
    "choose_recipients",
    "employer_ids_by_npp",
    "employer_names",
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
