"""The widgets of the wizard's fields, one class per field type, found through one registry.

A field widget is the input itself (a QLineEdit, QPlainTextEdit, QComboBox …) and its
``objectName`` is the field id. It shows what the :class:`~desktop_app.report.session.Session`
returns (:meth:`show_state`) and reports what the official typed through its
:class:`FieldHost`; it never computes, validates or saves. A new field type is one class
here and one entry in :data:`FIELD_WIDGETS`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QWidget,
)

from desktop_app.report.kinds import Field
from desktop_app.report.session import EditResult, FieldState
from desktop_app.text import clean
from ui.date_box import DateBox
from ui.typing_boxes import LineTyping, PasteLineEdit, PastePlainTextEdit, TypingTimer
from ui.wizard.field_host import FieldHost
from ui.wizard.table_editor import TableEditor

EMPTY_DATE = QDate(1900, 1, 1)


# ---------------------------------------------------------------- the common part


class FieldMixin:
    """The part every field widget shares: identity, help, reporting edits."""

    field: Field
    host: FieldHost

    def setup_field(self, field: Field, host: FieldHost) -> None:
        widget: QWidget = self  # type: ignore[assignment]
        self.field = field
        self.host = host
        self._showing = False
        widget.setObjectName(field.id)
        widget.setAccessibleName(field.label)
        if field.help:
            widget.setToolTip(field.help)
            widget.setAccessibleDescription(field.help)
        if hasattr(widget, "pasted_notice"):
            widget.pasted_notice = host.notice

    def show_state(self, state: FieldState) -> None:
        """Show ``state`` without disturbing what the official is typing."""
        raise NotImplementedError

    def focus_input(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)  # type: ignore[attr-defined]

    def report(self, result: EditResult) -> EditResult:
        self.host.field_edited(self.field.id, result)
        return result

    def commit_value(self, value: Any) -> EditResult:
        return self.report(self.host.session.set_value(self.field.id, value))

    def commit_text(self, text: str) -> EditResult:
        return self.report(self.host.session.set_text(self.field.id, text))


# ---------------------------------------------------------------- one line


class NumberField(FieldMixin, QLineEdit):
    """A number typed the Vietnamese way ("22.278", "97,98").

    No validator: intermediate input is never refused. A pause in typing hands the number to
    the session (so autosave has it) when it reads as one; leaving the field or Enter commits
    it, and only then is a refusal shown beside the field, the text staying as typed.
    """

    def __init__(self, field: Field, host: FieldHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_field(field, host)
        self.refused = False
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 18)
        self.setPlaceholderText(field.placeholder)
        self.setReadOnly(field.computed)
        if field.computed:  # Tab goes on to the next box to type in; a click still selects to copy
            self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.typing = LineTyping(self, paused=self.commit_quietly, left=self.commit_typed)

    def commit_quietly(self, text: str) -> None:
        """A pause in typing: keep the number if it reads as one; say nothing while typing."""
        result = self.host.session.set_text(self.field.id, text)
        if result.ok:
            self.report(result)  # clears a refusal the official has since corrected

    def commit(self) -> None:
        self.typing.leave()

    def commit_typed(self, text: str) -> None:
        """Left, or Enter: the number as typed, its refusal shown beside the field."""
        self.refused = not self.commit_text(text).ok
        self.show_state(self.host.session.state(self.field.id))  # "22278" now reads "22.278"

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.host.field_left(self.field.id)

    def show_state(self, state: FieldState) -> None:
        if self.refused or not self.typing.may_show():
            return
        self.typing.show(state.display)
        font = self.font()
        font.setItalic(state.source == "computed")
        self.setFont(font)


class TextField(FieldMixin, PasteLineEdit):
    """One line of text, handed to the session after a pause in typing and when left (or Enter)."""

    def __init__(self, field: Field, host: FieldHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_field(field, host)
        self.setPlaceholderText(field.placeholder)
        self.typing = LineTyping(self, paused=self.commit_text, left=self.commit_text)

    def commit(self) -> None:
        self.typing.leave()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.host.field_left(self.field.id)

    def show_state(self, state: FieldState) -> None:
        self.typing.show(state.display)


# ---------------------------------------------------------------- several lines


class ParagraphsField(FieldMixin, PastePlainTextEdit):
    """Paragraphs, one a line ("- " bullet lines allowed).

    Committed when the official leaves the box and after a short pause in typing, so that
    autosave catches text being typed.
    """

    MIN_LINES, MAX_LINES = 4, 14

    def __init__(self, field: Field, host: FieldHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_field(field, host)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(field.placeholder)
        self.idle_timer = TypingTimer(self)
        self.idle_timer.timeout.connect(self.commit)
        self.textChanged.connect(self._typed)
        self._fit_height()

    def text_of(self, value: Any) -> str:
        return "" if value is None else str(value)

    def shows(self, value: Any) -> bool:
        """Return True when the box already holds ``value`` (as the session would store it)."""
        return clean(self.toPlainText()) == clean(self.text_of(value))

    def select_words(self, line: int, start: int, end: int, words: str) -> bool:
        """Select ``words`` at ``start``–``end`` of paragraph ``line`` (0-based) when they are
        still there, and scroll to them; False (the cursor untouched) when they are not."""
        block = self.document().findBlockByNumber(line)
        if not block.isValid() or block.text()[start:end] != words:
            return False
        cursor = self.textCursor()
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def _typed(self) -> None:
        self._fit_height()
        if not self._showing:
            self.idle_timer.start()

    def commit(self) -> None:
        self.idle_timer.stop()
        text = self.toPlainText()
        if not self.shows(self.host.session.report.answers.get(self.field.id)):
            self.commit_text(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.commit()
        self.host.field_left(self.field.id)

    def show_state(self, state: FieldState) -> None:
        if self.shows(state.value) or self.idle_timer.isActive():
            return
        self._showing = True
        try:
            self.setPlainText(self.text_of(state.value))
        finally:
            self._showing = False

    def _fit_height(self) -> None:
        """Grow with the text between MIN_LINES and MAX_LINES, then scroll."""
        line = self.fontMetrics().lineSpacing()
        doc = self.document()
        height = 0.0
        block = doc.begin()
        while block.isValid():
            height += self.blockBoundingRect(block).height()
            block = block.next()
        lines = max(self.MIN_LINES, min(self.MAX_LINES, round(height / max(line, 1)) + 1))
        self.setFixedHeight(lines * line + 2 * self.frameWidth() + 10)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_height()


class LinesField(ParagraphsField):
    """A list of items, one a line."""

    MIN_LINES = 3

    def text_of(self, value: Any) -> str:
        return "\n".join(value) if isinstance(value, list) else ""

    def shows(self, value: Any) -> bool:
        # Blank lines and spaces around items are not kept: never undo them under the cursor.
        return lines_of(self.toPlainText()) == (value or [])


def lines_of(text: str) -> list[str]:
    """Return the non-empty lines of ``text``, trimmed, as a list field keeps them."""
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


# ---------------------------------------------------------------- choices, dates, ticks


class ChoiceField(FieldMixin, QComboBox):
    """One of the kind's choices; the first entry means "not chosen"."""

    def __init__(self, field: Field, host: FieldHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_field(field, host)
        # Item data is never None: on Python 3.11, PySide6 6.12 drops a reference to None each
        # time an empty QVariant is read back (see ui/__init__.py); keep clear of it.
        self.addItem("— Chưa chọn —", "")
        for choice in field.choices:
            self.addItem(choice.label, choice.value)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(self._chosen)

    def _chosen(self, index: int) -> None:
        if not self._showing:
            self.commit_value(self.itemData(index) or None)
            self.host.field_left(self.field.id)

    def show_state(self, state: FieldState) -> None:
        index = max(0, self.findData(state.value)) if state.value is not None else 0
        if index != self.currentIndex():
            self._showing = True
            try:
                self.setCurrentIndex(index)
            finally:
                self._showing = False


class DateField(FieldMixin, DateBox):
    """A date typed dd/mm/yyyy (see :class:`~ui.date_box.DateBox`); "Chưa có ngày" is the empty
    state (the «Xóa ngày» button beside it clears it)."""

    def __init__(self, field: Field, host: FieldHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_field(field, host)
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText("Chưa có ngày")
        self.set_date_quietly(EMPTY_DATE)
        self.sig_date_committed.connect(lambda: self.commit_value(self.value()))

    def value(self) -> date | None:
        chosen = self.date()
        return None if chosen == EMPTY_DATE else date(chosen.year(), chosen.month(), chosen.day())

    def clear_date(self) -> None:
        self.setDate(EMPTY_DATE)  # from the button: the box does not have the keyboard, saved at once

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.value() is None:  # open the calendar on this month, not on 1900
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.value() is None and event.text().isdigit():
            # Typing into "Chưa có ngày": start from today's date, day first, then type over it.
            self.set_date_quietly(QDate.currentDate())
            self.setSelectedSection(QDateEdit.Section.DaySection)
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.host.field_left(self.field.id)

    def show_state(self, state: FieldState) -> None:
        value = state.value
        self.show_date(QDate(value.year, value.month, value.day) if isinstance(value, date) else EMPTY_DATE)


class BooleanField(FieldMixin, QCheckBox):
    """A tick box carrying its own label."""

    def __init__(self, field: Field, host: FieldHost, parent: QWidget | None = None) -> None:
        super().__init__(field.label, parent)
        self.setup_field(field, host)
        self.toggled.connect(self._toggled)

    def _toggled(self, checked: bool) -> None:
        if not self._showing:
            self.commit_value(checked)
            self.host.field_left(self.field.id)

    def show_state(self, state: FieldState) -> None:
        if bool(state.value) != self.isChecked():
            self._showing = True
            try:
                self.setChecked(bool(state.value))
            finally:
                self._showing = False


FIELD_WIDGETS: dict[str, type] = {
    "integer": NumberField,
    "decimal": NumberField,
    "text": TextField,
    "paragraphs": ParagraphsField,
    "lines": LinesField,
    "choice": ChoiceField,
    "date": DateField,
    "boolean": BooleanField,
    "table": TableEditor,
}


def make_field_widget(field: Field, host: FieldHost, parent: QWidget | None = None) -> QWidget:
    """Return the widget of ``field`` from :data:`FIELD_WIDGETS`."""
    widget: QWidget = FIELD_WIDGETS[field.type](field, host, parent)
    return widget
