"""The main window's answer files (export, import) and the history of a report's saves."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPlainTextEdit, QPushButton

from desktop_app.storage import Store
from tests.ui.shell_data import add_some_reports, add_unit
from ui.history_dialog import HistoryDialog
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: Any, store: Store) -> MainWindow:
    add_some_reports(store, add_unit(store))
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    return win


def select_first(win: MainWindow, row: int = 0) -> int:
    win.table.selectRow(row)
    report_id = win.table.current_report_id()
    assert report_id is not None
    return report_id


def test_a_report_goes_out_as_an_answer_file_and_comes_back_as_a_draft(
    window: MainWindow, store: Store, tmp_path: Path, monkeypatch: Any
) -> None:
    report_id = select_first(window)
    offered: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a: (offered.append(a[2]) or str(tmp_path / "gui-di"), "")
    )
    window.export_action.trigger()
    exported = tmp_path / "gui-di.json"
    assert Path(offered[0]).name.endswith(".json") and Path(offered[0]).name.isascii()
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "soanbaocao.answers/1"
    assert data["answers"] == json.loads(json.dumps(store.load_report(report_id).answers, default=str))

    before = len(store.list_reports())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(exported), ""))
    window.import_action.trigger()
    assert len(store.list_reports()) == before + 1
    new_id = window.table.current_report_id()
    assert new_id not in (None, report_id)
    assert store.load_report(new_id).answers == store.load_report(report_id).answers
    assert store.report_info(new_id).unit_id == store.report_info(report_id).unit_id  # same unit
    assert "bản nháp" in window.statusBar().currentMessage()


def test_an_answer_file_imported_back_says_the_report_was_there_already(
    window: MainWindow, store: Store, tmp_path: Path, monkeypatch: Any
) -> None:
    """Ctrl+E then Ctrl+I of the same file: a second row alike appears; the official is told so."""
    report_id = select_first(window, 1)  # Quý II/2024
    exported = tmp_path / "gui-di.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(exported), ""))
    window.export_action.trigger()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(exported), ""))
    window.import_action.trigger()
    new_id = window.table.current_report_id()
    assert new_id not in (None, report_id)
    box = window.findChild(QMessageBox, "message")
    assert box is not None and box.isVisible()
    assert box.text().startswith("Đã nhập gui-di.json thành báo cáo Quý II/2024 (bản nháp).")
    assert "đã có 1 báo cáo Quý II/2024 cùng loại" in box.text()
    assert "nay danh sách có 2 bản cùng kỳ" in box.text()
    box.close()


def test_an_answer_file_of_a_new_period_is_imported_without_a_note(
    window: MainWindow, store: Store, tmp_path: Path, monkeypatch: Any
) -> None:
    report_id = select_first(window, 1)
    exported = tmp_path / "gui-di.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(exported), ""))
    window.export_action.trigger()
    store.delete_report(report_id)  # in the bin: not a report the official works on
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(exported), ""))
    window.import_action.trigger()
    assert window.findChild(QMessageBox, "message") is None
    assert "bản nháp" in window.statusBar().currentMessage()


def test_a_broken_answer_file_is_explained_and_nothing_added(
    qtbot: Any, window: MainWindow, store: Store, tmp_path: Path, monkeypatch: Any
) -> None:
    broken = tmp_path / "hong.json"
    broken.write_text('{"format": "soanbaocao.answers/1", "kind": "bao_cao_kstthc", "unit": {}}', "utf-8")
    before = len(store.list_reports())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(broken), ""))
    window.import_action.trigger()
    box = window.findChild(QMessageBox, "message")
    assert box is not None and "Không nhập được" in box.text() and "unit.co_quan" in box.text()
    box.close()
    assert len(store.list_reports()) == before


def test_history_shows_what_changed_and_brings_an_old_save_back(
    qtbot: Any, window: MainWindow, store: Store
) -> None:
    report_id = select_first(window, 1)  # Quý II/2024, a bao_cao_kstthc
    original = store.load_report(report_id)
    changed = replace(original, answers={**original.answers, "hs_qua_han": 7})
    store.save_report(report_id, changed)  # an explicit save keeps its own revision
    dialog = window.actions_.show_history()
    assert isinstance(dialog, HistoryDialog)
    qtbot.addWidget(dialog)
    assert dialog.revision_list.count() == 2
    dialog.revision_list.setCurrentRow(1)  # the older one
    content = dialog.findChild(QPlainTextEdit, "noi_dung_lan_luu").toPlainText()
    assert "≠ hiện tại: 7" in content
    restore = dialog.findChild(QPushButton, "lay_lai_ban_nay")
    assert restore.isEnabled()
    restore.click()
    assert store.load_report(report_id).answers.get("hs_qua_han") == original.answers.get("hs_qua_han")
    assert dialog.revision_list.count() == 3  # the restore is a save of its own: it can be undone
    dialog.reject()
    QApplication.processEvents()
    assert "lấy lại" in window.statusBar().currentMessage()


def test_the_document_that_went_out_is_made_again_from_the_history(
    qtbot: Any, window: MainWindow, store: Store, tmp_path: Path, monkeypatch: Any
) -> None:
    from desktop_app.document.render import render_report

    report_id = select_first(window, 1)
    sent = tmp_path / "da-gui.docx"
    report = store.load_report(report_id)
    store.record_output(report_id, sent, render_report(report, sent).data, report)
    store.save_report(report_id, replace(report, answers={**report.answers, "hs_qua_han": 7}))  # edited
    dialog = window.actions_.show_history()
    assert isinstance(dialog, HistoryDialog)
    assert dialog.output_list.count() == 1 and "da-gui.docx" in dialog.output_list.item(0).text()
    again = tmp_path / "lai"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(again), ""))
    qtbot.mouseClick(dialog.findChild(QPushButton, "tao_lai_van_ban"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.reproduced is not None, timeout=30000)
    assert dialog.reproduced == (tmp_path / "lai.docx", True)
    assert (tmp_path / "lai.docx").read_bytes() == sent.read_bytes()
    box = dialog.findChild(QMessageBox, "da_tao_lai")
    assert box is not None and "Giống hệt" in box.text()
    dialog.reject()
