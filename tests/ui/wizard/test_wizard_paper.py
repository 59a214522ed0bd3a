"""The document step's paper settings, driven with the keys, with the Vietnamese translation loaded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPlainTextEdit

from desktop_app.document.render import render_report
from desktop_app.storage import Store
from tests.seedtext import docx_text
from tests.ui.wizard.test_wizard_flow import ime_type, open_wizard, seed_report, start_report

KSTTHC_SO = "000_a555c7217f5d5664"


def test_how_a_zero_reads_is_chosen_with_alt_0_and_the_arrows(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report(KSTTHC_SO)))
    window.session.set_value("hs_ky_truoc", 0)
    window.go_to_field("so")
    combo = window.document_page.findChild(QComboBox, "so_khong")
    assert combo.currentText() == "như mặc định (00)"  # «03 hồ sơ» is ticked: zero reads "00"
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is combo
    for _ in range(3):  # như mặc định → 00 → 0 → không
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "không"
    saved = store.load_report(window.report_id)
    assert saved.document.so_khong == "khong"
    text = docx_text(render_report(saved).data)
    assert "số từ kỳ trước chuyển qua: không." in text
    # reopened, the step shows the choice kept
    window.close()
    again = open_wizard(qtbot, store, window.report_id)
    again.go_to_field("so")
    assert again.document_page.findChild(QComboBox, "so_khong").currentText() == "không"


def test_the_page_explains_the_placeholders_and_a_misspelt_one_is_named(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report(KSTTHC_SO)))  # quý II/2024
    window.go_to_field("truyen_thong_nd")
    box = window.findChild(QPlainTextEdit, "truyen_thong_nd")
    hint = window.stack.currentWidget().findChild(QLabel, "cho_dien_tu_dong")
    assert hint.isVisible()
    assert "{ky_so_lieu}" in hint.text() and "số liệu từ ngày 15/3/2024 đến ngày 14/6/2024" in hint.text()
    ime_type(box, "Trong kỳ ({ky_so_leu}), Sở tuyên truyền …")
    qtbot.keyClick(box, Qt.Key.Key_Tab)  # leaving the box shows its problems
    row = window.rows["truyen_thong_nd"]
    qtbot.waitUntil(lambda: row.issues_label.isVisible())
    assert "«{ky_so_leu}»: không phải chỗ điền tự động nào" in row.issues_label.text()
    box.selectAll()
    ime_type(box, "Trong kỳ ({ky_so_lieu}), Sở tuyên truyền …")
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not row.issues_label.isVisible())
    saved = store.load_report(window.report_id)
    assert saved.answers["truyen_thong_nd"] == "Trong kỳ ({ky_so_lieu}), Sở tuyên truyền …"
    text = docx_text(render_report(saved).data)
    assert "Trong kỳ (số liệu từ ngày 15/3/2024 đến ngày 14/6/2024), Sở tuyên truyền …" in text
