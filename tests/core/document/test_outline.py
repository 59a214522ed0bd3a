"""Empty numbered headings: left out and renumbered, or «Không phát sinh.» under them, as the kind
says per section; check names them. Real documents, reopened and read."""

from __future__ import annotations

import copy
import re
import shutil
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest

from desktop_app.document.render import render_report
from desktop_app.report import kinds
from desktop_app.report.answers import load_answer_file, parse_report
from desktop_app.report.checks import check
from tests.core.conftest import BASE, FIXTURES, SEED_FIXTURES
from tests.seedtext import docx_text

XA = FIXTURES / "reports" / "xa_hoa_binh_quy3_2025.json"
HEADING = re.compile(r"^([IVX]+\.|\d+\.) ")


def headings_and_lines(data: bytes) -> list[str]:
    """The headings of the body with the line under each when it is «Không phát sinh.»."""
    lines = docx_text(data).split("Nơi nhận:")[0].splitlines()
    out = []
    for i, line in enumerate(lines):
        if HEADING.match(line) and not line.startswith(("1. Tiếp tục", "2. Tiếp tục")):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            words = " ".join(line.split()[:6])  # the number and the first words
            out.append(words + (" | Không phát sinh." if nxt == "Không phát sinh." else ""))
    return out


def test_a_new_communes_report_prints_no_bare_heading() -> None:
    data = render_report(load_answer_file(XA)).data
    found = headings_and_lines(data)
    assert found[:6] == [
        "I. TÌNH HÌNH, KẾT QUẢ KIỂM",
        "1. Đánh giá tác động TTHC | Không phát sinh.",
        "2. Thẩm định, thẩm tra TTHC | Không phát sinh.",
        "3. Công bố, công khai TTHC, | Không phát sinh.",
        "4. Rà soát, đơn giản hóa | Không phát sinh.",
        "5. Tiếp nhận, xử lý phản",
    ]
    assert "9. Truyền thông hỗ trợ hoạt" in found
    assert not [h for h in found if h.startswith(("10. ", "11. "))]  # left out, as seed 002 does
    assert [h for h in found if re.match(r"[IVX]+\.", h)] == [
        "I. TÌNH HÌNH, KẾT QUẢ KIỂM",
        "II. THỰC HIỆN CƠ CHẾ MỘT",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ",
    ]
    assert "KIẾN NGHỊ VÀ ĐỀ XUẤT" not in docx_text(data)
    with zipfile.ZipFile(BytesIO(data)) as z:
        assert b"soanbaocao-" not in z.read("word/document.xml")  # the marks never reach the file


def test_check_names_the_empty_sections_with_what_the_document_does() -> None:
    issues = [i for i in check(load_answer_file(XA)) if i.code == "muc_trong"]
    assert [i.fields for i in issues] == [
        ("danh_gia_tac_dong_nd",),
        ("tham_dinh_nd",),
        ("cong_bo_nd",),
        ("ra_soat_nd",),
    ]
    assert issues[0].message == (
        "Mục «1. Đánh giá tác động TTHC» chưa có nội dung: văn bản sẽ ghi «Không phát sinh.» dưới đề mục."
    )
    # items 10 and 11 keep their warning: their text is required
    codes = {(i.code, i.fields) for i in check(load_answer_file(XA))}
    assert {("bat_buoc", ("sang_kien_nd",)), ("bat_buoc", ("kiem_tra_nd",))} <= codes


def test_seed_002_ends_part_one_at_item_9_and_numbers_the_rest() -> None:
    data = render_report(load_answer_file(next(SEED_FIXTURES.glob("002_*.json")))).data
    found = headings_and_lines(data)
    assert "9. Truyền thông hỗ trợ hoạt" in found
    assert not [h for h in found if h.startswith(("10. ", "11. "))]
    assert [h for h in found if re.match(r"[IVX]+\.", h)][1:] == [
        "II. ĐÁNH GIÁ CHUNG",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ",
    ]


def test_figures_known_but_not_printed_never_say_khong_phat_sinh() -> None:
    data = copy.deepcopy(BASE)
    data["answers"] = {"pakn_moi": 2, "pakn_ghi_so_lieu": False}  # figures kept, sentences off
    found = headings_and_lines(render_report(parse_report(data)).data)
    assert "5. Tiếp nhận, xử lý phản" in found  # kept, not «Không phát sinh.»
    assert "4. Rà soát, đơn giản hóa | Không phát sinh." in found
    assert "6. Tình hình, kết quả giải | Không phát sinh." in found


@pytest.fixture
def kind_omitting_item_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shipped kind with item 2 left out when empty (an IT officer's one-line change)."""
    for other in kinds.kinds_dir().glob("*.toml"):
        shutil.copy(other, tmp_path / other.name)
    path = tmp_path / "bao_cao_kstthc.toml"
    text = path.read_text(encoding="utf-8")
    marker = 'title = "2. Thẩm định, thẩm tra TTHC"\n'
    path.write_text(text.replace(marker, marker + 'when_empty = "omit"\n'), encoding="utf-8")
    monkeypatch.setattr(kinds, "kinds_dir", lambda: tmp_path)
    kinds.load_kind.cache_clear()
    yield
    kinds.load_kind.cache_clear()


@pytest.mark.usefixtures("kind_omitting_item_2")
def test_leaving_a_section_out_renumbers_the_next_ones() -> None:
    found = headings_and_lines(render_report(load_answer_file(XA)).data)
    assert found[1:4] == [
        "1. Đánh giá tác động TTHC | Không phát sinh.",
        "2. Công bố, công khai TTHC, | Không phát sinh.",
        "3. Rà soát, đơn giản hóa | Không phát sinh.",
    ]
    assert "8. Truyền thông hỗ trợ hoạt" in found


def test_a_wrong_when_empty_is_refused(tmp_path: Path) -> None:
    text = (kinds.kinds_dir() / "ke_hoach_kstthc.toml").read_text(encoding="utf-8")
    bad = tmp_path / "ke_hoach_kstthc.toml"
    bad.write_text(text.replace('when_empty = "omit"', 'when_empty = "bo"'), encoding="utf-8")
    with pytest.raises(kinds.KindError, match="when_empty «bo» không hợp lệ"):
        kinds.load_kind_file(bad)


def test_a_misspelt_placeholder_in_a_heading_is_refused(tmp_path: Path) -> None:
    text = (kinds.kinds_dir() / "bao_cao_kstthc.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bao_cao_kstthc.toml"
    bad.write_text(text.replace("{ky_tiep}", "{ky_tep}"), encoding="utf-8")
    with pytest.raises(kinds.KindError, match=r"«\{ky_tep\}»"):
        kinds.load_kind_file(bad)
