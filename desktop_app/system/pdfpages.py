"""Turn the pages of a PDF into pixels, for the print preview and for printing.

PDFium (the ``pypdfium2`` wheel) does the drawing, so the app needs neither QtPdf nor a PDF
reader. The PDF is always given as bytes: no file is ever held open, so on Windows Word can
save the .docx and a new PDF can replace the old one while the preview is showing.

>>> pdf = Path("bao_cao.pdf").read_bytes()  # doctest: +SKIP
>>> page_count(pdf), page_sizes(pdf)[0]  # doctest: +SKIP
(6, (595.3, 841.9))
>>> image = render_page(pdf, 0, dpi=96)  # doctest: +SKIP
>>> image.width, image.height, len(image.rgba)  # doctest: +SKIP
(794, 1123, 3566848)
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pypdfium2  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

POINTS_PER_INCH = 72.0
WHITE = 0xFFFFFFFF
# PDFium is not thread-safe: one call into it at a time, whichever thread renders.
_lock = threading.Lock()


class PdfPagesError(ValueError):
    """The bytes are not a PDF that can be read; the message says so in Vietnamese."""


@dataclass(frozen=True)
class PageImage:
    """Rows ``top`` to ``top + height`` of a page as RGBA pixels (alpha always 255).

    ``rgba`` holds ``height`` rows of ``width * 4`` bytes, top to bottom; ``page_height`` is
    the height of the whole page in pixels at the same resolution.
    """

    width: int
    height: int
    rgba: bytes
    top: int = 0
    page_height: int = 0


def page_count(pdf: bytes) -> int:
    """Return the number of pages of ``pdf``."""
    with _document(pdf) as document:
        return len(document)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Return (width, height) of each page in points (1/72 inch), as the page shows."""
    with _document(pdf) as document:
        return [(float(w), float(h)) for w, h in (document.get_page_size(i) for i in range(len(document)))]


def pixel_size(size: tuple[float, float], dpi: float) -> tuple[int, int]:
    """Return the (width, height) in pixels of a page of ``size`` points at ``dpi``."""
    scale = dpi / POINTS_PER_INCH
    return math.ceil(size[0] * scale), math.ceil(size[1] * scale)


def render_page(
    pdf: bytes, index: int, dpi: float, *, rows: tuple[int, int] | None = None, printing: bool = False
) -> PageImage:
    """Draw page ``index`` (from 0) at ``dpi`` on white; only ``rows`` (first, count) if given.

    Drawing a page in bands of rows keeps the memory small at a printer's resolution
    (a whole A4 page at 600 dpi is 139 MB of pixels). ``printing`` draws for paper.
    """
    with _document(pdf) as document:
        if not 0 <= index < len(document):
            raise IndexError(f"page {index} of {len(document)}")
        page = document[index]
        try:
            return _render(page, dpi, rows, printing)
        finally:
            page.close()


def _render(page: Any, dpi: float, rows: tuple[int, int] | None, printing: bool) -> PageImage:
    width, page_height = pixel_size(page.get_size(), dpi)
    top, height = rows if rows is not None else (0, page_height)
    height = max(1, min(height, page_height - top))
    bitmap = pypdfium2.PdfBitmap.new_native(width, height, pdfium_c.FPDFBitmap_BGRA, rev_byteorder=True)
    try:
        pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, WHITE)
        flags = pdfium_c.FPDF_ANNOT | pdfium_c.FPDF_REVERSE_BYTE_ORDER
        if printing:
            flags |= pdfium_c.FPDF_PRINTING
        pdfium_c.FPDF_RenderPageBitmap(bitmap, page, 0, -top, width, page_height, 0, flags)
        data = bytes(bitmap.buffer)
    finally:
        bitmap.close()
    return PageImage(width, height, data, top, page_height)


@contextmanager
def _document(pdf: bytes) -> Iterator[Any]:
    with _lock:
        try:
            document = pypdfium2.PdfDocument(bytes(pdf))
        except pypdfium2.PdfiumError as exc:
            raise PdfPagesError(f"Tệp PDF bị hỏng hoặc không đọc được: {exc}") from exc
        try:
            yield document
        finally:
            document.close()
