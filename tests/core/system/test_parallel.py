"""Work shared with worker processes gives what the caller alone gives, whatever the workers do.

Each item is (the caller's pid, a marker file, a number). The caller's first batch waits until
a worker has done one (it touches the marker), so a worker surely takes part and the test does
not depend on how fast a worker starts; a worker may be told to die, or ``work`` to raise.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop_app.system import parallel

Item = tuple[int, str, int, str]  # caller's pid, marker file, number, what a worker does


def squares(batch: list[Item]) -> list[tuple[int, int]]:
    """The square of each number and the pid that computed it."""
    out = []
    for caller, marker, number, action in batch:
        if os.getpid() == caller:
            _wait_for(Path(marker))
        else:
            written = Path(f"{marker}.{os.getpid()}")  # whole before it is seen: the test reads the pid
            written.write_text(str(os.getpid()), encoding="utf-8")
            os.replace(written, marker)
            if action == "die":
                os._exit(3)
            if action == "fail_in_worker" and number % 2 == 0:
                raise ValueError("lỗi chỉ ở tiến trình phụ")
            if action == "stall":
                time.sleep(600)  # a worker that never gives its batch back
        if action == "raise" and number == 7:
            raise ValueError("số 7 không được")
        out.append((number * number, os.getpid()))
    return out


def _wait_for(marker: Path, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not marker.exists() and time.monotonic() < end:
        time.sleep(0.01)


def items(tmp_path: Path, count: int = 100, action: str = "") -> list[Item]:
    return [(os.getpid(), str(tmp_path / "marker"), n, action) for n in range(count)]


@pytest.fixture(autouse=True)
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.ENV_VAR, "2")


@pytest.fixture(params=["fork", "spawn"])
def start_method(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Workers started each way the platforms start them (where this one can)."""
    method: str = request.param
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no «{method}» here")
    monkeypatch.setattr(parallel, "context", lambda: multiprocessing.get_context(method))
    return method


@pytest.mark.usefixtures("start_method")
def test_a_worker_takes_part_and_the_results_keep_their_order(tmp_path: Path) -> None:
    results = parallel.share(squares, items(tmp_path))
    assert [square for square, _ in results] == [n * n for n in range(100)]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2  # the caller and one worker


def test_one_process_or_few_items_use_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "marker").touch()  # nothing to wait for: no worker will touch it
    few = parallel.share(squares, items(tmp_path, parallel.MIN_ITEMS - 1))
    monkeypatch.setenv(parallel.ENV_VAR, "1")
    alone = parallel.share(squares, items(tmp_path))
    assert {pid for _, pid in few + alone} == {os.getpid()}
    assert [square for square, _ in alone] == [n * n for n in range(100)]


def test_begun_work_goes_on_while_the_caller_does_something_else(tmp_path: Path) -> None:
    with parallel.begin_stages([parallel.Stage(squares, items(tmp_path))]) as begun:
        _wait_for(tmp_path / "marker")  # the caller's other work: a worker is at it meanwhile
        assert (tmp_path / "marker").exists()
        results = begun.result(0)
    assert [square for square, _ in results] == [n * n for n in range(100)]
    assert len({pid for _, pid in results}) == 2


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the worker's state in /proc")
def test_leaving_begun_work_without_its_result_stops_the_workers(tmp_path: Path) -> None:
    with (
        pytest.raises(RuntimeError, match="lỗi giữa chừng"),
        parallel.begin_stages([parallel.Stage(squares, items(tmp_path, action="stall"))]),
    ):
        _wait_for(tmp_path / "marker")
        raise RuntimeError("lỗi giữa chừng")  # the caller fails before it asks for the result
    assert _ended(int((tmp_path / "marker").read_text(encoding="utf-8")))


def test_a_worker_that_dies_leaves_its_batches_to_the_caller(tmp_path: Path) -> None:
    results = parallel.share(squares, items(tmp_path, action="die"))
    assert results == [(n * n, os.getpid()) for n in range(100)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the worker's state in /proc")
def test_a_stalled_worker_is_given_up_on_and_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "STALLED_AFTER", 1.0)
    monkeypatch.setattr(parallel, "STALLED_TIMES", 1)
    started = time.monotonic()
    results = parallel.share(squares, items(tmp_path, action="stall"))
    assert [square for square, _ in results] == [n * n for n in range(100)]
    assert {pid for _, pid in results} == {os.getpid()}  # the worker's batches were done here
    assert time.monotonic() - started < 30  # not the worker's ten minutes
    worker = int((tmp_path / "marker").read_text(encoding="utf-8"))
    assert _ended(worker)


def _ended(pid: int, seconds: float = 10) -> bool:
    """True once process ``pid`` has ended (gone, or a zombie waiting to be reaped)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def test_a_worker_that_cannot_start_costs_the_try(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = multiprocessing.get_context()

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("không tạo được tiến trình")

    refusing = SimpleNamespace(Array=real.Array, Pipe=real.Pipe, Process=refuse)
    monkeypatch.setattr(parallel, "context", lambda: refusing)
    (tmp_path / "marker").touch()
    assert parallel.share(squares, items(tmp_path)) == [(n * n, os.getpid()) for n in range(100)]


def test_without_shared_memory_the_caller_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = multiprocessing.get_context()

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("không có bộ nhớ dùng chung")

    monkeypatch.setattr(parallel, "context", lambda: SimpleNamespace(Array=refuse, Pipe=real.Pipe))
    (tmp_path / "marker").touch()
    assert parallel.share(squares, items(tmp_path)) == [(n * n, os.getpid()) for n in range(100)]
    no_pipe = SimpleNamespace(Array=real.Array, Pipe=refuse, Process=real.Process)
    monkeypatch.setattr(parallel, "context", lambda: no_pipe)  # out of handles: no worker starts
    assert parallel.share(squares, items(tmp_path)) == [(n * n, os.getpid()) for n in range(100)]


def test_a_worker_that_fails_on_a_batch_leaves_it_to_the_caller(tmp_path: Path) -> None:
    """The error is the caller's to raise: a worker that raised only leaves the batch undone."""
    results = parallel.share(squares, items(tmp_path, action="fail_in_worker"))
    assert [square for square, _ in results] == [n * n for n in range(100)]


def test_an_error_of_the_work_is_raised_as_without_workers(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="số 7 không được"):
        parallel.share(squares, items(tmp_path, action="raise"))


def test_workers_are_forked_only_from_a_lone_main_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    if multiprocessing.get_context().get_start_method() != "fork":
        assert parallel.context().get_start_method() == multiprocessing.get_context().get_start_method()
        return
    monkeypatch.setattr(parallel, "_fork_forbidden", threading.Event())
    assert parallel.context().get_start_method() == ("fork" if threading.active_count() == 1 else "spawn")
    seen: list[str] = []
    thread = threading.Thread(target=lambda: seen.append(parallel.context().get_start_method()))
    thread.start()
    thread.join()
    assert seen == ["spawn"]  # the app's roll-up runs in a thread of Qt's pool
    parallel.forbid_fork()  # what the app does when it starts
    assert parallel.context().get_start_method() == "spawn"


def test_the_number_of_processes_is_the_settings_or_the_processors(monkeypatch: pytest.MonkeyPatch) -> None:
    for value, expected in (("3", 3), ("1", 1), ("500", 64)):
        monkeypatch.setenv(parallel.ENV_VAR, value)
        assert parallel.processes() == expected
    for wrong in ("0", "-2", "hai", ""):
        monkeypatch.setenv(parallel.ENV_VAR, wrong)
        assert parallel.processes() == max(1, min(os.cpu_count() or 1, parallel.MOST_PROCESSES))


@pytest.mark.parametrize("processes", ["1", "2"])
def test_progress_is_told_as_batches_are_taken_and_ends_at_the_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: str
) -> None:
    monkeypatch.setenv(parallel.ENV_VAR, processes)
    if processes == "1":
        (tmp_path / "marker").touch()
    told: list[tuple[int, int]] = []
    results = parallel.share(
        squares, items(tmp_path), progress=lambda done, total: told.append((done, total))
    )
    assert [square for square, _ in results] == [n * n for n in range(100)]
    assert told and told == sorted(told) and told[-1][0] == told[-1][1]
    assert len({total for _, total in told}) == 1


def test_a_part_of_the_work_is_told_as_thousandths_of_the_whole() -> None:
    told: list[tuple[int, int]] = []
    first = parallel.progress_part(lambda d, t: told.append((d, t)), 0, 2)
    second = parallel.progress_part(lambda d, t: told.append((d, t)), 1, 2)
    assert first is not None and second is not None
    first(5, 10)
    first(10, 10)
    second(0, 3)
    second(3, 3)
    second(0, 0)  # nothing to do in that part: it is done
    assert told == [(250, 1000), (500, 1000), (500, 1000), (1000, 1000), (1000, 1000)]
    assert parallel.progress_part(None, 0, 2) is None


def stage_items(tmp_path: Path, name: str, count: int = 100, action: str = "") -> list[Item]:
    return [(os.getpid(), str(tmp_path / name), n, action) for n in range(count)]


@pytest.mark.usefixtures("start_method")
def test_a_worker_goes_on_to_the_next_stage_while_the_caller_works_between_them(tmp_path: Path) -> None:
    first = parallel.Stage(squares, stage_items(tmp_path, "first"))
    second = parallel.Stage(squares, stage_items(tmp_path, "second"))
    with parallel.begin_stages([first, second]) as stages:
        results = stages.result(0)
        _wait_for(tmp_path / "second")  # what the caller does between the stages
        assert (tmp_path / "second").exists()  # meanwhile a worker took the second stage's work
        then = stages.result(1)
    for done in (results, then):
        assert [square for square, _ in done] == [n * n for n in range(100)]
        assert len({pid for _, pid in done}) == 2


def test_stages_are_taken_in_order(tmp_path: Path) -> None:
    (tmp_path / "a").touch()
    stages = [parallel.Stage(squares, stage_items(tmp_path, "a", 3)) for _ in range(2)]
    with parallel.begin_stages(stages) as begun, pytest.raises(ValueError):
        begun.result(1)


def test_a_stage_a_worker_had_nothing_of_is_passed_over(tmp_path: Path) -> None:
    """The worker's word on an empty stage, never awaited, does not stand for the next one's."""
    stages = [parallel.Stage(squares, []), parallel.Stage(squares, stage_items(tmp_path, "m"))]
    with parallel.begin_stages(stages) as begun:
        assert begun.result(0) == []
        done = begun.result(1)
    assert [square for square, _ in done] == [n * n for n in range(100)]
    assert len({pid for _, pid in done}) == 2


@pytest.mark.parametrize("action", ["die", "fail_in_worker"])
def test_a_worker_lost_in_the_first_stage_leaves_both_to_the_caller(tmp_path: Path, action: str) -> None:
    first = parallel.Stage(squares, stage_items(tmp_path, "m", action=action))
    second = parallel.Stage(squares, stage_items(tmp_path, "m"))
    with parallel.begin_stages([first, second]) as begun:
        done = [begun.result(0), begun.result(1)]
    for results in done:
        assert [square for square, _ in results] == [n * n for n in range(100)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the worker's state in /proc")
def test_a_worker_stalled_in_the_second_stage_is_given_up_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "STALLED_AFTER", 1.0)
    monkeypatch.setattr(parallel, "STALLED_TIMES", 1)
    first = parallel.Stage(squares, stage_items(tmp_path, "first"))
    second = parallel.Stage(squares, stage_items(tmp_path, "second", action="stall"))
    started = time.monotonic()
    with parallel.begin_stages([first, second]) as begun:
        results = [begun.result(0), begun.result(1)]
    assert len({pid for _, pid in results[0]}) == 2
    assert [square for square, _ in results[1]] == [n * n for n in range(100)]
    assert time.monotonic() - started < 30
    assert _ended(int((tmp_path / "second").read_text(encoding="utf-8")))


def test_progress_ends_at_the_whole_when_a_worker_took_the_last_batches(tmp_path: Path) -> None:
    """The caller tells progress after its own batches; while it is busy telling (a progress bar
    repainting), a worker may take every batch left: the whole is still told at the end."""
    told: list[tuple[int, int]] = []

    def slow_progress(done: int, total: int) -> None:
        told.append((done, total))
        if len(told) == 1:
            time.sleep(1)  # the worker takes what is left meanwhile

    results = parallel.share(squares, items(tmp_path), progress=slow_progress)
    assert [square for square, _ in results] == [n * n for n in range(100)]
    assert told[0][0] < told[0][1] and told[-1][0] == told[-1][1]
