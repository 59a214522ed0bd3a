"""Render of each seed fixture to DOCX by the app, next to a bare docxtpl render of the same.

    python benchmarks/bench_render.py [--runs N]

"Bare" is docxtpl alone on the already merged template (frame + the kind's body) with the
very context the app built, in the same process and run: the ratio is the app's own cost
(evaluating the figures, building the context, merging the frame, footnotes, the XML check).
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Mapping
from functools import partial
from typing import Any

from bench_common import Row, duration, seed_files, timed
from docxtpl import DocxTemplate

from desktop_app.document.header import frame_path
from desktop_app.document.render import jinja_environment, merge_into_frame, render_report
from desktop_app.report.answers import load_answer_file
from desktop_app.report.kinds import load_kind


def bare_render(merged: bytes, context: Mapping[str, Any]) -> bytes:
    """docxtpl alone: open the merged template, render, save."""
    template = DocxTemplate(io.BytesIO(merged))
    template.render(dict(context), jinja_env=jinja_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_rows(runs: int) -> list[Row]:
    rows = []
    for seed in seed_files():
        report = load_answer_file(seed)
        context = render_report(report).context  # also warms the caches of both paths
        merged = merge_into_frame(frame_path(), load_kind(report.kind).template_path)
        bare_render(merged, context)
        app, bare = [], []
        for _ in range(runs):  # interleaved, so both meet the same machine state
            app += timed(partial(render_report, report), 1)
            bare += timed(partial(bare_render, merged, context), 1)
        row = Row(f"render {seed.stem[:3]} ({report.kind}) to DOCX", app)
        bare_row = Row("", bare)
        row.note = f"bare docxtpl {duration(bare_row.median)} → app ×{row.median / bare_row.median:.2f}"
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    for row in render_rows(args.runs):
        print(f"{row.what:<45} {duration(row.median):>10}  N={len(row.seconds)}  {row.note}")


if __name__ == "__main__":
    main()
