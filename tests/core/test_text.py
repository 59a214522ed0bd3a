"""Inline markup of answers: only paired stars at word boundaries are markup; a backslash escapes."""

from __future__ import annotations

import time

import pytest

from desktop_app import text
from desktop_app.text import Span, alphabetical, finds, plain, spans


def shown(text: str) -> list[tuple[str, str]]:
    def style(s: Span) -> str:
        return "fn" if s.footnote else ("b" if s.bold else "") + ("i" if s.italic else "")

    return [(s.text, style(s)) for s in spans(text)]


@pytest.mark.parametrize(
    "text",
    ["2*3*4 m2", "Diện tích 2*3*4 m2", "a * b * c", "5*", "*", "**", "* *", "a*b*c", "2**3**", "**a*", "x*y"],
)
def test_ordinary_asterisks_print_as_typed(text: str) -> None:
    assert shown(text) == [(text, "")]
    assert plain(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*chữ nghiêng*", [("chữ nghiêng", "i")]),
        ("**chữ đậm**", [("chữ đậm", "b")]),
        ("***cả hai***", [("cả hai", "bi")]),
        ("**Kết quả:** 12 hồ sơ", [("Kết quả:", "b"), (" 12 hồ sơ", "")]),
        ("(*ghi chú*)", [("(", ""), ("ghi chú", "i"), (")", "")]),
        (
            "tỷ lệ *đạt*, còn *chưa đạt*.",
            [("tỷ lệ ", ""), ("đạt", "i"), (", còn ", ""), ("chưa đạt", "i"), (".", "")],
        ),
        ("*5%* hồ sơ", [("5%", "i"), (" hồ sơ", "")]),
        ("x [[Thông tư 01/2020]] y", [("x ", ""), ("Thông tư 01/2020", "fn"), (" y", "")]),
        ("Diện tích 2*3*4 m2, *rất* lớn", [("Diện tích 2*3*4 m2, ", ""), ("rất", "i"), (" lớn", "")]),
    ],
)
def test_paired_markup_at_word_boundaries(text: str, expected: list[tuple[str, str]]) -> None:
    assert shown(text) == expected


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("\\*không nghiêng\\*", "*không nghiêng*"),
        ("\\*\\*không đậm\\*\\*", "**không đậm**"),
        ("\\[[không phải chú thích]]", "[[không phải chú thích]]"),
        ("Ghi chú\\*: số liệu tạm tính", "Ghi chú*: số liệu tạm tính"),
        ("C:\\Tai lieu\\bao cao", "C:\\Tai lieu\\bao cao"),  # other backslashes stay
    ],
)
def test_a_backslash_writes_a_literal_sign(text: str, printed: str) -> None:
    assert shown(text) == [(printed, "")]


def test_markup_costs_no_more_than_reading_a_hostile_line() -> None:
    for hostile in ("**a " * 50_000, "[[a" * 60_000, "*" * 200_000, "*a " * 60_000, "a*" * 100_000):
        start = time.perf_counter()
        assert "".join(s.text for s in spans(hostile)) == hostile
        print(f"{len(hostile)} characters: {(time.perf_counter() - start) * 1000:.0f} ms")  # measured only


def test_names_sort_in_the_vietnamese_alphabets_order() -> None:
    """«Đông» after «Dương» and before «Em», «Óc» among the o's, «Ân» after «An», tones last."""
    names = [
        "UBND xã Óc Eo",
        "UBND xã Núi Sập",
        "UBND xã Đông Hưng A",
        "UBND xã Mỹ Hòa",
        "UBND xã Dương Minh",
    ]
    names += [
        "UBND xã Tân Hiệp",
        "UBND xã Vĩnh Thạnh Trung",
        "UBND xã Ân Tường",
        "UBND xã An Phú",
        "UBND xã Em",
    ]
    assert sorted(names, key=alphabetical) == [
        "UBND xã An Phú",
        "UBND xã Ân Tường",
        "UBND xã Dương Minh",
        "UBND xã Đông Hưng A",
        "UBND xã Em",
        "UBND xã Mỹ Hòa",
        "UBND xã Núi Sập",
        "UBND xã Óc Eo",
        "UBND xã Tân Hiệp",
        "UBND xã Vĩnh Thạnh Trung",
    ]
    assert sorted(["ma", "mả", "má", "mà", "mã", "mạ"], key=alphabetical) == [
        "ma",
        "mà",
        "má",
        "mả",
        "mã",
        "mạ",
    ]
    numbered = ["UBND Phường 10", "UBND Phường 2", "UBND Phường 1", "UBND Phường 2A", "UBND Phường 02"]
    assert sorted(numbered, key=alphabetical) == [  # by the number, not as text (10 before 2)
        "UBND Phường 1",
        "UBND Phường 02",
        "UBND Phường 2",
        "UBND Phường 2A",
        "UBND Phường 10",
    ]
    assert sorted(["Đơn vị số 002", "UBND xã A", "Ban Dân tộc"], key=alphabetical) == [
        "Ban Dân tộc",
        "Đơn vị số 002",
        "UBND xã A",
    ]


def test_what_clean_removes_or_changes_is_never_printable() -> None:
    """``clean`` returns a printable text only NFC-normalised: true only while every character it
    removes or turns into a line end is one ``str.isprintable`` refuses."""
    changed = [chr(c) for c in range(0x110000) if text._UNWANTED.match(chr(c))] + ["\r"]
    assert len(changed) > 2000  # the controls, the marks, the separators and the surrogates
    assert not any(char.isprintable() for char in changed)
    assert text.clean("Hồ sơ\u200b số 1\r\n") == "Hồ sơ số 1\n"
    assert text.clean("Ho\u0302\u0300 so\u031b") == "Hồ sơ"  # printable, normalised all the same


@pytest.mark.parametrize(
    ("query", "text", "found"),
    [
        ("phu an", "UBND xã Phú An", True),  # typed without marks: finds every marked form
        ("y  te", "Sở Y tế", True),
        ("Phú", "UBND xã Phụ Long", False),  # typed with marks: those marks only
        ("Mỹ Hòa", "UBND xã Mỹ Hoà", True),  # old and new tone places are one spelling
        ("Đức", "UBND XÃ ÐỨC HÒA", True),  # a legacy font's «Ð» for «Đ»
        ("tra cú", "Quy trình tra cứu", False),
        ("", "anything", True),
    ],
)
def test_a_search_is_as_an_official_types_it(query: str, text: str, found: bool) -> None:
    assert finds(query, text) is found
