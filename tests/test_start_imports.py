"""What the app's start imports: the main window shows without rendering, Jinja or sqlite-utils.

Issue 12 §14: these made the start ×3–5 a bare Qt window. A first process creates the database;
a second starts the way ``soanbaocao`` does (through ``desktop_app.cli``), opens it, builds and
shows the main window offscreen, and names the heavy modules that got loaded.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("docxtpl", "docx", "jinja2", "sqlite_utils", "numpy", "openpyxl", "lxml", "pypdfium2")

CREATE = "import sys; from desktop_app.storage import Store; Store.open(sys.argv[1]).close()"
PROBE = """
import sys
import desktop_app.cli
from desktop_app.storage import Store
from ui.app import make_application
from ui.main_window import MainWindow
app = make_application()
store = Store.open(sys.argv[1])
window = MainWindow(store)
window.show()
app.processEvents()
print("LOADED:" + ",".join(sorted({n.split(".")[0] for n in sys.modules} & set(sys.argv[2].split(",")))))
store.close()
"""


def run(tmp_path: Path, *args: str) -> str:
    env = {
        **os.environ,
        "SOANBAOCAO_HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_the_main_window_shows_without_the_heavy_modules(tmp_path: Path) -> None:
    db = str(tmp_path / "soanbaocao.db")
    run(tmp_path, CREATE, db)
    lines = [
        line for line in run(tmp_path, PROBE, db, ",".join(HEAVY)).splitlines() if line.startswith("LOADED:")
    ]
    assert lines == ["LOADED:"]
