"""The forms' rows of a longer period rolled up from roll-ups of units (a province's year from
its four quarterly roll-ups): each unit's figures over the whole period.

Each quarter's record keeps a row per unit (:mod:`desktop_app.report.rollup_record`); the year's
row of a unit combines its quarters' rows as the periods themselves are combined
(:func:`desktop_app.report.rollup.aggregate_figures`): flows summed, carried-in figures from the
first period, stocks from the last. Rows of one period that are one unit of today (two communes
merged on 01/7/2025, each with its row in quý I) are added up first, as units are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from desktop_app.report.kinds import Kind
from desktop_app.report.periods import Period
from desktop_app.report.rollup import aggregate_figures, joined_hash
from desktop_app.report.rollup_record import RollupRecord, RollupSource, figure_value

Found = dict[str, dict[int, list[tuple[str, RollupSource]]]]  # unit of today -> period -> rows


def rows_over_periods(
    kind: Kind,
    period: Period,
    parts: Sequence[tuple[str, RollupRecord]],
    key: Callable[[RollupSource], str],
) -> tuple[tuple[RollupSource, ...], list[str]]:
    """Each unit's row over ``period``, and the units missing from some of its periods.

    ``parts``: each period's file and record, in order; ``key``: the unit of today a row is.
    A unit missing from the first period has no carried-in figure, one missing from the last
    no stock (left empty, not taken from another period): so the rows add up to the totals,
    which are the periods' own. The rows follow the latest period's list.
    """
    found: Found = {}
    for index, (file, record) in enumerate(parts):
        for row in record.unit_rows:
            found.setdefault(key(row), {}).setdefault(index, []).append((file, row))
    latest_first = [key(row) for _, record in reversed(parts) for row in record.unit_rows]
    rows, partial = [], []
    for unit in dict.fromkeys(latest_first):
        own = found[unit]
        rows.append(_unit_row(kind, period, own, len(parts)))
        if len(own) < len(parts):
            partial.append(rows[-1].name)
    return tuple(rows), partial


def _unit_row(
    kind: Kind, period: Period, own: Mapping[int, list[tuple[str, RollupSource]]], count: int
) -> RollupSource:
    """One unit's row over ``period`` from its rows in the ``count`` periods (``own``: by period).

    Its ``file`` names the periods' files it is read from, its ``sha256`` stands for its rows'."""
    by_period = [_period_figures(kind, [row for _, row in own[i]]) if i in own else {} for i in range(count)]
    values, _ = aggregate_figures(kind, "periods", by_period)
    figures = {k: n for k, v in values.items() if (n := figure_value(v)) is not None}
    last = own[max(own)][0][1]  # named as in its latest period
    files = ", ".join(dict.fromkeys(file for i in sorted(own) for file, _ in own[i]))
    digest = joined_hash(row.sha256 for i in sorted(own) for _, row in own[i])
    return RollupSource(last.name, last.co_quan, last.cap, period, files, digest, figures)


def _period_figures(kind: Kind, rows: list[RollupSource]) -> Mapping[str, Any]:
    """A unit's figures in one period: its row, or its old units' rows added up."""
    if len(rows) == 1:
        return rows[0].figures
    return aggregate_figures(kind, "units", [row.figures for row in rows])[0]
