"""What the main window's actions do: dialogs, the wizard, the recycle bin, backups.

Kept apart from :mod:`ui.main_window` (which builds and lays out) so each stays readable.
Messages that only inform are opened window-modal without blocking (``QMessageBox.open``);
only questions whose answer decides what happens next wait for the official.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from desktop_app.document.filenames import output_file_name
from desktop_app.report import catalogue
from desktop_app.report.answers import AnswerFileError, Report
from desktop_app.storage import ReportInfo, StorageError, Store, backup_database, restore_backup
from desktop_app.system import datadir
from desktop_app.system.files import OutputError
from ui.background import run_in_background
from ui.form_bits import ask_yes_no, open_message
from ui.opening import open_in_system
from ui.report_table import ReportTableView, local_time
from ui.resources import ANSWER_FILTER, about_text, ask_save_path, last_folder, remember_folder, window_title

if TYPE_CHECKING:  # the dialogs are imported when opened: the main window shows sooner
    from ui.history_dialog import HistoryDialog
    from ui.rollup_dialog import RollupDialog

WIZARD_MISSING = (
    "Phần soạn nội dung báo cáo chưa có trong bản cài đặt này ({error}). "
    "Báo cáo đã được lưu trong danh sách; có thể mở lại khi phần này được cài."
)


def same_period_text(info: ReportInfo, same: list[ReportInfo]) -> str:
    """Say that the unit already had reports of this period: two rows alike are easy to mix up."""
    saved = ", ".join(local_time(r.updated) for r in same)
    return (
        f"Lưu ý: đơn vị này đã có {len(same)} báo cáo {info.label} cùng loại (lưu lúc {saved}); "
        f"nay danh sách có {len(same) + 1} bản cùng kỳ, bản vừa nhập đang được chọn. Nếu đây là "
        "tệp nhập lại hay một bản gửi lại, hãy xóa bản thừa (phím Delete) để khỏi sửa hay gửi nhầm."
    )


LISTED_LOST = 8


def restore_question(backup: Path, lost: list[tuple[ReportInfo, bool]], units: dict[int, str]) -> str:
    """Ask before a restore, saying when the backup was made (its name is in UTC) and which
    reports made or saved since it would leave the list."""
    made = datadir.backup_time(backup)
    when = (made or datetime.fromtimestamp(backup.stat().st_mtime, UTC)).astimezone()
    lines = [
        f"Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu «{backup.name}» "
        f"(sao lưu lúc {when:%H:%M} ngày {when:%d/%m/%Y})?"
    ]
    if lost:
        lines += ["", f"{len(lost)} báo cáo tạo hoặc sửa sau lúc đó sẽ không còn như hiện nay:"]
        for info, new in lost[:LISTED_LOST]:
            unit = units.get(info.unit_id, "")
            saved = local_time(info.updated)
            what = "tạo sau, sẽ mất khỏi danh sách" if new else f"sửa lúc {saved}, trở về bản cũ"
            lines.append(f"  - {info.label}{f' – {unit}' if unit else ''}: {what}")
        if len(lost) > LISTED_LOST:
            lines.append(f"  - … và {len(lost) - LISTED_LOST} báo cáo khác")
        lines.append(
            "Muốn giữ báo cáo nào, hãy xuất nó (Ctrl+E) trước rồi nhập lại (Ctrl+I) sau khi khôi phục."
        )
    lines += ["", "Dữ liệu hiện tại sẽ được sao lưu trước, nên vẫn lấy lại được."]
    return "\n".join(lines)


class ActionsHost(Protocol):
    """What the actions need of the main window (:class:`ui.main_window.MainWindow` is one)."""

    store: Store
    table: ReportTableView
    backup_action: QAction

    def in_bin(self) -> bool: ...

    def reload(self, select: int | None = None) -> None: ...

    def refill_kinds(self) -> None: ...

    def schedule_reload(self) -> None: ...

    def status(self, message: str, timeout_ms: int = 0) -> None: ...


class MainActions:
    """The main window's commands; ``window`` gives them the store, the table, the status bar,
    ``widget`` is the parent of their dialogs."""

    def __init__(self, window: ActionsHost, widget: QWidget) -> None:
        self.window = window
        self.widget = widget
        self.wizards: dict[int, QWidget] = {}
        self._deleted: list[int] = []
        self._restored: int | None = None  # taken out of the bin while its view was shown

    @property
    def store(self) -> Store:
        return self.window.store

    def _selected(self) -> int | None:
        return self.window.table.current_report_id()

    def inform(
        self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information
    ) -> QMessageBox:
        """Show a message without blocking; return the box (tests read and close it)."""
        return open_message(self.widget, title, text, "message", icon)

    def fail(self, exc: BaseException) -> None:
        self.inform("Không thực hiện được", str(exc), QMessageBox.Icon.Warning)

    # ------------------------------------------------------------ reports
    def new_report(self) -> None:
        from ui.new_report_dialog import NewReportDialog

        dialog = NewReportDialog(self.store, self._current_unit_id(), self.widget)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created_report_id is not None:
            self.window.reload(select=dialog.created_report_id)
            self.window.status("Đã tạo báo cáo mới (bản nháp).")
            self.open_report(dialog.created_report_id)

    def open_selected(self) -> None:
        report_id = self._selected()
        if report_id is not None and not self.window.in_bin():
            self.open_report(report_id)

    def open_report(self, report_id: int) -> QWidget | None:
        """Open the wizard on ``report_id`` (or bring its window forward); None when unavailable."""
        if report_id in self.wizards:
            wizard = self.wizards[report_id]
            wizard.show()
            wizard.raise_()
            wizard.activateWindow()
            return wizard
        try:
            module = importlib.import_module("ui.wizard")  # built by another module
            wizard_class: Callable[[Store, int, QWidget], QWidget] = module.WizardWindow
        except (ImportError, AttributeError) as exc:
            self.inform("Chưa mở được báo cáo", WIZARD_MISSING.format(error=exc))
            return None
        try:
            wizard = wizard_class(self.store, report_id, self.widget)
        except StorageError as exc:  # a damaged report: say so, list it as damaged; the others open
            self.window.reload(select=report_id)
            self.inform("Không mở được báo cáo", str(exc), QMessageBox.Icon.Warning)
            return None
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # reopening reads the report afresh
        self.wizards[report_id] = wizard
        saved = getattr(wizard, "sig_report_saved", None)
        if saved is not None:
            saved.connect(lambda *_: self.window.schedule_reload())
        wizard.destroyed.connect(lambda *_: self._wizard_gone(report_id))
        wizard.show()
        return wizard

    def _wizard_gone(self, report_id: int) -> None:
        self.wizards.pop(report_id, None)
        if shiboken6.isValid(self.widget):  # not when the wizard goes with the main window
            self.window.reload()

    def close_wizards(self) -> bool:
        """Close every open wizard (each saves as it closes); False when one refused to close."""
        for report_id, wizard in list(self.wizards.items()):
            if not wizard.close():
                return False
            self.wizards.pop(report_id, None)
        return True

    def duplicate_selected(self) -> None:
        report_id = self._selected()
        if report_id is None:
            return
        try:
            info = self.store.report_info(report_id)
            report = self.store.load_report(report_id)
            copy = replace(report, document=replace(report.document, so="", ngay=None))
            new_id = self.store.create_report(info.unit_id, copy)
        except StorageError as exc:
            self.fail(exc)
            return
        self.window.reload(select=new_id)
        self.window.status(f"Đã nhân bản thành bản nháp mới ({info.label}); số và ngày để trống.")

    def delete_selected(self) -> None:
        report_id = self._selected()
        if report_id is None or self.window.in_bin():
            return
        wizard = self.wizards.get(report_id)
        if wizard is not None and not wizard.close():  # it saves first; it may ask to stay
            return
        after = self.window.table.neighbour_id(report_id)
        try:
            label = self.store.report_info(report_id).label
            self.store.delete_report(report_id)
        except StorageError as exc:
            self.fail(exc)
            return
        self._deleted.append(report_id)
        self.window.reload(select=after)
        self.window.status(f"Đã chuyển báo cáo {label} vào Thùng rác. Ctrl+Z để lấy lại.")

    def restore_selected(self) -> None:
        report_id = self._selected()
        if report_id is not None:
            self._restore(report_id)

    def undo_delete(self) -> None:
        if self._deleted:
            self._restore(self._deleted[-1])

    def can_undo_delete(self) -> bool:
        return bool(self._deleted)

    def _restore(self, report_id: int) -> None:
        try:
            self.store.restore_report(report_id)
            label = self.store.report_info(report_id).label
        except StorageError as exc:
            self.fail(exc)
            return
        if report_id in self._deleted:
            self._deleted.remove(report_id)
        self._restored = report_id
        self.window.reload(select=report_id)
        self.window.status(f"Đã khôi phục báo cáo {label} từ Thùng rác.")

    def take_restored(self) -> int | None:
        """The report last taken out of the Thùng rác (once): the list selects it on leaving the
        bin's view, where it no longer stood (the top row was selected instead)."""
        found, self._restored = self._restored, None
        return found

    def toggle_finished(self) -> None:
        report_id = self._selected()
        if report_id is None:
            return
        finished = self.store.report_info(report_id).status == "hoan_thanh"
        self.store.set_status(report_id, "ban_nhap" if finished else "hoan_thanh")
        self.window.reload(select=report_id)
        self.window.status("Đã chuyển về bản nháp." if finished else "Đã đánh dấu đã hoàn thành.")

    # ------------------------------------------------------------ answer files and history
    def export_selected(self) -> Path | None:
        """Save the selected report as an answer file (.json): to e-mail upward, or to keep."""
        report_id = self._selected()
        if report_id is None:
            return None
        try:
            report = self.store.load_report(report_id)
        except StorageError as exc:  # a damaged report: said, and listed as damaged
            self.window.reload(select=report_id)
            self.fail(exc)
            return None
        name = output_file_name(catalogue.kind_of(report), report.period, report.unit, ".json")
        path = ask_save_path(
            self.widget, window_title("Xuất tệp trả lời"), last_folder() / name, *ANSWER_FILTER
        )
        if path is None:
            return None
        try:
            self.store.export_report(report_id, path)
        except (OutputError, StorageError) as exc:
            self.fail(exc)
            return None
        self.window.status(f"Đã xuất báo cáo ra {path}")
        return path

    def import_answer_file(self) -> int | None:
        """Add the report in an answer file (from a lower unit, or another PC) as a new draft."""
        chosen, _ = QFileDialog.getOpenFileName(
            self.widget,
            window_title("Nhập tệp trả lời"),
            str(last_folder()),
            "{} (*{})".format(*ANSWER_FILTER),  # the same filter as the export's
        )
        if not chosen:
            return None
        remember_folder(Path(chosen).parent)
        try:
            report_id = self.store.import_report(Path(chosen))
        except AnswerFileError as exc:
            self.inform(
                "Tệp trả lời có lỗi", "\n".join(["Không nhập được:", *exc.problems]), QMessageBox.Icon.Warning
            )
            return None
        except StorageError as exc:
            self.fail(exc)
            return None
        self.window.reload(select=report_id)
        info = self.store.report_info(report_id)
        done = f"Đã nhập {Path(chosen).name} thành báo cáo {info.label} (bản nháp)."
        self.window.status(done)
        same = self.store.same_period(report_id)
        if same:
            self.inform("Đã có báo cáo cùng kỳ", f"{done}\n\n{same_period_text(info, same)}")
        return report_id

    def show_history(self) -> HistoryDialog | None:
        """The saves of the selected report, to read and bring one back (its wizard closes first)."""
        report_id = self._selected()
        if report_id is None:
            return None
        wizard = self.wizards.get(report_id)
        if wizard is not None and not wizard.close():
            return None
        from ui.history_dialog import HistoryDialog

        dialog = HistoryDialog(self.store, report_id, self.widget)
        dialog.finished.connect(lambda _result: self._history_closed(dialog))
        dialog.open()
        return dialog

    def _history_closed(self, dialog: HistoryDialog) -> None:
        if dialog.restored is not None:
            self.window.reload(select=dialog.report_id)
            self.window.status(f"Đã lấy lại một lần lưu cũ (giữ thành lần lưu {dialog.restored}).")

    # ------------------------------------------------------------ roll-up
    def rollup(self) -> RollupDialog | None:
        """Roll the units' files up; on a selected rolled-up report, add late files to it."""
        selected = self._selected_report()
        kind_id = period = None
        existing = None
        if selected is not None:
            report_id, report = selected
            kind_id, period = report.kind, report.period
            if report.rollup is not None:
                wizard = self.wizards.get(report_id)
                if wizard is not None and not wizard.close():  # it saves first; the update follows
                    return None
                existing = report_id
        from ui.rollup_dialog import RollupDialog

        dialog = RollupDialog(
            self.store,
            self._current_unit_id(),
            self.widget,
            report_id=existing,
            kind_id=kind_id,
            period=period,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_report_made.connect(self._rollup_made)
        dialog.open()
        return dialog

    def _selected_report(self) -> tuple[int, Report] | None:
        """The report selected in the list (not in the bin), or None; a damaged one is marked."""
        report_id = self._selected()
        if report_id is None or self.window.in_bin():
            return None
        try:
            return report_id, self.store.load_report(report_id)
        except StorageError:  # listed as damaged; what asked for it goes on without it
            self.window.reload(select=report_id)
            return None

    def _rollup_made(self, report_id: int) -> None:
        self.window.reload(select=report_id)
        self.window.status("Đã lưu báo cáo tổng hợp (bản nháp) cùng các tệp của đơn vị.")
        self.open_report(report_id)

    # ------------------------------------------------------------ units
    def _current_unit_id(self) -> int | None:
        report_id = self._selected()
        if report_id is not None:
            return self.store.report_info(report_id).unit_id
        units = self.store.units()
        return units[0].id if units else None

    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.store, self._current_unit_id(), self.widget)
        dialog.kinds_panel.sig_kinds_changed.connect(self.window.refill_kinds)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.window.reload()
            self.window.status("Đã lưu cài đặt.")

    def add_unit(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.store, None, self.widget)
        dialog.setWindowTitle(window_title("Thêm đơn vị"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.window.reload()
            self.window.status("Đã thêm đơn vị.")

    # ------------------------------------------------------------ backups
    def backup_now(self) -> None:
        """Back up off the GUI thread (its own connection), then say where the file is."""
        self.window.status("Đang sao lưu…")
        self.window.backup_action.setEnabled(False)
        run_in_background(
            backup_database,
            self.store.path,
            on_done=self._backup_done,
            on_error=self._backup_failed,
            parent=self.widget,
        )

    def _backup_done(self, path: Path) -> None:
        self.window.backup_action.setEnabled(True)
        self.window.status(f"Đã sao lưu vào {path}")
        box = self.inform("Đã sao lưu", f"Đã sao lưu toàn bộ dữ liệu vào tệp:\n{path}")
        folder = box.addButton("Mở &thư mục", QMessageBox.ButtonRole.ActionRole)
        folder.clicked.connect(lambda: open_in_system(self.widget, path.parent))

    def _backup_failed(self, exc: BaseException) -> None:
        self.window.backup_action.setEnabled(True)
        self.window.status("Sao lưu không thành công.")
        self.fail(exc)

    def restore_from_backup(self, backup: Path | None = None, confirm: bool = True) -> bool:
        """Replace the data by a backup (what it replaces is backed up first); True when done."""
        if backup is None:
            backup = self._choose_backup()
            if backup is None:
                return False
        if confirm and not self._confirm_restore(backup):
            return False
        if not self.close_wizards():
            return False
        path = self.store.path
        self.store.close()
        self.window.status("Đang kiểm tra bản sao lưu (mọi báo cáo, mọi lần lưu)…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            saved = restore_backup(backup, path)
        except StorageError as exc:
            self.window.store = Store.open(path)
            self.window.status("Không khôi phục; dữ liệu không thay đổi.")
            self.fail(exc)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.window.store = Store.open(path)
        self._deleted.clear()
        self.window.reload()
        kept = f"\nDữ liệu trước khi khôi phục được giữ ở:\n{saved}" if saved else ""
        self.inform("Đã khôi phục", f"Đã khôi phục dữ liệu từ bản sao lưu:\n{backup}{kept}")
        return True

    def _choose_backup(self) -> Path | None:
        folder = datadir.backups_dir(self.store.path)
        name, _ = QFileDialog.getOpenFileName(
            self.widget, window_title("Chọn bản sao lưu"), str(folder), "Bản sao lưu (*.db);;Mọi tệp (*)"
        )
        if not name:
            return None
        if not Path(name).is_relative_to(folder):  # the app's own folder is no place for documents
            remember_folder(Path(name))
        return Path(name)

    def _confirm_restore(self, backup: Path) -> bool:
        units = {u.id: u.unit.ten_goi for u in self.store.units(include_inactive=True)}
        if len(units) < 2:  # named as in the list: only when it holds several units
            units = {}
        return ask_yes_no(
            self.widget,
            "Khôi phục từ bản sao lưu",
            restore_question(backup, self.store.saved_since(backup), units),
        )

    def about(self) -> None:
        self.inform("Giới thiệu", f"{about_text()}\nSoạn báo cáo, kế hoạch kiểm soát thủ tục hành chính.")
