"""PDF pages as pixels with PDFium, read from bytes so that no file is ever held open."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2  # type: ignore[import-untyped]
import pytest

from desktop_app.document.render import render_report
from desktop_app.report.answers import load_answer_file
from desktop_app.system.converters import docx_to_pdf, find_soffice
from desktop_app.system.pdfpages import PdfPagesError, page_count, page_sizes, pixel_size, render_page
from tests.core.conftest import SEED_FIXTURES

A4 = (595.28, 841.89)
needs_soffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdfinfo") is None, reason="no LibreOffice or pdfinfo"
)


def made_pdf(sizes: list[tuple[float, float]]) -> bytes:
    """Return a PDF of blank pages of ``sizes`` (points), made by PDFium itself."""
    document = pypdfium2.PdfDocument.new()
    for width, height in sizes:
        document.new_page(width, height).close()
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdfpages")
    docx = out / "bao_cao.docx"
    render_report(load_answer_file(SEED_FIXTURES / "003_bc5ae3b32bd5b2c1.json"), docx)
    return docx_to_pdf(docx, out)


def pdfinfo_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def open_links_to(path: Path) -> list[str]:
    """Return this process's open file descriptors that point at ``path`` (Linux)."""
    fds = Path("/proc/self/fd")
    links = []
    for fd in fds.iterdir():
        try:
            links.append(os.readlink(fd))
        except OSError:  # the descriptor listing the folder itself is gone already
            continue
    return [link for link in links if link.startswith(str(path))]


# ---------------------------------------------------------------- a real report


@needs_soffice
@pytest.mark.soffice
def test_page_count_is_pdfinfos(seed_pdf: Path) -> None:
    assert page_count(seed_pdf.read_bytes()) == pdfinfo_pages(seed_pdf) >= 2


@needs_soffice
@pytest.mark.soffice
def test_first_page_renders_as_an_a4_image(seed_pdf: Path) -> None:
    pdf = seed_pdf.read_bytes()
    width_pt, height_pt = page_sizes(pdf)[0]
    assert width_pt == pytest.approx(A4[0], abs=0.5) and height_pt == pytest.approx(A4[1], abs=0.5)
    image = render_page(pdf, 0, dpi=96)
    assert (image.width, image.height) == (794, 1123) == pixel_size((width_pt, height_pt), 96)
    assert image.width / image.height == pytest.approx(210 / 297, rel=0.01)
    assert len(image.rgba) == image.width * image.height * 4
    assert set(image.rgba[3::4]) == {255}  # opaque: white paper, never transparent
    dark = sum(1 for value in image.rgba[0::4] if value < 100)
    assert dark > 2000  # the quốc hiệu, the title and the text are drawn


@needs_soffice
@pytest.mark.soffice
def test_bands_of_rows_join_into_the_whole_page(seed_pdf: Path) -> None:
    pdf = seed_pdf.read_bytes()
    whole = render_page(pdf, 0, dpi=72)
    row_bytes = whole.width * 4
    top = render_page(pdf, 0, dpi=72, rows=(0, 100))
    middle = render_page(pdf, 0, dpi=72, rows=(100, 300))
    last = render_page(pdf, 0, dpi=72, rows=(400, 10_000))  # clipped at the page's end
    assert (middle.top, middle.height, middle.page_height) == (100, 300, whole.height)
    assert last.height == whole.height - 400
    assert top.rgba + middle.rgba + last.rgba == whole.rgba
    assert middle.rgba == whole.rgba[100 * row_bytes : 400 * row_bytes]


@needs_soffice
@pytest.mark.soffice
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_file_stays_open_after_reading(seed_pdf: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ban_sao.pdf"
    shutil.copyfile(seed_pdf, copy)
    pdf = copy.read_bytes()
    count = page_count(pdf)
    image = render_page(pdf, count - 1, dpi=50)
    assert open_links_to(copy) == []
    copy.write_bytes(b"%PDF replaced")  # replaced while the pages are still in use
    os.replace(copy, tmp_path / "doi_ten.pdf")
    (tmp_path / "doi_ten.pdf").unlink()
    assert render_page(pdf, count - 1, dpi=50) == image


# ---------------------------------------------------------------- PDFs made here


def test_landscape_pages_keep_their_size() -> None:
    pdf = made_pdf([A4, (A4[1], A4[0])])
    assert page_count(pdf) == 2
    assert page_sizes(pdf) == [pytest.approx(A4, abs=0.01), pytest.approx((A4[1], A4[0]), abs=0.01)]
    image = render_page(pdf, 1, dpi=72)
    assert (image.width, image.height) == (842, 596)
    assert set(image.rgba) == {255}  # a blank page is white, not transparent


def test_a_page_past_the_end_is_an_index_error() -> None:
    with pytest.raises(IndexError):
        render_page(made_pdf([A4]), 1, dpi=72)


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.7\n truncated"])
def test_what_is_not_a_pdf_says_so_in_vietnamese(data: bytes) -> None:
    with pytest.raises(PdfPagesError, match="Tệp PDF bị hỏng hoặc không đọc được"):
        page_count(data)
