"""The list of a unit's signers with the form of the selected one (part of the settings dialog).

The first signer is the one a new report starts with. Each form widget's objectName is the
signer field's id (``quyen_han``, ``chuc_vu``, ``chuc_vu_thu_truong``, ``ho_ten``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.document.context import signer_lines
from desktop_app.report.answers import Signer
from ui.form_bits import error_label, field_with_error, show_message
from ui.typing_boxes import PasteLineEdit

# Quyền hạn ký (Nghị định 30, Điều 13) with what each one means, for the combo box.
QUYEN_HAN_CHOICES = (
    ("", "Không (người đứng đầu tự ký)"),
    ("TM.", "TM. – thay mặt tập thể"),
    ("KT.", "KT. – ký thay người đứng đầu"),
    ("TL.", "TL. – thừa lệnh"),
    ("TUQ.", "TUQ. – thừa ủy quyền"),
    ("Q.", "Q. – quyền (cấp phó được giao quyền)"),
)
NEEDS_HEAD = ("TM.", "KT.", "TL.", "TUQ.")
SignerEntry = tuple[int | None, Signer]


def signer_problems(signer: Signer) -> dict[str, str]:
    """Return the Vietnamese problem of each signer field that is wrong (empty when sound)."""
    problems: dict[str, str] = {}
    if not signer.ho_ten.strip():
        problems["ho_ten"] = "Hãy nhập họ và tên người ký."
    if not signer.chuc_vu.strip():
        problems["chuc_vu"] = "Hãy nhập chức vụ của người ký (ví dụ: Phó Giám đốc)."
    if signer.quyen_han in NEEDS_HEAD and not signer.chuc_vu_thu_truong.strip():
        problems["chuc_vu_thu_truong"] = (
            f"Ký «{signer.quyen_han}» cần chức vụ người đứng đầu hoặc tên tập thể "
            "(ví dụ: Giám đốc, Ủy ban nhân dân)."
        )
    return problems


def signer_summary(signer: Signer) -> str:
    """Return one line for the list: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC – Nguyễn Văn A"."""
    title = " / ".join(signer_lines(signer)) or "(chưa có chức vụ)"
    return f"{title} – {signer.ho_ten.strip() or '(chưa có tên)'}"


def is_blank(signer: Signer) -> bool:
    return not any(v.strip() for v in (signer.chuc_vu, signer.ho_ten, signer.chuc_vu_thu_truong))


class SignersEditor(QWidget):
    """Edit the signers of one unit: a list, the selected signer's form, a preview."""

    sig_changed = Signal()
    """Emitted after any change of the list or of a signer's text."""

    def __init__(self, entries: list[SignerEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[SignerEntry] = list(entries)
        self._loading = False
        self._build()
        for _, signer in self._entries:
            self.signer_list.addItem(signer_summary(signer))
        if not self._entries:
            self.add_signer(focus=False)
        self.signer_list.setCurrentRow(0)

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QHBoxLayout(self)
        layout.addLayout(self._build_list(), 2)
        layout.addLayout(self._build_form(), 3)

    def _build_list(self) -> QVBoxLayout:
        box = QVBoxLayout()
        caption = QLabel("&Danh sách người ký (người đầu tiên được chọn sẵn cho báo cáo mới):")
        caption.setWordWrap(True)
        self.signer_list = QListWidget()
        self.signer_list.setObjectName("signer_list")
        caption.setBuddy(self.signer_list)
        self.signer_list.currentRowChanged.connect(self._show_row)
        self.list_error_label = error_label("signer_list_error")
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Thêm người ký")
        self.remove_button = QPushButton("&Xóa")
        self.up_button = QPushButton("Lê&n")
        self.down_button = QPushButton("X&uống")
        self.add_button.clicked.connect(lambda: self.add_signer())
        self.remove_button.clicked.connect(self.remove_signer)
        self.up_button.clicked.connect(lambda: self.move_signer(-1))
        self.down_button.clicked.connect(lambda: self.move_signer(1))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        box.addWidget(caption)
        box.addWidget(self.signer_list, 1)
        box.addWidget(self.list_error_label)
        box.addLayout(buttons)
        return box

    def _build_form(self) -> QVBoxLayout:
        box = QVBoxLayout()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.quyen_han_combo = QComboBox()
        self.quyen_han_combo.setObjectName("quyen_han")
        for value, label in QUYEN_HAN_CHOICES:
            self.quyen_han_combo.addItem(label, value)
        self.chuc_vu_thu_truong_edit = self._line_edit("chuc_vu_thu_truong", "Giám đốc")
        self.chuc_vu_edit = self._line_edit("chuc_vu", "Phó Giám đốc")
        self.ho_ten_edit = self._line_edit("ho_ten", "Nguyễn Văn A")
        self.quyen_han_combo.currentIndexChanged.connect(self._form_edited)
        form.addRow(self._buddy("&Quyền hạn ký:", self.quyen_han_combo), self.quyen_han_combo)
        self.errors = {
            "chuc_vu_thu_truong": error_label("chuc_vu_thu_truong_error"),
            "chuc_vu": error_label("chuc_vu_error"),
            "ho_ten": error_label("ho_ten_error"),
        }
        rows = (
            ("&Chức vụ người đứng đầu\nhoặc tập thể (sau TM., KT.…):", self.chuc_vu_thu_truong_edit),
            ("Chức &vụ người ký:", self.chuc_vu_edit),
            ("&Họ và tên:", self.ho_ten_edit),
        )
        self.field_edits = {edit.objectName(): edit for _, edit in rows}  # by signer field id
        for text, edit in rows:
            form.addRow(self._buddy(text, edit), field_with_error(edit, self.errors[edit.objectName()]))
        box.addLayout(form)
        box.addWidget(QLabel("Chữ ký sẽ in như sau:"))
        self.preview_label = QLabel()
        self.preview_label.setObjectName("signer_preview")
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setTextFormat(Qt.TextFormat.RichText)
        self.preview_label.setStyleSheet(
            "QLabel { background: white; border: 1px solid #bbb; padding: 6px; }"
        )
        box.addWidget(self.preview_label)
        box.addStretch(1)
        return box

    def _line_edit(self, object_name: str, placeholder: str) -> QLineEdit:
        edit = PasteLineEdit()
        edit.setObjectName(object_name)
        edit.setPlaceholderText(f"ví dụ: {placeholder}")
        edit.textEdited.connect(self._form_edited)
        edit.editingFinished.connect(lambda: self._check_field(object_name))
        return edit

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # ------------------------------------------------------------ reading
    def entries(self) -> list[SignerEntry]:
        """Return the signers in order, without the ones left completely blank."""
        return [(sid, s) for sid, s in self._entries if not is_blank(s)]

    def current_signer(self) -> Signer:
        return Signer(
            chuc_vu=self.chuc_vu_edit.text().strip(),
            ho_ten=self.ho_ten_edit.text().strip(),
            quyen_han=str(self.quyen_han_combo.currentData()),
            chuc_vu_thu_truong=self.chuc_vu_thu_truong_edit.text().strip(),
        )

    # ------------------------------------------------------------ editing
    def add_signer(self, focus: bool = True) -> None:
        self._entries.append((None, Signer()))
        self.signer_list.addItem(signer_summary(Signer()))
        self.signer_list.setCurrentRow(len(self._entries) - 1)
        if focus:
            self.quyen_han_combo.setFocus()
        self.sig_changed.emit()

    def remove_signer(self) -> None:
        row = self.signer_list.currentRow()
        if row < 0:
            return
        del self._entries[row]
        self.signer_list.takeItem(row)
        if not self._entries:
            self.add_signer(focus=False)
        self.sig_changed.emit()

    def move_signer(self, step: int) -> None:
        row = self.signer_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < len(self._entries):
            return
        self._entries[row], self._entries[target] = self._entries[target], self._entries[row]
        for r in (row, target):
            self.signer_list.item(r).setText(signer_summary(self._entries[r][1]))
        self.signer_list.setCurrentRow(target)
        self.sig_changed.emit()

    def _show_row(self, row: int) -> None:
        if row < 0 or row >= len(self._entries):
            return
        signer = self._entries[row][1]
        self._loading = True
        index = max(0, self.quyen_han_combo.findData(signer.quyen_han))
        self.quyen_han_combo.setCurrentIndex(index)
        self.chuc_vu_thu_truong_edit.setText(signer.chuc_vu_thu_truong)
        self.chuc_vu_edit.setText(signer.chuc_vu)
        self.ho_ten_edit.setText(signer.ho_ten)
        self._loading = False
        for label in self.errors.values():
            show_message(label, "")
        self._refresh()

    def _form_edited(self) -> None:
        if self._loading:
            return
        row = self.signer_list.currentRow()
        if row < 0:
            return
        signer_id = self._entries[row][0]
        self._entries[row] = (signer_id, self.current_signer())
        self.signer_list.item(row).setText(signer_summary(self._entries[row][1]))
        self._refresh()
        self.sig_changed.emit()

    def _refresh(self) -> None:
        signer = self.current_signer()
        self.chuc_vu_thu_truong_edit.setEnabled(signer.quyen_han in NEEDS_HEAD)
        lines = [f"<b>{line}</b>" for line in signer_lines(signer)]
        name = f"<br><br><br><b>{signer.ho_ten}</b>" if signer.ho_ten else ""
        self.preview_label.setText("<br>".join(lines) + name if lines or name else "(chưa có)")

    # ------------------------------------------------------------ checking
    def _check_field(self, field_id: str) -> None:
        """Say what is wrong with a field once the official leaves it."""
        if self._loading or is_blank(self.current_signer()):
            return
        show_message(self.errors[field_id], signer_problems(self.current_signer()).get(field_id, ""))

    def validate(self) -> bool:
        """Show the problems of the first wrong signer next to its fields; True when all are sound."""
        kept = self.entries()
        show_message(self.list_error_label, "" if kept else "Cần ít nhất một người ký.")
        if not kept:
            self.signer_list.setCurrentRow(0)
            self.ho_ten_edit.setFocus()
            return False
        for row, (_, signer) in enumerate(self._entries):
            problems = signer_problems(signer)
            if problems and not is_blank(signer):
                self.signer_list.setCurrentRow(row)
                for field_id, label in self.errors.items():
                    show_message(label, problems.get(field_id, ""))
                self.field_edits[next(iter(problems))].setFocus()
                return False
        return True
