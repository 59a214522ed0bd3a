"""The store's successions and former names, as a roll-up reads them (a real SQLite file)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.report.arrivals import read_inputs
from desktop_app.report.checks import evaluate_report
from desktop_app.report.periods import Period
from desktop_app.report.rollup_plan import COUNTED, roll_up
from desktop_app.storage import Store
from tests.core.report.test_rollup_successions import (
    AN,
    KIND,
    TAN,
    YEAR,
    YEAR_BY_HAND,
    YEAR_FILES,
    figures,
    inbox,
    said,
)
from tests.rollup_data import PHU_AN, PHU_BINH, TAN_PHU, commune


def test_a_merger_kept_in_the_store_makes_the_year(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as store:
        new = store.add_unit(TAN_PHU)
        store.set_successors(new, [store.add_unit(PHU_AN), store.add_unit(PHU_BINH)])
        store.add_unit(commune("UBND xã Mỹ Hòa", "Mỹ Hòa"))
        lineage = store.lineage()
    (succession,) = lineage.successions
    assert succession.unit == TAN_PHU and [f.name for f in succession.forebears] == [AN, "UBND xã Phú Bình"]
    arrivals = read_inputs([*inbox(tmp_path / "in", YEAR_FILES)])
    run = roll_up(arrivals, KIND, YEAR, lineage=lineage)
    assert run.report is not None and figures(run) == YEAR_BY_HAND
    assert said(run)["Phú An_quy2.json"][:2] == (f"{AN} → {TAN}", COUNTED)
    half = roll_up(arrivals[:4], KIND, Period("6thang", 2025, 1), lineage=lineage)
    assert half.report is not None and half.report.unit == TAN_PHU and half.notes == ()  # the stored details


def test_a_renaming_kept_in_the_store_is_one_unit(tmp_path: Path) -> None:
    """rename_unit keeps the old name: the quarters sent under it are the unit's own."""
    with Store.open(tmp_path / "db.sqlite") as store:
        unit_id = store.add_unit(PHU_AN)
        store.rename_unit(unit_id, TAN_PHU, when="2025-07-01T00:00:00+07:00")
        lineage = store.lineage()
    run = roll_up(
        read_inputs(inbox(tmp_path / "in", [(AN, 1), (AN, 2), (TAN, 3), (TAN, 4)])),
        KIND,
        YEAR,
        lineage=lineage,
    )
    assert run.mode == "periods" and run.report is not None and run.report.unit == TAN_PHU
    assert (
        said(run)["Phú An_quy1.json"][2] == f"Tên cũ của {TAN}: tính là báo cáo của đơn vị này, vào năm 2025."
    )
    v = evaluate_report(run.report).values
    assert (v["hs_moi_truc_tuyen"], v["hs_ky_truoc"], v["hs_dang_giai_quyet"]) == (20 + 25 + 50 + 45, 4, 8)


def test_one_stored_predecessor_is_a_renaming_too(tmp_path: Path) -> None:
    """Tân Phú recorded as succeeding Phú An alone (a new unit row for a new name): one unit."""
    with Store.open(tmp_path / "db.sqlite") as store:
        store.set_successors(store.add_unit(TAN_PHU), [store.add_unit(PHU_AN)])
        lineage = store.lineage()
    member = lineage.member(PHU_AN)
    assert member is not None and member.forebear is None and member.former_name
