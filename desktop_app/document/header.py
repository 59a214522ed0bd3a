"""The issuing body's name and its parent body's in the header block: where their lines break.

Nghị định 30 lets these names run over two lines; where they break matters: "ỦY BAN NHÂN DÂN
XÃ HÒA" / "BÌNH" splits a place name. A line break the official typed in the unit's settings is
kept. Otherwise, when the whole name does not fit one line of the header column at its font
and size, the name breaks before the level word that starts the place ("ỦY BAN NHÂN DÂN" /
"XÃ HÒA BÌNH"). Widths are Times New Roman's, read from its metric twin Liberation Serif
(:mod:`desktop_app.document.font_widths`); the column's width is read from the frame.

>>> header_lines("ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", 187.1, 13, bold=True)
['ỦY BAN NHÂN DÂN', 'XÃ HÒA BÌNH']
>>> header_lines("SỞ NGOẠI VỤ", 187.1, 13, bold=True)
['SỞ NGOẠI VỤ']
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from desktop_app.document.font_widths import BOLD, REGULAR
from desktop_app.system import paths

FRAME_NAME = "_khung_nd30.docx"  # the Nghị định 30 frame every kind's body is merged into

# Words that start a place or a body inside a name, longest first ("THỊ XÃ" before "XÃ").
LEVEL_WORDS = (
    ("THÀNH", "PHỐ"),
    ("THỊ", "XÃ"),
    ("THỊ", "TRẤN"),
    ("ĐẶC", "KHU"),
    ("TỈNH",),
    ("HUYỆN",),
    ("QUẬN",),
    ("XÃ",),
    ("PHƯỜNG",),
    ("SỞ",),
    ("BAN",),
)
# "BAN" of "ỦY BAN" is not the start of a body.
_NOT_AFTER = {"BAN": ("ỦY", "UỶ")}
# A width unknown to the table (a rare symbol) counts as the widest capital: never "fits" wrongly.
_UNKNOWN = 1000
# LibreOffice and Word may round a little differently: a line that fits within 1 pt does not.
SAFETY_PT = 1.0
# The header styles of the frame (scripts/make_templates.py): CoQuanChuQuan and CoQuan.
HEADER_SIZE_PT = 13.0
TWIPS_PER_PT = 20


def text_width(text: str, size_pt: float, *, bold: bool) -> float:
    """Return the width of ``text`` in points, set in Times New Roman at ``size_pt``."""
    table = BOLD if bold else REGULAR
    return sum(table.get(char, _UNKNOWN) for char in text) * size_pt / 1000


def fitter(width_pt: float, size_pt: float, *, bold: bool) -> Callable[[list[str]], bool]:
    """Return whether words, set on one line, fit ``width_pt`` (less :data:`SAFETY_PT`)."""

    def fits(words: list[str]) -> bool:
        return text_width(" ".join(words), size_pt, bold=bold) <= width_pt - SAFETY_PT

    return fits


def header_lines(name: str, width_pt: float, size_pt: float, *, bold: bool) -> list[str]:
    """Return the lines ``name`` is printed on in a column ``width_pt`` wide."""
    typed = [" ".join(line.split()) for line in name.split("\n")]
    typed = [line for line in typed if line]
    if len(typed) != 1:
        return typed

    fits = fitter(width_pt, size_pt, bold=bold)
    return _place_wrap(typed[0].split(), fits)


def _place_wrap(words: list[str], fits: Callable[[list[str]], bool]) -> list[str]:
    """``words`` on one line if they fit; else broken before the level word that starts a place
    («Ủy ban nhân dân» / «huyện Trà Cú») or before a date range's end («(Từ ngày 15/3/2026» /
    «đến ngày 14/6/2026)»), each part wrapped between words if still too long."""
    if fits(words):
        return [" ".join(words)]
    starts = sorted({*place_starts([w.upper() for w in words]), *_date_starts(words)})
    start = next((i for i in starts if fits(words[i:])), starts[-1] if starts else 0)
    whole = _word_wrap(words, fits)
    if start == 0:
        return whole
    parted = [*_word_wrap(words[:start], fits), *_word_wrap(words[start:], fits)]
    return parted if len(parted) <= len(whole) else whole


# Words of two syllables the forms' titles and the units' names are made of: a line breaks
# before or after them, never inside («THỦ» / «TỤC», «hành» / «chính»).
_TWO_SYLLABLE = (
    "THỦ TỤC, HÀNH CHÍNH, HÀNH VI, HỒ SƠ, GIẢI QUYẾT, KẾT QUẢ, TÌNH HÌNH, TIẾP NHẬN, XỬ LÝ, "
    "PHẢN ÁNH, KIẾN NGHỊ, QUY ĐỊNH, TRUNG TÂM, PHỤC VỤ, ỦY BAN, UỶ BAN, NHÂN DÂN, VĂN PHÒNG, "
    "KIỂM SOÁT, BÁO CÁO, ĐƠN VỊ, QUẢN LÝ, KHU VỰC, KINH TẾ, CÔNG NGHIỆP, CÔNG AN, QUÂN SỰ, "
    "CHỈ HUY, CƠ QUAN, TƯ PHÁP, NỘI VỤ, TÀI CHÍNH, XÂY DỰNG, Y TẾ, GIÁO DỤC, ĐÀO TẠO, "
    "NÔNG NGHIỆP, MÔI TRƯỜNG, KHOA HỌC, CÔNG NGHỆ, VĂN HÓA, THỂ THAO, DU LỊCH, DỊCH VỤ, "
    "BƯU CHÍNH, CÔNG ÍCH, CÔNG KHAI, ĐĂNG TẢI, CỬA KHẨU, QUỐC TẾ, CẢI CÁCH, CHỈ ĐẠO"
)
TWO_SYLLABLE_WORDS = frozenset(tuple(w.split()) for w in _TWO_SYLLABLE.split(", "))
PLACE_LEVELS = frozenset(w for w in LEVEL_WORDS if w not in {("SỞ",), ("BAN",)})
MAX_PLACE_WORDS = 5  # «Bà Rịa - Vũng Tàu»; a longer run after a level word is no place name


def _word_wrap(words: list[str], fits: Callable[[list[str]], bool]) -> list[str]:
    """Break ``words`` into lines greedily, but never inside a word of two syllables or a
    place's name («tỉnh Kiên Giang»), unless that part alone is wider than a line."""
    joined = _joined(words)
    lines: list[list[str]] = []
    start = 0  # the index in ``words`` of the first word of the last line
    for i, word in enumerate(words):
        if lines and fits([*lines[-1], word]):
            lines[-1].append(word)
            continue
        back = next((j for j in range(i, start, -1) if j not in joined), start)
        if lines and back > start and back < i:
            moved = lines[-1][back - start :]
            del lines[-1][back - start :]
            lines.append([*moved, word])
            start = back
        else:
            lines.append([word])
            start = i
    return [" ".join(line) for line in lines]


def _place_ends(words: list[str], i: int) -> bool:
    """True when a place's name ends before ``words[i]``: after a comma or «)», before «(»."""
    return words[i - 1].endswith((",", ";", ")")) or words[i].startswith("(")


def _joined(words: list[str]) -> set[int]:
    """The indexes ``i`` where a line must not break before ``words[i]``."""
    upper = [w.upper().strip(",:;()") for w in words]
    out = {i for i in range(1, len(words)) if (upper[i - 1], upper[i]) in TWO_SYLLABLE_WORDS}
    for start in place_starts(upper):
        level = next(w for w in LEVEL_WORDS if tuple(upper[start : start + len(w)]) == w)
        if level not in PLACE_LEVELS:  # «Sở …», «Ban …» start a body, not a place
            continue
        end = start + 1
        while end < len(words) and not _place_ends(words, end):
            end += 1
        if end - start - len(level) <= MAX_PLACE_WORDS:
            out |= set(range(start + 1, end))
    return out


# Words a title's phrase starts with: a line of a title breaks before them or after a comma,
# never inside "PHẢN ÁNH" or "HÀNH CHÍNH" (two syllables, one word).
PHRASE_STARTS = frozenset({"VÀ", "VỀ", "CỦA", "THEO", "TRONG", "TẠI", "ĐỐI", "CHO", "TỪ", "ĐẾN"})
DATE_STARTS = frozenset({"TỪ", "ĐẾN"})  # before «ngày»: «(Từ ngày 15/3/2026» / «đến ngày 14/6/2026)»


def title_lines(title: str, width_pt: float, size_pt: float, *, bold: bool) -> list[str]:
    """Return the lines a form's ``title`` is printed on in ``width_pt``: each typed line (``\n``)
    that does not fit is broken between phrases (after a comma or a colon, before «VÀ», «VỀ», «(»…),
    and a phrase longer than a line before a place («huyện Trà Cú»), else between words.

    >>> title_lines("TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ VỀ QUY ĐỊNH HÀNH CHÍNH", 300, 13, bold=True)
    ['TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ', 'VỀ QUY ĐỊNH HÀNH CHÍNH']
    """

    fits = fitter(width_pt, size_pt, bold=bold)
    out: list[str] = []
    for typed in title.split("\n"):
        words = typed.split()
        if fits(words):
            out.append(" ".join(words))
            continue
        lines: list[list[str]] = []
        for phrase in _phrases(words):
            if lines and fits([*lines[-1], *phrase]):
                lines[-1].extend(phrase)
            else:
                lines.extend(line.split() for line in _place_wrap(phrase, fits))
        out.extend(" ".join(line) for line in lines)
    return out


def _phrases(words: list[str]) -> list[list[str]]:
    """Cut ``words`` after each comma or colon, before each word of :data:`PHRASE_STARTS` (in
    capitals: a title's; in a name, «và» of «Sở Tài nguyên và Môi trường» is no place to break)
    and before «(»."""
    phrases: list[list[str]] = []
    for word in words:
        if (
            not phrases
            or phrases[-1][-1].endswith((",", ":"))
            or word in PHRASE_STARTS
            or word.startswith("(")
        ):
            phrases.append([word])
        else:
            phrases[-1].append(word)
    return phrases


def _date_starts(words: list[str]) -> list[int]:
    """The indexes of «đến» (or «từ») followed by «ngày», after the first word."""
    return [
        i
        for i in range(1, len(words) - 1)
        if words[i].upper() in DATE_STARTS and words[i + 1].lower() == "ngày"
    ]


def place_starts(words: list[str]) -> list[int]:
    """Return the indexes of the words (after the first) where a level word starts a place."""
    out: list[int] = []
    i = 1
    while i < len(words):
        match = next((w for w in LEVEL_WORDS if tuple(words[i : i + len(w)]) == w), None)
        if match and words[i - 1] not in _NOT_AFTER.get(match[0], ()):
            out.append(i)
            i += len(match)
        else:
            i += 1
    return out


def cell_line_count(text: str, width_pt: float, size_pt: float, *, bold: bool) -> int:
    """Return the lines ``text`` takes in a wrapping cell ``width_pt`` wide, as a spreadsheet
    breaks it: each typed line (``\n``) between words where the next does not fit, and a word
    wider than the cell over as many lines as it needs.

    >>> cell_line_count("Sở Văn hóa, Thể thao và Du lịch", 170, 12, bold=False)
    1
    >>> cell_line_count("Trung tâm Phục vụ hành chính công tỉnh Kiên Giang", 170, 12, bold=False)
    2
    """

    fits = fitter(width_pt, size_pt, bold=bold)
    room = max(width_pt - SAFETY_PT, 1.0)
    count = 0
    for typed in text.split("\n"):
        lines = _wrap(typed.split(), fits) or [""]
        count += sum(max(1, math.ceil(text_width(line, size_pt, bold=bold) / room)) for line in lines)
    return count


def _wrap(words: list[str], fits: Callable[[list[str]], bool]) -> list[str]:
    """Break ``words`` into lines greedily, as a word processor does."""
    lines: list[list[str]] = []
    for word in words:
        if lines and fits([*lines[-1], word]):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [" ".join(line) for line in lines]


def frame_path() -> Path:
    return paths.templates_dir() / FRAME_NAME


def unit_lines(name: str, *, bold: bool) -> list[str]:
    """Return the lines of a body's name (capitals) in the frame's header column."""
    return header_lines(name.upper(), column_width_pt(frame_path()), HEADER_SIZE_PT, bold=bold)


@cache
def column_width_pt(frame: Path) -> float:
    """Return the width of the header's left column (the first table cell of the frame), in points."""
    with zipfile.ZipFile(frame) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    found = re.search(r'<w:tcW w:w="(\d+)"', xml)
    if found is None:
        raise ValueError(f"{frame.name}: không thấy độ rộng cột đầu văn bản (w:tcW).")
    return int(found.group(1)) / TWIPS_PER_PT
