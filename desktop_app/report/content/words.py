"""Reading Vietnamese report prose: sentences, time cues, syllables, numbers and dates in text.

Small and forgiving on purpose: every function takes any string and returns plain values,
never raising (a date that does not exist, "31/02/2024", is simply not a date).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache, wraps
from typing import Concatenate, ParamSpec, TypeVar, cast

P = ParamSpec("P")
T = TypeVar("T")
# What is read in a text is kept for the last texts read: a paragraph comes back at every check
# of the report in the wizard, and in each unit's copy of it in a roll-up. A text longer than a
# long paragraph is read each time, so that what is kept stays small: well under 1 MB for
# paragraphs of a few hundred characters, 5 MB at worst (every text near the longest kept). More
# texts kept would cost more than they save when no two texts are alike: Python's garbage
# collector walks through every object kept, again and again (measured on 500 units' files).
TEXTS_KEPT = 256
LONGEST_KEPT = 4000


_KEPT: list[Callable[[], None]] = []


def per_text(read: Callable[Concatenate[str, P], T]) -> Callable[Concatenate[str, P], T]:
    """Keep what ``read(text, …)`` returns for the last :data:`TEXTS_KEPT` texts (``read`` must
    depend on nothing but its arguments, and return what is never changed)."""
    cache = lru_cache(maxsize=TEXTS_KEPT)(read)
    _KEPT.append(cache.cache_clear)
    kept = cast(Callable[Concatenate[str, P], T], cache)

    @wraps(read)
    def reading(text: str, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return (read if len(text) > LONGEST_KEPT else kept)(text, *args, **kwargs)

    return reading


def forget_texts() -> None:
    """Forget every text read (to measure a first reading)."""
    for clear in _KEPT:
        clear()


_FLAGS = re.IGNORECASE
# A sentence ends at ";", "!", "?", a line end, or a "." followed by a space or the end (not the
# "." of "22.278" or of a URL).
_SENTENCE_END = re.compile(r"[;!?\n]|\.(?=\s|$)")
# Words that put what follows in the past: "so với quý II", "cùng kỳ", "năm trước"…
PAST_CUES = re.compile(
    r"(?<!\w)(?:so\s+với|cùng\s+kỳ|năm\s+trước|kỳ\s+trước|tháng\s+trước|quý\s+trước|trước\s+đây|"
    r"trước\s+đó|năm\s+ngoái|kể\s+từ|từ\s+năm|trước\s+khi|trước\s+ngày|trước\s+thời\s+điểm|"
    r"trước\s+(?:khi\s+)?(?:sắp\s+xếp|hợp\s+nhất|sáp\s+nhập)|đã\s+(?:được\s+|bị\s+)?thay\s+thế|"
    r"hết\s+hiệu\s+lực|chuyển\s+tiếp)(?!\w)",
    _FLAGS,
)
# Words that put what follows in the future or name a horizon: "đến năm 2030", "giai đoạn".
FUTURE_CUES = re.compile(
    r"(?<!\w)(?:đến|tới|sẽ|dự\s+kiến|định\s+hướng|tầm\s+nhìn|giai\s+đoạn|chuẩn\s+bị|tiếp\s+theo|"
    r"sắp\s+tới|trở\s+đi|kỳ\s+sau)(?!\w)",
    _FLAGS,
)


def scan(pattern: re.Pattern[str], trigger: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Yield what ``pattern.finditer(text)`` would, trying ``pattern`` only where ``trigger`` matches.

    ``trigger`` must match where every match of ``pattern`` can begin (its first word); Python's
    ``re`` tries a long alternation at every position, so this is several times faster on prose.
    """
    end = 0
    for start in trigger.finditer(text):
        if start.start() >= end:
            found = pattern.match(text, start.start())
            if found is not None and found.end() > found.start():
                end = found.end()
                yield found


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the sentence around ``text[start:end]``.

    The sentence ends are found once per text (:func:`sentence_ends`); a "." right before
    ``start`` ends the previous sentence whatever follows it (the text read up to ``start``).
    """
    starts, ends = sentence_ends(text)
    if start > 0 and text[start - 1] == ".":
        first = start
    else:
        before = bisect_right(ends, start)
        first = ends[before - 1] if before else 0
    after = bisect_left(starts, end)
    return first, (starts[after] if after < len(starts) else len(text))


@per_text
def sentence_ends(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where each sentence end of ``text`` starts, and where it ends (one pass, kept per text)."""
    marks = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)]
    return tuple(a for a, _ in marks), tuple(b for _, b in marks)


def sentence_start(text: str, start: int) -> int:
    """Return where the sentence holding position ``start`` begins."""
    return sentence(text, start, start)[0]


def past_before(text: str, start: int) -> bool:
    """True when the sentence speaks of the past before position ``start``."""
    return PAST_CUES.search(text, sentence_start(text, start), start) is not None


def past_anywhere(text: str, start: int, end: int) -> bool:
    """True when the sentence around ``text[start:end]`` speaks of the past anywhere in it."""
    first, last = sentence(text, start, end)
    return PAST_CUES.search(text, first, last) is not None


def future_before(text: str, start: int) -> bool:
    return FUTURE_CUES.search(text, sentence_start(text, start), start) is not None


# ---------------------------------------------------------------- syllables

# Old-style tone placement ("hoá", "thuỷ") read as the new style, and "tỉ" as "tỷ".
_TONES = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oé": "óe",
    "oè": "òe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE = re.compile("|".join(_TONES))
# Abbreviations read as their words, so that a label's "TTHC" meets a text's "thủ tục hành chính".
ABBREVIATIONS = {
    "tthc": "thủ tục hành chính",
    "pakn": "phản ánh kiến nghị",
    "dvctt": "dịch vụ công trực tuyến",
    "dvc": "dịch vụ công",
    "qppl": "quy phạm pháp luật",
    "vbqppl": "văn bản quy phạm pháp luật",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "hs": "hồ sơ",
    "tỉ": "tỷ",
    "được": "đã",  # "hồ sơ được tiếp nhận" says what "hồ sơ đã tiếp nhận" says
}
_WORD = re.compile(r"\w+")


def syllables(text: str) -> list[str]:
    """Return the lower-case syllables of ``text``, abbreviations spelt out, tones placed alike."""
    out: list[str] = []
    for word in _WORD.findall(_TONE.sub(lambda m: _TONES[m[0]], text.lower())):
        out.extend(ABBREVIATIONS.get(word, word).split())
    return out


# ---------------------------------------------------------------- numbers and dates

# A count or a share as written: "2237", "22.278", "02", "97,98". Not part of a date, a document
# number ("15/KH-UBND"), a code ("5a", "06b"), a URL or a longer number.
NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<int>\d{1,3}(?:\.\d{3}){1,4}|\d{1,15})(?:,(?P<frac>\d{1,6}))?(?![\w/]|[.,]\d)(?P<pct>\s*%)?"
)


def number_value(match: re.Match[str]) -> float:
    """Return the value of a :data:`NUMBER` match."""
    whole = match["int"].replace(".", "")
    frac = match["frac"]
    return float(f"{whole}.{frac}") if frac else float(whole)


def is_year(match: re.Match[str], text: str) -> bool:
    """True for "2024" in "năm 2024" or a bare 4-digit year from 1900 to 2100."""
    if match["frac"] or match["pct"] or "." in match["int"] or len(match["int"]) != 4:
        return False
    return 1900 <= int(match["int"]) <= 2100


_NUMERIC_DATE = r"(?P<{p}d>\d{{1,2}})/(?P<{p}m>\d{{1,2}})(?:/(?P<{p}y>\d{{4}}))?"
_SPELLED_DATE = r"ngày\s+(?P<{p}sd>\d{{1,2}})\s+tháng\s+(?P<{p}sm>\d{{1,2}})(?:\s+năm\s+(?P<{p}sy>\d{{4}}))?"


def date_group(prefix: str) -> str:
    """A date as officials write it ("15/3/2024", "15/3", "ngày 15 tháng 3 năm 2024"), named by ``prefix``."""
    return f"(?:{_SPELLED_DATE.format(p=prefix)}|(?<![\\d/]){_NUMERIC_DATE.format(p=prefix)})"


def date_parts(match: re.Match[str], prefix: str) -> tuple[int, int, int | None] | None:
    """Return (day, month, year or None) of a :func:`date_group` match."""
    for d, m, y in (("d", "m", "y"), ("sd", "sm", "sy")):
        if match[prefix + d] is not None:
            year = match[prefix + y]
            return int(match[prefix + d]), int(match[prefix + m]), int(year) if year else None
    return None


def real_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when it does not exist (31/02) or lies outside 1900–2100."""
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
