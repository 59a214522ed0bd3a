"""Find and drive the programs that turn a DOCX into a PDF. The only module that starts them.

LibreOffice runs with a private profile folder (so it never touches, or waits on, the
user's own LibreOffice), one conversion at a time, with a timeout that kills its whole
process tree, and the PDF is checked to exist before anyone is told it does.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from desktop_app.files import write_atomic

DEFAULT_TIMEOUT = 120.0
# Variables a packaged app sets for itself that must not leak into the programs it starts.
_LEAKY_VARIABLES = (
    "LD_LIBRARY_PATH",
    "QT_PLUGIN_PATH",
    "QT_QPA_PLATFORM_PLUGIN_PATH",
    "PYTHONPATH",
    "PYTHONHOME",
)
_lock = threading.Lock()


class ConverterError(RuntimeError):
    """No PDF could be made; the message says why in Vietnamese."""


def find_soffice() -> Path | None:
    """Return LibreOffice's ``soffice`` program, or None when it is not installed."""
    override = os.environ.get("SOANBAOCAO_SOFFICE")
    if override:
        return Path(override) if Path(override).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return _windows_soffice() if sys.platform == "win32" else None


def _windows_soffice() -> Path | None:
    candidates = [
        Path(os.environ.get(v, "")) / "LibreOffice" / "program" / "soffice.exe"
        for v in ("ProgramFiles", "ProgramFiles(x86)")
    ]
    if sys.platform == "win32":  # checked by mypy only for Windows
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\LibreOffice\UNO\InstallPath") as key:
                candidates.insert(0, Path(winreg.QueryValue(key, None)) / "soffice.exe")
        except OSError:
            pass
    return next((c for c in candidates if c.is_file()), None)


def clean_environment() -> dict[str, str]:
    """Return the environment for an external program, without the app's own library paths."""
    env = {k: v for k, v in os.environ.items() if k not in _LEAKY_VARIABLES}
    original = os.environ.get("LD_LIBRARY_PATH_ORIG")  # PyInstaller keeps the user's value here
    if original:
        env["LD_LIBRARY_PATH"] = original
    return env


def profile_dir() -> Path:
    """Return the private LibreOffice profile folder of this app (kept between runs: warm)."""
    folder = (
        Path(tempfile.gettempdir()) / f"soanbaocao-lo-profile-{os.getuid() if hasattr(os, 'getuid') else 'u'}"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def docx_to_pdf(
    docx: Path, out_dir: Path, *, timeout: float = DEFAULT_TIMEOUT, soffice: Path | None = None
) -> Path:
    """Convert ``docx`` into ``out_dir/<stem>.pdf`` and return that path."""
    program = soffice or find_soffice()
    if program is None:
        raise ConverterError(
            "Không tìm thấy LibreOffice để chuyển sang PDF. Văn bản Word vẫn dùng được: "
            "hãy mở bằng Word để in hoặc lưu PDF, hoặc cài LibreOffice."
        )
    if not os.access(out_dir, os.W_OK):
        raise ConverterError(f"Không ghi được vào thư mục «{out_dir}».")
    target = out_dir / f"{docx.stem}.pdf"
    command = [
        str(program),
        f"-env:UserInstallation={profile_dir().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(docx),
    ]
    with _lock:
        target.unlink(missing_ok=True)
        _run(command, timeout)
    if not target.is_file() or target.stat().st_size == 0:
        raise ConverterError(f"LibreOffice đã chạy xong nhưng không tạo ra tệp PDF cho «{docx.name}».")
    return target


def _run(command: list[str], timeout: float) -> None:
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=clean_environment(),
        start_new_session=(sys.platform != "win32"),
    )
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process)
        raise ConverterError(f"LibreOffice không trả lời sau {timeout:.0f} giây nên đã bị dừng.") from None
    if process.returncode != 0:
        raise ConverterError(
            f"LibreOffice báo lỗi (mã {process.returncode}): {err.decode(errors='replace')[:300]}"
        )


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def save_pdf(docx: Path, target: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert ``docx`` and move the PDF to ``target`` atomically (never half a file)."""
    with tempfile.TemporaryDirectory(prefix="soanbaocao-pdf-") as folder:
        pdf = docx_to_pdf(docx, Path(folder), timeout=timeout)
        write_atomic(target, pdf.read_bytes())
    return target
