"""The fast ways the content check finds words give what the regular expressions they replace give.

A trigger or a cue finds literal words in the lowered text, and numbers where a run of digits
starts; each is compared here with its own regular expression (:attr:`Trigger.pattern`,
:attr:`Cue.pattern`, ``NUMBER.finditer``) on texts built at random from report prose, capitals,
numbers, dates, signs and letters that change length in lower case.
"""

from __future__ import annotations

import random
import re

import pytest

from desktop_app.report.content import names as content_names
from desktop_app.report.content import numbers, periods, reform
from desktop_app.report.content.words import (
    _SENTENCE_END as SENTENCE_END,
)
from desktop_app.report.content.words import (
    _TONE,
    _TONES,
    ABBREVIATIONS,
    FUTURE_CUES,
    NUMBER,
    PAST_CUES,
    Cue,
    Trigger,
    is_year,
    lowered,
    may_hold,
    number_starts,
    sentence,
    sentence_start,
    syllables,
)

PIECES = (
    "năm", "Năm", "NĂM", "tháng", "THÁNG", "quý", "Quý", "QUÍ", "ngày", "sáu", "Chín", "từ", "Từ",
    "đến", "so với", "So  với", "cùng kỳ", "trước đây", "dự kiến", "ước tính", "Ước thực hiện",
    "số liệu", "chốt", "kỳ báo cáo", "hồ sơ", "TTHC", "đạt", "tỷ lệ", "2024", "2025", "06", "9",
    "15/3/2024", "31/12", "22.278", "97,98", "100%", "345/BC-VP", "01/2020/TT-VPCP", "x2025",
    "năm2024", "_7", "İ", "ẞ", "ǅ", "ſ", "ı", "Sáu", "ſáu", "Thı", "١٢", "５", "III", "IV", ".", ",", ";",
    ":", "-", "–", "/",
    "(", ")", "\n", " ", " ", "  ", "\t", "a", "đ", "Đ", "xã", "Xã Sơn", "PHƯỜNG", "thị xã", "Thị trấn",
    "sở", "Sở Nội", "huyện", "HUYỆN", "Huyện", "cấp huyện", "UBND ", "Nghị định", "61/2018/NĐ-CP",
    "số 01/2020/TT-VPCP", "2018", "huyênh",
    "Tỉnh An", "huyện Trà", "QUẬN 3", "Thị xã Tân", "thành phố Huế",
)  # fmt: skip


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 60))) for _ in range(count)]


TEXTS = random_texts(3000, 20261207)
TRIGGERS = {
    "periods": periods._PERIOD_START,
    "ranges": periods._RANGE_START,
    "trigger": Trigger(("so", "tiếp"), numbers=False),
    **{f"levels of {cap}": content_names.level_start(cap) for cap in ("xa", "huyen", "tinh")},
}
CUES = {"past": PAST_CUES, "future": FUTURE_CUES, "data": periods._DATA_CUE, "estimate": periods._ESTIMATE}


def test_the_random_texts_reach_every_case() -> None:
    assert any(lowered(t) is None for t in TEXTS)  # "İ", "ſ": the regular expression is used
    assert sum(bool(periods._PERIOD_START.starts(t)) for t in TEXTS) > 1000
    assert sum(PAST_CUES.found(t) for t in TEXTS) > 100


@pytest.mark.parametrize("name", TRIGGERS)
def test_a_trigger_starts_where_its_regular_expression_matches(name: str) -> None:
    trigger = TRIGGERS[name]
    for text in TEXTS:
        assert trigger.starts(text) == [m.start() for m in trigger.pattern.finditer(text)], text


@pytest.mark.parametrize("name", CUES)
def test_a_cue_is_found_where_its_regular_expression_finds_it(name: str) -> None:
    cue = CUES[name]
    rng = random.Random(name)
    for text in TEXTS:
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert cue.found(text, start, end) == (cue.pattern.search(text, start, end) is not None), text
        assert cue.found(text) == (cue.pattern.search(text) is not None), text


def test_a_cue_is_a_whole_word_in_any_case() -> None:
    cue = Cue(r"so\s+với|kỳ")
    assert cue.found("Tăng SO  VỚI quý trước")
    assert not cue.found("Tăng so vớii quý trước") and not cue.found("kỳa") and not cue.found("akỳ")
    assert cue.found("x kỳ", 1) and not cue.found("x kỳ", 0, 3)


@pytest.mark.parametrize("cap", ["xa", "huyen", "tinh", "so"])
def test_unit_levels_are_what_their_regular_expression_finds(cap: str) -> None:
    """A level's words found from its own first words are those ``_LEVEL.finditer`` finds of it."""
    for text in TEXTS:
        assert content_names._level_mentions(text, cap) == mentions_by_regex(text, cap), text
    if content_names.SAME_LEVEL_WORDS[cap]:
        assert sum(bool(content_names._level_mentions(t, cap)) for t in TEXTS) > 50


def test_a_level_word_inside_a_longer_one_is_not_a_mention(monkeypatch: pytest.MonkeyPatch) -> None:
    """A level of "xã" without "thị trấn" still starts at "thị", so that "thị xã Tân" is not
    read as the commune "xã Tân" (as ``_LEVEL.finditer`` reads it)."""
    monkeypatch.setitem(content_names.SAME_LEVEL_WORDS, "chi_xa", ("xã", "phường"))
    content_names.level_start.cache_clear()
    try:
        assert "thị" in content_names.level_start("chi_xa").words
        text = "Thị xã Tân Châu và xã Mỹ Hòa"
        assert [m[2] for m in content_names._level_mentions(text, "chi_xa")] == ["xã Mỹ Hòa"]
        for text in TEXTS:
            assert content_names._level_mentions(text, "chi_xa") == mentions_by_regex(text, "chi_xa"), text
    finally:
        content_names.level_start.cache_clear()


def mentions_by_regex(text: str, cap: str) -> tuple[tuple[int, int, str], ...]:
    """What ``_level_mentions`` finds, read with ``_LEVEL.finditer`` over the whole text."""
    levels = content_names.SAME_LEVEL_WORDS[cap]
    found = []
    for match in content_names._LEVEL.finditer(text):
        end = content_names.proper_name_end(text, match.end())
        if content_names.key(match["level"]) in levels and end > match.end():
            found.append((match.start(), end, text[match.start() : end]))
    return tuple(found)


def test_a_text_without_the_word_holds_no_match_of_a_pattern_that_needs_it() -> None:
    """``may_hold`` is False only where the district pattern (ignoring case) finds nothing."""
    skipped = [t for t in TEXTS if not may_hold(t, "huyện")]
    assert 300 < len(skipped) < len(TEXTS) - 1000
    assert not any(reform._HUYEN.search(t) for t in skipped)


NAMES = (
    "xã Sơn Nham", "huyện Trà Cú", "tỉnh An Giang", "thị xã Tân Châu", "quận 3", "xã ṡơn", "phường Ia Kring"
)  # fmt: skip


def test_a_known_name_is_searched_only_in_a_text_holding_its_longest_word() -> None:
    """The names a database knows are found as their patterns find them over the whole text, in
    any case, with "ſ", "ı", "İ" and "ẛ" (which matches "ṡ" without lowering to it)."""
    rng = random.Random(5)
    extra = (*PIECES, *NAMES, "SƠN NHAM", "Trà  Cú", "ẛơn", "XÃ ẛƠN", "Kring", "ia kring", "ſơn")
    texts = ["".join(rng.choice(extra) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    keys = {content_names.key(n): n for n in NAMES}
    skipped = 0
    for text in texts:
        found = list(content_names._mentions(text, "so", keys, {}))
        patterns = [content_names._name_pattern(name) for name in keys]
        expected = [(m.start(), m.end(), m[0]) for pattern in patterns for m in pattern.finditer(text)]
        assert found == expected, text
        skipped += sum(not may_hold(text, content_names._longest_word(name)) for name in keys)
    assert skipped > 5_000  # most names are not searched for in most texts
    assert any(content_names._name_pattern("xã ṡơn").search(t) and "ṡ" not in t for t in texts)


def test_numbers_are_what_the_number_pattern_finds_years_left_out() -> None:
    for text in TEXTS:
        expected = [m.span() for m in NUMBER.finditer(text) if not is_year(m, text)]
        assert [m.span() for m in numbers.written_numbers(text)] == expected, text


def test_number_starts_are_the_starts_of_digit_runs() -> None:
    text = "Quý I/2025: 22.278 hồ sơ, ５ lần, x12"
    assert number_starts(text) == tuple(m.start() for m in re.finditer(r"\d+", text))
    assert len(number_starts(text)) == 5  # 2025, 22, 278, ５, 12
    for text in [*TEXTS, "", "7", "a", "²3", "7 ", " ٣"]:  # "²" is a digit to str.isdigit, not to \d
        assert number_starts(text) == tuple(m.start() for m in re.finditer(r"\d+", text)), text


# Words the syllables meet besides PIECES: old-style tones, abbreviations, a combining mark,
# a separator str.split() takes as a space.
SYLLABLE_PIECES = (
    "Hoá", "THUỶ", "thuỷ", "được", "Được", "HS", "pakn", "TTHC,", "tỉ", "\u0301", "\x1c", "a_b",
)  # fmt: skip


def test_syllables_are_the_word_runs_abbreviations_spelt_out() -> None:
    rng = random.Random(7)
    pieces = PIECES + SYLLABLE_PIECES
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    for text in TEXTS + texts:
        low = _TONE.sub(lambda m: _TONES[m[0]], text.lower())
        expected = {s for word in re.findall(r"\w+", low) for s in ABBREVIATIONS.get(word, word).split()}
        assert syllables(text) == expected, text
    assert syllables("Số hồ sơ được tiếp nhận: TTHC hoá") == {
        "số", "hồ", "sơ", "đã", "tiếp", "nhận", "thủ", "tục", "hành", "chính", "hóa"
    }  # fmt: skip


def test_period_words_and_date_ranges_are_what_the_regular_expressions_find() -> None:
    """The texts with no digit are skipped, and the others read from the literal triggers only:
    the same as trying each pattern where its trigger's regular expression matches."""
    rng = random.Random(7)
    texts = [*TEXTS, *("".join(rng.choice(PERIODS) for _ in range(rng.randint(1, 12))) for _ in range(2000))]
    for text in texts:
        found = [m.span() for m, _ in periods.period_words(text)]
        words = by_regex(periods.PERIOD_WORDS, periods._PERIOD_START, text)
        assert found == [m.span() for m in words if periods._period_of(m)], text
        ranges = [m.span() for m, _ in periods.date_ranges(text)]
        assert ranges == [
            m.span() for m in by_regex(periods._RANGE, periods._RANGE_START, text) if periods._range_dates(m)
        ], text
    assert sum(bool(periods.period_words(t)) for t in texts) > 500
    assert sum(bool(periods.date_ranges(t)) for t in texts) > 50


def by_regex(pattern: re.Pattern[str], trigger: Trigger, text: str) -> list[re.Match[str]]:
    """``pattern`` tried where ``trigger``'s regular expression matches, as before the literal search."""
    found, end = [], 0
    for start in trigger.pattern.finditer(text):
        if (
            start.start() >= end
            and (match := pattern.match(text, start.start()))
            and match.end() > match.start()
        ):
            end = match.end()
            found.append(match)
    return found


PERIODS = (
    "quý II/2024", "Quý IV năm 2025", "tháng 01/2025", "tháng 3 năm 2024", "6 tháng đầu năm 2025",
    "chín tháng năm 2024", "năm 2023", "ngày 15 tháng 3 năm 2024", "15/3/2024", "từ 15/12/2024 đến 14/3/2025",
    "từ ngày 01/01 đến hết ngày 31/3/2025", "01/10/2024 - 31/12/2024", " ", ", ", ". ", "\n", "so với ",
    "đến ", "Số 12/KH-UBND ", "trong ", "QUÝ I/2025", "İ",
)  # fmt: skip


def test_a_sentence_start_found_backwards_is_after_the_last_sentence_end_before_it() -> None:
    rng = random.Random(11)
    for text in TEXTS[:1500]:
        ends = [m.end() for m in SENTENCE_END.finditer(text)]
        for start in {0, len(text), *(rng.randint(0, len(text)) for _ in range(5))}:
            after_end = max((e for e in ends if e <= start), default=0)
            expected = start if start and text[start - 1] == "." else after_end
            assert sentence_start(text, start) == expected, (text, start)
            assert sentence(text, start, start)[0] == expected
    assert sentence_start("Quý I. Năm 2025", 7) == 6 and sentence_start("a 22.278 b", 7) == 0
    assert sentence_start("Một; hai.\nba", 11) == 10 and sentence_start("x.\u00a0y", 3) == 2
    assert sentence("Một câu. Câu hai; ba", 10, 12) == (8, 16)
