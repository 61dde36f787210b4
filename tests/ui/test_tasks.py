from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kantor_app.services.errors import Cancelled, ServiceError
from kantor_app.ui.tasks import TaskContext, describe_error, run_task


def test_result_arrives_on_gui_thread(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[int, bool]] = []

    def work(ctx: TaskContext) -> int:
        for i in range(5):
            ctx.progress(i + 1, 5, f"langkah {i + 1}")
        return 42

    def done(value: int) -> None:
        seen.append((value, threading.current_thread() is threading.main_thread()))

    task = run_task(parent, "Uji", work, done)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert seen == [(42, True)]
    assert not task.running


def test_cancel_stops_the_work_and_calls_on_cancel(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()
    cancelled: list[bool] = []
    results: list[object] = []

    def work(ctx: TaskContext) -> None:
        started.set()
        while not ctx.is_cancelled():
            threading.Event().wait(0.01)
        raise Cancelled

    task = run_task(
        parent,
        "Uji",
        work,
        results.append,
        on_cancel=lambda: cancelled.append(True),
        show_after_ms=0,
    )
    assert started.wait(5)
    qtbot.waitUntil(task.dialog.isVisible, timeout=5000)
    cancel_button = task.dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Batal"
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cancelled == [True], timeout=5000)
    assert results == []


def test_failure_goes_to_on_failure_with_user_message(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    failures: list[BaseException] = []

    def work(ctx: TaskContext) -> None:
        raise ServiceError("Berkas tidak dapat dibaca")

    task = run_task(parent, "Uji", work, lambda _: None, on_failure=failures.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert len(failures) == 1
    assert describe_error(failures[0]) == "Berkas tidak dapat dibaca"
    assert "tidak ada data yang berubah" in describe_error(RuntimeError("x"))
