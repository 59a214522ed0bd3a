"""The saves of one report: read any earlier one beside the current content, and bring it back.

Restoring never loses anything: the storage keeps the current content as a revision first,
so a restore can itself be undone from this same list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.answers import AnswerFileError
from desktop_app.session import summary_lines
from desktop_app.storage import Revision, StorageError, Store
from ui.report_table import local_time
from ui.resources import fit_to_screen, window_title


def revision_text(revision: Revision) -> str:
    return f"Lần {revision.n} · {local_time(revision.saved_at)} · {revision.kind_label}"


class HistoryDialog(QDialog):
    """The revisions of a report, newest first; the selected one read against the current one."""

    def __init__(self, store: Store, report_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store, self.report_id = store, report_id
        self.restored: int | None = None
        info = store.report_info(report_id)
        self.setWindowTitle(window_title(f"Lịch sử các lần lưu – {info.period.short_label()}"))
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
        self._lay_out(buttons)
        self.fill()

    def _lay_out(self, buttons: QDialogButtonBox) -> None:
        left = QVBoxLayout()
        label = QLabel("Các &lần lưu (mới nhất trước):", self)
        label.setBuddy(self.revision_list)
        left.addWidget(label)
        left.addWidget(self.revision_list)
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
