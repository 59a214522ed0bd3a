"""«Tổng hợp báo cáo…» driven with the keyboard and drag-and-drop, the Vietnamese translation loaded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPlainTextEdit

from desktop_app.document.forms import form_table, forms_for_kind
from desktop_app.report.answers import dumps_report, load_answer_file
from desktop_app.report.arrivals import arrival_from_bytes, read_inputs
from desktop_app.report.catalogue import kind_of
from desktop_app.report.checks import evaluate_report
from desktop_app.report.periods import Period
from desktop_app.report.review_marks import mark_line
from desktop_app.report.rollup_plan import COUNTED, Parent, roll_up
from desktop_app.report.session import REVIEW, Session
from desktop_app.storage import RollupFile, Store
from desktop_app.system import parallel
from tests.core.report.test_rollup_successions import YEAR_BY_HAND, YEAR_FILES
from tests.core.test_cli_rollup import province_quarters
from tests.rollup_data import (
    COMMUNE,
    DEPARTMENT_SEED,
    KIND_ID,
    PHU_AN,
    PHU_BINH,
    PROVINCE,
    QUARTER,
    TAN_PHU,
    commune_quarter,
    departments,
    many_departments,
    merged_quarter,
    seed,
    write_answer_file,
)
from tests.ui.shell_data import type_text
from tests.ui.test_alt_keys import alt_keys, assert_unique
from tests.ui.test_settings_dialog import answer_next_question
from tests.ui.wizard.test_wizard_flow import ime_type
from ui.main_window import MainWindow
from ui.report_table import ID_ROLE
from ui.rollup_dialog import RollupDialog
from ui.rollup_views import ReportViewDialog, UnitListDialog, is_view_cell

UNITS = [
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Nội vụ",
    "Sở Y tế",
    "Ban Quản lý các khu công nghiệp",
    "Sở Tài chính",
]


@pytest.fixture
def window(qtbot: Any, store: Store, vietnamese: object) -> MainWindow:
    unit_id = store.add_unit(PROVINCE)
    store.set_subordinate_units(unit_id, UNITS)
    previous = replace(seed(DEPARTMENT_SEED), unit=PROVINCE, period=Period("quy", 2024, 4))
    store.create_report(unit_id, previous.with_answers({**previous.answers, "tthc_giai_quyet_tw": 1500}))
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "thu_den"
    folder.mkdir()
    for report in departments()[:4]:
        write_answer_file(folder / f"{report.unit.ky_hieu}.json", report)
    (folder / "hong.json").write_text("{", encoding="utf-8")
    write_answer_file(tmp_path / "BQL.json", departments()[4])
    return tmp_path


def open_dialog(qtbot: Any, window: MainWindow) -> RollupDialog:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialogs = [d for d in window.findChildren(RollupDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def drop(dialog: RollupDialog, *paths: Path) -> None:
    """Drag files over the dialog and drop them, as from a file manager."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = QPoint(dialog.width() // 2, dialog.height() // 2)
    how = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(point, *how)
    QApplication.sendEvent(dialog, enter)
    assert enter.isAccepted()
    assert QApplication.sendEvent(dialog, QDropEvent(QPointF(point), *how))


def settled(qtbot: Any, dialog: RollupDialog) -> None:
    try:
        qtbot.waitUntil(lambda: dialog.run is not None and dialog.progress_bar.isHidden(), timeout=20000)
    except Exception:
        raise AssertionError(dialog.status_label.text()) from None


def close_anyway(dialog: RollupDialog) -> None:
    """Close a dialog that has files added and no report made: «Có» to its question."""
    answer_next_question(QMessageBox.StandardButton.Yes, [])
    dialog.close()


def pick_quarter_one_2025(qtbot: Any, dialog: RollupDialog) -> None:
    """Alt+M to the year, type it; Alt+Q to the quarter, Home for «Quý I»."""
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    year = dialog.period_picker.year_spin
    assert year.hasFocus()
    year.lineEdit().selectAll()
    QTest.keyClicks(year, "2025")
    qtbot.keyClick(dialog, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert dialog.period_picker.number_combo.hasFocus()
    qtbot.keyClick(dialog.period_picker.number_combo, Qt.Key.Key_Home)
    assert dialog.period_picker.period() == QUARTER


def pick_year_2025(qtbot: Any, dialog: RollupDialog) -> None:
    """Alt+K to the type of period, «N» for «Năm»; Alt+M to the year, type it."""
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # «Loại kỳ»
    combo = dialog.period_picker.type_combo
    assert combo.hasFocus()
    QTest.keyClicks(combo, "N")  # the box's own search: the first type starting with N, «Năm»
    assert combo.currentText() == "Năm"
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    dialog.period_picker.year_spin.lineEdit().selectAll()
    QTest.keyClicks(dialog.period_picker.year_spin, "2025")
    assert dialog.period_picker.period() == Period("nam", 2025)


def test_a_provinces_quarter_made_from_dropped_files_and_a_late_file_added(
    qtbot: Any, window: MainWindow, store: Store, inbox: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    assert_unique(dialog)
    assert {"l", "t", "c", "d", "x", "b", "p"} <= set(alt_keys(dialog))
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, inbox / "thu_den")
    settled(qtbot, dialog)
    assert dialog.run is not None and dialog.run.period == QUARTER
    table = dialog.table
    rows = {table.item(r, 0).text(): table.item(r, 3).text() for r in range(table.rowCount() - 1)}
    assert rows == {
        "thu_den/hong.json": "Không tính",
        "thu_den/SNV.json": "Đã tính",
        "thu_den/STP.json": "Đã tính",
        "thu_den/SXD.json": "Đã tính",
        "thu_den/SYT.json": "Đã tính",
    }
    last = table.rowCount() - 1
    assert (table.item(last, 1).text(), table.item(last, 6).text()) == ("Tổng hợp", "478")  # 105+10+320+43
    # Why a file is not counted shows under the table for the current row (its column is far
    # right, past the figures), and on the row's name and status.
    table.setFocus()
    table.setCurrentCell(0, 0)
    said = dialog.reason_label.text()
    assert said.startswith("thu_den/hong.json — Không tính: ") and "JSON" in said
    assert table.item(0, 0).toolTip() == table.item(0, 3).toolTip() == said
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert dialog.reason_label.text().startswith("thu_den/SNV.json — Đã tính: ")
    assert dialog.missing_label.text() == "Chư&a gửi báo cáo (2):"
    assert dialog.missing_names.toPlainText() == "Ban Quản lý các khu công nghiệp, Sở Tài chính."

    # Enter on a unit's row opens its report, read-only, and only that: the key used to go on
    # to the dialog's default button, which made the report and closed the dialog.
    table.setFocus()
    table.setCurrentCell(1, 0)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        qtbot.keyClick(table, key)
        views = [v for v in dialog.findChildren(ReportViewDialog) if v.isVisible()]
        assert len(views) == 1
        text = views[0].findChild(QPlainTextEdit)
        assert text.isReadOnly() and "Sở Nội vụ" in text.toPlainText()
        views[0].close()
        assert dialog.isVisible() and not window.actions_.wizards and dialog.report_id is None

    # A click on a row's «Xem» opens that unit's report too (the link used to take the click).
    link = table.item(2, table.columnCount() - 2)
    assert link.text() == "Xem" and link.font().underline()
    assert not is_view_cell(table, 0, table.columnCount() - 2)  # hong.json: nothing to read
    table.scrollToItem(link)
    where = table.visualItemRect(link).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    shown = [v for v in dialog.findChildren(ReportViewDialog) if v.isVisible()]
    assert len(shown) == 1 and "Sở Tư pháp" in shown[0].findChild(QPlainTextEdit).toPlainText()
    shown[0].close()

    # Alt+B: «Tạo báo cáo tổng hợp»; the report is stored with its files and opens in the wizard.
    report_id = made(qtbot, dialog, window)
    report = store.load_report(report_id)
    values = evaluate_report(report).values
    assert (values["hs_tiep_nhan"], values["hs_moi_truc_tuyen"], values["tthc_giai_quyet_tw"]) == (
        478,
        341,
        1500,
    )
    assert [f.name for f in store.rollup_files(report_id)] == [
        "thu_den/SNV.json",
        "thu_den/STP.json",
        "thu_den/SXD.json",
        "thu_den/SYT.json",
    ]
    assert Session(report).section_state("danh_gia_chung") == REVIEW  # the units' words: «Cần xem lại»
    assert report.answers["phu_luc_06"] is True

    # The Ban Quản lý's file arrives later: the same action on the rolled-up report adds it.
    window.table.select_report(report_id)
    window.table.setFocus()
    again = open_dialog(qtbot, window)
    assert report_id not in window.actions_.wizards  # its wizard closed (saved) before the update
    assert again.make_button.text().replace("&", "") == "Cập nhật báo cáo tổng hợp"
    assert not again.kind_combo.isEnabled()
    settled(qtbot, again)
    drop(again, inbox / "BQL.json")
    qtbot.waitUntil(
        lambda: again.run is not None and len(again.run.lines) == 5 and again.progress_bar.isHidden()
    )
    # The first folder dropped again, with the files kept: each kept file is listed once (its copy
    # used to be listed too, «có bản mới hơn» than itself); only hong.json is new.
    drop(again, inbox / "thu_den")
    qtbot.waitUntil(
        lambda: again.run is not None and len(again.run.lines) == 6 and again.progress_bar.isHidden()
    )
    names = [line.arrival.name for line in again.run.lines]
    assert len(set(names)) == 6 and "thu_den/hong.json" in names
    assert [line.status for line in again.run.lines].count(COUNTED) == 5
    qtbot.keyClick(again, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: report_id in window.actions_.wizards)
    updated = store.load_report(report_id)
    assert evaluate_report(updated).values["hs_tiep_nhan"] == 498
    assert [r.kind for r in store.revisions(report_id)][-1] == "tong_hop"
    assert mark_line("Ban Quản lý các khu công nghiệp") in updated.answers["danh_gia_chung_nd"]
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()


def test_files_of_another_period_than_the_one_chosen_offer_theirs(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """The dialog opens on the period of the report selected (often last month's): the files
    dropped, all of this month, were refused «kỳ khác» one by one, and nothing offered their period."""
    folder = tmp_path / "quy_2"
    folder.mkdir()
    for report in departments(Period("quy", 2025, 2)):
        write_answer_file(folder / f"{report.unit.ky_hieu}.json", report)
    dialog = open_dialog(qtbot, window)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, folder)
    settled(qtbot, dialog)
    button = dialog.files_period_button
    assert button.isVisible() and button.text() == "Tổn&g hợp kỳ của 5 tệp: quý II năm 2025"
    assert_unique(dialog)
    generation = dialog._generation
    qtbot.keyClick(dialog, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog._generation > generation)
    settled(qtbot, dialog)
    assert dialog.period_picker.period() == Period("quy", 2025, 2)
    assert dialog.status_label.text() == "Tổng hợp các đơn vị: 5/5 tệp được tính, quý II năm 2025."
    assert not button.isVisible()
    close_anyway(dialog)


def test_a_new_roll_up_of_another_quarter_while_the_last_roll_up_is_selected(
    qtbot: Any, window: MainWindow, store: Store, inbox: Path
) -> None:
    """The list selects the newest report, often the last roll-up, and Ctrl+G on a rolled-up
    report updates it, its period greyed out: the next quarter could not be rolled up without
    knowing to unselect the row. «Tổng hợp mới (kỳ khác)» (Alt+I) makes a new one."""
    dialog = open_dialog(qtbot, window)
    assert dialog.new_button.isHidden()  # nothing to update: the dialog makes a new one already
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, inbox / "thu_den")
    settled(qtbot, dialog)
    first = made(qtbot, dialog, window)
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()
    before = store.load_report(first)

    second_quarter = inbox / "quy2"
    second_quarter.mkdir()
    for report in departments(Period("quy", 2025, 2)):
        write_answer_file(second_quarter / f"{report.unit.ky_hieu}.json", report)
    window.table.select_report(first)
    window.table.setFocus()
    again = open_dialog(qtbot, window)
    assert again.report_id == first and not again.period_picker.isEnabled()
    assert_unique(again)
    assert "i" in alt_keys(again)
    qtbot.keyClick(again, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: again.report_id is None)  # the button's key clicks it a moment later
    assert again.report_id is None and again.period_picker.isEnabled() and again.new_button.isHidden()
    assert again.make_button.text().replace("&", "") == "Tạo báo cáo tổng hợp"
    qtbot.keyClick(again, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(again.period_picker.number_combo, Qt.Key.Key_Down)
    assert again.period_picker.period() == Period("quy", 2025, 2)
    drop(again, second_quarter)
    settled(qtbot, again)
    assert again.status_label.text() == "Tổng hợp các đơn vị: 5/5 tệp được tính, quý II năm 2025."
    second = made(qtbot, again, window)
    assert second != first
    assert store.load_report(second).period == Period("quy", 2025, 2)
    assert evaluate_report(store.load_report(second)).values["hs_tiep_nhan"] == 498  # all five
    assert store.load_report(first) == before  # quý I as it was
    assert [f.name for f in store.rollup_files(second)] == [
        f"quy2/{r.unit.ky_hieu}.json" for r in sorted(departments(), key=lambda r: r.unit.ky_hieu)
    ]
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()


def test_an_update_keeps_a_figure_the_drafter_typed_and_says_what_the_units_give(
    qtbot: Any, window: MainWindow, store: Store, inbox: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, inbox / "thu_den")
    settled(qtbot, dialog)
    report_id = made(qtbot, dialog, window)
    wizard = window.actions_.wizards[report_id]
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    wizard.go_to_field("hs_moi_truc_tuyen")  # a unit phoned in a correction: the drafter types it
    edit = wizard.findChild(QLineEdit, "hs_moi_truc_tuyen")
    edit.selectAll()
    QTest.keyClicks(edit, "350")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert store.load_report(report_id).answers["hs_moi_truc_tuyen"] == 350
    wizard.close()

    window.table.select_report(report_id)
    window.table.setFocus()
    again = open_dialog(qtbot, window)
    settled(qtbot, again)
    drop(again, inbox / "BQL.json")
    qtbot.waitUntil(
        lambda: again.run is not None and len(again.run.lines) == 5 and again.progress_bar.isHidden()
    )
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Ok, seen)
    qtbot.keyClick(again, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: report_id in window.actions_.wizards)
    updated = evaluate_report(store.load_report(report_id)).values
    assert (updated["hs_moi_truc_tuyen"], updated["hs_tiep_nhan"]) == (350, 498 - 356 + 350)
    assert "«Hồ sơ mới tiếp nhận trực tuyến»: giữ 350 đã gõ; tổng hợp lại ra 356." in seen[0]
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()


def test_a_draft_the_province_began_for_the_period_gives_the_roll_up_its_words(
    qtbot: Any, window: MainWindow, store: Store, inbox: Path
) -> None:
    unit_id = store.units()[0].id
    begun = replace(seed(DEPARTMENT_SEED), unit=PROVINCE, period=QUARTER)
    own_words = "Đề nghị Văn phòng Chính phủ sớm nâng cấp Cổng dịch vụ công quốc gia."
    draft_id = store.create_report(unit_id, begun.with_answers({**begun.answers, "kien_nghi": own_words}))
    dialog = open_dialog(qtbot, window)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, inbox / "thu_den")
    settled(qtbot, dialog)
    notes = [dialog.notes_list.item(i).text() for i in range(dialog.notes_list.count())]
    said = (
        f"Đơn vị đã có báo cáo Quý I/2025 cùng loại (bản nháp, số {draft_id}): báo cáo tổng hợp "
        "lấy phần viết của bản đó, và là một bản mới bên cạnh nó."
    )
    assert said in notes
    report_id = made(qtbot, dialog, window)
    assert report_id != draft_id and store.load_report(report_id).answers["kien_nghi"] == own_words
    model = window.table.report_model  # the list tells the two apart
    periods = {
        model.data(model.index(r, 0), ID_ROLE): model.data(model.index(r, 2)) for r in range(model.rowCount())
    }
    assert (periods[draft_id], periods[report_id]) == ("Quý I/2025", "Quý I/2025 (tổng hợp)")
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()


def test_a_file_dropped_by_mistake_is_taken_out_with_delete_and_put_back(
    qtbot: Any, window: MainWindow, inbox: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    assert_unique(dialog)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, inbox / "thu_den")
    settled(qtbot, dialog)
    table = dialog.table

    def row_of(name: str) -> int:
        return next(r for r in range(table.rowCount() - 1) if table.item(r, 0).text() == name)

    def total() -> int:
        return int(table.item(table.rowCount() - 1, 6).text().replace(".", ""))

    snv = int(table.item(row_of("thu_den/SNV.json"), 6).text().replace(".", ""))
    assert total() == 478
    table.setFocus()
    table.setCurrentCell(row_of("thu_den/SNV.json"), 0)
    generation = dialog._generation
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: dialog._generation > generation and dialog.progress_bar.isHidden())
    settled(qtbot, dialog)
    assert table.item(row_of("thu_den/SNV.json"), 3).text() == "Bỏ qua" and total() == 478 - snv
    assert "Đã bỏ ra khỏi lần tổng hợp này" in table.item(row_of("thu_den/SNV.json"), 0).toolTip()
    table.setCurrentCell(row_of("thu_den/SNV.json"), 0)
    generation = dialog._generation
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # «Bỏ ra / lấy lại»
    qtbot.waitUntil(lambda: dialog._generation > generation and dialog.progress_bar.isHidden())
    settled(qtbot, dialog)
    assert table.item(row_of("thu_den/SNV.json"), 3).text() == "Đã tính" and total() == 478
    close_anyway(dialog)


def test_sixty_units_files_are_checked_with_a_worker_started_afresh_from_the_apps_thread(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's roll-up runs in a thread of Qt's pool: its workers are started afresh, never
    forked from the app, and each file's own checks are what one process finds."""
    monkeypatch.setenv(parallel.ENV_VAR, "2")
    folder = tmp_path / "sau_muoi"
    folder.mkdir()
    reports = many_departments(60)
    reports[7] = reports[7].with_answers({**reports[7].answers, "hs_qua_han": 5000})
    for i, report in enumerate(reports):
        write_answer_file(folder / f"{i:02d}.json", report)
    started: list[str] = []
    context = parallel.context

    def noted() -> Any:
        chosen = context()
        started.append(chosen.get_start_method())
        return chosen

    monkeypatch.setattr(parallel, "context", noted)
    dialog = open_dialog(qtbot, window)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, folder)
    settled(qtbot, dialog)
    assert started and set(started) == {"spawn"} and dialog.run is not None
    assert len(dialog.run.lines) == 60  # refused, most of them: not in the province's list of units
    monkeypatch.setenv(parallel.ENV_VAR, "1")
    alone = roll_up(read_inputs([folder]), KIND_ID, QUARTER, Parent(PROVINCE))
    assert [(line.errors, line.warnings) for line in dialog.run.lines] == [
        (line.errors, line.warnings) for line in alone.lines
    ]
    assert dialog.run.lines[7].errors >= 1


def test_the_list_of_units_is_edited_in_the_app(qtbot: Any, window: MainWindow, store: Store) -> None:
    dialog = open_dialog(qtbot, window)
    done: list[bool] = []

    def fill() -> None:
        editor = QApplication.activeModalWidget()
        if not isinstance(editor, UnitListDialog) or QApplication.activeWindow() is not editor:
            QTimer.singleShot(20, fill)  # until it is shown and has the keyboard
            return
        assert_unique(editor)
        editor.names_edit.clear()
        type_text(editor.names_edit, "Sở Tư pháp\nUBND xã Mỹ Hòa")
        qtbot.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # «Lưu»
        editor.finished.connect(lambda _result: done.append(True))

    QTimer.singleShot(0, fill)
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(done))  # a mnemonic clicks the button a moment later (animateClick)
    qtbot.waitUntil(lambda: dialog.run is None or dialog.progress_bar.isHidden())
    unit_id = store.units()[0].id
    assert store.subordinate_units(unit_id) == ["Sở Tư pháp", "UBND xã Mỹ Hòa"]
    dialog.close()


def test_nothing_usable_says_why_and_which_period_the_files_are(
    qtbot: Any, window: MainWindow, inbox: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.period_picker.set_period(Period("quy", 2024, 3))
    drop(dialog, inbox / "thu_den" / "STP.json")
    settled(qtbot, dialog)
    assert not dialog.make_button.isEnabled()
    assert "Các báo cáo nhận được là của quý I năm 2025: hãy chọn kỳ đó." in dialog.status_label.text()
    dialog.close()


def test_a_communes_year_from_its_four_quarters_in_the_app(
    qtbot: Any, store: Store, tmp_path: Path, vietnamese: object
) -> None:
    unit_id = store.add_unit(COMMUNE)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    quarters = [write_answer_file(tmp_path / f"quy_{q}.json", commune_quarter(q)) for q in (1, 2, 3, 4)]
    dialog = open_dialog(qtbot, window)
    pick_year_2025(qtbot, dialog)
    drop(dialog, *quarters)
    qtbot.waitUntil(lambda: dialog.run is not None and len(dialog.run.lines) == 4, timeout=20000)
    settled(qtbot, dialog)
    report_id = year_made(qtbot, dialog, window)
    assert store.report_info(report_id).unit_id == unit_id
    year = store.load_report(report_id)
    v = evaluate_report(year).values
    assert year.period == Period("nam", 2025) and year.rollup is not None and year.rollup.mode == "ky"
    # flows summed, carried-in the first quarter's, stocks the last quarter's
    assert (v["hs_moi_truc_tuyen"], v["hs_ky_truoc"], v["hs_da_giai_quyet"], v["hs_dang_giai_quyet"]) == (
        180,
        10,
        404,
        6,
    )
    assert (v["pakn_moi"], v["pakn_dang_xu_ly"], v["tthc_giai_quyet"]) == (6, 1, 113)
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()


def made(qtbot: Any, dialog: RollupDialog, window: MainWindow) -> int:
    """Press Alt+B («Tạo báo cáo tổng hợp»); the id of the report the wizard opens on."""
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(window.actions_.wizards))
    (report_id,) = window.actions_.wizards
    return int(report_id)


def year_made(qtbot: Any, dialog: RollupDialog, window: MainWindow) -> int:
    """Check that the four quarters all count, then make the year: the id the wizard opens on."""
    assert dialog.status_label.text() == "Tổng hợp các kỳ: 4/4 tệp được tính, năm 2025."
    return made(qtbot, dialog, window)


def test_a_communes_year_from_the_quarters_it_wrote_on_this_pc(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    unit_id = store.add_unit(COMMUNE)
    for q in (1, 2, 3, 4):
        store.create_report(unit_id, commune_quarter(q))
    store.create_report(unit_id, replace(commune_quarter(4), period=Period("quy", 2024, 4)))  # another year
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    dialog = open_dialog(qtbot, window)
    assert_unique(dialog)
    pick_year_2025(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # «Dùng cả các kỳ đã soạn…»
    qtbot.waitUntil(lambda: dialog.own_box.isChecked())
    qtbot.waitUntil(lambda: dialog.run is not None and len(dialog.run.lines) == 4, timeout=20000)
    settled(qtbot, dialog)
    report_id = year_made(qtbot, dialog, window)
    v = evaluate_report(store.load_report(report_id)).values
    assert (v["hs_moi_truc_tuyen"], v["hs_ky_truoc"], v["hs_da_giai_quyet"], v["hs_dang_giai_quyet"]) == (
        180,
        10,
        404,
        6,
    )
    assert [f.name.split(" (")[0] for f in store.rollup_files(report_id)] == [
        f"Trên máy này: Quý {q}/2025" for q in ("I", "II", "III", "IV")
    ]  # kept with the year, as files sent by mail would be
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()


def test_a_year_made_from_this_pcs_quarters_is_updated_from_a_quarter_changed_since(
    qtbot: Any, store: Store, vietnamese: object
) -> None:
    """The year's update reads the unit's quarters as they are now: the box «Dùng cả các kỳ đã
    soạn trên máy này» is ticked again. It used to start unticked, so the update read only the
    copies kept when the year was made, said «4/4 tệp được tính» and left the year as it was."""
    unit_id = store.add_unit(COMMUNE)
    ids = {q: store.create_report(unit_id, commune_quarter(q)) for q in (1, 2, 3, 4)}
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    dialog = open_dialog(qtbot, window)
    pick_year_2025(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.run is not None and len(dialog.run.lines) == 4, timeout=20000)
    settled(qtbot, dialog)
    year_id = year_made(qtbot, dialog, window)
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()
    # quý IV corrected afterwards: 60 → 75 dossiers received online (and 15 more resolved early)
    fourth = commune_quarter(4)
    figures = {"hs_moi_truc_tuyen": 75, "hs_truoc_han": 88 + 15}
    store.save_report(ids[4], fourth.with_answers({**fourth.answers, **figures}))

    window.table.select_report(year_id)
    window.table.setFocus()
    again = open_dialog(qtbot, window)
    assert again.report_id == year_id
    settled(qtbot, again)
    assert [line.status for line in again.run.lines].count(COUNTED) == 4
    assert len(again.run.lines) == 4  # not also the copies kept when the year was made, «Giống hệt…»
    ticked = again.own_box.isChecked()
    qtbot.keyClick(again, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: year_id in window.actions_.wizards)
    v = evaluate_report(store.load_report(year_id)).values
    assert (v["hs_moi_truc_tuyen"], v["hs_truoc_han"], v["hs_dang_giai_quyet"]) == (
        30 + 40 + 50 + 75,
        80 + 90 + 95 + 103,
        6,
    )
    assert ticked
    assert len(store.rollup_files(year_id)) == 5  # the four, and quý IV as it is now (the history's)
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()


def test_a_rolled_up_report_whose_kept_file_is_damaged_still_opens_and_names_it(
    qtbot: Any, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    """Ctrl+G on a rolled-up report: a kept file the disk damaged is listed as refused, the
    others are counted (it raised zlib.error out of the action, and the dialog never opened)."""
    arrivals = [
        arrival_from_bytes(f"{r.unit.ky_hieu}.json", dumps_report(r).encode("utf-8"), None)
        for r in departments()[:3]
    ]
    run = roll_up(arrivals, "bao_cao_kstthc", QUARTER)
    assert run.report is not None
    files = [RollupFile(a.name, a.sha256, a.data, a.saved) for a in arrivals]
    report_id = store.create_rollup(store.units()[0].id, run.report, files)
    store.conn.execute(
        "UPDATE rollup_files SET data = x'00112233' WHERE report_id = ? AND name = 'SXD.json'", [report_id]
    )
    store.conn.commit()
    window.reload(select=report_id)
    window.table.setFocus()
    dialog = open_dialog(qtbot, window)
    settled(qtbot, dialog)
    table = dialog.table
    rows = {table.item(r, 0).text(): table.item(r, 3).text() for r in range(table.rowCount() - 1)}
    assert rows == {"STP.json": "Đã tính", "SXD.json": "Không tính", "SNV.json": "Đã tính"}
    damaged = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "SXD.json")
    assert "bị hỏng" in table.item(damaged, table.columnCount() - 1).text()
    dialog.close()


def test_a_list_of_units_that_cannot_be_kept_stays_open_with_what_was_typed(
    qtbot: Any, window: MainWindow, store: Store
) -> None:
    """A name longer than a list allows: «Lưu» says why in the list's own window and keeps the
    text (the window closed, the store refused it, and what was typed was gone)."""
    dialog = open_dialog(qtbot, window)
    seen: list[str] = []

    def fill() -> None:
        editor = QApplication.activeModalWidget()
        if not isinstance(editor, UnitListDialog) or QApplication.activeWindow() is not editor:
            QTimer.singleShot(20, fill)
            return
        editor.names_edit.clear()
        QTest.keyClicks(editor.names_edit, "Ban Dan toc")
        qtbot.keyClick(editor.names_edit, Qt.Key.Key_Return)
        QTest.keyClicks(editor.names_edit, "x" * 201)
        qtbot.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
        QTimer.singleShot(300, lambda: check(editor))

    def check(editor: UnitListDialog) -> None:
        seen.append(editor.problem_label.text() if editor.isVisible() else "(closed)")
        seen.append(editor.names_edit.toPlainText())
        editor.names_edit.setPlainText("Ban Dan toc")
        qtbot.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)

    QTimer.singleShot(0, fill)
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10000)
    qtbot.waitUntil(lambda: not isinstance(QApplication.activeModalWidget(), UnitListDialog), timeout=10000)
    qtbot.waitUntil(lambda: dialog.run is None or dialog.progress_bar.isHidden())
    assert "dài quá 200 ký tự" in seen[0]
    assert seen[1] == "Ban Dan toc\n" + "x" * 201
    assert store.subordinate_units(store.units()[0].id) == ["Ban Dan toc"]
    dialog.close()


def test_a_merged_communes_year_counts_its_old_communes_quarters_as_its_own(
    qtbot: Any, store: Store, tmp_path: Path, vietnamese: object
) -> None:
    """Tân Phú continues Phú An and Phú Bình (kept in the store, the old ones no longer active):
    their quý I–II and its own quý III–IV make its year, each old file marked as a predecessor's."""
    unit_id = store.add_unit(TAN_PHU)
    old = [store.add_unit(PHU_AN), store.add_unit(PHU_BINH)]
    store.set_successors(unit_id, old)
    for old_id in old:
        store.set_unit_active(old_id, False)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    folder = tmp_path / "cac_quy"
    folder.mkdir()
    for name, quarter in YEAR_FILES:
        report = merged_quarter(name, quarter)
        write_answer_file(folder / f"{report.unit.dia_danh}_quy{quarter}.json", report)
    dialog = open_dialog(qtbot, window)
    pick_year_2025(qtbot, dialog)
    drop(dialog, folder)
    qtbot.waitUntil(lambda: dialog.run is not None and len(dialog.run.lines) == 6, timeout=20000)
    settled(qtbot, dialog)
    assert dialog.status_label.text() == "Tổng hợp các kỳ: 6/6 tệp được tính, năm 2025."
    table = dialog.table
    reason = table.columnCount() - 1
    rows = {
        table.item(r, 0).text(): (
            table.item(r, 1).text(),
            table.item(r, 3).text(),
            table.item(r, reason).text(),
        )
        for r in range(table.rowCount() - 1)
    }
    assert rows["cac_quy/Phú An_quy1.json"] == (
        "UBND xã Phú An → UBND xã Tân Phú",
        "Đã tính",
        "UBND xã Phú An là đơn vị cũ của UBND xã Tân Phú (kế thừa từ ngày 01/7/2025): cộng với báo cáo "
        "cùng kỳ của UBND xã Phú Bình thành quý I năm 2025 của UBND xã Tân Phú, tính vào năm 2025.",
    )
    assert rows["cac_quy/Phú Bình_quy2.json"][:2] == ("UBND xã Phú Bình → UBND xã Tân Phú", "Đã tính")
    assert rows["cac_quy/Tân Phú_quy4.json"] == ("UBND xã Tân Phú", "Đã tính", "Tính vào năm 2025.")
    last = table.rowCount() - 1
    assert (table.item(last, 1).text(), table.item(last, 6).text()) == ("Tổng hợp", "386")  # 162+218+6
    dialog.grab().save(str(tmp_path / "tong_hop_xa_sap_nhap.png"))

    report_id = made(qtbot, dialog, window)
    assert store.report_info(report_id).unit_id == unit_id
    year = store.load_report(report_id)
    assert year.unit == TAN_PHU and year.period == Period("nam", 2025)
    values = evaluate_report(year).values
    assert {f: values[f] for f in YEAR_BY_HAND} == YEAR_BY_HAND
    assert len(store.rollup_files(report_id)) == 6  # the old communes' files are kept with it
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()


def test_a_roll_up_imported_from_another_pc_is_not_updated_into_one_unit(
    qtbot: Any, window: MainWindow, store: Store, inbox: Path
) -> None:
    """A roll-up that came as an answer file has its record but not its units' files: the dialog
    says so, and an update that would keep only the file added is refused (it used to replace
    the four units' figures with the one late unit's)."""
    made = roll_up(read_inputs([inbox / "thu_den"]), KIND_ID, QUARTER, Parent(PROVINCE))
    assert made.report is not None
    write_answer_file(inbox / "tong_hop.json", made.report)
    unit_id = store.units()[0].id
    report_id = store.import_report(inbox / "tong_hop.json", unit_id)
    before = store.load_report(report_id)
    window.reload(select=report_id)  # imported as «Nhập tệp» would, then chosen in the list
    window.table.setFocus()
    dialog = open_dialog(qtbot, window)
    assert dialog.status_label.text().startswith(
        "Máy này không có tệp của 4 nguồn trong báo cáo tổng hợp này"
    )
    drop(dialog, inbox / "BQL.json")
    settled(qtbot, dialog)
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Ok, seen)
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].startswith("Bản cập nhật sẽ thiếu 4 nguồn đã có trong báo cáo tổng hợp: Sở Nội vụ, ")
    assert store.load_report(report_id) == before and dialog.isVisible()
    close_anyway(dialog)


def test_a_long_list_of_units_not_yet_sent_leaves_the_table_room_and_names_them_all(
    qtbot: Any, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    """20 of a province's 200 units have sent: the 180 names are in a box of a few lines, reached
    with Alt+A (a red label of 180 names pushed the table down to one row and cut the names past
    the dialog's bottom)."""
    store.set_subordinate_units(store.units()[0].id, [f"Đơn vị số {i:03d}" for i in range(1, 201)])
    folder = tmp_path / "hai_muoi"
    folder.mkdir()
    for i, report in enumerate(many_departments(20)):
        write_answer_file(folder / f"{i:02d}.json", report)
    dialog = open_dialog(qtbot, window)
    assert_unique(dialog)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, folder)
    settled(qtbot, dialog)
    assert dialog.missing_label.text() == "Chư&a gửi báo cáo (180):"
    names = dialog.missing_names.toPlainText()
    assert names.startswith("Đơn vị số 021, Đơn vị số 022, ") and names.endswith(", Đơn vị số 200.")
    table = dialog.table
    assert table.viewport().height() >= 6 * table.rowHeight(0)  # the table keeps room for rows
    assert dialog.missing_names.height() <= 5 * dialog.fontMetrics().lineSpacing()
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert dialog.missing_names.hasFocus() and dialog.missing_names.isReadOnly()
    qtbot.keyClick(dialog.missing_names, Qt.Key.Key_Tab)
    assert not dialog.missing_names.hasFocus()
    dialog.grab().save(str(tmp_path / "chua_gui_180.png"))
    close_anyway(dialog)


def test_tab_leaves_the_table_of_files_and_shift_tab_comes_back(
    qtbot: Any, window: MainWindow, inbox: Path
) -> None:
    """Tab went from cell to cell of the table: with 5 files and 11 columns, 66 presses to
    reach «Tạo báo cáo tổng hợp»; with 200 units, 2.400."""
    dialog = open_dialog(qtbot, window)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, inbox / "thu_den")
    settled(qtbot, dialog)
    table = dialog.table
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # «Tệp đã nhận»
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    row = table.currentRow()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus() and dialog.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert table.hasFocus() and table.currentRow() == row
    close_anyway(dialog)


def test_escape_with_files_added_and_no_report_made_asks_before_closing(
    qtbot: Any, window: MainWindow, inbox: Path
) -> None:
    """Escape pressed by mistake after adding the units' files: the dialog asks, «Không» keeps
    it as it was (it closed at once, and the files had to be found and added again)."""
    dialog = open_dialog(qtbot, window)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, inbox / "thu_den", inbox / "BQL.json")
    settled(qtbot, dialog)
    dialog.table.setFocus()
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, seen)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [
        "Chưa bấm «Tạo báo cáo tổng hợp»: các tệp vừa thêm chưa được tính vào báo cáo nào.\n"
        "Đóng thì lần sau phải thêm lại các tệp này. Vẫn đóng?"
    ]
    assert dialog.isVisible() and dialog.table.rowCount() == 7 and dialog.make_button.isEnabled()
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.findChildren(RollupDialog))  # closed, and deleted


def test_closing_without_files_added_asks_nothing(qtbot: Any, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.findChildren(RollupDialog))


def test_tab_goes_down_the_form_as_it_is_read(qtbot: Any, window: MainWindow) -> None:
    """Kind, type of period, year, quarter, then «Thêm tệp…»: the kind's box came after «Quý»
    (Tab from it jumped to the buttons; the period's boxes came after «Đóng»)."""
    dialog = open_dialog(qtbot, window)
    picker = dialog.period_picker
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # «Loại văn bản»
    order = [QApplication.focusWidget()]
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        dialog.kind_combo,
        picker.type_combo,
        picker.year_spin,
        picker.number_combo,
        dialog.add_files_button,
    ]
    back = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        back.append(QApplication.focusWidget())
    assert back == order[-2::-1]  # Shift+Tab goes back up the same way
    dialog.close()


def test_a_unit_is_found_among_the_files_by_a_few_letters(
    qtbot: Any, window: MainWindow, inbox: Path, tmp_path: Path
) -> None:
    """Ctrl+F, «y te» typed without diacritics keeps Sở Y tế's row (the table could not be
    searched but by its first column, the file names, from their start); Enter puts the table on
    it; Escape empties the box and shows every row again, without closing the dialog."""
    dialog = open_dialog(qtbot, window)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, inbox / "thu_den", inbox / "BQL.json")
    settled(qtbot, dialog)
    table, lines = dialog.table, dialog.run.lines  # type: ignore[union-attr]

    def shown() -> list[str]:
        return [lines[r].unit or lines[r].arrival.name for r in range(len(lines)) if not table.isRowHidden(r)]

    everyone = shown()
    before = len(window.store.list_reports())
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert dialog.find_box.hasFocus()
    QTest.keyClicks(dialog.find_box, "y te")
    assert shown() == ["Sở Y tế"] and not table.isRowHidden(len(lines))  # and the total row
    dialog.grab().save(str(tmp_path / "tim_y_te.png"))
    qtbot.keyClick(dialog.find_box, Qt.Key.Key_Return)
    assert table.hasFocus() and lines[table.currentRow()].unit == "Sở Y tế" and dialog.isVisible()
    assert len(window.store.list_reports()) == before  # Enter there did not make the report
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    ime_type(dialog.find_box, "Sở")  # typed with its marks: the sở, not the file «hong.json»
    assert shown() == [u for u in everyone if u.startswith("Sở")]
    qtbot.keyClick(dialog.find_box, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.find_box.text() == "" and shown() == everyone
    close_anyway(dialog)


def test_a_provinces_year_from_its_quarterly_roll_ups_on_this_pc_lists_each_unit(
    qtbot: Any, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    """The province rolled up its departments each quarter in the app; its year, from those four
    reports («Dùng cả các kỳ đã soạn trên máy này»), keeps a row per department in its forms."""
    unit_id = store.units()[0].id
    quarters = province_quarters(tmp_path / "quy")
    for q in (1, 2, 3, 4):
        store.create_report(unit_id, load_answer_file(quarters / f"tinh_quy{q}.json"))
    dialog = open_dialog(qtbot, window)
    pick_year_2025(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # «Dùng cả các kỳ đã soạn…»
    qtbot.waitUntil(lambda: dialog.run is not None and len(dialog.run.lines) == 4, timeout=20000)
    settled(qtbot, dialog)
    year = store.load_report(year_made(qtbot, dialog, window))
    form = next(f for f in forms_for_kind(kind_of(year)) if f.code.startswith("06b"))
    _form, rows = form_table(form, None, year)
    by_name = {row.label: row for row in rows}
    names = [report.unit.ten for report in departments()]
    assert set(names) <= by_name.keys() and "UBND tỉnh An Giang" not in by_name
    online = next(i for i, leaf in enumerate(form.leaves()) if leaf.source == "hs_moi_truc_tuyen")
    assert [by_name[name].cells[online].value for name in names] == [10 * (i + 1) for i in range(5)]
    for wizard in list(window.actions_.wizards.values()):
        wizard.close()


def test_escape_while_the_files_are_still_read_asks_too(qtbot: Any, window: MainWindow, inbox: Path) -> None:
    """With 200 files reading takes a while: Escape then closed at once (the question waited for
    «Tạo báo cáo tổng hợp» to be enabled), and the files dropped were lost."""
    dialog = open_dialog(qtbot, window)
    pick_quarter_one_2025(qtbot, dialog)
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, seen)
    drop(dialog, inbox / "thu_den", inbox / "BQL.json")
    assert not dialog.progress_bar.isHidden()  # still reading
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(seen))
    assert dialog.isVisible()
    settled(qtbot, dialog)
    assert dialog.make_button.isEnabled()
    close_anyway(dialog)


def test_enter_in_the_search_box_with_nothing_found_says_so(
    qtbot: Any, window: MainWindow, inbox: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, inbox / "thu_den", inbox / "BQL.json")
    settled(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(dialog.find_box, "zzz")
    qtbot.keyClick(dialog.find_box, Qt.Key.Key_Return)
    assert dialog.find_box.hasFocus() and dialog.table.currentRow() == -1  # not the total row
    assert dialog.reason_label.text() == "Không tìm thấy đơn vị hay tệp nào có «zzz»."
    close_anyway(dialog)


def test_files_named_on_windows_and_on_a_mac_are_listed_and_found_by_their_vietnamese_names(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """Dropped from a folder whose name holds «#», «%20», «&» and «'»: a folder copied from a Mac
    (names decomposed), a zip made on an English-locale Windows (code page 437) and one made on a
    Vietnamese-locale Windows (1258). Each file is listed by the name the official gave it, and
    found by it with Ctrl+F."""
    import unicodedata

    from tests.core.report.test_arrivals import english_windows_name, windows_name, zip_with_raw_names

    inbox = tmp_path / "Nguyễn Văn Ánh" / "Thư đến #1 %20 & it's"
    mac = inbox / unicodedata.normalize("NFD", "Từ máy Mac")
    mac.mkdir(parents=True)
    reports = departments()
    write_answer_file(mac / unicodedata.normalize("NFD", "Báo cáo - Sở Tư pháp.json"), reports[0])
    data = [dumps_report(r).encode("utf-8") for r in reports[1:3]]
    english = zip_with_raw_names(
        inbox / "Sở Xây dựng.zip", [english_windows_name("Báo cáo Sở Xây dựng.json")], data[0]
    )
    vietnamese = zip_with_raw_names(
        inbox / "Sở Nội vụ.zip", [windows_name("Báo cáo quý I - Sở Nội vụ.json")], data[1]
    )
    dialog = open_dialog(qtbot, window)
    pick_quarter_one_2025(qtbot, dialog)
    drop(dialog, mac, english, vietnamese)
    settled(qtbot, dialog)
    table, lines = dialog.table, dialog.run.lines  # type: ignore[union-attr]
    assert [table.item(r, 0).text() for r in range(len(lines))] == [
        "Từ máy Mac/Báo cáo - Sở Tư pháp.json",
        "Sở Xây dựng.zip › Báo cáo So Xây dung.json",
        "Sở Nội vụ.zip › Báo cáo quý I - Sở Nội vụ.json",
    ]
    assert all(table.item(r, 3).text() == "Đã tính" for r in range(len(lines)))
    dialog.grab().save(str(tmp_path / "ten_tep_ba_noi.png"))
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    ime_type(dialog.find_box, "Báo cáo quý")
    assert [r for r in range(len(lines)) if not table.isRowHidden(r)] == [2]
    dialog.grab().save(str(tmp_path / "ten_tep_tieng_viet.png"))
    close_anyway(dialog)
