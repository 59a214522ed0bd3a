"""bao_cao_kstthc: the three seed reports (Sở 000, xã 001, huyện 002) load, check and render.

The fixtures keep the seeds' own figures, so the checks must report exactly the seeds'
arithmetic slips; the rendered text must follow the seed (same sentences and numbers, in
order) and the outline's behaviour (hidden part II renumbers, empty figures print nothing).
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from desktop_app.document.render import render_report
from desktop_app.report.answers import load_answer_file, parse_report
from desktop_app.report.checks import check
from desktop_app.report.content import CODES as CONTENT_CODES
from desktop_app.report.kinds import load_kind
from tests.core.conftest import SEED_FIXTURES
from tests.seedtext import SEEDS_DIR, docx_text, similarity

SEED_000 = "000_a555c7217f5d5664"
SEED_001 = "001_65663e565db3c233"
SEED_002 = "002_783f40fcc350287c"
STEMS = (SEED_000, SEED_001, SEED_002)

# (rule code, fields concerned, severity) that the figure checks must report, and nothing else
# (what the content check finds in the seeds is listed in tests/core/report/test_content_seeds.py).
EXPECTED_ISSUES: dict[str, set[tuple[str, frozenset[str], str]]] = {
    # «Tổng số TTHC thuộc thẩm quyền giải quyết của địa phương: 04; trong đó … Trung ương
    # quy định: 09 …; do địa phương quy định: 00»; the signer's name is not in the seed.
    SEED_000: {
        ("tong_lech", frozenset({"tthc_dia_phuong", "tthc_dia_phuong_tw", "tthc_dia_phuong_dp"}), "error"),
        ("nguoi_ky", frozenset({"nguoi_ky"}), "warning"),
    },
    # 255 received ≠ 251 resolved + 06 being resolved; 266 digitised results of 251 resolved.
    SEED_001: {
        (
            "hs_tiep_nhan_bang_giai_quyet",
            frozenset({"hs_tiep_nhan", "hs_da_giai_quyet", "hs_dang_giai_quyet"}),
            "error",
        ),
        ("hs_so_hoa_ket_qua_toi_da", frozenset({"hs_so_hoa_ket_qua", "hs_da_giai_quyet"}), "error"),
        ("gioi_han", frozenset({"tl_so_hoa_ket_qua"}), "error"),
    },
    # The seed stops item I at 9: items 10 and 11 of the outline are missing.
    SEED_002: {
        ("bat_buoc", frozenset({"sang_kien_nd"}), "warning"),
        ("bat_buoc", frozenset({"kiem_tra_nd"}), "warning"),
    },
}

# Key sentences and numbers of each seed, in document order.
KEY_TEXT: dict[str, list[str]] = {
    SEED_000: [
        "Số:",
        "/BC-SNgV",
        "Kiên Giang, ngày",
        "tháng 6 năm 2024",
        "I. TÌNH HÌNH, KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH (TTHC)",
        "1. Đánh giá tác động TTHC",
        "chưa thực hiện.",
        "- Tổng số văn bản QPPL có quy định TTHC được công bố: 11.",
        "được công bố trong kỳ báo cáo: 09 TTHC; trong đó số TTHC được công khai: 09 TTHC.",
        "thuộc thẩm quyền giải quyết của địa phương: 04; trong đó: số TTHC do "
        "Trung ương quy định: 09; số TTHC do địa phương quy định: 00.",
        "theo Kế hoạch (Kế hoạch của Thủ tướng Chính phủ và Kế hoạch "
        "của bộ, cơ quan/UBND cấp tỉnh): 09 TTHC.",
        "số TTHC liên thông: 09; số TTHC có giải pháp để thực hiện trên môi trường điện tử: 09.",
        "- Tỷ lệ hoàn thành kế hoạch rà soát, đơn giản hóa: đang triển khai thực hiện.",
        "5. Tiếp nhận, xử lý phản ánh, kiến nghị về quy định, TTHC",
        "- Số phản ánh, kiến nghị đã xử lý: 00; trong đó số đã được đăng tải công khai: 00.",
        "Số mới tiếp nhận trong kỳ: 03 (trực tuyến: 00; trực tiếp và qua dịch "
        "vụ bưu chính: 03); số từ kỳ trước chuyển qua: 00.",
        "- Số lượng hồ sơ đã giải quyết: 03; trong đó, giải quyết trước hạn: 00, đúng hạn: 03, quá hạn: 00.",
        "- Số lượng hồ sơ đang giải quyết: 00; trong đó, trong hạn: 00, quá hạn: 00.",
        "có xây dựng 09 quy trình nội bộ",
        "10. Nghiên cứu, đề xuất sáng kiến cải cách TTHC",
        "11. Kiểm tra thực hiện kiểm soát TTHC",
        "II. ĐÁNH GIÁ CHUNG",
        "2. Kiến nghị:",
        "3.3. Về giải quyết TTHC liên thông.",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2024",
        "Trên đây là báo cáo Kết quả công tác kiểm soát thủ tục hành chính",
        "quý II - năm 2024 của Sở Ngoại vụ./.",
        "GIÁM ĐỐC",
        "Căn cứ Báo cáo số 345/BC-VP ngày 16/4/2024",
    ],
    SEED_001: [
        "Số:",
        "/BC-UBND",
        "I. TÌNH HÌNH, KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH (TTHC)",
        "Số lượng TTHC đã được đánh giá tác động trong kỳ báo cáo: Không.",
        "UBND huyện không tiếp nhận phản ánh, kiến nghị",
        "(Cụ thể có phụ lục 5a kèm theo)",
        "(số liệu báo cáo từ 15/3/2024 đến thời điểm 14/3/2024): Tổng số hồ "
        "sơ yêu cầu giải quyết thủ tục hành chính 255 hồ sơ",
        "tổng số hồ sơ đã giải quyết: 251, trước hạn 249 hồ sơ, đúng hạn 0 hồ sơ; quá hạn là 02 hồ sơ",
        "(Cụ thể có phụ lục 6b kèm theo)",
        "số hồ sơ được tiếp nhận: 2237 hồ sơ, số hồ sơ có số hoá thành phần: 237 hồ sơ",
        "số hồ sơ có số hoá kết quả 266 hồ sơ, đạt tỉ lệ 97%",
        "10. Nghiên cứu, đề xuất sáng kiến cải cách TTHC",
        "Không có.",
        "II. THỰC HIỆN CƠ CHẾ MỘT CỬA, MỘT CỬA LIÊN THÔNG TRONG GIẢI QUYẾT TTHC",
        "1. Tình hình triển khai Nghị định số 61/2018/NĐ-CP",
        "7. Về đánh giá chất lượng giải quyết TTHC",
        "STT",
        "Chưa hài lòng (hoặc Không hài lòng/rất tệ)",
        "UBND xã Sơn Nham",
        "100%",
        "III. ĐÁNH GIÁ CHUNG",
        "Tuy nhiên, bên cạnh đó vẫn còn gặp một số khó khăn, tồn tại như:",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2024",
        "V. KIẾN NGHỊ VÀ ĐỀ XUẤT",
        "Không có.",
        "Trên đây là Báo cáo công tác kiểm soát TTHC quý II năm 2024, UBND xã kính báo cáo./.",
        "CHỦ TỊCH",
        "Lê Công Nhân",
    ],
    SEED_002: [
        "Số: 533/BC-UBND",
        "Trà Cú, ngày 21 tháng 11 năm 2023",
        "năm 2023 (từ ngày 01/01/2023 đến ngày 20/11/2023)",
        "Kính gửi: Văn phòng Ủy ban nhân dân tỉnh.",
        "Thực hiện Thông tư số 01/2020/TT-VPCP ngày 21 tháng 10 năm 2020",
        "I. TÌNH HÌNH, KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH (TTHC)",
        "- Số lượng TTHC đã được đánh giá tác động trong kỳ báo cáo: 02.",
        "- Số lượng TTHC được ban hành trong kỳ báo cáo đã được đánh giá tác động: 09.",
        "trong kỳ báo cáo: 00.",
        "- Tổng số Quyết định công bố TTHC/danh mục TTHC đã được ban hành trong kỳ báo cáo: 06.",
        "18 TTHC (công bố mới: 09; công bố bãi bỏ: 09); trong đó số TTHC được công khai: 18 TTHC.",
        "292 TTHC; trong đó số TTHC thuộc thẩm quyền giải quyết của cơ quan: 292 TTHC "
        "(270 TTHC do Trung ương quy định, 22 TTHC do địa phương quy định).",
        "của địa phương: 435 (cấp huyện: 270; cấp xã: 165); trong đó: số TTHC do "
        "Trung ương quy định: 402; số TTHC do địa phương quy định: 33.",
        "cắt giảm 09 TTHC",
        "- Tổng số phản ánh, kiến nghị đã tiếp nhận trong kỳ báo cáo: 01.",
        "- Kiến nghị về lĩnh vực Hộ tịch: 01",
        "(đính kèm phụ lục 05a.VPCP.KSTTHC)",
        "Số mới tiếp nhận trong kỳ: 22.278 (trực tuyến: 15.561, tỷ lệ 69,85%; trực tiếp "
        "và qua dịch vụ bưu chính: 6.717); số từ kỳ trước chuyển qua: 00.",
        "- Số lượng hồ sơ đã giải quyết: 22.278; trong đó, giải quyết trước và "
        "đúng hạn: 21.829 chiếm 97,98%, quá hạn: 449 chiếm 2,02%.",
        "- Số lượng hồ sơ đang giải quyết: 00; trong đó, trong hạn: 00, quá hạn: 00.",
        "(đính kèm phụ lục 06b.VPCP.KSTTHC)",
        "7. Triển khai cơ chế một cửa, một cửa liên thông trong giải quyết TTHC",
        "8. Thực hiện TTHC trên môi trường điện tử",
        "334 thủ tục lên cổng dịch vụ của tỉnh",
        "- Kết quả số hóa hồ sơ: 20.432/22.278 đạt 91,71%.",
        "9. Truyền thông hỗ trợ hoạt động kiểm soát TTHC",
        "II. ĐÁNH GIÁ CHUNG",
        "vẫn còn thấp (69,85%)",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TIẾP THEO",
        "5. Nâng cao chất lượng phục vụ",
        "Ủy ban nhân dân huyện Trà Cú báo cáo Văn phòng Ủy ban nhân dân tỉnh Trà Vinh năm./.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Tăng Thị Thắm",
        "Thông tư số 01/2020/TT-VPCP ngày 21 tháng 10 năm 2020",
        "Nghị quyết số 131/NQ-CP ngày 06/10/2022",
        "Quyết định số 1949/QĐ-UBND ngày 02/10/2018",
    ],
}

FOOTNOTES = {SEED_000: 1, SEED_001: 0, SEED_002: 3}


def fixture_path(stem: str) -> Path:
    return SEED_FIXTURES / f"{stem}.json"


def fixture_data(stem: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture_path(stem).read_text("utf-8"))
    return data


def render_text(data: dict[str, Any]) -> str:
    return docx_text(render_report(parse_report(copy.deepcopy(data))).data)


def assert_in_order(text: str, snippets: list[str]) -> None:
    pos = 0
    for snippet in snippets:
        found = text.find(snippet, pos)
        assert found >= 0, f"not found (in order) after position {pos}: {snippet!r}"
        pos = found + len(snippet)


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {stem: render_report(load_answer_file(fixture_path(stem))).data for stem in STEMS}


# ---------------------------------------------------------------- the kind


def test_core_figures_keep_their_ids_parts_and_computes() -> None:
    kind = load_kind("bao_cao_kstthc")
    assert kind.field("hs_tiep_nhan").parts == ("hs_moi", "hs_ky_truoc")
    assert kind.field("hs_da_giai_quyet").parts == ("hs_truoc_dung_han", "hs_qua_han")
    assert kind.field("pakn_tiep_nhan").parts == ("pakn_moi", "pakn_ky_truoc")
    assert kind.field("tl_so_hoa_ket_qua").compute is not None
    assert kind.field("hs_ky_truoc").prefill.source == "hs_dang_giai_quyet"
    assert kind.field("tthc_quan_ly").prefill.mode == "carry"
    order = [s.id for s in kind.sections]
    assert (
        order.index("ra_soat") < order.index("pakn") < order.index("giai_quyet_tthc") < order.index("mot_cua")
    )
    assert order.index("kiem_tra") < order.index("mot_cua_xa") < order.index("danh_gia_chung")


# ---------------------------------------------------------------- the fixtures


@pytest.mark.parametrize("stem", STEMS)
def test_fixture_loads(stem: str) -> None:
    report = load_answer_file(fixture_path(stem))
    assert report.kind == "bao_cao_kstthc"


@pytest.mark.parametrize("stem", STEMS)
def test_check_reports_exactly_the_seed_slips(stem: str) -> None:
    issues = [i for i in check(load_answer_file(fixture_path(stem))) if i.code not in CONTENT_CODES]
    found = {(i.code, frozenset(i.fields), i.severity) for i in issues}
    assert found == EXPECTED_ISSUES[stem]
    assert len(issues) == len(EXPECTED_ISSUES[stem])


@pytest.mark.parametrize("stem", STEMS)
def test_rendered_text_follows_the_seed(stem: str, rendered: dict[str, bytes]) -> None:
    text = docx_text(rendered[stem])
    assert_in_order(text.replace("\u00a0", " "), KEY_TEXT[stem])  # «quý\u00a0III» read as the seed
    assert "…" not in text  # no empty figure printed
    assert "{{" not in text and "{%" not in text and "[[" not in text


@pytest.mark.parametrize("stem", STEMS)
def test_similarity_to_the_seed(stem: str, rendered: dict[str, bytes]) -> None:
    assert similarity(SEEDS_DIR / f"{stem}.txt", rendered[stem]) >= 0.9


@pytest.mark.parametrize("stem", STEMS)
def test_footnotes_are_real(stem: str, rendered: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(rendered[stem])) as z:
        document = z.read("word/document.xml").decode("utf-8")
    assert document.count("<w:footnoteReference ") == FOOTNOTES[stem]


# ---------------------------------------------------------------- outline behaviour


def test_prose_flavour_prints_no_standard_sentences(rendered: dict[str, bytes]) -> None:
    text = docx_text(rendered[SEED_001])
    assert "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo" not in text
    assert "Kết quả số hóa hồ sơ:" not in text
    assert "Tổng số phản ánh, kiến nghị đã tiếp nhận" not in text


def test_part_two_follows_the_unit_level_and_the_choice() -> None:
    xa = fixture_data(SEED_001)
    xa["answers"]["phan_mot_cua"] = "khong"
    text = render_text(xa)
    assert "THỰC HIỆN CƠ CHẾ MỘT CỬA" not in text
    assert "UBND xã Sơn Nham" not in text.split("II. ĐÁNH GIÁ CHUNG")[1].split("Nơi nhận")[0]
    assert_in_order(
        text,
        ["II. ĐÁNH GIÁ CHUNG", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2024", "IV. KIẾN NGHỊ VÀ ĐỀ XUẤT"],
    )
    so = fixture_data(SEED_000)
    so["answers"]["phan_mot_cua"] = "co"
    so["answers"]["mc_nganh_doc_nd"] = "Chưa thực hiện"
    text = render_text(so)
    assert_in_order(
        text, ["II. THỰC HIỆN CƠ CHẾ MỘT CỬA", "4. Việc đưa TTHC ngành dọc", "III. ĐÁNH GIÁ CHUNG"]
    )


def test_empty_report_prints_headings_and_default_closing(answer_data: dict[str, Any]) -> None:
    text = render_text(answer_data)
    assert "…" not in text
    assert "KIẾN NGHỊ VÀ ĐỀ XUẤT" not in text
    # no heading stands bare: «Không phát sinh.» under items 1-9, items 10 and 11 left out (seed 002)
    assert "10. Nghiên cứu" not in text and "11. Kiểm tra" not in text
    assert_in_order(
        text,
        [
            "I. TÌNH HÌNH, KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH (TTHC)",
            "1. Đánh giá tác động TTHC",
            "Không phát sinh.",
            "9. Truyền thông hỗ trợ hoạt động kiểm soát TTHC",
            "Không phát sinh.",
            "II. ĐÁNH GIÁ CHUNG",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2024",
            "Trên đây là báo cáo kết quả thực hiện kiểm soát TTHC, triển khai cơ chế một cửa, "
            "một cửa liên thông và thực hiện TTHC trên môi trường điện tử quý II năm 2024 của Sở Ngoại vụ./.",
        ],
    )


def test_split_resolved_figures_and_shares(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {
        "hs_moi_truc_tuyen": 3,
        "hs_moi_truc_tiep": 1,
        "hs_ky_truoc": 0,
        "hs_truoc_han": 1,
        "hs_dung_han": 2,
        "hs_qua_han": 1,
        "hs_so_hoa_ho_so": 4,
        "hs_so_hoa_ket_qua": 2,
    }
    text = render_text(answer_data)
    assert (
        "Số mới tiếp nhận trong kỳ: 04 (trực tuyến: 03, tỷ lệ 75,00%; trực tiếp và qua dịch vụ bưu chính: 01)"
        in text
    )
    assert (
        "giải quyết trước hạn: 01, đúng hạn: 02 (trước và đúng hạn chiếm 75,00%), quá hạn: 01 chiếm 25,00%."
        in text
    )
    assert "- Kết quả số hóa hồ sơ: 04/04 đạt 100,00%; số hóa kết quả giải quyết: 02/04 đạt 50,00%." in text
    assert "đang giải quyết" not in text  # unknown: no sentence


def test_only_known_parts_print_in_brackets(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {
        "tthc_dia_phuong_cap_tinh": 1200,
        "tthc_dia_phuong_cap_xa": 300,
        "tthc_dia_phuong": 1500,
    }
    text = render_text(answer_data)
    assert (
        "- Tổng số TTHC thuộc thẩm quyền giải quyết của địa phương: 1.500 (cấp tỉnh: 1.200; cấp xã: 300)."
        in text
    )
