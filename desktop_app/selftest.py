"""The self-test (``soanbaocao --self-test``): proof that a build holds everything it needs.

It runs the same from source and from the PyInstaller bundle: loads every report kind, renders
every shipped example (``resources/examples``, copies of the seed fixtures) into a temporary
folder, checks each against the Nghị định 30 layout, converts one to PDF when LibreOffice is
there, and opens the main window offscreen. One Vietnamese line per step, with its time; the
exit code is 0 only when every step worked.

A Windows bundle is a GUI program with no console, so :func:`main` also writes the lines to
:func:`log_path` in the temp folder. Nothing is written inside the app's own folder, and the
user's data folder is not touched: ``SOANBAOCAO_HOME`` points into the temporary folder.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from desktop_app import APP_NAME, __version__
from desktop_app.document.header import frame_path
from desktop_app.document.layout import check_layout
from desktop_app.document.render import render_report
from desktop_app.document.xlsx import MAIN
from desktop_app.report import catalogue
from desktop_app.report.answers import load_answer_file
from desktop_app.report.kinds import kind_ids
from desktop_app.storage import Store
from desktop_app.system import datadir, parallel, paths
from desktop_app.system.converters import docx_to_pdf, find_soffice

LOG_NAME = "soanbaocao-selftest.log"
PDF_TIMEOUT = 180.0
MARKS = {"ok": "ĐẠT", "skip": "BỎ QUA", "fail": "LỖI"}
# The platform plugin that puts windows on a real screen, by sys.platform (else X11).
NATIVE_PLATFORMS = {"win32": "qwindows", "darwin": "qcocoa"}


class SelfTestFailure(Exception):
    """A step did not work; the message says what, in Vietnamese."""


class Skipped(Exception):
    """A step that cannot run here and is not needed (no LibreOffice): a note, not a failure."""


@dataclass(frozen=True)
class StepResult:
    name: str
    status: str  # a key of MARKS
    detail: str
    seconds: float


def examples_dir() -> Path:
    """Return the shipped example answer files (the seed fixtures, copied)."""
    return paths.resources_dir() / "examples"


def log_path() -> Path:
    return Path(tempfile.gettempdir()) / LOG_NAME


# ---------------------------------------------------------------- the steps


def check_kinds() -> str:
    """Load every kind; each needs its template and at least one shipped example."""
    ids = kind_ids()
    if not ids:
        raise SelfTestFailure(f"không thấy tệp loại văn bản nào trong «{paths.resources_dir() / 'kinds'}»")
    if not frame_path().is_file():
        raise SelfTestFailure(f"thiếu khung văn bản «{frame_path()}»")
    example_kinds = {json.loads(p.read_text("utf-8")).get("kind") for p in examples()}
    for kind_id in ids:
        for kind in catalogue.family(kind_id).versions:
            if not kind.template_path.is_file():
                raise SelfTestFailure(f"loại «{kind_id}» thiếu mẫu «{kind.template_path.name}»")
        if kind_id not in example_kinds:
            raise SelfTestFailure(f"loại «{kind_id}» không có tệp ví dụ trong «{examples_dir()}»")
    return f"{len(ids)} loại: {', '.join(ids)}"


def examples() -> list[Path]:
    return sorted(examples_dir().glob("*.json"))


def render_example(example: Path, folder: Path) -> str:
    """Render one example and check the document's layout."""
    report = load_answer_file(example)
    out = folder / f"{example.stem}.docx"
    render_report(report, out)
    problems = check_layout(out)
    if problems:
        listed = "; ".join(p.message for p in problems[:3])
        raise SelfTestFailure(f"{len(problems)} lỗi thể thức: {listed}")
    return f"{report.kind}, {out.stat().st_size // 1024} KB, đúng thể thức Nghị định 30"


def convert_to_pdf(docx: Path, folder: Path) -> str:
    program = find_soffice()
    if program is None:
        raise Skipped("không có LibreOffice trên máy này (người dùng vẫn có văn bản Word)")
    pdf = docx_to_pdf(docx, folder, timeout=PDF_TIMEOUT, soffice=program)
    return f"{pdf.name}, {pdf.stat().st_size // 1024} KB, bằng {program}"


def save_forms(example: Path, folder: Path) -> str:
    """Save an example's statistical forms as an Excel workbook and read its sheets back."""
    from xml.etree import ElementTree

    from desktop_app.document.excel import write_form_workbook
    from desktop_app.document.forms import forms_for_kind

    report = load_answer_file(example)
    forms = forms_for_kind(catalogue.kind_of(report))
    if not forms:
        raise Skipped(f"loại «{report.kind}» không có biểu thống kê")
    out = folder / f"{example.stem}.xlsx"
    write_form_workbook(out, forms, None, report)
    with zipfile.ZipFile(out) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        cells = sum(len(ElementTree.fromstring(package.read(n)).findall(f".//{{{MAIN}}}c")) for n in sheets)
    if len(sheets) != len(forms):
        raise SelfTestFailure(f"tệp Excel có {len(sheets)} trang, cần {len(forms)}")
    return f"{len(sheets)} biểu, {cells} ô, {out.stat().st_size // 1024} KB"


def open_main_window(folder: Path) -> str:
    """Show the main window offscreen on a fresh database in ``folder``, then close it."""
    window_class = _main_window_class()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    qt = _qt_modules(window_class)
    app = _application(qt)
    _private_settings(qt, folder)
    with Store.open(folder / datadir.DB_NAME) as store:
        window = window_class(store)
        window.show()
        app.processEvents()
        shown, title = window.isVisible(), window.windowTitle()
        window.close()
        window.deleteLater()
        app.processEvents()
    if not shown:
        raise SelfTestFailure("cửa sổ chính không hiện lên")
    return f"«{title}» đã mở và đóng (nền {app.platformName()})"


def share_with_a_worker(folder: Path) -> str:
    """Share work with a worker process started afresh, as the app's roll-up does: in the bundle
    this proves the program starts as a worker when asked (``freeze_support``)."""
    parallel.forbid_fork()  # as the app: the main window above runs Qt's threads
    marker = folder / "tien_trinh_phu"
    items = [(os.getpid(), str(marker))] * parallel.MIN_ITEMS
    saved = os.environ.get(parallel.ENV_VAR)
    os.environ[parallel.ENV_VAR] = "2"
    try:
        pids = set(parallel.share(worker_pids, items))
    finally:
        if saved is None:
            os.environ.pop(parallel.ENV_VAR, None)
        else:
            os.environ[parallel.ENV_VAR] = saved
    if not marker.exists() or len(pids) < 2:
        raise SelfTestFailure("tiến trình phụ không chạy: việc tổng hợp chỉ dùng một bộ xử lý")
    return f"{len(items)} việc, {len(pids)} tiến trình"


def worker_pids(batch: list[tuple[int, str]]) -> list[int]:
    """Each item's process id; the caller's first batch waits (at most a minute) for a worker."""
    for caller, marker in batch:
        if os.getpid() != caller:
            Path(marker).touch()
            continue
        end = time.monotonic() + 60
        while not Path(marker).exists() and time.monotonic() < end:
            time.sleep(0.02)
    return [os.getpid()] * len(batch)


def load_native_platform() -> str:
    """Load the platform plugin a real screen needs: the offscreen run above does not use it."""
    qt = _qt_modules(_main_window_class())
    name = NATIVE_PLATFORMS.get(sys.platform, "qxcb")
    for folder in qt.core.QCoreApplication.libraryPaths():
        for plugin in sorted(Path(folder, "platforms").glob(f"*{name}.*")):
            loader = qt.core.QPluginLoader(str(plugin))
            if not loader.load():
                raise SelfTestFailure(f"không nạp được «{plugin.name}»: {loader.errorString()}")
            return f"{plugin.name} (trong {folder})"
    raise SelfTestFailure(f"thiếu trình cắm «{name}» để hiện cửa sổ lên màn hình")


class _Qt:
    """The Qt modules the window is built on: the core never names its toolkit."""

    def __init__(self, widgets: Any) -> None:
        self.widgets = widgets
        self.core = importlib.import_module(widgets.__name__.rsplit(".", 1)[0] + ".QtCore")


def _main_window_class() -> type:
    try:
        module = importlib.import_module("ui.main_window")
    except ImportError as exc:
        raise SelfTestFailure(f"chưa có giao diện ({exc})") from exc
    window_class = getattr(module, "MainWindow", None)
    if not isinstance(window_class, type):
        raise SelfTestFailure("chưa có giao diện (ui.main_window không có MainWindow)")
    return window_class


def _qt_modules(window_class: type) -> _Qt:
    for base in window_class.__mro__:
        if base.__module__.endswith(".QtWidgets"):
            return _Qt(sys.modules[base.__module__])
    raise SelfTestFailure("MainWindow không phải một cửa sổ Qt")


def _application(qt: _Qt) -> Any:
    """Return the app's QApplication, made as the app makes it (names, icon, Vietnamese)."""
    with contextlib.suppress(ImportError):
        make = getattr(importlib.import_module("ui.app"), "make_application", None)
        if callable(make):
            return make()
    return qt.widgets.QApplication.instance() or qt.widgets.QApplication([sys.argv[0]])


def _private_settings(qt: _Qt, folder: Path) -> None:
    """Keep the window's remembered geometry out of the user's own settings."""
    settings = qt.core.QSettings
    settings.setDefaultFormat(settings.Format.IniFormat)
    settings.setPath(settings.Format.IniFormat, settings.Scope.UserScope, str(folder / "cai_dat"))


# ---------------------------------------------------------------- running them


def _steps(folder: Path) -> Iterator[tuple[str, Callable[[], str]]]:
    yield "Nạp các loại văn bản", check_kinds
    found = examples()
    if not found:
        yield "Tìm tệp ví dụ", _no_examples
    for example in found:
        yield f"Tạo văn bản từ ví dụ {example.stem}", partial(render_example, example, folder)
    first = folder / f"{found[0].stem}.docx" if found else folder / "khong_co.docx"
    yield "Chuyển một văn bản sang PDF", partial(convert_to_pdf, first, folder)
    if found:
        yield "Lưu các biểu thống kê thành Excel", partial(save_forms, found[0], folder)
    yield "Mở cửa sổ chính (không hiện ra màn hình)", partial(open_main_window, folder)
    yield "Chia việc cho một tiến trình phụ", partial(share_with_a_worker, folder)
    yield "Nạp trình cắm hiện cửa sổ lên màn hình", load_native_platform


def _no_examples() -> str:
    raise SelfTestFailure(f"không có tệp ví dụ nào trong «{examples_dir()}»")


def run_step(name: str, step: Callable[[], str]) -> StepResult:
    start = time.perf_counter()
    try:
        status, detail = "ok", step()
    except Skipped as exc:
        status, detail = "skip", str(exc)
    except Exception as exc:  # a self-test reports every failure and goes on
        status, detail = "fail", str(exc) or type(exc).__name__
    return StepResult(name, status, detail, time.perf_counter() - start)


def seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + " giây"


def run_self_test(out: TextIO) -> int:
    """Run every step, print one line per step to ``out``; return 0 only when all worked."""
    where = "bản đóng gói" if getattr(sys, "frozen", False) else "mã nguồn"
    print(f"Tự kiểm tra {APP_NAME} {__version__} ({where}: {paths.app_root()})", file=out, flush=True)
    start = time.perf_counter()
    results: list[StepResult] = []
    with tempfile.TemporaryDirectory(prefix="soanbaocao-selftest-") as tmp, _private_home(Path(tmp)):
        print(f"Thư mục tạm: {tmp}", file=out, flush=True)
        for name, step in _steps(Path(tmp)):
            result = run_step(name, step)
            results.append(result)
            mark = f"[{MARKS[result.status]}]"
            print(f"{mark:<9} {name} ({seconds(result.seconds)}): {result.detail}", file=out, flush=True)
    failed = [r for r in results if r.status == "fail"]
    verdict = "ĐẠT" if not failed else f"KHÔNG ĐẠT ({len(failed)}/{len(results)} bước lỗi)"
    print(f"Kết quả: {verdict}, tổng {seconds(time.perf_counter() - start)}.", file=out, flush=True)
    return 1 if failed else 0


@contextlib.contextmanager
def _private_home(folder: Path) -> Iterator[None]:
    """Point the per-user data folder into ``folder`` so the user's data are never touched."""
    old = os.environ.get(datadir.ENV_VAR)
    os.environ[datadir.ENV_VAR] = str(folder / "du_lieu")
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(datadir.ENV_VAR, None)
        else:
            os.environ[datadir.ENV_VAR] = old


# ---------------------------------------------------------------- the command


class _Tee(io.StringIO):
    """Write to several streams at once (the console, when there is one, and the log file)."""

    def __init__(self, *targets: TextIO) -> None:
        super().__init__()
        self.targets = targets

    def write(self, text: str) -> int:
        for target in self.targets:
            target.write(text)
            target.flush()
        return len(text)


def main() -> int:
    """Run the self-test for the command line: to the console and to :func:`log_path`."""
    console = _console()
    log = log_path()
    with log.open("w", encoding="utf-8") as log_file:
        targets = (console, log_file) if console is not None else (log_file,)
        code = run_self_test(_Tee(*targets))
    if console is not None:
        print(f"Nhật ký: {log}", file=console, flush=True)
    return code


def _console() -> TextIO | None:
    """Return stdout; a Windows GUI program borrows the console of the window that started it."""
    stream = sys.stdout
    if stream is None and sys.platform == "win32":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
                ctypes.windll.kernel32.SetConsoleOutputCP(65001)
                stream = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="replace")  # a cp1252 console shows "?" rather than crashing
    return stream
