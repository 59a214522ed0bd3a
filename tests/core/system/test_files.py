"""Writing a file the official asked for: a locked target keeps its old content and says why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.system.files import TargetLockedError, write_atomic


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
