"""Screens of the wizard at 1366×768: one page per kind, the document step and the review page.

The pictures go to ``$SOANBAOCAO_SHOTS`` when it is set (``/tmp/shots`` for a person to look
at), otherwise to the test's temp folder. The test also checks what a picture cannot show
by itself: the window fits the screen and no label of a page is cut off on the right.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from desktop_app.storage import Store
from tests.ui.wizard.test_wizard_flow import (
    click_step,
    fill_document,
    fill_sections,
    open_wizard,
    seed_report,
    start_report,
    type_number,
)
from ui.wizard import WizardWindow

PAGES = {
    "000_a555c7217f5d5664": "6. Giải quyết TTHC",
    "001_65663e565db3c233": "II.7. Đánh giá chất lượng, mức độ hài lòng",
    "003_bc5ae3b32bd5b2c1": "2. Cải cách việc thực hiện TTHC",
    "004_dbb53274ea895b03": "Nhiệm vụ và thời gian",
}


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SOANBAOCAO_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def step_index(window: WizardWindow, title: str) -> int:
    return next(i for i, s in enumerate(window.steps) if s.title == title)


def clipped(page: QWidget) -> list[str]:
    """Return the texts of visible labels and buttons narrower than their text needs."""
    out = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if widget.width() < min(widget.sizeHint().width(), widget.minimumSizeHint().width()):
            out.append(widget.text())
    return out


def shoot(window: WizardWindow, folder: Path, name: str) -> None:
    for _ in range(3):  # let the scroll areas settle their scroll bars
        QApplication.processEvents()
    assert window.grab().save(str(folder / f"{name}.png"))
    assert not clipped(window), clipped(window)


@pytest.mark.parametrize("seed_name", sorted(PAGES))
def test_one_page_per_kind(qtbot: Any, store: Store, tmp_path: Path, seed_name: str) -> None:
    seed = seed_report(seed_name)
    window = open_wizard(qtbot, store, start_report(store, seed))
    # fits 1366×768 at 125 % (1093×614 logical pixels, less a taskbar)
    assert window.minimumSizeHint().width() <= 1090 and window.minimumSizeHint().height() <= 570
    fill_sections(qtbot, window, seed)
    click_step(qtbot, window, step_index(window, PAGES[seed_name]))
    shoot(window, shots_dir(tmp_path), f"wizard_{window.kind.id}_{seed_name[:3]}")


def test_document_step_and_review_page(qtbot: Any, store: Store, tmp_path: Path) -> None:
    seed = seed_report("002_783f40fcc350287c")
    window = open_wizard(qtbot, store, start_report(store, seed))
    fill_sections(qtbot, window, seed)
    fill_document(qtbot, window, seed.document)
    folder = shots_dir(tmp_path)
    click_step(qtbot, window, step_index(window, "Văn bản"))
    shoot(window, folder, "wizard_van_ban")
    window.go_to_field("hs_da_giai_quyet")
    type_number(qtbot, window.findChild(QWidget, "hs_da_giai_quyet"), 1)  # a total that disagrees
    click_step(qtbot, window, step_index(window, "Xem lại"))
    shoot(window, folder, "wizard_xem_lai")
