"""The converter module's failure paths, with stand-in programs that misbehave on purpose."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from desktop_app.converters import ConverterError, clean_environment, docx_to_pdf

pytestmark = pytest.mark.skipif(os.name == "nt", reason="shell stand-ins")


def program(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "fake_soffice"
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a killed child nobody reaped yet is a zombie: not alive)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def docx(tmp_path: Path) -> Path:
    path = tmp_path / "bao_cao.docx"
    path.write_bytes(b"PK")
    return path


def test_hanging_converter_is_killed_with_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    fake = program(tmp_path, f"sleep 300 & echo $! > {pid_file}\nwait")
    started = time.monotonic()
    with pytest.raises(ConverterError, match="không trả lời sau 1 giây"):
        docx_to_pdf(docx(tmp_path), tmp_path, timeout=1, soffice=fake)
    assert time.monotonic() - started < 30
    child = int(pid_file.read_text())
    time.sleep(0.2)
    assert not alive(child)


def test_exit_zero_without_a_pdf_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConverterError, match="không tạo ra tệp PDF"):
        docx_to_pdf(docx(tmp_path), tmp_path, soffice=program(tmp_path, "exit 0"))


def test_failing_converter_reports_its_message(tmp_path: Path) -> None:
    fake = program(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    with pytest.raises(ConverterError, match="could not be loaded"):
        docx_to_pdf(docx(tmp_path), tmp_path, soffice=fake)


def test_stale_pdf_is_never_taken_for_a_new_one(tmp_path: Path) -> None:
    (tmp_path / "bao_cao.pdf").write_bytes(b"%PDF old")
    with pytest.raises(ConverterError):
        docx_to_pdf(docx(tmp_path), tmp_path, soffice=program(tmp_path, "exit 0"))


def test_output_folder_not_writable(tmp_path: Path) -> None:
    with pytest.raises(ConverterError, match="Không ghi được"):
        docx_to_pdf(docx(tmp_path), tmp_path / "khong_co", soffice=program(tmp_path, "exit 0"))


def test_external_programs_do_not_inherit_the_bundle_library_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", "/bundle/lib")
    monkeypatch.setenv("QT_PLUGIN_PATH", "/bundle/qt")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    env = clean_environment()
    assert "QT_PLUGIN_PATH" not in env
    assert env["LD_LIBRARY_PATH"] == "/usr/local/lib"
