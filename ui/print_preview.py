"""Xem trước khi in: the real pages of a Word document, printed or saved as PDF.

The DOCX is converted off the GUI thread (:func:`desktop_app.system.converters.pdf_bytes`) and only
the PDF's bytes are kept, so no file stays open: Word can save the .docx meanwhile. Pages are
drawn by :mod:`desktop_app.system.pdfpages`, each at its own size (the Phụ lục pages are landscape).
Without a converter the dialog says so and still offers «Mở bằng Word» (and on Windows
«In bằng Word»). The wizard's review page opens it with::

    open_print_preview(self, path)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageLayout,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.document.filenames import another_name, ascii_words
from desktop_app.system.converters import ConverterError, open_with_system, pdf_bytes
from desktop_app.system.files import OutputError, TargetLockedError, write_atomic
from desktop_app.system.pdfpages import PageImage, PdfPagesError, page_sizes, render_page
from ui.background import run_in_background
from ui.form_bits import buddy_label
from ui.opening import open_in_system
from ui.resources import ask_save_path, fit_to_screen, shown_keys, window_title

TITLE = "Xem trước khi in"
PREPARING = "Đang chuẩn bị bản xem trước…"
# Printers print at 600 dpi; drawing pages finer only makes the job bigger.
PRINT_DPI_CAP = 600
BAND_ROWS = 1024
ZOOMS = (
    ("Vừa trang", "page"),
    ("Vừa chiều rộng", "width"),
    *((f"{p} %", p / 100) for p in (50, 75, 100, 150)),
)


def open_print_preview(parent: QWidget | None, docx_path: Path) -> PrintPreviewDialog:
    """Open the preview of ``docx_path`` over ``parent`` (window-modal) and return it."""
    dialog = PrintPreviewDialog(parent, docx_path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class PrintPreviewDialog(QDialog):
    """The pages of one DOCX as they will print, with «In…», «Lưu PDF…» and «Mở bằng Word»."""

    sig_pdf_ready = Signal(int)
    """Emitted with the number of pages once the PDF is made and shown."""

    sig_pdf_failed = Signal(str)
    """Emitted with the message shown when no PDF could be made."""

    sig_pdf_saved = Signal(str)
    """Emitted with the path of a PDF saved with «Lưu PDF…»."""

    def __init__(self, parent: QWidget | None, docx_path: Path) -> None:
        super().__init__(parent)
        self.docx_path = Path(docx_path)
        self.pdf: bytes | None = None
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setFullPage(True)
        self.printer.setDocName(self.docx_path.stem)
        self.setWindowTitle(window_title(TITLE))
        self._build()
        fit_to_screen(self, 1000, 900)
        run_in_background(
            pdf_bytes, self.docx_path, on_done=self._show_pdf, on_error=self._show_failure, parent=self
        )

    def _build(self) -> None:
        self.status_label = QLabel(PREPARING)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)  # busy: a conversion has no steps to count
        self.progress_bar.setTextVisible(False)
        self.page_view = PageView()
        self.page_view.sig_current_page.connect(self._show_page_number)
        layout = self.main_layout = QVBoxLayout(self)
        layout.addWidget(self._view_bar())
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.page_view, 1)
        layout.addWidget(self._saved_row())
        layout.addLayout(self._buttons())

    def _view_bar(self) -> QWidget:
        self.view_bar = QWidget()
        self.zoom_combo = QComboBox()
        self.zoom_combo.setAccessibleName("Cỡ xem")
        for text, zoom in ZOOMS:
            self.zoom_combo.addItem(text, zoom)
        self.zoom_combo.currentIndexChanged.connect(
            lambda _: self.page_view.set_zoom(self.zoom_combo.currentData())
        )
        self.page_label = QLabel()
        bar = QHBoxLayout(self.view_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(buddy_label("Cỡ &xem:", self.zoom_combo))
        bar.addWidget(self.zoom_combo)
        bar.addStretch(1)
        bar.addWidget(self.page_label)
        return self.view_bar

    def _saved_row(self) -> QWidget:
        """Where the last «Lưu PDF…» wrote, and a button to its folder (hidden until then)."""
        self.saved_row = QWidget()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("da_luu_pdf")
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_folder_button = QPushButton("Mở thư &mục")
        self.saved_folder_button.setObjectName("mo_thu_muc_pdf")
        self.saved_folder_button.clicked.connect(self.open_saved_folder)
        row = QHBoxLayout(self.saved_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.saved_label, 1)
        row.addWidget(self.saved_folder_button)
        self.saved_row.hide()
        self.saved_path: Path | None = None
        return self.saved_row

    def _buttons(self) -> QHBoxLayout:
        self.print_button = QPushButton(f"&In… ({shown_keys(QKeySequence.StandardKey.Print)})")
        self.print_button.setToolTip("Chọn máy in, số bản, các trang cần in")
        # A second key of its own: the button's setShortcut would take Alt+I (its "&I") away.
        print_keys = QShortcut(QKeySequence.StandardKey.Print, self)
        print_keys.activated.connect(self.print_button.animateClick)
        self.save_button = QPushButton("&Lưu PDF…")
        self.word_button = QPushButton("Mở bằng &Word")
        self.word_button.setToolTip("Mở văn bản bằng chương trình soạn thảo của máy (Word)")
        self.word_print_button = QPushButton("In bằng Wo&rd")
        self.word_print_button.setToolTip("In văn bản ra máy in mặc định bằng Word")
        self.word_print_button.hide()
        self.close_button = QPushButton("Đóng")
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf_as)
        self.word_button.clicked.connect(self.open_in_word)
        self.word_print_button.clicked.connect(self.print_with_word)
        self.close_button.clicked.connect(self.reject)
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        row = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.word_button, self.word_print_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        return row

    # ------------------------------------------------------------ the PDF arrives

    def _show_pdf(self, pdf: bytes) -> None:
        try:
            self.page_view.set_pdf(pdf)
        except PdfPagesError as exc:
            self._show_failure(exc)
            return
        self.pdf = pdf
        self.status_label.hide()
        self.progress_bar.hide()
        for button in (self.print_button, self.save_button):
            button.setEnabled(True)
        self.print_button.setDefault(True)
        self.print_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_pdf_ready.emit(self.page_view.page_count)

    def _show_failure(self, exc: BaseException) -> None:
        known = isinstance(exc, ConverterError | PdfPagesError)
        message = str(exc) if known else f"Không tạo được bản xem trước: {exc}"
        self.status_label.setText(message)
        self.status_label.setStyleSheet("QLabel { font-size: 11pt; padding: 24px; }")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.main_layout.setStretchFactor(self.status_label, 1)
        for widget in (self.progress_bar, self.page_view, self.view_bar):
            widget.hide()
        self.print_button.hide()
        self.save_button.hide()
        self.word_print_button.setVisible(sys.platform == "win32")
        self.word_button.setDefault(True)
        self.word_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_pdf_failed.emit(message)

    def _show_page_number(self, page: int) -> None:
        self.page_label.setText(f"Trang {page + 1}/{self.page_view.page_count}")

    # ------------------------------------------------------------ actions

    def print_document(self) -> None:
        """Ask for printer, copies and pages in the system dialog, then print."""
        if self.pdf is None:
            return
        count = self.page_view.page_count
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle("In văn bản")
        dialog.setMinMax(1, count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pages = chosen_pages(self.printer, count, self.page_view.current_page())
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            print_pages(self.printer, self.pdf, pages)
        except PrintError as exc:
            QMessageBox.warning(self, window_title(TITLE), str(exc))
        finally:
            QGuiApplication.restoreOverrideCursor()

    def save_pdf_as(self) -> Path | None:
        """Ask for a file name and write the PDF there atomically; ask again if it is locked."""
        if self.pdf is None:
            return None
        default = self.docx_path.with_name(f"{ascii_words(self.docx_path.stem) or 'van-ban'}.pdf")
        while True:
            path = ask_save_path(self, "Lưu bản PDF", default, "Tệp PDF", ".pdf")
            if path is None:
                return None
            try:
                write_atomic(path, self.pdf)
            except OutputError as exc:
                QMessageBox.warning(self, window_title(TITLE), f"{exc}\nHãy chọn tên hoặc thư mục khác.")
                default = another_name(path) if isinstance(exc, TargetLockedError) else path
                continue
            self._saved(path)
            return path

    def _saved(self, path: Path) -> None:
        """Say where the PDF went, with the way to its folder."""
        self.saved_path = path
        self.saved_label.setText(f"Đã lưu bản PDF: {path}")
        self.saved_row.show()
        self.sig_pdf_saved.emit(str(path))

    def open_saved_folder(self) -> None:
        if self.saved_path is not None:
            open_in_system(self, self.saved_path.parent)

    def open_in_word(self) -> None:
        """Open the DOCX in the program the system uses for .docx files (Word, usually); say so
        when there is none or it does not start."""
        open_in_system(self, self.docx_path)

    def print_with_word(self) -> None:
        """Windows: print the DOCX on the default printer through Word's "print" verb."""
        if sys.platform == "win32" and not open_with_system(self.docx_path, "print"):
            QMessageBox.warning(self, window_title(TITLE), "Word không in được văn bản này.")


# ---------------------------------------------------------------- printing


class PrintError(RuntimeError):
    """The printer could not be used; the message says so in Vietnamese."""


def chosen_pages(printer: QPrinter, count: int, current: int) -> list[int]:
    """Return the pages (from 0) the official chose in the print dialog."""
    if printer.printRange() == QPrinter.PrintRange.CurrentPage:
        return [current]
    ranges = printer.pageRanges()
    if printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
        return [i for i in range(count) if ranges.contains(i + 1)]
    return list(range(count))


def print_pages(printer: QPrinter, pdf: bytes, pages: Sequence[int]) -> None:
    """Paint ``pages`` of ``pdf`` on ``printer``: each at the printer's resolution, full page.

    Every page gets the orientation of its PDF page (the Phụ lục pages are landscape).
    """
    if not pages:
        return
    sizes = page_sizes(pdf)
    dpi = min(printer.resolution(), PRINT_DPI_CAP)
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    printer.setFullPage(True)
    _orient(printer, sizes[pages[0]])
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("Không in được: máy in chưa sẵn sàng hoặc không mở được tệp in.")
    try:
        for n, index in enumerate([*pages] * copies):
            if n:
                _orient(printer, sizes[index])
                printer.newPage()
            _paint_page(painter, printer, pdf, index, dpi)
    finally:
        painter.end()


def _orient(printer: QPrinter, size: tuple[float, float]) -> None:
    landscape = size[0] > size[1]
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )


def _paint_page(painter: QPainter, printer: QPrinter, pdf: bytes, index: int, dpi: int) -> None:
    """Draw one page in bands of rows, fitted (centred, aspect kept) to the paper."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    first = render_page(pdf, index, dpi, rows=(0, BAND_ROWS), printing=True)
    scale = min(paper.width() / first.width, paper.height() / first.page_height)
    left = paper.x() + (paper.width() - first.width * scale) / 2
    top = paper.y() + (paper.height() - first.page_height * scale) / 2
    band: PageImage | None = first
    row = 0
    while row < first.page_height:
        band = band or render_page(pdf, index, dpi, rows=(row, BAND_ROWS), printing=True)
        target = QRectF(left, top + row * scale, band.width * scale, band.height * scale)
        painter.drawImage(target, _qimage(band))
        row += band.height
        band = None


def _qimage(image: PageImage) -> QImage:
    """Wrap the pixels (no copy: keep ``image`` alive while the QImage is used)."""
    return QImage(image.rgba, image.width, image.height, image.width * 4, QImage.Format.Format_RGBX8888)


def pixmap_of(image: PageImage, device_ratio: float) -> QPixmap:
    """Return ``image`` as a pixmap for a screen of ``device_ratio`` (copied: safe to keep)."""
    pixmap = QPixmap.fromImage(_qimage(image))
    pixmap.setDevicePixelRatio(device_ratio)
    return pixmap


# ---------------------------------------------------------------- the pages on screen


class PageView(QScrollArea):
    """The pages one under another at their own sizes, each drawn when it scrolls near."""

    sig_current_page = Signal(int)
    """Emitted with the page (from 0) in the middle of the view whenever that changes."""

    MARGIN = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        container = QWidget()
        self._column = QVBoxLayout(container)
        self._column.setContentsMargins(*(self.MARGIN,) * 4)
        self._column.setSpacing(self.MARGIN)
        self._column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(container)
        self.page_labels: list[QLabel] = []
        self._pdf = b""
        self._sizes: list[tuple[float, float]] = []
        self._zoom: str | float = "page"
        self._drawn: dict[int, float] = {}  # page -> pixels per point it was drawn at
        self._current = -1
        self._timer = QTimer(self, singleShot=True, interval=20)
        self._timer.timeout.connect(self._draw_near)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._timer.start())

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    def set_pdf(self, pdf: bytes) -> None:
        """Show the pages of ``pdf``."""
        self._pdf, self._sizes, self._current = pdf, page_sizes(pdf), -1
        for n in range(len(self._sizes)):
            label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("QLabel { background: white; }")
            label.setAccessibleName(f"Trang {n + 1}")
            self._column.addWidget(label)
            self.page_labels.append(label)
        self._lay_out()

    def set_zoom(self, zoom: str | float) -> None:
        """Fit the "page" or the "width" to the view, or show at ``zoom`` times the real size."""
        self._zoom = zoom
        self._lay_out()

    def current_page(self) -> int:
        """Return the page (from 0) in the middle of the view."""
        middle = self.verticalScrollBar().value() + self.viewport().height() // 2
        below = (n for n, lb in enumerate(self.page_labels) if lb.geometry().bottom() + self.MARGIN >= middle)
        return next(below, max(0, self.page_count - 1))

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if isinstance(self._zoom, str):
            self._lay_out()

    def _pixels_per_point(self) -> float:
        if not self._sizes:
            return 1.0
        if isinstance(self._zoom, float):
            return self._zoom * self.logicalDpiX() / 72
        room_w = self.viewport().width() - 2 * self.MARGIN - self.verticalScrollBar().sizeHint().width()
        by_width = room_w / max(w for w, _ in self._sizes)
        if self._zoom == "width":
            return max(by_width, 0.1)
        return max(
            min(by_width, (self.viewport().height() - 2 * self.MARGIN) / max(h for _, h in self._sizes)), 0.1
        )

    def _lay_out(self) -> None:
        k = self._pixels_per_point()
        for label, (w, h) in zip(self.page_labels, self._sizes, strict=True):
            label.setFixedSize(round(w * k), round(h * k))
        self._timer.start()

    def _draw_near(self) -> None:
        """Draw the pages within a screen of the view; forget the others (memory)."""
        k = self._pixels_per_point()
        height = self.viewport().height()
        near = QRect(0, self.verticalScrollBar().value() - height, 1 << 20, 3 * height)
        ratio = self.devicePixelRatioF()
        for n, label in enumerate(self.page_labels):
            if not label.geometry().intersects(near):
                if self._drawn.pop(n, None) is not None:
                    label.clear()
            elif self._drawn.get(n) != k:
                label.setPixmap(pixmap_of(render_page(self._pdf, n, k * 72 * ratio), ratio))
                self._drawn[n] = k
        if self.page_labels and self.current_page() != self._current:
            self._current = self.current_page()
            self.sig_current_page.emit(self._current)
