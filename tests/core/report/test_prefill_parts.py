"""A 6-month, 9-month or year report pre-filled from the unit's own quarters kept in the database.

The commune's quarters of 2026 (figures of :data:`tests.rollup_data.COMMUNE_QUARTERS`):

    hồ sơ: trực tuyến, trực tiếp, từ kỳ trước | trước, đúng, quá hạn | đang trong, quá hạn
    quý I    30  70 10 | 80 15 3 | 10 2     PAKN mới 1, đã xử lý 1, đang 0   số hóa 90 80   TTHC 100 10
    quý II   40  60 12 | 90 10 2 |  9 1     PAKN mới 2, đã xử lý 1, đang 1   số hóa 100 95  TTHC 101 10
    quý III  50  50 10 | 95  8 2 |  4 1
    quý IV   60  40  5 | 88 10 1 |  5 1
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.report.answers import Report
from desktop_app.report.catalogue import in_force
from desktop_app.report.checks import evaluate_report
from desktop_app.report.periods import Period
from desktop_app.report.prefill import PrefillError
from desktop_app.report.prefill_parts import from_parts, parts_problem, parts_words
from desktop_app.storage import Store
from tests.rollup_data import COMMUNE, KIND_ID, written_quarter

H1 = Period("6thang", 2026, 1)
HS = ("hs_moi_truc_tuyen", "hs_moi_truc_tiep", "hs_ky_truoc", "hs_truoc_han", "hs_dung_han", "hs_qua_han")


def stored_parts(store: Store, unit_id: int, period: Period) -> list[Report]:
    """The unit's reports of the shorter periods inside ``period``, as the app reads them."""
    return [store.load_report(info.id) for info in store.own_period_infos(unit_id, KIND_ID, period)]


def add_quarters(tmp_path: Path, numbers: tuple[int, ...]) -> tuple[Path, int]:
    path = tmp_path / "soanbaocao.db"
    with Store.open(path) as store:
        unit_id = store.add_unit(COMMUNE)
        for number in numbers:
            store.create_report(unit_id, written_quarter(number), "hoan_thanh" if number == 1 else "ban_nhap")
    return path, unit_id


def test_six_months_is_the_two_stored_quarters_added_up_and_kept_in_the_database(tmp_path: Path) -> None:
    path, unit_id = add_quarters(tmp_path, (1, 2))
    with Store.open(path) as store:
        parts = stored_parts(store, unit_id, H1)
        made = from_parts(KIND_ID, H1, COMMUNE, parts[-1].document, parts)
        report_id = store.create_report(unit_id, made.report)
    with Store.open(path) as store:  # read back from the file
        saved = store.load_report(report_id)
    assert saved.period == H1 and saved.kind_version == in_force(KIND_ID, H1).version
    assert [saved.answers[f] for f in HS] == [70, 130, 10, 170, 25, 5]  # flows summed, carried in: quý I's
    assert (saved.answers["hs_dang_trong_han"], saved.answers["hs_dang_qua_han"]) == (9, 1)  # quý II's
    assert [saved.answers[f] for f in ("pakn_moi", "pakn_ky_truoc", "pakn_dang_xu_ly")] == [3, 0, 1]
    assert (saved.answers["hs_so_hoa_ho_so"], saved.answers["hs_so_hoa_ket_qua"]) == (190, 175)
    assert saved.answers["tthc_giai_quyet_tw"] == 101  # a stock: quý II's
    values = evaluate_report(saved).values
    assert values["hs_tiep_nhan"] == 210 and values["hs_da_giai_quyet"] == 200  # 70 + 130 + 10
    assert saved.sources["hs_moi_truc_tuyen"] == "carried"  # added up by the app: to be checked
    # The words: quý II's, moved to the six months; its «phương hướng quý III» is the second half.
    assert saved.answers["giai_quyet_tthc_nd"] == (
        "Trong 6 tháng đầu năm 2026, Bộ phận Một cửa tiếp nhận hồ sơ đúng quy trình."
    )
    assert saved.answers["nhiem_vu"] == "Phương hướng 6 tháng cuối năm 2026: tiếp tục rà soát TTHC."
    # The satisfaction table is the period's own (reset): each quarter's rows, as a roll-up gives them.
    assert [row["dia_phuong"] for row in saved.answers["muc_do_hai_long"]] == [
        "Quý I năm 2026",
        "Quý II năm 2026",
    ]
    assert saved.previous == {} and saved.rollup is None  # a quarter is not the period before; a draft
    assert made.notes[0].startswith("Lập từ các báo cáo quý I và quý II năm 2026 đã có: số liệu trong kỳ")
    assert "Phần chữ lấy từ báo cáo quý II năm 2026" in made.notes[1]
    assert not any("không liền ngay trước" in note for note in made.notes)


def test_nine_months_and_the_year_from_three_and_four_stored_quarters(tmp_path: Path) -> None:
    path, unit_id = add_quarters(tmp_path, (1, 2, 3, 4))
    with Store.open(path) as store:
        nine, year = Period("9thang", 2026), Period("nam", 2026)
        nine_made = from_parts(
            KIND_ID, nine, COMMUNE, written_quarter(3).document, stored_parts(store, unit_id, nine)
        )
        year_made = from_parts(
            KIND_ID, year, COMMUNE, written_quarter(4).document, stored_parts(store, unit_id, year)
        )
    assert [nine_made.report.answers[f] for f in HS] == [120, 180, 10, 265, 33, 7]
    assert nine_made.report.answers["hs_dang_trong_han"] == 4  # quý III's
    assert nine_made.report.answers["nhiem_vu"] == "Phương hướng quý IV năm 2026: tiếp tục rà soát TTHC."
    assert [year_made.report.answers[f] for f in HS] == [180, 220, 10, 353, 43, 8]
    assert year_made.report.answers["hs_dang_trong_han"] == 5  # quý IV's
    assert year_made.report.answers["giai_quyet_tthc_nd"].startswith("Trong năm 2026, Bộ phận Một cửa")
    assert year_made.report.answers["nhiem_vu"] == "Phương hướng năm 2027: tiếp tục rà soát TTHC."
    assert year_made.notes[0].startswith("Lập từ các báo cáo quý I, quý II, quý III và quý IV năm 2026")


def test_a_missing_quarter_is_named_and_nothing_is_made(tmp_path: Path) -> None:
    path, unit_id = add_quarters(tmp_path, (1, 2, 4))
    with Store.open(path) as store:
        year_parts = stored_parts(store, unit_id, Period("nam", 2026))
        half_parts = stored_parts(store, unit_id, Period("6thang", 2026, 2))
    assert parts_problem(Period("nam", 2026), year_parts) == (
        "Các kỳ không ghép đủ năm 2026: thiếu quý III năm 2026."
    )
    with pytest.raises(PrefillError, match="thiếu quý III năm 2026"):
        from_parts(KIND_ID, Period("6thang", 2026, 2), COMMUNE, written_quarter(4).document, half_parts)
    with pytest.raises(PrefillError, match="không phải «bao_cao_kstthc»"):
        plan = replace(written_quarter(1), kind="ke_hoach_kstthc")
        from_parts(KIND_ID, H1, COMMUNE, written_quarter(2).document, [plan, written_quarter(2)])


def test_with_last_years_six_months_the_figures_are_the_quarters_and_the_words_that_report(
    tmp_path: Path,
) -> None:
    """The report of the same type before gives what «Báo cáo mới» takes from it (a text written
    for six months, «so với kỳ trước»), the quarters every figure: its «đang giải quyết» of
    14/6/2025 is not what quý I/2026 carried in."""
    before = written_quarter(2, 2025)
    before = replace(before, period=Period("6thang", 2025, 1), kind_version=in_force(KIND_ID, H1).version)
    before = before.with_answers(
        {**before.answers, "giai_quyet_tthc_nd": "Trong 6 tháng đầu năm 2025, Bộ phận Một cửa hoạt động tốt."}
    )
    made = from_parts(KIND_ID, H1, COMMUNE, before.document, [written_quarter(2), written_quarter(1)], before)
    assert [made.report.answers[f] for f in HS] == [70, 130, 10, 170, 25, 5]
    assert made.report.answers["giai_quyet_tthc_nd"] == (
        "Trong 6 tháng đầu năm 2026, Bộ phận Một cửa hoạt động tốt."
    )
    assert made.report.previous["hs_moi_truc_tuyen"] == 40  # «so với kỳ trước»: that report's figure
    assert "Phần chữ lấy từ báo cáo 6 tháng đầu năm 2025" in made.notes[1]
    assert not any("không liền ngay trước" in note for note in made.notes)  # carried in: quý I's


def test_the_periods_are_said_once_with_their_year() -> None:
    quarters = [Period("quy", 2026, n) for n in (1, 2, 3)]
    assert parts_words(quarters) == "quý I, quý II và quý III năm 2026"
    assert parts_words([Period("6thang", 2026, 1), Period("6thang", 2026, 2)]) == (
        "6 tháng đầu và 6 tháng cuối năm 2026"
    )
    assert (
        parts_words([Period("quy", 2025, 4), Period("quy", 2026, 1)]) == "quý IV năm 2025 và quý I năm 2026"
    )
