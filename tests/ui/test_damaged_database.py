"""The app always opens (issue 14): a database with damaged report rows shows them as damaged,
says so when one is opened, and the others open in the real wizard."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

import ui.app as app_module
from desktop_app.storage import Store
from tests.ui.shell_data import add_some_reports, add_unit
from ui.main_window import MainWindow
from ui.report_table import COLUMNS, DAMAGED_WORD

SHOTS = Path(os.environ.get("SOANBAOCAO_SHOTS", "")) if os.environ.get("SOANBAOCAO_SHOTS") else None


def column(win: MainWindow, name: str) -> list[str]:
    proxy = win.table.proxy
    return [proxy.index(r, COLUMNS.index(name)).data() for r in range(proxy.rowCount())]


def row_of(win: MainWindow, report_id: int) -> int:
    proxy = win.table.proxy
    return next(
        r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == report_id
    )


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A database whose quý I row has period type "zzz", the plan "yesterday" as its update time,
    and the quý II report data {"kind": "x"}: what import-all stored before issue 14."""
    path = tmp_path / "soanbaocao.db"
    with Store.open(path) as store:
        ids = add_some_reports(store, add_unit(store))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE reports SET period_type = 'zzz' WHERE id = ?", [ids["q1"]])
        conn.execute("UPDATE reports SET updated = 'yesterday' WHERE id = ?", [ids["plan"]])
        conn.execute("""UPDATE reports SET data = '{"kind": "x"}' WHERE id = ?""", [ids["q2"]])
    conn.close()
    return path, ids


def test_the_app_opens_on_damaged_rows_and_the_others_open(
    qtbot: Any, vietnamese: object, damaged: tuple[Path, dict[str, int]]
) -> None:
    path, ids = damaged
    store = app_module.open_store(path)
    assert store is not None
    window = app_module.start(store)  # the real start: checks, first start, the main window
    assert window is not None
    qtbot.addWidget(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.table.report_model.rowCount() == 4  # every report listed, damaged ones too
    states = column(window, "trang_thai")
    assert states.count(DAMAGED_WORD) == 1  # the plan's damaged time shows as it is; it opens
    assert "«hỏng»" in column(window, "ky")
    if SHOTS:
        window.grab().save(str(SHOTS / "damaged-list.png"))

    # Enter on the report whose data is damaged: a Vietnamese message, the list marks it
    window.table.selectRow(row_of(window, ids["q2"]))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "message") is not None)
    box = window.findChild(QMessageBox, "message")
    assert "bị hỏng" in box.text() and "Các báo cáo khác vẫn dùng" in box.text()
    assert ids["q2"] not in window.actions_.wizards
    if SHOTS:
        box.grab().save(str(SHOTS / "damaged-message.png"))
    box.close()
    assert column(window, "trang_thai").count(DAMAGED_WORD) == 2

    # a sound report opens in the real wizard
    wizard_module = pytest.importorskip("ui.wizard")
    window.table.selectRow(row_of(window, ids["h1"]))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    wizard = window.actions_.wizards[ids["h1"]]
    assert isinstance(wizard, wizard_module.WizardWindow) and wizard.isVisible()
    assert window.close()


def test_the_roll_up_opens_on_a_damaged_report_selected(
    qtbot: Any, vietnamese: object, damaged: tuple[Path, dict[str, int]]
) -> None:
    """Ctrl+G (issue 16) with the damaged row selected: the list marks it, the roll-up opens on
    its usual defaults (it raised the StorageError out of the action, and nothing opened)."""
    from ui.rollup_dialog import RollupDialog

    path, ids = damaged
    store = app_module.open_store(path)
    assert store is not None
    window = app_module.start(store)
    assert window is not None
    qtbot.addWidget(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.table.selectRow(row_of(window, ids["q2"]))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialogs = [d for d in window.findChildren(RollupDialog) if d.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].report_id is None
    assert column(window, "trang_thai").count(DAMAGED_WORD) == 2
    dialogs[0].close()
    assert window.close()
