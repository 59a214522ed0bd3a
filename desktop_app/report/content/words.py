"""Reading Vietnamese report prose: sentences, time cues, syllables, numbers and dates in text.

Small and forgiving on purpose: every function takes any string and returns plain values,
never raising (a date that does not exist, "31/02/2024", is simply not a date).
"""

from __future__ import annotations

import inspect
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache, wraps
from typing import Concatenate, ParamSpec, TypeVar, cast

from desktop_app.text import OLD_TONES

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
_ANY_MORE_ARGUMENTS = inspect.CO_VARARGS | inspect.CO_VARKEYWORDS


def per_text(read: Callable[Concatenate[str, P], T]) -> Callable[Concatenate[str, P], T]:
    """Keep what ``read(text, …)`` returns for the last :data:`TEXTS_KEPT` texts (``read`` must
    depend on nothing but its arguments, and return what is never changed)."""
    cache = lru_cache(maxsize=TEXTS_KEPT)(read)
    _KEPT.append(cache.cache_clear)
    kept = cast(Callable[Concatenate[str, P], T], cache)
    kept_alone = cast(Callable[[str], T], cache)

    @wraps(read)
    def reading(text: str, /, *args: P.args, **kwargs: P.kwargs) -> T:
        if len(text) > LONGEST_KEPT:
            return read(text, *args, **kwargs)
        return kept(text, *args, **kwargs)

    def reading_alone(text: str) -> T:  # no arguments to gather: most calls (250,000 in a roll-up)
        return kept_alone(text) if len(text) <= LONGEST_KEPT else read_alone(text)

    read_alone = cast(Callable[[str], T], read)
    code = read.__code__
    if code.co_argcount == 1 and not code.co_kwonlyargcount and not code.co_flags & _ANY_MORE_ARGUMENTS:
        return cast(Callable[Concatenate[str, P], T], wraps(read)(reading_alone))
    return reading


def forget_texts() -> None:
    """Forget every text read (to measure a first reading)."""
    for clear in _KEPT:
        clear()


_FLAGS = re.IGNORECASE
# A sentence ends at ";", "!", "?", a line end, or a "." followed by a space or the end (not the
# "." of "22.278" or of a URL).
_SENTENCE_END = re.compile(r"[;!?\n]|\.(?=\s|$)")


# ---------------------------------------------------------------- finding words fast
#
# Python's ``re`` is slow on prose when a pattern starts with a lookbehind, ignores case or is a
# long alternation: it then tries the whole pattern at every position (30–100 ns a character).
# A literal word is found by a fast search (about 5 ns a character). So a pattern is tried only
# where one of its first words stands, found as literals in the text put in lower case once, or
# where a number starts; and the result is checked to be the same as the pattern's own search
# (tests/core/report/test_content_words.py).


def _is_word_char(char: str) -> bool:
    """What ``re``'s ``\\w`` matches (letters, digits of every script, "_")."""
    return char.isalnum() or char == "_"


# Letters that ``re`` (ignoring case) takes for a Latin letter they do not lower to: "ſ" for
# "s", "ı" for "i". A text holding one is read with the regular expressions.
_OTHER_CASES = ("ſ", "ı")


@per_text
def lowered(text: str) -> str | None:
    """``text`` in lower case, when a literal search in it finds what ``re`` ignoring case finds
    (else None: a few letters, such as "İ", become two in lower case; "ſ" and "ı" match "s" and
    "i" in ``re`` without being them in lower case)."""
    low = text.lower()
    if len(low) != len(text) or any(odd in low for odd in _OTHER_CASES):
        return None
    return low


# The letters (and digits) that ``re`` ignoring case matches only to what lowers to them, once
# "ſ" and "ı" are ruled out (:func:`lowered`): Vietnamese and the rest of the Latin alphabet.
_PLAIN_LETTERS = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz0123456789"
)


def may_hold(text: str, word: str) -> bool:
    """False when ``word`` stands nowhere in ``text`` in any case: a pattern ignoring case that
    must match it need not be tried. True when it stands there, when the text cannot be lowered
    in place (:func:`lowered`), or when ``word`` is not lower-case Vietnamese letters and digits
    (another letter may match one that does not lower to it: "ẛ" matches "ṡ")."""
    if not _PLAIN_LETTERS.issuperset(word):
        return True
    low = lowered(text)
    return low is None or word in low


_NOT_DIGITS = re.compile(r"\D+")


@per_text
def number_starts(text: str) -> tuple[int, ...]:
    """Where each run of digits (``\\d+``) in ``text`` begins (one pass, kept per text).

    Found as the ends of the runs of other characters: prose has fewer and longer runs of
    those, and ``re`` goes through a run faster than it looks for one (a third faster).
    """
    found = [0] if text[:1].isdecimal() else []  # \d is a decimal digit of any script
    found += [m.end() for m in _NOT_DIGITS.finditer(text)]
    if found and found[-1] == len(text):
        found.pop()
    return tuple(found)


@per_text
def has_four_digits(text: str) -> bool:
    """True when a run of at least four digits stands in ``text`` (a year, written in digits).

    Every period word and every date range the content check reads names a year in digits; a
    text without one (most paragraphs of a report) need not be searched for them. Kept per text:
    the period words, date ranges, data dates and deadlines of a text each ask.
    """
    return any(len(chunk := text[at : at + 4]) == 4 and chunk.isdecimal() for at in number_starts(text))


@per_text
def numbers_starting_words(text: str) -> tuple[int, ...]:
    """Where a run of digits begins a word of ``text`` (kept per text: two triggers ask)."""
    return tuple([at for at in number_starts(text) if at == 0 or not _is_word_char(text[at - 1])])


def word_starts(text: str, low: str, words: tuple[str, ...]) -> list[int]:
    """Where one of ``words`` (lower case) begins a word of ``text`` (``low`` is it lowered)."""
    found = []
    for word in words:
        at = low.find(word)
        while at >= 0:
            if at == 0 or not _is_word_char(text[at - 1]):
                found.append(at)
            at = low.find(word, at + 1)
    return found


class Trigger:
    """Where a pattern can begin: a first word (any case) or a number, at a word's start.

    ``Trigger(("từ",), numbers=True)`` finds what ``(?<!\\w)(?:từ|\\d)`` (ignoring case) would,
    several times faster; :attr:`pattern` is that regular expression, used when the text cannot
    be lowered in place.
    """

    def __init__(self, words: tuple[str, ...], numbers: bool) -> None:
        self.words = words
        self.numbers = numbers
        starts = [re.escape(w) for w in words] + ([r"\d"] if numbers else [])
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(starts) + ")", _FLAGS)

    def starts(self, text: str) -> list[int]:
        """Every position where the trigger matches in ``text``, in order."""
        low = lowered(text)
        if low is None:
            return [m.start() for m in self.pattern.finditer(text)]
        found = word_starts(text, low, self.words)
        if self.numbers:
            found += numbers_starting_words(text)
        return sorted(found)  # no two words start at one place, nor a word where a number does


class Cue:
    """Words that say something of a sentence ("so với", "dự kiến"), each a whole word.

    ``source`` is the alternatives in lower case; :meth:`found` tells whether one stands
    between ``start`` and ``end`` of a text, as ``(?<!\\w)(?:source)(?!\\w)`` ignoring case would.
    """

    def __init__(self, source: str) -> None:
        self.pattern = re.compile(r"(?<!\w)(?:" + source + r")(?!\w)", _FLAGS)
        self._lower = re.compile(r"(?:" + source + r")(?!\w)")

    def found(self, text: str, start: int = 0, end: int | None = None) -> bool:
        end = len(text) if end is None else end
        low = lowered(text)
        if low is None:
            return self.pattern.search(text, start, end) is not None
        at = start
        while (match := self._lower.search(low, at, end)) is not None:
            if match.start() == 0 or not _is_word_char(text[match.start() - 1]):
                return True
            at = match.start() + 1
        return False


def scan(pattern: re.Pattern[str], trigger: Trigger, text: str) -> Iterator[re.Match[str]]:
    """Yield what ``pattern.finditer(text)`` would, trying ``pattern`` only where ``trigger`` matches.

    ``trigger`` must match where every match of ``pattern`` can begin (its first word); Python's
    ``re`` tries a long alternation at every position, so this is several times faster on prose.
    """
    end = 0
    for start in trigger.starts(text):
        if start >= end:
            found = pattern.match(text, start)
            if found is not None and found.end() > found.start():
                end = found.end()
                yield found


# Words that put what follows in the past: "so với quý II", "cùng kỳ", "năm trước"…
PAST_CUES = Cue(
    r"so\s+với|cùng\s+kỳ|năm\s+trước|kỳ\s+trước|tháng\s+trước|quý\s+trước|trước\s+đây|"
    r"trước\s+đó|năm\s+ngoái|kể\s+từ|từ\s+năm|trước\s+khi|trước\s+ngày|trước\s+thời\s+điểm|"
    r"trước\s+(?:khi\s+)?(?:sắp\s+xếp|hợp\s+nhất|sáp\s+nhập)|đã\s+(?:được\s+|bị\s+)?thay\s+thế|"
    r"hết\s+hiệu\s+lực|chuyển\s+tiếp"
)
# Words that put what follows in the future or name a horizon: "đến năm 2030", "giai đoạn".
FUTURE_CUES = Cue(
    r"đến|tới|sẽ|dự\s+kiến|định\s+hướng|tầm\s+nhìn|giai\s+đoạn|chuẩn\s+bị|tiếp\s+theo|"
    r"sắp\s+tới|trở\s+đi|kỳ\s+sau"
)


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the sentence around ``text[start:end]``: from :func:`sentence_start`
    to the first sentence end at or after ``end`` (those are found once per text)."""
    ends = sentence_end_starts(text)
    after = bisect_left(ends, end)
    return sentence_start(text, start), (ends[after] if after < len(ends) else len(text))


@per_text
def sentence_end_starts(text: str) -> tuple[int, ...]:
    """Where each sentence end of ``text`` starts (one pass, kept per text)."""
    return tuple([m.start() for m in _SENTENCE_END.finditer(text)])


def sentence_start(text: str, start: int) -> int:
    """Return where the sentence holding position ``start`` begins: after the last sentence end
    (";", "!", "?", a line end, or a "." followed by a space or the end) before it; a "." right
    before ``start`` ends the previous sentence whatever follows it (the text read up to
    ``start``). Searched back from ``start``: most texts are asked once or twice, and finding
    every sentence end of the text first costs more."""
    if start > 0 and text[start - 1] == ".":
        return start
    last = max(text.rfind(";", 0, start), text.rfind("!", 0, start), text.rfind("?", 0, start))
    last = max(last, text.rfind("\n", 0, start))
    dot = text.rfind(".", last + 1, start)
    while dot > last:  # a "." ends a sentence when a space or the end follows it
        if dot + 1 == len(text) or text[dot + 1].isspace():
            return dot + 1
        dot = text.rfind(".", last + 1, dot)
    return last + 1


def past_before(text: str, start: int) -> bool:
    """True when the sentence speaks of the past before position ``start``."""
    return PAST_CUES.found(text, sentence_start(text, start), start)


def past_anywhere(text: str, start: int, end: int) -> bool:
    """True when the sentence around ``text[start:end]`` speaks of the past anywhere in it."""
    first, last = sentence(text, start, end)
    return PAST_CUES.found(text, first, last)


def future_before(text: str, start: int) -> bool:
    return FUTURE_CUES.found(text, sentence_start(text, start), start)


# ---------------------------------------------------------------- syllables

_TONES = OLD_TONES  # "hoá", "thuỷ" read as "hóa", "thủy"
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
_SPELT_OUT = frozenset(ABBREVIATIONS)


def syllables(text: str) -> frozenset[str]:
    """Return the lower-case syllables of ``text``, abbreviations spelt out, tones placed alike.

    The syllables are what ``\\w+`` finds; found here a whitespace-separated word at a time,
    since most words are all letters (``str.isalnum``: ``\\w`` is a letter, a digit or "_")
    and only a word with a sign in it ("sơ,", "2.237") needs the pattern: three times faster
    on prose than the pattern over the whole text (tests/core/report/test_content_words.py).
    """
    low = text.lower()
    if _TONE.search(low) is not None:
        low = _TONE.sub(lambda m: _TONES[m[0]], low)
    found: set[str] = set()
    signed: list[str] = []
    for word in low.split():
        if word.isalnum():
            found.add(word)
        else:
            signed.append(word)
    if signed:
        found.update(_WORD.findall(" ".join(signed)))
    spelt = found & _SPELT_OUT
    if spelt:
        found -= spelt
        for word in spelt:
            found.update(ABBREVIATIONS[word].split())
    return frozenset(found)


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
