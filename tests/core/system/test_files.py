"""Writing a file the official asked for: a locked target keeps its old content and says why."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from desktop_app.system import files
from desktop_app.system.files import OutputError, TargetLockedError, write_atomic


@pytest.mark.parametrize(
    ("name", "program"),
    [("bieu.xlsx", "(Excel?)"), ("bao_cao.docx", "(Word?)"), ("bao_cao.pdf", "(trình xem PDF?)")],
)
def test_a_locked_file_names_the_program_it_is_likely_open_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, program: str
) -> None:
    """A workbook open in Excel was said to be open «(Word?)»."""
    target = tmp_path / name
    target.write_bytes(b"ban cu")

    def locked(src: str, dst: str) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(TargetLockedError) as raised:
        write_atomic(target, b"ban moi")
    assert f"«{name}»: tệp đang mở trong chương trình khác {program}" in str(raised.value)
    assert target.read_bytes() == b"ban cu" and [p.name for p in tmp_path.iterdir()] == [name]


LONG_STEM = (
    "Báo cáo kết quả kiểm soát thủ tục hành chính quý IV năm 2025 của Ủy ban nhân dân xã Sơn Hải, "
    "tỉnh An Giang (bản trình Chủ tịch ký ban hành chính thức)"
)


@pytest.mark.parametrize("stem", ["bc", LONG_STEM], ids=["ngan", "dai"])
def test_the_temporary_file_beside_the_target_has_a_short_fixed_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stem: str
) -> None:
    """It was «.~<the first 40 characters of the name>…tmp»: ten characters longer than the
    target itself, it took a path the official chose just under Windows' 260 past it."""
    used: list[Path] = []
    real = files._replace
    monkeypatch.setattr(files, "_replace", lambda tmp, path: used.append(tmp) or real(tmp, path))
    target = tmp_path / f"{stem}.docx"
    write_atomic(target, b"noi dung")
    (tmp,) = used
    assert tmp.parent == tmp_path and tmp.name.startswith(".~") and len(tmp.name) == 14
    assert target.read_bytes() == b"noi dung" and [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_path_too_long_for_windows_is_said_so_not_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows without long paths answers «not found» (ERROR_PATH_NOT_FOUND) for a path of 260
    characters or more: the official was told «không tìm thấy tệp hoặc thư mục» for a folder
    they had just picked. What Windows raises is stood in for: no Windows here."""
    target = tmp_path / ("x" * (files.WINDOWS_PATH_LIMIT - len(str(tmp_path)))) / "bc.pdf"
    target.parent.mkdir()

    def not_found(src: str, dst: str) -> None:
        raise FileNotFoundError(errno.ENOENT, "The system cannot find the path specified", src, None, dst)

    monkeypatch.setattr(os, "replace", not_found)
    monkeypatch.setattr(files.sys, "platform", "win32")
    with pytest.raises(OutputError) as raised:
        write_atomic(target, b"%PDF")
    assert str(raised.value) == (
        "Không ghi được «bc.pdf»: tên hoặc đường dẫn quá dài; hãy chọn thư mục ngắn hơn. "
        "Tệp cũ (nếu có) vẫn còn nguyên."
    )
    short = FileNotFoundError(errno.ENOENT, "not found", str(tmp_path / "bc.pdf"))
    assert files.reason(short) == "không tìm thấy tệp hoặc thư mục"  # a short path is really missing
