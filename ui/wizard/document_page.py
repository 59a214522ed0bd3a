"""The document step: Số, ngày, trích yếu, Kính gửi, Nơi nhận, Lưu and the signer.

Every widget's objectName is the name of what it edits (``so``, ``ngay``, ``kinh_gui``,
``noi_nhan``, ``luu``, ``nguoi_ky`` …). Beside each part, a preview shows the lines exactly
as the document will print them (from :mod:`desktop_app.document.context`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.document.context import ZERO_WORDS, frame_context
from desktop_app.report.answers import QUYEN_HAN, DocumentInfo, Signer
from desktop_app.report.kinds import ZERO_READINGS
from desktop_app.report.periods import first_working_day, proposed_issue_date
from desktop_app.report.session import Session
from desktop_app.report.wording import period_context
from desktop_app.storage import RecipientList, SignerRecord
from desktop_app.text import clean
from desktop_app.vnformat import format_short_date
from ui.date_box import DATE_FORMAT, DateBox
from ui.form_bits import buddy_label
from ui.typing_boxes import LineTyping, PasteLineEdit, PastePlainTextEdit, TypingTimer
from ui.wizard.fields import lines_of
from ui.wizard.pages import SEVERITY_COLOURS, issue_text, small_label

PREVIEW_STYLE = (
    "background: #f6f6f2; border: 1px solid #d8d8d0; padding: 4px;"
    " font-family: 'Liberation Serif', 'Times New Roman', serif;"
)
HEAD_TITLES = ("TM.", "KT.", "TL.", "TUQ.")
ZERO_CHOICES = {"00": "00 (hai chữ số)", "0": "0", "khong": "không", "chua_co": "chưa có"}
QUYEN_HAN_LABELS = {
    "": "(ký thẳng)",
    "TM.": "TM. (thay mặt)",
    "KT.": "KT. (ký thay)",
    "TL.": "TL. (thừa lệnh)",
    "TUQ.": "TUQ. (thừa ủy quyền)",
    "Q.": "Q. (quyền)",
}


class LinesEdit(PastePlainTextEdit):
    """Several lines, committed on leaving and after a short pause in typing."""

    def __init__(
        self,
        name: str,
        on_commit: Callable[[str], None],
        parent: QWidget,
        normal: Callable[[str], object] = lines_of,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.normal = normal  # what the session keeps of a text: compared, never typed over
        self.setTabChangesFocus(True)
        self.on_commit = on_commit
        self.showing = False
        self.idle_timer = TypingTimer(self)
        self.idle_timer.timeout.connect(self.commit)
        self.textChanged.connect(lambda: None if self.showing else self.idle_timer.start())

    def commit(self) -> None:
        self.idle_timer.stop()
        self.on_commit(self.toPlainText())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.commit()

    def show_text(self, text: str) -> None:
        if self.normal(self.toPlainText()) == self.normal(text) or self.idle_timer.isActive():
            return
        self.showing = True
        try:
            self.setPlainText(text)
        finally:
            self.showing = False


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


class LineBox(PasteLineEdit):
    """One line of the document (Số, Lưu, the signer's titles and name): what is typed goes to
    the session in pauses and when left, the box left alone while typed in (:class:`LineTyping`)."""

    def __init__(
        self,
        name: str,
        on_commit: Callable[[str], None],
        parent: QWidget,
        on_pause: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.typing = LineTyping(self, paused=on_pause or on_commit, left=on_commit)

    def commit(self) -> None:
        """Hand over what is typed, as leaving the box does (the window's Ctrl+S and closing)."""
        self.typing.leave()

    def show_text(self, text: str) -> None:
        self.typing.show(text)


def preview(parent: QWidget) -> QLabel:
    label = small_label("", parent, None, style=PREVIEW_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DocumentPage(QScrollArea):
    """The page of the document step."""

    # An entry refused or taken back (Số): no edit was kept, so the window hears of it here.
    sig_edited = Signal(str, object)

    def __init__(
        self,
        session: Session,
        signers: list[SignerRecord],
        lists: list[RecipientList],
        notice: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.signers = signers
        self.lists = lists
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = self.content = QWidget(self)  # the scrolled widget holding every field
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 8, 24, 16)
        title = QLabel("Văn bản: số, ngày, nơi nhận, người ký", content)
        title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        layout.addWidget(title)
        # Problems are shown in the box of the field they are about, under its fields.
        self.issue_labels: dict[tuple[str, ...], QLabel] = {}
        for fields, box in (
            (("period", "so", "ngay", "dem_hai_chu_so"), self._number_box(content)),
            (("trich_yeu",), self._subject_box(content)),
            (("kinh_gui", "noi_nhan", "luu"), self._recipients_box(content)),
            (("nguoi_ky",), self._signer_box(content)),
        ):
            label = small_label("", box, SEVERITY_COLOURS["warning"])
            label.setObjectName(f"van_de_{fields[0]}")
            label.hide()
            box_layout = box.layout()
            if isinstance(box_layout, QFormLayout):
                box_layout.addRow(label)
            elif box_layout is not None:
                box_layout.addWidget(label)
            self.issue_labels[fields] = label
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(content)
        for edit in content.findChildren(PastePlainTextEdit) + content.findChildren(PasteLineEdit):
            edit.pasted_notice = notice

    # ------------------------------------------------------------ building

    def _number_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Kỳ báo cáo, số và ngày ban hành", parent)
        form = QFormLayout(box)
        self.period_label = QLabel(box)
        self.period_label.setObjectName("period")
        self.period_label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.period_label.setWordWrap(True)
        form.addRow("Kỳ báo cáo:", self.period_label)
        self.so_edit = LineBox("so", self._commit_so, box, on_pause=self._hand_over_so)
        self.so_edit.setPlaceholderText("để trống cho văn thư ghi")
        self.so_edit.setMaximumWidth(180)
        self.so_refusal_label = small_label("", box, SEVERITY_COLOURS["error"])
        self.so_refusal_label.hide()
        self.so_preview = preview(box)
        number = self._column(box, self.so_edit, self.so_refusal_label, self.so_preview)
        form.addRow(buddy_label("&Số:", self.so_edit), number)
        date_row = self._date_row(box)
        form.addRow(buddy_label("Ngày b&an hành:", self.date_edit), date_row)
        self.two_digits_check = QCheckBox("Viết số nhỏ hơn 10 với số 0 đứng trước (03 hồ sơ, 09 TTHC)", box)
        self.two_digits_check.setObjectName("dem_hai_chu_so")
        self.two_digits_check.toggled.connect(lambda on: self._set(dem_hai_chu_so=on))
        form.addRow("", self.two_digits_check)
        form.addRow(*self._zero_row(box))
        return box

    def _zero_row(self, box: QWidget) -> tuple[QLabel, QComboBox]:
        """How a zero count reads in the sentences: as the kind says, or "00", "0", "không", "chưa có"."""
        self.zero_combo = QComboBox(box)
        self.zero_combo.setObjectName("so_khong")
        for value in ("", *ZERO_READINGS):
            self.zero_combo.addItem(ZERO_CHOICES.get(value, value), value)
        self.zero_combo.activated.connect(lambda _i: self._set(so_khong=self.zero_combo.currentData()))
        return buddy_label("Số &0 trong câu viết là:", self.zero_combo), self.zero_combo

    def _date_row(self, parent: QWidget) -> QWidget:
        self.date_edit = DateBox(parent)
        self.date_edit.setObjectName("ngay")
        self.date_edit.sig_date_committed.connect(self._commit_date)
        self.blank_day_check = QCheckBox("Để t&rống ngày cho văn thư", parent)
        self.blank_day_check.setObjectName("ngay_de_trong")
        self.blank_month_check = QCheckBox("Để trống &cả tháng", parent)
        self.blank_month_check.setObjectName("thang_de_trong")
        self.blank_day_check.toggled.connect(self._blank_day_toggled)
        self.blank_month_check.toggled.connect(self._blank_month_toggled)
        self.date_preview = preview(parent)
        line = QHBoxLayout()
        for widget in (self.date_edit, self.blank_day_check, self.blank_month_check):
            line.addWidget(widget)
        line.addStretch(1)
        holder = QWidget(parent)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(line)
        column.addWidget(self.date_preview)
        return holder

    def _subject_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("&Trích yếu", parent)
        column = QVBoxLayout(box)
        column.addWidget(small_label("Để trống thì dùng câu chuẩn của loại văn bản (hiện mờ trong ô).", box))
        self.subject_edit = LinesEdit("trich_yeu", lambda t: self._set(trich_yeu=one_line(t)), box, one_line)
        self.subject_edit.setFixedHeight(self.subject_edit.fontMetrics().lineSpacing() * 3 + 14)
        column.addWidget(self.subject_edit)
        return box

    def _recipients_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Kính gửi và Nơi nhận (mỗi dòng một nơi)", parent)
        form = QFormLayout(box)
        self.kinh_gui_edit, self.kinh_gui_preview = self._list_editor(box, form, "kinh_gui", "&Kính gửi:")
        self.noi_nhan_edit, self.noi_nhan_preview = self._list_editor(box, form, "noi_nhan", "Nơ&i nhận:")
        self.luu_edit = LineBox("luu", lambda t: self._set(luu=t.strip() or "VT"), box)
        self.luu_edit.setPlaceholderText("VT, tên viết tắt của phòng và người soạn")
        form.addRow(buddy_label("&Lưu:", self.luu_edit), self.luu_edit)
        return box

    def _list_editor(
        self, box: QGroupBox, form: QFormLayout, name: str, label: str
    ) -> tuple[LinesEdit, QLabel]:
        edit = LinesEdit(name, lambda t: self._set(**{name: tuple(lines_of(t))}), box)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 5 + 14)
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        shown = preview(box)
        parts: list[QWidget] = [edit, shown]
        lists = [lst for lst in self.lists if lst.kind == name]
        if lists:
            parts.insert(0, self._list_picker(box, name, lists, edit))
        form.addRow(buddy_label(label, edit), self._column(box, *parts))
        return edit, shown

    def _list_picker(self, box: QWidget, name: str, lists: list[RecipientList], edit: LinesEdit) -> QWidget:
        combo = QComboBox(box)
        combo.setObjectName(f"{name}_danh_sach")
        for lst in lists:
            combo.addItem(lst.name or f"Danh sách {lst.id}", lst.id)
        use_button = QPushButton("Dùng danh sách có sẵn", box)

        def use() -> None:
            chosen = next(lst for lst in lists if lst.id == combo.currentData())
            extra = {"luu": chosen.luu} if name == "noi_nhan" and chosen.luu else {}
            self._set(**{name: chosen.lines}, **extra)

        use_button.clicked.connect(use)
        line = QWidget(box)
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(combo, 1)
        row.addWidget(use_button)
        return line

    def _signer_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Người ký", parent)
        form = QFormLayout(box)
        self.signer_combo = QComboBox(box)
        self.signer_combo.setObjectName("nguoi_ky")
        self.signer_combo.addItem("— Chọn người ký có sẵn của đơn vị —", 0)
        for record in self.signers:
            self.signer_combo.addItem(describe_signer(record.signer), record.id)
        self.signer_combo.activated.connect(self._signer_chosen)
        form.addRow(buddy_label("N&gười ký:", self.signer_combo), self.signer_combo)
        self.authority_combo = QComboBox(box)
        self.authority_combo.setObjectName("nguoi_ky_quyen_han")
        for value in QUYEN_HAN:
            self.authority_combo.addItem(QUYEN_HAN_LABELS.get(value, value), value)
        self.authority_combo.activated.connect(lambda _i: self._commit_signer())
        form.addRow(buddy_label("&Quyền hạn ký:", self.authority_combo), self.authority_combo)
        self.head_edit = LineBox("nguoi_ky_chuc_vu_thu_truong", lambda _t: self._commit_signer(), box)
        self.head_edit.setPlaceholderText("ví dụ GIÁM ĐỐC, CHỦ TỊCH, ỦY BAN NHÂN DÂN")
        form.addRow(buddy_label("Chức vụ người đứng đầ&u:", self.head_edit), self.head_edit)
        self.title_edit = LineBox("nguoi_ky_chuc_vu", lambda _t: self._commit_signer(), box)
        self.title_edit.setPlaceholderText("ví dụ PHÓ GIÁM ĐỐC")
        form.addRow(buddy_label("Chức &vụ người ký:", self.title_edit), self.title_edit)
        self.name_edit = LineBox("nguoi_ky_ho_ten", lambda _t: self._commit_signer(), box)
        form.addRow(buddy_label("&Họ và tên:", self.name_edit), self.name_edit)
        self.signer_preview = preview(box)
        form.addRow("Sẽ in:", self.signer_preview)
        return box

    def _column(self, parent: QWidget, *widgets: QWidget) -> QWidget:
        holder = QWidget(parent)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            column.addWidget(widget)
        return holder

    # ------------------------------------------------------------ editing

    def _set(self, **changes: object) -> None:
        current = self.session.document
        if any(getattr(current, k) != v for k, v in changes.items()):
            self.session.set_document(**changes)

    def _hand_over_so(self, text: str) -> None:
        """A pause in typing Số: kept when it reads as a number (or is left empty); a wrong one
        («05/BC») waits for the box to be left to be refused, never said mid-word."""
        if text.strip() == "" or text.strip().isdigit():
            self._commit_so(text)

    def _commit_so(self, text: str) -> None:
        so = text.strip()
        ok = so == "" or so.isdigit()
        message = "" if ok else "Số văn bản chỉ gồm chữ số (ví dụ 05); để trống để văn thư ghi."
        self.so_refusal_label.setText(message)
        self.so_refusal_label.setVisible(not ok)
        refused_before = any(r.field == "so" for r in self.session.refusals())
        if not ok or refused_before:  # the session keeps the refusal as an error, and asks on close
            self.sig_edited.emit("so", self.session.set_document(so=so))  # the steps' errors changed
        else:
            self._set(so=so)

    def _blank_day_toggled(self, blank: bool) -> None:
        """A day to fill in: propose the usual one rather than the 1st of the month shown."""
        if getattr(self, "_showing_date", False):
            return
        if blank:
            self._commit_date()
        else:
            self._set(ngay=self._proposed_day())

    def _blank_month_toggled(self, blank: bool) -> None:
        if getattr(self, "_showing_date", False):
            return
        if blank:
            self._commit_date()
        else:
            proposed = self._proposed_day()
            self._set(ngay=(proposed.year, proposed.month))

    def _proposed_day(self) -> date:
        """The first working day after the data cut-off (of the period, for a plan), or of the
        month the official already chose when that is later."""
        report = self.session.report
        proposed = proposed_issue_date(report.period, ahead=self.session.kind.plans_ahead)
        chosen = report.document.ngay
        if isinstance(chosen, tuple) and date(chosen[0], chosen[1], 1) > proposed:
            return first_working_day(date(chosen[0], chosen[1], 1))
        return proposed

    def _commit_date(self) -> None:
        if getattr(self, "_showing_date", False):
            return
        shown = self.date_edit.date()
        picked = date(shown.year(), shown.month(), shown.day())
        if self.blank_month_check.isChecked() and self.blank_day_check.isChecked():
            self._set(ngay=None)
        elif self.blank_day_check.isChecked():
            self._set(ngay=(picked.year, picked.month))
        else:
            self._set(ngay=picked)

    def _commit_signer(self) -> None:
        signer = Signer(
            chuc_vu=self.title_edit.text(),
            ho_ten=self.name_edit.text(),
            quyen_han=self.authority_combo.currentData() or "",
            chuc_vu_thu_truong=self.head_edit.text(),
        )
        if signer != self.session.document.nguoi_ky:
            self.session.set_signer(signer)

    def _signer_chosen(self, index: int) -> None:
        record = next((r for r in self.signers if r.id == self.signer_combo.itemData(index)), None)
        if record is not None:
            self.session.set_signer(record.signer)

    def apply_unit_defaults(self) -> None:
        """Fill an empty Nơi nhận and signer from the unit's saved lists and signers."""
        doc = self.session.document
        lists = [lst for lst in self.lists if lst.kind == "noi_nhan"]
        if not doc.noi_nhan and lists:
            self._set(noi_nhan=lists[0].lines, **({"luu": lists[0].luu} if lists[0].luu else {}))
        if self.session.document.nguoi_ky == Signer() and self.signers:
            self.session.set_signer(self.signers[0].signer)

    # ------------------------------------------------------------ showing

    def refresh(self) -> None:
        """Show the session's document data and the lines the document will print."""
        report = self.session.report
        doc = report.document
        kind = self.session.kind
        ctx = period_context(report.period, report.unit)
        frame = frame_context(report, kind, ctx)
        start, end = report.period.cutoff()
        cutoff = f"số liệu từ ngày {format_short_date(start)} đến ngày {format_short_date(end)}"
        custom = report.period.type == "tuy_chon"
        self.period_label.setText(report.period.words() if custom else f"{report.period.words()} ({cutoff})")
        self.so_edit.show_text(doc.so)
        self.so_preview.setText(frame["so_ky_hieu"])
        self._show_date(doc)
        self.date_preview.setText(frame["dia_danh_ngay"])
        self.two_digits_check.blockSignals(True)
        self.two_digits_check.setChecked(doc.dem_hai_chu_so)
        self.two_digits_check.blockSignals(False)
        default = ZERO_WORDS[kind.so_khong or ("00" if doc.dem_hai_chu_so else "0")]
        self.zero_combo.setItemText(0, f"như mặc định ({default})")
        self.zero_combo.setCurrentIndex(max(0, self.zero_combo.findData(doc.so_khong)))
        standard = frame_context(replace(report, document=replace(doc, trich_yeu="")), kind, ctx)
        self.subject_edit.setPlaceholderText(standard["trich_yeu"])
        self.subject_edit.show_text(doc.trich_yeu)
        self.kinh_gui_edit.show_text("\n".join(doc.kinh_gui))
        self.kinh_gui_preview.setText("\n".join(frame["kinh_gui"]) or "(không in dòng Kính gửi)")
        self.noi_nhan_edit.show_text("\n".join(doc.noi_nhan))
        self.noi_nhan_preview.setText("Nơi nhận:\n" + "\n".join(frame["noi_nhan"]))
        self.luu_edit.show_text(doc.luu)
        self._show_signer(doc.nguoi_ky, frame["chuc_vu"], frame["ho_ten"])
        self._show_issues()
        for form in self.content.findChildren(QFormLayout):
            form.invalidate()

    def _show_date(self, doc: DocumentInfo) -> None:
        self._showing_date = True
        try:
            value = doc.ngay
            self.blank_day_check.setChecked(not isinstance(value, date))
            self.blank_month_check.setChecked(value is None)
            self.blank_month_check.setEnabled(not isinstance(value, date))
            if isinstance(value, date):
                shown = QDate(value.year, value.month, value.day)
            elif isinstance(value, tuple):
                shown = QDate(value[0], value[1], 1)
            else:
                proposed = self._proposed_day()
                shown = QDate(proposed.year, proposed.month, 1)
            display = DATE_FORMAT if isinstance(value, date) else "MM/yyyy"
            if self.date_edit.displayFormat() != display and not self.date_edit.hasFocus():
                self.date_edit.setDisplayFormat(display)
            self.date_edit.show_date(shown)  # never under the official's cursor
            self.date_edit.setEnabled(value is not None or not self.blank_month_check.isChecked())
        finally:
            self._showing_date = False

    def _show_signer(self, signer: Signer, titles: list[str], name: str) -> None:
        index = self.authority_combo.findData(signer.quyen_han)
        self.authority_combo.setCurrentIndex(max(0, index))
        self.head_edit.show_text(signer.chuc_vu_thu_truong)
        self.title_edit.show_text(signer.chuc_vu)
        self.name_edit.show_text(signer.ho_ten)
        self.head_edit.setEnabled(signer.quyen_han in HEAD_TITLES)
        match = next((i for i, r in enumerate(self.signers, 1) if r.signer == signer), 0)
        self.signer_combo.setCurrentIndex(match)
        self.signer_preview.setText("\n".join([*titles, "", "", name]))

    def _show_issues(self) -> None:
        issues = self.session.issues()
        for fields, label in self.issue_labels.items():
            mine = [i for i in issues if set(i.fields) & set(fields)]
            label.setText("\n".join(f"⚠ {issue_text(i)}" for i in mine))
            label.setVisible(bool(mine))

    def show_field(self, name: str) -> bool:
        """Focus the widget named ``name`` (a document field id); False when there is none."""
        widget = self.content.findChild(QWidget, name)
        if widget is None:
            return False
        self.ensureWidgetVisible(widget, 0, 60)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_first(self) -> None:
        self.so_edit.setFocus(Qt.FocusReason.OtherFocusReason)


def describe_signer(signer: Signer) -> str:
    """Return a signer as one line of a list: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC — Trần Quốc Toàn"."""
    if signer.quyen_han in HEAD_TITLES:
        title = f"{signer.quyen_han} {signer.chuc_vu_thu_truong} / {signer.chuc_vu}"
    else:
        title = f"{signer.quyen_han} {signer.chuc_vu}".strip()
    return f"{title} — {signer.ho_ten}" if signer.ho_ten else title
