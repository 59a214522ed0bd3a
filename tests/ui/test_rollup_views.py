"""The roll-up table reads the figures with the kind's version for the period rolled up."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.report.periods import Period
from desktop_app.report.rollup_plan import RollupRun
from tests.ui.shell_data import type_text
from tests.ui.test_settings_dialog import answer_next_question
from ui.rollup_views import UnitListDialog, arrivals_table, fill_table, shown_kind

MONTHLY = "bao_cao_thang_cctthc"


def test_a_month_before_the_reform_is_read_with_its_own_version_and_one_after_without_the_district() -> None:
    before = shown_kind(RollupRun(MONTHLY, Period("thang", 2025, 3), None, None, ()))
    after = shown_kind(RollupRun(MONTHLY, Period("thang", 2025, 8), None, None, ()))
    assert before.has_field("hs_tiep_nhan_huyen")
    assert not after.has_field("hs_tiep_nhan_huyen")


def test_an_empty_roll_up_leaves_only_the_fixed_columns(qtbot: Any) -> None:
    table = arrivals_table(None)  # type: ignore[arg-type]
    qtbot.addWidget(table)
    fill_table(table, RollupRun(MONTHLY, Period("thang", 2025, 8), None, None, ()))
    with_figures = table.columnCount()
    fill_table(table, None)
    assert table.rowCount() == 0
    assert table.columnCount() < with_figures


def test_a_figures_long_label_runs_over_lines_so_its_column_is_as_narrow_as_its_numbers(qtbot: Any) -> None:
    table = arrivals_table(None)  # type: ignore[arg-type]
    qtbot.addWidget(table)
    run = RollupRun(MONTHLY, Period("thang", 2025, 8), None, None, ())
    fill_table(table, run)
    kind = shown_kind(run)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    figures = [h for h in headers if " ".join(h.split("\n")) in {f.label for f in kind.fields()}]
    assert figures and any("\n" in h for h in figures)
    assert all(len(line) <= 16 for h in figures for line in h.split("\n"))


def test_the_list_of_units_is_kept_as_a_roll_up_reads_it(qtbot: Any) -> None:
    """Comment lines, blank lines and two spellings of one unit («Hoà»/«HÒA») are not units: the
    list kept is what a roll-up reads (they used to be saved, and listed as «Chưa gửi báo cáo»)."""
    editor = UnitListDialog([], "UBND tỉnh An Giang")
    qtbot.addWidget(editor)
    editor.show()
    editor.names_edit.setFocus()
    type_text(
        editor.names_edit, "# Các sở (cập nhật 2025)\nSở Tư pháp\n\nUBND xã Mỹ Hoà\n# ---\nUBND XÃ MỸ HÒA\n"
    )
    assert editor.names() == ["Sở Tư pháp", "UBND xã Mỹ Hoà"]


def test_a_list_pasted_from_an_old_tcvn3_document_is_kept_in_unicode(qtbot: Any) -> None:
    """The list of units copied from a document typed with .VnTime (TCVN3): pasted, it reads
    «Sở Tư pháp», as a paste does in every other box of the app (it stayed «Së T­ ph¸p»)."""
    editor = UnitListDialog([], "UBND tỉnh An Giang")
    qtbot.addWidget(editor)
    editor.show()
    editor.names_edit.setFocus()
    QApplication.clipboard().setText("1\tS\xeb T\xad ph\xb8p\n2\tS\xeb T\xb5i ch\xddnh\n")  # a table's rows
    qtbot.keyClick(editor.names_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    try:
        assert editor.names() == ["Sở Tư pháp", "Sở Tài chính"]
    finally:
        editor.names_edit.document().setModified(False)  # closing must not ask, whatever happened


def test_closing_the_list_after_typing_asks_first(qtbot: Any) -> None:
    editor = UnitListDialog(["Sở Tư pháp"], "UBND tỉnh An Giang")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert not editor.isVisible()
    editor.show()
    editor.names_edit.setFocus()
    try:
        qtbot.keyClick(editor.names_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        type_text(editor.names_edit, "\nSở Xây dựng")
        seen: list[str] = []
        answer_next_question(QMessageBox.StandardButton.No, seen)
        qtbot.keyClick(editor.names_edit, Qt.Key.Key_Escape)
        assert editor.isVisible() and seen and seen[0].startswith("Bỏ các thay đổi?")
        assert editor.names() == ["Sở Tư pháp", "Sở Xây dựng"]  # what was typed is still there
        answer_next_question(QMessageBox.StandardButton.Yes, seen)
        qtbot.keyClick(editor.names_edit, Qt.Key.Key_Escape)
        assert not editor.isVisible() and len(seen) == 2
    finally:
        editor.names_edit.document().setModified(False)  # a failure above must not leave a question open
