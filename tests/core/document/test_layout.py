"""The Nghị định 30 layout check on a frame rendered with docxtpl, then on mutated copies."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docxtpl import DocxTemplate

from desktop_app.document.layout import LayoutProblem, check_layout

ROOT = Path(__file__).resolve().parents[3]

CONTEXT: dict[str, Any] = {
    "co_quan_chu_quan": "UBND TỈNH KIÊN GIANG",
    "co_quan": "SỞ NGOẠI VỤ",
    "co_quan_chu_quan_dong": ["UBND TỈNH KIÊN GIANG"],
    "co_quan_dong": ["SỞ NGOẠI VỤ"],
    "so_ky_hieu": "Số:      /BC-SNgV",
    "dia_danh_ngay": "Kiên Giang, ngày      tháng 6 năm 2024",
    "ten_loai": "BÁO CÁO",
    "trich_yeu": "Kết quả thực hiện kiểm soát thủ tục hành chính quý II năm 2024",
    "kinh_gui": ["Kính gửi:", "- Văn phòng Ủy ban nhân dân tỉnh;", "- Sở Nội vụ."],
    "chuc_vu": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    "ho_ten": "Nguyễn Văn D",
    "noi_nhan": ["- Như trên;", "- Giám đốc Sở;", "- Lưu: VT, VP."],
}
BODY = [
    "Thực hiện Thông tư số 01/2020/TT-VPCP, Sở Ngoại vụ báo cáo như sau:",
    "- Số hồ sơ đã giải quyết: 22.278 hồ sơ, tỷ lệ 97,98% & đúng hạn.",
    "Trên đây là báo cáo của Sở Ngoại vụ./.",
]


def _load_make_templates() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "scripts" / "make_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_templates"] = module
    spec.loader.exec_module(module)
    return module


def fill_body(frame: Path, dst: Path, texts: list[str]) -> None:
    """Replace the ``#NOI_DUNG#`` paragraph of the frame by NoiDung paragraphs."""
    doc = Document(str(frame))
    placeholder = next(p for p in doc.paragraphs if p.text == "#NOI_DUNG#")
    for text in texts:
        placeholder.insert_paragraph_before(text, style="NoiDung")
    placeholder._p.getparent().remove(placeholder._p)
    doc.save(str(dst))


def render(tmp: Path, context: dict[str, Any] | None = None, body: list[str] | None = None) -> Path:
    frame = tmp / "_khung_nd30.docx"
    if not frame.exists():
        _load_make_templates().build_frame(frame)
    filled = tmp / "filled.docx"
    fill_body(frame, filled, BODY if body is None else body)
    template = DocxTemplate(str(filled))
    template.render(CONTEXT if context is None else context, autoescape=True)
    out = tmp / "out.docx"
    template.save(str(out))
    return out


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("layout"))


def parts(problems: list[LayoutProblem]) -> set[str]:
    return {p.part for p in problems}


def test_rendered_frame_conforms(produced: Path) -> None:
    assert check_layout(produced) == []


def test_without_parent_body_and_single_kinh_gui_conforms(tmp_path: Path) -> None:
    context = dict(
        CONTEXT,
        co_quan_chu_quan="",
        co_quan_chu_quan_dong=[],
        kinh_gui=["Kính gửi: Văn phòng Ủy ban nhân dân tỉnh."],
    )
    out = render(tmp_path, context)
    assert check_layout(out) == []
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert "Kính gửi: Văn phòng Ủy ban nhân dân tỉnh." in texts


def test_date_with_numbers_conforms(tmp_path: Path) -> None:
    context = dict(
        CONTEXT, so_ky_hieu="Số: 05/BC-SNgV", dia_danh_ngay="Kiên Giang, ngày 05 tháng 01 năm 2024"
    )
    assert check_layout(render(tmp_path, context)) == []


# --------------------------------------------------------------------------- mutations

Mutation = Callable[[Any], None]


def _paragraphs(doc: Any, style: str) -> list[Any]:
    found = [p for p in doc.paragraphs if p.style.name == style]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p for p in cell.paragraphs if p.style.name == style and p not in found]
    return found


def _set_text(paragraph: Any, text: str) -> None:
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def wrong_margin(doc: Any) -> None:
    doc.sections[0].left_margin = Mm(25)


def letter_paper(doc: Any) -> None:
    doc.sections[0].page_width = Mm(215.9)
    doc.sections[0].page_height = Mm(279.4)


def arial_run(doc: Any) -> None:
    _paragraphs(doc, "NoiDung")[1].runs[0].font.name = "Arial"


def red_run(doc: Any) -> None:
    _paragraphs(doc, "NoiDung")[1].runs[0].font.color.rgb = RGBColor(0xFF, 0, 0)


def missing_end_mark(doc: Any) -> None:
    _set_text(_paragraphs(doc, "NoiDung")[-1], "Trên đây là báo cáo của Sở Ngoại vụ.")


def noi_nhan_last_without_dot(doc: Any) -> None:
    _set_text(_paragraphs(doc, "NoiNhan")[-1], "- Lưu: VT, VP")


def noi_nhan_without_dash(doc: Any) -> None:
    _set_text(_paragraphs(doc, "NoiNhan")[0], "Như trên;")


def page_number_on_page_one(doc: Any) -> None:
    sect_pr = doc.sections[0]._sectPr
    sect_pr.remove(sect_pr.find(qn("w:titlePg")))


def page_field_in_first_header(doc: Any) -> None:
    header = doc.sections[0].first_page_header
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), " PAGE ")
    header.paragraphs[0]._p.append(simple)


def no_page_number(doc: Any) -> None:
    for paragraph in doc.sections[0].header.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)


def single_digit_number(doc: Any) -> None:
    _set_text(_paragraphs(doc, "SoKyHieu")[0], "Số: 5/BC-SNgV")


def month_with_leading_zero(doc: Any) -> None:
    _set_text(_paragraphs(doc, "DiaDanhNgay")[0], "Kiên Giang, ngày 05 tháng 06 năm 2024")


def quoc_hieu_too_big(doc: Any) -> None:
    _paragraphs(doc, "QuocHieu")[0].runs[0].font.size = Pt(14)


def tieu_ngu_wrong_text(doc: Any) -> None:
    _set_text(_paragraphs(doc, "TieuNgu")[0], "Độc lập – Tự do – Hạnh phúc")


def co_quan_not_bold(doc: Any) -> None:
    _paragraphs(doc, "CoQuan")[0].runs[0].font.bold = False


def chuc_vu_not_caps(doc: Any) -> None:
    paragraph = _paragraphs(doc, "ChucVu")[0]
    paragraph.runs[0].font.all_caps = False
    _set_text(paragraph, "Kt. Giám đốc")


def nguoi_ky_not_bold(doc: Any) -> None:
    _paragraphs(doc, "NguoiKy")[0].runs[0].font.bold = False


def body_not_justified(doc: Any) -> None:
    for paragraph in _paragraphs(doc, "NoiDung"):
        paragraph.alignment = 0  # left


def body_no_indent(doc: Any) -> None:
    _paragraphs(doc, "NoiDung")[0].paragraph_format.first_line_indent = Mm(5)


def body_double_spaced(doc: Any) -> None:
    _paragraphs(doc, "NoiDung")[0].paragraph_format.line_spacing = 2.0


def ten_loai_missing(doc: Any) -> None:
    paragraph = _paragraphs(doc, "TenLoai")[0]
    paragraph._p.getparent().remove(paragraph._p)


MUTATIONS: list[tuple[Mutation, str, str]] = [
    (wrong_margin, "le", "Lề trái 25 mm"),
    (letter_paper, "trang", "A4"),
    (arial_run, "phong_chu", "Arial"),
    (red_run, "phong_chu", "#FF0000"),
    (missing_end_mark, "noi_dung", "./."),
    (noi_nhan_last_without_dot, "noi_nhan", "dấu chấm"),
    (noi_nhan_without_dash, "noi_nhan", "“- ”"),
    (page_number_on_page_one, "so_trang", "trang 1"),
    (page_field_in_first_header, "so_trang", "trang 1"),
    (no_page_number, "so_trang", "PAGE"),
    (single_digit_number, "so_ky_hieu", "“05”"),
    (month_with_leading_zero, "dia_danh_ngay", "“6”"),
    (quoc_hieu_too_big, "quoc_hieu", "14 pt"),
    (tieu_ngu_wrong_text, "tieu_ngu", "Độc lập - Tự do - Hạnh phúc"),
    (co_quan_not_bold, "co_quan", "đậm"),
    (chuc_vu_not_caps, "chuc_vu", "in hoa"),
    (nguoi_ky_not_bold, "nguoi_ky", "đậm"),
    (body_not_justified, "noi_dung", "căn đều"),
    (body_no_indent, "noi_dung", "0,5 cm"),
    (body_double_spaced, "noi_dung", "giãn dòng 2"),
    (ten_loai_missing, "ten_loai", "Thiếu"),
]


@pytest.mark.parametrize(("mutate", "part", "words"), MUTATIONS, ids=[m[0].__name__ for m in MUTATIONS])
def test_mutation_is_reported(
    tmp_path: Path, produced: Path, mutate: Mutation, part: str, words: str
) -> None:
    doc = Document(str(produced))
    mutate(doc)
    mutated = tmp_path / "mutated.docx"
    doc.save(str(mutated))
    problems = check_layout(mutated)
    assert part in parts(problems), problems
    assert any(words in p.message for p in problems if p.part == part), problems
    assert parts(problems) == {part}, problems  # nothing else is blamed


def test_problem_is_frozen_value() -> None:
    problem = LayoutProblem("le", "x")
    assert problem == LayoutProblem("le", "x")
    with pytest.raises(AttributeError):
        problem.part = "trang"  # type: ignore[misc]
