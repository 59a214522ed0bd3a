"""The signature never stands alone on a page, and a plan's group row never ends a page without its
first task: real documents through a real LibreOffice conversion, read page by page."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from desktop_app.document.render import render_report
from desktop_app.report.answers import load_answer_file, parse_report
from desktop_app.system.converters import docx_to_pdf, find_soffice
from tests.core.conftest import FIXTURES, SEED_FIXTURES

needs_soffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None, reason="no LibreOffice"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XA = FIXTURES / "reports" / "xa_hoa_binh_quy3_2025.json"
TASK = (
    "- Tiếp tục rà soát, công khai đầy đủ các TTHC thuộc thẩm quyền giải quyết của xã, "
    "cập nhật kịp thời trên Cổng Dịch vụ công."
)
CLOSING = "Trên đây là báo cáo"


def pages_of(data: bytes, folder: Path, name: str) -> list[str]:
    docx = folder / f"{name}.docx"
    docx.write_bytes(data)
    pdf = docx_to_pdf(docx, folder)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1]


def with_tasks(extra: int) -> Any:
    data: dict[str, Any] = json.loads(XA.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["answers"]["nhiem_vu"] += "".join(f"\n{TASK}" for _ in range(extra))
    return parse_report(data)


@needs_soffice
@pytest.mark.soffice
def test_the_signature_page_always_carries_text_of_the_body(tmp_path: Path) -> None:
    # 3 to 7 more tasks: where the old layout put only the closing sentence and the signature on
    # the last page, a quarter of the page before it empty (issue 12 §11)
    for extra in (3, 5, 7):
        pages = pages_of(render_report(with_tasks(extra)).data, tmp_path, f"xa_{extra}")
        last = [line.strip() for line in pages[-1].splitlines() if line.strip()][1:]  # after the page number
        assert "Nơi nhận:" in pages[-1] and "Nguyễn Văn Thành" in pages[-1]
        closing = next(i for i, line in enumerate(last) if line.startswith(CLOSING))
        assert closing >= 2, (extra, last[:4])  # two lines of the last task at least come along
        assert last[0].startswith(("- Tiếp tục", "- Đẩy mạnh", "- Nâng cao", "cập nhật", "Dịch vụ công"))


def keeps(data: bytes) -> tuple[etree._Element, etree._Element]:
    with zipfile.ZipFile(BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml")), etree.fromstring(z.read("word/styles.xml"))


def test_the_closing_sentence_keeps_whole_with_the_signature_and_the_text_before_it() -> None:
    document, styles = keeps(render_report(with_tasks(0)).data)
    paragraphs = [p for p in document.iter(f"{W}p") if "".join(p.itertext()).strip()]
    closing = next(p for p in paragraphs if "".join(p.itertext()).startswith(CLOSING))
    before = paragraphs[paragraphs.index(closing) - 1]
    assert (
        closing.find(f"{W}pPr/{W}keepNext") is not None and closing.find(f"{W}pPr/{W}keepLines") is not None
    )
    assert before.find(f"{W}pPr/{W}keepNext") is not None and before.find(f"{W}pPr/{W}keepLines") is None
    body_style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "NoiDung")
    assert body_style.find(f"{W}pPr/{W}widowControl") is not None  # two lines at least move
    signature_row = next(t for t in document.iter(f"{W}tbl") if "Nơi nhận:" in "".join(t.itertext())).find(
        f"{W}tr"
    )
    assert signature_row.find(f"{W}trPr/{W}cantSplit") is not None


PLAN = next(SEED_FIXTURES.glob("004_*.json"))


@needs_soffice
@pytest.mark.soffice
def test_a_plans_group_row_stays_with_its_first_task(tmp_path: Path) -> None:
    pages = pages_of(render_report(load_answer_file(PLAN)).data, tmp_path, "ke_hoach")
    groups = 0
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for i, line in enumerate(lines):
            found = re.match(r"([1-5])\.\s{2,}\S", line)
            if found:
                groups += 1
                after = " ".join(lines[i + 1 :])
                assert re.search(rf"\b{found[1]}\.1\b", after), f"group {found[1]} ends its page"
    assert groups == 5


def test_the_group_rows_keep_with_the_next_row() -> None:
    document, _ = keeps(render_report(load_answer_file(PLAN)).data)
    rows = [r for r in document.iter(f"{W}tr") if re.fullmatch(r"[1-5]\.", "".join(r[1].itertext()).strip())]
    assert len(rows) == 5
    for row in rows:
        assert row.find(f"{W}trPr/{W}cantSplit") is not None
        assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p"))
