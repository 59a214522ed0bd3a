"""The monthly report on administrative-procedure reform (seed 003, UBND tỉnh Bắc Giang, 01/2024)."""

from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest

from desktop_app.document.forms import FORM_CAP, form_table
from desktop_app.document.render import render_report, template_attributes, template_variables
from desktop_app.report.answers import Report, load_answer_file
from desktop_app.report.catalogue import in_force
from desktop_app.report.checks import Issue, check, evaluate_report
from desktop_app.report.content import CODES as CONTENT_CODES
from desktop_app.report.kinds import load_kind
from desktop_app.report.periods import Period
from desktop_app.report.session import Session
from tests.seedtext import SEEDS_DIR, _words, docx_text, similarity

KIND = "bao_cao_thang_cctthc"
STEM = "003_bc5ae3b32bd5b2c1"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / f"{STEM}.json"
SEED = SEEDS_DIR / f"{STEM}.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONTEXT_NAMES = {"muc", "show", "raw", "ky", "ky_tiep", "nam", "tu_ngay", "den_ngay", "don_vi", "dia_danh"}


@pytest.fixture(scope="module")
def report() -> Report:
    return load_answer_file(FIXTURE)


@pytest.fixture(scope="module")
def docx(report: Report) -> bytes:
    return render_report(report).data


def _with(report: Report, **changes: object) -> Report:
    return report.with_answers({**report.answers, **changes})


def _text(data: bytes) -> str:
    return re.sub(r"\s+", " ", docx_text(data))


# ---------------------------------------------------------------- the kind


def test_kind_loads_with_the_seed_outline() -> None:
    kind = load_kind(KIND)
    assert kind.periods == ("thang",)
    assert kind.numbering == ("I", "1", "1.1", "a")
    assert (kind.ten_loai, kind.ma_loai) == ("BÁO CÁO", "BC")
    numbered = [(s.id, s.level) for s in kind.sections if s.heading]
    assert numbered[:8] == [
        ("ket_qua", 1),
        ("quy_dinh_tthc", 2),
        ("danh_gia_tac_dong", 3),
        ("cat_giam", 3),
        ("cat_giam_nq68", 4),
        ("tthc_noi_bo", 4),
        ("ban_hanh_tthc", 3),
        ("thuc_hien_tthc", 2),
    ]
    assert kind.field("tl_truoc_dung_han_tinh").decimals == 0
    assert kind.field("tl_cong_bo_dung_han").percent and kind.field("tl_cong_bo_dung_han").maximum == 100
    assert kind.field("pakn_da_xu_ly").parts == ("pakn_dung_han", "pakn_qua_han")


def test_template_reads_only_known_names() -> None:
    kind = load_kind(KIND)
    names = template_variables(kind.template_path)
    fields = {f.id for f in kind.fields()}
    assert names <= fields | CONTEXT_NAMES
    assert template_attributes(kind.template_path, "muc") <= {s.id for s in kind.sections}


# ---------------------------------------------------------------- the fixture and its checks


def figure_issues(report: Report) -> list[Issue]:
    """What the figure checks report; the content check's findings on the seeds are listed in
    tests/core/report/test_content_seeds.py."""
    return [i for i in check(report) if i.code not in CONTENT_CODES]


def test_fixture_loads(report: Report) -> None:
    assert report.kind == KIND
    assert report.unit.cap == "tinh" and report.unit.co_quan_chu_quan == ""
    assert report.document.nguoi_ky.ho_ten == "Mai Sơn"
    assert len(report.document.noi_nhan) == 7
    assert report.answers["tl_cong_bo_dung_han"] == Decimal("18.37")


def test_seed_figures_are_consistent(report: Report) -> None:
    # Every sum in seed 003 holds (19.320 + 6.095 = 25.415, 7.411 + 4.007 = 11.418,
    # 17.302 + 2.152 = 19.454, 94,43% + 5,57% = 100%, 5 + 0 <= 5): nothing to report.
    assert figure_issues(report) == []


@pytest.mark.parametrize(
    ("changes", "code", "fields"),
    [
        (
            {"hs_tiep_nhan_tinh": 25416},
            "hs_tiep_nhan_tinh_bang_giai_quyet",
            {"hs_tiep_nhan_tinh", "hs_da_giai_quyet_tinh", "hs_dang_giai_quyet_tinh"},
        ),
        (
            {"hs_dang_giai_quyet_xa": 2000},
            "hs_tiep_nhan_xa_bang_giai_quyet",
            {"hs_tiep_nhan_xa", "hs_da_giai_quyet_xa", "hs_dang_giai_quyet_xa"},
        ),
        (
            {"hs_truoc_dung_han_huyen": 7412},
            "hs_truoc_dung_han_huyen_toi_da",
            {"hs_truoc_dung_han_huyen", "hs_da_giai_quyet_huyen"},
        ),
        ({"pakn_dung_han": 6}, "pakn_xu_ly_toi_da", {"pakn_dung_han", "pakn_qua_han", "pakn_tiep_nhan"}),
        (
            {"tl_truc_tuyen_qua_han": Decimal("6.57")},
            "truc_tuyen_dung_qua_han_tong",
            {"tl_truc_tuyen_dung_han", "tl_truc_tuyen_qua_han"},
        ),
        (
            {"tthc_tiep_thu_cat_giam": 1},
            "tiep_thu_cat_giam_toi_da",
            {"tthc_tiep_thu_cat_giam", "tthc_kien_nghi_cat_giam"},
        ),
        ({"tl_nop_truc_tuyen": Decimal("153.8")}, "gioi_han", {"tl_nop_truc_tuyen"}),
    ],
)
def test_rules_catch_wrong_figures(
    report: Report, changes: dict[str, object], code: str, fields: set[str]
) -> None:
    issues = figure_issues(_with(report, **changes))
    assert [(i.code, set(i.fields)) for i in issues] == [(code, fields)]


def test_without_district_level_its_rules_and_sentence_go(report: Report) -> None:
    changed = _with(report, co_cap_huyen=False, hs_tiep_nhan_huyen=1)  # wrong, but hidden
    assert figure_issues(changed) == []
    text = _text(render_report(changed).data)
    assert "Cấp huyện" not in text
    assert "Cấp tỉnh: Tiếp nhận 25.415 hồ sơ" in text and "Cấp xã: Tiếp nhận 19.454 hồ sơ" in text


def test_required_level_figures_are_reported_when_missing(report: Report) -> None:
    answers = {k: v for k, v in report.answers.items() if k != "hs_dang_giai_quyet_tinh"}
    issues = figure_issues(report.with_answers(answers))
    assert [(i.code, i.fields) for i in issues] == [("bat_buoc", ("hs_dang_giai_quyet_tinh",))]


LEVEL_FIGURES = {
    level: {
        f"hs_{what}_{level}" for what in ("tiep_nhan", "da_giai_quyet", "truoc_dung_han", "dang_giai_quyet")
    }
    for level in ("tinh", "huyen", "xa")
}


def _as_unit(report: Report, cap: str, month: Period, **unit: str) -> Report:
    """``report`` moved to ``month`` (in the kind's version for it), as a unit of level ``cap``
    (its other ``unit`` keys changed too)."""
    moved = replace(report.unit, cap=cap, **unit)
    return replace(report, unit=moved, period=month, kind_version=in_force(KIND, month).version)


@pytest.mark.parametrize(
    ("cap", "month", "levels"),
    [
        ("tinh", Period("thang", 2024, 1), {"tinh", "huyen", "xa"}),
        ("so", Period("thang", 2024, 1), {"tinh"}),
        ("huyen", Period("thang", 2024, 1), {"huyen", "xa"}),
        ("xa", Period("thang", 2024, 1), {"xa"}),
        ("tinh", Period("thang", 2025, 8), {"tinh", "xa"}),
        ("so", Period("thang", 2025, 8), {"tinh"}),
        ("xa", Period("thang", 2025, 8), {"xa"}),
    ],
)
def test_each_unit_is_asked_for_the_levels_it_reports(
    report: Report, cap: str, month: Period, levels: set[str]
) -> None:
    """The province reports every level (huyện while it had one); a sở the cấp tỉnh dossiers it
    handles; a huyện its own and its communes'; a commune only its own."""
    unit_report = _as_unit(report, cap, month)
    shown = evaluate_report(unit_report).visible_fields
    for level, ids in LEVEL_FIGURES.items():
        assert (ids <= shown) == (level in levels), level
        assert not ids & shown or level in levels, level
    # The levels it does not report are neither required nor checked: no «bắt buộc» for them.
    missing = unit_report.with_answers(
        {k: v for k, v in unit_report.answers.items() if not k.startswith("hs_")}
    )
    required = {f for i in figure_issues(missing) if i.code == "bat_buoc" for f in i.fields}
    assert required == {i for level in levels for i in LEVEL_FIGURES[level]} & shown


def test_a_communes_monthly_report_speaks_of_its_own_level_only(report: Report) -> None:
    """Typed before: «Cấp tỉnh» figures in a commune's report are kept but not printed, checked or
    summed; the sentence does not call the commune's place a province."""
    names = {"co_quan": "UBND XÃ HÒA BÌNH", "ten": "UBND xã Hòa Bình", "dia_danh": "Hòa Bình"}
    commune = _as_unit(report, "xa", Period("thang", 2025, 8), **names)
    commune = _with(commune, hs_tiep_nhan_tinh=7, hs_da_giai_quyet_tinh=1)  # wrong, and hidden
    assert not [i for i in figure_issues(commune) if set(i.fields) & LEVEL_FIGURES["tinh"]]
    text = _text(render_report(commune).data)
    assert "Cấp tỉnh" not in text and "tỉnh Hòa Bình" not in text
    assert (
        "trên Hệ thống thông tin giải quyết TTHC của tỉnh cụ thể như sau: - Cấp xã: Tiếp nhận 19.454 hồ sơ"
        in text
    )
    assert commune.answers["hs_tiep_nhan_tinh"] == 7  # kept: shown again if the level changes
    assert "hs_tiep_nhan_tinh" not in evaluate_report(commune).shown_values()
    form, rows = form_table(FORM_CAP, None, commune)  # its row in the per-level form
    cells = {leaf.key: rows[0].cells[i].value for i, leaf in enumerate(form.leaves())}
    assert (cells["tiep_nhan_tinh"], cells["tiep_nhan_xa"]) == (None, 19454)
    department = _as_unit(report, "so", Period("thang", 2025, 8))  # the province's địa danh, Bắc Giang
    text = _text(render_report(department).data)
    assert "Cấp xã" not in text and "TTHC tỉnh Bắc Giang cụ thể như sau: - Cấp tỉnh: Tiếp nhận 25.415" in text


# ---------------------------------------------------------------- the document


def test_document_has_the_seed_sentences_in_order(docx: bytes) -> None:
    text = _text(docx)
    expected = [
        "UBND TỈNH BẮC GIANG",
        "/BC-UBND",
        "tháng 01 năm 2024",
        "Tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính tháng 01 năm 2024",
        "Thực hiện Công điện số 644/CD-TTg",
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Về cải cách việc quy định TTHC",
        "1.1. Kết quả đánh giá tác động và thẩm định TTHC",
        "- Đã đánh giá tác động đối với 0 TTHC, quy định tại 0 dự thảo văn bản QPPL.",
        (
            "+ Cơ quan thẩm định đã kiến nghị bãi bỏ, sửa đổi, bổ sung theo hướng cắt giảm, đơn giản "
            "hóa 0 TTHC (nêu rõ tên TTHC và dự thảo văn bản);"
        ),
        "1.2. Kết quả cắt giảm, đơn giản hóa quy định, TTHC",
        "a) Kết quả rà soát, cắt giảm, đơn giản hóa quy định kinh doanh theo Nghị quyết số 68/NQ-CP",
        "b) Kết quả rà soát, đơn giản hóa TTHC nội bộ theo Quyết định số 1085/QĐ-TTg",
        "Công bố bổ sung 09 TTHC nội bộ",
        "- Số lượng TTHC nội bộ đã thực thi phương án cắt giảm, đơn giản hóa năm 2024: 0.",
        "1.3. Tổng số TTHC được ban hành mới, sửa đổi, bổ sung hoặc bãi bỏ",
        "Số lượng TTHC được ban hành mới 0; sửa đổi, bổ sung 0; bãi bỏ: 0 (nêu rõ tên, số ký hiệu",
        "2. Về cải cách việc thực hiện TTHC",
        "2.1. Kết quả công khai, minh bạch trong thực hiện TTHC",
        "công khai đúng hạn đạt 18,37%",
        "Tỷ lệ hồ sơ đồng bộ lên Cổng dịch vụ công quốc gia đạt 75,95%",
        "2.2. Kết quả giải quyết TTHC",
        "(số liệu đến ngày 20/01/2024): đạt 17,3/20 điểm, tỷ lệ hồ sơ xử lý đúng hạn đạt 88,3%.",
        (
            "b) Kết quả giải quyết hồ sơ TTHC trên Hệ thống thông tin giải quyết TTHC tỉnh Bắc Giang "
            "cụ thể như sau:"
        ),
        (
            "- Cấp tỉnh: Tiếp nhận 25.415 hồ sơ; đã giải quyết 19.320 hồ sơ, trong đó có 19.196 hồ sơ "
            "giải quyết trước và đúng hạn (tỷ lệ 99%); đang giải quyết: 6.095 hồ sơ."
        ),
        (
            "- Cấp huyện: Tiếp nhận 11.418 hồ sơ; đã giải quyết 7.411 hồ sơ, trong đó có 7.296 hồ sơ "
            "giải quyết trước và đúng hạn (tỷ lệ 98%); đang giải quyết: 4.007 hồ sơ."
        ),
        (
            "- Cấp xã: Tiếp nhận 19.454 hồ sơ; đã giải quyết 17.302 hồ sơ, trong đó có 16.741 hồ sơ "
            "giải quyết trước và đúng hạn (tỷ lệ 97%); đang giải quyết: 2.152 hồ sơ."
        ),
        "2.3. Kết quả thực hiện dịch vụ công trực tuyến (DVCTT)",
        (
            "TTHC cung cấp DVCTT một phần 822 (42,81%), TTHC cung cấp DVCTT toàn trình 673 (35,05%), "
            "còn lại 425 (22,14%)."
        ),
        "hồ sơ xử lý đúng hạn đạt 94,43%, hồ sơ xử lý quá hạn 5,57%.",
        "Tỷ lệ hồ sơ thanh toán trực tuyến: 24,29%.",
        "2.4. Kết quả số hóa hồ sơ, kết quả giải quyết TTHC",
        "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa: 85,71%",
        "2.5. Kết quả hợp nhất, kết nối các hệ thống thông tin phục vụ giải quyết TTHC",
        "3. Kết quả tiếp nhận và xử lý phản ánh, kiến nghị",
        "Tổng số PAKN đã tiếp nhận: 5; số PAKN đã xử lý đúng hạn: 5; số PAKN đã xử lý quá hạn: 0.",
        "Mục IX Nghị quyết số 97/NQ-CP ngày 08/7/2023 của Chính phủ: Không có.",
        (
            "4. Về rà soát, kiểm tra, xử lý dứt điểm các hồ sơ trực tuyến nộp từ Cổng dịch vụ công "
            "quốc gia quá hạn đang xử lý"
        ),
        "5. Định kỳ hằng tháng công khai kết quả đánh giá chất lượng phục vụ người dân, doanh nghiệp",
        "II. ĐÁNH GIÁ CHUNG",
        "1. Kết quả đạt được",
        "2. Tồn tại, hạn chế, vướng mắc",
        "III. NHIỆM VỤ TRỌNG TÂM CỦA THÁNG TIẾP THEO",
        "7. Tiếp tục thực hiện có hiệu quả cơ chế một cửa",
        "IV. KIẾN NGHỊ VÀ ĐỀ XUẤT",
        "Chủ tịch UBND tỉnh Bắc Giang trân trọng báo cáo./.",
        "Nơi nhận:",
        "- Văn phòng Chính phủ;",
        "- Lưu: VT, NC-KSTT.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Mai Sơn",
    ]
    pos = 0
    for sentence in expected:
        found = text.find(sentence, pos)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        pos = found + len(sentence)


def test_eight_footnotes_referenced_in_document_order(docx: bytes) -> None:
    with zipfile.ZipFile(BytesIO(docx)) as z:
        document = z.read("word/document.xml").decode("utf-8")
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
    refs = [int(n) for n in re.findall(r'footnoteReference w:id="(\d+)"', document)]
    # In document order: LibreOffice pairs footnote bodies with references by position.
    assert refs == list(range(1, 9))
    assert "Theo yêu cầu tại Công văn số 9482/VPCP-KSTT" in footnotes
    assert "133 hồ sơ" in footnotes


def _seed_footnotes_last(seed: Path) -> list[str]:
    """The seed's words with its footnote paragraphs moved to the end, as a DOCX keeps them."""
    text = seed.read_text(encoding="utf-8")
    notes = re.findall(r"^<sup>\d+</sup>(.*)$", text, flags=re.M)
    text = re.sub(r"^<sup>\d+</sup>.*$", "", text, flags=re.M) + "\n" + "\n".join(notes)
    text = re.sub(r"<sup>\d+</sup>", " ", text)
    text = re.sub(r"[#*|]+|^-{3,}$", " ", text, flags=re.M)
    return _words(text)


def test_document_follows_the_seed(docx: bytes) -> None:
    # seedtext.similarity compares the seed, whose footnotes sit mid-text where its pages
    # broke, with a DOCX whose footnotes come last: ~340 footnote words cannot match in
    # place, which caps the plain ratio near 0.87. With the seed's footnotes moved last
    # too, the same comparison gives ~0.99.
    assert similarity(SEED, docx) >= 0.86
    matcher = difflib.SequenceMatcher(
        None, _seed_footnotes_last(SEED), _words(docx_text(docx)), autojunk=False
    )
    ratio = matcher.ratio()
    assert ratio >= 0.97


def test_rendering_does_not_change_the_report(report: Report) -> None:
    before = dict(report.answers)
    render_report(replace(report))
    assert dict(report.answers) == before


@pytest.mark.parametrize(("month", "year", "carried"), [(12, 2026, True), (1, 2027, False)])
def test_the_years_running_total_is_carried_within_the_year_only(
    report: Report, month: int, year: int, carried: bool
) -> None:
    from desktop_app.report.prefill import new_report

    period = Period("thang", year, month)
    before = replace(report, period=period.previous(), kind_version="")
    before = before.with_answers({**before.answers, "tthc_noi_bo_thuc_thi": 7})
    made = new_report(in_force(KIND, period), period, before.unit, before.document, before).report
    assert made.answers.get("tthc_noi_bo_thuc_thi") == (7 if carried else None)
    session = Session(made)  # nor is December's total offered back in January
    assert session.carries_from_previous(session.kind.field("tthc_noi_bo_thuc_thi")) == carried
    assert session.reset_to_previous("tthc_noi_bo_thuc_thi").ok == carried
    assert made.answers.get("tthc_noi_bo_noi_dung") == before.answers.get("tthc_noi_bo_noi_dung")  # carried


def test_a_sentence_whose_figures_are_all_blank_is_left_out_not_printed_with_dots(report: Report) -> None:
    kind = load_kind(KIND)
    blanks = {f.id: None for f in kind.fields() if f.is_number or f.type == "date" or f.id.startswith("ds_")}
    levels = {k: v for k, v in report.answers.items() if k.startswith(("hs_", "pakn_"))}  # the asked ones
    text = _text(render_report(report.with_answers({**report.answers, **blanks, **levels})).data)
    for sentence in ("Đã đánh giá tác động đối với", "Số lượng TTHC được ban hành mới", "/20 điểm"):
        assert sentence not in text
    assert "số liệu đến ngày" not in text
    assert "2.2. Kết quả giải quyết TTHC a) Kết quả giải quyết hồ sơ TTHC" in text  # lettered from a)
    assert "1.3. Tổng số TTHC được ban hành mới, sửa đổi, bổ sung hoặc bãi bỏ Không phát sinh." in text
    assert "…" not in text  # the levels' figures, all typed, are what is left
    issues = [i.message for i in check(report.with_answers({**report.answers, **blanks, **levels}))]
    assert any("«1.3." in m and "Không phát sinh" in m for m in issues)  # check says what the page shows


def test_a_blank_figure_printed_as_dots_is_named_after_rendering(report: Report) -> None:
    assert render_report(report).blank_figures == []  # the seed: every figure given
    partial = _with(report, vb_danh_gia_tac_dong=None)  # its sentence still prints: one figure given
    rendered = render_report(partial)
    label = load_kind(KIND).field("vb_danh_gia_tac_dong").label
    assert rendered.blank_figures == [label]
    assert "quy định tại … dự thảo" in _text(rendered.data)
    assert rendered.blank_words() == f"Văn bản còn «…» ở chỗ các số chưa nhập: «{label}»."
