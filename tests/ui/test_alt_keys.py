"""Keyboard-only use: in every dialog, one Alt key reaches one thing."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

from desktop_app.report.periods import Period
from desktop_app.storage import Store
from tests.rollup_data import departments
from tests.ui.shell_data import KSTTHC_SEED, add_report, add_some_reports, add_unit
from ui.history_dialog import HistoryDialog
from ui.new_report_dialog import NewReportDialog
from ui.rollup_dialog import RollupDialog
from ui.rollup_views import ReportViewDialog, UnitListDialog
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


def test_the_new_report_dialog_with_its_source_box_and_its_result_page(qtbot: Any, store: Store) -> None:
    """With an earlier report the «Nguồn điền sẵn» box offers a choice (issue 12); after the
    prefill, the page of what it changed has its own keys."""
    unit_id = add_unit(store)
    add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2024, 2))
    dialog = NewReportDialog(store, unit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.period_picker.set_period(Period("quy", 2024, 3))
    assert dialog.source_combo.isEnabled() and dialog.source_combo.count() > 1
    assert "s" in alt_keys(dialog)
    assert_unique(dialog)
    dialog.create_report()
    assert dialog.change_texts
    dialog._show_result()
    assert alt_keys(dialog) == ["m"]  # «Mở báo cáo»


def test_the_roll_up_dialogs(qtbot: Any, store: Store) -> None:
    """«Tổng hợp báo cáo» (issue 16) with two units to choose from, its list of units and a unit's
    report read-only."""
    unit_id = add_unit(store)
    store.add_unit(departments()[0].unit)
    dialog = RollupDialog(store, unit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert {"v", "l", "k", "m", "q", "t", "c", "d", "p", "x", "b"} <= set(alt_keys(dialog))
    assert_unique(dialog)
    for small in (
        UnitListDialog(["Sở Tư pháp"], "Sở Ngoại vụ"),
        ReportViewDialog(departments()[0], "stp.json"),
    ):
        qtbot.addWidget(small)
        small.show()
        assert alt_keys(small)
        assert_unique(small)
        if isinstance(small, UnitListDialog):
            assert {"m", "l", "h"} <= set(alt_keys(small))  # «Hủy» too


def test_the_history_dialog(qtbot: Any, store: Store) -> None:
    reports = add_some_reports(store, add_unit(store))
    dialog = HistoryDialog(store, next(iter(reports.values())))
    qtbot.addWidget(dialog)
    dialog.show()
    assert_unique(dialog)
    assert alt_keys(dialog)  # the test reads the dialog's keys at all
