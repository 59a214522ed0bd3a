"""The answer file: strict reading with every problem named, lossless round trip."""

import json
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop_app.report.answers import (
    READ_FORMATS,
    AnswerFileError,
    load_answer_file,
    parse_report,
    read_answer_bytes,
    save_answer_file,
)
from tests.core.conftest import SEED_FIXTURES

FIRST_SEED = sorted(SEED_FIXTURES.glob("*.json"))[0]


def test_minimal_file_reads(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_moi_truc_tiep": 3, "hs_moi_truc_tuyen": "22.278"}
    report = parse_report(answer_data)
    assert report.answers == {"hs_moi_truc_tiep": 3, "hs_moi_truc_tuyen": 22278}
    assert report.document.ngay == date(2024, 6, 5)
    assert report.period.words() == "quý II năm 2024"


def test_blank_day_is_kept_as_year_month(answer_data: dict[str, Any]) -> None:
    answer_data["document"]["ngay"] = "2024-06"
    assert parse_report(answer_data).document.ngay == (2024, 6)


def test_every_problem_is_collected_with_its_place(answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_moi": "abc", "khong_co": 1, "hs_qua_han": 1.5, "mo_dau": 12}
    answer_data["unit"]["cap"] = "quan"
    answer_data["document"]["ngay"] = "31/12/2024"
    answer_data["period"] = {"type": "thang", "year": 2024, "number": 2}
    with pytest.raises(AnswerFileError) as err:
        parse_report(answer_data)
    places = [p.split(":")[0] for p in err.value.problems]
    assert "answers.hs_moi" in places
    assert "answers.khong_co" in places
    assert "answers.hs_qua_han" in places
    assert "unit.cap" in places
    assert "document.ngay" in places
    assert "period" in places
    assert any("Không hiểu số" in p for p in err.value.problems)


def test_unknown_kind_and_wrong_format(answer_data: dict[str, Any]) -> None:
    answer_data["kind"] = "bao_cao_la"
    answer_data["format"] = "khac/9"
    with pytest.raises(AnswerFileError) as err:
        parse_report(answer_data)
    assert err.value.problems[0].startswith("format:")
    assert "Không có loại văn bản «bao_cao_la»" in err.value.problems[1]


def test_a_newer_apps_answer_file_is_said_to_be_from_a_newer_version(answer_data: dict[str, Any]) -> None:
    newer = f"soanbaocao.answers/{int(READ_FORMATS[-1].rpartition('/')[2]) + 1}"
    answer_data["format"] = newer
    with pytest.raises(AnswerFileError) as err:
        parse_report(answer_data)
    assert "phiên bản mới hơn" in err.value.problems[0] and newer in err.value.problems[0]
    answer_data["format"] = "khac/9"
    with pytest.raises(AnswerFileError) as other:
        parse_report(answer_data)
    assert "phiên bản mới hơn" not in other.value.problems[0]


@pytest.mark.parametrize("content", ["", "{", "[1, 2]", "\x00\x01"])
def test_malformed_files_give_a_vietnamese_message(tmp_path: Path, content: str) -> None:
    path = tmp_path / "hong.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AnswerFileError) as err:
        load_answer_file(path)
    assert "hong.json" in str(err.value) or "đối tượng JSON" in str(err.value)


def test_text_is_stored_nfc_without_control_characters(answer_data: dict[str, Any]) -> None:
    decomposed = unicodedata.normalize("NFD", "Kiểm soát thủ tục")
    answer_data["answers"] = {"mo_dau": decomposed + "\x07\x0b tab\there"}
    text = parse_report(answer_data).answers["mo_dau"]
    assert text == "Kiểm soát thủ tục tab\there"
    assert unicodedata.is_normalized("NFC", text)


def test_round_trip_is_lossless(tmp_path: Path, answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_moi_truc_tiep": 3, "mo_dau": "Dòng 1\nDòng 2"}
    answer_data["sources"] = {"hs_moi_truc_tiep": "typed"}
    answer_data["previous"] = {"hs_moi_truc_tiep": 2}
    report = parse_report(answer_data)
    path = tmp_path / "ra.json"
    save_answer_file(report, path)
    again = load_answer_file(path)
    assert again == report
    assert json.loads(path.read_text(encoding="utf-8"))["answers"]["mo_dau"] == "Dòng 1\nDòng 2"


@pytest.mark.parametrize("fixture", sorted(SEED_FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_seed_fixtures_round_trip(tmp_path: Path, fixture: Path) -> None:
    report = load_answer_file(fixture)
    save_answer_file(report, tmp_path / "x.json")
    assert load_answer_file(tmp_path / "x.json") == report


def test_a_misspelt_key_is_an_error_not_a_silent_gap(answer_data: dict[str, Any]) -> None:
    answer_data["unit"]["coquan_chu_quan"] = answer_data["unit"].pop("co_quan_chu_quan")
    answer_data["document"]["noinhan"] = answer_data["document"].pop("noi_nhan")
    answer_data["document"]["nguoi_ky"]["hoten"] = answer_data["document"]["nguoi_ky"].pop("ho_ten")
    answer_data["ghi_chu"] = "?"
    with pytest.raises(AnswerFileError) as err:
        parse_report(answer_data)
    places = [p.split(":")[0] for p in err.value.problems]
    assert places == ["ghi_chu", "unit.coquan_chu_quan", "document.noinhan", "document.nguoi_ky.hoten"]
    assert "co_quan_chu_quan" in err.value.problems[1]  # the message names the right spelling


def test_a_decimal_in_a_whole_number_field_is_explained_the_vietnamese_way() -> None:
    from desktop_app.report.answers import coerce
    from desktop_app.report.kinds import load_kind

    field = load_kind("bao_cao_kstthc").field("hs_qua_han")
    with pytest.raises(ValueError, match=r"không có phần lẻ: 22,278 \(dấu phẩy là dấu thập phân"):
        coerce(field, "22,278")


@pytest.mark.parametrize(
    ("typed", "value"), [("98,50%", "98.5"), ("97 %", "97"), (" 100% ", "100"), ("12,5", "12.5")]
)
def test_a_share_is_read_with_its_percent_sign(typed: str, value: str) -> None:
    from decimal import Decimal

    from desktop_app.report.answers import coerce
    from desktop_app.report.kinds import load_kind

    kind = load_kind("bao_cao_thang_cctthc")
    assert coerce(kind.field("tl_cong_bo_dung_han"), typed) == Decimal(value)
    with pytest.raises(ValueError, match="Không hiểu số"):  # a count is no share
        coerce(kind.field("tthc_ban_hanh_moi"), "5%")
    with pytest.raises(ValueError, match="Không hiểu số"):  # one sign, after the number
        coerce(kind.field("tl_cong_bo_dung_han"), "%98")
    with pytest.raises(ValueError, match='Không hiểu số "%"'):  # the sign alone: said as typed, not «""»
        coerce(kind.field("tl_cong_bo_dung_han"), "%")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'{"a": ', "dòng 1, cột 7 (thiếu giá trị)"),
        (b"{'format': 1}", "tên mục phải trong dấu nháy kép"),
        (b"\xff\xfe{}", "không phải văn bản UTF-8"),
    ],
)
def test_what_is_wrong_with_a_file_is_said_in_vietnamese(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "hong.json"
    path.write_bytes(content)
    with pytest.raises(AnswerFileError) as err:
        load_answer_file(path)
    assert words in err.value.problems[0]
    assert "Expecting" not in err.value.problems[0] and "codec" not in err.value.problems[0]


def test_a_folder_given_as_answer_file_is_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(AnswerFileError, match="là một thư mục"):
        load_answer_file(tmp_path)


def test_an_answer_file_may_say_when_it_was_saved(tmp_path: Path) -> None:
    report = load_answer_file(FIRST_SEED)
    path = tmp_path / "bao_cao.json"
    save_answer_file(report, path, datetime(2025, 3, 20, 10, 15, 30, 999))
    assert load_answer_file(path) == report  # the time is the file's, not the report's
    raw = path.read_bytes()
    assert json.loads(raw)["saved"].startswith("2025-03-20T10:15:30")  # to the second, with its offset
    assert read_answer_bytes(raw, "bao_cao.json") == (report, datetime(2025, 3, 20, 10, 15, 30))
    save_answer_file(report, path)  # a file written without it (every earlier file) says nothing
    assert (
        "saved" not in json.loads(path.read_bytes()) and read_answer_bytes(path.read_bytes(), "x")[1] is None
    )


@pytest.mark.parametrize("wrong", ["hôm qua", 20250320, "2025-13-45T00:00:00", "9" * 100])
def test_a_saved_time_that_is_no_time_is_refused_with_its_place(tmp_path: Path, wrong: object) -> None:
    path = tmp_path / "bao_cao.json"
    save_answer_file(load_answer_file(FIRST_SEED), path)
    data = json.loads(path.read_bytes())
    path.write_text(json.dumps({**data, "saved": wrong}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(AnswerFileError) as caught:
        load_answer_file(path)
    assert any(p.startswith("saved: cần ngày giờ lưu tệp") for p in caught.value.problems)
