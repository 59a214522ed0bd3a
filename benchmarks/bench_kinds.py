"""What versions, own kinds and the bounded sandbox cost.

    python benchmarks/bench_kinds.py [--runs N]

- the bounded sandbox against Jinja's plain sandbox: docxtpl rendering each seed's merged
  template with the same context, only the environment differs;
- the deadline around a render (a watchdog timer thread) against none;
- what a render in a subprocess would cost instead (start Python, import the renderer, render
  one seed): the other way to bound a render's time, not the one the app takes;
- loading every kind with its versions (cold), resolving a report's version, and linting each
  built-in kind's exported package end to end (kind file, template, render, layout check).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from bench_common import ROOT, Row, duration, seed_files, timed
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from desktop_app.document.kind_package import export_kind, lint_path
from desktop_app.document.render import frame_path, jinja_environment, merge_into_frame, render_report
from desktop_app.report import catalogue
from desktop_app.report.answers import load_answer_file
from desktop_app.report.sandbox import deadline


def plain_environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, finalize=lambda v: "" if v is None else v
    )


def docx_render(merged: bytes, context: Mapping[str, Any], env: SandboxedEnvironment, bounded: bool) -> bytes:
    template = DocxTemplate(io.BytesIO(merged))
    if bounded:
        with deadline():
            template.render(dict(context), jinja_env=env, autoescape=True)
    else:
        template.render(dict(context), jinja_env=env, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def sandbox_rows(runs: int) -> list[Row]:
    rows = []
    for seed in seed_files():
        report = load_answer_file(seed)
        context = render_report(report).context
        merged = merge_into_frame(frame_path(), catalogue.kind_of(report).template_path)
        plain, bounded, timed_bounded = [], [], []
        for _ in range(runs):  # interleaved: the three meet the same machine state
            plain += timed(partial(docx_render, merged, context, plain_environment(), False), 1)
            bounded += timed(partial(docx_render, merged, context, jinja_environment(), False), 1)
            timed_bounded += timed(partial(docx_render, merged, context, jinja_environment(), True), 1)
        row = Row(f"seed {seed.stem[:3]}: docxtpl, bounded sandbox + deadline", timed_bounded)
        p, b = Row("", plain).median, Row("", bounded).median
        row.note = f"plain sandbox {duration(p)}; bounded, no deadline {duration(b)} → ×{row.median / p:.2f}"
        rows.append(row)
    return rows


SUBPROCESS = (
    "import sys; from pathlib import Path; from desktop_app.report.answers import load_answer_file; "
    "from desktop_app.document.render import render_report; "
    "render_report(load_answer_file(Path(sys.argv[1])))"
)


def subprocess_row(runs: int) -> Row:
    seed = seed_files()[0]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def once() -> None:
        subprocess.run([sys.executable, "-c", SUBPROCESS, str(seed)], check=True, env=env, cwd=ROOT)

    row = Row(f"render seed {seed.stem[:3]} in a new subprocess", timed(once, runs))
    report = load_answer_file(seed)
    in_process = Row("", timed(partial(render_report, report), runs)).median
    extra = duration(row.median - in_process)
    row.note = f"in process {duration(in_process)}: a subprocess per render would add {extra}"
    return row


def catalogue_rows(runs: int) -> list[Row]:
    def cold() -> None:
        catalogue.forget()
        catalogue.families()

    loads = Row("list every kind and its versions (cold, not built)", timed(cold, runs))
    loads.note = ", ".join(f"{f.id}: {len(f.versions)}" for f in catalogue.families())
    report = load_answer_file(seed_files()[0])
    resolve = Row("resolve a report's version (warm)", timed(partial(catalogue.kind_of, report), runs * 20))
    return [loads, resolve]


def lint_rows(runs: int) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fam in catalogue.families():
            package = Path(tmp) / f"{fam.id}.zip"
            export_kind(fam.id, package)
            findings = lint_path(package).findings
            row = Row(f"kind lint {fam.id}.zip", timed(partial(lint_path, package), runs))
            row.note = f"{len(findings)} findings; renders its example and checks the layout"
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    started = time.perf_counter()
    rows = [*sandbox_rows(args.runs), subprocess_row(max(3, args.runs // 2))]
    rows += [*catalogue_rows(args.runs), *lint_rows(max(3, args.runs // 2))]
    for row in rows:
        print(f"{row.what:<58} {duration(row.median):>10}  N={len(row.seconds)}  {row.note}")
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
