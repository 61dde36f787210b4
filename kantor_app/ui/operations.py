"""The one write path of the GUI: an operation that says what it changed.

Modelled on Anki's ``CollectionOp``/``OpChanges``: a screen hands `run_op`
the write and a `Changes` naming the kinds of data it touches. The write
runs on the database thread (`ui.tasks`), so the window never freezes and
two writes never overlap; a refusal is shown as the services word it; on
success the `Changes` go to the outermost listener above the screen (the
main window, which tells each tab; a tab on its own in a test), and every
listener reloads only what the changes concern.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from kantor_app.services.errors import ServiceError
from kantor_app.store.errors import StoreError, user_message
from kantor_app.ui.tasks import Task, TaskContext, UserFacingError, describe_error, run_task

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Changes:
    """Which kinds of stored data an operation may have changed."""

    workers: bool = False
    employers: bool = False  # registry, findings, payments, compliance status
    letters: bool = False
    outreach: bool = False  # funding programs, activities, public works
    reference: bool = False  # branch settings, holidays, UMK

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def concerns(self, other: Changes) -> bool:
        """True when any kind named here is also named in `other`."""
        return any(getattr(self, f.name) and getattr(other, f.name) for f in fields(self))


NOTHING = Changes()


@runtime_checkable
class ChangesListener(Protocol):
    """A window or tab that reloads what an operation changed."""

    def apply_changes(self, changes: Changes) -> None: ...


def broadcast(origin: QWidget, changes: Changes) -> None:
    """Hand `changes` to the outermost listener among `origin` and its parents.

    The outermost, so that in the main window every tab hears of it, not only
    the tab that made the change; also for writes that do not go through
    `run_op` (the roster import dialog reports its own end).
    """
    if not changes:
        return
    target: ChangesListener | None = None
    widget: QWidget | None = origin
    while widget is not None:
        if isinstance(widget, ChangesListener):
            target = widget
        widget = widget.parentWidget()
    if target is not None:
        target.apply_changes(changes)


def _refusal(exc: BaseException) -> bool:
    """A refusal the user can act on, as opposed to a bug."""
    return (
        isinstance(exc, ServiceError | StoreError | UserFacingError)
        or user_message(exc) is not None
    )


def show_failure(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """The message box of a failed write, worded as the service or the store words it."""
    if _refusal(exc):
        QMessageBox.warning(parent, title, describe_error(exc))
        return
    log.error("operation failed", exc_info=exc)
    QMessageBox.critical(parent, QCoreApplication.translate("Task", "Gagal"), describe_error(exc))


def run_op(
    parent: QWidget,
    label: str,
    fn: Callable[[TaskContext], T],
    on_done: Callable[[T], None] | None = None,
    *,
    changes: Changes,
    failure_title: str | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    progress_label: str = "",
) -> Task[T]:
    """Run the write `fn(context)` off the GUI thread; on success broadcast `changes`,
    then call `on_done(result)`.

    A refusal goes to `on_failure` when given (a dialog showing it inline),
    else into a message box titled `failure_title` (default: `label`). A long
    write reports progress and checks for Cancel through the context.
    """

    def succeeded(result: T) -> None:
        broadcast(parent, changes)
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:
        if on_failure is not None:
            on_failure(exc)
        else:
            show_failure(parent, failure_title or label, exc)

    return run_task(parent, label, fn, succeeded, failed, on_cancel, label=progress_label)
