"""Append the statistical forms to a report's Word document as Phụ lục pages.

Each form is a Phụ lục on its own landscape A4 section whose page numbers restart at 1
(Nghị định 30: a phụ lục is numbered on its own): "Phụ lục I", the form's title in
capitals, the italic "(Kèm theo Báo cáo số … ngày … của …)" line, then the table.

In WordprocessingML a section's properties live in the ``w:sectPr`` of the LAST paragraph
of that section, and the body's final ``w:sectPr`` belongs to the last section. So to
append landscape sections after a portrait document, :func:`append_appendix` moves a copy
of the body's (portrait) ``w:sectPr`` into the paragraph that ends the main text, and
makes the final ``w:sectPr`` the appendix's landscape one, with the document's own page
number headers.

>>> xml = appendix_xml([FORM_06], [("Sở Ngoại vụ", report)], report, "05/BC-SNgV")  # doctest: +SKIP
>>> append_appendix(document_root, xml)                                          # doctest: +SKIP
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Sequence
from html import escape  # not xml.sax.saxutils: it imports urllib, http and email
from typing import Any

from lxml import etree

from desktop_app.document.context import document_date_line, so_ky_hieu
from desktop_app.document.forms import (
    Form,
    Row,
    column_numbers,
    column_widths,
    form_header,
    form_table,
    header_cells,
    ticked_forms,
)
from desktop_app.document.wordxml import W_NS
from desktop_app.report.answers import Report
from desktop_app.report.catalogue import kind_of
from desktop_app.vnformat import format_number, roman

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = f"{{{W_NS}}}"
Element = Any  # lxml.etree._Element; lxml ships no type information

# Landscape A4; the portrait margins turned with the page: the bound edge (left, 30 mm)
# becomes the top, where the page number also sits.
PAGE_W, PAGE_H = 16838, 11906
MARGINS = {"top": 1701, "right": 1134, "bottom": 1134, "left": 1134, "header": 567, "footer": 567}
TEXT_WIDTH = PAGE_W - MARGINS["left"] - MARGINS["right"]
RULE_LENGTH = 3000  # the short line under the "(Kèm theo …)" line
CELL_MARGIN = 57  # 1 mm each side inside the table's cells
UPRIGHT_13 = '<w:i w:val="0"/><w:iCs w:val="0"/><w:sz w:val="26"/><w:szCs w:val="26"/>'


# ---------------------------------------------------------------- building the XML


def appendix_xml(
    forms: Sequence[Form], units: Sequence[tuple[str, Report]] | None, report: Report, doc_number_text: str
) -> str:
    """Return the body elements of one Phụ lục per form, each its own landscape section.

    ``units`` None: the report's own rows (a roll-up's units, grouped; see :func:`form_table`).

    ``doc_number_text`` is the report's number and symbol ("533/BC-UBND", or with a blank
    number for the records clerk); a leading "Số:" is dropped. The last element is the
    appendix's body-level ``w:sectPr``, for :func:`append_appendix`.
    """
    note = attached_note(report, doc_number_text)
    parts: list[str] = []
    for i, form in enumerate(forms, 1):
        parts.append(_form_page(form, units, report, f"Phụ lục {roman(i)}", note))
        sect = section_properties()
        parts.append(_para("DuongKe", "", sect=sect) if i < len(forms) else _para("DuongKe", "") + sect)
    return "".join(parts)


def attached_note(report: Report, doc_number_text: str) -> str:
    """Return "(Kèm theo Báo cáo số 533/BC-UBND ngày 21 tháng 11 năm 2023 của …)"."""
    kind = kind_of(report)
    # Only ASCII spaces are trimmed: the no-break spaces are the clerk's blank number.
    number = doc_number_text.strip(" ").removeprefix("Số:").strip(" ")
    if not number:
        number = so_ky_hieu(report.document.so, kind.ma_loai, report.unit.ky_hieu).removeprefix("Số: ")
    day = document_date_line(report, kind, "")
    return f"(Kèm theo {kind.ten_loai.strip().capitalize()} số {number} {day} của {report.unit.ten_goi})"


def section_properties() -> str:
    """Return the ``w:sectPr`` of one appendix section: landscape A4, pages from 1."""
    m = MARGINS
    return (
        f'<w:sectPr xmlns:w="{W_NS}"><w:type w:val="nextPage"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}" w:orient="landscape"/>'
        f'<w:pgMar w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" '
        f'w:left="{m["left"]}" w:header="{m["header"]}" w:footer="{m["footer"]}" w:gutter="0"/>'
        '<w:pgNumType w:start="1"/><w:cols w:space="720"/><w:titlePg/>'
        '<w:docGrid w:linePitch="360"/></w:sectPr>'
    )


def _form_page(
    form: Form, units: Sequence[tuple[str, Report]] | None, report: Report, heading: str, note: str
) -> str:
    form, rows = form_table(form, units, report)
    header = form_header(form, report)
    side = (TEXT_WIDTH - RULE_LENGTH) // 2
    rule = (
        '<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>'
        f'<w:spacing w:after="120"/><w:ind w:left="{side}" w:right="{side}"/>'
    )
    return "".join(
        (
            _para("PhuLucTieuDe", heading),
            _para("PhuLucTen", form.title.upper()),
            _para("PhuLucGhiChu", note, ppr='<w:spacing w:after="0"/>'),
            _para("DuongKe", "", ppr=rule),
            _para("PhuLucGhiChu", header.period, ppr='<w:spacing w:after="60"/>', rpr=UPRIGHT_13),
            _para(
                "BangChu",
                f"{header.reporting_unit}\n{header.receiving_unit}",
                ppr="<w:keepNext/>",  # stays on the page of its table
                jc="right",
            ),
            _code_line(header.code, header.unit_of_measure),
            table_xml(form, rows),
        )
    )


def _code_line(code: str, unit_of_measure: str) -> str:
    """Return the line with the form code at the left and the unit of measure at the right."""
    ppr = (
        '<w:pPr><w:pStyle w:val="BangChu"/><w:keepNext/>'
        f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs></w:pPr>'
    )
    return f"<w:p>{ppr}{_run(code, '<w:b/>')}<w:r><w:tab/></w:r>{_run(unit_of_measure, '<w:i/>')}</w:p>"


def _run(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    lines = (f'<w:t xml:space="preserve">{escape(line, quote=False)}</w:t>' for line in text.split("\n"))
    return f"<w:r>{props}{'<w:br/>'.join(lines)}</w:r>"


def _para(style: str, text: str, *, ppr: str = "", rpr: str = "", jc: str = "", sect: str = "") -> str:
    """Return a paragraph; ``ppr`` holds properties that come before w:jc in the schema."""
    align = f'<w:jc w:val="{jc}"/>' if jc else ""
    run = _run(text, rpr) if text else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}{align}{sect}</w:pPr>{run}</w:p>'


# ---------------------------------------------------------------- the table


def grid_widths(form: Form) -> list[int]:
    """Return the table's column widths in twips, the form's widths scaled to the page."""
    widths = column_widths(form)
    scale = TEXT_WIDTH / sum(widths)
    out = [int(w * scale) for w in widths]
    out[1] += TEXT_WIDTH - sum(out)
    return out


def table_xml(form: Form, rows: Sequence[Row]) -> str:
    """Return the form's ``w:tbl``: merged headings, column numbers, unit rows, total row."""
    widths = grid_widths(form)
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(border.format(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tbl_pr = (
        f'<w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
    )
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    body = (
        _heading_rows(form, widths)
        + _numbers_row(form, widths)
        + "".join(_data_row(r, widths, _kept_with_next(rows, i)) for i, r in enumerate(rows))
    )
    return f"<w:tbl>{tbl_pr}{grid}{body}</w:tbl>"


def _cell(widths: list[int], col: int, span: int, paragraph: str, vmerge: str | None = None) -> str:
    width = sum(widths[col : col + span])
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    merge = "" if vmerge is None else (f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "<w:vMerge/>")
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{merge}'
        f'<w:vAlign w:val="center"/></w:tcPr>{paragraph}</w:tc>'
    )


def _row(cells: str, header: bool = False) -> str:
    repeat = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{cells}</w:tr>"


def _heading_rows(form: Form, widths: list[int]) -> str:
    cells = header_cells(form)
    rows = []
    for r in range(form.header_depth()):
        placed = []
        for h in cells:
            if h.row == r:
                vmerge = "restart" if h.row_span > 1 else None
                placed.append((h.col, _cell(widths, h.col, h.col_span, _para("BangTieuDe", h.text), vmerge)))
            elif h.row < r < h.row + h.row_span:
                placed.append((h.col, _cell(widths, h.col, h.col_span, _para("BangTieuDe", ""), "")))
        rows.append(_row("".join(xml for _, xml in sorted(placed)), header=True))
    return "".join(rows)


def _numbers_row(form: Form, widths: list[int]) -> str:
    cells = "".join(
        _cell(widths, col, 1, _para("BangChu", text, jc="center", rpr="<w:i/>"))
        for col, text in enumerate(column_numbers(form))
    )
    return _row(cells, header=True)


def _kept_with_next(rows: Sequence[Row], i: int) -> bool:
    """True for the row before a subtotal or the total (neither stands alone on a page under the
    repeated headings: the last unit, its «Cộng» and «Tổng cộng» go together) and for a group's
    heading (never alone at the foot of a page)."""
    after = rows[i + 1] if i + 1 < len(rows) else None
    return rows[i].is_group or (after is not None and (after.is_total or bool(after.sums)))


def _data_row(row: Row, widths: list[int], keep_next: bool = False) -> str:
    """A row of the form; ``keep_next``: every paragraph of it is kept with the next, which is how
    Word keeps a table row with the following one; LibreOffice (7.4 here) honours it too."""
    bold = "<w:b/><w:bCs/>" if row.bold else ""
    label_jc = "center" if row.is_total or row.sums else "left"
    keep = "<w:keepNext/>" if keep_next else ""
    cells = [
        _cell(widths, 0, 1, _para("BangChu", row.stt, ppr=keep, jc="center", rpr=bold)),
        _cell(widths, 1, 1, _para("BangChu", row.label, ppr=keep, jc=label_jc, rpr=bold)),
    ]
    for i, c in enumerate(row.cells):
        if c.span == 0:
            continue
        text = format_number(c.value)
        cells.append(_cell(widths, 2 + i, c.span, _para("BangChu", text, ppr=keep, jc="center", rpr=bold)))
    return _row("".join(cells))


# ---------------------------------------------------------------- into the document


def append_appendix(document_root: Element, xml: str) -> None:
    """Append the appendix ``xml`` (from :func:`appendix_xml`) to the body of document.xml.

    The body's portrait ``w:sectPr`` moves, copied, into the paragraph that ends the main
    text; the appendix's last ``w:sectPr`` becomes the body's final one. Every appendix
    section gets the document's header references (the page number) unless it has its own.
    """
    body = document_root.find(f"{_W}body")
    final = body.find(f"{_W}sectPr")
    if final is None:
        raise ValueError("document.xml has no final w:sectPr")
    wrapper = etree.fromstring(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{xml}</w:body>')
    elements = list(wrapper)
    has_own = bool(elements) and elements[-1].tag == f"{_W}sectPr"
    new_final = elements.pop() if has_own else etree.fromstring(section_properties())
    _end_main_text(body, final)
    for element in elements:
        final.addprevious(element)
    for sect in [*(e.find(f"{_W}pPr/{_W}sectPr") for e in elements), new_final]:
        if sect is not None:
            _inherit_headers(sect, final)
    body.replace(final, new_final)


def _end_main_text(body: Element, final: Element) -> None:
    """Put a copy of the portrait ``final`` into the last paragraph of the main text."""
    last = final.getprevious()
    if last is None or last.tag != f"{_W}p" or last.find(f"{_W}pPr/{_W}sectPr") is not None:
        last = etree.SubElement(body, f"{_W}p")
        final.addprevious(last)
    ppr = last.find(f"{_W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{_W}pPr")
        last.insert(0, ppr)
    change = ppr.find(f"{_W}pPrChange")
    sect = copy.deepcopy(final)
    if change is not None:
        change.addprevious(sect)
    else:
        ppr.append(sect)


def _inherit_headers(sect: Element, source: Element) -> None:
    if sect.find(f"{_W}headerReference") is not None:
        return
    for ref in reversed(source.findall(f"{_W}headerReference")):
        sect.insert(0, copy.deepcopy(ref))


def add_appendix_to_docx(data: bytes, xml: str) -> bytes:
    """Return the DOCX ``data`` with the appendix ``xml`` appended to its document.xml."""
    source = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(source.read("word/document.xml"))
    append_appendix(root, xml)
    patched = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = patched if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def attach_appendices(data: bytes, report: Report, doc_number_text: str) -> bytes:
    """Return ``data`` with the forms the official ticked as Phụ lục pages (unchanged if none)."""
    forms = ticked_forms(report)
    if not forms:
        return data
    return add_appendix_to_docx(data, appendix_xml(forms, None, report, doc_number_text))
