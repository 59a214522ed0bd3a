"""Rule 3: numbers written in the text against the report's figures.

A number next to a field's own words. The words of a number field are the syllables of its
label (without what stands in brackets, and without the words every label shares: "số", "tổng",
"trong kỳ" …), plus each phrase of the kind's ``text_words`` for it; a label that only names
what is counted ("Tổng số TTHC") names no figure of its own. A number in the text is read
against the words before it in its sentence, back to the previous number: a field whose words
are all there is a candidate, and the candidate with the most words wins. When the number is
none of the candidates' values, it is a warning ("tiếp nhận: 2237 hồ sơ" while ``hs_tiep_nhan``
is 255). Abbreviations are read as their words (TTHC, PAKN …) and "được" as "đã", so "số hồ sơ
được tiếp nhận" is the label "Tổng số hồ sơ đã tiếp nhận".

A share next to its numbers. "…: 237 hồ sơ, đạt tỉ lệ 100%" is a share of the number just before
it; when no earlier number of its sentence gives that share (237 of 2237 is 10,59%), it is a
warning. A share written "237/2237 đạt 10,59%" is read the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from desktop_app.report.content.texts import Finding, Piece
from desktop_app.report.content.words import (
    NUMBER,
    is_year,
    number_starts,
    number_value,
    per_text,
    sentence_start,
    syllables,
)
from desktop_app.report.figures import Evaluation
from desktop_app.report.kinds import Kind, per_kind
from desktop_app.vnformat import format_number, format_percent

# Words every label shares: they say nothing of which figure it is.
STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        "số tổng lượng trong kỳ của và các là cho theo với về tại này những một có đến thời điểm "
        "báo cáo đơn vị cơ quan đó gồm",
    )
)
# What is counted: a name made only of these (and stop words) does not say which figure it is.
COUNTED = frozenset(
    re.findall(r"\w+", "hồ sơ thủ tục hành chính phản ánh kiến nghị văn bản trường hợp quy phạm")
)
CODE = "so_lieu_trong_van_ban"
MIN_NAME_WORDS = 2  # words besides the counted thing: "Tổng số TTHC" names no figure of its own
_BRACKETS = re.compile(r"\([^)]*\)")
_SHARE_CUE = re.compile(r"(?:đạt|chiếm|tỷ\s+lệ|tỉ\s+lệ|bằng)\s*(?:tỷ\s+lệ|tỉ\s+lệ)?\s*:?\s*$", re.IGNORECASE)
_INTEGER = r"(\d{1,3}(?:\.\d{3}){1,4}|\d{1,15})"
_SLASH_SHARE = re.compile(rf"(?<![\w./]){_INTEGER}\s*/\s*{_INTEGER}(?![\w/])")


@dataclass(frozen=True, eq=False)
class FigureWords:
    """A number field and the sets of words that name it in a text (one of a kind's, kept with
    it: told apart by identity, so that the index of a report's figures is found at once)."""

    field: str
    label: str
    names: tuple[frozenset[str], ...]


@per_kind
def figure_words(kind: Kind) -> tuple[FigureWords, ...]:
    """The words of every integer field of ``kind`` (computed once per kind file)."""
    out = []
    for f in kind.fields():
        if f.type != "integer":
            continue
        names = [_content(_BRACKETS.sub(" ", f.label)), *(_content(p) for p in f.text_words)]
        kept = tuple(n for n in names if len(n - COUNTED) >= MIN_NAME_WORDS)
        if kept:
            out.append(FigureWords(f.id, f.label, kept))
    return tuple(out)


def _content(text: str) -> frozenset[str]:
    return frozenset(s for s in syllables(text) if s not in STOP_WORDS and not s.isdigit())


def number_findings(kind: Kind, ev: Evaluation, texts: list[Piece]) -> Iterator[Finding]:
    """Rule 3 over the answers' pieces."""
    words = figure_words(kind)
    figures = _index(words, frozenset(w.field for w in words if _known(w.field, ev)))
    for piece in texts:
        if piece.origin != "answer":
            continue
        if figures.anchors:
            yield from _figure_findings(piece, figures, ev.values)
        for message in _share_messages(piece.text) if "%" in piece.text else ():  # a share holds one
            yield Finding((piece.field,), "warning", piece.says(message), "ty_le_trong_van_ban")


def _known(field_id: str, ev: Evaluation) -> bool:
    """A figure shown and known: a total of some of its parts only is not the period's figure yet."""
    shown = field_id in ev.visible_fields and field_id not in ev.partial
    return shown and ev.values.get(field_id) is not None


@lru_cache(maxsize=64)
def _index(words: tuple[FigureWords, ...], known: frozenset[str]) -> _Index:
    """The index of the figures ``known`` (shown and filled in): most reports of a kind share it."""
    return _Index([w for w in words if w.field in known])


@per_text
def written_numbers(text: str) -> tuple[re.Match[str], ...]:
    """The numbers written in ``text``, years left out (read once per text).

    What ``NUMBER.finditer`` finds, tried only where a run of digits starts (a number cannot
    start inside one): ``NUMBER`` starts with a lookbehind, so ``re`` would try every position.
    """
    found = []
    end = 0
    for at in number_starts(text):
        if at >= end and (match := NUMBER.match(text, at)) is not None:
            end = match.end()
            if not is_year(match, text):
                found.append(match)
    return tuple(found)


class _Index:
    """The figures by the rarest word of each of their names: only those can be named by a text."""

    def __init__(self, figures: list[FigureWords]) -> None:
        counts = Counter(word for w in figures for name in w.names for word in name)
        self.anchors: dict[str, list[FigureWords]] = {}
        for w in figures:
            for name in w.names:
                anchor = min(name, key=lambda word: (counts[word], word))
                self.anchors.setdefault(anchor, []).append(w)

    def candidates(self, words: frozenset[str]) -> list[FigureWords]:
        found = {id(w): w for word in words & self.anchors.keys() for w in self.anchors[word]}
        return list(found.values())


# ---------------------------------------------------------------- a number against a figure


class _Written(NamedTuple):
    """A count written in a text, with the words before it in its sentence (back to the
    previous number)."""

    match: re.Match[str]
    window: str
    words: frozenset[str]


@per_text
def _counts(text: str) -> tuple[_Written, ...]:
    """The counts of ``text`` (not shares) with their words (read once per text)."""
    found = []
    previous_end = 0
    for match in written_numbers(text):
        start = max(previous_end, sentence_start(text, match.start()))
        previous_end = match.end()
        if match["pct"] or match["frac"]:
            continue
        window = text[start : match.start()]
        found.append(_Written(match, window, frozenset(syllables(window))))
    return tuple(found)


def _figure_findings(piece: Piece, figures: _Index, values: Mapping[str, Any]) -> Iterator[Finding]:
    for written_count in _counts(piece.text):
        match, window, words = written_count.match, written_count.window, written_count.words
        best = _best(words, figures.candidates(words))
        if not best or not _names_it(window, best):
            continue
        written = number_value(match)
        if any(written == float(values[w.field]) for w in best):
            continue
        shown = {format_number(values[w.field]) for w in best}
        if len(shown) != 1:
            continue  # the words fit figures of different values: cannot tell which
        figure = best[0]
        quoted = quote_before(window, match[0])
        message = f"«{quoted}» khác số liệu «{figure.label}» đã nhập ({shown.pop()})."
        yield Finding((piece.field, figure.field), "warning", piece.says(message), CODE)


def quote_before(window: str, number: str, words: int = 14) -> str:
    """The number with the words before it (``window``), from the last comma or bracket, at most
    ``words`` of them: what a message quotes, so that two of one number are told apart."""
    tail = re.split(r"[,()]", window)[-1].lstrip(" :;").split()
    cut = "… " if len(tail) > words else ""
    return cut + " ".join([*tail[-words:], number])


def _names_it(window: str, best: list[FigureWords]) -> bool:
    """True when the words right before the number (after the last comma) belong to its name.

    In "0 hồ sơ được tiếp nhận trực tiếp, 234 hồ sơ tiếp nhận trực tuyến" each number's words
    follow it: the words before "234" are the previous number's.
    """
    last = frozenset(syllables(window.rpartition(",")[2]))
    return any(last & name for w in best for name in w.names)


def _best(words: frozenset[str], figures: list[FigureWords]) -> list[FigureWords]:
    """The figures whose words are all in ``words``, keeping those with the most words."""
    scored = [(max((len(n) for n in w.names if n <= words), default=0), w) for w in figures]
    top = max((score for score, _ in scored), default=0)
    return [w for score, w in scored if score and score == top]


# ---------------------------------------------------------------- a share against its numbers


@per_text
def _share_messages(text: str) -> tuple[str, ...]:
    """What is wrong with the shares written in ``text`` (read once per text)."""
    return tuple(_share_findings(text, written_numbers(text)))


def _share_findings(text: str, numbers: tuple[re.Match[str], ...]) -> Iterator[str]:
    for i, match in enumerate(numbers):
        if not match["pct"] or not _SHARE_CUE.search(text[max(0, match.start() - 25) : match.start()]):
            continue
        first = sentence_start(text, match.start())
        before = [m for m in numbers[:i] if m.start() >= first and not m["pct"]]
        pair = _slash_pair(text, first, match.start())
        if pair is None and len(before) < 2:
            continue
        part, wholes = pair if pair else (number_value(before[-1]), [number_value(m) for m in before[:-1]])
        written = number_value(match)
        if any(_fits(part, whole, written, match["frac"]) for whole in wholes):
            continue
        whole = wholes[-1]
        if whole == 0:
            continue
        quoted = " ".join(text[(before[-2].start() if pair is None else first) : match.end()].split())
        part_d, whole_d = Decimal(str(part)), Decimal(str(whole))
        written_text = match["int"] + ("," + match["frac"] if match["frac"] else "")
        message = (
            f"«{quoted.strip(' ,:;')}»: {format_number(part_d)}/{format_number(whole_d)} "
            f"là {format_percent(part_d / whole_d * 100)}, không phải {written_text}%."
        )
        yield message


def _slash_pair(text: str, first: int, end: int) -> tuple[float, list[float]] | None:
    """A share written "237/2237 đạt …" just before the percentage: (part, [whole])."""
    found = list(_SLASH_SHARE.finditer(text, first, end))
    if not found or end - found[-1].end() > 25:
        return None
    part, whole = (float(g.replace(".", "")) for g in found[-1].groups())
    return part, [whole]


def _fits(part: float, whole: float, written: float, frac: str | None) -> bool:
    """True when ``written`` % is ``part`` of ``whole``, rounded or cut to the decimals written."""
    if whole == 0:
        return False
    exact = part / whole * 100
    if written in (0, 100) and 0 < exact < 100:
        return False  # 1.493 of 1.500 is not «100%»: the app writes 99,5%
    step = 10.0 ** -len(frac) if frac else 1.0
    return abs(exact - written) < step
