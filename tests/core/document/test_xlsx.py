"""The .xlsx writer: every part well-formed XML, and what it writes read back by openpyxl."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl  # type: ignore[import-untyped]
import pytest

from desktop_app.document.xlsx import (
    MAX_CELL_CHARS,
    Book,
    CellStyle,
    Formula,
    PageSetup,
    column_letter,
    sheet_name,
)


def reopened(book: Book, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "b.xlsx"
    path.write_bytes(book.to_bytes())
    return openpyxl.load_workbook(path)


def test_every_part_is_well_formed_xml() -> None:
    book = Book()
    sheet = book.sheet("Biểu 06b")
    sheet.put(1, 1, "A & B <c> \"d\" 'e'", book.style(CellStyle(bold=True, number_format="0.0%")))
    sheet.merge(1, 1, 1, 3)
    sheet.page = PageSetup(title_rows=(1, 2))
    with zipfile.ZipFile(io.BytesIO(book.to_bytes())) as package:
        names = package.namelist()
        for name in names:
            ElementTree.fromstring(package.read(name))  # raises on anything not well-formed
    assert "xl/worksheets/sheet1.xml" in names and "[Content_Types].xml" in names


def test_text_numbers_formulas_and_empty_cells_read_back(tmp_path: Path) -> None:
    book = Book()
    sheet = book.sheet("Số liệu")
    sheet.put(1, 1, "Hồ sơ <trực tuyến> & bưu chính")
    sheet.put(1, 2, 15561)
    sheet.put(1, 3, 82.73)
    sheet.put(1, 4, 2.0)
    sheet.put(2, 2, Formula("SUM(B1:D1)"))
    sheet.put(2, 1, None, book.style(CellStyle(boxed=True)))
    sheet.put(3, 1, "  hai khoảng trắng  ")
    sheet.put(3, 28, True)
    ws = reopened(book, tmp_path)["Số liệu"]
    assert ws["A1"].value == "Hồ sơ <trực tuyến> & bưu chính"
    assert (ws["B1"].value, ws["C1"].value, ws["D1"].value) == (15561, 82.73, 2)
    assert ws["B2"].value == "=SUM(B1:D1)"
    assert ws["A2"].value is None and ws["A2"].border.left.style == "thin"
    assert ws["A3"].value == "  hai khoảng trắng  "
    assert ws["AB3"].value is True


def test_a_formula_keeps_its_figure_as_the_saved_result(tmp_path: Path) -> None:
    book = Book()
    sheet = book.sheet("Biểu")
    sheet.put(1, 1, 15561)
    sheet.put(1, 2, 6717)
    sheet.put(1, 3, Formula("A1+B1", 22278))
    sheet.put(1, 4, Formula("A1/B1"))  # its figure unknown: no result saved, Excel computes it
    path = tmp_path / "b.xlsx"
    path.write_bytes(book.to_bytes())
    formulas = openpyxl.load_workbook(path)["Biểu"]
    shown = openpyxl.load_workbook(path, data_only=True)["Biểu"]
    assert (formulas["C1"].value, shown["C1"].value) == ("=A1+B1", 22278)
    assert (formulas["D1"].value, shown["D1"].value) == ("=A1/B1", None)


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """A unit's name typed as "=HYPERLINK(…)" must not become a formula in the official's Excel."""
    book = Book()
    book.sheet("Biểu").put(1, 1, '=HYPERLINK("http://x","bấm")')
    cell = reopened(book, tmp_path)["Biểu"]["A1"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x","bấm")'


def test_a_text_longer_than_excel_takes_is_cut_to_its_limit(tmp_path: Path) -> None:
    """Excel refuses a whole workbook over one cell of more than 32,767 characters."""
    book = Book()
    book.sheet("Biểu").put(1, 1, "Sở Tư pháp " * 5000)
    value = reopened(book, tmp_path)["Biểu"]["A1"].value
    assert len(value) == MAX_CELL_CHARS and value.startswith("Sở Tư pháp Sở") and value.endswith("…")


def test_characters_xml_cannot_hold_are_left_out(tmp_path: Path) -> None:
    book = Book()
    book.sheet("Biểu").put(1, 1, "Sở\x00 Tư\x0b pháp\ud800")
    assert reopened(book, tmp_path)["Biểu"]["A1"].value == "Sở Tư pháp"


def test_styles_are_shared_and_read_back(tmp_path: Path) -> None:
    book = Book()
    bold = CellStyle(font="Times New Roman", size=13, bold=True, horizontal="center", wrap=True)
    assert book.style(bold) == book.style(CellStyle(**bold.__dict__))
    figure = book.style(CellStyle(font="Times New Roman", size=12, boxed=True, number_format="#,##0"))
    percent = book.style(CellStyle(number_format="0.00%"))
    sheet = book.sheet("Biểu")
    sheet.put(1, 1, "Tiêu đề", book.style(bold))
    sheet.put(2, 1, 1234, figure)
    sheet.put(3, 1, 0.5, percent)
    sheet.put(4, 1, "thụt", book.style(CellStyle(horizontal="left", indent=1, italic=True)))
    ws = reopened(book, tmp_path)["Biểu"]
    a1 = ws["A1"]
    assert (a1.font.name, a1.font.sz, a1.font.b) == ("Times New Roman", 13, True)
    assert (a1.alignment.horizontal, a1.alignment.wrap_text) == ("center", True)
    assert ws["A2"].number_format == "#,##0" and ws["A2"].border.bottom.style == "thin"
    assert ws["A3"].number_format == "0.00%"
    assert ws["A4"].font.i and ws["A4"].alignment.indent == 1


def test_merges_sizes_panes_and_page_setup_read_back(tmp_path: Path) -> None:
    book = Book()
    sheet = book.sheet("Biểu 05a")
    sheet.put(1, 1, "Đầu")
    sheet.merge(1, 1, 2, 3)
    sheet.widths = {1: 6, 2: 34.5}
    sheet.heights = {1: 38, 5: 8}
    sheet.frozen = (10, 3)
    sheet.zoom = 90
    margins = (0.5, 0.5, 0.6, 0.6)
    sheet.page = PageSetup(landscape=True, fit_width=1, centred=True, margins=margins, title_rows=(6, 9))
    ws = reopened(book, tmp_path)["Biểu 05a"]
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:C2"}
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (6, 34.5)
    assert (ws.row_dimensions[1].height, ws.row_dimensions[5].height) == (38, 8)
    assert ws.freeze_panes == "C10" and ws.sheet_view.zoomScale == 90
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_options.horizontalCentered
    assert ws.print_title_rows == "$6:$9"
    assert (ws.page_margins.left, ws.page_margins.top) == (0.5, 0.6)


def test_the_page_number_from_the_second_page_at_the_top_centre(tmp_path: Path) -> None:
    book = Book()
    numbered = book.sheet("Biểu 06b")
    numbered.page = PageSetup(page_number_font="Times New Roman", page_number_size=13)
    book.sheet("Không số").page = PageSetup()
    for sheet in book.sheets:
        sheet.put(1, 1, 1)
    reopened_book = reopened(book, tmp_path)
    ws = reopened_book["Biểu 06b"]
    assert ws.HeaderFooter.differentFirst
    assert (ws.oddHeader.center.text, ws.oddHeader.center.font) == ("&P", "Times New Roman,Regular")
    assert ws.oddHeader.center.size == 13 and not ws.firstHeader.center.text
    assert int(ws.page_setup.firstPageNumber) == 1 and ws.page_setup.useFirstPageNumber
    plain = reopened_book["Không số"]
    assert not plain.oddHeader.center.text and not plain.page_setup.useFirstPageNumber


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Biểu 06b", [], "Biểu 06b"),
        ("Biểu 06b", ["biểu 06B"], "Biểu 06b (2)"),
        ("Biểu [06b]: tỉnh/xã?", [], "Biểu  06b   tỉnh xã"),
        ("Tình hình giải quyết thủ tục hành chính", [], "Tình hình giải quyết thủ tục hà"),
        ("'Biểu'", [], "Biểu"),
        ("***", [], "Biểu"),
    ],
)
def test_sheet_names_are_what_excel_allows(name: str, taken: list[str], expected: str) -> None:
    assert sheet_name(name, taken) == expected
    assert len(expected) <= 31


def test_two_sheets_of_one_name_both_open(tmp_path: Path) -> None:
    book = Book()
    book.sheet("Biểu").put(1, 1, 1)
    book.sheet("Biểu").put(1, 1, 2)
    wb = reopened(book, tmp_path)
    assert wb.sheetnames == ["Biểu", "Biểu (2)"]
    assert wb["Biểu (2)"]["A1"].value == 2


@pytest.mark.parametrize(("col", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")])
def test_column_letters(col: int, letters: str) -> None:
    assert column_letter(col) == letters


def test_what_a_cell_cannot_hold_is_refused() -> None:
    book = Book()
    book.sheet("Biểu").put(1, 1, float("nan"))
    with pytest.raises(TypeError):
        book.to_bytes()


def test_a_book_without_sheets_is_refused() -> None:
    with pytest.raises(ValueError):
        Book().to_bytes()
