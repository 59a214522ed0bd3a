"""Recognise Vietnamese text typed in the legacy 8-bit encodings and convert it to Unicode.

Old Word documents were typed with TCVN3 (ABC) fonts (``.VnTime``, ``.VnArial``…) or
VNI-Windows fonts (``VNI-Times``…). Copied as plain text, each byte arrives as the
Windows-1252 / Latin-1 character with the same code, so "Thủ tục hành chính" pastes as
``Thñ tôc hµnh chÝnh`` (TCVN3) or ``Thuû tuïc haønh chính`` (VNI).

- **TCVN3** gives every Vietnamese letter one byte: ``¸`` = á, ``µ`` = à, ``­`` (the soft
  hyphen U+00AD) = ư, ``®`` = đ… It has capitals only for Ă Â Đ Ê Ô Ơ Ư; a capital with a
  tone was drawn by an all-capitals font variant (``.VnTimeH``) from the *lowercase* code,
  so it comes out lowercase here (``CéNG`` → "CộNG") and is kept lowercase.
- **VNI-Windows** writes the base letter followed by one modifier character that carries
  the mark and/or tone (``aù`` = á, ``aâ`` = â, ``aá`` = ấ, ``aê`` = ă, ``aé`` = ắ…), with
  single characters for ơ (``ô``), ư (``ö``), đ (``ñ``), the toned i (``í ì æ ó ò``) and
  ỵ (``î``); capitals use the Latin-1 capital of each character (``AÙ`` = Á, ``Ñ`` = Đ).

The tables below are the source of truth; they agree with the VnConv tables of UniKey
(``unikey/data.cpp`` of fcitx5-unikey) and with other public converters.

Detection (:func:`detect_and_convert`) works word by word, because false positives are
worse than misses:

1. The text is NFC-normalised; e-mail addresses and URLs are ignored.
2. Every word (run of letters, including the Latin-1 characters the legacy encodings use
   as letters) is read three ways: as it is (Unicode), decoded as TCVN3 and decoded as
   VNI. A reading is *valid* when it is one well-formed Vietnamese syllable: a known
   initial consonant, a known rhyme (vần), at most one tone, a stop final (c, ch, p, t)
   only with sắc or nặng, and the c/k, g/gh, ng/ngh spelling rules; the as-is reading must
   also be lowercase, capitalised or all capitals. A legacy reading is invalid if a Latin-1
   character is left over (a code the encoding does not use).
3. A word is evidence *for* an encoding when its legacy reading is valid, its Unicode
   reading is not and it contains an ASCII letter (so a lone "·" or "«" proves nothing).
   A word is evidence *against* it when its Unicode reading is valid and the legacy one is
   not ("hành", "soát"), when it has letters beyond Latin-1 ("Bộ", "đã": legacy text never
   has them) or when it is an ordinary ASCII word that is not Vietnamese ("and", "email").
   Words valid both ways ("tôi", "có") or in no way count for nothing.
4. The encoding with more evidence is the candidate (a tie converts nothing). Where the
   whole text has at least 2 words for it and more than twice as many for as against, every
   line is converted except lines with more surely-Unicode words than legacy ones;
   otherwise only the lines that pass the same test on their own are converted. Within a
   converted line, words that are unambiguously Unicode (letters beyond Latin-1, or valid
   only as Unicode) are left alone.

So a Unicode paragraph followed by a pasted TCVN3 paragraph comes back with only the
TCVN3 paragraph converted; a single line mixing both is converted only if its legacy
words outnumber the Unicode ones more than twice, and then its Unicode words are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

__all__ = [
    "ENCODING_WORDS",
    "Encoding",
    "detect_and_convert",
    "tcvn3_to_unicode",
    "vietnamese_words",
    "vni_to_unicode",
]

Encoding = Literal["TCVN3", "VNI"]
# Each encoding as officials know it (the name of its typing method and fonts).
ENCODING_WORDS: Final[dict[Encoding, str]] = {"TCVN3": "TCVN3 (ABC)", "VNI": "VNI-Windows"}

# ---------------------------------------------------------------------------------------
# Source of truth. One row per lowercase vowel, tones in the order
# ngang (none), sắc, huyền, hỏi, ngã, nặng; then đ. Columns: the Unicode letters, the
# TCVN3 byte of each (hex; 61/65/69/6F/75/79 are the plain ASCII vowels), and the
# VNI-Windows sequence of each (capitals: every character upper-cased).
_ROWS: Final[tuple[tuple[str, str, str], ...]] = (
    ("aáàảãạ", "61 B8 B5 B6 B7 B9", "a aù aø aû aõ aï"),
    ("ăắằẳẵặ", "A8 BE BB BC BD C6", "aê aé aè aú aü aë"),
    ("âấầẩẫậ", "A9 CA C7 C8 C9 CB", "aâ aá aà aå aã aä"),
    ("eéèẻẽẹ", "65 D0 CC CE CF D1", "e eù eø eû eõ eï"),
    ("êếềểễệ", "AA D5 D2 D3 D4 D6", "eâ eá eà eå eã eä"),
    ("iíìỉĩị", "69 DD D7 D8 DC DE", "i í ì æ ó ò"),
    ("oóòỏõọ", "6F E3 DF E1 E2 E4", "o où oø oû oõ oï"),
    ("ôốồổỗộ", "AB E8 E5 E6 E7 E9", "oâ oá oà oå oã oä"),
    ("ơớờởỡợ", "AC ED EA EB EC EE", "ô ôù ôø ôû ôõ ôï"),
    ("uúùủũụ", "75 F3 EF F1 F2 F4", "u uù uø uû uõ uï"),
    ("ưứừửữự", "AD F8 F5 F6 F7 F9", "ö öù öø öû öõ öï"),
    ("yýỳỷỹỵ", "79 FD FA FB FC FE", "y yù yø yû yõ î"),
    ("đ", "AE", "ñ"),
)
# The only capitals TCVN3 has.
_TCVN3_CAPITALS: Final = ("ĂÂĐÊÔƠƯ", "A1 A2 A7 A3 A4 A5 A6")

_LATIN1_HIGH = "\u00a0-\u00ff"


def _build_tcvn3() -> dict[str, str]:
    table: dict[str, str] = {}
    rows = [(letters, codes) for letters, codes, _vni in _ROWS]
    for letters, codes in [*rows, _TCVN3_CAPITALS]:
        for letter, code in zip(letters, codes.split(), strict=True):
            byte = chr(int(code, 16))
            if byte.isascii():  # the plain vowels a e i o u y
                continue
            table[byte] = letter  # ý is 0xFD: maps to itself but is a TCVN3 code
    return table


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for letters, _codes, sequences in _ROWS:
        for letter, seq in zip(letters, sequences.split(), strict=True):
            if not seq.isascii():  # í and ì map to themselves but are VNI codes
                table[seq] = letter
                table[seq.upper()] = letter.upper()
    # Tolerated variants seen in real files: a capital base with a lowercase modifier
    # (and the reverse), and "yï" for ỵ instead of the standard single "î".
    for seq, letter in list(table.items()):
        if len(seq) == 2:
            table.setdefault(seq[0] + seq[1].swapcase(), letter)
    for seq, letter in (("yï", "ỵ"), ("YÏ", "Ỵ"), ("Yï", "Ỵ"), ("yÏ", "ỵ")):
        table.setdefault(seq, letter)
    return table


def _build_tones() -> dict[str, tuple[str, int]]:
    """Lowercase toned vowel -> (the vowel without tone, tone 1..5)."""
    tones: dict[str, tuple[str, int]] = {}
    for letters, _codes, _vni in _ROWS:
        for tone, letter in enumerate(letters[1:], start=1):
            tones[letter] = (letters[0], tone)
    return tones


_TCVN3_TO_UNICODE: Final[dict[str, str]] = _build_tcvn3()
_VNI_TO_UNICODE: Final[dict[str, str]] = _build_vni()
_TONES: Final[dict[str, tuple[str, int]]] = _build_tones()

_TCVN3_TRANSLATE: Final = str.maketrans(_TCVN3_TO_UNICODE)
_VNI_SEQUENCE: Final = re.compile(
    "|".join(re.escape(s) for s in sorted(_VNI_TO_UNICODE, key=len, reverse=True))
)
_LATIN1_CHAR: Final = re.compile(f"[{_LATIN1_HIGH}]")


def _vni_replace(match: re.Match[str]) -> str:
    return _VNI_TO_UNICODE[match.group()]


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC) text, as pasted through Latin-1/cp1252, to NFC Unicode.

    Characters that are not TCVN3 letter codes are kept. Capitals with a tone do not exist
    in TCVN3 and come out lowercase.

    >>> tcvn3_to_unicode("Thñ tôc hµnh chÝnh")
    'Thủ tục hành chính'
    """
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TRANSLATE))


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text, as pasted through Latin-1/cp1252, to NFC Unicode.

    >>> vni_to_unicode("Thuû tuïc haønh chính")
    'Thủ tục hành chính'
    """
    return unicodedata.normalize("NFC", _VNI_SEQUENCE.sub(_vni_replace, text))


# ---------------------------------------------------------------------------------------
# Vietnamese syllable check, used only to weigh the evidence.
_INITIALS: Final = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
    "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
# Every rhyme (vần) without its tone.
_RHYME_LIST: Final = """
    a ac ach ai am an ang anh ao ap at au ay
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot ooc oong
    oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u uc ui um un ung up ut
    ua uân uâng uât uây uê uêch uênh uơ uy uya uych uyên uyêt uynh uyt uyu
    uôc uôi uôm uôn uông uôt
    ư ưa ưc ưi ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêt yêu ynh yt ych
"""
_RHYMES: Final = frozenset(_RHYME_LIST.split())
# Rhymes that start with y take no initial consonant except qu (yên, quyết, quýnh).
_Y_RHYMES: Final = frozenset(r for r in _RHYMES if r.startswith("y") and r != "y")
_STOP_FINALS: Final = ("c", "ch", "p", "t")
_FRONT = "eêiy"


def _initial_fits(initial: str, rhyme: str) -> bool:
    first = rhyme[0]
    if initial in ("c", "ng"):
        return first not in (_FRONT if initial == "c" else "eêi")
    if initial in ("k", "gh", "ngh"):
        return first in (_FRONT if initial == "k" else "eêi")
    if initial == "g":
        return first not in "eê"
    if initial == "qu":
        return first not in "uo"
    return not (rhyme in _Y_RHYMES and initial != "")


@lru_cache(maxsize=8192)
def _is_syllable(word: str) -> bool:
    """True when the lowercase ``word`` is one well-formed Vietnamese syllable."""
    tone = 0
    bare: list[str] = []
    for ch in word:
        toned = _TONES.get(ch)
        if toned is None:
            bare.append(ch)
            continue
        if tone:
            return False
        bare.append(toned[0])
        tone = toned[1]
    plain = "".join(bare)
    for initial in _INITIALS:
        if not plain.startswith(initial):
            continue
        rhyme = plain[len(initial) :]
        if rhyme not in _RHYMES or not _initial_fits(initial, rhyme):
            continue
        if rhyme.endswith(_STOP_FINALS) and tone not in (1, 5):
            continue
        return True
    return False


def _is_unicode_syllable(word: str) -> bool:
    lower = word.lower()
    cased = word in (lower, word.upper()) or word[1:] == lower[1:]
    return cased and _is_syllable(lower)


def _tcvn3_reading(word: str) -> str | None:
    if any("\u00a0" <= ch <= "\u00ff" and ch not in _TCVN3_TO_UNICODE for ch in word):
        return None
    return word.translate(_TCVN3_TRANSLATE)


def _vni_reading(word: str) -> str | None:
    if _LATIN1_CHAR.search(_VNI_SEQUENCE.sub("", word)):
        return None
    return _VNI_SEQUENCE.sub(_vni_replace, word)


def vietnamese_words(text: str) -> tuple[int, int]:
    """Count the words of ``text`` with letters beyond ASCII: (Vietnamese syllables, others).

    How a text decoded one way or another is told to read as Vietnamese: «Hòa Bình» read in
    the wrong code page is «Ḥa B\u0301nh», two words that are not syllables.

    >>> vietnamese_words("UBND xã Hòa Bình")
    (3, 0)
    """
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if not w.isascii()]
    good = sum(_is_unicode_syllable(w) for w in words)
    return good, len(words) - good


_READERS: Final[dict[Encoding, Callable[[str], str | None]]] = {
    "TCVN3": _tcvn3_reading,
    "VNI": _vni_reading,
}
_CONVERTERS: Final[dict[Encoding, Callable[[str], str]]] = {
    "TCVN3": tcvn3_to_unicode,
    "VNI": vni_to_unicode,
}

# Letters as the legacy encodings see them: ASCII, every Latin-1 character from ¡ on
# (TCVN3 uses ¸ µ · « ¬ ­ § × ÷… as letters), Latin Extended and combining marks.
_WORD: Final = re.compile("[A-Za-z\u00a1-\u00ff\u0100-\u024f\u0300-\u036f\u1e00-\u1eff]+")
_IGNORED: Final = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+", re.IGNORECASE)
_ASCII_LETTER: Final = re.compile("[A-Za-z]")

_MIN_EVIDENCE: Final = 2
_DOMINANCE: Final = 2

# What one word says about one encoding.
_FOR, _UNICODE, _FOREIGN, _NOTHING = range(4)


@dataclass(slots=True)
class _Tally:
    """Words for one encoding in some text, and words against it by kind."""

    legacy: int = 0  # valid only as this encoding
    unicode: int = 0  # surely Unicode: letters beyond Latin-1, or valid only as Unicode
    foreign: int = 0  # ordinary ASCII words that are not Vietnamese

    def add(self, other: _Tally) -> None:
        self.legacy += other.legacy
        self.unicode += other.unicode
        self.foreign += other.foreign

    def dominates(self) -> bool:
        return self.legacy >= _MIN_EVIDENCE and self.legacy > _DOMINANCE * (self.unicode + self.foreign)


@lru_cache(maxsize=8192)
def _classify(word: str) -> dict[Encoding, tuple[int, bool]]:
    """Per encoding: (what ``word`` says, whether to leave it alone when converting)."""
    if any(ord(ch) > 0xFF for ch in word):
        return dict.fromkeys(_READERS, (_UNICODE, True))
    if word.isascii():
        foreign = len(word) > 1 and not word.isupper() and not _is_unicode_syllable(word)
        return dict.fromkeys(_READERS, (_FOREIGN if foreign else _NOTHING, False))
    as_unicode = _is_unicode_syllable(word)
    has_ascii = _ASCII_LETTER.search(word) is not None
    result: dict[Encoding, tuple[int, bool]] = {}
    for enc, reader in _READERS.items():
        reading = reader(word)
        as_legacy = reading is not None and _is_syllable(reading.lower())
        if as_legacy and not as_unicode and has_ascii:
            result[enc] = (_FOR, False)
        elif as_unicode and not as_legacy:
            result[enc] = (_UNICODE, True)
        else:
            result[enc] = (_NOTHING, False)
    return result


def _score(line: str) -> dict[Encoding, _Tally]:
    tallies = {enc: _Tally() for enc in _READERS}
    for match in _WORD.finditer(_IGNORED.sub(" ", line)):
        for enc, (kind, _keep) in _classify(match.group()).items():
            tally = tallies[enc]
            if kind == _FOR:
                tally.legacy += 1
            elif kind == _UNICODE:
                tally.unicode += 1
            elif kind == _FOREIGN:
                tally.foreign += 1
    return tallies


def _convert_line(line: str, enc: Encoding) -> str:
    convert = _CONVERTERS[enc]

    def one(match: re.Match[str]) -> str:
        word = match.group()
        return word if _classify(word)[enc][1] else convert(word)

    return _WORD.sub(one, line)


def detect_and_convert(text: str) -> tuple[str, Encoding | None]:
    """Return (``text`` as NFC Unicode, the legacy encoding converted from, or None).

    Text that is already Unicode, plain ASCII or not clearly legacy Vietnamese comes back
    unchanged (NFC-normalised) with None. See the module docstring for the heuristic.

    >>> detect_and_convert("Thñ tôc hµnh chÝnh")
    ('Thủ tục hành chính', 'TCVN3')
    >>> detect_and_convert("Thuû tuïc haønh chính")
    ('Thủ tục hành chính', 'VNI')
    >>> detect_and_convert("© 2024 Bộ Nội vụ")
    ('© 2024 Bộ Nội vụ', None)
    """
    text = unicodedata.normalize("NFC", text)
    lines = text.splitlines(keepends=True)
    scores = [_score(line) for line in lines]
    total = {enc: _Tally() for enc in _READERS}
    for line_score in scores:
        for name, tally in line_score.items():
            total[name].add(tally)

    if total["TCVN3"].legacy == total["VNI"].legacy:
        return text, None
    enc: Encoding = "TCVN3" if total["TCVN3"].legacy > total["VNI"].legacy else "VNI"
    if total[enc].dominates():
        # Legacy text: convert every line but those that lean to Unicode.
        chosen = [line[enc].unicode <= line[enc].legacy for line in scores]
    else:
        chosen = [line[enc].dominates() for line in scores]
    if not any(chosen):
        return text, None
    out = [_convert_line(line, enc) if use else line for line, use in zip(lines, chosen, strict=True)]
    return unicodedata.normalize("NFC", "".join(out)), enc
