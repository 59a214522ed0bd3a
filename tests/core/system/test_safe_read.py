"""Reading files from elsewhere within limits: zips (bombs, passwords, PPMd, too many entries) and JSON."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.system import safe_read
from desktop_app.system.safe_read import Limits, UnsafeFileError
from tests.core.conftest import is_vietnamese

MEMBER = "soanbaocao.json"


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def patched(data: bytes, *, encrypted: bool = False, method: int | None = None) -> bytes:
    """The zip ``data`` with its entries marked encrypted or compressed by another method, as
    WinZip or 7-Zip would write them (Python's zipfile cannot write either)."""
    out = bytearray(data)
    for signature, flags, compression in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        at = out.find(signature)
        while at >= 0:
            if encrypted:
                out[at + flags] |= 0x01
            if method is not None:
                struct.pack_into("<H", out, at + compression, method)
            at = out.find(signature, at + 4)
    return bytes(out)


def refused(path: Path, match: str, limits: Limits = safe_read.PACKAGE) -> str:
    with pytest.raises(UnsafeFileError, match=match) as err:
        safe_read.read_json_package(path, MEMBER, limits)
    assert is_vietnamese(str(err.value))
    return str(err.value)


def test_a_plain_package_and_a_bare_json_read_the_same(tmp_path: Path) -> None:
    payload = {"format": "x", "tables": {"units": [{"id": 1, "ten": "Sở Ngoại vụ"}]}}
    (tmp_path / "a.zip").write_bytes(zip_bytes({MEMBER: json.dumps(payload).encode()}))
    (tmp_path / "a.json").write_text(json.dumps(payload), encoding="utf-8")
    assert safe_read.read_json_package(tmp_path / "a.zip", MEMBER) == payload
    assert safe_read.read_json_package(tmp_path / "a.json", MEMBER) == payload


def test_a_zip_bomb_is_refused_from_its_directory_before_inflating(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(MEMBER, "w", force_zip64=True) as member,
    ):
        for _ in range(64):
            member.write(b" " * (1 << 20))
    assert bomb.stat().st_size < 100_000
    message = refused(bomb, "bom nén", Limits(max_bytes=512 << 20, ratio_floor=32 << 20))
    assert "tối đa 200 lần" in message
    # the same ratio under the floor is harmless and read; over the size limit it is refused
    harmless = Limits(max_bytes=128 << 20, ratio_floor=128 << 20)
    assert len(safe_read.read_zip_member(bomb, MEMBER, harmless)) == 64 << 20
    refused(bomb, "quá lớn", Limits(max_bytes=16 << 20, ratio_floor=128 << 20))


def test_a_lying_size_in_the_directory_gains_nothing(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({MEMBER: b"[" + b"1," * 400_000 + b"1]"}))
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)  # claims 10 bytes uncompressed
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 10)
    (tmp_path / "noi_doi.zip").write_bytes(bytes(data))
    with pytest.raises(UnsafeFileError) as err:
        safe_read.read_json_package(tmp_path / "noi_doi.zip", MEMBER)
    assert is_vietnamese(str(err.value))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"encrypted": True}, "mật khẩu"),
        ({"method": 98}, "PPMd"),
        ({"method": 99, "encrypted": True}, "mật khẩu"),
        ({"method": 14}, "LZMA"),
        ({"method": 9}, "Deflate64"),
    ],
)
def test_encrypted_or_unusually_compressed_zips_say_how_to_repack(
    tmp_path: Path, change: dict[str, object], words: str
) -> None:
    path = tmp_path / "goi.zip"
    path.write_bytes(patched(zip_bytes({MEMBER: b"{}"}, zipfile.ZIP_STORED), **change))  # type: ignore[arg-type]
    message = refused(path, words)
    assert "nén lại" in message


def test_too_many_entries_are_counted_before_the_directory_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nhieu.zip"
    path.write_bytes(zip_bytes({f"{i}.json": b"{}" for i in range(1001)}, zipfile.ZIP_STORED))
    assert safe_read.declared_entries(path) == 1001
    refused(path, "1.001 mục")
    found = list(safe_read.zip_members(path, Limits(max_bytes=1 << 20, max_members=2000), suffix=".json"))
    assert len(found) == 1001


def test_a_zip_without_the_member_or_a_damaged_zip_is_refused(tmp_path: Path) -> None:
    (tmp_path / "khac.zip").write_bytes(zip_bytes({"khac.txt": b"x"}))
    refused(tmp_path / "khac.zip", "không có «soanbaocao.json»")
    good = zip_bytes({MEMBER: b'{"a": 1}' * 1000})
    (tmp_path / "hong.zip").write_bytes(good[: len(good) // 2])
    refused(tmp_path / "hong.zip", "hỏng|không có")


def test_an_answer_file_larger_than_its_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "lon.json"
    with path.open("wb") as handle:
        handle.truncate(17 << 20)  # sparse: 17 MiB of zero bytes
    with pytest.raises(UnsafeFileError, match=r"quá lớn.*16 MiB"):
        safe_read.read_json_file(path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "lồng nhau quá sâu"),
        ("[" * 65 + "]" * 65, "lồng nhau quá sâu"),
        ("[" + "9" * 5001 + "]", "số nguyên quá dài"),
        ('{"a": 1', "dòng 1, cột 8"),
        ("\ufeff{'a': 1}", "tên mục phải trong dấu nháy kép"),
    ],
    ids=["100000-deep", "65-deep", "5001-digits", "cut", "quotes"],
)
def test_hostile_json_gets_a_vietnamese_message(text: str, words: str) -> None:
    with pytest.raises(UnsafeFileError, match=words) as err:
        safe_read.loads_json(text, "x.json")
    assert is_vietnamese(str(err.value))


def test_bytes_that_are_not_utf8_are_refused() -> None:
    with pytest.raises(UnsafeFileError, match="UTF-8"):
        safe_read.loads_json(b'{"a": "\xff"}', "x.json")


def test_numbers_decode_as_decimal_whatever_their_size() -> None:
    data = safe_read.loads_json("[NaN, Infinity, -Infinity, 1e999999999, 1e-999999999, 1.5, 12]", "x")
    assert [str(v) for v in data[:5]] == ["NaN", "Infinity", "-Infinity", "1E+999999999", "1E-999999999"]
    assert data[5:] == [Decimal("1.5"), 12]
    assert safe_read.depth(safe_read.loads_json("[" * 64 + "]" * 64, "x")) == 64
