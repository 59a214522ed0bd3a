"""Opening a produced document or its folder: a program that cannot start is said, in Vietnamese."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.storage import Store
from desktop_app.system import converters
from tests.ui.wizard.test_wizard_flow import open_wizard, seed_report, start_report
from ui.print_preview import PrintPreviewDialog

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open and /proc")


@pytest.fixture
def failing_opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An xdg-open that finds no program for anything (exit 3), first on PATH; its pid file."""
    folder = tmp_path / "no_program"
    folder.mkdir()
    pid_file = tmp_path / "opener.pid"
    script = folder / "xdg-open"
    script.write_text(f"#!/bin/sh\necho $$ > {shlex.quote(str(pid_file))}\nexit 3\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return pid_file


def message(qtbot: Any, parent: QWidget) -> str:
    """The text of the «Không mở được» box shown over ``parent``; the box is closed after."""

    def shown() -> list[QMessageBox]:
        return [b for b in parent.findChildren(QMessageBox, "khong_mo_duoc") if b.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=10000)
    [box] = shown()
    text = box.text()
    box.close()
    return text


def test_a_document_word_cannot_open_is_said_and_no_process_is_left(
    qtbot: Any, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_opener: Path
) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report("000_a555c7217f5d5664")))
    out = tmp_path / "bc.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(out), ""))
    window.review_page.open_after_check.setChecked(False)
    window.review_page.produce_document()
    qtbot.waitUntil(lambda: bool(store.outputs(window.report_id)), timeout=60000)
    qtbot.mouseClick(window.review_page.open_button, Qt.MouseButton.LeftButton)  # «Mở văn bản»
    assert message(qtbot, window.review_page) == (
        "Không mở được «bc.docx»: máy này chưa có chương trình mở được tệp Word (.docx), hoặc chương "
        f"trình đó không khởi động được.\n\nTệp vẫn được lưu ở:\n{out}"
    )
    assert not Path(f"/proc/{int(failing_opener.read_text())}").exists()  # no defunct process
    qtbot.mouseClick(window.review_page.folder_button, Qt.MouseButton.LeftButton)
    assert message(qtbot, window.review_page).startswith(f"Không mở được thư mục:\n{tmp_path}")


def test_a_document_moved_away_since_it_was_made_is_said_to_be_gone(
    qtbot: Any, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_opener: Path
) -> None:
    """The official saved to a USB stick (or a folder) that is gone now: «Mở văn bản» and «Mở thư
    mục» say the file is not there, not that the PC lacks Word nor that the file is still there."""
    window = open_wizard(qtbot, store, start_report(store, seed_report("000_a555c7217f5d5664")))
    folder = tmp_path / "USB"
    folder.mkdir()
    out = folder / "Báo cáo quý II.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(out), ""))
    window.review_page.open_after_check.setChecked(False)
    window.review_page.produce_document()
    qtbot.waitUntil(lambda: bool(store.outputs(window.report_id)), timeout=60000)
    out.unlink()
    folder.rmdir()
    qtbot.mouseClick(window.review_page.open_button, Qt.MouseButton.LeftButton)  # «Mở văn bản»
    assert message(qtbot, window.review_page) == (
        f"Không tìm thấy «Báo cáo quý II.docx» ở:\n{folder}\n\nTệp đã bị xóa, đổi tên hoặc chuyển đi "
        "(hoặc ổ USB chứa nó đã rút ra). Hãy tạo lại văn bản, hoặc mở tệp ở chỗ mới bằng Word."
    )
    qtbot.mouseClick(window.review_page.folder_button, Qt.MouseButton.LeftButton)  # «Mở thư mục»
    assert message(qtbot, window.review_page) == (
        f"Không tìm thấy thư mục:\n{folder}\n\nThư mục đã bị xóa, đổi tên hoặc chuyển đi "
        "(hoặc ổ USB chứa nó đã rút ra)."
    )


def test_the_previews_word_button_says_when_nothing_opens(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_opener: Path
) -> None:
    monkeypatch.setattr(converters, "find_soffice", lambda: None)
    monkeypatch.setattr(converters, "word_available", lambda: False)
    docx = tmp_path / "bao_cao.docx"
    docx.write_bytes(b"PK")
    dialog = PrintPreviewDialog(None, docx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.word_button.isVisible)
    qtbot.waitUntil(lambda: not dialog.progress_bar.isVisible(), timeout=10000)
    qtbot.mouseClick(dialog.word_button, Qt.MouseButton.LeftButton)
    assert message(qtbot, dialog).startswith("Không mở được «bao_cao.docx»: máy này chưa có chương trình")
