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


# A database as an office has it after the features merged since issue 12: the seeds' reports
# (three kinds, versions before and after 01/7/2025), a roll-up with its files kept, and a
# report of an own kind installed in the data folder (its copy kept with it).
FILLED = """
import sys, zipfile
from pathlib import Path
from desktop_app.document.forms import with_rollup_forms
from desktop_app.document.kind_package import export_kind, install_package, package_bytes
from desktop_app.report.answers import dumps_report, load_answer_file
from desktop_app.report.arrivals import arrival_from_bytes
from desktop_app.report.periods import Period
from desktop_app.report.prefill import new_report
from desktop_app.report.rollup_plan import roll_up
from desktop_app.storage import RollupFile, Store
from tests.rollup_data import COMMUNE, departments

store = Store.open(sys.argv[1])
for seed in sorted(Path("tests/fixtures/seeds").glob("*.json")):
    store.import_report(seed)
unit = store.add_unit(COMMUNE)
arrivals = [arrival_from_bytes(f"{r.unit.ky_hieu}.json", dumps_report(r).encode()) for r in departments()]
run = roll_up(arrivals, "bao_cao_kstthc", Period("quy", 2025, 1))
kept = [RollupFile(a.name, a.sha256, a.data) for a in arrivals]
store.create_rollup(unit, with_rollup_forms(run.report), kept)
folder = Path(sys.argv[2])
export_kind("bao_cao_kstthc", folder / "xuat.zip")
with zipfile.ZipFile(folder / "xuat.zip") as z:
    files = {n.replace("bao_cao_kstthc", "bc_rieng"): z.read(n) for n in z.namelist() if "vi_du" not in n}
files["bc_rieng.toml"] = files["bc_rieng.toml"].replace(b'id = "bao_cao_kstthc"', b'id = "bc_rieng"')
(folder / "rieng.zip").write_bytes(package_bytes(files))
install_package(folder / "rieng.zip")
own = new_report("bc_rieng", Period("quy", 2026, 1), COMMUNE, run.report.document).report
store.create_report(unit, own)
store.close()
"""


def test_a_filled_database_with_a_roll_up_and_an_own_kind_shows_without_them(tmp_path: Path) -> None:
    """The roll-up, the kind catalogue, own kinds and kind copies (issues 15, 16) load nothing
    heavy at the start either: listing their reports reads titles, never a template or Jinja."""
    db = str(tmp_path / "soanbaocao.db")
    run(tmp_path, FILLED, db, str(tmp_path))
    assert (tmp_path / "home" / "kinds" / "bc_rieng.toml").is_file()
    out = run(tmp_path, PROBE, db, ",".join(HEAVY))
    assert [line for line in out.splitlines() if line.startswith("LOADED:")] == ["LOADED:"]
