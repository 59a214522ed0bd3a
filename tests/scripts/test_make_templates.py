"""scripts/make_templates.py: the frame package, the text-source converter and its errors."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from docx import Document
from docxtpl import DocxTemplate, RichTextParagraph
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scripts" / "template_sources" / "_vi_du.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "scripts" / "make_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_templates"] = module
    spec.loader.exec_module(module)
    return module


mt = _load()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = tmp_path_factory.mktemp("sources")
    shutil.copy(EXAMPLE, sources / EXAMPLE.name)
    out = tmp_path_factory.mktemp("templates")
    mt.build_all(sources, out)
    return out


def xml(path: Path, member: str) -> Any:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(member))


# --------------------------------------------------------------------------- packages


def test_frame_package_parts(built: Path) -> None:
    frame = built / mt.FRAME_NAME
    with zipfile.ZipFile(frame) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert names[0] == "[Content_Types].xml"
    assert not [n for n in names if re.search(r"customXml|comments|endnotes|theme", n)]
    assert "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml" in types
    assert "relationships/footnotes" in rels and 'Target="footnotes.xml"' in rels
    notes = xml(frame, "word/footnotes.xml").findall("w:footnote", NS)
    assert [(n.get(f"{W}id"), n.get(f"{W}type")) for n in notes] == [
        ("-1", "separator"),
        ("0", "continuationSeparator"),
    ]
    settings = xml(frame, "word/settings.xml")
    ids = [n.get(f"{W}id") for n in settings.findall("w:footnotePr/w:footnote", NS)]
    assert ids == ["-1", "0"]


def test_frame_page_setup_and_placeholders(built: Path) -> None:
    doc = Document(str(built / mt.FRAME_NAME))
    section: Any = doc.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert section.first_page_header.paragraphs[0].text == ""
    body = [p.text for p in doc.paragraphs]
    assert body.count("#NOI_DUNG#") == 1
    placeholder: Any = next(p for p in doc.paragraphs if p.text == "#NOI_DUNG#")
    assert placeholder.style.name == "NoiDung" and len(placeholder.runs) == 1
    header, signature = doc.tables
    assert header.rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.rows[1].cells[0].paragraphs[0].text == "{{ so_ky_hieu }}"
    assert header.rows[1].cells[1].paragraphs[0].text == "{{ dia_danh_ngay }}"
    assert signature.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"
    assert signature._tbl.xpath(".//w:cantSplit")


def test_styles_are_times_new_roman_vietnamese(built: Path) -> None:
    styles = xml(built / "_vi_du.docx", "word/styles.xml")
    ids = {s.get(f"{W}styleId") for s in styles.findall("w:style", NS)}
    assert {"NoiDung", "Muc1", "Muc2", "Muc3", "QuocHieu", "TieuNgu", "NguoiKy", "FootnoteReference"} <= ids
    for spec in mt.STYLES:
        style = styles.find(f"w:style[@w:styleId='{spec.style_id}']", NS)
        fonts = style.find("w:rPr/w:rFonts", NS)
        assert {fonts.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
            "Times New Roman"
        }
        assert style.find("w:rPr/w:lang", NS).get(f"{W}val") == "vi-VN"
        assert style.find("w:rPr/w:color", NS).get(f"{W}val") == "000000"
    for heading, bold in (("Muc1", True), ("Muc2", True), ("Muc3", False)):  # «I.», «1.» bold; «a)» plain
        run = styles.find(f"w:style[@w:styleId='{heading}']/w:rPr", NS)
        on = [run.find(f"w:{tag}", NS).get(f"{W}val") == "1" for tag in ("b", "i")]
        assert on == [bold, False], heading
    body = styles.find("w:style[@w:styleId='NoiDung']/w:pPr", NS)
    assert body.find("w:jc", NS).get(f"{W}val") == "both"
    assert body.find("w:ind", NS).get(f"{W}firstLine") == "720"
    assert body.find("w:spacing", NS).get(f"{W}after") == "120"
    assert body.find("w:spacing", NS).get(f"{W}lineRule") == "auto"


def test_build_is_deterministic(built: Path, tmp_path: Path) -> None:
    mt.build_frame(tmp_path / "a.docx")
    mt.convert_source(EXAMPLE, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (built / mt.FRAME_NAME).read_bytes()
    assert (tmp_path / "b.docx").read_bytes() == (built / "_vi_du.docx").read_bytes()


def test_cli_writes_frame_and_bodies(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    shutil.copy(EXAMPLE, sources / EXAMPLE.name)
    script = ROOT / "scripts" / "make_templates.py"
    cmd = [sys.executable, str(script), "--sources", str(sources), "--out", str(tmp_path / "out")]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["_khung_nd30.docx", "_vi_du.docx"]


# --------------------------------------------------------------------------- converter


def test_tags_are_never_split_across_runs(built: Path) -> None:
    root = xml(built / "_vi_du.docx", "word/document.xml")
    paragraphs = root.findall(".//w:p", NS)
    seen = 0
    for para in paragraphs:
        pieces = [t.text or "" for t in para.findall(".//w:t", NS)]
        whole = TAG.findall("".join(pieces))
        inside = [tag for piece in pieces for tag in TAG.findall(piece)]
        assert whole == inside, pieces
        seen += len(whole)
    assert seen >= 25


def test_inline_bold_and_italic_runs(built: Path) -> None:
    root = xml(built / "_vi_du.docx", "word/document.xml")

    def run_of(text: str) -> Any:
        return next(r for r in root.iter(f"{W}r") if "".join(r.itertext()) == text)

    bold = run_of("{{ so_tthc_cong_bo }}")
    assert bold.find("w:rPr/w:b", NS) is not None and bold.find("w:rPr/w:i", NS) is None
    italic = run_of("công bố mới: {{ moi }}")
    assert italic.find("w:rPr/w:i", NS) is not None and italic.find("w:rPr/w:b", NS) is None
    both = run_of("{{ ty_le }}")
    assert both.find("w:rPr/w:b", NS) is not None and both.find("w:rPr/w:i", NS) is not None
    assert run_of("; dấu sao viết * và gạch đứng viết |.").find("w:rPr", NS) is None


def test_table_merges_header_and_widths(built: Path) -> None:
    root = xml(built / "_vi_du.docx", "word/document.xml")
    table = root.find(".//w:tbl", NS)
    rows = table.findall("w:tr", NS)
    assert [len(r.findall("w:trPr/w:tblHeader", NS)) for r in rows[:3]] == [1, 1, 0]
    first = rows[0].findall("w:tc", NS)
    assert first[1].find("w:tcPr/w:gridSpan", NS).get(f"{W}val") == "2"
    assert first[0].find("w:tcPr/w:vMerge", NS).get(f"{W}val") == "restart"
    second = rows[1].findall("w:tc", NS)
    assert second[0].find("w:tcPr/w:vMerge", NS).get(f"{W}val") == "continue"
    assert len(second) == 6
    assert "".join(rows[2].itertext()) == "{%tr for r in nhiem_vu %}"
    assert rows[2].find("w:tc/w:tcPr/w:gridSpan", NS).get(f"{W}val") == "6"
    last = rows[-1].findall("w:tc", NS)
    spans = [c.find("w:tcPr/w:gridSpan", NS) for c in last]
    assert [None if g is None else g.get(f"{W}val") for g in spans] == [None, "3", "2"]
    grid = [int(g.get(f"{W}w")) for g in table.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(grid) <= 9355 and len(grid) == 6
    assert table.find("w:tblPr/w:tblBorders/w:insideV", NS).get(f"{W}val") == "single"
    styles = {p.find("w:pPr/w:pStyle", NS).get(f"{W}val") for p in rows[0].iter(f"{W}p")}
    assert styles == {"BangTieuDe"}


def test_example_renders_with_docxtpl(built: Path, tmp_path: Path) -> None:
    template = DocxTemplate(str(built / "_vi_du.docx"))
    context: dict[str, Any] = {
        "can_cu": "Thông tư số 01/2020/TT-VPCP",
        "don_vi": "Sở Ngoại vụ",
        "ky": "quý II năm 2024",
        "so_tthc_cong_bo": "18",
        "moi": "09",
        "ty_le": "69,85%",
        "show": {"chi_tiet": True},
        "truoc_han": "10",
        "dung_han": "20",
        "qua_han": "00",
        "ghi_chu": ["Ghi chú một;", "Ghi chú hai & ba."],
        "muc": {"ket_qua": RichTextParagraph()},
        "nhiem_vu": [
            {
                "stt": "1",
                "muc_tieu": "A",
                "noi_dung": "B",
                "ket_qua": "C",
                "chu_tri": "D",
                "thoi_han": "Quý I",
            },
            {"stt": "2", "muc_tieu": "E", "ket_qua": "F", "chu_tri": "G", "thoi_han": "Quý II"},
        ],
        "so": "05/BC-SNgV",
        "ngay": "05/01/2024",
    }
    context["muc"]["ket_qua"].add("2. Kết quả", parastyle="Muc2")
    template.render(context, autoescape=True)
    template.save(str(tmp_path / "out.docx"))
    doc = Document(str(tmp_path / "out.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert "- Ghi chú hai & ba." in texts
    assert "- Trước hạn: 10; đúng hạn: 20; quá hạn: 00." in texts
    assert "2. Kết quả" in texts
    assert not [t for t in texts if "{" in t or "#NOI" in t]
    assert len(doc.tables[0].rows) == 5  # 2 header rows, 2 task rows, the total row


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("NoiDung| a\n\n# note\nno style prefix here\n", 4, "Style| text"),
        ("NoiDung| a\nKhongCo| b\n", 2, "unknown paragraph style"),
        ("NoiDung| **bold without end\n", 1, "unclosed **"),
        ("NoiDung| {{ x \n", 1, "unterminated"),
        ("NoiDung| x {%p if a %}\n", 1, "alone"),
        ("NoiDung| {%tr for r in x %}\n", 1, "TABLE row"),
        ("NoiDung| {%p if a %}\nNoiDung| b\nNoiDung| {%p endfor %}\n", 3, "Jinja"),
        ("TABLE widths=10,6.6\n| a | b |\nEND\n", 1, "16.6 cm"),
        ("TABLE widths=4,4\n| a | b | c |\nEND\n", 2, "3 columns"),
        ("TABLE widths=4,4 header_rows=0\n| a | ^ |\nEND\n", 2, "'^'"),
        ("TABLE widths=4,4\n| a >> | b |\nEND\n", 2, "must be empty"),
        ("TABLE widths=4,4 colour=red\n| a | b |\nEND\n", 1, "unknown TABLE option"),
        ("NoiDung| a\nTABLE widths=4,4\n| a | b |\n", 2, "without END"),
        ("TABLE widths=4,4\n| a | b |\nNoiDung| x\nEND\n", 3, "start and end with '|'"),
    ],
)
def test_bad_source_reports_its_line(source: str, line: int, words: str) -> None:
    with pytest.raises(mt.SourceError) as info:
        mt.parse_source(source, "bad.txt")
    assert info.value.line == line, str(info.value)
    assert words in str(info.value)
    assert str(info.value).startswith(f"bad.txt:{line}:")


def test_cli_stops_with_the_line_number(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "hong.txt").write_text("NoiDung| a\nTABLE widths=12,5\n| a | b |\nEND\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_templates.py"),
            "--sources",
            str(sources),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "hong.txt:2:" in result.stderr and "17 cm" in result.stderr


def test_widths_up_to_text_width_are_accepted() -> None:
    blocks = mt.parse_source("TABLE widths=1.2,3.5,4,3,2.5,2.3\n| a | b | c | d | e | f |\nEND\n")
    table = mt.table_xml(blocks[0])
    grid = [int(g.get(f"{W}w")) for g in table.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(grid) <= 9355


def test_jinja_filters_with_pipes_stay_in_one_cell() -> None:
    blocks = mt.parse_source("TABLE widths=8,8 header_rows=0\n| {{ a|default('x') }} | b \\| c |\nEND\n")
    cells = blocks[0].rows[0].cells
    assert [c.segments[0].text for c in cells] == ["{{ a|default('x') }}", "b | c"]


@pytest.mark.soffice
def test_frame_opens_in_libreoffice(built: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    cmd = [
        soffice,
        "--headless",
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",  # «%20», «#» in TMPDIR escaped
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(built / mt.FRAME_NAME),
    ]
    subprocess.run(cmd, capture_output=True, timeout=180, check=False)
    pdf = tmp_path / "_khung_nd30.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
