"""Small windows of the roll-up: a unit's report read-only, the list of units, the table of arrivals."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.document.forms import forms_for_kind
from desktop_app.report import catalogue
from desktop_app.report.answers import Report
from desktop_app.report.checks import check, evaluate_report
from desktop_app.report.kinds import Kind
from desktop_app.report.rollup_plan import (
    COUNTED,
    IGNORED,
    REFUSED,
    STATUS_WORDS,
    SUPERSEDED,
    Line,
    RollupError,
    RollupRun,
    parse_unit_names,
)
from desktop_app.report.session import Session
from desktop_app.vnformat import format_number
from ui.form_bits import ERROR_COLOUR, ERROR_STYLE, confirm_discard, show_message
from ui.resources import fit_to_screen, window_title
from ui.typing_boxes import PastePlainTextEdit

STATUS_COLOURS = {COUNTED: "#1b5e20", SUPERSEDED: "#8a5300", REFUSED: "#b00020", IGNORED: "#616161"}
HEAD_COLUMNS = ("Tệp", "Đơn vị", "Kỳ", "Xử lý", "Lỗi", "Lưu ý")
# A figure's column is as wide as its numbers, not its long label: the label runs over lines.
FIGURE_HEADER_CHARS = 16
STATUS_COLUMN = 3
SEVERITY_WORDS = {"error": "Lỗi", "warning": "Lưu ý"}
VIEW_WORD = "Xem"  # the «Xem» cell of a row whose report can be read: a click on it opens it
VIEW_ROLE = Qt.ItemDataRole.UserRole + 1  # marks that cell (a link, not a figure)


class ReportViewDialog(QDialog):
    """One unit's report as it arrived, to read only: its problems, then its content."""

    def __init__(self, report: Report, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("xem_bao_cao_don_vi")
        self.setWindowTitle(window_title(f"{report.unit.ten_goi} – {report.period.short_label()} (chỉ xem)"))
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("noi_dung_bao_cao")
        self.text_edit.setReadOnly(True)
        problems = [f"{SEVERITY_WORDS[i.severity]}: {i.message}" for i in check(report)]
        lines = [f"Tệp: {file_name}", f"Đơn vị: {report.unit.ten_goi}"]
        lines += ["", f"Kết quả kiểm tra: {len(problems)} vấn đề", *problems] if problems else []
        self.text_edit.setPlainText("\n".join([*lines, "", *report_text(report)]))
        label = QLabel("&Nội dung (chỉ xem, không sửa được):", self)
        label.setBuddy(self.text_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 640)


def report_text(report: Report) -> list[str]:
    """The whole report as lines to read: period, then each shown section with its values in full."""
    session = Session(report)
    lines = [f"Kỳ báo cáo: {report.period.words()}"]
    for section in session.visible_sections():
        shown: list[str] = []
        for f in section.fields:
            state = session.state(f.id)
            if not state.visible or state.value in (None, "", []):
                continue
            if f.type == "table":
                rows = [" | ".join(str(v or "") for v in row.values()) for row in state.value]
                shown += [f"  {f.label}:", *(f"    {r}" for r in rows)]
            elif f.type in ("paragraphs", "lines"):
                text = state.value if isinstance(state.value, str) else "\n".join(state.value)
                shown += [f"  {f.label}:", *(f"    {line}" for line in text.split("\n"))]
            elif f.type == "boolean":
                shown.append(f"  {f.label}: {'có' if state.value else 'không'}")
            else:
                shown.append(f"  {f.label}: {state.display}")
        if shown:
            lines += ["", section.step_title, *shown]
    return lines


class UnitListDialog(QDialog):
    """The parent's list of units: one name a line, as the units' reports name them."""

    def __init__(self, names: Sequence[str], unit_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("danh_sach_don_vi")
        self.setWindowTitle(window_title(f"Đơn vị trực thuộc {unit_name}"))
        self.names_edit = PastePlainTextEdit(self)  # a list pasted from an old TCVN3 document: Unicode
        self.names_edit.setObjectName("ten_don_vi")
        self.names_edit.setPlainText("\n".join(names))
        self.names_edit.document().setModified(False)  # what is typed from here is asked about
        label = QLabel("&Mỗi dòng một đơn vị (tên như trên báo cáo của đơn vị, ví dụ «Sở Tư pháp»):", self)
        label.setWordWrap(True)
        label.setBuddy(self.names_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("loi")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(ERROR_STYLE)
        self.problem_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.names_edit, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        fit_to_screen(self, 480, 520)

    def names(self) -> list[str]:
        """The list as a roll-up reads it: no blank or «#» line, each unit once however spelt."""
        return parse_unit_names(self.names_edit.toPlainText())

    def accept(self) -> None:  # Qt override
        """Close only on a list that can be kept: otherwise say why, and keep what was typed."""
        try:
            self.names()
        except RollupError as exc:
            show_message(self.problem_label, str(exc))
            self.names_edit.setFocus()
            return
        super().accept()

    def reject(self) -> None:  # Qt override
        """Escape or «Hủy» after typing asks first: the list typed would be lost."""
        if self.names_edit.document().isModified() and not confirm_discard(self):
            return
        super().reject()


def shown_kind(run: RollupRun) -> Kind:
    """The version of the kind the roll-up's figures are read with: the rolled-up report's own,
    else the one in force for the period (the latest when none is)."""
    if run.report is not None:
        return catalogue.kind_of(run.report)
    fam = catalogue.family(run.kind)
    return fam.in_force(run.period) or fam.latest


def figure_fields(kind: Kind) -> list[str]:
    """The figures shown per unit: the totals of the kind's last form (its first leaves if none)."""
    forms = forms_for_kind(kind)
    if not forms:
        return []
    leaves = forms[-1].leaves()
    totals = [leaf.source for leaf in leaves if leaf.parts]
    return totals or [leaf.source for leaf in leaves[:4]]


ROWS_ALWAYS_SHOWN = 3


def missing_names_box() -> QPlainTextEdit:
    """A read-only box for the names of the units that sent nothing: three lines high,
    scrolled and copied (Ctrl+A, Ctrl+C) with the keyboard; Tab leaves it."""
    box = QPlainTextEdit()
    box.setObjectName("ten_chua_gui")
    box.setReadOnly(True)
    box.setTabChangesFocus(True)
    box.setStyleSheet(f"QPlainTextEdit {{ color: {ERROR_COLOUR}; }}")
    margins = 2 * (box.frameWidth() + int(box.document().documentMargin()))
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + margins)
    box.hide()
    return box


def arrivals_table(parent: QWidget) -> QTableWidget:
    table = QTableWidget(parent)
    table.setObjectName("cac_tep_da_nhan")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it (not cell by cell)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, run: RollupRun | None) -> None:
    """Show one row per file (status, problems, figures, a «Xem» link, the reason), then the totals."""
    lines, total = (run.lines, run.report) if run else ((), None)
    kind = shown_kind(run) if run else None
    figures = figure_fields(kind) if kind else []
    labels = [textwrap.fill(kind.field(f).label, FIGURE_HEADER_CHARS) for f in figures] if kind else []
    headers = [*HEAD_COLUMNS, *labels, "", "Ghi chú"]
    link_column = len(headers) - 2
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(lines) + (1 if total is not None else 0))
    for row, line in enumerate(lines):
        report = line.arrival.report
        values = line.values  # evaluated by the roll-up, off the GUI thread
        counts: list[Any] = [line.errors, line.warnings] if report else ["", ""]
        cells: list[Any] = [line.arrival.name, line.unit, line.period, STATUS_WORDS[line.status], *counts]
        cells += [values.get(f) for f in figures]
        _put_row(table, row, [*cells, "", line.reason], STATUS_COLOURS[line.status])
        for column in (0, STATUS_COLUMN):  # the reason stands far right, past the figures
            item = table.item(row, column)
            if item is not None:
                item.setToolTip(line_words(line))
        if report is not None:
            table.setItem(row, link_column, _view_item())
    if total is not None:
        values = evaluate_report(total).shown_values()  # as the report prints them
        cells = [
            "",
            "Tổng hợp",
            total.period.short_label(),
            "",
            "",
            "",
            *(values.get(f) for f in figures),
            "",
            "",
        ]
        _put_row(table, len(lines), cells, "#000000", bold=True)
    table.resizeColumnsToContents()
    keep_rows_shown(table)


def keep_rows_shown(table: QTableWidget, rows: int = ROWS_ALWAYS_SHOWN) -> None:
    """Keep the header and ``rows`` rows in sight however low the dialog (1366×768 at 125 %):
    the boxes under the table give up their room first (at 1093×552 one file's row was left)."""
    height = table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
    table.setMinimumHeight(height + table.horizontalScrollBar().sizeHint().height() + 2 * table.frameWidth())


def line_words(line: Line) -> str:
    """What became of a file and why, in one sentence: «thu_den/hong.json — Không tính: …»."""
    return f"{line.arrival.name} — {STATUS_WORDS[line.status]}: {line.reason}"


def _view_item() -> QTableWidgetItem:
    """A «Xem» cell drawn as a link. An item, not a QLabel: a label's link took the click and
    opened nothing, and 500 labels took a fifth of a second to build on the GUI thread."""
    item = QTableWidgetItem(VIEW_WORD)
    item.setData(VIEW_ROLE, True)
    item.setToolTip("Mở báo cáo của đơn vị để đọc (không sửa): bấm chuột, hoặc Enter trên dòng")
    item.setForeground(QColor("#0645ad"))
    font = item.font()
    font.setUnderline(True)
    item.setFont(font)
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


def is_view_cell(table: QTableWidget, row: int, column: int) -> bool:
    """True for the «Xem» cell of a row (:func:`fill_table`)."""
    item = table.item(row, column)
    return item is not None and bool(item.data(VIEW_ROLE))


def _put_row(table: QTableWidget, row: int, cells: Sequence[Any], colour: str, bold: bool = False) -> None:
    for col, value in enumerate(cells):
        number = isinstance(value, int | Decimal) and not isinstance(value, bool)
        text = format_number(value) if number else value
        item = QTableWidgetItem("" if text is None else str(text))
        item.setToolTip(item.text())
        if col in (0, STATUS_COLUMN):
            item.setForeground(QColor(colour))
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        if number:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(row, col, item)
