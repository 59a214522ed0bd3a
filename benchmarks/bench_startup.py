"""Start of the app to the main window shown, from source and from the bundle.

    python benchmarks/bench_startup.py [--runs N]

Also side by side with a bare PySide6 window holding a 50-row table (the floor any Qt app
pays: Python, Qt, a window), started alternately in the same run so both meet the same
machine state; the ratio is what the app adds on top.

The app prints ``SOANBAOCAO_SHOWN <time>`` and quits once its main window is shown when
``SOANBAOCAO_BENCH_EXIT_ON_SHOW=1`` (a three-line hook in ``ui.app.run``). Without that hook
the source figure comes from a child that builds the main window the way ``ui.app`` does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import BUNDLE, ROOT, Row, child_env, duration, seed_files

HOOK = "SOANBAOCAO_BENCH_EXIT_ON_SHOW"
SHOWN = "SOANBAOCAO_SHOWN"
TIMEOUT = 60.0


def make_database(path: Path) -> Path:
    """A database holding the seed reports (so the first-start dialog does not come up)."""
    from desktop_app.report.answers import load_answer_file
    from desktop_app.storage import Store

    with Store.open(path) as store:
        for seed in seed_files():
            report = load_answer_file(seed)
            store.create_report(store.add_unit(report.unit), report)
    return path


def shown_after(command: list[str], folder: Path) -> float | None:
    """Start ``command``; return the seconds until it said its window is shown (None: it never did)."""
    env = {**child_env(folder), HOOK: "1"}
    start = time.time()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        out, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None
    for line in out.splitlines():
        if line.startswith(SHOWN):
            return float(line.split()[1]) - start
    return None


def hook_in_source() -> bool:
    return HOOK in (ROOT / "ui" / "app.py").read_text(encoding="utf-8")


def startup_rows(runs: int) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="soanbaocao-bench-start-") as tmp:
        db = make_database(Path(tmp) / "soanbaocao.db")
        if hook_in_source():
            command = [sys.executable, "-m", "desktop_app", "--db", str(db)]
            rows.append(measure("start → main window shown, from source", command, Path(tmp), runs))
        else:
            command = [sys.executable, __file__, "--child", "window", tmp, str(db)]
            row = measure("start → main window shown, from source", command, Path(tmp), runs)
            row.note = (
                "main window built by the benchmark: ui/app.py has no " + HOOK + " hook yet; " + row.note
            )
            rows.append(row)
        if BUNDLE.is_file():
            rows.append(
                measure(
                    f"start → main window shown, bundle ({BUNDLE})",
                    [str(BUNDLE), "--db", str(db)],
                    Path(tmp),
                    runs,
                )
            )
        else:
            rows.append(
                Row("start → main window shown, bundle", [], f"no bundle at {BUNDLE}: build it first")
            )
    rows.append(versus_bare(runs))
    return rows


def versus_bare(runs: int) -> Row:
    """Start the app and a bare PySide6 window alternately; the app's median against the bare one's."""
    with tempfile.TemporaryDirectory(prefix="soanbaocao-bench-bare-") as tmp:
        db = make_database(Path(tmp) / "soanbaocao.db")
        app_command = [sys.executable, "-m", "desktop_app", "--db", str(db)]
        bare_command = [sys.executable, str(Path(__file__).with_name("bare_window.py"))]
        app, bare = [], []
        for _ in range(runs + 1):
            app.append(shown_after(app_command, Path(tmp)))
            bare.append(shown_after(bare_command, Path(tmp)))
    what = "start → main window shown, next to a bare PySide6 window (50-row table)"
    if None in app[1:] or None in bare[1:]:
        return Row(what, [], f"a window was never reported shown: no {HOOK} hook in this build?")
    row = Row(what, [t for t in app[1:] if t is not None], first=app[0])
    bare_row = Row("", [t for t in bare[1:] if t is not None])
    row.note = f"bare {duration(bare_row.median)} → app ×{row.median / bare_row.median:.2f}; alternating"
    return row


def measure(what: str, command: list[str], folder: Path, runs: int) -> Row:
    times = []
    for _ in range(runs + 1):
        shown = shown_after(command, folder)
        if shown is None:
            return Row(what, [], f"the window was never reported shown: no {HOOK} hook in this build?")
        times.append(shown)
    return Row(what, times[1:], "offscreen Qt; the first (cold) run apart", first=times[0])


def child_window(db: Path) -> None:
    """Build and show the main window as ui.app.run does, then print when it is shown."""
    from desktop_app.storage import Store
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application()
    store = Store.open(db)
    window = MainWindow(store)
    window.show()
    app.processEvents()
    print(f"{SHOWN} {time.time():.6f}", flush=True)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FOLDER", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_window(Path(args.child[2]))
        return
    for row in startup_rows(args.runs):
        shown = duration(row.median) if row.seconds else "—"
        print(
            json.dumps(
                {"what": row.what, "median": shown, "runs": len(row.seconds), "note": row.note},
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
