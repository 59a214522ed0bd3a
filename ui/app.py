"""Start the app: QApplication, Vietnamese, the database, first start, the main window.

``soanbaocao`` with no arguments calls :func:`run` (``--db PATH`` for another database).
A damaged database is met with the offer of its most recent good backup; another copy of
the app on the same database is named plainly (the storage keeps two copies safe).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.storage import (
    DatabaseDamagedError,
    StorageError,
    Store,
    auto_backup_database,
    restore_backup,
    stray_wal_text,
)
from desktop_app.system import datadir
from desktop_app.system.parallel import forbid_fork
from ui.background import run_in_background
from ui.form_bits import open_message
from ui.i18n import install_vietnamese
from ui.main_window import MainWindow
from ui.resources import APPLICATION, ORGANISATION, app_icon, window_title

BACKUP_CHECK_MS = 60 * 60 * 1000


def make_application() -> QApplication:
    """Return the QApplication (created once) with the app's names, icon and Vietnamese."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else APP_ID])
        forbid_fork()  # Qt's own threads make a forked worker unsafe: a roll-up's workers start afresh
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    QApplication.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(app_icon())
    if not hasattr(app, "vietnamese_translator"):
        app.vietnamese_translator = install_vietnamese(app)  # type: ignore[attr-defined]
    return app


def open_store(path: Path, parent: QWidget | None = None) -> Store | None:
    """Open the database at ``path``; on damage offer a backup. None when it cannot be used."""
    while True:
        try:
            return Store.open(path)
        except DatabaseDamagedError as exc:
            backup = offer_backup(exc, parent)
            if backup is None:
                return None
            try:
                restore_backup(backup, exc.path)
            except StorageError as restore_error:
                _warn(parent, "Không khôi phục được", str(restore_error))
                return None
        except StorageError as exc:
            _warn(parent, "Không mở được dữ liệu", str(exc))
            return None


def offer_backup(exc: DatabaseDamagedError, parent: QWidget | None = None) -> Path | None:
    """Ask whether to restore the newest good backup (or another file); None means quit."""
    box = QMessageBox(QMessageBox.Icon.Critical, window_title("Dữ liệu bị hỏng"), "", parent=parent)
    box.setObjectName("damaged_message")
    text = f"Tệp dữ liệu «{exc.path}» bị hỏng, không mở được.\n\nChi tiết: {exc.detail}"
    restore_button = None
    if exc.backup is not None:
        text += (
            f"\n\nBản sao lưu gần nhất còn tốt: «{exc.backup.name}».\n"
            "Khôi phục từ bản đó? Tệp bị hỏng được giữ lại trong thư mục sao lưu."
        )
        restore_button = box.addButton("&Khôi phục bản sao lưu này", QMessageBox.ButtonRole.AcceptRole)
    else:
        text += "\n\nKhông tìm thấy bản sao lưu nào còn tốt trong thư mục dữ liệu."
    box.setText(text)
    choose_button = box.addButton("&Chọn tệp sao lưu khác…", QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton("&Thoát", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore_button or choose_button)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if restore_button is not None and clicked is restore_button:
        return exc.backup
    if clicked is choose_button:
        name, _ = QFileDialog.getOpenFileName(
            parent,
            window_title("Chọn bản sao lưu"),
            str(datadir.backups_dir(exc.path)),
            "Bản sao lưu (*.db);;Mọi tệp (*)",
        )
        return Path(name) if name else None
    return None


def warn_other_instance(store: Store, parent: QWidget | None = None) -> bool:
    """Tell the official when another copy has this database open; False when they quit."""
    other = store.other_instance()
    if other is None:
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, window_title("Đang mở ở nơi khác"), "", parent=parent)
    box.setObjectName("other_instance_message")
    box.setText(
        f"{other}\n\nVẫn làm việc được: dữ liệu được ghi an toàn. Nhưng đừng sửa cùng một báo cáo "
        "ở hai cửa sổ, vì bản lưu sau sẽ thay bản lưu trước."
    )
    go_on = box.addButton("&Tiếp tục", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("T&hoát", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go_on)
    box.exec()
    return box.clickedButton() is go_on


def first_start(store: Store, parent: QWidget | None = None) -> bool:
    """Set up the first unit when the database has none; False when the official cancelled."""
    if store.units():
        return True
    from ui.settings_dialog import SettingsDialog  # once per PC: kept out of every other start

    dialog = SettingsDialog(store, None, parent, first_start=True)
    return dialog.exec() == QDialog.DialogCode.Accepted


def start(store: Store) -> MainWindow | None:
    """Run the checks and the first start, then show the main window (None: the official quit)."""
    if not warn_other_instance(store) or not first_start(store):
        return None
    window = MainWindow(store)
    window.show()
    if store.stray_wal is not None:
        tell_stray_wal(window, store.stray_wal)
    auto_backup(window, store)
    # A PC left on for days still gets its daily backup: looked at every hour.
    timer = QTimer(window, interval=BACKUP_CHECK_MS)
    timer.setObjectName("sao_luu_hang_ngay")
    timer.timeout.connect(lambda: auto_backup(window, store))
    timer.start()
    return window


def tell_stray_wal(window: QWidget, kept: Path) -> QMessageBox:
    """Say (without blocking) that another database's log was found and set aside; return the box."""
    return open_message(window, "Tệp nhật ký không khớp", stray_wal_text(kept), "nhat_ky_khac")


def auto_backup(window: MainWindow, store: Store) -> None:
    """Back up the database if its newest backup is a day old (off the GUI thread: own connection)."""
    run_in_background(
        auto_backup_database,
        store.path,
        on_done=lambda path: _backed_up(window, path),
        on_error=lambda exc: window.status(f"Chưa tự động sao lưu được: {exc}"),
        parent=window,
    )


def _backed_up(window: MainWindow, path: Path | None) -> None:
    if path is not None:
        window.status(f"Đã tự động sao lưu dữ liệu vào {path.name}.", 8000)


def _warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, window_title(title), text)


def run(db: Path | None = None) -> int:
    """Open the app on ``db`` (default: the per-user database) and return its exit code."""
    app = make_application()
    store = open_store(Path(db) if db is not None else datadir.default_db_path())
    if store is None:
        return 1
    window = start(store)
    if window is None:
        store.close()
        return 0
    if os.environ.get("SOANBAOCAO_BENCH_EXIT_ON_SHOW"):  # benchmarks: time to the window shown
        QTimer.singleShot(0, lambda: print(f"SOANBAOCAO_SHOWN {time.time():.6f}", flush=True))
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    window.store.close()  # a restore from backup may have reopened it
    return int(code)
