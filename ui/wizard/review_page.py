"""The review step: every problem with a way back to its field, key figures, "Tạo văn bản".

Producing the document asks where to save it (an e-mail-safe default name, the last folder
used), renders off the GUI thread, records the output in the store and offers to open the
document or its folder. A failure says why in Vietnamese and leaves the data untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.document.filenames import another_name, output_file_name
from desktop_app.document.forms import forms_for_kind
from desktop_app.document.render import Rendered, RenderError, render_report
from desktop_app.report.content import Fix
from desktop_app.report.review_marks import unreviewed_fields
from desktop_app.report.session import DOCUMENT_FIELDS, DONE, REVIEW, SECTION_STATE_LABELS, TODO, Session
from desktop_app.storage import StorageError, Store
from desktop_app.system.files import OutputError, TargetLockedError
from ui.background import run_in_background
from ui.form_bits import ask_yes_no
from ui.opening import open_in_system
from ui.print_preview import PrintPreviewDialog, open_print_preview
from ui.resources import app_settings, ask_save_path, key_sequence, last_folder, shown_keys, window_title
from ui.wizard.carried_box import CarriedBox
from ui.wizard.pages import SEVERITY_COLOURS, SEVERITY_WORDS, set_colour, small_label
from ui.wizard.text_fixes import TextFixes

WORD_FILTER = ("Văn bản Word", ".docx")
OPEN_AFTER_KEY = "wizard/open_after_producing"
EXCEL_FILTER = ("Bảng tính Excel", ".xlsx")


# ---------------------------------------------------------------- the page


class ReviewPage(QScrollArea):
    """Problems grouped by severity, a summary, and the "Tạo văn bản" button."""

    sig_render_requested = Signal()
    """The official asked for the Word document (before the file name is chosen)."""
    sig_output_recorded = Signal(str)
    """A document was written and recorded in the store; its path."""

    def __init__(
        self,
        session: Session,
        store: Store,
        report_id: int,
        go_to_field: Callable[[str, Fix | None], None],
        status: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.store, self.report_id = session, store, report_id
        self.go_to_field, self.status = go_to_field, status
        self.output_path: Path | None = None
        self.forms = forms_for_kind(session.kind)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 8, 24, 16)
        # Scroll rather than squeeze the summary when the page is taller than the window.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        title = QLabel("Xem lại trước khi tạo văn bản", content)
        title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        layout.addWidget(title)
        layout.addWidget(self._produce_box(content))
        self.carried_box = CarriedBox(session, status, content)  # «Đã xem tất cả»
        layout.addWidget(self.carried_box)
        self.text_fixes = TextFixes(session, status, content)
        layout.addWidget(self.text_fixes)
        self.issues_box = QWidget(content)
        self.issues_layout = QVBoxLayout(self.issues_box)
        self.issues_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.issues_box)
        self.summary_box = QWidget(content)
        self.summary_layout = QFormLayout(self.summary_box)
        layout.addWidget(self.summary_box)
        layout.addStretch(1)
        self.setWidget(content)

    def _produce_box(self, parent: QWidget) -> QWidget:
        box = QFrame(parent)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(box)
        line = QHBoxLayout()
        self.produce_button = QPushButton("Tạo văn bản", box)
        self.produce_button.setObjectName("tao_van_ban")
        self.produce_button.setDefault(True)
        self.produce_button.setMinimumHeight(self.produce_button.sizeHint().height() + 8)
        self.produce_button.setStyleSheet("font-weight: bold; padding: 0 18px;")
        self.produce_button.setToolTip(
            "Tạo tệp Word của văn bản (các lỗi, lưu ý không ngăn việc tạo văn bản)."
        )
        self.produce_button.clicked.connect(lambda: self.produce_document())
        self.progress_bar = QProgressBar(box)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setFormat("Đang tạo văn bản…")
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.excel_button = QPushButton("Xuất biểu E&xcel…", box)
        self.excel_button.setObjectName("xuat_excel")
        self.excel_button.setToolTip(
            "Lưu các biểu thống kê (" + ", ".join(f.code for f in self.forms) + ") thành tệp Excel "
            "để nhập vào Hệ thống báo cáo."
        )
        self.excel_button.clicked.connect(lambda: self.export_excel())
        self.excel_button.setVisible(bool(self.forms))
        line.addWidget(self.produce_button)
        line.addWidget(self.excel_button)
        line.addWidget(self.progress_bar, 1)
        line.addStretch(1)
        column.addLayout(line)
        self.open_after_check = QCheckBox("&Mở văn bản bằng Word ngay sau khi tạo", box)
        self.open_after_check.setObjectName("mo_sau_khi_tao")
        self.open_after_check.setChecked(bool(app_settings().value(OPEN_AFTER_KEY, True, type=bool)))
        self.open_after_check.toggled.connect(lambda on: app_settings().setValue(OPEN_AFTER_KEY, on))
        column.addWidget(self.open_after_check)
        column.addWidget(small_label("Các lỗi và lưu ý dưới đây không ngăn việc tạo văn bản.", box))
        self.result_label = small_label("", box, None)
        self.result_label.hide()
        column.addWidget(self.result_label)
        actions = QHBoxLayout()
        self.open_button = QPushButton("Mở văn bản", box)
        self.open_button.setObjectName("mo_van_ban")
        self.open_button.clicked.connect(self.open_document)
        self.preview_button = QPushButton(f"Xem trước, in, lưu PDF… ({shown_keys('Ctrl+P')})", box)
        self.preview_button.setObjectName("xem_truoc_in")
        self.preview_button.setShortcut(key_sequence("Ctrl+P"))
        self.preview_button.setToolTip("Xem các trang như khi in, rồi in hoặc lưu PDF.")
        self.preview_button.clicked.connect(self.open_preview)
        self.folder_button = QPushButton("Mở thư mục", box)
        self.folder_button.setObjectName("mo_thu_muc")
        self.folder_button.clicked.connect(self.open_folder)
        for button in (self.open_button, self.preview_button, self.folder_button):
            button.hide()
            actions.addWidget(button)
        actions.addStretch(1)
        column.addLayout(actions)
        return box

    # ------------------------------------------------------------ showing

    def refresh(self) -> None:
        """Rebuild the list of problems and the summary from the session."""
        self.carried_box.refresh()
        _clear(self.issues_layout)
        issues = self.session.issues()
        rows: list[QWidget] = []
        for severity, heading in (("error", "Lỗi"), ("warning", "Lưu ý")):
            group = [i for i in issues if i.severity == severity]
            label = QLabel(f"{heading} ({len(group)})" if group else f"{heading}: không có", self.issues_box)
            label.setStyleSheet("font-weight: bold; margin-top: 8px;")
            self.issues_layout.addWidget(label)
            for n, issue in enumerate(group):
                row = self._issue_row(issue.message, issue.fields, severity, n, issue.fix)
                self.text_fixes.add_button(row, issue, f"{severity}_{n}")
                self.issues_layout.addWidget(row)
                rows.append(row)
        self._chain_findings(rows)
        self._fill_summary()

    def _chain_findings(self, rows: list[QWidget]) -> None:
        """Tab goes through the findings' buttons right after «Hoàn tác», as they stand on the
        page: rows made again at each refresh would otherwise come last, after «Quay lại»."""
        previous: QWidget = self.text_fixes.undo_button
        for widget in (button for row in rows for button in row.findChildren(QPushButton)):
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def _issue_row(
        self, message: str, fields: tuple[str, ...], severity: str, n: int, fix: Fix | None = None
    ) -> QWidget:
        row = QWidget(self.issues_box)
        line = QHBoxLayout(row)
        line.setContentsMargins(12, 0, 0, 0)
        word = small_label(SEVERITY_WORDS[severity], row, SEVERITY_COLOURS[severity], bold=True)
        word.setWordWrap(False)
        line.addWidget(word)
        line.addWidget(small_label(message, row, None), 1)
        target = next((f for f in fields if self.session.kind.has_field(f) or f in DOCUMENT_FIELDS), None)
        if target is not None:
            button = QPushButton("Đến chỗ sửa", row)
            button.setObjectName(f"den_{severity}_{n}")
            button.setAccessibleDescription(message)
            button.clicked.connect(lambda: self.go_to_field(target, fix))
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _fill_summary(self) -> None:
        while self.summary_layout.rowCount():
            self.summary_layout.removeRow(0)
        report, session = self.session.report, self.session
        self.summary_layout.addRow(_bold("Tóm tắt", self.summary_box))
        self.summary_layout.addRow("Kỳ báo cáo:", QLabel(report.period.short_label()))
        self.summary_layout.addRow("Đơn vị:", QLabel(report.unit.ten_goi))
        states = [session.section_state(s.id) for s in session.visible_sections() if s.fields]
        counts = ", ".join(
            f"{states.count(k)} {SECTION_STATE_LABELS[k].lower()}" for k in (DONE, REVIEW, TODO)
        )
        self.summary_layout.addRow("Các mục:", QLabel(counts))
        for f in session.kind.fields():
            state = session.state(f.id)
            if (f.parts or f.computed) and state.visible and state.display:
                self.summary_layout.addRow(QLabel(f"{f.label}:"), QLabel(state.display))

    # ------------------------------------------------------------ producing

    def produce_document(self, suggested: Path | None = None) -> None:
        """Ask where to save (offering ``suggested``), then render in the background."""
        self.sig_render_requested.emit()
        if suggested is None and not self.marks_accepted():
            return
        path = self.ask_path(suggested)
        if path is None:
            return
        report = self.session.report
        self._busy(True)
        self.status("Đang tạo văn bản…")
        run_in_background(
            render_report,
            report,
            path,
            on_done=lambda rendered: self._produced(path, rendered, report),
            on_error=self._failed,
            parent=None,  # recorded in the store even if the window was closed meanwhile
        )

    def marks_accepted(self) -> bool:
        """True when no text still holds the units' words under «Cần xem lại» lines, or when the
        official chooses to print them so (a 60-unit draft is mostly their words: pages of paper)."""
        kind, report = self.session.kind, self.session.report
        marked = [kind.field(f).label for f in unreviewed_fields(kind, report.answers)]
        if not marked:
            return True
        shown = "; ".join(f"«{label}»" for label in marked[:4]) + (
            f" và {len(marked) - 4} mục khác" if len(marked) > 4 else ""
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            window_title("Còn phần chữ chưa biên tập"),
            f"Còn {len(marked)} mục chữ gộp từ báo cáo các đơn vị, chưa biên tập lại: {shown}.\n\n"
            "Văn bản sẽ in nguyên lời của từng đơn vị cùng các dòng «Cần xem lại». Vẫn tạo văn bản?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText("&Vẫn tạo")
        box.button(QMessageBox.StandardButton.No).setText("&Để biên tập trước")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_path(self, suggested: Path | None = None) -> Path | None:
        """Ask where to save the Word file, offering ``suggested`` or the default name."""
        return ask_save_path(self, "Lưu văn bản Word", suggested or self._default_path(".docx"), *WORD_FILTER)

    def _default_path(self, suffix: str, prefix: str = "") -> Path:
        folder = last_folder()
        report = self.session.report
        name = output_file_name(self.session.kind, report.period, report.unit, suffix)
        return folder / (prefix + name)

    def _produced(self, path: Path, rendered: Rendered, report: Any) -> None:
        note = ""
        try:
            self.store.record_output(self.report_id, path, rendered.data, report)
        except StorageError as exc:
            note = f"\n(Chưa ghi được vào lịch sử văn bản: {exc})"
        if not shiboken6.isValid(self):  # the window was closed while the document was made
            return
        self._busy(False)
        self.output_path = path
        blanks = rendered.blank_words()
        self._show_result(f"Đã tạo văn bản: {path}{note}" + (f"\nLưu ý: {blanks}" if blanks else ""), ok=True)
        self.status(f"Đã tạo văn bản {path.name}")
        self.sig_output_recorded.emit(str(path))
        if self.open_after_check.isChecked():
            self.open_document()

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy(False)
        known = isinstance(exc, RenderError | OutputError)
        message = str(exc) if known else f"Không tạo được văn bản: {exc}"
        self._show_result(f"{message}\nDữ liệu của báo cáo không bị thay đổi.", ok=False)
        self.status("Không tạo được văn bản.")
        if isinstance(exc, TargetLockedError):
            self._offer_another_name(exc)

    def _offer_another_name(self, exc: TargetLockedError) -> None:
        """The chosen file is open in Word: offer to save beside it under a free name."""
        if self._ask_another_name(exc):
            self.produce_document(suggested=another_name(exc.path))

    def _ask_another_name(self, exc: TargetLockedError) -> bool:
        question = f"{exc}\n\nLưu với tên khác, «{another_name(exc.path).name}»?"
        return ask_yes_no(self, "Tệp đang mở", question, default_yes=True)

    def _busy(self, busy: bool) -> None:
        self.produce_button.setEnabled(not busy)
        self.progress_bar.setVisible(busy)

    def _show_result(self, text: str, ok: bool) -> None:
        colour = "#1d5c2e" if ok else SEVERITY_COLOURS["error"]
        set_colour(self.result_label, colour)
        self.result_label.setText(text)
        self.result_label.show()
        for button in (self.open_button, self.preview_button, self.folder_button):
            button.setVisible(ok)
        if ok:
            self.open_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def export_excel(self, suggested: Path | None = None) -> Path | None:
        """Save the kind's statistical forms, filled with this report, as an Excel workbook."""
        report = self.session.report
        path = ask_save_path(
            self, "Lưu biểu Excel", suggested or self._default_path(".xlsx", "Bieu-"), *EXCEL_FILTER
        )
        if path is None:
            return None
        from desktop_app.document.excel import write_form_workbook

        try:
            write_form_workbook(path, self.forms, None, report)  # a roll-up: a row per unit
        except TargetLockedError as exc:
            return self.export_excel(another_name(path)) if self._ask_another_name(exc) else None
        except OutputError as exc:
            QMessageBox.warning(self, window_title("Chưa lưu được biểu Excel"), str(exc))
            return None
        self.status(f"Đã lưu biểu Excel: {path}")
        return path

    def open_document(self) -> None:
        if self.output_path is not None:
            open_in_system(self, self.output_path)

    def open_preview(self) -> PrintPreviewDialog | None:
        """Show the produced document's pages, to print it or save it as PDF."""
        if self.output_path is None:
            return None
        dialog = open_print_preview(self, self.output_path)
        dialog.sig_pdf_saved.connect(lambda path: self.status(f"Đã lưu bản PDF: {path}"))
        return dialog

    def open_folder(self) -> None:
        if self.output_path is not None:
            open_in_system(self, self.output_path.parent)

    def focus_first(self) -> None:
        self.produce_button.setFocus(Qt.FocusReason.OtherFocusReason)


def _bold(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet("font-weight: bold; margin-top: 8px;")
    return label


def _clear(layout: QVBoxLayout) -> None:
    while (item := layout.takeAt(0)) is not None:  # None once the layout is empty
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()
