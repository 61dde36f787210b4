"""Long work off the GUI thread, behind a progress dialog with a working Cancel.

As in Anki's task manager, one worker thread runs database work, so two
tasks never write at once; results come back to the GUI thread by signal.
Writes use `ui.operations.run_op`, which runs them here and tells the tabs
what changed; `run_task` itself is for reads and files.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.store.errors import user_message

T = TypeVar("T")
log = logging.getLogger(__name__)

_db_pool: QThreadPool | None = None


def db_pool() -> QThreadPool:
    global _db_pool
    if _db_pool is None:
        _db_pool = QThreadPool()
        _db_pool.setMaxThreadCount(1)
    return _db_pool


class TaskContext:
    """Handed to the work function: report progress, ask whether to stop."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, message: str = "") -> None:
        self._signals.progress.emit(done, total, message)

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(
        self, work: Callable[[TaskContext], Any], context: TaskContext, signals: _Signals
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._context = context
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(self._context)
        except BaseException as exc:
            self._signals.failed.emit(exc, traceback.format_exc())
        else:
            self._signals.finished.emit(result)


def service_error_text(exc: ServiceError) -> str:
    """A service's refusal in the interface language (its template, translated, filled in)."""
    return exc.render(QCoreApplication.translate("ServiceError", exc.template))


def describe_error(exc: BaseException) -> str:
    """The message a user sees for a failed task."""
    known = user_message(exc)
    if known:
        return known
    if isinstance(exc, UserFacingError):
        return str(exc)
    if isinstance(exc, ServiceError):
        return service_error_text(exc)
    return (
        QCoreApplication.translate(
            "Task", "Terjadi kesalahan tak terduga; tidak ada data yang berubah."
        )
        + " "
        + QCoreApplication.translate("Task", "Rincian teknis: %1").replace(
            "%1", f"{type(exc).__name__}: {exc}"
        )
    )


class UserFacingError(Exception):
    """An error whose text is already fit to show the user."""


class Task(QObject, Generic[T]):
    """One running piece of work; keep a reference until it ends."""

    done = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        work: Callable[[TaskContext], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        *,
        label: str = "",
        show_after_ms: int = 300,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_cancel = on_cancel
        self.running = True
        self._signals = _Signals()
        self.context = TaskContext(self._signals)
        self.dialog = QProgressDialog(label or title, self.tr("Batal"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self._cancel_requested)
        self.dialog.hide()
        # The dialog appears only for work that takes noticeable time.
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_dialog)
        self._show_timer.start(show_after_ms)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        _live_tasks.add(self)
        (pool or db_pool()).start(_Runnable(work, self.context, self._signals))

    @Slot()
    def _show_dialog(self) -> None:
        if self.running:
            self.dialog.show()

    @Slot()
    def _cancel_requested(self) -> None:
        if self.running:
            self.context.cancel()
            self.dialog.setLabelText(self.tr("Membatalkan…"))
            self.dialog.setCancelButton(None)
            self.dialog.show()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if message and not self.context.is_cancelled():
            self.dialog.setLabelText(message)

    def _end(self) -> None:
        self.running = False
        self._show_timer.stop()
        self.dialog.hide()
        self.dialog.deleteLater()
        _live_tasks.discard(self)
        self.done.emit()

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._end()
        self._on_success(result)  # type: ignore[arg-type]

    @Slot(object, str)
    def _on_failed(self, exc: BaseException, trace: str) -> None:
        self._end()
        if isinstance(exc, Cancelled):
            if self._on_cancel is not None:
                self._on_cancel()
            return
        if self._on_failure is not None:
            self._on_failure(exc)
            return
        if user_message(exc) is None and not isinstance(exc, UserFacingError):
            log.error("task failed:\n%s", trace)
        QMessageBox.critical(self._parent_widget, self.tr("Gagal"), describe_error(exc))


_live_tasks: set[Task[Any]] = set()


def run_task(
    parent: QWidget | None,
    title: str,
    work: Callable[[TaskContext], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    *,
    label: str = "",
    show_after_ms: int = 300,
) -> Task[T]:
    """Run `work(context)` on the database thread; call back on the GUI thread."""
    return Task(
        parent,
        title,
        work,
        on_success,
        on_failure,
        on_cancel,
        label=label,
        show_after_ms=show_after_ms,
    )
