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
