"""The Excel workbook of the forms, reopened with openpyxl and recomputed by LibreOffice."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from desktop_app.document import excel
from desktop_app.document.excel import HEADER_TOP, write_form_workbook
from desktop_app.document.forms import FORM_05, FORM_06, FORM_CAP, form_table, forms_for_kind
from desktop_app.document.header import text_width
from desktop_app.report.answers import Report, Unit, load_answer_file
from desktop_app.system.converters import clean_environment, find_soffice
from tests.core.conftest import SEED_FIXTURES
from tests.core.document.test_rollup_forms import rolled
from tests.rollup_data import COMMUNE, commune_quarter, departments

SO = SEED_FIXTURES / "000_a555c7217f5d5664.json"
XA = SEED_FIXTURES / "001_65663e565db3c233.json"
HUYEN = SEED_FIXTURES / "002_783f40fcc350287c.json"
# Rows of the 06b sheet: headings 6–8, column numbers 9, units from 10.
NUMBERS_ROW = HEADER_TOP + FORM_06.header_depth()
FIRST = NUMBERS_ROW + 1


def soffice_with_calc() -> Path | None:
    """Return soffice when LibreOffice Calc is installed too (it reads .xlsx)."""
    program = find_soffice()
    if program is None:
        return None
    folder = program.resolve().parent
    names = ("libsclo.so", "sclo.dll", "libsclo.dylib")
    return program if any((folder / n).exists() for n in names) else None


needs_calc = pytest.mark.skipif(soffice_with_calc() is None, reason="no LibreOffice Calc")


@pytest.fixture
def huyen() -> Report:
    return load_answer_file(HUYEN)


def write(tmp_path: Path, units: list[tuple[str, Report]], name: str = "bieu.xlsx") -> Path:
    path = tmp_path / name
    write_form_workbook(path, forms_for_kind("bao_cao_kstthc"), units, units[0][1])
    return path


def test_one_sheet_per_form_with_its_header(tmp_path: Path, huyen: Report) -> None:
    book = openpyxl.load_workbook(write(tmp_path, [("Huyện Trà Cú", huyen)]))
    assert book.sheetnames == ["Biểu 05a", "Biểu 06b"]
    ws = book["Biểu 06b"]
    assert ws["A1"].value == "Biểu số 06b.VPCP.KSTTHC"
    assert ws["C1"].value == "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert ws["C2"].value == "Kỳ báo cáo: Năm 2023 (Từ ngày 01/01/2023 đến ngày 20/11/2023)"
    # Lines too long for the block break between phrases, and before the place (not «Trà» / «Cú»).
    assert ws["K1"].value == "Đơn vị báo cáo:\nỦy ban nhân dân\nhuyện Trà Cú"
    assert ws["K2"].value.replace("\n", " ") == "Đơn vị nhận báo cáo: Văn phòng Ủy ban nhân dân tỉnh"
    assert ws["K4"].value == "Đơn vị tính: Số hồ sơ TTHC"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:B1", "C1:J1", "C2:J2", "K1:M1", "K2:M2", "K4:M4"} <= merged
    assert book["Biểu 05a"]["H4"].value == "Đơn vị tính: Số PAKN"


def test_two_row_headings_are_merged_and_columns_numbered(tmp_path: Path, huyen: Report) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [("Huyện Trà Cú", huyen)]))["Biểu 06b"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A6:A8", "B6:B8", "C6:F6", "G6:J6", "K6:M6", "C7:C8", "D7:E7", "F7:F8", "H7:H8"} <= merged
    assert (ws["A6"].value, ws["B6"].value) == ("STT", "Lĩnh vực, đơn vị")
    assert ws["C6"].value == "Số hồ sơ nhận giải quyết"
    assert ws["G6"].value == "Số hồ sơ đã giải quyết"
    assert ws["K6"].value == "Số hồ sơ đang giải quyết"
    assert ws["D7"].value == "Mới tiếp nhận trong kỳ"
    assert (ws["D8"].value, ws["E8"].value) == ("Trực tuyến", "Trực tiếp và dịch vụ bưu chính công ích")
    numbers = [ws.cell(row=NUMBERS_ROW, column=c).value for c in range(1, 14)]
    assert numbers == [f"({i})" for i in range(1, 14)]


def test_figures_are_numbers_and_totals_are_formulas(tmp_path: Path, huyen: Report) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [("Huyện Trà Cú", huyen)]))["Biểu 06b"]
    row = [ws.cell(row=FIRST, column=c).value for c in range(1, 14)]
    assert row[:2] == [1, "Huyện Trà Cú"]
    assert row[2] == f"=D{FIRST}+E{FIRST}+F{FIRST}"
    assert row[3:6] == [15561, 6717, 0]
    assert row[6] == f"=H{FIRST}+I{FIRST}+J{FIRST}"
    assert (row[7], row[8], row[9]) == (21829, None, 449)  # "trước và đúng hạn" over H:I
    assert f"H{FIRST}:I{FIRST}" in {str(r) for r in ws.merged_cells.ranges}
    assert row[10] == f"=L{FIRST}+M{FIRST}"
    assert row[11:] == [0, 0]
    total = [ws.cell(row=FIRST + 1, column=c).value for c in range(1, 14)]
    assert total[1] == "Tổng cộng"
    assert total[2] == f"=SUM(C{FIRST}:C{FIRST})"
    assert total[7] == f"=SUM(H{FIRST}:I{FIRST})"
    assert all(isinstance(v, str) and v.startswith("=SUM(") for v in total[2:] if v is not None)
    assert ws.cell(row=FIRST, column=4).number_format == "#,##0"


def test_missing_figures_stay_empty(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [("Xã Sơn Nham", load_answer_file(XA))]))["Biểu 06b"]
    row = [ws.cell(row=FIRST, column=c).value for c in range(3, 14)]
    assert row[0] == 255  # typed without its parts: a number, not a formula
    assert row[1:4] == [None, None, None]
    total = [ws.cell(row=FIRST + 1, column=c).value for c in range(3, 7)]
    assert total == [f"=SUM(C{FIRST}:C{FIRST})", None, None, None]


def test_font_borders_widths_and_print_setup(tmp_path: Path, huyen: Report) -> None:
    ws = openpyxl.load_workbook(write(tmp_path, [("Huyện Trà Cú", huyen)]))["Biểu 05a"]
    assert {ws[c].font.name for c in ("A1", "C1", "A6", "C9", "B11")} == {"Times New Roman"}
    assert ws["C1"].font.b and ws["B11"].font.b
    assert ws["C10"].border.left.style == "thin" and ws["C10"].border.bottom.style == "thin"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["C"].width > ws.column_dimensions["A"].width
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)


def test_the_workbook_is_written_atomically(
    tmp_path: Path, huyen: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, [("Huyện Trà Cú", huyen)])
    before = path.read_bytes()

    def broken(*args: object) -> bytes:
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(excel, "form_workbook", broken)
    with pytest.raises(RuntimeError):
        write(tmp_path, [("Huyện Trà Cú", huyen)])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bieu.xlsx"]


def recalculated(path: Path, out: Path, profile: Path) -> openpyxl.Workbook:
    """Open ``path`` in LibreOffice (which recalculates on load), save it, read the values."""
    program = soffice_with_calc()
    assert program is not None
    command = [
        str(program),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        str(path),
    ]
    subprocess.run(command, env=clean_environment(), capture_output=True, timeout=180, check=True)
    return openpyxl.load_workbook(out / path.name, data_only=True)


@needs_calc
@pytest.mark.soffice
def test_libreoffice_recomputes_the_formulas_to_the_right_totals(tmp_path: Path, huyen: Report) -> None:
    units = [
        ("Huyện Trà Cú", huyen),
        ("Sở Ngoại vụ", load_answer_file(SO)),
        ("Xã Sơn Nham", load_answer_file(XA)),
    ]
    path = write(tmp_path, units)
    (tmp_path / "lo").mkdir()
    book = recalculated(path, tmp_path / "lo", tmp_path / "profile")
    ws = book["Biểu 06b"]
    rows = [[ws.cell(row=r, column=c).value for c in range(1, 14)] for r in range(FIRST, FIRST + 4)]
    assert rows[0][2:] == [22278, 15561, 6717, 0, 22278, 21829, None, 449, 0, 0, 0]
    assert rows[1][2:] == [3, 0, 3, 0, 3, 0, 3, 0, 0, 0, 0]
    assert rows[2][2:] == [255, None, None, None, 251, 249, 0, 2, 6, 6, 0]
    total = rows[3]
    assert total[1] == "Tổng cộng"
    assert total[2:] == [22536, 15561, 6720, 0, 22532, 22081, None, 451, 6, 6, 0]
    feedback = book["Biểu 05a"]
    assert feedback.cell(row=FIRST + 3, column=3).value == 1 + 0 + 0
    assert feedback.cell(row=FIRST + 1, column=3).value == 0  # =D+E of the Sở's zeros


def calc_to_pdf(path: Path, folder: Path) -> None:
    """Convert the workbook ``path`` to PDF in ``folder`` with LibreOffice Calc (a private profile)."""
    program = soffice_with_calc()
    assert program is not None
    profile = (folder / "profile").as_uri()
    command = [str(program), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(folder), str(path)],
        env=clean_environment(),
        capture_output=True,
        timeout=180,
        check=True,
    )


@needs_calc
@pytest.mark.soffice
def test_libreoffice_prints_the_sheets_on_landscape_a4(tmp_path: Path, huyen: Report) -> None:
    path = write(tmp_path, [("Huyện Trà Cú", huyen)])
    calc_to_pdf(path, tmp_path)
    info = subprocess.run(
        ["pdfinfo", "-l", "10", str(tmp_path / "bieu.pdf")], capture_output=True, text=True, check=True
    ).stdout
    sizes = [line for line in info.splitlines() if line.startswith("Page") and "size" in line]
    assert len(sizes) == 2  # one page per form: fit to the width of the page
    assert all("841.89 x 595" in line for line in sizes)


def test_header_blocks_fit_the_smaller_form(tmp_path: Path, huyen: Report) -> None:
    path = tmp_path / "05a.xlsx"
    write_form_workbook(path, [FORM_05], [("Huyện", huyen)], huyen)
    ws = openpyxl.load_workbook(path)["Biểu 05a"]
    assert {"A1:B1", "C1:G1", "H1:J1"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws["C1"].value.startswith("TÌNH HÌNH, KẾT QUẢ TIẾP NHẬN")


def test_the_header_lines_break_between_phrases_not_inside_a_word(tmp_path: Path) -> None:
    """05a's title is wider than its block: the cell wrapped it at any space, «XỬ LÝ PHẢN» /
    «ÁNH, KIẾN NGHỊ» (one word of two syllables); «… đến ngày» / «14/6/2024)»; «UBND TỈNH» /
    «KIÊN GIANG». Each line is now a phrase, and fits its block in Times New Roman."""
    path = tmp_path / "05a.xlsx"
    so = load_answer_file(SO)
    write_form_workbook(path, [FORM_05], None, so)
    ws = openpyxl.load_workbook(path)["Biểu 05a"]
    title = ws["C1"].value.split("\n")
    assert title == [
        "TÌNH HÌNH, KẾT QUẢ TIẾP NHẬN,",
        "XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ",
        "VỀ QUY ĐỊNH HÀNH CHÍNH",
        "VÀ HÀNH VI HÀNH CHÍNH",
    ]
    room = sum((ws.column_dimensions[c].width * 7 + 5) * 0.75 for c in "CDEFG") - excel.CELL_PADDING_PT
    assert all(text_width(line, 13, bold=True) <= room for line in title)
    assert ws.row_dimensions[1].height >= 4 * excel.LINE_HEIGHT
    period = ws["C2"].value.split("\n")
    assert period[-1].startswith("(Từ ngày ") and period[-1].endswith("/2024)")
    assert ws["H2"].value.split("\n")[-1] == "UBND TỈNH KIÊN GIANG"


def test_a_heading_that_wraps_has_the_height_of_its_lines(tmp_path: Path) -> None:
    """«SỞ, BAN, NGÀNH VÀ CƠ QUAN CẤP TỈNH» in bold capitals wraps in its column: its row is given
    the height of two lines (LibreOffice drew it over the next row); a unit's row keeps its own."""
    report = rolled(departments()[:2])
    path = tmp_path / "bieu.xlsx"
    write_form_workbook(path, forms_for_kind("bao_cao_kstthc"), None, report)
    ws = openpyxl.load_workbook(path)["Biểu 06b"]
    heading = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "SỞ, BAN, NGÀNH VÀ CƠ QUAN CẤP TỈNH"
    )
    assert ws.row_dimensions[heading].height is not None and ws.row_dimensions[heading].height >= 2 * 17
    assert ws.cell(heading + 1, 2).value == "Sở Tư pháp" and ws.row_dimensions[heading + 1].height is None


def test_totals_keep_their_figures_for_readers_that_do_not_compute(tmp_path: Path) -> None:
    # A workbook received by e-mail opens read-only (Protected View), in a viewer, or is read by
    # the province's own program: none computes formulas, and a total without its saved figure
    # showed blank there (openpyxl's data_only reads what they show).
    communes = [
        replace(commune_quarter(1), unit=replace(COMMUNE, co_quan=f"UBND XÃ {n.upper()}", ten=f"UBND xã {n}"))
        for n in ("An Bình", "Mỹ Hòa")
    ]
    report = rolled([*departments(), *communes])
    path = tmp_path / "bieu.xlsx"
    write_form_workbook(path, [FORM_06], None, report)
    formulas = openpyxl.load_workbook(path)["Biểu 06b"]
    shown = openpyxl.load_workbook(path, data_only=True)["Biểu 06b"]
    _, rows = form_table(FORM_06, None, report)
    assert [r.sums != () for r in rows].count(True) == 3  # two subtotals and the total
    computed = 0
    for offset, row in enumerate(rows):
        for col, cell in enumerate(row.cells, 3):
            if cell.span == 0:
                continue
            r = FIRST + offset
            computed += str(formulas.cell(row=r, column=col).value).startswith("=")
            assert shown.cell(row=r, column=col).value == cell.value, (row.label, col)
    assert computed > 30


@needs_calc
@pytest.mark.soffice
def test_a_form_of_several_pages_numbers_them_from_the_second_at_the_top(tmp_path: Path) -> None:
    # A province's roll-up of 40 communes prints each form on several pages: unnumbered, pages
    # dropped on the desk could not be put back in order. Each form is numbered on its own, as
    # the report's Phụ lục are, from its second page, at the top centre (Nghị định 30).
    communes = [
        replace(commune_quarter(1), unit=replace(COMMUNE, co_quan=f"UBND XÃ SỐ {n}", ten=f"UBND xã Số {n}"))
        for n in range(1, 41)
    ]
    path = tmp_path / "bieu.xlsx"
    write_form_workbook(path, forms_for_kind("bao_cao_kstthc"), None, rolled(communes))
    ws = openpyxl.load_workbook(path)["Biểu 06b"]
    assert ws.HeaderFooter.differentFirst and ws.oddHeader.center.text == "&P"
    assert ws.oddHeader.center.font == "Times New Roman,Regular" and ws.oddHeader.center.size == 13
    calc_to_pdf(path, tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "bieu.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    tops = [
        next((line.strip() for line in page.splitlines() if line.strip()), "")
        for page in text.split("\f")[:-1]
    ]
    first_pages = [i for i, top in enumerate(tops) if top.startswith("Biểu số")]
    assert len(first_pages) == 2 and first_pages[0] == 0  # 05a, then 06b: each starts with its header
    for start, end in zip(first_pages, [*first_pages[1:], len(tops)], strict=True):
        assert end - start >= 2
        assert tops[start + 1 : end] == [str(n) for n in range(2, end - start + 1)]


def test_rows_have_the_height_of_their_lines_measured_in_the_font(tmp_path: Path, huyen: Report) -> None:
    """Heights came from counting characters: «Trong đó: đã đăng tải công khai» takes four lines
    in its column and its heading rows had three (Excel and LibreOffice cut its first and last),
    and a unit's name of two lines had a row of three: a province's roll-up ran to more pages,
    rows a third empty."""
    names = [
        "Ban Quản lý Khu kinh tế cửa khẩu quốc tế Mộc Bài tỉnh Tây Ninh",
        "Sở Văn hóa, Thể thao và Du lịch",
    ]
    path = tmp_path / "05a.xlsx"
    write_form_workbook(path, [FORM_05], [(n, huyen) for n in names], huyen)
    ws = openpyxl.load_workbook(path)["Biểu 05a"]
    numbers_row = HEADER_TOP + FORM_05.header_depth()
    heading = next(c for c in ws[numbers_row - 1] if c.value == "Trong đó: đã đăng tải công khai")
    assert heading.column_letter == "I"
    assert ws.row_dimensions[numbers_row - 1].height >= 4 * excel.LINE_HEIGHT
    first = numbers_row + 1
    assert [ws.cell(first + i, 2).value for i in range(2)] == names
    assert ws.row_dimensions[first].height == 2 * excel.LINE_HEIGHT + 4
    assert ws.row_dimensions[first + 1].height is None


KIEN_GIANG_CENTRE = Unit(
    "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH KIÊN GIANG",
    "TTPVHCC",
    "Kiên Giang",
    "so",
    co_quan_chu_quan="UBND TỈNH KIÊN GIANG",
    ten="Trung tâm Phục vụ hành chính công tỉnh Kiên Giang",
)


def test_a_header_line_breaks_between_words_not_inside_one(tmp_path: Path) -> None:
    """A phrase too long for its block was wrapped at any space: «Trung tâm Phục vụ hành» /
    «chính công» beside 05a, «KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ» / «TỤC HÀNH CHÍNH THEO CẤP» over the
    monthly report's table. A line now breaks before or after a word of two syllables, and
    before a place, never inside its name."""
    so = replace(load_answer_file(SO), unit=KIEN_GIANG_CENTRE)
    path = tmp_path / "05a.xlsx"
    write_form_workbook(path, [FORM_05], None, so)
    ws = openpyxl.load_workbook(path)["Biểu 05a"]
    assert ws["H1"].value.split("\n") == [
        "Đơn vị báo cáo:",
        "Trung tâm Phục vụ",
        "hành chính công",
        "tỉnh Kiên Giang",
    ]
    monthly = load_answer_file(SEED_FIXTURES / "003_bc5ae3b32bd5b2c1.json")
    monthly = monthly.with_answers({k: v for k, v in monthly.answers.items() if not k.endswith("_huyen")})
    path = tmp_path / "thang.xlsx"
    write_form_workbook(path, [FORM_CAP], None, monthly)
    ws = openpyxl.load_workbook(path)["Theo cấp"]
    title = ws["C1"].value.split("\n")
    assert title == ["KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "THỦ TỤC HÀNH CHÍNH THEO CẤP"]
