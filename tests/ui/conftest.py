"""Shared fixtures of the UI tests: offscreen Qt and a real SQLite store in a temp folder."""

from __future__ import annotations

import os

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
