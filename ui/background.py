"""Run a plain function off the GUI thread and get its result back on the GUI thread.

The one door for background work (rendering, backups, conversions). The function gets only
its arguments: it must not touch widgets, the Store opened by the GUI thread, or anything
else owned by the GUI thread. ``on_done(result)`` or ``on_error(exception)`` then runs on the
GUI thread, where widgets may be used.

>>> run_in_background(render_report, report, path,           # doctest: +SKIP
...                   on_done=lambda _: status("Đã tạo văn bản."),
...                   on_error=show_error, parent=window)

When ``parent`` is destroyed before the work ends, neither callback runs: nothing is ever
delivered to a widget that is gone.

With ``on_progress``, the function also gets ``progress=`` a callable it may call from the
worker with ``(done, total)``; ``on_progress(done, total)`` then runs on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

# Every task is a child of this GUI-thread object until it has delivered: Qt, not Python's
# reference counting, owns it, so a worker dropping its last reference never deletes a
# QObject of the GUI thread from the pool thread.
_hub: QObject | None = None


def _the_hub() -> QObject:
    global _hub
    if _hub is None:
        _hub = QObject()
        _hub.setObjectName("background_tasks")
    return _hub


class _Task(QObject):
    """The GUI-thread end of one background call."""

    sig_finished = Signal(bool, object)
    """Emitted from the worker: (True, result) or (False, exception); delivered queued."""

    sig_progress = Signal(int, int)
    """Emitted from the worker: (done, total); delivered queued to ``on_progress``."""

    def __init__(
        self,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        parent: QObject | None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        super().__init__(_the_hub())
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._cancelled = False
        self.delivered = False
        if parent is not None:
            parent.destroyed.connect(self._cancel)
        self.sig_finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.sig_progress.connect(self._report_progress, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _cancel(self) -> None:
        self._cancelled = True

    @Slot(int, int)
    def _report_progress(self, done: int, total: int) -> None:
        if not self._cancelled and not self.delivered and self._on_progress is not None:
            self._on_progress(done, total)

    def emit_progress(self, done: int, total: int) -> None:
        """Called on the worker thread."""
        try:
            self.sig_progress.emit(done, total)
        except RuntimeError:  # shutting down: nobody is listening
            return

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: object) -> None:
        self.delivered = True
        self.deleteLater()
        if self._cancelled:
            return
        if ok and self._on_done is not None:
            self._on_done(value)
        elif not ok and self._on_error is not None:
            assert isinstance(value, BaseException)
            self._on_error(value)


class _Runner(QRunnable):
    """The worker end: calls the function and hands back what came of it."""

    def __init__(self, task: _Task, fn: Callable[..., Any], args: tuple[Any, ...], progress: bool) -> None:
        super().__init__()
        self._task = task
        self._fn = fn
        self._args = args
        self._kwargs = {"progress": task.emit_progress} if progress else {}

    def run(self) -> None:  # Qt override
        try:
            outcome: tuple[bool, object] = (True, self._fn(*self._args, **self._kwargs))
        except Exception as exc:  # every failure goes back to the GUI thread
            outcome = (False, exc)
        try:
            self._task.sig_finished.emit(*outcome)
        except RuntimeError:
            # The application is shutting down and took the task with it: nobody is left
            # to hear the result, and a traceback from a pool thread would only alarm.
            return


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    parent: QObject | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> None:
    """Call ``fn(*args)`` on a pool thread; then ``on_done`` or ``on_error`` on the GUI thread.

    Call this from the GUI thread. Without ``on_error`` a failure is silently dropped, so
    pass one whenever the official should hear about it. With ``on_progress`` the call is
    ``fn(*args, progress=…)`` (see the module's docstring).
    """
    task = _Task(on_done, on_error, parent, on_progress)
    QThreadPool.globalInstance().start(_Runner(task, fn, args, on_progress is not None))


def pending_count() -> int:
    """Return how many background calls have not delivered their result yet."""
    return sum(1 for t in _the_hub().children() if isinstance(t, _Task) and not t.delivered)
