"""Exceptions shared by the services."""

from __future__ import annotations

from typing import Any


class Cancelled(Exception):
    """The user cancelled a long-running operation; its partial output was removed."""


class ServiceError(Exception):
    """A refusal the user must read: an Indonesian sentence built from a template.

    ``ServiceError("NPP {npp} sudah dipakai perusahaan lain.", code="npp_taken",
    npp=npp)``: ``str(exc)`` is the Indonesian sentence (the CLI prints it, the
    logs keep it); ``code`` names the refusal for scripts and tests; the UI
    translates ``template`` (Qt context ``ServiceError``, gathered by
    ``tools/update_translations.py`` from the literal templates at the raise
    sites) and fills in ``fields``, so the English interface reads English.
    A template is a literal with ``{name}`` fields, never an f-string.
    """

    def __init__(self, template: str, /, *, code: str = "", **fields: Any) -> None:
        self.template = template
        self.code = code
        self.fields = fields
        super().__init__(template.format(**fields) if fields else template)

    def render(self, template: str | None = None) -> str:
        """This error in another wording of its template (a translation)."""
        if not template:
            return str(self)
        try:
            return template.format(**self.fields) if self.fields else template
        except (KeyError, IndexError, ValueError):
            return str(self)  # a translation with a broken field: the original is right
