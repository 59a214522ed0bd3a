"""The saves of one report: read any earlier one beside the current content, and bring it back.

Restoring never loses anything: the storage keeps the current content as a revision first,
so a restore can itself be undone from this same list.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.document.render import SAME_DATA_OTHER_FILE, reproduce
from desktop_app.report.answers import AnswerFileError
from desktop_app.report.session import summary_lines
from desktop_app.storage import Revision, StorageError, Store
from ui.background import run_in_background
from ui.report_table import local_time
from ui.resources import ask_save_path, fit_to_screen, last_folder, window_title


def revision_text(revision: Revision) -> str:
    return f"Lần {revision.n} · {local_time(revision.saved_at)} · {revision.kind_label}"


class HistoryDialog(QDialog):
    """The revisions of a report, newest first; the selected one read against the current one."""

    def __init__(self, store: Store, report_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store, self.report_id = store, report_id
        self.restored: int | None = None
        self.reproduced: tuple[Path, bool] | None = None
        info = store.report_info(report_id)
        self.setWindowTitle(window_title(f"Lịch sử các lần lưu – {info.label}"))
        self.revision_list = QListWidget(self)
        self.revision_list.setObjectName("lan_luu")
        self.content = QPlainTextEdit(self)
        self.content.setObjectName("noi_dung_lan_luu")
        self.content.setReadOnly(True)
        self.restore_button = QPushButton("Lấy lại &bản này", self)
        self.restore_button.setObjectName("lay_lai_ban_nay")
        self.restore_button.setToolTip(
            "Đưa nội dung lần lưu này trở lại; nội dung hiện tại vẫn được giữ trong lịch sử."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.revision_list.currentRowChanged.connect(self.show_selected)
        self.output_list = QListWidget(self)
        self.output_list.setObjectName("van_ban_da_tao")
        self.reproduce_button = QPushButton("&Tạo lại văn bản đã gửi…", self)
        self.reproduce_button.setObjectName("tao_lai_van_ban")
        self.reproduce_button.setToolTip(
            "Tạo lại đúng văn bản đã tạo lúc trước, từ số liệu được giữ lại khi đó (dù báo cáo đã sửa sau)."
        )
        self.reproduce_button.clicked.connect(lambda: self.reproduce_selected())
        self._lay_out(buttons)
        self.fill()

    def _lay_out(self, buttons: QDialogButtonBox) -> None:
        left = QVBoxLayout()
        label = QLabel("Các &lần lưu (mới nhất trước):", self)
        label.setBuddy(self.revision_list)
        left.addWidget(label)
        left.addWidget(self.revision_list, 3)
        made = QLabel("&Văn bản đã tạo (mới nhất trước):", self)
        made.setBuddy(self.output_list)
        left.addWidget(made)
        left.addWidget(self.output_list, 1)
        left.addWidget(self.reproduce_button)
        right = QVBoxLayout()
        right.addWidget(QLabel("Nội dung lần lưu đã chọn («≠»: khác với hiện tại):", self))
        right.addWidget(self.content)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(buttons)
        fit_to_screen(self, 980, 600)

    def fill(self) -> None:
        self.revision_list.clear()
        for revision in reversed(self.store.revisions(self.report_id)):
            item = QListWidgetItem(revision_text(revision), self.revision_list)
            item.setData(Qt.ItemDataRole.UserRole, revision.n)
        self.revision_list.setCurrentRow(0)
        self.revision_list.setFocus()
        self.output_list.clear()
        for output in reversed(self.store.outputs(self.report_id)):
            name = Path(output.path).name
            text = f"{local_time(output.produced_at)} · lần lưu {output.revision} · {name}"
            item = QListWidgetItem(text, self.output_list)
            item.setData(Qt.ItemDataRole.UserRole, output.id)
            item.setToolTip(output.path)
        self.output_list.setCurrentRow(0)
        self.reproduce_button.setEnabled(self.output_list.count() > 0)

    def selected(self) -> int | None:
        item = self.revision_list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def show_selected(self) -> None:
        n = self.selected()
        if n is None:
            self.content.clear()
            return
        try:
            current = self.store.load_report(self.report_id)
            then = self.store.load_revision(self.report_id, n)
        except (StorageError, AnswerFileError) as exc:
            self.content.setPlainText(f"Không đọc được lần lưu này: {exc}")
            self.restore_button.setEnabled(False)
            return
        self.content.setPlainText("\n".join(summary_lines(then, current)))
        self.restore_button.setEnabled(then != current)

    def reproduce_selected(self) -> Path | None:
        """Render the selected document that went out again, and say whether it is identical."""
        item = self.output_list.currentItem()
        if item is None:
            return None
        output = self.store.output(int(item.data(Qt.ItemDataRole.UserRole)))
        sent = Path(output.path)
        suggested = last_folder() / f"{sent.stem}-tao-lai{sent.suffix or '.docx'}"
        path = ask_save_path(self, "Lưu văn bản tạo lại", suggested, "Văn bản Word", ".docx")
        if path is None:
            return None
        report = self.store.load_output(output.id)
        run_in_background(
            reproduce,
            report,
            path,
            output.sha256,
            on_done=lambda identical: self._reproduced(path, identical),
            on_error=self._not_reproduced,
            parent=self,
        )
        return path

    def _not_reproduced(self, exc: BaseException) -> None:
        QMessageBox.warning(self, window_title("Chưa tạo lại được"), str(exc))

    def _reproduced(self, path: Path, identical: bool) -> None:
        same = "Giống hệt văn bản đã tạo lúc trước (cùng mã băm SHA-256)."
        self.reproduced = (path, identical)
        box = QMessageBox(
            QMessageBox.Icon.Information if identical else QMessageBox.Icon.Warning,
            window_title("Đã tạo lại văn bản"),
            f"Đã tạo {path}.\n{same if identical else SAME_DATA_OTHER_FILE}",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("da_tao_lai")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def restore_selected(self) -> None:
        n = self.selected()
        if n is None:
            return
        try:
            self.restored = self.store.restore_revision(self.report_id, n)
        except StorageError as exc:
            self.content.setPlainText(f"Không lấy lại được: {exc}")
            return
        self.fill()
