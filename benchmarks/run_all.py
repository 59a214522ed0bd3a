"""Every benchmark, one command, one table (Markdown, for the README). Asserts nothing.

    python benchmarks/run_all.py [--runs N] [--only startup,render,pdf,storage,ui,content,rollup]

Start-up is measured from source and, when it exists, from the bundle at
``$SOANBAOCAO_DIST/SoanBaoCao`` (default ``/tmp/dist``: ``pyinstaller build.spec --distpath
/tmp/dist``). Medians of N runs; "first" is a first (cold) run kept apart. Qt runs offscreen.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import inspect
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_common import BUNDLE, ROOT, Row

SECTIONS = ("startup", "render", "pdf", "storage", "ui", "content", "rollup")


def machine() -> list[str]:
    """Describe the machine the figures were measured on."""
    from bench_pdf import soffice_version

    lines = [
        f"CPU: {cpu_model()}, {os.cpu_count()} logical cores; RAM: {memory_gib()}",
        f"OS: {platform.platform()}; Python {platform.python_version()}",
        f"PySide6 {package_version('PySide6-Essentials')}, docxtpl {package_version('docxtpl')}, "
        f"sqlite-utils {package_version('sqlite-utils')}; {soffice_version()}",
    ]
    if BUNDLE.is_file():
        files = [p for p in BUNDLE.parent.rglob("*") if p.is_file() and not p.is_symlink()]
        size = sum(p.stat().st_size for p in files) / 2**20
        lines.append(f"Bundle: {BUNDLE.parent} ({size:.0f} MiB)")
    return lines


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "?"


# ---------------------------------------------------------------- storage (bench_storage.py)


def storage_rows(runs: int) -> list[Row]:
    """Autosave and the ten-year database, through benchmarks/bench_storage.py's own functions."""
    try:
        import bench_storage as bs
    except ImportError:
        return [Row("storage", [], "benchmarks/bench_storage.py is missing")]
    from desktop_app.storage import Store

    rows = []
    with tempfile.TemporaryDirectory(prefix="soanbaocao-bench-db-") as tmp:
        fresh = [ms / 1000 for ms in fresh_autosaves(bs, Path(tmp))]
        rows.append(Row("autosave one field: save_report, new database", fresh, "synchronous=FULL"))
        big = Path(tempfile.gettempdir()) / "soanbaocao-bench" / "ten_years" / "soanbaocao.db"
        note = ""
        if not big.exists():
            note = f"built in {bs.build(big):.0f} s; "
        reports = f"{bs.UNITS * bs.YEARS * bs.MONTHS:,} reports × {bs.REVISIONS} revisions"
        opened = [ms / 1000 for ms in bs.timings(lambda: Store.open(big).close(), runs + 1)]
        rows.append(
            Row(f"open the 10-year database ({reports})", opened[1:], note + "quick_check", opened[0])
        )
        cold = cold_opens(lambda: Store.open(big).close(), 3)
        if cold:
            rows.append(Row("open the 10-year database, disk cache dropped first", cold, "as after a reboot"))
        copy = Path(tmp) / "ten_years.db"
        shutil.copyfile(big, copy)  # the autosaves add revisions: not to the shared cached database
        rows.append(Row("autosave one field: save_report, 10-year database", big_autosave(bs, copy), ""))
    return rows


def cold_opens(open_once: Callable[[], None], times: int) -> list[float]:
    """Seconds to open with the OS disk cache dropped before each; [] where that is not allowed
    (not root, not Linux): then the row is left out rather than faked."""
    drop = Path("/proc/sys/vm/drop_caches")
    out = []
    for _ in range(times):
        try:
            os.sync()
            drop.write_text("3\n")
        except OSError:
            return []
        started = time.perf_counter()
        open_once()
        out.append(time.perf_counter() - started)
    return out


def fresh_autosaves(bs: Any, folder: Path) -> list[float]:
    """bench_storage's autosave timings (ms), whichever version of it is there."""
    if hasattr(bs, "saves"):
        return list(bs.saves(folder, "FULL", True))
    return list(bs.autosave(folder, "FULL"))


def big_autosave(bs: Any, path: Path) -> list[float]:
    """bench_storage's autosave (one figure changed, save_report), on the ten-year database."""
    from desktop_app.storage import Store

    extra = {"autosave": True} if "autosave" in inspect.signature(Store.save_report).parameters else {}
    with Store.open(path) as store:
        report_id = store.list_reports()[0].id
        report = store.load_report(report_id)
        values = iter(range(1, 10**6))
        save = lambda: store.save_report(report_id, bs.edited(report, next(values)), **extra)  # noqa: E731
        return [ms / 1000 for ms in bs.timings(save, 50)]


# ---------------------------------------------------------------- the table


def rows_of(section: str, runs: int) -> list[Row]:
    if section == "startup":
        from bench_startup import startup_rows

        return startup_rows(runs)
    if section == "render":
        from bench_render import render_rows
        from bench_render_process import process_row

        return [*render_rows(runs * 2), process_row(runs)]
    if section == "pdf":
        from bench_pdf import pdf_rows

        return pdf_rows(runs)
    if section == "storage":
        return storage_rows(runs)
    if section == "content":
        from bench_content import content_rows, known_names_rows

        return [*content_rows(runs * 10), *known_names_rows(runs * 10)]
    if section == "rollup":
        from bench_rollup import rollup_rows

        return rollup_rows(runs)
    from bench_ui import ui_rows

    return ui_rows(runs)


def table(rows: list[Row]) -> list[str]:
    lines = ["| measure | median | first | N | note |", "|---|---:|---:|---:|---|"]
    for row in rows:
        first = row.shown(row.first) if row.first is not None else ""
        lines.append(f"| {row.what} | {row.shown()} | {first} | {len(row.seconds)} | {row.note} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="N, the runs behind each median (default 5)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: " + ", ".join(SECTIONS))
    args = parser.parse_args()
    print("\n".join(machine()), flush=True)
    rows: list[Row] = []
    for section in args.only.split(","):
        print(f"... {section}", file=sys.stderr, flush=True)
        rows += rows_of(section.strip(), args.runs)
    print()
    print("\n".join(table(rows)))
    print(f"\n(python benchmarks/run_all.py --runs {args.runs}, from {ROOT})")


if __name__ == "__main__":
    main()
