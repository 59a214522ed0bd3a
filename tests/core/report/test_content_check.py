"""The content check, rule by rule, on small reports written for each case."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.report.answers import DocumentInfo, Report, Unit, load_answer_file, parse_report
from desktop_app.report.checks import check
from desktop_app.report.content import Finding, FormerUnit, KnownNames, content_findings, fixed_value
from desktop_app.report.content.reform import recipients_now
from desktop_app.report.kinds import load_kind, load_kind_file
from desktop_app.report.law import load_law
from desktop_app.report.periods import Period
from desktop_app.report.prefill import new_report
from desktop_app.report.session import Session
from tests.core.conftest import BASE, SEED_FIXTURES

TODAY = date(2026, 1, 10)
SEED_001 = SEED_FIXTURES / "001_65663e565db3c233.json"
XA = {
    "co_quan_chu_quan": "UBND TỈNH QUẢNG NGÃI",
    "co_quan": "UBND XÃ TÂN PHÚ",
    "ten": "UBND xã Tân Phú",
    "ky_hieu": "UBND",
    "dia_danh": "Tân Phú",
    "cap": "xa",
}


def report_of(
    answers: dict[str, Any] | None = None,
    period: dict[str, Any] | None = None,
    unit: dict[str, str] | None = None,
    **document: Any,
) -> Report:
    """A bao_cao_kstthc report of Sở Ngoại vụ, quý II/2024 (unless told), dated 17/6/2024."""
    data = copy.deepcopy(BASE)
    data["document"]["ngay"] = "2024-06-17"
    data["document"].update(document)
    data["answers"] = answers or {}
    data["period"] = period or data["period"]
    data["unit"] = unit or data["unit"]
    return parse_report(data)


def found(report: Report, names: KnownNames | None = None, today: date = TODAY) -> list[Finding]:
    return content_findings(report, names=names, today=today)


def codes(report: Report, **kwargs: Any) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.code, f.fields) for f in found(report, **kwargs)]


Q3_2025 = {"type": "quy", "year": 2025, "number": 3}


# ---------------------------------------------------------------- 1. period words


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("Trong quý I năm 2024, Sở không ban hành văn bản.", "quý II năm 2024"),
        ("Trong Quý I/2024, Sở không ban hành văn bản.", "Quý II/2024"),
        ("Trong QUÝ 1 NĂM 2024, Sở không ban hành văn bản.", "QUÝ 2 NĂM 2024"),
        ("Kết quả 6 tháng cuối năm 2023 như sau.", "quý II năm 2024"),
        ("Kết quả tháng 01/2024 như sau.", "quý II/2024"),  # another type: the report's own words
        ("Công tác năm 2023 đạt kết quả tốt.", "năm 2024"),
    ],
)
def test_another_period_is_a_warning_with_its_fix(text: str, after: str) -> None:
    [finding] = found(report_of({"tham_dinh_nd": text}))
    assert (finding.code, finding.fields, finding.severity) == (
        "ky_trong_van_ban",
        ("tham_dinh_nd",),
        "warning",
    )
    assert finding.fix is not None and finding.fix.after.casefold() == after.casefold()
    assert "quý II năm 2024" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Trong quý II năm 2024, Sở không ban hành văn bản.",  # the report's own period
        "Kết quả 6 tháng đầu năm 2024 và năm 2024.",  # periods holding the report's
        "Tháng 6/2024 Sở tiếp nhận 3 hồ sơ.",  # a month within the quarter's cut-off
        "Số hồ sơ tăng 12 so với quý I năm 2024.",  # explicitly past
        "Cùng kỳ năm 2023, Sở tiếp nhận 2 hồ sơ.",
        "Số hồ sơ quý II năm 2023 (cùng kỳ) là 2.",
        "Hoàn thành các chỉ tiêu đến năm 2030.",  # a horizon ahead
        "Thực hiện Kế hoạch số 11/KH-UBND ngày 06/01/2024 về kiểm tra năm 2023 trên địa bàn.",  # a title
        "Quyết định số 20/QĐ-UBND ngày 09 tháng 01 năm 2023 của UBND tỉnh.",  # a date, not a period
        "Số liệu tính từ ngày 15/3/2024 đến ngày 14/6/2024.",
    ],
)
def test_what_is_not_another_period(text: str) -> None:
    assert codes(report_of({"tham_dinh_nd": text})) == []


def test_the_next_period_belongs_in_the_next_period_section_only() -> None:
    assert load_kind("bao_cao_kstthc").section("phuong_huong").next_period  # kind data, not code
    ahead = "Trong quý III năm 2024 tiếp tục rà soát."
    assert codes(report_of({"nhiem_vu": ahead})) == []
    [elsewhere] = found(report_of({"danh_gia_chung_nd": "Trong quý III năm 2024, Sở đã tổ chức hội nghị."}))
    assert elsewhere.fix is not None and elsewhere.fix.after == "quý II năm 2024"
    # A stale next period in the next-period section is fixed to the real next one.
    [stale] = found(report_of({"nhiem_vu": "Nhiệm vụ quý III năm 2023."}))
    assert stale.fix is not None and stale.fix.after == "quý III năm 2024"
    assert "không phải kỳ tiếp theo: quý III năm 2024." in stale.message


def test_after_nine_months_the_next_period_is_the_last_quarter() -> None:
    nine = {"type": "9thang", "year": 2024}
    ahead = "Trong quý IV năm 2024 tiếp tục rà soát."
    assert codes(report_of({"nhiem_vu": ahead}, period=nine, ngay="2024-09-20")) == []
    [stale] = found(report_of({"nhiem_vu": "Nhiệm vụ quý IV năm 2023."}, period=nine, ngay="2024-09-20"))
    assert stale.fix is not None and stale.fix.after == "quý IV năm 2024"
    [ahead_a_year] = found(
        report_of({"nhiem_vu": "Nhiệm vụ 9 tháng đầu năm 2025."}, period=nine, ngay="2024-09-20")
    )
    assert "không phải kỳ tiếp theo: quý IV năm 2024." in ahead_a_year.message


def test_a_period_word_in_a_table_cell_names_its_row_and_column() -> None:
    rows = [
        {
            "stt": "1",
            "dia_phuong": "Kết quả quý I năm 2024",
            "rat_hai_long": "",
            "hai_long": "",
            "chua_hai_long": "",
        }
    ]
    report = report_of({"muc_do_hai_long": rows, "phan_mot_cua": "co"})
    [finding] = found(report)
    assert finding.fields == ("muc_do_hai_long",)
    assert "dòng 1, cột «Địa phương»" in finding.message
    assert finding.fix is not None and finding.fix.path == (0, "dia_phuong")


def test_a_custom_range_report_accepts_its_own_year() -> None:
    period = {"type": "tuy_chon", "year": 2023, "from": "2023-01-01", "to": "2023-11-20"}
    report = report_of({"tham_dinh_nd": "Năm 2023 Sở không ban hành văn bản."}, period)
    assert codes(replace(report, document=replace(report.document, ngay=date(2023, 11, 21)))) == []


def test_a_cited_document_of_an_earlier_year_said_to_be_about_this_year_is_a_warning() -> None:
    # The 2026 plan's opening, carried into the 2027 plan: the prefill moved «năm 2026» to «năm
    # 2027» but cannot know the province's new plan, so the number and date are still 2026's.
    stale = "Thực hiện Kế hoạch số 302/KH-UBND ngày 30/12/2025 của UBND tỉnh về kiểm soát TTHC năm 2027."
    plan = replace(plan_2027([], mo_dau=stale), document=replace(plan_2027([]).document, ngay=None))
    [finding] = [f for f in found(plan, today=date(2026, 12, 7)) if f.code == "van_ban_dan_cu"]
    assert finding.fields == ("mo_dau",) and finding.fix is None
    assert finding.message.startswith("«Đoạn mở đầu (căn cứ)»: «302/KH-UBND ngày 30/12/2025»")
    assert "năm 2027" in finding.message and "năm 2025" in finding.message
    spelled = "Căn cứ Kế hoạch số 302/KH-UBND ngày 30 tháng 12 năm 2025 của UBND tỉnh về KSTTHC năm 2027."
    spelled_plan = replace(plan, answers={**plan.answers, "mo_dau": spelled})
    assert "van_ban_dan_cu" in [c for c, _ in codes(spelled_plan, today=date(2026, 12, 7))]
    # The province's plan of the year, dated in December before it or in its January; a document
    # not about the year; "đến năm 2027" ahead of an older programme: none is flagged.
    for text in (
        "Thực hiện Kế hoạch số 280/KH-UBND ngày 25/12/2026 của UBND tỉnh về kiểm soát TTHC năm 2027.",
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 08/01/2027 của UBND tỉnh về kiểm soát TTHC năm 2027.",
        "Thực hiện Quyết định số 52/2013/QĐ-UBND ngày 26/8/2013 của UBND tỉnh về mức chi.",
        "Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 về cải cách hành chính đến năm 2027.",
        # the legal basis of every plan and report of 2027: the year is the sentence's, not the title's
        "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành "
        "chính, Sở Ngoại vụ ban hành Kế hoạch kiểm soát TTHC năm 2027.",
        "Thực hiện Quyết định số 1085/QĐ-TTg ngày 15/9/2022 của Thủ tướng Chính phủ…, Sở ban hành Kế "
        "hoạch năm 2027 như sau:",
        "Tiếp tục triển khai Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ trong năm 2027.",
        "Thực hiện Thông tư số 5/2025/TT-VPCP ngày 31/12/2025 của Văn phòng Chính phủ: năm 2027 Sở báo cáo.",
    ):
        report = replace(plan, answers={**plan.answers, "mo_dau": text})
        assert "van_ban_dan_cu" not in [c for c, _ in codes(report, today=date(2026, 12, 7))], text


# ---------------------------------------------------------------- 1b. deadlines gone by


def plan_2027(rows: list[dict[str, str]], **answers: Any) -> Report:
    """Seed 004's plan moved to 2027 (a department after 01/7/2025), with these task rows."""
    plan = load_answer_file(SEED_FIXTURES / "004_dbb53274ea895b03.json")
    task = {"nhom": "", "muc_tieu": "Rà soát TTHC", "noi_dung": "Rà soát", "ket_qua": "Báo cáo",
            "chu_tri": "Văn phòng Sở", "phoi_hop": "Các phòng"}  # fmt: skip
    table = [{"nhom": "Kiểm soát thủ tục hành chính"}, *({**task, **row} for row in rows)]
    mo_dau = "Thực hiện Kế hoạch số 302/KH-UBND ngày 30/12/2025 của UBND tỉnh về kiểm soát TTHC năm 2027."
    return replace(
        plan,
        period=Period("nam", 2027),
        answers={**plan.answers, "mo_dau": mo_dau, "nhiem_vu": table, **answers},
        document=replace(plan.document, ngay=date(2026, 12, 20)),
    )


def test_a_plan_deadline_left_from_last_year_is_a_warning_with_its_fix() -> None:
    rows = [
        {"thoi_han": "Trước ngày 31/01/2026"},
        {"thoi_han": "15/3/2026"},
        {"thoi_han": "Trước ngày 31/01/2027"},
    ]
    findings = [f for f in found(plan_2027(rows), today=date(2026, 12, 20)) if f.code == "han_da_qua"]
    assert [(f.fields, f.fix and (f.fix.path, f.fix.before, f.fix.after)) for f in findings] == [
        (("nhiem_vu",), ((1, "thoi_han"), "31/01/2026", "31/01/2027")),
        (("nhiem_vu",), ((2, "thoi_han"), "15/3/2026", "15/3/2027")),
    ]
    assert "dòng 2, cột «Thời gian hoàn thành»" in findings[0].message
    assert "còn trước cả năm 2027: thời hạn của kỳ trước" in findings[0].message


@pytest.mark.parametrize(
    ("deadline", "after"),
    [
        ("Quý IV/2025", "Quý IV/2027"),
        ("Tháng 12/2025", "Tháng 12/2027"),
        ("6 tháng đầu năm 2025", "6 tháng đầu năm 2027"),
    ],
)
def test_a_plans_quarter_or_month_of_an_earlier_year_is_fixed_to_the_same_part_of_its_year(
    deadline: str, after: str
) -> None:
    # «Năm 2027» would drop the quarter the task is due in; the plan's own year keeps it. In the
    # column of deadlines it is a deadline gone by (rule 1d), elsewhere a period word (rule 1).
    findings = found(plan_2027([{"thoi_han": deadline}]), today=date(2026, 12, 20))
    [finding] = [f for f in findings if f.fields == ("nhiem_vu",)]
    assert finding.code == "han_da_qua"
    assert finding.fix is not None and (finding.fix.before, finding.fix.after) == (deadline, after)
    findings = found(
        plan_2027([{"noi_dung": f"Rà soát, {deadline}", "thoi_han": "Thường xuyên"}]),
        today=date(2026, 12, 20),
    )
    [finding] = [f for f in findings if f.fields == ("nhiem_vu",)]
    assert finding.code == "ky_trong_van_ban"
    assert finding.fix is not None and (finding.fix.before, finding.fix.after) == (deadline, after)


def test_every_time_of_an_earlier_year_in_a_deadline_cell_is_one_warning_naming_the_cell() -> None:
    """The plan of 2027 sent with 2026's deadlines: cells holding several times were neither moved
    by the prefill nor flagged, only a date alone or right after «trước»."""
    cells = [
        "30/6/2026 và 15/12/2026",
        "Hằng quý, trước ngày 10/3, 10/6, 10/9, 10/12/2026",
        "Tháng 6, 12/2026",
        "Định kỳ 6 tháng (trước 15/6 và 15/12/2026)",
        "Quý I, III/2026",
        "Tháng 6 và tháng 12/2026",
        "Theo Kế hoạch số 12/KH-UBND ngày 15/01/2026, trước 30/6/2027",  # a cited document's date
        "Trước ngày 20/12/2026",  # within the plan's cut-off, but a task of the plan falls due in 2027
        "Thường xuyên",
    ]
    plan = plan_2027([{"thoi_han": c} for c in cells])
    findings = [f for f in found(plan, today=date(2026, 12, 20)) if f.fields == ("nhiem_vu",)]
    assert [(f.code, f.fix and (f.fix.path, f.fix.before, f.fix.after)) for f in findings] == [
        ("han_da_qua", ((1, "thoi_han"), "30/6/2026 và 15/12/2026", "30/6/2027 và 15/12/2027")),
        ("han_da_qua", ((2, "thoi_han"), "10/12/2026", "10/12/2027")),
        ("han_da_qua", ((3, "thoi_han"), "12/2026", "12/2027")),
        ("han_da_qua", ((4, "thoi_han"), "15/12/2026", "15/12/2027")),
        ("han_da_qua", ((5, "thoi_han"), "III/2026", "III/2027")),
        ("han_da_qua", ((6, "thoi_han"), "tháng 12/2026", "tháng 12/2027")),
        ("han_da_qua", ((8, "thoi_han"), "20/12/2026", "20/12/2027")),
    ]
    assert findings[0].message == (
        "«Bảng nhiệm vụ, dòng 2, cột «Thời gian hoàn thành»»: thời hạn «30/6/2026 và 15/12/2026» ghi "
        "«30/6/2026», «15/12/2026» còn trước cả năm 2027: thời hạn của kỳ trước còn để lại?"
    )
    assert (
        "dòng 3," in findings[1].message
        and "«Hằng quý, trước ngày 10/3, 10/6, 10/9, 10/12/2026»" in findings[1].message
    )
    for finding in findings:  # each fix made in turn: nothing is left
        assert finding.fix is not None
        plan = plan.with_answers({**plan.answers, "nhiem_vu": fixed_value(plan, finding.fix)})
    assert [f for f in found(plan, today=date(2026, 12, 20)) if f.fields == ("nhiem_vu",)] == []


def test_a_deadline_cell_of_two_years_ago_is_moved_into_the_plans_year_by_its_fix() -> None:
    plan = plan_2027([{"thoi_han": "Quý IV/2025 và 29/02/2024"}])
    [finding] = [f for f in found(plan, today=date(2026, 12, 20)) if f.fields == ("nhiem_vu",)]
    assert finding.fix is not None and finding.fix.after == "Quý IV/2027 và 28/02/2027"


def test_what_is_not_a_deadline_gone_by() -> None:
    # A deadline word within the plan's cut-off (from 15/12/2026) in a column of other words.
    rows = [{"thoi_han": "Thường xuyên"}, {"thoi_han": "Thường xuyên", "noi_dung": "Trước ngày 20/12/2026"}]
    cited = "Thực hiện Quyết định số 20/QĐ-UBND ngày 09/01/2026 của UBND tỉnh; Sở đã hoàn thành ngày 1/3."
    report = plan_2027(rows, to_chuc_thuc_hien=[cited])  # a cited document's date; no year
    assert "han_da_qua" not in [c for c, _ in codes(report, today=date(2026, 12, 20))]
    # In a report, only the section about the next period holds deadlines to come.
    past = "Hoàn thành rà soát trước ngày 31/12/2023."
    assert codes(report_of({"danh_gia_chung_nd": past})) == []
    [stale] = found(report_of({"nhiem_vu": past}))
    assert (stale.code, stale.fields, stale.fix) == ("han_da_qua", ("nhiem_vu",), None)


# ---------------------------------------------------------------- 2. date ranges


def test_a_backward_range_is_an_error_and_a_data_range_must_be_the_cut_off() -> None:
    text = "Tại Sở (số liệu báo cáo từ 15/3/2024 đến thời điểm 14/3/2024): 3 hồ sơ."
    assert codes(report_of({"giai_quyet_tthc_nd": text})) == [
        ("khoang_ngay_nguoc", ("giai_quyet_tthc_nd",)),
        ("khoang_so_lieu", ("giai_quyet_tthc_nd",)),
    ]
    assert found(report_of({"giai_quyet_tthc_nd": text}))[0].severity == "error"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số liệu từ ngày 15/3/2024 đến ngày 14/6/2024.", []),
        ("Số liệu từ ngày 15 tháng 3 năm 2024 đến ngày 14 tháng 6 năm 2024.", []),
        ("Số liệu từ 15/3 đến 14/6/2024.", []),  # the start's year from the end
        ("Số liệu từ 01/4/2024 đến 30/6/2024.", ["khoang_so_lieu"]),
        ("Số liệu chốt 15/3/2024 - 14/6/2024.", []),
        ("Thực hiện từ 01/3/2024 đến 30/6/2024.", []),  # not the data: any range that runs forward
        ("Thực hiện từ 30/6/2024 đến 01/3/2024.", ["khoang_ngay_nguoc"]),
        ("Từ 31/02/2024 đến 14/6/2024.", []),  # not a date
    ],
)
def test_date_ranges(text: str, expected: list[str]) -> None:
    assert [c for c, _ in codes(report_of({"giai_quyet_tthc_nd": text}))] == expected


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("Số liệu từ ngày 15/3/2025 đến ngày 14/6/2025.", "từ ngày 15/6/2025 đến ngày 14/9/2025"),
        ("(số liệu báo cáo từ 15/3/2025 đến thời điểm 14/3/2025)", "từ 15/6/2025 đến thời điểm 14/9/2025"),
        ("Số liệu từ 15/3 đến 14/6/2025.", "từ 15/6 đến 14/9/2025"),
        (
            "Số liệu từ ngày 15 tháng 3 năm 2025 đến ngày 14 tháng 6 năm 2025.",
            "từ ngày 15 tháng 6 năm 2025 đến ngày 14 tháng 9 năm 2025",
        ),
        ("Số liệu chốt 15/12/2024 - 14/3/2025.", "15/6/2025 - 14/9/2025"),
    ],
)
def test_a_stale_data_range_comes_with_the_cut_off_as_its_fix(text: str, after: str) -> None:
    report = report_of({"mo_dau": text}, period=Q3_2025, ngay="2025-09-20", unit=XA)
    [finding] = [f for f in found(report) if f.code == "khoang_so_lieu"]
    assert finding.fix is not None and finding.fix.after == after
    session = Session(report, names=KnownNames())
    assert session.apply_fix(finding.fix).ok
    assert not [i for i in session.issues() if i.code in ("khoang_so_lieu", "khoang_ngay_nguoc")]


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("Số liệu tính đến ngày 14/9/2025, phường tiếp nhận 30 hồ sơ.", "đến ngày 14/12/2025"),
        ("Chốt số liệu đến hết ngày 14 tháng 6 năm 2025: 30 hồ sơ.", "đến hết ngày 14 tháng 12 năm 2025"),
        ("Số liệu báo cáo tính đến thời điểm 30/6/2025.", "đến thời điểm 14/12/2025"),
        ("Số liệu đến ngày 20/12/2025 trên Cổng Dịch vụ công.", None),  # as of the writing: later
        ("Số liệu tính đến ngày 14/12/2025.", None),  # the cut-off itself
        ("Tăng 5 hồ sơ so với số liệu đến ngày 14/9/2025.", None),  # the past, said so
        ("Hoàn thành đến ngày 14/9/2025.", None),  # not the data
        ("Số liệu từ ngày 15/9/2025 đến ngày 14/12/2025.", None),  # a range's end is read as a range
    ],
)
def test_a_data_date_before_the_period_is_stale_with_the_cut_off_as_its_fix(
    text: str, after: str | None
) -> None:
    q4 = {"type": "quy", "year": 2025, "number": 4}
    report = report_of({"ra_soat_nd": text}, period=q4, ngay="2025-12-18", unit=XA)
    stale = [f for f in found(report) if f.code == "khoang_so_lieu"]
    assert [f.fix.after if f.fix else "" for f in stale] == ([after] if after else [])
    if stale and stale[0].fix is not None:
        session = Session(report, names=KnownNames())
        assert session.apply_fix(stale[0].fix).ok
        assert not [i for i in session.issues() if i.code == "khoang_so_lieu"]


# ---------------------------------------------------------------- 3. numbers


FIGURES = {"hs_tiep_nhan": 255, "hs_da_giai_quyet": 251, "hs_dang_trong_han": 4, "hs_dang_qua_han": 0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số hồ sơ được tiếp nhận: 2237 hồ sơ.", [("giai_quyet_tthc_nd", "hs_tiep_nhan")]),
        ("Tổng số hồ sơ đã tiếp nhận: 255 hồ sơ.", []),
        (
            "Tổng số hồ sơ yêu cầu giải quyết thủ tục hành chính 254 hồ sơ.",
            [("giai_quyet_tthc_nd", "hs_tiep_nhan")],
        ),
        ("Tổng số hồ sơ đã giải quyết: 22.278 hồ sơ.", [("giai_quyet_tthc_nd", "hs_da_giai_quyet")]),
        ("Số hồ sơ đang giải quyết là 04 hồ sơ.", []),
        ("Trong đó 0 hồ sơ được tiếp nhận trực tiếp, 234 hồ sơ tiếp nhận trực tuyến.", []),  # words after
        ("Thực hiện Kế hoạch số 15/KH-UBND, tiếp nhận theo mục 5a.", []),
        ("Tổng số TTHC là 59 thủ tục.", []),  # "Tổng số TTHC" names no figure of its own
    ],
)
def test_a_number_next_to_a_fields_words(text: str, expected: list[tuple[str, str]]) -> None:
    report = report_of({**FIGURES, "giai_quyet_tthc_nd": text})
    assert [f.fields for f in found(report) if f.code == "so_lieu_trong_van_ban"] == expected


def test_a_number_is_not_read_against_a_hidden_or_empty_figure() -> None:
    assert codes(report_of({"giai_quyet_tthc_nd": "Số hồ sơ được tiếp nhận: 2237 hồ sơ."})) == []


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Tiếp nhận 2237 hồ sơ, số hồ sơ số hóa: 237 hồ sơ, đạt tỉ lệ 100%.", True),
        ("Tiếp nhận 2237 hồ sơ, số hồ sơ số hóa: 237 hồ sơ, đạt tỉ lệ 10,59%.", False),
        ("Tiếp nhận 2237 hồ sơ, số hồ sơ số hóa: 237 hồ sơ, đạt tỉ lệ 10%.", False),  # cut, not rounded
        ("Cung cấp 59 thủ tục với 234 hồ sơ, trong đó 234 hồ sơ trực tuyến, chiếm tỉ lệ 100%.", False),
        ("Kết quả số hóa hồ sơ: 237/2237 đạt 97,00%.", True),
        ("Kết quả số hóa hồ sơ: 20.432/22.278 đạt 91,71%.", False),
        ("UBND xã đã đưa 100% số TTHC vào Bộ phận Một cửa.", False),  # no numbers to follow from
        ("Đã giải quyết 1.500 hồ sơ, trong đó 1.493 hồ sơ đúng hạn, đạt tỷ lệ 100%.", True),  # 99,53%
        ("Đã giải quyết 1.500 hồ sơ, trong đó 1.493 hồ sơ đúng hạn, đạt tỷ lệ 99%.", False),  # cut
    ],
)
def test_a_share_must_follow_from_the_numbers_beside_it(text: str, wrong: bool) -> None:
    assert [c for c, _ in codes(report_of({"moi_truong_dien_tu_nd": text}))] == (
        ["ty_le_trong_van_ban"] if wrong else []
    )


# ---------------------------------------------------------------- 4. names of units

SON_NHAM = Unit("UBND XÃ SƠN NHAM", "UBND", "Sơn Nham", "xa", "UBND HUYỆN SƠN HÀ", "UBND xã Sơn Nham")


def test_another_communes_name_is_found_in_the_text_alone() -> None:
    report = report_of(
        {"ra_soat_nd": "Kế hoạch rà soát trên địa bàn xã Sơn Nham. Xã Tân Phú tổ chức."}, unit=XA
    )
    [finding] = found(report)
    assert (finding.code, finding.fields) == ("ten_don_vi_khac", ("ra_soat_nd",))
    assert "«xã Sơn Nham»" in finding.message and "UBND xã Tân Phú" in finding.message


def test_names_the_database_knows_and_former_names() -> None:
    text = "Phối hợp với UBND xã Hòa Bình; trên địa bàn xã Sơn Nham; thôn 3 xã Tân Phú."
    others = KnownNames(others=(replace(SON_NHAM, co_quan="UBND XÃ HÒA BÌNH", ten="UBND xã Hòa Bình"),))
    assert [f.message.split("«")[2] for f in found(report_of({"ra_soat_nd": text}, unit=XA), others)] == [
        "xã Hòa Bình» là tên một đơn vị khác cùng cấp, trong báo cáo của ",
        "xã Sơn Nham» là tên một đơn vị khác cùng cấp, trong báo cáo của ",
    ]
    former = KnownNames(former=(FormerUnit(SON_NHAM, date(2025, 6, 30)),))
    report = report_of({"ra_soat_nd": text}, Q3_2025, XA, ngay="2025-09-20")
    assert [
        (f.code, "đến ngày 30/6/2025" in f.message) for f in found(report, former) if "Sơn" in f.message
    ] == [("ten_cu", True)]
    # Before the renaming the name was right; a sentence about the past may use it.
    earlier = report_of({"ra_soat_nd": text}, unit=XA)
    assert [f.code for f in found(earlier, former) if "Sơn" in f.message] == []  # its name then
    past = report_of(
        {"ra_soat_nd": "Trước khi sáp nhập, xã Sơn Nham đã rà soát."}, Q3_2025, XA, ngay="2025-09-20"
    )
    assert [f.code for f in found(past, former)] == []


PHU_AN = Unit("UBND XÃ PHÚ AN", "UBND", "Phú An", "xa", "UBND HUYỆN CHÂU THÀNH", "UBND xã Phú An")
TAN_PHU_PHUONG = {**XA, "co_quan": "UBND PHƯỜNG TÂN PHÚ", "ten": "UBND phường Tân Phú"}


@pytest.mark.parametrize(
    ("text", "unit", "after"),
    [
        ("Kế hoạch rà soát trên địa bàn xã Phú An năm 2025.", TAN_PHU_PHUONG, "phường Tân Phú"),
        ("Xã Phú An đã rà soát 12 TTHC.", TAN_PHU_PHUONG, "Phường Tân Phú"),
        ("TRÊN ĐỊA BÀN XÃ PHÚ AN.", TAN_PHU_PHUONG, "PHƯỜNG TÂN PHÚ"),
        ("Kiện toàn Bộ phận Một cửa tại UBND xã Phú An.", {**TAN_PHU_PHUONG, "ten": ""}, "phường Tân Phú"),
    ],
)
def test_an_old_name_in_carried_text_comes_with_the_new_name_as_its_fix(
    text: str, unit: dict[str, str], after: str
) -> None:
    """A phường formed from xã Phú An: the old name its report carried is replaced by its own."""
    former = KnownNames(former=(FormerUnit(PHU_AN, date(2025, 6, 30)),))
    report = report_of({"ra_soat_nd": text}, Q3_2025, unit, ngay="2025-09-20")
    [finding] = [f for f in found(report, former) if f.code == "ten_cu"]
    assert finding.fix is not None
    assert (finding.fix.before.casefold(), finding.fix.after) == ("xã phú an", after)
    session = Session(report, names=former)
    assert session.apply_fix(finding.fix).ok
    assert after in session.report.answers["ra_soat_nd"]
    assert not [i for i in session.issues() if i.code == "ten_cu"]


def test_a_department_may_name_other_departments() -> None:
    assert codes(report_of({"ra_soat_nd": "Phối hợp với Sở Tư pháp, Sở Nội vụ."})) == []


# ---------------------------------------------------------------- 5. the reform and replaced texts

POST = {"period": Q3_2025, "unit": XA}


def test_the_district_level_after_the_reform() -> None:
    unit = {**XA, "co_quan_chu_quan": "UBND HUYỆN SƠN HÀ"}
    report = report_of(
        {"pakn_nd": "UBND huyện không tiếp nhận phản ánh.", "tthc_dia_phuong_cap_huyen": 12},
        Q3_2025,
        unit,
        ngay="2025-09-20",
        noi_nhan=["UBND huyện Sơn Hà (báo cáo)", "Lưu VT"],
        kinh_gui=["Văn phòng UBND tỉnh"],
    )
    assert codes(report) == [
        ("cap_huyen", ("noi_nhan",)),
        ("cap_huyen", ("co_quan_chu_quan",)),
        ("cap_huyen", ("pakn_nd",)),
        ("cap_huyen", ("tthc_dia_phuong_cap_huyen",)),
    ]
    assert "«UBND huyện Sơn Hà»" in found(report)[0].message
    before = replace(report, period=Period("quy", 2025, 2))  # its cut-off ended on 14/6/2025
    assert codes(replace(before, document=replace(before.document, ngay=date(2025, 6, 20)))) == []


def test_a_recipient_of_the_district_level_has_a_fix_removing_its_line() -> None:
    report = report_of(
        {}, Q3_2025, XA, ngay="2025-09-20", noi_nhan=["Như trên", "UBND huyện Sơn Hà (báo cáo)", "Lưu VT"]
    )
    [finding] = found(report)
    assert finding.fix is not None and (finding.fix.path, finding.fix.after) == ((1,), "")
    session = Session(report)
    assert session.apply_fix(finding.fix).ok
    assert session.document.noi_nhan == ("Như trên", "Lưu VT")
    assert found(session.report) == []
    text = report_of({"pakn_nd": "UBND huyện không tiếp nhận phản ánh."}, Q3_2025, XA, ngay="2025-09-20")
    assert [f.fix for f in found(text)] == [None]  # inside a sentence: the official rewrites it


def quarter_two_2025(**document: Any) -> Report:
    return report_of({}, {"type": "quy", "year": 2025, "number": 2}, XA, ngay="2025-06-20", **document)


def test_a_prefill_after_the_reform_takes_the_units_own_recipients() -> None:
    previous = quarter_two_2025(
        kinh_gui=["UBND huyện Sơn Hà"], noi_nhan=["Như trên", "UBND huyện Sơn Hà (báo cáo)"], luu="VT"
    )
    own = DocumentInfo(kinh_gui=("UBND tỉnh Quảng Ngãi",), noi_nhan=("Như trên", "Sở Nội vụ"), luu="VT, VP")
    made = recipients_now(
        new_report("bao_cao_kstthc", Period("quy", 2025, 3), previous.unit, own, previous), own, load_law()
    )
    doc = made.report.document
    assert (doc.kinh_gui, doc.noi_nhan, doc.luu) == (own.kinh_gui, own.noi_nhan, "VT, VP")
    assert [n for n in made.notes if "huyện" in n] == [
        "«Kính gửi» của kỳ trước có «UBND huyện Sơn Hà», nhưng cấp huyện không còn từ ngày 01/7/2025: "
        "đã lấy «Kính gửi» của đơn vị (Cài đặt).",
        "«Nơi nhận» của kỳ trước có «UBND huyện Sơn Hà (báo cáo)», nhưng cấp huyện không còn từ ngày "
        "01/7/2025: đã lấy «Nơi nhận» của đơn vị (Cài đặt).",
    ]
    assert [f for f in found(made.report) if f.fields in (("kinh_gui",), ("noi_nhan",))] == []


def test_without_a_list_of_its_own_the_district_lines_are_dropped() -> None:
    previous = quarter_two_2025(noi_nhan=["Như trên", "UBND huyện (báo cáo)", "CT, PCT UBND xã"], luu="VT")
    for own in (DocumentInfo(), previous.document):  # none; or the same (the CLI without --unit-from)
        made = recipients_now(
            new_report("bao_cao_kstthc", Period("quy", 2025, 3), previous.unit, own, previous),
            own,
            load_law(),
        )
        assert made.report.document.noi_nhan == ("Như trên", "CT, PCT UBND xã")
        assert made.report.document.luu == "VT"
        assert any(n.endswith("01/7/2025: đã bỏ dòng đó.") for n in made.notes)


def test_before_the_reform_the_recipients_are_carried() -> None:
    previous = report_of({}, {"type": "quy", "year": 2025, "number": 1}, XA, noi_nhan=["UBND huyện (b/c)"])
    own = DocumentInfo(noi_nhan=("Sở Nội vụ",))
    made = new_report("bao_cao_kstthc", Period("quy", 2025, 2), previous.unit, own, previous)
    assert recipients_now(made, own, load_law()) == made


@pytest.mark.parametrize(
    ("noi_nhan", "text", "quoted"),
    [
        (["UBND các xã, thị trấn"], "", "UBND các xã, thị trấn"),  # seed 002's Nơi nhận
        ([], "UBND thị trấn Trà Cú tiếp nhận 5 hồ sơ.", "UBND thị trấn Trà Cú"),
        ([], "Một số xã, thị trấn còn ít hồ sơ trực tuyến.", "Một số xã, thị trấn còn ít hồ"),
        ([], "Trước khi sắp xếp, UBND thị trấn Trà Cú đã rà soát 12 TTHC.", None),  # the past
        ([], "Các xã, phường, đặc khu đã rà soát TTHC.", None),
        ([], "Thị trường và thị trấn", "Thị trường và thị trấn"),
    ],
)
def test_thi_tran_after_the_reform(noi_nhan: list[str], text: str, quoted: str | None) -> None:
    report = report_of({"pakn_nd": text} if text else {}, Q3_2025, XA, ngay="2025-09-20", noi_nhan=noi_nhan)
    towns = [f for f in found(report) if f.code == "thi_tran"]  # (another unit's name is rule 4's)
    assert [f.message.split("»: «")[-1].split("»:")[0] for f in towns] == ([quoted] if quoted else [])
    assert [f.fields for f in towns] == ([("noi_nhan" if noi_nhan else "pakn_nd",)] if quoted else [])
    before = replace(report, period=Period("quy", 2025, 2))  # its cut-off ended on 14/6/2025
    before = replace(before, document=replace(before.document, ngay=date(2025, 6, 20)))
    assert [f for f in found(before) if f.code == "thi_tran"] == []


def test_a_thi_tran_reporting_after_the_reform_is_named() -> None:
    unit = {**XA, "co_quan": "UBND THỊ TRẤN TRÀ CÚ", "ten": "UBND thị trấn Trà Cú"}
    [finding] = found(report_of(period=Q3_2025, unit=unit, ngay="2025-09-20"))
    assert (finding.code, finding.fields) == ("thi_tran", ("co_quan",))
    assert "«UBND THỊ TRẤN TRÀ CÚ»: từ ngày 01/7/2025 không còn thị trấn" in finding.message


CLOSING = (  # bao_cao_kstthc's ket_luan as the kind writes it for UBND thị trấn Trà Cú, quý III/2025
    "Trên đây là báo cáo kết quả thực hiện kiểm soát TTHC, triển khai cơ chế một cửa, một cửa liên "
    "thông và thực hiện TTHC trên môi trường điện tử quý III năm 2025 của UBND thị trấn Trà Cú."
)


@pytest.mark.parametrize(
    ("closing", "read"),
    [
        (CLOSING, False),
        (CLOSING.replace(" của ", "  của\t"), False),  # spaced otherwise: the kind's own still
        (CLOSING.replace("Trên đây là báo cáo", "Trên đây là Báo cáo"), True),  # its first words rewritten
        (CLOSING.replace("quý III năm 2025", "quý II năm 2025"), True),  # written for another period
        (CLOSING.replace("Trên", "Trên  "), False),
    ],
)
def test_the_kinds_own_closing_is_not_read_unless_rewritten(closing: str, read: bool) -> None:
    """The kind's default text as written for the period and unit is not read (its «thị trấn»
    is the unit's own name, found once on «Tên cơ quan»); changed anywhere, it is the official's."""
    unit = {**XA, "co_quan": "UBND THỊ TRẤN TRÀ CÚ", "ten": "UBND thị trấn Trà Cú"}
    report = report_of({"ket_luan": closing}, Q3_2025, unit, ngay="2025-09-20")
    assert (("thi_tran", ("ket_luan",)) in codes(report)) is read


def test_a_district_itself_reporting_after_the_reform() -> None:
    unit = {**XA, "co_quan": "UBND HUYỆN TRÀ CÚ", "ten": "UBND huyện Trà Cú", "cap": "huyen"}
    assert codes(report_of(period=Q3_2025, unit=unit, ngay="2025-09-20")) == [("cap_huyen", ("co_quan",))]


def test_huyen_in_a_sentence_about_the_past_is_not_flagged() -> None:
    text = "Trước khi sắp xếp, UBND huyện đã giao chỉ tiêu cho xã."
    assert codes(report_of({"pakn_nd": text}, Q3_2025, XA, ngay="2025-09-20")) == []


@pytest.mark.parametrize(
    ("text", "period", "replacement"),
    [
        ("Thực hiện Nghị định số 61/2018/NĐ-CP của Chính phủ.", Q3_2025, "Nghị định số 118/2025/NĐ-CP"),
        ("Thực hiện Nghị định 107/2021/ND-CP.", Q3_2025, "Nghị định số 118/2025/NĐ-CP"),
        ("Theo Nghị định số 61/2018 về một cửa.", Q3_2025, "Nghị định số 118/2025/NĐ-CP"),
        (
            "Thực hiện Thông tư số 01/2020/TT-VPCP.",
            {"type": "quy", "year": 2026, "number": 1},
            "5/2025/TT-VPCP",
        ),
        ("Thực hiện Thông tư số 01/2020/TT-VPCP.", Q3_2025, None),  # in force until 14/02/2026
        ("Thực hiện Nghị định số 61/2018/NĐ-CP.", {"type": "quy", "year": 2025, "number": 2}, None),
        ("Trước đây thực hiện theo Nghị định số 61/2018/NĐ-CP.", Q3_2025, None),  # the past
        ("Thực hiện Thông tư số 01/2018/TT-VPCP.", Q3_2025, None),  # another text
    ],
)
def test_replaced_legal_texts(text: str, period: dict[str, Any], replacement: str | None) -> None:
    report = report_of(
        {"mot_cua_nd": text}, period, XA, ngay="2026-03-20" if period["year"] == 2026 else "2025-09-20"
    )
    found_here = [f for f in found(report) if f.code == "van_ban_thay_the"]
    assert [replacement in f.message for f in found_here] == ([True] if replacement else [])


def test_a_kind_adds_its_own_replaced_texts(tmp_path: Path) -> None:
    extra = """
[[superseded]]
old = "Quyết định số 44/2022/QĐ-UBND"
new = "Quyết định số 12/2025/QĐ-UBND"
from = 2025-08-01
"""
    kind_path = tmp_path / "bao_cao_kstthc.toml"
    kind_path.write_text(
        load_kind("bao_cao_kstthc").path.read_text(encoding="utf-8") + extra, encoding="utf-8"
    )
    kind = load_kind_file(kind_path)
    assert kind.superseded[0].new.text == "Quyết định số 12/2025/QĐ-UBND"
    text = "Thực hiện Quyết định số 44/2022/QĐ-UBND của UBND tỉnh."
    report = report_of({"mot_cua_nd": text}, Q3_2025, XA, ngay="2025-09-20")
    assert [f.code for f in content_findings(report, kind=kind, today=TODAY)] == ["van_ban_thay_the"]
    assert [f.code for f in content_findings(report, today=TODAY)] == []


# ---------------------------------------------------------------- 6. the issue date


@pytest.mark.parametrize(
    ("ngay", "words"),
    [
        ("2024-06-14", "chưa qua ngày chốt số liệu 14/6/2024"),
        ("2024-06-05", "chưa qua ngày chốt số liệu"),
        ("2024-06", None),  # a blank day in June: may well be after the 14th
        ("2024-05", "chưa qua ngày chốt số liệu"),
        ("2024-06-15", None),
        ("2024-06-25", None),  # 11 days after the cut-off: Nghị định 09/2019's 25th
        ("2024-06-26", "muộn hơn hạn gửi báo cáo 25/6/2024"),
        ("2026-02-01", "chưa tới"),
        ("2024-03-14", "còn trước cả kỳ báo cáo, quý II năm 2024, tính số liệu từ ngày 15/3/2024:"),
        ("2023-06-20", "có gõ nhầm ngày, tháng hay năm không?"),  # the year mistyped
    ],
)
def test_the_issue_date(ngay: str, words: str | None) -> None:
    dated = [f for f in found(report_of(ngay=ngay)) if f.code == "ngay_ban_hanh"]
    assert [f.fields for f in dated] == ([("ngay",)] * (1 + (words == "chưa tới")) if words else [])
    if words:
        assert words in dated[0].message or words in dated[-1].message
    assert all((f.severity == "error") == ("còn trước cả kỳ" in f.message) for f in dated)


def test_an_early_date_is_fine_when_the_text_says_the_figures_are_estimates() -> None:
    report = report_of({"giai_quyet_tthc_nd": "Số liệu ước tính đến hết ngày 14/6/2024."}, ngay="2024-06-05")
    assert "ngay_ban_hanh" not in [c for c, _ in codes(report)]


def test_a_plan_is_dated_before_its_year_ends() -> None:
    plan = load_answer_file(SEED_FIXTURES / "004_dbb53274ea895b03.json")
    assert not load_kind("ke_hoach_kstthc").issue_after_cutoff
    assert codes(replace(plan, document=replace(plan.document, ngay=date(2024, 1, 15)))) == []
    assert codes(replace(plan, document=replace(plan.document, ngay=date(2026, 3, 1)))) == [
        ("ngay_ban_hanh", ("ngay",))
    ]


# ---------------------------------------------------------------- 7. carried text, and the hook


def test_text_carried_by_a_prefill_is_read_by_the_same_rules() -> None:
    previous = load_answer_file(SEED_001)
    result = new_report("bao_cao_kstthc", Period("quy", 2024, 3), previous.unit, previous.document, previous)
    session = Session(result.report)
    assert session.set_text("hs_tiep_nhan", "300").ok
    carried = [
        (i.code, i.fields[0])
        for i in session.issues()
        if i.code in ("so_lieu_trong_van_ban", "khoang_so_lieu")
    ]
    assert ("so_lieu_trong_van_ban", "mot_cua_nd") in carried  # "2237" against the new 300
    assert ("khoang_so_lieu", "giai_quyet_tthc_nd") in carried  # the quarter's range was not moved
    # The prefill moved "quý II năm 2024" itself: nothing left to say about it.
    assert not [i for i in session.issues() if i.code == "ky_trong_van_ban"]


def test_check_and_the_session_see_the_content_findings() -> None:
    report = report_of({"tham_dinh_nd": "Trong quý I năm 2024, Sở không ban hành văn bản."})
    issue = next(i for i in check(report) if i.code == "ky_trong_van_ban")
    assert issue.fix is not None and issue.to_json()["fix"]["after"] == "quý II năm 2024"
    session = Session(report, names=KnownNames())
    assert session.issues_for("tham_dinh_nd") == [issue]


# ---------------------------------------------------------------- the fix, through the session


def test_a_fix_edits_the_answer_through_the_session() -> None:
    saved: list[Report] = []
    report = report_of({"tham_dinh_nd": "Dòng đầu.\nTrong **quý I năm 2024**, Sở không ban hành văn bản."})
    session = Session(report, on_change=lambda s: saved.append(s.report))
    issue = next(i for i in session.issues() if i.fix)
    assert issue.fix is not None and issue.fix.path == (1,)
    assert session.apply_fix(issue.fix).ok
    assert (
        session.report.answers["tham_dinh_nd"]
        == "Dòng đầu.\nTrong **quý II năm 2024**, Sở không ban hành văn bản."
    )
    assert saved and session.report.sources["tham_dinh_nd"] == "typed"
    assert not [i for i in session.issues() if i.code == "ky_trong_van_ban"]
    refused = session.apply_fix(issue.fix)  # the words are no longer there
    assert not refused.ok and "quý I năm 2024" in refused.message


def test_fixes_in_the_document_part_and_in_a_table_cell() -> None:
    rows = [
        {
            "stt": "1",
            "dia_phuong": "UBND xã (quý II năm 2024)",
            "rat_hai_long": "",
            "hai_long": "",
            "chua_hai_long": "",
        }
    ]
    report = replace(
        load_answer_file(SEED_001),
        period=Period("quy", 2025, 3),
        answers={"muc_do_hai_long": rows, "phan_mot_cua": "co"},
    )
    session = Session(report)
    for issue in [i for i in session.issues() if i.fix]:
        assert issue.fix is not None and session.apply_fix(issue.fix).ok
    assert session.report.document.trich_yeu.endswith("trong quý III năm 2025")
    assert session.report.answers["muc_do_hai_long"][0]["dia_phuong"] == "UBND xã (quý III năm 2025)"


def test_the_names_the_session_was_given_reach_the_check() -> None:
    report = report_of(
        {"ra_soat_nd": "Phối hợp UBND xã Hòa Bình."},
        unit={**XA, "cap": "so", "co_quan": "SỞ TƯ PHÁP", "ten": "Sở Tư pháp"},
    )
    others = KnownNames(others=(Unit("SỞ NỘI VỤ", "SNV", "Quảng Ngãi", "so", ten="Sở Nội vụ"),))
    assert [i.code for i in Session(report, names=others).issues() if i.code == "ten_don_vi_khac"] == []
    mention = report_of(
        {"ra_soat_nd": "Sở Nội vụ đã ban hành."},
        unit={**XA, "cap": "so", "co_quan": "SỞ TƯ PHÁP", "ten": "Sở Tư pháp"},
    )
    assert [i.code for i in Session(mention, names=others).issues() if i.code == "ten_don_vi_khac"] == [
        "ten_don_vi_khac"
    ]
    assert [i.code for i in Session(mention).issues() if i.code == "ten_don_vi_khac"] == []


def test_a_parents_own_units_are_not_another_units_name() -> None:
    """The province's office (a sở itself) rolls up its departments: their texts come under their
    names on purpose, and its own report names them; a department it does not have still shows."""
    from desktop_app.report.answers import dumps_report
    from desktop_app.report.arrivals import arrival_from_bytes
    from desktop_app.report.rollup_plan import Parent, roll_up
    from tests.rollup_data import QUARTER, departments

    office = Unit("VĂN PHÒNG UBND TỈNH AN GIANG", "VP", "An Giang", "so", ten="Văn phòng UBND tỉnh")
    units = departments()[:3]
    known = KnownNames(
        others=(*(r.unit for r in units), Unit("SỞ Y TẾ", "SYT", "An Giang", "so", ten="Sở Y tế"))
    )
    arrivals = [arrival_from_bytes(f"{r.unit.ky_hieu}.json", dumps_report(r).encode(), None) for r in units]
    rolled = roll_up(
        arrivals,
        "bao_cao_kstthc",
        QUARTER,
        Parent(office),
        ["Sở Tư pháp", "Sở Xây dựng", "Sở Nội vụ", "Sở Công Thương"],
    ).report
    assert rolled is not None
    from desktop_app.report.review_marks import is_mark_line

    # The drafter has condensed the units' words (the marks removed) and added a line of their own.
    kept = [line for line in rolled.answers["danh_gia_chung_nd"].split("\n") if not is_mark_line(line)]
    text = "\n".join([*kept, "Sở Công Thương chưa gửi. Sở Y tế phối hợp."])
    report = rolled.with_answers({**rolled.answers, "danh_gia_chung_nd": text})
    named = [f.message for f in found(report, known) if f.code == "ten_don_vi_khac"]
    assert len(named) == 1 and "«Sở Y tế»" in named[0]
    # Without the roll-up's record, the list the database keeps says the same.
    plain = replace(report, rollup=None)
    listed = replace(known, subordinates=("Sở Tư pháp", "Sở Xây dựng", "SỞ NỘI VỤ"))
    assert [f.message for f in found(plain, listed) if f.code == "ten_don_vi_khac"] == named


def test_a_report_without_texts_has_no_content_findings() -> None:
    kind = load_kind("bao_cao_kstthc")
    from desktop_app.report.prefill import blank_report

    report = blank_report(
        kind, Period("quy", 2024, 2), Unit("SỞ NGOẠI VỤ", "SNgV", "Kiên Giang", "so"), DocumentInfo()
    )
    assert found(report) == []


# ---------------------------------------------------------------- units' words under review marks


def test_units_words_under_review_marks_are_read_once_the_marks_are_gone() -> None:
    """A province's roll-up holds each department's paragraphs under «Cần xem lại»: their years and
    figures are the departments' own, so the content check waits until the drafter removes the marks
    (``check`` holds each such field as an error meanwhile); then it reads them as the province's."""
    from desktop_app.report.arrivals import Arrival
    from desktop_app.report.review_marks import is_mark_line, unreviewed_fields
    from desktop_app.report.rollup_plan import Parent, roll_up
    from tests.rollup_data import PROVINCE, QUARTER, departments

    arrivals = [Arrival(f"{i}.json", report=r) for i, r in enumerate(departments())]
    rolled = roll_up(arrivals, "bao_cao_kstthc", QUARTER, Parent(PROVINCE)).report
    assert rolled is not None
    marked = set(unreviewed_fields(load_kind("bao_cao_kstthc"), rolled.answers))
    assert marked
    assert not {x for f in content_findings(rolled) for x in f.fields} & marked
    assert {i.code for i in check(rolled) if set(i.fields) & marked} == {"chu_don_vi_chua_xem_lai"}

    unmarked = {
        k: "\n".join(line for line in v.split("\n") if not is_mark_line(line)) if k in marked else v
        for k, v in rolled.answers.items()
    }
    findings = content_findings(rolled.with_answers(unmarked))
    assert {
        x for f in findings for x in f.fields
    } & marked  # "năm 2024" in a department's words, now the province's


# ---------------------------------------------------------------- 7. last period's figures


def with_previous(answers: dict[str, Any], previous: dict[str, Any]) -> Report:
    return replace(report_of(answers), previous=previous)


NOW_FIGURES = {"hs_moi_truc_tuyen": 9000, "hs_moi_truc_tiep": 3075, "hs_ky_truoc": 50, "hs_truoc_han": 0,
           "hs_dung_han": 11800, "hs_qua_han": 125, "hs_dang_trong_han": 200}  # fmt: skip
LAST = {
    "hs_da_giai_quyet": 22278,
    "hs_qua_han": 449,
    "tl_qua_han": Decimal("2.0155"),
    "hs_ky_truoc": 50,
    "hs_dang_trong_han": 125,  # this period's hs_qua_han: 125 in the text may mean that one
}


@pytest.mark.parametrize(
    ("text", "shown", "after"),
    [
        (
            "Đã giải quyết 22.278 hồ sơ trong kỳ.",
            "«Đã giải quyết 22.278» là số «Số hồ sơ đã giải quyết» của kỳ trước",
            "11.925",
        ),
        ("Thực hiện xin lỗi đối với 449 hồ sơ trễ hạn.", "kỳ này là 125", "125"),
        ("Tỷ lệ hồ sơ quá hạn còn cao (2,02%).", "«2,02%»", "1,05"),
        ("Tỷ lệ quá hạn 2%.", "kỳ này là 1%", "1"),
    ],
)
def test_a_figure_left_from_the_previous_period_is_said_however_worded(
    text: str, shown: str, after: str
) -> None:
    report = with_previous({**NOW_FIGURES, "danh_gia_chung_nd": text}, LAST)
    [finding] = [f for f in found(report) if f.code == "so_lieu_ky_truoc"]
    assert shown in finding.message and finding.fix is not None and finding.fix.after == after
    assert not [f for f in found(report) if f.code == "so_lieu_trong_van_ban"]  # said once
    session = Session(report)
    assert session.apply_fix(finding.fix).ok
    assert not [i for i in session.issues() if i.code == "so_lieu_ky_truoc"]


def test_a_figure_of_the_previous_period_not_typed_again_yet_is_said_without_a_fix() -> None:
    """Just pre-filled: the received total holds the carried-in 50 only (the new files are not
    typed yet), and nothing is typed of the resolved ones. The text's figures are last period's:
    each is said, told apart by its words, under the figure its words name, and no fix offers
    the partial total («kỳ này là 50») as the period's figure."""
    last = {"hs_tiep_nhan": 22278, "hs_da_giai_quyet": 22278, "hs_moi": 22228, "hs_ky_truoc": 50}
    text = "Tổng số hồ sơ tiếp nhận trong kỳ là 22.278 hồ sơ; đã giải quyết 22.278 hồ sơ."
    report = with_previous({"hs_ky_truoc": 50, "danh_gia_chung_nd": text}, last)
    stale = [f for f in found(report) if f.code == "so_lieu_ky_truoc"]
    assert [f.message.split(": ", 1)[1] for f in stale] == [
        "«… số hồ sơ tiếp nhận trong kỳ là 22.278» là số «Tổng số hồ sơ đã tiếp nhận» của kỳ trước; "
        "số của kỳ này chưa nhập đủ.",
        "«đã giải quyết 22.278» là số «Số hồ sơ đã giải quyết» của kỳ trước; số của kỳ này chưa nhập đủ.",
    ]
    assert all(f.fix is None for f in stale)
    assert not [f for f in found(report) if f.code == "so_lieu_trong_van_ban"]  # 50 is not the figure yet
    typed = with_previous({**NOW_FIGURES, "danh_gia_chung_nd": text}, last)  # every part typed now
    fixes = [f.fix.after for f in found(typed) if f.code == "so_lieu_ky_truoc" and f.fix is not None]
    assert fixes == ["12.125", "11.925"]  # each by its words: the received total, the resolved


@pytest.mark.parametrize(
    "text",
    [
        "Số hồ sơ từ kỳ trước chuyển sang là 50.",  # a figure that has not changed
        "Năm 2024 đã giải quyết nhiều hồ sơ.",  # a year
        "Có 5 hồ sơ cần bổ sung.",  # too small to tell
        "Có 125 hồ sơ giải quyết quá hạn.",  # a figure of this period too
        "So với kỳ trước (22.278 hồ sơ), số hồ sơ giải quyết giảm.",  # the previous figure, on purpose
        "Cùng kỳ năm trước tỷ lệ quá hạn là 2,02%.",
    ],
)
def test_what_is_no_figure_left_from_the_previous_period(text: str) -> None:
    assert "so_lieu_ky_truoc" not in [
        c for c, _ in codes(with_previous({**NOW_FIGURES, "danh_gia_chung_nd": text}, LAST))
    ]


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2026, 1, 20), "còn trước cả tháng 3 năm 2026"),  # February's, left from last month
        (date(2026, 3, 20), None),  # within the month or a day after its cut-off: the figures' day
        (date(2026, 3, 9), None),
        (date(2026, 5, 2), "là một ngày chưa tới"),
    ],
)
def test_a_date_of_the_periods_own_box_is_checked_against_the_period(day: date, said: str | None) -> None:
    monthly = load_answer_file(SEED_FIXTURES / "003_bc5ae3b32bd5b2c1.json")
    report = replace(monthly, period=Period("thang", 2026, 3))
    report = report.with_answers({**report.answers, "ngay_so_lieu_dvcqg": day})
    dated = [f for f in found(report, today=date(2026, 3, 25)) if f.fields == ("ngay_so_lieu_dvcqg",)]
    assert [said in f.message for f in dated] == ([True] if said else [])


def test_a_december_deadline_carried_into_januarys_tasks_has_gone_by() -> None:
    """The January 2027 report, pre-filled from December's, lists the tasks of tháng 02/2027 with
    December's «hoàn thành trước ngày 31/12/2026»: it fell within January's own cut-off (from
    15/12/2026), so it passed unflagged, though gone by before the report was even signed."""
    monthly = load_answer_file(SEED_FIXTURES / "003_bc5ae3b32bd5b2c1.json")
    tasks = "2. Xây dựng Kế hoạch kiểm soát TTHC năm 2027, hoàn thành trước ngày 31/12/2026."
    january = replace(monthly, period=Period("thang", 2027, 1)).with_answers(
        {**monthly.answers, "nhiem_vu": [tasks]}
    )
    [stale] = [f for f in found(january, today=date(2027, 1, 15)) if f.code == "han_da_qua"]
    assert stale.fields == ("nhiem_vu",) and stale.fix is None
    said = "thời hạn «31/12/2026» đã qua khi tháng 01 năm 2027 chốt số liệu (ngày 14/01/2027)"
    assert said in stale.message
    december = replace(january, period=Period("thang", 2026, 12))  # January's task: still to come
    assert "han_da_qua" not in [c for c, _ in codes(december, today=date(2026, 12, 16))]
