"""A list an official wrote, saved every way Windows' Notepad and Excel save text, read back whole.

The files are written with Python's codecs as those programs write them: «ANSI» of a Vietnamese
Windows is code page 1258 with each tone a combining mark after its letter; of an English one
1252, where a letter it has not becomes «?».
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import pytest

from desktop_app.system.safe_read import UnsafeFileError
from desktop_app.system.text_files import decode_text, read_text_file

NAMES = "Sở Tư pháp\r\nUBND xã Mỹ Hòa\r\nUBND phường Hòa Bình\r\nỦy ban nhân dân tỉnh Thừa Thiên Huế\r\n"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """``text`` as a Vietnamese Windows saves «ANSI»: a letter 1258 has whole, else the letter
    without its tone followed by the tone as a combining mark («ở» is «ơ» + U+0309)."""
    out = bytearray()
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in parts if c in TONES)
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + tone).encode("cp1258")
    return bytes(out)


SAVED = {
    "Notepad «UTF-8»": NAMES.encode("utf-8"),
    "Notepad «UTF-8 with BOM»": NAMES.encode("utf-8-sig"),
    "Notepad «Unicode»": codecs.BOM_UTF16_LE + NAMES.encode("utf-16-le"),
    "Notepad «Unicode big endian»": codecs.BOM_UTF16_BE + NAMES.encode("utf-16-be"),
    "Notepad «ANSI», Windows tiếng Việt": cp1258(NAMES),
}


@pytest.mark.parametrize("saved", SAVED, ids=range(len(SAVED)))
def test_a_list_saved_by_notepad_in_any_encoding_reads_whole(tmp_path: Path, saved: str) -> None:
    path = tmp_path / "don_vi.txt"
    path.write_bytes(SAVED[saved])
    read = read_text_file(path, 1 << 20)
    assert read.text == NAMES and not read.converted


def test_ansi_of_a_vietnamese_windows_is_read_in_1258_and_composed() -> None:
    raw = cp1258(NAMES)
    assert b"Ho\xcca" in raw  # «Hòa»: «o», then the grave accent as a mark of its own
    read = decode_text(raw, "don_vi.txt")
    assert read.written_in == "Windows-1258" and read.text == NAMES
    assert unicodedata.is_normalized("NFC", read.text)


def test_ansi_of_an_english_windows_is_read_when_it_lost_nothing() -> None:
    """1252 holds «xã», «Hòa», «Bình», «Phú»: a list of such names is whole in it."""
    names = "UBND xã Hòa Bình\nUBND xã Tân Phú\n"
    read = decode_text(names.encode("cp1252"), "ke_thua.txt")
    assert (read.text, read.written_in) == (names, "Windows-1252")


def test_ansi_of_an_english_windows_that_lost_letters_is_refused_with_the_line() -> None:
    raw = NAMES.encode("cp1252", errors="replace")  # what Notepad writes: «S? T? pháp»
    with pytest.raises(UnsafeFileError) as caught:
        decode_text(raw, "don_vi.txt")
    said = str(caught.value)
    assert "các chữ có dấu đã thành «?» (dòng 1: «S? T? pháp»)" in said
    assert "ô Encoding chọn «UTF-8»" in said


def test_a_table_excel_saved_as_unicode_text_keeps_its_tabs() -> None:
    table = "STT\tTên đơn vị\r\n1\tSở Tư pháp\r\n2\tSở Xây dựng\r\n"
    read = decode_text(codecs.BOM_UTF16_LE + table.encode("utf-16-le"), "don_vi.txt")
    assert read.text == table and read.written_in == "UTF-16"


@pytest.mark.parametrize(
    "raw",
    [
        b"S\xeb T\xad ph\xb8p\r\nS\xeb X\xa9y d\xf9ng\r\nUBND x\xb7 T\xa9n Ph\xf3\r\n",  # TCVN3 bytes
        # pasted from an old document into Notepad, saved as UTF-8
        "S\xeb T\xad ph\xb8p\nS\xeb X\xa9y d\xf9ng\nUBND x\xb7 T\xa9n Ph\xf3\n".encode(),
    ],
    ids=["ansi", "utf-8"],
)
def test_a_list_typed_in_tcvn3_is_converted_and_said(raw: bytes) -> None:
    read = decode_text(raw, "don_vi.txt")
    assert read.text.splitlines() == ["Sở Tư pháp", "Sở Xây dựng", "UBND xã Tân Phú"]
    assert read.converted and read.notice("don_vi.txt") == (
        "Tệp «don_vi.txt» được gõ bằng mã TCVN3 (ABC): đã chuyển sang Unicode."
    )


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b"PK\x03\x04\x14\x00\x00\x00", "không phải tệp chữ (có lẽ là tệp Word, Excel"),
        (codecs.BOM_UTF16_LE + "Sở".encode("utf-16-le") + b"\x00\xd8", "ghi là chữ UTF-16 nhưng bị hỏng"),
        (b"\x8a\x8e\x9a\x9e\xd0\xf0\xde\xfe", "không đọc được thành chữ tiếng Việt"),
    ],
    ids=["zip", "broken utf-16", "no text"],
)
def test_what_is_no_text_is_refused_in_vietnamese(raw: bytes, said: str) -> None:
    with pytest.raises(UnsafeFileError, match=re.escape(said)):
        decode_text(raw, "don_vi.txt")


def test_the_size_limit_holds_before_anything_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "don_vi.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + ("Sở Tư pháp\r\n" * 200).encode("utf-16-le"))
    with pytest.raises(UnsafeFileError, match="quá lớn"):
        read_text_file(path, 1024)
