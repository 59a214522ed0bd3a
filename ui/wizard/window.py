"""The wizard window: a step list beside the pages of one report, saved after every change.

The window holds nothing the session does not: every accepted edit goes to the
:class:`~desktop_app.report.session.Session`, which calls back, and the window writes the report to
the store at once (autosave) and shows the session's new state. Closing never asks to save.

A report whose kind (or the version it was written with) is no longer installed opens from the
copy of its kind kept in the database, read-only: it can be read and its document made again,
not edited. The version's notice and legal basis stand above the pages (e.g. that the official
outline of Thông tư 5/2025 is not shipped and should be loaded when the province sends it).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from PySide6.QtCore import (
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.document.filenames import output_file_name
from desktop_app.report.answers import save_answer_file
from desktop_app.report.content import Fix
from desktop_app.report.session import (
    DOCUMENT_FIELDS,
    DONE,
    REVIEW,
    SECTION_STATE_LABELS,
    TODO,
    EditResult,
    Session,
)
from desktop_app.storage import StorageError, Store
from desktop_app.system.files import OutputError
from ui.resources import (
    ANSWER_FILTER,
    app_settings,
    ask_save_path,
    fit_to_screen,
    guard_wheel,
    key_sequence,
    last_folder,
    window_title,
)
from ui.wizard.document_page import DocumentPage
from ui.wizard.pages import DOCUMENT_STEP, REVIEW_STEP, FieldRow, SectionPage, Step, build_steps
from ui.wizard.review_page import ReviewPage

GEOMETRY_KEY = "wizard/geometry"
STEP_KEY = "wizard/left_at"  # + the report's identity: the page it was closed at
STATE_COLOURS = {DONE: "#2e7d32", REVIEW: "#c25e00", TODO: "#8a8a8a"}
SAVE_RETRY_MS = 5000  # a save refused (full disk, read-only file) is tried again this often


def state_icon(state: str) -> QIcon:
    """Draw the mark of a step's state: ✓ done, ! to review, an empty circle to do."""
    pixmap = QPixmap(18, 18)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(STATE_COLOURS[state])
    if state == TODO:  # white inside: still seen on the blue of the selected step
        painter.setPen(QPen(colour, 2))
        painter.setBrush(QColor("white"))
        painter.drawEllipse(3, 3, 12, 12)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(1, 1, 16, 16)
        painter.setPen(QPen(QColor("white"), 2.2))
        if state == DONE:
            painter.drawPolyline([QPointF(5, 9), QPointF(8, 12.5), QPointF(13, 5.5)])
        else:
            painter.drawLine(9, 4, 9, 10)
            painter.drawPoint(9, 13)
    painter.end()
    return QIcon(pixmap)


INDENT_ROLE = Qt.ItemDataRole.UserRole + 1
INDENT_PIXELS = 16


class StepDelegate(QStyledItemDelegate):
    """Draw a step indented under its group title, wrapped lines included."""

    def _indented(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QStyleOptionViewItem:
        shifted = QStyleOptionViewItem(option)
        shifted.rect = option.rect.adjusted(int(index.data(INDENT_ROLE)) * INDENT_PIXELS, 0, 0, 0)
        return shifted

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, self._indented(option, index), index)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(self._indented(option, index), index)
        return QSize(size.width() + int(index.data(INDENT_ROLE)) * INDENT_PIXELS, size.height() + 4)


def read_only_text(title: str, version: str) -> str:
    return (
        f"Chỉ xem: báo cáo này viết theo «{title}», phiên bản {version}, nay không còn được cài "
        "(đã gỡ hoặc đã thay bằng phiên bản khác). Nội dung và văn bản lấy từ bản lưu của mẫu trong "
        "dữ liệu; vẫn tạo lại được văn bản nhưng không sửa được."
    )


def notice_text(version: str, notice: str, legal_basis: str) -> str:
    basis = f" Căn cứ: {legal_basis}." if legal_basis else ""
    return f"Lưu ý về mẫu (phiên bản {version}): {notice}{basis}"


class WizardWindow(QMainWindow):
    """Edit one report, step by step, generated from its kind file."""

    sig_report_saved = Signal(int)
    """The report was written to the database (its id): lists showing it may refresh."""
    sig_render_requested = Signal(int)
    """The official asked for the Word document of the report (its id)."""

    def __init__(self, store: Store, report_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.report_id = store, report_id
        names = store.known_names(store.report_info(report_id).unit_id)
        self.session = Session(store.watch(report_id), on_change=self._changed, names=names)
        self.kind = self.session.kind
        self.read_only = bool(self.session.report.kind_copy)
        self.left_fields: set[str] = {k for k, v in self.session.report.answers.items() if v not in ("", [])}
        self.rows: dict[str, FieldRow] = {}
        self.pages: dict[str, QWidget] = {}
        self.unsaved = False
        self.save_error = ""  # why the last save failed, said when closing on unsaved edits
        self.refused_fields: frozenset[str] = frozenset()
        self.last_save_ms = 0.0
        # A refused save is tried again by itself: room made on the disk, the USB stick put back,
        # and what was typed reaches the file without another key (the official may not type one).
        self.retry_timer = QTimer(self, singleShot=True, interval=SAVE_RETRY_MS)
        self.retry_timer.timeout.connect(lambda: self.unsaved and self.save(autosave=True))
        self.steps = build_steps(self.kind)
        self._build()
        self._shortcuts()
        self.document_page.apply_unit_defaults()
        self._restore_geometry()
        self.refresh_steps()
        self.go_to_step(self._start_index())

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        report = self.session.report
        self.setWindowTitle(f"{self.kind.title} — {report.period.short_label()} — {report.unit.ten_goi}")
        self.step_list = QListWidget(self)
        self.step_list.setObjectName("danh_sach_buoc")
        self.step_list.setAccessibleName("Các bước")
        self.step_list.setWordWrap(True)
        self.step_list.setIconSize(QSize(18, 18))
        self.step_list.setItemDelegate(StepDelegate(self.step_list))
        self.stack = QStackedWidget(self)
        for step in self.steps:
            self.step_list.addItem(self._step_item(step))
            if not step.header:
                page = self._make_page(step)
                self.pages[step.key] = page
                self.stack.addWidget(page)
        self.step_list.currentRowChanged.connect(self._row_changed)
        self.step_list.itemClicked.connect(lambda _item: self._focus_page())
        self.step_list.itemActivated.connect(lambda _item: self._focus_page())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.step_list)
        splitter.addWidget(self._right_side())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 1000])
        splitter.setChildrenCollapsible(False)
        self.step_list.setMinimumWidth(220)
        self.setCentralWidget(splitter)
        guard_wheel(self.stack)
        self.saved_label = QLabel("", self)
        self.statusBar().addPermanentWidget(self.saved_label)

    def _make_page(self, step: Step) -> QWidget:
        if step.key == DOCUMENT_STEP:
            unit_id = self.store.report_info(self.report_id).unit_id
            self.document_page = DocumentPage(
                self.session,
                self.store.signers(unit_id),
                self.store.recipient_lists(unit_id),
                self.notice,
                self,
            )
            self.document_page.setEnabled(not self.read_only)
            self.document_page.sig_edited.connect(self.field_edited)
            return self.document_page
        if step.key == REVIEW_STEP:
            self.review_page = ReviewPage(
                self.session, self.store, self.report_id, self.go_to_field, self.notice, self
            )
            self.review_page.sig_render_requested.connect(
                lambda: self.sig_render_requested.emit(self.report_id)
            )
            return self.review_page
        page = SectionPage(step, self.kind, self, self)
        self.rows.update(page.rows)
        page.setEnabled(not self.read_only)
        return page

    def _right_side(self) -> QWidget:
        side = QWidget(self)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        self.conflict_label = QLabel(
            "⚠ Báo cáo này vừa được lưu ở một cửa sổ Soạn Báo Cáo khác. Nội dung của cửa sổ này được lưu "
            "tiếp; nội dung kia vẫn còn trong «Lịch sử các lần lưu» (Ctrl+H ở cửa sổ chính). Đừng sửa cùng "
            "một báo cáo ở hai cửa sổ.",
            side,
        )
        self.conflict_label.setObjectName("sua_o_noi_khac")
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setStyleSheet("background: #fff3cd; color: #6b4500; padding: 6px 16px;")
        self.conflict_label.hide()  # shown, without taking the keyboard, when a save finds it
        column.addWidget(self.conflict_label)
        self.read_only_label = QLabel(read_only_text(self.kind.title, self.kind.version), side)
        self.read_only_label.setObjectName("chi_doc")
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet("background: #fde2e1; color: #7a1c16; padding: 6px 16px;")
        self.read_only_label.setVisible(self.read_only)
        column.addWidget(self.read_only_label)
        self.notice_label = QLabel(
            notice_text(self.kind.version, self.kind.notice, self.kind.legal_basis), side
        )
        self.notice_label.setObjectName("luu_y_mau")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("background: #e8f1fb; color: #143d66; padding: 6px 16px;")
        self.notice_label.setVisible(bool(self.kind.notice))
        column.addWidget(self.notice_label)
        column.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(16, 4, 16, 6)
        hint = QLabel("Mọi thay đổi được lưu ngay. Ctrl+S: lưu · Alt+N / Alt+B: mục sau / mục trước", side)
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        hint.setMinimumWidth(120)
        buttons.addWidget(hint, 1)
        self.back_button = QPushButton("◀ Quay lại (Alt+B)", side)
        self.back_button.setObjectName("quay_lai")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton("Tiếp theo (Alt+N) ▶", side)
        self.next_button.setObjectName("tiep_theo")
        self.next_button.clicked.connect(self.go_next)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        column.addLayout(buttons)
        return side

    def _shortcuts(self) -> None:
        for keys, slot in (
            ("Alt+N", self.go_next),
            ("Ctrl+PgDown", self.go_next),
            ("Alt+B", self.go_back),
            ("Ctrl+PgUp", self.go_back),
            (QKeySequence.StandardKey.Save, self.save_now),
        ):
            shortcut = QShortcut(key_sequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def _step_item(self, step: Step) -> QListWidgetItem:
        item = QListWidgetItem(step.title)
        item.setData(INDENT_ROLE, step.indent)  # always set: see StepDelegate
        if step.header:
            font = QFont(self.font())
            font.setBold(True)
            item.setFont(font)
            item.setFlags(Qt.ItemFlag.NoItemFlags)  # a group title: not a page, skipped by the keys
            item.setForeground(QColor("#1f1f1f"))
        return item

    # ------------------------------------------------------------ the field host

    def field_edited(self, field_id: str, result: EditResult) -> None:
        row = self.rows.get(field_id)
        if row is not None:
            row.show_refusal("" if result.ok else result.message)
        refused = frozenset(r.field for r in self.session.refusals())
        if refused != self.refused_fields:  # no edit was kept, yet the steps' errors changed
            self.refused_fields = refused
            self.refresh_steps()

    def field_left(self, field_id: str) -> None:
        if field_id not in self.left_fields:
            self.left_fields.add(field_id)
            self.refresh_page()

    def notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def show_issues_for(self, field_id: str) -> bool:
        return field_id in self.left_fields

    # ------------------------------------------------------------ saving

    def _changed(self, session: Session) -> None:
        if self.read_only:
            return
        self.save(autosave=True)
        self.refresh_steps()
        self.refresh_page()

    def save(self, autosave: bool = False) -> bool:
        """Write the report to the store now; False (and a status message) when it failed.

        Autosaves after each edit update one revision per few minutes of editing; an
        explicit save (Ctrl+S) always keeps its own revision.
        """
        if self.read_only:
            self.saved_label.setText("Chỉ xem: không lưu")
            return True
        started = time.perf_counter()
        try:
            self.store.save_report(self.report_id, self.session.report, autosave=autosave)
        except StorageError as exc:
            self.unsaved = True
            self.save_error = str(exc)
            self.saved_label.setText("Chưa lưu được!")
            self.statusBar().showMessage(f"Chưa lưu được: {exc} Ứng dụng tự lưu lại khi ghi được.", 15000)
            self.retry_timer.start()
            return False
        self.last_save_ms = (time.perf_counter() - started) * 1000
        if self.store.overwrote_other_copy:
            self.conflict_label.show()
        self.unsaved = False
        self.retry_timer.stop()
        self.saved_label.setText(f"Đã lưu lúc {datetime.now():%H:%M:%S}")
        self.sig_report_saved.emit(self.report_id)
        return True

    def commit_focused(self) -> None:
        """Hand the session what the official is typing in the focused field."""
        widget = QApplication.focusWidget()
        commit = getattr(widget, "commit", None)
        if widget is not None and self.isAncestorOf(widget) and callable(commit):
            commit()
        elif widget is not None and self.isAncestorOf(widget) and hasattr(widget, "editingFinished"):
            widget.editingFinished.emit()

    def save_now(self) -> None:
        """Ctrl+S: save (autosave has usually done it already) and say so."""
        self.commit_focused()
        if self.save():
            self.statusBar().showMessage(f"Đã lưu lúc {datetime.now():%H:%M:%S}", 10000)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        """Enter presses the focused button, as in the app's dialogs: outside a dialog a Qt
        button takes only Space, and «Sửa thành …», «Đến chỗ sửa», «Hoàn tác» would do nothing."""
        button = QApplication.focusWidget()
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if enter and plain and isinstance(button, QPushButton) and self.isAncestorOf(button):
            if button.isEnabled():
                button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.commit_focused()
        if self.session.refusals() and not self.read_only and not self._close_over_refusals():
            event.ignore()
            return
        if self.unsaved and not self.save() and not self._close_unsaved():
            event.ignore()
            return
        app_settings().setValue(GEOMETRY_KEY, self.saveGeometry())
        app_settings().setValue(self._step_setting(), self.current_step.key)
        event.accept()

    def _close_unsaved(self) -> bool:
        """The last edits could not be saved (a read-only file, a full disk): never close on them
        silently. The official stays, writes them to an answer file, or drops them; True to close."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            window_title("Chưa lưu được"),
            f"Những thay đổi mới nhất của báo cáo chưa lưu được vào dữ liệu:\n{self.save_error}\n\n"
            "Hãy ghi chúng ra một tệp trả lời (.json) để sau này nhập lại (Tệp › Nhập tệp trả lời), "
            "hoặc ở lại và lưu lại (Ctrl+S) khi đã sửa được chỗ lưu.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("unsaved_message")
        write = box.addButton("&Ghi ra tệp trả lời…", QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton("Ở &lại", QMessageBox.ButtonRole.RejectRole)
        drop = box.addButton("Đóng, &bỏ các thay đổi", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(write)
        box.setEscapeButton(stay)
        while True:
            box.exec()
            if box.clickedButton() is drop:
                return True
            if box.clickedButton() is not write:
                return False
            if self._write_answer_file():
                return True

    def _write_answer_file(self) -> bool:
        """Ask where, and write the report as the wizard holds it to an answer file; True when written."""
        report = self.session.report
        name = output_file_name(self.kind, report.period, report.unit, ".json")
        path = ask_save_path(self, window_title("Ghi ra tệp trả lời"), last_folder() / name, *ANSWER_FILTER)
        if path is None:
            return False
        try:
            save_answer_file(report, path, datetime.now(UTC))
        except OutputError as exc:
            QMessageBox.warning(self, window_title("Không ghi được tệp"), str(exc))
            return False
        return True

    def _close_over_refusals(self) -> bool:
        """Ask before closing on entries that were not taken (they are not saved); True to close."""
        refusals = self.session.refusals()
        lines = [f"• «{self.session.refusal_label(r)}»: {_typed(r.typed)}" for r in refusals[:5]]
        more = f"\n• … và {len(refusals) - 5} ô khác" if len(refusals) > 5 else ""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            window_title("Còn ô chưa nhận"),
            "Còn ô có nội dung chưa được nhận, sẽ không được lưu:\n"
            + "\n".join(lines)
            + more
            + "\n\nBáo cáo giữ nội dung đã lưu trước đó của các ô này.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        stay = box.addButton("Ở &lại để sửa", QMessageBox.ButtonRole.RejectRole)
        box.addButton("Đó&ng, giữ nội dung đã lưu", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        if box.clickedButton() is stay:
            field_id = refusals[0].field  # once the box has given the focus back to the window
            QTimer.singleShot(0, lambda: self.go_to_field(field_id))
            return False
        return True

    def _step_setting(self) -> str:
        """Where the page the official left this report at is kept (by the report's identity,
        which a backup restored elsewhere keeps too)."""
        return f"{STEP_KEY}/{self.store.report_info(self.report_id).uid or self.report_id}"

    def _start_index(self) -> int:
        """The page the report was left at, when it is still shown; else the first page."""
        left_at = app_settings().value(self._step_setting())
        for i, step in enumerate(self.steps):
            if step.key == left_at and not step.header and not self.step_list.item(i).isHidden():
                return i
        return next(i for i, s in enumerate(self.steps) if not s.header)

    def _restore_geometry(self) -> None:
        saved = app_settings().value(GEOMETRY_KEY)
        if isinstance(saved, QByteArray | bytes) and self.restoreGeometry(QByteArray(saved)):
            return
        fit_to_screen(self, 1280, 740)

    # ------------------------------------------------------------ showing

    def refresh_steps(self) -> None:
        """Show each step's state and hide the steps whose section is hidden."""
        visible = {s.id for s in self.session.visible_sections()}
        issues = self.session.issues()
        for i, step in enumerate(self.steps):
            item = self.step_list.item(i)
            if step.header:
                item.setHidden(step.key not in visible)
                continue
            if step.key == REVIEW_STEP:
                errors = sum(1 for x in issues if x.severity == "error")
                text = f"{step.title}\n{errors} lỗi, {len(issues) - errors} lưu ý"
                self._set_item(item, text, REVIEW if errors else DONE)
                continue
            state = self.step_state(step, visible)
            item.setHidden(step.key not in visible and step.key != DOCUMENT_STEP)
            self._set_item(item, f"{step.title}\n{SECTION_STATE_LABELS[state]}", state)

    def _set_item(self, item: QListWidgetItem, text: str, state: str) -> None:
        if item.text() != text:
            item.setText(text)
            item.setIcon(state_icon(state))
            item.setToolTip(text.replace("\n", " — "))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ", "))

    def step_state(self, step: Step, visible: set[str]) -> str:
        """Return the state of a page: the worst of its sections' states."""
        if step.key == DOCUMENT_STEP:
            return self.session.document_state()
        shown = self.session.evaluation.visible_fields
        states = [
            self.session.section_state(sid)
            for sid in step.sections
            if sid in visible and any(f.id in shown for f in self.kind.section(sid).fields)
        ]
        if REVIEW in states:
            return REVIEW
        return TODO if states and all(s == TODO for s in states) else DONE

    def refresh_page(self) -> None:
        """Show the session's state on the current page."""
        page = self.stack.currentWidget()
        if isinstance(page, SectionPage):
            page.refresh(self.session, self.show_issues_for)
        elif isinstance(page, DocumentPage | ReviewPage):
            page.refresh()

    # ------------------------------------------------------------ moving

    @property
    def current_step(self) -> Step:
        return self.steps[max(0, self.step_list.currentRow())]

    def go_to_step(self, index: int, focus: bool = True) -> None:
        self.step_list.setCurrentRow(index)
        if focus:
            self._focus_page()

    def _row_changed(self, index: int) -> None:
        if index < 0 or self.steps[index].header:
            return
        self.commit_focused()
        self.stack.setCurrentWidget(self.pages[self.steps[index].key])
        self.refresh_page()
        self.back_button.setEnabled(self._neighbour(index, -1) is not None)
        self.next_button.setEnabled(self._neighbour(index, 1) is not None)

    def _focus_page(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, SectionPage | DocumentPage | ReviewPage):
            page.focus_first()

    def _neighbour(self, index: int, step: int) -> int | None:
        i = index + step
        while 0 <= i < len(self.steps):
            if not self.steps[i].header and not self.step_list.item(i).isHidden():
                return i
            i += step
        return None

    def go_next(self) -> None:
        target = self._neighbour(self.step_list.currentRow(), 1)
        if target is not None:
            self.go_to_step(target)

    def go_back(self) -> None:
        target = self._neighbour(self.step_list.currentRow(), -1)
        if target is not None:
            self.go_to_step(target)

    def go_to_field(self, field_id: str, fix: Fix | None = None) -> None:
        """Show the page of ``field_id`` and put the keyboard in it (on the words of a finding's
        ``fix``, when the field is a section's text)."""
        if field_id in DOCUMENT_FIELDS:
            key = DOCUMENT_STEP
        else:
            section = self.kind.field(field_id).section
            key = next(s.key for s in self.steps if section in s.sections)
        index = next(i for i, s in enumerate(self.steps) if s.key == key)
        self.go_to_step(index, focus=False)
        page = self.pages[key]
        if isinstance(page, SectionPage):
            shown = page.show_field(field_id, fix)
        else:
            shown = getattr(page, "show_field", lambda _f: False)(field_id)
        if not shown:
            self._focus_page()


def _typed(text: str) -> str:
    """What was typed, for a question (a table's edit has no one text)."""
    if not text:
        return "các dòng vừa sửa"
    return f"«{text[:40]}…»" if len(text) > 40 else f"«{text}»"
