"""Generate the DOCX templates of Soạn Báo Cáo (Nghị định 30/2020/NĐ-CP layout).

Running ``python scripts/make_templates.py`` (re)builds, deterministically:

* ``templates_docx/_khung_nd30.docx`` - the shared frame (header block, tên loại, trích yếu,
  Kính gửi, the ``#NOI_DUNG#`` placeholder paragraph, signature block, page numbers, an empty
  footnotes part);
* ``templates_docx/<kind>.docx`` - one BODY template for every ``scripts/template_sources/<kind>.txt``.

Every generated package carries the same styles and page setup, so the renderer can move the
paragraphs/tables of a body template into the frame.

Text source format (UTF-8), one paragraph per line::

    # comment (only at column 0)
    NoiDung| - Số hồ sơ đã giải quyết: **{{ hs_da_giai_quyet }}** hồ sơ.
    Muc2| {{p muc.danh_gia }}
    NoiDung| {%p if show.x %}
    PAGEBREAK
    TABLE widths=1.2,8,3 header_rows=1 font=BangChu align=c,j,r
    | Stt | Nội dung | Số lượng |
    {%tr for r in rows %}
    | {{ r.stt }} | {{ r.noi_dung }} | {{ r.so }} |
    {%tr endfor %}
    END

Inline ``**bold**`` / ``*italic*``; ``\\*``, ``\\|`` and ``\\\\`` are literal characters.  A
``{%p``/``{{p`` tag must be alone in its paragraph; Jinja tags are never split across runs.

TABLE options: ``widths`` (cm, required, sum <= 16.5), ``header_rows`` (default 1; bold,
centred, repeated on every page), ``font`` (body-cell paragraph style, default BangChu),
``header_font`` (default BangTieuDe), ``align`` (one of l/c/r/j per column, body rows).  In a
row ``>>`` at the end of a cell merges it with the next (empty) cell (gridSpan), a cell that is
exactly ``^`` continues the vertical merge of the cell above (vMerge), and a ``{%tr ...%}``
line becomes a row of its own.  A row line starting with ``KEEP `` stays on the page of the row
after it (a group's title row never ends a page without its first task).  Errors stop with
``file:line: message``.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = ROOT / "scripts" / "template_sources"
OUT_DIR = ROOT / "templates_docx"
FRAME_NAME = "_khung_nd30.docx"
BODY_PLACEHOLDER = "#NOI_DUNG#"

Element = Any  # lxml.etree._Element (lxml ships no type information here)

# --------------------------------------------------------------------------- namespaces / XML

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
FONT = "Times New Roman"
LANG = "vi-VN"


def _qn(name: str) -> str:
    """``"w:val"`` -> Clark notation."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def el(tag: str, attrs: dict[str, str] | None = None, *children: Element | None) -> Element:
    """Build a namespaced element; ``None`` children are skipped."""
    node = etree.Element(_qn(tag), nsmap={"w": NS["w"], "r": NS["r"]})
    for key, value in (attrs or {}).items():
        node.set(_qn(key), value)
    for child in children:
        if child is not None:
            node.append(child)
    return node


def _xml_bytes(root: Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


# --------------------------------------------------------------------------- page geometry

TWIPS_PER_CM = 1440 / 2.54
PAGE_W, PAGE_H = 11906, 16838  # A4 portrait
MARGIN_TOP = MARGIN_BOTTOM = round(2.0 * TWIPS_PER_CM)  # 20 mm
MARGIN_LEFT = round(3.0 * TWIPS_PER_CM)  # 30 mm
MARGIN_RIGHT = round(1.5 * TWIPS_PER_CM)  # 15 mm
HEADER_DIST = FOOTER_DIST = round(1.0 * TWIPS_PER_CM)  # page number 10 mm from the top edge
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 9355 twips = 16.5 cm
MAX_TABLE_CM = 16.5

HEADER_LEFT_W = round(TEXT_W * 0.4)
HEADER_RIGHT_W = TEXT_W - HEADER_LEFT_W
SIGN_LEFT_W = TEXT_W // 2
SIGN_RIGHT_W = TEXT_W - SIGN_LEFT_W

# Rules under the cơ quan / tiêu ngữ / trích yếu: bordered 1-pt paragraphs (style DuongKe).
# Widths measured with Times New Roman (= Liberation Serif) metrics:
# "Độc lập - Tự do - Hạnh phúc" bold 13 pt = 5.61 cm; "SỞ NGOẠI VỤ" bold 13 pt = 3.06 cm,
# "ỦY BAN NHÂN DÂN" = 4.32 cm -> a fixed 1.5 cm line is 1/3-1/2 of usual unit names.
RULE_CO_QUAN = round(1.5 * TWIPS_PER_CM)
RULE_TIEU_NGU = round(5.61 * TWIPS_PER_CM)
RULE_TRICH_YEU = round(3.0 * TWIPS_PER_CM)

# "Kính gửi:" 14 pt = 1.90 cm, "Kính gửi: " = 2.02 cm, "- " = 0.29 cm.  Recipient lines
# ("- Sở A;") start right after the centred "Kính gửi: ", wrapped lines align after "- ".
_KG_START = (TEXT_W - round(1.90 * TWIPS_PER_CM)) // 2
KINH_GUI_DASH = round(0.29 * TWIPS_PER_CM)
KINH_GUI_INDENT = _KG_START + round(2.02 * TWIPS_PER_CM) + KINH_GUI_DASH

# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class StyleSpec:
    style_id: str
    size: float  # points
    bold: bool = False
    italic: bool = False
    caps: bool = False
    jc: str | None = None
    before: int = 0  # twips
    after: int = 0
    line: int = 240  # 240ths of a line (auto) or twips (exact)
    line_rule: str = "auto"
    first_line: int = 0
    keep_next: bool = False
    widow_control: bool = False
    contextual: bool = False
    kind: str = "paragraph"
    vert_align: str | None = None


def _body(
    style_id: str, bold: bool = False, italic: bool = False, heading: bool = False, before: int = 0
) -> StyleSpec:
    """Justified, first line 1.27 cm, 6 pt after, single line spacing; headings keep with next;
    no paragraph leaves a single line alone at the foot or head of a page (widow control)."""
    return StyleSpec(
        style_id,
        14,
        bold=bold,
        italic=italic,
        jc="both",
        before=before,
        after=120,
        first_line=720,
        keep_next=heading,
        widow_control=True,
    )


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", 14),
    StyleSpec("CoQuanChuQuan", 13, caps=True, jc="center"),
    StyleSpec("CoQuan", 13, bold=True, caps=True, jc="center"),
    StyleSpec("SoKyHieu", 13, jc="center", before=120),
    StyleSpec("QuocHieu", 12, bold=True, caps=True, jc="center"),
    StyleSpec("TieuNgu", 13, bold=True, jc="center"),
    StyleSpec("DiaDanhNgay", 14, italic=True, jc="center", before=120),
    StyleSpec("TenLoai", 14, bold=True, caps=True, jc="center", before=240),
    StyleSpec("TrichYeu", 14, bold=True, jc="center"),
    StyleSpec("DuongKe", 1, before=60, line=20, line_rule="exact"),
    StyleSpec("KinhGui", 14, jc="center", after=120, contextual=True),
    _body("NoiDung"),
    # A part heading also follows tables (placed by a tag, so the converter cannot space it).
    _body("Muc1", bold=True, heading=True, before=120),
    _body("Muc2", bold=True, heading=True),
    _body("Muc3", heading=True),  # «a)» upright, as Nghị định 30 writes a điểm
    StyleSpec("BangChu", 12, jc="left", before=40, after=40),
    StyleSpec("BangTieuDe", 12, bold=True, jc="center", before=40, after=40),
    StyleSpec("ChucVu", 14, bold=True, caps=True, jc="center"),
    StyleSpec("NguoiKy", 14, bold=True, jc="center", before=1400),
    StyleSpec("NoiNhanNhan", 12, bold=True, italic=True, jc="left"),
    StyleSpec("NoiNhan", 11, jc="left"),
    StyleSpec("FootnoteText", 10, jc="both"),
    StyleSpec("PhuLucTieuDe", 14, bold=True, jc="center"),
    StyleSpec("PhuLucTen", 14, bold=True, caps=True, jc="center"),
    StyleSpec("PhuLucGhiChu", 14, italic=True, jc="center", after=240),
    StyleSpec("SoTrang", 13, jc="center"),
    StyleSpec("FootnoteReference", 14, kind="character", vert_align="superscript"),
)
PARAGRAPH_STYLE_IDS = frozenset(s.style_id for s in STYLES if s.kind == "paragraph")


def _font_props(size: float | None) -> list[Element]:
    fonts = el("w:rFonts", {f"w:{slot}": FONT for slot in ("ascii", "hAnsi", "eastAsia", "cs")})
    props = [fonts]
    if size is not None:
        half = str(round(size * 2))
        props += [el("w:color", {"w:val": "000000"}), el("w:sz", {"w:val": half})]
        props.append(el("w:szCs", {"w:val": half}))
    return props


def _lang() -> Element:
    return el("w:lang", {"w:val": LANG, "w:eastAsia": LANG})


def _style_rpr(spec: StyleSpec) -> Element:
    fonts, color, sz, szcs = _font_props(spec.size)
    flag = {True: "1", False: "0"}
    return el(
        "w:rPr",
        None,
        fonts,
        el("w:b", {"w:val": flag[spec.bold]}),
        el("w:bCs", {"w:val": flag[spec.bold]}),
        el("w:i", {"w:val": flag[spec.italic]}),
        el("w:iCs", {"w:val": flag[spec.italic]}),
        el("w:caps") if spec.caps else None,
        color,
        sz,
        szcs,
        el("w:vertAlign", {"w:val": spec.vert_align}) if spec.vert_align else None,
        _lang(),
    )


def _style_ppr(spec: StyleSpec) -> Element:
    spacing = {
        "w:before": str(spec.before),
        "w:after": str(spec.after),
        "w:line": str(spec.line),
        "w:lineRule": spec.line_rule,
    }
    return el(
        "w:pPr",
        None,
        el("w:keepNext") if spec.keep_next else None,
        el("w:widowControl") if spec.widow_control else None,
        el("w:spacing", spacing),
        el("w:ind", {"w:left": "0", "w:right": "0", "w:firstLine": str(spec.first_line)}),
        el("w:contextualSpacing") if spec.contextual else None,
        el("w:jc", {"w:val": spec.jc}) if spec.jc else None,
    )


def _style(spec: StyleSpec) -> Element:
    attrs = {"w:type": spec.kind, "w:styleId": spec.style_id, "w:customStyle": "1"}
    if spec.style_id == "Normal":
        attrs = {"w:type": "paragraph", "w:default": "1", "w:styleId": "Normal"}
    name = el("w:name", {"w:val": spec.style_id})
    based = None
    if spec.style_id != "Normal":
        parent = "Normal" if spec.kind == "paragraph" else "DefaultParagraphFont"
        based = el("w:basedOn", {"w:val": parent})
    ppr = _style_ppr(spec) if spec.kind == "paragraph" else None
    return el("w:style", attrs, name, based, el("w:qFormat"), ppr, _style_rpr(spec))


def _table_normal_style() -> Element:
    mar = el(
        "w:tblCellMar",
        None,
        el("w:top", {"w:w": "0", "w:type": "dxa"}),
        el("w:left", {"w:w": "108", "w:type": "dxa"}),
        el("w:bottom", {"w:w": "0", "w:type": "dxa"}),
        el("w:right", {"w:w": "108", "w:type": "dxa"}),
    )
    return el(
        "w:style",
        {"w:type": "table", "w:default": "1", "w:styleId": "TableNormal"},
        el("w:name", {"w:val": "Normal Table"}),
        el("w:semiHidden"),
        el("w:tblPr", None, el("w:tblInd", {"w:w": "0", "w:type": "dxa"}), mar),
    )


def styles_xml() -> bytes:
    defaults = el(
        "w:docDefaults",
        None,
        el("w:rPrDefault", None, el("w:rPr", None, *_font_props(14), _lang())),
        el(
            "w:pPrDefault",
            None,
            el(
                "w:pPr",
                None,
                el("w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"}),
            ),
        ),
    )
    default_font = el(
        "w:style",
        {"w:type": "character", "w:default": "1", "w:styleId": "DefaultParagraphFont"},
        el("w:name", {"w:val": "Default Paragraph Font"}),
        el("w:semiHidden"),
    )
    root = el("w:styles", None, defaults, default_font, _table_normal_style())
    for spec in STYLES:
        root.append(_style(spec))
    return _xml_bytes(root)


# --------------------------------------------------------------------------- runs / paragraphs


@dataclass(frozen=True)
class Segment:
    text: str
    bold: bool = False
    italic: bool = False


def _text(value: str) -> Element:
    node = el("w:t")
    node.text = value
    node.set(_qn("xml:space"), "preserve")
    return node


def make_run(seg: Segment) -> Element:
    rpr = None
    if seg.bold or seg.italic:
        rpr = el(
            "w:rPr",
            None,
            el("w:b") if seg.bold else None,
            el("w:bCs") if seg.bold else None,
            el("w:i") if seg.italic else None,
            el("w:iCs") if seg.italic else None,
        )
    return el("w:r", None, rpr, _text(seg.text))


def make_paragraph(
    style: str, segments: Sequence[Segment] = (), ppr_extra: Sequence[Element] = ()
) -> Element:
    ppr = el("w:pPr", None, el("w:pStyle", {"w:val": style}), *ppr_extra)
    return el("w:p", None, ppr, *(make_run(s) for s in segments if s.text))


def plain(style: str, text: str, ppr_extra: Sequence[Element] = ()) -> Element:
    return make_paragraph(style, [Segment(text)], ppr_extra)


def rule_paragraph(length: int, available: int, after: int = 0) -> Element:
    """A 1-pt paragraph whose top border is a centred horizontal line ``length`` twips long."""
    side = str(max(0, (available - length) // 2))
    border = el(
        "w:pBdr",
        None,
        el("w:top", {"w:val": "single", "w:sz": "6", "w:space": "0", "w:color": "000000"}),
    )
    spacing = el("w:spacing", {"w:after": str(after)}) if after else None
    ind = el("w:ind", {"w:left": side, "w:right": side})
    return make_paragraph("DuongKe", (), [x for x in (border, spacing, ind) if x is not None])


def spacer_paragraph() -> Element:
    return make_paragraph("DuongKe")


def page_break_paragraph() -> Element:
    run = el("w:r", None, el("w:br", {"w:type": "page"}))
    p = make_paragraph("NoiDung")
    p.append(run)
    return p


# --------------------------------------------------------------------------- tables


def _tc(width: int, paragraphs: Sequence[Element], tc_extra: Sequence[Element] = ()) -> Element:
    tcpr = el("w:tcPr", None, el("w:tcW", {"w:w": str(width), "w:type": "dxa"}), *tc_extra)
    return el("w:tc", None, tcpr, *paragraphs)


def _tbl_pr(width: int, borders: bool, jc: str | None = None) -> Element:
    kind = "single" if borders else "nil"
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    attrs = {"w:val": kind}
    if borders:
        attrs.update({"w:sz": "4", "w:space": "0", "w:color": "000000"})
    tbl_borders = el("w:tblBorders", None, *(el(f"w:{s}", attrs) for s in sides))
    pad = "85" if borders else "0"
    mar = el(
        "w:tblCellMar",
        None,
        el("w:left", {"w:w": pad, "w:type": "dxa"}),
        el("w:right", {"w:w": pad, "w:type": "dxa"}),
    )
    return el(
        "w:tblPr",
        None,
        el("w:tblW", {"w:w": str(width), "w:type": "dxa"}),
        el("w:jc", {"w:val": jc}) if jc else None,
        el("w:tblInd", {"w:w": "0", "w:type": "dxa"}),
        tbl_borders,
        el("w:tblLayout", {"w:type": "fixed"}),
        mar,
        el(
            "w:tblLook",
            {
                "w:val": "0000",
                "w:firstRow": "0",
                "w:lastRow": "0",
                "w:firstColumn": "0",
                "w:lastColumn": "0",
                "w:noHBand": "1",
                "w:noVBand": "1",
            },
        ),
    )


def _tbl_grid(widths: Sequence[int]) -> Element:
    return el("w:tblGrid", None, *(el("w:gridCol", {"w:w": str(w)}) for w in widths))


def borderless_table(
    widths: Sequence[int], cells: Sequence[Sequence[Element]], cant_split: bool = False
) -> Element:
    """A one-row, no-border table (helper for the two-row header, built row by row)."""
    tbl = el("w:tbl", None, _tbl_pr(sum(widths), borders=False), _tbl_grid(widths))
    tbl.append(_row(widths, cells, cant_split))
    return tbl


def _row(widths: Sequence[int], cells: Sequence[Sequence[Element]], cant_split: bool) -> Element:
    trpr = el("w:trPr", None, el("w:cantSplit")) if cant_split else None
    return el("w:tr", None, trpr, *(_tc(w, ps) for w, ps in zip(widths, cells, strict=True)))


# --------------------------------------------------------------------------- the frame


def _p_tag(tag: str) -> Element:
    """A paragraph holding only a docxtpl paragraph tag (removed at render time)."""
    return plain("Normal", tag)


def _header_table() -> Element:
    # The names come as lines (co_quan_dong): the app breaks them where the official did, or
    # before the place's name, never inside it (desktop_app/document/header.py).
    left_top = [
        _p_tag("{%p for dong in co_quan_chu_quan_dong %}"),
        plain("CoQuanChuQuan", "{{ dong }}"),
        _p_tag("{%p endfor %}"),
        _p_tag("{%p for dong in co_quan_dong %}"),
        plain("CoQuan", "{{ dong }}"),
        _p_tag("{%p endfor %}"),
        rule_paragraph(RULE_CO_QUAN, HEADER_LEFT_W),
    ]
    right_top = [
        plain("QuocHieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        plain("TieuNgu", "Độc lập - Tự do - Hạnh phúc"),
        rule_paragraph(RULE_TIEU_NGU, HEADER_RIGHT_W),
    ]
    widths = (HEADER_LEFT_W, HEADER_RIGHT_W)
    tbl = borderless_table(widths, [left_top, right_top])
    tbl.append(
        _row(
            widths,
            [[plain("SoKyHieu", "{{ so_ky_hieu }}")], [plain("DiaDanhNgay", "{{ dia_danh_ngay }}")]],
            cant_split=False,
        )
    )
    return tbl


def _kinh_gui_block() -> list[Element]:
    recipient = [
        el("w:ind", {"w:left": str(KINH_GUI_INDENT), "w:hanging": str(KINH_GUI_DASH)}),
        el("w:jc", {"w:val": "left"}),
    ]
    return [
        _p_tag("{%p for dong in kinh_gui %}"),
        _p_tag("{%p if loop.first %}"),
        plain("KinhGui", "{{ dong }}"),
        _p_tag("{%p else %}"),
        plain("KinhGui", "{{ dong }}", recipient),
        _p_tag("{%p endif %}"),
        _p_tag("{%p endfor %}"),
    ]


def _signature_table() -> Element:
    left = [
        plain("NoiNhanNhan", "Nơi nhận:"),
        _p_tag("{%p for dong in noi_nhan %}"),
        plain("NoiNhan", "{{ dong }}"),
        _p_tag("{%p endfor %}"),
    ]
    right = [
        _p_tag("{%p for dong in chuc_vu %}"),
        plain("ChucVu", "{{ dong }}"),
        _p_tag("{%p endfor %}"),
        plain("NguoiKy", "{{ ho_ten }}"),
    ]
    tbl = borderless_table((SIGN_LEFT_W, SIGN_RIGHT_W), [left, right], cant_split=True)
    # 12 pt above both cells, so "Nơi nhận:" stays level with the first chức vụ line.
    mar = tbl.find(_qn("w:tblPr")).find(_qn("w:tblCellMar"))
    mar.insert(0, el("w:top", {"w:w": "240", "w:type": "dxa"}))
    return tbl


def frame_body() -> list[Element]:
    return [
        _header_table(),
        plain("TenLoai", "{{ ten_loai }}"),
        plain("TrichYeu", "{{ trich_yeu }}"),
        rule_paragraph(RULE_TRICH_YEU, TEXT_W, after=240),
        *_kinh_gui_block(),
        plain("NoiDung", BODY_PLACEHOLDER),
        _signature_table(),
        spacer_paragraph(),
    ]


# --------------------------------------------------------------------------- package


def _page_number_header() -> bytes:
    runs = [
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "begin"})),
        el("w:r", None, el("w:instrText", {"xml:space": "preserve"})),
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "separate"})),
        el("w:r", None, _text("2")),
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "end"})),
    ]
    runs[1][0].text = " PAGE "
    p = make_paragraph("SoTrang")
    for run in runs:
        p.append(run)
    return _xml_bytes(el("w:hdr", None, p))


def _empty_header() -> bytes:
    return _xml_bytes(el("w:hdr", None, make_paragraph("SoTrang")))


def _footnotes_xml() -> bytes:
    def note(note_id: str, kind: str, mark: str) -> Element:
        spacing = el("w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"})
        p = el("w:p", None, el("w:pPr", None, spacing), el("w:r", None, el(mark)))
        return el("w:footnote", {"w:type": kind, "w:id": note_id}, p)

    root = el(
        "w:footnotes",
        None,
        note("-1", "separator", "w:separator"),
        note("0", "continuationSeparator", "w:continuationSeparator"),
    )
    return _xml_bytes(root)


def _settings_xml() -> bytes:
    root = el(
        "w:settings",
        None,
        el("w:zoom", {"w:percent": "100"}),
        el("w:defaultTabStop", {"w:val": "720"}),
        el("w:characterSpacingControl", {"w:val": "doNotCompress"}),
        el("w:footnotePr", None, el("w:footnote", {"w:id": "-1"}), el("w:footnote", {"w:id": "0"})),
        el(
            "w:compat",
            None,
            el(
                "w:compatSetting",
                {
                    "w:name": "compatibilityMode",
                    "w:uri": "http://schemas.microsoft.com/office/word",
                    "w:val": "15",
                },
            ),
        ),
        el("w:themeFontLang", {"w:val": LANG}),
        el("w:decimalSymbol", {"w:val": ","}),
        el("w:listSeparator", {"w:val": ";"}),
    )
    return _xml_bytes(root)


def _font_table_xml() -> bytes:
    font = el(
        "w:font",
        {"w:name": FONT},
        el("w:panose1", {"w:val": "02020603050405020304"}),
        el("w:charset", {"w:val": "00"}),
        el("w:family", {"w:val": "roman"}),
        el("w:pitch", {"w:val": "variable"}),
    )
    return _xml_bytes(el("w:fonts", None, font))


def section_properties() -> Element:
    return el(
        "w:sectPr",
        None,
        el("w:headerReference", {"w:type": "default", "r:id": "rIdHeaderDefault"}),
        el("w:headerReference", {"w:type": "first", "r:id": "rIdHeaderFirst"}),
        el("w:pgSz", {"w:w": str(PAGE_W), "w:h": str(PAGE_H)}),
        el(
            "w:pgMar",
            {
                "w:top": str(MARGIN_TOP),
                "w:right": str(MARGIN_RIGHT),
                "w:bottom": str(MARGIN_BOTTOM),
                "w:left": str(MARGIN_LEFT),
                "w:header": str(HEADER_DIST),
                "w:footer": str(FOOTER_DIST),
                "w:gutter": "0",
            },
        ),
        el("w:cols", {"w:space": "720"}),
        el("w:titlePg"),
        el("w:docGrid", {"w:linePitch": "360"}),
    )


def _document_xml(body_children: Iterable[Element]) -> bytes:
    body = el("w:body", None, *body_children, section_properties())
    return _xml_bytes(el("w:document", None, body))


def _rels(entries: Sequence[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    for rel_id, rel_type, target in entries:
        etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship", Id=rel_id, Type=rel_type, Target=target)
    return _xml_bytes(root)


def _content_types() -> bytes:
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    for ext, ctype in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=ext, ContentType=ctype)
    overrides = (
        ("/word/document.xml", CT + "document.main+xml"),
        ("/word/styles.xml", CT + "styles+xml"),
        ("/word/settings.xml", CT + "settings+xml"),
        ("/word/fontTable.xml", CT + "fontTable+xml"),
        ("/word/footnotes.xml", CT + "footnotes+xml"),
        ("/word/header1.xml", CT + "header+xml"),
        ("/word/header2.xml", CT + "header+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    )
    for part, ctype in overrides:
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=part, ContentType=ctype)
    return _xml_bytes(root)


def _core_xml(title: str) -> bytes:
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc = "http://purl.org/dc/elements/1.1/"
    dcterms = "http://purl.org/dc/terms/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element(
        f"{{{cp}}}coreProperties", nsmap={"cp": cp, "dc": dc, "dcterms": dcterms, "xsi": xsi}
    )
    etree.SubElement(root, f"{{{dc}}}title").text = title
    etree.SubElement(root, f"{{{dc}}}creator").text = "Soạn Báo Cáo"
    for name in ("created", "modified"):
        node = etree.SubElement(root, f"{{{dcterms}}}{name}")
        node.set(f"{{{xsi}}}type", "dcterms:W3CDTF")
        node.text = "2024-01-01T00:00:00Z"
    return _xml_bytes(root)


def _app_xml() -> bytes:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
    etree.SubElement(root, f"{{{ns}}}Application").text = "Soạn Báo Cáo"
    return _xml_bytes(root)


def package_bytes(body_children: Iterable[Element], title: str) -> bytes:
    """A complete, deterministic .docx package (fixed timestamps and member order)."""
    doc_rels = (
        ("rIdStyles", RT + "styles", "styles.xml"),
        ("rIdSettings", RT + "settings", "settings.xml"),
        ("rIdFontTable", RT + "fontTable", "fontTable.xml"),
        ("rIdFootnotes", RT + "footnotes", "footnotes.xml"),
        ("rIdHeaderDefault", RT + "header", "header1.xml"),
        ("rIdHeaderFirst", RT + "header", "header2.xml"),
    )
    pkg_rels = (
        ("rId1", RT + "officeDocument", "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        ("rId3", RT + "extended-properties", "docProps/app.xml"),
    )
    members = (
        ("[Content_Types].xml", _content_types()),
        ("_rels/.rels", _rels(pkg_rels)),
        ("docProps/core.xml", _core_xml(title)),
        ("docProps/app.xml", _app_xml()),
        ("word/document.xml", _document_xml(body_children)),
        ("word/_rels/document.xml.rels", _rels(doc_rels)),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", _settings_xml()),
        ("word/fontTable.xml", _font_table_xml()),
        ("word/footnotes.xml", _footnotes_xml()),
        ("word/header1.xml", _page_number_header()),
        ("word/header2.xml", _empty_header()),
    )
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _write_atomically(dst: Path, data: bytes) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(dst)


def build_frame(dst: Path) -> None:
    _write_atomically(dst, package_bytes(frame_body(), "Khung văn bản Nghị định 30/2020/NĐ-CP"))


# --------------------------------------------------------------------------- text source parser


class SourceError(ValueError):
    """A malformed template source; ``line`` is 1-based."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = str(path)
        self.line = line
        self.message = message


@dataclass
class ParaBlock:
    line: int
    style: str
    segments: list[Segment]


@dataclass
class PageBreakBlock:
    line: int


@dataclass
class CellSpec:
    segments: list[Segment]
    col: int
    span: int
    vmerge: str | None = None  # "restart" | "continue"


@dataclass
class RowSpec:
    line: int
    cells: list[CellSpec] = field(default_factory=list)
    tag: str | None = None  # a {%tr ... %} row
    header: bool = False
    keep_next: bool = False  # KEEP: on the page of the next row


@dataclass
class TableBlock:
    line: int
    widths_cm: list[float]
    header_rows: int
    style: str
    header_style: str
    align: list[str]
    rows: list[RowSpec] = field(default_factory=list)


Block = ParaBlock | PageBreakBlock | TableBlock

_TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_STANDALONE_TAG_RE = re.compile(r"\{([{%#])(p|tr|tc) ")
_LINE_RE = re.compile(r"^([A-Za-z][A-Za-z0-9]*)\|(.*)$")
_ALIGN = {"l": "left", "c": "center", "r": "right", "j": "both"}


def parse_inline(text: str, where: tuple[str, int]) -> list[Segment]:
    """Split ``**bold**`` / ``*italic*`` text into segments; Jinja tags are never split."""
    segments: list[Segment] = []
    buf: list[str] = []
    bold = italic = False

    def flush() -> None:
        if buf:
            segments.append(Segment("".join(buf), bold, italic))
            buf.clear()

    pos = 0
    while pos < len(text):
        match = _TAG_RE.match(text, pos)
        if match:
            buf.append(match.group(0))
            pos = match.end()
        elif text.startswith(("{{", "{%", "{#"), pos):
            raise SourceError(where[0], where[1], f"unterminated Jinja tag: {text[pos : pos + 30]!r}")
        elif text[pos] == "\\" and pos + 1 < len(text) and text[pos + 1] in "*|\\":
            buf.append(text[pos + 1])
            pos += 2
        elif text.startswith("**", pos):
            flush()
            bold = not bold
            pos += 2
        elif text[pos] == "*":
            flush()
            italic = not italic
            pos += 1
        else:
            buf.append(text[pos])
            pos += 1
    flush()
    if bold or italic:
        marker = "**" if bold else "*"
        raise SourceError(where[0], where[1], f"unclosed {marker} (bold/italic) marker")
    return _merge(segments)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for seg in segments:
        if merged and (merged[-1].bold, merged[-1].italic) == (seg.bold, seg.italic):
            merged[-1] = Segment(merged[-1].text + seg.text, seg.bold, seg.italic)
        elif seg.text:
            merged.append(seg)
    return merged


def _check_standalone_tag(text: str, where: tuple[str, int]) -> None:
    """docxtpl replaces the whole paragraph/row holding ``{%p``/``{{p``/``{%tr``: keep it alone."""
    found = _STANDALONE_TAG_RE.search(text)
    if not found:
        return
    if found.group(2) == "tr":
        raise SourceError(where[0], where[1], "{%tr ...%} is only allowed as a TABLE row line")
    if not _TAG_RE.fullmatch(text.strip()):
        raise SourceError(where[0], where[1], f"a {{{found.group(1)}{found.group(2)} ...}} tag must be alone")


def _split_cells(line: str, where: tuple[str, int]) -> list[str]:
    body = line.strip()
    if not (body.startswith("|") and body.endswith("|") and len(body) > 1):
        raise SourceError(where[0], where[1], "a table row must start and end with '|'")
    cells: list[str] = []
    buf: list[str] = []
    pos = 1
    while pos < len(body) - 1:
        match = _TAG_RE.match(body, pos)
        if match:
            buf.append(match.group(0))
            pos = match.end()
            continue
        char = body[pos]
        if char == "\\" and pos + 1 < len(body) - 1:
            buf.append(body[pos : pos + 2])
            pos += 2
            continue
        if char == "|":
            cells.append("".join(buf).strip())
            buf = []
        else:
            buf.append(char)
        pos += 1
    cells.append("".join(buf).strip())
    return cells


def _parse_row(line: str, table: TableBlock, where: tuple[str, int]) -> RowSpec:
    raw = _split_cells(line, where)
    row = RowSpec(where[1])
    col = 0
    i = 0
    while i < len(raw):
        text, span = raw[i], 1
        while text.endswith(">>"):
            text = text[:-2].rstrip()
            i += 1
            if i >= len(raw):
                raise SourceError(where[0], where[1], "'>>' in the last cell has nothing to merge")
            follower = raw[i]
            if follower.removesuffix(">>").strip():
                raise SourceError(where[0], where[1], f"cell merged by '>>' must be empty: {follower!r}")
            span += 1
            if follower.endswith(">>"):
                text += ">>"
        vmerge = "continue" if text == "^" else None
        segments = [] if vmerge else parse_inline(text, where)
        for seg in segments:
            _check_standalone_tag(seg.text, where)
        row.cells.append(CellSpec(segments, col, span, vmerge))
        col += span
        i += 1
    if col != len(table.widths_cm):
        raise SourceError(
            where[0], where[1], f"row has {col} columns, TABLE widths declare {len(table.widths_cm)}"
        )
    return row


def _link_vmerge(table: TableBlock, row: RowSpec, where: tuple[str, int]) -> None:
    previous = table.rows[-1] if table.rows else None
    for cell in row.cells:
        if cell.vmerge != "continue":
            continue
        if previous is None or previous.tag is not None:
            raise SourceError(where[0], where[1], "'^' needs a table row (not a {%tr%} row) above")
        above = next((c for c in previous.cells if c.col == cell.col), None)
        if above is None or above.span != cell.span:
            raise SourceError(where[0], where[1], f"'^' in column {cell.col + 1} has no cell above")
        if above.vmerge is None:
            above.vmerge = "restart"


def _parse_table_header(line: str, where: tuple[str, int]) -> TableBlock:
    options: dict[str, str] = {}
    for item in line.split()[1:]:
        key, sep, value = item.partition("=")
        if not sep or key not in {"widths", "header_rows", "font", "header_font", "align"}:
            raise SourceError(where[0], where[1], f"unknown TABLE option {item!r}")
        options[key] = value
    if "widths" not in options:
        raise SourceError(where[0], where[1], "TABLE needs widths=<cm>,<cm>,...")
    try:
        widths = [float(w) for w in options["widths"].split(",")]
        header_rows = int(options.get("header_rows", "1"))
    except ValueError as exc:
        raise SourceError(where[0], where[1], f"bad TABLE number: {exc}") from None
    if any(w <= 0 for w in widths) or header_rows < 0:
        raise SourceError(where[0], where[1], "TABLE widths must be > 0 and header_rows >= 0")
    if sum(widths) > MAX_TABLE_CM + 1e-9:
        raise SourceError(
            where[0],
            where[1],
            f"TABLE widths sum to {sum(widths):g} cm, more than the {MAX_TABLE_CM:g} cm text width",
        )
    style = options.get("font", "BangChu")
    header_style = options.get("header_font", "BangTieuDe")
    for name in (style, header_style):
        if name not in PARAGRAPH_STYLE_IDS:
            raise SourceError(where[0], where[1], f"unknown paragraph style {name!r}")
    align_codes = options["align"].split(",") if "align" in options else []
    if align_codes and (len(align_codes) != len(widths) or set(align_codes) - set(_ALIGN)):
        raise SourceError(where[0], where[1], "align= needs one of l,c,r,j per column")
    align = [_ALIGN[a] for a in align_codes] or [""] * len(widths)
    return TableBlock(where[1], widths, header_rows, style, header_style, align)


def _table_line(line: str, table: TableBlock, where: tuple[str, int]) -> None:
    stripped = line.strip()
    real_rows = sum(1 for r in table.rows if r.tag is None)
    if stripped.startswith("{%tr ") or stripped.startswith("{%tr-"):
        if not _TAG_RE.fullmatch(stripped):
            raise SourceError(where[0], where[1], "a {%tr ...%} line must hold only that tag")
        if real_rows < table.header_rows:
            raise SourceError(where[0], where[1], "{%tr ...%} inside the header rows")
        table.rows.append(RowSpec(where[1], tag=stripped))
        return
    keep = stripped.startswith("KEEP ")
    row = _parse_row(stripped.removeprefix("KEEP "), table, where)
    row.keep_next = keep
    row.header = real_rows < table.header_rows
    _link_vmerge(table, row, where)
    table.rows.append(row)


def parse_source(text: str, path: Path | str = "<source>") -> list[Block]:
    blocks: list[Block] = []
    table: TableBlock | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        where = (str(path), number)
        if line.startswith("#") or not line.strip():
            continue
        if table is not None:
            if line.strip() == "END":
                _finish_table(table, where)
                blocks.append(table)
                table = None
            else:
                _table_line(line, table, where)
            continue
        if line.split(None, 1)[0] == "TABLE":
            table = _parse_table_header(line, where)
            continue
        if line.strip() == "PAGEBREAK":
            blocks.append(PageBreakBlock(number))
            continue
        blocks.append(_parse_paragraph(line, where))
    if table is not None:
        raise SourceError(path, table.line, "TABLE without END")
    _check_jinja(text, blocks, path)
    return blocks


def _parse_paragraph(line: str, where: tuple[str, int]) -> ParaBlock:
    match = _LINE_RE.match(line)
    if not match:
        raise SourceError(
            where[0], where[1], f"expected 'Style| text', TABLE, PAGEBREAK or a comment: {line!r}"
        )
    style, text = match.group(1), match.group(2).strip()
    if style not in PARAGRAPH_STYLE_IDS:
        raise SourceError(where[0], where[1], f"unknown paragraph style {style!r}")
    _check_standalone_tag(text, where)
    return ParaBlock(where[1], style, parse_inline(text, where))


def _finish_table(table: TableBlock, where: tuple[str, int]) -> None:
    if not any(r.tag is None for r in table.rows):
        raise SourceError(where[0], table.line, "TABLE has no rows")
    if sum(1 for r in table.rows if r.header) < table.header_rows:
        raise SourceError(where[0], table.line, f"TABLE declares {table.header_rows} header rows")


def _check_jinja(text: str, blocks: Sequence[Block], path: Path | str) -> None:
    """Parse the Jinja skeleton (docxtpl's {%p/{%tr/{{p... as plain tags), keeping line numbers."""
    lines = [""] * (len(text.splitlines()) + 1)
    for block in blocks:
        if isinstance(block, ParaBlock):
            lines[block.line - 1] = "".join(s.text for s in block.segments)
        elif isinstance(block, TableBlock):
            for row in block.rows:
                cells = " ".join("".join(s.text for s in c.segments) for c in row.cells)
                lines[row.line - 1] = row.tag or cells
    skeleton = _STANDALONE_TAG_RE.sub(r"{\1 ", "\n".join(lines))
    try:
        jinja2.Environment().parse(skeleton)
    except jinja2.TemplateSyntaxError as exc:
        raise SourceError(path, exc.lineno, f"Jinja: {exc.message}") from None


# --------------------------------------------------------------------------- blocks -> XML


def _cm(value: float) -> int:
    return round(value * TWIPS_PER_CM)


def _grid_widths(widths_cm: Sequence[float]) -> list[int]:
    twips = [_cm(w) for w in widths_cm]
    overflow = sum(twips) - TEXT_W
    if overflow > 0:  # rounding only: take it off the widest column
        twips[twips.index(max(twips))] -= overflow
    return twips


def _table_cell(table: TableBlock, row: RowSpec, cell: CellSpec, grid: Sequence[int]) -> Element:
    width = sum(grid[cell.col : cell.col + cell.span])
    extra: list[Element] = []
    if cell.span > 1:
        extra.append(el("w:gridSpan", {"w:val": str(cell.span)}))
    if cell.vmerge:
        extra.append(el("w:vMerge", {"w:val": cell.vmerge}))
    extra.append(el("w:vAlign", {"w:val": "center"}))
    style = table.header_style if row.header else table.style
    # keepNext on every paragraph of a row keeps the row on the page of the next one (Word, Writer)
    ppr: list[Element] = [el("w:keepNext")] if row.keep_next else []
    align = table.align[cell.col]
    if align and not row.header:
        ppr.append(el("w:jc", {"w:val": align}))
    return _tc(width, [make_paragraph(style, cell.segments, ppr)], extra)


def table_xml(table: TableBlock) -> Element:
    grid = _grid_widths(table.widths_cm)
    tbl = el("w:tbl", None, _tbl_pr(sum(grid), borders=True, jc="center"), _tbl_grid(grid))
    for row in table.rows:
        if row.tag is not None:
            cell = _tc(
                sum(grid),
                [plain(table.style, row.tag)],
                [el("w:gridSpan", {"w:val": str(len(grid))})] if len(grid) > 1 else [],
            )
            tbl.append(el("w:tr", None, cell))
            continue
        trpr = el("w:trPr", None, el("w:cantSplit"), el("w:tblHeader") if row.header else None)
        tbl.append(el("w:tr", None, trpr, *(_table_cell(table, row, c, grid) for c in row.cells)))
    return tbl


def _is_tag_paragraph(block: ParaBlock) -> bool:
    """``{%p ...%}`` / ``{{p ...}}`` paragraphs are replaced by docxtpl, their formatting is lost."""
    text = "".join(s.text for s in block.segments)
    return bool(_STANDALONE_TAG_RE.search(text))


def blocks_xml(blocks: Sequence[Block]) -> list[Element]:
    out: list[Element] = []
    after_table = False
    for block in blocks:
        if isinstance(block, ParaBlock):
            gap = after_table and not _is_tag_paragraph(block)
            extra = [el("w:spacing", {"w:before": "120"})] if gap else []  # 6 pt below a table
            out.append(make_paragraph(block.style, block.segments, extra))
            after_table = after_table and _is_tag_paragraph(block)
            continue
        after_table = isinstance(block, TableBlock)
        if isinstance(block, PageBreakBlock):
            out.append(page_break_paragraph())
        else:
            out.append(table_xml(block))
    if not out or out[-1].tag == _qn("w:tbl"):
        out.append(spacer_paragraph())  # a body must not end with a table
    return out


def convert_source(src: Path, dst: Path) -> None:
    """Convert one ``<kind>.txt`` source into a body template (raises SourceError)."""
    blocks = parse_source(src.read_text(encoding="utf-8"), src)
    _write_atomically(dst, package_bytes(blocks_xml(blocks), f"Nội dung: {src.stem}"))


def build_all(sources: Path = SOURCES_DIR, out: Path = OUT_DIR) -> list[Path]:
    """Build the frame and every body template; stops at the first SourceError."""
    written = [out / FRAME_NAME]
    build_frame(written[0])
    for src in sorted(sources.glob("*.txt")):
        dst = out / f"{src.stem}.docx"
        convert_source(src, dst)
        written.append(dst)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Build everything; a bad source is reported (file:line: message) and the others still built."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR, help="folder of <kind>.txt sources")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder for the .docx templates")
    args = parser.parse_args(argv)
    build_frame(args.out / FRAME_NAME)
    print(args.out / FRAME_NAME)
    failed = 0
    for src in sorted(args.sources.glob("*.txt")):
        dst = args.out / f"{src.stem}.docx"
        try:
            convert_source(src, dst)
        except SourceError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(dst)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
