"""Checks: totals fill themselves, typed totals are never overwritten, rules speak Vietnamese."""

import json
import re
from dataclasses import replace
from typing import Any

import pytest

from desktop_app.report.answers import parse_report
from desktop_app.report.checks import check, evaluate_report
from desktop_app.report.content import FixError, fixed_value
from tests.core.conftest import SEED_FIXTURES


def codes(data: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    return [(i.code, i.fields) for i in check(parse_report(data))]


def test_totals_fill_from_parts(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_moi_truc_tuyen": 15561, "hs_moi_truc_tiep": 6717, "hs_ky_truoc": 0}
    ev = evaluate_report(parse_report(answer_data))
    assert ev.values["hs_moi"] == 22278
    assert ev.values["hs_tiep_nhan"] == 22278
    assert {"hs_moi", "hs_tiep_nhan", "tl_truc_tuyen"} <= ev.computed
    assert f"{ev.values['tl_truc_tuyen']:.2f}" == "69.85"


def test_typed_total_without_split_is_kept(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_truoc_dung_han": 21829, "hs_qua_han": 449, "hs_da_giai_quyet": 22278}
    report = parse_report(answer_data)
    ev = evaluate_report(report)
    assert ev.values["hs_da_giai_quyet"] == 22278
    assert ev.mismatches == ()
    assert f"{ev.values['tl_truoc_dung_han']:.2f}" == "97.98"


def test_typed_total_that_disagrees_is_reported_not_overwritten(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_truoc_han": 249, "hs_dung_han": 0, "hs_qua_han": 2, "hs_da_giai_quyet": 250}
    report = parse_report(answer_data)
    assert evaluate_report(report).values["hs_da_giai_quyet"] == 250
    issues = check(report)
    mismatch = next(i for i in issues if i.code == "tong_lech")
    assert mismatch.fields[0] == "hs_da_giai_quyet"
    assert mismatch.severity == "error"
    assert "250" in mismatch.message and "251" in mismatch.message
    assert mismatch.fix is not None and (mismatch.fix.before, mismatch.fix.after) == ("250", "251")
    assert fixed_value(report, mismatch.fix) == "251"  # typed into the box as the official would
    typed_again = report.with_answers({**report.answers, "hs_da_giai_quyet": 260})
    with pytest.raises(FixError, match="Số «250» đã được sửa"):
        fixed_value(typed_again, mismatch.fix)


def test_partly_known_parts_only_bound_the_total(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_moi_truc_tiep": 5, "hs_moi": 8}
    assert ("tong_lech", ("hs_moi", "hs_moi_truc_tuyen", "hs_moi_truc_tiep")) not in codes(answer_data)
    answer_data["answers"] = {"hs_moi_truc_tiep": 9, "hs_moi": 8}
    assert ("tong_lech", ("hs_moi", "hs_moi_truc_tuyen", "hs_moi_truc_tiep")) in codes(answer_data)
    mismatch = next(i for i in check(parse_report(answer_data)) if i.code == "tong_lech")
    assert mismatch.fix is None  # 9 is only what the total is at least: no «Sửa thành «9»»


def test_received_must_equal_resolved_plus_pending(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_tiep_nhan": 255, "hs_da_giai_quyet": 251, "hs_dang_giai_quyet": 6}
    issue = next(i for i in check(parse_report(answer_data)) if i.code == "hs_tiep_nhan_bang_giai_quyet")
    assert issue.message == (
        "Số hồ sơ đã tiếp nhận (255) phải bằng số đã giải quyết (251) cộng số đang giải quyết (6)."
    )


def test_a_message_writes_figures_plainly_even_when_the_document_writes_two_digits(
    answer_data: dict[str, Any],
) -> None:
    # «03 hồ sơ» is the document's way; «(00)» in a message read as a slip to an official.
    answer_data["document"]["dem_hai_chu_so"] = True
    answer_data["answers"] = {"hs_tiep_nhan": -5, "hs_da_giai_quyet": 3, "hs_dang_giai_quyet": 0}
    issues = check(parse_report(answer_data))
    rule = next(i for i in issues if i.code == "hs_tiep_nhan_bang_giai_quyet")
    assert rule.message == (
        "Số hồ sơ đã tiếp nhận (-5) phải bằng số đã giải quyết (3) cộng số đang giải quyết (0)."
    )
    assert not any(re.search(r"\(0\d\)|là 0\d\b", i.message) for i in issues), [i.message for i in issues]


def test_rule_waits_until_every_figure_is_known(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_tiep_nhan": 255, "hs_da_giai_quyet": 251}
    assert "hs_tiep_nhan_bang_giai_quyet" not in [c for c, _ in codes(answer_data)]


def test_digitised_cannot_exceed_resolved(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_da_giai_quyet": 233, "hs_so_hoa_ket_qua": 266}
    assert ("hs_so_hoa_ket_qua_toi_da", ("hs_da_giai_quyet", "hs_so_hoa_ket_qua")) in codes(answer_data)


def test_negative_numbers_are_refused(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_qua_han": -1}
    assert ("gioi_han", ("hs_qua_han",)) in codes(answer_data)


def test_custom_period_start_after_end_names_period(answer_data: dict[str, Any]) -> None:
    answer_data["period"] = {"type": "tuy_chon", "year": 2023, "from": "2023-11-20", "to": "2023-01-01"}
    issues = check(parse_report(answer_data))
    assert issues[0].fields == ("period",)
    assert issues[0].severity == "error"


def test_missing_signer_and_recipients_are_warnings(answer_data: dict[str, Any]) -> None:
    answer_data["document"]["noi_nhan"] = []
    answer_data["document"]["nguoi_ky"] = {}
    found = {(i.code, i.severity) for i in check(parse_report(answer_data))}
    assert {("noi_nhan", "warning"), ("nguoi_ky", "warning")} <= found


def test_clean_report_has_no_errors(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {
        "hs_moi_truc_tuyen": 1,
        "hs_moi_truc_tiep": 2,
        "hs_ky_truoc": 0,
        "hs_truoc_han": 1,
        "hs_dung_han": 1,
        "hs_qua_han": 0,
        "hs_dang_trong_han": 1,
        "hs_dang_qua_han": 0,
    }
    assert [i for i in check(parse_report(answer_data)) if i.severity == "error"] == []


def plausibility(data: dict[str, Any]) -> list[Any]:
    return [i for i in check(parse_report(data)) if i.code in ("lon_bat_thuong", "tang_dot_bien")]


def test_a_figure_above_its_plausible_bound_is_a_warning_never_a_refusal(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_moi_truc_tuyen": 15_500_000, "hs_moi_truc_tiep": 6717}
    report = parse_report(answer_data)
    assert report.answers["hs_moi_truc_tuyen"] == 15_500_000  # kept as typed
    [issue] = plausibility(answer_data)
    assert (issue.fields, issue.severity, issue.code) == (("hs_moi_truc_tuyen",), "warning", "lon_bat_thuong")
    assert issue.message == (
        "«Hồ sơ mới tiếp nhận trực tuyến» là 15.500.000, lớn bất thường (thường không quá 5.000.000): "
        "hãy kiểm tra lại, có thể đã gõ thừa chữ số."
    )
    # The total added up from it is left to its part: one warning, on the figure typed.
    assert evaluate_report(report).values["hs_moi"] == 15_506_717


def test_ten_times_the_previous_figure_is_a_warning(answer_data: dict[str, Any]) -> None:
    answer_data["previous"] = {"hs_moi_truc_tiep": 1234, "pakn_moi": 9, "hs_qua_han": 12}
    answer_data["answers"] = {"hs_moi_truc_tiep": 12340, "pakn_moi": 90, "hs_qua_han": 119}
    [issue] = plausibility(answer_data)
    assert (issue.fields, issue.severity, issue.code) == (("hs_moi_truc_tiep",), "warning", "tang_dot_bien")
    assert issue.message == (
        "«Hồ sơ mới tiếp nhận trực tiếp và qua dịch vụ bưu chính công ích» là 12.340, gấp 10 lần kỳ trước "
        "(1.234): hãy kiểm tra lại số đã gõ."
    )


def test_no_jump_without_a_previous_figure_or_downwards(answer_data: dict[str, Any]) -> None:
    answer_data["previous"] = {"hs_moi_truc_tiep": 12340}
    answer_data["answers"] = {"hs_moi_truc_tiep": 1234, "hs_qua_han": 5000}
    assert plausibility(answer_data) == []


def test_noi_nhan_must_say_nhu_tren_when_there_is_a_kinh_gui() -> None:
    """Nghị định 30/2020: with «Kính gửi», Nơi nhận begins «- Như trên;» (seed 002 does)."""
    report = parse_report(json.loads((SEED_FIXTURES / "002_783f40fcc350287c.json").read_text("utf-8")))
    assert "nhu_tren" not in [i.code for i in check(report)]
    without = replace(report, document=replace(report.document, noi_nhan=report.document.noi_nhan[1:]))
    found = [i for i in check(without) if i.code == "nhu_tren"]
    assert len(found) == 1 and found[0].fields == ("noi_nhan",) and found[0].severity == "warning"
    assert "chưa có dòng «Như trên»" in found[0].message
    named = (" - Văn phòng Ủy ban nhân dân tỉnh;", *without.document.noi_nhan)  # the body itself
    listed = replace(without, document=replace(without.document, noi_nhan=named))
    assert "nhu_tren" not in [i.code for i in check(listed)]
    for first in ("- NHƯ TRÊN;", "- Như trên (b/c);", "Như trên (để báo cáo);", "- Như Kính gửi;"):
        spelled = replace(report, document=replace(report.document, noi_nhan=(first, "LĐVP")))
        assert "nhu_tren" not in [i.code for i in check(spelled)], first
    no_kinh_gui = replace(without, document=replace(without.document, kinh_gui=()))
    assert "nhu_tren" not in [i.code for i in check(no_kinh_gui)]
