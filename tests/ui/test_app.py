"""Starting the app: Vietnamese for Qt's own strings, damaged data, another copy, run()."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox, QPushButton

from desktop_app.storage import Store
from tests.ui.shell_data import UNIT, add_unit
from ui import app as app_module
from ui import i18n
from ui.background import pending_count
from ui.main_window import MainWindow


def when_modal(act: Callable[[QMessageBox], None]) -> list[str]:
    """Run ``act`` on the next modal message box once it shows; return its texts for checks."""
    texts: list[str] = []

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            texts.append(box.text())
            texts.extend(b.text() for b in box.buttons())
            act(box)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return texts


def click(text: str) -> Callable[[QMessageBox], None]:
    def act(box: QMessageBox) -> None:
        button = next(b for b in box.buttons() if b.text().replace("&", "") == text)
        assert isinstance(button, QPushButton)
        button.click()

    return act


# ---------------------------------------------------------------- Qt's own strings


def test_button_box_ok_cancel_in_vietnamese(qtbot: Any, vietnamese: object) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"


def test_question_buttons_read_co_khong(qtbot: Any, vietnamese: object) -> None:
    texts = when_modal(click("Không"))
    answer = QMessageBox.question(None, "Câu hỏi", "Bỏ các thay đổi?")
    assert answer == QMessageBox.StandardButton.No
    assert [t.replace("&", "") for t in texts[1:]] == ["Có", "Không"]


def test_line_edit_menu_in_vietnamese(qtbot: Any, vietnamese: object) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    words = [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()]
    assert words == ["Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Xóa", "Chọn tất cả"]


def test_shipped_translation_says_what_the_tables_say(vietnamese: QTranslator) -> None:
    assert i18n.qm_path().with_suffix(".ts").read_text(encoding="utf-8") == i18n.ts_text()
    wrong = [(c, s) for c, s, text in i18n.messages() if vietnamese.translate(c, s) != text]
    assert wrong == [], "run: python -m ui.i18n"


# ---------------------------------------------------------------- opening the database


def test_damaged_database_offers_the_latest_good_backup(
    qtbot: Any, tmp_path: Path, vietnamese: object
) -> None:
    path = tmp_path / "soanbaocao.db"
    with Store.open(path) as store:
        add_unit(store)
        store.backup()
    path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    texts = when_modal(click("Khôi phục bản sao lưu này"))
    store = app_module.open_store(path)
    assert store is not None
    try:
        assert [u.co_quan for u in store.units()] == [UNIT.co_quan]
    finally:
        store.close()
    assert "bị hỏng" in texts[0] and "Bản sao lưu gần nhất còn tốt" in texts[0]


def test_damaged_database_quit_opens_nothing(qtbot: Any, tmp_path: Path, vietnamese: object) -> None:
    path = tmp_path / "soanbaocao.db"
    path.write_bytes(b"garbage" * 1000)
    texts = when_modal(click("Thoát"))
    assert app_module.open_store(path) is None
    assert "Không tìm thấy bản sao lưu nào còn tốt" in texts[0]


def test_another_copy_is_named_plainly(qtbot: Any, tmp_path: Path, vietnamese: object) -> None:
    path = tmp_path / "soanbaocao.db"
    with Store.open(path), Store.open(path) as second:
        texts = when_modal(click("Tiếp tục"))
        assert app_module.warn_other_instance(second) is True
    assert "đang mở dữ liệu này ở một cửa sổ khác" in texts[0]


def test_no_message_when_alone(store: Store) -> None:
    assert app_module.warn_other_instance(store) is True


# ---------------------------------------------------------------- run()


def test_run_opens_the_main_window_on_the_given_database(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "khac.db"
    with Store.open(path) as store:
        add_unit(store)
    shown: list[str] = []

    def close_windows() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(20, close_windows)
            return
        shown.extend(w.windowTitle() for w in windows)
        for window in windows:
            window.close()
        QApplication.exit(0)  # not quit(): its Quit event leaves Qt "closing" for later tests

    QTimer.singleShot(0, close_windows)
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    qapp.setQuitOnLastWindowClosed(False)
    locale = QLocale()
    try:
        assert app_module.run(db=path) == 0
        assert QApplication.applicationDisplayName() == "Soạn Báo Cáo"
        assert not qapp.windowIcon().isNull()  # type: ignore[union-attr]
    finally:
        qapp.removeTranslator(qapp.vietnamese_translator)  # type: ignore[union-attr]
        del qapp.vietnamese_translator  # type: ignore[union-attr]
        QLocale.setDefault(locale)
        qapp.setQuitOnLastWindowClosed(True)
    assert shown == ["Sở Ngoại vụ – Soạn Báo Cáo"]


def test_first_start_only_without_a_unit(qtbot: Any, store: Store) -> None:
    from ui.settings_dialog import SettingsDialog

    seen: list[bool] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SettingsDialog):
            seen.append(dialog.first_start)
            dialog.reject()  # nothing typed: closes without asking
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    assert app_module.first_start(store) is False and seen == [True]
    add_unit(store)
    assert app_module.first_start(store) is True


def test_the_daily_backup_is_also_made_while_the_app_stays_open(qtbot: Any, store: Store) -> None:
    from desktop_app.system import datadir

    add_unit(store)
    window = app_module.start(store)
    assert window is not None
    qtbot.addWidget(window)
    folder = datadir.backups_dir(store.path)
    qtbot.waitUntil(lambda: len(datadir.list_backups(folder)) == 1, timeout=10000)
    timer = window.findChild(QTimer, "sao_luu_hang_ngay")
    assert timer is not None and timer.isActive() and timer.interval() == 60 * 60 * 1000
    timer.timeout.emit()  # an hour later: the backup is less than a day old, nothing new
    qtbot.waitUntil(lambda: pending_count() == 0, timeout=10000)
    assert len(datadir.list_backups(folder)) == 1
    for backup in datadir.list_backups(folder):
        backup.unlink()  # as if the newest backup were older than a day
    timer.timeout.emit()
    qtbot.waitUntil(lambda: len(datadir.list_backups(folder)) == 1, timeout=10000)
    window.close()


def test_a_log_of_another_database_set_aside_is_said_at_start(qtbot: Any, tmp_path: Path) -> None:
    """The app opened the official's data without another database's ``-wal`` found beside it:
    it says so, and where the log was kept for IT staff."""
    path = tmp_path / "soanbaocao.db"
    with Store.open(path) as store:
        add_unit(store)
    other = tmp_path / "khac.db"
    with Store.open(other) as store:
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")
        add_unit(store)
        log = other.with_name("khac.db-wal").read_bytes()
    path.with_name("soanbaocao.db-wal").write_bytes(log)
    store = Store.open(path)
    window = app_module.start(store)
    assert window is not None
    qtbot.addWidget(window)
    box = window.findChild(QMessageBox, "nhat_ky_khac")
    assert box is not None and box.isVisible()
    assert store.stray_wal is not None and str(store.stray_wal) in box.text()
    assert "đã cất nó vào thư mục sao lưu" in box.text()
    box.close()
    window.close()
    store.close()
