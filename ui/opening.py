"""Open a produced document or a folder in the system's program, and say so when nothing could.

:func:`desktop_app.system.converters.open_with_system` waits for the system's answer (xdg-open
says within a moment whether a program took the file), so it runs off the GUI thread; a failure
comes back as a Vietnamese message naming the file and where it still is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.system.converters import open_with_system
from ui.background import run_in_background
from ui.form_bits import open_message

WHAT_OPENS = {".docx": "tệp Word (.docx)", ".pdf": "tệp PDF", ".xlsx": "tệp Excel (.xlsx)"}


def open_in_system(parent: QWidget, path: Path) -> None:
    """Open ``path`` (a file or a folder) as a double-click would; tell ``parent``'s user if it failed."""

    def done(opened: bool) -> None:
        if not opened:
            cannot_open(parent, path)

    run_in_background(open_with_system, path, on_done=done, on_error=lambda _exc: done(False), parent=parent)


def cannot_open_text(path: Path) -> str:
    """Say in Vietnamese that nothing opened ``path``, and where it is (or that it is gone)."""
    if not path.exists():  # moved, renamed or deleted since it was made, or its USB stick pulled out
        return gone_text(path)
    if path.is_dir():
        return f"Không mở được thư mục:\n{path}\n\nHãy mở nó bằng trình quản lý tệp của máy."
    what = WHAT_OPENS.get(path.suffix.lower(), f"tệp {path.suffix}")
    return (
        f"Không mở được «{path.name}»: máy này chưa có chương trình mở được {what}, "
        f"hoặc chương trình đó không khởi động được.\n\nTệp vẫn được lưu ở:\n{path}"
    )


def gone_text(path: Path) -> str:
    """Say that ``path`` (a file or a folder) is no longer where the app put it."""
    if path.suffix.lower() in WHAT_OPENS:
        return (
            f"Không tìm thấy «{path.name}» ở:\n{path.parent}\n\nTệp đã bị xóa, đổi tên hoặc chuyển đi "
            "(hoặc ổ USB chứa nó đã rút ra). Hãy tạo lại văn bản, hoặc mở tệp ở chỗ mới bằng Word."
        )
    return (
        f"Không tìm thấy thư mục:\n{path}\n\nThư mục đã bị xóa, đổi tên hoặc chuyển đi "
        "(hoặc ổ USB chứa nó đã rút ra)."
    )


def cannot_open(parent: QWidget, path: Path) -> QMessageBox:
    """Show (without blocking) that nothing opened ``path``; return the box (tests read it)."""
    return open_message(parent, "Không mở được", cannot_open_text(path), "khong_mo_duoc")
