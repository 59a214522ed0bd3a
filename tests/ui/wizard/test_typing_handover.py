"""What is typed goes to the session while the official types (after a pause, and at least every
few seconds of steady typing: ``ui.typing_boxes.TypingTimer``); the box is never touched then.

An input method such as Windows' Vietnamese Telex shows the word being composed under the cursor
(a preedit string: «đán» before «đánh») and commits it at the space. The hand-over may fall in
the middle of such a word, and in the middle of the text (a word inserted in a sentence): the
box must keep its text, its cursor and the word being composed.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.storage import Store
from tests.ui.wizard.test_wizard_flow import ime_type, open_wizard, seed_report, start_report
from tests.ui.wizard.test_wizard_vietnamese import open_cell

BEFORE, AFTER = "Rà soát ", "thủ tục hành chính"  # typed first; then, between them:
INSERTED = "và đánh giá quy định về thủ tục, kiểm tra hồ sơ trực tuyến "
PLAN, REPORT = "004_dbb53274ea895b03", "003_bc5ae3b32bd5b2c1"
BOXES = {  # a box of each way of typing: the seed it opens, and what the report keeps of it
    "cell": (PLAN, lambda store, rid: store.load_report(rid).answers["nhiem_vu"][0]["noi_dung"]),
    "mo_dau": (REPORT, lambda store, rid: store.load_report(rid).answers.get("mo_dau")),
    "ds_tthc_kien_nghi": (REPORT, lambda store, rid: store.load_report(rid).answers.get("ds_tthc_kien_nghi")),
    "trich_yeu": (REPORT, lambda store, rid: store.load_report(rid).document.trich_yeu),
}


def compose(box: QWidget, preedit: str) -> None:
    QApplication.sendEvent(box, QInputMethodEvent(preedit, []))


def shown(box: Any) -> str:
    return str(box.toPlainText() if hasattr(box, "toPlainText") else box.text())


def cursor_at(box: Any) -> int:
    return int(box.textCursor().position() if hasattr(box, "textCursor") else box.cursorPosition())


def composing(box: Any) -> str:
    """The word the input method is composing, as a text box shows it under the cursor."""
    return str(box.textCursor().block().layout().preeditAreaText())


def opened(qtbot: Any, store: Store, name: str) -> tuple[Any, Any]:
    window = open_wizard(qtbot, store, start_report(store, seed_report(BOXES[name][0])))
    if name == "cell":
        window.go_to_field("nhiem_vu")
        return window, open_cell(qtbot, window, 0, 2)
    window.go_to_field(name)
    box = window.findChild(QWidget, name)
    box.setFocus()
    return window, box


@pytest.mark.parametrize("name", list(BOXES))
def test_typing_steadily_in_the_middle_is_handed_over_and_the_box_left_alone(
    qtbot: Any, store: Store, name: str
) -> None:
    window, box = opened(qtbot, store, name)
    stored = BOXES[name][1]
    ime_type(box, BEFORE + AFTER)
    if hasattr(box, "textCursor"):
        cursor = box.textCursor()
        cursor.setPosition(len(BEFORE))
        box.setTextCursor(cursor)
    else:
        box.setCursorPosition(len(BEFORE))
    typed = ""
    handed_over = []
    for word in INSERTED.split(" ")[:-1]:
        for end in range(1, len(word) + 1):  # the word composed letter by letter, a key every 60 ms
            compose(box, word[:end])
            qtbot.wait(60)
            handed_over.append(stored(store, window.report_id))
            assert shown(box) == BEFORE + typed + AFTER, f"rewritten while «{word[:end]}» was composed"
            assert cursor_at(box) == len(BEFORE + typed), "the cursor moved while typing"
            if hasattr(box, "textCursor"):
                assert composing(box) == word[:end], "the word being composed was dropped"
        ime_type(box, word + " ")  # the space commits the word
        typed += word + " "
        qtbot.wait(60)
    assert shown(box) == BEFORE + INSERTED + AFTER
    assert any(text and "và" in text for text in handed_over), "nothing was handed over while typing"
    window.close()
