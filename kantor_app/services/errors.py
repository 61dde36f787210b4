"""Exceptions shared by the services."""


class Cancelled(Exception):
    """The user cancelled a long-running operation; its partial output was removed."""


class ServiceError(Exception):
    """A failure whose message (Indonesian) is fit to show the user as it is."""
