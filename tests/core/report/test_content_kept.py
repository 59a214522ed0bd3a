"""What the content check keeps of each text it read: the same findings, read once or again.

A paragraph's reading is kept (:func:`desktop_app.report.content.words.per_text`); a check of
the same report again, of another unit's copy of a paragraph, or of a text too long to be kept
must find exactly what a first reading finds, and an edited text is read anew.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.report.answers import Report, load_answer_file
from desktop_app.report.catalogue import kind_of
from desktop_app.report.content import Finding, content_findings, words
from desktop_app.report.periods import Period
from tests.core.conftest import SEED_FIXTURES

TODAY = date(2026, 1, 10)
SEED_001 = SEED_FIXTURES / "001_65663e565db3c233.json"


def found(report: Report) -> list[Finding]:
    return content_findings(report, today=TODAY)


def test_a_report_checked_again_or_after_forgetting_finds_the_same() -> None:
    report = load_answer_file(SEED_001)
    words.forget_texts()
    first = found(report)
    assert first and found(report) == first
    other_period = replace(report, period=Period("quy", 2025, 3))  # same paragraphs, judged anew
    words.forget_texts()
    fresh = found(other_period)
    words.forget_texts()
    found(report)
    assert found(other_period) == fresh != first


def test_an_edited_paragraph_is_read_anew() -> None:
    report = load_answer_file(SEED_001)
    before = [f for f in found(report) if f.code == "so_lieu_trong_van_ban"]
    text = str(report.answers["mot_cua_nd"]).replace("2237", "255")
    after = [f for f in found(report.with_answers({**report.answers, "mot_cua_nd": text}))]
    assert "2237" in before[0].message
    assert not any("2237" in f.message for f in after if f.code == "so_lieu_trong_van_ban")


def test_texts_too_long_to_keep_are_read_each_time_with_the_same_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = load_answer_file(SEED_001)
    # Each paragraphs answer three times over, in one paragraph: some past the longest text kept.
    paragraphs = [f.id for f in kind_of(report).fields() if f.type == "paragraphs" and f.id in report.answers]
    joined = {k: " ".join([str(report.answers[k])] * 3).replace("\n", " ") for k in paragraphs}
    long = report.with_answers({**report.answers, **joined})
    assert max(len(v) for v in joined.values()) > words.LONGEST_KEPT
    words.forget_texts()
    kept = found(long)
    assert kept
    monkeypatch.setattr(words, "LONGEST_KEPT", 0)  # nothing kept: every text read each time
    words.forget_texts()
    assert found(long) == kept
