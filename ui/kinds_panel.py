"""«Loại văn bản» in the settings: the kinds installed, and the IT officer's packages.

Lists every kind (built in, and own ones marked «riêng») with its versions by date and their
notices; imports a package (lint first: refused with the findings, nothing installed),
exports the selected kind as a package to start from or share, removes an own kind, and
checks a package without installing it. Lint, import and export run off the GUI thread; the
findings are shown in the panel, one a line, in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.document import kind_package
from desktop_app.report import catalogue
from desktop_app.report.kind_lint import SEVERITY_WORDS, Finding
from desktop_app.report.kinds import Kind
from ui.background import run_in_background
from ui.form_bits import ask_yes_no
from ui.resources import ask_save_path, last_folder, remember_folder, window_title

PACKAGE_FILTER = ("Gói loại văn bản", ".zip")
ORIGIN_WORDS = {"builtin": "có sẵn", "own": "riêng"}


def validity(kind: Kind) -> str:
    """The periods a version is for: "kỳ có ngày chốt số liệu từ 01/07/2025 đến 14/02/2026"."""
    start = f" từ {kind.valid_from:%d/%m/%Y}" if kind.valid_from else ""
    end = f" đến {kind.valid_until:%d/%m/%Y}" if kind.valid_until else " trở đi"
    return "kỳ có ngày chốt số liệu" + start + end


def findings_text(findings: Sequence[Finding]) -> str:
    lines = [f"{SEVERITY_WORDS[f.severity]}: {f.text()}" for f in findings]
    errors = sum(f.severity == "error" for f in findings)
    lines.append(f"{errors} lỗi, {len(findings) - errors} lưu ý." if findings else "Không có lỗi nào.")
    return "\n".join(lines)


class KindsPanel(QWidget):
    """The «Loại văn bản» tab."""

    sig_kinds_changed = Signal()
    """Emitted after a kind was installed or removed (lists of kinds elsewhere refill)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loai_van_ban")
        self.busy = False
        layout = QVBoxLayout(self)
        self.kinds_tree = QTreeWidget()
        self.kinds_tree.setObjectName("kinds")
        self.kinds_tree.setHeaderLabels(["Loại văn bản, phiên bản", "Mã", "Nguồn"])
        self.kinds_tree.setColumnWidth(0, 420)
        self.kinds_tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        list_label = QLabel("&Các loại văn bản đã cài:")
        list_label.setBuddy(self.kinds_tree)
        layout.addWidget(list_label)
        layout.addWidget(self.kinds_tree, 2)
        layout.addLayout(self._buttons())
        self.findings_view = QPlainTextEdit()
        self.findings_view.setObjectName("ket_qua_kiem_tra")
        self.findings_view.setReadOnly(True)
        self.findings_view.setPlaceholderText("Kết quả kiểm tra, nhập, xuất gói loại văn bản hiện ở đây.")
        findings_label = QLabel("Kết &quả kiểm tra:")
        findings_label.setBuddy(self.findings_view)
        layout.addWidget(findings_label)
        layout.addWidget(self.findings_view, 1)
        self.refill()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.import_button = self._button("nhap_goi", "&Nhập gói…", self.ask_import)
        self.export_button = self._button("xuat_goi", "&Xuất gói…", self.ask_export)
        self.remove_button = self._button("go_loai", "&Gỡ loại riêng", self.ask_remove)
        self.lint_button = self._button("kiem_tra_goi", "&Kiểm tra gói…", self.ask_lint)
        for button in (self.import_button, self.export_button, self.remove_button, self.lint_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _button(self, name: str, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------ the list
    def refill(self) -> None:
        """Show every installed kind with its versions."""
        selected = self.selected_kind()
        self.kinds_tree.clear()
        for fam in catalogue.families():
            item = QTreeWidgetItem([fam.title, fam.id, ORIGIN_WORDS.get(fam.origin, fam.origin)])
            item.setData(0, 256, fam.id)
            for kind in fam.versions:
                child = QTreeWidgetItem([f"Phiên bản {kind.version}: {validity(kind)}", "", ""])
                child.setToolTip(0, "\n".join(t for t in (kind.legal_basis, kind.notice) if t))
                item.addChild(child)
                if kind.notice:
                    child.addChild(QTreeWidgetItem([f"Lưu ý: {kind.notice}", "", ""]))
            self.kinds_tree.addTopLevelItem(item)
            if fam.id == selected:
                self.kinds_tree.setCurrentItem(item)
        for kind_id, problem in sorted(catalogue.catalogue().broken.items()):
            self.kinds_tree.addTopLevelItem(
                QTreeWidgetItem([f"(không dùng được) {problem}", kind_id, "riêng"])
            )
        first = self.kinds_tree.topLevelItem(0)
        if self.kinds_tree.currentItem() is None and first is not None:
            self.kinds_tree.setCurrentItem(first)
        self._update_buttons()

    def selected_kind(self) -> str | None:
        item = self.kinds_tree.currentItem() if hasattr(self, "kinds_tree") else None
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return None
        data = item.data(0, 256)
        return str(data) if data else None

    def select_kind(self, kind_id: str) -> None:
        for i in range(self.kinds_tree.topLevelItemCount()):
            item = self.kinds_tree.topLevelItem(i)
            if item is not None and item.data(0, 256) == kind_id:
                self.kinds_tree.setCurrentItem(item)

    def _update_buttons(self) -> None:
        kind_id = self.selected_kind()
        fam = catalogue.catalogue().families.get(kind_id or "")
        for button in (self.import_button, self.lint_button):
            button.setEnabled(not self.busy)
        self.export_button.setEnabled(fam is not None and not self.busy)
        self.remove_button.setEnabled(fam is not None and fam.is_own and not self.busy)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        if message:
            self.findings_view.setPlainText(message)
        self._update_buttons()

    # ------------------------------------------------------------ asking for files
    def _open_path(self, title: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, window_title(title), str(last_folder()), "{} (*{})".format(*PACKAGE_FILTER)
        )
        if not chosen:
            return None
        remember_folder(Path(chosen).parent)
        return Path(chosen)

    def ask_import(self) -> None:
        path = self._open_path("Nhập gói loại văn bản")
        if path is not None:
            self.import_package(path)

    def ask_lint(self) -> None:
        path = self._open_path("Kiểm tra gói loại văn bản")
        if path is not None:
            self.lint_package(path)

    def ask_export(self) -> None:
        kind_id = self.selected_kind()
        if kind_id is None:
            return
        path = ask_save_path(
            self, window_title("Xuất gói loại văn bản"), last_folder() / f"{kind_id}.zip", *PACKAGE_FILTER
        )
        if path is not None:
            self.export_package(kind_id, path)

    def ask_remove(self) -> None:
        kind_id = self.selected_kind()
        if kind_id is None:
            return
        if ask_yes_no(
            self,
            "Gỡ loại văn bản riêng?",
            f"Gỡ loại văn bản «{catalogue.family(kind_id).title}»?\nCác báo cáo đã viết theo loại này "
            "vẫn mở được (chỉ xem) và tạo lại được văn bản từ bản lưu trong dữ liệu.",
        ):
            self.remove_kind(kind_id)

    # ------------------------------------------------------------ the work
    def lint_package(self, path: Path) -> None:
        """Check a package without installing it; show the findings."""
        self._set_busy(True, f"Đang kiểm tra {path.name}…")
        run_in_background(
            kind_package.lint_path, path, on_done=self._linted, on_error=self._failed, parent=self
        )

    def _linted(self, result: kind_package.PackageLint) -> None:
        self._set_busy(False)
        verdict = "dùng được" if result.ok else "CÓ LỖI, chưa nhập được"
        self.findings_view.setPlainText(
            f"Gói loại văn bản «{result.kind_id}»: {verdict}.\n" + findings_text(result.findings)
        )

    def import_package(self, path: Path) -> None:
        """Lint, then install the package; refused with its findings when anything is wrong."""
        self._set_busy(True, f"Đang kiểm tra và nhập {path.name}…")
        run_in_background(
            kind_package.install_package, path, on_done=self._imported, on_error=self._failed, parent=self
        )

    def _imported(self, result: kind_package.PackageLint) -> None:
        self._set_busy(False)
        self.refill()
        self.select_kind(result.kind_id)
        self.findings_view.setPlainText(
            f"Đã nhập loại văn bản «{catalogue.family(result.kind_id).title}» ({result.kind_id}).\n"
            + findings_text(result.findings)
        )
        self.sig_kinds_changed.emit()

    def export_package(self, kind_id: str, path: Path) -> None:
        self._set_busy(True, f"Đang xuất {kind_id}…")

        def done(kind: Kind) -> None:
            self._set_busy(False)
            self.findings_view.setPlainText(
                f"Đã xuất «{kind.title}», phiên bản {kind.version}, ra {path}.\n"
                "Sửa tệp .toml và .docx trong gói (đổi id nếu là loại có sẵn), kiểm tra rồi nhập lại."
            )

        run_in_background(
            kind_package.export_kind, kind_id, path, on_done=done, on_error=self._failed, parent=self
        )

    def remove_kind(self, kind_id: str) -> None:
        try:
            kind_package.remove_kind(kind_id)
        except kind_package.KindPackageError as exc:
            self.findings_view.setPlainText(str(exc))
            return
        self.refill()
        self.findings_view.setPlainText(
            f"Đã gỡ loại văn bản «{kind_id}». Các báo cáo đã viết theo loại này vẫn mở được (chỉ xem)."
        )
        self.sig_kinds_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        findings = getattr(exc, "findings", ())
        text = str(exc) + ("\n" + findings_text(findings) if findings else "")
        self.findings_view.setPlainText(f"{text}\nKhông có gì được cài đặt." if findings else text)
