"""The editor of a ``table`` field: typed columns, add / remove / move / duplicate rows.

Every change of a cell or of the rows is sent to the session at once as the whole table
(one value), so autosave keeps the table as it is on screen.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QShortcut, QTextCursor, QTextLayout
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.report.answers import coerce
from desktop_app.report.kinds import Column, Field
from desktop_app.report.session import FieldState
from desktop_app.vnformat import format_number, format_short_date, parse_short_date
from ui.resources import key_sequence, shown_keys
from ui.typing_boxes import PastePlainTextEdit, TypingTimer
from ui.wizard.field_host import FieldHost

# (text shown, value kept for choice columns). Only choice cells carry item data, and never
# None: on Python 3.11, PySide6 6.12 drops a reference to None each time an empty QVariant is
# read back (see ui/__init__.py); keep clear of it.
Cell = tuple[str, Any]
# attribute, text, keys (the first is shown on the button), slot. Ctrl+Enter is the keypad's.
BUTTONS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("add_button", "Thêm dòng", ("Ctrl+Return", "Ctrl+Enter"), "add_row"),
    ("remove_button", "Xóa dòng", ("Ctrl+Delete",), "remove_row"),
    ("up_button", "Lên", ("Alt+Up",), "move_up"),
    ("down_button", "Xuống", ("Alt+Down",), "move_down"),
    ("copy_button", "Nhân bản dòng", ("Ctrl+D",), "duplicate_row"),
)


def cell_text(column: Column, value: Any) -> str:
    """Return a stored cell value as the official reads it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_short_date(value)
    if isinstance(value, Decimal) and value != int(value):
        return format_number(value, 2)
    if isinstance(value, int | Decimal):
        return format_number(value)
    if column.type == "choice":
        return next((c.label for c in column.choices if c.value == value), str(value))
    return str(value)


def cell_value(column: Column, cell: Cell) -> Any:
    """Return what a cell sends to the session (dates typed "05/09/2025" or "05092025" become ISO)."""
    text, data = cell
    if column.type == "choice":
        return data or None
    typed = parse_short_date(text) if column.type == "date" else None
    if typed is not None:
        return typed.isoformat()
    return text.strip() if column.type != "text" else text


class CellEdit(PastePlainTextEdit):
    """The editor of a text or number cell: long text wraps inside the narrow column.

    A cell holds one paragraph: Enter ends the editing (as in a spreadsheet), and line breaks
    pasted in become spaces. Its text goes to the session after a pause and on Ctrl+S.
    """

    def __init__(self, delegate: CellDelegate, parent: QWidget) -> None:
        super().__init__(parent)
        self.delegate = delegate
        self.owner = delegate.owner
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTabChangesFocus(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.idle_timer = TypingTimer(self)
        self.idle_timer.timeout.connect(self.commit)
        self.textChanged.connect(self._typed)
        self.filling = False

    def set_text(self, text: str) -> None:
        self.filling = True
        try:
            self.setPlainText(text)
            self.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self.filling = False

    def text(self) -> str:
        return " ".join(self.toPlainText().splitlines())

    def text_height(self, width: int) -> float:
        """How tall the editor's text lays out ``width`` wide, margins included: its own
        paragraphs as they are now, the word an input method is composing (not yet in the text,
        and as long as it likes before it is) in its place."""
        document = self.document()
        margin = document.documentMargin()
        height = 2 * margin
        block = document.begin()
        while block.isValid():
            text, composing = block.text(), block.layout().preeditAreaText()
            if composing:
                at = block.layout().preeditAreaPosition()
                text = text[:at] + composing + text[at:]
            layout = QTextLayout(text, self.font())
            layout.setTextOption(document.defaultTextOption())
            layout.beginLayout()
            line = layout.createLine()
            while line.isValid():
                line.setLineWidth(max(1.0, width - 2 * margin))
                height += line.height()
                line = layout.createLine()
            layout.endLayout()
            block = block.next()
        return height

    def _typed(self) -> None:
        self.owner.table.updateEditorGeometries()  # taller as the text wraps onto more lines
        if not self.filling:
            self.idle_timer.start()

    def commit(self) -> None:
        """Put what is typed into the table (and so the session) without closing the editor.

        Still typing: the cell's problems wait until the official leaves it.
        """
        self.idle_timer.stop()
        self.owner.still_typing = True
        try:
            self.delegate.commitData.emit(self)
        finally:
            self.owner.still_typing = False


class CellDelegate(QStyledItemDelegate):
    """Text and number cells: wrapped editing, pasted TCVN3/VNI converted, Esc keeps the typing."""

    def __init__(self, owner: TableEditor, parent: QWidget) -> None:
        super().__init__(parent)
        self.owner = owner

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = CellEdit(self, parent)
        editor.pasted_notice = self.owner.host.notice
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, CellEdit):
            # Qt hands the editor back what it has just put into the cell (each hand-over while
            # typing): rewriting it threw the cursor to the end and dropped the word an input
            # method was composing.
            text = str(index.data(Qt.ItemDataRole.EditRole) or "")
            if editor.text() != text:
                editor.set_text(text)
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, CellEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """As wide as the cell, and tall enough for its text (at least the row, at most 12 lines)."""
        rect = option.rect
        if isinstance(editor, CellEdit):
            # Measured from the editor's own text as it lays it out: from the text handed to the
            # cell, a word being composed that wrapped onto a new line hid behind a scrollbar.
            lines = 12 * editor.fontMetrics().lineSpacing()
            wanted = round(min(editor.text_height(rect.width() - 4), lines)) + 4
            rect = rect.adjusted(0, 0, 0, max(0, wanted - rect.height()))
        editor.setGeometry(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, CellEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            if event.key() == Qt.Key.Key_Escape:
                watched.commit()  # Esc leaves the cell, never throws the typing away
                self._close(watched)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                watched.commit()
                self._close(watched)
                return True
        return super().eventFilter(watched, event)

    def _close(self, editor: CellEdit) -> None:
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.owner.host.field_left(self.owner.field.id)
        self.owner.table.resizeRowsToContents()


class ChoiceDelegate(QStyledItemDelegate):
    """Edit a choice column with a combo box of the column's choices."""

    def __init__(self, column: Column, parent: QWidget) -> None:
        super().__init__(parent)
        self.column = column

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem("", "")
        for choice in self.column.choices:
            combo.addItem(choice.label, choice.value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.UserRole) or "")))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData() or "", Qt.ItemDataRole.UserRole)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class TableEditor(QWidget):
    """A table field: one QTableWidget and the row buttons, with keyboard shortcuts."""

    def __init__(self, field: Field, host: FieldHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.host = host
        self.columns = field.columns
        self._filling = False
        self.still_typing = False  # a cell hands over its text during a pause: not left yet
        self.setObjectName(field.id)
        self.table = self._make_table()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._make_buttons())
        layout.addWidget(self.table)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, len(self.columns), self)
        table.setObjectName(f"{self.field.id}_bang")
        table.setAccessibleName(self.field.label)
        if self.field.help:
            table.setToolTip(self.field.help)
            table.setAccessibleDescription(self.field.help)
        for i, column in enumerate(self.columns):
            header_item = QTableWidgetItem(column.label)
            header_item.setToolTip(column.label)
            table.setHorizontalHeaderItem(i, header_item)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(40)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header.setMinimumHeight(table.fontMetrics().lineSpacing() * 3 + 8)
        table.setWordWrap(True)
        table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setMinimumHeight(400)  # a few long rows at once; the page scrolls around it
        table.setItemDelegate(CellDelegate(self, table))
        for i, column in enumerate(self.columns):
            if column.type == "choice":
                table.setItemDelegateForColumn(i, ChoiceDelegate(column, table))
        table.itemChanged.connect(self._cell_changed)
        table.installEventFilter(self)  # share the width when the table itself is resized
        return table

    def _make_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for attribute, text, keys, slot in BUTTONS:
            # The keys on the button itself: a tooltip is never seen by who works with the keyboard.
            button = QPushButton(f"{text} ({shown_keys(keys[0])})", self)
            button.setObjectName(attribute.removesuffix("_button"))
            button.clicked.connect(getattr(self, slot))
            for key in keys:
                shortcut = QShortcut(
                    key_sequence(key), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
                )
                shortcut.activated.connect(getattr(self, slot))
            setattr(self, attribute, button)
            row.addWidget(button)
        row.addStretch(1)
        return row

    # ------------------------------------------------------------ reading and showing

    def cells(self) -> list[list[Cell]]:
        """Return what the table shows, row by row."""
        out = []
        for r in range(self.table.rowCount()):
            row = []
            for c in range(len(self.columns)):
                item = self.table.item(r, c)
                if item is None:
                    row.append(("", None))
                    continue
                choice = self.columns[c].type == "choice"
                row.append((item.text(), item.data(Qt.ItemDataRole.UserRole) if choice else None))
            out.append(row)
        return out

    def rows(self) -> list[dict[str, Any]]:
        """Return the table as the session's value: one {column id: value} per row."""
        return [
            {col.id: cell_value(col, cell) for col, cell in zip(self.columns, row, strict=True)}
            for row in self.cells()
        ]

    def set_cells(self, cells: list[list[Cell]]) -> None:
        self._filling = True
        try:
            self.table.setRowCount(len(cells))
            for r, row in enumerate(cells):
                for c, (text, data) in enumerate(row):
                    item = QTableWidgetItem(text)
                    if self.columns[c].type == "choice":
                        item.setData(Qt.ItemDataRole.UserRole, data or "")
                    if self.columns[c].type in ("integer", "decimal"):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(r, c, item)
        finally:
            self._filling = False
        self._fit_columns()  # the row numbers' column may have widened («10» after «9»)

    def show_state(self, state: FieldState) -> None:
        """Show the stored rows unless the table already shows them."""
        stored = state.value or []
        try:
            if (coerce(self.field, self.rows()) or []) == stored:
                return
        except ValueError:  # a cell the session refused stays as typed until corrected
            return
        self.set_cells(
            [[(cell_text(c, row.get(c.id)), row.get(c.id)) for c in self.columns] for row in stored]
        )

    def focus_input(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ editing

    def commit(self) -> None:
        result = self.host.session.set_value(self.field.id, self.rows())
        self.host.field_edited(self.field.id, result)
        if not self.still_typing:
            self.host.field_left(self.field.id)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling:
            self.commit()

    def _current_row(self) -> int:
        return self.table.currentRow()

    def _take_typing(self) -> None:
        """Put what is being typed in a cell into the table before its rows are changed: the
        row keys (Ctrl+Enter, Ctrl+D, Alt+↑/↓, Ctrl+Delete) work while a cell is typed in, and
        the rows were rebuilt from the cells as they stood before the typing, losing it."""
        editor = self.table.indexWidget(self.table.currentIndex())
        if isinstance(editor, CellEdit):
            editor.commit()

    def _change_rows(self, cells: list[list[Cell]], current: int) -> None:
        self.set_cells(cells)
        self.commit()
        if 0 <= current < len(cells):
            self.table.setCurrentCell(current, max(0, self.table.currentColumn()))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_row(self) -> None:
        """Add an empty row after the current one (at the end when none is current)."""
        self._take_typing()
        cells = self.cells()
        at = self._current_row() + 1 if self._current_row() >= 0 else len(cells)
        cells.insert(at, [("", None) for _ in self.columns])
        self._change_rows(cells, at)
        self.table.setCurrentCell(at, 0)

    def remove_row(self) -> None:
        self._take_typing()
        row = self._current_row()
        cells = self.cells()
        if 0 <= row < len(cells):
            del cells[row]
            self._change_rows(cells, min(row, len(cells) - 1))

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        self._take_typing()
        row = self._current_row()
        cells = self.cells()
        if 0 <= row < len(cells) and 0 <= row + step < len(cells):
            cells[row], cells[row + step] = cells[row + step], cells[row]
            self._change_rows(cells, row + step)

    def duplicate_row(self) -> None:
        self._take_typing()
        row = self._current_row()
        cells = self.cells()
        if 0 <= row < len(cells):
            cells.insert(row + 1, list(cells[row]))
            self._change_rows(cells, row + 1)

    # ------------------------------------------------------------ layout

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def _fit_columns(self) -> None:
        """Share the table's width between the columns as the kind's widths (cm) say."""
        widths = [c.width or 3.0 for c in self.columns]
        numbers = self.table.verticalHeader()  # its width follows the rows' count only once laid out
        available = self.table.width() - numbers.sizeHint().width() - 2 * self.table.frameWidth()
        available -= self.table.verticalScrollBar().sizeHint().width() + 2  # room for it, shown or not
        if available > 0:
            for i, w in enumerate(widths):
                self.table.setColumnWidth(i, max(40, int(available * w / sum(widths))))
            self.table.horizontalScrollBar().setValue(0)
        self.table.resizeRowsToContents()
