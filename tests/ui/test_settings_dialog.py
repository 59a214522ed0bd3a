"""The settings dialog, also the first start: unit, signers, Kính gửi and Nơi nhận."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
)

from desktop_app.report.answers import Signer, Unit
from desktop_app.report.periods import Period
from desktop_app.storage import Store
from tests.ui.shell_data import KSTTHC_SEED, SIGNER, UNIT, add_unit, seed, type_text
from ui.settings_dialog import SettingsDialog, level_in_name


def make_dialog(qtbot: Any, store: Store, unit_id: int | None, first_start: bool = False) -> SettingsDialog:
    dialog = SettingsDialog(store, unit_id, first_start=first_start)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard())
    return dialog


def ok_button(dialog: SettingsDialog) -> Any:
    return dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)


def fill_first_start(dialog: SettingsDialog) -> None:
    for field_id in ("co_quan_chu_quan", "co_quan", "ten", "ky_hieu", "dia_danh"):
        type_text(dialog.findChild(object, field_id), getattr(UNIT, field_id))
    cap = dialog.findChild(QComboBox, "cap")
    cap.setCurrentIndex(cap.findData("so"))
    dialog.tabs.setCurrentIndex(1)
    quyen_han = dialog.findChild(QComboBox, "quyen_han")
    quyen_han.setCurrentIndex(quyen_han.findData("KT."))
    for field_id in ("chuc_vu_thu_truong", "chuc_vu", "ho_ten"):
        type_text(dialog.findChild(object, field_id), getattr(SIGNER, field_id))
    dialog.tabs.setCurrentIndex(2)
    type_text(dialog.findChild(object, "kinh_gui"), "Văn phòng UBND tỉnh Kiên Giang")
    type_text(dialog.findChild(object, "noi_nhan"), "Như trên\nGiám đốc Sở")
    type_text(dialog.findChild(object, "luu"), "VT, VP")


def answer_next_question(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_first_start_creates_the_unit_signer_and_lists(qtbot: Any, store: Store, vietnamese: object) -> None:
    dialog = make_dialog(qtbot, store, None, first_start=True)
    dialog.show()
    fill_first_start(dialog)
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    [unit] = store.units()
    assert unit.unit == UNIT
    assert [s.signer for s in store.signers(unit.id)] == [SIGNER]
    [kinh_gui] = store.recipient_lists(unit.id, "kinh_gui")
    [noi_nhan] = store.recipient_lists(unit.id, "noi_nhan")
    assert kinh_gui.lines == ("Văn phòng UBND tỉnh Kiên Giang",)
    assert noi_nhan.lines == ("Như trên", "Giám đốc Sở") and noi_nhan.luu == "VT, VP"


def test_noi_nhan_preview_adds_dashes_and_semicolons(qtbot: Any, store: Store) -> None:
    dialog = make_dialog(qtbot, store, None, first_start=True)
    dialog.tabs.setCurrentIndex(2)
    type_text(dialog.findChild(object, "noi_nhan"), "Như trên\n- Văn phòng Chính phủ;")
    type_text(dialog.findChild(object, "luu"), "VT, VP")
    preview = dialog.findChild(QLabel, "noi_nhan_preview").text()
    assert "- Như trên;<br>- Văn phòng Chính phủ;<br>- Lưu: VT, VP." in preview


def test_missing_fields_are_named_next_to_them_and_nothing_is_saved(qtbot: Any, store: Store) -> None:
    dialog = make_dialog(qtbot, store, None, first_start=True)
    dialog.show()
    type_text(dialog.findChild(object, "co_quan"), "SỞ NGOẠI VỤ")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and store.units() == []
    ky_hieu_error = dialog.findChild(QLabel, "ky_hieu_error")
    assert ky_hieu_error.isVisible() and ky_hieu_error.text().startswith("Hãy nhập ký hiệu")
    assert dialog.findChild(QLabel, "dia_danh_error").isVisible()
    assert not dialog.findChild(QLabel, "co_quan_error").isVisible()
    assert dialog.focusWidget() is dialog.findChild(object, "ky_hieu")
    type_text(dialog.findChild(object, "ky_hieu"), "UBND/VP")  # still wrong, and Địa danh empty
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.focusWidget() is dialog.findChild(object, "ky_hieu")  # the upper one, not Địa danh


def test_signer_needs_a_name(qtbot: Any, store: Store) -> None:
    dialog = make_dialog(qtbot, store, None, first_start=True)
    dialog.show()
    for field_id in ("co_quan", "ky_hieu", "dia_danh"):
        type_text(dialog.findChild(object, field_id), getattr(UNIT, field_id))
    dialog.tabs.setCurrentIndex(1)
    type_text(dialog.findChild(object, "chuc_vu"), "Giám đốc")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.tabs.currentIndex() == 1 and store.units() == []
    assert dialog.findChild(QLabel, "ho_ten_error").text() == "Hãy nhập họ và tên người ký."


def test_cancel_without_typing_asks_nothing(qtbot: Any, store: Store) -> None:
    dialog = make_dialog(qtbot, store, None, first_start=True)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == SettingsDialog.DialogCode.Rejected


def test_cancel_after_typing_asks_before_dropping(qtbot: Any, store: Store, vietnamese: object) -> None:
    dialog = make_dialog(qtbot, store, None, first_start=True)
    dialog.show()
    type_text(dialog.findChild(object, "co_quan"), "SỞ NGOẠI VỤ")
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, seen)
    dialog.reject()
    assert dialog.isVisible() and seen and seen[0].startswith("Bỏ các thay đổi?")
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    dialog.reject()
    assert not dialog.isVisible() and store.units() == []


def test_settings_edit_the_unit_and_reorder_signers(qtbot: Any, store: Store) -> None:
    unit_id = add_unit(store)
    dialog = make_dialog(qtbot, store, unit_id)
    dialog.show()
    assert dialog.findChild(object, "co_quan").text() == "SỞ NGOẠI VỤ"
    assert dialog.findChild(object, "luu").text() == "VT, VP"
    editor = dialog.signers_editor
    editor.add_signer()
    type_text(dialog.findChild(object, "chuc_vu"), "Giám đốc")
    type_text(dialog.findChild(object, "ho_ten"), "Nguyễn Văn B")
    editor.move_signer(-1)
    dialog.findChild(object, "dia_danh").clear()
    type_text(dialog.findChild(object, "dia_danh"), "An Giang")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert store.get_unit(unit_id).dia_danh == "An Giang"
    assert [s.signer for s in store.signers(unit_id)] == [Signer("Giám đốc", "Nguyễn Văn B"), SIGNER]


def test_official_renaming_keeps_the_old_name(qtbot: Any, store: Store) -> None:
    unit_id = add_unit(store)
    dialog = make_dialog(qtbot, store, unit_id)
    dialog.findChild(object, "co_quan").clear()
    type_text(dialog.findChild(object, "co_quan"), "SỞ NỘI VỤ")
    dialog.rename_check.setChecked(True)
    dialog.accept()
    assert store.get_unit(unit_id).co_quan == "SỞ NỘI VỤ"
    assert [n.co_quan for n in store.unit_names(unit_id)] == ["SỞ NGOẠI VỤ"]


def add_old_commune(store: Store, name: str) -> int:
    """An old xã of 2024–25 (cấp xã, under the huyện), with its quý II/2025 report."""
    unit = Unit(f"UBND XÃ {name.upper()}", "UBND", name, "xa", "UBND HUYỆN CHÂU THÀNH", f"UBND xã {name}")
    unit_id = store.add_unit(unit)
    store.create_report(unit_id, replace(seed(KSTTHC_SEED), unit=unit, period=Period("quy", 2025, 2)))
    return unit_id


def test_a_new_phuong_records_the_old_communes_it_continues_by_keys(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """Công cụ › Thêm đơn vị: the phường formed on 01/7/2025 from xã Phú An and xã Phú Bình. The
    official ticks both in «Kế thừa đơn vị cũ» (Alt+C, Space, Down, Space): its first report is
    then pre-filled from their quý II/2025 reports, added up."""
    old = [add_old_commune(store, "Phú An"), add_old_commune(store, "Phú Bình")]
    dialog = make_dialog(qtbot, store, None)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    for field_id, text in (
        ("co_quan_chu_quan", "UBND TỈNH AN GIANG"),
        ("co_quan", "UBND PHƯỜNG TÂN PHÚ"),
        ("ten", "UBND phường Tân Phú"),
        ("ky_hieu", "UBND"),
        ("dia_danh", "Tân Phú"),
    ):
        type_text(dialog.findChild(object, field_id), text)
    cap = dialog.findChild(QComboBox, "cap")
    cap.setCurrentIndex(cap.findData("xa"))
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    listed = dialog.findChild(QListWidget, "ke_thua")
    assert listed.hasFocus()
    assert [listed.item(i).text() for i in range(listed.count())] == ["UBND xã Phú An", "UBND xã Phú Bình"]
    qtbot.keyClick(listed, Qt.Key.Key_Space)
    qtbot.keyClick(listed, Qt.Key.Key_Down)
    qtbot.keyClick(listed, Qt.Key.Key_Space)
    dialog.tabs.setCurrentIndex(1)
    for field_id, text in (("chuc_vu", "CHỦ TỊCH"), ("ho_ten", "Trần Thị Cúc")):
        type_text(dialog.findChild(object, field_id), text)
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    new_id = dialog.unit_id
    assert new_id is not None and [u.id for u in store.predecessors(new_id)] == old
    [q2_an, q2_binh] = store.find_previous(new_id, "bao_cao_kstthc", Period("quy", 2025, 3))
    assert (q2_an.unit.ten, q2_binh.unit.ten) == ("UBND xã Phú An", "UBND xã Phú Bình")
    # Opened again, the two are ticked; unticking one is saved as well.
    again = make_dialog(qtbot, store, new_id)
    listed = again.findChild(QListWidget, "ke_thua")
    assert again.predecessor_ids() == tuple(old) and not again.is_dirty()
    listed.setCurrentRow(1)
    qtbot.keyClick(listed, Qt.Key.Key_Space)
    again.accept()
    assert [u.id for u in store.predecessors(new_id)] == old[:1]


def test_a_succession_in_a_circle_is_refused_and_nothing_changes(qtbot: Any, store: Store) -> None:
    """Ticking, for old xã Phú An, the phường that continues it: refused in Vietnamese, before
    the unit's own change is written."""
    old = add_old_commune(store, "Phú An")
    phuong = replace(store.get_unit(old).unit, co_quan="UBND PHƯỜNG TÂN PHÚ", ten="UBND phường Tân Phú")
    store.set_successors(store.add_unit(phuong), [old])
    store.add_signer(old, SIGNER)
    dialog = make_dialog(qtbot, store, old)
    dialog.findChild(object, "dia_danh").clear()
    type_text(dialog.findChild(object, "dia_danh"), "Phú An mới")
    listed = dialog.findChild(QListWidget, "ke_thua")
    listed.item(0).setCheckState(Qt.CheckState.Checked)
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Ok, seen)
    dialog.accept()
    assert seen and "vòng tròn" in seen[0]
    assert store.predecessors(old) == [] and store.get_unit(old).dia_danh == "Phú An"


def test_text_pasted_from_old_tcvn3_documents_is_converted(qtbot: Any, store: Store) -> None:
    dialog = make_dialog(qtbot, store, None, first_start=True)
    dialog.show()
    fill_first_start(dialog)
    QApplication.clipboard().setText("Së Ngo¹i vô")  # TCVN3 (ABC) bytes read as Latin-1
    for field_id in ("co_quan", "chuc_vu"):
        edit = dialog.findChild(object, field_id)
        dialog.tabs.setCurrentIndex(0 if field_id == "co_quan" else 1)
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert edit.text() == "Sở Ngoại vụ"
    noi_nhan = dialog.findChild(QPlainTextEdit, "noi_nhan")
    dialog.tabs.setCurrentIndex(2)
    noi_nhan.setFocus()
    qtbot.keyClick(noi_nhan, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(noi_nhan, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert noi_nhan.toPlainText().endswith("Sở Ngoại vụ")


def test_the_official_breaks_the_name_where_they_want_with_enter(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    dialog = make_dialog(qtbot, store, None, first_start=True)
    dialog.show()
    fill_first_start(dialog)
    dialog.tabs.setCurrentIndex(0)
    name = dialog.findChild(QPlainTextEdit, "co_quan")
    name.clear()
    preview = dialog.findChild(QLabel, "unit_preview")
    type_text(name, "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH")
    # by itself the preview breaks before the place, as the document will
    assert "<b>ỦY BAN NHÂN DÂN<br>XÃ HÒA BÌNH</b>" in preview.text()
    name.clear()
    type_text(name, "ỦY BAN NHÂN DÂN XÃ")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    type_text(name, "HÒA BÌNH")
    assert "<b>ỦY BAN NHÂN DÂN XÃ<br>HÒA BÌNH</b>" in preview.text()
    qtbot.keyClick(name, Qt.Key.Key_Tab)  # Tab leaves the box, it types no tab
    assert dialog.focusWidget() is not name and "\t" not in name.toPlainText()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    [unit] = store.units()
    assert unit.co_quan == "ỦY BAN NHÂN DÂN XÃ\nHÒA BÌNH"
    dialog = make_dialog(qtbot, store, unit.id)
    assert dialog.findChild(QPlainTextEdit, "co_quan").toPlainText() == "ỦY BAN NHÂN DÂN XÃ\nHÒA BÌNH"


def test_a_new_units_level_follows_its_name_until_the_official_picks_one(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """The first start offered «Sở, ban, ngành» whatever the name: a commune that did not notice
    was asked for the province's figures in its monthly report. The name says the level now;
    a level picked with the keys stays."""
    dialog = make_dialog(qtbot, store, None, first_start=True)
    dialog.show()
    cap = dialog.findChild(QComboBox, "cap")
    type_text(dialog.findChild(object, "co_quan"), "UBND XÃ MỸ HÒA")
    assert cap.currentData() == "xa"
    name = dialog.findChild(object, "co_quan")
    name.setText("")
    type_text(name, "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH")
    assert cap.currentData() == "xa"
    name.setText("")
    type_text(name, "SỞ NỘI VỤ TỈNH AN GIANG")
    assert cap.currentData() == "so"
    name.setText("")
    type_text(name, "ỦY BAN NHÂN DÂN TỈNH AN GIANG")
    assert cap.currentData() == "tinh"
    name.setText("")
    type_text(name, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG")  # no level in the name: left as it was
    assert cap.currentData() == "tinh"
    name.setText("")
    type_text(name, "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH AN GIANG")  # a ban of the province
    assert cap.currentData() == "so"
    name.setText("")
    type_text(name, "ỦY BAN NHÂN DÂN TỈNH AN GIANG")
    assert cap.currentData() == "tinh"
    cap.setFocus()
    qtbot.keyClick(cap, Qt.Key.Key_Down)  # the official picks «Sở, ban, ngành» with the keys
    assert cap.currentData() == "so"
    type_text(name, " XÃ AN PHÚ")
    assert cap.currentData() == "so"


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("BẢO HIỂM XÃ HỘI TỈNH ĐỒNG NAI", "so"),  # «xã hội» is no commune
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "so"),
        ("THANH TRA TỈNH", "so"),  # a body of the province, not the province
        ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH", "so"),
        ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ MỸ HÒA", "xa"),
        ("Uỷ ban nhân dân tỉnh Bắc Giang", "tinh"),
        ("VĂN PHÒNG UBND TỈNH", "tinh"),
        ("UBND THỊ XÃ A", None),  # abolished on 01/7/2025: no guess
    ],
)
def test_the_level_a_name_says(name: str, level: str | None) -> None:
    assert level_in_name(name) == level


def test_an_existing_units_level_never_follows_its_name(qtbot: Any, store: Store) -> None:
    dialog = make_dialog(qtbot, store, add_unit(store))  # SỞ NGOẠI VỤ, level «so»
    dialog.show()
    type_text(dialog.findChild(object, "co_quan"), " PHƯỜNG 3")
    assert dialog.findChild(QComboBox, "cap").currentData() == "so"
