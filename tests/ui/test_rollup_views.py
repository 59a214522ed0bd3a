"""The roll-up table reads the figures with the kind's version for the period rolled up."""

from __future__ import annotations

from typing import Any

from desktop_app.report.periods import Period
from desktop_app.report.rollup_plan import RollupRun
from ui.rollup_views import arrivals_table, fill_table, shown_kind

MONTHLY = "bao_cao_thang_cctthc"


def test_a_month_before_the_reform_is_read_with_its_own_version_and_one_after_without_the_district() -> None:
    before = shown_kind(RollupRun(MONTHLY, Period("thang", 2025, 3), None, None, ()))
    after = shown_kind(RollupRun(MONTHLY, Period("thang", 2025, 8), None, None, ()))
    assert before.has_field("hs_tiep_nhan_huyen")
    assert not after.has_field("hs_tiep_nhan_huyen")


def test_an_empty_roll_up_leaves_only_the_fixed_columns(qtbot: Any) -> None:
    table = arrivals_table(None)  # type: ignore[arg-type]
    qtbot.addWidget(table)
    fill_table(table, RollupRun(MONTHLY, Period("thang", 2025, 8), None, None, ()))
    with_figures = table.columnCount()
    fill_table(table, None)
    assert table.rowCount() == 0
    assert table.columnCount() < with_figures


def test_a_figures_long_label_runs_over_lines_so_its_column_is_as_narrow_as_its_numbers(qtbot: Any) -> None:
    table = arrivals_table(None)  # type: ignore[arg-type]
    qtbot.addWidget(table)
    run = RollupRun(MONTHLY, Period("thang", 2025, 8), None, None, ())
    fill_table(table, run)
    kind = shown_kind(run)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    figures = [h for h in headers if " ".join(h.split("\n")) in {f.label for f in kind.fields()}]
    assert figures and any("\n" in h for h in figures)
    assert all(len(line) <= 16 for h in figures for line in h.split("\n"))
