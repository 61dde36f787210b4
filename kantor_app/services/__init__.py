"""Use cases of Kantor (no Qt): imports, compliance, letters, sync, backup.

Long-running services take a ``progress(done, total)`` callback and an
``is_cancelled()`` flag and raise :class:`kantor_app.services.errors.Cancelled`
when the user cancels.
"""
