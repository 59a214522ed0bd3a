"""Where the app's shipped files are, the same way from source and from the bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """Return the folder holding ``resources/`` and ``templates_docx/``.

    From source that is the project root; in a PyInstaller bundle it is the folder
    PyInstaller unpacks data files into (``sys._MEIPASS``).
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]  # desktop_app/system/paths.py


def resources_dir() -> Path:
    return app_root() / "resources"


def templates_dir() -> Path:
    return app_root() / "templates_docx"
