"""Dates typed with the keys, as an official types them, with the Vietnamese translation loaded.

Digit by digit, with or without "/", over whatever the box showed; saved on a pause and when
the box is left, never rewritten under the cursor; Alt+↓ and F4 open the calendar and change
nothing; unticking «Để trống ngày» proposes the first working day after the data cut-off.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QPushButton, QWidget

from desktop_app.report.kinds import Column
from desktop_app.report.periods import Period
from desktop_app.storage import Store
from tests.ui.shell_data import add_unit
from tests.ui.wizard.test_wizard_flow import open_wizard, seed_report, start_report
from ui.date_box import DateBox
from ui.new_report_dialog import NewReportDialog
from ui.wizard import WizardWindow
from ui.wizard.fields import DateField
from ui.wizard.table_editor import cell_value

KSTTHC_SO = "000_a555c7217f5d5664"  # quý II/2024: cut off on Friday 14/6/2024
MONTHLY = "003_bc5ae3b32bd5b2c1"


@pytest.fixture(autouse=True)
def translated(vietnamese: object) -> None:
    """Every test here runs with the app's Vietnamese translation, as the app starts."""


def document_date(qtbot: Any, store: Store, period: Period | None = None) -> tuple[WizardWindow, DateBox]:
    seed = seed_report(KSTTHC_SO)
    window = open_wizard(qtbot, store, start_report(store, replace(seed, period=period or seed.period)))
    window.go_to_field("ngay")
    return window, window.document_page.date_edit


def stored_date(store: Store, window: WizardWindow) -> object:
    return store.load_report(window.report_id).document.ngay


def key_receiver(box: DateBox) -> QWidget | None:
    """Where a key press goes: into the box's open calendar first, as QWidgetWindow sends it.

    Offscreen a popup never gets the focus; on a screen the calendar's day grid has it.
    """
    calendar = box.calendarWidget()
    if calendar.isVisible():
        return calendar.focusProxy() or calendar
    return QApplication.focusWidget()


def tab_into(box: DateBox) -> None:
    box.setFocus(Qt.FocusReason.TabFocusReason)
    assert box.hasFocus()


def test_unticking_the_blank_day_proposes_the_first_working_day_after_the_cutoff(
    qtbot: Any, store: Store
) -> None:
    window, box = document_date(qtbot, store)
    page = window.document_page
    assert stored_date(store, window) is None and box.text() == "06/2024"  # the month after the cut-off
    page.findChild(QCheckBox, "thang_de_trong").setChecked(False)
    assert stored_date(store, window) == (2024, 6)
    page.findChild(QCheckBox, "ngay_de_trong").setChecked(False)
    assert stored_date(store, window) == date(2024, 6, 17)  # 15/6 is a Saturday
    assert box.text() == "17/06/2024"
    assert page.date_preview.text() == "Kiên Giang, ngày 17 tháng 6 năm 2024"


def test_a_sunday_cutoff_proposes_the_monday(qtbot: Any, store: Store) -> None:
    window, _box = document_date(qtbot, store, Period("quy", 2025, 3))  # cut off on Sunday 14/9/2025
    window.document_page.findChild(QCheckBox, "ngay_de_trong").setChecked(False)
    assert stored_date(store, window) == date(2025, 9, 15)


@pytest.mark.parametrize("typed", ["05092024", "05/09/2024", "5/9/2024", "05.09.2024"])
def test_the_document_date_typed_digit_by_digit_is_saved(qtbot: Any, store: Store, typed: str) -> None:
    window, box = document_date(qtbot, store)
    window.document_page.findChild(QCheckBox, "ngay_de_trong").setChecked(False)
    tab_into(box)
    qtbot.keyClicks(box, typed)
    assert box.text() == "05/09/2024"  # every digit where it was typed
    assert stored_date(store, window) == date(2024, 6, 17)  # not yet: typing has not paused
    qtbot.waitUntil(lambda: stored_date(store, window) == date(2024, 9, 5))  # the pause saves it
    assert box.hasFocus() and box.text() == "05/09/2024"
    assert window.document_page.date_preview.text() == "Kiên Giang, ngày 05 tháng 9 năm 2024"


def test_a_date_typed_then_left_is_saved_at_once_and_typed_over_again(qtbot: Any, store: Store) -> None:
    window, box = document_date(qtbot, store)
    window.document_page.findChild(QCheckBox, "ngay_de_trong").setChecked(False)
    tab_into(box)
    qtbot.keyClicks(box, "31102024")  # a 31st typed over a date in June (30 days)
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert stored_date(store, window) == date(2024, 10, 31)
    tab_into(box)
    qtbot.keyClicks(box, "2")  # a pause in the middle of a day is saved, and nothing is rewritten
    qtbot.waitUntil(lambda: stored_date(store, window) == date(2024, 10, 2))
    qtbot.keyClicks(box, "8/2/2024")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert stored_date(store, window) == date(2024, 2, 28)
    assert box.text() == "28/02/2024"


def test_a_day_the_month_typed_after_it_has_not_is_said(qtbot: Any, store: Store) -> None:
    """«31/11/2024» was kept as 30/11/2024 without a word, and the document printed a day nobody
    typed: the box says which day it took."""
    from PySide6.QtWidgets import QToolTip

    window, box = document_date(qtbot, store)
    window.document_page.findChild(QCheckBox, "ngay_de_trong").setChecked(False)
    tab_into(box)
    qtbot.keyClicks(box, "31112024")
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert stored_date(store, window) == date(2024, 11, 30)
    assert QToolTip.text() == (
        "Tháng 11/2024 không có ngày 31: đã lấy ngày cuối tháng, 30/11/2024. Hãy sửa lại nếu không phải "
        "ngày này."
    )
    QToolTip.hideText()
    tab_into(box)
    qtbot.keyClicks(box, "30112024")  # a day the month has: nothing to say
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert stored_date(store, window) == date(2024, 11, 30) and not QToolTip.isVisible()
    tab_into(box)
    qtbot.keyClicks(box, "29022023")  # February 2023 has no 29th: said, with the year typed
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert stored_date(store, window) == date(2023, 2, 28)
    assert QToolTip.text().startswith("Tháng 2/2023 không có ngày 29: đã lấy ngày cuối tháng, 28/02/2023.")
    QToolTip.hideText()
    tab_into(box)
    qtbot.keyClicks(box, "29022024")  # typed over 2023: its February had no 29th, 2024's has
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert stored_date(store, window) == date(2024, 2, 29) and not QToolTip.isVisible()


def test_a_month_with_the_day_left_blank_is_typed(qtbot: Any, store: Store) -> None:
    window, box = document_date(qtbot, store)
    window.document_page.findChild(QCheckBox, "thang_de_trong").setChecked(False)
    tab_into(box)
    qtbot.keyClicks(box, "07/2024")
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert stored_date(store, window) == (2024, 7)


def test_a_whole_date_typed_where_only_the_month_is_asked_makes_no_year_2202(
    qtbot: Any, store: Store
) -> None:
    window, box = document_date(qtbot, store)
    window.document_page.findChild(QCheckBox, "thang_de_trong").setChecked(False)  # the box: mm/yyyy
    tab_into(box)
    qtbot.keyClicks(box, "16122026")  # the day typed too, out of habit
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    stored = stored_date(store, window)
    assert isinstance(stored, tuple) and 1900 <= stored[0] <= 2100


@pytest.mark.parametrize("key", ["alt_down", "f4"])
def test_alt_down_and_f4_open_the_calendar_without_changing_the_date(
    qtbot: Any, store: Store, key: str
) -> None:
    window, box = document_date(qtbot, store)
    window.document_page.findChild(QCheckBox, "ngay_de_trong").setChecked(False)
    tab_into(box)
    if key == "f4":
        qtbot.keyClick(box, Qt.Key.Key_F4)
    else:
        qtbot.keyClick(box, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = box.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(2024, 6, 17)
    assert box.text() == "17/06/2024"
    qtbot.keyClick(key_receiver(box), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert box.text() == "17/06/2024" and stored_date(store, window) == date(2024, 6, 17)
    qtbot.keyClick(box, Qt.Key.Key_F4)  # and a day picked in it with the keys is saved
    qtbot.waitUntil(calendar.isVisible)
    qtbot.keyClick(key_receiver(box), Qt.Key.Key_Right)
    qtbot.keyClick(key_receiver(box), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored_date(store, window) == date(2024, 6, 18))


def test_a_date_field_is_typed_with_slashes_and_opens_its_calendar(qtbot: Any, store: Store) -> None:
    window = open_wizard(qtbot, store, start_report(store, seed_report(MONTHLY)))
    window.go_to_field("ngay_so_lieu_dvcqg")
    field = window.findChild(DateField, "ngay_so_lieu_dvcqg")
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(field.calendarWidget().isVisible)
    qtbot.keyClick(key_receiver(field), Qt.Key.Key_Escape)
    assert field.text() == "Chưa có ngày" and "ngay_so_lieu_dvcqg" not in window.session.report.answers
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(field, "31/01/2024")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert store.load_report(window.report_id).answers["ngay_so_lieu_dvcqg"] == date(2024, 1, 31)
    field.setFocus(Qt.FocusReason.BacktabFocusReason)  # Shift+Tab back in: the day again
    qtbot.keyClicks(field, "05022024")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert store.load_report(window.report_id).answers["ngay_so_lieu_dvcqg"] == date(2024, 2, 5)


def test_tab_leaves_a_date_field_left_empty(qtbot: Any, store: Store) -> None:
    """An official who does not know the portal's date yet Tabs on past «Chưa có ngày» to the
    next figure, and Shift+Tab from there comes back; the date stays empty."""
    window = open_wizard(qtbot, store, start_report(store, seed_report(MONTHLY)))
    window.go_to_field("tl_dong_bo_dvcqg")
    before = QApplication.focusWidget()
    field = window.findChild(DateField, "ngay_so_lieu_dvcqg")
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert field.hasFocus() and field.text() == "Chưa có ngày"
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    clear = QApplication.focusWidget()  # the box's own «Xóa ngày», then the next figure
    assert isinstance(clear, QPushButton) and clear.text() == "Xóa ngày"
    qtbot.keyClick(clear, Qt.Key.Key_Tab)
    after = QApplication.focusWidget()
    assert after.objectName() == "diem_giai_quyet_dvcqg"
    qtbot.keyClick(after, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(clear, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert field.hasFocus()
    qtbot.keyClick(field, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert before.hasFocus()
    assert "ngay_so_lieu_dvcqg" not in store.load_report(window.report_id).answers


def test_a_custom_period_range_is_typed(qtbot: Any, store: Store) -> None:
    dialog = NewReportDialog(store, add_unit(store), today=date(2024, 8, 20))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    types = dialog.findChild(QComboBox, "loai_ky")
    types.setCurrentIndex(types.findData("tuy_chon"))
    start, end = dialog.findChild(DateBox, "tu_ngay"), dialog.findChild(DateBox, "den_ngay")
    tab_into(start)
    qtbot.keyClicks(start, "01/01/2023")
    qtbot.keyClick(start, Qt.Key.Key_Tab)
    assert end.hasFocus()
    qtbot.keyClicks(end, "20112023")
    qtbot.keyClick(end, Qt.Key.Key_Tab)
    assert dialog.findChild(QLabel, "cutoff").text() == "Số liệu từ ngày 01/01/2023 đến ngày 20/11/2023"
    assert dialog.period_picker.period() == Period(
        "tuy_chon", 2023, None, date(2023, 1, 1), date(2023, 11, 20)
    )


def test_a_date_cell_takes_the_ways_officials_type_a_date() -> None:
    column = Column("han", "Thời hạn", "date")
    for typed in ("05/09/2025", "5/9/2025", "05092025", "05.09.2025", " 05-09-2025 "):
        assert cell_value(column, (typed, None)) == "2025-09-05", typed
    assert cell_value(column, ("31/02/2025", None)) == "31/02/2025"  # left as typed: refused, said why


def test_a_plans_date_left_to_the_clerk_prints_the_year_its_box_shows(qtbot: Any, store: Store) -> None:
    """A plan for 2027 is signed in December 2026: with day and month blank, the line the document
    prints and the box beside it agree on the year (the period's 2027 was printed before)."""
    seed = seed_report("004_dbb53274ea895b03")
    plan = replace(seed, period=Period("nam", 2027), document=replace(seed.document, ngay=None))
    window = open_wizard(qtbot, store, start_report(store, plan))
    window.go_to_field("ngay")
    page = window.document_page
    assert page.findChild(QCheckBox, "thang_de_trong").isChecked()
    assert page.date_edit.text() == "12/2026"
    assert page.date_preview.text().endswith("năm 2026") and "tháng" in page.date_preview.text()
    page.findChild(QCheckBox, "thang_de_trong").setChecked(False)  # the official picks the month
    assert stored_date(store, window) == (2026, 12)
