"""A new period pre-filled from the previous one: figures, carried text, dates, mergers, CLI."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app.report.answers import (
    DocumentInfo,
    Report,
    Signer,
    Unit,
    load_answer_file,
    parse_report,
    save_answer_file,
)
from desktop_app.report.checks import evaluate_report
from desktop_app.report.kinds import Kind, load_kind, load_kind_file
from desktop_app.report.periods import Period
from desktop_app.report.prefill import (
    PrefillError,
    blank_report,
    fill_blanks,
    merge_predecessors,
    move_period_text,
    new_report,
    predecessor_texts_left_out,
    whole_years_between,
)
from tests.core.conftest import BASE, SEED_FIXTURES

ROOT = Path(__file__).resolve().parents[3]
Q2 = Period("quy", 2024, 2)
Q3 = Period("quy", 2024, 3)


# ---------------------------------------------------------------- helpers


def seed_path(number: int) -> Path | None:
    """The seed fixture ``number`` (000 … 004) when it has been written, else None."""
    found = sorted(SEED_FIXTURES.glob(f"{number:03d}_*.json"))
    return found[0] if found else None


def seed_or(number: int, build: dict[str, Any]) -> Report:
    """Seed ``number`` read from its fixture, or the small report ``build`` while it is missing."""
    path = seed_path(number)
    return load_answer_file(path) if path else parse_report(build)


def data(**changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(BASE)
    out.update(changes)
    return out


QUARTER_FIGURES = {
    "tthc_quan_ly": 9,
    "pakn_moi": 2,
    "pakn_da_xu_ly": 1,
    "pakn_dang_xu_ly": 1,
    "hs_moi_truc_tuyen": 10,
    "hs_moi_truc_tiep": 5,
    "hs_dung_han": 9,
    "hs_dang_trong_han": 4,
    "hs_dang_qua_han": 2,
}

TEST_KIND = """
id = "bc_thu"
version = "1"
title = "Báo cáo thử"
ten_loai = "BÁO CÁO"
ma_loai = "BC"
periods = ["quy", "6thang", "9thang", "nam", "tuy_chon"]
trich_yeu = "Thử {{ ky }}"

[[sections]]
id = "so_lieu"
heading = "Số liệu"
level = 1

[[sections.fields]]
id = "hs_moi"
label = "Mới"
type = "integer"

[[sections.fields]]
id = "hs_ky_truoc"
label = "Kỳ trước chuyển qua"
type = "integer"
prefill = "from: hs_dang_giai_quyet"

[[sections.fields]]
id = "hs_tiep_nhan"
label = "Tiếp nhận"
type = "integer"
parts = ["hs_moi", "hs_ky_truoc"]

[[sections.fields]]
id = "hs_dang_trong_han"
label = "Đang trong hạn"
type = "integer"

[[sections.fields]]
id = "hs_dang_qua_han"
label = "Đang quá hạn"
type = "integer"

[[sections.fields]]
id = "hs_dang_giai_quyet"
label = "Đang giải quyết"
type = "integer"
parts = ["hs_dang_trong_han", "hs_dang_qua_han"]

[[sections.fields]]
id = "tthc_quan_ly"
label = "TTHC quản lý"
type = "integer"
prefill = "carry"

[[sections.fields]]
id = "tl_hai_long"
label = "Tỷ lệ hài lòng đọc trên Cổng"
type = "decimal"
percent = true

[[sections.fields]]
id = "tl_qua_han"
label = "Tỷ lệ đang quá hạn"
type = "decimal"
percent = true
compute = "share(hs_dang_qua_han, hs_dang_giai_quyet)"

[[sections]]
id = "van_ban"
heading = "Nội dung"
level = 1

[[sections.fields]]
id = "ket_qua"
label = "Kết quả"
type = "paragraphs"

[[sections.fields]]
id = "phuong_huong"
label = "Phương hướng"
type = "paragraphs"

[[sections.fields]]
id = "ghi_chu"
label = "Ghi chú"
type = "text"
prefill = "reset"
default = "Không có"

[[sections.fields]]
id = "moc"
label = "Các mốc"
type = "lines"

[[sections.fields]]
id = "bang"
label = "Bảng việc"
type = "table"

[[sections.fields.columns]]
id = "viec"
label = "Việc"

[[sections.fields.columns]]
id = "thoi_han"
label = "Thời hạn"

[[sections.fields.columns]]
id = "han_chot"
label = "Hạn chót"
type = "date"
"""

UNIT = Unit(co_quan="SỞ THỬ", ky_hieu="ST", dia_danh="Kiên Giang", cap="so", ten="Sở Thử")
DOC = DocumentInfo(
    so="12",
    ngay=date(2024, 6, 20),
    kinh_gui=("Văn phòng UBND tỉnh",),
    noi_nhan=("UBND tỉnh (b/c)", "Lưu: VT"),
    luu="VT, KSTT",
    nguoi_ky=Signer(chuc_vu="GIÁM ĐỐC", ho_ten="Nguyễn Văn A"),
)


@pytest.fixture
def test_kind(tmp_path: Path) -> Kind:
    path = tmp_path / "bc_thu.toml"
    path.write_text(TEST_KIND, encoding="utf-8")
    return load_kind_file(path)


def thu(period: Period, **answers: Any) -> Report:
    return Report("bc_thu", period, UNIT, DOC, answers)


def run_cli(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


# ---------------------------------------------------------------- quarter II → III


def test_quarter_ii_to_iii_figures_from_seed_000() -> None:
    previous = seed_or(0, data(answers=QUARTER_FIGURES))
    # The closing stock is only known from its parts: the EVALUATED total must carry over.
    answers = {k: v for k, v in previous.answers.items() if k != "hs_dang_giai_quyet"}
    answers.update(hs_dang_trong_han=4, hs_dang_qua_han=2, pakn_dang_xu_ly=1)
    previous = previous.with_answers(answers)
    kind = load_kind("bao_cao_kstthc")
    evaluated = evaluate_report(previous).values

    result = new_report(kind, Q3, previous.unit, DocumentInfo(), previous)
    new = result.report

    assert new.period == Q3 and new.kind == "bao_cao_kstthc"
    assert new.answers["hs_ky_truoc"] == 6 == evaluated["hs_dang_giai_quyet"]
    assert new.answers["pakn_ky_truoc"] == 1 == evaluated["pakn_dang_xu_ly"]
    assert new.sources["hs_ky_truoc"] == new.sources["pakn_ky_truoc"] == "carried"
    for f in kind.fields():
        if f.computed:
            assert f.id not in new.answers
        elif f.prefill.mode == "reset" and not (isinstance(f.default, str) and "{{" in f.default):
            assert new.answers.get(f.id) == f.default, f.id  # flows cleared, or the default
        elif f.prefill.mode == "carry" and f.type not in ("text", "paragraphs", "lines", "table"):
            assert new.answers.get(f.id, previous.answers.get(f.id)) == previous.answers.get(f.id), f.id
    assert new.answers["tthc_quan_ly"] == previous.answers["tthc_quan_ly"]
    # Every evaluated number of the previous report, computed ones included.
    numbers = {f.id for f in kind.fields() if f.is_number and evaluated.get(f.id) is not None}
    assert set(new.previous) == numbers
    assert new.previous["hs_dang_giai_quyet"] == 6
    assert "tl_truc_tuyen" in new.previous
    # Document: number and date blank, the rest carried from the previous report.
    assert new.document.so == "" and new.document.ngay is None
    assert new.document.noi_nhan == previous.document.noi_nhan
    assert new.document.nguoi_ky == previous.document.nguoi_ky
    assert new.document.luu == previous.document.luu


def test_quarter_ii_to_iii_moves_words_in_the_real_kind_text() -> None:
    previous = seed_or(0, data(answers=QUARTER_FIGURES))
    answers = dict(previous.answers)
    answers["nhiem_vu"] = (
        "Phương hướng, nhiệm vụ quý III năm 2024: tiếp tục triển khai.\n"
        "Kết quả quý II năm 2024 được giữ; Trên đây là báo cáo quý II - năm 2024."
    )
    result = new_report("bao_cao_kstthc", Q3, previous.unit, DocumentInfo(), previous.with_answers(answers))
    assert result.report.answers["nhiem_vu"] == (
        "Phương hướng, nhiệm vụ quý IV năm 2024: tiếp tục triển khai.\n"
        "Kết quả quý III năm 2024 được giữ; Trên đây là báo cáo quý III - năm 2024."
    )
    mine = [c for c in result.changes if c.field == "nhiem_vu"]
    assert [(c.before, c.after) for c in mine] == [
        ("quý III năm 2024", "quý IV năm 2024"),
        ("quý II năm 2024", "quý III năm 2024"),
        ("quý II - năm 2024", "quý III - năm 2024"),
    ]
    assert all(c.description for c in mine)


def test_seed_001_xa_quarter_text_moves() -> None:
    path = seed_path(1)
    if path is None:
        pytest.skip("seed 001 chưa có")
    previous = load_answer_file(path)
    kind = load_kind(previous.kind)
    result = new_report(kind, previous.period.next(), previous.unit, DocumentInfo(), previous)
    old_words = previous.period.words().lower()
    for f in kind.fields():
        before = previous.answers.get(f.id)
        after = result.report.answers.get(f.id)
        if f.type in ("text", "paragraphs") and isinstance(before, str) and f.prefill.mode == "carry":
            assert isinstance(after, str)
            assert old_words not in after.lower(), f.id
    assert any(c.before.lower() == old_words for c in result.changes)
    assert {c.field for c in result.changes} <= {f.id for f in kind.fields()} | {"trich_yeu"}


def test_quarter_text_in_every_kind_of_field(test_kind: Kind) -> None:
    previous = thu(
        Q2,
        hs_moi=5,
        hs_dang_trong_han=3,
        hs_dang_qua_han=1,
        tthc_quan_ly=12,
        tl_hai_long=98,
        ket_qua="Trong Quý I/2024 chưa có; QUÝ II NĂM 2024 có 5 hồ sơ.\nQuý II/2024: xong.",
        phuong_huong="PHƯƠNG HƯỚNG, NHIỆM VỤ TRONG QUÍ III NĂM 2024\nNhiệm vụ quý III: rà soát.",
        ghi_chu="Ghi chú cũ",
        moc=["Quyết định số 3314/QĐ-UBND ngày 21/12/2023", "Báo cáo quý II - năm 2024"],
        bang=[{"viec": "Báo cáo quý III năm 2024", "thoi_han": "Trước ngày 15/9/2024", "han_chot": None}],
    )
    result = new_report(test_kind, Q3, UNIT, DocumentInfo(), previous)
    a = result.report.answers
    assert a["ket_qua"] == "Trong Quý II/2024 chưa có; QUÝ III NĂM 2024 có 5 hồ sơ.\nQuý III/2024: xong."
    assert a["phuong_huong"] == "PHƯƠNG HƯỚNG, NHIỆM VỤ TRONG QUÍ IV NĂM 2024\nNhiệm vụ quý IV: rà soát."
    assert a["moc"] == ["Quyết định số 3314/QĐ-UBND ngày 21/12/2023", "Báo cáo quý III - năm 2024"]
    # Between two quarters no date moves: only the period words.
    assert a["bang"] == [
        {"viec": "Báo cáo quý IV năm 2024", "thoi_han": "Trước ngày 15/9/2024", "han_chot": None}
    ]
    assert a["ghi_chu"] == "Không có" and result.report.sources["ghi_chu"] == "default"
    assert a["hs_ky_truoc"] == 4 and a["tthc_quan_ly"] == 12
    assert "hs_moi" not in a and "tl_hai_long" not in a and "tl_qua_han" not in a
    assert result.report.previous["tl_qua_han"] == 25 and result.report.previous["hs_dang_giai_quyet"] == 4
    wheres = {(c.field, c.where) for c in result.changes}
    assert ("ket_qua", "đoạn 1") in wheres and ("moc", "dòng 2") in wheres
    assert ("bang", "dòng 1, cột «Việc»") in wheres
    assert result.notes == ()


def test_quarter_iv_2024_to_quarter_i_2025(test_kind: Kind) -> None:
    q4, q1 = Period("quy", 2024, 4), Period("quy", 2025, 1)
    previous = thu(
        q4,
        hs_dang_trong_han=7,
        ket_qua="Kết quả quý IV năm 2024 (so với Quý III/2024).",
        phuong_huong="Phương hướng quý I năm 2025: hoàn thành trước ngày 15/12/2024.",
    )
    result = new_report(test_kind, q1, UNIT, DOC, previous)
    a = result.report.answers
    assert a["ket_qua"] == "Kết quả quý I năm 2025 (so với Quý IV/2024)."
    assert a["phuong_huong"] == "Phương hướng quý II năm 2025: hoàn thành trước ngày 15/12/2024."
    assert a["hs_ky_truoc"] == 7
    assert result.notes == ()


def test_six_months_to_year(test_kind: Kind) -> None:
    h1, year = Period("6thang", 2024, 1), Period("nam", 2024)
    previous = thu(
        h1,
        hs_dang_trong_han=2,
        ket_qua="Kết quả 6 tháng đầu năm 2024 theo Kế hoạch năm 2024.",
        phuong_huong="Phương hướng, nhiệm vụ 6 tháng cuối năm 2024",
    )
    result = new_report(test_kind, year, UNIT, DOC, previous)
    a = result.report.answers
    assert a["ket_qua"] == "Kết quả năm 2024 theo Kế hoạch năm 2024."
    assert a["phuong_huong"] == "Phương hướng, nhiệm vụ năm 2025"
    assert [(c.before, c.after) for c in result.changes] == [
        ("6 tháng đầu năm 2024", "năm 2024"),
        ("6 tháng cuối năm 2024", "năm 2025"),
    ]
    # The half year does not end just before the year starts: the official is told.
    assert result.notes and "không liền ngay trước" in result.notes[0]


def test_a_custom_periods_gap_note_reads_without_brackets_in_brackets(test_kind: Kind) -> None:
    old = Period.parse("tuy_chon:2023-01-01..2023-11-20")
    new = Period.parse("tuy_chon:2024-01-01..2024-11-20")
    (note,) = new_report(test_kind, new, UNIT, DOC, thu(old, ket_qua="Kết quả năm 2023.")).notes
    assert note.startswith(f"Kỳ trước «{old.words()}» không liền ngay trước kỳ mới «{new.words()}»")
    assert "))" not in note and ") )" not in note


def test_annual_report_words_do_not_cascade(test_kind: Kind) -> None:
    previous = thu(
        Period("nam", 2023),
        ket_qua="Kết quả năm 2023, tăng so với năm 2022.",
        phuong_huong="Phương hướng năm 2024.",
    )
    a = new_report(test_kind, Period("nam", 2024), UNIT, DOC, previous).report.answers
    assert a["ket_qua"] == "Kết quả năm 2024, tăng so với năm 2023."
    assert a["phuong_huong"] == "Phương hướng năm 2025."


# ---------------------------------------------------------------- plans: one year later

PLAN = {
    "format": "soanbaocao.answers/1",
    "kind": "ke_hoach_kstthc",
    "period": {"type": "nam", "year": 2024},
    "unit": BASE["unit"],
    "document": BASE["document"],
    "answers": {
        "mo_dau": "Thực hiện Kế hoạch số 302/KH-UBND ngày 30/12/2023 của UBND tỉnh về kiểm soát thủ tục "
        "hành chính của tỉnh Đồng Nai năm 2024, Sở Ngoại vụ xây dựng Kế hoạch với các nội dung sau:",
        "nhiem_vu": [
            {"nhom": "Hoàn thiện các quy định"},
            {"muc_tieu": "Kế hoạch năm 2024", "chu_tri": "Phòng A", "thoi_han": "Trước ngày 31/01/2024"},
            {"muc_tieu": "Rà soát", "chu_tri": "Phòng A", "thoi_han": "Quý III/2024"},
            {"muc_tieu": "Thường kỳ", "chu_tri": "Phòng A", "thoi_han": "Thường xuyên"},
        ],
        "to_chuc_thuc_hien": "Văn phòng bố trí kinh phí năm 2024.",
        "ket_luan": "Trên đây là Kế hoạch năm 2024.",
    },
}


def test_plan_2024_to_2025_moves_deadlines_not_citations() -> None:
    previous = seed_or(4, PLAN)
    answers = dict(previous.answers)
    rows = list(answers["nhiem_vu"])
    rows.append({"muc_tieu": "Thống kê", "chu_tri": "Phòng A", "thoi_han": "Trước ngày 29/02/2024"})
    rows.append(
        {
            "muc_tieu": "Theo Quyết định số 20/QĐ-UBND ngày 09/01/2024",
            "chu_tri": "VP",
            "thoi_han": "15/3/2024",
        }
    )
    answers["nhiem_vu"] = rows
    previous = previous.with_answers(answers)
    old_rows = previous.answers["nhiem_vu"]

    result = new_report("ke_hoach_kstthc", Period("nam", 2025), previous.unit, DocumentInfo(), previous)
    new = result.report.answers
    deadlines = [
        (o.get("thoi_han"), n.get("thoi_han")) for o, n in zip(old_rows, new["nhiem_vu"], strict=True)
    ]
    assert ("Trước ngày 31/01/2024", "Trước ngày 31/01/2025") in deadlines
    assert ("Quý III/2024", "Quý III/2025") in deadlines
    assert ("Thường xuyên", "Thường xuyên") in deadlines
    assert ("Trước ngày 29/02/2024", "Trước ngày 28/02/2025") in deadlines
    assert ("15/3/2024", "15/3/2025") in deadlines
    assert new["nhiem_vu"][-1]["muc_tieu"] == "Theo Quyết định số 20/QĐ-UBND ngày 09/01/2024"
    # The citation in the opening paragraph keeps its date; the plan's year moves on.
    assert "Kế hoạch số 302/KH-UBND ngày 30/12/2023" in new["mo_dau"]
    assert "năm 2025" in new["mo_dau"] and "năm 2024" not in new["mo_dau"]
    assert "ket_luan" not in new  # reset: the standard closing sentence is printed
    leap = [c for c in result.changes if c.before == "29/02/2024"]
    assert leap and leap[0].after == "28/02/2025" and "29/02" in leap[0].description
    assert all(
        c.field in ("mo_dau", "nhiem_vu", "to_chuc_thuc_hien", "muc_dich", "yeu_cau") for c in result.changes
    )
    assert result.report.document.noi_nhan == previous.document.noi_nhan
    assert result.notes == ()


# Cells of «Thời gian hoàn thành» as officials write them, in the plan of 2026 and as the plan of
# 2027 must print them: every time of 2026 in the cell moves; a cited document does not.
DEADLINE_CELLS = [
    ("30/6/2026 và 15/12/2026", "30/6/2027 và 15/12/2027"),
    (
        "Hằng quý, trước ngày 10/3, 10/6, 10/9, 10/12/2026",
        "Hằng quý, trước ngày 10/3, 10/6, 10/9, 10/12/2027",
    ),
    ("Tháng 6 và tháng 12/2026", "Tháng 6 và tháng 12/2027"),
    ("Tháng 6, 12/2026", "Tháng 6, 12/2027"),
    ("Quý I, III/2026", "Quý I, III/2027"),
    ("Quý I/2026", "Quý I/2027"),
    ("Trong năm 2026", "Trong năm 2027"),
    ("Định kỳ 6 tháng (trước 15/6 và 15/12/2026)", "Định kỳ 6 tháng (trước 15/6 và 15/12/2027)"),
    ("Từ ngày 30 tháng 6 năm 2026 - 31/12/2026", "Từ ngày 30 tháng 6 năm 2027 - 31/12/2027"),
    ("Trước 15/01/2027 (báo cáo năm 2026)", "Trước 15/01/2028 (báo cáo năm 2027)"),
    ("31/12/2026", "31/12/2027"),
    ("Trước ngày 31/01/2026", "Trước ngày 31/01/2027"),
    (
        "Theo Kế hoạch số 12/KH-UBND ngày 15/01/2026 về KSTTHC năm 2026, trước 30/6/2026",
        "Theo Kế hoạch số 12/KH-UBND ngày 15/01/2026 về KSTTHC năm 2026, trước 30/6/2027",
    ),
    ("Theo Thông tư 01/2026 và Quyết định số 5/2026", "Theo Thông tư 01/2026 và Quyết định số 5/2026"),
    ("Giai đoạn 2026-2030", "Giai đoạn 2026-2030"),
    ("31/12/2024 và 30/6/2024", "31/12/2024 và 30/6/2024"),  # not the previous plan's year
    ("Thường xuyên", "Thường xuyên"),
]


def plan_of(year: int, cells: list[str], **row: str) -> Report:
    """Seed 004's plan for ``year`` with one task row a deadline cell."""
    plan = seed_or(4, PLAN)
    rows = [
        {"nhom": "Kiểm soát TTHC"},
        *({"muc_tieu": "Rà soát", "chu_tri": "VP", "thoi_han": c, **row} for c in cells),
    ]
    return replace(plan, period=Period("nam", year), answers={**plan.answers, "nhiem_vu": rows})


def test_every_time_of_last_year_in_a_deadline_cell_moves_to_the_plans_year() -> None:
    previous = plan_of(2026, [before for before, _ in DEADLINE_CELLS])
    result = new_report("ke_hoach_kstthc", Period("nam", 2027), previous.unit, DocumentInfo(), previous)
    moved = [row.get("thoi_han") for row in result.report.answers["nhiem_vu"][1:]]
    assert list(zip([b for b, _ in DEADLINE_CELLS], moved, strict=True)) == DEADLINE_CELLS
    change = next(c for c in result.changes if c.before == "15/12/2026")
    assert (change.field, change.where, change.after) == (
        "nhiem_vu",
        "dòng 2, cột «Thời gian hoàn thành»",
        "15/12/2027",
    )


def test_only_the_column_of_deadlines_moves_every_date() -> None:
    # «Nhiệm vụ» is no deadline column: a date there moves only alone or after a deadline word.
    previous = plan_of(2026, ["Thường xuyên"], noi_dung="Tổng kết các đợt 30/6/2026 và 15/12/2026")
    result = new_report("ke_hoach_kstthc", Period("nam", 2027), previous.unit, DocumentInfo(), previous)
    assert result.report.answers["nhiem_vu"][1]["noi_dung"] == "Tổng kết các đợt 30/6/2026 và 15/12/2026"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("29/02/2028 và 31/8/2028", "28/02/2029 và 31/8/2029"),
        ("Trước 29/02, 31/8/2028", "Trước 28/02, 31/8/2029"),
        ("Trước 29/2, 31/8/2028", "Trước 28/2, 31/8/2029"),
        ("Trước 28/02, 31/8/2028", "Trước 28/02, 31/8/2029"),
    ],
)
def test_a_29_february_in_a_deadline_cell_becomes_the_28th_in_a_year_without_one(
    before: str, after: str
) -> None:
    previous = plan_of(2028, [before])
    result = new_report("ke_hoach_kstthc", Period("nam", 2029), previous.unit, DocumentInfo(), previous)
    assert result.report.answers["nhiem_vu"][1]["thoi_han"] == after
    if "29/" in before:
        assert any("năm 2029 không có ngày 29/02" in c.description for c in result.changes)


def test_table_date_cells_move_by_whole_years(test_kind: Kind) -> None:
    previous = thu(
        Period("nam", 2024),
        bang=[
            {"viec": "Tổng kết", "thoi_han": "", "han_chot": date(2024, 2, 29)},
            {"viec": "Cũ", "thoi_han": "", "han_chot": date(2020, 5, 1)},
        ],
    )
    result = new_report(test_kind, Period("nam", 2025), UNIT, DOC, previous)
    cells = [r["han_chot"] for r in result.report.answers["bang"]]
    assert cells == [date(2025, 2, 28), date(2020, 5, 1)]
    assert [(c.field, c.where) for c in result.changes] == [("bang", "dòng 1, cột «Hạn chót»")]


def test_month_to_month_from_seed_003() -> None:
    path = seed_path(3)
    if path is None:
        pytest.skip("seed 003 chưa có")
    previous = load_answer_file(path)
    result = new_report(previous.kind, Period("thang", 2024, 2), previous.unit, DocumentInfo(), previous)
    mo_dau = result.report.answers["mo_dau"]
    assert "tháng 02/2024 như sau" in mo_dau and "tháng 01/2024" not in mo_dau
    nhiem_vu = result.report.answers["nhiem_vu"]
    assert "Kế hoạch số 03/KH-UBND ngày 08/01/2024" in nhiem_vu
    assert result.report.answers["pakn_kinh_doanh"] == previous.answers["pakn_kinh_doanh"]


def test_custom_range_to_year_from_seed_002() -> None:
    custom = Period("tuy_chon", 2023, None, date(2023, 1, 1), date(2023, 11, 20))
    build = data(
        period={"type": "tuy_chon", "year": 2023, "from": "2023-01-01", "to": "2023-11-20"},
        answers={
            "mo_dau": "Quyết định số 20/QĐ-UBND ngày 09 tháng 01 năm 2023 của UBND tỉnh Ban hành Kế hoạch "
            "năm 2023. Báo cáo năm 2023 (từ ngày 01/01/2023 đến ngày 20/11/2023) như sau:",
            "hs_dang_trong_han": 5,
        },
    )
    previous = seed_or(2, build)
    assert previous.period == custom
    result = new_report(previous.kind, Period("nam", 2024), previous.unit, DocumentInfo(), previous)
    mo_dau = result.report.answers["mo_dau"]
    assert "ngày 09 tháng 01 năm 2023" in mo_dau
    assert "(từ ngày 01/01/2023" not in mo_dau
    assert "năm 2024" in mo_dau
    assert result.report.answers.get("hs_ky_truoc") == evaluate_report(previous).values["hs_dang_giai_quyet"]


# ---------------------------------------------------------------- the text rules themselves

N24, N25 = Period("nam", 2024), Period("nam", 2025)


@pytest.mark.parametrize(
    ("text", "previous", "new", "expected"),
    [
        ("Quý II/2024", Q2, Q3, "Quý III/2024"),
        ("quý II - năm 2024", Q2, Q3, "quý III - năm 2024"),
        ("QUÝ II NĂM 2024", Q2, Q3, "QUÝ III NĂM 2024"),
        ("quý II năm 2024 và quý III năm 2024", Q2, Q3, "quý III năm 2024 và quý IV năm 2024"),
        (
            "tháng 01/2024; tháng 01 năm 2024",
            Period("thang", 2024, 1),
            Period("thang", 2024, 2),
            "tháng 02/2024; tháng 02 năm 2024",
        ),
        (
            "tháng 12/2024, tháng 01/2025",
            Period("thang", 2024, 12),
            Period("thang", 2025, 1),
            "tháng 01/2025, tháng 02/2025",
        ),
        (
            "Kế hoạch số 03/KH-UBND ngày 08/01/2024",
            Period("thang", 2024, 1),
            Period("thang", 2024, 2),
            "Kế hoạch số 03/KH-UBND ngày 08/01/2024",
        ),
        ("9 tháng đầu năm 2024", Period("9thang", 2024), N24, "năm 2024"),
        ("Trước ngày 31/01/2024", N24, N25, "Trước ngày 31/01/2025"),
        ("trước ngày 31 tháng 01 năm 2024", N24, N25, "trước ngày 31 tháng 01 năm 2025"),
        ("31/01/2024", N24, N25, "31/01/2025"),
        ("Hạn: 15/3/2024", N24, N25, "Hạn: 15/3/2025"),
        ("đến hết ngày 31/12/2024", N24, N25, "đến hết ngày 31/12/2025"),
        ("từ ngày 01/01/2024 đến ngày 30/6/2024", N24, N25, "từ ngày 01/01/2025 đến ngày 30/6/2025"),
        ("Trước ngày 15/01/2025", N24, N25, "Trước ngày 15/01/2026"),
        ("Quyết định số 20/QĐ-UBND ngày 09/01/2024", N24, N25, "Quyết định số 20/QĐ-UBND ngày 09/01/2024"),
        (
            "Nghị quyết số 68/NQ-CP ngày 12 tháng 5 năm 2024",
            N24,
            N25,
            "Nghị quyết số 68/NQ-CP ngày 12 tháng 5 năm 2024",
        ),
        ("đã họp ngày 05/3/2024", N24, N25, "đã họp ngày 05/3/2024"),
        ("Nghị định số 45/2020/NĐ-CP ngày 08/4/2020", N24, N25, "Nghị định số 45/2020/NĐ-CP ngày 08/4/2020"),
        ("Trước ngày 31/01/2023", N24, N25, "Trước ngày 31/01/2023"),
        ("Hàng Quý/ Năm", N24, N25, "Hàng Quý/ Năm"),
        ("tháng 6/2024", N24, N25, "tháng 6/2025"),
        ("giai đoạn 2022-2025", N24, N25, "giai đoạn 2022-2025"),
    ],
)
def test_move_period_text(text: str, previous: Period, new: Period, expected: str) -> None:
    moved, edits = move_period_text(text, previous, new)
    assert moved == expected
    assert bool(edits) == (text != expected)


def test_whole_years_between() -> None:
    assert whole_years_between(N24, N25) == 1
    assert whole_years_between(Period("quy", 2024, 4), Period("quy", 2025, 1)) == 0
    assert whole_years_between(Period("6thang", 2024, 1), N24) == 0
    assert whole_years_between(Period("tuy_chon", 2023, None, date(2023, 1, 1), date(2023, 11, 20)), N24) == 1


# ---------------------------------------------------------------- mergers, blank, errors


def test_merged_unit_sums_its_predecessors(test_kind: Kind) -> None:
    a = thu(Q2, hs_dang_trong_han=3, hs_dang_qua_han=1, tthc_quan_ly=10, tl_hai_long=90, ket_qua="Xã A.")
    b = replace(
        thu(Q2, hs_dang_trong_han=2, tthc_quan_ly=None, hs_moi=4, ket_qua="Xã B.", phuong_huong="Xã B đi."),
        unit=replace(UNIT, co_quan="XÃ B"),
    )
    merged = merge_predecessors([a, b], kind=test_kind)
    assert merged.answers["hs_dang_trong_han"] == 5
    assert merged.answers["hs_dang_qua_han"] == 1  # None + 1 = 1
    assert merged.answers["hs_dang_giai_quyet"] == 6  # evaluated totals are summed
    assert merged.answers["tthc_quan_ly"] == 10
    assert merged.answers["hs_moi"] == 4
    assert "hs_ky_truoc" not in merged.answers  # None + None = None
    assert "tl_hai_long" not in merged.answers  # a typed share cannot be added
    assert merged.answers["ket_qua"] == "Xã A."  # text: the first report's
    assert merged.answers["phuong_huong"] == "Xã B đi."  # … or the first that has it
    assert merged.unit == a.unit

    result = new_report(test_kind, Q3, replace(UNIT, co_quan="XÃ MỚI"), DocumentInfo(), merged)
    assert result.report.answers["hs_ky_truoc"] == 6
    assert result.report.unit.co_quan == "XÃ MỚI"
    assert result.report.previous["hs_dang_giai_quyet"] == 6


def test_merged_seed_style_reports_of_the_real_kind() -> None:
    a = parse_report(data(answers={"hs_dang_trong_han": 3, "pakn_dang_xu_ly": 2, "tthc_quan_ly": 7}))
    b = parse_report(data(answers={"hs_dang_trong_han": 4, "hs_dang_qua_han": 1}))
    merged = merge_predecessors([a, b])
    result = new_report("bao_cao_kstthc", Q3, a.unit, DocumentInfo(), merged)
    assert result.report.answers["hs_ky_truoc"] == 8
    assert result.report.answers["pakn_ky_truoc"] == 2
    assert result.report.answers["tthc_quan_ly"] == 7


def test_the_texts_a_merger_leaves_out_are_named_with_their_old_unit(test_kind: Kind) -> None:
    a = thu(Q2, ket_qua="Xã A đã rà soát.", phuong_huong="Xã A sẽ làm.", ghi_chu="Ghi chú của xã A.")
    b = replace(
        thu(Q2, ket_qua="Xã B đã rà soát.", phuong_huong="Xã A sẽ làm.", ghi_chu="Ghi chú của xã B."),
        unit=replace(UNIT, co_quan="UBND XÃ B", ten="UBND xã B"),
    )
    [note] = predecessor_texts_left_out([a, b], kind=test_kind)
    assert test_kind.field("ghi_chu").label not in note  # begun afresh each period: no old unit's text
    assert note.startswith(f"Phần viết của «UBND xã B» ở các mục «{test_kind.field('ket_qua').label}» không")
    assert f"«{a.unit.ten_goi}» trước" in note
    assert test_kind.field("phuong_huong").label not in note  # the same text: nothing left out
    assert predecessor_texts_left_out([a], kind=test_kind) == []
    assert predecessor_texts_left_out([a, replace(b, answers=a.answers)], kind=test_kind) == []


def test_merge_refuses_mixed_reports() -> None:
    a = parse_report(data())
    with pytest.raises(PrefillError):
        merge_predecessors([])
    other_period = replace(a, period=Q3)
    with pytest.raises(PrefillError, match="cùng một kỳ"):
        merge_predecessors([a, other_period])
    plan = parse_report(PLAN)
    with pytest.raises(PrefillError, match="khác loại"):
        merge_predecessors([a, plan])


def test_blank_report_has_only_defaults() -> None:
    kind = load_kind("bao_cao_kstthc")
    report = blank_report(kind, Q3, UNIT, DOC)
    defaults = {f.id: f.default for f in kind.fields() if f.default is not None}
    assert set(report.answers) == set(defaults)
    # a default text naming the period is written for the new period
    assert "{{" not in str(report.answers.get("ket_luan", ""))
    assert report.answers.get("ket_luan", "quý III năm 2024").count("quý III năm 2024") == 1
    assert set(report.sources.values()) <= {"default"}
    assert report.document.so == "" and report.document.ngay is None
    assert report.document.noi_nhan == DOC.noi_nhan and report.previous == {}
    result = new_report(kind, Q3, UNIT, DOC)
    assert result.report == report and result.changes == ()


def test_last_year_values_are_returned(test_kind: Kind) -> None:
    previous = thu(Q2, hs_dang_trong_han=1)
    last_year = thu(Period("quy", 2023, 3), hs_moi=8, hs_dang_trong_han=2, hs_dang_qua_han=2)
    result = new_report(test_kind, Q3, UNIT, DOC, previous, previous_same_period_last_year=last_year)
    assert result.last_year["hs_moi"] == 8
    assert result.last_year["hs_dang_giai_quyet"] == 4
    assert result.last_year["tl_qua_han"] == 50
    assert result.report.last_year == result.last_year
    wrong = replace(last_year, period=Period("quy", 2023, 2))
    notes = new_report(test_kind, Q3, UNIT, DOC, previous, previous_same_period_last_year=wrong).notes
    assert any("cùng kỳ năm trước" in n for n in notes)


@pytest.mark.parametrize(
    ("kind", "period", "message"),
    [
        ("ke_hoach_kstthc", Period("nam", 2025), "loại văn bản"),
        ("bao_cao_kstthc", Period("nam", 2024), "phải kết thúc trước"),
        ("bao_cao_kstthc", Q2, "phải kết thúc trước"),
        ("bao_cao_kstthc", Period("thang", 2024, 7), "không lập theo kỳ"),
        (
            "bao_cao_kstthc",
            Period("tuy_chon", 2024, None, date(2024, 9, 1), date(2024, 7, 1)),
            "không hợp lệ",
        ),
    ],
)
def test_new_report_errors(kind: str, period: Period, message: str) -> None:
    previous = parse_report(data(period={"type": "nam", "year": 2024}))
    if kind == "bao_cao_kstthc" and period == Q2:
        previous = parse_report(data())
    with pytest.raises(PrefillError, match=message):
        new_report(kind, period, UNIT, DOC, previous)


# ---------------------------------------------------------------- the command line


def previous_file(tmp_path: Path) -> Path:
    path = seed_path(0)
    report = load_answer_file(path) if path else parse_report(data(answers=QUARTER_FIGURES))
    answers = dict(report.answers)
    answers.update(hs_dang_trong_han=4, hs_dang_qua_han=2, nhiem_vu="Nhiệm vụ quý III năm 2024.")
    answers.pop("hs_dang_giai_quyet", None)
    out = tmp_path / "quy2.json"
    save_answer_file(report.with_answers(answers), out)
    return out


def test_cli_new_from_previous(tmp_path: Path) -> None:
    prev = previous_file(tmp_path)
    out = tmp_path / "quy3.json"
    done = run_cli(
        tmp_path, "new", "--kind", "bao_cao_kstthc", "--period", "quy:3/2024", "--from", prev, "-o", out
    )
    assert done.returncode == 0, done.stderr
    assert "«quý III năm 2024» → «quý IV năm 2024»" in done.stdout
    assert "[nhiem_vu]" in done.stdout
    report = load_answer_file(out)
    before = load_answer_file(prev)
    assert report.period == Q3 and report.unit == before.unit
    assert report.answers["hs_ky_truoc"] == 6
    assert report.answers["nhiem_vu"] == "Nhiệm vụ quý IV năm 2024."
    assert report.document.so == ""  # the clerk numbers it; its year gone by, dated this month, no day
    assert report.document.ngay == (date.today().year, date.today().month)
    assert report.document.noi_nhan == before.document.noi_nhan


def test_cli_new_after_the_reform_drops_a_district_recipient(tmp_path: Path) -> None:
    before = data(period={"type": "quy", "year": 2025, "number": 2})
    before["document"]["noi_nhan"] = ["Như trên", "UBND huyện Trà Cú (báo cáo)"]
    prev = tmp_path / "quy2_2025.json"
    save_answer_file(parse_report(before), prev)
    out = tmp_path / "quy3_2025.json"
    done = run_cli(
        tmp_path, "new", "--kind", "bao_cao_kstthc", "--period", "quy:3/2025", "--from", prev, "-o", out
    )
    assert done.returncode == 0, done.stderr
    assert load_answer_file(out).document.noi_nhan == ("Như trên",)
    assert "«UBND huyện Trà Cú (báo cáo)», nhưng cấp huyện không còn" in done.stdout


def test_cli_new_ends_with_what_check_finds_in_the_new_file(tmp_path: Path) -> None:
    before = data(period={"type": "quy", "year": 2025, "number": 2})
    before["answers"] = {"mot_cua_nd": "Thực hiện Nghị định số 61/2018/NĐ-CP về một cửa."}
    prev = tmp_path / "quy 2.json"
    save_answer_file(parse_report(before), prev)
    out = tmp_path / "quy 3.json"
    done = run_cli(
        tmp_path, "new", "--kind", "bao_cao_kstthc", "--period", "quy:3/2025", "--from", prev, "-o", out
    )
    assert done.returncode == 0, done.stderr
    issues = json.loads(run_cli(tmp_path, "check", out, "--json").stdout)
    assert issues and not [i for i in issues if i["severity"] == "error"]
    assert done.stdout.splitlines()[-1] == (
        f'Kiểm tra tệp mới: {len(issues)} lưu ý cần xem lại; xem từng chỗ: soanbaocao check "{out}"'
    )
    assert "Không có chỗ nào phải sửa" not in done.stdout


def test_cli_new_blank_with_and_without_unit(tmp_path: Path) -> None:
    prev = previous_file(tmp_path)
    out = tmp_path / "moi.json"
    done = run_cli(
        tmp_path, "new", "--kind", "bao_cao_kstthc", "--period", "nam:2024", "--unit-from", prev, "-o", out
    )
    assert done.returncode == 0, done.stderr
    report = load_answer_file(out)
    assert report.unit == load_answer_file(prev).unit and report.period == N24
    assert "hs_ky_truoc" not in report.answers

    out2 = tmp_path / "trong.json"
    done = run_cli(tmp_path, "new", "--kind", "ke_hoach_kstthc", "--period", "nam:2025", "-o", out2)
    assert done.returncode == 0, done.stderr
    assert "LƯU Ý" in done.stdout and "(TÊN CƠ QUAN)" in done.stdout
    report = load_answer_file(out2)  # placeholders still make a readable answer file
    assert report.unit.co_quan == "(TÊN CƠ QUAN)" and report.answers == {}


def test_cli_new_with_unit_from_a_report_does_not_keep_its_trich_yeu(tmp_path: Path) -> None:
    """The commune's quý II/2024 report gives the unit: a plan made with it had that report's
    trích yếu («… trong quý II năm 2024»); a report of the same kind has it moved to its period."""
    commune = seed_path(1)
    assert commune is not None and "quý II năm 2024" in load_answer_file(commune).document.trich_yeu
    plan = tmp_path / "kh2026.json"
    done = run_cli(
        tmp_path,
        "new",
        "--kind",
        "ke_hoach_kstthc",
        "--period",
        "nam:2026",
        "--unit-from",
        commune,
        "-o",
        plan,
    )
    assert done.returncode == 0, done.stderr
    made = load_answer_file(plan)
    assert made.document.trich_yeu == "" and made.document.noi_nhan == ("CT, PCT UBND xã",)
    assert made.unit == load_answer_file(commune).unit
    quarter = tmp_path / "q1_2026.json"
    done = run_cli(
        tmp_path,
        "new",
        "--kind",
        "bao_cao_kstthc",
        "--period",
        "quy:1/2026",
        "--unit-from",
        commune,
        "-o",
        quarter,
    )
    assert done.returncode == 0, done.stderr
    trich_yeu = load_answer_file(quarter).document.trich_yeu
    assert trich_yeu.endswith("trong quý I năm 2026") and "2024" not in trich_yeu


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "bao_cao_kstthc", "--period", "quy:5/2024"], "Không hiểu kỳ báo cáo"),
        (["--kind", "bao_cao_kstthc", "--period", "quy/2024"], "Không hiểu kỳ báo cáo"),
        (["--kind", "ke_hoach_kstthc", "--period", "nam:2025"], "loại văn bản"),
        (["--kind", "bao_cao_kstthc", "--period", "thang:7/2024"], "không lập theo kỳ"),
        (["--kind", "bao_cao_kstthc", "--period", "quy:2/2024"], "phải kết thúc trước"),
        (["--kind", "bao_cao_kstthc", "--period", "quy:1/2024"], "phải kết thúc trước"),
        (["--kind", "khong_co", "--period", "quy:3/2024"], "Không có loại văn bản"),
    ],
)
def test_cli_new_errors(tmp_path: Path, args: list[str], message: str) -> None:
    prev = previous_file(tmp_path)
    out = tmp_path / "loi.json"
    done = run_cli(tmp_path, "new", *args, "--from", prev, "-o", out)
    assert done.returncode == 2
    assert message in done.stderr
    assert not out.exists()


def test_cli_new_refuses_a_broken_previous_file(tmp_path: Path) -> None:
    prev = tmp_path / "hong.json"
    prev.write_text(json.dumps({"format": "x"}), encoding="utf-8")
    out = tmp_path / "moi.json"
    done = run_cli(
        tmp_path, "new", "--kind", "bao_cao_kstthc", "--period", "quy:3/2024", "--from", prev, "-o", out
    )
    assert done.returncode == 2 and "Tệp trả lời có lỗi" in done.stderr
    assert not out.exists()
    done = run_cli(
        tmp_path, "new", "--kind", "bao_cao_kstthc", "--period", "quy:3/2024", "--from", prev, "-o", prev
    )
    assert done.returncode == 2 and prev.read_text(encoding="utf-8") == json.dumps({"format": "x"})


def test_a_signer_without_a_name_keeps_its_title_when_the_unit_has_no_signer() -> None:
    """A sở writes «GIÁM ĐỐC» and leaves the name to be written at signing: the next period keeps
    the title rather than an empty signature block, unless the unit's own signer says more."""
    untitled = replace(DOC, nguoi_ky=Signer(chuc_vu="GIÁM ĐỐC", quyen_han="KT. GIÁM ĐỐC"))
    assert fill_blanks(untitled, DocumentInfo()).nguoi_ky == untitled.nguoi_ky
    usual = Signer(chuc_vu="PHÓ GIÁM ĐỐC", ho_ten="Trần Thị B", quyen_han="KT. GIÁM ĐỐC")
    assert fill_blanks(untitled, DocumentInfo(nguoi_ky=usual)).nguoi_ky == usual
    assert fill_blanks(DOC, DocumentInfo(nguoi_ky=usual)).nguoi_ky == DOC.nguoi_ky  # a named one stays
