"""The answer file's ``rollup`` section is read back as strictly as the rest of the file."""

from __future__ import annotations

import json
from typing import Any

import pytest

from desktop_app.report.answers import AnswerFileError, dump_report, parse_report
from desktop_app.report.kinds import load_kind
from desktop_app.report.rollup import aggregate, source_of
from tests.core.report.test_rollup import parent_base
from tests.rollup_data import KIND_ID, departments


def rolled_data() -> dict[str, Any]:
    kind = load_kind(KIND_ID)
    sources = [source_of(r, r.unit.ten_goi, f"{r.unit.ky_hieu}.json") for r in departments()[:2]]
    data = dump_report(aggregate(kind, "units", sources, parent_base(), ["Sở Tài chính"]).report)
    return json.loads(json.dumps(data))


def test_a_report_without_a_roll_up_writes_no_section() -> None:
    assert "rollup" not in dump_report(departments()[0])


def test_the_section_reads_back() -> None:
    data = rolled_data()
    report = parse_report(data)
    assert report.rollup is not None
    assert report.rollup.missing == ("Sở Tài chính",)
    assert [s.file for s in report.rollup.sources] == ["STP.json", "SXD.json"]
    assert report.rollup.sources[1].figures["hs_moi_truc_tiep"] == 9


def test_the_units_rows_of_a_longer_period_read_back_and_mark_the_file_as_format_2() -> None:
    data = rolled_data()
    assert data["format"] == "soanbaocao.answers/1" and "rows" not in data["rollup"]
    data["rollup"]["rows"] = [data["rollup"]["sources"][1]]
    report = parse_report(data)
    assert report.rollup is not None and report.rollup.unit_rows == report.rollup.rows
    assert report.rollup.rows[0].figures["hs_moi_truc_tiep"] == 9
    assert dump_report(report)["format"] == "soanbaocao.answers/2"
    assert parse_report(json.loads(json.dumps(dump_report(report)))).rollup == report.rollup


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda r: r.update(mode="tinh"), "rollup.mode: «tinh» không hợp lệ"),
        (lambda r: r.update(extra=1), "rollup.extra: không có mục này"),
        (lambda r: r["sources"][0].update(sha256="abc"), "rollup.sources[0].sha256"),
        (lambda r: r["sources"][0].update(cap="thon"), "rollup.sources[0].cap: «thon» không hợp lệ"),
        (lambda r: r["sources"][1]["figures"].update(khong_co=1), "rollup.sources[1].figures.khong_co"),
        (lambda r: r["sources"][1]["figures"].update(mo_dau=1), "rollup.sources[1].figures.mo_dau"),
        (
            lambda r: r["sources"][1]["figures"].update(hs_moi=1e300),
            "rollup.sources[1].figures.hs_moi: cần một số",
        ),
        (
            lambda r: r["sources"][1]["figures"].update(hs_moi=True),
            "rollup.sources[1].figures.hs_moi: cần một số",
        ),
        (
            lambda r: r["sources"][0].update(period={"type": "quy", "year": 2025, "number": 5}),
            "sources[0].period",
        ),
        (lambda r: r.update(sources="x"), "rollup.sources: cần danh sách"),
        (lambda r: r.update(missing=[1]), "rollup.missing: cần danh sách tên đơn vị"),
        (lambda r: r.update(rows=[{**r["sources"][0], "sha256": "abc"}]), "rollup.rows[0].sha256"),
        (lambda r: r.update(rows={}), "rollup.rows: cần danh sách"),
    ],
)
def test_every_wrong_place_is_named(change: Any, problem: str) -> None:
    data = rolled_data()
    change(data["rollup"])
    with pytest.raises(AnswerFileError) as raised:
        parse_report(data)
    assert any(problem in p for p in raised.value.problems), raised.value.problems
