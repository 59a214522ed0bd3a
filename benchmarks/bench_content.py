"""All checks of each seed (the figures' and the content check), and the content check alone.

    python benchmarks/bench_content.py [--runs N]

"All checks" is ``check(report)`` as ``soanbaocao check`` and the wizard's review page call it
(evaluating the figures, the kind's rules, the document, the content check). The kind files and
the law table are loaded once before timing, as in the app. The largest seed's text is also
measured ten times over (every text answer repeated ten times), to show how the time grows.

The content check keeps what it read in each paragraph (:func:`per_text`): checking the report
again, as the wizard does after an edit, reads only what changed. Each measure is taken both
ways: "first reading" forgets every text before each run (a report opened, a file imported);
the plain rows check it again with its texts read.

A database that knows other units of the report's level (a department's IT staff keeping many
communes in one) has the content check look for each of their names in every text: the commune
fixture is also checked with 50, 200 and 600 other communes known, with their texts read.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from bench_common import ROOT, Row, duration, seed_files, timed

from desktop_app.report.answers import Report, load_answer_file
from desktop_app.report.checks import check
from desktop_app.report.content import KnownNames, content_findings
from desktop_app.report.content.words import forget_texts

COMMUNE = ROOT / "tests" / "fixtures" / "reports" / "xa_hoa_binh_quy3_2025.json"


def text_size(value: object) -> int:
    """The characters of every text in ``value`` (answers, lists, table rows)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(text_size(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(text_size(v) for v in value)
    return 0


def ten_times(report: Report) -> Report:
    answers = {k: "\n".join([v] * 10) if isinstance(v, str) else v for k, v in report.answers.items()}
    return replace(report, answers=answers)


def content_rows(runs: int) -> list[Row]:
    reports = [(seed.stem[:3], load_answer_file(seed)) for seed in seed_files()]
    largest = max(reports, key=lambda r: text_size(r[1].answers))
    rows = []
    for name, report in [*reports, (f"{largest[0]} ×10", ten_times(largest[1]))]:
        check(report)  # kinds, law table, compiled patterns: loaded once, as in the app
        found = len(content_findings(report))
        note = f"{text_size(report.answers):,} characters of text; {found} content findings"
        if name == largest[0]:
            note += " (the largest seed)"
        rows.append(Row(f"all checks of {name} ({report.kind})", timed(partial(check, report), runs), note))
        first = first_reading(partial(check, report), runs)
        rows.append(Row("  first reading (no text read before)", first))
        alone = timed(partial(content_findings, report), runs)
        rows.append(Row(f"content check alone, {name}", alone, ""))
        rows.append(Row("  first reading", first_reading(partial(content_findings, report), runs)))
    return rows


def known_names_rows(runs: int) -> list[Row]:
    """The commune fixture's content check with other communes' names known (texts already read)."""
    report = load_answer_file(COMMUNE)
    rows = []
    for count in (0, 50, 200, 600):
        names = [(f"UBND xã Tân Phú {i}", f"UBND XÃ TÂN PHÚ {i}") for i in range(count)]
        others = tuple(replace(report.unit, ten=ten, co_quan=co_quan) for ten, co_quan in names)
        run = partial(content_findings, report, names=KnownNames(others))
        run()
        rows.append(Row(f"content check, commune, {count} other communes known", timed(run, runs)))
    return rows


def first_reading(run: Callable[[], object], runs: int) -> list[float]:
    """Time ``run`` with every text forgotten before each call (outside the time)."""
    found: list[float] = []
    for _ in range(runs):
        forget_texts()
        found += timed(run, 1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    for row in [*content_rows(args.runs), *known_names_rows(args.runs)]:
        print(f"{row.what:<50} {duration(row.median):>10}  N={len(row.seconds)}  {row.note}")


if __name__ == "__main__":
    main()
