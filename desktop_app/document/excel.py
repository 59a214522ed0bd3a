"""Write the statistical forms as an Excel workbook, one sheet per form (:mod:`desktop_app.document.xlsx`).

Each sheet carries the form's header (code at the left, title and reporting period in the
centre, reporting and receiving units at the right, the unit of measure), the column
headings merged as on the printed form, the row of column numbers, one row per unit with
the figures as numbers, and the totals as formulas, so the official can correct a figure
and the totals follow; each formula keeps its figure too, shown where formulas are not
computed (Excel's read-only Protected View, viewers, programs reading the file). A roll-up's
units come grouped by level, each group with its subtotal
(see :func:`desktop_app.document.forms.form_table`); a subtotal or total is written as a formula
only where the formula gives the figure the document prints, otherwise as that figure.
Set up to print on landscape A4, fit to the page width, the column headings on every page and
the page number at the top from the second page on: a roll-up's form runs to several pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

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
from desktop_app.document.header import cell_line_count, title_lines
from desktop_app.document.xlsx import Book, CellStyle, Formula, PageSetup, Sheet, column_letter
from desktop_app.report.answers import Report
from desktop_app.system.files import write_atomic

FONT_NAME = "Times New Roman"
NUMBER_FORMAT = "#,##0"
HEADER_TOP = 6  # the first row of the column headings; rows 1–4 hold the form's header
LINE_HEIGHT = 17  # points, a line of 12–13 pt text
CELL_PADDING_PT = 6  # the inner margins of a cell, both sides
INDENT_PT = 7.5  # one step of a cell's indent (the unit names'), 10 px
_TOP_LEFT = CellStyle(font=FONT_NAME, size=12, horizontal="left", vertical="top", wrap=True)
_CENTRE = CellStyle(font=FONT_NAME, size=12, horizontal="center", vertical="center", wrap=True)
# The header: the form's code, its title, the period, the units, the unit of measure.
_CODE = replace(_TOP_LEFT, bold=True)
_TITLE = replace(_CENTRE, size=13, bold=True)
_PERIOD = replace(_CENTRE, italic=True)
_MEASURE = replace(_TOP_LEFT, italic=True)
# The table: the column headings, their numbers ("(1)", "(2)"…), then the rows' cells.
_HEADING = replace(_CENTRE, bold=True, boxed=True)
_COLUMN_NUMBER = replace(_CENTRE, size=11, italic=True, boxed=True)
_FIGURE = replace(_CENTRE, boxed=True, number_format=NUMBER_FORMAT)
_NAME = replace(_CENTRE, horizontal="left", indent=1, boxed=True)
_TOTAL_NAME = replace(_CENTRE, boxed=True)


def form_workbook(forms: Sequence[Form], units: Sequence[tuple[str, Report]] | None, report: Report) -> bytes:
    """Return the .xlsx bytes of ``forms`` filled with ``units`` (None: ``report``'s own rows)."""
    if not forms:
        raise ValueError("a workbook needs at least one form")
    book = Book()
    for form in forms:
        _write_sheet(book, book.sheet(form.sheet_name), form, units, report)
    return book.to_bytes()


def write_form_workbook(
    path: Path, forms: Sequence[Form], units: Sequence[tuple[str, Report]] | None, report: Report
) -> None:
    """Write the workbook of ``forms`` to ``path`` atomically (never half a file)."""
    write_atomic(path, form_workbook(forms, units, report))


def _write_sheet(
    book: Book, ws: Sheet, form: Form, units: Sequence[tuple[str, Report]] | None, report: Report
) -> None:
    form, rows = form_table(form, units, report)
    ws.widths = dict(enumerate(column_widths(form), 1))
    _write_header(book, ws, form, report)
    numbers_row = _write_headings(book, ws, form)
    first = numbers_row + 1
    styles = _TableStyles(book)
    for offset, row in enumerate(rows):
        _write_row(ws, row, first + offset, [(first + i, rows[i]) for i in row.sums], styles)
    _print_setup(ws, numbers_row)


# ---------------------------------------------------------------- the form's header


def _blocks(form: Form) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """Return the left, centre and right column blocks (1-based, inclusive) of the header."""
    n = column_count(form)
    right = max(3, n // 4)
    return (1, 2), (3, n - right), (n - right + 1, n)


def _put(ws: Sheet, row: int, cols: tuple[int, int], text: str, style: int, look: CellStyle) -> int:
    """Write ``text`` over the block ``cols`` of ``row``; return the lines it will wrap to."""
    if cols[1] > cols[0]:
        ws.merge(row, cols[0], row, cols[1])
    ws.put(row, cols[0], text, style)
    return _wrapped_lines(ws, cols, text, look)


def _wrapped_lines(ws: Sheet, cols: tuple[int, int], text: str, look: CellStyle) -> int:
    """The lines ``text`` wraps to over the columns ``cols``, measured in Times New Roman:
    Excel and LibreOffice do not always grow a row to its wrapped text (a merged one never), so
    the row is given its height. Counting characters made a name of two lines a row of three,
    and a heading of four lines a row of three, its first and last lines cut."""
    return cell_line_count(text, _room(ws, cols, look), look.size, bold=look.bold)


def _room(ws: Sheet, cols: tuple[int, int], look: CellStyle) -> float:
    """The width text has over the columns ``cols``, in points."""
    room = sum(_column_pt(ws.widths[c]) for c in range(cols[0], cols[1] + 1)) - CELL_PADDING_PT
    return room - look.indent * INDENT_PT


def _height(lines: int) -> float:
    return LINE_HEIGHT * lines + 4


def _phrased(ws: Sheet, cols: tuple[int, int], text: str, style: CellStyle) -> str:
    """``text`` with its lines broken between phrases where they do not fit ``cols``: a
    wrapping cell breaks at any space, «PHẢN» / «ÁNH» (one word of two syllables), «đến
    ngày» / «14/6/2024»."""
    return "\n".join(title_lines(text, _room(ws, cols, style), style.size, bold=style.bold))


def _column_pt(width: float) -> float:
    """A column ``width`` (digits of the workbook's default font, Calibri 11: 7 px each, plus
    5 px of margin) in points, as Excel draws it at 96 dpi."""
    return (width * 7 + 5) * 0.75


def _write_header(book: Book, ws: Sheet, form: Form, report: Report) -> None:
    header = form_header(form, report)
    left, centre, right = _blocks(form)
    plain, code, title, period, measure = map(book.style, (_TOP_LEFT, _CODE, _TITLE, _PERIOD, _MEASURE))
    first = (
        _put(ws, 1, left, header.code, code, _CODE),
        _put(ws, 1, centre, _phrased(ws, centre, header.title, _TITLE), title, _TITLE),
        _put(ws, 1, right, _phrased(ws, right, header.reporting_unit, _TOP_LEFT), plain, _TOP_LEFT),
    )
    second = (
        _put(ws, 2, centre, _phrased(ws, centre, header.period, _PERIOD), period, _PERIOD),
        _put(ws, 2, right, _phrased(ws, right, header.receiving_unit, _TOP_LEFT), plain, _TOP_LEFT),
    )
    _put(ws, 4, right, header.unit_of_measure, measure, _MEASURE)
    ws.heights[1] = _height(max(first))
    ws.heights[2] = _height(max(second))
    ws.heights[3] = ws.heights[5] = 8


# ---------------------------------------------------------------- the table


def _write_headings(book: Book, ws: Sheet, form: Form) -> int:
    """Write the merged column headings and the column numbers; return the numbers' row."""
    heading = book.style(_HEADING)
    for h in header_cells(form):
        row, col = HEADER_TOP + h.row, 1 + h.col
        end_row, end_col = row + h.row_span - 1, col + h.col_span - 1
        for r in range(row, end_row + 1):  # every cell of a merged heading is boxed: its lines show
            for c in range(col, end_col + 1):
                ws.put(r, c, None, heading)
        if (end_row, end_col) != (row, col):
            ws.merge(row, col, end_row, end_col)
        ws.put(row, col, h.text, heading)
    numbers_row = HEADER_TOP + form.header_depth()
    number = book.style(_COLUMN_NUMBER)
    for col, text in enumerate(column_numbers(form), 1):
        ws.put(numbers_row, col, text, number)
    _heading_heights(ws, form, numbers_row)
    return numbers_row


def _heading_heights(ws: Sheet, form: Form, numbers_row: int) -> None:
    """Give the heading rows the height of their cells' wrapped lines: a heading over one row
    sets that row's, one over several rows adds what it still lacks to the last of them («Trong
    đó: đã đăng tải công khai», four lines in its column, had lost its first and last lines)."""
    for r in range(HEADER_TOP, numbers_row):
        ws.heights[r] = 48 if r == numbers_row - 1 else 32  # at least, as the printed form
    for h in sorted(header_cells(form), key=lambda h: h.row_span):
        cols = (1 + h.col, h.col + h.col_span)
        first, last = HEADER_TOP + h.row, HEADER_TOP + h.row + h.row_span - 1
        lacking = _height(_wrapped_lines(ws, cols, h.text, _HEADING)) - sum(
            ws.heights[r] for r in range(first, last + 1)
        )
        if lacking > 0:
            ws.heights[last] += lacking


class _TableStyles:
    """The table's cell styles: figures, unit names (left), totals' names (centred), plain or bold."""

    def __init__(self, book: Book) -> None:
        self.number = {b: book.style(replace(_FIGURE, bold=b)) for b in (False, True)}
        self.name = {b: book.style(replace(_NAME, bold=b)) for b in (False, True)}
        self.centred_name = {b: book.style(replace(_TOTAL_NAME, bold=b)) for b in (False, True)}


def _write_row(ws: Sheet, row: Row, r: int, summed: list[tuple[int, Row]], styles: _TableStyles) -> None:
    stt = int(row.stt) if row.stt.isdigit() else row.stt or None
    number_style = styles.number[row.bold]
    ws.put(r, 1, stt, number_style)
    names = styles.centred_name if row.is_total or row.sums else styles.name
    ws.put(r, 2, row.label, names[row.bold])
    look = replace(_NAME, bold=row.bold, indent=0 if names is styles.centred_name else _NAME.indent)
    lines = _wrapped_lines(ws, (2, 2), row.label, look)
    if lines > 1:  # a group's heading in capitals, a long unit name: the row grows to show it
        ws.heights[r] = _height(lines)
    for i, c in enumerate(row.cells):
        col = 3 + i
        last = col + c.span - 1
        if c.span > 1 and c.value is not None:
            ws.merge(r, col, r, last)
        if c.span == 0 or c.value is None:
            ws.put(r, col, None, number_style)  # covered by a merged cell, or empty: boxed all the same
            continue
        value = _content(c.value, c.parts, r)
        if row.sums and _column_sum(summed, i, c.span) == c.value:
            value = _sum_formula((col, last), [n for n, _ in summed], c.value)
        ws.put(r, col, value, number_style)


def _column_sum(summed: list[tuple[int, Row]], i: int, span: int) -> Any:
    """The sum of the known values the summed rows have in columns ``i`` … ``i + span - 1``."""
    known = [c.value for _, row in summed for c in row.cells[i : i + span] if c.value is not None]
    return sum(known) if known else None


def _sum_formula(cols: tuple[int, int], rows: list[int], value: Any) -> Formula:
    """``SUM(C8:C10,C13:C15)``: the rows summed, consecutive ones as one range; ``value`` its figure."""
    ranges: list[tuple[int, int]] = []
    for r in rows:
        if ranges and ranges[-1][1] == r - 1:
            ranges[-1] = (ranges[-1][0], r)
        else:
            ranges.append((r, r))
    first, last = column_letter(cols[0]), column_letter(cols[1])
    return Formula("SUM(" + ",".join(f"{first}{a}:{last}{b}" for a, b in ranges) + ")", _plain_number(value))


def _content(value: Any, parts: tuple[int, ...], r: int) -> Any:
    """Return the cell's formula (a total of its row's parts, with its figure) or its number."""
    if parts:
        return Formula("+".join(f"{column_letter(3 + p)}{r}" for p in parts), _plain_number(value))
    return _plain_number(value)


def _plain_number(value: Any) -> Any:
    """A figure as the workbook writes it: a Decimal as an int when whole, else a float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _print_setup(ws: Sheet, numbers_row: int) -> None:
    ws.page = PageSetup(
        landscape=True,
        fit_width=1,
        fit_height=0,
        centred=True,
        margins=(0.5, 0.5, 0.6, 0.6),
        title_rows=(HEADER_TOP, numbers_row),
        page_number_font=FONT_NAME,
    )
    ws.frozen = (numbers_row + 1, 3)
    ws.zoom = 90
