"""Roll-up as a whole process: ``soanbaocao rollup`` over 5, 50 and 500 units' answer files.

    python benchmarks/bench_rollup.py [--runs N]

The files are the five departments of ``tests/rollup_data.py`` repeated under 500 names (about
9 KB each, with their texts), in one folder; the command writes the JSON and the Excel forms.
They report quý III/2025, a period after 01/7/2025: since then every report's content check also
looks for the district level and for replaced legal texts, in every paragraph (a period before
it, as these files had until December 2026, leaves out those rules and a third of the check).
The aim: 500 files take at most 3× the time of 5, so that the cost is the files, not the app.
Also measured in one process, to see where the time goes: reading (parse, check the limits)
and rolling up (the checks of every file, the sums, the record), each run with no text read
before (as in a new process).

The content check keeps what it read in each paragraph, and these files repeat five units'
paragraphs; so the 500 files are also rolled up with every paragraph their own (the unit's
name added to each), as the worst case: no two files share a paragraph.

The checks of the files are shared among the processors (desktop_app/system/parallel.py): the
500-file runs are measured as shipped, and also with ``SOANBAOCAO_PROCESSES=1`` (one process),
to show what the workers bring on this machine. Each run's report is opened again (as the app
would), so a roll-up that writes a file the app refuses fails the benchmark.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_common import ROOT, Row, child_env, timed

from desktop_app.report.answers import Report, load_answer_file
from desktop_app.report.arrivals import read_inputs
from desktop_app.report.catalogue import kind_of
from desktop_app.report.content.words import forget_texts
from desktop_app.report.periods import Period
from desktop_app.report.rollup_plan import Parent, roll_up
from desktop_app.system.parallel import ENV_VAR, processes
from tests.rollup_data import PROVINCE, many_departments, write_answer_file

COUNTS = (5, 50, 500)
PERIOD_TEXT = "quy:3/2025"
PERIOD = Period.parse(PERIOD_TEXT)


def make_inbox(folder: Path, count: int, own_words: bool = False) -> Path:
    inbox = folder / f"don_vi_{count}{'_rieng' if own_words else ''}"
    inbox.mkdir(parents=True, exist_ok=True)
    for i, report in enumerate(many_departments(count, PERIOD)):
        write_answer_file(inbox / f"{i:03d}.json", with_own_words(report) if own_words else report)
    return inbox


def with_own_words(report: Report) -> Report:
    """``report`` with the unit's name at the end of each paragraph of its text answers."""
    kind = kind_of(report)
    tag = f" ({report.unit.ten})"
    answers = dict(report.answers)
    for f in kind.fields():
        value = answers.get(f.id)
        if f.type in ("text", "paragraphs") and isinstance(value, str):
            answers[f.id] = "\n".join(line + tag if line.strip() else line for line in value.split("\n"))
    return report.with_answers(answers)


def command(inbox: Path, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "desktop_app", "rollup", "--kind", "bao_cao_kstthc", "--period", PERIOD_TEXT,
        str(inbox), "-o", str(out / "tong_hop.json"), "--excel", str(out / "bieu.xlsx"),
    ]  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One roll-up measured as a whole process: its files, and whether one process does it all."""

    what: str
    inbox: Path
    alone: bool = False


def run_case(case: Case, folder: Path) -> float:
    env = {**child_env(folder), **({ENV_VAR: "1"} if case.alone else {})}
    start = time.perf_counter()
    result = subprocess.run(command(case.inbox, folder), env=env, cwd=ROOT, capture_output=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode("utf-8", "replace"))
    return seconds


def alternating(cases: list[Case], folder: Path, runs: int) -> dict[Case, list[float]]:
    """Each case once a round, ``runs`` rounds after a warming one: the shared machine's speed
    drifts by a fifth within minutes, and a ratio of two runs far apart measures the drift."""
    times: dict[Case, list[float]] = {case: [] for case in cases}
    for case in cases:  # warm the OS file cache and Python's bytecode cache (an office PC has both)
        run_case(case, folder)
        load_answer_file(folder / "tong_hop.json")  # the app opens what the roll-up wrote
    for _ in range(runs):
        for case in cases:
            times[case].append(run_case(case, folder))
    return times


def in_process(inbox: Path, runs: int) -> tuple[list[float], list[float]]:
    arrivals = read_inputs([inbox])
    reading = timed(lambda: read_inputs([inbox]), runs)
    rolling: list[float] = []
    for _ in range(runs):
        forget_texts()  # as in a new process: no paragraph read yet
        rolling += timed(lambda: roll_up(arrivals, "bao_cao_kstthc", PERIOD, Parent(PROVINCE)), 1)
    return reading, rolling


def rollup_rows(runs: int) -> list[Row]:
    shared = f"{processes()} processes" if processes() > 1 else "one process"
    with tempfile.TemporaryDirectory(prefix="soanbaocao-bench-rollup-") as tmp:
        folder = Path(tmp)
        inboxes = {(n, False): make_inbox(folder, n) for n in COUNTS} | {
            (COUNTS[-1], True): make_inbox(folder, COUNTS[-1], own_words=True)
        }
        cases = {key: Case(_title(*key), inbox) for key, inbox in inboxes.items()}
        alone = {key: Case(f"  the same, checks in one process ({ENV_VAR}=1)", inboxes[key], True) for key in
                 ((COUNTS[-1], False), (COUNTS[-1], True))}  # fmt: skip
        times = alternating([*cases.values(), *alone.values()], folder, runs)
        first = times[cases[(COUNTS[0], False)]]
        rows: list[Row] = []
        for key, case in cases.items():
            row = Row(case.what, times[case])
            size = sum(p.stat().st_size for p in inboxes[key].iterdir()) / 2**20
            row.note = f"{size:.1f} MiB of answer files; JSON and Excel written"
            if key[0] != COUNTS[0]:
                row.note += f"; {_ratios(times[case], first)} the time of {COUNTS[0]}"
            if key in alone:
                row.note += f" (aim: at most 3×); checks shared by {shared}"
            reading, rolling = in_process(inboxes[key], runs)
            rows += [
                row,
                Row(f"  of which reading {key[0]} files (in one process)", reading),
                Row(f"  of which rolling up {key[0]} files (checks shared with workers, sums)", rolling),
            ]
            if key in alone:
                rows.append(Row(alone[key].what, times[alone[key]], f"{_ratios(times[alone[key]], first)}"))
    return rows


def _title(count: int, own_words: bool) -> str:
    return f"rollup of {count} units' files{', every paragraph its own' if own_words else ''}, whole process"


def _ratios(times: list[float], first: list[float]) -> str:
    """The median of each round's ratio to the 5 files' run of the same round, and their range."""
    ratios = sorted(t / f for t, f in zip(times, first, strict=True))
    return f"{statistics.median(ratios):.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f}× by round)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for row in rollup_rows(args.runs):
        print(f"{row.what}: {row.shown()} (N={len(row.seconds)}) {row.note}")


if __name__ == "__main__":
    main()
