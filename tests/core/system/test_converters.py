"""The converter module's failure paths, with stand-in programs that misbehave on purpose."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.document.render import render_report
from desktop_app.report.answers import load_answer_file
from desktop_app.system import converters
from desktop_app.system.converters import (
    NO_CONVERTER_MESSAGE,
    ConverterError,
    clean_environment,
    convert_to_pdf,
    docx_to_pdf,
    word_to_pdf,
)
from tests.core.conftest import SEED_FIXTURES

pytestmark = pytest.mark.skipif(os.name == "nt", reason="shell stand-ins")


def program(tmp_path: Path, body: str, **paths: Path) -> Path:
    """A stand-in soffice running ``body``, whose ``{name}`` fields are ``paths`` quoted for the
    shell: a temporary folder may hold spaces, «&», «'» or «$» («Nguyễn Văn Ánh #1 & it's»)."""
    path = tmp_path / "fake_soffice"
    quoted = {name: shlex.quote(str(value)) for name, value in paths.items()}
    path.write_text("#!/bin/sh\n" + body.format(**quoted) + "\n", encoding="utf-8")
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
    fake = program(tmp_path, "sleep 300 & echo $! > {pid_file}\nwait", pid_file=pid_file)
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


# ---------------------------------------------------------------- Microsoft Word through COM
# This Linux machine has no Word: a tiny fake of pywin32's ``win32com.client`` and ``pythoncom``
# records the protocol. It is what the real Word is asked to do, not proof that Word does it.


class FakeComError(Exception):
    """Stands in for ``pythoncom.com_error``."""


class FakeDocument:
    def __init__(self, log: list[str], fail_export: bool, write_pdf: bool) -> None:
        self.log, self.fail_export, self.write_pdf = log, fail_export, write_pdf

    def ExportAsFixedFormat(self, path: str, fmt: int) -> None:
        self.log.append(f"ExportAsFixedFormat({Path(path).name}, {fmt})")
        if self.fail_export:
            raise FakeComError("Word could not export")
        if self.write_pdf:
            Path(path).write_bytes(b"%PDF-1.7 from Word")

    def Close(self, **kwargs: int) -> None:
        self.log.append(f"Close({kwargs})")


class FakeDocuments:
    def __init__(self, word: FakeWord) -> None:
        self.word = word

    def Open(self, path: str, **kwargs: bool) -> FakeDocument:
        self.word.log.append(f"Open({Path(path).name}, {kwargs})")
        if self.word.fail_open:
            raise FakeComError("Word could not open the file")
        return FakeDocument(self.word.log, self.word.fail_export, self.word.write_pdf)


class FakeWord:
    """One Word.Application instance; ``settings`` records every property set on it."""

    def __init__(self, name: str, fail_open: bool = False, fail_export: bool = False) -> None:
        self.name, self.fail_open, self.fail_export, self.write_pdf = name, fail_open, fail_export, True
        self.log: list[str] = []
        self.settings: dict[str, object] = {}
        self.Documents = FakeDocuments(self)

    def __setattr__(self, key: str, value: object) -> None:
        if key[0].isupper() and key != "Documents":
            self.settings[key] = value
        object.__setattr__(self, key, value)

    def Quit(self, **kwargs: int) -> None:
        self.log.append(f"Quit({kwargs})")


class FakeCom:
    """The fake ``win32com.client`` and ``pythoncom`` in one: a user's Word already runs."""

    def __init__(self, **failures: bool) -> None:
        self.users_word = FakeWord("the official's own Word")
        self.ours: list[FakeWord] = []
        self.failures = failures
        self.com_error = FakeComError
        self.calls: list[str] = []

    def DispatchEx(self, prog_id: str) -> FakeWord:
        self.calls.append(f"DispatchEx({prog_id})")
        self.ours.append(FakeWord("ours", **self.failures))
        return self.ours[-1]

    def Dispatch(self, prog_id: str) -> FakeWord:  # attaches to the running Word: never
        self.calls.append(f"Dispatch({prog_id})")
        return self.users_word

    def GetActiveObject(self, prog_id: str) -> FakeWord:
        self.calls.append(f"GetActiveObject({prog_id})")
        return self.users_word

    def CoInitialize(self) -> None:
        self.calls.append("CoInitialize")

    def CoUninitialize(self) -> None:
        self.calls.append("CoUninitialize")


@pytest.fixture
def fake_com(monkeypatch: pytest.MonkeyPatch) -> Callable[..., FakeCom]:
    def install(**failures: bool) -> FakeCom:
        com = FakeCom(**failures)
        package = types.ModuleType("win32com")
        client = types.ModuleType("win32com.client")
        pythoncom = types.ModuleType("pythoncom")
        for name in ("DispatchEx", "Dispatch", "GetActiveObject"):
            setattr(client, name, getattr(com, name))
        for name in ("CoInitialize", "CoUninitialize", "com_error"):
            setattr(pythoncom, name, getattr(com, name))
        package.client = client  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "win32com", package)
        monkeypatch.setitem(sys.modules, "win32com.client", client)
        monkeypatch.setitem(sys.modules, "pythoncom", pythoncom)
        return com

    return install


def test_word_runs_in_a_private_instance_and_quits_only_that(
    tmp_path: Path, fake_com: Callable[..., FakeCom]
) -> None:
    com = fake_com()
    pdf = word_to_pdf(docx(tmp_path), tmp_path / "bao_cao.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert com.calls == ["CoInitialize", "DispatchEx(Word.Application)", "CoUninitialize"]
    (ours,) = com.ours
    assert ours.settings == {"Visible": False, "DisplayAlerts": 0}
    assert ours.log == [
        "Open(vb.docx, {'ReadOnly': True, 'AddToRecentFiles': False})",
        "ExportAsFixedFormat(vb.pdf, 17)",
        "Close({'SaveChanges': 0})",
        "Quit({'SaveChanges': 0})",
    ]
    assert com.users_word.log == [] and com.users_word.settings == {}


def test_word_is_quit_even_when_the_export_fails(tmp_path: Path, fake_com: Callable[..., FakeCom]) -> None:
    com = fake_com(fail_export=True)
    with pytest.raises(ConverterError, match=r"Microsoft Word không tạo được PDF cho «bao_cao\.docx»"):
        word_to_pdf(docx(tmp_path), tmp_path / "bao_cao.pdf")
    (ours,) = com.ours
    assert ours.log[-2:] == ["Close({'SaveChanges': 0})", "Quit({'SaveChanges': 0})"]
    assert com.calls[-1] == "CoUninitialize"
    assert com.users_word.log == []


def test_word_is_quit_when_the_document_does_not_open(
    tmp_path: Path, fake_com: Callable[..., FakeCom]
) -> None:
    com = fake_com(fail_open=True)
    with pytest.raises(ConverterError):
        word_to_pdf(docx(tmp_path), tmp_path / "bao_cao.pdf")
    assert com.ours[0].log[-1] == "Quit({'SaveChanges': 0})"
    assert com.users_word.log == []


def test_word_without_a_pdf_is_an_error(tmp_path: Path, fake_com: Callable[..., FakeCom]) -> None:
    fake_com()
    (tmp_path / "bao_cao.pdf").write_bytes(b"%PDF old")  # a stale PDF is never taken for the new one
    original = FakeDocument.ExportAsFixedFormat
    try:
        FakeDocument.ExportAsFixedFormat = lambda self, path, fmt: None  # type: ignore[method-assign]
        with pytest.raises(ConverterError, match="không tạo ra tệp PDF"):
            word_to_pdf(docx(tmp_path), tmp_path / "bao_cao.pdf")
    finally:
        FakeDocument.ExportAsFixedFormat = original  # type: ignore[method-assign]


# ---------------------------------------------------------------- which converter


def test_no_converter_at_all_says_so_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(converters, "find_soffice", lambda: None)
    monkeypatch.setattr(converters, "word_available", lambda: False)
    with pytest.raises(ConverterError) as raised:
        convert_to_pdf(docx(tmp_path), tmp_path)
    assert str(raised.value) == NO_CONVERTER_MESSAGE
    assert "«Mở bằng Word»" in str(raised.value)


def test_word_is_the_second_choice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_com: Callable[..., FakeCom]
) -> None:
    com = fake_com()
    monkeypatch.setattr(converters, "find_soffice", lambda: None)
    monkeypatch.setattr(converters, "word_available", lambda: True)
    assert convert_to_pdf(docx(tmp_path), tmp_path) == tmp_path.resolve() / "bao_cao.pdf"
    assert len(com.ours) == 1


def test_word_takes_over_when_libreoffice_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_com: Callable[..., FakeCom]
) -> None:
    com = fake_com()
    monkeypatch.setattr(converters, "find_soffice", lambda: program(tmp_path, "exit 3"))
    monkeypatch.setattr(converters, "word_available", lambda: True)
    monkeypatch.setattr(converters, "_warm", converters._WarmOffice())
    converters._warm.disabled = True  # the stand-in cannot be kept warm
    assert convert_to_pdf(docx(tmp_path), tmp_path).read_bytes().startswith(b"%PDF")
    assert len(com.ours) == 1


def test_word_is_not_looked_for_off_windows() -> None:
    if sys.platform != "win32":
        assert converters.word_available() is False


# ---------------------------------------------------------------- the warm LibreOffice


def group_members(pgid: int) -> list[int]:
    """Return the live processes of process group ``pgid`` (Linux)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and alive(int(entry.name)):
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[2]) == pgid:
                    members.append(int(entry.name))
    return members


needs_soffice = pytest.mark.skipif(
    converters.find_soffice() is None or shutil.which("pdftotext") is None or not Path("/proc").is_dir(),
    reason="no LibreOffice",
)


@pytest.fixture
def fresh_warm(monkeypatch: pytest.MonkeyPatch) -> Iterator[converters._WarmOffice]:
    """A warm instance of this test's own, stopped afterwards."""
    converters.stop_office()  # one started by an earlier test would take this one's jobs
    warm = converters._WarmOffice()
    monkeypatch.setattr(converters, "_warm", warm)
    yield warm
    warm.stop()


def report_docx(folder: Path, seed: str) -> Path:
    path = folder / "bao_cao.docx"
    render_report(load_answer_file(SEED_FIXTURES / seed), path)
    return path


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@needs_soffice
@pytest.mark.soffice
def test_one_warm_libreoffice_serves_every_conversion_and_dies_at_exit(
    tmp_path: Path, fresh_warm: converters._WarmOffice
) -> None:
    first = docx_to_pdf(report_docx(tmp_path, "003_bc5ae3b32bd5b2c1.json"), tmp_path)
    pid = converters.warm_office_pid()
    assert pid is not None and len(group_members(pid)) >= 2  # the launcher and soffice.bin
    text = pdf_text(first)
    # The same file name with another report in it: converted afresh, never served stale.
    second = docx_to_pdf(report_docx(tmp_path, "000_a555c7217f5d5664.json"), tmp_path)
    assert converters.warm_office_pid() == pid
    assert pdf_text(second) != text
    converters.stop_office()
    time.sleep(0.3)
    assert converters.warm_office_pid() is None
    assert group_members(pid) == []
    assert not converters._pid_file().exists()


@needs_soffice
@pytest.mark.soffice
def test_a_warm_libreoffice_that_died_is_started_again(
    tmp_path: Path, fresh_warm: converters._WarmOffice
) -> None:
    docx_file = report_docx(tmp_path, "003_bc5ae3b32bd5b2c1.json")
    docx_to_pdf(docx_file, tmp_path)
    pid = converters.warm_office_pid()
    assert pid is not None
    os.killpg(pid, signal.SIGKILL)
    time.sleep(0.3)
    assert docx_to_pdf(docx_file, tmp_path).is_file()
    assert converters.warm_office_pid() not in (None, pid)


def test_a_libreoffice_that_never_gets_ready_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_warm: converters._WarmOffice
) -> None:
    pid_file = tmp_path / "server.pid"
    fake = program(
        tmp_path,
        'case "$*" in *--nodefault*) echo $$ > {pid_file}; sleep 300 & wait;; '
        '*) echo "%PDF" > "$7/$(basename "$8" .docx).pdf";; esac',  # $7: --outdir, $8: the document
        pid_file=pid_file,
    )
    monkeypatch.setattr(converters, "WARM_START_TIMEOUT", 0.5)
    assert docx_to_pdf(docx(tmp_path), tmp_path, soffice=fake, warm=True).is_file()
    assert fresh_warm.disabled and converters.warm_office_pid() is None
    time.sleep(0.2)
    assert group_members(int(pid_file.read_text())) == []


def test_the_warm_start_waits_no_longer_than_the_callers_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_warm: converters._WarmOffice
) -> None:
    fake = program(
        tmp_path,
        'case "$*" in *--nodefault*) sleep 300;; *) echo "%PDF" > "$7/$(basename "$8" .docx).pdf";; esac',
    )
    waits: list[float] = []
    real_wait = fresh_warm._wait_ready
    monkeypatch.setattr(
        fresh_warm,
        "_wait_ready",
        lambda deadline: waits.append(deadline - time.monotonic()) or real_wait(deadline),
    )
    assert docx_to_pdf(docx(tmp_path), tmp_path, soffice=fake, warm=True, timeout=1.5).is_file()
    assert len(waits) == 1 and 1.0 < waits[0] <= 1.5  # not WARM_START_TIMEOUT (60 s)
    assert fresh_warm.disabled


def start_stand_in(profile: Path) -> subprocess.Popen[bytes]:
    """A process, in a group of its own, whose command line names ``profile`` like soffice's."""
    code = "import time; time.sleep(300)"
    argument = f"-env:UserInstallation={profile.as_uri()}"
    return subprocess.Popen([sys.executable, "-c", code, argument], start_new_session=True)


@pytest.mark.skipif(os.name == "nt" or shutil.which("ps") is None, reason="POSIX ps")
def test_a_warm_libreoffice_left_by_a_crashed_app_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(converters, "profile_dir", lambda: tmp_path)
    orphan = start_stand_in(tmp_path)
    gone = subprocess.Popen(["true"])
    gone.wait()
    converters._pid_file().write_text(f"{orphan.pid} {gone.pid}", encoding="ascii")
    converters._stop_orphan()
    assert orphan.wait(timeout=10) == -signal.SIGKILL
    assert not converters._pid_file().exists()


@pytest.mark.skipif(os.name == "nt" or shutil.which("ps") is None, reason="POSIX ps")
def test_the_warm_libreoffice_of_a_running_app_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(converters, "profile_dir", lambda: tmp_path)
    other = start_stand_in(tmp_path)
    unrelated = start_stand_in(tmp_path / "khac")
    try:
        converters._pid_file().write_text(f"{other.pid} {os.getpid()}", encoding="ascii")
        converters._stop_orphan()  # its app (this process) still runs
        gone = subprocess.Popen(["true"])
        gone.wait()
        converters._pid_file().write_text(f"{unrelated.pid} {gone.pid}", encoding="ascii")
        converters._stop_orphan()  # a reused pid: not a LibreOffice on our profile
        time.sleep(0.2)
        assert other.poll() is None and unrelated.poll() is None
    finally:
        for process in (other, unrelated):
            process.kill()
            process.wait()


def test_libreoffice_is_found_under_program_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "x86" / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"")
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "x64"))
    monkeypatch.setenv("ProgramFiles(x86)", str(tmp_path / "x86"))
    assert converters._windows_soffice() == program
    program.unlink()
    assert converters._windows_soffice() is None


def test_the_bundle_folders_and_pyinstaller_variables_are_not_passed_on() -> None:
    bundle = os.path.join(os.sep, "opt", "SoanBaoCao", "_internal")
    environ = {
        "PATH": os.pathsep.join([os.path.join(bundle, "PySide6"), bundle, "/usr/bin", ""]),
        "QML2_IMPORT_PATH": os.path.join(bundle, "PySide6", "qml"),
        "_PYI_APPLICATION_HOME_DIR": bundle,
        "_MEIPASS2": bundle,
        "HOME": "/home/can-bo",
    }
    env = clean_environment(environ, bundle=bundle)
    assert env == {"PATH": "/usr/bin", "HOME": "/home/can-bo"}


def test_the_tests_use_a_libreoffice_profile_of_their_own() -> None:
    assert converters.profile_dir() == Path(os.environ["SOANBAOCAO_LO_PROFILE"])


# ---------------------------------------------------------------- the system's opener


def opener_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    """Put a stand-in xdg-open first on PATH that writes its pid to the returned file, then ``body``."""
    folder = tmp_path / "bin"
    folder.mkdir()
    pid_file = tmp_path / "opener.pid"
    script = folder / "xdg-open"
    script.write_text(f"#!/bin/sh\necho $$ > {shlex.quote(str(pid_file))}\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return pid_file


def gone(pid_file: Path) -> bool:
    """True when the opener's process is over and reaped (a defunct one still has /proc/<pid>)."""
    return not Path(f"/proc/{int(pid_file.read_text())}").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(("code", "opened"), [(0, True), (3, False), (4, False)])
def test_the_openers_answer_is_kept_and_no_defunct_process_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, opened: bool
) -> None:
    pid_file = opener_on_path(tmp_path, monkeypatch, f"exit {code}")  # 3, 4: no program for the file
    assert converters.open_with_system(tmp_path / "bao_cao.docx") is opened
    assert gone(pid_file)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_an_opener_running_the_program_itself_is_waited_for_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = opener_on_path(tmp_path, monkeypatch, "sleep 1")  # xdg-open without a desktop
    monkeypatch.setattr(converters, "OPENER_WAIT_SECONDS", 0.2)
    assert converters.open_with_system(tmp_path / "bao_cao.docx") is True
    assert not gone(pid_file)  # still running: the program has the file
    deadline = time.monotonic() + 10
    while not gone(pid_file) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(pid_file)  # reaped when it ended


def test_no_opener_at_all_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert converters.open_with_system(tmp_path / "bao_cao.docx") is False


# ---------------------------------------------------------------- short temporary names

LONG_NAME = (
    "Báo cáo kết quả kiểm soát thủ tục hành chính quý IV năm 2025 của Ủy ban nhân dân xã Sơn Hải, "
    "tỉnh An Giang (bản trình Chủ tịch ký ban hành chính thức, đã sửa theo góp ý của Văn phòng)"
)


def recording_soffice(tmp_path: Path, log: Path) -> Path:
    """A stand-in soffice that writes each argument on a line of ``log`` and makes the PDF
    LibreOffice would: ``<outdir>/<the document's stem>.pdf``."""
    return program(
        tmp_path,
        f"printf '%s\\n' \"$@\" >> {shlex.quote(str(log))}\n"
        'while [ $# -gt 1 ]; do [ "$1" = --outdir ] && out="$2"; shift; done\n'
        'printf "%%PDF-1.4 stand-in" > "$out/$(basename "$1" .docx).pdf"',
    )


@pytest.fixture
def long_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A %TEMP% as long as an official's: «C:\\Users\\Nguyễn Văn Ánh\\AppData\\Local\\Temp»."""
    folder = tmp_path / "Users" / "Nguyễn Văn Ánh" / "AppData" / "Local" / "Temp"
    folder.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setattr(converters, "_warm", converters._WarmOffice())
    converters._warm.disabled = True  # the stand-in cannot be kept warm
    return folder


@pytest.mark.parametrize("stem", ["a", LONG_NAME], ids=["ngan", "dai"])
def test_libreoffice_is_given_short_fixed_names_whatever_the_document_is_called(
    tmp_path: Path, long_temp: Path, monkeypatch: pytest.MonkeyPatch, stem: str
) -> None:
    """Only the names made by the app are bounded: beyond the private temp folder, at most
    «sbc-xxxxxxxx/vb.docx» (20 characters), so a long name cannot carry a path past 260."""
    log = tmp_path / "args.txt"
    monkeypatch.setattr(converters, "find_soffice", lambda: recording_soffice(tmp_path, log))
    folder = tmp_path / "Tài liệu" / "Báo cáo năm 2025"
    folder.mkdir(parents=True)
    document = folder / f"{stem}.docx"
    document.write_bytes(b"PK stand-in")
    assert converters.pdf_bytes(document) == b"%PDF-1.4 stand-in"
    *_, option, outdir, given = log.read_text("utf-8").splitlines()
    assert option == "--outdir"
    assert Path(given).name == "vb.docx" and Path(given).parent == Path(outdir)
    assert Path(outdir).parent == long_temp and len(Path(outdir).name) <= 12
    assert len(given) <= len(str(long_temp)) + 21
    saved = convert_to_pdf(document, folder)  # the name the caller asked for, at the end
    assert saved == folder.resolve() / f"{stem}.pdf" and saved.read_bytes() == b"%PDF-1.4 stand-in"
    assert list(long_temp.iterdir()) == []  # nothing left behind in %TEMP%


def test_word_is_given_the_short_copy_too(
    tmp_path: Path, long_temp: Path, fake_com: Callable[..., FakeCom]
) -> None:
    com = fake_com()
    document = tmp_path / f"{LONG_NAME}.docx"
    document.write_bytes(b"PK stand-in")
    pdf = word_to_pdf(document, tmp_path / f"{LONG_NAME}.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert com.ours[0].log[:2] == [
        "Open(vb.docx, {'ReadOnly': True, 'AddToRecentFiles': False})",
        "ExportAsFixedFormat(vb.pdf, 17)",
    ]
    assert list(long_temp.iterdir()) == []
