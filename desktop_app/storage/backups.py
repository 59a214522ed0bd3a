"""Backups of the database file and restoring one.

Part of :mod:`desktop_app.storage`. A backup is made with SQLite's online backup API into
``backups/`` beside the database, as one checked file (not WAL); names and the retention policy
(20 newest plus one a month for a year) are :mod:`desktop_app.system.datadir`'s. Every function uses its
own connection, so a worker thread may call it while the app works.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.storage.connection import make_folder, problem, read_only
from desktop_app.storage.records import StorageError
from desktop_app.storage.schema import known_names
from desktop_app.system import datadir

AUTO_BACKUP_AGE = timedelta(days=1)


def latest_good_backup(db_path: Path) -> Path | None:
    """Return the newest backup of ``db_path`` that passes its checks, None when there is none."""
    for candidate in datadir.list_backups(datadir.backups_dir(db_path)):
        with contextlib.suppress(StorageError, OSError):
            if problem(candidate, known_names()) is None:
                return candidate
    return None


def backup_database(
    db_path: Path, dest_dir: Path | None = None, tag: str = "", now: datetime | None = None
) -> Path:
    """Back up ``db_path`` into ``dest_dir`` (default ``backups/``) and return the new file.

    Uses its own connection, so a worker thread may call it while the app works.
    """
    folder = dest_dir or datadir.backups_dir(db_path)
    make_folder(folder)
    final = _free_name(folder, now or datetime.now(UTC), tag)
    tmp = final.with_name(final.name + ".tmp")
    try:
        _copy_database(db_path, tmp)
        os.replace(tmp, final)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"Không sao lưu được dữ liệu vào «{folder}»: {exc}") from exc
    return final


def auto_backup_database(db_path: Path, now: datetime | None = None) -> Path | None:
    """Back up when the newest backup is older than a day (or none), then apply the retention."""
    now = now or datetime.now(UTC)
    folder = datadir.backups_dir(db_path)
    newest = next(iter(datadir.list_backups(folder)), None)
    made = datadir.backup_time(newest) if newest else None
    if made is not None and now - made < AUTO_BACKUP_AGE:
        return None
    path = backup_database(db_path, now=now)
    datadir.prune_backups(folder, now)
    return path


def restore_backup(backup: Path, target: Path) -> Path | None:
    """Replace the database ``target`` by ``backup``; return where the replaced data was saved.

    Refused while a copy of the app has ``target`` open and when the backup fails its checks.
    """
    backup, target = Path(backup).absolute(), Path(target).absolute()
    others = datadir.live_instances(target)
    if others:
        raise StorageError(f"{others[0].describe()} Hãy đóng cửa sổ đó trước khi khôi phục.")
    if not backup.is_file():
        raise StorageError(f"Không có tệp sao lưu «{backup}».")
    found = problem(backup, known_names())
    if found:
        raise StorageError(f"Bản sao lưu «{backup.name}» bị hỏng ({found}); hãy chọn bản khác.")
    make_folder(target.parent)
    try:
        saved = _keep_current(target)
        tmp = target.with_name(target.name + ".khoi-phuc.tmp")
        _copy_database(backup, tmp)
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"Không khôi phục được «{target}»: {exc}") from exc
    return saved


def _free_name(folder: Path, when: datetime, tag: str) -> Path:
    attempt = 0
    while (folder / datadir.backup_name(when, tag, attempt)).exists():
        attempt += 1
    return folder / datadir.backup_name(when, tag, attempt)


def _copy_database(source: Path, dest: Path) -> None:
    """Copy the database at ``source`` into the single file ``dest`` with the online backup API."""
    dest.unlink(missing_ok=True)
    src = read_only(source)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            result = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if result != "ok":
        dest.unlink(missing_ok=True)
        raise StorageError(f"Bản sao của «{source.name}» không đạt kiểm tra ({result}).")


def _keep_current(target: Path) -> Path | None:
    """Save what a restore is about to replace: a checked backup, or a raw copy when damaged."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    tag = "truoc-khoi-phuc"
    with contextlib.suppress(StorageError):
        if problem(target, known_names()) is None:
            return backup_database(target, tag=tag)
    folder = datadir.backups_dir(target)
    make_folder(folder)
    copy = _free_name(folder, datetime.now(UTC), tag)
    shutil.copy2(target, copy)
    wal = target.with_name(target.name + "-wal")
    if wal.exists():
        shutil.copy2(wal, copy.with_name(copy.name + "-wal"))
    return copy
