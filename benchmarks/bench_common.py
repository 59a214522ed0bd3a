"""What the benchmark scripts share: a result row, timing, and Qt child processes.

Figures are medians of N runs (N printed beside them); a first run is kept apart where the
first one is what an official meets (a cold start, the first PDF of the day).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
PROGRAM = "SoanBaoCao.exe" if sys.platform == "win32" else "SoanBaoCao"
BUNDLE = Path(os.environ.get("SOANBAOCAO_DIST", "/tmp/dist")) / "SoanBaoCao" / PROGRAM


@dataclass
class Row:
    """One line of the table: seconds measured, and what to say beside them."""

    what: str
    seconds: list[float]
    note: str = ""
    first: float | None = None  # a first (cold) run, shown apart from the median
    unit: str = "s"  # "MB" for memory

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def shown(self, value: float | None = None) -> str:
        """Return the median (or ``value``) for the table: "4.2 ms", "1.50 s", "182 MB"."""
        if not self.seconds and value is None:
            return "—"
        value = self.median if value is None else value
        return f"{value:.0f} MB" if self.unit == "MB" else duration(value)


def duration(value: float) -> str:
    """Return 0.0042 as "4.2 ms", 1.5 as "1.50 s"."""
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def timed(run: Callable[[], object], times: int) -> list[float]:
    """Return the seconds each of ``times`` calls of ``run`` took."""
    found = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        found.append(time.perf_counter() - start)
    return found


def child_env(folder: Path) -> dict[str, str]:
    """Return the environment of an app process that touches nothing of the user's."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SOANBAOCAO_HOME": str(folder / "home")}
    env["XDG_CONFIG_HOME"] = str(folder / "config")  # QSettings (window geometry)
    env["PYTHONPATH"] = str(ROOT)
    return installed_python(env)


def installed_python(env: dict[str, str]) -> dict[str, str]:
    """Return ``env`` as an installed app runs: Python keeps the compiled bytecode of modules.

    A development shell may set PYTHONDONTWRITEBYTECODE; then every start compiles the app's
    modules from source again (about 0.1 s here), which no official's installation does (pip
    writes the bytecode, the bundle ships it). The first run of a measure writes it.
    """
    return {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_child(module: str, mode: str, folder: Path, *args: str) -> dict[str, Any]:
    """Run ``benchmarks/<module>.py --child <mode>`` offscreen; return the JSON it prints last."""
    command = [sys.executable, str(ROOT / "benchmarks" / f"{module}.py"), "--child", mode, str(folder), *args]
    result = subprocess.run(command, env=child_env(folder), capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{module} --child {mode} failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.json"))
