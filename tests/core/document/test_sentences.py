"""The outline's sentences (bao_cao_kstthc): a total prints with its figure, only known parts follow,
and a zero reads as the kind and the official say. Real documents, reopened and read."""

from __future__ import annotations

import copy
import itertools
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from desktop_app.document.render import render_report
from desktop_app.report import kinds
from desktop_app.report.answers import AnswerFileError, parse_report
from tests.core.conftest import BASE
from tests.seedtext import docx_text

# Every figure of items 2-6 and 8, with the value it gets when "known".
FIGURES: dict[str, int] = {
    "tthc_tham_dinh": 2,
    "vb_tham_dinh": 1,
    "tthc_quan_ly": 292,
    "tthc_giai_quyet_tw": 270,
    "tthc_giai_quyet_dp": 22,
    "tthc_dia_phuong_tw": 402,
    "tthc_dia_phuong_dp": 33,
    "pakn_moi": 2,
    "pakn_ky_truoc": 1,
    "pakn_quy_dinh": 1,
    "pakn_hanh_vi": 2,
    "hs_moi_truc_tuyen": 15561,
    "hs_moi_truc_tiep": 6717,
    "hs_ky_truoc": 4,
    "hs_truoc_han": 20120,
    "hs_dung_han": 1709,
    "hs_qua_han": 449,
    "hs_dang_trong_han": 3,
    "hs_dang_qua_han": 1,
    "hs_so_hoa_ho_so": 20432,
}
# Sentences that open with a total: the total's own number must follow the label at once.
TOTALS = (
    "Tổng số phản ánh, kiến nghị đã tiếp nhận trong kỳ báo cáo: ",
    "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo: ",
    "Tổng số TTHC thuộc thẩm quyền quản lý, theo dõi của Sở Ngoại vụ tính đến thời điểm báo cáo: ",
    "Tổng số TTHC thuộc thẩm quyền giải quyết của địa phương: ",
)


def body_of(answers: dict[str, Any], **document: Any) -> str:
    data = copy.deepcopy(BASE)
    data["answers"] = answers
    data["document"].update(document)
    text = docx_text(render_report(parse_report(data)).data)
    return text.split("Nơi nhận:")[0]


def sentences(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- ")]


# The figures of one sentence (or of sentences that share a total), whose pairs are tried together.
ITEMS = (
    ("tthc_tham_dinh", "vb_tham_dinh"),
    ("tthc_quan_ly", "tthc_giai_quyet_tw", "tthc_giai_quyet_dp", "tthc_dia_phuong_tw", "tthc_dia_phuong_dp"),
    ("pakn_moi", "pakn_ky_truoc", "pakn_quy_dinh", "pakn_hanh_vi"),
    ("hs_moi_truc_tuyen", "hs_moi_truc_tiep", "hs_ky_truoc", "hs_so_hoa_ho_so"),
    ("hs_truoc_han", "hs_dung_han", "hs_qua_han", "hs_dang_trong_han", "hs_dang_qua_han"),
)


def known_sets() -> list[tuple[str, ...]]:
    singles = [(k,) for k in FIGURES]
    pairs = [pair for item in ITEMS for pair in itertools.combinations(item, 2)]
    return singles + pairs


def test_no_label_is_printed_without_its_figure() -> None:
    # every figure alone, then every pair within a sentence: a label never stands with "…" or nothing
    for known in known_sets():
        lines = sentences(body_of({k: FIGURES[k] for k in known}))
        for line in lines:
            assert "…" not in line, (known, line)
            assert not re.search(r":\s*[;,.)]|:\s*$|\(\s*[;)]|;\s*[;,.]", line), (known, line)
        for line in lines:
            for total in TOTALS:
                if total in line:
                    assert re.match(r"[\d.]+\b", line.split(total, 1)[1]), (known, line)


def test_the_totals_open_their_sentences() -> None:
    text = body_of(FIGURES)
    assert (
        "- Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo: 22.282, trong đó: Số mới tiếp nhận trong kỳ: "
        "22.278 (trực tuyến: 15.561, tỷ lệ 69,85%; trực tiếp và qua dịch vụ bưu chính: 6.717); "
        "số từ kỳ trước chuyển qua: 04." in text
    )
    assert (
        "- Tổng số phản ánh, kiến nghị đã tiếp nhận trong kỳ báo cáo: 03, trong đó: "
        "Số tiếp nhận mới trong kỳ: 02; số từ kỳ trước chuyển qua: 01; "
        "số phản ánh, kiến nghị về quy định hành chính: 01; "
        "số phản ánh, kiến nghị về hành vi hành chính: 02." in text
    )
    assert "- Số lượng hồ sơ đang giải quyết: 04; trong đó, trong hạn: 03, quá hạn: 01." in text
    assert "- Kết quả số hóa hồ sơ: 20.432/22.282 đạt 91,70%." in text


def test_a_total_typed_without_its_parts_prints_alone() -> None:
    text = body_of({"hs_tiep_nhan": 255, "pakn_tiep_nhan": 1})
    assert "- Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo: 255." in text
    assert "- Tổng số phản ánh, kiến nghị đã tiếp nhận trong kỳ báo cáo: 01." in text


def test_only_the_kinds_of_feedback_known_print_without_a_total() -> None:
    text = body_of({"pakn_quy_dinh": 1})
    assert (
        "- Phản ánh, kiến nghị đã tiếp nhận trong kỳ báo cáo: "
        "số phản ánh, kiến nghị về quy định hành chính: 01." in text
    )
    assert "Tổng số phản ánh" not in text


ZEROS = {"tthc_cong_bo_moi": 0, "vb_cong_bo": 0, "hs_moi_truc_tiep": 3, "hs_ky_truoc": 0, "hs_qua_han": 0}


@pytest.mark.parametrize(
    ("so_khong", "dem_hai_chu_so", "expected"),
    [
        ("", True, ["công bố: 00.", "chuyển qua: 00.", "TTHC (công bố mới: 00)"]),
        ("", False, ["công bố: 0.", "chuyển qua: 0.", "TTHC (công bố mới: 0)"]),
        ("0", True, ["công bố: 0.", "chuyển qua: 0.", "trực tiếp và qua dịch vụ bưu chính: 03"]),
        (
            "khong",
            True,
            [
                "công bố: không.",
                "chuyển qua: không.",
                "được công bố trong kỳ báo cáo: không (công bố mới: không)",
            ],
        ),
        ("chua_co", True, ["công bố: chưa có.", "quá hạn: chưa có."]),
    ],
)
def test_a_zero_reads_as_the_report_says(so_khong: str, dem_hai_chu_so: bool, expected: list[str]) -> None:
    text = " ".join(body_of(ZEROS, so_khong=so_khong, dem_hai_chu_so=dem_hai_chu_so).split())
    for piece in expected:
        assert piece in text
    if so_khong in ("khong", "chua_co"):
        assert "không TTHC" not in text and "chưa có TTHC" not in text  # no unit after a word


def test_a_wrong_zero_reading_is_refused_plainly() -> None:
    data = copy.deepcopy(BASE)
    data["document"]["so_khong"] = "khong co"
    with pytest.raises(AnswerFileError, match=r"document\.so_khong: «khong co» không hợp lệ"):
        parse_report(data)


def test_the_kind_says_how_a_zero_reads_and_the_report_may_say_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for other in kinds.kinds_dir().glob("*.toml"):
        shutil.copy(other, tmp_path / other.name)
    path = tmp_path / "bao_cao_kstthc.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'ma_loai = "BC"\n', 'ma_loai = "BC"\nso_khong = "chua_co"\n'
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(kinds, "kinds_dir", lambda: tmp_path)
    kinds.load_kind.cache_clear()
    try:
        assert "chuyển qua: chưa có." in " ".join(body_of(ZEROS).split())
        assert "chuyển qua: 00." in " ".join(body_of(ZEROS, so_khong="00").split())
        path.write_text(
            path.read_text(encoding="utf-8").replace('so_khong = "chua_co"', 'so_khong = "khong co"')
        )
        with pytest.raises(kinds.KindError, match="so_khong «khong co» không hợp lệ"):
            kinds.load_kind_file(path)
    finally:
        kinds.load_kind.cache_clear()
