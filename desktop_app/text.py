"""Clean text the official typed or pasted, and read the light markup of answers.

Answers may carry these kinds of inline markup, chosen because they are easy to type in
a plain text box and never occur in real report text by accident:

- ``**chữ đậm**`` for bold, ``*chữ nghiêng*`` for italic, ``***cả hai***`` for both;
- ``[[nội dung chú thích]]`` for a footnote (a real Word footnote in the document).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# C0/C1 control characters except tab and line feed; also the Unicode line/paragraph
# separators Excel and web pages paste, and zero-width marks that break Word search.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\ufeff\ufffe]")
# Lone UTF-16 surrogates cannot be written as XML.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(text: str) -> str:
    """Return ``text`` NFC-normalised, without control characters, with \\n line ends.

    >>> clean("Ho\\u0302\\u0300 so\\u031b\\r\\n\\x07A")
    'Hồ sơ\\nA'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("", _CONTROL.sub("", text))
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


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph: plain text with its style, or a footnote."""

    text: str
    bold: bool = False
    italic: bool = False
    footnote: bool = False


_MARKUP = re.compile(
    r"\[\[(?P<fn>.+?)\]\]|\*\*\*(?P<bi>.+?)\*\*\*|\*\*(?P<b>.+?)\*\*|(?<!\*)\*(?P<i>[^*\s][^*]*?)\*(?!\*)"
)


def spans(paragraph: str) -> list[Span]:
    """Split one paragraph into spans according to the inline markup."""
    out: list[Span] = []
    pos = 0
    for match in _MARKUP.finditer(paragraph):
        if match.start() > pos:
            out.append(Span(paragraph[pos : match.start()]))
        if match.group("fn") is not None:
            out.append(Span(match.group("fn").strip(), footnote=True))
        elif match.group("bi") is not None:
            out.append(Span(match.group("bi"), bold=True, italic=True))
        elif match.group("b") is not None:
            out.append(Span(match.group("b"), bold=True))
        else:
            out.append(Span(match.group("i"), italic=True))
        pos = match.end()
    if pos < len(paragraph):
        out.append(Span(paragraph[pos:]))
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
