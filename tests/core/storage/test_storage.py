"""The database on real SQLite files: schema, every entity, history, backups, crashes, moving data."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from desktop_app import storage
from desktop_app.report.answers import Report, Signer, Unit, parse_report
from desktop_app.report.periods import Period
from desktop_app.storage import DatabaseDamagedError, StorageError, Store
from desktop_app.system import datadir
from tests.core.conftest import BASE, SEED_FIXTURES

ROOT = Path(__file__).resolve().parents[3]
SO = Unit("SỞ NGOẠI VỤ", "SNgV", "Kiên Giang", "so", "UBND TỈNH KIÊN GIANG", "Sở Ngoại vụ")


def make_report(period: dict[str, Any] | None = None, **answers: Any) -> Report:
    data = json.loads(json.dumps(BASE))
    data["period"] = period or BASE["period"]
    data["answers"] = {"mo_dau": "Kết quả kiểm soát thủ tục hành chính", **answers}
    return parse_report(data)


def quarter(number: int, year: int) -> dict[str, Any]:
    return {"type": "quy", "year": year, "number": number}


def seed_reports() -> list[Report]:
    """The real reports of the seed fixtures, or a small one when there are none yet."""
    found = [
        parse_report(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(SEED_FIXTURES.glob("*.json"))
    ]
    return found or [make_report()]


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return {
            t: [dict(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY rowid")]
            for t in storage.EXPORT_TABLES
        }
    finally:
        conn.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "soanbaocao.db"


@pytest.fixture
def store(db_path: Path) -> Any:
    with Store.open(db_path) as opened:
        yield opened


def filled(store: Store) -> tuple[int, int]:
    unit_id = store.add_unit(SO)
    return unit_id, store.create_report(unit_id, make_report())


# ---------------------------------------------------------------- schema and migrations


def test_a_new_database_gets_the_whole_schema(store: Store) -> None:
    conn = store.db.conn
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(storage.EXPORT_TABLES) <= tables
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(storage.MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    applied = [
        r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'soanbaocao'")
    ]
    assert applied[:2] == ["m001_initial", "m002_revision_kinds_and_compression"]
    assert applied == [step.__name__ for step in storage.MIGRATIONS]


def test_only_the_storage_modules_talk_to_sqlite() -> None:
    door = re.compile(r"^\s*(?:import|from)\s+(?:sqlite3|sqlite_utils)\b", re.MULTILINE)
    modules = [*(ROOT / "desktop_app").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]
    talking = {p.relative_to(ROOT) for p in modules if door.search(p.read_text(encoding="utf-8"))}
    storage = Path("desktop_app", "storage")
    assert talking and all(path.parent == storage for path in talking), sorted(map(str, talking))


def test_reopening_changes_nothing(db_path: Path) -> None:
    Store.open(db_path).close()
    before = file_hash(db_path)
    Store.open(db_path).close()
    assert file_hash(db_path) == before
    assert datadir.list_backups(datadir.backups_dir(db_path)) == []


def m003_unit_note(db: Database) -> None:
    """A stand-in for a future migration: a new column on units."""
    db.execute("ALTER TABLE units ADD COLUMN ghi_chu TEXT NOT NULL DEFAULT ''")


def test_a_future_migration_upgrades_the_schema_and_keeps_the_data(db_path: Path) -> None:
    with Store.open(db_path) as first:
        unit_id, report_id = filled(first)
    with Store.open(db_path, migrations=(*storage.MIGRATIONS, m003_unit_note)) as upgraded:
        conn = upgraded.db.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(storage.MIGRATIONS) + 1
        assert "ghi_chu" in [c.name for c in upgraded.db.table("units").columns]
        assert upgraded.get_unit(unit_id).co_quan == "SỞ NGOẠI VỤ"
        assert upgraded.load_report(report_id) == make_report()
    backups = datadir.list_backups(datadir.backups_dir(db_path))
    assert [b.name.endswith("-truoc-nang-cap.db") for b in backups] == [True]


@pytest.mark.parametrize("how", ["migration", "user_version"])
def test_a_database_from_a_newer_app_is_refused_and_left_unchanged(db_path: Path, how: str) -> None:
    if how == "migration":
        Store.open(db_path, migrations=(*storage.MIGRATIONS, m003_unit_note)).close()
    else:
        Store.open(db_path).close()
        conn = sqlite3.connect(db_path)
        conn.execute("PRAGMA user_version = 7")
        conn.close()
    before = file_hash(db_path)
    with pytest.raises(StorageError) as err:
        Store.open(db_path)
    assert str(err.value) == storage.NEWER_MESSAGE
    assert not isinstance(err.value, DatabaseDamagedError)
    assert file_hash(db_path) == before


def test_another_programs_database_is_refused_and_left_byte_for_byte(db_path: Path) -> None:
    """``--db`` naming another program's SQLite file wrote the app's 25 tables into it (and
    switched its journal mode) and said «Chưa có báo cáo nào.»."""
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE khach_hang (id INTEGER, ten TEXT)")
    conn.execute("INSERT INTO khach_hang VALUES (1, 'Công ty A')")
    conn.commit()
    conn.close()
    before = file_hash(db_path)
    with pytest.raises(StorageError) as err:
        Store.open(db_path)
    assert "chương trình khác (có các bảng «khach_hang»)" in str(err.value)
    assert not isinstance(err.value, DatabaseDamagedError)  # no backup to offer: it is not ours
    assert file_hash(db_path) == before and sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
    db_path.write_bytes(b"")  # an empty file (as «touch» leaves it) is still a new database
    with Store.open(db_path) as store:
        assert store.list_reports() == []


# ---------------------------------------------------------------- entities


def test_units_round_trip_with_rename_history_and_successions(store: Store) -> None:
    a = store.add_unit(SO)
    b = store.add_unit(Unit("UBND XÃ AN BÌNH", "UBND", "An Bình", "xa", "UBND HUYỆN X"))
    assert store.get_unit(a).unit == SO
    assert store.get_unit(a).active
    renamed = Unit("SỞ NGOẠI VỤ VÀ HỢP TÁC", "SNgVHT", "Kiên Giang", "so", "UBND TỈNH KIÊN GIANG")
    store.rename_unit(a, renamed, when="2025-07-01T00:00:00+00:00")
    assert store.get_unit(a).unit == renamed
    assert [n.unit for n in store.unit_names(a)] == [SO]
    assert store.unit_names(a)[0].valid_until == "2025-07-01T00:00:00+00:00"
    store.update_unit(b, Unit("UBND XÃ AN BÌNH", "UBND", "An Bình", "xa", "UBND HUYỆN Y"))
    assert store.unit_names(b) == []
    c = store.add_unit(Unit("UBND XÃ MỚI", "UBND", "An Bình", "xa"))
    store.set_successors(c, [a, b])
    assert [u.id for u in store.predecessors(c)] == [a, b]
    assert [u.id for u in store.successors(a)] == [c]
    with pytest.raises(StorageError, match="vòng tròn"):
        store.set_successors(a, [c])
    store.set_unit_active(b, False)
    assert [u.id for u in store.units()] == sorted([a, c], key=lambda i: store.get_unit(i).co_quan)
    assert len(store.units(include_inactive=True)) == 3
    with pytest.raises(StorageError, match="còn trống"):
        store.add_unit(Unit("", "X", "Y", "so"))
    store.create_report(c, make_report())
    with pytest.raises(StorageError, match="ngừng sử dụng"):
        store.delete_unit(c)
    store.delete_unit(b)
    assert [u.id for u in store.predecessors(c)] == [a]


def test_signers_and_recipient_lists_round_trip(store: Store) -> None:
    unit_id = store.add_unit(SO)
    first = store.add_signer(unit_id, Signer("GIÁM ĐỐC", "Nguyễn Văn A"))
    second = store.add_signer(unit_id, Signer("PHÓ GIÁM ĐỐC", "Trần Thị B", "KT.", "GIÁM ĐỐC"))
    assert [s.signer.ho_ten for s in store.signers(unit_id)] == ["Nguyễn Văn A", "Trần Thị B"]
    store.reorder_signers(unit_id, [second, first])
    assert [s.id for s in store.signers(unit_id)] == [second, first]
    store.update_signer(first, Signer("GIÁM ĐỐC", "Nguyễn Văn C"))
    assert store.signers(unit_id)[1].signer == Signer("GIÁM ĐỐC", "Nguyễn Văn C")
    with pytest.raises(StorageError, match="Quyền hạn"):
        store.add_signer(unit_id, Signer("X", "Y", "KY THAY"))
    store.delete_signer(second)
    assert len(store.signers(unit_id)) == 1

    lines = ["Văn phòng Chính phủ;", "UBND tỉnh;", "  "]
    list_id = store.add_recipient_list(unit_id, "noi_nhan", lines, luu="VT, KSTT", name="Báo cáo quý")
    store.add_recipient_list(unit_id, "kinh_gui", ["Văn phòng UBND tỉnh"])
    saved = store.recipient_lists(unit_id, "noi_nhan")
    assert [(r.lines, r.luu, r.name) for r in saved] == [(tuple(lines[:2]), "VT, KSTT", "Báo cáo quý")]
    assert len(store.recipient_lists(unit_id)) == 2
    store.update_recipient_list(list_id, "noi_nhan", ["Cục Kiểm soát TTHC"], luu="VT")
    assert store.recipient_lists(unit_id, "noi_nhan")[0].lines == ("Cục Kiểm soát TTHC",)
    with pytest.raises(StorageError):
        store.add_recipient_list(unit_id, "cc", [])
    store.delete_recipient_list(list_id)
    assert [r.kind for r in store.recipient_lists(unit_id)] == ["kinh_gui"]


@pytest.mark.parametrize("report", seed_reports(), ids=lambda r: r.kind)
def test_reports_round_trip_through_the_answer_file_content(store: Store, report: Report) -> None:
    unit_id = store.add_unit(report.unit)
    report_id = store.create_report(unit_id, report)
    assert store.load_report(report_id) == report
    info = store.report_info(report_id)
    assert (info.kind, info.period, info.status, info.unit_id) == (
        report.kind,
        report.period,
        "ban_nhap",
        unit_id,
    )
    assert info.kind_version and info.deleted_at is None
    row = store.db.conn.execute("SELECT data, sources FROM reports WHERE id = ?", [report_id]).fetchone()
    assert json.loads(row[0])["format"] == "soanbaocao.answers/1"
    assert json.loads(row[1]) == dict(report.sources)


def test_outputs_keep_the_hash_and_the_exact_data(store: Store, tmp_path: Path) -> None:
    _unit_id, report_id = filled(store)
    rendered = make_report(hs_moi_truc_tiep=9)
    out = store.record_output(report_id, tmp_path / "bao_cao.docx", b"PK docx bytes", rendered)
    [output] = store.outputs(report_id)
    assert (output.id, output.revision, output.format) == (out, 1, "docx")
    assert output.sha256 == hashlib.sha256(b"PK docx bytes").hexdigest()
    assert store.load_output(out) == rendered
    with pytest.raises(StorageError, match="Định dạng"):
        store.record_output(report_id, tmp_path / "a.odt", b"", rendered)


def test_every_save_keeps_a_revision_and_restoring_one_is_a_new_revision(store: Store) -> None:
    _unit_id, report_id = filled(store)
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=1)) == 2
    assert store.save_report(report_id, make_report(hs_moi_truc_tiep=2), status="hoan_thanh") == 3
    assert [r.n for r in store.revisions(report_id)] == [1, 2, 3]
    assert store.load_revision(report_id, 2).answers["hs_moi_truc_tiep"] == 1
    assert store.report_info(report_id).status == "hoan_thanh"
    assert store.restore_revision(report_id, 2) == 4
    assert store.load_report(report_id).answers["hs_moi_truc_tiep"] == 1
    assert store.load_revision(report_id, 3).answers["hs_moi_truc_tiep"] == 2
    with pytest.raises(storage.NotFoundError):
        store.load_revision(report_id, 9)
    with pytest.raises(storage.NotFoundError):
        store.save_report(999, make_report())
    with pytest.raises(StorageError):
        store.save_report(report_id, make_report(), status="xong")


def test_recycle_bin(store: Store) -> None:
    _unit_id, report_id = filled(store)
    store.record_output(report_id, Path("a.pdf"), b"%PDF", make_report())
    with pytest.raises(StorageError, match="thùng rác"):
        store.purge_report(report_id)
    store.delete_report(report_id)
    assert store.list_reports() == []
    assert [r.id for r in store.list_reports(include_deleted=True)] == [report_id]
    store.restore_report(report_id)
    assert [r.id for r in store.list_reports()] == [report_id]
    store.delete_report(report_id)
    store.purge_report(report_id)
    assert store.list_reports(include_deleted=True) == []
    assert store.db.conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == 0
    assert store.db.conn.execute("SELECT COUNT(*) FROM outputs").fetchone()[0] == 0


def test_search_ignores_case_and_diacritics(store: Store) -> None:
    unit_id, report_id = filled(store)
    other = store.create_report(unit_id, make_report(quarter(3, 2024), mo_dau="Tình hình đơn thư"))
    assert {r.id for r in store.list_reports(search="kiem soat")} == {report_id, other}  # the kind's title
    assert [r.id for r in store.list_reports(search="kiem soat thu tuc")] == [report_id]
    assert [r.id for r in store.list_reports(search="KIỂM   SOÁT thủ tục")] == [report_id]
    assert {r.id for r in store.list_reports(search="ngoai vu")} == {report_id, other}
    assert [r.id for r in store.list_reports(search="don thu")] == [other]
    assert [r.id for r in store.list_reports(search="quy iii")] == [other]
    assert store.list_reports(search="50%_") == []
    assert [
        r.id for r in store.list_reports(unit_ids=[unit_id], period_type="quy", kind="bao_cao_kstthc")
    ] == [
        other,
        report_id,
    ]
    assert store.list_reports(unit_ids=[]) == []
    assert store.list_reports(status="hoan_thanh") == []


# ---------------------------------------------------------------- the previous period


def test_find_previous_takes_the_nearest_earlier_quarter_or_last_year(store: Store) -> None:
    unit_id = store.add_unit(SO)
    for period, figure in ((quarter(2, 2023), 20), (quarter(3, 2023), 30), (quarter(1, 2024), 10)):
        store.create_report(unit_id, make_report(period, hs_moi_truc_tiep=figure))
    deleted = store.create_report(unit_id, make_report(quarter(4, 2023), hs_moi_truc_tiep=40))
    store.delete_report(deleted)

    def figures(period: dict[str, Any], last_year: bool = False) -> list[int]:
        found = store.find_previous(unit_id, "bao_cao_kstthc", Period.from_json(period), last_year)
        return [r.answers["hs_moi_truc_tiep"] for r in found]

    assert figures(quarter(2, 2024)) == [10]
    assert figures(quarter(1, 2024)) == [30]  # Q4 is in the recycle bin
    assert figures(quarter(2, 2024), last_year=True) == [20]
    assert figures(quarter(3, 2024), last_year=True) == [30]
    assert figures(quarter(4, 2024), last_year=True) == []
    assert figures(quarter(2, 2023)) == []
    assert store.find_previous(unit_id, "bao_cao_kstthc", Period("nam", 2024)) == []


def test_find_previous_prefers_the_finished_report(store: Store) -> None:
    unit_id = store.add_unit(SO)
    done = store.create_report(
        unit_id, make_report(quarter(1, 2024), hs_moi_truc_tiep=1), status="hoan_thanh"
    )
    store.create_report(unit_id, make_report(quarter(1, 2024), hs_moi_truc_tiep=2))
    [found] = store.find_previous(unit_id, "bao_cao_kstthc", Period("quy", 2024, 2))
    assert found == store.load_report(done)


def test_find_previous_returns_every_predecessor(store: Store) -> None:
    a = store.add_unit(SO)
    b = store.add_unit(Unit("SỞ TƯ PHÁP", "STP", "Kiên Giang", "so"))
    old = store.add_unit(Unit("SỞ CŨ", "SC", "Kiên Giang", "so"))
    merged = store.add_unit(Unit("SỞ MỚI", "SM", "Kiên Giang", "so"))
    store.set_successors(merged, [a, b, old])
    store.create_report(a, make_report(quarter(1, 2024), hs_moi_truc_tiep=3))
    store.create_report(b, make_report(quarter(1, 2024), hs_moi_truc_tiep=4))
    store.create_report(old, make_report(quarter(3, 2023), hs_moi_truc_tiep=99))  # older: not summed
    found = store.find_previous(merged, "bao_cao_kstthc", Period("quy", 2024, 2))
    assert sorted(r.answers["hs_moi_truc_tiep"] for r in found) == [3, 4]
    store.create_report(merged, make_report(quarter(2, 2024), hs_moi_truc_tiep=7))
    found = store.find_previous(merged, "bao_cao_kstthc", Period("quy", 2024, 3))
    assert [r.answers["hs_moi_truc_tiep"] for r in found] == [7]


# ---------------------------------------------------------------- backups


def test_backup_and_restore_backs_up_what_it_replaces(db_path: Path) -> None:
    with Store.open(db_path) as store:
        _unit_id, report_id = filled(store)
        backup = store.backup()
        assert backup.parent == db_path.parent / "backups"
        assert backup.read_bytes()[:16] == b"SQLite format 3\x00"
        assert backup.read_bytes()[18] == 1  # a single file, not WAL
        store.save_report(report_id, make_report(hs_moi_truc_tiep=5))
        with pytest.raises(StorageError, match="đóng cửa sổ"):
            storage.restore_backup(backup, db_path)
    saved = storage.restore_backup(backup, db_path)
    assert saved is not None and "truoc-khoi-phuc" in saved.name
    with Store.open(db_path) as store:
        assert [r.n for r in store.revisions(report_id)] == [1]
    with Store.open(saved) as before:
        assert [r.n for r in before.revisions(report_id)] == [1, 2]


def test_auto_backup_once_a_day_and_retention(db_path: Path) -> None:
    start = datetime(2024, 1, 1, 8, tzinfo=UTC)
    with Store.open(db_path) as store:
        assert store.auto_backup(start) is not None
        assert store.auto_backup(start + timedelta(hours=5)) is None
        assert store.auto_backup(start + timedelta(days=1, hours=1)) is not None
    folder = datadir.backups_dir(db_path)
    assert len(datadir.list_backups(folder)) == 2
    days = [start - timedelta(days=d) for d in range(400)]
    names = [folder / datadir.backup_name(d) for d in days]
    dropped = set(datadir.backups_to_prune(names, start))
    kept = [n for n in names if n not in dropped]
    assert names[:20] == kept[:20]
    # the 20 newest (January 2024, December 2023) + the newest of each month from February to November 2023
    assert len(kept) == 20 + 10
    assert all(datadir.backup_time(n) > start - timedelta(days=366) for n in kept)  # type: ignore[operator]


def damage(path: Path, how: str) -> None:
    if how == "garbage":
        path.write_bytes(os.urandom(64 * 1024))
    elif how == "emptied":
        path.write_bytes(b"")
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    else:
        with path.open("r+b") as handle:
            handle.truncate(path.stat().st_size // 3)


@pytest.mark.parametrize("how", ["garbage", "truncated", "emptied"])
def test_a_damaged_file_is_detected_and_the_last_backup_restores_it(db_path: Path, how: str) -> None:
    with Store.open(db_path) as store:
        unit_id = store.add_unit(SO)
        for number in range(1, 5):
            for year in range(2015, 2024):
                store.create_report(unit_id, make_report(quarter(number, year), mo_dau="Nội dung " * 400))
        store.backup()
        good = store.backup()
    damage(db_path, how)
    with pytest.raises(DatabaseDamagedError) as err:
        Store.open(db_path)
    assert err.value.backup == good
    assert "bị hỏng" in str(err.value)
    saved = storage.restore_backup(good, db_path)
    assert (saved is not None) == (how != "emptied")  # an empty file has nothing to keep
    with Store.open(db_path) as store:
        assert store.quick_check() == ["ok"]
        assert len(store.list_reports()) == 36


def test_a_database_that_cannot_be_opened_is_not_called_damaged(db_path: Path) -> None:
    """SQLite cannot open a sound file (a read-only folder, no rights): that is said as it is, in
    Vietnamese, with no backup offered in its place (restoring one could not help), and the
    file is left as it was. Made here with a folder where SQLite's «-wal» file must be, which
    refuses the same way for every user, root included."""
    with Store.open(db_path) as store:
        filled(store)
        store.backup()
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    before = file_hash(db_path)
    db_path.with_name(db_path.name + "-wal").mkdir()
    with pytest.raises(StorageError) as err:
        Store.open(db_path)
    assert not isinstance(err.value, DatabaseDamagedError)
    message = str(err.value)
    assert "Không mở được tệp dữ liệu" in message and "không có quyền" in message
    assert "bị hỏng" not in message and "unable" not in message
    assert file_hash(db_path) == before
    db_path.with_name(db_path.name + "-wal").rmdir()
    with Store.open(db_path) as store:
        assert len(store.list_reports()) == 1


def test_a_damaged_file_is_described_in_vietnamese(db_path: Path) -> None:
    with Store.open(db_path) as store:
        filled(store)
    damage(db_path, "truncated")
    with pytest.raises(DatabaseDamagedError) as err:
        Store.open(db_path)
    assert err.value.detail == "dữ liệu trong tệp bị hỏng"  # SQLite says "database disk image is malformed"


def test_an_empty_file_without_backups_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "moi.db"
    path.touch()
    with Store.open(path) as store:
        assert store.units() == []
        assert store.quick_check() == ["ok"]


def test_two_databases_in_one_folder_keep_their_own_backups(tmp_path: Path) -> None:
    first, second = tmp_path / "xa-a.db", tmp_path / "xa-b.db"
    with Store.open(first) as store:
        store.add_unit(SO)
        made = store.auto_backup()
    with Store.open(second) as store:
        assert store.auto_backup() is not None  # not skipped because of the other's backup
    assert made is not None and made.parent == tmp_path / "backups" / "xa-a"
    damage(second, "garbage")
    with pytest.raises(DatabaseDamagedError) as err:
        Store.open(second)
    assert err.value.backup is not None and err.value.backup.parent.name == "xa-b"


def test_a_damaged_backup_is_not_used(db_path: Path, tmp_path: Path) -> None:
    Store.open(db_path).close()
    bad = tmp_path / "hong.db"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(StorageError, match="bị hỏng"):
        storage.restore_backup(bad, db_path)


# ---------------------------------------------------------------- moving data


def populate(store: Store) -> None:
    a = store.add_unit(SO)
    b = store.add_unit(Unit("UBND XÃ AN BÌNH", "UBND", "An Bình", "xa"))
    store.rename_unit(a, Unit("SỞ NGOẠI VỤ MỚI", "SNgV", "Kiên Giang", "so"))
    store.set_successors(b, [a])
    store.add_signer(a, Signer("GIÁM ĐỐC", "Nguyễn Văn A"))
    store.add_recipient_list(a, "noi_nhan", ["Như trên;", "Lưu: VT."], luu="VT")
    for report in seed_reports():
        store.create_report(b, report)
    report_id = store.create_report(a, make_report(hs_moi_truc_tiep=1))
    store.save_report(report_id, make_report(hs_moi_truc_tiep=2))
    store.record_output(report_id, Path("bao_cao.docx"), b"docx", make_report())
    store.delete_report(store.create_report(a, make_report(quarter(1, 2020))))


@pytest.mark.parametrize("name", ["du_lieu.zip", "du_lieu.json"])
def test_export_all_then_import_all_gives_the_same_data(tmp_path: Path, name: str) -> None:
    first, second = tmp_path / "a" / "soanbaocao.db", tmp_path / "b" / "soanbaocao.db"
    with Store.open(first) as store:
        populate(store)
        store.export_all(tmp_path / name)
    with Store.open(second) as store:
        summary = store.import_all(tmp_path / name)
        assert summary.added["reports"] == len(seed_reports()) + 2
        assert "Đã nhập" in summary.describe()
        assert store.db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert table_rows(second) == table_rows(first)


def test_import_refuses_a_database_with_data_unless_merging_and_never_duplicates(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "soanbaocao.db", tmp_path / "b" / "soanbaocao.db"
    export = tmp_path / "du_lieu.zip"
    with Store.open(first) as store:
        populate(store)
        store.export_all(export)
    with Store.open(second) as store:
        own = store.add_unit(Unit("SỞ KHÁC", "SK", "Cà Mau", "so"))
        store.create_report(own, make_report())
        with pytest.raises(StorageError, match="--merge"):
            store.import_all(export)
        store.import_all(export, merge=True)
        counts = {t: len(rows) for t, rows in table_rows(second).items()}
        again = store.import_all(export, merge=True)
        assert sum(again.added.values()) == 0
        assert {t: len(rows) for t, rows in table_rows(second).items()} == counts
        assert counts["reports"] == len(table_rows(first)["reports"]) + 1
        assert len(store.units(include_inactive=True)) == 3


def test_import_refuses_foreign_or_newer_files(store: Store, tmp_path: Path) -> None:
    other = tmp_path / "khac.json"
    other.write_text('{"format": "khac"}', encoding="utf-8")
    with pytest.raises(StorageError, match="không phải tệp xuất"):
        store.import_all(other)
    newer = tmp_path / "moi.json"
    newer.write_text(
        json.dumps({"format": storage.EXPORT_FORMAT, "schema": 99, "tables": {}}), encoding="utf-8"
    )
    with pytest.raises(StorageError, match="mới hơn"):
        store.import_all(newer)


def test_an_inconsistent_export_imports_nothing(store: Store, tmp_path: Path) -> None:
    tables = {
        "units": [{"id": 1, **{k: "x" for k in storage.UNIT_FIELDS}, "cap": "so", "created": "", "active": 1}]
    }
    tables["signers"] = [{"id": 1, "unit_id": 5}]  # a unit the file does not hold
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"format": storage.EXPORT_FORMAT, "schema": 1, "tables": tables}), encoding="utf-8"
    )
    with pytest.raises(StorageError, match="không nhất quán"):
        store.import_all(bad)
    assert store.units(include_inactive=True) == []


def test_a_backup_restores_onto_a_new_computer(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as store:
        filled(store)
        backup = store.backup()
    elsewhere = tmp_path / "may_moi" / "soanbaocao.db"
    assert storage.restore_backup(backup, elsewhere) is None
    with Store.open(elsewhere) as store:
        assert len(store.list_reports()) == 1


def test_one_report_moves_as_an_answer_file(store: Store, tmp_path: Path) -> None:
    unit_id, report_id = filled(store)
    store.export_report(report_id, tmp_path / "bao_cao.json")
    copy = store.import_report(tmp_path / "bao_cao.json", unit_id)
    assert store.load_report(copy) == store.load_report(report_id)
    # The file says when the report was last saved here (a roll-up counts the later of two).
    said = json.loads((tmp_path / "bao_cao.json").read_text(encoding="utf-8"))["saved"]
    updated = datetime.fromisoformat(store.report_info(report_id).updated)
    assert datetime.fromisoformat(said) == updated


# ---------------------------------------------------------------- crashes and two copies

CHILD = """
import sys
from desktop_app.storage import Store
from tests.core.storage.test_storage import make_report
store = Store.open(sys.argv[1])
report_id = int(sys.argv[2])
i = 0
while True:
    i += 1
    n = store.save_report(report_id, make_report(hs_moi_truc_tiep=i))
    print(n, i, flush=True)
"""


def test_a_process_killed_while_saving_leaves_a_sound_database(db_path: Path) -> None:
    with Store.open(db_path) as store:
        _unit_id, report_id = filled(store)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(report_id)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    first = child.stdout.readline()  # saving has started
    time.sleep(0.5)
    child.kill()  # SIGKILL on POSIX
    rest = child.stdout.read()
    child.wait()
    lines = [line.split() for line in (first + rest).splitlines() if len(line.split()) == 2]
    last_n, last_i = (int(x) for x in lines[-1])
    assert last_n > 5
    with Store.open(db_path) as store:
        assert store.quick_check() == ["ok"]
        newest = store.revisions(report_id)[-1].n
        assert newest in (last_n, last_n + 1)  # the one being committed at the kill may have landed
        assert store.load_revision(report_id, last_n).answers["hs_moi_truc_tiep"] == last_i
        assert store.load_report(report_id) == store.load_revision(report_id, newest)
        assert store.other_instance() is None  # the dead copy's lock entry is ignored


def test_two_stores_on_one_file_take_turns_and_see_each_other(db_path: Path) -> None:
    one = Store.open(db_path)
    two = Store.open(db_path)
    try:
        _unit_id, report_id = filled(one)
        for i in range(40):
            (one if i % 2 else two).save_report(report_id, make_report(hs_moi_truc_tiep=i))
        assert [r.n for r in two.revisions(report_id)] == list(range(1, 42))
        assert one.load_report(report_id).answers["hs_moi_truc_tiep"] == 39
        assert one.quick_check() == ["ok"]
        message = one.other_instance()
        assert message is not None and "cửa sổ khác" in message
        assert two.other_instance() is not None
    finally:
        two.close()
    assert one.other_instance() is None
    one.close()


# ---------------------------------------------------------------- the data folder and the command line


def test_data_dir_per_platform_and_override(tmp_path: Path) -> None:
    home = Path("/home/canbo")
    assert datadir.data_dir({}, "linux", home) == home / ".local/share/soanbaocao"
    assert datadir.data_dir({"XDG_DATA_HOME": "/x"}, "linux", home) == Path("/x/soanbaocao")
    assert datadir.data_dir({"XDG_DATA_HOME": "rel"}, "linux", home) == home / ".local/share/soanbaocao"
    assert datadir.data_dir({}, "darwin", home) == home / "Library/Application Support/SoanBaoCao"
    assert datadir.data_dir({"APPDATA": "C:/Users/cb/AppData/Roaming"}, "win32", home) == Path(
        "C:/Users/cb/AppData/Roaming/SoanBaoCao"
    )
    assert datadir.data_dir({datadir.ENV_VAR: str(tmp_path)}, "win32", home) == tmp_path


def test_command_line_backup_reports_export_import_restore(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.cli import main

    with Store.open(db_path) as store:
        filled(store)
    assert main(["--db", str(db_path), "reports"]) == 0
    assert "Quý II/2024" in capsys.readouterr().out
    assert main(["--db", str(db_path), "backup"]) == 0
    backup = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert backup.is_file()
    assert main(["--db", str(db_path), "export-all", str(tmp_path / "ra.zip")]) == 0
    assert main(["--db", str(db_path), "import-all", str(tmp_path / "ra.zip")]) == 2
    assert "--merge" in capsys.readouterr().err
    assert main(["--db", str(db_path), "import-all", "--merge", str(tmp_path / "ra.zip")]) == 0
    assert main(["--db", str(db_path), "restore", str(backup)]) == 0
    assert "truoc-khoi-phuc" in capsys.readouterr().out
    (tmp_path / "hong.db").write_bytes(b"x" * 4096)
    assert main(["--db", str(db_path), "restore", str(tmp_path / "hong.db")]) == 2
    assert "bị hỏng" in capsys.readouterr().err
    monkeypatch.setenv(datadir.ENV_VAR, str(tmp_path / "home"))
    assert main(["reports"]) == 0
    assert (tmp_path / "home" / "soanbaocao.db").is_file()


# ---------------------------------------------------------------- a file or disk that refuses writes


def test_a_file_found_damaged_while_saving_is_said_damaged_with_its_backup(store: Store) -> None:
    """SQLite finds the file damaged in the middle of a save: the official is not told that what
    was saved is still there, but that the file is damaged and which backup can restore it."""
    backup = store.backup()
    damage = sqlite3.DatabaseError("database disk image is malformed")
    damage.sqlite_errorcode = 11  # type: ignore[attr-defined]  # SQLITE_CORRUPT, as SQLite sets it
    with pytest.raises(DatabaseDamagedError) as err, store._write():
        raise damage
    assert err.value.backup == backup and "vẫn còn nguyên" not in str(err.value)
    assert "dữ liệu trong tệp bị hỏng" in str(err.value) and "malformed" not in str(err.value)


@pytest.mark.parametrize("how", ["read_only", "disk_full"])
def test_a_refused_write_is_a_vietnamese_storage_error_and_loses_what_was_saved_nothing(
    store: Store, how: str
) -> None:
    """A read-only database file or a full disk makes SQLite refuse the write. The official is
    told in Vietnamese (the wizard and every dialog catch StorageError), not a traceback; what
    was saved before is still there."""
    _unit_id, report_id = filled(store)
    store.save_report(report_id, make_report(hs_moi_truc_tiep=5))
    # a mistake in the SQL itself stays a bug, raised as it is
    with pytest.raises(sqlite3.OperationalError), store._write() as conn:
        conn.execute("SELECT no_such_column FROM reports")
    if how == "read_only":
        store.conn.execute("PRAGMA query_only = ON")  # SQLite answers as for a read-only file
    else:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")  # as a disk with no room left
    with pytest.raises(StorageError) as err:
        store.save_report(report_id, make_report(hs_moi_truc_tiep=6, ket_luan="Kết luận dài. " * 5000))
    message = str(err.value)
    assert ("chỉ cho đọc" if how == "read_only" else "ổ đĩa đã đầy") in message
    assert "đã lưu trước đó vẫn còn nguyên" in message
    assert not re.search(r"readonly|database|disk is full", message)
    assert store.load_report(report_id).answers["hs_moi_truc_tiep"] == 5
