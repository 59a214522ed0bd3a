"""The main window: the unit's reports, filters and search, and what can be done with them.

Báo cáo mới (Ctrl+N), Mở (Enter, double-click), Nhân bản, Xóa (Delete: into the recycle bin,
Ctrl+Z or the "Thùng rác" view and Khôi phục take it back), Cài đặt, Sao lưu, Khôi phục từ
bản sao lưu, Thoát. Geometry is remembered in QSettings. The actions themselves (dialogs,
backups, wizards) are in :mod:`ui.main_actions`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.report import catalogue
from desktop_app.report.periods import PERIOD_TYPE_LABELS, PERIOD_TYPES
from desktop_app.storage import STATUS_LABELS, Store
from ui.main_actions import MainActions
from ui.report_table import ReportTableView
from ui.resources import app_icon, app_settings, fit_to_screen, key_sequence, standard_icon, window_title
from ui.typing_boxes import PasteLineEdit

SEARCH_DELAY_MS = 250
RELOAD_DELAY_MS = 800
EMPTY_HINT = "Chưa có báo cáo nào. Bấm «Báo cáo mới» (Ctrl+N) để bắt đầu."
EMPTY_BIN_HINT = "Thùng rác trống."
NO_MATCH_HINT = "Không có báo cáo nào khớp với bộ lọc hoặc từ tìm kiếm."
_DELETE = QKeySequence.StandardKey.Delete
# attribute, text, slot (of MainActions, else of the window), shortcuts, standard icon, status tip
ACTIONS: tuple[tuple[str, str, str, tuple[Any, ...], str, str], ...] = (
    (
        "new_action",
        "&Báo cáo mới…",
        "new_report",
        ("Ctrl+N",),
        "SP_FileIcon",
        "Tạo báo cáo mới, điền sẵn từ kỳ trước",
    ),
    (
        "open_action",
        "&Mở",
        "open_selected",
        ("Return", "Enter"),  # read by their English names (key_sequence): Return and the keypad's Enter
        "SP_DialogOpenButton",
        "Mở báo cáo đang chọn để soạn tiếp",
    ),
    (
        "duplicate_action",
        "&Nhân bản",
        "duplicate_selected",
        ("Ctrl+D",),
        "SP_FileLinkIcon",
        "Chép báo cáo đang chọn thành một bản nháp mới",
    ),
    (
        "delete_action",
        "&Xóa",
        "delete_selected",
        (_DELETE,),
        "SP_TrashIcon",
        "Chuyển báo cáo đang chọn vào Thùng rác",
    ),
    (
        "restore_action",
        "&Khôi phục",
        "restore_selected",
        (),
        "SP_BrowserReload",
        "Đưa báo cáo đang chọn ra khỏi Thùng rác",
    ),
    (
        "export_action",
        "&Xuất tệp trả lời…",
        "export_selected",
        ("Ctrl+E",),
        "",
        "Lưu báo cáo đang chọn thành tệp .json để gửi cấp trên hoặc chuyển sang máy khác",
    ),
    (
        "import_action",
        "Nhập tệp t&rả lời…",
        "import_answer_file",
        ("Ctrl+I",),
        "",
        "Thêm báo cáo từ một tệp .json (của đơn vị cấp dưới, hoặc từ máy khác) thành bản nháp",
    ),
    (
        "rollup_action",
        "&Tổng hợp báo cáo…",
        "rollup",
        ("Ctrl+G",),
        "",
        "Gộp báo cáo các đơn vị gửi lên (hoặc các kỳ của một đơn vị) thành một báo cáo tổng hợp",
    ),
    (
        "history_action",
        "&Lịch sử các lần lưu…",
        "show_history",
        ("Ctrl+H",),
        "",
        "Xem các lần lưu của báo cáo đang chọn và lấy lại một lần lưu cũ",
    ),
    ("undo_delete_action", "&Hoàn tác xóa", "undo_delete", ("Ctrl+Z",), "", "Lấy lại báo cáo vừa xóa"),
    (
        "finish_action",
        "Đánh dấu đã hoàn &thành",
        "toggle_finished",
        (),
        "",
        "Đổi trạng thái báo cáo: bản nháp / đã hoàn thành",
    ),
    ("bin_action", "&Thùng rác", "show_bin", ("Ctrl+T",), "SP_TrashIcon", "Xem các báo cáo đã xóa"),
    ("find_action", "Tì&m", "focus_search", (QKeySequence.StandardKey.Find,), "", ""),
    ("refresh_action", "&Làm mới", "reload", ("F5",), "", ""),
    (
        "settings_action",
        "&Cài đặt…",
        "open_settings",
        ("Ctrl+,",),
        "SP_FileDialogDetailedView",
        "Thông tin cơ quan, người ký, nơi nhận",
    ),
    ("add_unit_action", "Thêm đơn &vị…", "add_unit", (), "", ""),
    (
        "backup_action",
        "&Sao lưu ngay",
        "backup_now",
        (),
        "SP_DriveHDIcon",
        "Sao lưu toàn bộ dữ liệu ngay bây giờ",
    ),
    ("restore_backup_action", "&Khôi phục từ bản sao lưu…", "restore_from_backup", (), "", ""),
    ("quit_action", "T&hoát", "close", (QKeySequence.StandardKey.Quit,), "", "Đóng ứng dụng"),
    ("about_action", "&Giới thiệu", "about", (), "", ""),
)
# The menus and the toolbar, by action attribute; "" is a separator.
MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "&Tệp",
        (
            "new_action",
            "open_action",
            "duplicate_action",
            "history_action",
            "",
            "export_action",
            "import_action",
            "rollup_action",
            "",
            "backup_action",
            "restore_backup_action",
            "",
            "quit_action",
        ),
    ),
    (
        "&Sửa",
        ("undo_delete_action", "", "delete_action", "restore_action", "", "finish_action", "", "find_action"),
    ),
    ("&Xem", ("bin_action", "refresh_action")),
    ("&Công cụ", ("settings_action", "add_unit_action")),
    ("Trợ &giúp", ("about_action",)),
)
TOOLBAR = (
    "new_action",
    "open_action",
    "duplicate_action",
    "delete_action",
    "",
    "bin_action",
    "restore_action",
    "",
    "settings_action",
    "backup_action",
)


class MainWindow(QMainWindow):
    """List, filter and search the reports; start, open, copy, delete and restore them."""

    # Made by _build_actions from ACTIONS (one attribute per row).
    new_action: QAction
    open_action: QAction
    duplicate_action: QAction
    export_action: QAction
    import_action: QAction
    rollup_action: QAction
    history_action: QAction
    delete_action: QAction
    restore_action: QAction
    undo_delete_action: QAction
    finish_action: QAction
    bin_action: QAction
    find_action: QAction
    refresh_action: QAction
    settings_action: QAction
    add_unit_action: QAction
    backup_action: QAction
    restore_backup_action: QAction
    quit_action: QAction
    about_action: QAction

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("main_window")
        self.setWindowTitle(window_title())
        self.setWindowIcon(app_icon())
        self.actions_ = MainActions(self, self)
        self._build_central()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._restore_geometry()
        self.reload()
        self.table.setFocus()

    # ------------------------------------------------------------ building
    def _build_central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self._build_filters())
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hint")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table = ReportTableView()
        self.table.doubleClicked.connect(lambda _index: self.actions_.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        layout.addWidget(self.hint_label)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search_edit = PasteLineEdit()
        self.search_edit.setObjectName("search")
        self.search_edit.setPlaceholderText(
            "Tìm trong các báo cáo (gõ không dấu cũng được, ví dụ: kiem soat)"
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(lambda _text: self.search_timer.start())
        # Autosaves of an open wizard come often: refresh the list once they pause.
        self.reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self.reload_timer.timeout.connect(self.reload)
        self.search_edit.returnPressed.connect(self._search_now)
        self.kind_filter = self._filter_combo("loc_loai", "Mọi loại văn bản")
        self.refill_kinds()
        self.period_filter = self._filter_combo("loc_ky", "Mọi loại kỳ")
        for period_type in PERIOD_TYPES:
            self.period_filter.addItem(PERIOD_TYPE_LABELS[period_type], period_type)
        self.status_filter = self._filter_combo("loc_trang_thai", "Mọi trạng thái")
        for status, word in STATUS_LABELS.items():
            self.status_filter.addItem(word, status)
        search_label = QLabel("Tì&m:")
        search_label.setBuddy(self.search_edit)
        row.addWidget(search_label)
        row.addWidget(self.search_edit, 3)
        for combo in (self.kind_filter, self.period_filter, self.status_filter):
            row.addWidget(combo, 1)
        return row

    def _filter_combo(self, object_name: str, all_text: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(object_name)
        combo.addItem(all_text, None)
        combo.setMinimumContentsLength(12)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.currentIndexChanged.connect(lambda _i: self.reload())
        return combo

    def _action(self, name: str, text: str, slot: str, keys: tuple[Any, ...], icon: str, tip: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts([key_sequence(k) for k in keys])
        if icon:
            action.setIcon(standard_icon(self, getattr(QStyle.StandardPixmap, icon)))
        action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
        target = getattr(self.actions_, slot, None) or getattr(self, slot)
        action.triggered.connect(lambda _checked=False: target())
        self.addAction(action)
        setattr(self, name, action)
        return action

    def _build_actions(self) -> None:
        for spec in ACTIONS:
            self._action(*spec)
        self.finish_action.setCheckable(True)
        self.bin_action.setCheckable(True)
        # Enter and Delete belong to the table only: in the search box they edit the text.
        for action in (self.open_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.removeAction(action)
            self.table.addAction(action)

    def _build_menus(self) -> None:
        for title, names in MENUS:
            self._fill(self.menuBar().addMenu(title), names)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("Thanh công cụ")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._fill(toolbar, TOOLBAR)

    def _fill(self, target: QMenu | QToolBar, names: tuple[str, ...]) -> None:
        for name in names:
            if name:
                target.addAction(getattr(self, name))
            else:
                target.addSeparator()

    # ------------------------------------------------------------ state
    def in_bin(self) -> bool:
        return self.bin_action.isChecked()

    def schedule_reload(self) -> None:
        """Read the list again a little later (after a burst of autosaves)."""
        self.reload_timer.start()

    def refill_kinds(self) -> None:
        """List every installed kind in the filter (again, after one was imported or removed)."""
        chosen = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        while self.kind_filter.count() > 1:
            self.kind_filter.removeItem(1)
        for fam in catalogue.families():
            self.kind_filter.addItem(fam.title + (" (riêng)" if fam.is_own else ""), fam.id)
        self.kind_filter.setCurrentIndex(max(0, self.kind_filter.findData(chosen)))
        self.kind_filter.blockSignals(False)

    def show_bin(self) -> None:
        """The Thùng rác's view, or the list again, on the report last taken out of the bin."""
        self.reload(select=None if self.in_bin() else self.actions_.take_restored())

    def reload(self, select: int | None = None) -> None:
        """Read the reports again from the store, keeping (or moving to) a selected report."""
        self.search_timer.stop()
        self.reload_timer.stop()
        keep = select if select is not None else self.table.current_report_id()
        units = {u.id: u.unit.ten_goi for u in self.store.units(include_inactive=True)}
        rows = self.store.list_reports(
            kind=self.kind_filter.currentData(),
            period_type=self.period_filter.currentData(),
            status=self.status_filter.currentData(),
            search=self.search_edit.text().strip() or None,
            include_deleted=self.in_bin(),
        )
        if self.in_bin():
            rows = [r for r in rows if r.deleted_at is not None]
        self.table.report_model.set_rows(rows, units)
        self.table.show_columns(units=len(units) > 1, deleted=self.in_bin())
        self.setWindowTitle(window_title(next(iter(units.values())) if len(units) == 1 else ""))
        self.table.select_report(keep)
        self._show_hint(len(rows))
        self.update_actions()

    def _show_hint(self, count: int) -> None:
        filtered = bool(self.search_edit.text().strip()) or any(
            c.currentData() is not None for c in (self.kind_filter, self.period_filter, self.status_filter)
        )
        if count:
            hint = ""
        elif self.in_bin():
            hint = EMPTY_BIN_HINT
        else:
            hint = NO_MATCH_HINT if filtered else EMPTY_HINT
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))
        where = "trong Thùng rác" if self.in_bin() else ""
        self.status(f"{count} báo cáo {where}".strip() + ".")

    def update_actions(self) -> None:
        selected = self.table.current_report_id() is not None
        in_bin = self.in_bin()
        for action in (
            self.open_action,
            self.duplicate_action,
            self.delete_action,
            self.finish_action,
            self.export_action,
            self.history_action,
        ):
            action.setEnabled(selected and not in_bin)
        self.restore_action.setEnabled(selected and in_bin)
        self.restore_action.setVisible(in_bin)
        self.undo_delete_action.setEnabled(self.actions_.can_undo_delete())
        row = self.table.report_model.row_of(self.table.current_report_id() or 0)
        finished = row is not None and self.table.report_model.info(row).status == "hoan_thanh"
        self.finish_action.setChecked(finished)

    def status(self, message: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _search_now(self) -> None:
        self.reload()
        if self.table.report_model.rowCount():
            self.table.setFocus()

    # ------------------------------------------------------------ geometry
    def _restore_geometry(self) -> None:
        settings = app_settings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(QByteArray(geometry)):
            header = settings.value("main_window/header")
            if isinstance(header, QByteArray | bytes):
                self.table.horizontalHeader().restoreState(QByteArray(header))
            return
        fit_to_screen(self, 1200, 720)

    def save_geometry(self) -> None:
        settings = app_settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/header", self.table.horizontalHeader().saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if not self.actions_.close_wizards():
            event.ignore()
            return
        self.save_geometry()
        event.accept()
