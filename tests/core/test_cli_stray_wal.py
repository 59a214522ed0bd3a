"""Every command that opens the database says, once, that it set another database's log aside.

The app says so in a window at start (``ui.app.tell_stray_wal``); a command run by the official's
IT colleague, or by a scheduled backup, said nothing: the log was gone from beside the file and
nobody knew where. Real processes, a real log of another database copied beside the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.storage import Store, stray_wal_text
from desktop_app.system import datadir
from tests.core.conftest import SEED_FIXTURES
from tests.core.test_cli import SEED, soanbaocao

# What each command needs beyond the database, with {d} the test's folder: each opens the
# database (restore: to name what the backup takes away; rollup: for the successions kept).
COMMANDS = {
    "reports": ("reports",),
    "backup": ("backup",),
    "restore": ("restore", "{d}/sao_luu.db"),
    "export-all": ("export-all", "{d}/tat_ca.zip"),
    "import-all": ("import-all", "{d}/cu.zip", "--merge"),
    "export": ("export", "1", "-o", "{d}/bc.json"),
    "import": ("import", str(SEED)),
    "history": ("history", "1"),
    "reproduce": ("reproduce", "1", "-o", "{d}/lai.docx"),  # none made: said after the log
    "delete": ("delete", "1"),
    "undelete": ("undelete", "1"),
    "check": ("check", str(SEED)),
    "rollup": ("rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025", "{d}/trong", "-o", "{d}/x.json"),
}


@pytest.fixture(scope="module")
def other_log(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The ``-wal`` of another PC's database while its app had just saved (as a crash leaves it)."""
    other = tmp_path_factory.mktemp("may_khac") / "soanbaocao.db"
    with Store.open(other) as store:
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")
        store.import_report(sorted(SEED_FIXTURES.glob("*.json"))[1])
        return other.with_name(other.name + "-wal").read_bytes()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_says_once_where_the_log_of_another_database_was_kept(
    tmp_path: Path, other_log: bytes, command: str
) -> None:
    db = tmp_path / "soanbaocao.db"
    with Store.open(db) as store:
        store.import_report(SEED)
        shutil.copy(store.backup(), tmp_path / "sao_luu.db")
        store.export_all(tmp_path / "cu.zip")
    (tmp_path / "trong").mkdir()
    db.with_name(db.name + "-wal").write_bytes(other_log)  # copied in with the other PC's files

    args = [part.format(d=tmp_path) for part in COMMANDS[command]]
    result = soanbaocao("--db", db, *args)

    (kept,) = datadir.backups_dir(db).glob("*nhat-ky-khac*-wal")
    assert kept.read_bytes() == other_log
    said = stray_wal_text(kept)  # the app's own words
    assert result.stderr.count(said) == 1, result.stdout + result.stderr
    assert said not in result.stdout  # the output a script reads stays the command's own
