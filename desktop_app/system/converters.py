"""Find and drive the external programs: the ones that turn a DOCX into a PDF, and the
system's own opener (Word for a .docx, the file manager for a folder). The only module that
starts programs, each without the packaged app's library paths in its environment.

LibreOffice runs with a private profile folder (so it never touches, or waits on, the
user's own LibreOffice), one conversion at a time, with a timeout that kills its whole
process tree, and the PDF is checked to exist before anyone is told it does. It is kept
warm: the first conversion of a sitting starts one hidden LibreOffice that stays open (a
``soffice --convert-to`` call hands its job to it: ~0.15 s instead of ~1.8 s) until the app
exits. On Windows, Microsoft Word is the second choice, driven in a private instance of its own.

>>> convert_to_pdf(Path("bao_cao.docx"), Path("/tmp"))  # doctest: +SKIP
PosixPath('/tmp/bao_cao.pdf')
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_app.system.files import reason, write_atomic

DEFAULT_TIMEOUT = 120.0
# A first start with a new profile takes a few seconds; a slow office PC may need far more.
WARM_START_TIMEOUT = 60.0
NO_CONVERTER_MESSAGE = (
    "Máy này chưa có LibreOffice hay Microsoft Word để tạo PDF. "
    "Văn bản Word vẫn dùng được: bấm «Mở bằng Word» để in."
)
# How long the system's opener (xdg-open) may take to say whether a program took a file.
OPENER_WAIT_SECONDS = 5.0
# Word's constants (the COM type library is not loaded, so they are spelled out here).
WD_EXPORT_FORMAT_PDF = 17
WD_DO_NOT_SAVE_CHANGES = 0
WD_ALERTS_NONE = 0
# Variables a packaged app sets for itself that must not leak into the programs it starts.
_LEAKY_VARIABLES = (
    "LD_LIBRARY_PATH",
    "DYLD_LIBRARY_PATH",
    "QT_PLUGIN_PATH",
    "QT_QPA_PLATFORM_PLUGIN_PATH",
    "QML2_IMPORT_PATH",
    "QML_IMPORT_PATH",
    "LD_LIBRARY_PATH_ORIG",
    "DYLD_LIBRARY_PATH_ORIG",
    "PYTHONPATH",
    "PYTHONHOME",
)
_LEAKY_PREFIXES = ("_PYI_", "_MEIPASS")  # PyInstaller's bootloader talks to itself through these
_KEEPALIVE = "giu-am.txt"
# The private work folder of a conversion and the names inside it: short and fixed, whatever
# the document is called (Windows' 260 characters; see work_copy).
WORK_PREFIX = "sbc-"
WORK_DOCX = "vb.docx"
WORK_PDF = "vb.pdf"
_lock = threading.Lock()
_process_state_lock = threading.RLock()  # PATH and the DLL search path, changed while a child starts


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


def clean_environment(environ: dict[str, str] | None = None, bundle: str | None = None) -> dict[str, str]:
    """Return the environment for an external program, without the app's own library paths.

    ``environ`` defaults to this process's, ``bundle`` to the packaged app's folder
    (``sys._MEIPASS``): its entries are taken out of PATH, where PyInstaller's Qt hook put
    them on Windows, so Word or LibreOffice never load the app's DLLs.
    """
    environ = dict(os.environ) if environ is None else environ
    bundle = getattr(sys, "_MEIPASS", None) if bundle is None else bundle
    env = {
        k: v for k, v in environ.items() if k not in _LEAKY_VARIABLES and not k.startswith(_LEAKY_PREFIXES)
    }
    original = environ.get("LD_LIBRARY_PATH_ORIG")  # PyInstaller keeps the user's value here
    if original:
        env["LD_LIBRARY_PATH"] = original
    if bundle and "PATH" in env:
        env["PATH"] = os.pathsep.join(
            p for p in env["PATH"].split(os.pathsep) if p and not _inside(p, bundle)
        )
    return env


def _inside(path: str, folder: str) -> bool:
    path, folder = (os.path.normcase(os.path.abspath(p)) for p in (path, folder))
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@contextlib.contextmanager
def _dll_search_reset() -> Iterator[None]:
    """On Windows in the bundle, let a child process search DLLs the normal way.

    PyInstaller's bootloader points the DLL search at the bundle (SetDllDirectory), and child
    processes inherit that; it is reset while the child starts and restored after.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if sys.platform != "win32" or not bundle:
        yield
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32
    with _process_state_lock:  # the GUI thread and a worker may start programs at once
        kernel32.SetDllDirectoryW(None)
        try:
            yield
        finally:
            kernel32.SetDllDirectoryW(bundle)


def open_with_system(path: Path, verb: str = "open") -> bool:
    """Open ``path`` in the program the system uses for it (Word for a .docx, the file manager
    for a folder); ``verb`` "print" prints it from there (Windows). False when nothing opened it:
    no program for the file, or the opener could not start one.

    Started like every external program: without the app's library paths. May wait up to
    :data:`OPENER_WAIT_SECONDS` for the opener's answer: call it off the GUI thread.
    """
    try:
        if sys.platform == "win32":
            with _process_state_lock, _dll_search_reset(), _windows_path(clean_environment().get("PATH", "")):
                os.startfile(str(path), verb)  # type: ignore[attr-defined,unused-ignore]
            return True
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        process = subprocess.Popen(
            [opener, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=clean_environment(),
            start_new_session=True,
        )
    except OSError:
        return False
    return _opener_succeeded(process)


def _opener_succeeded(process: subprocess.Popen[bytes]) -> bool:
    """Wait for the opener: its exit status says whether a program took the file.

    xdg-open answers at once when a desktop hands the file on, and with 3 or 4 when no program
    could open it. Without a desktop it may run the program itself and stay until it closes:
    then a thread waits for it, so that no defunct process is left behind either way.
    """
    try:
        return process.wait(timeout=OPENER_WAIT_SECONDS) == 0
    except subprocess.TimeoutExpired:
        threading.Thread(target=process.wait, name="cho-chuong-trinh-mo-tep", daemon=True).start()
        return True


@contextlib.contextmanager
def _windows_path(path: str) -> Iterator[None]:
    """ShellExecute passes this process's own environment on: PATH without the bundle, meanwhile."""
    saved = os.environ.get("PATH", "")
    os.environ["PATH"] = path
    try:
        yield
    finally:
        os.environ["PATH"] = saved


def profile_dir() -> Path:
    """Return the private LibreOffice profile folder of this app (kept between runs: warm).

    ``SOANBAOCAO_LO_PROFILE`` names another one: the tests use their own, so that a running
    app, a benchmark or a second test run never shares (and disturbs) their LibreOffice.
    """
    user = os.getuid() if hasattr(os, "getuid") else "u"
    folder = Path(
        os.environ.get("SOANBAOCAO_LO_PROFILE")
        or Path(tempfile.gettempdir()) / f"soanbaocao-lo-profile-{user}"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def gone_message(docx: Path) -> str:
    """Say that the Word document to convert is no longer where it was made."""
    return (
        f"Không tìm thấy văn bản «{docx.name}» ở:\n{docx.parent}\n\nTệp đã bị xóa, đổi tên hoặc chuyển "
        "đi (hoặc ổ USB chứa nó đã rút ra). Hãy bấm «Tạo văn bản» để tạo lại rồi xem trước."
    )


def convert_to_pdf(
    docx: Path, out_dir: Path, *, timeout: float = DEFAULT_TIMEOUT, name: str | None = None
) -> Path:
    """Convert ``docx`` into ``out_dir/<name>`` (default ``<stem>.pdf``) with LibreOffice, else
    Word on Windows."""
    if not docx.is_file():  # moved or deleted since it was made: no converter is to blame
        raise ConverterError(gone_message(docx))
    soffice = find_soffice()
    word = word_available()
    if soffice is None and not word:
        raise ConverterError(NO_CONVERTER_MESSAGE)
    if soffice is not None:
        try:
            return docx_to_pdf(docx, out_dir, timeout=timeout, soffice=soffice, warm=True, name=name)
        except ConverterError:
            if not word:
                raise
    return word_to_pdf(docx, out_dir / (name or f"{docx.stem}.pdf"))


@contextlib.contextmanager
def work_copy(docx: Path) -> Iterator[Path]:
    """Copy ``docx`` to a short, fixed name in a private temporary folder, for the block.

    Converters get this copy, whatever the official named the document: a long Vietnamese name
    under a long %TEMP% («C:\\Users\\Nguyễn Văn Ánh\\AppData\\Local\\Temp\\…») passes
    Windows' 260 characters, and LibreOffice and Word then fail. The PDF is made beside it
    (``vb.pdf``) and moved to the name asked for at the end.
    """
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as folder:
        copy = Path(folder) / WORK_DOCX
        try:
            shutil.copyfile(docx, copy)
        except OSError as exc:
            raise ConverterError(f"Không đọc được văn bản «{docx.name}»: {reason(exc)}.") from exc
        yield copy


def _deliver(made: Path, target: Path, docx: Path, program: str) -> Path:
    """Move the PDF ``made`` from the work folder to ``target``; checked to exist first."""
    if not made.is_file() or made.stat().st_size == 0:
        raise ConverterError(f"{program} đã chạy xong nhưng không tạo ra tệp PDF cho «{docx.name}».")
    try:
        shutil.move(made, target)
    except OSError as exc:
        raise ConverterError(f"Không ghi được tệp PDF «{target.name}»: {reason(exc)}.") from exc
    return target


def docx_to_pdf(
    docx: Path,
    out_dir: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    soffice: Path | None = None,
    warm: bool | None = None,
    name: str | None = None,
) -> Path:
    """Convert ``docx`` into ``out_dir/<name>`` (default ``<stem>.pdf``) with LibreOffice and
    return that path. LibreOffice converts a short-named copy (:func:`work_copy`).

    ``warm`` (by default: when ``soffice`` is the one found on this machine) hands the job
    to the LibreOffice kept running between conversions.
    """
    program = soffice or find_soffice()
    if program is None:
        raise ConverterError(
            "Không tìm thấy LibreOffice để chuyển sang PDF. Văn bản Word vẫn dùng được: "
            "hãy mở bằng Word để in hoặc lưu PDF, hoặc cài LibreOffice."
        )
    if not os.access(out_dir, os.W_OK):
        raise ConverterError(f"Không ghi được vào thư mục «{out_dir}».")
    target = out_dir.resolve() / (name or f"{docx.stem}.pdf")
    use_warm = soffice is None if warm is None else warm
    target.unlink(missing_ok=True)  # a stale PDF is never taken for the new one
    with work_copy(docx) as copy:
        command = [
            str(program),
            f"-env:UserInstallation={profile_dir().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(copy.parent),
            str(copy),
        ]
        with _lock:
            if use_warm:
                _warm.ensure(program, min(WARM_START_TIMEOUT, timeout))
            try:
                _run(command, timeout)
            except ConverterError:
                if use_warm:
                    _warm.stop()  # it may be what hangs; the next conversion starts a fresh one
                raise
        return _deliver(copy.with_name(WORK_PDF), target, docx, "LibreOffice")


def _run(command: list[str], timeout: float) -> None:
    process = _start(command, stderr=subprocess.PIPE)
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process)
        raise ConverterError(f"LibreOffice không trả lời sau {timeout:.0f} giây nên đã bị dừng.") from None
    if process.returncode != 0:
        raise ConverterError(
            f"LibreOffice báo lỗi (mã {process.returncode}): {err.decode(errors='replace')[:300]}"
        )


def _start(command: list[str], *, stderr: int) -> subprocess.Popen[bytes]:
    """Start ``command`` in a process group of its own, so its whole tree can be killed."""
    with _dll_search_reset():
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=clean_environment(),
            start_new_session=(sys.platform != "win32"),
        )


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)],
            capture_output=True,
            check=False,
            creationflags=subprocess.CREATE_NO_WINDOW,  # no console flashing up from the GUI app
        )
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class _WarmOffice:
    """One hidden LibreOffice on the private profile, kept open by a blank document.

    Without an open document LibreOffice quits after the first job handed to it, even when
    started with ``--accept``; with one it serves every later ``--convert-to`` of the same
    profile. It is started lazily, restarted when it died, and killed with its process tree
    at exit. When it cannot start, conversions go on without it for the rest of the sitting.
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._folder: Path | None = None
        self.disabled = False

    @property
    def pid(self) -> int | None:
        """Return the process id of the running instance, or None."""
        running = self._process is not None and self._process.poll() is None
        return self._process.pid if running and self._process is not None else None

    def ensure(self, program: Path, wait: float = WARM_START_TIMEOUT) -> None:
        """Start the instance unless it runs, waiting ``wait`` s for it (callers hold ``_lock``)."""
        if self.disabled or self.pid is not None:
            return
        self.stop()
        _stop_orphan()
        self._folder = Path(tempfile.mkdtemp(prefix="soanbaocao-lo-warm-"))
        (self._folder / _KEEPALIVE).write_bytes(b"")
        self._process = _start(self._command(program), stderr=subprocess.DEVNULL)
        _pid_file().write_text(f"{self._process.pid} {os.getpid()}", encoding="ascii")
        if not self._wait_ready(time.monotonic() + wait):
            self.stop()
            self.disabled = True

    def _command(self, program: Path) -> list[str]:
        assert self._folder is not None
        return [
            str(program),
            f"-env:UserInstallation={profile_dir().as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            str(self._folder / _KEEPALIVE),
        ]

    def _wait_ready(self, deadline: float) -> bool:
        """Wait until the blank document is open: LibreOffice then writes its lock file."""
        assert self._folder is not None
        lock = self._folder / f".~lock.{_KEEPALIVE}#"
        while time.monotonic() < deadline:
            if self.pid is None:
                return False
            if lock.exists():
                return True
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        """Kill the instance and its process tree, if it runs, and forget it."""
        if self._process is not None:
            if self._process.poll() is None:
                _kill_tree(self._process)
            _pid_file().unlink(missing_ok=True)
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._process = self._folder = None


def _pid_file() -> Path:
    return profile_dir() / "soanbaocao-warm.pid"


def _stop_orphan() -> None:
    """Kill a warm LibreOffice left running by an app that crashed (its app is gone)."""
    try:
        office, app = (int(n) for n in _pid_file().read_text(encoding="ascii").split())
    except (OSError, ValueError):
        return
    _pid_file().unlink(missing_ok=True)
    ours = f"-env:UserInstallation={profile_dir().as_uri()}"  # a URI: no spaces in it
    if sys.platform == "win32" or _alive(app) or ours not in _command_line(office).split():
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(office, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        ps = subprocess.run(["ps", "-ww", "-o", "command=", "-p", str(pid)], capture_output=True, text=True)
        return ps.stdout
    return ""


_warm = _WarmOffice()


def warm_office_pid() -> int | None:
    """Return the process id of the warm LibreOffice, or None when none runs."""
    return _warm.pid


@atexit.register
def stop_office() -> None:
    """Kill the warm LibreOffice with its process tree (also run at exit)."""
    _warm.stop()


def word_available() -> bool:
    """Return True on Windows when Microsoft Word and pywin32 are installed."""
    if sys.platform != "win32":
        return False
    try:
        importlib.import_module("win32com.client")
    except ImportError:
        return False
    import winreg

    try:
        winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, r"Word.Application\CLSID").Close()
    except OSError:
        return False
    return True


def word_to_pdf(docx: Path, pdf: Path) -> Path:
    """Convert ``docx`` to ``pdf`` in a private, hidden instance of Microsoft Word.

    ``DispatchEx`` always starts a new Word: ``Dispatch`` would attach to the official's
    running Word, and quitting that would close their open documents. Only our instance is
    quit, even when the export fails. Works on any thread (COM is initialised for it).
    """
    client = importlib.import_module("win32com.client")
    pythoncom = importlib.import_module("pythoncom")
    pdf.unlink(missing_ok=True)
    with work_copy(docx) as copy:
        made = copy.with_name(WORK_PDF)
        pythoncom.CoInitialize()
        try:
            _export_with_word(client.DispatchEx("Word.Application"), copy, made)
        except pythoncom.com_error as exc:
            raise ConverterError(f"Microsoft Word không tạo được PDF cho «{docx.name}»: {exc}") from exc
        finally:
            pythoncom.CoUninitialize()
        return _deliver(made, pdf, docx, "Microsoft Word")


def _export_with_word(word: Any, docx: Path, pdf: Path) -> None:
    try:
        word.Visible = False
        word.DisplayAlerts = WD_ALERTS_NONE
        document = word.Documents.Open(str(docx), ReadOnly=True, AddToRecentFiles=False)
        try:
            document.ExportAsFixedFormat(str(pdf), WD_EXPORT_FORMAT_PDF)
        finally:
            document.Close(SaveChanges=WD_DO_NOT_SAVE_CHANGES)
    finally:
        word.Quit(SaveChanges=WD_DO_NOT_SAVE_CHANGES)


def pdf_bytes(docx: Path, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Convert ``docx`` and return the PDF's bytes; no PDF file is left anywhere."""
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as folder:
        return convert_to_pdf(docx, Path(folder), timeout=timeout, name=WORK_PDF).read_bytes()


def save_pdf(docx: Path, target: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert ``docx`` and move the PDF to ``target`` atomically (never half a file)."""
    write_atomic(target, pdf_bytes(docx, timeout=timeout))
    return target
