"""The windows on an office laptop's screen: 1366×768, and the same at Windows' 125 % scaling.

Less the taskbar and a title bar, a window gets 1366×698 logical pixels, or 1093×552 at 125 %.
At those sizes nothing an official needs may be out of reach: every button inside the window,
every column of a table on screen or behind a scroll bar, and no text squeezed shorter than
its lines (a label cut through its letters cannot be read). The pictures go to
``$SOANBAOCAO_SHOTS`` when it is set, for a person to look at.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QMessageBox, QWidget

from desktop_app.report.periods import Period
from desktop_app.storage import Store
from tests.rollup_data import KIND_ID, PROVINCE, QUARTER, departments, write_answer_file
from tests.ui.shell_data import KSTTHC_SEED, PLAN_SEED, UNIT, add_report, add_unit
from tests.ui.test_rollup_dialog import UNITS
from tests.ui.test_settings_dialog import answer_next_question
from ui.rollup_dialog import RollupDialog
from ui.settings_dialog import SettingsDialog
from ui.wizard import WizardWindow
from ui.wizard.table_editor import TableEditor

YES = QMessageBox.StandardButton.Yes
SCREENS = {"1366": QSize(1366, 698), "1093": QSize(1093, 552)}


def settle() -> None:
    for _ in range(5):  # layouts and scroll bars settle over a few rounds of events
        QApplication.processEvents()


def shoot(widget: QWidget, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("SOANBAOCAO_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / f"{name}.png"))


def needed_height(label: QLabel) -> int:
    return label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()


def squeezed(root: QWidget) -> list[str]:
    """Return the texts of the visible labels under ``root`` lower than their lines need."""
    return [
        label.text()
        for label in root.findChildren(QLabel)
        if label.isVisible() and label.text() and label.height() < needed_height(label)
    ]


def outside(widget: QWidget, root: QWidget) -> bool:
    """True when ``widget`` is not wholly inside ``root`` (and not inside a scrolled area of it)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent.parentWidget(), QAbstractScrollArea):  # a viewport: scrolled to
            return False
        parent = parent.parentWidget()
    top_left = widget.mapTo(root, widget.rect().topLeft())
    return not root.rect().contains(top_left) or not root.rect().contains(
        widget.mapTo(root, widget.rect().bottomRight())
    )


def shown_at(widget: QWidget, screen: QSize) -> None:
    """Show ``widget`` as large as it wants, but no larger than the screen's room."""
    widget.show()
    widget.resize(widget.size().boundedTo(screen))
    settle()


# ---------------------------------------------------------------- Cài đặt


def add_old_communes(store: Store, count: int) -> None:
    """Units a new one may continue: their list shows on the «Cơ quan» tab."""
    for n in range(count):
        name = f"UBND xã Phú {n}"
        store.add_unit(replace(UNIT, co_quan=name.upper(), ten=name, cap="xa", ky_hieu=f"X{n}"))


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_unit_tab_of_settings_is_read_whole_on_a_small_screen(
    qtbot: Any, store: Store, tmp_path: Path, vietnamese: object, screen: str
) -> None:
    add_unit(store)
    add_old_communes(store, 5)
    dialog = SettingsDialog(store, None)  # «Thêm đơn vị»: the old units' list is shown too
    qtbot.addWidget(dialog)
    shown_at(dialog, SCREENS[screen])
    shoot(dialog, tmp_path, f"settings_unit_{screen}")
    assert dialog.height() <= SCREENS[screen].height()
    assert not outside(dialog.button_box, dialog)
    assert not squeezed(dialog), squeezed(dialog)  # the «Đầu văn bản» preview was cut at 1093×552
    preview = dialog.unit_preview_label
    dialog.unit_scroll.ensureWidgetVisible(preview)  # below, within reach of the scroll bar
    settle()
    assert not outside(preview, dialog.unit_scroll.viewport())


# ---------------------------------------------------------------- Tổng hợp báo cáo


def rollup_of_four_files(qtbot: Any, store: Store, tmp_path: Path) -> RollupDialog:
    """The roll-up dialog of a province's quarter, with four departments' files and a broken one."""
    unit_id = store.add_unit(PROVINCE)
    store.set_subordinate_units(unit_id, UNITS)
    folder = tmp_path / "thu_den"
    folder.mkdir()
    for report in departments()[:4]:
        write_answer_file(folder / f"{report.unit.ky_hieu}.json", report)
    (folder / "hong.json").write_text("{", encoding="utf-8")
    dialog = RollupDialog(store, unit_id, None, kind_id=KIND_ID, period=QUARTER)
    qtbot.addWidget(dialog, before_close_func=lambda _d: answer_next_question(YES, []))  # «Đóng?» «Có»
    dialog.show()
    dialog.add_paths([folder])
    qtbot.waitUntil(lambda: dialog.run is not None and dialog.progress_bar.isHidden(), timeout=20000)
    return dialog


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_rollups_table_keeps_three_files_in_sight(
    qtbot: Any, store: Store, tmp_path: Path, vietnamese: object, screen: str
) -> None:
    dialog = rollup_of_four_files(qtbot, store, tmp_path)
    shown_at(dialog, SCREENS[screen])
    shoot(dialog, tmp_path, f"rollup_{screen}")
    assert dialog.height() <= SCREENS[screen].height()
    assert not outside(dialog.make_button, dialog)
    assert dialog.notes_list.isVisible() and dialog.missing_names.isVisible()  # all there is to say
    table = dialog.table
    for row in range(3):  # at 1093×552 only the first file's row was left, the boxes under it kept theirs
        assert table.rowViewportPosition(row) + table.rowHeight(row) <= table.viewport().height(), row


# ---------------------------------------------------------------- the wizard


def open_report(qtbot: Any, store: Store, seed: str, period: Period, screen: QSize) -> WizardWindow:
    report_id = add_report(store, add_unit(store), seed, period)
    window = WizardWindow(store, report_id)
    qtbot.addWidget(window)
    window.show()
    window.resize(screen)
    settle()
    return window


def show_step(window: WizardWindow, title: str) -> QWidget:
    window.go_to_step(next(i for i, s in enumerate(window.steps) if s.title == title and not s.header))
    settle()
    return window.stack.currentWidget()


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_every_column_of_the_plans_task_table_is_on_screen(
    qtbot: Any, store: Store, tmp_path: Path, screen: str
) -> None:
    window = open_report(qtbot, store, PLAN_SEED, Period("nam", 2025), SCREENS[screen])
    page = show_step(window, "Nhiệm vụ và thời gian")
    editor = page.findChild(TableEditor, "nhiem_vu")
    table = editor.table
    shoot(window, tmp_path, f"plan_tasks_{screen}")
    assert table.rowCount() > 9  # two-digit row numbers: a wider numbers' column than when built
    room = table.viewport().width()
    for column in range(table.columnCount()):
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert right <= room, f"«{editor.columns[column].label}» cut: {right} > {room}"
        assert table.columnWidth(column) >= 70  # a few words a line, not a letter a line


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_document_steps_previews_are_not_cut(
    qtbot: Any, store: Store, tmp_path: Path, screen: str
) -> None:
    window = open_report(qtbot, store, KSTTHC_SEED, Period("quy", 2024, 3), SCREENS[screen])
    page = show_step(window, "Văn bản")
    shoot(window, tmp_path, f"document_step_{screen}")
    # «Số: /BC-SNgV» and «Kiên Giang, ngày … tháng 6 năm 2024» were cut through their letters
    assert not squeezed(page), squeezed(page)
    assert not outside(window.next_button, window)
