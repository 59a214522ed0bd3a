"""«Loại văn bản» in the settings, and own kinds in the app, driven with the keyboard in Vietnamese."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QMessageBox, QTreeWidget

from desktop_app.document.kind_package import read_zip
from desktop_app.document.render import render_report
from desktop_app.report import catalogue
from desktop_app.report.answers import Unit
from desktop_app.report.periods import Period
from desktop_app.storage import Store
from tests.core.kindkit import add_paragraph, edit_toml, renamed, write_package
from tests.ui.test_settings_dialog import answer_next_question
from ui.new_report_dialog import NewReportDialog
from ui.rollup_dialog import RollupDialog
from ui.settings_dialog import SettingsDialog

COMMUNE = Unit("UBND XÃ SƠN HẢI", "UBND", "Sơn Hải", "xa", "UBND TỈNH AN GIANG", "UBND xã Sơn Hải")
OWN = "bao_cao_tinh_ag"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOANBAOCAO_HOME", str(tmp_path / "home"))
    catalogue.forget()
    yield tmp_path / "home"
    catalogue.forget()


def open_kinds_tab(qtbot: Any, store: Store, unit_id: int) -> SettingsDialog:
    dialog = SettingsDialog(store, unit_id)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard())
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget() is dialog.kinds_panel
    return dialog


def tree_rows(dialog: SettingsDialog) -> list[tuple[str, str, str]]:
    tree = dialog.findChild(QTreeWidget, "kinds")
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [(i.text(0), i.text(1), i.text(2)) for i in items if i is not None]


def findings(dialog: SettingsDialog) -> str:
    return str(dialog.kinds_panel.findings_view.toPlainText())


def press(qtbot: Any, dialog: SettingsDialog, key: Qt.Key) -> None:
    qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)


def test_a_builtin_kind_exported_renamed_imported_used_and_rendered_in_the_app(
    qtbot: Any, store: Store, vietnamese: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    unit_id = store.add_unit(COMMUNE)
    dialog = open_kinds_tab(qtbot, store, unit_id)
    assert [r[1] for r in tree_rows(dialog)] == ["bao_cao_kstthc", "bao_cao_thang_cctthc", "ke_hoach_kstthc"]
    assert all(r[2] == "có sẵn" for r in tree_rows(dialog))
    # Export the selected (first) kind: Alt+X.
    exported = tmp_path / "bao_cao_kstthc.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(exported), ""))
    press(qtbot, dialog, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: "Đã xuất" in findings(dialog), timeout=10000)
    assert "phiên bản tt05-2025.1" in findings(dialog)
    # The IT officer edits it outside the app: a new id, a new title, a heading reworded.
    files = renamed(read_zip(exported), OWN, "Báo cáo KSTTHC theo đề cương của tỉnh")
    files = edit_toml(files, 'heading = "Đánh giá chung"', 'heading = "Đánh giá chung của địa phương"')
    package = write_package(tmp_path / f"{OWN}.zip", files)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(package), ""))
    press(qtbot, dialog, Qt.Key.Key_N)  # Alt+N: Nhập gói…
    qtbot.waitUntil(lambda: "Đã nhập" in findings(dialog), timeout=20000)
    assert ("Báo cáo KSTTHC theo đề cương của tỉnh", OWN, "riêng") in tree_rows(dialog)
    assert (home / "kinds" / f"{OWN}.toml").is_file()
    dialog.discard()
    # The New report dialog offers it beside the built-in ones.
    new = NewReportDialog(store, unit_id, today=Period.parse("quy:1/2026").cutoff()[1])
    qtbot.addWidget(new)
    new.show()
    qtbot.waitExposed(new)
    new.activateWindow()
    qtbot.waitUntil(new.isActiveWindow)
    kinds = new.findChild(QComboBox, "loai_van_ban")
    assert kinds.itemText(kinds.findData(OWN)) == "Báo cáo KSTTHC theo đề cương của tỉnh (riêng)"
    rollup = RollupDialog(store, unit_id)  # «Tổng hợp báo cáo» marks it the same way
    qtbot.addWidget(rollup)
    rollup_kinds = rollup.findChild(QComboBox, "loai_van_ban")
    assert rollup_kinds.itemText(rollup_kinds.findData(OWN)) == kinds.itemText(kinds.findData(OWN))
    kinds.setCurrentIndex(kinds.findData(OWN))
    new.period_picker.set_period(Period.parse("quy:1/2026"))
    assert "tt05-2025.1" in new.findChild(QLabel, "version").text()
    qtbot.keyClick(new, Qt.Key.Key_Return)
    assert new.created_report_id is not None
    report = store.load_report(new.created_report_id)
    assert report.kind == OWN and report.unit.cap == "xa"
    text = "\n".join(p.text for p in Document(io.BytesIO(render_report(report).data)).paragraphs)
    assert "ĐÁNH GIÁ CHUNG CỦA ĐỊA PHƯƠNG" in text and "118/2025/NĐ-CP" in text


def test_a_broken_package_is_refused_with_its_findings_and_nothing_installed(
    qtbot: Any, store: Store, vietnamese: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    dialog = open_kinds_tab(qtbot, store, store.add_unit(COMMUNE))
    exported = tmp_path / "x.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(exported), ""))
    press(qtbot, dialog, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: exported.is_file() and "Đã xuất" in findings(dialog), timeout=10000)
    files = add_paragraph(renamed(read_zip(exported), "hong"), "Tổng: {{ hs_tiep_nhan }")
    files = edit_toml(files, 'label = "Hồ sơ giải quyết đúng hạn"', 'lable = "Hồ sơ giải quyết đúng hạn"')
    broken = write_package(tmp_path / "hong.zip", files)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(broken), ""))
    press(qtbot, dialog, Qt.Key.Key_K)  # Alt+K: Kiểm tra gói…, without installing
    qtbot.waitUntil(lambda: "CÓ LỖI" in findings(dialog), timeout=20000)
    press(qtbot, dialog, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: "Không có gì được cài đặt" in findings(dialog), timeout=20000)
    shown = findings(dialog)
    assert "LỖI: hong.toml, dòng" in shown and "lable" in shown
    assert "LỖI: hong.docx, đoạn" in shown and "thẻ «{{ hs_tiep_nhan }" in shown
    assert "hong" not in [r[1] for r in tree_rows(dialog)]
    assert not (home / "kinds").exists() or not list((home / "kinds").glob("*.toml"))


def test_an_own_kind_is_removed_after_a_question(
    qtbot: Any, store: Store, vietnamese: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    dialog = open_kinds_tab(qtbot, store, store.add_unit(COMMUNE))
    exported = tmp_path / "kh.zip"
    dialog.kinds_panel.select_kind("ke_hoach_kstthc")
    assert not dialog.kinds_panel.remove_button.isEnabled()  # a built-in kind cannot be removed
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(exported), ""))
    press(qtbot, dialog, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: "Đã xuất" in findings(dialog), timeout=10000)
    package = write_package(tmp_path / "kh_rieng.zip", renamed(read_zip(exported), "kh_rieng"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(package), ""))
    press(qtbot, dialog, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: "Đã nhập" in findings(dialog), timeout=20000)
    assert dialog.kinds_panel.selected_kind() == "kh_rieng" and dialog.kinds_panel.remove_button.isEnabled()
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    press(qtbot, dialog, Qt.Key.Key_G)  # a mnemonic clicks after its short animation
    qtbot.waitUntil(lambda: bool(seen) and "Đã gỡ" in findings(dialog))
    assert "vẫn mở được" in seen[0]
    assert "kh_rieng" not in [r[1] for r in tree_rows(dialog)]
    assert not (home / "kinds" / "kh_rieng.toml").exists()


def test_a_newer_package_refused_or_failing_midway_leaves_the_older_kind_and_says_so(
    qtbot: Any, store: Store, vietnamese: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    """Its example named «Quý I: xã Mỹ Hòa.json» used to fail after the kind's files were written;
    and a template Word keeps open (Windows will not move it) failed halfway with the old kind gone."""
    from desktop_app.system import files as files_module
    from tests.core.document.test_kind_install import snapshot, with_example
    from tests.core.kindkit import exported

    older = renamed(exported(tmp_path), OWN, "Báo cáo của tỉnh")
    dialog = open_kinds_tab(qtbot, store, store.add_unit(COMMUNE))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(tmp_path / "cu.zip"), ""))
    write_package(tmp_path / "cu.zip", older)
    press(qtbot, dialog, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: "Đã nhập" in findings(dialog), timeout=20000)
    before = snapshot(home)
    newer = edit_toml(older, 'title = "Báo cáo của tỉnh"', 'title = "Báo cáo của tỉnh (sửa)"')
    write_package(tmp_path / "cu.zip", with_example(newer, "Quý I: xã Mỹ Hòa.json"))
    press(qtbot, dialog, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: "Không có gì được cài đặt" in findings(dialog), timeout=20000)
    assert "LỖI: vi_du/Quý I: xã Mỹ Hòa.json: tên tệp không được chứa «:»" in findings(dialog)
    assert snapshot(home) == before
    write_package(tmp_path / "cu.zip", newer)
    real = files_module._move

    def word_holds_the_template(source: Path, target: Path) -> None:
        if source.name == f"{OWN}.docx" and source.parent.name == "kinds":
            locked = PermissionError(13, "Permission denied")
            locked.winerror = 32  # type: ignore[attr-defined]  # what Windows says: a sharing violation
            raise locked
        real(source, target)

    monkeypatch.setattr(files_module, "_move", word_holds_the_template)
    press(qtbot, dialog, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: "Không cài được" in findings(dialog), timeout=20000)
    dialog.grab().save(str(tmp_path / "nhap_that_bai.png"))
    assert findings(dialog) == (
        f"Không cài được loại văn bản «{OWN}». Không thay hay xóa được tệp cũ «{OWN}.docx»: "
        "tệp đang được một chương trình khác mở (Word, Excel…). Thư mục loại văn bản vẫn như trước: "
        f"loại «{OWN}» đã cài vẫn dùng được như cũ."
    )
    assert snapshot(home) == before
    assert ("Báo cáo của tỉnh", OWN, "riêng") in tree_rows(dialog)
    dialog.kinds_panel.select_kind(OWN)
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    press(qtbot, dialog, Qt.Key.Key_G)
    qtbot.waitUntil(lambda: "Không gỡ được" in findings(dialog))
    assert "tệp đang được một chương trình khác mở (Word, Excel…)" in findings(dialog)
    assert "Loại văn bản vẫn còn nguyên, chưa gỡ gì." in findings(dialog)
    assert snapshot(home) == before and OWN in [r[1] for r in tree_rows(dialog)]


def test_a_huyen_unit_cannot_start_a_report_after_the_reform(qtbot: Any, store: Store) -> None:
    unit_id = store.add_unit(Unit("UBND HUYỆN TRÀ CÚ", "UBND", "Trà Cú", "huyen", "UBND TỈNH TRÀ VINH"))
    dialog = NewReportDialog(store, unit_id, today=Period.parse("quy:2/2025").cutoff()[1])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.period_picker.set_period(Period.parse("quy:2/2025"))
    assert dialog.ok_button.isEnabled()
    dialog.period_picker.set_period(Period.parse("quy:3/2025"))
    assert not dialog.ok_button.isEnabled()
    problem = dialog.findChild(QLabel, "problem").text()
    assert "chỉ dành cho đơn vị cấp" in problem and "đơn vị kế thừa" in problem
    # The settings keep its level for its old reports, and offer huyện to no other unit.
    settings = SettingsDialog(store, unit_id)
    qtbot.addWidget(settings, before_close_func=lambda d: d.discard())
    levels = settings.findChild(QComboBox, "cap")
    assert levels.currentData() == "huyen"
    fresh = SettingsDialog(store, None)
    qtbot.addWidget(fresh, before_close_func=lambda d: d.discard())
    fresh_levels = fresh.findChild(QComboBox, "cap")
    assert [fresh_levels.itemData(i) for i in range(fresh_levels.count())] == ["tinh", "so", "xa"]


def test_a_prefill_across_the_reform_lists_what_is_gone(qtbot: Any, store: Store, vietnamese: object) -> None:
    from tests.ui.shell_data import add_report

    province = Unit("UBND TỈNH AN GIANG", "UBND", "An Giang", "tinh")
    unit_id = store.add_unit(province)
    june = add_report(store, unit_id, "003_bc5ae3b32bd5b2c1", Period.parse("thang:6/2025"))
    assert store.load_report(june).answers.get("hs_tiep_nhan_huyen") is not None
    dialog = NewReportDialog(store, unit_id, today=Period.parse("thang:7/2025").cutoff()[1])
    qtbot.addWidget(dialog)
    dialog.show()
    kinds = dialog.findChild(QComboBox, "loai_van_ban")
    kinds.setCurrentIndex(kinds.findData("bao_cao_thang_cctthc"))
    dialog.period_picker.set_period(Period.parse("thang:7/2025"))
    assert "hai-cap-2025.1" in dialog.findChild(QLabel, "version").text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    listed = [dialog.changes_list.item(i).text() for i in range(dialog.changes_list.count())]
    gone = next(line for line in listed if "không chuyển sang" in line)
    assert "«Cấp huyện: số hồ sơ đã tiếp nhận» (hs_tiep_nhan_huyen)" in gone
    report = store.load_report(dialog.created_report_id or 0)
    assert report.kind_version == "hai-cap-2025.1" and "hs_tiep_nhan_huyen" not in report.answers


def test_a_report_of_a_removed_kind_opens_read_only(
    qtbot: Any, store: Store, vietnamese: object, tmp_path: Path, home: Path
) -> None:
    from desktop_app.document.kind_package import install_package, remove_kind
    from desktop_app.report.prefill import new_report
    from tests.core.kindkit import exported
    from ui.wizard import WizardWindow

    install_package(write_package(tmp_path / "p.zip", renamed(exported(tmp_path), OWN, "Báo cáo của tỉnh")))
    unit_id = store.add_unit(COMMUNE)
    report = new_report(
        OWN, Period.parse("quy:1/2026"), COMMUNE, store.get_unit(unit_id).unit and _doc()
    ).report
    report_id = store.create_report(unit_id, report)
    remove_kind(OWN)
    window = WizardWindow(store, report_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    banner = window.findChild(QLabel, "chi_doc")
    assert banner.isVisible() and "Chỉ xem" in banner.text() and "Báo cáo của tỉnh" in banner.text()
    notice = window.findChild(QLabel, "luu_y_mau")
    assert notice.isVisible() and "Thông tư số 5/2025/TT-VPCP" in notice.text()
    window.go_to_field("hs_moi_truc_tiep")
    assert not window.stack.currentWidget().isEnabled()
    window.grab().save(str(tmp_path / "chi_doc.png"))
    revisions = len(store.revisions(report_id))
    window.save_now()
    assert len(store.revisions(report_id)) == revisions  # nothing is written


def _doc() -> Any:
    from desktop_app.report.answers import DocumentInfo, Signer

    return DocumentInfo(
        noi_nhan=("UBND tỉnh",), nguoi_ky=Signer("CHỦ TỊCH", "(Họ và tên)", "TM.", "Ủy ban nhân dân")
    )
