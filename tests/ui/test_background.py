"""The background helper: the work runs on a pool thread, the callbacks on the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from ui.background import pending_count, run_in_background


class ThreadRecordingLabel(QLabel):
    """A label that remembers on which thread each setText call ran."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[int] = []

    def setText(self, text: str) -> None:  # Qt override
        self.threads.append(threading.get_ident())
        super().setText(text)


def test_work_off_gui_thread_and_result_on_it(qtbot: Any) -> None:
    gui = threading.get_ident()
    label = ThreadRecordingLabel()
    qtbot.addWidget(label)
    worker_threads: list[int] = []

    def work(a: int, b: int) -> int:
        worker_threads.append(threading.get_ident())
        return a + b

    run_in_background(work, 2, 3, on_done=lambda result: label.setText(f"Kết quả: {result}"), parent=label)
    qtbot.waitUntil(lambda: label.text() == "Kết quả: 5")
    assert worker_threads and worker_threads[0] != gui
    # The only widget call came from the callback, on the GUI thread; the worker made none.
    assert label.threads == [gui]


def test_exception_is_delivered_on_gui_thread(qtbot: Any) -> None:
    gui = threading.get_ident()
    seen: list[tuple[BaseException, int]] = []

    def fail() -> None:
        raise ValueError("Không đọc được tệp.")

    run_in_background(
        fail, on_done=lambda _r: None, on_error=lambda e: seen.append((e, threading.get_ident()))
    )
    qtbot.waitUntil(lambda: bool(seen))
    error, thread = seen[0]
    assert isinstance(error, ValueError) and str(error) == "Không đọc được tệp."
    assert thread == gui


def test_nothing_is_delivered_to_a_parent_that_is_gone(qtbot: Any) -> None:
    release = threading.Event()
    called: list[object] = []
    parent = QWidget()
    run_in_background(release.wait, 5, on_done=called.append, on_error=called.append, parent=parent)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent))
    release.set()
    qtbot.waitUntil(lambda: pending_count() == 0)
    qtbot.wait(50)
    assert called == []


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True
