"""Storage figures: save latency, an hour of autosaves and a ten-year database. Prints, asserts nothing.

    python benchmarks/bench_storage.py [--rebuild] [--folder /tmp/soanbaocao-bench]

The large database (50 units x 10 years x 12 monthly reports = 6,000 reports, 3 revisions each,
built from the real monthly seed report) is built once into the folder and reused.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_app.report.answers import Report, parse_report  # noqa: E402
from desktop_app.report.periods import Period  # noqa: E402
from desktop_app.storage import Store  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "seeds" / "003_bc5ae3b32bd5b2c1.json"  # monthly report, ~15 KB
UNITS, YEARS, MONTHS, REVISIONS = 50, 10, 12, 3


def seed() -> Report:
    return parse_report(json.loads(SEED.read_text(encoding="utf-8")))


def edited(report: Report, i: int) -> Report:
    """The report with one figure changed, as an autosave after a keystroke would have it."""
    return report.with_answers({**report.answers, "hs_tiep_nhan_tinh": i})


def timings(run: Callable[[], object], times: int) -> list[float]:
    found = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        found.append((time.perf_counter() - start) * 1000)
    return found


def row(label: str, values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"{label:<58} {statistics.median(values):>9.2f} {p95:>9.2f} {len(values):>6}"


def saves(folder: Path, synchronous: str, autosave: bool) -> list[float]:
    """Time 200 saves of a changed report; autosaves all fall in one window and coalesce."""
    report = seed()
    with Store.open(folder / f"save-{synchronous}-{autosave}.db") as store:
        store.db.execute(f"PRAGMA synchronous = {synchronous}")
        report_id = store.create_report(store.add_unit(report.unit), report)
        counter = iter(range(10**6))
        return timings(
            lambda: store.save_report(report_id, edited(report, next(counter)), autosave=autosave), 200
        )


def hour_of_editing(folder: Path) -> str:
    """Autosave after an edit every 5 seconds for an hour of (injected) time; say what is kept."""
    report = seed()
    clock = [datetime(2025, 3, 10, 8, 0, tzinfo=UTC)]
    with Store.open(folder / "hour.db") as store:
        store.now = lambda: clock[0]
        report_id = store.create_report(store.add_unit(report.unit), report)
        for i in range(720):
            store.save_report(report_id, edited(report, i), autosave=True)
            clock[0] += timedelta(seconds=5)
        kept = len(store.revisions(report_id))
        size = store.db.conn.execute("SELECT SUM(length(data)) FROM revisions").fetchone()[0]
    return f"an hour of editing, 720 autosaves: {kept} revisions kept, {size / 1024:.0f} KiB of revision data"


def table_sizes(path: Path) -> str:
    """Say how many MiB the large tables take (SQLite's dbstat)."""
    with Store.open(path) as store:
        rows = store.db.conn.execute(
            "SELECT name, SUM(pgsize) FROM dbstat WHERE name IN ('reports', 'revisions', 'outputs') "
            "GROUP BY name ORDER BY name"
        ).fetchall()
    return ", ".join(f"{name} {size / 2**20:.0f} MiB" for name, size in rows)


def build(path: Path) -> float:
    """Build the ten-year database through the public API; return the seconds it took."""
    start = time.perf_counter()
    base = seed()
    with Store.open(path) as store:
        store.db.execute("PRAGMA synchronous = OFF")  # building only; the app always runs FULL
        for u in range(UNITS):
            unit = replace(base.unit, co_quan=f"UBND HUYỆN SỐ {u}", ten=f"Huyện Số {u}", ky_hieu=f"UBND{u}")
            unit_id = store.add_unit(unit)
            for year in range(2015, 2015 + YEARS):
                for month in range(1, MONTHS + 1):
                    report = replace(base, unit=unit, period=Period("thang", year, month))
                    report_id = store.create_report(unit_id, report)
                    for n in range(1, REVISIONS):
                        store.save_report(report_id, edited(report, n), status="hoan_thanh")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "soanbaocao-bench")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    big = args.folder / "ten_years" / "soanbaocao.db"
    if args.rebuild:
        shutil.rmtree(big.parent, ignore_errors=True)
    print(f"{'what':<58} {'median ms':>9} {'p95 ms':>9} {'runs':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        print(
            row(
                "autosave: save_report(autosave=True), coalesced, FULL",
                saves(Path(tmp), "FULL", True),
            )
        )
        print(row("explicit save: save_report, appends a revision, FULL", saves(Path(tmp), "FULL", False)))
        print(row("explicit save: synchronous=NORMAL (comparison)", saves(Path(tmp), "NORMAL", False)))
        hour = hour_of_editing(Path(tmp))
    built = None
    if not big.exists():
        built = build(big)
    size = sum(p.stat().st_size for p in big.parent.glob("soanbaocao.db*")) / 2**20
    print(
        row(
            "open 6,000-report db (quick_check + migration check)",
            timings(lambda: Store.open(big).close(), 5),
        )
    )
    with Store.open(big) as store:
        unit_id = store.units()[17].id
        print(
            row("list one unit's reports (120)", timings(lambda: store.list_reports(unit_ids=[unit_id]), 20))
        )
        print(row("list all 6,000 reports", timings(lambda: store.list_reports(), 5)))
        print(
            row(
                "search 'huyen so 37' (folded, every row scanned)",
                timings(lambda: store.list_reports(search="huyen so 37"), 5),
            )
        )
        print(
            row(
                "search 'kiem soat thu tuc' in one unit",
                timings(lambda: store.list_reports(unit_ids=[unit_id], search="kiem soat thu tuc"), 5),
            )
        )
        report_id = store.list_reports(unit_ids=[unit_id])[0].id
        print(row("load_report", timings(lambda: store.load_report(report_id), 20)))
        period = Period("thang", 2025, 1)
        print(
            row(
                "find_previous (monthly)",
                timings(lambda: store.find_previous(unit_id, "bao_cao_thang_cctthc", period), 20),
            )
        )
        print(
            row(
                "backup (online backup API + quick_check of the copy)",
                timings(lambda: store.backup(args.folder / "backups"), 1),
            )
        )
        shutil.rmtree(args.folder / "backups", ignore_errors=True)
    what = f"built in {built:.1f} s" if built is not None else "reused; --rebuild to time the build"
    print(
        f"\nten-year database: {UNITS * YEARS * MONTHS} reports x {REVISIONS} revisions, "
        f"{size:.0f} MiB ({table_sizes(big)}), {what}"
    )
    print(f"({big})")
    print(hour)


if __name__ == "__main__":
    main()
