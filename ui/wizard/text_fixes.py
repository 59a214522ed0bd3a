"""One-click corrections of the text on the review page: the content check's fixes.

A problem that comes with a fix (a period word naming another period: «quý II năm 2024» in a
quý III/2025 report) gets a button «Sửa thành «quý III năm 2025»» beside «Đến chỗ sửa». The
button edits the answer through the session, as if the official had typed it in its box: it is
saved at once and kept in the report's history. Above the list, the last correction is named,
with «Hoàn tác» (Ctrl+Z on this page) to put the words back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop_app.report.checks import Issue
from desktop_app.report.content import Fix
from desktop_app.report.session import EditResult, Session
from ui.wizard.pages import small_label

DOCUMENT_TEXTS = ("trich_yeu", "kinh_gui", "noi_nhan")
DONE_COLOUR = "#1d5c2e"


class TextFixes(QWidget):
    """The line over the list of problems that names the last correction and can undo it."""

    sig_fixed = Signal(str)
    """A correction was made (the field's id)."""

    def __init__(
        self, session: Session, status: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.status = session, status
        # the field of the last fix, its value before the fix and right after it
        self.undo_value: tuple[str, Any, Any] | None = None
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 4, 0, 0)
        self.done_label = small_label("", self, DONE_COLOUR)
        self.undo_button = QPushButton("Hoàn tác (Ctrl+Z)", self)
        self.undo_button.setObjectName("hoan_tac_sua")
        self.undo_button.setShortcut("Ctrl+Z")
        self.undo_button.setToolTip("Đặt lại chữ như trước lần sửa vừa rồi.")
        self.undo_button.clicked.connect(lambda: self.undo())
        line.addWidget(self.done_label, 1)
        line.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def add_button(self, row: QWidget, issue: Issue, name: str) -> QPushButton | None:
        """Put a «Sửa thành …» button (named ``sua_<name>``) on the row of ``issue`` when it has a fix."""
        fix, line = issue.fix, row.layout()
        if fix is None or not isinstance(line, QHBoxLayout):
            return None
        removes = not fix.after and self._whole_line(fix)
        if removes:
            label, what = "Bỏ dòng này", f"Bỏ dòng «{fix.before}»"
        elif not fix.after:  # some words taken out of a line
            label, what = f"Xóa «{fix.before}»", f"Xóa «{fix.before}»"
        else:
            label, what = f"Sửa thành «{fix.after}»", f"Thay «{fix.before}» bằng «{fix.after}»"
        button = QPushButton(label, row)
        button.setObjectName(f"sua_{name}")
        button.setToolTip(f"{what} (có thể hoàn tác).")
        button.setAccessibleDescription(issue.message)
        button.clicked.connect(lambda: self.apply(fix))
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return button

    def apply(self, fix: Fix) -> EditResult:
        """Make the correction through the session (saved like any edit); say what was done."""
        before = self._value(fix.field)
        result = self.session.apply_fix(fix)
        if not result.ok:
            self.status(result.message)
            return result
        self.undo_value = (fix.field, before, self._value(fix.field))
        done = (
            f"Đã bỏ dòng «{fix.before}»." if not fix.after else f"Đã sửa «{fix.before}» thành «{fix.after}»."
        )
        self.done_label.setText(done)
        self.show()
        self.undo_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status(done)
        self.sig_fixed.emit(fix.field)
        return result

    def undo(self) -> None:
        """Put back the text as it was before the last correction."""
        if self.undo_value is None:
            return
        field, value, fixed = self.undo_value
        self.undo_value = None
        self.hide()
        if self._value(field) != fixed:  # typed over since: undoing would lose that
            self.status("Chữ đã được sửa tiếp sau lần sửa đó; xem «Lịch sử các lần lưu» để lấy lại bản cũ.")
            return
        if field in DOCUMENT_TEXTS:
            self.session.set_document(**{field: value})
        else:
            self.session.set_value(field, value)
        self.status("Đã hoàn tác lần sửa vừa rồi.")

    def _whole_line(self, fix: Fix) -> bool:
        """True when ``fix`` takes out a whole line of a list or of a text (a Nơi nhận line naming a
        body that no longer exists), not some words of it."""
        value = self._value(fix.field)
        lines = value.split("\n") if isinstance(value, str) else value
        if len(fix.path) != 1 or not isinstance(lines, (list, tuple)):
            return False
        at = fix.path[0]
        return isinstance(at, int) and 0 <= at < len(lines) and str(lines[at]) == fix.before

    def _value(self, field: str) -> Any:
        if field in DOCUMENT_TEXTS:
            return getattr(self.session.document, field)
        return self.session.report.answers.get(field)
