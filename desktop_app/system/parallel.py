"""Work on many items shared among the computer's processors (a roll-up's checks of 500 files).

:func:`share` cuts the items into batches and starts worker processes that take batches from
the front while the calling process takes them from the back, each claiming its next batch from
a counter in shared memory. So no worker waits for the caller to hand it work (the caller is
busy working too: with a pool's hand-over thread, a worker sat idle a sixth of the time), nothing
waits on a worker that is slow to start (a new Python needs a few hundred milliseconds to import
the checks), a computer with one processor costs nothing, and a worker that cannot start, dies,
stalls or fails on a batch only leaves its batches to the caller: the result is the same list,
in the same order, as ``work(items)``. A worker sends its results once a stage, when none of
the stage's batches is left to take. :func:`begin_stages` starts the workers on work in
stages and returns at once: the workers go on to the next stage while the caller does what it
must between two (a roll-up checks the figures, with the workers, then sums them and writes its
files while the workers read the units' texts).

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
from dataclasses import dataclass
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
    with begin_stages([Stage(work, items, progress)], batch, light) as begun:
        return begun.result(0)


@dataclass(frozen=True)
class Stage(Generic[T, R]):
    """One piece of staged work: ``work(items)``, ``progress`` told as its batches are taken."""

    work: Callable[[list[T]], list[R]]
    items: Sequence[T]
    progress: Progress | None = None


def begin_stages(stages: Sequence[Stage[Any, Any]], batch: int = BATCH, light: bool = False) -> Stages:
    """Start the workers on work in stages and return at once. Use it in a ``with`` block:
    leaving it stops the workers still at work, results taken or not.

    A worker takes the batches of the first stage, and goes on to the next as soon as none is
    left in its stage, without waiting for this process. This process takes each stage's
    result with :meth:`Stages.result`, in order, doing what the workers have not taken, and
    does what it must between two stages (a roll-up sums the figures between their checks and
    the reading of the texts: the workers read meanwhile).
    """
    return Stages(list(stages), batch, light)


class Stages:
    """Work in stages that workers may have begun: :meth:`result` does what is left of a stage."""

    def __init__(self, stages: list[Stage[Any, Any]], batch: int, light: bool) -> None:
        self.stages, self.batch = stages, batch
        self.team: _Team | None = None
        self.taken = 0  # the stages whose result was taken
        count = processes()
        if count < 2 or max((len(s.items) for s in stages), default=0) < MIN_ITEMS:
            return
        ctx = context()
        if light and ctx.get_start_method() != "fork":
            return
        batches = [_batches(list(s.items), batch) for s in stages]
        workers = min(count - 1, max(len(b) for b in batches))
        try:
            self.team = _Team(ctx, [s.work for s in stages], batches, workers, [s.progress for s in stages])
        except (OSError, ValueError, NotImplementedError):  # no shared memory or pipe: the caller alone
            self.team = None

    def result(self, index: int) -> list[Any]:
        """Stage ``index``'s results, in the order of its items (stages are taken in order)."""
        if index != self.taken:
            raise ValueError(f"stage {index} asked for before stage {self.taken}")
        self.taken += 1
        stage = self.stages[index]
        if self.team is None:
            return alone(stage.work, list(stage.items), self.batch, stage.progress)
        done = self.team.run(index)
        if self.taken == len(self.stages):
            self.close()  # the workers are done: they end now, not when the block is left
        return [result for results in done for result in results]

    def close(self) -> None:
        if self.team is not None:
            self.team.stop()

    def __enter__(self) -> Stages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _batches(items: list[T], batch: int) -> list[list[T]]:
    return [items[i : i + batch] for i in range(0, len(items), batch)]


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


Work = Callable[[list[Any]], list[Any]]


class _Team:
    """The caller and its workers, taking each stage's batches: the workers from the front, the
    caller from the back.

    The counters in shared memory: each stage's front and back, then the batches each worker
    took in each stage. A worker sends each stage's results, tagged with the stage, once it
    finds none of the stage's batches left.
    """

    def __init__(
        self,
        ctx: BaseContext,
        works: list[Work],
        batches: list[list[list[Any]]],
        workers: int,
        progress: list[Progress | None],
    ) -> None:
        self.works, self.batches, self.progress = works, batches, progress
        ends = [n for stage in batches for n in (0, len(stage))]
        self.claims: Claims = ctx.Array("q", [*ends, *([0] * (workers * len(batches)))])
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
        args = (self.works, self.batches, self.claims, number, sending)
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

    def run(self, stage: int) -> list[list[Any]]:
        work, batches, progress = self.works[stage], self.batches[stage], self.progress[stage]
        done: dict[int, list[Any]] = {}
        told = 0
        while (i := _take(self.claims, stage, None)) is not None:
            started = time.monotonic()
            done[i] = work(batches[i])
            self.slowest = max(self.slowest, time.monotonic() - started)
            if progress is not None:
                told = self._taken(stage)
                progress(told, len(batches))
        for number, (_process, receiving) in enumerate(self.members):
            if self.claims[_count_at(len(self.batches), number, stage)]:  # it took batches: awaited
                found = self._results(receiving, stage)
                done.update((i, r) for i, r in found.items() if i not in done)
        for i in range(len(batches)):
            if i not in done:  # a worker died, stalled or failed on it: an error of work is raised here
                done[i] = work(batches[i])
        if progress is not None and told < len(batches):  # a worker took the last batch after ours
            progress(len(batches), len(batches))
        return [done[i] for i in range(len(batches))]

    def _taken(self, stage: int) -> int:
        with self.claims.get_lock():
            return int(self.claims[2 * stage] + len(self.batches[stage]) - self.claims[2 * stage + 1])

    def _results(self, receiving: Connection, stage: int) -> dict[int, list[Any]]:
        """A worker's results of ``stage``, or none when it died, or stalled (then without
        waiting again). What it sent for an earlier stage, not awaited then, is passed over."""
        from multiprocessing.connection import wait

        patience = 0.0 if self.stalled else max(STALLED_AFTER, STALLED_TIMES * self.slowest)
        while True:
            if not wait([receiving], patience):
                self.stalled = True
                return {}
            try:
                sent, results = receiving.recv()
            except Exception:  # it died (its end closed) or sent what cannot be read: done here
                return {}
            if sent == stage:
                return dict(results)

    def stop(self) -> None:
        """End every worker: those done are ending anyway; one stalled or still starting would
        hold a processor, and waiting for it could be waiting for ever."""
        for process, receiving in self.members:
            if process.is_alive():
                process.terminate()
            process.join(timeout=5)
            receiving.close()
        self.members = []


def _count_at(stages: int, worker: int, stage: int) -> int:
    """Where the count of ``stage``'s batches ``worker`` took stands among the claims."""
    return 2 * stages + worker * stages + stage


def _take(claims: Claims, stage: int, worker: int | None, stages: int = 0) -> int | None:
    """Claim the next batch of ``stage``: a worker's from the front, the caller's (``None``)
    from the back. ``stages``: how many there are (a worker counts what it took)."""
    front_at, back_at = 2 * stage, 2 * stage + 1
    with claims.get_lock():
        front, back = claims[front_at], claims[back_at]
        if front >= back:
            return None
        if worker is None:
            claims[back_at] = back - 1
            return int(back - 1)
        claims[front_at] = front + 1
        claims[_count_at(stages, worker, stage)] += 1
        return int(front)


def _member(
    works: list[Work],
    batches: list[list[list[Any]]],
    claims: Claims,
    number: int,
    sending: Connection,
) -> None:
    """A worker: for each stage, take batches from the front until none is left, then send
    that stage's results."""
    stages = len(batches)
    for stage, work in enumerate(works):
        done: dict[int, list[Any]] = {}
        while (i := _take(claims, stage, number, stages)) is not None:
            try:
                done[i] = work(batches[stage][i])
            except Exception:  # not sent: the caller does it again, and raises the error
                continue
        sending.send((stage, done))
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
