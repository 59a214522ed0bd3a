"""«Tổng hợp báo cáo»: the units' files dropped in, the table of what arrived, the parent's report made.

1. The kind and the period (by default those of the report selected in the main window).
2. Files, a folder or a zip: dropped on the window, or chosen with «Thêm tệp…», «Thêm cả thư mục…».
3. The table: each file's unit, period, figures, problems and what was done with it; «Xem»
   opens a unit's report read-only. The units of the list that sent nothing are named. A file
   under a unit's former name, or of a unit it succeeded (the store's successions), counts as
   that unit's: its row says «Xã cũ → Xã mới» and how it was counted.
4. «Tạo báo cáo tổng hợp» stores the parent's report with the files it counted and opens it
   in the wizard. Opened on a rolled-up report, the dialog shows the files kept with it; a file
   added later makes the roll-up again, saved as a revision of its own («Cập nhật…»).

Reading and rolling up run off the GUI thread (:mod:`ui.background`), with progress shown;
the dialog only shows what :func:`desktop_app.report.rollup_plan.roll_up_files` returns.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.document.forms import with_rollup_forms
from desktop_app.report import catalogue
from desktop_app.report.answers import Report
from desktop_app.report.lineage import Lineage
from desktop_app.report.periods import Period, PeriodError
from desktop_app.report.rollup import lost_sources, recomputed, typed_over_words
from desktop_app.report.rollup_plan import COUNTED, SUPERSEDED, Parent, RollupRun, roll_up_files
from desktop_app.storage import STATUS_LABELS, RollupFile, StorageError, Store
from desktop_app.text import finds
from ui.background import run_in_background
from ui.form_bits import ERROR_STYLE, ask_yes_no, show_message
from ui.new_report_dialog import document_defaults, find_previous, same_period
from ui.period_picker import PeriodPicker
from ui.resources import fit_to_screen, guard_wheel, last_folder, remember_folder, window_title
from ui.rollup_views import (
    ReportViewDialog,
    UnitListDialog,
    arrivals_table,
    fill_table,
    is_view_cell,
    line_words,
    missing_names_box,
)

DROP_HINT = "Kéo thả vào đây các tệp trả lời (.json), thư mục hoặc tệp nén (.zip) các đơn vị gửi lên."
FILE_FILTER = "Tệp trả lời hoặc tệp nén (*.json *.zip);;Mọi tệp (*)"
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class RollupDialog(QDialog):
    """Roll the units' reports up into the parent's report (or a unit's periods into a longer one)."""

    sig_report_made = Signal(int)
    """The rolled-up report was created or updated in storage (its id): open it in the wizard."""

    def __init__(
        self,
        store: Store,
        unit_id: int | None,
        parent: QWidget | None = None,
        *,
        report_id: int | None = None,
        kind_id: str | None = None,
        period: Period | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tong_hop_bao_cao")
        self.setWindowTitle(window_title("Tổng hợp báo cáo"))
        self.setAcceptDrops(True)
        self.store = store
        self._lineage: Lineage | None = None  # the store's successions, read once a dialog
        self.report_id = report_id
        self.paths: list[Path] = []
        self.kept: list[RollupFile] = store.rollup_files(report_id) if report_id is not None else []
        self.run: RollupRun | None = None
        self.own_draft_words = ""  # the unit's own draft of the period, whose words are taken
        self.left_out: set[str] = set()  # hashes of the files the official took out
        self._generation = 0
        self._build(today)
        if any(f.made_here for f in self.kept):
            # A longer period made from this PC's own reports is updated from them as they are
            # now (a quarter updated since with a late unit), not only from the copies kept then.
            with QSignalBlocker(self.own_box):
                self.own_box.setChecked(True)
        self._fill(unit_id, kind_id, period)
        self.refresh()

    # ------------------------------------------------------------ building
    def _build(self, today: date | None) -> None:
        layout = QVBoxLayout(self)
        self.period_picker = PeriodPicker(today=today)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("don_vi_tong_hop")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("loai_van_ban")
        unit_label = QLabel("Đơn &vị tổng hợp:")
        unit_label.setBuddy(self.unit_combo)
        kind_label = QLabel("&Loại văn bản:")
        kind_label.setBuddy(self.kind_combo)
        self.period_picker.form.insertRow(0, unit_label, self.unit_combo)
        self.period_picker.form.insertRow(1, kind_label, self.kind_combo)
        layout.addWidget(self.period_picker)
        layout.addLayout(self._input_buttons())
        self._order_tabs()
        self.table = arrivals_table(self)
        self.table.cellActivated.connect(lambda row, _col: self.view_row(row))  # a double click
        self.table.cellClicked.connect(self._clicked)
        self.table.installEventFilter(self)  # Enter on a row: its report, and nothing else
        table_label = QLabel("Tệ&p đã nhận:")
        table_label.setBuddy(self.table)
        layout.addLayout(self._table_heading(table_label))
        layout.addWidget(self.table, 1)
        QWidget.setTabOrder(self.find_box, self.table)  # the search box, then the rows it keeps
        self.reason_label = QLabel()
        self.reason_label.setObjectName("ly_do")
        self.reason_label.setWordWrap(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_reason(row))
        layout.addWidget(self.reason_label)
        layout.addLayout(self._status_area())
        layout.addWidget(self._buttons())
        fit_to_screen(self, 1100, 720)
        guard_wheel(self)
        self.paste_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        self.paste_shortcut.activated.connect(self._paste_paths)  # Ctrl+V: files copied in a file manager

    def _order_tabs(self) -> None:
        """Tab goes down the form as it is read: unit, kind, then the period's boxes, then the
        buttons (the unit and kind rows, put into the picker's form after its own boxes, came
        after «Quý» and before «Thêm tệp…»)."""
        picker = self.period_picker
        chain = [
            self.unit_combo,
            self.kind_combo,
            picker.type_combo,
            picker.year_spin,
            picker.number_combo,
            picker.start_date_edit,
            picker.end_date_edit,
            self.add_files_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _table_heading(self, label: QLabel) -> QHBoxLayout:
        """The table's label, and a box that keeps the rows of the units searched for (Ctrl+F):
        among 200 units, one is found by a few letters of its name, with or without diacritics."""
        self.find_box = QLineEdit()
        self.find_box.setObjectName("tim_trong_bang")
        self.find_box.setPlaceholderText("Tìm đơn vị hoặc tệp… (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(320)
        self.find_box.textChanged.connect(lambda _text: self._filter_rows())
        self.find_box.installEventFilter(self)  # Escape empties it before it closes the dialog
        self.find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.find_shortcut.activated.connect(self._focus_find)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addStretch(1)
        row.addWidget(self.find_box)
        return row

    def _focus_find(self) -> None:
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_box.selectAll()

    def _filter_rows(self) -> None:
        """Hide the files' rows whose unit and file do not hold the text searched for (the total
        row stays). Rows keep their places: «Xem» and Delete still act on the row chosen."""
        query = self.find_box.text()
        for row, line in enumerate(self.run.lines if self.run is not None else ()):
            found = finds(query, line.unit) or finds(query, line.arrival.name)
            self.table.setRowHidden(row, not found)
        current = self.table.currentRow()
        if current >= 0 and self.table.isRowHidden(current):
            self.table.setCurrentCell(-1, -1)

    def _to_first_found(self) -> None:
        """Enter in the search box: the first file found becomes the current row, in the table
        (the total row is no file); when none is, say so under the table."""
        lines = len(self.run.lines) if self.run is not None else 0
        for row in range(lines):
            if not self.table.isRowHidden(row):
                self.table.setCurrentCell(row, 0)
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        searched = " ".join(self.find_box.text().split())
        self.reason_label.setText(f"Không tìm thấy đơn vị hay tệp nào có «{searched}».")

    def _input_buttons(self) -> QVBoxLayout:
        row = QHBoxLayout()
        self.hint_label = QLabel(DROP_HINT)
        self.hint_label.setObjectName("goi_y_keo_tha")
        self.hint_label.setWordWrap(True)
        self.add_files_button = QPushButton("Thêm &tệp…")
        self.add_files_button.setObjectName("them_tep")
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button = QPushButton("Thêm &cả thư mục…")
        self.add_folder_button.setObjectName("them_thu_muc")
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.units_button = QPushButton("&Danh sách đơn vị…")
        self.units_button.setObjectName("danh_sach_don_vi")
        self.units_button.setToolTip("Các đơn vị trực thuộc: để biết đơn vị nào chưa gửi báo cáo")
        self.units_button.clicked.connect(self.edit_units)
        self.own_box = QCheckBox("Dùng cả các kỳ đã &soạn trên máy này")
        self.own_box.setObjectName("ky_tren_may")
        self.own_box.setToolTip(
            "Các báo cáo của chính đơn vị, cùng loại, cho các kỳ ngắn hơn trong kỳ tổng hợp "
            "(các quý của năm, các tháng của quý): không cần xuất ra tệp trước."
        )
        self.own_box.toggled.connect(lambda _on: self.refresh())
        row.addWidget(self.hint_label, 1)
        for button in (self.add_files_button, self.add_folder_button, self.units_button):
            row.addWidget(button)
        rows = QVBoxLayout()
        rows.addLayout(row)
        rows.addWidget(self.own_box)
        return rows

    def _status_area(self) -> QVBoxLayout:
        box = QVBoxLayout()
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("tien_do")
        self.progress_bar.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("trang_thai")
        self.status_label.setWordWrap(True)
        # Most files of another period than the one chosen (it follows the report selected in the
        # list, often last month's): one key rolls up theirs.
        self.files_period_button = QPushButton()
        self.files_period_button.setObjectName("ky_cua_cac_tep")
        self.files_period_button.hide()
        self.files_period_button.clicked.connect(self._take_files_period)
        self.files_period: Period | None = None
        self.missing_label = QLabel()
        self.missing_label.setObjectName("chua_gui")
        self.missing_label.setStyleSheet(ERROR_STYLE)
        self.missing_label.hide()
        self.missing_names = missing_names_box()
        self.missing_label.setBuddy(self.missing_names)
        self.notes_list = QListWidget()
        self.notes_list.setObjectName("luu_y")
        self.notes_list.setMaximumHeight(90)
        lines = self.notes_list.fontMetrics().lineSpacing() * 2  # scrolled: the files' table comes first
        self.notes_list.setMinimumHeight(lines + 2 * self.notes_list.frameWidth() + 4)
        self.notes_list.setWordWrap(True)
        self.notes_list.hide()
        for widget in (
            self.progress_bar,
            self.status_label,
            self.files_period_button,
            self.missing_label,
            self.missing_names,
            self.notes_list,
        ):
            box.addWidget(widget)
        return box

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        self.view_button = QPushButton("&Xem báo cáo")
        self.view_button.setObjectName("xem_bao_cao")
        self.view_button.clicked.connect(lambda: self.view_row(self.table.currentRow()))
        self.leave_out_button = QPushButton("Bỏ &ra / lấy lại")
        self.leave_out_button.setObjectName("bo_ra")
        self.leave_out_button.setToolTip(
            "Bỏ tệp đang chọn ra khỏi lần tổng hợp này, hoặc tính lại tệp đã bỏ (phím Delete)"
        )
        self.leave_out_button.clicked.connect(lambda: self.leave_out_row(self.table.currentRow()))
        text = "Cập nhật &báo cáo tổng hợp" if self.report_id is not None else "Tạo &báo cáo tổng hợp"
        self.make_button = QPushButton(text)
        self.make_button.setObjectName("tao_bao_cao_tong_hop")
        self.make_button.clicked.connect(self.make_report)
        # On a rolled-up report the dialog updates it, its kind and period fixed; the list selects
        # the newest report when the app starts, often the last roll-up: this makes a new one.
        self.new_button = QPushButton("Tổng hợp mớ&i (kỳ khác)")
        self.new_button.setObjectName("tong_hop_moi")
        self.new_button.setToolTip(
            "Không cập nhật báo cáo tổng hợp đang chọn: tạo một báo cáo tổng hợp mới, chọn được loại và kỳ"
        )
        self.new_button.clicked.connect(self.start_new)
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.new_button.setVisible(self.report_id is not None)  # after addButton, which shows it
        buttons.addButton(self.leave_out_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.view_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.make_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        return buttons

    def _fill(self, unit_id: int | None, kind_id: str | None, period: Period | None) -> None:
        for unit in self.store.units():
            self.unit_combo.addItem(unit.ten or unit.co_quan, unit.id)
        if unit_id is not None:
            self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(unit_id)))
        self.period_picker.form.setRowVisible(self.unit_combo, self.unit_combo.count() > 1)
        for fam in catalogue.families():
            self.kind_combo.addItem(fam.title + (" (riêng)" if fam.is_own else ""), fam.id)
        if kind_id is not None:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind_id)))
        self._kind_changed()
        if period is not None and period.type in catalogue.family(self.kind_id()).period_types:
            self.period_picker.set_period(period)
        if self.report_id is not None:  # a rolled-up report: its kind, period and unit stay
            for widget in (self.kind_combo, self.unit_combo, self.period_picker):
                widget.setEnabled(False)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.unit_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period_picker.sig_period_changed.connect(self.refresh)

    def start_new(self) -> None:
        """Leave the selected rolled-up report as it is and make a new one: kind, unit and period
        can be chosen again; the files dropped in stay, those kept with that report do not."""
        self.report_id = None
        self.kept = []
        self.left_out.clear()
        for widget in (self.kind_combo, self.unit_combo, self.period_picker):
            widget.setEnabled(True)
        with QSignalBlocker(self.own_box):
            self.own_box.setChecked(False)  # ticked for the report's own periods, if it had any
        self.make_button.setText("Tạo &báo cáo tổng hợp")
        self.new_button.hide()
        self.period_picker.type_combo.setFocus()
        self.refresh()

    def _kind_changed(self) -> None:
        fam = catalogue.family(self.kind_id())
        self.period_picker.set_types(fam.period_types, ahead=fam.latest.plans_ahead)

    # ------------------------------------------------------------ reading
    def kind_id(self) -> str:
        return str(self.kind_combo.currentData())

    def unit_id(self) -> int | None:
        data = self.unit_combo.currentData()
        return int(data) if data is not None else None

    def parent_of(self, unit_id: int, period: Period) -> Parent:
        """The parent: its unit, its usual document part, and its own words: those of its draft of
        the period when it has begun one (not a roll-up), else of its previous report."""
        unit = self.store.get_unit(unit_id).unit
        own = self._own_draft(unit_id, period)
        if own is None:
            own = find_previous(self.store, unit_id, self.kind_id(), period).report
        return Parent(unit, document_defaults(self.store, unit_id), own)

    def _own_draft(self, unit_id: int, period: Period) -> Report | None:
        """The unit's own report of ``period`` begun by hand, when a roll-up is being made anew
        (an update keeps its report's words itself); said in the notes."""
        self.own_draft_words = ""
        if self.report_id is not None:
            return None
        for info in same_period(self.store, unit_id, self.kind_id(), period):
            report = self.store.load_report(info.id)
            if report.rollup is None:
                status = STATUS_LABELS[info.status].lower()
                self.own_draft_words = (
                    f"Đơn vị đã có báo cáo {info.label} cùng loại ({status}, số {info.id}): báo cáo tổng hợp "
                    "lấy phần viết của bản đó, và là một bản mới bên cạnh nó."
                )
                return report
        return None

    # ------------------------------------------------------------ inputs
    def add_paths(self, paths: list[Path]) -> None:
        """Add files, folders or zips, then roll up again."""
        fresh = [p for p in paths if p not in self.paths]
        if fresh:
            self.paths += fresh
            remember_folder(fresh[-1] if fresh[-1].is_dir() else fresh[-1].parent)
            self.refresh()

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, window_title("Chọn tệp các đơn vị gửi"), str(last_folder()), FILE_FILTER
        )
        self.add_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, window_title("Chọn thư mục"), str(last_folder()))
        if folder:
            self.add_paths([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt override
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt override
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.add_paths(paths)

    def _paste_paths(self) -> None:
        urls = QApplication.clipboard().mimeData().urls()
        self.add_paths([Path(u.toLocalFile()) for u in urls if u.isLocalFile()])

    def edit_units(self) -> None:
        unit_id = self.unit_id()
        if unit_id is None:
            return
        name = self.unit_combo.currentText()
        dialog = UnitListDialog(self.store.subordinate_units(unit_id), name, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.store.set_subordinate_units(unit_id, dialog.names())
            except StorageError as exc:
                show_message(self.status_label, str(exc))
                return
            self.refresh()

    # ------------------------------------------------------------ rolling up, off the GUI thread
    def refresh(self) -> None:
        """Roll up again what is there (in the background); the last request wins."""
        self._generation += 1
        generation = self._generation
        self.make_button.setEnabled(False)
        unit_id = self.unit_id()
        try:
            period = self.period_picker.period()
        except PeriodError as exc:
            show_message(self.status_label, str(exc))
            return
        own = self.own_files(unit_id, period)
        if unit_id is None or not (self.paths or self.kept or own):
            self._show(None, generation)
            if unit_id is None:
                said = "Chưa có đơn vị nào: hãy nhập trong Cài đặt."
            elif self.own_box.isChecked():
                said = f"Máy này chưa có báo cáo loại này của đơn vị cho kỳ nào trong {period.words()}."
            else:
                said = self.missing_files_words()
            show_message(self.status_label, said)
            return
        names = self.store.subordinate_units(unit_id) or None
        live = {f.name for f in own}
        earlier = [f for f in self.kept if f.name not in live]  # this PC's reports: as they are now, once
        kept = [(f.name, f.data, f.saved) for f in [*earlier, *own] if not f.problem]
        broken = [(f.name, f.problem) for f in earlier if f.problem]
        args = (self.kind_id(), period, self.parent_of(unit_id, period), names, kept, list(self.paths))
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        show_message(self.status_label, "Đang đọc các tệp…")
        run_in_background(
            partial(roll_up_files, broken=broken, lineage=self.lineage(), left_out=frozenset(self.left_out)),
            *args,
            on_done=lambda run: self._show(run, generation),
            on_error=lambda exc: self._failed(exc, generation),
            on_progress=self._progress,
            parent=self,
        )

    def own_files(self, unit_id: int | None, period: Period) -> list[RollupFile]:
        """The unit's stored reports of the shorter periods inside ``period``, when asked for."""
        if unit_id is None or not self.own_box.isChecked():
            return []
        return self.store.own_periods(unit_id, self.kind_id(), period)

    def _progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        share = done * 100 // total if total else 100
        show_message(self.status_label, f"Đang đọc và kiểm tra các tệp… {share}%")

    def _failed(self, exc: BaseException, generation: int) -> None:
        if generation == self._generation:
            self.progress_bar.hide()
            show_message(self.status_label, f"Không tổng hợp được: {exc}")

    def _show(self, run: RollupRun | None, generation: int) -> None:
        if generation != self._generation:
            return  # an older request: a newer one is on its way
        self.run = run
        self.progress_bar.hide()
        fill_table(self.table, run)
        self._filter_rows()
        self._show_reason(self.table.currentRow())
        notes = [*run.notes, *([self.own_draft_words] if self.own_draft_words else [])] if run else []
        self.notes_list.clear()
        self.notes_list.addItems(notes)
        self.notes_list.setVisible(bool(notes))
        self._show_missing(list(run.missing) if run else [])
        show_message(self.status_label, self._summary(run))
        self.make_button.setEnabled(run is not None and run.report is not None)
        self._offer_files_period(run)

    def _offer_files_period(self, run: RollupRun | None) -> None:
        """Offer the period most files report, when it is another than the one chosen and they
        outnumber the files counted (and the period can still be chosen: not an update)."""
        found = run.files_period() if run is not None and self.period_picker.isEnabled() else None
        self.files_period_button.setVisible(found is not None)
        if found is not None:
            period, count = found
            self.files_period_button.setText(f"Tổn&g hợp kỳ của {count} tệp: {period.words()}")
        self.files_period = found[0] if found is not None else None

    def _take_files_period(self) -> None:
        if self.files_period is not None:
            self.files_period_button.hide()
            self.period_picker.set_period(self.files_period)

    def _show_missing(self, missing: list[str]) -> None:
        """The units of the list that sent nothing: their count, then their names in a box of a
        few lines that scrolls (a label of 180 names pushed the table down to one row and cut
        the names past the dialog's bottom)."""
        show_message(self.missing_label, f"Chư&a gửi báo cáo ({len(missing)}):" if missing else "")
        self.missing_names.setPlainText(f"{', '.join(missing)}." if missing else "")
        self.missing_names.setVisible(bool(missing))

    @staticmethod
    def _summary(run: RollupRun | None) -> str:
        if run is None:
            return ""
        if run.report is None:
            return run.problem
        counted = sum(1 for line in run.lines if line.status == COUNTED)
        what = "các đơn vị" if run.mode == "units" else "các kỳ"
        return f"Tổng hợp {what}: {counted}/{len(run.lines)} tệp được tính, {run.period.words()}."

    # ------------------------------------------------------------ looking and making
    def lineage(self) -> Lineage:
        """The units' successions kept in the store: read on the GUI thread once, not at every
        change of kind, period or files (they cannot change while the dialog is open)."""
        if self._lineage is None:
            self._lineage = self.store.lineage()
        return self._lineage

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a row of the table opens that unit's report and stops there: the table lets
        the key go on to the dialog, whose default button would make the report too. Escape in a
        search box holding text empties it; Enter there goes to the first row found."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.find_box and key == Qt.Key.Key_Escape and self.find_box.text():
            self.find_box.clear()  # all the rows again; a second Escape closes the dialog
            return True
        if watched is self.find_box and key in ENTER_KEYS:
            self._to_first_found()  # and not on to the dialog's default button, which makes the report
            return True
        if watched is self.table and key in ENTER_KEYS:
            self.view_row(self.table.currentRow())
            return True
        if watched is self.table and key == Qt.Key.Key_Delete:
            self.leave_out_row(self.table.currentRow())
            return True
        return super().eventFilter(watched, event)

    def _show_reason(self, row: int) -> None:
        """Under the table, what became of the current row's file and why (the reason's column
        stands past the figures, off a laptop's screen)."""
        lines = self.run.lines if self.run is not None else ()
        self.reason_label.setText(line_words(lines[row]) if 0 <= row < len(lines) else "")

    def _clicked(self, row: int, column: int) -> None:
        if is_view_cell(self.table, row, column):
            self.view_row(row)

    def view_row(self, row: int) -> ReportViewDialog | None:
        """Open the report of the file on ``row``, read-only."""
        if self.run is None or not 0 <= row < len(self.run.lines):
            return None
        arrival = self.run.lines[row].arrival
        if arrival.report is None:
            return None
        dialog = ReportViewDialog(arrival.report, arrival.name, self)
        dialog.open()
        return dialog

    def leave_out_row(self, row: int) -> None:
        """Take the file of ``row`` out of this roll-up, or put a file taken out back in."""
        if self.run is None or not 0 <= row < len(self.run.lines):
            return
        sha256 = self.run.lines[row].arrival.sha256
        if not sha256:
            return  # a file that could not be read: it counts for nothing already
        if any(f.sha256 == sha256 for f in self.kept):
            show_message(
                self.status_label,
                "Tệp này đã được giữ cùng báo cáo tổng hợp từ lần trước: không bỏ ra được. Để thay số "
                "của đơn vị, hãy thêm bản mới hơn của đơn vị đó.",
            )
            return
        self.left_out ^= {sha256}
        self.refresh()

    def reject(self) -> None:  # Qt override: Escape, «Đóng», the window's cross
        """Closing with files added that could make the report, or are still being read, asks
        first: the files found and added one by one, and those taken out, would have to be
        chosen again."""
        reading = not self.progress_bar.isHidden()
        if self.paths and (self.make_button.isEnabled() or reading) and not self._close_anyway():
            return
        super().reject()

    def _close_anyway(self) -> bool:
        action = self.make_button.text().replace("&", "")
        return ask_yes_no(
            self,
            "Đóng mà chưa tổng hợp?",
            f"Chưa bấm «{action}»: các tệp vừa thêm chưa được tính vào báo cáo nào.\n"
            "Đóng thì lần sau phải thêm lại các tệp này. Vẫn đóng?",
        )

    def missing_files_words(self) -> str:
        """On a rolled-up report this PC has no unit file of (imported from another PC): say so."""
        if self.report_id is None or self.kept:
            return ""
        record = self.store.load_report(self.report_id).rollup
        if record is None or not record.sources:
            return ""
        return (
            f"Máy này không có tệp của {len(record.sources)} nguồn trong báo cáo tổng hợp này (báo cáo được "
            "nhập từ tệp ở máy khác): muốn cập nhật, hãy thêm đủ tệp của các đơn vị."
        )

    def make_report(self) -> int | None:
        """Store the rolled-up report with its files (or update it); then it opens in the wizard."""
        run, unit_id = self.run, self.unit_id()
        if run is None or run.report is None or unit_id is None:
            return None
        keep = [line.arrival for line in run.lines if line.status in (COUNTED, SUPERSEDED)]
        sound = {f.sha256 for f in self.kept if not f.problem}  # kept already: not written again
        files = [
            RollupFile(a.name, a.sha256, a.data, a.saved) for a in keep if a.data and a.sha256 not in sound
        ]
        report = with_rollup_forms(run.report)
        try:
            if self.report_id is None:
                self.report_id = self.store.create_rollup(unit_id, report, files)
            else:
                current = self.store.load_report(self.report_id)
                lost = lost_sources(current, report)
                if lost:
                    QMessageBox.warning(self, window_title("Chưa cập nhật"), lost_words(lost))
                    return None
                kind = catalogue.kind_of(report)
                kept_typed = typed_over_words(kind, current, report)
                self.store.save_rollup(self.report_id, recomputed(kind, current, report, run.sources), files)
                if kept_typed:
                    QMessageBox.information(self, window_title("Đã cập nhật"), typed_words(kept_typed))
        except StorageError as exc:
            show_message(self.status_label, str(exc))
            return None
        self.sig_report_made.emit(self.report_id)
        self.accept()
        return self.report_id


def typed_words(lines: list[str]) -> str:
    """What an update kept of the figures the drafter typed over the roll-up's."""
    shown = "\n".join(f"• {line}" for line in lines[:8])
    more = f"\n• … và {len(lines) - 8} số khác" if len(lines) > 8 else ""
    return (
        "Đã cập nhật báo cáo tổng hợp. Các số đã gõ tay được giữ nguyên:\n"
        f"{shown}{more}\n\nHãy xem lại các ô này: nếu số tổng hợp lại mới đúng, gõ lại số đó."
    )


def lost_words(lost: list[str]) -> str:
    """Why an update is not saved: it would drop sources this PC has no file of."""
    shown = ", ".join(lost[:5]) + (f" và {len(lost) - 5} nguồn khác" if len(lost) > 5 else "")
    return (
        f"Bản cập nhật sẽ thiếu {len(lost)} nguồn đã có trong báo cáo tổng hợp: {shown}. Máy này không "
        "có tệp của các nguồn ấy (báo cáo nhập từ máy khác, hoặc tệp đã hỏng), nên số liệu của họ sẽ "
        "mất. Hãy thêm lại các tệp đó rồi cập nhật; báo cáo chưa thay đổi."
    )
