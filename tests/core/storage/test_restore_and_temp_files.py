"""Restoring only this app's sound databases, and cleaning what killed backups left (issue 14)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import storage
from desktop_app.cli import main
from desktop_app.storage import StorageError, Store, restore_backup
from desktop_app.storage.schema import legacy_uid
from desktop_app.system import datadir
from tests.core.conftest import SEED_FIXTURES, db_content, is_vietnamese

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted(SEED_FIXTURES.glob("*.json"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "soanbaocao.db"
    with Store.open(path) as store:
        for seed in SEEDS[:2]:
            store.import_report(seed)
    return path


def sqlite_file(path: Path, script: str, source: Path | None = None) -> Path:
    """A SQLite file at ``path`` (a copy of ``source``, or new) after ``script`` has run on it."""
    if source is not None:
        shutil.copy(source, path)
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.close()
    return path


NOT_OURS = "không phải cơ sở dữ liệu của Soạn Báo Cáo"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda src, p: sqlite_file(p, "CREATE TABLE ghi_chu (noi_dung TEXT)"), NOT_OURS),
        (
            lambda src, p: sqlite_file(
                p,
                "CREATE TABLE reports (id INTEGER PRIMARY KEY, name TEXT);"
                "INSERT INTO reports (name) VALUES ('của chương trình khác')",
            ),
            NOT_OURS,
        ),
        (  # the app's tables, but made by hand: no migrations recorded
            lambda src, p: sqlite_file(
                p,
                "CREATE TABLE units (id INTEGER PRIMARY KEY); CREATE TABLE reports (id INTEGER PRIMARY KEY)",
            ),
            NOT_OURS,
        ),
        (lambda src, p: sqlite_file(p, "UPDATE reports SET period_type = 'zzz'", src), "period_type"),
        (lambda src, p: sqlite_file(p, "UPDATE reports SET updated = 'yesterday'", src), "updated"),
        (
            lambda src, p: sqlite_file(p, """UPDATE reports SET data = '{"kind": "x"}'""", src),
            "không đọc được",
        ),
        (lambda src, p: sqlite_file(p, "UPDATE revisions SET data = X'00ff'", src), "phiên bản số"),
        (lambda src, p: sqlite_file(p, "UPDATE units SET cap = 'quan'", src), "đơn vị số"),
        (
            lambda src, p: sqlite_file(p, "DROP INDEX reports_uid; ALTER TABLE reports DROP COLUMN uid", src),
            "không đúng cấu trúc",
        ),
        (lambda src, p: p.write_bytes(b"SQLite format 3\x00" + os.urandom(8192)) and p, "bị hỏng"),
    ],
    ids=[
        "empty",
        "foreign",
        "lookalike",
        "period-zzz",
        "updated",
        "data",
        "revision",
        "unit",
        "column",
        "garbage",
    ],
)
def test_restore_refuses_what_is_not_a_sound_database_of_this_app_and_changes_nothing(
    db_path: Path, tmp_path: Path, make: object, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(db_path) as store:
        good = store.backup()
    candidate = make(good, tmp_path / "ung_vien.db")  # type: ignore[operator]
    before = db_content(db_path)
    backups_before = sorted(datadir.backups_dir(db_path).iterdir())
    with pytest.raises(StorageError, match=words) as err:
        restore_backup(candidate, db_path)
    assert is_vietnamese(str(err.value)) and "không bị thay đổi" in str(err.value)
    assert db_content(db_path) == before
    assert sorted(datadir.backups_dir(db_path).iterdir()) == backups_before
    assert not list(db_path.parent.glob("*.tmp"))
    assert main(["--db", str(db_path), "restore", str(candidate)]) == 2
    assert words in capsys.readouterr().err
    assert db_content(db_path) == before


def test_restore_takes_a_sound_backup_of_an_older_schema(db_path: Path, tmp_path: Path) -> None:
    old = tmp_path / "cu.db"
    with Store.open(old, migrations=storage.MIGRATIONS[:2]) as store:
        store.add_unit(storage.UnitRecord(1, "", "SỞ CŨ", "", "SC", "An Giang", "so", "", True).unit)
    assert storage.backups.database_problems(old) == []
    restore_backup(old, db_path)
    with Store.open(db_path) as store:  # migrated on opening
        assert [u.co_quan for u in store.units()] == ["SỞ CŨ"]
        assert store.list_reports() == []


# ---------------------------------------------------------------- temporary files of killed backups

SLOW_BACKUP = """
import sys, time
from pathlib import Path
from desktop_app.storage import backups

def slow_copy(source, dest):
    dest.write_bytes(b"SQLite format 3\\x00" + bytes(1 << 20))  # half a backup
    print(dest, flush=True)
    time.sleep(120)

backups._copy_database = slow_copy
backups.backup_database(Path(sys.argv[1]))
"""


def test_a_killed_backup_leaves_a_temp_file_the_next_start_deletes_but_never_a_live_one(
    db_path: Path,
) -> None:
    folder = datadir.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    unrelated = [
        folder / "ghi-chu.tmp",
        folder / "soanbaocao-ban-rieng.db.tmp",
        db_path.parent / "khac.db.tmp",
    ]
    for path in unrelated:
        path.write_text("của người dùng", encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_BACKUP, str(db_path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        tmp = Path(child.stdout.readline().strip())
        assert tmp.parent == folder and tmp.name.endswith(".db.tmp") and tmp.exists()
        with Store.open(db_path) as store:  # a start while the backup runs: it is left alone
            store.backup()
        assert tmp.exists()
    finally:
        child.kill()  # SIGKILL on POSIX: the backup dies midway
        child.wait()
    assert tmp.exists()
    with Store.open(db_path) as store:
        assert store.quick_check() == ["ok"]
    assert not tmp.exists()
    assert all(p.exists() for p in unrelated)  # only the app's own temporary files
    assert all(storage.backups.database_problems(b) == [] for b in datadir.list_backups(folder))


def test_a_backup_cleans_leftovers_too_and_its_own_temp_file_never_stays(db_path: Path) -> None:
    folder = datadir.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    leftovers = [
        folder / "soanbaocao-20240101-080000.db.tmp",
        folder / "soanbaocao-20240101-080000.db.tmp-journal",
        folder / "soanbaocao-20240102-080000-1-truoc-nhap.db.tmp",
        db_path.with_name(db_path.name + ".khoi-phuc.tmp"),
    ]
    for path in leftovers:
        path.write_bytes(b"\0" * 4096)
    made = storage.backup_database(db_path)
    assert made.exists() and not any(p.exists() for p in leftovers)
    assert not list(folder.glob("*.tmp*"))


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (
            "tat_ca.zip",
            "tệp xuất toàn bộ dữ liệu (lệnh «export-all»), không phải bản sao lưu: "
            "nhập nó bằng lệnh «soanbaocao import-all tat_ca.zip»",
        ),
        ("tat_ca.json", "nhập nó bằng lệnh «soanbaocao import-all tat_ca.json»"),
        (
            "tra_loi.json",
            "tệp trả lời của một báo cáo, không phải bản sao lưu: nhập nó bằng "
            "«Tệp › Nhập tệp trả lời…» (Ctrl+I) hoặc lệnh «soanbaocao import tra_loi.json»",
        ),
        ("nam.json", "tệp trả lời của một báo cáo, không phải bản sao lưu"),  # a year with units' rows
    ],
    ids=["export_zip", "export_json", "answer_file", "answer_file_with_rows"],
)
def test_restore_given_an_export_or_an_answer_file_says_which_command_takes_it(
    db_path: Path, tmp_path: Path, name: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    given = tmp_path / name
    if name.startswith("tat_ca"):
        with Store.open(db_path) as store:
            store.export_all(given)
    else:
        text = SEEDS[0].read_text(encoding="utf-8")
        given.write_text(text if name == "tra_loi.json" else text.replace("answers/1", "answers/2"), "utf-8")
    before = db_content(db_path)
    with pytest.raises(StorageError) as err:
        restore_backup(given, db_path)
    assert words in str(err.value), str(err.value)
    assert "hỏng" not in str(err.value) and "không bị thay đổi" in str(err.value)
    assert main(["--db", str(db_path), "restore", str(given)]) == 2
    assert words in capsys.readouterr().err
    assert db_content(db_path) == before


def test_saved_since_names_what_a_restore_would_take_away(db_path: Path) -> None:
    """The reports made or saved after a backup, as the question before a restore names them;
    one in the recycle bin is not asked about, and a file that is no backup names nothing (the
    restore refuses it and says why)."""
    with Store.open(db_path) as store:
        _first, second = sorted(i.id for i in store.list_reports())
        backup = store.backup()
        made = store.import_report(SEEDS[2])
        store.delete_report(store.import_report(SEEDS[3]))
        store.set_status(second, "hoan_thanh")
        assert sorted((i.id, new) for i, new in store.saved_since(backup)) == [(second, False), (made, True)]
        assert store.saved_since(SEEDS[0]) == []


def test_a_backup_from_before_report_identities_is_read_with_the_identity_they_were_given(
    db_path: Path, tmp_path: Path
) -> None:
    with Store.open(db_path) as store:
        backup = store.backup()
    old = sqlite_file(
        tmp_path / "cu.db", "DROP INDEX reports_uid; ALTER TABLE reports DROP COLUMN uid;", backup
    )
    conn = sqlite3.connect(old)
    rows = conn.execute(
        "SELECT kind, period_type, period_from, period_to, created, updated FROM reports"
    ).fetchall()
    conn.close()
    assert storage.report_times(old) == {legacy_uid(*row[:5]): row[5] for row in rows}
