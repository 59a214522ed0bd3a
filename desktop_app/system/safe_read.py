"""Read files that come from elsewhere within limits: one hostile file never freezes or crashes the app.

Everything an official can be handed — an answer file e-mailed by a lower unit, an export package
from another PC, a zip of answer files — is read through here. Each function returns the content or
raises :class:`UnsafeFileError`, whose message is Vietnamese, names the file and says which limit
was passed. Nothing is read before the cheap checks pass (file size, a zip's directory), so a zip
bomb is refused from its directory, not after inflating it.

::

    data = read_json_file(path)                              # an answer file, decoded JSON
    payload = read_json_package(path, "soanbaocao.json")     # that member of a .zip, or a bare .json
    for name, raw in zip_members(path, PACKAGE, suffix=".json"):  # each .json of a zip (a roll-up)
        data = loads_json(raw, f"{path.name} › {name}")

An answer file is then checked by :func:`desktop_app.report.answers.parse_report`; the report
layer's ``load_answer_file(path)`` and ``load_answer_bytes(raw, name)`` do both steps (this
module, below the report layer, knows nothing of reports). A folder of answer files is read file
by file with :func:`read_json_file`; a zip of them with :func:`zip_members` and the
:data:`PACKAGE` limits (1,000 entries, 512 MiB in all), each entry then within
:data:`ANSWER_FILE`'s 16 MiB.

What is refused, and why these limits (:class:`Limits`; :data:`ANSWER_FILE` and :data:`PACKAGE`
are the two sets the app uses for what officials exchange; :data:`TEMPLATE` bounds a Word
template from elsewhere, checked from its directory by :func:`check_zip_bytes`, and a kind
package has its own, smaller set):

- A file larger than ``max_bytes`` (an answer file 16 MiB: the largest real one is under 50 KB;
  a package 512 MiB uncompressed: a ten-year database of 50 units with 6,000 reports and their
  history exports to 355 MB). Checked on the size the file system or the zip directory states,
  then again while reading, so a lying header gains nothing.
- A zip with more than ``max_members`` entries (1,000: a province's communes, several files each),
  counted from the end-of-directory record before Python builds its list of entries.
- A zip entry that inflates more than ``max_ratio`` times (200) once it is over
  ``ratio_floor`` (32 MiB): the ten-year export, near-identical revisions, compresses 114 times;
  a bomb about 1,000 times. Small entries may compress as they like.
- An encrypted entry, or one compressed other than stored or Deflate (PPMd, LZMA, bzip2,
  Deflate64…): Windows' "Send to › Compressed folder" and every zip tool can make a plain one.
- Text that is not UTF-8, JSON that does not parse (with line and column), JSON nested deeper
  than ``max_depth`` (64; an answer file needs 5 levels, a package 9).

Numbers: JSON numbers with a fraction or an exponent and the non-standard ``NaN``, ``Infinity``,
``-Infinity`` decode to :class:`decimal.Decimal` (never a float: ``Decimal("1e999999999")`` takes
a few bytes, where ``int()`` of it runs for minutes); an integer of more than 4,300 digits (Python
will not read one) refuses the file. Whoever expects a figure bounds it with
:func:`desktop_app.vnformat.check_number`, which names the place.
"""

from __future__ import annotations

import io
import json
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from desktop_app.system.files import reason

MiB = 1 << 20
CHUNK = 1 * MiB


class UnsafeFileError(ValueError):
    """A file from elsewhere is refused; the message is Vietnamese and says why."""


@dataclass(frozen=True)
class Limits:
    """What one read may take (see the module's docstring for the reasons)."""

    max_bytes: int
    max_members: int = 1000
    max_ratio: int = 200
    ratio_floor: int = 32 * MiB
    max_depth: int = 64


ANSWER_FILE = Limits(max_bytes=16 * MiB)
PACKAGE = Limits(max_bytes=512 * MiB)
# A Word template from elsewhere (an own kind's package, a kind copy in an export package or a
# database): itself a zip, inflated by whoever opens it. The shipped ones hold under 100 KB.
TEMPLATE = Limits(max_bytes=64 * MiB, ratio_floor=1 * MiB)

# Compression methods by number, as zip tools name them (APPNOTE 4.4.5).
_METHODS = {
    1: "Shrink",
    6: "Implode",
    9: "Deflate64",
    12: "bzip2",
    14: "LZMA",
    93: "Zstandard",
    95: "XZ",
    98: "PPMd",
    99: "AES",
}
_READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_REPACK = (
    "hãy nén lại thành tệp .zip thông thường (Windows: chuột phải › Gửi tới › Thư mục nén), "
    "không đặt mật khẩu"
)


def size_text(n: int) -> str:
    """Return a byte count as an official reads it: "16 MiB", "350 KB"."""
    if n >= MiB:
        return f"{n / MiB:.0f} MiB"
    return f"{max(1, n // 1024)} KB"


# ---------------------------------------------------------------- plain files


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Return the bytes of ``path``; UnsafeFileError when it is larger than ``max_bytes`` or unreadable."""
    if path.is_dir():  # Windows says "Permission denied" for a folder: say what it is
        raise UnsafeFileError(f"«{path}» là một thư mục, không phải tệp.")
    try:
        with path.open("rb") as handle:
            _refuse_size(path.name, _size(handle), max_bytes)
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise UnsafeFileError(f"Không có tệp {path}.") from exc
    except OSError as exc:
        raise UnsafeFileError(f"Không đọc được tệp {path.name} ({reason(exc)}).") from exc
    _refuse_size(path.name, len(data), max_bytes)  # grew while being read
    return data


def _size(handle: BinaryIO) -> int:
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    return size


def _refuse_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise UnsafeFileError(
            f"Tệp «{name}» quá lớn ({size_text(size)}; tối đa {size_text(max_bytes)}): "
            "không phải tệp của Soạn Báo Cáo, hoặc đã bị hỏng."
        )


# ---------------------------------------------------------------- zips


def is_zip(path: Path) -> bool:
    """Tell whether ``path`` starts like a zip file (never reads more than four bytes)."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def zip_members(
    path: Path,
    limits: Limits = PACKAGE,
    suffix: str = "",
    names: tuple[str, ...] = (),
    every: bool = False,
) -> Iterator[tuple[str, bytes]]:
    """Yield (name, bytes) of the zip's entries ending in ``suffix`` (or named in ``names``, or
    all of them when ``every``: a kind package, whose stray files are named by its lint).

    The whole directory is checked first (entry count, sizes, ratios, encryption, methods,
    the total against ``limits.max_bytes``); nothing is inflated before it passes.
    """
    _refuse_members(path, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            chosen = [
                i
                for i in archive.infolist()
                if not i.is_dir()
                and (every or member_name(i) in names or (suffix and i.filename.lower().endswith(suffix)))
            ]
            _check_entries(path.name, chosen, limits)
            for info in chosen:
                yield member_name(info), _inflate(archive, info, path.name, limits)
    except zipfile.BadZipFile as exc:
        raise UnsafeFileError(f"Tệp «{path.name}» là tệp nén bị hỏng hoặc không phải tệp nén.") from exc
    except OSError as exc:
        raise UnsafeFileError(f"Không đọc được tệp {path.name} ({reason(exc)}).") from exc


# The marks Vietnamese letters carry: the five tones, the circumflex, the breve and the horn.
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323")
# The code pages a zip's names are written in without the UTF-8 flag, as Windows' «Send to ›
# Compressed folder» (and 7-Zip, WinRAR) writes them: the OEM code page of the system's locale,
# 1258 where it is Vietnamese, 437 where it is English (Vietnamese letters then best-fitted).
_OEM_CODE_PAGES = ("cp1258", "cp437")


def member_name(info: zipfile.ZipInfo) -> str:
    """Return a zip member's name as it was typed, NFC-normalised.

    Without the flag that says UTF-8, Python reads a name as code page 437 («B╡o c╡o…» for a
    name written in 1258). The bytes are read as UTF-8 when they are (Info-ZIP, old tools),
    else in the OEM code page that reads as the most Vietnamese letters: 1258 (a Vietnamese
    system locale) or 437 (an English one, which keeps «á», «ê», «ò» and drops the other marks).
    """
    if info.flag_bits & 0x800 or info.filename.isascii():
        return unicodedata.normalize("NFC", info.filename)
    raw = info.filename.encode("cp437")
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        readings = [unicodedata.normalize("NFC", raw.decode(cp, errors="replace")) for cp in _OEM_CODE_PAGES]
        return max(readings, key=_vietnamese_score)  # the first of equals: 1258


def _vietnamese_score(text: str) -> int:
    """Count the Vietnamese letters among the non-ASCII characters of ``text``, less the others."""
    return sum(1 if _vietnamese_letter(c) else -1 for c in text if not c.isascii())


def _vietnamese_letter(char: str) -> bool:
    if char in "đĐ":
        return True
    parts = unicodedata.normalize("NFD", char)
    base, marks = parts[0], parts[1:]
    return base.isascii() and base.isalpha() and bool(marks) and all(m in _VIETNAMESE_MARKS for m in marks)


def check_zip_bytes(data: bytes, name: str, limits: Limits = TEMPLATE) -> None:
    """Refuse a zip held in memory (a Word template is one) whose directory breaks ``limits``.

    Nothing is inflated: Python's zipfile, which every Word reader of the app uses, never
    inflates an entry past the size the directory states, so the directory is the bound.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise UnsafeFileError(f"«{name}» không phải tệp Word (.docx) hợp lệ (hỏng hoặc loại khác).") from exc
    if len(infos) > limits.max_members:
        raise UnsafeFileError(f"«{name}» có {len(infos)} mục (tối đa {limits.max_members}); không mở.")
    _check_entries(name, infos, limits)


def read_zip_member(path: Path, name: str, limits: Limits = PACKAGE) -> bytes:
    """Return the bytes of the entry ``name`` of the zip at ``path``, within ``limits``."""
    for _, data in zip_members(path, limits, names=(name,)):
        return data
    raise UnsafeFileError(f"Tệp nén «{path.name}» không có «{name}»: không phải tệp của Soạn Báo Cáo.")


def _refuse_members(path: Path, limits: Limits) -> None:
    count = declared_entries(path)
    if count is not None and count > limits.max_members:
        raise UnsafeFileError(
            f"Tệp nén «{path.name}» có {count:,} mục (tối đa {limits.max_members:,}); không mở.".replace(
                ",", "."
            )
        )


def declared_entries(path: Path) -> int | None:
    """Return the number of entries a zip's end-of-directory record states (None: not found).

    Read from the last 64 KiB of the file, before :mod:`zipfile` builds one object per entry.
    """
    try:
        with path.open("rb") as handle:
            size = _size(handle)
            start = max(0, size - (1 << 16) - 22)
            handle.seek(start)
            tail = handle.read()
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) < at + 22:
                return None
            count: int = struct.unpack_from("<H", tail, at + 10)[0]
            if count == 0xFFFF:
                return _zip64_entries(handle, tail, at, start)
            return count
    except OSError:
        return None


def _zip64_entries(handle: BinaryIO, tail: bytes, at: int, start: int) -> int | None:
    locator = at - 20
    if locator < 0 or tail[locator : locator + 4] != b"PK\x06\x07":
        return None
    offset = struct.unpack_from("<Q", tail, locator + 8)[0]
    handle.seek(offset)
    record = handle.read(56)
    if len(record) < 56 or record[:4] != b"PK\x06\x06":
        return None
    entries: int = struct.unpack_from("<Q", record, 32)[0]
    return entries


def _check_entries(name: str, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = 0
    for info in infos:
        where = f"«{name}» › «{member_name(info)}»"
        if info.flag_bits & 0x1:
            raise UnsafeFileError(f"{where} được đặt mật khẩu nên không đọc được; {_REPACK}.")
        if info.compress_type not in _READABLE_METHODS:
            method = _METHODS.get(info.compress_type, f"số {info.compress_type}")
            raise UnsafeFileError(
                f"{where} được nén bằng cách «{method}», ứng dụng không đọc được; {_REPACK}."
            )
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise UnsafeFileError(
                f"{where} bung ra gấp {ratio:.0f} lần (tối đa {limits.max_ratio} lần): "
                "có thể là tệp phá hoại (bom nén), không mở."
            )
        total += info.file_size
        _refuse_size(f"{name} › {member_name(info)}", total, limits.max_bytes)


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: Limits) -> bytes:
    chunks: list[bytes] = []
    read = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                read += len(chunk)
                _refuse_size(f"{name} › {member_name(info)}", read, min(limits.max_bytes, info.file_size))
                chunks.append(chunk)
    except (RuntimeError, NotImplementedError) as exc:  # encryption or a method found only now
        where = f"«{name}» › «{member_name(info)}»"
        raise UnsafeFileError(f"{where} không đọc được (có mật khẩu?); {_REPACK}.") from exc
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:
        raise UnsafeFileError(f"«{name}» › «{member_name(info)}» bị hỏng (dữ liệu nén sai).") from exc
    return b"".join(chunks)


# ---------------------------------------------------------------- JSON

JSON_REASONS = {
    "Expecting value": "thiếu giá trị",
    "Expecting property name enclosed in double quotes": "tên mục phải trong dấu nháy kép",
    "Expecting ',' delimiter": "thiếu dấu phẩy",
    "Expecting ':' delimiter": "thiếu dấu hai chấm",
    "Unterminated string starting at": "chuỗi chưa đóng nháy",
    "Extra data": "thừa nội dung sau dữ liệu",
    "Invalid control character at": "ký tự điều khiển trong chuỗi",
    "Invalid \\escape": "ký tự thoát «\\» sai",
}


def _json_reason(message: str) -> str:
    return next((vi for en, vi in JSON_REASONS.items() if message.startswith(en)), message)


def loads_json(raw: bytes | str, name: str, max_depth: int = ANSWER_FILE.max_depth) -> Any:
    """Decode the JSON ``raw`` (from the file called ``name``); UnsafeFileError in Vietnamese."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        where = f"byte lạ ở vị trí {exc.start}"
        raise UnsafeFileError(
            f"Tệp {name} không phải văn bản UTF-8 ({where}): có lẽ không phải tệp JSON."
        ) from exc
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as exc:
        where = f"dòng {exc.lineno}, cột {exc.colno}"
        raise UnsafeFileError(
            f"Tệp {name} không phải JSON hợp lệ: {where} ({_json_reason(exc.msg)})."
        ) from exc
    except ValueError as exc:  # an integer of more than 4,300 digits (Python refuses to read it)
        raise UnsafeFileError(f"Tệp {name} có một số nguyên quá dài (hàng nghìn chữ số): không đọc.") from exc
    except RecursionError as exc:
        raise _too_deep(name, max_depth) from exc
    if depth(data) > max_depth:
        raise _too_deep(name, max_depth)
    return data


def _too_deep(name: str, max_depth: int) -> UnsafeFileError:
    return UnsafeFileError(f"Tệp {name} có dữ liệu lồng nhau quá sâu (tối đa {max_depth} tầng): không đọc.")


def depth(value: Any) -> int:
    """Return how deeply ``value`` (decoded JSON) nests lists and objects (a scalar: 0).

    A loop, not recursion: it measures what Python's own recursion could not walk.
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def read_json_file(path: Path, limits: Limits = ANSWER_FILE) -> Any:
    """Return the decoded JSON of the file at ``path`` (not a zip), within ``limits``."""
    return loads_json(read_limited(path, limits.max_bytes), path.name, limits.max_depth)


def read_json_package(path: Path, member: str, limits: Limits = PACKAGE) -> Any:
    """Return the decoded JSON of ``member`` inside the zip at ``path``, or of ``path`` itself
    when it is not a zip (an export saved as ``.json``)."""
    if is_zip(path):
        raw = read_zip_member(path, member, limits)
        return loads_json(raw, f"«{path.name}» › «{member}»", limits.max_depth)
    return read_json_file(path, limits)
