"""Kind ke_hoach_kstthc: the annual plan of administrative-procedure control (seed 004).

The fixture reproduces the seed (Sở Ngoại vụ tỉnh Đồng Nai, năm 2024); the task table's
Stt numbers are computed by the template from the group rows, so they follow inserted rows.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from desktop_app.document.render import render_report
from desktop_app.report.answers import load_answer_file, parse_report
from desktop_app.report.checks import check
from desktop_app.report.kinds import load_kind
from tests.seedtext import SEEDS_DIR, docx_text, similarity

STEM = "004_dbb53274ea895b03"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / f"{STEM}.json"
SEED = SEEDS_DIR / f"{STEM}.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_CM = 1440 / 2.54

# The first cell of every body row of the task table, as the seed prints it: group rows
# "1." … "5." (the seed's dotless "4" and "5" were a slip), task numbers, and "" on the
# rows that continue the task above (under 2.2, 3.1, 4.1 and 5.1).
EXPECTED_STT = [
    "1.",
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "2.",
    "2.1",
    "2.2",
    "",
    "2.3",
    "2.4",
    "2.5",
    "2.6",
    "2.7",
    "2.8",
    "2.9",
    "3.",
    "3.1",
    "",
    "",
    "3.2",
    "3.3",
    "4.",
    "4.1",
    "",
    "4.2",
    "4.3",
    "4.4",
    "5.",
    "5.1",
    "",
]


def fixture_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def render(data: dict[str, Any]) -> bytes:
    return render_report(parse_report(data)).data


def task_table(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    for tbl in root.iter(f"{W}tbl"):
        first = "".join(tbl.find(f"{W}tr").itertext())
        if first.startswith("Stt"):
            return tbl
    raise AssertionError("no task table in the document")


def cell_texts(row: etree._Element) -> list[str]:
    return ["".join(t.text or "" for t in tc.iter(f"{W}t")).strip() for tc in row.findall(f"{W}tc")]


def body_rows(tbl: etree._Element) -> list[list[str]]:
    rows = tbl.findall(f"{W}tr")
    return [cell_texts(r) for r in rows if r.find(f"{W}trPr/{W}tblHeader") is None]


def in_order(text: str, pieces: list[str]) -> None:
    pos = 0
    for piece in pieces:
        found = text.find(piece, pos)
        assert found >= 0, f"not found after position {pos}: {piece!r}"
        pos = found + len(piece)


@pytest.fixture(scope="module")
def seed_docx() -> bytes:
    return render_report(load_answer_file(FIXTURE)).data


# ---------------------------------------------------------------- the kind and the fixture


def test_kind_contract() -> None:
    kind = load_kind("ke_hoach_kstthc")
    assert kind.periods == ("nam",)
    assert (kind.ten_loai, kind.ma_loai) == ("KẾ HOẠCH", "KH")
    table = kind.field("nhiem_vu")
    assert table.type == "table"
    assert [c.id for c in table.columns] == [
        "nhom",
        "muc_tieu",
        "noi_dung",
        "ket_qua",
        "chu_tri",
        "phoi_hop",
        "thoi_han",
    ]
    assert {f.id: f.prefill.mode for f in kind.fields()} == {
        "mo_dau": "carry",
        "muc_dich": "carry",
        "yeu_cau": "carry",
        "nhiem_vu": "carry",
        "to_chuc_thuc_hien": "carry",
        "ket_luan": "reset",
    }
    assert all(f.label and f.help for f in kind.fields())


def test_fixture_loads() -> None:
    report = load_answer_file(FIXTURE)
    assert report.kind == "ke_hoach_kstthc"
    assert (report.period.type, report.period.year) == ("nam", 2024)
    rows = report.answers["nhiem_vu"]
    groups = [r["nhom"] for r in rows if r["nhom"]]
    assert groups == [
        "Hoàn thiện các quy định về kiểm soát thủ tục hành chính",
        "Kiểm soát thủ tục hành chính",
        "Thực hiện cơ chế một cửa, một cửa liên thông",
        "Đẩy mạnh chuyển đổi số toàn diện, thực chất trong giải quyết thủ tục hành chính",
        "Nâng cao hiệu quả giải quyết phản ánh kiến nghị cho người dân, doanh nghiệp",
    ]
    assert len(rows) - len(groups) == 26


def test_fixture_has_no_issues() -> None:
    # The seed names a lead unit and a deadline on every task row, and all its deadlines
    # are in 2024: nothing to report.
    assert check(load_answer_file(FIXTURE)) == []


# ---------------------------------------------------------------- the document


def test_document_follows_the_seed(seed_docx: bytes) -> None:
    text = docx_text(seed_docx)
    in_order(
        text.replace("\u00a0", " "),  # «năm\u00a02024» of the trích yếu read as the seed writes it
        [
            "UBND TỈNH ĐỒNG NAI",
            "SỞ NGOẠI VỤ",
            "/KH-SNgV",
            "Đồng Nai, ngày",
            "tháng 01 năm 2024",
            "KẾ HOẠCH",
            "Kiểm soát thủ tục hành chính của Sở Ngoại vụ năm 2024",
            "Thực hiện Kế hoạch số 302/KH-UBND ngày 30/12/2023 của UBND tỉnh",
            "I. MỤC ĐÍCH VÀ YÊU CẦU",
            "1. Mục đích",
            "Tiếp tục thực hiện hiệu quả thủ tục hành chính (TTHC)",
            "Nghị định số 42/2022/NĐ-CP ngày 24/6/2022",
            "2. Yêu cầu",
            "Động viên, khen thưởng kịp thời",
            "II. NỘI DUNG VÀ THỜI GIAN TRIỂN KHAI",
            "Nội dung thực hiện",
            "Kết quả/ Sản phẩm",
            "Thời gian hoàn thành",
            "Mục tiêu",
            "Nhiệm vụ",
            "Hoàn thiện các quy định về kiểm soát thủ tục hành chính",
            "Trước ngày 31/01/2024",
            "Kiến toàn Hệ thống cán bộ đầu mối",
            "Bộ phận TN&TKQ của đơn vị, địa phương",
            "Quyết định phê duyet PA đơn giản hóa",
            "Quý III/2024",
            "TTHC nội bộ đã bộ đã được Chủ tịch UBND tỉnh phê duyệt",
            "Ban hành danh mục TTHC giải quyết không phụ thuộc địa giới",
            "Khi có hướng dẫn của Bộ ngành TW",
            "Tỷ lệ hài lòng người dân về giải quyết PAKN đạt tối thiểu 93%",
            "III. TỔ CHỨC THỰC HIỆN",
            "Quyết định số 52/2013/QĐ-UBND ngày 26/8/2013",
            "Trên đây là Kế hoạch kiểm soát thủ tục hành chính của Sở Ngoại vụ năm 2024./.",
            "Nơi nhận:",
            "- UBND tỉnh (b/c);",
            "- Ban Giám đốc Sở;",
            "- Các phòng chuyên môn, đơn vị thuộc Sở;",
            "- Lưu: VT, LS-NVNONN.",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Trần Quốc Toàn",
        ],
    )


def test_similarity_to_seed(seed_docx: bytes) -> None:
    assert similarity(SEED, seed_docx) >= 0.9


def test_table_rows_numbers_and_cells(seed_docx: bytes) -> None:
    rows = body_rows(task_table(seed_docx))
    assert [r[0] for r in rows] == EXPECTED_STT
    # Group rows: the number, then the title across the six other columns.
    assert rows[0] == ["1.", "Hoàn thiện các quy định về kiểm soát thủ tục hành chính"]
    # Group 1: no «Nhiệm vụ», so «Mục tiêu» spans both columns (6 cells).
    assert rows[1] == [
        "1.1",
        "Tổ chức, triển khai thực hiện Kế hoạch kiểm soát thủ tục hành chính năm 2024 của Sở Ngoại vụ",
        "Kế hoạch Kiểm soát TTHC năm 2024",
        "Phòng Lãnh sự - NVNONN",
        "Văn phòng Sở",
        "Trước ngày 31/01/2024",
    ]
    # A continuation row: empty Stt and Mục tiêu, its own task.
    assert rows[8] == [
        "",
        "",
        "Cấu hình quy trình nội bộ, quy trình điện tử lên phần mềm Một cửa (Egov) của tỉnh",
        "Quy trình điện tử được cấu hình trên Egov",
        "Phòng Lãnh sự - NVNONN",
        "Văn phòng Sở",
        "Thường xuyên",
    ]
    assert rows[9][2].endswith("tại Bộ phận TN&TKQ của đơn vị, địa phương")
    assert rows[-1][-1] == "Thường xuyên"


def test_table_layout() -> None:
    kind = load_kind("ke_hoach_kstthc")
    with zipfile.ZipFile(kind.template_path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    tbl = next(root.iter(f"{W}tbl"))
    grid = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
    assert len(grid) == 7
    assert sum(grid) <= round(16.5 * TWIPS_PER_CM)
    header = [r for r in tbl.findall(f"{W}tr") if r.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(header) == 2  # "Nội dung thực hiện" over "Mục tiêu" / "Nhiệm vụ", repeated on every page
    styles = {s.get(f"{W}val") for s in tbl.iter(f"{W}pStyle")}
    assert "BangChu" in styles


# ---------------------------------------------------------------- computed numbers


def test_numbers_follow_an_inserted_row() -> None:
    data = fixture_data()
    rows = data["answers"]["nhiem_vu"]
    new = {
        "muc_tieu": "Mục tiêu mới",
        "noi_dung": "Nhiệm vụ mới",
        "chu_tri": "Văn phòng Sở",
        "thoi_han": "Quý I/2024",
    }
    rows.insert(1, new)
    rows.insert(0, {"muc_tieu": "Trước mọi nhóm", "chu_tri": "Văn phòng Sở", "thoi_han": "Thường xuyên"})
    stt = [r[0] for r in body_rows(task_table(render(data)))]
    assert stt[:7] == ["1", "1.", "1.1", "1.2", "1.3", "1.4", "1.5"]
    assert stt[7:] == EXPECTED_STT[5:]


def test_group_row_with_a_task_prints_both() -> None:
    data = fixture_data()
    rows = data["answers"]["nhiem_vu"]
    first_task = rows.pop(1)
    rows[0].update(first_task)
    rows[0]["noi_dung"] = "Nhiệm vụ trên dòng nhóm"
    table = body_rows(task_table(render(data)))
    assert [r[0] for r in table[:3]] == ["1.", "1.1", "1.2"]
    assert table[1][2] == "Nhiệm vụ trên dòng nhóm"
    issues = [(i.code, i.fields, i.severity) for i in check(parse_report(data))]
    assert issues == [("nhiem_vu_dong_nhom_co_noi_dung", ("nhiem_vu",), "warning")]


def test_closing_sentence_can_be_replaced() -> None:
    data = fixture_data()
    data["answers"]["ket_luan"] = "Đề nghị các phòng nghiêm túc thực hiện"
    text = docx_text(render(data))
    assert "Đề nghị các phòng nghiêm túc thực hiện./." in text
    assert "Trên đây là Kế hoạch" not in text


# ---------------------------------------------------------------- rules


def test_task_without_lead_unit_or_deadline_is_reported() -> None:
    data = fixture_data()
    rows = data["answers"]["nhiem_vu"]
    rows[2]["chu_tri"] = ""  # 1.2
    rows[8]["thoi_han"] = ""  # the continuation row under 2.2
    rows.append({})  # a blank row left at the end
    issues = check(parse_report(data))
    assert [(i.code, i.fields, i.severity) for i in issues] == [
        ("nhiem_vu_thieu_chu_tri", ("nhiem_vu",), "warning"),
        ("nhiem_vu_thieu_thoi_han", ("nhiem_vu",), "warning"),
    ]
    assert "dòng 3" in issues[0].message and "dòng 32" in issues[0].message
    assert "dòng 9" in issues[1].message


def test_group_rows_need_no_lead_unit() -> None:
    data = fixture_data()
    assert all(not r.get("chu_tri") for r in data["answers"]["nhiem_vu"] if r.get("nhom"))
    assert check(parse_report(data)) == []


def test_empty_plan_is_reported() -> None:
    data = fixture_data()
    data["answers"] = {}
    codes = {(i.code, i.fields) for i in check(parse_report(data))}
    required = ("mo_dau", "muc_dich", "yeu_cau", "nhiem_vu", "to_chuc_thuc_hien")
    assert codes == {("bat_buoc", (f,)) for f in required}
