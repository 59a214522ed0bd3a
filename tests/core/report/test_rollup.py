"""Rolling reports up: the figures summed, first or last as the kind says, shares recomputed, texts marked.

Every expected figure is a sum done by hand from the table in :mod:`tests.rollup_data`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.report.answers import MAX_TEXT_CHARS, DocumentInfo, Report, Unit, dumps_report, parse_report
from desktop_app.report.checks import check, evaluate_report
from desktop_app.report.kinds import KindError, load_kind, load_kind_file
from desktop_app.report.periods import Period
from desktop_app.report.prefill import blank_report
from desktop_app.report.review_marks import REVIEW_MARK, mark_line
from desktop_app.report.rollup import Aggregated, aggregate, aggregate_figures, field_rule, source_of
from desktop_app.vnformat import format_percent
from tests.core.report.test_kinds import write_kind
from tests.rollup_data import (
    COMMUNE,
    DEPARTMENT_SEED,
    PROVINCE,
    QUARTER,
    commune_quarter,
    department,
    departments,
    many_departments,
    seed,
    with_figures,
)

KIND = load_kind("bao_cao_kstthc")


def parent_base(period: Period = QUARTER, unit: Unit = PROVINCE) -> Report:
    return blank_report(KIND, period, unit, DocumentInfo())


def units_rollup(reports: list[Report]) -> Report:
    sources = [source_of(r, r.unit.ten_goi) for r in reports]
    return aggregate(KIND, "units", sources, parent_base()).report


def year_aggregated(reports: list[Report]) -> Aggregated:
    """The commune's year 2025 rolled up from ``reports`` (its quarters), with the notes."""
    sources = [source_of(r, r.period.words()) for r in reports]
    base = blank_report(KIND, Period("nam", 2025), COMMUNE, DocumentInfo())
    return aggregate(KIND, "periods", sources, base)


def year_rollup(reports: list[Report]) -> Report:
    return year_aggregated(reports).report


def shown(report: Report, field_id: str) -> str:
    f = KIND.field(field_id)
    return format_percent(evaluate_report(report).values[field_id], f.decimals)


# ---------------------------------------------------------------- the rules


def test_default_rules_follow_prefill_over_periods_and_sum_over_units() -> None:
    rules = {
        "hs_moi_truc_tuyen": ("sum", "sum"),  # reset
        "hs_ky_truoc": ("sum", "first"),  # from: hs_dang_giai_quyet
        "hs_dang_trong_han": ("sum", "last"),  # a stock, said by the kind
        "hs_dang_giai_quyet": ("sum", "last"),  # a total takes its parts' rule
        "hs_tiep_nhan": ("sum", "parts"),  # new (sum) + carried in (first): computed from them
        "tthc_giai_quyet_tw": ("none", "last"),  # carry; the kind: not summed over units
        "tl_truc_tuyen": ("compute", "compute"),
        "ra_soat_tl_tiet_kiem": ("none", "none"),  # a typed percentage cannot be added
        "danh_gia_chung_nd": ("sum", "sum"),  # paragraphs are gathered
        "mo_dau": ("none", "none"),
        "muc_do_hai_long": ("sum", "sum"),
        "phan_mot_cua": ("none", "none"),
    }
    for field_id, (units, periods) in rules.items():
        f = KIND.field(field_id)
        assert (field_rule(KIND, f, "units"), field_rule(KIND, f, "periods")) == (units, periods), field_id


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('aggregate = "avg"', "aggregate «avg» không có"),
        ('aggregate = { units = "sum", years = "sum" }', "aggregate phải là"),
        ('percent = true\naggregate = "sum"', "tỷ lệ không cộng được"),
        ('compute = "share(so_a, so_b)"\naggregate = "last"', "số tự tính"),
        ('aggregate = "any"', "«any» .* chỉ dành cho trường boolean"),
        ('unit_levels = ["quan"]', "unit_levels phải là danh sách cấp đơn vị"),
    ],
)
def test_the_loader_refuses_a_wrong_aggregate(tmp_path: Path, extra: str, message: str) -> None:
    path = write_kind(tmp_path, f'[[sections.fields]]\nid = "so_c"\nlabel = "C"\ntype = "decimal"\n{extra}\n')
    with pytest.raises(KindError, match=message):
        load_kind_file(path)


def test_the_loader_refuses_a_sum_of_text_and_an_unknown_unit_column(tmp_path: Path) -> None:
    text = '[[sections.fields]]\nid = "chu"\nlabel = "Chữ"\ntype = "text"\naggregate = "sum"\n'
    with pytest.raises(KindError, match="trường kiểu text không cộng được"):
        load_kind_file(write_kind(tmp_path, text))
    table = (
        '[[sections.fields]]\nid = "bang"\nlabel = "Bảng"\ntype = "table"\nunit_column = "khong_co"\n'
        'columns = [{ id = "ten", label = "Tên" }]\n'
    )
    with pytest.raises(KindError, match="unit_column «khong_co»"):
        load_kind_file(write_kind(tmp_path, table))


def test_a_kind_of_its_own_can_say_first_over_units(tmp_path: Path) -> None:
    path = write_kind(tmp_path, '[[sections.fields]]\nid = "so_c"\nlabel = "C"\ntype = "integer"\n')
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'label = "Số B"', 'label = "Số B"\naggregate = { units = "last" }'
        ),
        encoding="utf-8",
    )
    kind = load_kind_file(path)
    values, _ = aggregate_figures(kind, "units", [{"so_a": 1, "so_b": 2}, {"so_a": 3, "so_b": 4}])
    assert values == {"so_a": 4, "so_b": 4, "so_c": None}


# ---------------------------------------------------------------- shares are recomputed


def test_shares_come_from_summed_parts_never_an_average() -> None:
    a = with_figures(department(0), {"hs_moi_truc_tuyen": 90, "hs_moi_truc_tiep": 10})
    b = with_figures(department(1), {"hs_moi_truc_tuyen": 1, "hs_moi_truc_tiep": 9})
    assert (shown(a, "tl_truc_tuyen"), shown(b, "tl_truc_tuyen")) == ("90,00%", "10,00%")
    parent = units_rollup([a, b])
    assert parent.answers["hs_moi_truc_tuyen"] == 91
    assert evaluate_report(parent).values["hs_moi"] == 110
    assert shown(parent, "tl_truc_tuyen") == "82,73%"  # 91/110, not (90 + 10) / 2 = 50
    assert "tl_truc_tuyen" not in parent.answers  # computed, never stored


# ---------------------------------------------------------------- a province's quarter from 5 departments


def test_a_provinces_quarter_from_five_departments_right_to_the_unit() -> None:
    parent = units_rollup(departments())
    v = evaluate_report(parent).values
    expected = {
        "hs_moi_truc_tuyen": 356,  # 90 + 1 + 250 + 0 + 15
        "hs_moi_truc_tiep": 114,  # 10 + 9 + 50 + 40 + 5
        "hs_moi": 470,
        "hs_ky_truoc": 28,  # 5 + 0 + 20 + 3 + 0: carried-in figures are summed over units
        "hs_tiep_nhan": 498,
        "hs_truoc_han": None,  # Sở Y tế gave "trước và đúng hạn" only: the split is unknown
        "hs_dung_han": None,
        "hs_truoc_dung_han": 435,  # 90 + 9 + 280 + 38 + 18
        "hs_qua_han": 18,  # 5 + 1 + 10 + 2 + 0
        "hs_da_giai_quyet": 453,
        "hs_dang_trong_han": 38,  # 8 + 0 + 25 + 3 + 2: stocks too are summed over units
        "hs_dang_qua_han": 7,
        "hs_dang_giai_quyet": 45,
        "hs_so_hoa_ho_so": 410,  # 60 + 10 + 300 + 20 + 20
        "hs_so_hoa_ket_qua": 372,  # 50 + 9 + 280 + 15 + 18
        "pakn_moi": 7,  # 2 + 0 + 4 + 1; the Ban Quản lý sent no PAKN figures
        "pakn_ky_truoc": 3,
        "pakn_tiep_nhan": 10,
        "pakn_quy_dinh": 5,
        "pakn_hanh_vi": 5,
        "pakn_da_xu_ly": 9,
        "pakn_cong_khai": 8,
        "pakn_dang_xu_ly": 1,
        "tthc_giai_quyet_tw": None,  # not summed over units: the parent's own (none here)
        "tthc_giai_quyet": None,
    }
    assert {k: v[k] for k in expected} == expected
    shares = {k: shown(parent, k) for k in ("tl_truc_tuyen", "tl_truoc_dung_han", "tl_qua_han")}
    assert shares == {"tl_truc_tuyen": "75,74%", "tl_truoc_dung_han": "96,03%", "tl_qua_han": "3,97%"}
    assert shown(parent, "tl_so_hoa_ho_so") == "82,33%"  # 410/498
    assert shown(parent, "tl_so_hoa_ket_qua") == "82,12%"  # 372/453
    assert not [i for i in check(parent) if i.code in ("tong_lech", "hs_tiep_nhan_bang_giai_quyet")]


def test_the_record_keeps_each_units_figures_and_the_file_hash() -> None:
    reports = departments()
    sources = [source_of(r, r.unit.ten_goi, f"{r.unit.ky_hieu}.json") for r in reports]
    parent = aggregate(KIND, "units", sources, parent_base()).report
    assert parent.rollup is not None and parent.rollup.mode == "don_vi"
    first = parent.rollup.sources[0]
    assert (first.name, first.cap, first.file, first.period) == ("Sở Tư pháp", "so", "STP.json", QUARTER)
    assert first.figures["hs_tiep_nhan"] == 105 and first.figures["hs_dang_qua_han"] == 2
    assert first.sha256 == sources[0].sha256 and len(first.sha256) == 64
    again = parse_report(__import__("json").loads(dumps_report(parent)))
    assert again.rollup == parent.rollup  # the section reads back exactly


def test_the_parents_own_stock_is_kept_not_summed() -> None:
    own = with_figures(
        replace(seed(DEPARTMENT_SEED), unit=PROVINCE, period=QUARTER), {"tthc_giai_quyet_tw": 1500}
    )
    sources = [source_of(r, r.unit.ten_goi) for r in departments()]
    parent = aggregate(KIND, "units", sources, own).report
    assert parent.answers["tthc_giai_quyet_tw"] == 1500


# ---------------------------------------------------------------- a commune's year from its quarters


def test_a_communes_year_from_its_four_quarters() -> None:
    year = year_rollup([commune_quarter(q) for q in (1, 2, 3, 4)])
    v = evaluate_report(year).values
    expected = {
        "hs_moi_truc_tuyen": 180,  # 30 + 40 + 50 + 60: flows are summed
        "hs_moi_truc_tiep": 220,  # 70 + 60 + 50 + 40
        "hs_moi": 400,
        "hs_ky_truoc": 10,  # carried in: the first quarter's
        "hs_tiep_nhan": 410,
        "hs_truoc_han": 353,  # 80 + 90 + 95 + 88
        "hs_dung_han": 43,  # 15 + 10 + 8 + 10
        "hs_qua_han": 8,  # 3 + 2 + 2 + 1
        "hs_da_giai_quyet": 404,
        "hs_dang_trong_han": 5,  # being resolved: the last quarter's
        "hs_dang_qua_han": 1,
        "hs_dang_giai_quyet": 6,
        "hs_so_hoa_ho_so": 385,  # 90 + 100 + 100 + 95
        "hs_so_hoa_ket_qua": 365,  # 80 + 95 + 100 + 90
        "pakn_moi": 6,  # 1 + 2 + 0 + 3
        "pakn_ky_truoc": 0,  # the first quarter's
        "pakn_da_xu_ly": 5,  # 1 + 1 + 1 + 2
        "pakn_dang_xu_ly": 1,  # the last quarter's
        "tthc_giai_quyet_tw": 104,  # a stock: the last quarter's
        "tthc_giai_quyet_dp": 9,
        "tthc_giai_quyet": 113,
    }
    assert {k: v[k] for k in expected} == expected
    shares = {k: shown(year, k) for k in ("tl_truc_tuyen", "tl_truoc_dung_han", "tl_qua_han")}
    assert shares == {"tl_truc_tuyen": "45,00%", "tl_truoc_dung_han": "98,02%", "tl_qua_han": "1,98%"}
    assert shown(year, "tl_so_hoa_ho_so") == "93,90%"  # 385/410
    assert shown(year, "tl_so_hoa_ket_qua") == "90,35%"  # 365/404
    assert year.rollup is not None and year.rollup.mode == "ky"
    assert [s.name for s in year.rollup.sources] == [f"quý {n} năm 2025" for n in ("I", "II", "III", "IV")]


def test_a_quarter_that_gave_only_a_total_leaves_the_years_total_unknown_not_wrong() -> None:
    quarters = [commune_quarter(q) for q in (1, 2, 3, 4)]
    q2 = quarters[1]
    quarters[1] = with_figures(
        q2, {"hs_tiep_nhan": 112, "hs_truoc_han": 90, "hs_dung_han": 10, "hs_qua_han": 2}
    )
    result = year_aggregated(quarters)
    v = evaluate_report(result.report).values
    assert v["hs_moi_truc_tuyen"] is None and v["hs_moi"] is None  # never 150 posing as the year's
    assert v["hs_tiep_nhan"] is None
    assert v["hs_da_giai_quyet"] == 404  # unaffected
    assert any("quý II năm 2025 chỉ ghi «Tổng số hồ sơ đã tiếp nhận»" in n for n in result.notes)


SPLIT = ((1, 0), (1, 1), (0, 1), (2, 1))  # each quarter's PAKN «về quy định», «về hành vi»


def split_quarters() -> list[Report]:
    """The commune's quarters with their PAKN received split by subject (carried in included)."""
    quarters = [commune_quarter(q) for q in (1, 2, 3, 4)]
    return [
        r.with_answers({**r.answers, "pakn_quy_dinh": quy_dinh, "pakn_hanh_vi": hanh_vi})
        for r, (quy_dinh, hanh_vi) in zip(quarters, SPLIT, strict=True)
    ]


def test_a_split_of_what_was_received_is_not_summed_over_a_period_that_carried_items_in() -> None:
    quarters = split_quarters()  # quý III carried in the PAKN quý II left pending
    result = year_aggregated(quarters)
    v = evaluate_report(result.report).values
    assert v["pakn_tiep_nhan"] == 6  # 6 new + 0 carried into quý I
    assert v["pakn_quy_dinh"] is None and v["pakn_hanh_vi"] is None  # never 4 + 3 = 7 against 6
    assert any(
        n.startswith("«PAKN về quy định hành chính», «PAKN về hành vi hành chính» để trống")
        and "quý III năm 2025 có số này" in n
        for n in result.notes
    ), result.notes
    half = aggregate(  # quý II carried nothing in: the sum is exact and kept
        KIND,
        "periods",
        [source_of(r, r.period.words()) for r in quarters[:2]],
        blank_report(KIND, Period("6thang", 2025, 1), COMMUNE, DocumentInfo()),
    )
    v = evaluate_report(half.report).values
    assert (v["pakn_tiep_nhan"], v["pakn_quy_dinh"], v["pakn_hanh_vi"]) == (3, 2, 1)
    assert not any("để trống" in n for n in half.notes)
    units = aggregate_figures(KIND, "units", [evaluate_report(r).values for r in quarters])[0]
    assert (units["pakn_quy_dinh"], units["pakn_hanh_vi"]) == (4, 3)  # units never share an item


@pytest.mark.parametrize("value", ['"pakn_khong_co"', '"so_a"', "3"])
def test_the_loader_refuses_includes_carried_naming_no_other_figure(tmp_path: Path, value: str) -> None:
    path = write_kind(tmp_path, '[[sections.fields]]\nid = "so_c"\nlabel = "C"\ntype = "integer"\n')
    line = f"includes_carried = {value}"
    text = path.read_text(encoding="utf-8").replace('label = "Số A"', f'label = "Số A"\n{line}')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KindError, match="includes_carried"):
        load_kind_file(path)


# ---------------------------------------------------------------- texts and tables


def test_the_parents_own_text_then_each_units_under_its_name_marked() -> None:
    own = replace(parent_base(), answers={"danh_gia_chung_nd": "Ý kiến của tỉnh."})
    sources = [source_of(r, r.unit.ten_goi) for r in departments()[:2]]
    parent = aggregate(KIND, "units", sources, own).report
    assert parent.answers["danh_gia_chung_nd"].split("\n") == [
        "Ý kiến của tỉnh.",  # first: after the last block it read as the Sở Xây dựng's
        mark_line("Sở Tư pháp"),
        "Sở Tư pháp hoàn thành các nhiệm vụ kiểm soát TTHC quý I năm 2025.",
        mark_line("Sở Xây dựng"),
        "Sở Xây dựng hoàn thành các nhiệm vụ kiểm soát TTHC quý I năm 2025.",
    ]
    assert parent.sources["danh_gia_chung_nd"] == "carried"  # the wizard: «Cần xem lại»
    assert "mo_dau" not in parent.answers  # not rolled up: the parent's own (none)
    issue = next(i for i in check(parent) if i.fields == ("danh_gia_chung_nd",))
    assert (issue.severity, issue.code) == ("error", "chu_don_vi_chua_xem_lai")
    assert REVIEW_MARK in issue.message and "2 đoạn" in issue.message
    edited = parent.with_answers({**parent.answers, "danh_gia_chung_nd": "Các sở hoàn thành nhiệm vụ."})
    assert not [i for i in check(edited) if i.fields == ("danh_gia_chung_nd",)]


def test_units_texts_too_long_for_one_field_are_named_not_cut_and_the_report_opens_again() -> None:
    """500 units' paragraphs do not fit in one field (MAX_TEXT_CHARS): the roll-up used to write a
    file the app then refused to open. Whole texts are taken while they fit; the rest are named."""
    sources = []
    for i, report in enumerate(many_departments(120)):
        text = f"Đơn vị {i + 1:03d} viết: " + "công tác kiểm soát thủ tục hành chính được duy trì. " * 40
        sources.append(source_of(report.with_answers({**report.answers, "nhiem_vu": text}), report.unit.ten))
    own = replace(parent_base(), answers={"nhiem_vu": "Ý kiến của tỉnh."})
    made = aggregate(KIND, "units", sources, own)
    parent = made.report
    value = parent.answers["nhiem_vu"]
    assert len(value) <= MAX_TEXT_CHARS
    reopened = parse_report(json.loads(dumps_report(parent)))  # the file opens again
    assert reopened.answers["nhiem_vu"] == value
    lines = value.split("\n")
    assert lines[0] == "Ý kiến của tỉnh."  # the parent's own words stay, first
    taken = [line for line in lines if line.startswith("Đơn vị ") and "viết:" in line]
    assert 50 < len(taken) < 120 and all(line.endswith("được duy trì.") for line in taken)  # never cut
    assert lines[-2] == mark_line(f"{120 - len(taken)} đơn vị không đưa vào đây")
    left_out = [s.label for s in sources[len(taken) :]]
    assert lines[-1].endswith(", ".join(left_out) + ".")
    issue = next(i for i in check(parent) if i.fields == ("nhiem_vu",))
    assert issue.code == "chu_don_vi_chua_xem_lai"  # the drafter is held until they condense it
    label = KIND.field("nhiem_vu").label
    (note,) = [n for n in made.notes if "dài quá một ô" in n]  # said where the roll-up is shown
    assert f"«{label}»: {len(left_out)} đơn vị" in note


def test_a_sources_placeholders_are_its_own_words_under_its_name() -> None:
    """{ky}, {ky_so_lieu}, {don_vi} (issue 12) a source typed speak of the source: under «Quý I
    năm 2025» its quarter, not the year; under «Sở Tư pháp» that department, not the province."""
    typed = "Trong {ky} ({ky_so_lieu}), {don_vi} tiếp nhận hồ sơ đúng quy trình."
    quarters = [commune_quarter(q) for q in (1, 2, 3, 4)]
    quarters[0] = quarters[0].with_answers({**quarters[0].answers, "danh_gia_chung_nd": typed})
    year = year_rollup(quarters).answers["danh_gia_chung_nd"].split("\n")
    assert year[:2] == [
        mark_line("quý I năm 2025"),
        "Trong quý I năm 2025 (số liệu từ ngày 15/12/2024 đến ngày 14/3/2025), "
        "UBND xã Mỹ Hòa tiếp nhận hồ sơ đúng quy trình.",
    ]
    unit = departments()[0]
    unit = unit.with_answers({**unit.answers, "danh_gia_chung_nd": typed})
    own = replace(parent_base(), answers={"danh_gia_chung_nd": "Toàn tỉnh, {don_vi} chỉ đạo."})
    parent = aggregate(KIND, "units", [source_of(unit, "Sở Tư pháp")], own).report
    assert parent.answers["danh_gia_chung_nd"].split("\n") == [
        "Toàn tỉnh, {don_vi} chỉ đạo.",  # the parent's own words keep their placeholders
        mark_line("Sở Tư pháp"),
        "Trong quý I năm 2025 (số liệu từ ngày 15/12/2024 đến ngày 14/3/2025), "
        "Sở Tư pháp tiếp nhận hồ sơ đúng quy trình.",
    ]


def test_a_roll_ups_sums_are_not_warned_of_as_typed_figures() -> None:
    """Twenty communes that each published 300 procedures sum to 6.000, above what one unit
    typically types (5.000, issue 12's ``warn_above``): no «có thể đã gõ thừa chữ số» on the
    sum; the parent's own typed figure, and a unit's, are still warned of."""
    communes = []
    for i in range(20):
        unit = replace(COMMUNE, co_quan=f"UBND XÃ SỐ {i + 1}", ten=f"UBND xã Số {i + 1}")
        report = replace(commune_quarter(1), unit=unit, period=QUARTER)
        communes.append(report.with_answers({**report.answers, "tthc_cong_khai": 300, "vb_cong_bo": 60}))
    own = replace(parent_base(), answers={"tthc_giai_quyet_tw": 50_000})
    rolled = aggregate(KIND, "units", [source_of(r, r.unit.ten_goi) for r in communes], own).report
    values = evaluate_report(rolled).values
    assert (values["tthc_cong_khai"], values["vb_cong_bo"]) == (6000, 1200)
    warned = [i.fields for i in check(rolled) if i.code == "lon_bat_thuong"]
    assert warned == [("tthc_giai_quyet_tw",)]  # not rolled up: the parent typed it
    one = communes[0].with_answers({**communes[0].answers, "tthc_cong_khai": 6000})
    assert [i.fields for i in check(one) if i.code == "lon_bat_thuong"] == [("tthc_cong_khai",)]


def test_satisfaction_tables_are_concatenated_with_the_unit_column_and_numbered_again() -> None:
    rows = [{"stt": "1", "dia_phuong": "", "rat_hai_long": "90%", "hai_long": "10%", "chua_hai_long": "0%"}]
    a = commune_quarter(1).with_answers({**commune_quarter(1).answers, "muc_do_hai_long": rows})
    b_unit = replace(COMMUNE, co_quan="UBND XÃ AN BÌNH", ten="UBND xã An Bình")
    b = replace(a, unit=b_unit).with_answers(
        {
            **a.answers,
            "muc_do_hai_long": [
                {**rows[0], "dia_phuong": "Ấp 3"},
                {**rows[0], "dia_phuong": "UBND xã An Bình"},
            ],
        }
    )
    parent = aggregate(
        KIND, "units", [source_of(a, "UBND xã Mỹ Hòa"), source_of(b, "UBND xã An Bình")], parent_base()
    )
    table = parent.report.answers["muc_do_hai_long"]
    assert [(r["stt"], r["dia_phuong"]) for r in table] == [
        ("1", "UBND xã Mỹ Hòa"),
        ("2", "UBND xã An Bình – Ấp 3"),
        ("3", "UBND xã An Bình"),
    ]


def test_plan_task_tables_keep_their_group_rows_and_name_the_unit_in_chu_tri() -> None:
    plan_kind = load_kind("ke_hoach_kstthc")
    plan = seed("004_dbb53274ea895b03")
    other = replace(plan, unit=replace(plan.unit, co_quan="SỞ TƯ PHÁP", ten="Sở Tư pháp"))
    base = blank_report(plan_kind, plan.period, PROVINCE, DocumentInfo())
    made = aggregate(
        plan_kind, "units", [source_of(plan, "Sở Ngoại vụ"), source_of(other, "Sở Tư pháp")], base
    )
    rows = made.report.answers["nhiem_vu"]
    groups = [r for r in plan.answers["nhiem_vu"] if r.get("nhom")]
    assert [r for r in rows if r.get("nhom")] == groups  # each group once, left as it is
    assert len(rows) == 2 * len(plan.answers["nhiem_vu"]) - len(groups)
    size = next(i for i, r in enumerate(plan.answers["nhiem_vu"][1:], 1) if r.get("nhom"))  # group 1's rows
    assert rows[1]["chu_tri"] == "Sở Ngoại vụ – Phòng Lãnh sự - NVNONN"
    named = [r["chu_tri"].split(" – ")[0] for r in rows[1 : 2 * size - 1]]
    assert named == ["Sở Ngoại vụ"] * (size - 1) + ["Sở Tư pháp"] * (size - 1)  # one unit's, then the other's
    assert rows[2 * size - 1] == groups[1]


def test_the_parents_own_task_rows_come_after_the_units_in_their_group() -> None:
    """The province's own rows are kept (they vanished): after the units', as its own words are,
    in the group of that name when a unit has one; an empty «Đơn vị chủ trì» takes its name."""
    plan_kind = load_kind("ke_hoach_kstthc")
    plan = seed("004_dbb53274ea895b03")
    unit_rows = [
        {"nhom": "Kiểm soát TTHC"},
        {
            "muc_tieu": "Rà soát",
            "noi_dung": "Rà soát 10 TTHC",
            "chu_tri": "Phòng Pháp chế",
            "thoi_han": "Quý II",
        },
        {"nhom": "Truyền thông"},
        {"muc_tieu": "Tuyên truyền", "noi_dung": "Phát thanh", "chu_tri": "", "thoi_han": "Hằng tháng"},
    ]
    unit = plan.with_answers({**plan.answers, "nhiem_vu": unit_rows})
    own_rows = [
        {"nhom": "Chỉ đạo chung"},
        {"muc_tieu": "Ban hành kế hoạch", "noi_dung": "Ban hành Kế hoạch", "chu_tri": "Văn phòng UBND tỉnh"},
        {"nhom": "kiểm soát  TTHC"},  # the same group, written otherwise
        {"muc_tieu": "Kiểm tra", "noi_dung": "Kiểm tra các sở", "chu_tri": ""},
    ]
    base = blank_report(plan_kind, plan.period, PROVINCE, DocumentInfo())
    base = base.with_answers({**base.answers, "nhiem_vu": own_rows})
    rows = aggregate(plan_kind, "units", [source_of(unit, "Sở Ngoại vụ")], base).report.answers["nhiem_vu"]
    assert [(r.get("nhom") or r["noi_dung"], r.get("chu_tri", "")) for r in rows] == [
        ("Kiểm soát TTHC", ""),
        ("Rà soát 10 TTHC", "Sở Ngoại vụ – Phòng Pháp chế"),
        ("Kiểm tra các sở", PROVINCE.ten_goi),
        ("Truyền thông", ""),
        ("Phát thanh", "Sở Ngoại vụ"),
        ("Chỉ đạo chung", ""),
        ("Ban hành Kế hoạch", "Văn phòng UBND tỉnh"),  # its own words, said from its side
    ]
    # Carried from the province's plan of last year (the usual base of a roll-up): not its own rows.
    carried = replace(base, sources={**base.sources, "nhiem_vu": "carried"})
    rows = aggregate(plan_kind, "units", [source_of(unit, "Sở Ngoại vụ")], carried).report.answers["nhiem_vu"]
    assert [r.get("nhom") or r["noi_dung"] for r in rows] == [
        "Kiểm soát TTHC",
        "Rà soát 10 TTHC",
        "Truyền thông",
        "Phát thanh",
    ]
    satisfaction = [
        {"stt": "1", "dia_phuong": "", "rat_hai_long": "90%", "hai_long": "10%", "chua_hai_long": "0%"}
    ]
    a = commune_quarter(1).with_answers({**commune_quarter(1).answers, "muc_do_hai_long": satisfaction})
    own = parent_base().with_answers({"muc_do_hai_long": [{**satisfaction[0], "dia_phuong": "Văn phòng"}]})
    table = aggregate(KIND, "units", [source_of(a, "UBND xã Mỹ Hòa")], own).report.answers["muc_do_hai_long"]
    assert [(r["stt"], r["dia_phuong"]) for r in table] == [("1", "UBND xã Mỹ Hòa"), ("2", "Văn phòng")]


def test_decimal_figures_sum_exactly() -> None:
    kind = load_kind("bao_cao_thang_cctthc")
    values, _ = aggregate_figures(
        kind, "units", [{"tl_dung_han_dvcqg": Decimal("88.3")}, {"tl_dung_han_dvcqg": 90}]
    )
    assert values["tl_dung_han_dvcqg"] is None  # a portal percentage is not added up
