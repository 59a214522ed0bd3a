"""A write-ahead log (``soanbaocao.db-wal``) of another database beside the file (issue: never lose).

SQLite applies any ``-wal`` beside a database, whichever database wrote it. Copied in with
another PC's files, the log of that PC's database made the app show that PC's reports and
then wrote them over the official's own file, without a word.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.storage import Store, connection
from desktop_app.storage.backups import set_aside_stray_wal
from desktop_app.system import datadir
from tests.core.conftest import SEED_FIXTURES

SEEDS = sorted(SEED_FIXTURES.glob("*.json"))


def database(path: Path, seed: Path) -> str:
    """A database at ``path`` holding the report of ``seed``; return that report's identity."""
    with Store.open(path) as store:
        report_id = store.import_report(seed)
        return str(store.report_info(report_id).uid)


def live_log(path: Path, seed: Path) -> tuple[bytes, str]:
    """The ``-wal`` of the database at ``path`` while a copy of the app has just saved into it
    (not yet written into the file), and the identity of the report saved."""
    with Store.open(path) as store:
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")  # the saves stay in the log, as at a crash
        report_id = store.import_report(seed)
        return path.with_name(path.name + "-wal").read_bytes(), str(store.report_info(report_id).uid)


@pytest.mark.parametrize("theirs_written", [True, False], ids=["pages_mixed", "whole_other_database"])
def test_the_log_of_another_database_is_set_aside_and_the_officials_data_opens(
    tmp_path: Path, theirs_written: bool
) -> None:
    """Their log holds only their last saves (mixed with this file's pages: «damaged», a day-old
    backup offered), or their whole database (their reports shown, then written over these)."""
    mine = tmp_path / "may_nay" / "soanbaocao.db"
    uid = database(mine, SEEDS[0])
    before = mine.read_bytes()
    theirs = tmp_path / "may_khac" / "soanbaocao.db"
    if theirs_written:
        database(theirs, SEEDS[1])
    log, their_uid = live_log(theirs, SEEDS[2])
    mine.with_name("soanbaocao.db-wal").write_bytes(log)  # copied in with the other PC's files

    with Store.open(mine) as store:
        assert [str(r.uid) for r in store.list_reports()] == [uid]  # the official's, not the other PC's
        assert store.quick_check() == ["ok"]
        kept = store.stray_wal
    assert kept is not None and kept.parent == datadir.backups_dir(mine)
    assert kept.read_bytes() == log  # kept for IT staff
    assert datadir.list_backups(kept.parent) == []  # not offered as a backup
    assert their_uid != uid
    conn = sqlite3.connect(mine)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert len(mine.read_bytes()) >= len(before)


def test_the_databases_own_log_after_a_crash_is_applied(tmp_path: Path) -> None:
    """The log a killed app left is the file's own: it holds the last saves, and is applied."""
    mine = tmp_path / "soanbaocao.db"
    database(mine, SEEDS[0])
    shutil.copy(mine, tmp_path / "truoc.db")
    log, uid = live_log(mine, SEEDS[1])  # closing wrote it into the file: put it back as a crash leaves it
    shutil.copy(tmp_path / "truoc.db", mine)
    mine.with_name("soanbaocao.db-wal").write_bytes(log)
    with Store.open(mine) as store:
        assert uid in [str(r.uid) for r in store.list_reports()]
        assert store.stray_wal is None


HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("SELECT count(*) FROM reports").fetchone()
print("held", flush=True)
time.sleep(600)
"""


def test_the_databases_own_log_is_kept_while_another_program_holds_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a crash, another program (a SQLite tool of the IT staff, a backup program) holds the
    file alone for a while, then is ended too: the log could not be read, and was taken for
    another database's; the last saves, only in it, were gone from the file."""
    mine = tmp_path / "soanbaocao.db"
    database(mine, SEEDS[0])
    shutil.copy(mine, tmp_path / "truoc.db")
    log, uid = live_log(mine, SEEDS[1])
    shutil.copy(tmp_path / "truoc.db", mine)
    mine.with_name("soanbaocao.db-wal").write_bytes(log)  # as the crash left it
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(mine)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.2)  # the wait for the file, shortened
        assert set_aside_stray_wal(mine) is None
    finally:
        holder.kill()
        holder.wait(30)
    monkeypatch.undo()
    with Store.open(mine) as store:
        assert uid in [str(r.uid) for r in store.list_reports()]
        assert store.stray_wal is None
