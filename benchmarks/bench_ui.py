"""The wizard of the largest kind: opening it, its pages appearing, an autosave; peak memory.

    python benchmarks/bench_ui.py [--runs N]

Each figure comes from a child process with offscreen Qt, on a fresh database holding the
largest seed report of the kind with the most fields.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_common import Row, duration, run_child, seed_files

from desktop_app.report.answers import load_answer_file
from desktop_app.report.kinds import kind_ids, load_kind


def largest_kind() -> str:
    return max(kind_ids(), key=lambda k: len(list(load_kind(k).fields())))


def largest_seed(kind_id: str) -> Path:
    seeds = [p for p in seed_files() if json.loads(p.read_text("utf-8"))["kind"] == kind_id]
    return max(seeds, key=lambda p: p.stat().st_size)


def prepare(folder: Path) -> tuple[Path, int]:
    """A database with the largest report of the largest kind; its path and the report's id."""
    from desktop_app.storage import Store

    report = load_answer_file(largest_seed(largest_kind()))
    with Store.open(folder / "soanbaocao.db") as store:
        report_id = store.create_report(store.add_unit(report.unit), report)
        return store.path, report_id


def peak_mb() -> float:
    """Return the peak resident memory of this process in MB (NaN where it cannot be had)."""
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


# ---------------------------------------------------------------- the children (Qt)


def child_wizard(folder: Path, runs: int) -> dict[str, Any]:
    from desktop_app.storage import Store
    from ui.app import make_application
    from ui.wizard import WizardWindow

    db, report_id = prepare(folder)
    app = make_application()
    store = Store.open(db)
    opened = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        window = WizardWindow(store, report_id)
        window.show()
        app.processEvents()
        opened.append(time.perf_counter() - start)
        window.close()
        window.deleteLater()
        app.processEvents()
    window = WizardWindow(store, report_id)
    window.show()
    app.processEvents()
    pages = {}
    for index, step in enumerate(window.steps):
        if not step.header:
            start = time.perf_counter()
            window.go_to_step(index, focus=False)
            app.processEvents()
            pages[step.title] = time.perf_counter() - start
    saves = autosaves(window, app, runs * 4)
    store.close()
    return {"open": opened, "pages": pages, "autosave": saves, "steps": len(pages), "kind": window.kind.id}


def autosaves(window: Any, app: Any, times: int) -> list[float]:
    """Change one typed figure again and again: the session recomputes, saves, the page refreshes."""
    session = window.session
    field = next(
        f for f in session.kind.fields() if f.is_number and not f.computed and session.state(f.id).visible
    )
    window.go_to_field(field.id)
    app.processEvents()
    found = []
    for value in range(1, times + 1):
        start = time.perf_counter()
        session.set_value(field.id, value)
        app.processEvents()
        found.append(time.perf_counter() - start)
    return found


def child_memory(folder: Path) -> dict[str, Any]:
    from desktop_app.document.render import render_report
    from desktop_app.storage import Store
    from ui.app import make_application
    from ui.main_window import MainWindow
    from ui.wizard import WizardWindow

    db, report_id = prepare(folder)
    app = make_application()
    store = Store.open(db)
    main_window = MainWindow(store)
    main_window.show()
    app.processEvents()
    with_main = peak_mb()
    wizard = WizardWindow(store, report_id)
    wizard.show()
    for index, step in enumerate(wizard.steps):  # every page laid out and painted once
        if not step.header:
            wizard.go_to_step(index, focus=False)
            app.processEvents()
    render_report(wizard.session.report, folder / "bao_cao.docx")
    store.close()
    return {"main": with_main, "report_open": peak_mb()}


# ---------------------------------------------------------------- the rows


def ui_rows(runs: int) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="soanbaocao-bench-ui-") as tmp:
        wizard = run_child("bench_ui", "wizard", Path(tmp) / "w", str(runs))
        memory = [run_child("bench_ui", "memory", Path(tmp) / f"m{i}") for i in range(runs)]
    kind = f"{wizard['kind']}, {wizard['steps']} pages"
    opened: list[float] = list(wizard["open"])
    pages: dict[str, float] = dict(wizard["pages"])
    slowest = max(pages, key=lambda k: pages[k])
    rows = [
        Row(f"open the wizard of the largest kind ({kind})", opened[1:], "window built and shown", opened[0]),
        Row(
            "wizard page appears (step list click)",
            list(pages.values()),
            f"slowest: «{slowest}» {duration(pages[slowest])}",
        ),
        Row(
            "autosave of one field in the wizard",
            list(wizard["autosave"]),
            "recompute, save, refresh the page",
        ),
    ]
    shown = (("main", "main window shown"), ("report_open", "a report open in the wizard, rendered"))
    for key, what in shown:
        values = [float(m[key]) for m in memory]
        rows.append(Row(f"peak memory (maxrss), {what}", values, "offscreen Qt", unit="MB"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, folder, *rest = args.child
        Path(folder).mkdir(parents=True, exist_ok=True)
        children = {
            "wizard": lambda: child_wizard(Path(folder), int(rest[0])),
            "memory": lambda: child_memory(Path(folder)),
        }
        result = children[mode]()
        print(json.dumps(result, ensure_ascii=False))
        return
    for row in ui_rows(args.runs):
        print(f"{row.what:<62} {row.shown():>10}  N={len(row.seconds)}  {row.note}")


if __name__ == "__main__":
    main()
