"""Reading what arrived: answer files, folders, zips; hostile or broken ones are named, never fatal."""

from __future__ import annotations

import io
import json
import os
import unicodedata
import zipfile
from pathlib import Path

import pytest

from desktop_app.report.answers import dump_report
from desktop_app.report.arrivals import Limits, read_inputs
from tests.rollup_data import department, write_answer_file


def answer_bytes(index: int = 0) -> bytes:
    return json.dumps(dump_report(department(index)), ensure_ascii=False).encode("utf-8")


def one(path: Path, limits: Limits | None = None) -> tuple[str, str]:
    (arrival,) = read_inputs([path], limits or Limits())
    return arrival.name, arrival.problem


def test_a_folder_a_zip_and_a_file_each_named_as_the_official_knows_them(tmp_path: Path) -> None:
    folder = tmp_path / "thu_den"
    (folder / "con").mkdir(parents=True)
    write_answer_file(folder / "stp.json", department(0))
    write_answer_file(folder / "con" / "sxd.json", department(1))
    (folder / "bien_ban.docx").write_bytes(b"PK")
    with zipfile.ZipFile(tmp_path / "cac_so.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("so/snv.json", answer_bytes(2))
        z.writestr("ghi_chu.txt", "đọc kỹ")
    single = write_answer_file(tmp_path / "syt.json", department(3))
    arrivals = read_inputs([folder, tmp_path / "cac_so.zip", single])
    assert [(a.name, a.usable, a.ignored) for a in arrivals] == [
        ("thu_den/bien_ban.docx", False, True),
        ("thu_den/con/sxd.json", True, False),
        ("thu_den/stp.json", True, False),
        ("cac_so.zip › so/snv.json", True, False),
        ("cac_so.zip › ghi_chu.txt", False, True),
        ("syt.json", True, False),
    ]
    snv = arrivals[3]
    assert snv.report is not None and snv.report.unit.ten == "Sở Nội vụ"
    assert snv.saved is not None and len(snv.sha256) == 64 and snv.data == answer_bytes(2)


def test_the_files_a_mac_adds_beside_each_report_are_passed_over_not_refused(tmp_path: Path) -> None:
    """A zip made on a Mac, or a USB stick a Mac wrote to, holds «._stp.json» beside «stp.json»
    (and «__MACOSX/…» in a zip): they were listed as broken reports («không phải JSON hợp lệ»)."""
    folder = tmp_path / "usb"
    folder.mkdir()
    write_answer_file(folder / "stp.json", department(0))
    (folder / "._stp.json").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    with zipfile.ZipFile(tmp_path / "tu_mac.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("so/snv.json", answer_bytes(2))
        z.writestr("__MACOSX/so/._snv.json", b"\x00\x05\x16\x07Mac OS X")
    arrivals = read_inputs([folder, tmp_path / "tu_mac.zip"])
    assert [(a.name, a.usable, a.ignored) for a in arrivals] == [
        ("usb/._stp.json", False, True),
        ("usb/stp.json", True, False),
        ("tu_mac.zip › so/snv.json", True, False),
        ("tu_mac.zip › __MACOSX/so/._snv.json", False, True),
    ]
    assert all("máy Mac" in a.problem for a in arrivals if a.ignored)


def test_the_saved_time_is_the_files_modification_time(tmp_path: Path) -> None:
    path = write_answer_file(tmp_path / "a.json", department(0))
    os.utime(path, (1_700_000_000, 1_700_000_000))
    (arrival,) = read_inputs([path])
    assert arrival.saved is not None and arrival.saved.timestamp() == 1_700_000_000


def with_figure(token: bytes) -> bytes:
    """A sound answer file whose first figure is the raw JSON ``token`` (NaN, 1e999999999 …)."""
    data = dump_report(department(0))
    data["answers"]["hs_moi_truc_tuyen"] = 0
    text = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return text.replace(b'"hs_moi_truc_tuyen": 0', b'"hs_moi_truc_tuyen": ' + token, 1)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{", "không phải JSON hợp lệ"),
        (b"\xff\xfe\x00", "không phải văn bản UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "lồng nhau quá sâu"),
        (b'{"a": ' + b"[" * 70 + b"]" * 70 + b"}", "lồng nhau quá sâu"),
        (with_figure(b"NaN"), "không phải một số"),
        (with_figure(b"-Infinity"), "không phải một số"),
        (with_figure(b"1e999999999"), "quá lớn"),
        (with_figure(b"1e-999999999"), "cần số nguyên"),
        (with_figure(b"9" * 5001), "số nguyên quá dài"),
        (b'{"format": "x"}', "Tệp trả lời có lỗi"),
    ],
)
def test_hostile_or_broken_files_are_refused_quickly_with_a_reason(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "xau.json"
    path.write_bytes(content)
    _name, said = one(path)  # returns at once: a bound number never reaches int(Decimal("1e999999999"))
    assert problem in said, said


def test_a_figure_typed_as_text_cannot_hang_the_checks(tmp_path: Path) -> None:
    data = dump_report(department(0))
    data["answers"]["hs_moi_truc_tuyen"] = "1" + "0" * 4000
    path = tmp_path / "to.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "quá lớn" in one(path)[1]


def test_zip_limits_refuse_early(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bom.json", b" " * (4 * 1024 * 1024))  # 4 MB of spaces, a few KB compressed
    assert "Tỷ lệ nén bất thường" in one(bomb)[1]
    big = tmp_path / "lon.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as z:
        z.writestr("lon.json", b" " * 2048)
    assert "Tệp lớn quá" in one(big, Limits(file_bytes=1024))[1]
    many = tmp_path / "nhieu.zip"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(5):
            z.writestr(f"{i}.json", b"{}")
    assert "quá 3: không mở" in one(many, Limits(zip_members=3))[1]
    nested = tmp_path / "long.zip"
    with zipfile.ZipFile(nested, "w") as z:
        z.writestr("trong.zip", bomb.read_bytes())
    assert "Tệp nén nằm trong tệp nén" in one(nested)[1]


def test_an_encrypted_or_ppmd_member_and_a_broken_zip_are_named(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("khoa.json", answer_bytes())
        z.writestr("ppmd.json", answer_bytes())
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        infos = z.infolist()
    # Set the "encrypted" flag of the first member and method 98 (PPMd) on the second, in both headers.
    for info, flag, method in ((infos[0], 0x1, 0), (infos[1], 0, 98)):
        local = info.header_offset
        data[local + 6 : local + 8] = flag.to_bytes(2, "little")
        data[local + 8 : local + 10] = method.to_bytes(2, "little")
    central = data.find(b"PK\x01\x02")
    for flag, method in ((0x1, 0), (0, 98)):
        data[central + 8 : central + 10] = flag.to_bytes(2, "little")
        data[central + 10 : central + 12] = method.to_bytes(2, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    path = tmp_path / "la.zip"
    path.write_bytes(bytes(data))
    problems = [a.problem for a in read_inputs([path])]
    assert "đặt mật khẩu" in problems[0]
    assert "nén theo cách không hỗ trợ" in problems[1]
    broken = tmp_path / "hong.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert "Không mở được tệp nén" in one(broken)[1]


def english_words(text: str) -> list[str]:
    """Words of an English system message («Error -3 while decompressing», «Bad CRC-32»)."""
    return [w for w in ("Error", "while", "Bad", "File is not", "invalid", "decompress") if w in text]


@pytest.mark.parametrize("damage", ["deflate", "crc"])
def test_a_member_broken_in_the_mail_is_named_in_vietnamese_and_the_rest_is_read(
    tmp_path: Path, damage: str
) -> None:
    method = zipfile.ZIP_DEFLATED if damage == "deflate" else zipfile.ZIP_STORED
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as z:
        z.writestr("sxd.json", answer_bytes(1))
        z.writestr("stp.json", answer_bytes(0))
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        first = z.infolist()[0]
    body = first.header_offset + 30 + len(first.filename.encode())
    data[body + 40 : body + 60] = bytes(20)  # the stream's bytes zeroed: a bad block, or a bad CRC
    path = tmp_path / "goi.zip"
    path.write_bytes(bytes(data))
    broken, sound = read_inputs([path])
    assert broken.name == "goi.zip › sxd.json" and not broken.usable
    assert broken.problem.startswith("Tệp trong tệp nén bị hỏng") and not english_words(broken.problem)
    assert sound.usable and sound.report is not None and sound.report.unit.ten == "Sở Tư pháp"


def test_a_file_that_is_no_zip_is_named_in_vietnamese(tmp_path: Path) -> None:
    broken = tmp_path / "hong.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    _, problem = one(broken)
    assert "tệp nén" in problem and "hỏng" in problem and not english_words(problem)


def test_an_empty_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "thu_den" / "con").mkdir(parents=True)  # folders, and no file in any of them
    name, problem = one(tmp_path / "thu_den")
    assert name == "thu_den" and problem == "Thư mục «thu_den» không có tệp nào."


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    name, problem = one(tmp_path / "khong_co.json")
    assert name == "khong_co.json" and "Không có tệp hay thư mục" in problem


def windows_name(name: str) -> bytes:
    """``name`` as Windows 1258 writes it: precomposed where the code page has the letter, the
    tone as a combining mark where it has not («ý» is «y» and a mark)."""
    out = b""
    for char in name:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:  # the letter («ơ») precomposed, its tone («̉») a mark
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            letter = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (letter + tones).encode("cp1258")
    return out


def zip_with_raw_names(path: Path, names: list[bytes], data: bytes) -> Path:
    """A zip whose members' names are these bytes, without the flag that says UTF-8 (as
    Windows' «Compressed folder» and old tools write them)."""
    placeholders = [f"{i:0{len(raw) - 5}d}.json".encode() for i, raw in enumerate(names)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for placeholder in placeholders:
            archive.writestr(placeholder.decode(), data)
    raw = buffer.getvalue()
    for placeholder, name in zip(placeholders, names, strict=True):
        assert len(placeholder) == len(name) and raw.count(placeholder) == 2  # local header, directory
        raw = raw.replace(placeholder, name)
    path.write_bytes(raw)
    return path


def test_a_zip_made_on_windows_shows_its_vietnamese_names(tmp_path: Path) -> None:
    """Windows writes «Báo cáo quý I - Sở Tư pháp.json» in code page 1258, without the UTF-8
    flag; Python reads it as code page 437 («B╡o c╡o…»). Another tool's UTF-8 without the flag
    is read as UTF-8."""
    data = json.dumps(dump_report(department(0)), ensure_ascii=False).encode("utf-8")
    name = "Báo cáo quý I - Sở Tư pháp.json"
    path = zip_with_raw_names(tmp_path / "thu.zip", [windows_name(name), "Sở Xây dựng.json".encode()], data)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist()[0] != name  # what Python alone makes of it
    arrivals = read_inputs([path])
    assert [a.name for a in arrivals] == [f"thu.zip › {name}", "thu.zip › Sở Xây dựng.json"]
    assert all(a.report is not None for a in arrivals)


def english_windows_name(name: str) -> bytes:
    """``name`` as Windows writes it where the system's locale is English (code page 437, the
    OEM code page there): «á», «ê», «ò» kept, every other Vietnamese letter best-fitted to its
    bare letter («ở» is «o», «đ» is «d»)."""
    out = b""
    for char in name.replace("đ", "d").replace("Đ", "D"):
        try:
            out += char.encode("cp437")
        except UnicodeEncodeError:
            bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
            out += bare.encode("cp437")
    return out


def test_a_zip_made_on_an_english_windows_shows_the_letters_it_kept(tmp_path: Path) -> None:
    """Many officials' Windows keep English as the locale of non-Unicode programs: their
    «Compressed folder» writes names in code page 437. Read as 1258 «á» was a no-break space and
    «ê» a «ˆ» («B o c o quy I - So Tu ph p.json»); read as 437 the name is what the bytes hold."""
    data = answer_bytes(0)
    names = ["Báo cáo quý I - Sở Tư pháp.json", "Điện Biên.json", "Lê Văn Ánh - Hòa.json"]
    path = zip_with_raw_names(tmp_path / "thu.zip", [english_windows_name(n) for n in names], data)
    shown = [a.name.removeprefix("thu.zip › ") for a in read_inputs([path])]
    assert shown == ["Báo cáo quy I - So Tu pháp.json", "Dien Biên.json", "Lê Van Anh - Hòa.json"]


def test_a_zip_from_a_mac_and_a_folder_copied_from_one_show_composed_names(tmp_path: Path) -> None:
    """macOS (and zips made there) write names decomposed: «o» then the marks. They are shown
    composed, as typed on Windows: a table cut to its width never starts with a lone mark, and
    the name is found by the same letters."""
    decomposed = unicodedata.normalize("NFD", "Báo cáo quý I - Sở Xây dựng.json")
    folder = tmp_path / unicodedata.normalize("NFD", "Thư đến")
    folder.mkdir()
    write_answer_file(folder / decomposed, department(1))
    with zipfile.ZipFile(tmp_path / "mac.zip", "w") as archive:
        archive.writestr(decomposed, answer_bytes(0))
    arrivals = read_inputs([folder, tmp_path / "mac.zip"])
    assert [a.name for a in arrivals] == [
        "Thư đến/Báo cáo quý I - Sở Xây dựng.json",
        "mac.zip › Báo cáo quý I - Sở Xây dựng.json",
    ]
    assert all(a.usable for a in arrivals)
