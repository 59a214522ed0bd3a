"""The content check never raises, whatever the text: many generated texts, a seeded generator.

Each generated report puts random texts (pieces of real report prose, period words, dates,
numbers and shares, unit names, legal citations, emoji, NFD, TCVN3 and VNI leftovers, control
characters, markup, very long runs) in every text box, the trích yếu, Kính gửi and Nơi nhận;
the check must return findings, and every fix it offers must apply through the session.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from desktop_app.report.answers import DocumentInfo, Report, Unit, load_answer_file
from desktop_app.report.checks import check
from desktop_app.report.content import content_findings
from desktop_app.report.kinds import kind_ids, load_kind
from desktop_app.report.periods import Period
from desktop_app.report.prefill import blank_report
from desktop_app.report.session import Session
from tests.core.conftest import SEED_FIXTURES

SEED = SEED_FIXTURES / "001_65663e565db3c233.json"
PIECES = [
    "Trong quý II năm 2024, UBND xã không ban hành văn bản.",
    "số liệu báo cáo từ 15/3/2024 đến thời điểm 14/3/2024",
    "số hồ sơ được tiếp nhận: 2237 hồ sơ, số hồ sơ có số hoá thành phần: 237 hồ sơ, đạt tỉ lệ 100%",
    "Kết quả số hóa hồ sơ: 20.432/22.278 đạt 91,71%",
    "trên địa bàn xã Sơn Nham",
    "UBND huyện (báo cáo)",
    "các cấp chính quyền (*xã, huyện, tỉnh*)",
    "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018",
    "Thông tư 01/2020/TT-VPCP",
    "[[Căn cứ Báo cáo số 345/BC-VP ngày 16/4/2024 Quý I/2024]]",
    "**6 tháng đầu năm 2023**",
    "9 tháng năm 2022",
    "tháng 13/2024",
    "quý 9 năm 2024",
    "năm 99999",
    "ngày 31 tháng 02 năm 2024",
    "từ 31/2/2024 đến 1/1/0000",
    "từ ngày 15/3 đến ngày 14/6",
    "0/0 đạt 0%",
    "1/0 đạt 50%",
    "99999999999999999999 hồ sơ",
    "9" * 5000,
    "đạt tỉ lệ %",
    "%%%",
    "Thñ tôc hµnh chÝnh",  # TCVN3 left in the text
    "Thuû tuïc haønh chính",  # VNI left in the text
    "😀🏛️📄 quý II năm 2024 😀",
    "\u0000\u0007\u001b\u200b\ufeff\u2028",
    "xã",
    "huyện ",
    "Phường 3",
    "(((",
    ")))",
    "*",
    "**",
    "[[",
    "]]",
    ":",
    ",",
    ".",
    "\n",
    "\t",
    "  ",
]


def random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 12)):
        piece = rng.choice(PIECES)
        if rng.random() < 0.2:
            piece = unicodedata.normalize("NFD", piece)
        if rng.random() < 0.1:
            piece = "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 20)))
        parts.append(piece)
    return rng.choice([" ", "", "\n", ", "]).join(parts)


def fill(report: Report, rng: random.Random) -> Report:
    kind = load_kind(report.kind)
    answers: dict[str, Any] = dict(report.answers)
    for f in kind.fields():
        if f.type in ("text", "paragraphs"):
            answers[f.id] = random_text(rng)
        elif f.type == "lines":
            answers[f.id] = [random_text(rng) for _ in range(rng.randint(0, 3))]
        elif f.type == "table":
            answers[f.id] = [
                {c.id: random_text(rng) for c in f.columns if c.type == "text"} for _ in range(2)
            ]
    document = replace(
        report.document,
        trich_yeu=random_text(rng),
        kinh_gui=tuple(random_text(rng) for _ in range(rng.randint(0, 3))),
        noi_nhan=tuple(random_text(rng) for _ in range(rng.randint(0, 3))),
    )
    return replace(report, answers=answers, document=document)


PERIODS = [
    Period("quy", 2025, 3),
    Period("thang", 2026, 3),
    Period("nam", 2024),
    Period("quy", 2024, 2),
    Period("nam", 2100),  # no period after it
    Period("thang", 1900, 1),  # its cut-off starts in 1899
    Period("tuy_chon", 2023, None, date(2023, 11, 20), date(2023, 1, 1)),  # backwards, reported elsewhere
]


@pytest.mark.parametrize("kind_id", kind_ids())
def test_no_text_makes_the_check_raise(kind_id: str) -> None:
    rng = random.Random(f"noi-dung-{kind_id}")
    kind = load_kind(kind_id)
    unit = Unit("UBND XÃ TÂN PHÚ", "UBND", "Tân Phú", "xa", "UBND HUYỆN SƠN HÀ", "UBND xã Tân Phú")
    applied = 0
    for i in range(60):
        period = next(p for p in PERIODS[i % len(PERIODS) :] + PERIODS if p.type in kind.periods)
        blank = blank_report(kind, Period("nam", 2024) if period.problems() else period, unit, DocumentInfo())
        report = fill(replace(blank, period=period, document=DocumentInfo(ngay=date(2025, 9, 5))), rng)
        findings = content_findings(report, today=date(2026, 1, 10))
        assert all(f.message and f.fields for f in findings)
        session = Session(report)
        for issue in [i for i in session.issues() if i.fix][:3]:
            assert issue.fix is not None
            applied += session.apply_fix(issue.fix).ok  # applies, or refuses with a reason: never raises
    assert applied  # the generated texts do meet the fixes


def test_very_long_paragraphs() -> None:
    seed = load_answer_file(SEED)
    long_text = " ".join([seed.answers["mot_cua_nd"].replace("\n", " ")] * 30)[:50_000]
    report = replace(seed, answers={**seed.answers, "danh_gia_chung_nd": long_text, "nhiem_vu": "x" * 50_000})
    assert len(long_text) == 50_000
    assert [i for i in check(report) if i.fields and i.fields[0] == "danh_gia_chung_nd"]


def test_nfd_text_is_read_like_nfc() -> None:
    seed = load_answer_file(SEED)
    nfd = {k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v for k, v in seed.answers.items()}
    as_nfc = [(f.code, f.fields) for f in content_findings(seed)]
    assert [(f.code, f.fields) for f in content_findings(replace(seed, answers=nfd))] == as_nfc
