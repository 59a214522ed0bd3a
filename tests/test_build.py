"""The packaged app: build.spec ships every data file, the self-test passes from source and bundle.

The bundle itself is built only when ``SOANBAOCAO_BUILD_BUNDLE=1`` (CI sets it): PyInstaller
takes half a minute and needs ``pip install pyinstaller``.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
EXAMPLES = ROOT / "resources" / "examples"
ICON = ROOT / "resources" / "icons" / "soanbaocao.ico"
SELF_TEST_TIMEOUT = 600


def offscreen_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


class Recorder:
    """Stands in for one of PyInstaller's spec classes and keeps what it was given."""

    calls: dict[str, Recorder]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []
        self.pure: list[Any] = []
        self.scripts: list[Any] = []
        Recorder.calls[type(self).__name__] = self


def run_spec() -> dict[str, Recorder]:
    """Run build.spec as PyInstaller would, with recorders for its classes."""
    Recorder.calls = {}
    names = {name: type(name, (Recorder,), {}) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}
    namespace: dict[str, Any] = {**names, "SPECPATH": str(ROOT), "__file__": str(SPEC)}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return Recorder.calls


def test_self_test_passes_from_source() -> None:
    command = [sys.executable, "-m", "desktop_app", "--self-test"]
    result = subprocess.run(
        command, cwd=ROOT, env=offscreen_env(), capture_output=True, text=True, timeout=SELF_TEST_TIMEOUT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Kết quả: ĐẠT" in result.stdout
    assert saved_the_forms(result.stdout)


def saved_the_forms(output: str) -> bool:
    """The self-test wrote an example's two forms as an Excel workbook and read them back."""
    line = next((line for line in output.splitlines() if "thành Excel" in line), "")
    return line.startswith("[ĐẠT]") and "2 biểu" in line


def test_spec_ships_every_template_kind_and_resource() -> None:
    datas = set(run_spec()["Analysis"].kwargs["datas"])
    folders = [ROOT / "templates_docx", ROOT / "resources"]
    wanted = {
        (str(path), path.parent.relative_to(ROOT).as_posix())
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts
    }
    assert wanted - datas == set()
    kinds = {Path(src).name for src, dest in datas if dest == "resources/kinds"}
    templates = {Path(src).name for src, dest in datas if dest == "templates_docx"}
    assert {p.name for p in (ROOT / "resources" / "kinds").glob("*.toml")} <= kinds
    # A kind's versions (<id>@<date>.toml) share its template unless they have their own.
    bases = [p for p in (ROOT / "resources" / "kinds").glob("*.toml") if "@" not in p.stem]
    assert {p.stem + ".docx" for p in bases} <= templates


def test_spec_builds_one_folder_without_upx_or_console() -> None:
    calls = run_spec()
    assert calls["EXE"].kwargs["exclude_binaries"] is True  # binaries go to COLLECT: one folder
    assert calls["EXE"].kwargs["console"] is False
    assert calls["EXE"].kwargs["upx"] is False
    assert calls["COLLECT"].kwargs["upx"] is False
    assert Path(calls["EXE"].kwargs["icon"]) == ICON


def test_spec_names_every_ui_module() -> None:
    # The app opens ui.app by name, so PyInstaller would not see the UI without these.
    hidden = set(run_spec()["Analysis"].kwargs["hiddenimports"])
    modules = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "ui").rglob("*.py")
    }
    assert modules - hidden == set()


def test_shipped_examples_are_the_seed_fixtures() -> None:
    """resources/examples (shipped, self-tested) are copies of tests/fixtures/seeds (not shipped).

    After changing a seed fixture: ``cp tests/fixtures/seeds/*.json resources/examples/``.
    """
    seeds = {p.name: p.read_bytes() for p in SEEDS.glob("*.json")}
    examples = {p.name: p.read_bytes() for p in EXAMPLES.glob("*.json")}
    assert sorted(examples) == sorted(seeds)
    stale = [name for name in seeds if seeds[name] != examples[name]]
    assert stale == [], "cp tests/fixtures/seeds/*.json resources/examples/"


def test_icon_holds_every_size_from_16_to_256() -> None:
    data = ICON.read_bytes()
    _, kind, count = struct.unpack_from("<HHH", data)
    sizes = {struct.unpack_from("<B", data, 6 + 16 * i)[0] or 256 for i in range(count)}
    assert kind == 1
    assert {16, 32, 48, 256} <= sizes


BUILD_BUNDLE = os.environ.get("SOANBAOCAO_BUILD_BUNDLE") == "1"


@pytest.mark.bundle
@pytest.mark.skipif(not BUILD_BUNDLE, reason="builds the bundle only with SOANBAOCAO_BUILD_BUNDLE=1")
def test_bundle_builds_and_passes_its_self_test(tmp_path: Path) -> None:
    build = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--clean"]
    build += ["--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "build")]
    built = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stderr[-4000:]
    bundle = tmp_path / "dist" / "SoanBaoCao"
    before = snapshot(bundle)
    program = bundle / ("SoanBaoCao.exe" if sys.platform == "win32" else "SoanBaoCao")
    result = subprocess.run(
        [str(program), "--self-test"],
        cwd=tmp_path,
        env=offscreen_env(),
        capture_output=True,
        text=True,
        timeout=SELF_TEST_TIMEOUT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bản đóng gói" in result.stdout
    assert saved_the_forms(result.stdout)
    assert not list(bundle.rglob("openpyxl")), "openpyxl is for the tests: the app writes its own .xlsx"
    assert snapshot(bundle) == before, "the app wrote inside its own folder"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }
