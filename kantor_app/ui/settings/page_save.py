"""How a settings page stores its table: through the write path, the outcome on the page.

Shared by the year tables (holidays, UMK) and the wilayah kerja page, so a
refusal reads the same everywhere and the Simpan button comes back after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QPushButton, QWidget

from kantor_app.services.errors import ServiceError
from kantor_app.ui.operations import Changes, run_op, show_failure
from kantor_app.ui.tasks import Task, service_error_text

__all__ = ["SavingPage", "save_page"]

REFERENCE = Changes(reference=True)


class SavingPage(Protocol):
    """What :func:`save_page` needs of a page."""

    save_button: QPushButton
    save_task: Task[Any] | None
    saved: SignalInstance

    def what(self) -> str: ...

    def reload(self) -> None: ...

    def show_info(self, text: str) -> None: ...

    def show_error(self, text: str) -> None: ...


def save_page(
    page: SavingPage,
    widget: QWidget,
    write: Callable[[], str],
    then: Callable[[bool], None] | None = None,
) -> None:
    """Run ``write`` (it returns the confirmation text); ``then(ok)`` when done, False
    (with the reason shown on the page) when refused."""

    def stored(text: str) -> None:
        page.reload()
        page.show_info(text)
        page.saved.emit()
        if then is not None:
            then(True)

    def refused(exc: BaseException) -> None:
        if isinstance(exc, ServiceError):
            page.show_error(service_error_text(exc))
        else:
            show_failure(widget, page.what(), exc)
        if then is not None:
            then(False)

    page.save_button.setEnabled(False)
    page.save_task = run_op(
        widget, page.what(), lambda _ctx: write(), stored, changes=REFERENCE, on_failure=refused
    )
    page.save_task.done.connect(lambda: page.save_button.setEnabled(True))
