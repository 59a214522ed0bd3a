"""Keyboard-only use: in every dialog, one Alt key reaches one thing."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

from desktop_app.storage import Store
from tests.ui.shell_data import add_some_reports, add_unit
from ui.history_dialog import HistoryDialog
from ui.new_report_dialog import NewReportDialog
from ui.settings_dialog import SettingsDialog


def alt_keys(widget: QWidget) -> list[str]:
    """The Alt keys of what ``widget`` shows now (buttons, labels, group boxes, tabs)."""
    texts = [
        w.text()
        for w in [*widget.findChildren(QAbstractButton), *widget.findChildren(QLabel)]
        if w.isVisibleTo(widget)
    ]
    texts += [box.title() for box in widget.findChildren(QGroupBox) if box.isVisibleTo(widget)]
    for tabs in widget.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    keys = (re.search(r"&([^&])", text.replace("&&", "")) for text in texts)
    return [found.group(1).lower() for found in keys if found]


def assert_unique(widget: QWidget) -> None:
    keys = alt_keys(widget)
    assert len(keys) == len(set(keys)), sorted(keys)


def test_the_settings_dialog_on_each_tab(qtbot: Any, store: Store) -> None:
    dialog = SettingsDialog(store, add_unit(store))
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard())
    dialog.show()
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        assert_unique(dialog)


def test_the_new_report_dialog(qtbot: Any, store: Store) -> None:
    dialog = NewReportDialog(store, add_unit(store))
    qtbot.addWidget(dialog)
    dialog.show()
    assert_unique(dialog)


def test_the_history_dialog(qtbot: Any, store: Store) -> None:
    reports = add_some_reports(store, add_unit(store))
    dialog = HistoryDialog(store, next(iter(reports.values())))
    qtbot.addWidget(dialog)
    dialog.show()
    assert_unique(dialog)
    assert alt_keys(dialog)  # the test reads the dialog's keys at all
