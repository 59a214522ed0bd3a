"""The forms as Phụ lục pages of the report: own landscape section, own page numbers."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Twips
from lxml import etree

from desktop_app.document.appendix import (
    add_appendix_to_docx,
    append_appendix,
    appendix_xml,
    attach_appendices,
    attached_note,
)
from desktop_app.document.forms import FORM_05, FORM_06, Form
from desktop_app.document.layout import check_layout
from desktop_app.document.render import render_report, verify_docx
from desktop_app.report.answers import Report, load_answer_file
from desktop_app.system.converters import docx_to_pdf, find_soffice
from desktop_app.vnformat import BLANK
from tests.core.conftest import SEED_FIXTURES

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = f"{{{W_NS}}}"
SO = SEED_FIXTURES / "000_a555c7217f5d5664.json"
HUYEN = SEED_FIXTURES / "002_783f40fcc350287c.json"

needs_soffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None,
    reason="no LibreOffice or poppler",
)


def units(report: Report) -> list[tuple[str, Report]]:
    return [(report.unit.ten_goi, report)]


def patched(data: bytes, xml: str) -> bytes:
    """Unzip the DOCX, patch document.xml with append_appendix, zip it again."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    append_appendix(root, xml)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def with_appendix(path: Path, forms: list[Form] | None = None) -> bytes:
    report = load_answer_file(path)
    rendered = render_report(report)
    xml = appendix_xml(forms or [FORM_06], units(report), report, rendered.context["so_ky_hieu"])
    return patched(rendered.data, xml)


# ---------------------------------------------------------------- append_appendix on its own


PORTRAIT = (
    f'<w:sectPr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
    '<w:headerReference w:type="default" r:id="rIdH1"/><w:headerReference w:type="first" r:id="rIdH2"/>'
    '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/>'
    "<w:titlePg/></w:sectPr>"
)


def tiny_document(last: str) -> Any:
    return etree.fromstring(
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
        f"<w:p><w:r><w:t>Nội dung</w:t></w:r></w:p>{last}{PORTRAIT}</w:body></w:document>"
    )


def test_the_paragraph_that_ends_the_main_text_takes_the_portrait_section() -> None:
    root = tiny_document('<w:p><w:pPr><w:pStyle w:val="DuongKe"/></w:pPr></w:p>')
    append_appendix(root, "<w:p><w:r><w:t>Phụ lục I</w:t></w:r></w:p>")
    body = root.find(f"{W}body")
    children = list(body)
    assert [c.tag.split("}")[1] for c in children] == ["p", "p", "p", "sectPr"]
    main_end = children[1].find(f"{W}pPr/{W}sectPr")
    assert main_end is not None
    assert main_end.find(f"{W}pgSz").get(f"{W}w") == "11906"
    assert len(main_end.findall(f"{W}headerReference")) == 2
    assert children[1].find(f"{W}pPr/{W}pStyle") is not None  # the same paragraph, not a new one
    final = children[-1]
    size = final.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == ("16838", "11906", "landscape")
    assert final.find(f"{W}pgNumType").get(f"{W}start") == "1"
    refs = [(r.get(f"{W}type"), r.get(f"{{{R_NS}}}id")) for r in final.findall(f"{W}headerReference")]
    assert refs == [("default", "rIdH1"), ("first", "rIdH2")]
    assert final[0].tag == f"{W}headerReference"  # schema order: references first


def test_a_main_text_ending_in_a_table_gets_its_own_closing_paragraph() -> None:
    root = tiny_document("<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>")
    append_appendix(root, "<w:p/>")
    children = list(root.find(f"{W}body"))
    assert [c.tag.split("}")[1] for c in children] == ["p", "tbl", "p", "p", "sectPr"]
    assert children[2].find(f"{W}pPr/{W}sectPr/{W}pgSz").get(f"{W}h") == "16838"


def test_several_forms_are_several_landscape_sections() -> None:
    report = load_answer_file(HUYEN)
    xml = appendix_xml([FORM_05, FORM_06], units(report), report, "533/BC-UBND")
    root = tiny_document("<w:p/>")
    append_appendix(root, xml)
    body = root.find(f"{W}body")
    sections = list(body.iter(f"{W}sectPr"))
    assert len(sections) == 3
    assert [s.find(f"{W}pgSz").get(f"{W}orient") for s in sections] == [None, "landscape", "landscape"]
    assert [s.find(f"{W}pgNumType") is not None for s in sections] == [False, True, True]
    assert all(s.find(f"{W}headerReference") is not None for s in sections)
    texts = ["".join(p.itertext()) for p in body.iter(f"{W}p")]
    assert texts.index("Phụ lục I") < texts.index("Phụ lục II")


def test_the_note_names_the_report_its_date_and_its_unit() -> None:
    report = load_answer_file(HUYEN)
    expected = "(Kèm theo Báo cáo số 533/BC-UBND ngày 21 tháng 11 năm 2023 của Ủy ban nhân dân huyện Trà Cú)"
    assert attached_note(report, "Số: 533/BC-UBND") == expected
    assert attached_note(report, "533/BC-UBND") == expected


def test_the_note_keeps_blanks_for_the_records_clerk() -> None:
    report = load_answer_file(SO)  # no number, date "2024-06" (day left blank)
    blank = f"(Kèm theo Báo cáo số {BLANK}/BC-SNgV ngày {BLANK} tháng 6 năm 2024 của Sở Ngoại vụ)"
    assert attached_note(report, f"Số: {BLANK}/BC-SNgV") == blank
    assert attached_note(report, "") == blank


# ---------------------------------------------------------------- in a rendered report


def test_appended_report_is_valid_and_has_a_landscape_second_section(tmp_path: Path) -> None:
    data = with_appendix(HUYEN)
    verify_docx(data)
    path = tmp_path / "bao_cao.docx"
    path.write_bytes(data)
    doc = Document(str(path))
    assert len(doc.sections) == 2
    main, appendix = doc.sections
    assert main.orientation == WD_ORIENT.PORTRAIT and main.page_width == Twips(11906)
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert (appendix.page_width, appendix.page_height) == (Twips(16838), Twips(11906))
    assert appendix._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
    assert not appendix.header.is_linked_to_previous  # its own page-number header
    assert appendix.different_first_page_header_footer
    assert check_layout(path) == []


def test_appendix_texts_and_table(tmp_path: Path) -> None:
    data = with_appendix(HUYEN)
    doc = Document(io.BytesIO(data))
    styled = {(p.style.style_id, p.text) for p in doc.paragraphs if p.style is not None}
    assert ("PhuLucTieuDe", "Phụ lục I") in styled
    assert ("PhuLucTen", "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH") in styled
    note = "(Kèm theo Báo cáo số 533/BC-UBND ngày 21 tháng 11 năm 2023 của Ủy ban nhân dân huyện Trà Cú)"
    assert ("PhuLucGhiChu", note) in styled
    texts = [p.text for p in doc.paragraphs]
    assert "Kỳ báo cáo: Năm 2023 (Từ ngày 01/01/2023 đến ngày 20/11/2023)" in texts
    assert "Biểu số 06b.VPCP.KSTTHC\tĐơn vị tính: Số hồ sơ TTHC" in texts
    units = next(t for t in texts if t.startswith("Đơn vị báo cáo: "))
    assert units.split("\n")[1].startswith("Đơn vị nhận báo cáo: ")  # at the right, as domain §5 shows
    table = doc.tables[-1]
    numbers = [c.text for c in table.rows[3].cells]
    assert numbers == [f"({i})" for i in range(1, 14)]
    unit = table.rows[4]
    assert [c.text for c in unit.cells][:2] == ["1", "Ủy ban nhân dân huyện Trà Cú"]
    assert [c.text for c in unit.cells][2:] == [
        "22.278", "15.561", "6.717", "0", "22.278", "21.829", "21.829", "449", "0", "0", "0"
    ]  # fmt: skip
    total = table.rows[5]
    assert total.cells[1].text == "Tổng cộng"
    assert all(r.bold for p in total.cells[2].paragraphs for r in p.runs)
    assert table.rows[0].cells[2].text == "Số hồ sơ nhận giải quyết"
    assert table.rows[2].cells[3].text == "Trực tuyến"


def test_table_headings_merge_and_repeat_on_each_page() -> None:
    report = load_answer_file(HUYEN)
    xml = appendix_xml([FORM_06], units(report), report, "533/BC-UBND")
    table = etree.fromstring(f'<w:body xmlns:w="{W_NS}">{xml}</w:body>').find(f"{W}tbl")
    rows = table.findall(f"{W}tr")
    assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows] == [True] * 4 + [False] * 2
    spans = [int(g.get(f"{W}val")) for g in rows[0].iter(f"{W}gridSpan")]
    assert spans == [4, 4, 3]
    assert [v.get(f"{W}val") for v in rows[0].iter(f"{W}vMerge")] == ["restart", "restart"]
    assert len(rows[1].findall(f"{W}tc")) == 2 + 1 + 1 + 1 + 4 + 3  # STT, label continue
    assert sum(int(g.get(f"{W}w")) for g in table.iter(f"{W}gridCol")) == 16838 - 2 * 1134


def test_attach_appendices_only_when_ticked() -> None:
    report = load_answer_file(SO)
    data = render_report(report).data
    assert attach_appendices(data, report, "") == data
    ticked = report.with_answers({**report.answers, "phu_luc_05": True, "phu_luc_06": True})
    attached = attach_appendices(data, ticked, "")
    verify_docx(attached)
    doc = Document(io.BytesIO(attached))
    assert len(doc.sections) == 3
    assert [p.text for p in doc.paragraphs if p.style is not None and p.style.style_id == "PhuLucTieuDe"] == [
        "Phụ lục I",
        "Phụ lục II",
    ]
    xml = appendix_xml([FORM_06], units(report), report, "")
    assert add_appendix_to_docx(data, xml) != data


# ---------------------------------------------------------------- printed


def pdf_pages(pdf: Path) -> tuple[list[str], list[str]]:
    info = subprocess.run(["pdfinfo", "-l", "99", str(pdf)], capture_output=True, text=True, check=True)
    sizes = [line for line in info.stdout.splitlines() if line.startswith("Page") and "size" in line]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return sizes, text.stdout.split("\f")[:-1]


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


@needs_soffice
@pytest.mark.soffice
def test_printed_appendix_is_a_landscape_last_page(tmp_path: Path) -> None:
    data = with_appendix(HUYEN)
    docx = tmp_path / "bao_cao.docx"
    docx.write_bytes(data)
    sizes, pages = pdf_pages(docx_to_pdf(docx, tmp_path))
    assert "595.3" in sizes[0].split("x")[0] and "841.89" in sizes[0]  # portrait report
    assert "841.89 x 595" in sizes[-1]
    assert all("x 841.89" in s for s in sizes[:-1])
    last = pages[-1]
    assert last.strip().splitlines()[0].strip() == "Phụ lục I"  # no page number on its page 1
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in last
    assert "22.278" in last and "21.829" in last and "449" in last
    assert "Nơi nhận:" in pages[-2]
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(len(pages)), str(tmp_path / "bao_cao.pdf"),
                    str(tmp_path / "trang")], check=True)  # fmt: skip
    image = next(tmp_path.glob("trang-*.png"))
    width, height = png_size(image)
    assert width > height


@needs_soffice
@pytest.mark.soffice
def test_a_long_roll_up_numbers_its_appendix_pages_from_one(tmp_path: Path) -> None:
    report = load_answer_file(HUYEN)
    rendered = render_report(report)
    many = [(f"Đơn vị {i}", report) for i in range(1, 31)]
    xml = appendix_xml([FORM_06], many, report, rendered.context["so_ky_hieu"])
    docx = tmp_path / "tong_hop.docx"
    docx.write_bytes(add_appendix_to_docx(rendered.data, xml))
    sizes, pages = pdf_pages(docx_to_pdf(docx, tmp_path))
    landscape = [i for i, s in enumerate(sizes) if "841.89 x 595" in s]
    assert len(landscape) >= 2
    first, second = pages[landscape[0]], pages[landscape[1]]
    assert first.strip().splitlines()[0].strip() == "Phụ lục I"
    assert second.strip().splitlines()[0].strip() == "2"  # numbering restarted at 1
    assert "Số hồ sơ nhận giải quyết" in second  # the headings repeat
    assert "Tổng cộng" in pages[landscape[-1]]
