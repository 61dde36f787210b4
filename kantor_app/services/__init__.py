"""Use cases of Kantor (no Qt), one package per feature, mirroring ``ui/``.

roster/ (workers, their import), employers/ (registry, compliance, imports),
letters/ (surat teguran, with pdf/ for rendering), outreach/, reference/
(region, rate and wage tables, branch settings), spreadsheets/ (what every
import reads and reports), demo/ and accounts/; database, backup and stats
sit beside them.

Long-running services take a ``progress(done, total, message)`` callback and
an ``is_cancelled()`` flag and raise :class:`kantor_app.services.errors.Cancelled`
when the user cancels. Failures the user can act on are
:class:`kantor_app.services.errors.ServiceError`.
"""
