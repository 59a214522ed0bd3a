"""The unit's settings: cơ quan, signers, usual Kính gửi and Nơi nhận (also the first start).

Four tabs: the unit, its signers, its usual lists, and «Loại văn bản» (the kinds installed and
the IT officer's packages, :mod:`ui.kinds_panel`). Problems are shown next to their field when
the official leaves it and again on "Lưu"; Cancel (or Esc) asks "Bỏ các thay đổi?" only when
something was typed. Every field widget's objectName is its id: ``co_quan_chu_quan``,
``co_quan``, ``ten``, ``ky_hieu``, ``dia_danh``, ``cap``, the signer fields, ``kinh_gui``,
``noi_nhan``, ``luu``, and ``ke_thua``: the other units this one continues (a phường formed on
01/7/2025 from two old xã, or a unit renamed), ticked with Space; what the store's successions
say, which the New report dialog (pre-filled from the old units' last reports) and «Tổng hợp báo
cáo…» (the old units' quarters for the year) read.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.document.context import kinh_gui_lines, noi_nhan_lines, so_ky_hieu
from desktop_app.document.header import unit_lines
from desktop_app.report.answers import DocumentInfo, Unit
from desktop_app.storage import StorageError, Store
from desktop_app.text import one_form
from ui.form_bits import confirm_discard, error_label, field_with_error, show_message
from ui.kinds_panel import KindsPanel
from ui.resources import fit_to_screen, guard_wheel, window_title
from ui.signers_editor import SignersEditor
from ui.typing_boxes import NameEdit, PasteLineEdit, PastePlainTextEdit

# Since 01/7/2025 there is no huyện: a unit is offered the two levels and the departments. A
# huyện unit of old reports keeps its level (and writes reports of periods before 7/2025 only).
LEVEL_CHOICES = (
    ("tinh", "Tỉnh (UBND tỉnh, thành phố)"),
    ("so", "Sở, ban, ngành"),
    ("xa", "Xã, phường, đặc khu"),
)
# The two names the header prints may be broken into lines (Enter): the document keeps them.
NAME_FIELDS = ("co_quan_chu_quan", "co_quan")
NAME_HINT = (
    "Tên dài được tự xuống dòng trước tên địa danh (XÃ, TỈNH…); muốn ngắt chỗ khác thì bấm Enter ở chỗ đó."
)
PREDECESSOR_HINT = (
    "Phím cách đánh dấu các đơn vị cũ đã sáp nhập vào (hay đổi tên thành) đơn vị này từ 01/7/2025: "
    "báo cáo mới lấy số liệu kỳ trước của chúng, «Tổng hợp báo cáo…» cộng các kỳ của chúng."
)
OLD_LEVEL = ("huyen", "Huyện (đã bỏ từ 01/7/2025: chỉ báo cáo các kỳ trước đó)")
# id, label, example, required
UNIT_FIELDS = (
    ("co_quan_chu_quan", "Cơ quan c&hủ quản:", "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG", False),
    ("co_quan", "&Tên cơ quan (in hoa như trên văn bản):", "SỞ NGOẠI VỤ", True),
    ("ten", "Tên gọi t&rong câu văn:", "Sở Ngoại vụ", False),
    ("ky_hieu", "&Ký hiệu (sau «BC-» trong số văn bản):", "SNgV", True),
    ("dia_danh", "Đị&a danh (trước ngày tháng):", "Kiên Giang", True),
)
# The words of an issuing body's name that say its level, tried at each word from the left
# («TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ …» is a commune's); None: a level abolished on
# 01/7/2025, no guess. «TỈNH», «THÀNH PHỐ» make the province only right after the people's
# committee («UBND TỈNH …»): anywhere else the body is one of the province's («THANH TRA TỈNH»).
NAME_LEVELS: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("THỊ", "XÃ"), None),
    (("THỊ", "TRẤN"), None),
    (("ĐẶC", "KHU"), "xa"),
    (("XÃ",), "xa"),
    (("PHƯỜNG",), "xa"),
    (("SỞ",), "so"),
    (("UBND", "TỈNH"), "tinh"),
    (("UBND", "THÀNH", "PHỐ"), "tinh"),
    (("ỦY", "BAN", "NHÂN", "DÂN", "TỈNH"), "tinh"),
    (("ỦY", "BAN", "NHÂN", "DÂN", "THÀNH", "PHỐ"), "tinh"),
    (("TỈNH",), "so"),
    (("THÀNH", "PHỐ"), "so"),
)
NOT_LEVELS = ("XÃ HỘI",)  # «BẢO HIỂM XÃ HỘI TỈNH …», «LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI»: no commune
REQUIRED_MESSAGES = {
    "co_quan": "Hãy nhập tên cơ quan ban hành (ví dụ: SỞ NGOẠI VỤ).",
    "ky_hieu": "Hãy nhập ký hiệu của cơ quan (ví dụ: SNgV, UBND).",
    "dia_danh": "Hãy nhập địa danh ghi trước ngày tháng (ví dụ: Kiên Giang).",
}
PREVIEW_STYLE = (
    "QLabel { background: white; border: 1px solid #bbb; padding: 6px;"
    " font-family: 'Times New Roman', 'Liberation Serif', serif; }"
)


def unit_problems(values: Mapping[str, str]) -> dict[str, str]:
    """Return the Vietnamese problem of each unit field that is wrong (empty when sound)."""
    problems = {k: m for k, m in REQUIRED_MESSAGES.items() if not values.get(k, "").strip()}
    ky_hieu = values.get("ky_hieu", "").strip()
    if ky_hieu and (" " in ky_hieu or "/" in ky_hieu):
        problems["ky_hieu"] = "Ký hiệu không có dấu cách hay dấu «/» (ví dụ: SNgV, UBND-VX)."
    return problems


# A name starting so is a ban or ngành of the province, whatever place follows it («BAN QUẢN LÝ
# CÁC KHU CÔNG NGHIỆP TỈNH …», «CÔNG AN TỈNH …»): «Sở, ban, ngành», not the province.
DEPARTMENT_STARTS = (("SỞ",), ("BAN",), ("CÔNG", "AN"), ("CỤC",), ("CHI", "CỤC"))


def level_in_name(name: str) -> str | None:
    """The level the issuing body's name says («UBND XÃ MỸ HÒA»: ``xa``), None when it says none."""
    upper = one_form(name).upper()  # «Uỷ ban» and «Ủy ban» alike
    for phrase in NOT_LEVELS:
        upper = upper.replace(phrase, "")
    words = upper.split()
    if any(tuple(words[: len(start)]) == start for start in DEPARTMENT_STARTS):
        return "so"
    for i in range(len(words)):
        for level_words, level in NAME_LEVELS:
            if tuple(words[i : i + len(level_words)]) == level_words:
                return level
    return None


def _name_text(text: str) -> str:
    """The name as kept: its lines trimmed, empty lines dropped (a break only where one was typed)."""
    return "\n".join(line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line)


def text_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SettingsDialog(QDialog):
    """Edit one unit (or create the first one, ``unit_id=None``) with its signers and lists."""

    def __init__(
        self,
        store: Store,
        unit_id: int | None = None,
        parent: QWidget | None = None,
        first_start: bool = False,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.unit_id = unit_id
        self.first_start = first_start
        self.setObjectName("settings_dialog")
        self.setWindowTitle(window_title("Thiết lập ban đầu" if first_start else "Cài đặt"))
        self._build()
        self._load()
        self._saved_state = self.state()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        if self.first_start:
            intro = QLabel(
                "<b>Chào mừng!</b> Hãy nhập thông tin cơ quan của bạn một lần: tên cơ quan, "
                "người ký, nơi nhận thường dùng. Các báo cáo sau sẽ tự điền những thông tin này. "
                "Có thể sửa lại bất cứ lúc nào trong <i>Cài đặt</i>."
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._unit_tab(), "&1. Cơ quan")
        self.signers_editor = SignersEditor(self._signer_entries())
        self.tabs.addTab(self.signers_editor, "&2. Người ký")
        self.tabs.addTab(self._recipients_tab(), "&3. Kính gửi, Nơi nhận")
        self.kinds_panel = KindsPanel()
        self.tabs.addTab(self.kinds_panel, "&4. Loại văn bản")
        layout.addWidget(self.tabs, 1)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Lưu và bắt đầu" if self.first_start else "&Lưu")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        layout.addWidget(self.button_box)
        fit_to_screen(self, 800, 640)
        guard_wheel(self)

    def _unit_tab(self) -> QWidget:
        # Scrolled: on a 1366×768 screen at 125 % the form is taller than the dialog can be, and
        # squeezed it cut the «Đầu văn bản» preview (and, taller still, pushed «Lưu» off the screen).
        self.unit_scroll = QScrollArea()
        self.unit_scroll.setObjectName("co_quan_cuon")
        self.unit_scroll.setWidgetResizable(True)
        self.unit_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.unit_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the tabs to the first box
        self.unit_scroll.setWidget(self._unit_form())
        return self.unit_scroll

    def _unit_form(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.unit_form = form
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.unit_edits: dict[str, QLineEdit | NameEdit] = {}
        self.unit_errors: dict[str, QLabel] = {}
        for field_id, label_text, example, required in UNIT_FIELDS:
            edit = self._unit_edit(field_id, example)
            self.unit_edits[field_id] = edit
            self.unit_errors[field_id] = error_label(f"{field_id}_error")
            label = QLabel(label_text + (" *" if required else ""))
            label.setBuddy(edit)
            form.addRow(label, field_with_error(edit, self.unit_errors[field_id]))
        self.cap_combo = QComboBox()
        self.cap_combo.setObjectName("cap")
        for value, text in LEVEL_CHOICES:
            self.cap_combo.addItem(text, value)
        self.cap_combo.activated.connect(self._level_picked)  # the official's choice, never the app's
        self.level_picked = self.unit_id is not None  # a unit's level is the official's: never guessed
        self.unit_edits["co_quan"].textChanged.connect(self._level_from_name)
        cap_label = QLabel("Cấ&p:")
        cap_label.setBuddy(self.cap_combo)
        form.addRow(cap_label, self.cap_combo)
        self.rename_check = QCheckBox("Đây là đổi tên chính thức (&giữ tên cũ trong lịch sử của đơn vị)")
        self.rename_check.setObjectName("doi_ten")
        self.rename_check.setVisible(self.unit_id is not None)
        form.addRow("", self.rename_check)
        self.predecessor_list = QListWidget()
        self.predecessor_list.setObjectName("ke_thua")
        self.predecessor_list.setMaximumHeight(80)
        self.predecessor_list.setToolTip(PREDECESSOR_HINT)
        predecessor_label = QLabel("Kế thừa đơn vị &cũ:")
        predecessor_label.setBuddy(self.predecessor_list)
        predecessor_label.setToolTip(PREDECESSOR_HINT)
        form.addRow(predecessor_label, self.predecessor_list)
        self.predecessor_hint = QLabel(PREDECESSOR_HINT)
        self.predecessor_hint.setWordWrap(True)
        form.addRow("", self.predecessor_hint)
        self.unit_preview_label = QLabel()
        self.unit_preview_label.setObjectName("unit_preview")
        self.unit_preview_label.setStyleSheet(PREVIEW_STYLE)
        self.unit_preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        form.addRow("Đầu văn bản:", self.unit_preview_label)
        hint = QLabel(NAME_HINT)
        hint.setWordWrap(True)
        form.addRow("", hint)
        form.addRow("", QLabel("Các ô có dấu * phải điền."))
        return tab

    def _unit_edit(self, field_id: str, example: str) -> QLineEdit | NameEdit:
        if field_id in NAME_FIELDS:
            name = NameEdit()
            name.setObjectName(field_id)
            name.setPlaceholderText(f"ví dụ: {example}")
            name.textChanged.connect(self._refresh_unit_preview)
            return name
        edit = PasteLineEdit()
        edit.setObjectName(field_id)
        edit.setPlaceholderText(f"ví dụ: {example}")
        edit.textChanged.connect(self._refresh_unit_preview)
        edit.editingFinished.connect(lambda f=field_id: self._check_unit_field(f))
        return edit

    def _recipients_tab(self) -> QWidget:
        tab = QWidget()
        grid = QGridLayout(tab)
        hint = QLabel("Mỗi dòng một nơi; không cần gõ dấu «-» ở đầu hay «;» ở cuối: ứng dụng tự thêm.")
        hint.setWordWrap(True)
        grid.addWidget(hint, 0, 0, 1, 2)
        self.kinh_gui_edit = self._lines_edit("kinh_gui", "Văn phòng UBND tỉnh")
        self.noi_nhan_edit = self._lines_edit("noi_nhan", "Như trên\nVăn phòng Chính phủ (Cục KSTTHC)")
        self.luu_edit = PasteLineEdit()
        self.luu_edit.setObjectName("luu")
        self.luu_edit.setPlaceholderText("ví dụ: VT, VP")
        self.luu_edit.textChanged.connect(self._refresh_recipients_preview)
        self.kinh_gui_preview_label = self._preview("kinh_gui_preview")
        self.noi_nhan_preview_label = self._preview("noi_nhan_preview")
        grid.addWidget(self._buddy("&Kính gửi (thường dùng):", self.kinh_gui_edit), 1, 0)
        grid.addWidget(self.kinh_gui_edit, 2, 0)
        grid.addWidget(QLabel("In ra:"), 1, 1)
        grid.addWidget(self.kinh_gui_preview_label, 2, 1)
        grid.addWidget(self._buddy("&Nơi nhận (thường dùng):", self.noi_nhan_edit), 3, 0)
        grid.addWidget(self.noi_nhan_edit, 4, 0)
        luu_row = QFormLayout()
        luu_row.addRow(self._buddy("Lư&u:", self.luu_edit), self.luu_edit)
        grid.addLayout(luu_row, 5, 0)
        grid.addWidget(QLabel("In ra:"), 3, 1)
        grid.addWidget(self.noi_nhan_preview_label, 4, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return tab

    def _lines_edit(self, object_name: str, example: str) -> QPlainTextEdit:
        edit = PastePlainTextEdit()
        edit.setObjectName(object_name)
        edit.setPlaceholderText(f"ví dụ:\n{example}")
        edit.setTabChangesFocus(True)
        edit.textChanged.connect(self._refresh_recipients_preview)
        return edit

    @staticmethod
    def _preview(object_name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(object_name)
        label.setStyleSheet(PREVIEW_STYLE)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        return label

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # ------------------------------------------------------------ loading
    def _signer_entries(self) -> list[tuple[int | None, Any]]:
        if self.unit_id is None:
            return []
        return [(s.id, s.signer) for s in self.store.signers(self.unit_id)]

    def _load(self) -> None:
        if self.unit_id is not None:
            unit = self.store.get_unit(self.unit_id)
            for field_id, edit in self.unit_edits.items():
                edit.setText(getattr(unit, field_id))
            if unit.cap == OLD_LEVEL[0]:
                self.cap_combo.addItem(OLD_LEVEL[1], OLD_LEVEL[0])
            self.cap_combo.setCurrentIndex(max(0, self.cap_combo.findData(unit.cap)))
            for kind, lines_edit in (("kinh_gui", self.kinh_gui_edit), ("noi_nhan", self.noi_nhan_edit)):
                lists = self.store.recipient_lists(self.unit_id, kind)
                if lists:
                    lines_edit.setPlainText("\n".join(lists[0].lines))
                    if kind == "noi_nhan":
                        self.luu_edit.setText(lists[0].luu)
        else:
            self.cap_combo.setCurrentIndex(self.cap_combo.findData("so"))
        self._fill_predecessors()
        self._refresh_unit_preview()
        self._refresh_recipients_preview()

    def _fill_predecessors(self) -> None:
        """Offer every other unit (stopped ones too: an old xã is usually stopped), ticked when
        this unit already continues it."""
        ticked = {u.id for u in self.store.predecessors(self.unit_id)} if self.unit_id is not None else set()
        for record in self.store.units(include_inactive=True):
            if record.id == self.unit_id:
                continue
            text = record.unit.ten_goi + ("" if record.active else " (ngừng sử dụng)")
            item = QListWidgetItem(text, self.predecessor_list)
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = record.id in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if self.predecessor_list.count():
            self.predecessor_list.setCurrentRow(0)
        else:  # the first unit of a PC continues nothing it knows
            for widget in (self.predecessor_list, self.predecessor_hint):
                self.unit_form.setRowVisible(widget, False)

    # ------------------------------------------------------------ reading
    def predecessor_ids(self) -> tuple[int, ...]:
        """The units ticked in «Kế thừa đơn vị cũ», in the list's order."""
        items = (self.predecessor_list.item(i) for i in range(self.predecessor_list.count()))
        return tuple(
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def unit_values(self) -> dict[str, str]:
        values = {
            k: _name_text(e.text()) if k in NAME_FIELDS else e.text().strip()
            for k, e in self.unit_edits.items()
        }
        values["cap"] = str(self.cap_combo.currentData())
        return values

    def unit(self) -> Unit:
        return Unit(**self.unit_values())

    def document_defaults(self) -> DocumentInfo:
        return DocumentInfo(
            kinh_gui=tuple(text_lines(self.kinh_gui_edit.toPlainText())),
            noi_nhan=tuple(text_lines(self.noi_nhan_edit.toPlainText())),
            luu=self.luu_edit.text().strip(),
        )

    def state(self) -> tuple[Any, ...]:
        """Return everything the official can change, to tell whether something was typed."""
        doc = self.document_defaults()
        return (
            tuple(sorted(self.unit_values().items())),
            tuple(self.signers_editor.entries()),
            doc.kinh_gui,
            doc.noi_nhan,
            doc.luu,
            self.rename_check.isChecked(),
            self.predecessor_ids(),
        )

    def is_dirty(self) -> bool:
        return self.state() != self._saved_state

    # ------------------------------------------------------------ previews
    def _refresh_unit_preview(self) -> None:
        v = self.unit_values()
        parent = "<br>".join(escape(line) for line in unit_lines(v["co_quan_chu_quan"], bold=False))
        name = "<br>".join(escape(line) for line in unit_lines(v["co_quan"], bold=True)) or "(TÊN CƠ QUAN)"
        number = escape(so_ky_hieu("", "BC", v["ky_hieu"] or "…"))
        place = escape(v["dia_danh"] or "(Địa danh)")
        self.unit_preview_label.setText(
            f"{parent}<br><b>{name}</b><br>{number}<br><i>{place}, ngày … tháng … năm …</i>"
        )

    def _refresh_recipients_preview(self) -> None:
        doc = self.document_defaults()
        kinh_gui = kinh_gui_lines(doc.kinh_gui)
        self.kinh_gui_preview_label.setText(
            "<br>".join(escape(line) for line in kinh_gui) or "<i>(không ghi Kính gửi)</i>"
        )
        lines = "<br>".join(escape(line) for line in noi_nhan_lines(doc))
        self.noi_nhan_preview_label.setText(f"<b><i>Nơi nhận:</i></b><br>{lines}")

    def _level_picked(self) -> None:
        self.level_picked = True

    def _level_from_name(self) -> None:
        """A new unit's level follows its name until the official picks one: a commune that did
        not notice «Sở, ban, ngành» was asked the province's figures in its reports."""
        level = None if self.level_picked else level_in_name(self.unit_edits["co_quan"].text())
        index = self.cap_combo.findData(level) if level else -1
        if index >= 0:
            self.cap_combo.setCurrentIndex(index)

    # ------------------------------------------------------------ checking
    def _check_unit_field(self, field_id: str) -> None:
        show_message(self.unit_errors[field_id], unit_problems(self.unit_values()).get(field_id, ""))

    def validate(self) -> bool:
        """Show every problem next to its field; go to the first one. True when all is sound."""
        problems = unit_problems(self.unit_values())
        for field_id, label in self.unit_errors.items():
            show_message(label, problems.get(field_id, ""))
        if problems:
            self.tabs.setCurrentIndex(0)
            first = next(field_id for field_id, *_ in UNIT_FIELDS if field_id in problems)  # the form's order
            self.unit_edits[first].setFocus()
            self.unit_scroll.ensureWidgetVisible(self.unit_edits[first])
            return False
        if not self.signers_editor.validate():
            self.tabs.setCurrentIndex(1)
            return False
        return True

    # ------------------------------------------------------------ closing
    def accept(self) -> None:  # Qt override
        if not self.validate():
            return
        try:
            self.save()
        except StorageError as exc:
            QMessageBox.warning(self, window_title("Không lưu được"), str(exc))
            return
        self._saved_state = self.state()
        super().accept()

    def reject(self) -> None:  # Qt override
        if self.is_dirty() and not confirm_discard(self):
            return
        super().reject()

    def discard(self) -> None:
        """Close without saving and without asking."""
        self._saved_state = self.state()
        super().reject()

    # ------------------------------------------------------------ saving
    def save(self) -> int:
        """Write the unit, its signers and lists to the store; return the unit's id."""
        unit = self.unit()
        if self.unit_id is None:
            self.unit_id = self.store.add_unit(unit)
            self._save_predecessors(self.unit_id)
        else:  # the successions first: one in a circle is refused before anything has changed
            self._save_predecessors(self.unit_id)
            if self.rename_check.isChecked():
                self.store.rename_unit(self.unit_id, unit)
            else:
                self.store.update_unit(self.unit_id, unit)
        self._save_signers(self.unit_id)
        self._save_lists(self.unit_id)
        return self.unit_id

    def _save_predecessors(self, unit_id: int) -> None:
        ticked = self.predecessor_ids()
        if set(ticked) != {u.id for u in self.store.predecessors(unit_id)}:
            self.store.set_successors(unit_id, ticked)

    def _save_signers(self, unit_id: int) -> None:
        existing = {s.id for s in self.store.signers(unit_id)}
        order: list[int] = []
        for signer_id, signer in self.signers_editor.entries():
            if signer_id in existing:
                self.store.update_signer(signer_id, signer)
                order.append(signer_id)
            else:
                order.append(self.store.add_signer(unit_id, signer))
        for gone in existing - set(order):
            self.store.delete_signer(gone)
        self.store.reorder_signers(unit_id, order)

    def _save_lists(self, unit_id: int) -> None:
        doc = self.document_defaults()
        for kind, lines, luu in (("kinh_gui", doc.kinh_gui, ""), ("noi_nhan", doc.noi_nhan, doc.luu)):
            lists = self.store.recipient_lists(unit_id, kind)
            if lists:
                self.store.update_recipient_list(lists[0].id, kind, lines, luu, lists[0].name)
            elif lines or luu:
                self.store.add_recipient_list(unit_id, kind, lines, luu)
