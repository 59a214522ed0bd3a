"""A plan's task table on the page: its computed Stt stays whole, through a real LibreOffice
conversion read back as text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from desktop_app.document.render import render_report
from desktop_app.report.answers import parse_report
from desktop_app.system.converters import docx_to_pdf, find_soffice
from tests.core.conftest import SEED_FIXTURES

needs_soffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None, reason="no LibreOffice"
)
PLAN = next(SEED_FIXTURES.glob("004_*.json"))


def plan_with_more_tasks(group: int, extra: int) -> Any:
    """Seed 004 with ``extra`` more tasks at the end of its group ``group`` (1-based)."""
    data: dict[str, Any] = json.loads(PLAN.read_text(encoding="utf-8"))
    rows = data["answers"]["nhiem_vu"]
    starts = [i for i, row in enumerate(rows) if row.get("nhom")] + [len(rows)]
    task = {
        "nhom": "",
        "muc_tieu": "Rà soát TTHC",
        "noi_dung": "Rà soát quy định",
        "ket_qua": "Báo cáo",
        "chu_tri": "Văn phòng Sở",
        "phoi_hop": "",
        "thoi_han": "Thường xuyên",
    }
    data["answers"]["nhiem_vu"] = rows[: starts[group]] + [dict(task)] * extra + rows[starts[group] :]
    return parse_report(data)


@needs_soffice
@pytest.mark.soffice
def test_a_two_digit_task_number_stays_on_one_line(tmp_path: Path) -> None:
    # Group 2 of the seed has 9 tasks; a plan that adds three more numbers them 2.10 to 2.12. In a
    # column too narrow for them, "2.10" breaks into "2.1" over "0": read as task 2.1 again.
    docx = tmp_path / "ke_hoach.docx"
    docx.write_bytes(render_report(plan_with_more_tasks(2, 3)).data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(docx_to_pdf(docx, tmp_path)), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    numbers = re.findall(r"^\s*(\d\.\d+)\s", text, re.MULTILINE)
    assert {"2.9", "2.10", "2.11", "2.12"} <= set(numbers)
    assert numbers.count("2.1") == 1
