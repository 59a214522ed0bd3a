"""The review page shows what the content check finds, goes to each place, and corrects period words.

The report is seed 001 re-used for xã Tân Phú's quý III/2025 (tests/fixtures/content), in a real
database, in the real wizard, with the app's Vietnamese translation loaded; buttons are pressed
with the keyboard.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from desktop_app.report.answers import load_answer_file
from desktop_app.report.checks import Issue
from desktop_app.report.content import Fix
from desktop_app.storage import Store
from tests.ui.wizard.test_wizard_flow import click_step, ime_type, leave, open_wizard
from tests.ui.wizard.test_wizard_screens import shoot, shots_dir
from ui.wizard import WizardWindow
from ui.wizard.document_page import LinesEdit
from ui.wizard.fields import ParagraphsField

REUSED = Path(__file__).resolve().parents[2] / "fixtures" / "content" / "001_quy3_2025_xa_tan_phu.json"
OLD, NEW = "quý II năm 2024", "quý III năm 2025"


def reused_wizard(qtbot: Any, store: Store) -> WizardWindow:
    report = load_answer_file(REUSED)
    unit_id = store.add_unit(report.unit)
    report_id = store.create_report(unit_id, replace(report, sources={}, previous={}))
    return open_wizard(qtbot, store, report_id)


def go_to_review(qtbot: Any, window: WizardWindow) -> None:
    click_step(qtbot, window, len(window.steps) - 1)
    QApplication.processEvents()


def row_of(window: WizardWindow, words: str) -> QWidget:
    """The review page's row whose message holds ``words``."""
    page = window.review_page
    label = next(w for w in page.issues_box.findChildren(QLabel) if words in w.text())
    row = label.parentWidget()
    assert row is not None
    return row


def press(qtbot: Any, button: QPushButton) -> None:
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the rows of the list rebuilt


def test_the_findings_are_listed_with_their_links(qtbot: Any, store: Store, vietnamese: object) -> None:
    window = reused_wizard(qtbot, store)
    go_to_review(qtbot, window)
    texts = [w.text() for w in window.review_page.issues_box.findChildren(QLabel)]
    for words in ("«Trích yếu»: «quý II năm 2024»", "«xã Sơn Nham»", "«UBND huyện»", "05/9/2025", "2237"):
        assert any(words in t for t in texts), words
    row = row_of(window, "«Trích yếu»: «quý II năm 2024»")
    go = next(b for b in row.findChildren(QPushButton) if b.text() == "Đến chỗ sửa")
    press(qtbot, go)
    assert window.current_step.title == "Văn bản"
    assert QApplication.focusWidget() is window.findChild(LinesEdit, "trich_yeu")
    assert "quý II năm 2024" in window.document_page.issue_labels[("trich_yeu",)].text()
    go_to_review(qtbot, window)
    row = row_of(window, "«Câu kết»")
    go = next(b for b in row.findChildren(QPushButton) if b.text() == "Đến chỗ sửa")
    press(qtbot, go)
    assert QApplication.focusWidget().objectName() == "ket_luan"


def test_the_one_click_fix_edits_saves_and_undoes(
    qtbot: Any, store: Store, vietnamese: object, tmp_path: Path
) -> None:
    window = reused_wizard(qtbot, store)
    report_id = window.report_id
    go_to_review(qtbot, window)
    shoot(window, shots_dir(tmp_path), "wizard_xem_lai_noi_dung")
    fix_button = next(
        b for b in row_of(window, "«Câu kết»").findChildren(QPushButton) if b.objectName().startswith("sua_")
    )
    assert fix_button.text() == f"Sửa thành «{NEW}»"
    press(qtbot, fix_button)
    saved = store.load_report(report_id)
    assert (
        saved.answers["ket_luan"]
        == f"Trên đây là Báo cáo công tác kiểm soát TTHC {NEW}, UBND xã kính báo cáo./."
    )
    assert not [w for w in window.review_page.issues_box.findChildren(QLabel) if "«Câu kết»" in w.text()]
    fixes = window.review_page.text_fixes
    assert fixes.isVisible() and f"Đã sửa «{OLD}» thành «{NEW}»" in fixes.done_label.text()
    assert QApplication.focusWidget() is fixes.undo_button
    shoot(window, shots_dir(tmp_path), "wizard_xem_lai_da_sua")
    assert [r.kind_label for r in store.revisions(report_id)][-1]  # kept in the report's history

    qtbot.keyClick(fixes.undo_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # a button's shortcut presses it, then releases it a moment later
    qtbot.waitUntil(
        lambda: store.load_report(report_id).answers["ket_luan"].endswith(f"{OLD}, UBND xã kính báo cáo./.")
    )
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not fixes.isVisible()
    assert any("«Câu kết»" in w.text() for w in window.review_page.issues_box.findChildren(QLabel))

    subject = next(
        b
        for b in row_of(window, "«Trích yếu»").findChildren(QPushButton)
        if b.objectName().startswith("sua_")
    )
    press(qtbot, subject)
    assert store.load_report(report_id).document.trich_yeu.endswith(f"trong {NEW}")
    window.close()
    assert store.load_report(report_id).document.trich_yeu.endswith(f"trong {NEW}")


def test_an_undo_never_loses_what_was_typed_after_the_fix(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    window = reused_wizard(qtbot, store)
    go_to_review(qtbot, window)
    fixes = window.review_page.text_fixes
    issue = next(i for i in window.session.issues() if i.fix and i.fields == ("ket_luan",))
    assert issue.fix is not None and fixes.apply(issue.fix).ok
    window.session.set_text("ket_luan", "Câu kết viết lại.")
    fixes.undo()
    assert store.load_report(window.report_id).answers["ket_luan"] == "Câu kết viết lại."
    assert "Lịch sử các lần lưu" in window.statusBar().currentMessage() and not fixes.isVisible()


def test_a_fix_that_no_longer_fits_is_refused_in_words(qtbot: Any, store: Store, vietnamese: object) -> None:
    window = reused_wizard(qtbot, store)
    go_to_review(qtbot, window)
    issue = next(i for i in window.session.issues() if i.fix and i.fields == ("ket_luan",))
    window.session.set_text("ket_luan", "Trên đây là báo cáo.")
    assert issue.fix is not None
    result = window.review_page.text_fixes.apply(issue.fix)
    assert not result.ok and "đã được sửa" in window.statusBar().currentMessage()
    assert store.load_report(window.report_id).answers["ket_luan"] == "Trên đây là báo cáo."


def test_a_recipient_of_the_district_level_is_removed_in_one_press(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    window = reused_wizard(qtbot, store)
    go_to_review(qtbot, window)
    row = row_of(window, "«Nơi nhận, dòng 1»: «UBND huyện»")
    remove = next(b for b in row.findChildren(QPushButton) if b.objectName().startswith("sua_"))
    assert remove.text() == "Bỏ dòng này" and "UBND huyện (báo cáo)" in remove.toolTip()
    press(qtbot, remove)
    assert store.load_report(window.report_id).document.noi_nhan == ("CT, PCT UBND xã",)
    fixes = window.review_page.text_fixes
    assert "Đã bỏ dòng «UBND huyện (báo cáo)»" in fixes.done_label.text()
    assert not [w for w in window.review_page.issues_box.findChildren(QLabel) if "«Nơi nhận" in w.text()]


def test_enter_presses_the_fix_the_undo_and_the_link(qtbot: Any, store: Store, vietnamese: object) -> None:
    """An official who Tabs to a button presses Enter, not Space: each of the review page's
    buttons answers it (outside a dialog, Qt's buttons take only Space)."""
    window = reused_wizard(qtbot, store)
    report_id = window.report_id
    go_to_review(qtbot, window)

    def enter(button: QPushButton) -> None:
        button.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(button, Qt.Key.Key_Return)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    fix_button = next(
        b for b in row_of(window, "«Câu kết»").findChildren(QPushButton) if b.objectName().startswith("sua_")
    )
    enter(fix_button)
    assert store.load_report(report_id).answers["ket_luan"].endswith(f"{NEW}, UBND xã kính báo cáo./.")
    fixes = window.review_page.text_fixes
    assert QApplication.focusWidget() is fixes.undo_button
    enter(fixes.undo_button)
    assert store.load_report(report_id).answers["ket_luan"].endswith(f"{OLD}, UBND xã kính báo cáo./.")
    go = next(b for b in row_of(window, "«Câu kết»").findChildren(QPushButton) if b.text() == "Đến chỗ sửa")
    enter(go)
    assert QApplication.focusWidget().objectName() == "ket_luan"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # a text box keeps its own Enter
    assert store.load_report(report_id).answers["ket_luan"].endswith(f"{OLD}, UBND xã kính báo cáo./.")


def test_the_link_of_a_finding_with_a_fix_selects_its_words(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """«Đến chỗ sửa» of «quý II năm 2024» in paragraph 6 of a long text puts the cursor on those
    words, not at the top of the box: the official sees at once what to change."""
    window = reused_wizard(qtbot, store)
    go_to_review(qtbot, window)
    issue = next(i for i in window.session.issues() if i.fix and i.fields == ("mot_cua_nd",))
    assert issue.fix is not None and issue.fix.path == (5,)
    row = row_of(window, issue.message)
    go = next(b for b in row.findChildren(QPushButton) if b.text() == "Đến chỗ sửa")
    press(qtbot, go)
    box = QApplication.focusWidget()
    assert isinstance(box, ParagraphsField) and box.objectName() == "mot_cua_nd"
    cursor = box.textCursor()
    assert cursor.selectedText() == "quý II năm 2024" and cursor.blockNumber() == 5
    ime_type(box, "quý III năm 2025")  # typing replaces the words, as after a double click
    leave(box)
    assert box.document().findBlockByNumber(5).text().count("quý III năm 2025") == 1
    assert "quý III năm 2025" in store.load_report(window.report_id).answers["mot_cua_nd"].splitlines()[5]


def test_tab_from_the_top_of_the_review_page_reaches_the_findings_before_quay_lai(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """The findings' buttons are made again at each refresh; Tab still takes them in the order of
    the page, after the buttons above them and before the wizard's «Quay lại»."""
    window = reused_wizard(qtbot, store)
    go_to_review(qtbot, window)
    page = window.review_page
    first_row_button = page.issues_box.findChildren(QPushButton)[0]
    page.produce_button.setFocus(Qt.FocusReason.TabFocusReason)
    met: list[QWidget] = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        met.append(QApplication.focusWidget())
        if met[-1] is first_row_button or met[-1] is window.back_button:
            break
    assert met[-1] is first_row_button, [w.objectName() for w in met]


def test_a_fix_taking_out_some_words_is_not_called_removing_the_line(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """Only a fix that takes out a whole line reads «Bỏ dòng này»; one that takes out some words of
    a line says which words."""
    window = reused_wizard(qtbot, store)
    go_to_review(qtbot, window)
    line = window.session.document.noi_nhan[0]
    words = Fix("noi_nhan", (0,), 0, 4, line[:4], "")
    whole = Fix("noi_nhan", (0,), 0, len(line), line, "")
    fixes, row = window.review_page.text_fixes, row_of(window, "«Nơi nhận, dòng 1»")
    labels = []
    for n, fix in enumerate((words, whole)):
        issue = Issue(("noi_nhan",), "warning", "thử", "cap_huyen", fix)
        button = fixes.add_button(row, issue, f"thu_{n}")
        assert button is not None
        labels.append(button.text())
    assert labels == [f"Xóa «{line[:4]}»", "Bỏ dòng này"]


def test_a_total_that_disagrees_with_its_parts_is_set_to_their_sum_in_one_click(
    qtbot: Any, store: Store, vietnamese: object, tmp_path: Path
) -> None:
    """«Hồ sơ đã giải quyết» typed 260 over parts adding to 251 (249 early, 0 on time, 2 late): the
    error comes with «Sửa thành «251»», which sets the total as if typed, saved and undoable."""
    report = load_answer_file(REUSED)
    report = report.with_answers({**report.answers, "hs_da_giai_quyet": 260})
    unit_id = store.add_unit(report.unit)
    report_id = store.create_report(unit_id, replace(report, sources={}, previous={}))
    window = open_wizard(qtbot, store, report_id)
    go_to_review(qtbot, window)
    row = row_of(window, "đã nhập là 260 nhưng các phần cộng lại")
    shoot(window, shots_dir(tmp_path), "wizard_xem_lai_tong_lech")
    fix_button = next(b for b in row.findChildren(QPushButton) if b.objectName().startswith("sua_"))
    assert fix_button.text() == "Sửa thành «251»"
    press(qtbot, fix_button)
    assert store.load_report(report_id).answers["hs_da_giai_quyet"] == 251
    assert not [w for w in window.review_page.issues_box.findChildren(QLabel) if "đã nhập là 260" in w.text()]
    fixes = window.review_page.text_fixes
    assert "Đã sửa «260» thành «251»" in fixes.done_label.text()
    qtbot.keyClick(fixes.undo_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: store.load_report(report_id).answers["hs_da_giai_quyet"] == 260)
