"""A report's history on real SQLite files: schema 2, compressed revisions, identical and coalesced saves."""

from __future__ import annotations

import json
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop_app import storage
from desktop_app.report.answers import Report
from desktop_app.storage import Store
from desktop_app.storage.values import report_columns
from desktop_app.system import datadir
from tests.core.storage.test_storage import SO, filled, make_report, seed_reports

T0 = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "soanbaocao.db"


@pytest.fixture
def store(db_path: Path) -> Any:
    with Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def clock(store: Store) -> Clock:
    store.now = ticking = Clock()
    return ticking


def figure(report: Report) -> Any:
    return report.answers.get("hs_moi_truc_tiep")


def kinds(store: Store, report_id: int) -> list[tuple[int, str]]:
    return [(r.n, r.kind) for r in store.revisions(report_id)]


# ---------------------------------------------------------------- schema 1 to schema 2


def write_like_schema_1(store: Store, unit_id: int, contents: list[Report]) -> int:
    """Store a report with one revision per content, with the statements the schema-1 app ran."""
    conn = store.db.conn
    when = "2024-06-05T09:00:00.000+00:00"
    values = {**report_columns(contents[-1]), "unit_id": unit_id, "created": when, "updated": when}
    with conn:
        cursor = conn.execute(
            f"INSERT INTO reports ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})", values
        )
        report_id = int(cursor.lastrowid or 0)
        for n, content in enumerate(contents, 1):
            conn.execute(
                "INSERT INTO revisions (report_id, n, saved_at, data) VALUES (?, ?, ?, ?)",
                [report_id, n, when, report_columns(content)["data"]],
            )
    return report_id


def test_a_schema_1_database_upgrades_and_its_old_revisions_stay_readable(db_path: Path) -> None:
    first, second = make_report(hs_moi_truc_tiep=1), make_report(hs_moi_truc_tiep=2)
    with Store.open(db_path, migrations=storage.MIGRATIONS[:1]) as old:  # the app before schema 2
        unit_id = old.add_unit(SO)
        report_id = write_like_schema_1(old, unit_id, [first, second])
        assert old.db.conn.execute("PRAGMA user_version").fetchone()[0] == 1
    with Store.open(db_path) as store:
        conn = store.db.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(storage.MIGRATIONS)
        assert store.load_report(report_id) == second
        assert kinds(store, report_id) == [(1, "luu"), (2, "luu")]
        assert store.load_revision(report_id, 1) == first
        assert store.load_revision(report_id, 2) == second
        stored = "SELECT n, encoding, typeof(data) FROM revisions ORDER BY n"
        assert conn.execute(stored).fetchall() == [(1, "json", "text"), (2, "json", "text")]
        assert store.save_report(report_id, second) == 2  # identical to the old text: nothing kept
        assert store.save_report(report_id, make_report(hs_moi_truc_tiep=3), autosave=True) == 3
        assert conn.execute(stored).fetchall()[2] == (3, "zlib", "blob")
        assert store.restore_revision(report_id, 1) == 4
        assert store.load_report(report_id) == first
        assert store.quick_check() == ["ok"]
    backups = datadir.list_backups(datadir.backups_dir(db_path))
    assert [b.name.endswith("-truoc-nang-cap.db") for b in backups] == [True]


def test_an_upgraded_database_exports_and_imports_its_old_revisions(db_path: Path, tmp_path: Path) -> None:
    contents = [make_report(hs_moi_truc_tiep=i) for i in range(3)]
    with Store.open(db_path, migrations=storage.MIGRATIONS[:1]) as old:
        report_id = write_like_schema_1(old, old.add_unit(SO), contents)
    with Store.open(db_path) as store:
        store.export_all(tmp_path / "du_lieu.zip")
    with Store.open(tmp_path / "moi" / "soanbaocao.db") as fresh:
        fresh.import_all(tmp_path / "du_lieu.zip")
        assert [fresh.load_revision(report_id, n) for n in (1, 2, 3)] == contents
        assert kinds(fresh, report_id) == [(1, "luu"), (2, "luu"), (3, "luu")]
        encodings = fresh.db.conn.execute("SELECT DISTINCT encoding FROM revisions").fetchall()
        assert encodings == [("zlib",)]


# ---------------------------------------------------------------- compression


@pytest.mark.parametrize("report", seed_reports(), ids=lambda r: r.kind)
def test_compressed_revisions_round_trip_exactly(store: Store, report: Report) -> None:
    report_id = store.create_report(store.add_unit(report.unit), report)
    edited = replace(report, document=replace(report.document, trich_yeu="Sửa đổi lần 1"))
    assert store.save_report(report_id, edited) == 2
    rows = store.db.conn.execute(
        "SELECT v.encoding, typeof(v.data), v.data, r.data FROM revisions v "
        "JOIN reports r ON r.id = v.report_id WHERE v.report_id = ? ORDER BY v.n",
        [report_id],
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [("zlib", "blob"), ("zlib", "blob")]
    *_, blob, current = rows[-1]
    assert zlib.decompress(blob).decode("utf-8") == current  # byte for byte the answer-file text
    assert len(blob) < len(current.encode("utf-8")) / 2
    assert json.loads(current)["document"]["trich_yeu"] == "Sửa đổi lần 1"
    assert store.load_revision(report_id, 1) == report
    assert store.load_revision(report_id, 2) == edited


# ---------------------------------------------------------------- which saves keep a revision


def test_identical_saves_keep_no_new_revision(store: Store, clock: Clock) -> None:
    _unit_id, report_id = filled(store)
    updated = store.report_info(report_id).updated
    clock.advance(minutes=1)
    assert store.save_report(report_id, make_report()) == 1
    assert store.save_report(report_id, make_report(), autosave=True) == 1
    assert store.report_info(report_id).updated == updated  # nothing changed, nothing written
    assert store.save_report(report_id, make_report(), status="hoan_thanh") == 1
    assert store.report_info(report_id).status == "hoan_thanh"
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=1)) == 2
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=1)) == 2
    assert store.restore_revision(report_id, 2) == 2
    assert kinds(store, report_id) == [(1, "tao"), (2, "luu")]


def test_autosaves_within_the_window_coalesce_and_an_explicit_save_appends(
    store: Store, clock: Clock
) -> None:
    _unit_id, report_id = filled(store)
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=1), autosave=True) == 2
    clock.advance(minutes=1)
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=2), autosave=True) == 2
    clock.advance(minutes=3, seconds=59)
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=3), autosave=True) == 2
    assert kinds(store, report_id) == [(1, "tao"), (2, "tu_dong")]
    assert figure(store.load_revision(report_id, 2)) == 3
    assert store.revisions(report_id)[1].saved_at == "2025-03-10T08:04:59.000+00:00"
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=4)) == 3  # Ctrl+S
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=5), autosave=True) == 4
    assert kinds(store, report_id) == [(1, "tao"), (2, "tu_dong"), (3, "luu"), (4, "tu_dong")]
    assert figure(store.load_revision(report_id, 3)) == 4
    assert figure(store.load_report(report_id)) == 5


def test_an_autosave_after_the_window_appends(store: Store, clock: Clock) -> None:
    _unit_id, report_id = filled(store)
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=1), autosave=True) == 2
    clock.advance(minutes=5)
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=2), autosave=True) == 3
    clock.advance(hours=-1)  # the computer's clock was set back: a new revision, not a longer window
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=3), autosave=True) == 4


def test_an_hour_of_editing_keeps_one_autosave_per_five_minutes(store: Store, clock: Clock) -> None:
    _unit_id, report_id = filled(store)
    for i in range(1, 121):  # an accepted edit every 30 seconds for an hour
        store.save_report(report_id, make_report(hs_moi_truc_tiep=i), autosave=True)
        clock.advance(seconds=30)
    assert kinds(store, report_id) == [(1, "tao")] + [(n, "tu_dong") for n in range(2, 14)]
    assert [figure(store.load_revision(report_id, n)) for n in (2, 3, 13)] == [10, 20, 120]


def test_an_identical_explicit_save_seals_the_autosave(store: Store, clock: Clock) -> None:
    _unit_id, report_id = filled(store)
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=1), autosave=True) == 2
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=1)) == 2  # Ctrl+S after it
    clock.advance(minutes=1)
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=2), autosave=True) == 3
    assert kinds(store, report_id) == [(1, "tao"), (2, "luu"), (3, "tu_dong")]
    assert figure(store.load_revision(report_id, 2)) == 1


def test_a_document_made_from_an_autosave_keeps_that_revision(
    store: Store, clock: Clock, tmp_path: Path
) -> None:
    _unit_id, report_id = filled(store)
    rendered = make_report(hs_moi_truc_tiep=1)
    assert store.save_report(report_id, rendered, autosave=True) == 2
    output_id = store.record_output(report_id, tmp_path / "bao_cao.docx", b"PK", rendered)
    assert store.outputs(report_id)[0].revision == 2
    clock.advance(minutes=1)
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=2), autosave=True) == 3
    assert kinds(store, report_id) == [(1, "tao"), (2, "tao_van_ban"), (3, "tu_dong")]
    assert store.load_revision(report_id, 2) == store.load_output(output_id) == rendered


def test_restoring_keeps_a_revision_of_its_own_kind(store: Store, clock: Clock) -> None:
    _unit_id, report_id = filled(store)
    store.save_report(report_id, make_report(hs_moi_truc_tiep=1), autosave=True)
    assert store.restore_revision(report_id, 1) == 3
    clock.advance(minutes=1)
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=2), autosave=True) == 4
    assert kinds(store, report_id) == [(1, "tao"), (2, "tu_dong"), (3, "khoi_phuc"), (4, "tu_dong")]
    assert store.revisions(report_id)[2].kind_label == storage.REVISION_KINDS["khoi_phuc"]


def test_the_document_that_went_out_is_reproduced_to_the_same_hash(store: Store, tmp_path: Path) -> None:
    import hashlib

    from desktop_app.document.render import render_report

    _unit_id, report_id = filled(store)
    sent = store.load_report(report_id)
    out = tmp_path / "da-gui.docx"
    output_id = store.record_output(report_id, out, render_report(sent, out).data, sent)
    store.save_report(report_id, make_report(hs_moi_truc_tiep=42))  # edited after it went out
    again = render_report(store.load_output(output_id)).data
    assert hashlib.sha256(again).hexdigest() == store.outputs(report_id)[0].sha256
    assert hashlib.sha256(out.read_bytes()).hexdigest() == store.outputs(report_id)[0].sha256


def test_a_second_copy_of_the_app_never_overwrites_the_firsts_autosave(
    store: Store, clock: Clock, db_path: Path
) -> None:
    _unit_id, report_id = filled(store)
    with Store.open(db_path) as other:
        other.now = clock  # the same minute on both copies
        assert store.save_report(report_id, make_report(hs_moi_truc_tiep=1), autosave=True) == 2
        assert store.save_report(report_id, make_report(hs_moi_truc_tiep=2), autosave=True) == 2  # coalesced
        assert other.save_report(report_id, make_report(hs_moi_truc_tiep=7), autosave=True) == 3
        assert store.save_report(report_id, make_report(hs_moi_truc_tiep=3), autosave=True) == 4
    assert [figure(store.load_revision(report_id, n)) for n in (2, 3, 4)] == [2, 7, 3]  # nothing lost
