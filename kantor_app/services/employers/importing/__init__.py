"""Import employers and monthly contribution records from spreadsheets.

Built on the shared import framework (``services/spreadsheets``): file
reading with plain messages, header finding by names in any spelling, the
per-row ``Rejection``, the one "Ditolak" error workbook and the shared
result counts. The field synonyms and the row rules are this package's own.

Rules (DESIGN.md "Bad input"): a bad row is reported (row, column, code,
reason) in the result, and on request in the error workbook, and does not
block the good rows; the good rows are written in one transaction (all or
nothing), together with an AuditEvent and a refresh of the employers'
compliance status.

- Employers are matched by NPP, then NPWP, then name (case and spacing
  ignored): importing the same file twice updates, never duplicates.
- Contributions are upserted on (employer NPP, year, month): ``due``,
  ``paid`` and ``paid_on`` are replaced by the file's values, so re-importing
  a month's file is idempotent.
"""

from __future__ import annotations

from kantor_app.services.employers.importing.contributions import (
    CONTRIBUTION_FIELDS,
    import_contributions,
)
from kantor_app.services.employers.importing.employers import EMPLOYER_FIELDS, import_employers
from kantor_app.services.employers.importing.sheet import (
    ImportResult,
    UnreadableFile,
    write_error_workbook,
)

__all__ = [
    "CONTRIBUTION_FIELDS",
    "EMPLOYER_FIELDS",
    "ImportResult",
    "UnreadableFile",
    "import_contributions",
    "import_employers",
    "write_error_workbook",
]
