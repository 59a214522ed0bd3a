"""DOCX to PDF through LibreOffice, as the app does it: first ever, first of a sitting, then warm.

    python benchmarks/bench_pdf.py [--runs N]

The app (desktop_app.system.converters.convert_to_pdf) keeps one hidden LibreOffice open from the first
conversion of a sitting until it exits. Measured here, with a profile folder of the benchmark's
own (so a test run using the app's folder at the same time cannot interfere):

- the first conversion ever, when LibreOffice must create its profile (a new PC);
- the first conversion of a sitting: profile present, no LibreOffice running, so the hidden
  instance starts (a first conversion after a reboot is slower: the OS file cache is cold);
- the second and later conversions, handed to that instance;
- for comparison, one LibreOffice started and ended per conversion (what the app did before).
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench_common import Row, duration, seed_files, timed

from desktop_app.document.render import render_report
from desktop_app.report.answers import load_answer_file
from desktop_app.system import converters


@contextlib.contextmanager
def profile(folder: Path) -> Iterator[Path]:
    """Make the converters use ``folder`` as their LibreOffice profile, and stop what they start."""
    original = converters.profile_dir
    folder.mkdir(parents=True, exist_ok=True)
    converters.profile_dir = lambda: folder
    try:
        yield folder
    finally:
        converters.stop_office()
        converters.profile_dir = original


def convert(docx: Path, out: Path, *, warm: bool) -> None:
    pdf = converters.docx_to_pdf(docx, out, soffice=converters.find_soffice(), warm=warm)
    pdf.unlink()


def pdf_rows(runs: int) -> list[Row]:
    if converters.find_soffice() is None:
        return [Row("DOCX → PDF", [], "no LibreOffice on this machine")]
    with tempfile.TemporaryDirectory(prefix="soanbaocao-bench-pdf-") as tmp:
        folder = Path(tmp)
        docx = folder / "bao_cao.docx"
        render_report(load_answer_file(seed_files()[0]), docx)
        return [
            first_ever(docx, folder, min(runs, 3)),
            *sittings(docx, folder, runs),
            one_office_per_conversion(docx, folder, runs),
        ]


def first_ever(docx: Path, folder: Path, runs: int) -> Row:
    times = []
    for i in range(runs):
        with profile(folder / f"new-profile-{i}"):
            times += timed(lambda: convert(docx, folder, warm=True), 1)
    return Row("DOCX → PDF, first ever (LibreOffice makes its profile)", times, "once per PC and user")


def sittings(docx: Path, folder: Path, runs: int) -> list[Row]:
    """Time ``runs`` sittings: the first conversion of each, and five more in it."""
    firsts: list[float] = []
    later: list[float] = []
    with profile(folder / "new-profile-0"):  # made by first_ever: a later day on the same PC
        for _ in range(runs):
            converters.stop_office()
            firsts += timed(lambda: convert(docx, folder, warm=True), 1)
            later += timed(lambda: convert(docx, folder, warm=True), 5)
    return [
        Row("DOCX → PDF, first of a sitting (starts the hidden LibreOffice)", firsts, "profile present"),
        Row("DOCX → PDF, 2nd and later of a sitting (warm)", later, f"5 per sitting × {runs} sittings"),
    ]


def one_office_per_conversion(docx: Path, folder: Path, runs: int) -> Row:
    with profile(folder / "new-profile-0"):
        times = timed(lambda: convert(docx, folder, warm=False), runs)
    what = "DOCX → PDF, one LibreOffice started per conversion"
    return Row(what, times, "for comparison: not what the app does")


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
