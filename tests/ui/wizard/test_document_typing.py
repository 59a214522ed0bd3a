"""The «Văn bản» step's one-line boxes (Số, Lưu, the signer's titles and name) while typed in.

They had no hand-over: what was typed reached the session (and the disk) only when the box was
left, so a power cut took everything typed there since entering it. They now hand over as every
other box does (``ui.typing_boxes.LineTyping``): after a pause, at the latest every few seconds
of steady typing, when left (or Enter, Ctrl+S), and are never written into while typed in.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

import ui.typing_boxes
from desktop_app.report.session import REVIEW, SECTION_STATE_LABELS
from desktop_app.storage import Store
from tests.ui.wizard.test_ime_typing import HANDED_OVER, commit
from tests.ui.wizard.test_wizard_flow import leave, open_wizard, seed_report, start_report
from ui.wizard import WizardWindow
from ui.wizard.pages import DOCUMENT_STEP, REVIEW_STEP

MONTHLY = "003_bc5ae3b32bd5b2c1"  # its signer signs «KT. CHỦ TỊCH»: every signer box is open
SIGNER = "nguoi_ky_"
DB = "soanbaocao.db"  # the store fixture's file
# Each box, what it holds already, and what the official types after it (digits for Số).
BOXES = {
    "so": ("1", "2024052024061234567890123"),
    "luu": ("VT", ", NC-KSTT, Phòng Tư pháp, Hương"),
    "nguoi_ky_chuc_vu_thu_truong": ("CHỦ", " TỊCH ỦY BAN NHÂN DÂN XÃ MỸ HÒA"),
    "nguoi_ky_chuc_vu": ("PHÓ", " CHỦ TỊCH THƯỜNG TRỰC ỦY BAN"),
    "nguoi_ky_ho_ten": ("Nguyễn", " Thị Thanh Hương Trần Quốc Toàn"),
}


def on_disk(db: Path, report_id: int, name: str) -> str:
    """What the database file holds for the box now, read as another program would."""
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        (data,) = conn.execute("SELECT data FROM reports WHERE id = ?", [report_id]).fetchone()
    finally:
        conn.close()
    document = json.loads(data)["document"]
    if name.startswith(SIGNER):
        return str(document["nguoi_ky"][name.removeprefix(SIGNER)])
    return str(document[name])


def given(window: WizardWindow, name: str, text: str) -> None:
    """The report already holds ``text`` in the box (typed on another day)."""
    session = window.session
    if name.startswith(SIGNER):
        signer = replace(session.document.nguoi_ky, **{name.removeprefix(SIGNER): text})
        assert session.set_signer(signer).ok
    else:
        assert session.set_document(**{name: text}).ok


def opened(qtbot: Any, store: Store, name: str, already: str) -> tuple[WizardWindow, QLineEdit]:
    """The wizard at the box holding ``already``, the cursor at its end."""
    window = open_wizard(qtbot, store, start_report(store, seed_report(MONTHLY)))
    window.go_to_field("nguoi_ky" if name.startswith(SIGNER) else name)  # the step and its box
    given(window, name, already)
    edit = window.document_page.findChild(QLineEdit, name)
    assert edit.text() == already and edit.isEnabled()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    edit.setCursorPosition(len(already))
    return window, edit


def key(qtbot: Any, edit: QLineEdit, letter: str) -> None:
    """One key: a digit pressed, a letter as the input method commits it."""
    if letter.isascii() and letter.isdigit():
        qtbot.keyClicks(edit, letter)
    else:
        commit(edit, letter)


@pytest.mark.parametrize("name", list(BOXES))
def test_typing_steadily_reaches_the_disk_without_leaving_the_box(
    qtbot: Any, store: Store, tmp_path: Path, vietnamese: object, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A key every 200 ms and never a pause (the pause is made an hour long): what is typed
    reaches the database file all the same, and the box is never written into — the spaces
    the session trims off the end stay, the cursor stays where the official types."""
    monkeypatch.setattr(ui.typing_boxes, "IDLE_COMMIT_MS", 3_600_000)
    already, typing = BOXES[name]
    window, edit = opened(qtbot, store, name, already)
    typed = already
    stored = []
    for letter in typing:
        key(qtbot, edit, letter)
        typed += letter
        qtbot.wait(200)
        assert edit.text() == typed and edit.cursorPosition() == len(typed), "the box was written into"
        stored.append(on_disk(tmp_path / DB, window.report_id, name))
    assert QApplication.focusWidget() is edit
    handed_over = [text for text in stored if text != already]
    assert handed_over, "nothing typed reached the disk while the box was typed in"
    assert all(typed.startswith(text) for text in handed_over)
    assert not window.document_page.so_refusal_label.isVisibleTo(window.document_page)


@pytest.mark.parametrize("name", list(BOXES))
def test_typing_undone_after_a_hand_over_is_saved_as_the_box_reads(
    qtbot: Any, store: Store, tmp_path: Path, vietnamese: object, name: str
) -> None:
    """Handed over in a pause, then Ctrl+Z back to what the box held: Qt thinks the box is
    unchanged, yet the report had the typing and must lose it again when the box is left."""
    already, typing = BOXES[name]
    window, edit = opened(qtbot, store, name, already)
    for letter in typing[:4]:
        key(qtbot, edit, letter)
    qtbot.waitUntil(
        lambda: on_disk(tmp_path / DB, window.report_id, name) == (already + typing[:4]).strip(),
        timeout=HANDED_OVER,
    )
    while edit.isUndoAvailable():
        qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == already
    qtbot.wait(1000)  # a pause after the undo
    leave(edit)
    assert on_disk(tmp_path / DB, window.report_id, name) == already
    assert edit.text() == already


def test_a_wrong_number_is_refused_when_the_box_is_left_never_while_typing(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """The official types the whole «05/BC-UBND» into Số, pausing between its parts: the digits
    are handed over, nothing is said while typing; leaving the box says what is wrong; a pause
    after correcting it takes the refusal back."""
    window, edit = opened(qtbot, store, "so", "")
    page = window.document_page
    refusal = page.so_refusal_label
    for piece in ("05", "/", "BC", "-UBND"):
        qtbot.keyClicks(edit, piece)
        qtbot.wait(1000)  # a pause: a hand-over, or its attempt
        assert edit.text().endswith(piece) and edit.cursorPosition() == len(edit.text())
        assert not refusal.isVisibleTo(page) and not window.session.refusals(), f"refused after «{piece}»"
        assert "chưa nhận" not in page.issue_labels[("period", "so", "ngay", "dem_hai_chu_so")].text()
    assert window.session.document.so == "05"  # kept in a pause, printed until the box is left
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.text() == "05/BC-UBND"  # as typed, to be corrected
    assert refusal.isVisibleTo(page) and "chỉ gồm chữ số" in refusal.text()
    assert [r.field for r in window.session.refusals()] == ["so"]
    # the step list says it too: it read «Chưa làm» and «0 lỗi» (a refusal keeps no edit)
    assert "1 lỗi" in step_text(window, REVIEW_STEP)
    assert step_text(window, DOCUMENT_STEP).endswith(SECTION_STATE_LABELS[REVIEW])
    edit.setFocus()
    edit.setCursorPosition(len(edit.text()))
    for _ in "/BC-UBND":
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: not refusal.isVisibleTo(page), timeout=HANDED_OVER)  # a pause
    assert not window.session.refusals() and window.session.document.so == "05"
    assert "0 lỗi" in step_text(window, REVIEW_STEP)


def step_text(window: WizardWindow, key: str) -> str:
    """The words of the step ``key`` in the wizard's list of steps."""
    index = next(i for i, step in enumerate(window.steps) if step.key == key)
    return window.step_list.item(index).text()


@pytest.mark.parametrize("name", list(BOXES))
def test_ctrl_s_while_typing_saves_what_the_box_holds(
    qtbot: Any, store: Store, tmp_path: Path, vietnamese: object, name: str
) -> None:
    """Ctrl+S at once after typing (no pause): «Đã lưu» must mean the box's text is saved."""
    already, typing = BOXES[name]
    window, edit = opened(qtbot, store, name, already)
    for letter in typing:
        key(qtbot, edit, letter)
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(tmp_path / DB, window.report_id, name) == (already + typing).strip()
    assert QApplication.focusWidget() is edit
