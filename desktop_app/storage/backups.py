"""Backups of the database file and restoring one.

Part of :mod:`desktop_app.storage`. A backup is made with SQLite's online backup API into
``backups/`` beside the database, as one checked file (not WAL); names and the retention policy
(20 newest plus one a month for a year) are :mod:`desktop_app.system.datadir`'s. Every function uses its
own connection, so a worker thread may call it while the app works.

A backup or restore is written to a temporary file first, held (:func:`files.claimed`) while it
is written. One killed midway leaves that file behind; the next start or backup deletes such
files (:func:`clean_temporary_files`): only the app's own, and never one a live copy holds.

A restore first checks that the file is this app's database (:func:`database_problems`: SQLite,
``quick_check``, the app's migrations and version, each table's columns, every row readable) and
changes nothing when it is not.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.report.answers import FORMAT_FAMILY
from desktop_app.storage import engine
from desktop_app.storage.connection import (
    file_reason,
    is_busy,
    is_damage,
    make_folder,
    problem,
    read_only,
)
from desktop_app.storage.records import TABLE_LABELS, StorageError
from desktop_app.storage.rows import (
    EXPORT_FORMAT,
    EXPORT_MEMBER,
    EXPORT_TABLES,
    ROW_CHECKERS,
    RowError,
    export_row,
)
from desktop_app.storage.schema import (
    MIGRATION_SET,
    MIGRATIONS,
    MIGRATIONS_TABLE,
    foreign_tables,
    known_names,
    legacy_uid,
    migration_set,
)
from desktop_app.system import datadir
from desktop_app.system.files import claimed, delete_if_abandoned, reason

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
    with contextlib.suppress(OSError):
        clean_temporary_files(db_path)
    final = _free_name(folder, now or datetime.now(UTC), tag)
    tmp = final.with_name(final.name + datadir.TEMP_SUFFIX)
    try:
        with claimed(tmp):
            _copy_database(db_path, tmp)
        os.replace(tmp, final)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            f"Không sao lưu được dữ liệu vào «{folder}»: {refusal(exc)}. "
            "Dữ liệu đang dùng không bị thay đổi; các bản sao lưu cũ vẫn còn."
        ) from exc
    return final


def refusal(exc: OSError | sqlite3.Error) -> str:
    """Say in Vietnamese why the disk or SQLite refused a copy (a full disk said «database or
    disk is full» in English)."""
    if isinstance(exc, OSError):
        return reason(exc)
    return file_reason(exc) or str(exc)


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
    other = other_file(backup)
    if other:
        raise StorageError(
            f"Không khôi phục từ «{backup.name}»: {other}\nDữ liệu đang dùng không bị thay đổi."
        )
    found = database_problems(backup)
    if found:
        details = "".join(f"\n- {p}" for p in found[1:])
        raise StorageError(
            f"Không khôi phục từ «{backup.name}»: {found[0]}.{details}\n"
            "Dữ liệu đang dùng không bị thay đổi; hãy chọn bản sao lưu khác."
        )
    make_folder(target.parent)
    with contextlib.suppress(OSError):
        clean_temporary_files(target)  # a restore killed midway left its copy
    try:
        saved = _keep_current(target)
        tmp = target.with_name(target.name + datadir.RESTORE_TEMP_SUFFIX)
        with claimed(tmp):
            _copy_database(backup, tmp)
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"Không khôi phục được «{target}»: {exc}") from exc
    return saved


def report_times(backup: Path) -> dict[str, str]:
    """Return each report's identity and last save time as the file ``backup`` holds them;
    {} when it cannot be read (a restore then refuses it and says why)."""
    try:
        conn = read_only(Path(backup))
    except sqlite3.Error:
        return {}
    try:
        names = set(_columns(conn, "reports"))
        identity = "uid" if "uid" in names else "kind, period_type, period_from, period_to, created"
        rows = conn.execute(f"SELECT {identity}, updated FROM reports").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    if identity == "uid":  # a backup from before reports had one: the identity they were given
        return {str(uid): str(updated) for uid, updated in rows}
    return {legacy_uid(*map(str, row[:5])): str(row[5]) for row in rows}


def _free_name(folder: Path, when: datetime, tag: str) -> Path:
    """A backup name not taken, neither by a backup nor by one being written (its temp file)."""
    attempt = 0
    while any(
        (folder / (datadir.backup_name(when, tag, attempt) + suffix)).exists()
        for suffix in ("", datadir.TEMP_SUFFIX)
    ):
        attempt += 1
    return folder / datadir.backup_name(when, tag, attempt)


def _copy_database(source: Path, dest: Path) -> None:
    """Copy the database at ``source`` into the single (new, empty) file ``dest`` with the online
    backup API."""
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


# ---------------------------------------------------------------- a write-ahead log of another database

STRAY_WAL_TAG = "nhat-ky-khac"


def stray_wal_text(kept: Path) -> str:
    """What the official is told, by the app and by every command, when a log was set aside."""
    return (
        "Bên cạnh tệp dữ liệu có một tệp nhật ký ghi (-wal) không khớp với nó (chép nhầm từ máy "
        "khác, hoặc từ một bản sao khác). Nếu dùng nó, dữ liệu của bạn sẽ bị thay bằng dữ liệu "
        "khác hoặc bị hỏng, nên ứng dụng không dùng và đã cất nó vào thư mục sao lưu:\n"
        f"{kept}\n\nDữ liệu của bạn vẫn mở bình thường. Hãy đưa tệp trên cho cán bộ CNTT nếu cần xem."
    )


def set_aside_stray_wal(db_path: Path, now: datetime | None = None) -> Path | None:
    """Move a ``-wal`` file that is not the database's own into ``backups/``; return where.

    SQLite applies whatever ``soanbaocao.db-wal`` lies beside the file, whichever database wrote
    it: a log copied in with another PC's files made the app show that PC's reports and, at the
    first checkpoint, wrote them over this file's, without a word; or mixed the pages of both
    into a file said to be damaged, while the file alone was sound. A log is not the file's own
    when, applied, the database was born at another time (its first migration) or is damaged or
    another program's, while the file alone is this app's sound database.

    Looked at only when no copy of the app has the file open (a live copy's log is its own),
    so only after a crash left a log: then the file is copied once, without it, to look.
    """
    wal = db_path.with_name(db_path.name + "-wal")
    if not wal.is_file() or wal.stat().st_size == 0 or datadir.live_instances(db_path):
        return None
    folder = datadir.backups_dir(db_path)
    make_folder(folder)
    when = now or datetime.now(UTC)
    alone = _sound_birth(db_path, _free_name(folder, when, "kiem-tra"))
    if alone is None or not _other_log(db_path, alone):
        return None
    kept = _free_name(folder, when, STRAY_WAL_TAG)
    kept = kept.with_name(kept.name + "-wal")
    shutil.copy2(wal, kept)
    wal.unlink()
    db_path.with_name(db_path.name + "-shm").unlink(missing_ok=True)
    return kept


def _sound(path: Path) -> bool:
    """True when the database at ``path`` (with its log) is sound; True too when it cannot be
    told (another copy holds it, a newer app made it): then nothing is moved."""
    try:
        return problem(path, known_names()) is None and not _foreign(path)
    except StorageError:
        return True


def _foreign(path: Path) -> bool:
    conn = read_only(path)
    try:
        return bool(foreign_tables(conn))
    except sqlite3.Error:
        return True
    finally:
        conn.close()


def _other_log(db_path: Path, alone: str) -> bool:
    """True when the file read with its log is another database than the file alone (born
    ``alone``), or a damaged one; False when it is the same, or when it cannot be told: the file
    held by another program, refused, the disk failing (a log moved away then took the last saves
    with it)."""
    try:
        birth = _read_birth(db_path)
    except sqlite3.Error as exc:
        return not (is_busy(exc) or (file_reason(exc) is not None and not is_damage(exc)))
    return birth != alone or not _sound(db_path)


def _birth(path: Path) -> str | None:
    """When the database at ``path`` was made (its first migration), None when unreadable."""
    try:
        return _read_birth(path)
    except sqlite3.Error:
        return None


def _read_birth(path: Path) -> str | None:
    conn = read_only(path)
    try:
        row = conn.execute(
            f"SELECT applied_at FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? ORDER BY id LIMIT 1",
            [MIGRATION_SET],
        ).fetchone()
    finally:
        conn.close()
    return str(row[0]) if row else None


def _sound_birth(db_path: Path, copy: Path) -> str | None:
    """The birth of the database file ``db_path`` read without its log (through a temporary
    copy), None when the file alone is not this app's sound database."""
    tmp = copy.with_name(copy.name + datadir.TEMP_SUFFIX)
    try:
        with claimed(tmp):
            shutil.copyfile(db_path, tmp)
            return _birth(tmp) if _sound(tmp) else None
    finally:
        for suffix in ("", "-wal", "-shm"):
            tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)


# ---------------------------------------------------------------- what interrupted work left


def clean_temporary_files(db_path: Path) -> list[Path]:
    """Delete what interrupted backups and restores of ``db_path`` left behind; return it.

    Only the app's own temporary files (:func:`datadir.temporary_files`), and only those no live
    process holds: a backup running in another copy of the app, or in a thread of this one, is
    left to finish.
    """
    gone = []
    for path in datadir.temporary_files(db_path):
        if path.name.endswith("-journal"):
            main = path.with_name(path.name.removesuffix("-journal"))
            if not main.exists() or main in gone:
                path.unlink(missing_ok=True)
                gone.append(path)
        elif delete_if_abandoned(path):
            gone.append(path)
            journal = path.with_name(path.name + "-journal")
            if journal.exists():
                journal.unlink(missing_ok=True)
                gone.append(journal)
    return gone


# ---------------------------------------------------------------- is it this app's database?

MAX_LISTED = 12


def other_file(path: Path) -> str:
    """Say what the app's own file at ``path`` is when it is no backup, and which command takes
    it (an export-all .zip or .json, an answer file); "" for anything else.

    An official given «all.zip» to restore was told the file is damaged; it is not.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(64 << 10)
        if head.startswith(b"PK\x03\x04") and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
            head = b'{"format": "%s"}' % EXPORT_FORMAT.encode() if names == [EXPORT_MEMBER] else b""
    except (OSError, zipfile.BadZipFile):
        return ""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if not text.startswith("{"):  # a JSON file; a database holds answer files' text too
        return ""
    if EXPORT_FORMAT in text:
        return (
            "đây là tệp xuất toàn bộ dữ liệu (lệnh «export-all»), không phải bản sao lưu: "
            f"nhập nó bằng lệnh «soanbaocao import-all {path.name}» "
            "(thêm --merge để gộp với dữ liệu đang có)."
        )
    if f"{FORMAT_FAMILY}/" in text:
        return (
            "đây là tệp trả lời của một báo cáo, không phải bản sao lưu: nhập nó bằng "
            f"«Tệp › Nhập tệp trả lời…» (Ctrl+I) hoặc lệnh «soanbaocao import {path.name}»."
        )
    return ""


def database_problems(path: Path) -> list[str]:
    """Say, in Vietnamese, what keeps the file at ``path`` from being this app's sound database.

    An empty list: it can be restored. Looks read-only, in this order: SQLite and ``quick_check``
    (:func:`problem`; StorageError when a newer app made it), the app's migrations in order and
    ``PRAGMA user_version`` agreeing, every table with the columns its version gives, every row
    readable as the app would write it (:mod:`desktop_app.storage.rows`), references sound.
    """
    found = problem(path, known_names())
    if found:
        return [f"tệp bị hỏng ({found})"]
    conn = read_only(path)
    try:
        version = _app_version(conn)
        if version is None:
            return ["tệp không phải cơ sở dữ liệu của Soạn Báo Cáo"]
        return _schema_differences(conn, version) or _row_problems(conn)
    except sqlite3.DatabaseError as exc:
        return [f"tệp không đọc được ({exc})"]
    finally:
        conn.close()


def _app_version(conn: sqlite3.Connection) -> int | None:
    """The number of the app's migrations applied, when they and ``user_version`` agree."""
    table = MIGRATIONS_TABLE
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone():
        return None
    rows = conn.execute(f"SELECT name FROM [{table}] WHERE migration_set = ? ORDER BY id", [MIGRATION_SET])
    names = [r[0] for r in rows]
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if not names or names != known_names()[: len(names)] or version != len(names):
        return None
    return version


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]


def _schema_differences(conn: sqlite3.Connection, version: int) -> list[str]:
    """Compare every table with a new database built by the first ``version`` migrations."""
    reference = engine.database(sqlite3.connect(":memory:"))
    try:
        migration_set(MIGRATIONS[:version]).apply(reference)
        tables = [t for t in reference.table_names() if not t.startswith(("_sqlite", "sqlite_"))]
        expected = {t: _columns(reference.conn, t) for t in tables}
    finally:
        reference.close()
    return [
        f"bảng «{t}» không đúng cấu trúc của Soạn Báo Cáo (phiên bản dữ liệu {version})"
        for t, cols in expected.items()
        if _columns(conn, t) != cols
    ]


# Tables whose damaged rows the app reads as damaged where they are used, without failing: a
# roll-up's kept unit file is named as damaged in its dialog, and mended when the file is added
# again. One such row does not make a whole backup unrestorable.
READ_WHEN_USED = ("rollup_files",)


def _row_problems(conn: sqlite3.Connection) -> list[str]:
    problems: list[str] = []
    count = 0
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    checked = (t for t in EXPORT_TABLES if t in present and t not in READ_WHEN_USED)
    for table in checked:  # a backup of an older version has fewer
        cursor = conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid")
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = export_row(table, dict(zip(names, values, strict=True)))
            try:
                ROW_CHECKERS[table](row)
            except RowError as exc:
                count += 1
                if len(problems) < MAX_LISTED:
                    problems.append(f"{TABLE_LABELS[table]} số {row.get('id', '?')}: {exc}")
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        count += len(broken)
        label = TABLE_LABELS.get(broken[0][0], broken[0][0])
        problems.append(f"{len(broken)} dòng trong phần «{label}» thuộc về dữ liệu không có")
    if count > len(problems):
        problems.append(f"… và {count - len(problems)} dòng hỏng khác")
    return [f"có dòng không đọc được: {problems[0]}", *problems[1:]] if problems else []
