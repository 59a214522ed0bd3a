"""Implausible figures are kept and warned of: under the field, on the review page, never refused."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from desktop_app.storage import Store
from tests.ui.wizard.test_wizard_flow import open_wizard, seed_report, start_report
from ui.wizard import WizardWindow
from ui.wizard.pages import REVIEW_STEP

KSTTHC_SO = "000_a555c7217f5d5664"


@pytest.fixture(autouse=True)
def translated(vietnamese: object) -> None:
    """Every test here runs with the app's Vietnamese translation, as the app starts."""


def type_and_leave(qtbot: Any, window: WizardWindow, field_id: str, text: str) -> QLineEdit:
    window.go_to_field(field_id)
    edit = window.findChild(QLineEdit, field_id)
    assert edit.hasFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    return edit


def review_texts(window: WizardWindow) -> list[str]:
    window.go_to_step(next(i for i, s in enumerate(window.steps) if s.key == REVIEW_STEP))
    QApplication.processEvents()
    return [label.text() for label in window.review_page.findChildren(QLabel) if label.isVisibleTo(window)]


def test_a_count_above_its_bound_is_kept_and_warned_of_under_the_field_and_on_review(
    qtbot: Any, store: Store
) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report(KSTTHC_SO)))
    edit = type_and_leave(qtbot, window, "hs_moi_truc_tuyen", "15.500.000")
    assert edit.text() == "15.500.000"
    assert store.load_report(window.report_id).answers["hs_moi_truc_tuyen"] == 15_500_000  # kept
    row = window.rows["hs_moi_truc_tuyen"]
    assert not row.refusal_label.isVisible()  # a warning, not a refusal
    assert row.issues_label.isVisible()
    assert row.issues_label.text() == (
        "⚠ Lưu ý: «Hồ sơ mới tiếp nhận trực tuyến» là 15.500.000, lớn bất thường "
        "(thường không quá 5.000.000): hãy kiểm tra lại, có thể đã gõ thừa chữ số."
    )
    assert any("15.500.000, lớn bất thường" in text for text in review_texts(window))
    type_and_leave(qtbot, window, "hs_moi_truc_tuyen", "15.500")  # corrected: the warning goes
    assert not window.rows["hs_moi_truc_tuyen"].issues_label.isVisible()


def test_ten_times_last_periods_figure_is_warned_of(qtbot: Any, store: Store) -> None:
    report_id = start_report(store, seed_report(KSTTHC_SO))
    new_period = store.load_report(report_id)  # as pre-filled: last period's figures to compare with
    store.save_report(report_id, replace(new_period, previous={"hs_moi_truc_tiep": 6717}))
    window = open_wizard(qtbot, store, report_id)
    type_and_leave(qtbot, window, "hs_moi_truc_tiep", "67170")
    label = window.rows["hs_moi_truc_tiep"].issues_label
    assert label.isVisible() and "là 67.170, gấp 10 lần kỳ trước (6.717)" in label.text()
    type_and_leave(qtbot, window, "hs_moi_truc_tiep", "6.790")
    assert not window.rows["hs_moi_truc_tiep"].issues_label.isVisible()
