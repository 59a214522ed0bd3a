"""Roll-up as a whole process: ``soanbaocao rollup`` over 5 and over 500 units' answer files.

    python benchmarks/bench_rollup.py [--runs N]

The files are the five departments of ``tests/rollup_data.py`` repeated under 500 names (about
25 KB each, with their texts), in one folder; the command writes the JSON and the Excel forms.
The aim: 500 files take at most 3× the time of 5, so that the cost is the files, not the app.
Also measured in one process, to see where the time goes: reading (parse, check the limits)
and rolling up (the checks of every file, the sums, the record).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_common import ROOT, Row, child_env, timed

from desktop_app.report.arrivals import read_inputs
from desktop_app.report.rollup_plan import Parent, roll_up
from tests.rollup_data import PROVINCE, QUARTER, many_departments, write_answer_file

COUNTS = (5, 500)


def make_inbox(folder: Path, count: int) -> Path:
    inbox = folder / f"don_vi_{count}"
    inbox.mkdir(parents=True, exist_ok=True)
    for i, report in enumerate(many_departments(count)):
        write_answer_file(inbox / f"{i:03d}.json", report)
    return inbox


def command(inbox: Path, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "desktop_app", "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025",
        str(inbox), "-o", str(out / "tong_hop.json"), "--excel", str(out / "bieu.xlsx"),
    ]  # fmt: skip


def whole_process(inbox: Path, folder: Path, runs: int) -> list[float]:
    def once() -> None:
        result = subprocess.run(command(inbox, folder), env=child_env(folder), cwd=ROOT, capture_output=True)
        if result.returncode != 0:
            raise RuntimeError(result.stderr.decode("utf-8", "replace"))

    once()  # warm the OS file cache and Python's bytecode cache: both are there on an office PC too
    return timed(once, runs)


def in_process(inbox: Path, runs: int) -> tuple[list[float], list[float]]:
    arrivals = read_inputs([inbox])
    reading = timed(lambda: read_inputs([inbox]), runs)
    rolling = timed(lambda: roll_up(arrivals, "bao_cao_kstthc", QUARTER, Parent(PROVINCE)), runs)
    return reading, rolling


def rollup_rows(runs: int) -> list[Row]:
    rows: list[Row] = []
    medians: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="soanbaocao-bench-rollup-") as tmp:
        folder = Path(tmp)
        for count in COUNTS:
            inbox = make_inbox(folder, count)
            size = sum(p.stat().st_size for p in inbox.iterdir()) / 2**20
            row = Row(f"rollup of {count} units' files, whole process", whole_process(inbox, folder, runs))
            row.note = f"{size:.1f} MiB of answer files; JSON and Excel written"
            medians[count] = row.median
            rows.append(row)
            reading, rolling = in_process(inbox, runs)
            rows.append(Row(f"  of which reading {count} files (in one process)", reading))
            rows.append(Row(f"  of which rolling up {count} files (checks, sums)", rolling))
    ratio = medians[COUNTS[1]] / medians[COUNTS[0]]
    rows[-3].note += f"; {ratio:.2f}× the time of {COUNTS[0]} (aim: at most 3×)"
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for row in rollup_rows(args.runs):
        print(f"{row.what}: {row.shown()} (N={len(row.seconds)}) {row.note}")


if __name__ == "__main__":
    main()
