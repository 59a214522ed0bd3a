"""The law table: replaced legal texts and the reform's date, read from data with every mistake named."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from desktop_app.report.kinds import KindError, load_kind, load_kind_file
from desktop_app.report.law import Citation, LawError, law_path, load_law


def test_the_shipped_table() -> None:
    law = load_law()
    assert law_path().name == "thay_the.toml" and law_path().parent.name == "law"
    assert law.two_levels_from == date(2025, 7, 1)
    rows = {(row.old.text, row.new.text, row.since) for row in law.superseded}
    assert rows == {
        ("Nghị định số 61/2018/NĐ-CP", "Nghị định số 118/2025/NĐ-CP", date(2025, 7, 1)),
        ("Nghị định số 107/2021/NĐ-CP", "Nghị định số 118/2025/NĐ-CP", date(2025, 7, 1)),
        ("Thông tư số 01/2020/TT-VPCP", "Thông tư số 5/2025/TT-VPCP", date(2026, 2, 15)),
    }
    assert [row.old.number for row in law.in_force(date(2025, 6, 30))] == []
    assert [row.old.number for row in law.in_force(date(2025, 9, 14))] == [61, 107]
    assert [row.old.number for row in law.in_force(date(2026, 3, 14))] == [61, 107, 1]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("theo Nghị định số 61/2018/NĐ-CP ngày 23/4/2018", "Nghị định số 61/2018/NĐ-CP"),
        ("theo Nghị định 61/2018/ND-CP", "Nghị định 61/2018/ND-CP"),
        ("theo NGHỊ ĐỊNH SỐ 61/2018/NĐ-CP", "NGHỊ ĐỊNH SỐ 61/2018/NĐ-CP"),
        ("theo 61/2018/NĐ-CP", "61/2018/NĐ-CP"),
        ("theo Nghị định số 61/2018 của Chính phủ", "Nghị định số 61/2018"),
        ("theo Nghị định số 161/2018/NĐ-CP", None),
        ("theo Nghị định số 61/2019/NĐ-CP", None),
        ("ngày 61/2018", None),
    ],
)
def test_a_citation_is_found_however_it_is_written(text: str, found: str | None) -> None:
    assert Citation.parse("Nghị định số 61/2018/NĐ-CP", "t").find(text) == found


def test_a_leading_zero_is_optional() -> None:
    citation = Citation.parse("Thông tư số 5/2025/TT-VPCP", "t")
    assert citation.find("Thông tư số 05/2025/TT-VPCP") == "Thông tư số 05/2025/TT-VPCP"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('[reform]\ntwo_levels_from = "1/7/2025"\n', "không phải ngày"),
        (
            "[reform]\ntwo_levels_from = 2025-07-01\n[[superseded]]\nold = 'Nghị định 61'\nnew = 'x'\n",
            "phải viết dạng",
        ),
        (
            "[reform]\ntwo_levels_from = 2025-07-01\n[[superseded]]\nnew = 'Nghị định số 1/2025/NĐ-CP'\n",
            "thiếu «old»",
        ),
        (
            "[reform]\ntwo_levels_from = 2025-07-01\n[[superseded]]\nold = 'Nghị định số 1/2020/NĐ-CP'\n"
            "new = 'Nghị định số 1/2025/NĐ-CP'\nfrom = 2025-07-01\nsince = 1\n",
            "không có khóa «since»",
        ),
        ("[reform\n", "Không đọc được"),
    ],
)
def test_a_wrong_table_is_refused_in_vietnamese(tmp_path: Path, body: str, words: str) -> None:
    path = tmp_path / "thay_the.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(LawError, match=words):
        load_law(path)


def test_kind_settings_of_the_content_check() -> None:
    report_kind, plan_kind = load_kind("bao_cao_kstthc"), load_kind("ke_hoach_kstthc")
    assert (report_kind.issue_after_cutoff, report_kind.issue_deadline_days) == (True, 11)
    assert (plan_kind.issue_after_cutoff, plan_kind.issue_deadline_days) == (False, None)
    assert report_kind.field("hs_tiep_nhan").text_words == (
        "hồ sơ yêu cầu giải quyết",
        "hồ sơ nhận giải quyết",
    )
    assert [s.id for s in report_kind.sections if s.next_period] == ["phuong_huong"]
    assert [s.id for s in load_kind("bao_cao_thang_cctthc").sections if s.next_period] == ["muc_nhiem_vu"]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("issue_deadline_days = -1\n", "issue_deadline_days"),
        ("issue_after_cutoff = 'có'\n", "issue_after_cutoff"),
        ("[[superseded]]\nold = 'Nghị định 61'\n", "superseded"),
    ],
)
def test_wrong_kind_settings_are_refused(tmp_path: Path, extra: str, words: str) -> None:
    source = load_kind("bao_cao_kstthc").path.read_text(encoding="utf-8")
    path = tmp_path / "bao_cao_kstthc.toml"
    path.write_text(source.replace("\n[[sections]]", "\n" + extra + "\n[[sections]]", 1), encoding="utf-8")
    with pytest.raises(KindError, match=words):
        load_kind_file(path)


def test_citations_are_what_the_pattern_finds_in_any_text() -> None:
    """The search for the year first leaves out only texts where the pattern finds nothing."""
    pieces = (
        "Nghị định ",
        "Nghị định số 61/2018/NĐ-CP",
        "NĐ ",
        "nghị ĐỊNH",
        "số ",
        " ",
        "61",
        "061",
        "/",
        "2018",
        "2019",
        "/NĐ-CP",
        "61/2018/ND-CP",
        "-CP",
        "ND",
        "theo ",
        "\n",
        "161/2018",
        "a",
    )
    rng = random.Random(61)
    citation = Citation.parse("Nghị định số 61/2018/NĐ-CP", "t")
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        expected = [m.span() for m in citation.pattern.finditer(text)]
        assert [m.span() for m in citation.finditer(text)] == expected, text
    assert sum(bool(citation.find(t)) for t in texts) > 300
