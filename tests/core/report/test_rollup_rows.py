"""The units' rows of a year rolled up from the province's quarterly roll-ups (rollup_rows.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from desktop_app.document.forms import with_rollup_forms
from desktop_app.report.answers import save_answer_file
from desktop_app.report.arrivals import read_inputs
from desktop_app.report.checks import evaluate_report
from desktop_app.report.lineage import parse_lineage
from desktop_app.report.periods import Period
from desktop_app.report.rollup_plan import Parent, roll_up
from tests.rollup_data import PROVINCE, merged_quarter, write_answer_file

FIGURES = ("hs_moi_truc_tuyen", "hs_ky_truoc", "hs_dang_trong_han")


def test_a_merged_communes_row_adds_its_old_communes_rows_of_each_quarter(tmp_path: Path) -> None:
    """Quý I–II rolled up Phú An and Phú Bình, quý III–IV Tân Phú, formed of both on 01/7/2025.
    The year's row of Tân Phú adds both old communes' rows of each early quarter (one of them
    used to overwrite the other: 117 received online, 2 carried in, against totals 162 and 6)."""
    quarters = tmp_path / "quy"
    quarters.mkdir()
    communes = {1: ["UBND xã Phú An", "UBND xã Phú Bình"], 2: ["UBND xã Phú An", "UBND xã Phú Bình"]}
    for q in (1, 2, 3, 4):
        inbox = tmp_path / f"don_vi_quy{q}"
        inbox.mkdir()
        for i, name in enumerate(communes.get(q, ["UBND xã Tân Phú"])):
            write_answer_file(inbox / f"{i}.json", merged_quarter(name, q))
        run = roll_up(read_inputs([inbox]), "bao_cao_kstthc", Period("quy", 2025, q), Parent(PROVINCE))
        assert run.report is not None, run.problem
        save_answer_file(with_rollup_forms(run.report), quarters / f"q{q}.json", datetime(2025, 3 * q, 20))
    lineage = parse_lineage("UBND xã Tân Phú <- UBND xã Phú An; UBND xã Phú Bình; từ ngày 01/07/2025")
    run = roll_up(
        read_inputs([quarters]), "bao_cao_kstthc", Period("nam", 2025), Parent(PROVINCE), lineage=lineage
    )
    assert run.report is not None and run.report.rollup is not None, run.problem
    (row,) = run.report.rollup.rows
    totals = evaluate_report(run.report).values
    assert row.name == "UBND xã Tân Phú" and not [n for n in run.notes if "mọi kỳ" in n]
    assert [row.figures.get(f) for f in FIGURES] == [totals[f] for f in FIGURES] == [162, 6, 6]
    assert row.file == ", ".join(f"quy/q{q}.json" for q in (1, 2, 3, 4))  # each quarter's file once
