"""The issuing body's and parent body's names in the header: line breaks never inside a place."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from desktop_app.document import font_widths
from desktop_app.document.header import column_width_pt, frame_path, header_lines, text_width, title_lines
from desktop_app.document.render import render_report
from desktop_app.report.answers import load_answer_file, save_answer_file
from desktop_app.storage import Store
from tests.core.conftest import FIXTURES

XA = FIXTURES / "reports" / "xa_hoa_binh_quy3_2025.json"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")


def column() -> float:
    return column_width_pt(frame_path())


def test_the_header_column_is_read_from_the_frame() -> None:
    assert column() == pytest.approx(0.4 * 16.5 / 2.54 * 72, abs=0.1)  # 40 % of the 16.5 cm text width


@pytest.mark.parametrize(
    ("name", "bold", "lines"),
    [
        ("ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", True, ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]),
        ("ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", False, ["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"]),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", False, ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]),
        ("VĂN PHÒNG HĐND VÀ UBND THỊ XÃ ĐIỆN BÀN", True, ["VĂN PHÒNG HĐND VÀ UBND", "THỊ XÃ ĐIỆN BÀN"]),
        ("ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUỐC", True, ["ỦY BAN NHÂN DÂN", "ĐẶC KHU PHÚ QUỐC"]),
        ("SỞ NGOẠI VỤ", True, ["SỞ NGOẠI VỤ"]),
        ("UBND TỈNH KIÊN GIANG", False, ["UBND TỈNH KIÊN GIANG"]),
        # what the official typed wins, also where the name would fit on one line
        ("SỞ NGOẠI\nVỤ", True, ["SỞ NGOẠI", "VỤ"]),
        ("ỦY BAN NHÂN DÂN XÃ\n  HÒA BÌNH \n", True, ["ỦY BAN NHÂN DÂN XÃ", "HÒA BÌNH"]),
    ],
)
def test_a_name_breaks_before_its_place(name: str, bold: bool, lines: list[str]) -> None:
    assert header_lines(name, column(), 13, bold=bold) == lines


def test_the_ban_of_uy_ban_is_not_a_place() -> None:
    # "ỦY BAN NHÂN DÂN" with no place: wrapped as a word processor would, never before "BAN"
    lines = header_lines("ỦY BAN NHÂN DÂN VÀ HỘI ĐỒNG NHÂN DÂN LIÊN CƠ QUAN", column(), 13, bold=True)
    assert lines[0].startswith("ỦY BAN") and all(not line.startswith("BAN") for line in lines)


def test_a_line_that_fits_is_never_wider_than_the_column() -> None:
    for name in (
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HÒA BÌNH",
        "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH ĐỒNG NAI",
    ):
        lines = header_lines(name, column(), 13, bold=True)
        assert lines[-1].split()[0] in ("XÃ", "TỈNH")
        assert all(text_width(line, 13, bold=True) <= column() for line in lines)


@pytest.mark.skipif(
    not FONT_DIR.is_dir(), reason="fonts-liberation2 is not installed: nothing to compare with"
)
def test_the_width_table_is_the_fonts_own() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "mfw", Path(__file__).parents[3] / "scripts" / "make_font_widths.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    chars = module.characters()
    assert module.widths(FONT_DIR / "LiberationSerif-Bold.ttf", chars) == font_widths.BOLD
    assert module.widths(FONT_DIR / "LiberationSerif-Regular.ttf", chars) == font_widths.REGULAR
    assert font_widths.BOLD["Ủ"] == 722 and font_widths.REGULAR[" "] == 250  # Times New Roman's


def header_paragraphs(docx: bytes) -> dict[str, list[str]]:
    with zipfile.ZipFile(__import__("io").BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out: dict[str, list[str]] = {"CoQuanChuQuan": [], "CoQuan": []}
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in out:
            out[style.get(f"{W}val")].append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return out


def test_the_document_prints_the_names_on_their_lines() -> None:
    lines = header_paragraphs(render_report(load_answer_file(XA)).data)
    assert lines == {
        "CoQuanChuQuan": ["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"],
        "CoQuan": ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"],
    }


def test_a_typed_break_goes_through_the_answer_file_storage_and_export(tmp_path: Path) -> None:
    report = load_answer_file(XA)
    unit = replace(
        report.unit, co_quan="Ủy ban nhân dân xã\nHòa Bình", co_quan_chu_quan="UBND TỈNH THÁI NGUYÊN"
    )
    typed = unit.co_quan
    save_answer_file(replace(report, unit=unit), tmp_path / "bc.json")
    assert (
        json.loads((tmp_path / "bc.json").read_text("utf-8"))["unit"]["co_quan"]
        == "Ủy ban nhân dân xã\nHòa Bình"
    )
    with Store.open(tmp_path / "a.db") as store:
        report_id = store.import_report(tmp_path / "bc.json")
        store.export_all(tmp_path / "tat_ca.zip")
    with Store.open(tmp_path / "b.db") as other:
        other.import_all(tmp_path / "tat_ca.zip")
        [record] = other.units()
        assert record.co_quan == typed
        moved = other.load_report(other.list_reports()[0].id)
    assert report_id and moved.unit.co_quan == unit.co_quan
    lines = header_paragraphs(render_report(moved).data)
    assert lines["CoQuan"] == ["ỦY BAN NHÂN DÂN XÃ", "HÒA BÌNH"]  # where the official broke it
    assert lines["CoQuanChuQuan"] == ["UBND TỈNH THÁI NGUYÊN"]
    assert moved.unit.ten_goi == "UBND xã Hòa Bình"


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        # a date range breaks before «đến ngày», never between «ngày» and its date
        ("(Từ ngày 15/3/2026 đến ngày 14/6/2026)", 150, ["(Từ ngày 15/3/2026", "đến ngày 14/6/2026)"]),
        # in a name «và» is no break: the name breaks before its place
        (
            "Đơn vị nhận báo cáo: Sở Tài nguyên và Môi trường tỉnh Kiên Giang",
            147,
            ["Đơn vị nhận báo cáo:", "Sở Tài nguyên và Môi trường", "tỉnh Kiên Giang"],
        ),
    ],
)
def test_lines_in_small_letters_break_between_phrases(text: str, width: float, expected: list[str]) -> None:
    assert title_lines(text, width, 12, bold=False) == expected


def test_a_body_starting_inside_a_name_is_no_place_and_does_not_stop_the_wrap() -> None:
    """«Ban» after «Văn phòng» starts a body (as «Sở» does): looking for it among the places'
    level words raised StopIteration, and the Excel forms of such a unit were not written."""
    name = "Đơn vị báo cáo: Văn phòng Ban Chỉ đạo cải cách hành chính tỉnh Kiên Giang"
    assert title_lines(name, 150, 12, bold=False)[-1] == "tỉnh Kiên Giang"
