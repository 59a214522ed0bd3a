"""Two PCs exchanging data with export-all and import-all --merge (issue 14), on two real database files.

PC A exports; PC B imports, edits a report and exports; A merges B's file: A must get B's figures
and B's revisions in the report's history. When both edited since they parted, both versions are
kept and the summary says so. Merging back and forth adds nothing more once they agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app import storage
from desktop_app.report.answers import Report, parse_report
from desktop_app.storage import Store
from desktop_app.storage.schema import legacy_uid
from desktop_app.storage.values import report_columns
from tests.core.conftest import SEED_FIXTURES, db_content

SEEDS = sorted(SEED_FIXTURES.glob("*.json"))
FIELD = "hs_moi_truc_tiep"


def edited(report: Report, value: int) -> Report:
    return report.with_answers({**report.answers, FIELD: value})


def figure(store: Store, report_id: int) -> int:
    value: int = store.load_report(report_id).answers[FIELD]
    return value


def history(store: Store, report_id: int) -> list[tuple[int, str, int]]:
    return [
        (r.n, r.kind, store.load_revision(report_id, r.n).answers[FIELD]) for r in store.revisions(report_id)
    ]


@pytest.fixture
def two_pcs(tmp_path: Path) -> tuple[Path, Path, int]:
    """PC A with the seed reports (the first edited once) and PC B holding A's export."""
    a, b = tmp_path / "may_a" / "soanbaocao.db", tmp_path / "may_b" / "soanbaocao.db"
    with Store.open(a) as store:
        ids = [store.import_report(p) for p in SEEDS]
        store.save_report(ids[0], edited(store.load_report(ids[0]), 4))
        store.export_all(tmp_path / "tu_a.zip")
    with Store.open(b) as store:
        store.import_all(tmp_path / "tu_a.zip")
    return a, b, ids[0]


def test_a_to_b_to_a_brings_b_s_edit_and_continues_the_history(
    two_pcs: tuple[Path, Path, int], tmp_path: Path
) -> None:
    a, b, report_id = two_pcs
    with Store.open(b) as store:
        assert history(store, report_id) == [(1, "tao", 3), (2, "luu", 4)]
        store.save_report(report_id, edited(store.load_report(report_id), 9))
        store.save_report(report_id, edited(store.load_report(report_id), 10), status="hoan_thanh")
        store.export_all(tmp_path / "tu_b.zip")
    with Store.open(a) as store:
        others = {i.id: store.load_report(i.id) for i in store.list_reports() if i.id != report_id}
        summary = store.import_all(tmp_path / "tu_b.zip", merge=True)
        assert summary.updated == {"reports": 1}
        assert summary.added.get("revisions") == 2 and not summary.notices
        assert "Cập nhật bản mới hơn từ tệp: 1 báo cáo" in summary.describe()
        assert figure(store, report_id) == 10
        assert store.report_info(report_id).status == "hoan_thanh"
        assert history(store, report_id) == [(1, "tao", 3), (2, "luu", 4), (3, "luu", 9), (4, "luu", 10)]
        assert {i: store.load_report(i) for i in others} == others  # nothing else moved
        assert store.quick_check() == ["ok"]
        # a later edit on A goes on from there, as if it had been typed on A
        assert store.save_report(report_id, edited(store.load_report(report_id), 11)) == 5
        store.export_all(tmp_path / "tu_a_2.zip")
    with Store.open(b) as store:  # and back to B: B takes A's newer revision, and agrees again
        summary = store.import_all(tmp_path / "tu_a_2.zip", merge=True)
        assert summary.updated == {"reports": 1}
        assert figure(store, report_id) == 11
        assert [n for n, _, _ in history(store, report_id)] == [1, 2, 3, 4, 5]


def test_merging_the_same_file_again_changes_nothing(two_pcs: tuple[Path, Path, int], tmp_path: Path) -> None:
    a, b, report_id = two_pcs
    with Store.open(b) as store:
        store.save_report(report_id, edited(store.load_report(report_id), 9))
        store.export_all(tmp_path / "tu_b.zip")
    with Store.open(a) as store:
        store.import_all(tmp_path / "tu_b.zip", merge=True)
    before = db_content(a)
    with Store.open(a) as store:
        again = store.import_all(tmp_path / "tu_b.zip", merge=True)
        assert sum(again.added.values()) == 0 and not again.updated and not again.notices
        assert "Không có dữ liệu mới để nhập" in again.describe()
    assert db_content(a) == before


def test_edits_on_both_pcs_keep_both_and_say_so(two_pcs: tuple[Path, Path, int], tmp_path: Path) -> None:
    a, b, report_id = two_pcs
    with Store.open(b) as store:
        store.save_report(report_id, edited(store.load_report(report_id), 20))
        store.export_all(tmp_path / "tu_b.zip")
    with Store.open(a) as store:
        store.save_report(report_id, edited(store.load_report(report_id), 30))
        summary = store.import_all(tmp_path / "tu_b.zip", merge=True)
        assert len(summary.notices) == 1
        notice = summary.notices[0]
        assert "cả hai máy" in notice and "lần lưu 4" in notice and "lần lưu 5" in notice
        assert "LƯU Ý" in summary.describe()
        assert figure(store, report_id) == 30  # this PC's content stays current
        assert history(store, report_id) == [
            (1, "tao", 3),
            (2, "luu", 4),
            (3, "luu", 30),
            (4, "may_khac", 20),  # B's edit, in the history: nothing dropped
            (5, "gop", 30),
        ]
        assert storage.REVISION_KINDS["may_khac"].startswith("Bản của máy khác")
        store.export_all(tmp_path / "tu_a.zip")
    with Store.open(b) as store:  # B merges A's answer: A has seen all of B's, so B moves ahead
        summary = store.import_all(tmp_path / "tu_a.zip", merge=True)
        assert not summary.notices and summary.updated == {"reports": 1}
        assert figure(store, report_id) == 30
        assert [v for _, _, v in history(store, report_id)] == [3, 4, 20, 30]
        store.export_all(tmp_path / "tu_b_2.zip")
    before = db_content(a)
    with Store.open(a) as store:  # and A merging B again adds nothing: they agree
        summary = store.import_all(tmp_path / "tu_b_2.zip", merge=True)
        assert not summary.notices and not summary.updated and sum(summary.added.values()) == 0
    assert db_content(a) == before


def test_a_report_new_on_the_other_pc_arrives_with_its_history(
    two_pcs: tuple[Path, Path, int], tmp_path: Path
) -> None:
    a, b, _ = two_pcs
    data = json.loads(SEEDS[0].read_text(encoding="utf-8"))
    data["period"] = {"type": "quy", "year": 2030, "number": 1}
    (tmp_path / "moi.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with Store.open(b) as store:
        new_id = store.import_report(tmp_path / "moi.json")
        store.save_report(new_id, store.load_report(new_id), status="hoan_thanh")
        uid = store.report_info(new_id).uid
        store.export_all(tmp_path / "tu_b.zip")
    with Store.open(a) as store:
        summary = store.import_all(tmp_path / "tu_b.zip", merge=True)
        assert summary.added["reports"] == 1
        found = [i for i in store.list_reports() if i.uid == uid]
        assert len(found) == 1 and found[0].status == "hoan_thanh"
        assert [r.kind for r in store.revisions(found[0].id)] == ["tao"]


def test_a_package_from_before_report_identities_finds_its_reports(tmp_path: Path) -> None:
    """Two PCs upgraded separately give each report the same identity (migration 3), and a
    package exported by the older version (no uid) finds those reports too."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    report = parse_report(json.loads(SEEDS[0].read_text(encoding="utf-8")))
    when = "2025-03-01T08:00:00.000+00:00"
    with Store.open(a, migrations=storage.MIGRATIONS[:2]) as old:  # the app before report identities
        unit_id = old.add_unit(report.unit)
        values = {**report_columns(report), "unit_id": unit_id, "created": when, "updated": when}
        with old.db.conn:
            report_id = old.db.conn.execute(
                f"INSERT INTO reports ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})",
                values,
            ).lastrowid
            old.db.conn.execute(
                "INSERT INTO revisions (report_id, n, saved_at, kind, encoding, data) "
                "VALUES (?, 1, ?, 'tao', 'json', ?)",
                [report_id, when, values["data"]],
            )
        old.export_all(tmp_path / "cu.zip")
    with Store.open(b) as fresh:
        fresh.import_all(tmp_path / "cu.zip")  # a package of schema 2: uid by the migration's rule
        uid_b = fresh.list_reports()[0].uid
    with Store.open(a) as upgraded:  # migration 3 runs on A
        uid_a = upgraded.list_reports()[0].uid
    start, end = (d.isoformat() for d in report.period.cutoff())
    assert uid_a == uid_b == legacy_uid(report.kind, report.period.type, start, end, when)
    before = db_content(a)
    with Store.open(a) as upgraded:
        summary = upgraded.import_all(tmp_path / "cu.zip", merge=True)
        assert summary.skipped.get("reports") == 1 and sum(summary.added.values()) == 0
    assert db_content(a) == before


def test_every_new_report_gets_its_own_identity(tmp_path: Path) -> None:
    with Store.open(tmp_path / "soanbaocao.db") as store:
        ids = [store.import_report(SEEDS[0]) for _ in range(3)]
        uids = {store.report_info(i).uid for i in ids}
    assert len(uids) == 3 and None not in uids


def test_a_report_marked_finished_on_the_other_pc_is_finished_here_too(
    two_pcs: tuple[Path, Path, int], tmp_path: Path
) -> None:
    """«Đánh dấu đã hoàn thành» keeps no revision: the merge found nothing new in the report and
    said «Không có dữ liệu mới để nhập», and A listed it as a draft B had finished (and sent)."""
    a, b, report_id = two_pcs
    with Store.open(b) as store:
        store.set_status(report_id, "hoan_thanh")
        store.export_all(tmp_path / "tu_b.zip")
    with Store.open(a) as store:
        summary = store.import_all(tmp_path / "tu_b.zip", merge=True)
        assert store.report_info(report_id).status == "hoan_thanh"
        assert summary.updated == {"reports": 1}
        assert summary.describe().splitlines()[0] == "Cập nhật bản mới hơn từ tệp: 1 báo cáo."
        assert [r.n for r in store.revisions(report_id)] == [1, 2]  # no revision made of it
        store.set_status(report_id, "ban_nhap")  # A takes it back to a draft later: A's is newer now
        store.export_all(tmp_path / "tu_a_2.zip")
        assert store.import_all(tmp_path / "tu_b.zip", merge=True).updated == {}
        assert store.report_info(report_id).status == "ban_nhap"
    with Store.open(b) as store:  # and B follows A's later change
        store.import_all(tmp_path / "tu_a_2.zip", merge=True)
        assert store.report_info(report_id).status == "ban_nhap"
