"""The statistical forms as data: bindings, headings, one row per unit, totals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop_app.document.forms import (
    FORM_05,
    FORM_06,
    FORMS,
    Cell,
    Form,
    Number,
    Row,
    column_count,
    column_numbers,
    form_header,
    form_rows,
    forms_for_kind,
    header_cells,
    period_text,
    receiving_unit,
    ticked_forms,
)
from desktop_app.report import catalogue
from desktop_app.report.answers import DocumentInfo, Report, load_answer_file
from desktop_app.report.periods import Period
from tests.core.conftest import SEED_FIXTURES

SO = SEED_FIXTURES / "000_a555c7217f5d5664.json"  # Sở Ngoại vụ, quý II/2024
XA = SEED_FIXTURES / "001_65663e565db3c233.json"  # UBND xã Sơn Nham, typed totals
HUYEN = SEED_FIXTURES / "002_783f40fcc350287c.json"  # UBND huyện Trà Cú, 22.278 hồ sơ


def load(path: Path) -> Report:
    return load_answer_file(path)


def values(rows: list[Row], index: int = 0) -> list[Number | None]:
    return [c.value for c in rows[index].cells]


def by_key(form: Form, row: Row) -> dict[str, Cell]:
    return {leaf.key: cell for leaf, cell in zip(form.leaves(), row.cells, strict=True)}


# ---------------------------------------------------------------- the forms as data


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.id)
def test_every_binding_is_a_number_of_the_data_dictionary(form: Form) -> None:
    versions = [v for fam in catalogue.families() for v in fam.versions]
    found = [(v, f) for v in versions for f in forms_for_kind(v) if f.id == form.id]
    assert found, f"no kind has every figure of {form.id}"
    for kind, fitted in found:
        assert kind.has_field(form.tick) and kind.field(form.tick).type == "boolean"
        for source in fitted.sources():
            assert kind.field(source).type == "integer", source
    # a group of columns the form may lose is one marked optional (a level a version abolished)
    lost = {c.label for _, fitted in found for c in form.columns if c not in fitted.columns}
    assert lost <= {c.label for c in form.columns if c.optional}


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.id)
def test_totals_add_up_leaves_of_their_own_form(form: Form) -> None:
    keys = [leaf.key for leaf in form.leaves()]
    assert len(keys) == len(set(keys))
    for leaf in form.leaves():
        assert set(leaf.parts) <= set(keys)
        assert leaf.key not in leaf.parts


def test_the_forms_keep_the_codes_the_reports_cite() -> None:
    assert FORM_06.code == "06b.VPCP.KSTTHC"
    assert FORM_05.code == "05a.VPCP.KSTTHC"
    assert FORM_06.unit_of_measure == "Số hồ sơ TTHC"
    assert FORM_05.unit_of_measure == "Số PAKN"
    assert {f.tick for f in FORMS} == {"phu_luc_05", "phu_luc_06", "phu_luc_theo_cap"}


def test_the_dossier_form_has_the_columns_of_the_domain_brief() -> None:
    labels = [leaf.label for leaf in FORM_06.leaves()]
    assert labels == [
        "Tổng số",
        "Trực tuyến",
        "Trực tiếp và dịch vụ bưu chính công ích",
        "Từ kỳ trước chuyển qua",
        "Tổng số",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Tổng số",
        "Trong hạn",
        "Quá hạn",
    ]
    assert [c.label for c in FORM_06.columns] == [
        "Số hồ sơ nhận giải quyết",
        "Số hồ sơ đã giải quyết",
        "Số hồ sơ đang giải quyết",
    ]
    assert column_numbers(FORM_06) == [f"({i})" for i in range(1, 14)]


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.id)
def test_heading_cells_cover_the_grid_exactly_once(form: Form) -> None:
    depth = form.header_depth()
    covered: list[tuple[int, int]] = []
    for h in header_cells(form):
        covered += [
            (r, c) for r in range(h.row, h.row + h.row_span) for c in range(h.col, h.col + h.col_span)
        ]
    assert sorted(covered) == [(r, c) for r in range(depth) for c in range(column_count(form))]


def test_heading_cells_merge_groups_across_and_leaves_down() -> None:
    cells = {(h.row, h.col): h for h in header_cells(FORM_06)}
    assert (cells[0, 0].text, cells[0, 0].row_span) == ("STT", 3)
    assert (cells[0, 2].text, cells[0, 2].col_span) == ("Số hồ sơ nhận giải quyết", 4)
    assert (cells[1, 3].text, cells[1, 3].col_span) == ("Mới tiếp nhận trong kỳ", 2)
    assert (cells[2, 3].text, cells[2, 3].row_span) == ("Trực tuyến", 1)
    assert (cells[1, 2].text, cells[1, 2].row_span) == ("Tổng số", 2)


def test_forms_belong_to_the_kind_that_has_their_figures() -> None:
    assert forms_for_kind("bao_cao_kstthc") == [FORM_05, FORM_06]
    assert forms_for_kind("ke_hoach_kstthc") == []


def test_only_the_ticked_forms_are_attached() -> None:
    report = load(HUYEN)
    assert ticked_forms(report) == []
    ticked = report.with_answers({**report.answers, "phu_luc_06": True})
    assert ticked_forms(ticked) == [FORM_06]
    both = report.with_answers({**report.answers, "phu_luc_06": True, "phu_luc_05": True})
    assert ticked_forms(both) == [FORM_05, FORM_06]


# ---------------------------------------------------------------- the header


def test_header_of_a_quarter_names_its_cut_off_dates() -> None:
    header = form_header(FORM_06, load(SO))
    assert header.code == "Biểu số 06b.VPCP.KSTTHC"
    assert header.period == "Kỳ báo cáo: Quý II năm 2024 (Từ ngày 15/3/2024 đến ngày 14/6/2024)"
    assert header.reporting_unit == "Đơn vị báo cáo: Sở Ngoại vụ"
    assert header.receiving_unit == "Đơn vị nhận báo cáo: UBND TỈNH KIÊN GIANG"
    assert header.unit_of_measure == "Đơn vị tính: Số hồ sơ TTHC"


def test_header_of_a_custom_range_and_its_kinh_gui() -> None:
    header = form_header(FORM_05, load(HUYEN))
    assert header.period == "Kỳ báo cáo: Năm 2023 (Từ ngày 01/01/2023 đến ngày 20/11/2023)"
    assert header.receiving_unit == "Đơn vị nhận báo cáo: Văn phòng Ủy ban nhân dân tỉnh"
    assert header.unit_of_measure == "Đơn vị tính: Số PAKN"


def test_period_words_for_other_periods() -> None:
    report = load(SO)
    month = replace(report, period=Period("thang", 2024, 1))
    assert period_text(month) == "Tháng 01 năm 2024 (Từ ngày 15/12/2023 đến ngày 14/01/2024)"
    across = replace(report, period=Period("tuy_chon", 2023, None, date(2023, 12, 1), date(2024, 2, 1)))
    assert period_text(across) == "Từ ngày 01/12/2023 đến ngày 01/02/2024"


def test_receiving_unit_is_blank_without_kinh_gui_or_parent_body() -> None:
    report = load(SO)
    orphan = replace(report, unit=replace(report.unit, co_quan_chu_quan=""), document=DocumentInfo())
    assert receiving_unit(orphan) == ""
    assert form_header(FORM_06, orphan).receiving_unit == "Đơn vị nhận báo cáo:"
    sent = replace(report, document=DocumentInfo(kinh_gui=("- Văn phòng UBND tỉnh;", "- Sở Nội vụ.")))
    assert receiving_unit(sent) == "Văn phòng UBND tỉnh"


def test_a_commune_without_parent_body_reports_to_its_marked_noi_nhan_line() -> None:
    # Since 01/7/2025 a phường has no parent body: it reports to the province, marked in Nơi nhận.
    report = load(XA)
    phuong = replace(
        report,
        period=Period("quy", 2025, 4),
        unit=replace(
            report.unit, co_quan_chu_quan="", co_quan="UBND PHƯỜNG HÒA BÌNH", ten="UBND phường Hòa Bình"
        ),
        document=DocumentInfo(
            noi_nhan=("CT, PCT UBND phường;", "- UBND tỉnh An Giang (b/c);", "Sở Nội vụ (báo cáo)")
        ),
    )
    assert form_header(FORM_06, phuong).receiving_unit == "Đơn vị nhận báo cáo: UBND tỉnh An Giang"
    unmarked = replace(phuong, document=DocumentInfo(noi_nhan=("CT, PCT UBND phường", "Văn phòng HĐND")))
    assert receiving_unit(unmarked) == ""  # no line says it is reported to: no guess
    told = replace(phuong, document=DocumentInfo(noi_nhan=("Văn phòng UBND tỉnh (để báo cáo).",)))
    assert receiving_unit(told) == "Văn phòng UBND tỉnh"
    own = (
        "- Đảng ủy phường (b/c);",
        "- ĐẢNG UỶ (b/c);",
        "- Thường trực Hội đồng nhân dân (b/c);",
        "- UBND tỉnh (b/c);",
    )
    both = replace(phuong, document=DocumentInfo(noi_nhan=own))
    assert receiving_unit(both) == "UBND tỉnh"  # its own Party committee and council are not it


# ---------------------------------------------------------------- the rows


def test_huyen_dossiers_one_unit_row_and_the_total_row() -> None:
    report = load(HUYEN)
    rows = form_rows(FORM_06, [("Huyện Trà Cú", report)])
    assert [(r.stt, r.label, r.is_total) for r in rows] == [
        ("1", "Huyện Trà Cú", False),
        ("", "Tổng cộng", True),
    ]
    cells = by_key(FORM_06, rows[0])
    assert cells["tiep_nhan"].value == 22278
    assert cells["truc_tuyen"].value == 15561
    assert cells["truc_tiep"].value == 6717
    assert cells["ky_truoc"].value == 0
    assert cells["da_giai_quyet"].value == 22278
    assert cells["qua_han"].value == 449
    # The unit reported "trước và đúng hạn" as one figure: one cell over both columns.
    assert (cells["truoc_han"].value, cells["truoc_han"].span) == (21829, 2)
    assert (cells["dung_han"].value, cells["dung_han"].span) == (None, 0)
    total = by_key(FORM_06, rows[1])
    assert (total["truoc_han"].value, total["truoc_han"].span) == (21829, 2)
    assert values(rows, 1) == [c.value for c in rows[0].cells]


def test_totals_are_sums_of_their_columns_where_all_parts_are_known() -> None:
    rows = form_rows(FORM_06, [("Trà Cú", load(HUYEN))])
    cells = by_key(FORM_06, rows[0])
    index = {leaf.key: i for i, leaf in enumerate(FORM_06.leaves())}
    assert cells["tiep_nhan"].parts == (index["truc_tuyen"], index["truc_tiep"], index["ky_truoc"])
    assert cells["da_giai_quyet"].parts == (index["truoc_han"], index["dung_han"], index["qua_han"])
    assert cells["dang_giai_quyet"].parts == (index["dang_trong_han"], index["dang_qua_han"])


def test_so_ngoai_vu_dossiers_and_feedback() -> None:
    report = load(SO)
    rows = form_rows(FORM_06, [("Sở Ngoại vụ", report)])
    assert values(rows) == [3, 0, 3, 0, 3, 0, 3, 0, 0, 0, 0]
    assert all(c.span == 1 for c in rows[0].cells)
    feedback = form_rows(FORM_05, [("Sở Ngoại vụ", report)])
    assert values(feedback) == [0] * 8
    assert values(feedback, 1) == [0] * 8


def test_a_figure_the_report_lacks_prints_empty_not_zero() -> None:
    report = load(XA)
    cells = by_key(FORM_06, form_rows(FORM_06, [("Sơn Nham", report)])[0])
    assert cells["truc_tuyen"].value is None
    assert cells["ky_truoc"].value is None
    # A total typed without its parts stays the typed number, with no formula.
    assert (cells["tiep_nhan"].value, cells["tiep_nhan"].parts) == (255, ())
    assert cells["da_giai_quyet"].value == 251
    assert cells["da_giai_quyet"].parts
    feedback = form_rows(FORM_05, [("Huyện", load(HUYEN))])
    assert values(feedback) == [1, None, None, None, None, None, None, None]


def test_a_typed_total_that_disagrees_with_its_parts_is_kept_without_formula() -> None:
    report = load(SO)
    wrong = report.with_answers({**report.answers, "hs_tiep_nhan": 5})
    cells = by_key(FORM_06, form_rows(FORM_06, [("Sở", wrong)])[0])
    assert (cells["tiep_nhan"].value, cells["tiep_nhan"].parts) == (5, ())


def test_several_units_fill_the_same_form_and_the_total_row_adds_them() -> None:
    units = [("Huyện Trà Cú", load(HUYEN)), ("Sở Ngoại vụ", load(SO)), ("Xã Sơn Nham", load(XA))]
    rows = form_rows(FORM_06, units)
    assert [r.stt for r in rows] == ["1", "2", "3", ""]
    total = by_key(FORM_06, rows[-1])
    assert total["tiep_nhan"].value == 22278 + 3 + 255
    assert total["truc_tuyen"].value == 15561
    assert total["qua_han"].value == 449 + 0 + 2
    # One unit gave only "trước và đúng hạn": the total row does the same over both columns.
    assert (total["truoc_han"].value, total["truoc_han"].span) == (21829 + 0 + 3 + 249 + 0, 2)
    assert total["dang_qua_han"].value == 0
