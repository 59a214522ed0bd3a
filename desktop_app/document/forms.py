"""The statistical forms (biểu mẫu) attached to a report, as data: columns, bindings, rows.

A form is a tree of columns whose leaves are bound to ids of the data dictionary
(``hs_moi_truc_tuyen`` …); a total column also names the columns it adds up, so the
Excel workbook can write it as a formula. :func:`form_rows` gives one row per unit (a
roll-up of several units fills the same form) and a total row; a figure the report lacks
stays empty, never 0. The Excel workbook and the DOCX appendix both lay out what is here.

>>> rows = form_rows(FORM_06, [("Sở Ngoại vụ", report)])        # doctest: +SKIP
>>> [c.value for c in rows[0].cells][:4]                         # doctest: +SKIP
[3, 0, 3, 0]

A report rolled up from its units (:mod:`desktop_app.report.rollup`) keeps each unit's figures;
:func:`form_table` then lists the units grouped by level (sở/ban/ngành; huyện; xã/phường/đặc
khu), each group under its heading with its subtotal, and a total row that carries the report's
own figures, the same the document prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from typing import Any

from desktop_app.report import catalogue
from desktop_app.report.answers import Report
from desktop_app.report.catalogue import kind_of
from desktop_app.report.checks import evaluate_report
from desktop_app.report.kinds import Kind
from desktop_app.report.rollup import aggregate_figures
from desktop_app.report.rollup_record import RollupSource
from desktop_app.text import list_line
from desktop_app.vnformat import format_short_date, roman

Number = int | Decimal
TOTAL_LABEL = "Tổng cộng"
SUBTOTAL_LABEL = "Cộng"
STT_HEADING = "STT"
# The groups of a roll-up's rows, by the units' level, in the order the forms list them.
LEVEL_GROUPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tinh", "so"), "Sở, ban, ngành và cơ quan cấp tỉnh"),
    (("huyen",), "UBND cấp huyện"),
    (("xa",), "UBND xã, phường, đặc khu"),
)


@dataclass(frozen=True)
class Column:
    """A column of a form: a group of columns, or a leaf bound to a data-dictionary id.

    ``key`` names a leaf inside its form; ``parts`` are the keys of the leaves a total
    column adds up (written as a formula where the row knows them all).
    """

    label: str
    key: str = ""
    source: str = ""
    parts: tuple[str, ...] = ()
    children: tuple[Column, ...] = ()
    width: float = 9.0  # in characters of the Excel column; the DOCX table scales it
    optional: bool = False  # a group left out when no row has any of its figures

    def leaves(self) -> Iterator[Column]:
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


@dataclass(frozen=True)
class Combined:
    """Leaves a unit may report as one figure ("trước và đúng hạn"): one cell over them."""

    source: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Form:
    """One statistical form: its code, title, unit of measure and column tree."""

    id: str
    code: str
    title: str
    unit_of_measure: str
    row_heading: str
    columns: tuple[Column, ...]
    tick: str  # the boolean field the official ticks to attach the form to the report
    combined: tuple[Combined, ...] = ()
    label_width: float = 34.0
    sheet: str = ""  # the Excel sheet's name; default "Biểu <id>"

    @property
    def sheet_name(self) -> str:
        return self.sheet or f"Biểu {self.id}"

    def leaves(self) -> tuple[Column, ...]:
        return self._leaves

    def index(self, key: str) -> int:
        return self._positions[key]

    @cached_property
    def _leaves(self) -> tuple[Column, ...]:
        # Kept on the form: a roll-up's table asks for them on each of its 500 rows.
        return tuple(leaf for c in self.columns for leaf in c.leaves())

    @cached_property
    def _positions(self) -> dict[str, int]:
        positions: dict[str, int] = {}
        for i, leaf in enumerate(self._leaves):
            positions.setdefault(leaf.key, i)
        return positions

    def header_depth(self) -> int:
        return max(c.depth() for c in self.columns)

    def sources(self) -> set[str]:
        return {leaf.source for leaf in self.leaves() if leaf.source} | {c.source for c in self.combined}


@dataclass(frozen=True)
class Cell:
    """One figure of a row.

    ``parts`` (leaf indices) make it a row total that the workbook writes as a sum of those
    cells; ``span`` > 1 covers the next cells too (a combined figure), 0 means covered.
    """

    value: Number | None
    parts: tuple[int, ...] = ()
    span: int = 1


@dataclass(frozen=True)
class Row:
    """A row of the table; ``sums`` (positions of other rows) make it their subtotal or total."""

    stt: str
    label: str
    cells: tuple[Cell, ...]
    is_total: bool = False
    is_group: bool = False  # the heading of a group of units (no figures)
    sums: tuple[int, ...] = ()

    @property
    def bold(self) -> bool:
        return self.is_total or self.is_group or bool(self.sums)


@dataclass(frozen=True)
class HeaderCell:
    """A cell of the column headings on the form's grid (column 0 is STT, 1 the label)."""

    row: int
    col: int
    row_span: int
    col_span: int
    text: str


@dataclass(frozen=True)
class FormHeader:
    """The lines above a form's table, ready to print."""

    code: str
    title: str
    period: str
    reporting_unit: str
    receiving_unit: str
    unit_of_measure: str


def _leaf(label: str, key: str, source: str = "", parts: tuple[str, ...] = (), width: float = 9.0) -> Column:
    return Column(label, key=key, source=source, parts=parts, width=width)


FORM_05 = Form(
    id="05a",
    code="05a.VPCP.KSTTHC",
    # "\n" marks where the printed title breaks its line.
    title=(
        "TÌNH HÌNH, KẾT QUẢ TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ\n"
        "VỀ QUY ĐỊNH HÀNH CHÍNH VÀ HÀNH VI HÀNH CHÍNH"
    ),
    unit_of_measure="Số PAKN",
    row_heading="Lĩnh vực, đơn vị",
    tick="phu_luc_05",
    columns=(
        Column(
            "Số PAKN được tiếp nhận",
            children=(
                _leaf("Tổng số", "tiep_nhan", "pakn_tiep_nhan", ("moi", "ky_truoc")),
                Column(
                    "Theo thời điểm tiếp nhận",
                    children=(
                        _leaf("Mới tiếp nhận trong kỳ", "moi", "pakn_moi"),
                        _leaf("Từ kỳ trước chuyển qua", "ky_truoc", "pakn_ky_truoc"),
                    ),
                ),
                Column(
                    "Theo nội dung",
                    children=(
                        _leaf("Về quy định hành chính", "quy_dinh", "pakn_quy_dinh"),
                        _leaf("Về hành vi hành chính", "hanh_vi", "pakn_hanh_vi"),
                    ),
                ),
            ),
        ),
        Column(
            "Kết quả xử lý PAKN",
            children=(
                Column(
                    "Đã xử lý",
                    children=(
                        _leaf("Tổng số", "da_xu_ly", "pakn_da_xu_ly"),
                        _leaf("Trong đó: đã đăng tải công khai", "cong_khai", "pakn_cong_khai"),
                    ),
                ),
                _leaf("Đang xử lý", "dang_xu_ly", "pakn_dang_xu_ly"),
            ),
        ),
    ),
)

FORM_06 = Form(
    id="06b",
    code="06b.VPCP.KSTTHC",
    title="TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    unit_of_measure="Số hồ sơ TTHC",
    row_heading="Lĩnh vực, đơn vị",
    tick="phu_luc_06",
    columns=(
        Column(
            "Số hồ sơ nhận giải quyết",
            children=(
                _leaf("Tổng số", "tiep_nhan", "hs_tiep_nhan", ("truc_tuyen", "truc_tiep", "ky_truoc")),
                Column(
                    "Mới tiếp nhận trong kỳ",
                    children=(
                        _leaf("Trực tuyến", "truc_tuyen", "hs_moi_truc_tuyen"),
                        _leaf(
                            "Trực tiếp và dịch vụ bưu chính công ích",
                            "truc_tiep",
                            "hs_moi_truc_tiep",
                            width=13,
                        ),
                    ),
                ),
                _leaf("Từ kỳ trước chuyển qua", "ky_truoc", "hs_ky_truoc"),
            ),
        ),
        Column(
            "Số hồ sơ đã giải quyết",
            children=(
                _leaf("Tổng số", "da_giai_quyet", "hs_da_giai_quyet", ("truoc_han", "dung_han", "qua_han")),
                _leaf("Trước hạn", "truoc_han", "hs_truoc_han"),
                _leaf("Đúng hạn", "dung_han", "hs_dung_han"),
                _leaf("Quá hạn", "qua_han", "hs_qua_han"),
            ),
        ),
        Column(
            "Số hồ sơ đang giải quyết",
            children=(
                _leaf("Tổng số", "dang_giai_quyet", "hs_dang_giai_quyet", ("dang_trong_han", "dang_qua_han")),
                _leaf("Trong hạn", "dang_trong_han", "hs_dang_trong_han"),
                _leaf("Quá hạn", "dang_qua_han", "hs_dang_qua_han"),
            ),
        ),
    ),
    combined=(Combined("hs_truoc_dung_han", ("truoc_han", "dung_han")),),
)


def _level(label: str, suffix: str, optional: bool = False) -> Column:
    return Column(
        label,
        optional=optional,
        children=(
            _leaf("Tiếp nhận", f"tiep_nhan_{suffix}", f"hs_tiep_nhan_{suffix}"),
            _leaf("Đã giải quyết", f"da_giai_quyet_{suffix}", f"hs_da_giai_quyet_{suffix}"),
            _leaf("Trong đó: trước và đúng hạn", f"truoc_dung_han_{suffix}", f"hs_truoc_dung_han_{suffix}"),
            _leaf("Đang giải quyết", f"dang_giai_quyet_{suffix}", f"hs_dang_giai_quyet_{suffix}"),
        ),
    )


# The monthly report's results per level (item 2.2 b): no official code, so none is printed.
FORM_CAP = Form(
    id="theo_cap",
    code="",
    title="KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH THEO CẤP",
    unit_of_measure="Số hồ sơ TTHC",
    row_heading="Đơn vị",
    tick="phu_luc_theo_cap",
    columns=(_level("Cấp tỉnh", "tinh"), _level("Cấp huyện", "huyen", optional=True), _level("Cấp xã", "xa")),
    sheet="Theo cấp",
)

# In the order the report's outline cites them (item 5 PAKN, item 6 dossiers).
FORMS: tuple[Form, ...] = (FORM_05, FORM_06, FORM_CAP)


def forms_for_kind(kind: Kind | str) -> list[Form]:
    """Return the forms whose every figure is an id of ``kind`` (a version, or a kind's id)."""
    kind = catalogue.family(kind).latest if isinstance(kind, str) else kind
    fitted = (_without_absent_groups(f, kind) for f in FORMS)
    return [f for f in fitted if all(kind.has_field(s) for s in f.sources())]


def _without_absent_groups(form: Form, kind: Kind) -> Form:
    """Leave out the optional groups of columns the kind has no figures for (a level abolished)."""
    kept = tuple(
        c for c in form.columns if not c.optional or all(kind.has_field(leaf.source) for leaf in c.leaves())
    )
    return form if kept == form.columns else replace(form, columns=kept)


def with_rollup_forms(report: Report) -> Report:
    """Tick every form of a roll-up with a row per unit: the forms are where each unit has its row."""
    if report.rollup is None or not report.rollup.unit_rows:
        return report
    ticks = {f.tick: True for f in forms_for_kind(kind_of(report))}
    return report.with_answers({**report.answers, **ticks})


def ticked_forms(report: Report) -> list[Form]:
    """Return the forms the official ticked to attach to ``report``, in outline order."""
    return [f for f in forms_for_kind(kind_of(report)) if report.answers.get(f.tick) is True]


# ---------------------------------------------------------------- headings


def column_count(form: Form) -> int:
    """Return the number of columns of the table: STT, the label, then the leaves."""
    return 2 + len(form.leaves())


def column_numbers(form: Form) -> list[str]:
    """Return the printed column numbers "(1)", "(2)", …"""
    return [f"({i})" for i in range(1, column_count(form) + 1)]


def column_widths(form: Form) -> list[float]:
    return [6.0, form.label_width, *(leaf.width for leaf in form.leaves())]


def header_cells(form: Form) -> list[HeaderCell]:
    """Return the cells of the column headings, row by row, merged where a group spans."""
    depth = form.header_depth()
    cells = [HeaderCell(0, 0, depth, 1, STT_HEADING), HeaderCell(0, 1, depth, 1, form.row_heading)]
    col = 2
    for column in form.columns:
        col = _place(column, 0, col, depth, cells)
    return sorted(cells, key=lambda c: (c.row, c.col))


def _place(column: Column, row: int, col: int, depth: int, cells: list[HeaderCell]) -> int:
    width = len(list(column.leaves()))
    if not column.children:
        cells.append(HeaderCell(row, col, depth - row, 1, column.label))
        return col + 1
    cells.append(HeaderCell(row, col, 1, width, column.label))
    for child in column.children:
        col = _place(child, row + 1, col, depth, cells)
    return col


def form_header(form: Form, report: Report) -> FormHeader:
    """Return the header lines of ``form`` for the reporting unit of ``report``."""
    return FormHeader(
        code=f"Biểu số {form.code}" if form.code else "",
        title=form.title,
        period=f"Kỳ báo cáo: {period_text(report)}",
        reporting_unit=f"Đơn vị báo cáo: {report.unit.ten_goi}",
        receiving_unit=f"Đơn vị nhận báo cáo: {receiving_unit(report)}".rstrip(),
        unit_of_measure=f"Đơn vị tính: {form.unit_of_measure}",
    )


def period_text(report: Report) -> str:
    """Return "Quý II năm 2024 (Từ ngày 15/3/2024 đến ngày 14/6/2024)"."""
    period = report.period
    start, end = period.cutoff()
    span = f"Từ ngày {format_short_date(start)} đến ngày {format_short_date(end)}"
    if period.type != "tuy_chon":
        words = period.words()
    elif start.year == end.year == period.year:
        words = f"năm {period.year}"
    else:
        return span
    return f"{words[:1].upper()}{words[1:]} ({span})"


def receiving_unit(report: Report) -> str:
    """Return the first Kính gửi recipient, else the parent body, else the first Nơi nhận line
    marked as the one reported to («UBND tỉnh (b/c)»), else "".

    Since 01/7/2025 a xã, phường or đặc khu has no parent body (the huyện is gone) and reports
    to the province through its Nơi nhận: without the last, its forms named no recipient.
    """
    for line in report.document.kinh_gui:
        name = _recipient(line)
        if name:
            return name
    parent = " ".join(report.unit.co_quan_chu_quan.split())
    if parent:
        return parent
    for line in report.document.noi_nhan:
        marked = _REPORTED_TO.search(line)
        if marked and not _OWN_LEADERSHIP.search(line):
            name = _recipient(line[: marked.start()] + line[marked.end() :])
            if name:
                return name
    return ""


# «(b/c)», «(báo cáo)», «(để báo cáo)» after a Nơi nhận line: the body the report is sent up to.
_REPORTED_TO = re.compile(r"\(\s*(?:để\s+)?(?:b\s*/\s*c|báo\s+cáo)\s*\)", re.IGNORECASE)
# A commune also reports «(b/c)» to its own Party committee and council: not the body its
# statistical forms go to («TT Đảng ủy, HĐND xã (b/c)» before «UBND tỉnh (b/c)»).
_OWN_LEADERSHIP = re.compile(r"đảng\s+(?:ủy|uỷ)|hđnd|hội\s+đồng\s+nhân\s+dân", re.IGNORECASE)


def _recipient(line: str) -> str:
    return " ".join(list_line(line).split())


# ---------------------------------------------------------------- rows


def form_rows(form: Form, units: Sequence[tuple[str, Report]]) -> list[Row]:
    """Return one row per ``(label, report)`` of ``units``, then the total row."""
    return _rows(form, [(label, evaluate_report(r).shown_values()) for label, r in units])


def _rows(form: Form, figures: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Row]:
    """One row per ``(label, figures the report shows)``, then the total row."""
    rows = [_unit_row(form, str(i), label, values) for i, (label, values) in enumerate(figures, 1)]
    return [*rows, replace(_total_row(form, rows), sums=tuple(range(len(rows))))]


def form_table(
    form: Form, units: Sequence[tuple[str, Report]] | None, report: Report
) -> tuple[Form, list[Row]]:
    """Return the form as printed for ``report`` and its rows.

    ``units`` given: one row each and their total. Otherwise the report's own rows: a roll-up of
    units gives a row per unit, grouped by level, with subtotals, and the report's own figures as
    the total; any other report, its one row. A group of columns marked ``optional`` is left out
    when no row has any of its figures (the huyện level after 01/7/2025).
    """
    rows = report.rollup.unit_rows if report.rollup is not None else ()
    if units is None and rows:
        total = evaluate_report(report).shown_values()
        fitted = _fitted(form, [*(s.figures for s in rows), total])
        return fitted, _grouped_rows(fitted, kind_of(report), rows, total)
    if units is None:
        units = [(report.unit.ten_goi, report)]
    figures = [(label, evaluate_report(r).shown_values()) for label, r in units]
    fitted = _fitted(form, [values for _, values in figures])
    return fitted, _rows(fitted, figures)  # the rows of the columns printed, not of every level


def level_groups(sources: Sequence[RollupSource]) -> list[tuple[str, list[RollupSource]]]:
    """Return the sources grouped by level, in the order of :data:`LEVEL_GROUPS`, empty groups left out."""
    groups = [(label, [s for s in sources if s.cap in levels]) for levels, label in LEVEL_GROUPS]
    return [(label, members) for label, members in groups if members]


def _grouped_rows(
    form: Form, kind: Kind, sources: Sequence[RollupSource], total: Mapping[str, Any]
) -> list[Row]:
    blank = tuple(Cell(None) for _ in form.leaves())
    groups = level_groups(sources)
    rows: list[Row] = []
    subtotals: list[int] = []
    for number, (label, members) in enumerate(groups, 1):
        rows.append(Row(roman(number), label.upper(), blank, is_group=True))
        first = len(rows)
        rows += [_unit_row(form, str(i), s.name, s.figures) for i, s in enumerate(members, 1)]
        if len(groups) > 1:
            figures = aggregate_figures(kind, "units", [s.figures for s in members])[0]
            subtotal = _unit_row(form, "", SUBTOTAL_LABEL, figures)
            rows.append(replace(subtotal, cells=_plain(subtotal.cells), sums=tuple(range(first, len(rows)))))
            subtotals.append(len(rows) - 1)
    units = tuple(i for i, r in enumerate(rows) if not (r.is_group or r.sums))
    last = _unit_row(form, "", TOTAL_LABEL, total)
    rows.append(replace(last, cells=_plain(last.cells), is_total=True, sums=units))
    return rows


def _plain(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """Subtotal and total cells add up rows, not the columns of their own row."""
    return tuple(replace(c, parts=()) for c in cells)


def _fitted(form: Form, value_sets: Sequence[Mapping[str, Any]]) -> Form:
    """Leave out the optional groups of columns that no row has a figure for."""
    kept = tuple(
        c
        for c in form.columns
        if not c.optional or any(v.get(leaf.source) is not None for v in value_sets for leaf in c.leaves())
    )
    return form if kept == form.columns else replace(form, columns=kept)


def _unit_row(form: Form, stt: str, label: str, values: Any) -> Row:
    leaves = form.leaves()
    cells = [Cell(_number(values.get(leaf.source))) for leaf in leaves]
    for combined in form.combined:
        _combine(form, combined, cells, _number(values.get(combined.source)))
    for i, leaf in enumerate(leaves):
        if leaf.parts:
            cells[i] = _total_cell(form, leaf, cells, cells[i].value)
    return Row(stt, label, tuple(cells))


def _combine(form: Form, combined: Combined, cells: list[Cell], value: Number | None) -> None:
    """Print a combined figure over its leaves when the unit reports only the combined one."""
    indices = sorted(form.index(k) for k in combined.keys)
    if value is None or any(cells[i].value is not None for i in indices):
        return
    cells[indices[0]] = Cell(value, span=len(indices))
    for i in indices[1:]:
        cells[i] = Cell(None, span=0)


def _total_cell(form: Form, leaf: Column, cells: list[Cell], value: Number | None) -> Cell:
    """Return a total as a sum of its parts when all are known and agree with the report."""
    parts = tuple(form.index(k) for k in leaf.parts)
    if not all(_known(cells, i) for i in parts):
        return Cell(value)
    total = sum((cells[i].value or 0 for i in parts), start=0)
    if value is not None and value != total:
        return Cell(value)  # the report's typed total wins; the checks report the mismatch
    return Cell(total, parts=parts)


def _known(cells: list[Cell], i: int) -> bool:
    """A cell is known when it has a value or is covered by a combined figure that has one."""
    if cells[i].span == 0:
        head = max(j for j in range(i) if cells[j].span > 1)
        return cells[head].value is not None
    return cells[i].value is not None


def _total_row(form: Form, rows: list[Row]) -> Row:
    width = len(form.leaves())
    cells = [Cell(_column_sum(rows, i)) for i in range(width)]
    for combined in form.combined:
        indices = sorted(form.index(k) for k in combined.keys)
        if any(r.cells[indices[0]].span > 1 for r in rows):
            known = [v for i in indices if (v := cells[i].value) is not None]
            cells[indices[0]] = Cell(sum(known) if known else None, span=len(indices))
            for i in indices[1:]:
                cells[i] = Cell(None, span=0)
    return Row("", TOTAL_LABEL, tuple(cells), is_total=True)


def _column_sum(rows: list[Row], i: int) -> Number | None:
    known = [v for r in rows if (v := r.cells[i].value) is not None]
    return sum(known) if known else None


def _number(value: Any) -> Number | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, int):
        return value
    return None
