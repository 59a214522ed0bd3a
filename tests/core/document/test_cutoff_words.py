"""The data cut-off range in the text: {ky_so_lieu} in the official's paragraphs, the template
variable, and a kind that opens item 6's sentences with it. Real documents, reopened and read."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.document.render import render_report
from desktop_app.report import kinds
from desktop_app.report.answers import parse_report
from desktop_app.report.checks import check
from desktop_app.report.periods import Period
from desktop_app.report.prefill import new_report
from tests.core.conftest import BASE
from tests.seedtext import docx_text


def report(answers: dict[str, Any], period: dict[str, Any] | None = None) -> Any:
    data = copy.deepcopy(BASE)
    data["answers"] = answers
    if period is not None:
        data["period"] = period
    return parse_report(data)


Q3_2025 = {"type": "quy", "year": 2025, "number": 3}


def test_the_officials_placeholder_prints_the_range_of_the_period() -> None:
    typed = "Tại Sở ({ky_so_lieu}): đã tiếp nhận 255 hồ sơ {ky}, từ { tu_ngay } đến {den_ngay}."
    text = docx_text(render_report(report({"giai_quyet_tthc_nd": typed}, Q3_2025)).data)
    assert (
        "Tại Sở (số liệu từ ngày 15/6/2025 đến ngày 14/9/2025): đã tiếp nhận 255 hồ sơ quý III năm 2025, "
        "từ 15/6/2025 đến 14/9/2025." in text
    )
    assert "{" not in text
    assert [i for i in check(report({"mo_dau": "{{ ky }}"})) if i.code == "cho_dien"]  # one pair only


def test_the_next_period_keeps_the_placeholder_and_prints_its_own_dates() -> None:
    q3 = report({"mo_dau": "Báo cáo {ky} ({ky_so_lieu}) như sau:"}, Q3_2025)
    q4 = new_report(q3.kind, Period("quy", 2025, 4), q3.unit, q3.document, q3).report
    assert q4.answers["mo_dau"] == "Báo cáo {ky} ({ky_so_lieu}) như sau:"
    text = docx_text(render_report(q4).data)
    assert "Báo cáo quý IV năm 2025 (số liệu từ ngày 15/9/2025 đến ngày 14/12/2025) như sau:" in text


def test_a_misspelt_placeholder_is_reported_and_printed_as_typed() -> None:
    typed = "Số liệu ({ky_so_leu}) và {kỳ số liệu}, nhưng {ky_so_lieu} đúng."
    bad = report({"truyen_thong_nd": typed})
    issues = [i for i in check(bad) if i.code == "cho_dien"]
    assert [i.severity for i in issues] == ["error", "error"]
    assert "«{ky_so_leu}»" in issues[0].message and "{ky_so_lieu}" in issues[0].message
    assert issues[0].fields == ("truyen_thong_nd",)
    assert "{ky_so_leu}" in docx_text(render_report(bad).data)
    assert not [i for i in check(report({"truyen_thong_nd": "{ky_so_lieu}"})) if i.code == "cho_dien"]


def test_a_custom_range_says_its_own_dates() -> None:
    custom = {"type": "tuy_chon", "year": 2023, "from": "2023-01-01", "to": "2023-11-20"}
    text = docx_text(render_report(report({"mo_dau": "Năm 2023 ({ky_so_lieu})."}, custom)).data)
    assert "Năm 2023 (số liệu từ ngày 01/01/2023 đến ngày 20/11/2023)." in text


@pytest.fixture
def kind_opening_item_6(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shipped kind with ``mo_so_lieu = true`` on item 6 (an IT officer's one-line change)."""
    source = kinds.kinds_dir() / "bao_cao_kstthc.toml"
    text = source.read_text(encoding="utf-8").replace("mo_so_lieu = false", "mo_so_lieu = true")
    assert "mo_so_lieu = true" in text
    for other in kinds.kinds_dir().glob("*.toml"):
        shutil.copy(other, tmp_path / other.name)
    (tmp_path / source.name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(kinds, "kinds_dir", lambda: tmp_path)
    kinds.load_kind.cache_clear()
    yield
    kinds.load_kind.cache_clear()


@pytest.mark.usefixtures("kind_opening_item_6")
def test_a_kind_can_open_item_6_with_the_range() -> None:
    text = docx_text(render_report(report({"hs_moi_truc_tiep": 255, "hs_qua_han": 2}, Q3_2025)).data)
    assert (
        "- Số liệu từ ngày 15/6/2025 đến ngày 14/9/2025: "
        "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo: 255" in text
    )
    assert text.count("Số liệu từ ngày") == 1  # only the first sentence opens with it
    # without the total, the first sentence printed opens with it
    text = docx_text(render_report(report({"hs_dang_trong_han": 6}, Q3_2025)).data)
    assert "- Số liệu từ ngày 15/6/2025 đến ngày 14/9/2025: Số lượng hồ sơ đang giải quyết: 06" in text


def test_the_shipped_kind_does_not_open_item_6_with_it() -> None:
    text = docx_text(render_report(report({"hs_moi_truc_tiep": 255}, Q3_2025)).data)
    assert "- Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo: 255" in text
    assert "Số liệu từ ngày" not in text
