"""Write the statistical forms as an Excel workbook (openpyxl), one sheet per form.

Each sheet carries the form's header (code at the left, title and reporting period in the
centre, reporting and receiving units at the right, the unit of measure), the column
headings merged as on the printed form, the row of column numbers, one row per unit with
the figures as numbers, and the totals as formulas, so the official can correct a figure
and the totals follow. A roll-up's units come grouped by level, each group with its subtotal
(see :func:`desktop_app.document.forms.form_table`); a subtotal or total is written as a formula
only where the formula gives the figure the document prints, otherwise as that figure.
Set up to print on landscape A4, fit to the page width.
"""

from __future__ import annotations

import copy
import io
import math
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.document.forms import (
    Form,
    Row,
    column_count,
    column_numbers,
    column_widths,
    form_header,
    form_table,
    header_cells,
)
from desktop_app.report.answers import Report
from desktop_app.system.files import write_atomic

FONT_NAME = "Times New Roman"
NUMBER_FORMAT = "#,##0"
HEADER_TOP = 6  # the first row of the column headings; rows 1–4 hold the form's header
LINE_HEIGHT = 17  # points, a line of 12–13 pt text
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)


def form_workbook(forms: Sequence[Form], units: Sequence[tuple[str, Report]] | None, report: Report) -> bytes:
    """Return the .xlsx bytes of ``forms`` filled with ``units`` (None: ``report``'s own rows)."""
    if not forms:
        raise ValueError("a workbook needs at least one form")
    book = Workbook()
    book.remove(book.active)
    _cell_styles(book)
    styles = _Styles()
    for form in forms:
        _write_sheet(book.create_sheet(form.sheet_name), form, units, report, styles)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_form_workbook(
    path: Path, forms: Sequence[Form], units: Sequence[tuple[str, Report]] | None, report: Report
) -> None:
    """Write the workbook of ``forms`` to ``path`` atomically (never half a file)."""
    write_atomic(path, form_workbook(forms, units, report))


def _write_sheet(
    ws: Worksheet, form: Form, units: Sequence[tuple[str, Report]] | None, report: Report, styles: _Styles
) -> None:
    form, rows = form_table(form, units, report)
    _set_widths(ws, form)
    _write_header(ws, form, report)
    numbers_row = _write_headings(ws, form)
    first = numbers_row + 1
    for offset, row in enumerate(rows):
        _write_row(ws, row, first + offset, [(first + i, rows[i]) for i in row.sums], styles)
    _print_setup(ws, form, numbers_row)


# ---------------------------------------------------------------- the form's header


def _blocks(form: Form) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """Return the left, centre and right column blocks (1-based, inclusive) of the header."""
    n = column_count(form)
    right = max(3, n // 4)
    return (1, 2), (3, n - right), (n - right + 1, n)


def _put(ws: Worksheet, row: int, cols: tuple[int, int], text: str, font: Font, align: Alignment) -> int:
    """Write ``text`` over the block ``cols`` of ``row``; return the lines it will wrap to."""
    if cols[1] > cols[0]:
        ws.merge_cells(start_row=row, start_column=cols[0], end_row=row, end_column=cols[1])
    cell = ws.cell(row=row, column=cols[0], value=text)
    cell.font = font
    cell.alignment = align
    room = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(cols[0], cols[1] + 1))
    return _wrapped_lines(text, room, bool(font.b))


def _wrapped_lines(text: str, room: float, bold: bool) -> int:
    """The lines ``text`` wraps to in ``room`` (a column's width counts digits of the default
    font; bold capitals are about 1.5 wide): Excel and LibreOffice do not always grow a row to
    its wrapped text (a merged one never), so the row is given its height."""
    factor = 1.5 if bold else 1.05
    return sum(math.ceil(max(1, len(line)) * factor / room) for line in text.split("\n"))


def _write_header(ws: Worksheet, form: Form, report: Report) -> None:
    header = form_header(form, report)
    left, centre, right = _blocks(form)
    plain, bold = Font(name=FONT_NAME, size=12), Font(name=FONT_NAME, size=12, bold=True)
    italic = Font(name=FONT_NAME, size=12, italic=True)
    top_left = Alignment(horizontal="left", vertical="top", wrap_text=True)
    first = (
        _put(ws, 1, left, header.code, bold, top_left),
        _put(ws, 1, centre, header.title, Font(name=FONT_NAME, size=13, bold=True), _CENTRE),
        _put(ws, 1, right, header.reporting_unit, plain, top_left),
    )
    second = (
        _put(ws, 2, centre, header.period, italic, _CENTRE),
        _put(ws, 2, right, header.receiving_unit, plain, top_left),
    )
    _put(ws, 4, right, header.unit_of_measure, italic, top_left)
    ws.row_dimensions[1].height = LINE_HEIGHT * max(first) + 4
    ws.row_dimensions[2].height = LINE_HEIGHT * max(second) + 4
    ws.row_dimensions[3].height = ws.row_dimensions[5].height = 8


# ---------------------------------------------------------------- the table


def _write_headings(ws: Worksheet, form: Form) -> int:
    """Write the merged column headings and the column numbers; return the numbers' row."""
    font = Font(name=FONT_NAME, size=12, bold=True)
    for h in header_cells(form):
        row, col = HEADER_TOP + h.row, 1 + h.col
        end_row, end_col = row + h.row_span - 1, col + h.col_span - 1
        _box(ws, row, col, end_row, end_col)
        if (end_row, end_col) != (row, col):
            ws.merge_cells(start_row=row, start_column=col, end_row=end_row, end_column=end_col)
        cell = ws.cell(row=row, column=col, value=h.text)
        cell.font, cell.alignment = font, _CENTRE
    numbers_row = HEADER_TOP + form.header_depth()
    for col, text in enumerate(column_numbers(form), 1):
        cell = ws.cell(row=numbers_row, column=col, value=text)
        cell.font, cell.alignment, cell.border = Font(name=FONT_NAME, size=11, italic=True), _CENTRE, _BOX
    for r in range(HEADER_TOP, numbers_row):
        ws.row_dimensions[r].height = 48 if r == numbers_row - 1 else 32
    return numbers_row


def _box(ws: Worksheet, row: int, col: int, end_row: int, end_col: int) -> None:
    for r in range(row, end_row + 1):
        for c in range(col, end_col + 1):
            ws.cell(row=r, column=c).border = _BOX


def _cell_styles(book: Workbook) -> None:
    """Register the styles of the table's cells once: a named style is far cheaper per cell
    than a font, border and alignment set on each (500 units' rows write in a fraction)."""
    for bold in (False, True):
        font = Font(name=FONT_NAME, size=12, bold=bold)
        for name, align in (("so", _CENTRE), ("chu", _LEFT), ("chu_giua", _CENTRE)):
            style = NamedStyle(name=_style(name, bold), font=font, border=_BOX, alignment=align)
            if name == "so":
                style.number_format = NUMBER_FORMAT
            book.add_named_style(style)


def _style(name: str, bold: bool) -> str:
    return f"bieu_{name}{'_dam' if bold else ''}"


class _Styles:
    """Put the table's named styles on its cells: on the first cell of each style by name
    (openpyxl looks the name up in the workbook's list of styles), on the others by copying
    that cell's style record, as openpyxl copies a style itself (a quarter of the cost: a
    500-unit roll-up's sheets have 12,000 cells)."""

    def __init__(self) -> None:
        self.first: dict[str, Any] = {}

    def put(self, cell: Any, name: str) -> None:
        first = self.first.get(name)
        if first is None:
            cell.style = name
            self.first[name] = cell
        else:
            cell._style = copy.copy(first._style)


def _write_row(ws: Worksheet, row: Row, r: int, summed: list[tuple[int, Row]], styles: _Styles) -> None:
    stt = int(row.stt) if row.stt.isdigit() else row.stt or None
    number_style = _style("so", row.bold)
    styles.put(ws.cell(row=r, column=1, value=stt), number_style)
    label = ws.cell(row=r, column=2, value=row.label)
    styles.put(label, _style("chu_giua" if row.is_total or row.sums else "chu", row.bold))
    lines = _wrapped_lines(row.label, ws.column_dimensions["B"].width, row.bold)
    if lines > 1:  # a group's heading in capitals, a long unit name: the row grows to show it
        ws.row_dimensions[r].height = LINE_HEIGHT * lines + 4
    for i, c in enumerate(row.cells):
        col = 3 + i
        last = col + c.span - 1
        if c.span > 1 and c.value is not None:
            # Merged before the cell has a border: openpyxl then has no border to copy onto the
            # covered cells (each copy hashes a Border: most of a 500-row sheet's time), and
            # the covered cells get the same boxed style below anyway.
            ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=last)
        cell = ws.cell(row=r, column=col)
        styles.put(cell, number_style)
        if c.span == 0 or c.value is None:
            continue
        cell.value = _content(c.value, c.parts, r)
        if row.sums and c.value is not None and _column_sum(summed, i, c.span) == c.value:
            cell.value = _sum_formula((col, last), [n for n, _ in summed])


def _column_sum(summed: list[tuple[int, Row]], i: int, span: int) -> Any:
    """The sum of the known values the summed rows have in columns ``i`` … ``i + span - 1``."""
    known = [c.value for _, row in summed for c in row.cells[i : i + span] if c.value is not None]
    return sum(known) if known else None


def _sum_formula(cols: tuple[int, int], rows: list[int]) -> str:
    """``=SUM(C8:C10,C13:C15)``: the rows summed, consecutive ones as one range."""
    ranges: list[tuple[int, int]] = []
    for r in rows:
        if ranges and ranges[-1][1] == r - 1:
            ranges[-1] = (ranges[-1][0], r)
        else:
            ranges.append((r, r))
    first, last = get_column_letter(cols[0]), get_column_letter(cols[1])
    return "=SUM(" + ",".join(f"{first}{a}:{last}{b}" for a, b in ranges) + ")"


def _content(value: Any, parts: tuple[int, ...], r: int) -> Any:
    """Return the cell's formula (a total of its row's parts) or its number."""
    if parts:
        return "=" + "+".join(f"{get_column_letter(3 + p)}{r}" for p in parts)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _set_widths(ws: Worksheet, form: Form) -> None:
    for col, width in enumerate(column_widths(form), 1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _print_setup(ws: Worksheet, form: Form, numbers_row: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{HEADER_TOP}:{numbers_row}"
    ws.freeze_panes = ws.cell(row=numbers_row + 1, column=3)
    ws.sheet_view.zoomScale = 90
