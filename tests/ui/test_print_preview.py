"""Xem trước khi in: the real pages, «In…», «Lưu PDF…», «Mở bằng Word», and no converter at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from desktop_app.document.appendix import attach_appendices
from desktop_app.document.render import render_report
from desktop_app.report.answers import load_answer_file
from desktop_app.system import converters
from desktop_app.system.converters import NO_CONVERTER_MESSAGE
from desktop_app.system.pdfpages import page_sizes
from tests.core.conftest import SEED_FIXTURES
from tests.ui.conftest import SystemOpener
from ui.background import pending_count
from ui.print_preview import PREPARING, PrintPreviewDialog, open_print_preview

needs_soffice = pytest.mark.skipif(
    converters.find_soffice() is None or shutil.which("pdfinfo") is None, reason="no LibreOffice"
)
CONVERSION_MS = 120_000


def pdfinfo(pdf: Path) -> list[str]:
    """Return the "Pages:" line and each page's "size" line of pdfinfo."""
    out = subprocess.run(["pdfinfo", "-l", "99", str(pdf)], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    return [n for n in lines if n.startswith("Pages:") or (n.startswith("Page ") and "size" in n)]


def pages_of(pdf: Path) -> int:
    return int(pdfinfo(pdf)[0].split()[-1])


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The seed report as a DOCX, with its page count as LibreOffice prints it."""
    folder = tmp_path_factory.mktemp("preview")
    docx = folder / "BC-CCTTHC-Thang-01-2024-UBND-tinh.docx"
    render_report(load_answer_file(SEED_FIXTURES / "003_bc5ae3b32bd5b2c1.json"), docx)
    return docx, pages_of(converters.docx_to_pdf(docx, folder))


@pytest.fixture
def shown(qtbot: Any) -> Callable[[Path], PrintPreviewDialog]:
    """Open the preview of a DOCX and wait until its PDF is shown or has failed."""

    def show(docx: Path) -> PrintPreviewDialog:
        dialog = PrintPreviewDialog(None, docx)
        qtbot.addWidget(dialog)
        dialog.resize(1366, 768)
        dialog.show()
        outcome: list[object] = []
        dialog.sig_pdf_ready.connect(outcome.append)
        dialog.sig_pdf_failed.connect(outcome.append)
        qtbot.waitUntil(lambda: bool(outcome), timeout=CONVERSION_MS)
        qtbot.wait(100)  # the pages near the view are drawn just after
        return dialog

    return show


def accept_print_dialog(monkeypatch: pytest.MonkeyPatch, choose: Callable[[QPrinter], None]) -> None:
    """Make «In…»'s system dialog accept at once, after ``choose`` set the printer up."""

    def exec_(dialog: QPrintDialog) -> int:
        choose(dialog.printer())
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", exec_)


def to_pdf_file(path: Path, resolution: int = 150) -> Callable[[QPrinter], None]:
    def choose(printer: QPrinter) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(resolution)

    return choose


@needs_soffice
@pytest.mark.soffice
def test_preview_shows_every_page(report: tuple[Path, int], shown: Callable[..., PrintPreviewDialog]) -> None:
    docx, count = report
    dialog = shown(docx)
    assert dialog.windowTitle().startswith("Xem trước khi in")
    assert dialog.page_view.page_count == len(dialog.page_view.page_labels) == count
    first = dialog.page_view.page_labels[0]
    assert not first.pixmap().isNull()
    assert first.width() / first.height() == pytest.approx(210 / 297, rel=0.02)
    assert dialog.page_label.text() == f"Trang 1/{count}"
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert not dialog.status_label.isVisible() and not dialog.progress_bar.isVisible()
    dialog.zoom_combo.setCurrentText("100 %")  # the real size on a screen of its logical dpi
    assert first.width() == round(595.3 * dialog.page_view.logicalDpiX() / 72)
    QTest.keyClick(dialog, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # «Cỡ &xem:» had no key
    assert QApplication.focusWidget() is dialog.zoom_combo


@needs_soffice
@pytest.mark.soffice
def test_the_preview_holds_no_file_open(
    report: tuple[Path, int], shown: Callable[..., PrintPreviewDialog], tmp_path: Path
) -> None:
    docx = tmp_path / "bao_cao.docx"
    shutil.copyfile(report[0], docx)
    dialog = shown(docx)
    assert dialog.pdf is not None and dialog.pdf.startswith(b"%PDF")
    if sys.platform.startswith("linux"):
        links = [str(p.readlink()) for p in Path("/proc/self/fd").iterdir() if p.is_symlink()]
        assert not [link for link in links if link.endswith((".pdf", "bao_cao.docx"))]
    docx.write_bytes(b"saved again by Word")  # Word can save the document while it is shown
    docx.unlink()
    dialog.zoom_combo.setCurrentIndex(1)  # pages are drawn again from the bytes in memory
    assert dialog.page_view.page_count == report[1]


@needs_soffice
@pytest.mark.soffice
def test_save_pdf_writes_a_valid_pdf_under_an_email_safe_name(
    report: tuple[Path, int],
    shown: Callable[..., PrintPreviewDialog],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docx, count = report
    out = tmp_path / "gui_di"
    out.mkdir()
    asked: list[str] = []

    def get_save_file_name(parent: object, caption: str, default: str, filters: str) -> tuple[str, str]:
        asked.append(default)
        return str(out / "ban in"), filters  # no suffix typed: ".pdf" is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    dialog = shown(docx)
    dialog.save_button.click()
    assert Path(asked[0]) == docx.with_suffix(".pdf")
    saved = out / "ban in.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert pages_of(saved) == count
    assert [p.name for p in out.iterdir()] == ["ban in.pdf"]  # no temporary file left


@needs_soffice
@pytest.mark.soffice
def test_save_pdf_says_where_it_saved_and_opens_the_folder(
    qtbot: Any,
    report: tuple[Path, int],
    shown: Callable[..., PrintPreviewDialog],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    system_opener: SystemOpener,
) -> None:
    docx, _count = report
    saved = tmp_path / "ban-in.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(saved), ""))
    dialog = shown(docx)
    told: list[str] = []
    dialog.sig_pdf_saved.connect(told.append)
    assert not dialog.saved_label.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # «&Lưu PDF…»
    qtbot.waitUntil(saved.is_file)
    assert dialog.saved_label.isVisible() and dialog.saved_label.text() == f"Đã lưu bản PDF: {saved}"
    assert told == [str(saved)]
    assert dialog.saved_folder_button.text() == "Mở thư &mục"
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: system_opener.opened() == [str(tmp_path)])


@needs_soffice
@pytest.mark.soffice
def test_print_keys_alt_i_and_ctrl_p_both_print(
    qtbot: Any,
    report: tuple[Path, int],
    shown: Callable[..., PrintPreviewDialog],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[int] = []
    monkeypatch.setattr(PrintPreviewDialog, "print_document", lambda self: asked.append(1))
    dialog = shown(report[0])
    assert dialog.print_button.text() == "&In… (Ctrl+P)"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(asked) == 1)
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(asked) == 2)


@needs_soffice
@pytest.mark.soffice
def test_save_pdf_onto_what_cannot_be_written_asks_again(
    report: tuple[Path, int],
    shown: Callable[..., PrintPreviewDialog],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "thu_muc.pdf").mkdir()  # like a file Word holds locked: cannot be replaced
    answers = [str(tmp_path / "thu_muc.pdf"), str(tmp_path / "khac.pdf")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (answers.pop(0), ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog = shown(report[0])
    assert dialog.save_pdf_as() == tmp_path / "khac.pdf"
    assert "là một thư mục" in warnings[0] and "chọn tên hoặc thư mục khác" in warnings[0]
    assert (tmp_path / "khac.pdf").read_bytes().startswith(b"%PDF")


@needs_soffice
@pytest.mark.soffice
def test_a_pdf_open_in_a_reader_gets_another_name_offered(
    report: tuple[Path, int],
    shown: Callable[..., PrintPreviewDialog],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    locked = tmp_path / "ban-in.pdf"
    locked.write_bytes(b"open in a PDF reader")
    real_replace = os.replace

    def refuse_locked(src: Any, dst: Any) -> None:
        if Path(dst) == locked:
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_locked)
    answers = [str(locked)]
    offered: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *a: (offered.append(a[2]) or (answers.pop(0) if answers else a[2]), ""),
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    dialog = shown(report[0])
    assert dialog.save_pdf_as() == tmp_path / "ban-in-ban-2.pdf"
    assert offered[1] == str(tmp_path / "ban-in-ban-2.pdf")  # the free name is what the dialog offers
    assert locked.read_bytes() == b"open in a PDF reader"


@needs_soffice
@pytest.mark.soffice
def test_printing_paints_every_page_on_the_printer(
    report: tuple[Path, int],
    shown: Callable[..., PrintPreviewDialog],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docx, count = report
    printed = tmp_path / "in.pdf"
    accept_print_dialog(monkeypatch, to_pdf_file(printed))
    dialog = shown(docx)
    dialog.print_button.click()
    lines = pdfinfo(printed)
    assert pages_of(printed) == count
    assert all("595 x 842 pts (A4)" in line for line in lines[1:])


@needs_soffice
@pytest.mark.soffice
def test_printing_keeps_to_the_page_range_and_turns_landscape_pages(
    shown: Callable[..., PrintPreviewDialog], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = load_answer_file(SEED_FIXTURES / "000_a555c7217f5d5664.json")
    ticked = seed.with_answers({**seed.answers, "phu_luc_05": True, "phu_luc_06": True})
    docx = tmp_path / "phu_luc.docx"
    docx.write_bytes(attach_appendices(render_report(ticked).data, ticked, ""))
    dialog = shown(docx)
    assert dialog.pdf is not None
    portrait = [n for n, (w, h) in enumerate(page_sizes(dialog.pdf), 1) if w < h]
    printed = tmp_path / "in.pdf"

    def last_three(printer: QPrinter) -> None:  # the report's last page, then two Phụ lục pages
        to_pdf_file(printed, 72)(printer)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(portrait[-1], portrait[-1] + 2)

    accept_print_dialog(monkeypatch, last_three)
    dialog.print_document()
    sizes = pdfinfo(printed)[1:]
    assert len(sizes) == 3
    assert "595 x 842" in sizes[0]  # the end of the report: portrait
    assert all("842 x 595" in line for line in sizes[1:])  # the Phụ lục pages: landscape


def test_without_a_converter_the_dialog_says_so_and_offers_word(
    qtbot: Any,
    shown: Callable[..., PrintPreviewDialog],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    system_opener: SystemOpener,
) -> None:
    monkeypatch.setattr(converters, "find_soffice", lambda: None)
    monkeypatch.setattr(converters, "word_available", lambda: False)
    docx = tmp_path / "bao_cao.docx"
    docx.write_bytes(b"PK")
    dialog = shown(docx)
    assert dialog.status_label.text() == NO_CONVERTER_MESSAGE
    assert dialog.status_label.isVisible()
    assert dialog.word_button.isVisible() and dialog.close_button.isVisible()
    assert dialog.word_print_button.isVisible() == (sys.platform == "win32")
    assert not dialog.print_button.isVisible() and not dialog.save_button.isVisible()
    assert not dialog.page_view.isVisible() and not dialog.progress_bar.isVisible()
    qtbot.mouseClick(dialog.word_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: system_opener.opened() == [str(docx)])


def test_a_document_gone_since_it_was_made_is_said_to_be_gone(
    shown: Callable[..., PrintPreviewDialog], tmp_path: Path
) -> None:
    """Ctrl+P after the USB stick holding the document was pulled out: the preview says the file
    is not there (not that LibreOffice made no PDF, nor that the PC has no converter)."""
    docx = tmp_path / "USB" / "Báo cáo quý II.docx"
    dialog = shown(docx)
    assert dialog.status_label.text() == (
        f"Không tìm thấy văn bản «Báo cáo quý II.docx» ở:\n{docx.parent}\n\nTệp đã bị xóa, đổi tên hoặc "
        "chuyển đi (hoặc ổ USB chứa nó đã rút ra). Hãy bấm «Tạo văn bản» để tạo lại rồi xem trước."
    )
    assert not dialog.print_button.isVisible() and not dialog.save_button.isVisible()


def test_the_preview_opens_over_its_parent_and_can_be_closed_while_converting(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QWidget

    monkeypatch.setattr(converters, "find_soffice", lambda: None)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = open_print_preview(parent, tmp_path / "bao_cao.docx")
    assert dialog.isVisible() and dialog.parent() is parent
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assert dialog.status_label.text() == PREPARING
    dialog.close()  # before the conversion ends: nothing is delivered to the dialog that is gone
    qtbot.waitUntil(lambda: pending_count() == 0, timeout=CONVERSION_MS)
