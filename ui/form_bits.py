"""Small pieces the app's forms share: a problem shown next to its field."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from ui.resources import window_title

ERROR_COLOUR = "#b00020"
ERROR_STYLE = f"QLabel {{ color: {ERROR_COLOUR}; }}"


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A field's label whose Alt key («&Số:») puts the keyboard in ``buddy``."""
    label = QLabel(text, buddy.parentWidget())
    label.setBuddy(buddy)
    return label


def error_label(object_name: str) -> QLabel:
    """Return a hidden red label that will say what is wrong with a field."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_message(label: QLabel, message: str) -> None:
    """Show ``message`` in ``label``, or hide it when the message is empty."""
    label.setText(message)
    label.setVisible(bool(message))


def field_with_error(field: QWidget, label: QLabel) -> QWidget:
    """Return ``field`` with its problem label under it, as one form row widget."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(label)
    return box


def ask_yes_no(parent: QWidget | None, title: str, text: str, default_yes: bool = False) -> bool:
    """Ask a question answered «Có» or «Không» (Enter: «Không», unless ``default_yes``); True for «Có»."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, window_title(title), text, yes | no, yes if default_yes else no)
    return answer == yes


def confirm_discard(parent: QWidget) -> bool:
    """Ask before a window closes on what was typed in it; True to let it go."""
    return ask_yes_no(
        parent, "Bỏ các thay đổi?", "Bỏ các thay đổi?\nNhững gì vừa nhập trong cửa sổ này sẽ không được lưu."
    )


def open_message(
    parent: QWidget | None,
    title: str,
    text: str,
    name: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    """Show a message with «OK» without blocking, named ``name``; return the box (tests read
    and close it)."""
    box = QMessageBox(icon, window_title(title), text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.open()
    return box
