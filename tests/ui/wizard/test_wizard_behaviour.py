"""How the wizard behaves: steps, live sections, problems after leaving a field, pre-filled
values, the table editor, saving, closing, the keyboard, and a document that cannot be written.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop_app.report.answers import DocumentInfo
from desktop_app.report.kinds import load_kind
from desktop_app.report.periods import Period
from desktop_app.report.prefill import new_report
from desktop_app.storage import Store
from desktop_app.vnformat import format_number
from tests.ui.wizard.test_wizard_flow import (
    click_step,
    fill_sections,
    ime_type,
    open_wizard,
    seed_report,
    start_report,
    type_number,
)
from ui.resources import last_folder
from ui.typing_boxes import IDLE_COMMIT_MS
from ui.wizard import WizardWindow
from ui.wizard.document_page import LinesEdit
from ui.wizard.fields import FIELD_WIDGETS, DateField, ParagraphsField
from ui.wizard.pages import DOCUMENT_STEP, REVIEW_STEP, build_steps
from ui.wizard.table_editor import TableEditor

KSTTHC_SO = "000_a555c7217f5d5664"
MONTHLY = "003_bc5ae3b32bd5b2c1"


def wizard(qtbot: Any, store: Store, seed_name: str = KSTTHC_SO) -> WizardWindow:
    return open_wizard(qtbot, store, start_report(store, seed_report(seed_name)))


def row_of(window: WizardWindow, field_id: str) -> Any:
    return window.rows[field_id]


# ---------------------------------------------------------------- pure parts


def test_steps_come_from_the_kind_file() -> None:
    steps = build_steps(load_kind("bao_cao_thang_cctthc"))
    by_key = {s.key: s for s in steps}
    assert by_key["ket_qua"].header and by_key["danh_gia_chung"].header
    assert by_key["quy_dinh_tthc"].sections == (
        "quy_dinh_tthc",
        "danh_gia_tac_dong",
        "cat_giam",
        "cat_giam_nq68",
        "tthc_noi_bo",
        "ban_hanh_tthc",
    )
    assert by_key["quy_dinh_tthc"].indent == 1 and by_key["muc_nhiem_vu"].indent == 0
    assert [s.key for s in steps[-2:]] == [DOCUMENT_STEP, REVIEW_STEP]
    plan = [s.title for s in build_steps(load_kind("ke_hoach_kstthc"))]
    assert plan[:3] == ["Căn cứ xây dựng kế hoạch", "Mục đích và yêu cầu", "Mục đích"]


def test_every_field_type_has_a_widget() -> None:
    from desktop_app.report.kinds import FIELD_TYPES

    assert set(FIELD_WIDGETS) == set(FIELD_TYPES)


# ---------------------------------------------------------------- fields and sections


def test_sections_appear_and_disappear_live(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)  # a Sở: part II (one-stop shop) is hidden
    part_two = next(i for i, s in enumerate(window.steps) if s.key == "mot_cua_xa")
    assert window.step_list.item(part_two).isHidden()
    window.go_to_field("phan_mot_cua")
    choice = window.findChild(QComboBox, "phan_mot_cua")
    choice.setCurrentIndex(choice.findData("co"))
    assert not window.step_list.item(part_two).isHidden()
    assert not window.step_list.item(part_two + 1).isHidden()
    choice.setCurrentIndex(choice.findData("khong"))
    assert window.step_list.item(part_two).isHidden()

    monthly = wizard(qtbot, store, MONTHLY)
    monthly.go_to_field("co_cap_huyen")
    assert not row_of(monthly, "hs_tiep_nhan_huyen").isVisible()
    qtbot.mouseClick(monthly.findChild(QCheckBox, "co_cap_huyen"), Qt.MouseButton.LeftButton)
    assert row_of(monthly, "hs_tiep_nhan_huyen").isVisible()


def test_a_commune_is_asked_for_its_own_levels_figures_only(qtbot: Any, store: Store) -> None:
    """A commune's monthly report of August 2025: the «Cấp xã» figures, typed with the keys;
    no «Cấp tỉnh» row to fill in, and nothing required of it."""
    seed = seed_report(MONTHLY)
    unit = replace(
        seed.unit, co_quan="UBND XÃ HÒA BÌNH", ten="UBND xã Hòa Bình", dia_danh="Hòa Bình", cap="xa"
    )
    window = open_wizard(
        qtbot, store, start_report(store, replace(seed, unit=unit, period=Period("thang", 2025, 8)))
    )
    window.go_to_field("hs_tiep_nhan_xa")
    assert not row_of(window, "hs_tiep_nhan_tinh").isVisible()
    assert not row_of(window, "tl_truoc_dung_han_tinh").isVisible()
    for field_id, number in (
        ("hs_tiep_nhan_xa", 30),
        ("hs_da_giai_quyet_xa", 28),
        ("hs_truoc_dung_han_xa", 27),
        ("hs_dang_giai_quyet_xa", 2),
    ):
        assert row_of(window, field_id).isVisible()
        type_number(qtbot, window.findChild(QLineEdit, field_id), number)
        qtbot.keyClick(window.findChild(QLineEdit, field_id), Qt.Key.Key_Tab)
    assert window.session.report.answers["hs_da_giai_quyet_xa"] == 28
    problems = {f for issue in window.session.issues() for f in issue.fields}
    assert not problems & {
        "hs_tiep_nhan_tinh",
        "hs_da_giai_quyet_tinh",
        "hs_tiep_nhan_xa",
        "hs_da_giai_quyet_xa",
    }


def test_problems_show_after_leaving_the_field_not_while_typing(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)
    window.go_to_field("hs_truoc_han")
    type_number(qtbot, window.findChild(QLineEdit, "hs_truoc_han"), 10)
    total = window.findChild(QLineEdit, "hs_da_giai_quyet")
    total.setFocus()
    total.selectAll()
    qtbot.keyClicks(total, "2")  # still typing: nothing judged yet
    assert not row_of(window, "hs_da_giai_quyet").issues_label.isVisible()
    qtbot.keyClick(total, Qt.Key.Key_Tab)
    label = row_of(window, "hs_da_giai_quyet").issues_label
    assert label.isVisible() and label.text().startswith("⚠ Lỗi:")
    item = window.step_list.item(window.step_list.currentRow())
    assert item.text().endswith("Cần xem lại")


def test_a_refused_number_stays_as_typed_with_the_reason(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)
    window.go_to_field("hs_qua_han")
    edit = window.findChild(QLineEdit, "hs_qua_han")
    qtbot.keyClicks(edit, "4a")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "4a"
    refusal = row_of(window, "hs_qua_han").refusal_label
    assert refusal.isVisible() and "Không hiểu số" in refusal.text()
    assert "hs_qua_han" not in window.session.report.answers
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # Backspace is the widget's own
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert not refusal.isVisible() and window.session.report.answers["hs_qua_han"] == 4


def test_a_share_read_off_the_portal_is_typed_and_corrected_with_its_percent_sign(
    qtbot: Any, store: Store
) -> None:
    """The box shows «98,50%»: an official who puts the cursor on the 0 and types a 6 leaves
    «98,56%», and one who copies «97%» off the portal types the sign too; both are the share."""
    window = wizard(qtbot, store, MONTHLY)
    window.go_to_field("tl_cong_bo_dung_han")
    edit = window.findChild(QLineEdit, "tl_cong_bo_dung_han")
    type_over(qtbot, edit, "98,5", leave=True)
    assert edit.text() == "98,50%"
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End)
    qtbot.keyClick(edit, Qt.Key.Key_Left)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, "6")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert not row_of(window, "tl_cong_bo_dung_han").refusal_label.isVisible()
    assert store.load_report(window.report_id).answers["tl_cong_bo_dung_han"] == Decimal("98.56")
    assert edit.text() == "98,56%"
    window.go_to_field("tl_cong_khai_day_du")
    type_over(qtbot, window.findChild(QLineEdit, "tl_cong_khai_day_du"), "97 %", leave=True)
    assert store.load_report(window.report_id).answers["tl_cong_khai_day_du"] == Decimal("97")
    window.go_to_field("tthc_ban_hanh_moi")  # a count is no share: «5%» there is still refused
    count = window.findChild(QLineEdit, "tthc_ban_hanh_moi")
    type_over(qtbot, count, "5%", leave=True)
    assert "Không hiểu số" in row_of(window, "tthc_ban_hanh_moi").refusal_label.text()
    assert "tthc_ban_hanh_moi" not in window.session.report.answers


def online_dossiers_stored_as_1500(qtbot: Any, store: Store) -> tuple[WizardWindow, QLineEdit]:
    """A wizard whose «Hồ sơ mới tiếp nhận trực tuyến» was typed as 1.500, and that box."""
    window = wizard(qtbot, store)
    window.go_to_field("hs_moi_truc_tuyen")
    edit = window.findChild(QLineEdit, "hs_moi_truc_tuyen")
    type_over(qtbot, edit, "1.500", leave=True)
    return window, edit


def type_over(qtbot: Any, edit: QLineEdit, text: str, leave: bool = False) -> None:
    """Go to ``edit``, type ``text`` (ASCII) over what it holds, and press Tab when ``leave``."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    if leave:
        qtbot.keyClick(edit, Qt.Key.Key_Tab)


def test_a_refused_number_is_an_error_until_corrected_and_closing_asks_first(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    window, edit = online_dossiers_stored_as_1500(qtbot, store)
    stored = window.session.report.answers["hs_moi_truc_tuyen"]
    assert stored == 1500
    type_over(qtbot, edit, "12a", leave=True)
    [error] = [i for i in window.session.issues_for("hs_moi_truc_tuyen") if i.severity == "error"]
    assert "chưa nhận «12a»" in error.message and f"({format_number(stored)})" in error.message
    beside = row_of(window, "hs_moi_truc_tuyen").refusal_label.text()  # said on the page too
    assert beside.endswith("Văn bản vẫn dùng số đang lưu (1.500).")
    item = window.step_list.item(window.step_list.currentRow())
    assert item.text().endswith("Cần xem lại")
    seen: list[str] = []
    answer_next_box("Ở lại để sửa", seen)
    assert not window.close() and window.isVisible()  # the official stays to correct it
    assert "«Hồ sơ mới tiếp nhận trực tuyến»: «12a»" in seen[0]
    qtbot.waitUntil(lambda: window.focusWidget() is edit)  # taken back to the field
    window.activateWindow()  # the box gone (the offscreen platform leaves no window active)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    type_over(qtbot, edit, "1.234", leave=True)
    assert not [i for i in window.session.issues() if i.code == "chua_nhan"]
    assert window.close()  # nothing refused left: no question
    assert store.load_report(window.report_id).answers["hs_moi_truc_tuyen"] == 1234


def test_closing_over_a_refused_number_keeps_the_stored_one(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    window, edit = online_dossiers_stored_as_1500(qtbot, store)
    stored = window.session.report.answers["hs_moi_truc_tuyen"]
    assert stored == 1500
    type_over(qtbot, edit, "97,5")  # a whole number is asked for; still typing when the window closes
    seen: list[str] = []
    answer_next_box("Đóng, giữ nội dung đã lưu", seen)
    assert window.close()
    assert "«97,5»" in seen[0]
    assert store.load_report(window.report_id).answers["hs_moi_truc_tuyen"] == stored


def test_edits_that_cannot_be_saved_are_never_lost_on_closing(
    qtbot: Any, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vietnamese: object
) -> None:
    """The database refuses writes (a read-only file, a full disk): the wizard says «Chưa lưu
    được» in Vietnamese, and closing asks first; the official stays, or writes the report as
    the wizard holds it to an answer file that imports again with the typed figure."""
    window = wizard(qtbot, store)
    window.go_to_field("hs_qua_han")
    edit = window.findChild(QLineEdit, "hs_qua_han")
    store.conn.execute("PRAGMA query_only = ON")  # SQLite refuses as for a read-only file
    qtbot.keyClicks(edit, "47")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert window.saved_label.text() == "Chưa lưu được!"
    assert "chỉ cho đọc" in window.statusBar().currentMessage()
    seen: list[str] = []
    answer_next_box("Ở lại", seen)
    assert not window.close() and window.isVisible()
    assert "chưa lưu được vào dữ liệu" in seen[0] and "chỉ cho đọc" in seen[0]
    answer_file = tmp_path / "giu_lai.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(answer_file), ""))
    answer_next_box("Ghi ra tệp trả lời…", seen)
    assert window.close()
    store.conn.execute("PRAGMA query_only = OFF")
    assert "hs_qua_han" not in store.load_report(window.report_id).answers  # never saved here
    copy = store.import_report(answer_file)
    assert store.load_report(copy).answers["hs_qua_han"] == 47


def test_a_refused_save_is_tried_again_until_the_file_takes_it(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """A full disk or a read-only file refused the save of a typed figure: once room is made (or
    the file writable again) it reaches the file by itself. It waited for another key, and an
    official who read «Chưa lưu được», made room and went on reading lost it to a power cut."""
    window = wizard(qtbot, store)
    window.go_to_field("hs_qua_han")
    edit = window.findChild(QLineEdit, "hs_qua_han")
    store.conn.execute("PRAGMA query_only = ON")  # SQLite refuses as for a read-only file
    qtbot.keyClicks(edit, "47")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert window.saved_label.text() == "Chưa lưu được!"
    store.conn.execute("PRAGMA query_only = OFF")  # room made: no key pressed since
    qtbot.waitUntil(lambda: "hs_qua_han" in store.load_report(window.report_id).answers, timeout=60_000)
    assert store.load_report(window.report_id).answers["hs_qua_han"] == 47
    assert window.saved_label.text().startswith("Đã lưu lúc") and not window.unsaved
    window.close()


def answer_next_box(button_text: str, seen: list[str]) -> None:
    """Click the button of the next message box whose text (without its "&") is ``button_text``."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        seen.append(box.text())
        [button] = [b for b in box.buttons() if b.text().replace("&", "") == button_text]
        button.click()

    QTimer.singleShot(0, poll)


def test_a_report_opens_again_at_the_page_it_was_closed_at(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    window = wizard(qtbot, store)
    first = window.current_step.key
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # «Tiếp»
    left_at = window.current_step.key
    assert left_at != first
    assert window.close()
    again = open_wizard(qtbot, store, window.report_id)
    assert again.current_step.key == left_at
    other = open_wizard(qtbot, store, start_report(store, seed_report(KSTTHC_SO)))
    assert other.current_step.key == first  # another report starts at the beginning


def test_a_number_is_autosaved_during_a_pause_without_being_rewritten_or_judged(
    qtbot: Any, store: Store
) -> None:
    window = wizard(qtbot, store)
    window.go_to_field("hs_moi_truc_tuyen")
    edit = window.findChild(QLineEdit, "hs_moi_truc_tuyen")
    edit.setFocus()
    qtbot.keyClicks(edit, "22278")
    qtbot.waitUntil(lambda: store.load_report(window.report_id).answers.get("hs_moi_truc_tuyen") == 22278)
    assert edit.hasFocus() and edit.text() == "22278"  # not reformatted under the cursor
    qtbot.keyClicks(edit, "x")  # half-typed: not a number yet
    qtbot.wait(IDLE_COMMIT_MS + 300)
    assert not row_of(window, "hs_moi_truc_tuyen").refusal_label.isVisible()  # nothing said while typing
    assert store.load_report(window.report_id).answers["hs_moi_truc_tuyen"] == 22278
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.text() == "22.278"  # read the Vietnamese way once the official has left it


def test_totals_and_shares_update_live_and_shares_are_read_only(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store, MONTHLY)
    window.go_to_field("hs_da_giai_quyet_tinh")
    type_number(qtbot, window.findChild(QLineEdit, "hs_da_giai_quyet_tinh"), 200)
    type_number(qtbot, window.findChild(QLineEdit, "hs_truoc_dung_han_tinh"), 150)
    share = window.findChild(QLineEdit, "tl_truoc_dung_han_tinh")
    assert share.isReadOnly() and share.text() == "75%"
    assert row_of(window, "tl_truoc_dung_han_tinh").badge_label.text() == "Tự tính"
    window.go_to_field("tthc_dvctt_mot_phan")
    type_number(qtbot, window.findChild(QLineEdit, "tthc_dvctt_mot_phan"), 1200)
    type_number(qtbot, window.findChild(QLineEdit, "tthc_dvctt_toan_trinh"), 34)
    assert window.findChild(QLineEdit, "tthc_tong_so").text() == "1.234"
    assert row_of(window, "tthc_tong_so").badge_label.text() == "Tự cộng từ các số trên"


def test_tab_steps_over_the_shares_the_app_computes(qtbot: Any, store: Store) -> None:
    """Five computed shares stand after the last figure of «Tiếp nhận, giải quyết TTHC»: Tab goes
    from that figure to the text below them, not through five boxes nobody can type in."""
    window = wizard(qtbot, store)
    window.go_to_field("hs_so_hoa_ket_qua")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert not focused.objectName().startswith("tl_")
    assert window.findChild(ParagraphsField, "giai_quyet_tthc_nd").isAncestorOf(focused) or (
        focused.objectName() == "giai_quyet_tthc_nd"
    )


def test_a_roll_ups_gathered_texts_are_not_said_to_come_from_the_previous_period(
    qtbot: Any, store: Store
) -> None:
    """The units' texts gathered under «Cần xem lại» came from the units (and the parent's other
    values, maybe, from its previous report): the words next to them say so."""
    from tests.core.document.test_rollup_forms import rolled
    from tests.rollup_data import departments

    report = rolled(departments())
    unit_id = store.add_unit(report.unit)
    window = open_wizard(qtbot, store, store.create_report(unit_id, report))
    window.go_to_field("danh_gia_chung_nd")
    row = row_of(window, "danh_gia_chung_nd")
    assert row.badge_label.text() == "Lấy từ đơn vị hoặc kỳ trước, hãy kiểm tra"
    page = window.stack.currentWidget()
    assert page.keep_button.text() == "Đã xem: &giữ các giá trị lấy từ đơn vị hoặc kỳ trước trên trang này"


def test_producing_a_roll_up_whose_texts_are_still_marked_asks_first(
    qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«Tạo văn bản» on a roll-up whose units' texts are not condensed yet: one question (the marks
    and every unit's words would print), «Để biên tập trước» by default; «Vẫn tạo» goes on."""
    from tests.core.document.test_rollup_forms import rolled
    from tests.rollup_data import departments
    from tests.ui.test_settings_dialog import answer_next_question

    report = rolled(departments())
    unit_id = store.add_unit(report.unit)
    window = open_wizard(qtbot, store, store.create_report(unit_id, report))
    asked: list[object] = []
    monkeypatch.setattr(window.review_page, "ask_path", lambda suggested=None: asked.append(suggested))
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, seen)
    window.review_page.produce_document()
    assert (
        seen
        and seen[0].startswith("Còn 10 mục chữ gộp từ báo cáo các đơn vị, chưa biên tập lại: «")
        and asked == []
    )
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    window.review_page.produce_document()
    assert len(seen) == 2 and asked == [None]


def test_carried_values_are_marked_until_touched_and_can_be_reset(qtbot: Any, store: Store) -> None:
    previous = seed_report(KSTTHC_SO)
    unit_id = store.add_unit(previous.unit)
    report = new_report(previous.kind, Period("quy", 2024, 3), previous.unit, DocumentInfo(), previous).report
    window = open_wizard(qtbot, store, store.create_report(unit_id, report))
    window.go_to_field("tthc_quan_ly")
    row = row_of(window, "tthc_quan_ly")
    assert row.badge_label.text() == "Lấy từ kỳ trước, hãy kiểm tra"
    assert row.previous_label.text() == "Kỳ trước: 9 · không đổi so với kỳ trước"
    assert not row.reset_button.isVisible()
    type_number(qtbot, window.findChild(QLineEdit, "tthc_quan_ly"), 12)
    assert not row.badge_label.isVisible() and row.reset_button.isVisible()
    assert row.previous_label.text().startswith("Kỳ trước: 9 · tăng 3")
    qtbot.mouseClick(row.reset_button, Qt.MouseButton.LeftButton)
    assert window.findChild(QLineEdit, "tthc_quan_ly").text() == "9"
    assert row.badge_label.isVisible() and store.load_report(window.report_id).answers["tthc_quan_ly"] == 9

    # the page says it needs a look until the official keeps what was carried
    window.go_to_field("tthc_dia_phuong")
    type_number(qtbot, window.findChild(QLineEdit, "tthc_dia_phuong"), 9)  # the seed's slip (04) mended
    step = window.step_list.currentItem()
    assert step.text().endswith("Cần xem lại")
    keep = window.stack.currentWidget().findChild(QPushButton, "giu_ky_truoc")
    assert keep.isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # «Đã xem: giữ»
    qtbot.waitUntil(lambda: not keep.isVisible())  # a button's Alt key clicks it a moment after
    assert not row.badge_label.isVisible()
    assert store.load_report(window.report_id).sources["tthc_quan_ly"] == "typed"
    assert step.text().endswith("Đã xong")


def test_table_editor_rows(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store, "004_dbb53274ea895b03")
    window.go_to_field("nhiem_vu")
    editor = window.findChild(TableEditor, "nhiem_vu")
    table = editor.table
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    table.item(0, 0).setText("Nhóm A")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    table.item(1, 1).setText("Mục tiêu B")
    qtbot.mouseClick(editor.copy_button, Qt.MouseButton.LeftButton)
    rows = window.session.report.answers["nhiem_vu"]
    assert [r["muc_tieu"] for r in rows] == ["", "Mục tiêu B", "Mục tiêu B"]
    table.item(2, 1).setText("Mục tiêu C")
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)  # C above B
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # C above the group
    rows = store.load_report(window.report_id).answers["nhiem_vu"]
    assert [r["nhom"] or r["muc_tieu"] for r in rows] == ["Mục tiêu C", "Nhóm A", "Mục tiêu B"]
    qtbot.keyClick(table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    rows = store.load_report(window.report_id).answers["nhiem_vu"]
    assert [r["nhom"] or r["muc_tieu"] for r in rows] == ["Mục tiêu B", "Nhóm A"]


# ---------------------------------------------------------------- saving, closing, keys


def test_paragraphs_are_autosaved_while_typing(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)
    window.go_to_field("mo_dau")
    edit = window.findChild(ParagraphsField, "mo_dau")
    ime_type(edit, "Thực hiện Thông tư số 01/2020/TT-VPCP")
    assert "mo_dau" not in store.load_report(window.report_id).answers
    qtbot.waitUntil(lambda: "mo_dau" in store.load_report(window.report_id).answers, timeout=3000)
    assert edit.hasFocus() and edit.textCursor().position() == len(edit.toPlainText())


def test_autosave_is_cheap(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)
    window.go_to_field("hs_moi_truc_tuyen")
    timings = []
    for n in range(1, 21):
        type_number(qtbot, window.findChild(QLineEdit, "hs_moi_truc_tuyen"), n)
        timings.append(window.last_save_ms)
    timings.sort()
    print(f"\nautosave (store.save_report): median {timings[10]:.1f} ms, max {timings[-1]:.1f} ms")
    # Autosaves within a few minutes share one revision; Ctrl+S keeps it as a save of its own,
    # so the next edit starts a new revision instead of overwriting what was saved.
    revisions = store.revisions(window.report_id)
    assert [r.kind for r in revisions] == ["tao", "tu_dong"]
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [r.kind for r in store.revisions(window.report_id)] == ["tao", "luu"]
    type_number(qtbot, window.findChild(QLineEdit, "hs_moi_truc_tuyen"), 21)
    assert [r.kind for r in store.revisions(window.report_id)] == ["tao", "luu", "tu_dong"]
    assert store.load_report(window.report_id).answers["hs_moi_truc_tuyen"] == 21


def test_ctrl_s_escape_and_closing_never_ask(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)
    window.go_to_field("hs_qua_han")
    edit = window.findChild(QLineEdit, "hs_qua_han")
    qtbot.keyClicks(edit, "7")
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage().startswith("Đã lưu lúc ")
    assert store.load_report(window.report_id).answers["hs_qua_han"] == 7
    qtbot.keyClicks(edit, "1")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible() and edit.text() == "71"
    window.close()
    assert QApplication.activeModalWidget() is None and not window.isVisible()
    assert store.load_report(window.report_id).answers["hs_qua_han"] == 71


def test_first_field_focused_and_review_links_go_back_to_the_field(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)
    index = next(i for i, s in enumerate(window.steps) if s.key == "giai_quyet_tthc")
    click_step(qtbot, window, index)
    assert QApplication.focusWidget() is window.findChild(QWidget, "hs_moi_truc_tuyen")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.findChild(QWidget, "hs_moi_truc_tiep")
    type_number(qtbot, window.findChild(QLineEdit, "hs_truoc_han"), 5)
    type_number(qtbot, window.findChild(QLineEdit, "hs_da_giai_quyet"), 4)
    window.go_to_step(len(window.steps) - 1)
    review = window.review_page
    errors = [b for b in review.findChildren(QWidget) if b.objectName().startswith("den_error_")]
    assert errors
    qtbot.mouseClick(errors[0], Qt.MouseButton.LeftButton)
    assert window.current_step.key == "giai_quyet_tthc"
    assert QApplication.focusWidget().objectName() in ("hs_da_giai_quyet", "hs_truoc_han")


def test_geometry_is_remembered(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)
    window.resize(760, 520)  # the offscreen screen is 800×600
    size = window.size()
    assert (size.width(), size.height()) == (760, 520)
    window.close()
    again = WizardWindow(store, window.report_id)
    qtbot.addWidget(again)
    assert again.size() == size


def test_a_document_that_cannot_be_written_leaves_the_data(
    qtbot: Any, store: Store, tmp_path: Path, monkeypatch: Any
) -> None:
    seed = seed_report(KSTTHC_SO)
    window = wizard(qtbot, store)
    fill_sections(qtbot, window, seed)
    before = store.load_report(window.report_id)
    folder_named_like_the_file = tmp_path / "bao-cao.docx"
    folder_named_like_the_file.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(folder_named_like_the_file), ""))
    window.go_to_step(len(window.steps) - 1)
    qtbot.mouseClick(window.findChild(QWidget, "tao_van_ban"), Qt.MouseButton.LeftButton)
    result = window.review_page.result_label
    qtbot.waitUntil(result.isVisible, timeout=60000)
    assert "là một thư mục" in result.text() and "không bị thay đổi" in result.text()
    assert not window.review_page.open_button.isVisible()
    assert store.outputs(window.report_id) == []
    assert store.load_report(window.report_id) == before
    assert last_folder() == tmp_path  # the file dialogs of the whole app start there next


def test_a_file_open_in_word_is_left_alone_and_another_name_offered(
    qtbot: Any, store: Store, tmp_path: Path, monkeypatch: Any
) -> None:
    window = wizard(qtbot, store)
    folder = tmp_path / "gửi đi"
    folder.mkdir()
    locked = folder / "bao-cao.docx"
    locked.write_bytes(b"the copy open in Word")
    real_replace = os.replace

    def replace_refusing_the_locked_file(src: Any, dst: Any) -> None:
        if Path(dst) == locked:  # what Windows does while Word holds the file
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_refusing_the_locked_file)
    offered: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (offered.append(a[2]) or a[2], ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.review_page.produce_document(suggested=locked)
    qtbot.waitUntil(lambda: bool(store.outputs(window.report_id)), timeout=60000)

    other = folder / "bao-cao-ban-2.docx"
    assert offered == [str(locked), str(other)]
    assert locked.read_bytes() == b"the copy open in Word"
    assert other.is_file() and window.review_page.output_path == other
    assert sorted(p.name for p in folder.iterdir()) == [other.name, locked.name]  # no temp file left


def test_document_step_previews_the_printed_lines(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)
    window.go_to_field("so")
    page = window.document_page
    so = page.findChild(QLineEdit, "so")
    qtbot.keyClicks(so, "5")
    qtbot.keyClick(so, Qt.Key.Key_Return)
    assert page.so_preview.text() == "Số: 05/BC-SNgV"
    qtbot.keyClicks(so, "a")
    qtbot.keyClick(so, Qt.Key.Key_Return)
    assert page.so_refusal_label.isVisible() and window.session.document.so == "5"
    [error] = [i for i in window.session.issues() if i.code == "chua_nhan"]  # printed as 05 until corrected
    assert error.message.startswith("«Số văn bản»: chưa nhận «5a».") and "Văn bản vẫn in «5»" in error.message
    qtbot.keyClick(so, Qt.Key.Key_Backspace)
    qtbot.keyClick(so, Qt.Key.Key_Return)
    assert not page.so_refusal_label.isVisible() and not window.session.refusals()
    assert page.noi_nhan_preview.text() == "Nơi nhận:\n- Như trên;\n- Lãnh đạo đơn vị;\n- Lưu: VT."
    assert window.session.document.ngay is None  # a new report: day and month for the clerk
    page.findChild(QCheckBox, "thang_de_trong").setChecked(False)
    assert window.session.document.ngay == (2024, 6)  # the month after the cut-off (14/6)
    page.findChild(QCheckBox, "ngay_de_trong").setChecked(False)
    assert window.session.document.ngay == date(2024, 6, 17)  # Monday after Friday 14/6
    page.date_edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(page.date_edit, "05062024")
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Return)
    assert page.date_preview.text() == "Kiên Giang, ngày 05 tháng 6 năm 2024"
    signer = page.findChild(QLineEdit, "nguoi_ky_ho_ten")
    signer.setFocus()
    ime_type(signer, "Nguyễn Văn A")
    qtbot.keyClick(signer, Qt.Key.Key_Return)
    usual = seed_report(KSTTHC_SO).document.nguoi_ky
    assert window.session.document.nguoi_ky == replace(usual, ho_ten="Nguyễn Văn A")
    assert page.signer_preview.text().endswith("Nguyễn Văn A")
    assert isinstance(page.findChild(QLabel, "period"), QLabel)


def test_the_document_steps_fields_are_reached_with_alt_keys(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """Reaching Kính gửi took a dozen Tabs: none of the step's fields had an Alt key."""
    from tests.ui.test_alt_keys import alt_keys

    window = wizard(qtbot, store)
    window.go_to_field("so")
    page = window.document_page
    keys = alt_keys(window)
    assert len(keys) == len(set(keys)) and not {"n", "b"} & set(keys), sorted(keys)  # Alt+N, Alt+B: the steps
    for key, name in (
        (Qt.Key.Key_K, "kinh_gui"),
        (Qt.Key.Key_I, "noi_nhan"),
        (Qt.Key.Key_T, "trich_yeu"),
        (Qt.Key.Key_L, "luu"),
        (Qt.Key.Key_G, "nguoi_ky"),
        (Qt.Key.Key_H, "nguoi_ky_ho_ten"),
        (Qt.Key.Key_S, "so"),
        (Qt.Key.Key_V, "nguoi_ky_chuc_vu"),
        (Qt.Key.Key_Q, "nguoi_ky_quyen_han"),
    ):
        qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is page.findChild(QWidget, name), name
    assert window.session.document.ngay is None  # day and month left to the clerk
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # «cả tháng»
    qtbot.waitUntil(lambda: window.session.document.ngay == (2024, 6))  # a box ticks a moment after its key
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # «trống ngày»
    qtbot.waitUntil(lambda: window.session.document.ngay == date(2024, 6, 17))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is page.date_edit
    assert window.current_step.key == DOCUMENT_STEP


def test_a_date_typed_into_the_empty_state_and_cleared(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store, MONTHLY)
    window.go_to_field("ngay_so_lieu_dvcqg")
    field = window.findChild(DateField, "ngay_so_lieu_dvcqg")
    assert field.text() == "Chưa có ngày"
    qtbot.keyClicks(field, "20/01/2024")
    assert field.text() == "20/01/2024"
    assert "ngay_so_lieu_dvcqg" not in window.session.report.answers  # not on every digit: on a pause
    qtbot.waitUntil(
        lambda: store.load_report(window.report_id).answers.get("ngay_so_lieu_dvcqg") == date(2024, 1, 20)
    )
    assert field.hasFocus() and field.text() == "20/01/2024"
    clear = next(
        b for b in row_of(window, "ngay_so_lieu_dvcqg").findChildren(QPushButton) if b.text() == "Xóa ngày"
    )
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert field.text() == "Chưa có ngày"
    assert "ngay_so_lieu_dvcqg" not in store.load_report(window.report_id).answers


def test_what_is_being_typed_is_never_rewritten_under_the_cursor(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)
    window.go_to_field("noi_nhan")
    box = window.document_page.findChild(LinesEdit, "noi_nhan")
    box.selectAll()
    ime_type(box, "Văn phòng Chính phủ \n\nUBND tỉnh")
    qtbot.waitUntil(lambda: store.load_report(window.report_id).document.noi_nhan[0] == "Văn phòng Chính phủ")
    assert store.load_report(window.report_id).document.noi_nhan == ("Văn phòng Chính phủ", "UBND tỉnh")
    assert box.toPlainText() == "Văn phòng Chính phủ \n\nUBND tỉnh"
    assert box.textCursor().position() == len(box.toPlainText())


def test_the_statistical_forms_are_saved_as_excel_from_the_review_page(
    qtbot: Any, store: Store, tmp_path: Path, monkeypatch: Any
) -> None:
    window = wizard(qtbot, store)
    fill_sections(qtbot, window, seed_report(KSTTHC_SO))
    offered: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a: (offered.append(a[2]) or str(tmp_path / "bieu"), "")
    )
    window.go_to_step(len(window.steps) - 1)
    button = window.findChild(QPushButton, "xuat_excel")
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert Path(offered[0]).name == "Bieu-BC-KSTTHC-Quy-II-2024-So-Ngoai-vu.xlsx"
    book = openpyxl.load_workbook(tmp_path / "bieu.xlsx")
    assert [ws["A1"].value for ws in book.worksheets] == [
        "Biểu số 05a.VPCP.KSTTHC",
        "Biểu số 06b.VPCP.KSTTHC",
    ]
    assert "bieu.xlsx" in window.statusBar().currentMessage()


def test_kinds_without_forms_show_no_excel_button(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store, "004_dbb53274ea895b03")
    window.go_to_step(len(window.steps) - 1)
    assert not window.findChild(QPushButton, "xuat_excel").isVisible()


def wheel(widget: QWidget, steps: int = -1) -> None:
    """Turn the mouse wheel over ``widget`` (down for negative steps)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_past_a_choice_without_changing_it(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store, "001_65663e565db3c233")
    window.go_to_field("phan_mot_cua")
    combo = window.findChild(QComboBox, "phan_mot_cua")
    before = window.session.report.answers.get("phan_mot_cua"), combo.currentIndex()
    window.back_button.setFocus()
    wheel(combo)
    assert (window.session.report.answers.get("phan_mot_cua"), combo.currentIndex()) == before
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel does not give it focus
    combo.setFocus()
    wheel(combo, -1 if combo.currentIndex() < combo.count() - 1 else 1)
    assert combo.currentIndex() != before[1]  # once chosen by the official, the wheel works in it


def test_opening_word_after_producing_can_be_turned_off_and_stays_off(
    qtbot: Any, store: Store, tmp_path: Path, monkeypatch: Any, system_opener: Any
) -> None:
    window = wizard(qtbot, store)
    window.go_to_step(len(window.steps) - 1)
    check = window.findChild(QCheckBox, "mo_sau_khi_tao")
    assert check.isChecked()
    check.setChecked(False)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "bc.docx"), ""))
    window.review_page.produce_document()
    qtbot.waitUntil(lambda: bool(store.outputs(window.report_id)), timeout=60000)
    qtbot.wait(200)
    assert system_opener.opened() == []
    window.close()
    again = wizard(qtbot, store)
    assert not again.findChild(QCheckBox, "mo_sau_khi_tao").isChecked()


@pytest.mark.parametrize("seed_name", [KSTTHC_SO, MONTHLY, "004_dbb53274ea895b03"])
def test_no_page_has_two_things_on_one_alt_key_or_takes_alt_n_or_alt_b(
    qtbot: Any, store: Store, seed_name: str
) -> None:
    window = wizard(qtbot, store, seed_name)
    for i in range(window.stack.count()):
        page = window.stack.widget(i)
        keys: list[str] = []
        for widget in [*page.findChildren(QAbstractButton), *page.findChildren(QLabel)]:
            found = re.search(r"&([^&])", widget.text().replace("&&", ""))
            if found:
                keys.append(found.group(1).lower())
        assert len(keys) == len(set(keys)), (i, sorted(keys))
        assert not {"n", "b"} & set(keys), i  # Alt+N and Alt+B move between the steps


def test_a_save_from_another_copy_of_the_app_is_told_and_kept(qtbot: Any, store: Store) -> None:
    from dataclasses import replace as changed

    window = wizard(qtbot, store)
    with Store.open(store.path) as other:  # a second copy of the app on the same file
        theirs = other.load_report(window.report_id)
        other.save_report(window.report_id, changed(theirs, answers={**theirs.answers, "hs_qua_han": 7}))
    window.go_to_field("hs_truoc_han")
    type_number(qtbot, window.findChild(QLineEdit, "hs_truoc_han"), 10)
    banner = window.findChild(QLabel, "sua_o_noi_khac")
    assert banner.isVisible() and "Lịch sử các lần lưu" in banner.text()
    assert window.findChild(QLineEdit, "hs_truoc_han").hasFocus()  # told without taking the keyboard
    kept = [store.load_revision(window.report_id, r.n).answers for r in store.revisions(window.report_id)]
    assert any(a.get("hs_qua_han") == 7 for a in kept)  # the other copy's save is still there
    assert store.load_report(window.report_id).answers["hs_truoc_han"] == 10
    window.store.export_report(window.report_id, window.store.path.with_name("x.json"))  # reads it
    type_number(qtbot, window.findChild(QLineEdit, "hs_truoc_han"), 11)
    assert not window.store.overwrote_other_copy  # our own saves and reads are not another copy's


def test_a_document_problem_is_shown_in_the_box_of_its_field(qtbot: Any, store: Store) -> None:
    window = wizard(qtbot, store)
    name = window.document_page.findChild(QLineEdit, "nguoi_ky_ho_ten")
    name.setFocus()
    name.selectAll()
    qtbot.keyClick(name, Qt.Key.Key_Delete)
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    window.go_to_step(next(i for i, s in enumerate(window.steps) if s.key == DOCUMENT_STEP))
    signer_problem = window.document_page.findChild(QLabel, "van_de_nguoi_ky")
    assert signer_problem.isVisible() and "họ tên người ký" in signer_problem.text()
    assert not window.document_page.findChild(QLabel, "van_de_kinh_gui").isVisible()
    name.setFocus()
    ime_type(name, "Lê Công Nhân")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert not signer_problem.isVisible()
