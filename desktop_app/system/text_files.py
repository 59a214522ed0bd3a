"""Read a text file an official wrote, in whichever way Windows saved it.

Officials make their lists (the units of a roll-up, the units' predecessors) in Notepad or copy
them out of Excel, and Windows saves text in several ways:

- Notepad's «UTF-8» (Windows 10 on), «UTF-8 with BOM», «Unicode» (UTF-16 LE with a BOM) and
  «Unicode big endian»; Excel's «Save as › Unicode Text» (UTF-16 LE, cells split by tabs);
- «ANSI»: the code page of the system's locale. A Vietnamese Windows writes code page 1258,
  with a tone as a combining mark after its letter («Hòa» is ``Ho`` + U+0300 + ``a``); an
  English one writes 1252, which holds «à á â ã è é ê ì í ò ó ô õ ù ú ý» and nothing else of
  Vietnamese: the other letters become «?», and such a file has lost them;
- text typed with the legacy TCVN3 (ABC) or VNI-Windows fonts, in any of the above: converted
  by :func:`desktop_app.legacy_text.detect_and_convert`, as a paste of it is.

:func:`read_text_file` reads them all, within a size limit (:func:`safe_read.read_limited`):
a byte-order mark says UTF-8 or UTF-16; else the text is UTF-8 when it decodes as UTF-8;
else it is read in 1258, in 1252 and as legacy text, and the reading with the most Vietnamese
syllables is kept, provided it has at least as many as words that are not. A file none of these,
or whose letters were lost, is refused with a Vietnamese message that says how to save it again.
The text comes back NFC-normalised.

::

    text = read_text_file(Path("don_vi.txt"), UNIT_LIST_BYTES).text
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from desktop_app.legacy_text import ENCODING_WORDS, detect_and_convert, vietnamese_words
from desktop_app.system.safe_read import UnsafeFileError, read_limited

# The byte-order marks Notepad and Excel write, longest first.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# «ANSI»: a Vietnamese Windows' code page first (it wins a tie), then an English one's.
_CODE_PAGES = (("cp1258", "Windows-1258"), ("cp1252", "Windows-1252"))
# What Windows writes for a letter its code page has not: «?» inside a word («S? T? pháp»).
_LOST_LETTER = re.compile(r"\w\?|\?\w")
_RESAVE = "hãy mở tệp bằng Notepad, chọn File › Save As…, ô Encoding chọn «UTF-8», rồi lưu lại"
_RETYPE = (
    "hãy chép lại danh sách (từ Excel, Word hay văn bản gốc) vào Notepad rồi lưu với "
    "File › Save As…, ô Encoding chọn «UTF-8»"
)


@dataclass(frozen=True)
class TextFile:
    """A text file's content (NFC) and how it was written: «UTF-8», «UTF-16», «Windows-1258»…"""

    text: str
    written_in: str
    converted: bool = False  # from TCVN3 or VNI: ``written_in`` names which

    def notice(self, name: str) -> str:
        """What to tell the official about the reading ("" when there is nothing to tell)."""
        if not self.converted:
            return ""
        return f"Tệp «{name}» được gõ bằng mã {self.written_in}: đã chuyển sang Unicode."


def read_text_file(path: Path, max_bytes: int) -> TextFile:
    """Read the text file an official wrote at ``path``; UnsafeFileError (Vietnamese) when it is
    larger than ``max_bytes``, unreadable, or not text in any way Windows saves it.

    >>> read_text_file(Path("don_vi.txt"), 1 << 20).text  # doctest: +SKIP
    'Sở Tư pháp\\nUBND xã Mỹ Hòa\\n'
    """
    return decode_text(read_limited(path, max_bytes), path.name)


def decode_text(raw: bytes, name: str) -> TextFile:
    """Decode the bytes of the text file ``name`` (see the module's docstring)."""
    for bom, codec, words in _BOMS:
        if raw.startswith(bom):
            return _unicode(raw[len(bom) :], codec, words, name)
    if b"\x00" in raw:  # UTF-16 says so with its mark; anything else with NULs is no text
        raise UnsafeFileError(f"Tệp «{name}» không phải tệp chữ (có lẽ là tệp Word, Excel hay một tệp khác).")
    try:
        return _legacy_checked(raw.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        return _eight_bit(raw, name)


def _unicode(raw: bytes, codec: str, words: str, name: str) -> TextFile:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnsafeFileError(
            f"Tệp «{name}» ghi là chữ {words} nhưng bị hỏng ở byte thứ {exc.start + 1}: {_RESAVE}."
        ) from exc
    return _legacy_checked(text, words)


def _legacy_checked(text: str, written_in: str) -> TextFile:
    """``text`` as Unicode: TCVN3 or VNI text in it (pasted from an old document) converted."""
    converted, legacy = detect_and_convert(text)
    if legacy is None:
        return TextFile(converted, written_in)
    return TextFile(converted, ENCODING_WORDS[legacy], converted=True)


def _eight_bit(raw: bytes, name: str) -> TextFile:
    """An «ANSI» file: the reading (1258, 1252, legacy) that reads most as Vietnamese."""
    _refuse_lost_letters(raw.decode("latin-1"), name)  # «?» is the same byte in every reading
    readings = [TextFile(unicodedata.normalize("NFC", t), w) for t, w in _code_page_readings(raw)]
    legacy = _legacy_checked(raw.decode("latin-1"), "")
    if legacy.converted:
        readings.append(legacy)
    counted = [(vietnamese_words(r.text), r) for r in readings]
    fit = [((good - bad), r) for (good, bad), r in counted if good >= bad]
    if not fit:
        raise UnsafeFileError(
            f"Tệp «{name}» không đọc được thành chữ tiếng Việt: không phải chữ Unicode (UTF-8, "
            "UTF-16), cũng không phải chữ «ANSI» của Windows tiếng Việt (mã 1258). Nếu tệp được "
            f"lưu kiểu «ANSI» trên một máy Windows tiếng Anh, các chữ có dấu đã mất: {_RETYPE}."
        )
    return max(fit, key=lambda f: f[0])[1]  # the first of equals: 1258


def _code_page_readings(raw: bytes) -> list[tuple[str, str]]:
    """The text in each code page that decodes every byte (1252, 1258 leave a few undefined)."""
    readings = []
    for codec, words in _CODE_PAGES:
        try:
            readings.append((raw.decode(codec), words))
        except UnicodeDecodeError:
            continue
    return readings


def _refuse_lost_letters(text: str, name: str) -> None:
    """Refuse text where «?» stands for letters the code page had not (comment lines aside)."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.lstrip().startswith("#") and _LOST_LETTER.search(line):
            raise UnsafeFileError(
                f"Tệp «{name}» được lưu kiểu «ANSI» trên một máy không viết được chữ tiếng Việt: "
                f"các chữ có dấu đã thành «?» (dòng {number}: «{line.strip()[:80]}»): {_RETYPE}."
            )
