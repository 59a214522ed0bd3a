"""Work on many items shared among the computer's processors (a roll-up's checks of 500 files).

:func:`share` cuts the items into batches and starts worker processes that take batches from
the front while the calling process takes them from the back, each claiming its next batch from
a counter in shared memory. So no worker waits for the caller to hand it work (the caller is
busy working too: with a pool's hand-over thread, a worker sat idle a sixth of the time), nothing
waits on a worker that is slow to start (a new Python needs a few hundred milliseconds to import
the checks), a computer with one processor costs nothing, and a worker that cannot start, dies,
stalls or fails on a batch only leaves its batches to the caller: the result is the same list,
in the same order, as ``work(items)``. A worker sends all its results once, when nothing is
left to take. :func:`begin` starts the workers and returns at once, so that the caller can do
other work first and take what is left after (a roll-up writes its files while the workers
read the units' texts).

Workers are forked where that is safe (Linux, from the main thread of a process with no other
thread: the command line), and then read the items in the memory they share with the caller;
elsewhere they are started afresh (Windows, macOS, and the app, which calls :func:`forbid_fork`
when it starts: Qt runs threads of its own, which Python does not see) and are sent the items.
A worker started afresh imports the module of ``work`` by name, so ``work`` must be a
module-level function of the core, and the program's entry point must call
:func:`multiprocessing.freeze_support` (``scripts/soanbaocao_main.py`` does, for the bundle).

``SOANBAOCAO_PROCESSES`` sets how many processes work in all (``1``: only the caller), for an
office PC that must keep a processor free, or to rule the workers out when looking for a fault.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # loaded when work is shared: the app's start does not need them
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
R = TypeVar("R")

ENV_VAR = "SOANBAOCAO_PROCESSES"
MIN_ITEMS = 48  # fewer items are done sooner by the caller than a worker can start
BATCH = 4  # items a batch: at the end the caller may wait for the one a worker is doing
MOST_PROCESSES = 8
# A worker's batches are given up on, and done by the caller, when its results have not come
# this long after the caller has done all it could: at least STALLED_AFTER seconds, and
# STALLED_TIMES the caller's slowest batch (a worker that never starts, such as a bundle started
# as a worker without freeze_support, would otherwise hold the roll-up for ever).
STALLED_AFTER = 60.0
STALLED_TIMES = 20

Claims = Any  # a synchronized array in shared memory: [front, back, batches each worker took…]
Progress = Callable[[int, int], None]  # (done, total)


def processes() -> int:
    """How many processes may work in all: ``SOANBAOCAO_PROCESSES``, else the processors (at most 8)."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value.isdigit() and int(value) >= 1:
        return min(int(value), 64)
    return max(1, min(os.cpu_count() or 1, MOST_PROCESSES))


def share(
    work: Callable[[list[T]], list[R]],
    items: Sequence[T],
    batch: int = BATCH,
    progress: Progress | None = None,
    light: bool = False,
) -> list[R]:
    """Return ``work(items)``, computed in batches by this process and worker processes.

    ``work`` takes a list and returns one result per item, in order; it and the items must
    pickle (a module-level function, plain data). An error ``work`` raises is raised here, as if
    it had run here. ``progress(done, total)`` is called here after each batch this process
    does, with the batches every process has taken. ``light``: work of a millisecond an item
    or less, shared only with forked workers (one started afresh imports for longer than the
    caller takes for a few hundred items).
    """
    with begin(work, items, batch, progress, light) as begun:
        return begun.result()


def begin(
    work: Callable[[list[T]], list[R]],
    items: Sequence[T],
    batch: int = BATCH,
    progress: Progress | None = None,
    light: bool = False,
) -> Begun[T, R]:
    """Start the workers on ``work(items)`` and return at once: this process does something
    else meanwhile, then takes what is left with :meth:`Begun.result` (as :func:`share` does).

    Use it in a ``with`` block: leaving it stops the workers still at work, result or not.
    """
    return Begun(work, list(items), batch, progress, light)


class Begun(Generic[T, R]):
    """Work that workers may have begun: :meth:`result` does what is left in this process."""

    def __init__(
        self,
        work: Callable[[list[T]], list[R]],
        items: list[T],
        batch: int,
        progress: Progress | None,
        light: bool,
    ) -> None:
        self.work, self.items, self.batch, self.progress = work, items, batch, progress
        self.team: _Team[T, R] | None = None
        self.batches: list[list[T]] = []
        count = processes()
        if count < 2 or len(items) < MIN_ITEMS:
            return
        ctx = context()
        if light and ctx.get_start_method() != "fork":
            return
        self.batches = [items[i : i + batch] for i in range(0, len(items), batch)]
        try:
            self.team = _Team(ctx, work, self.batches, min(count - 1, len(self.batches)), progress)
        except (OSError, ValueError, NotImplementedError):  # no shared memory or pipe: the caller alone
            self.team = None

    def result(self) -> list[R]:
        """``work(items)``: the batches no worker took are done here, then the workers' results
        are gathered (and the workers ended)."""
        if self.team is None:
            return alone(self.work, self.items, self.batch, self.progress)
        try:
            done = self.team.run()
        finally:
            self.close()
        return [result for results in done for result in results]

    def close(self) -> None:
        if self.team is not None:
            self.team.stop()

    def __enter__(self) -> Begun[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def alone(
    work: Callable[[list[T]], list[R]], items: list[T], batch: int, progress: Progress | None
) -> list[R]:
    """``work(items)`` in this process: at once, or by batches when progress is to be shown."""
    if progress is None:
        return work(items)
    done: list[R] = []
    for start in range(0, len(items), batch):
        done += work(items[start : start + batch])
        progress(min(start + batch, len(items)), len(items))
    return done


def progress_part(progress: Progress | None, index: int, parts: int) -> Progress | None:
    """``progress`` for part ``index`` of ``parts`` equal parts of a piece of work: each part's
    (done, total) is told as thousandths of the whole."""
    if progress is None:
        return None
    whole = progress

    def part(done: int, total: int) -> None:
        share_done = done / total if total else 1.0
        whole(round(1000 * (index + share_done) / parts), 1000)

    return part


class _Team(Generic[T, R]):
    """The caller and its workers, taking the batches: the workers from the front, the caller
    from the back."""

    def __init__(
        self,
        ctx: BaseContext,
        work: Callable[[list[T]], list[R]],
        batches: list[list[T]],
        workers: int,
        progress: Progress | None,
    ) -> None:
        self.work, self.batches, self.progress = work, batches, progress
        self.claims: Claims = ctx.Array("q", [0, len(batches), *([0] * workers)])
        self.members: list[tuple[BaseProcess, Connection]] = []
        self.stalled = False  # a worker's results came far later than the caller took for a batch
        self.slowest = 0.0
        for number in range(workers):
            if not self._start(ctx, number):
                break

    def _start(self, ctx: BaseContext, number: int) -> bool:
        try:
            receiving, sending = ctx.Pipe(duplex=False)
        except OSError:  # no pipe for another worker (out of handles): those started do the work
            return False
        args = (self.work, self.batches, self.claims, number, sending)
        process = ctx.Process(target=_member, args=args, daemon=True)  # type: ignore[attr-defined]
        try:
            process.start()
        except (OSError, RuntimeError, ValueError):  # cannot start one: the others do the work
            receiving.close()
            return False
        finally:
            sending.close()  # the worker's copy alone stays open: its end is seen when it dies
        self.members.append((process, receiving))
        return True

    def run(self) -> list[list[R]]:
        done: dict[int, list[R]] = {}
        while (i := _take(self.claims, None)) is not None:
            started = time.monotonic()
            done[i] = self.work(self.batches[i])
            self.slowest = max(self.slowest, time.monotonic() - started)
            if self.progress is not None:
                self.progress(self._taken(), len(self.batches))
        for number, (_process, receiving) in enumerate(self.members):
            if self.claims[2 + number]:  # it took batches: its results are awaited
                done.update((i, r) for i, r in self._results(receiving).items() if i not in done)
        for i in range(len(self.batches)):
            if i not in done:  # a worker died, stalled or failed on it: an error of work is raised here
                done[i] = self.work(self.batches[i])
        return [done[i] for i in range(len(self.batches))]

    def _taken(self) -> int:
        with self.claims.get_lock():
            return int(self.claims[0] + len(self.batches) - self.claims[1])

    def _results(self, receiving: Connection) -> dict[int, list[R]]:
        """A worker's results, or none when it died, or stalled (then without waiting again)."""
        from multiprocessing.connection import wait

        patience = 0.0 if self.stalled else max(STALLED_AFTER, STALLED_TIMES * self.slowest)
        if not wait([receiving], patience):
            self.stalled = True
            return {}
        try:
            results: dict[int, list[R]] = receiving.recv()
        except Exception:  # it died (its end closed) or sent what cannot be read: done here
            return {}
        return results

    def stop(self) -> None:
        """End every worker: those done are ending anyway; one stalled or still starting would
        hold a processor, and waiting for it could be waiting for ever."""
        for process, receiving in self.members:
            if process.is_alive():
                process.terminate()
            process.join(timeout=5)
            receiving.close()
        self.members = []


def _take(claims: Claims, worker: int | None) -> int | None:
    """Claim the next batch: a worker's from the front, the caller's (``None``) from the back."""
    with claims.get_lock():
        front, back = claims[0], claims[1]
        if front >= back:
            return None
        if worker is None:
            claims[1] = back - 1
            return int(back - 1)
        claims[0] = front + 1
        claims[2 + worker] += 1
        return int(front)


def _member(
    work: Callable[[list[T]], list[R]],
    batches: list[list[T]],
    claims: Claims,
    number: int,
    sending: Connection,
) -> None:
    """A worker: take batches from the front until none is left, then send every result."""
    done: dict[int, list[R]] = {}
    while (i := _take(claims, number)) is not None:
        try:
            done[i] = work(batches[i])
        except Exception:  # not sent: the caller does it again, and raises the error
            continue
    sending.send(done)
    sending.close()


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
