"""Drive the real wizard for every kind from its seed fixture, through the widgets only.

Each test creates the unit in a real SQLite store, starts an EMPTY report of the seed's kind
and period, fills every section by typing into the widgets found by objectName (= field id),
jumps around, goes back, closes and reopens the window (the values come back from the
database), produces the Word file and compares its text with the seed's own rendering.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from desktop_app.document.render import render_report
from desktop_app.report.answers import DocumentInfo, Report, parse_report
from desktop_app.report.kinds import Field
from desktop_app.report.prefill import blank_report
from desktop_app.storage import Store
from desktop_app.vnformat import format_number
from tests.seedtext import docx_text
from tests.ui.conftest import SystemOpener
from ui.print_preview import PrintPreviewDialog
from ui.wizard import WizardWindow
from ui.wizard.document_page import LinesEdit
from ui.wizard.fields import ParagraphsField
from ui.wizard.pages import SectionPage
from ui.wizard.table_editor import TableEditor, cell_text

SEEDS_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
SEEDS = sorted(p.stem for p in SEEDS_DIR.glob("*.json"))


# ---------------------------------------------------------------- setting up


def seed_report(name: str) -> Report:
    """Return a seed fixture as a report, without the previous period's figures."""
    data = json.loads((SEEDS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return replace(parse_report(data), previous={}, sources={})


def start_report(store: Store, seed: Report) -> int:
    """Create the seed's unit (signer, Nơi nhận list) and an EMPTY report of its kind and period."""
    unit_id = store.add_unit(seed.unit)
    store.add_signer(unit_id, seed.document.nguoi_ky)
    store.add_recipient_list(unit_id, "noi_nhan", ["Như trên", "Lãnh đạo đơn vị"], "VT", "Thường dùng")
    return store.create_report(unit_id, blank_report(seed.kind, seed.period, seed.unit, DocumentInfo()))


def open_wizard(qtbot: Any, store: Store, report_id: int) -> WizardWindow:
    window = WizardWindow(store, report_id)
    qtbot.addWidget(window, before_close_func=_close_over_refusals)
    ratio = window.devicePixelRatioF()  # 1.25 under QT_SCALE_FACTOR=1.25: 1366×768 pixels
    window.resize(int(1366 / ratio), int(768 / ratio))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _close_over_refusals(window: WizardWindow) -> None:
    """At a test's end, answer «Đóng» if the window asks about entries it did not take."""
    window.commit_focused()  # as closing does: a box left mid-typing may add a refusal (no hang)
    if not window.session.refusals():
        return

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            accept = QMessageBox.ButtonRole.AcceptRole  # close, keeping what was stored
            next(b for b in box.buttons() if box.buttonRole(b) == accept).click()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)


# ---------------------------------------------------------------- typing like an official


def ime_type(widget: QWidget, text: str) -> None:
    """Send ``text`` as an input method's commit string (how Unikey, EVKey, the IME deliver it)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def leave(widget: QWidget) -> None:
    """Take the keyboard away from ``widget`` as Tab would."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


def number_text(value: int | Decimal) -> str:
    """Write a number as an official types it: "22.278", "97,98"."""
    decimals = 0 if value == int(value) else -Decimal(value).normalize().as_tuple().exponent
    return format_number(value, int(decimals))


def type_number(qtbot: Any, edit: QLineEdit, value: int | Decimal) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, number_text(value))
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def type_date(qtbot: Any, box: QDateEdit, day: date | tuple[int, int]) -> None:
    """Tab into ``box``, type the date's digits as an official does ("05092025"), Tab out."""
    box.setFocus(Qt.FocusReason.TabFocusReason)
    digits = f"{day:%d%m%Y}" if isinstance(day, date) else f"{day[1]:02d}{day[0]}"
    qtbot.keyClicks(box, digits)
    qtbot.keyClick(box, Qt.Key.Key_Tab)


def type_text(edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    ime_type(edit, text)
    edit.editingFinished.emit()


def type_paragraphs(edit: ParagraphsField | LinesEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    ime_type(edit, text)
    leave(edit)


def fill_table(qtbot: Any, editor: TableEditor, rows: list[dict[str, Any]]) -> None:
    """Add the rows with "Thêm dòng" and type every cell."""
    while editor.table.rowCount():
        editor.table.setCurrentCell(0, 0)
        qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    for r, row in enumerate(rows):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
        assert editor.table.rowCount() == r + 1
        for c, column in enumerate(editor.columns):
            text = cell_text(column, row.get(column.id))
            if text:
                editor.table.setCurrentCell(r, c)
                editor.table.item(r, c).setText(text)


def fill_field(qtbot: Any, window: WizardWindow, field: Field, value: Any) -> None:
    """Enter ``value`` in the widget whose objectName is the field id."""
    widget = window.findChild(QWidget, field.id)
    assert widget is not None, field.id
    if field.type in ("integer", "decimal"):
        type_number(qtbot, widget, value)
    elif field.type == "text":
        type_text(widget, value)
    elif field.type in ("paragraphs", "lines"):
        type_paragraphs(widget, value if isinstance(value, str) else "\n".join(value))
    elif field.type == "choice":
        widget.setCurrentIndex(widget.findData(value))
    elif field.type == "boolean":
        if widget.isChecked() != value:
            qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    elif field.type == "date":
        type_date(qtbot, widget, value)
    elif field.type == "table":
        fill_table(qtbot, widget, value)


def click_step(qtbot: Any, window: WizardWindow, index: int) -> None:
    item = window.step_list.item(index)
    window.step_list.scrollToItem(item)
    rect = window.step_list.visualItemRect(item)
    qtbot.mouseClick(window.step_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.step_list.currentRow() == index


def fill_sections(qtbot: Any, window: WizardWindow, seed: Report) -> None:
    """Visit every page through the step list and fill the seed's answers on it."""
    kind = window.kind
    for index, step in enumerate(window.steps):
        page = window.pages.get(step.key)
        if not isinstance(page, SectionPage) or window.step_list.item(index).isHidden():
            continue
        click_step(qtbot, window, index)
        for field_id in page.rows:
            if field_id in seed.answers and not kind.field(field_id).computed:
                fill_field(qtbot, window, kind.field(field_id), seed.answers[field_id])


def fill_document(qtbot: Any, window: WizardWindow, doc: DocumentInfo) -> None:
    """Fill the document step from the seed's document data."""
    window.go_to_field("so")
    page = window.document_page
    type_text(page.findChild(QLineEdit, "so"), doc.so)
    blank_day = page.findChild(QCheckBox, "ngay_de_trong")
    blank_month = page.findChild(QCheckBox, "thang_de_trong")
    day = page.findChild(QDateEdit, "ngay")
    if isinstance(doc.ngay, date):
        blank_day.setChecked(False)
        type_date(qtbot, day, doc.ngay)
    elif doc.ngay is None:
        blank_day.setChecked(True)
        blank_month.setChecked(True)
    else:
        blank_day.setChecked(True)
        blank_month.setChecked(False)
        type_date(qtbot, day, doc.ngay)
    type_paragraphs(page.findChild(LinesEdit, "trich_yeu"), doc.trich_yeu)
    type_paragraphs(page.findChild(LinesEdit, "kinh_gui"), "\n".join(doc.kinh_gui))
    type_paragraphs(page.findChild(LinesEdit, "noi_nhan"), "\n".join(doc.noi_nhan))
    type_text(page.findChild(QLineEdit, "luu"), doc.luu)
    signers = page.findChild(QComboBox, "nguoi_ky")
    signers.setCurrentIndex(1)
    signers.activated.emit(1)
    page.findChild(QCheckBox, "dem_hai_chu_so").setChecked(doc.dem_hai_chu_so)


def produce(
    qtbot: Any, window: WizardWindow, store: Store, out: Path, monkeypatch: Any, opener: SystemOpener
) -> None:
    """Press "Tạo văn bản" on the review page, answer the save dialog, wait for the file."""
    asked: list[str] = []

    def fake_dialog(*args: Any) -> tuple[str, str]:
        asked.append(args[2])
        return str(out), "Văn bản Word (*.docx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    window.go_to_step(len(window.steps) - 1)
    button = window.findChild(QWidget, "tao_van_ban")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(store.outputs(window.report_id)), timeout=60000)
    assert out.is_file()
    assert Path(asked[0]).name.isascii() and " " not in Path(asked[0]).name
    assert window.review_page.open_button.isVisible()
    qtbot.waitUntil(lambda: opener.opened() == [str(out)])  # opened in Word at once
    qtbot.mouseClick(window.review_page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opener.opened()) == 2)
    qtbot.mouseClick(window.review_page.folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opener.opened()) == 3)
    assert opener.opened() == [str(out), str(out), str(out.parent)]
    assert "QT_PLUGIN_PATH=" not in opener.env.read_text(encoding="utf-8")  # not the app's Qt
    preview_produced(qtbot, window)


def preview_produced(qtbot: Any, window: WizardWindow) -> None:
    """Ctrl+P on the review page shows the produced document's real pages."""
    pages: list[int] = []
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    # a button's shortcut presses it, then releases it a moment later
    qtbot.waitUntil(lambda: window.review_page.findChild(PrintPreviewDialog) is not None)
    dialog = window.review_page.findChild(PrintPreviewDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.sig_pdf_ready.connect(pages.append)
    dialog.sig_pdf_failed.connect(pytest.fail)
    qtbot.waitUntil(lambda: bool(pages) or dialog.page_view.page_count > 0, timeout=60000)
    assert dialog.page_view.page_count >= 1
    dialog.close()


def expected_answers(window: WizardWindow, seed: Report) -> dict[str, Any]:
    """The seed's answers, plus the defaults of the fields the seed leaves out."""
    kind = window.kind
    defaults = blank_report(kind, seed.period, seed.unit, DocumentInfo()).answers
    return {**defaults, **{k: v for k, v in seed.answers.items() if not kind.field(k).computed}}


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("seed_name", SEEDS)
def test_fill_every_section_reopen_and_produce(
    qtbot: Any, store: Store, tmp_path: Path, monkeypatch: Any, seed_name: str, system_opener: SystemOpener
) -> None:
    seed = seed_report(seed_name)
    report_id = start_report(store, seed)
    window = open_wizard(qtbot, store, report_id)
    # the unit's usual Nơi nhận and first signer fill an empty document, and are saved
    assert store.load_report(report_id).document.noi_nhan == ("Như trên", "Lãnh đạo đơn vị")
    assert store.load_report(report_id).document.nguoi_ky == seed.document.nguoi_ky

    fill_sections(qtbot, window, seed)
    fill_document(qtbot, window, seed.document)
    assert dict(window.session.report.answers) == expected_answers(window, seed)
    assert window.session.report.document == seed.document

    # jump around and come back: nothing is lost, the widgets show the session
    first = next(i for i, s in enumerate(window.steps) if not s.header)
    click_step(qtbot, window, first)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert window.step_list.currentRow() == first
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert window.step_list.currentRow() > first
    saved = window.session.report
    assert store.load_report(report_id) == saved
    window.close()

    reopened = open_wizard(qtbot, store, report_id)
    assert reopened.session.report.answers == saved.answers
    assert reopened.session.report.document == saved.document
    for field_id in saved.answers:
        field = reopened.kind.field(field_id)
        if field.is_number and not field.computed:
            reopened.go_to_field(field_id)
            assert reopened.findChild(QLineEdit, field_id).text() == reopened.session.state(field_id).display

    out = tmp_path / "văn bản" / "out.docx"
    out.parent.mkdir()
    produce(qtbot, reopened, store, out, monkeypatch, system_opener)
    assert docx_text(out) == docx_text(render_report(replace(seed, document=saved.document)).data)
