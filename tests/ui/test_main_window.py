"""The main window: the list, sorting, filters, search, recycle bin, duplicate, keyboard."""

from __future__ import annotations

import sys
import time
import types
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox, QWidget

from desktop_app.report.periods import Period
from desktop_app.storage import Store
from desktop_app.system import datadir
from tests.ui.shell_data import add_some_reports, add_unit, type_text
from ui.main_window import MainWindow
from ui.new_report_dialog import NewReportDialog
from ui.report_table import COLUMNS
from ui.resources import last_folder, remember_folder

KSTTHC = "Báo cáo kết quả kiểm soát TTHC, một cửa, một cửa liên thông"
PLAN = "Kế hoạch kiểm soát thủ tục hành chính năm"


@pytest.fixture
def window(qtbot: Any, store: Store) -> MainWindow:
    add_some_reports(store, add_unit(store))
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def column(win: MainWindow, name: str) -> list[str]:
    proxy = win.table.proxy
    return [proxy.index(r, COLUMNS.index(name)).data() for r in range(proxy.rowCount())]


def select(win: MainWindow, period_label: str) -> int:
    row = column(win, "ky").index(period_label)
    win.table.selectRow(row)
    win.table.setFocus()
    report_id = win.table.current_report_id()
    assert report_id is not None
    return report_id


def set_filter(win: MainWindow, name: str, value: str | None) -> None:
    combo = win.findChild(QComboBox, name)
    combo.setCurrentIndex(combo.findData(value))


def test_lists_the_reports_newest_period_first(window: MainWindow) -> None:
    assert column(window, "ky") == ["Năm 2024", "Quý II/2024", "6 tháng đầu năm 2024", "Quý I/2024"]
    assert column(window, "loai") == [PLAN, KSTTHC, KSTTHC, KSTTHC]
    assert column(window, "trang_thai") == ["Bản nháp", "Bản nháp", "Đã hoàn thành", "Đã hoàn thành"]
    assert window.statusBar().currentMessage() == "4 báo cáo."
    assert window.table.isColumnHidden(COLUMNS.index("don_vi"))  # one unit: no unit column


def test_header_click_sorts(qtbot: Any, window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    ky = header.sectionViewportPosition(COLUMNS.index("ky")) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().topLeft() + _x(ky))
    assert column(window, "ky") == ["Quý I/2024", "6 tháng đầu năm 2024", "Quý II/2024", "Năm 2024"]
    window.table.sortByColumn(COLUMNS.index("trang_thai"), Qt.SortOrder.AscendingOrder)
    assert column(window, "trang_thai")[:2] == ["Bản nháp", "Bản nháp"]


def _x(x: int) -> Any:
    from PySide6.QtCore import QPoint

    return QPoint(x, 5)


def test_filters_by_kind_period_type_and_status(window: MainWindow) -> None:
    set_filter(window, "loc_loai", "ke_hoach_kstthc")
    assert column(window, "ky") == ["Năm 2024"]
    set_filter(window, "loc_loai", "bao_cao_kstthc")
    set_filter(window, "loc_trang_thai", "hoan_thanh")
    assert column(window, "ky") == ["6 tháng đầu năm 2024", "Quý I/2024"]
    set_filter(window, "loc_ky", "quy")
    assert column(window, "ky") == ["Quý I/2024"]
    set_filter(window, "loc_ky", "thang")
    assert column(window, "ky") == [] and window.hint_label.isVisible()


def test_search_ignores_diacritics(qtbot: Any, window: MainWindow) -> None:
    qtbot.keyClicks(window.search_edit, "dong nai")  # the plan's text says "Đồng Nai"
    qtbot.waitUntil(lambda: column(window, "ky") == ["Năm 2024"])
    window.search_edit.clear()
    type_text(window.search_edit, "kiểm soát")
    qtbot.waitUntil(lambda: len(column(window, "ky")) == 4)


def test_delete_key_moves_to_bin_and_restore_brings_back(
    qtbot: Any, window: MainWindow, store: Store
) -> None:
    report_id = select(window, "Quý II/2024")
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert "Quý II/2024" not in column(window, "ky")
    assert store.report_info(report_id).deleted_at is not None
    assert window.statusBar().currentMessage().startswith("Đã chuyển báo cáo Quý II/2024 vào Thùng rác")
    window.bin_action.trigger()
    assert column(window, "ky") == ["Quý II/2024"]
    assert not window.table.isColumnHidden(COLUMNS.index("da_xoa"))
    assert window.restore_action.isVisible() and not window.open_action.isEnabled()
    select(window, "Quý II/2024")
    window.restore_action.trigger()
    assert column(window, "ky") == []
    window.bin_action.trigger()
    assert "Quý II/2024" in column(window, "ky") and store.report_info(report_id).deleted_at is None
    assert window.table.current_report_id() == report_id  # the one taken out, not the top row


def test_delete_key_in_search_box_edits_text(qtbot: Any, window: MainWindow) -> None:
    select(window, "Quý II/2024")
    qtbot.keyClicks(window.search_edit, "quy")
    window.search_edit.setCursorPosition(0)
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Delete)
    assert window.search_edit.text() == "uy"
    assert len(window.store.list_reports()) == 4


def test_ctrl_z_undoes_the_last_delete(qtbot: Any, window: MainWindow) -> None:
    select(window, "Năm 2024")
    window.delete_action.trigger()
    assert "Năm 2024" not in column(window, "ky")
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Năm 2024" in column(window, "ky")
    assert window.table.current_report_id() is not None


def test_duplicate_makes_a_new_draft(window: MainWindow, store: Store) -> None:
    original = select(window, "Quý I/2024")
    window.duplicate_action.trigger()
    assert column(window, "ky").count("Quý I/2024") == 2
    copy = window.table.current_report_id()
    assert copy is not None and copy != original
    assert store.report_info(copy).status == "ban_nhap"
    assert store.load_report(copy).answers == store.load_report(original).answers


def test_finished_toggle(window: MainWindow, store: Store) -> None:
    report_id = select(window, "Quý II/2024")
    window.finish_action.trigger()
    assert store.report_info(report_id).status == "hoan_thanh"


def test_ctrl_n_opens_the_new_report_dialog(qtbot: Any, window: MainWindow) -> None:
    seen: list[QWidget] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, NewReportDialog):
            seen.append(dialog)
            dialog.reject()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 1


class FakeWizard(QWidget):
    """Stands for ui.wizard.WizardWindow: remembers what it was opened on."""

    opened: list[int] = []  # noqa: RUF012

    def __init__(self, store: Store, report_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        FakeWizard.opened.append(report_id)


def test_enter_opens_the_selected_report_once(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ui.wizard", types.SimpleNamespace(WizardWindow=FakeWizard))
    FakeWizard.opened = []
    report_id = select(window, "Quý II/2024")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert FakeWizard.opened == [report_id]
    wizard = window.actions_.wizards[report_id]
    assert wizard.isVisible()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Enter)
    assert FakeWizard.opened == [report_id]  # brought forward, not opened twice
    wizard.close()  # deleted on close: the list forgets it
    qtbot.waitUntil(lambda: report_id not in window.actions_.wizards)


def test_missing_wizard_is_said_plainly(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ui.wizard", None)  # import raises ImportError
    select(window, "Quý II/2024")
    window.open_action.trigger()
    box = window.findChild(QMessageBox, "message")
    assert box is not None and box.isVisible()
    assert box.text().startswith("Phần soạn nội dung báo cáo chưa có")
    box.close()


def test_backup_now_shows_the_file(qtbot: Any, window: MainWindow, store: Store) -> None:
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "message") is not None)
    box = window.findChild(QMessageBox, "message")
    path = box.text().split("\n")[-1]
    assert path.endswith(".db") and (store.path.parent / "backups").is_dir()
    assert any(b.text().replace("&", "") == "Mở thư mục" for b in box.buttons())
    box.close()


def test_restore_from_backup_replaces_the_data(qtbot: Any, window: MainWindow) -> None:
    backup = window.store.backup()
    select(window, "Năm 2024")
    window.delete_action.trigger()
    window.store.purge_report(window.store.list_reports(include_deleted=True)[0].id)
    assert len(column(window, "ky")) == 3
    assert window.actions_.restore_from_backup(backup, confirm=False)
    assert len(column(window, "ky")) == 4
    window.findChild(QMessageBox, "message").close()


def test_restoring_a_backup_names_the_reports_made_or_saved_since(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The question said only the backup's name (its time in UTC: on a PC in Việt Nam a backup
    of 06:00 on 08/12 is named «…-20261207-230000.db»); the reports of the days since left the
    list without a word. It says the local time and names them; Enter answers «Không»."""
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    try:
        backup = window.store.backup()
        made = window.store.import_report(export_of(window, "Quý II/2024", tmp_path / "q2.json"))
        select(window, "Quý I/2024")
        window.finish_action.trigger()  # back to a draft: saved since the backup
        window.reload(select=made)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(backup), ""))
        asked: list[str] = []

        def answer() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, answer)
                return
            asked.append(box.text())
            assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)  # Enter: «Không»
            box.defaultButton().click()

        QTimer.singleShot(0, answer)
        window.restore_backup_action.trigger()
        when = datadir.backup_time(backup)
        assert when is not None
        local = when.astimezone(timezone(timedelta(hours=7)))
        assert f"(sao lưu lúc {local:%H:%M} ngày {local:%d/%m/%Y})?" in asked[0]
        assert "2 báo cáo tạo hoặc sửa sau lúc đó sẽ không còn như hiện nay:" in asked[0]
        assert "  - Quý II/2024: tạo sau, sẽ mất khỏi danh sách" in asked[0]
        assert "  - Quý I/2024: sửa lúc " in asked[0] and ", trở về bản cũ" in asked[0]
        assert len(column(window, "ky")) == 5  # «Không»: nothing replaced
    finally:
        monkeypatch.undo()
        time.tzset()


def export_of(window: MainWindow, period_label: str, path: Path) -> Path:
    window.store.export_report(select(window, period_label), path)
    return path


def test_a_backup_chosen_in_the_apps_folder_is_not_where_documents_go_next(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Khôi phục từ bản sao lưu opens in the app's backups folder; the next Save or Open dialog
    still opens where the official keeps documents, not among the app's own files."""
    documents = tmp_path / "van_ban"
    documents.mkdir()
    remember_folder(documents)
    backup = window.store.backup()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    assert not window.actions_.restore_from_backup()  # chosen, then not confirmed
    assert last_folder() == documents


def test_geometry_is_remembered(qtbot: Any, store: Store) -> None:
    add_unit(store)
    first = MainWindow(store)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    first.move(40, 30)
    qtbot.waitUntil(lambda: first.size().width() == 700)
    first.close()
    second = MainWindow(store)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (700, 500)


def test_new_report_from_the_window_is_listed_and_selected(qtbot: Any, window: MainWindow) -> None:
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, NewReportDialog):
            dialog.period_picker.set_period(Period("quy", 2024, 3))
            dialog.accept()
            dialog.accept()  # past the list of changes
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    window.new_action.trigger()
    assert "Quý III/2024" in column(window, "ky")
    selected = window.table.current_report_id()
    assert selected is not None and window.store.report_info(selected).period == Period("quy", 2024, 3)
    box = window.findChild(QMessageBox, "message")
    if box is not None:
        box.close()


def test_enter_opens_the_real_wizard(qtbot: Any, window: MainWindow) -> None:
    wizard_module = pytest.importorskip("ui.wizard")
    report_id = select(window, "Quý II/2024")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    wizard = window.actions_.wizards[report_id]
    assert isinstance(wizard, wizard_module.WizardWindow) and wizard.isVisible()
    assert window.close()  # closes the wizard first (it saves as it closes)
    assert window.actions_.wizards == {}


def test_every_menu_has_one_alt_key_per_item(window: MainWindow) -> None:
    import re

    for menu_action in window.menuBar().actions():
        keys = [
            found.group(1).lower()
            for action in menu_action.menu().actions()
            if (found := re.search(r"&([^&])", action.text()))
        ]
        assert len(keys) == len(set(keys)), (menu_action.text(), sorted(keys))


def test_deleting_a_report_open_with_an_entry_not_taken_asks_first(
    qtbot: Any, window: MainWindow, store: Store, vietnamese: object
) -> None:
    from PySide6.QtWidgets import QLineEdit

    from tests.ui.wizard.test_wizard_behaviour import answer_next_box

    report_id = select(window, "Quý II/2024")
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    wizard = window.actions_.wizards[report_id]
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    wizard.go_to_field("hs_qua_han")
    edit = wizard.findChild(QLineEdit, "hs_qua_han")
    edit.selectAll()
    qtbot.keyClicks(edit, "4a")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # refused, said beside the field
    assert [r.typed for r in wizard.session.refusals()] == ["4a"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    select(window, "Quý II/2024")
    seen: list[str] = []
    answer_next_box("Ở lại để sửa", seen)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert "«4a»" in seen[0]
    assert store.report_info(report_id).deleted_at is None and wizard.isVisible()  # nothing binned
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "4")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert not wizard.session.refusals() and wizard.close()


def test_after_delete_the_next_row_is_selected_not_the_top_one(
    qtbot: Any, window: MainWindow, store: Store
) -> None:
    """A second Delete takes the report below the one deleted, never the newest at the top."""
    shown = column(window, "ky")
    middle = len(shown) // 2
    report_id = select(window, shown[middle])
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert store.report_info(report_id).deleted_at is not None
    assert window.table.selectionModel().selectedRows()[0].row() == middle  # the row that was below
    assert column(window, "ky")[middle] == shown[middle + 1]
    select(window, column(window, "ky")[-1])
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)  # the last row: the one above it is selected
    assert window.table.selectionModel().selectedRows()[0].row() == len(column(window, "ky")) - 1
