"""Vietnamese typed through input methods (composed and decomposed) and pasted from TCVN3/VNI.

Unikey, EVKey and the Windows IME deliver text as QInputMethodEvent commit strings, in
"Unicode dựng sẵn" (NFC) or "tổ hợp" (NFD); both must be stored, and printed, as NFC.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop_app.document.render import render_report
from desktop_app.storage import Store
from tests.seedtext import docx_text
from tests.ui.wizard.test_wizard_flow import (
    fill_sections,
    ime_type,
    leave,
    open_wizard,
    seed_report,
    start_report,
)
from ui.wizard.fields import ParagraphsField
from ui.wizard.table_editor import CellEdit, TableEditor

COMPOSED = "Kiểm soát thủ tục hành chính"
DECOMPOSED = unicodedata.normalize("NFD", "Kiểm soát hồ sơ trực tuyến")
TCVN3 = "Thñ tôc hµnh chÝnh ®­îc kiÓm so¸t"
TCVN3_UNICODE = "Thủ tục hành chính được kiểm soát"


def test_composed_and_decomposed_input_arrive_as_nfc(qtbot: Any, store: Store) -> None:
    seed = seed_report("003_bc5ae3b32bd5b2c1")
    report_id = start_report(store, seed)
    window = open_wizard(qtbot, store, report_id)
    fill_sections(qtbot, window, seed)

    window.go_to_field("mo_dau")
    paragraphs = window.findChild(ParagraphsField, "mo_dau")
    paragraphs.selectAll()
    ime_type(paragraphs, COMPOSED)
    ime_type(paragraphs, "\n")
    ime_type(paragraphs, DECOMPOSED)
    leave(paragraphs)

    window.go_to_field("pakn_kinh_doanh")
    line = window.findChild(QLineEdit, "pakn_kinh_doanh")
    line.selectAll()
    ime_type(line, DECOMPOSED)
    qtbot.keyClick(line, Qt.Key.Key_Return)

    nfc = unicodedata.normalize("NFC", DECOMPOSED)
    saved = store.load_report(report_id)
    assert saved.answers["mo_dau"] == f"{COMPOSED}\n{nfc}"
    assert saved.answers["pakn_kinh_doanh"] == nfc
    text = docx_text(render_report(saved).data)
    assert COMPOSED in text and nfc in text
    assert text == unicodedata.normalize("NFC", text)


def test_pasted_tcvn3_is_converted_and_the_official_told(qtbot: Any, store: Store) -> None:
    seed = seed_report("003_bc5ae3b32bd5b2c1")
    report_id = start_report(store, seed)
    window = open_wizard(qtbot, store, report_id)

    window.go_to_field("mo_dau")
    paragraphs = window.findChild(ParagraphsField, "mo_dau")
    QApplication.clipboard().setText(TCVN3)
    qtbot.keyClick(paragraphs, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert paragraphs.toPlainText() == TCVN3_UNICODE
    assert "TCVN3" in window.statusBar().currentMessage()
    leave(paragraphs)

    window.go_to_field("pakn_kinh_doanh")
    line = window.findChild(QLineEdit, "pakn_kinh_doanh")
    window.statusBar().clearMessage()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert line.text() == TCVN3_UNICODE
    assert window.statusBar().currentMessage() == "Đã chuyển văn bản dán từ mã TCVN3 (ABC) sang Unicode."

    saved = store.load_report(report_id)
    assert saved.answers["mo_dau"] == TCVN3_UNICODE
    assert saved.answers["pakn_kinh_doanh"] == TCVN3_UNICODE
    assert TCVN3_UNICODE in docx_text(render_report(saved).data)


def test_unicode_paste_is_left_alone(qtbot: Any, store: Store, tmp_path: Path) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report("003_bc5ae3b32bd5b2c1")))
    window.go_to_field("mo_dau")
    paragraphs = window.findChild(ParagraphsField, "mo_dau")
    QApplication.clipboard().setText("Đã rà soát 09 TTHC © 2024")
    qtbot.keyClick(paragraphs, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert paragraphs.toPlainText() == "Đã rà soát 09 TTHC © 2024"
    assert "Đã chuyển" not in window.statusBar().currentMessage()


def open_cell(qtbot: Any, window: Any, row: int, column: int) -> CellEdit:
    """Open the editor of a cell of the plan's task table and return it, focused."""
    editor = window.findChild(TableEditor, "nhiem_vu")
    table = editor.table
    if table.rowCount() <= row:
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    cell = QApplication.focusWidget()
    assert isinstance(cell, CellEdit) and table.isAncestorOf(cell)
    return cell


def test_a_table_cell_converts_pasted_tcvn3_and_esc_keeps_it(qtbot: Any, store: Store) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report("004_dbb53274ea895b03")))
    window.go_to_field("nhiem_vu")
    cell = open_cell(qtbot, window, 0, 2)
    QApplication.clipboard().setText(TCVN3)
    qtbot.keyClick(cell, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert cell.text() == TCVN3_UNICODE
    assert "TCVN3" in window.statusBar().currentMessage()
    qtbot.keyClick(cell, Qt.Key.Key_Escape)  # Esc ends the editing, never throws it away
    rows = store.load_report(window.report_id).answers["nhiem_vu"]
    assert rows[0]["noi_dung"] == TCVN3_UNICODE


def test_a_table_cell_is_saved_by_ctrl_s_and_after_a_pause(qtbot: Any, store: Store) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report("004_dbb53274ea895b03")))
    window.go_to_field("nhiem_vu")
    cell = open_cell(qtbot, window, 0, 2)
    window.left_fields.discard("nhiem_vu")  # adding the row was an edit of its own
    ime_type(cell, COMPOSED)
    qtbot.keyClick(cell, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert store.load_report(window.report_id).answers["nhiem_vu"][0]["noi_dung"] == COMPOSED
    assert QApplication.focusWidget() is cell  # still editing

    ime_type(cell, " năm 2025")
    qtbot.waitUntil(
        lambda: store.load_report(window.report_id).answers["nhiem_vu"][0]["noi_dung"].endswith("2025"),
        timeout=3000,
    )
    assert QApplication.focusWidget() is cell and cell.text() == f"{COMPOSED} năm 2025"
    assert "nhiem_vu" not in window.left_fields  # still typing: its problems wait until it is left


def test_a_long_task_wraps_in_its_cell_and_enter_ends_the_editing(qtbot: Any, store: Store) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report("004_dbb53274ea895b03")))
    window.go_to_field("nhiem_vu")
    cell = open_cell(qtbot, window, 0, 2)
    one_line = cell.height()
    QApplication.clipboard().setText(
        "Rà soát, đánh giá thủ tục hành chính\nthuộc thẩm quyền giải quyết của Sở " * 3
    )
    qtbot.keyClick(cell, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert cell.height() > one_line  # the editor grows with the wrapped text
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is not cell
    saved = store.load_report(window.report_id).answers["nhiem_vu"][0]["noi_dung"]
    assert "\n" not in saved and saved.startswith("Rà soát, đánh giá thủ tục hành chính thuộc thẩm quyền")


def test_closing_the_window_while_a_cell_is_being_edited_keeps_the_typing(qtbot: Any, store: Store) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report("004_dbb53274ea895b03")))
    window.go_to_field("nhiem_vu")
    cell = open_cell(qtbot, window, 0, 3)
    ime_type(cell, "Quyết định của Giám đốc Sở")
    window.close()  # before any pause: closing hands the cell over (pytest-qt fails on a slot error)
    assert (
        store.load_report(window.report_id).answers["nhiem_vu"][0]["ket_qua"] == "Quyết định của Giám đốc Sở"
    )
