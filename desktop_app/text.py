"""Clean text the official typed or pasted, and read the light markup of answers.

Answers may carry these kinds of inline markup, chosen because they are easy to type in
a plain text box:

- ``**chữ đậm**`` for bold, ``*chữ nghiêng*`` for italic, ``***cả hai***`` for both;
- ``[[nội dung chú thích]]`` for a footnote (a real Word footnote in the document).

Stars are markup only in pairs at word boundaries: the opening run starts the text or follows
a space or punctuation, and no space follows it; the closing run has no space before it and ends
the text or comes before a space or punctuation. So ``2*3*4 m2``, ``a * b`` and ``5*`` print as
typed. A backslash before ``*``, ``[`` or ``]`` prints that sign as it is: ``\\*không nghiêng\\*``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

# C0/C1 control characters except tab and line feed; also the Unicode line/paragraph
# separators Excel and web pages paste, and zero-width marks that break Word search; and lone
# UTF-16 surrogates, which cannot be written as XML. One pass over the text removes them all.
_UNWANTED = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\ufeff\ufffe\ud800-\udfff]"
)


# Old-style tone placement ("hoá", "thuỷ"), in lower case, and the new style it is read as.
OLD_TONES = {
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
# A name read for comparison also takes "ð" (the "Ð", U+00D0, a legacy font's conversion leaves
# for "Đ") as "đ".
_ONE_SPELLING = {**OLD_TONES, "ð": "đ"}
_SPELLINGS = re.compile("|".join(_ONE_SPELLING))


def one_spelling(text: str) -> str:
    """``text``, in lower case, with the tone marks placed the new way and "ð" read as "đ": the
    spellings of one name an official may meet ("Mỹ Hoà", "Mỹ Hòa") become one.

    >>> one_spelling("ubnd xã mỹ hoà") == one_spelling("ubnd xã mỹ hòa")
    True
    """
    return _SPELLINGS.sub(lambda m: _ONE_SPELLING[m[0]], text)


# The marks NFD leaves after a letter: those that make another letter of the alphabet (ă â ê ô ơ
# ư: after a, e, o, u in that order), and the tones (ngang, huyền, sắc, hỏi, ngã, nặng).
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}
_TONE_MARKS = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def alphabetical(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """A key that sorts Vietnamese names as a dictionary does: letter by letter in the alphabet's
    order (a ă â b c d đ e ê … o ô ơ … u ư …, case and spaces aside), then by tone marks; a
    number by its value (Phường 2 before Phường 10).

    >>> sorted(["Óc Eo", "Đông Hưng", "Núi Sập", "Ân Hảo", "An Phú"], key=alphabetical)
    ['An Phú', 'Ân Hảo', 'Đông Hưng', 'Núi Sập', 'Óc Eo']
    >>> sorted(["Phường 10", "Phường 2", "Phường 1"], key=alphabetical)
    ['Phường 1', 'Phường 2', 'Phường 10']
    """
    letters: list[int] = []
    tones: list[int] = []
    folded = " ".join(text.casefold().split()).replace("ð", "đ")
    for char in unicodedata.normalize("NFD", _NUMBER_RUN.sub(_by_length, folded)):
        if char in _LETTER_MARKS and letters:
            letters[-1] += _LETTER_MARKS[char]
        elif char in _TONE_MARKS and tones:
            tones[-1] = _TONE_MARKS[char]
        elif not unicodedata.combining(char):
            letters.append(ord("d") * 4 + 1 if char == "đ" else ord(char) * 4)
            tones.append(0)
    return tuple(letters), tuple(tones), text


_NUMBER_RUN = re.compile(r"[0-9]+")
_LENGTHS = "".join(chr(ord("0") - 16 + n) for n in range(1, 16))  # below "0": before any digit


def _by_length(run: re.Match[str]) -> str:
    """A number as its count of digits, then its digits: 2 sorts before 10 as text does not."""
    digits = run[0].lstrip("0") or "0"
    return _LENGTHS[min(len(digits), len(_LENGTHS)) - 1] + digits


def clean(text: str) -> str:
    """Return ``text`` NFC-normalised, without control characters, with \\n line ends.

    >>> clean("Ho\\u0302\\u0300 so\\u031b\\r\\n\\x07A")
    'Hồ sơ\\nA'
    """
    if text.isprintable():  # most texts: every character removed or changed here is unprintable
        return unicodedata.normalize("NFC", text)  # (a scan in C, many times faster than the pattern)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _UNWANTED.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_value(value: object) -> object:
    """Clean every string inside ``value`` (nested lists and dicts too)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, dict):
        return {k: clean_value(v) for k, v in value.items()}
    return value


def paragraphs(text: str) -> list[str]:
    """Split a multi-paragraph answer into non-empty paragraphs (one per line)."""
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


def fold(text: str) -> str:
    """Return ``text`` lower-cased without diacritics, for searching ("Kiểm" -> "kiem")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def finds(query: str, text: str) -> bool:
    """True when ``text`` holds ``query``, as an official searches: typed without diacritics it
    finds them all ("phu an" finds "Phú An"); typed with them, only those ("Phú" is not "phụ"),
    in any of their spellings ("Mỹ Hòa" finds "Mỹ Hoà")."""
    wanted = " ".join(query.split())
    if not wanted:
        return True
    if fold(wanted) == wanted.casefold():
        return fold(wanted) in fold(" ".join(text.split()))
    return one_form(wanted) in one_form(text)


def one_form(name: str) -> str:
    """``name`` with its marks, in one form: lower case, single spaces, NFC, the tone marks placed
    one way and a legacy font's "Ð" read as "đ" ("Mỹ  Hoà" and "mỹ hòa" give one form)."""
    return one_spelling(" ".join(unicodedata.normalize("NFC", name).casefold().split()))


def list_line(line: str) -> str:
    """A line of a list (Kính gửi, Nơi nhận) without the dash and the closing sign an official may
    have typed around it: «- UBND tỉnh An Giang;» gives «UBND tỉnh An Giang»."""
    return line.strip().lstrip("-–•+ ").rstrip(";.,: ").strip()


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph: plain text with its style, or a footnote."""

    text: str
    bold: bool = False
    italic: bool = False
    footnote: bool = False


# Escapes, runs of stars, footnote brackets: what markup is made of.
_TOKEN = re.compile(r"\\[*\[\]]|\*+|\[\[|\]\]")
_ESCAPED = re.compile(r"\\([*\[\]])")
_EMPHASIS = {"*": (False, True), "**": (True, False), "***": (True, True)}  # bold, italic


def unescape(text: str) -> str:
    """Return ``text`` with the backslash of ``\\*``, ``\\[`` and ``\\]`` removed."""
    return _ESCAPED.sub(r"\1", text)


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _can_open(text: str, start: int, end: int) -> bool:
    """A run of stars opens when it starts the text or follows a space or punctuation,
    and a non-space follows it."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return bool(after) and not after.isspace() and not (_word(before) or before in ("*", "\\"))


def _can_close(text: str, start: int, end: int) -> bool:
    """A run of stars closes when it follows a non-space and ends the text or comes before
    a space or punctuation."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return bool(before) and not before.isspace() and before != "\\" and not _word(after)


def _pairs(text: str) -> list[tuple[int, int, int, int, str]]:
    """Return (open start, body start, body end, close end, delimiter) of each markup pair.

    Linear in the text (a closer is found by bisection), so a pasted line of thousands of
    unpaired stars or brackets costs no more than reading it.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    closers: dict[str, list[int]] = {"]]": [], "*": [], "**": [], "***": []}
    next_star: list[int] = [len(tokens)] * len(tokens)
    following = len(tokens)
    for i in range(len(tokens) - 1, -1, -1):
        next_star[i] = following
        start, end, token = tokens[i]
        if token.startswith("*"):
            following = i
    for i, (start, end, token) in enumerate(tokens):
        if token == "]]" or (token in _EMPHASIS and _can_close(text, start, end)):
            closers[token].append(i)
    pairs = []
    i = 0
    while i < len(tokens):
        start, end, token = tokens[i]
        j: int | None = None
        if token == "[[":
            j = _first_after(closers["]]"], i)
        elif token in _EMPHASIS and _can_open(text, start, end):
            j = _first_after(closers[token], i)
            if token == "*" and j is not None and next_star[i] != j:
                j = None  # italics hold no other star
        if j is None:
            i += 1
            continue
        pairs.append((start, end, tokens[j][0], tokens[j][1], token))
        i = j + 1
    return pairs


def _first_after(indexes: list[int], i: int) -> int | None:
    at = bisect.bisect_right(indexes, i)
    return indexes[at] if at < len(indexes) else None


def spans(paragraph: str) -> list[Span]:
    """Split one paragraph into spans according to the inline markup.

    >>> [s.text for s in spans("Diện tích 2*3*4 m2, *rất* lớn")]
    ['Diện tích 2*3*4 m2, ', 'rất', ' lớn']
    """
    out: list[Span] = []
    pos = 0
    for start, body_start, body_end, end, token in _pairs(paragraph):
        if start > pos:
            out.append(Span(unescape(paragraph[pos:start])))
        body = unescape(paragraph[body_start:body_end])
        if token == "[[":
            out.append(Span(body.strip(), footnote=True))
        else:
            bold, italic = _EMPHASIS[token]
            out.append(Span(body, bold=bold, italic=italic))
        pos = end
    if pos < len(paragraph):
        out.append(Span(unescape(paragraph[pos:])))
    return out


def plain(paragraph: str) -> str:
    """Return the paragraph's text without markup and without footnotes."""
    return "".join(s.text for s in spans(paragraph) if not s.footnote)


def ensure_final_mark(text: str) -> str:
    """End the body's last paragraph with "./." as Nghị định 30 documents do."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in "./ ":
        stripped = stripped[:-1].rstrip()
    return stripped + "./."
