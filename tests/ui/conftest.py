"""Shared fixtures of the UI tests: offscreen Qt and a real SQLite store in a temp folder."""

from __future__ import annotations

import os
import shlex

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.storage import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A real database in the test's temp folder, closed afterwards."""
    with Store.open(tmp_path / "soanbaocao.db") as opened:
        yield opened


@pytest.fixture(autouse=True)
def temp_qsettings(tmp_path: Path) -> Iterator[Path]:
    """Keep every QSettings (geometry, last folder) of a test in its temp folder, as ini files."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "qsettings"
    folder.mkdir()
    previous = QSettings.defaultFormat()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder
    QSettings.setDefaultFormat(previous)


@pytest.fixture
def vietnamese(qapp: object) -> Iterator[object]:
    """Qt's own strings in Vietnamese (the translator ui.app installs), removed afterwards."""
    from PySide6.QtCore import QLocale

    from ui.i18n import install_vietnamese

    locale = QLocale()
    translator = install_vietnamese(qapp)  # type: ignore[arg-type]
    yield translator
    qapp.removeTranslator(translator)  # type: ignore[attr-defined]
    QLocale.setDefault(locale)


class SystemOpener:
    """A stand-in ``xdg-open`` first on PATH: records what it was asked to open, and its env."""

    def __init__(self, folder: Path) -> None:
        self.log = folder / "opened.txt"
        self.env = folder / "env.txt"
        script = folder / "xdg-open"
        env, log = shlex.quote(str(self.env)), shlex.quote(str(self.log))  # a folder may hold «$», «"»
        script.write_text(f'#!/bin/sh\nenv > {env}\necho "$1" >> {log}\n', encoding="utf-8")
        script.chmod(0o755)

    def opened(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []


@pytest.fixture(autouse=True)
def system_opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SystemOpener:
    """The system's opener replaced by :class:`SystemOpener` (POSIX) in every UI test: nothing
    the app opens (a produced document, a folder) starts a real program."""
    if os.name == "nt":
        pytest.skip("the Windows shell opens files without xdg-open")
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("QT_PLUGIN_PATH", "/bundle/PySide6/Qt/plugins")  # as in the packaged app
    return SystemOpener(folder)
