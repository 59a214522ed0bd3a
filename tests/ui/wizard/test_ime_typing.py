"""Vietnamese typed through an input method while the wizard hands the typing over mid-word.

Unikey and EVKey on Windows mostly commit letters at once and replace them as Telex goes on
(«soa» then «á» over the «a»: a commit string with ``replaceFrom=-1, replaceLength=1``);
ibus-unikey and fcitx on Linux show the word being composed underlined (a pre-edit) and commit it
at a space. The wizard hands what is typed to the session (and the disk) after a pause and at
least every few seconds (:class:`~ui.typing_boxes.TypingTimer`), so a hand-over often falls in
the middle of a word. In every kind of box the official types into, the box must then be left
alone: the composition, the cursor, the selection and the undo history stay as they were, and
what reaches the disk is the committed text only, never half a composition.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from desktop_app.storage import Store
from tests.ui.wizard.test_wizard_flow import leave, open_wizard, seed_report, start_report
from ui.wizard import WizardWindow
from ui.wizard.table_editor import CellEdit, TableEditor

MONTHLY = "003_bc5ae3b32bd5b2c1"  # a commune's monthly report: text, paragraphs, numbers, a date
SATISFACTION = "001_65663e565db3c233"  # a commune's quarter: the satisfaction table is shown
PLAN = "004_dbb53274ea895b03"  # the annual plan: the task table «nhiem_vu»
HANDED_OVER = 5000  # ms to wait for a hand-over: the longest wait (3 s) and some room


@dataclass(frozen=True)
class Box:
    """A box of the wizard, found by the field it edits (and a column, for a table)."""

    seed: str
    field: str
    column: str = ""

    def __str__(self) -> str:
        return f"{self.field}.{self.column}" if self.column else self.field


BOXES = [
    Box(MONTHLY, "pakn_kinh_doanh"),  # one line of text
    Box(MONTHLY, "mo_dau"),  # paragraphs
    Box(MONTHLY, "trich_yeu"),  # the document's lines
    Box(MONTHLY, "kinh_gui"),
    Box(MONTHLY, "noi_nhan"),
    Box(PLAN, "nhiem_vu", "noi_dung"),  # a cell of the plan's task table
    Box(SATISFACTION, "muc_do_hai_long", "dia_phuong"),  # a cell of the satisfaction table
]


# ---------------------------------------------------------------- an input method's events


def compose(widget: QWidget, text: str) -> None:
    """Show ``text`` underlined as the word being composed (a pre-edit), cursor at its end."""
    underline = QTextCharFormat()
    underline.setFontUnderline(True)
    attributes = [
        QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.TextFormat, 0, len(text), underline),
        QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.Cursor, len(text), 1),
    ]
    QApplication.sendEvent(widget, QInputMethodEvent(text, attributes))


def commit(widget: QWidget, text: str, replace_from: int = 0, replace_length: int = 0) -> None:
    """Commit ``text`` (ending any composition), replacing ``replace_length`` characters from
    ``replace_from`` relative to the cursor, as Telex replaces letters already committed."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text, replace_from, replace_length)
    QApplication.sendEvent(widget, event)


# ---------------------------------------------------------------- the boxes


def shown(widget: QWidget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()  # type: ignore[attr-defined]


def cursor_at(widget: QWidget) -> int:
    if isinstance(widget, QPlainTextEdit):
        return widget.textCursor().position()
    assert isinstance(widget, QLineEdit)
    return widget.cursorPosition()


def put_cursor(widget: QWidget, start: int, end: int | None = None) -> None:
    """Put the cursor at ``start``, or select ``start``–``end``."""
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.textCursor()
        cursor.setPosition(start)
        if end is not None:
            cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        widget.setTextCursor(cursor)
    elif isinstance(widget, QLineEdit):
        widget.setSelection(start, end - start) if end is not None else widget.setCursorPosition(start)


def composing(widget: QWidget) -> str:
    """The word being composed in a plain text box (Qt keeps it out of the text)."""
    assert isinstance(widget, QPlainTextEdit)
    return widget.textCursor().block().layout().preeditAreaText()


def can_undo(widget: QWidget) -> bool:
    if isinstance(widget, QPlainTextEdit):
        return widget.document().isUndoAvailable()
    assert isinstance(widget, QLineEdit)
    return widget.isUndoAvailable()


def saved(store: Store, window: WizardWindow, box: Box) -> str:
    """What the database holds for ``box``, as one text (lines joined by "\\n")."""
    report = store.load_report(window.report_id)
    if box.column:
        rows = report.answers.get(box.field) or [{}]
        return str(rows[0].get(box.column) or "")
    value = (
        getattr(report.document, box.field) if box.field in ("trich_yeu", "kinh_gui", "noi_nhan") else None
    )
    if value is None:
        value = report.answers.get(box.field)
    return "\n".join(value) if isinstance(value, list | tuple) else str(value or "")


def given(window: WizardWindow, box: Box, text: str) -> None:
    """The report already holds ``text`` in ``box`` (typed on another day)."""
    session = window.session
    if box.column:
        editor = window.findChild(TableEditor, box.field)
        row = {c.id: "" for c in editor.columns} | {box.column: text}
        assert session.set_value(box.field, [row]).ok
    elif box.field in ("kinh_gui", "noi_nhan"):
        session.set_document(**{box.field: tuple(text.split("\n"))})
    elif box.field == "trich_yeu":
        session.set_document(trich_yeu=text)
    else:
        assert session.set_value(box.field, text).ok


def type_in(qtbot: Any, store: Store, box: Box, already: str = "") -> tuple[WizardWindow, QWidget]:
    """Open the wizard at ``box`` holding ``already``; return the window and the focused box."""
    window = open_wizard(qtbot, store, start_report(store, seed_report(box.seed)))
    window.go_to_field(box.field)
    given(window, box, already)
    assert saved(store, window, box) == already
    if box.column:
        table = window.findChild(TableEditor, box.field).table
        column = next(i for i, c in enumerate(window.kind.field(box.field).columns) if c.id == box.column)
        table.setCurrentCell(0, column)
        table.editItem(table.item(0, column))
        widget = QApplication.focusWidget()
        assert isinstance(widget, CellEdit) and table.isAncestorOf(widget)
        return window, widget
    widget = window.findChild(QWidget, box.field)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    put_cursor(widget, len(shown(widget)))
    return window, widget


def wait_saved(qtbot: Any, store: Store, window: WizardWindow, box: Box, text: str) -> None:
    qtbot.waitUntil(lambda: saved(store, window, box) == text, timeout=HANDED_OVER)


# ---------------------------------------------------------------- a word composed (ibus, fcitx)


@pytest.mark.parametrize("box", BOXES, ids=str)
def test_a_word_being_composed_when_the_typing_is_handed_over_is_left_alone(
    qtbot: Any, store: Store, vietnamese: object, box: Box
) -> None:
    """In front of «thủ tục» the official types «Kiểm », then composes «soát»: the hand-over
    comes before the word is committed. The box keeps the composition and the cursor, the disk
    gets the committed text only, and the word lands where it was being composed."""
    window, edit = type_in(qtbot, store, box, "thủ tục")
    put_cursor(edit, 0)
    commit(edit, "Kiểm ")
    for letters in ("s", "so", "soa", "soá"):
        compose(edit, letters)
    wait_saved(qtbot, store, window, box, "Kiểm thủ tục")  # handed over, the word still underlined
    assert shown(edit) == "Kiểm thủ tục" and cursor_at(edit) == len("Kiểm ")
    if isinstance(edit, QPlainTextEdit):
        assert composing(edit) == "soá"
    compose(edit, "soát")
    commit(edit, "soát ")
    assert shown(edit) == "Kiểm soát thủ tục" and cursor_at(edit) == len("Kiểm soát ")
    wait_saved(qtbot, store, window, box, "Kiểm soát thủ tục")
    assert shown(edit) == "Kiểm soát thủ tục" and cursor_at(edit) == len("Kiểm soát ")
    assert QApplication.focusWidget() is edit


# ---------------------------------------------------------------- letters replaced (Unikey, EVKey)


def type_telex_soat(qtbot: Any, store: Store, window: WizardWindow, edit: QWidget, box: Box) -> None:
    """Telex «soast » in the middle of «Kiểm thủ tục», handed over after «soa»: «á» then
    replaces the «a» already committed, and the disk had only whole commits."""
    put_cursor(edit, len("Kiểm "))
    for letter in "soa":
        commit(edit, letter)
    wait_saved(qtbot, store, window, box, "Kiểm soathủ tục")
    commit(edit, "á", -1, 1)
    commit(edit, "t")
    commit(edit, " ")
    assert shown(edit) == "Kiểm soát thủ tục" and cursor_at(edit) == len("Kiểm soát ")


@pytest.mark.parametrize("box", BOXES, ids=str)
def test_letters_replaced_after_a_hand_over_and_undone_are_saved_as_the_box_shows(
    qtbot: Any, store: Store, vietnamese: object, box: Box
) -> None:
    """Telex replaces a letter committed before the hand-over; then Ctrl+Z takes the whole
    typing back, as it would without the hand-over, and the disk follows the box."""
    window, edit = type_in(qtbot, store, box, "Kiểm thủ tục")
    type_telex_soat(qtbot, store, window, edit, box)
    wait_saved(qtbot, store, window, box, "Kiểm soát thủ tục")
    assert can_undo(edit)
    for _ in range(20):
        if not can_undo(edit):
            break
        qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown(edit) == "Kiểm thủ tục"  # the hand-over did not cut the undo history
    qtbot.wait(1000)  # a pause after the undo
    leave(edit)
    assert saved(store, window, box) == "Kiểm thủ tục"


@pytest.mark.parametrize("box", BOXES, ids=str)
def test_a_selection_typed_over_while_composing_is_handed_over_once_committed(
    qtbot: Any, store: Store, vietnamese: object, box: Box
) -> None:
    """«thủ tục» selected and typed over with «TTHC» composed: what is saved is the box's
    committed text, and the new word replaces the selection."""
    window, edit = type_in(qtbot, store, box, "Kiểm soát thủ tục hành chính")
    put_cursor(edit, len("Kiểm soát "), len("Kiểm soát thủ tục "))
    for letters in ("T", "TT", "TTH"):
        compose(edit, letters)
    wait_saved(qtbot, store, window, box, "Kiểm soát hành chính")  # the selection gave way
    compose(edit, "TTHC")
    commit(edit, "TTHC ")
    assert shown(edit) == "Kiểm soát TTHC hành chính" and cursor_at(edit) == len("Kiểm soát TTHC ")
    wait_saved(qtbot, store, window, box, "Kiểm soát TTHC hành chính")
    assert shown(edit) == "Kiểm soát TTHC hành chính" and cursor_at(edit) == len("Kiểm soát TTHC ")


# ---------------------------------------------------------------- what the session cleans


@pytest.mark.parametrize("box", BOXES, ids=str)
def test_text_the_session_normalises_is_not_written_back_into_the_box_being_typed_in(
    qtbot: Any, store: Store, vietnamese: object, box: Box
) -> None:
    """Decomposed letters (Unikey's «Unicode tổ hợp») and a control character pasted with
    them: the disk gets NFC without the control character; the box, still being typed in, is
    not rewritten (its cursor, and the IME's idea of the text around it, stay right)."""
    window, edit = type_in(qtbot, store, box, "")
    decomposed = unicodedata.normalize("NFD", "Kiểm soát thủ tục")
    commit(edit, decomposed)
    QApplication.clipboard().setText(" hành\x07")
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    typed = shown(edit)
    wait_saved(qtbot, store, window, box, "Kiểm soát thủ tục hành")
    assert shown(edit) == typed and cursor_at(edit) == len(typed)
    put_cursor(edit, len(unicodedata.normalize("NFD", "Kiểm ")))
    compose(edit, "nhà")
    commit(edit, "nhà ")
    wait_saved(qtbot, store, window, box, "Kiểm nhà soát thủ tục hành")
    assert cursor_at(edit) == len(unicodedata.normalize("NFD", "Kiểm ")) + len("nhà ")
    assert unicodedata.normalize("NFC", shown(edit)).replace("\x07", "") == "Kiểm nhà soát thủ tục hành"


# ---------------------------------------------------------------- numbers and dates


@pytest.mark.parametrize(
    ("field", "pieces", "value", "display"),
    [
        ("tthc_danh_gia_tac_dong", ("1", ".", "2", "34"), 1234, "1.234"),  # a count: «1.2» is no count
        ("tl_cong_bo_dung_han", ("9", "7", ",", "5"), Decimal("97.5"), "97,50%"),  # a share: «97,» is none
    ],
)
def test_a_number_typed_the_vietnamese_way_is_not_disturbed_by_hand_overs(
    qtbot: Any,
    store: Store,
    vietnamese: object,
    field: str,
    pieces: tuple[str, ...],
    value: Any,
    display: str,
) -> None:
    """A pause after each piece: what reads as a number is handed over, what does not yet
    («1.», «97,») waits; the box keeps every character as typed until Enter."""
    box = Box(MONTHLY, field)
    window, edit = type_in(qtbot, store, box)
    typed = ""
    for piece in pieces:
        commit(edit, piece)
        typed += piece
        qtbot.wait(1000)  # a pause: a hand-over, or its attempt
        assert shown(edit) == typed and cursor_at(edit) == len(typed)
        assert QApplication.focusWidget() is edit
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert store.load_report(window.report_id).answers[field] == value
    assert shown(edit) == display and not window.session.refusals()


def test_a_number_undone_after_a_hand_over_keeps_the_number_stored_before(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """«12» stored; the official types «3», pauses (3 is handed over), «,», pauses («3,» is no
    number yet), then thinks better of it: Ctrl+Z brings back «12», and so must the report."""
    box = Box(MONTHLY, "tthc_danh_gia_tac_dong")
    window, edit = type_in(qtbot, store, box, "12")
    assert isinstance(edit, QLineEdit)
    edit.selectAll()
    commit(edit, "3")
    qtbot.waitUntil(lambda: store.load_report(window.report_id).answers[box.field] == 3, timeout=HANDED_OVER)
    commit(edit, ",")
    qtbot.wait(1000)
    while can_undo(edit):
        qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown(edit) == "12"
    qtbot.wait(1000)
    leave(edit)
    assert store.load_report(window.report_id).answers[box.field] == 12
    assert not window.session.refusals()  # nothing said «not taken» when the window closes


@pytest.mark.parametrize("name", ["ngay", "ngay_so_lieu_dvcqg"])
def test_a_date_typed_with_pauses_goes_on_where_it_was(
    qtbot: Any, store: Store, vietnamese: object, name: str
) -> None:
    """The document's date and a date field: a pause after the day and after the month hands
    the date over; the box stays on the part being typed, and the date ends as typed."""
    window = open_wizard(qtbot, store, start_report(store, seed_report(MONTHLY)))
    window.go_to_field(name)
    if name == "ngay":
        window.session.set_document(ngay=date(2024, 2, 1))  # a whole date, not left to the clerk
    box = window.findChild(QWidget, name)
    assert box.isEnabled()
    box.setFocus(Qt.FocusReason.TabFocusReason)
    for digits, reads in (("05", "05/"), ("09", "05/09/"), ("2024", "05/09/2024")):
        qtbot.keyClicks(box, digits)
        qtbot.wait(1000)
        assert box.text().startswith(reads) and QApplication.focusWidget() is box
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    report = store.load_report(window.report_id)
    assert (report.document.ngay if name == "ngay" else report.answers[name]) == date(2024, 9, 5)
    assert not window.findChild(QCheckBox, "ngay_de_trong").isChecked()


# ---------------------------------------------------------------- the row keys while typing


TYPED = "Kiểm soát thủ tục hành chính"
OTHER = "Rà soát quy định"


@pytest.mark.parametrize(
    ("keys", "rows"),
    [
        ((Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier), [TYPED, "", OTHER]),  # Thêm dòng
        ((Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier), [TYPED, TYPED, OTHER]),  # Nhân bản dòng
        ((Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier), [OTHER, TYPED]),  # Xuống
    ],
    ids=["ctrl_enter", "ctrl_d", "alt_down"],
)
def test_a_row_key_pressed_while_a_cell_is_typed_in_keeps_the_typing(
    qtbot: Any, store: Store, vietnamese: object, keys: tuple[Qt.Key, Qt.KeyboardModifier], rows: list[str]
) -> None:
    """The official types the end of a task and at once adds the next row (or copies, moves
    it), before any pause: the rows are made from the cells with the typing in them."""
    box = Box(PLAN, "nhiem_vu", "noi_dung")
    window, edit = type_in(qtbot, store, box, "Kiểm soát")
    stored = window.session.report.answers["nhiem_vu"]
    assert window.session.set_value("nhiem_vu", [stored[0], {**stored[0], "noi_dung": OTHER}]).ok
    commit(edit, " thủ tục hành chính")
    qtbot.keyClick(edit, *keys)
    answers = store.load_report(window.report_id).answers["nhiem_vu"]
    assert [row["noi_dung"] or "" for row in answers] == rows
    table = window.findChild(TableEditor, "nhiem_vu").table
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == rows


# ---------------------------------------------------------------- a cell's height while composing


def test_a_word_being_composed_that_wraps_is_shown_whole_in_its_cell(
    qtbot: Any, store: Store, vietnamese: object, tmp_path: Any
) -> None:
    """The cell's editor grows as its text wraps; it was measured from the text handed to the
    cell, so words an input method is still composing that wrapped onto new lines were hidden
    under a scrollbar until committed."""
    box = Box(PLAN, "nhiem_vu", "noi_dung")
    _window, edit = type_in(qtbot, store, box, "Kiểm soát")
    assert isinstance(edit, CellEdit)
    before = edit.height()
    compose(edit, " thủ tục hành chính trên môi trường điện tử của Ủy ban nhân dân xã Mỹ Hòa")
    block = edit.document().begin()
    assert block.layout().lineCount() >= 3  # the composed words wrap onto new lines
    qtbot.waitUntil(lambda: edit.verticalScrollBar().maximum() == 0)  # every line in sight
    assert edit.height() > before and shown(edit) == "Kiểm soát"
    edit.grab().save(str(tmp_path / "composing.png"))
