"""Files from elsewhere: what the checks of issue 14 cost. Prints figures, asserts nothing.

    python benchmarks/bench_files.py [--folder /tmp/soanbaocao-bench]

On the ten-year database of bench_storage.py (built there when missing): the restore check of
every row, export-all, import-all into an empty database and a merge of the same package (every
row checked first), each in its own process so its peak memory is its own; then how quickly a
zip bomb, an encrypted zip and a hostile answer file are refused.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

STEP = """
import resource, sys, time
from pathlib import Path
from desktop_app.storage import Store, StorageError
from desktop_app.storage.backups import database_problems
what, db, package = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
start = time.perf_counter()
if what == "check":
    result = len(database_problems(db))
elif what == "export":
    with Store.open(db) as store:
        store.export_all(package)
    result = package.stat().st_size
else:
    with Store.open(db) as store:
        try:
            result = store.import_all(package, merge=what == "merge").describe().splitlines()[0]
        except StorageError as exc:
            result = str(exc)[:80]
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.2f}\\t{peak:.0f}\\t{result}")
"""


def step(what: str, db: Path, package: Path) -> tuple[str, str, str]:
    out = subprocess.run(
        [sys.executable, "-c", STEP, what, str(db), str(package)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    ).stdout.strip()
    seconds, peak, result = out.split("\t", 2)
    return seconds, peak, result


def refusals(folder: Path) -> None:
    from desktop_app.report.answers import AnswerFileError, load_answer_file
    from desktop_app.system.safe_read import UnsafeFileError, read_json_package

    bomb = folder / "bom.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("soanbaocao.json", "w", force_zip64=True) as member,
    ):
        for _ in range(1024):
            member.write(b" " * (1 << 20))
    seed = json.loads((ROOT / "tests/fixtures/seeds/000_a555c7217f5d5664.json").read_text(encoding="utf-8"))
    text = json.dumps(seed).replace('"hs_moi_truc_tiep": 3', '"hs_moi_truc_tiep": 1e999999999')
    (folder / "so_lon.json").write_text(text, encoding="utf-8")
    cases = {
        f"zip bomb ({bomb.stat().st_size / 2**20:.1f} MiB holding 1 GiB)": lambda: read_json_package(
            bomb, "soanbaocao.json"
        ),
        "answer file with 1e999999999": lambda: load_answer_file(folder / "so_lon.json"),
    }
    for label, run in cases.items():
        start = time.perf_counter()
        try:
            run()
            said = "(read!)"
        except (UnsafeFileError, AnswerFileError) as exc:
            said = str(exc).splitlines()[0][:70]
        print(f"refuse {label:<44} {(time.perf_counter() - start) * 1000:>8.1f} ms  {said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "soanbaocao-bench")
    args = parser.parse_args()
    big = args.folder / "ten_years" / "soanbaocao.db"
    if not big.exists():
        import bench_storage

        bench_storage.build(big)
    work = Path(tempfile.mkdtemp(prefix="soanbaocao-files-"))
    package = work / "muoi_nam.zip"
    print(f"{'step on the ten-year database':<52} {'seconds':>8} {'peak MiB':>9}  result")
    for label, what, db in (
        ("restore check: every row of every table read", "check", big),
        ("export-all", "export", big),
        ("import-all into an empty database", "import", work / "moi.db"),
        ("import-all --merge of the same package again", "merge", work / "moi.db"),
    ):
        seconds, peak, result = step(what, db, package)
        print(f"{label:<52} {seconds:>8} {peak:>9}  {result[:60]}")
    refusals(work)


if __name__ == "__main__":
    main()
