"""Work on many items shared among the computer's processors (a roll-up's checks of 500 files).

:func:`share` cuts the items into batches and hands them to worker processes; the calling
process works too, taking back from the end every batch no worker has started. So nothing waits
on a worker that is slow to start (a new Python needs a few hundred milliseconds to import the
checks), a computer with one processor costs nothing, and a worker that cannot start or dies
only leaves its batches to the caller: the result is the same list, in the same order, as
``work(items)``.

Workers are forked where that is safe (Linux, from the main thread of a process with no other
thread: the command line) and started afresh otherwise (Windows, macOS, and the app, which calls
:func:`forbid_fork` when it starts: Qt runs threads of its own, which Python does not see). A
worker started afresh imports the module of ``work`` by name, so ``work`` must be a module-level
function of the core, and the program's entry point must call
:func:`multiprocessing.freeze_support` (``scripts/soanbaocao_main.py`` does, for the bundle).

``SOANBAOCAO_PROCESSES`` sets how many processes work in all (``1``: only the caller), for an
office PC that must keep a processor free, or to rule the workers out when looking for a fault.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # loaded when work is shared: the app's start does not need them
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

T = TypeVar("T")
R = TypeVar("R")

ENV_VAR = "SOANBAOCAO_PROCESSES"
MIN_ITEMS = 48  # fewer items are done sooner by the caller than a worker can start
BATCH = 8  # items a batch: at the end the caller may wait for two a worker holds (one running, one queued)
MOST_PROCESSES = 8
# A worker's batch is given up on, and done by the caller, when it is not done this long after the
# caller has done all it could: at least STALLED_AFTER seconds, and STALLED_TIMES the caller's
# slowest batch (a worker that never starts, such as a bundle started as a worker without
# freeze_support, would otherwise hold the roll-up for ever).
STALLED_AFTER = 60.0
STALLED_TIMES = 20


def processes() -> int:
    """How many processes may work in all: ``SOANBAOCAO_PROCESSES``, else the processors (at most 8)."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value.isdigit() and int(value) >= 1:
        return min(int(value), 64)
    return max(1, min(os.cpu_count() or 1, MOST_PROCESSES))


def share(work: Callable[[list[T]], list[R]], items: Sequence[T], batch: int = BATCH) -> list[R]:
    """Return ``work(items)``, computed in batches by this process and worker processes.

    ``work`` takes a list and returns one result per item, in order; it and the items must
    pickle (a module-level function, plain data). An error ``work`` raises is raised here, as if
    it had run here.
    """
    count = processes()
    if count < 2 or len(items) < MIN_ITEMS:
        return work(list(items))
    from concurrent.futures import ProcessPoolExecutor

    batches = [list(items[i : i + batch]) for i in range(0, len(items), batch)]
    try:
        pool = ProcessPoolExecutor(max_workers=min(count - 1, len(batches)), mp_context=context())
    except (OSError, ValueError, NotImplementedError):
        return work(list(items))
    shared: _Shared[T, R] = _Shared(pool, work, batches)
    try:
        done = shared.run()
    finally:
        if shared.stalled:
            _stop(pool)
        else:
            pool.shutdown(wait=True)
    return [result for results in done for result in results]


class _Shared(Generic[T, R]):
    """The batches handed out: the workers take them from the front, the caller from the back."""

    def __init__(
        self, pool: ProcessPoolExecutor, work: Callable[[list[T]], list[R]], batches: list[list[T]]
    ) -> None:
        self.pool, self.work, self.batches = pool, work, batches
        self.stalled = False  # a worker held a batch far longer than the caller took for one
        self.slowest = 0.0

    def run(self) -> list[list[R]]:
        futures: list[Future[list[R]]] = []
        try:
            for one in self.batches:
                futures.append(self.pool.submit(self.work, one))
        except (OSError, RuntimeError):  # the pool cannot start a worker: the caller does the rest
            pass
        done: dict[int, list[R]] = {}
        for i in reversed(range(len(self.batches))):
            if i >= len(futures) or futures[i].cancel():
                started = time.monotonic()
                done[i] = self.work(self.batches[i])
                self.slowest = max(self.slowest, time.monotonic() - started)
        for i, future in enumerate(futures):
            if i not in done:
                done[i] = self._result(future, self.batches[i])
        return [done[i] for i in range(len(self.batches))]

    def _result(self, future: Future[list[R]], batch: list[T]) -> list[R]:
        """A worker's results. When it failed (it died, could not import, or ``work`` raised) the
        batch is done again here, where an error of ``work`` is raised as without workers; and
        when it stalls (a worker that never starts working), here too, without waiting again."""
        patience = 0.0 if self.stalled else max(STALLED_AFTER, STALLED_TIMES * self.slowest)
        try:
            return future.result(timeout=patience)
        except TimeoutError:
            self.stalled = True
            return self.work(batch)
        except Exception:  # whatever went wrong there, doing it here tells the truth
            return self.work(batch)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool whose worker stalled: waiting for it to finish could be waiting for ever."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def context() -> BaseContext:
    """The platform's way to start a worker, unless it is forking from where that is unsafe."""
    import multiprocessing

    default = multiprocessing.get_context()
    if default.get_start_method() == "fork" and not _fork_safe():
        return multiprocessing.get_context("spawn")
    return default


def forbid_fork() -> None:
    """Never fork workers from this process (it runs threads that Python does not see)."""
    _fork_forbidden.set()


_fork_forbidden = threading.Event()


def _fork_safe() -> bool:
    """Forking copies one thread: safe only when no other runs."""
    return (
        not _fork_forbidden.is_set()
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
    )
