"""A disk with no room left (a real tmpfs, filled up): the official is told so in Vietnamese,
and nothing half-written is left where a good file stood.

Mounting needs root (the CI container is root); elsewhere these tests are skipped.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.storage import StorageError, Store
from desktop_app.system import datadir
from tests.core.conftest import SEED_FIXTURES


def fill(folder: Path) -> None:
    """Take every free byte of ``folder``'s disk."""
    with (folder / "chiem_cho").open("ab", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:  # ENOSPC: full
            pass


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 600 KiB disk with no room left."""
    folder = tmp_path / "o_day"
    folder.mkdir()
    mounted = os.geteuid() == 0 and (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(folder)], check=False
        ).returncode
        == 0
    )
    if not mounted:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_backup_to_a_full_disk_says_so_in_vietnamese_and_leaves_no_half_backup(
    tmp_path: Path, full_disk: Path
) -> None:
    """The daily backup's folder on a full disk: «database or disk is full» was all it said."""
    with Store.open(tmp_path / "soanbaocao.db") as store:
        store.import_report(sorted(SEED_FIXTURES.glob("*.json"))[0])
        good = store.backup(full_disk)  # while there is room
        fill(full_disk)
        with pytest.raises(StorageError) as err:
            store.backup(full_disk)
    message = str(err.value)
    assert "ổ đĩa đã đầy" in message and "không bị thay đổi" in message
    assert not re.search(r"database|disk is full|Errno", message)
    assert sorted(p.name for p in full_disk.iterdir()) == sorted([good.name, "chiem_cho"])  # no half backup
    assert datadir.list_backups(full_disk) == [good]


def test_a_backup_to_a_read_only_disk_says_so_in_vietnamese(tmp_path: Path, full_disk: Path) -> None:
    """The backups folder cannot be made (the disk turned read-only, a locked USB stick):
    «[Errno 30] Read-only file system» was what the official read."""
    subprocess.run(["mount", "-o", "remount,ro", str(full_disk)], check=True)
    with Store.open(tmp_path / "soanbaocao.db") as store, pytest.raises(StorageError) as err:
        store.backup(full_disk / "backups")
    assert "ổ đĩa chỉ cho đọc" in str(err.value)
    assert not re.search(r"Errno|Read-only file system", str(err.value))
