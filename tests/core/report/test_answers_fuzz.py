"""Fuzz: 300 seeded mutations of the seed answer files (issue 14).

Each mutated file must give either a sound report (it checks, round-trips, imports, and some are
rendered) or a Vietnamese message (AnswerFileError); never a traceback or a hang, and a refused
import never changes the database. The seed is fixed, so a failure repeats; the run time and
the counts are printed, never asserted.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from desktop_app.document.render import RenderError, render_report
from desktop_app.report.answers import AnswerFileError, load_answer_file, parse_report
from desktop_app.report.checks import check
from desktop_app.storage import Store
from desktop_app.storage.records import report_data
from tests.core.conftest import SEED_FIXTURES, db_content, is_vietnamese
from tests.core.fuzz import Mutator

SEED = 14
MUTATIONS = 400
RENDER_EVERY = 6  # rendering costs ~0.1 s: every sixth sound report is rendered


def test_mutated_answer_files_give_a_sound_report_or_a_vietnamese_message(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    mutator = Mutator(rng)
    seeds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SEED_FIXTURES.glob("*.json"))]
    refused_db, accepted_db = tmp_path / "tu_choi.db", tmp_path / "nhan.db"
    counts = {"sound": 0, "refused": 0, "rendered": 0, "render refused": 0}
    start = time.perf_counter()
    with Store.open(refused_db) as refusing, Store.open(accepted_db) as accepting:
        refusing.import_report(sorted(SEED_FIXTURES.glob("*.json"))[0])
        before = db_content(refused_db)
        for i in range(MUTATIONS):
            path = tmp_path / f"dot_bien_{i}.json"
            path.write_bytes(mutator.mutate(rng.choice(seeds)))
            try:
                report = load_answer_file(path)
            except AnswerFileError as exc:
                counts["refused"] += 1
                assert is_vietnamese(str(exc)), (i, str(exc)[:300])
                try:
                    refusing.import_report(path)
                except AnswerFileError:
                    pass
                else:
                    raise AssertionError(f"mutation {i}: refused on reading, imported by the store")
                continue
            counts["sound"] += 1
            check(report)
            assert parse_report(report_data(report)) == report, i  # what is kept reads back the same
            stored = accepting.import_report(path)
            assert accepting.load_report(stored) == report
            if counts["sound"] % RENDER_EVERY == 0:
                try:
                    render_report(report)
                    counts["rendered"] += 1
                except RenderError as exc:
                    counts["render refused"] += 1
                    assert is_vietnamese(str(exc))
        assert db_content(refused_db) == before
    elapsed = time.perf_counter() - start
    print(f"\n{MUTATIONS} mutated answer files in {elapsed:.1f} s: {counts}")
    assert counts["sound"] and counts["refused"]  # the mix exercises both outcomes
