"""Legacy Vietnamese encodings (TCVN3/ABC, VNI-Windows) pasted as mojibake.

The encoders here are written independently of the module: TCVN3 from its published byte
table, VNI from the decomposition of each letter (base + mark + tone), so the round trips
check the module's tables rather than repeat them.
"""

from __future__ import annotations

import unicodedata

import pytest

from desktop_app.legacy_text import detect_and_convert, tcvn3_to_unicode, vni_to_unicode

# --- the alphabet ------------------------------------------------------------------------
SAC, HUYEN, HOI, NGA, NANG = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
TONES = (SAC, HUYEN, HOI, NGA, NANG)
BASES = "aăâeêioôơuưy"
LOWER = [b for b in BASES if not b.isascii()]
LOWER += [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES]
LOWER += ["đ"]
UPPER = [ch.upper() for ch in LOWER]
ALPHABET = LOWER + UPPER

# --- TCVN3: one byte per letter (read as Latin-1), capitals only for Ă Â Đ Ê Ô Ơ Ư ----------
TCVN3_BYTES = {
    "à": 0xB5, "á": 0xB8, "ả": 0xB6, "ã": 0xB7, "ạ": 0xB9,
    "ă": 0xA8, "ằ": 0xBB, "ắ": 0xBE, "ẳ": 0xBC, "ẵ": 0xBD, "ặ": 0xC6,
    "â": 0xA9, "ầ": 0xC7, "ấ": 0xCA, "ẩ": 0xC8, "ẫ": 0xC9, "ậ": 0xCB,
    "đ": 0xAE,
    "è": 0xCC, "é": 0xD0, "ẻ": 0xCE, "ẽ": 0xCF, "ẹ": 0xD1,
    "ê": 0xAA, "ề": 0xD2, "ế": 0xD5, "ể": 0xD3, "ễ": 0xD4, "ệ": 0xD6,
    "ì": 0xD7, "í": 0xDD, "ỉ": 0xD8, "ĩ": 0xDC, "ị": 0xDE,
    "ò": 0xDF, "ó": 0xE3, "ỏ": 0xE1, "õ": 0xE2, "ọ": 0xE4,
    "ô": 0xAB, "ồ": 0xE5, "ố": 0xE8, "ổ": 0xE6, "ỗ": 0xE7, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ớ": 0xED, "ở": 0xEB, "ỡ": 0xEC, "ợ": 0xEE,
    "ù": 0xEF, "ú": 0xF3, "ủ": 0xF1, "ũ": 0xF2, "ụ": 0xF4,
    "ư": 0xAD, "ừ": 0xF5, "ứ": 0xF8, "ử": 0xF6, "ữ": 0xF7, "ự": 0xF9,
    "ỳ": 0xFA, "ý": 0xFD, "ỷ": 0xFB, "ỹ": 0xFC, "ỵ": 0xFE,
    "Ă": 0xA1, "Â": 0xA2, "Đ": 0xA7, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6,
}  # fmt: skip


def tcvn3_encode(text: str) -> str:
    """A toned capital has no TCVN3 code: it is typed with its lowercase code."""
    out = []
    for ch in text:
        code = TCVN3_BYTES.get(ch, TCVN3_BYTES.get(ch.lower()))
        out.append(chr(code) if code is not None else ch)
    return "".join(out)


def tcvn3_expected(text: str) -> str:
    """What TCVN3 can give back: toned capitals come back lowercase."""
    return "".join(ch.lower() if ch not in TCVN3_BYTES and ch.lower() in TCVN3_BYTES else ch for ch in text)


# --- VNI-Windows: base letter + one modifier per mark/tone, a few single characters --------
VNI_PLAIN = {SAC: "ù", HUYEN: "ø", HOI: "û", NGA: "õ", NANG: "ï"}
VNI_CIRCUMFLEX = {None: "â", SAC: "á", HUYEN: "à", HOI: "å", NGA: "ã", NANG: "ä"}
VNI_BREVE = {None: "ê", SAC: "é", HUYEN: "è", HOI: "ú", NGA: "ü", NANG: "ë"}
VNI_I = {SAC: "í", HUYEN: "ì", HOI: "æ", NGA: "ó", NANG: "ò"}
VNI_HORN = {"o": "ô", "u": "ö"}


def vni_letter(ch: str) -> str:
    lower = ch.lower()
    if lower == "đ":
        code = "ñ"
    else:
        decomposed = unicodedata.normalize("NFD", lower)
        base, marks = decomposed[0], decomposed[1:]
        tone = next((m for m in marks if m in TONES), None)
        shape = next((m for m in marks if m not in TONES), None)
        if base == "i" and tone:
            code = VNI_I[tone]
        elif base == "y" and tone == NANG:
            code = "î"
        elif shape == "\u031b":  # horn: ơ ư
            code = VNI_HORN[base] + (VNI_PLAIN[tone] if tone else "")
        elif shape == "\u0302":  # circumflex: â ê ô
            code = base + VNI_CIRCUMFLEX[tone]
        elif shape == "\u0306":  # breve: ă
            code = base + VNI_BREVE[tone]
        else:
            code = base + (VNI_PLAIN[tone] if tone else "")
    return code.upper() if ch.isupper() else code


def vni_encode(text: str) -> str:
    return "".join(vni_letter(ch) if ch in ALPHABET else ch for ch in text)


PHRASES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Kiểm soát thủ tục hành chính",
    "Ủy ban nhân dân tỉnh Quảng Ngãi",
    "Số hồ sơ đã giải quyết: 22.278",
]


# --- tables ------------------------------------------------------------------------------
def test_alphabet_has_67_letters_each_way() -> None:
    assert len(set(LOWER)) == 67 and len(set(UPPER)) == 67
    assert all(len(ch) == 1 and not ch.isascii() for ch in ALPHABET)
    assert set(LOWER) <= set(TCVN3_BYTES)
    assert len(set(TCVN3_BYTES.values())) == len(TCVN3_BYTES) == 74


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_every_lowercase_letter(letter: str) -> None:
    assert tcvn3_to_unicode(chr(TCVN3_BYTES[letter])) == letter
    assert tcvn3_to_unicode("x" + tcvn3_encode(letter) + "n") == "x" + letter + "n"


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_every_capital_letter(letter: str) -> None:
    decoded = tcvn3_to_unicode(tcvn3_encode(letter))
    if letter in "ĂÂĐÊÔƠƯ":
        assert decoded == letter
    else:  # no such capital in TCVN3: the capital font drew it from the lowercase code
        assert decoded == letter.lower()


@pytest.mark.parametrize("letter", ALPHABET)
def test_vni_every_letter(letter: str) -> None:
    assert vni_to_unicode(vni_letter(letter)) == letter
    assert vni_to_unicode("x" + vni_letter(letter) + "n") == "x" + letter + "n"


def test_whole_alphabet_round_trips() -> None:
    text = "".join(ALPHABET)
    assert vni_to_unicode(vni_encode(text)) == text
    assert tcvn3_to_unicode(tcvn3_encode(text)) == tcvn3_expected(text)


def test_converters_keep_what_is_not_a_legacy_letter() -> None:
    plain = "Hello, world! 123 - (a/b) @ #"
    assert tcvn3_to_unicode(plain) == plain
    assert vni_to_unicode(plain) == plain
    assert tcvn3_to_unicode("25°C") == "25°C"  # ° is no TCVN3 code
    assert tcvn3_to_unicode("ng\u00adêi") == "người"  # the soft hyphen is ư
    assert vni_to_unicode("Bộ Nội vụ") == "Bộ Nội vụ"


def test_vni_tolerates_mixed_case_modifiers_and_yi() -> None:
    assert vni_to_unicode("Aù") == "Á"
    assert vni_to_unicode("aÙ") == "á"
    assert vni_to_unicode("yï") == "ỵ"


# --- detection: legacy text --------------------------------------------------------------
def test_examples_from_pasted_word_documents() -> None:
    assert detect_and_convert("Thñ tôc hµnh chÝnh") == ("Thủ tục hành chính", "TCVN3")
    assert detect_and_convert("Thuû tuïc haønh chính") == ("Thủ tục hành chính", "VNI")


@pytest.mark.parametrize("phrase", PHRASES)
def test_tcvn3_phrase_detected_and_converted(phrase: str) -> None:
    legacy = tcvn3_encode(phrase)
    assert legacy != phrase
    assert detect_and_convert(legacy) == (tcvn3_expected(phrase), "TCVN3")


@pytest.mark.parametrize("phrase", PHRASES)
def test_vni_phrase_detected_and_converted(phrase: str) -> None:
    legacy = vni_encode(phrase)
    assert legacy != phrase
    assert detect_and_convert(legacy) == (phrase, "VNI")


def test_ủy_in_tcvn3_comes_back_lowercase() -> None:
    assert detect_and_convert(tcvn3_encode("Ủy ban nhân dân")) == ("ủy ban nhân dân", "TCVN3")


def test_all_capitals_heading() -> None:
    heading = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert detect_and_convert(vni_encode(heading)) == (heading, "VNI")
    assert tcvn3_encode(heading) == "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM"
    assert detect_and_convert(tcvn3_encode(heading)) == ("CộNG HòA Xã HộI CHủ NGHĩA VIệT NAM", "TCVN3")


def test_legacy_document_with_plain_lines() -> None:
    lines = [*PHRASES, "", "Email: vanthu@quangngai.gov.vn", "UBND - 2024"]
    unicode_line = "\nBộ Nội vụ"  # already Unicode: left alone
    tcvn3 = "\n".join(tcvn3_encode(line) for line in lines) + unicode_line
    vni = "\n".join(vni_encode(line) for line in lines) + unicode_line
    assert detect_and_convert(tcvn3) == ("\n".join(map(tcvn3_expected, lines)) + unicode_line, "TCVN3")
    assert detect_and_convert(vni) == ("\n".join(lines) + unicode_line, "VNI")


def test_one_legacy_word_alone_is_not_enough() -> None:
    # False positives are worse than misses: one word could be chance.
    assert detect_and_convert("hµnh") == ("hµnh", None)


# --- detection: text that must stay as it is ---------------------------------------------
UNCHANGED = [
    *PHRASES,
    *(p.upper() for p in PHRASES),
    "Tôi có ý kiến về hồ sơ này, các bạn xem ở đó.",
    "Kích thước hạt 5µm; nhiệt độ 25°C.",
    "The quick brown fox jumps over the lazy dog.",
    "Please send the report by Friday, 5 June 2024.",
    "© 2024 Bộ Nội vụ",
    "µm",
    "5µm and 10µm",
    "25°C",
    "vanthu@quangngai.gov.vn",
    "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
    "Il est où ? Je suis à Paris, près de la gare, très bien, déjà vu.",
    "Die Mädchen für Zürich: schön, müde, Öl, Bär.",
    "El señor José vive en São Paulo; mañana, año, niño.",
    "Home · About · Contact",
    "«Báo cáo» tháng «Mười»",
    "",
    "22.278",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_unicode_and_plain_text_unchanged(text: str) -> None:
    assert detect_and_convert(text) == (text, None)


@pytest.mark.parametrize("phrase", PHRASES)
def test_decomposed_unicode_comes_back_composed(phrase: str) -> None:
    assert detect_and_convert(unicodedata.normalize("NFD", phrase)) == (phrase, None)


# --- mixed text --------------------------------------------------------------------------
def test_mixed_lines_convert_only_the_legacy_line() -> None:
    unicode_line = "Kiểm soát thủ tục hành chính năm 2024."
    legacy_line = tcvn3_encode("Số hồ sơ đã giải quyết trong năm là 22.278 hồ sơ.")
    out, enc = detect_and_convert(unicode_line + "\n" + legacy_line)
    assert (out, enc) == (unicode_line + "\nSố hồ sơ đã giải quyết trong năm là 22.278 hồ sơ.", "TCVN3")


def test_mixed_line_mostly_unicode_is_left_alone() -> None:
    text = "Báo cáo kết quả kiểm soát thủ tục hành chính như sau: " + tcvn3_encode("Số hồ sơ đã giải quyết")
    assert detect_and_convert(text) == (text, None)


def test_mixed_line_mostly_legacy_is_converted_keeping_unicode_words() -> None:
    text = "Bộ Nội vụ: " + tcvn3_encode("Số hồ sơ đã giải quyết trong năm là 22.278 hồ sơ, đạt tỷ lệ cao")
    expected = "Bộ Nội vụ: Số hồ sơ đã giải quyết trong năm là 22.278 hồ sơ, đạt tỷ lệ cao"
    assert detect_and_convert(text) == (expected, "TCVN3")
    # "soát" is valid only as Unicode, so it is kept even though á is a TCVN3 code (ỏ).
    text = "soát: " + tcvn3_encode("Số hồ sơ đã giải quyết trong năm là 22.278 hồ sơ")
    assert detect_and_convert(text)[0] == "soát: Số hồ sơ đã giải quyết trong năm là 22.278 hồ sơ"
