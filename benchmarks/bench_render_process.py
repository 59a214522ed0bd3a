"""``soanbaocao render`` of a seed as a whole process, next to a bare docxtpl script.

    python benchmarks/bench_render_process.py [--runs N] [--seed 002]

The bare side (``bare_docxtpl.py``) renders the very template the app renders (the frame with
the kind's body merged in) with the very context the app builds, saved as JSON beforehand; so
both produce a document of the same size. The two processes start alternately in one run.
What the ratio shows is what the app adds as a process: its imports, loading the kind and the
answer file, checking the figures, building the context, footnotes, appendices, the XML check.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench_common import ROOT, Row, duration, installed_python, seed_files

BARE = Path(__file__).with_name("bare_docxtpl.py")


def plain(value: Any) -> Any:
    """Return the app's context value as JSON: paragraph XML as {"__xml__": …}."""
    if hasattr(value, "__html__"):
        return {"__xml__": value.__html__()}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def prepare(seed: Path, folder: Path) -> tuple[Path, Path]:
    """Write the merged template and the app's context for ``seed`` into ``folder``."""
    from desktop_app.document.header import frame_path
    from desktop_app.document.render import merge_into_frame, render_report
    from desktop_app.report.answers import load_answer_file
    from desktop_app.report.kinds import load_kind

    report = load_answer_file(seed)
    context = render_report(report).context
    template = folder / "merged.docx"
    template.write_bytes(merge_into_frame(frame_path(), load_kind(report.kind).template_path))
    context_file = folder / "context.json"
    context_file.write_text(json.dumps(plain(dict(context)), ensure_ascii=False), encoding="utf-8")
    return template, context_file


def run_seconds(command: list[str]) -> float:
    env = installed_python({**os.environ, "PYTHONPATH": str(ROOT)})
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def process_row(runs: int, stem: str = "002") -> Row:
    seed = next(p for p in seed_files() if p.stem.startswith(stem))
    with tempfile.TemporaryDirectory(prefix="soanbaocao-bench-render-") as tmp:
        folder = Path(tmp)
        template, context = prepare(seed, folder)
        app_command = [
            sys.executable,
            "-m",
            "desktop_app",
            "render",
            str(seed),
            "-o",
            str(folder / "app.docx"),
        ]
        bare_command = [sys.executable, str(BARE), str(template), str(context), str(folder / "bare.docx")]
        app, bare = [], []
        for _ in range(runs + 1):  # alternating; the first pair warms the disk cache
            app.append(run_seconds(app_command))
            bare.append(run_seconds(bare_command))
        sizes = (folder / "app.docx").stat().st_size, (folder / "bare.docx").stat().st_size
    row = Row(f"`soanbaocao render` of seed {stem}, whole process", app[1:], first=app[0])
    bare_median = Row("", bare[1:]).median
    row.note = (
        f"bare docxtpl script {duration(bare_median)} → app ×{row.median / bare_median:.2f}; "
        f"alternating; documents {sizes[0] // 1024} KiB and {sizes[1] // 1024} KiB"
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--seed", default="002")
    args = parser.parse_args()
    row = process_row(args.runs, args.seed)
    print(f"{row.what}: {duration(row.median)} (N={len(row.seconds)}); {row.note}")


if __name__ == "__main__":
    main()
