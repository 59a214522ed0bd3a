"""A longer period pre-filled from the unit's own reports of the shorter periods inside it.

An official who wrote quý I and quý II/2026 and now begins «6 tháng đầu năm 2026» gets it
filled from them (:func:`from_parts`) when they tile the period exactly; otherwise
:func:`parts_problem` names what is missing and the caller starts it as before.

- **Figures** as the roll-up of periods makes them (the kind's ``aggregate`` rules, through
  :func:`desktop_app.report.rollup.aggregate_numbers`): flows summed, what was carried in the
  first part's, stocks and what is being resolved the last part's, shares computed again.
- **Words** (texts, tables, the document part) as «Báo cáo mới» passes them on
  (:func:`desktop_app.report.prefill.carried_over`): from ``previous``, the unit's report of
  the same type before (last year's 6 months, written for six months: its outline, its
  «6 tháng cuối năm» tasks), else from the last part, its period words moved («quý II năm
  2026» → «6 tháng đầu năm 2026», its «phương hướng quý III» → «6 tháng cuối năm 2026»). Not
  the roll-up's gathering of every part's paragraphs under «Cần xem lại» lines: they are the
  official's own words, each quarter repeating the standing text of the one before, and the
  last quarter's is the latest.
- **«Kỳ trước»** (``Report.previous``, what «so với kỳ trước» compares with) is ``previous``'s
  numbers, else empty: a quarter is not the period before six months.

>>> made = from_parts("bao_cao_kstthc", Period("6thang", 2026, 1), unit, doc, [q1, q2])  # doctest: +SKIP
>>> made.report.answers["hs_moi_truc_tuyen"]  # q1's 30 + q2's 40                       # doctest: +SKIP
70
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from desktop_app.report import catalogue
from desktop_app.report.answers import DocumentInfo, Report, Unit
from desktop_app.report.kinds import Kind
from desktop_app.report.periods import Period
from desktop_app.report.prefill import (
    PrefillError,
    PrefillResult,
    carried_over,
    check_period,
    check_previous,
    check_unit,
    last_year_numbers,
)
from desktop_app.report.rollup import aggregate, source_of
from desktop_app.report.rollup_plan import tiling_problem

PERIODS = "periods"  # the kinds' name of the roll-up over one unit's periods


def in_order(parts: Sequence[Report]) -> list[Report]:
    """Return ``parts`` by their periods' cut-off days."""
    return sorted(parts, key=lambda r: r.period.cutoff())


def parts_problem(period: Period, parts: Sequence[Report]) -> str:
    """Return "" when ``parts`` cover ``period`` exactly once, else why not, in Vietnamese
    («Các kỳ không ghép đủ 6 tháng đầu năm 2026: thiếu quý II năm 2026.»)."""
    if not parts:
        return f"Chưa có báo cáo nào của các kỳ trong {period.words()}."
    return tiling_problem(period, [r.period for r in in_order(parts)])


def parts_words(periods: Sequence[Period]) -> str:
    """Say the periods in running text: «quý I và quý II năm 2026» (one year written once)."""
    words = [p.words() for p in periods]
    years = {p.year for p in periods}
    if len(years) == 1:
        tail = f" năm {years.pop()}"
        if all(w.endswith(tail) for w in words):
            words = [w.removesuffix(tail) for w in words[:-1]] + words[-1:]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} và {words[-1]}"


def from_parts(
    kind: Kind | str,
    period: Period,
    unit: Unit,
    document: DocumentInfo,
    parts: Sequence[Report],
    previous: Report | None = None,
    *,
    previous_same_period_last_year: Report | None = None,
) -> PrefillResult:
    """Return the report of ``period`` made from ``parts`` (see the module docstring).

    Raises :class:`PrefillError` when ``parts`` are of another kind or do not tile ``period``.
    """
    kind = catalogue.in_force(kind, period) if isinstance(kind, str) else kind
    check_period(kind, period)
    check_unit(kind, unit)
    ordered = in_order(parts)
    _check_parts(kind, period, ordered)
    if previous is not None:
        check_previous(kind, period, previous)
    donor = previous if previous is not None else ordered[-1]
    words = carried_over(kind, period, unit, document, donor)
    sources = [source_of(p, _capitalised(p.period.words()), kind=kind) for p in ordered]
    made = aggregate(kind, PERIODS, sources, words.report)
    answers, kept = _words_kept(kind, made.report, words.report)
    notes = [*_made_notes(period, ordered, donor), *made.notes, *words.notes]
    last_year = last_year_numbers(kind, period, previous_same_period_last_year, notes)
    report = replace(
        words.report,
        answers=answers,
        sources=kept,
        previous=words.report.previous if previous is not None else {},
        last_year=last_year,
    )
    return PrefillResult(report, words.changes, last_year, tuple(notes), words.dropped)


def _words_kept(kind: Kind, made: Report, words: Report) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers and their sources: the figures, and what the prefill resets (the period's own
    tables and texts), as rolled up from the parts; what it carries, as ``words`` has it."""
    answers, sources = dict(made.answers), dict(made.sources)
    for f in kind.fields():
        if f.computed:
            continue
        if f.is_number:
            if f.id in answers:
                sources[f.id] = "carried"  # added up by the app: the official checks them
            continue
        if f.prefill.mode == "reset":
            continue
        answers.pop(f.id, None)
        sources.pop(f.id, None)
        if f.id in words.answers:
            answers[f.id] = words.answers[f.id]
            sources[f.id] = words.sources[f.id]
    return answers, sources


def _check_parts(kind: Kind, period: Period, parts: Sequence[Report]) -> None:
    for part in parts:
        if part.kind != kind.id:
            raise PrefillError(
                f"Báo cáo {part.period.words()} là loại văn bản «{part.kind}», không phải «{kind.id}» "
                f"({kind.title}): không cộng vào {period.words()} được."
            )
    problem = parts_problem(period, parts)
    if problem:
        raise PrefillError(problem)


def _made_notes(period: Period, parts: Sequence[Report], donor: Report) -> list[str]:
    """Say what the report was made from, for the official to read before writing on."""
    periods = [p.period for p in parts]
    first, last = periods[0].words(), periods[-1].words()
    figures = (
        f"Lập từ các báo cáo {parts_words(periods)} đã có: số liệu trong kỳ là tổng các kỳ, số đầu kỳ "
        f"(từ kỳ trước chuyển qua) lấy của {first}, số tại ngày chốt (đang giải quyết…) lấy của {last}, "
        "tỷ lệ tính lại."
    )
    if donor is parts[-1]:
        words = (
            f"Phần chữ lấy từ báo cáo {last}, đã đổi từ chỉ kỳ: hãy viết lại cho cả {period.words()} "
            f"(các số trong phần chữ là của {last})."
        )
    else:
        words = f"Phần chữ lấy từ báo cáo {donor.period.words()}, đã đổi từ chỉ kỳ: hãy đọc lại."
    return [figures, words]


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]
