"""«Đã xem tất cả»: one button on the review page for every value carried from the last period.

A pre-filled report marks each step holding values of the previous period «Cần xem lại» until
they are looked at; each page has its own «Đã xem» button, and this box confirms them all at
once after listing, step by step, the fields it confirms. Values are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.report.session import REVIEW, Session
from ui.wizard.pages import DOCUMENT_STEP, build_steps, carried_from, small_label

MAX_LABELS = 4  # fields named per step; the rest are counted


class CarriedBox(QFrame):
    """The list of carried values not yet looked at, and «Đã xem tất cả» (Alt+T)."""

    def __init__(
        self, session: Session, status: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.status = status
        self.setObjectName("da_xem_tat_ca_khung")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self)
        self.title_label = QLabel(self)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.list_label = small_label("", self, None)
        self.list_label.setObjectName("da_xem_tat_ca_danh_sach")
        self.confirm_button = QPushButton("Đã xem &tất cả: giữ nguyên các giá trị này", self)
        self.confirm_button.setObjectName("da_xem_tat_ca")
        self.confirm_button.setToolTip(
            f"Bỏ dấu «Cần xem lại» của mọi giá trị lấy từ {carried_from(session.report)} liệt kê ở đây; "
            "các giá trị giữ nguyên. Mỗi trang vẫn có nút «Đã xem» riêng."
        )
        self.confirm_button.clicked.connect(self.confirm_all)
        for widget in (self.title_label, self.list_label):
            column.addWidget(widget)
        column.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.hide()

    def lines(self) -> list[str]:
        """One line per step: its title and the labels of its fields still to look at."""
        kind = self.session.kind
        step_of = {section: step.title for step in build_steps(kind) for section in step.sections}
        by_step: dict[str, list[str]] = {}
        for section_id, fields in self.session.carried_by_section():
            by_step.setdefault(step_of.get(section_id, section_id), []).extend(fields)
        out = []
        for title, fields in by_step.items():
            labels = [kind.field(f).label for f in fields[:MAX_LABELS]]
            more = len(fields) - len(labels)
            named = "; ".join(labels) + (f" và {more} ô khác" if more else "")
            out.append(f"• {title} ({len(fields)} ô): {named}")
        return out

    def refresh(self) -> None:
        """Show what would be confirmed; hide the box when nothing is left."""
        lines = self.lines()
        self.setVisible(bool(lines))
        if not lines:
            return
        count = sum(len(fields) for _, fields in self.session.carried_by_section())
        self.title_label.setText(
            f"Giá trị lấy từ {carried_from(self.session.report)} chưa được xem lại: "
            f"{count} ô ở {len(lines)} mục «Cần xem lại»"
        )
        self.list_label.setText("\n".join(lines))

    def confirm_all(self) -> None:
        """Confirm every carried value at once (one change, one save) and say what was confirmed."""
        listed = self.session.carried_by_section()
        fields = [f for _, ids in listed for f in ids]
        steps = len(self.lines())
        if not fields:
            return
        self.session.confirm_carried(fields)
        left = self.still_to_review()
        rest = f" Còn «Cần xem lại» vì có lỗi hoặc còn thiếu: {'; '.join(left)}." if left else ""
        self.status(
            f"Đã xác nhận {len(fields)} giá trị lấy từ {carried_from(self.session.report)} ở {steps} mục; "
            f"các giá trị giữ nguyên.{rest}"
        )

    def still_to_review(self) -> list[str]:
        """The steps still «Cần xem lại» for another reason than carried values (an error…)."""
        visible = {s.id for s in self.session.visible_sections()}
        titles = []
        for step in build_steps(self.session.kind):
            if step.key == DOCUMENT_STEP:
                state = self.session.document_state()
            else:
                states = [self.session.section_state(s) for s in step.sections if s in visible]
                state = REVIEW if REVIEW in states else ""
            if state == REVIEW and not step.header:
                titles.append(step.title)
        return titles
