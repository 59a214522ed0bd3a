"""Compute the figures of a report: totals from their parts, shares, and what is shown.

A total fills itself from its parts unless the official typed it (a total whose split is
unknown); a typed total is never overwritten, and a disagreement is reported by the
checks. Shares are always computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.report.expressions import Expression, ExpressionError
from desktop_app.report.kinds import Field, Kind
from desktop_app.vnformat import format_number, format_percent


@dataclass(frozen=True)
class Mismatch:
    """A typed total that disagrees with the sum of its parts."""

    field: str
    typed: Any
    parts_sum: Any


@dataclass(frozen=True)
class Evaluation:
    """The answers with every computed figure filled in, and what is visible."""

    values: Mapping[str, Any]
    computed: frozenset[str]
    visible_sections: frozenset[str]
    visible_fields: frozenset[str]
    mismatches: tuple[Mismatch, ...]
    errors: tuple[str, ...] = ()
    # Computed from figures of which some are not typed yet: a total whose parts are not all
    # known (it holds the sum of those that are), a share of such a total. What the report
    # says so far, not yet the period's figure.
    partial: frozenset[str] = frozenset()

    def shown_values(self) -> dict[str, Any]:
        """The values of the fields shown: what the report says. A hidden field keeps its answer
        (shown again, it is not lost) but is not printed, checked or rolled up: a commune's
        monthly report has no «Cấp tỉnh» figures, whatever was typed there before."""
        return {k: v for k, v in self.values.items() if k in self.visible_fields}


def evaluate(kind: Kind, answers: Mapping[str, Any], *, cap: str, loai_ky: str) -> Evaluation:
    """Fill totals and shares of ``answers`` and decide which sections are shown."""
    values: dict[str, Any] = {f.id: _answer(f, answers) for f in kind.fields()}
    values.update(cap=cap, loai_ky=loai_ky)
    computed: set[str] = set()
    partial: set[str] = set()
    mismatches: list[Mismatch] = []
    errors: list[str] = []
    for f in (kind.field(i) for i in kind.figure_order):
        if f.parts:
            _fill_total(f, values, computed, mismatches)
            if f.id in computed and any(values.get(p) is None or p in partial for p in f.parts):
                partial.add(f.id)
        elif f.compute is not None:
            values[f.id] = _safe(f.compute, values, errors)
            computed.add(f.id)
            if values[f.id] is not None and not partial.isdisjoint(f.compute.names):
                partial.add(f.id)
    sections, fields = _visibility(kind, values, errors)
    for name in ("cap", "loai_ky"):
        values.pop(name)
    return Evaluation(
        values, frozenset(computed), sections, fields, tuple(mismatches), tuple(errors), frozenset(partial)
    )


def _answer(f: Field, answers: Mapping[str, Any]) -> Any:
    """Return the answer, or the default of a choice or tick box the official never touched."""
    value = answers.get(f.id)
    if value is None and f.type in ("boolean", "choice"):
        return f.default
    return value


def _fill_total(f: Field, values: dict[str, Any], computed: set[str], mismatches: list[Mismatch]) -> None:
    parts = [values.get(p) for p in f.parts]
    known = [p for p in parts if p is not None]
    parts_sum = sum(known) if known else None
    typed = values.get(f.id)
    if typed is None:
        values[f.id] = parts_sum
        if parts_sum is not None:
            computed.add(f.id)
        return
    complete = len(known) == len(parts)
    if parts_sum is not None and (typed != parts_sum if complete else typed < parts_sum):
        mismatches.append(Mismatch(f.id, typed, parts_sum))


def _safe(expr: Expression, values: Mapping[str, Any], errors: list[str]) -> Any:
    try:
        return expr.evaluate(values)
    except ExpressionError as exc:
        errors.append(str(exc))
        return None


def _visibility(
    kind: Kind, values: Mapping[str, Any], errors: list[str]
) -> tuple[frozenset[str], frozenset[str]]:
    sections: set[str] = set()
    fields: set[str] = set()
    shown = _Conditions(values, errors)
    for s in kind.sections:
        if s.show_if is not None and not shown(s.show_if):
            continue
        sections.add(s.id)
        fields.update(f.id for f in s.fields if f.show_if is None or shown(f.show_if))
    return frozenset(sections), frozenset(fields)


class _Conditions:
    """The show-if conditions of one evaluation, each evaluated once: a kind repeats the same
    condition over its sections (eight times in the quarterly report), and the values do not
    change while visibility is decided. A failing one says its error each time, as before."""

    def __init__(self, values: Mapping[str, Any], errors: list[str]) -> None:
        self.values = values
        self.errors = errors
        self.found: dict[str, tuple[Any, list[str]]] = {}

    def __call__(self, condition: Expression) -> Any:
        if condition.source not in self.found:
            said: list[str] = []
            self.found[condition.source] = (_safe(condition, self.values, said), said)
        value, said = self.found[condition.source]
        self.errors.extend(said)
        return value


def change_words(f: Field, value: Any, previous: Any, since: str = "so với kỳ trước") -> str:
    """Say how a figure moved ("tăng 12 (+5,00%) so với kỳ trước"; ``since`` names the other period)."""
    if not f.is_number or value is None or previous is None:
        return ""
    delta = value - previous
    if delta == 0:
        return f"không đổi {since}"
    word = "tăng" if delta > 0 else "giảm"
    if f.percent:
        return f"{word} {format_number(abs(delta), 2)} điểm phần trăm {since}"
    amount = format_number(abs(delta), f.decimals if f.type == "decimal" else 0)
    relative = f" ({format_percent(abs(delta) / previous * 100)})" if previous else ""
    return f"{word} {amount}{relative} {since}"
