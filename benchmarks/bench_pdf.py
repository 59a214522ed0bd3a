"""DOCX to PDF through LibreOffice: the first and second conversion of a sitting, and a warm instance.

    python benchmarks/bench_pdf.py [--runs N]

The app (desktop_app.converters.docx_to_pdf) starts one LibreOffice per conversion with its own
profile folder. Measured here, each with a profile folder of the benchmark's own (so a test run
using the app's folder at the same time cannot interfere):

- the first conversion ever, when LibreOffice must create its profile (a new PC);
- the first conversion of a sitting (profile present, LibreOffice not running) and the next ones
  (the OS file cache is warm by then: a first conversion after a reboot is slower);
- a warm instance: ``soffice --headless --accept=...`` started first, then the same
  ``--convert-to`` call, which hands the job to the running instance (a fresh instance for
  each run, and whether it is still there after the job).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench_common import Row, duration, seed_files, timed

from desktop_app import converters
from desktop_app.answers import load_answer_file
from desktop_app.render import render_report

READY_TIMEOUT = 60.0


@contextlib.contextmanager
def profile(folder: Path) -> Iterator[Path]:
    """Make docx_to_pdf use ``folder`` as its LibreOffice profile."""
    original = converters.profile_dir
    folder.mkdir(parents=True, exist_ok=True)
    converters.profile_dir = lambda: folder
    try:
        yield folder
    finally:
        converters.profile_dir = original


def convert(docx: Path, out: Path) -> None:
    pdf = converters.docx_to_pdf(docx, out)
    pdf.unlink()


def pdf_rows(runs: int) -> list[Row]:
    program = converters.find_soffice()
    if program is None:
        return [Row("DOCX → PDF", [], "no LibreOffice on this machine")]
    with tempfile.TemporaryDirectory(prefix="soanbaocao-bench-pdf-") as tmp:
        folder = Path(tmp)
        docx = folder / "bao_cao.docx"
        render_report(load_answer_file(seed_files()[0]), docx)
        rows = [first_ever(docx, folder, min(runs, 3))]
        with profile(folder / "new-profile-0"):  # made by first_ever: a later day on the same PC
            times = timed(lambda: convert(docx, folder), runs + 1)
        note = "one LibreOffice per conversion, as the app does; first of the sitting apart"
        what = "DOCX → PDF, profile present (1st, then 2nd and later)"
        rows.append(Row(what, times[1:], note, first=times[0]))
        rows.append(warm_instance(program, docx, folder, runs))
    return rows


def first_ever(docx: Path, folder: Path, runs: int) -> Row:
    times = []
    for i in range(runs):
        with profile(folder / f"new-profile-{i}"):
            times += timed(lambda: convert(docx, folder), 1)
    return Row("DOCX → PDF, first ever (LibreOffice makes its profile)", times, "once per PC and user")


def warm_instance(program: Path, docx: Path, folder: Path, runs: int) -> Row:
    """Time a conversion handed to an instance started beforehand; does the instance stay up?"""
    warm_profile = folder / "warm-profile"
    times, stayed = [], []
    with profile(warm_profile):
        convert(docx, folder)  # the profile exists, as on any day but the first
        for _ in range(runs):
            instance = start_instance(program, warm_profile)
            try:
                wait_ready(warm_profile, instance)
                times += timed(lambda: convert(docx, folder), 1)
                time.sleep(1.0)
                stayed.append(instance.poll() is None)
            finally:
                stop(instance)
    what = "DOCX → PDF, handed to a warm instance (soffice --accept … started before)"
    if any(stayed):
        return Row(what, times, f"the instance stayed up after {sum(stayed)} of {len(stayed)} conversions")
    return Row(what, times, "the instance quit after each handed-over conversion: warm for one call only")


def start_instance(program: Path, profile_folder: Path) -> subprocess.Popen[bytes]:
    command = [
        str(program),
        f"-env:UserInstallation={profile_folder.as_uri()}",
        "--headless",
        "--norestore",
        "--invisible",
        "--accept=pipe,name=soanbaocao_bench_pdf;urp;",
    ]
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=converters.clean_environment(),
        start_new_session=(sys.platform != "win32"),
    )


def wait_ready(profile_folder: Path, instance: subprocess.Popen[bytes]) -> None:
    """Wait until the instance holds its profile (LibreOffice writes ``.lock`` there)."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline and instance.poll() is None:
        if (profile_folder / ".lock").exists():
            time.sleep(1.0)  # the lock comes a little before the pipe listens
            return
        time.sleep(0.1)


def stop(instance: subprocess.Popen[bytes]) -> None:
    """End the instance this benchmark started (its own process group), and wait for it."""
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(instance.pid)], capture_output=True, check=False)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(instance.pid, signal.SIGTERM)
    try:
        instance.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(instance.pid, signal.SIGKILL)
        instance.wait()


def soffice_version() -> str:
    program = converters.find_soffice()
    if program is None:
        return "none"
    result = subprocess.run([str(program), "--version"], capture_output=True, text=True, timeout=60)
    return result.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(soffice_version())
    for row in pdf_rows(args.runs):
        first = f" first {duration(row.first)}" if row.first is not None else ""
        print(f"{row.what:<62} {duration(row.median):>9}  N={len(row.seconds)}{first}  {row.note}")


if __name__ == "__main__":
    main()
