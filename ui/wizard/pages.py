"""The steps of the wizard and the page of each step, generated from the kind file.

One step per section of level 1 or 2 that has fields, or whose deeper sections have; a
level-1 section without fields of its own is a group title in the step list; sections of
level 3 and 4 go on the page of the step above them. Nothing here knows a kind by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.report.answers import Report
from desktop_app.report.checks import Issue
from desktop_app.report.content import Fix
from desktop_app.report.kinds import Field, Kind, Section
from desktop_app.report.placeholders import fill_placeholders
from desktop_app.report.session import REFUSED, FieldState, Session
from desktop_app.report.wording import period_context
from ui.wizard.field_host import FieldHost
from ui.wizard.fields import DateField, NumberField, ParagraphsField, make_field_widget

DOCUMENT_STEP, REVIEW_STEP = "__van_ban", "__xem_lai"
SEVERITY_WORDS = {"error": "Lỗi", "warning": "Lưu ý"}
SEVERITY_COLOURS = {"error": "#a40e26", "warning": "#7a4b00"}
HELP_COLOUR = "#4a4a4a"


@dataclass(frozen=True)
class Step:
    """One entry of the step list: a page, or a group title (``header``)."""

    key: str
    title: str
    sections: tuple[str, ...] = ()
    indent: int = 0
    header: bool = False
    group_title: str = ""


def build_steps(kind: Kind) -> list[Step]:
    """Return the steps of ``kind`` in outline order, then the document and review steps."""
    steps: list[Step] = []
    group = ""
    for s in kind.sections:
        if s.level == 1 and not s.fields:
            group = s.step_title
            steps.append(Step(s.id, s.step_title, (s.id,), header=True))
        elif s.level <= 2 or not steps or steps[-1].header:
            group = "" if s.level == 1 else group
            steps.append(Step(s.id, s.step_title, (s.id,), indent=1 if group else 0, group_title=group))
        else:
            steps[-1] = replace(steps[-1], sections=(*steps[-1].sections, s.id))
    steps = [s for i, s in enumerate(steps) if not s.header or _has_child(steps, i)]
    return [*steps, Step(DOCUMENT_STEP, "Văn bản"), Step(REVIEW_STEP, "Xem lại")]


def _has_child(steps: list[Step], i: int) -> bool:
    return i + 1 < len(steps) and not steps[i + 1].header and steps[i + 1].indent > 0


def issue_text(issue: Issue) -> str:
    return f"{SEVERITY_WORDS.get(issue.severity, 'Lưu ý')}: {issue.message}"


def small_label(
    text: str,
    parent: QWidget,
    colour: str | None = HELP_COLOUR,
    *,
    italic: bool = False,
    bold: bool = False,
    style: str = "",
) -> QLabel:
    """A wrapped plain-text label, in ``colour`` ("#rrggbb"; None: the palette's own).

    Colour and weight go through the palette and the font, not a style sheet, which Qt
    polishes label by label: the largest wizard has about 470 of them, and opening it took 158 ms
    of CPU instead of 176 (A/B in one process, 8 openings each). ``style`` is for the rest
    (a framed preview).
    """
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if colour is not None:
        set_colour(label, colour)
    if italic or bold:
        font = label.font()
        font.setItalic(italic)
        font.setBold(bold)
        label.setFont(font)
    if style:
        label.setStyleSheet(style)
    return label


def set_colour(label: QLabel, colour: str) -> None:
    """Draw ``label``'s text in ``colour`` ("#rrggbb")."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)


class FieldRow(QWidget):
    """One field: label, help, input, previous value, pre-fill mark, refusal and problems."""

    def __init__(self, field: Field, host: FieldHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.host = host
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 6)
        layout.setSpacing(3)
        self.input = make_field_widget(field, host, self)
        if field.type != "boolean":
            self.label = QLabel(field.label, self)
            self.label.setWordWrap(True)
            self.label.setBuddy(self.input)
            bold = self.label.font()
            bold.setBold(True)
            self.label.setFont(bold)
            layout.addWidget(self.label)
        help_label = small_label(field.help, self) if field.help else None
        if help_label and field.type != "boolean":
            layout.addWidget(help_label)
        layout.addLayout(self._input_line())
        if help_label and field.type == "boolean":  # the tick box is its own label: help under it
            layout.addWidget(help_label)
        self.previous_label = small_label("", self)
        self.refusal_label = small_label("", self, SEVERITY_COLOURS["error"])
        self.issues_label = small_label("", self)
        for label in (self.previous_label, self.refusal_label, self.issues_label):
            label.hide()
            layout.addWidget(label)

    def _input_line(self) -> QHBoxLayout:
        line = QHBoxLayout()
        line.addWidget(self.input, 0 if self._narrow() else 1)
        self.badge_label = small_label("", self, "#1d4f91", italic=True)
        self.badge_label.setWordWrap(False)
        self.badge_label.hide()
        line.addWidget(self.badge_label)
        self.reset_button = QPushButton("↺ Lấy lại số kỳ trước", self)
        self.reset_button.setToolTip("Đặt lại giá trị mà kỳ này đã bắt đầu với (số của kỳ trước).")
        self.reset_button.clicked.connect(self.reset_to_previous)
        self.reset_button.hide()
        line.addWidget(self.reset_button)
        if isinstance(self.input, DateField):
            clear_button = QPushButton("Xóa ngày", self)
            clear_button.clicked.connect(self.input.clear_date)
            line.addWidget(clear_button)
        if self._narrow():
            line.addStretch(1)
        return line

    def _narrow(self) -> bool:
        return self.field.type in ("integer", "decimal", "date", "choice", "boolean")

    def reset_to_previous(self) -> None:
        if isinstance(self.input, NumberField):
            self.input.refused = False
        result = self.host.session.reset_to_previous(self.field.id)
        self.host.field_edited(self.field.id, result)

    def show_refusal(self, message: str) -> None:
        self.refusal_label.setText(message)
        self.refusal_label.setVisible(bool(message))

    def show_state(self, state: FieldState, issues: list[Issue]) -> None:
        self.input.show_state(state)  # type: ignore[attr-defined]
        self._show_badge(state)
        previous = f"Kỳ trước: {state.previous_display}" if state.previous_display else ""
        last_year = f"Cùng kỳ năm trước: {state.last_year_display}" if state.last_year_display else ""
        text = " · ".join(t for t in (previous, state.change) if t)
        if last_year:
            text += ("\n" if text else "") + " · ".join(t for t in (last_year, state.change_last_year) if t)
        self.previous_label.setText(text)
        self.previous_label.setVisible(bool(text))
        self.reset_button.setVisible(
            self.host.session.carries_from_previous(self.field)
            and not self.field.computed
            and state.previous is not None
            and state.value != state.previous
        )
        self._show_issues(issues)

    def _show_badge(self, state: FieldState) -> None:
        if self.field.computed:
            badge = "Tự tính"
        elif state.source == "computed":
            badge = "Tự cộng từ các số trên"
        elif state.source == "carried":
            badge = f"Lấy từ {carried_from(self.host.session.report)}, hãy kiểm tra"
        else:
            badge = ""
        self.badge_label.setText(badge)
        self.badge_label.setVisible(bool(badge))

    def _show_issues(self, issues: list[Issue]) -> None:
        if not issues:
            self.issues_label.hide()
            return
        worst = "error" if any(i.severity == "error" for i in issues) else "warning"
        set_colour(self.issues_label, SEVERITY_COLOURS[worst])
        self.issues_label.setText("\n".join(f"⚠ {issue_text(i)}" for i in issues))
        self.issues_label.show()


def carried_from(report: Report) -> str:
    """Where a report's pre-filled values came from, for the words next to them: a roll-up's
    gathered texts are the units' (its other values may be its previous report's)."""
    return "đơn vị hoặc kỳ trước" if report.rollup is not None else "kỳ trước"


def placeholder_hint(session: Session, parent: QWidget) -> QLabel:
    """Say which names the official may type between braces, with what they print in this report."""
    words = period_context(session.report.period, session.report.unit)
    label = small_label(
        f"Trong ô chữ, gõ {{ky_so_lieu}} để in «{words['ky_so_lieu']}» (kỳ sau tự đổi ngày); "
        f"cũng dùng được {{tu_ngay}}, {{den_ngay}}, {{ky}} («{words['ky']}»), {{ky_tiep}}, {{nam}}, "
        "{don_vi}.",
        parent,
    )
    label.setObjectName("cho_dien_tu_dong")
    return label


class SectionPage(QScrollArea):
    """The page of one step: its sections' titles, help and field rows, scrolling."""

    def __init__(self, step: Step, kind: Kind, host: FieldHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.rows: dict[str, FieldRow] = {}
        self.blocks: dict[str, QWidget] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 8, 24, 16)
        origin = carried_from(host.session.report)
        self.keep_button = QPushButton(f"Đã xem: &giữ các giá trị lấy từ {origin} trên trang này", content)
        self.keep_button.setObjectName("giu_ky_truoc")
        self.keep_button.setToolTip(
            f"Các ô điền sẵn từ {origin} được đánh dấu cho đến khi được xem lại; "
            "bấm khi đã kiểm tra chúng và giữ nguyên."
        )
        self.keep_button.clicked.connect(lambda: host.session.confirm_carried(self.carried(host.session)))
        self.keep_button.hide()
        for section_id in step.sections:
            block = self._block(kind.section(section_id), host, main=section_id == step.key)
            self.blocks[section_id] = block
            layout.addWidget(block)
        if any(r.field.type == "paragraphs" for r in self.rows.values()):
            layout.addWidget(placeholder_hint(host.session, content))
        layout.addWidget(self.keep_button, 0, Qt.AlignmentFlag.AlignLeft)  # after the figures it confirms
        layout.addStretch(1)
        self.setWidget(content)

    def carried(self, session: Session) -> list[str]:
        """The fields of this page still holding an unchecked value of the previous period."""
        return [f for sid in self.step.sections for f in session.carried_fields(sid)]

    def _block(self, section: Section, host: FieldHost, main: bool) -> QWidget:
        block = QWidget(self)
        layout = QVBoxLayout(block)
        layout.setContentsMargins(0, 0 if main else 12, 0, 0)
        if main and self.step.group_title:
            layout.addWidget(small_label(self.step.group_title, block))
        title = QLabel(section.step_title if main or section.title else section.heading, block)
        title.setWordWrap(True)
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * (1.35 if main else 1.1))
        title.setFont(font)
        layout.addWidget(title)
        heading = fill_placeholders(
            section.heading, period_context(host.session.report.period, host.session.report.unit)
        )
        if heading and heading != section.step_title:
            layout.addWidget(small_label(f"Đề mục trong văn bản: {heading}", block))
        if section.help:
            layout.addWidget(small_label(section.help, block))
        for field in section.fields:
            row = FieldRow(field, host, block)
            self.rows[field.id] = row
            layout.addWidget(row)
        return block

    def refresh(self, session: Session, show_issues: Callable[[str], bool]) -> None:
        """Show the session's values, visibility and (for fields left) problems."""
        visible = {s.id for s in session.visible_sections()}
        for section_id, block in self.blocks.items():
            block.setVisible(section_id in visible)
        for field_id, row in self.rows.items():
            state = session.state(field_id)
            row.setVisible(state.visible)
            issues = session.issues_for(field_id) if show_issues(field_id) else []
            row.show_state(state, [i for i in issues if i.code != REFUSED])  # said beside the field
        self.keep_button.setVisible(bool(self.carried(session)))

    def focus_first(self) -> None:
        """Put the keyboard in the first field the official can type in."""
        for row in self.rows.values():
            if (
                row.isVisibleTo(self)
                and row.input.isEnabled()
                and not getattr(row.input, "isReadOnly", bool)()
            ):
                row.input.focus_input()  # type: ignore[attr-defined]
                self.ensureWidgetVisible(row)
                return

    def show_field(self, field_id: str, fix: Fix | None = None) -> bool:
        """Put the keyboard in ``field_id``; with a finding's ``fix``, on the words it names."""
        row = self.rows.get(field_id)
        if row is None:
            return False
        self.ensureWidgetVisible(row, 0, 60)
        row.input.focus_input()  # type: ignore[attr-defined]
        if fix is not None and fix.field == field_id and isinstance(row.input, ParagraphsField):
            line = fix.path[0] if len(fix.path) == 1 and isinstance(fix.path[0], int) else 0
            row.input.select_words(line, fix.start, fix.end, fix.before)  # the box scrolls to them
        return True
