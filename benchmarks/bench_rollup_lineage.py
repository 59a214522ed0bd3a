"""What knowing the successions costs a roll-up: 500 units' files, with and without a lineage.

    python benchmarks/bench_rollup_lineage.py [--runs N]

In one process, the files already read (the reading is the same in every case):

- 500 units' quarters, no lineage (the roll-up as before);
- the same, with a lineage of 1,500 successions none of the files belongs to (a large province's
  store: every name looked up, nothing found);
- 1,000 files of old units, two for each of 500 units of today (the year 2025's first quarter of
  a province after the mergers): each pair combined as units → the unit of today first.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from bench_common import Row, timed

from desktop_app.report.answers import dumps_report
from desktop_app.report.arrivals import Arrival, arrival_from_bytes
from desktop_app.report.lineage import parse_lineage
from desktop_app.report.rollup_plan import Parent, roll_up
from tests.rollup_data import PROVINCE, QUARTER, many_departments


def arrivals(reports: list) -> list[Arrival]:  # type: ignore[type-arg]
    return [
        arrival_from_bytes(f"{i:04d}.json", dumps_report(r).encode("utf-8")) for i, r in enumerate(reports)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    today = many_departments(500)
    unknown = "\n".join(f"Đơn vị mới {i} <- Đơn vị cũ {i}a; Đơn vị cũ {i}b" for i in range(1500))
    olds = [
        replace(r, unit=replace(r.unit, co_quan=f"{r.unit.co_quan} ({half})", ten=f"{r.unit.ten} ({half})"))
        for r in today
        for half in ("cũ A", "cũ B")
    ]
    merged = "\n".join(f"{r.unit.ten} <- {r.unit.ten} (cũ A); {r.unit.ten} (cũ B)" for r in today)
    plain, old_files = arrivals(today), arrivals(olds)
    cases = [
        ("500 files, no lineage", plain, None),
        ("500 files, 1,500 successions known", plain, parse_lineage(unknown)),
        ("1,000 old units' files → 500 units", old_files, parse_lineage(merged)),
    ]
    rows = []
    for what, given, lineage in cases:
        run = roll_up(given, "bao_cao_kstthc", QUARTER, Parent(PROVINCE), lineage=lineage)
        assert run.report is not None and run.report.rollup is not None
        sources = len(run.report.rollup.sources)
        seconds = timed(
            lambda g=given, lin=lineage: roll_up(g, "bao_cao_kstthc", QUARTER, Parent(PROVINCE), lineage=lin),
            runs,
        )
        rows.append(Row(what, seconds, f"{sources} rows"))
    for row in rows:
        print(f"{row.what:<44} {row.shown():>10}   ({row.note}, median of {len(row.seconds)})")


if __name__ == "__main__":
    main()
