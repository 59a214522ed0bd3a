"""«Đã xem tất cả» on the review page: every step «Cần xem lại» by pre-filled values, at once."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desktop_app.report.answers import DocumentInfo
from desktop_app.report.periods import Period
from desktop_app.report.prefill import new_report
from desktop_app.report.session import REVIEW, SECTION_STATE_LABELS
from desktop_app.storage import Store
from tests.ui.wizard.test_wizard_flow import open_wizard, seed_report
from ui.wizard import WizardWindow
from ui.wizard.carried_box import CarriedBox
from ui.wizard.pages import REVIEW_STEP, SectionPage

KSTTHC_SO = "000_a555c7217f5d5664"
TO_REVIEW = SECTION_STATE_LABELS[REVIEW]


@pytest.fixture
def prefilled(qtbot: Any, store: Store, vietnamese: object) -> WizardWindow:
    """Quý III/2024 pre-filled from the seed's quý II, open in the wizard."""
    previous = seed_report(KSTTHC_SO)
    unit_id = store.add_unit(previous.unit)
    report = new_report(previous.kind, Period("quy", 2024, 3), previous.unit, DocumentInfo(), previous).report
    return open_wizard(qtbot, store, store.create_report(unit_id, report))


def steps_to_review(window: WizardWindow) -> list[str]:
    items = [window.step_list.item(i) for i in range(window.step_list.count())]
    return [i.text().split("\n")[0] for i in items if not i.isHidden() and i.text().endswith(TO_REVIEW)]


def test_one_button_confirms_every_step_to_review_and_lists_them_first(
    qtbot: Any, store: Store, prefilled: WizardWindow
) -> None:
    window = prefilled
    to_review = steps_to_review(window)
    assert len(to_review) >= 5  # a pre-filled report: many steps hold last period's values
    window.go_to_step(next(i for i, s in enumerate(window.steps) if s.key == REVIEW_STEP))
    box = window.review_page.findChild(CarriedBox)
    assert box.isVisible()
    lines = box.list_label.text().split("\n")
    # «Văn bản» needs a look for another reason (no signer's name yet): not a carried value
    assert to_review[-1] == "Văn bản"
    assert [line.removeprefix("• ").split(" (")[0] for line in lines] == to_review[:-1]
    assert any("Số TTHC thuộc thẩm quyền quản lý" in line for line in lines)  # the fields are named
    carried = [f for f, source in store.load_report(window.report_id).sources.items() if source == "carried"]
    assert box.title_label.text().startswith(f"Giá trị lấy từ kỳ trước chưa được xem lại: {len(carried)} ô")

    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier
    )  # «Đã xem &tất cả»
    qtbot.waitUntil(lambda: not box.isVisible())  # the button clicks itself a moment after its key
    sources = store.load_report(window.report_id).sources
    assert "carried" not in sources.values()
    assert all(sources[f] == "typed" for f in carried)
    # Left «Cần xem lại»: the seed's own slip (a total 04 against parts of 9) and the signer's name.
    assert steps_to_review(window) == ["3. Công bố, công khai TTHC", "Văn bản"]
    assert window.statusBar().currentMessage() == (
        f"Đã xác nhận {len(carried)} giá trị lấy từ kỳ trước ở {len(to_review) - 1} mục; các giá trị giữ "
        "nguyên. Còn «Cần xem lại» vì có lỗi hoặc còn thiếu: 3. Công bố, công khai TTHC; Văn bản."
    )


def test_the_per_page_buttons_stay(qtbot: Any, prefilled: WizardWindow) -> None:
    window = prefilled
    window.go_to_field("tthc_quan_ly")
    page = window.stack.currentWidget()
    assert isinstance(page, SectionPage)
    keep = page.findChild(QPushButton, "giu_ky_truoc")
    assert keep.isVisible()
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)  # this page only
    window.go_to_step(next(i for i, s in enumerate(window.steps) if s.key == REVIEW_STEP))
    box = window.review_page.findChild(CarriedBox)
    assert box.isVisible() and "Số TTHC thuộc thẩm quyền quản lý" not in box.list_label.text()
