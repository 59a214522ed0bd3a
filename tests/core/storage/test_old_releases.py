"""Databases and packages written by old releases of the app, read by this one.

The fixtures in ``tests/fixtures/old_releases`` were written by the code of older commits (its
README says how). A unit upgrades late: its reports must read as its answer files would.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from desktop_app.report import catalogue
from desktop_app.storage import Store

OLD = Path(__file__).resolve().parents[2] / "fixtures" / "old_releases"
NEW_HEADING = "Tình hình triển khai Nghị định số 118/2025/NĐ-CP"
OLD_HEADING = "Tình hình triển khai Nghị định số 61/2018/NĐ-CP"


def old_database(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "home" / "soanbaocao.db"
    path.parent.mkdir()
    with gzip.open(OLD / name) as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return path


def heading(report: object) -> str:
    return catalogue.kind_of(report).section("mc_nghi_dinh_61").heading  # type: ignore[arg-type]


def test_a_draft_from_before_versions_opens_with_the_version_of_its_period(tmp_path: Path) -> None:
    """2ebdfe4 wrote «tt01-2020.1» (the one version it had) in the row of a quý III/2025 draft:
    opened here, the draft showed and printed Nghị định 61/2018 (replaced from 01/7/2025) and the
    huyện level, while the same report's answer file read with the version of its period."""
    path = old_database(tmp_path, "2ebdfe4_quy3_2025.db.gz")
    with Store.open(path) as store:  # the migration upgrades it, a backup kept first
        report = store.load_report(1)
        assert report.kind_version == "nd118-2025.1"
        assert heading(report) == NEW_HEADING
        assert not catalogue.kind_of(report).has_field("tthc_dia_phuong_cap_huyen")
        assert store.load_revision(1, 1).kind_version == "nd118-2025.1"
        # the document that release produced is reproduced as it went out, also after a save here
        assert heading(store.load_output(1)) == OLD_HEADING
        store.save_report(1, report.with_answers({**report.answers, "hs_qua_han": 0}))
        assert heading(store.load_output(1)) == OLD_HEADING
        assert store.report_info(1).kind_version == "nd118-2025.1"
    (backup,) = (path.parent / "backups").iterdir()
    assert backup.name.endswith("-truoc-nang-cap.db")


def test_a_package_from_before_versions_reads_as_its_database_does(tmp_path: Path) -> None:
    """``import-all`` of that release's package stored the row's «tt01-2020.1» beside data
    read with «nd118-2025.1»: the column and the content disagreed."""
    with Store.open(tmp_path / "soanbaocao.db") as store:
        store.import_all(OLD / "2ebdfe4_quy3_2025_export_all.zip")
        (info,) = store.list_reports()
        assert info.kind_version == store.load_report(info.id).kind_version == "nd118-2025.1"
        assert store.load_revision(info.id, 1).kind_version == "nd118-2025.1"
        assert heading(store.load_output(1)) == OLD_HEADING
