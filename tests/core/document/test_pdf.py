"""Each seed fixture through a real LibreOffice conversion: pages as an official will print them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app.document.render import render_report
from desktop_app.report.answers import load_answer_file
from desktop_app.system.converters import ConverterError, docx_to_pdf, find_soffice
from tests.core.conftest import SEED_FIXTURES

needs_soffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None, reason="no LibreOffice"
)


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, str]]]:
    out = tmp_path_factory.mktemp("pdf")
    result = {}
    for fixture in sorted(SEED_FIXTURES.glob("*.json")):
        docx = out / f"{fixture.stem}.docx"
        rendered = render_report(load_answer_file(fixture), docx)
        result[fixture.stem] = (docx_to_pdf(docx, out), dict(rendered.context))
    return result


@needs_soffice
@pytest.mark.soffice
@pytest.mark.parametrize("stem", sorted(p.stem for p in SEED_FIXTURES.glob("*.json")))
def test_seed_prints_with_frame_on_first_and_last_page(
    pdfs: dict[str, tuple[Path, dict[str, str]]], stem: str
) -> None:
    pdf, context = pdfs[stem]
    pages = page_texts(pdf)
    assert len(pages) >= 2
    first, last = pages[0], pages[-1]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert context["so_ky_hieu"].replace("\u00a0", " ").split("/")[-1] in first
    assert " ".join(context["dia_danh_ngay"].split()) in " ".join(first.split())
    assert "Nơi nhận:" in last
    assert context["chuc_vu"][-1] in last
    assert context["noi_nhan"][-1] in " ".join(last.split())
    # page numbers: none on page 1, "2" alone at the top of page 2
    assert first.strip().splitlines()[0].strip() != "1"
    assert pages[1].strip().splitlines()[0].strip() == "2"


@needs_soffice
@pytest.mark.soffice
def test_converter_refuses_an_unwritable_folder(
    tmp_path: Path, pdfs: dict[str, tuple[Path, dict[str, str]]]
) -> None:
    docx = next(iter(pdfs.values()))[0].with_suffix(".docx")
    with pytest.raises(ConverterError, match="thư mục"):
        docx_to_pdf(docx, tmp_path / "khong_co")


def test_no_converter_says_so_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOANBAOCAO_SOFFICE", str(tmp_path / "khong_co_soffice"))
    with pytest.raises(ConverterError, match="Không tìm thấy LibreOffice"):
        docx_to_pdf(tmp_path / "a.docx", tmp_path)


@needs_soffice
@pytest.mark.soffice
def test_libreoffice_converts_in_an_officials_folders_under_their_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The private profile under «Nguyễn Văn Ánh» with «#», «%20», «&» and «'» (its URL escaped, or
    LibreOffice reads another folder), the document named the same way, composed and decomposed
    (a Mac's copy): a PDF each, under the name the official gave, with the report's own text."""
    import unicodedata

    from desktop_app.system import converters

    converters.stop_office()  # the warm one serves its own profile only
    profile = tmp_path / "Nguyễn Văn Ánh" / "AppData #1 %20 & it's" / "LO hồ sơ"
    monkeypatch.setenv("SOANBAOCAO_LO_PROFILE", str(profile))
    report = load_answer_file(SEED_FIXTURES / "001_65663e565db3c233.json")
    folder = tmp_path / "USB CỦA PHÒNG" / "Báo cáo quý IV #3 %20 & it's"
    folder.mkdir(parents=True)
    try:
        for form in ("NFC", "NFD"):
            name = unicodedata.normalize(form, "Báo cáo quý IV - xã Mỹ Hòa (bản sửa) #1 %20 & it's")
            docx = folder / f"{name}.docx"
            render_report(report, docx)
            pdf = converters.convert_to_pdf(docx, folder)
            assert pdf == folder / f"{name}.pdf" and "CỘNG HÒA XÃ HỘI" in page_texts(pdf)[0]
        assert (profile / "user").is_dir()  # the profile LibreOffice used is the one named
    finally:
        converters.stop_office()
