"""The core must import, and work, without PySide6."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys, pkgutil, importlib
import desktop_app
for m in pkgutil.walk_packages(desktop_app.__path__, "desktop_app."):
    if not m.name.endswith("__main__"):
        importlib.import_module(m.name)
loaded = sorted(n for n in sys.modules if n.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print(",".join(loaded))
"""


def test_core_modules_load_no_qt() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_core_never_imports_pyside6_in_source() -> None:
    offenders = [
        p.name for p in (ROOT / "desktop_app").rglob("*.py") if "PySide6" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
