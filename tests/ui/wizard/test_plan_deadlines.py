"""The plan of 2027 made in December 2026 from the plan of 2026, in the app: the «Tạo báo cáo mới»
dialog moves every deadline of 2026 in «Thời gian hoàn thành», and a 2026 deadline typed into
that column afterwards is named on the review page and fixed in one press. A real database, the
real dialog and wizard, the app's Vietnamese translation; the cell is typed as an input method
delivers text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QListWidget, QPushButton

from desktop_app.report.periods import Period
from desktop_app.storage import Store
from tests.ui.shell_data import PLAN_SEED, add_unit, seed
from tests.ui.wizard.test_wizard_flow import ime_type, open_wizard
from tests.ui.wizard.test_wizard_screens import shoot, shots_dir
from tests.ui.wizard.test_wizard_text_fixes import go_to_review, press, row_of
from ui.new_report_dialog import NewReportDialog
from ui.wizard.table_editor import CellEdit, TableEditor

CELLS = {  # the plan of 2026's deadlines, and the plan of 2027's
    "30/6/2026 và 15/12/2026": "30/6/2027 và 15/12/2027",
    "Hằng quý, trước ngày 10/3, 10/6, 10/9, 10/12/2026": "Hằng quý, trước ngày 10/3, 10/6, 10/9, 10/12/2027",
    "Theo Kế hoạch số 12/KH-UBND ngày 15/01/2026, trước 30/6/2026": (
        "Theo Kế hoạch số 12/KH-UBND ngày 15/01/2026, trước 30/6/2027"
    ),
}
TASK = {"muc_tieu": "Rà soát TTHC", "noi_dung": "Rà soát", "chu_tri": "Văn phòng Sở", "phoi_hop": "Các phòng"}


def plan_2027(qtbot: Any, store: Store) -> int:
    """Make the plan of 2027 from the stored plan of 2026 through the dialog; return its id."""
    unit_id = add_unit(store)
    rows = [{"nhom": "Kiểm soát thủ tục hành chính"}, *({**TASK, "thoi_han": cell} for cell in CELLS)]
    plan = seed(PLAN_SEED)
    store.create_report(
        unit_id,
        replace(plan, period=Period("nam", 2026), answers={**plan.answers, "nhiem_vu": rows}),
        "hoan_thanh",
    )
    dialog = NewReportDialog(store, unit_id, today=date(2026, 12, 7))
    qtbot.addWidget(dialog)
    dialog.show()
    kinds = dialog.findChild(QComboBox, "loai_van_ban")
    kinds.setCurrentIndex(kinds.findData("ke_hoach_kstthc"))
    assert dialog.period_picker.period() == Period("nam", 2027)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    changes = dialog.findChild(QListWidget, "changes")
    said = [changes.item(i).text() for i in range(changes.count())]
    assert (
        "Đã đổi «15/12/2026» thành «15/12/2027» ở «Bảng nhiệm vụ», dòng 2, cột «Thời gian hoàn thành»" in said
    )
    assert not [s for s in said if "15/01/2026" in s]  # the cited plan keeps its date
    report_id = dialog.created_report_id
    assert report_id is not None
    return report_id


def test_a_plan_made_from_last_years_has_its_deadlines_in_its_year_and_a_typed_old_one_is_fixed(
    qtbot: Any, store: Store, vietnamese: object, tmp_path: Path
) -> None:
    report_id = plan_2027(qtbot, store)
    window = open_wizard(qtbot, store, report_id)
    window.go_to_field("nhiem_vu")
    table = window.findChild(TableEditor, "nhiem_vu").table
    column = next(
        i for i in range(table.columnCount()) if "Thời gian" in table.horizontalHeaderItem(i).text()
    )
    assert [table.item(r, column).text() for r in range(1, 4)] == list(CELLS.values())

    table.setCurrentCell(1, column)
    table.editItem(table.item(1, column))
    cell = QApplication.focusWidget()
    assert isinstance(cell, CellEdit)
    cell.selectAll()
    ime_type(cell, "Tháng 6, 12/2026")  # last year's words typed over the moved ones
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert store.load_report(report_id).answers["nhiem_vu"][1]["thoi_han"] == "Tháng 6, 12/2026"
    shoot(window, shots_dir(tmp_path), "ke_hoach_2027_bang_nhiem_vu")

    go_to_review(qtbot, window)
    row = row_of(window, "«Tháng 6, 12/2026»")
    message = next(w.text() for w in row.findChildren(QLabel) if "Tháng 6, 12/2026" in w.text())
    assert "dòng 2, cột «Thời gian hoàn thành»" in message and "«12/2026» còn trước cả năm 2027" in message
    shoot(window, shots_dir(tmp_path), "ke_hoach_2027_xem_lai")
    fix = next(b for b in row.findChildren(QPushButton) if b.objectName().startswith("sua_"))
    press(qtbot, fix)
    assert store.load_report(report_id).answers["nhiem_vu"][1]["thoi_han"] == "Tháng 6, 12/2027"
    assert not [i for i in window.session.issues() if i.code == "han_da_qua"]
