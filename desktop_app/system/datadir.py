"""The per-user data folder and the files kept beside the database.

::

    %APPDATA%\\SoanBaoCao                              Windows
    ~/Library/Application Support/SoanBaoCao           macOS
    $XDG_DATA_HOME/soanbaocao (~/.local/share/...)     everything else
    $SOANBAOCAO_HOME                                   overrides all of them (tests, portable use)

Inside: ``soanbaocao.db`` (the database), ``soanbaocao.db.lock`` (which copies of the app have
it open) and ``backups/`` (``soanbaocao-20240605-091500.db``, UTC time in the name).

Only :mod:`desktop_app.storage` opens the database; this module knows names, folders, the
backup retention policy and the lock file, nothing about SQL.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

ENV_VAR = "SOANBAOCAO_HOME"
DB_NAME = "soanbaocao.db"
BACKUP_DIR = "backups"
# Retention: the 20 newest backups, plus the newest of each calendar month of the last 12.
KEEP_RECENT = 20
KEEP_MONTHS = 12
_BACKUP_NAME = re.compile(r"^soanbaocao-(\d{8}-\d{6})(?:-(\d+))?(?:-[a-z-]+)?\.db$")
# What a backup is written as before it is renamed into place (and SQLite's journal beside it).
_BACKUP_TEMP = re.compile(r"^soanbaocao-\d{8}-\d{6}(?:-\d+)?(?:-[a-z-]+)?\.db\.tmp(?:-journal)?$")
TEMP_SUFFIX = ".tmp"
RESTORE_TEMP_SUFFIX = ".khoi-phuc.tmp"
_STAMP = "%Y%m%d-%H%M%S"


def data_dir(
    environ: Mapping[str, str] | None = None, platform: str | None = None, home: Path | None = None
) -> Path:
    """Return the per-user data folder (not created here)."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    home = Path.home() if home is None else home
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR])
    if platform == "win32":
        appdata = env.get("APPDATA")
        return (Path(appdata) if appdata else home / "AppData" / "Roaming") / "SoanBaoCao"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "SoanBaoCao"
    xdg = env.get("XDG_DATA_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / "soanbaocao"


def default_db_path() -> Path:
    return data_dir() / DB_NAME


def backups_dir(db_path: Path) -> Path:
    """Return the backups folder of ``db_path``: ``backups/``, or ``backups/<name>/`` for a
    database not named soanbaocao.db, so that two databases in one folder (``--db``) never
    take, prune or restore each other's backups."""
    folder = db_path.parent / BACKUP_DIR
    return folder if db_path.name == DB_NAME else folder / db_path.stem


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


# ---------------------------------------------------------------- backup names and retention


def backup_name(when: datetime, tag: str = "", attempt: int = 0) -> str:
    """Return ``soanbaocao-YYYYMMDD-HHMMSS[-n][-tag].db`` for a backup made at ``when``."""
    stamp = when.astimezone(UTC).strftime(_STAMP)
    return f"soanbaocao-{stamp}{f'-{attempt}' if attempt else ''}{f'-{tag}' if tag else ''}.db"


def backup_time(path: Path) -> datetime | None:
    """Return the UTC time in a backup's name; None for files that are not backups."""
    match = _BACKUP_NAME.match(path.name)
    if match is None:
        return None
    return datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)


def _newest_first(backups: Iterable[Path]) -> list[tuple[datetime, Path]]:
    """Return (time, path) of the backups among ``backups``, newest first."""
    dated = []
    for path in backups:
        match = _BACKUP_NAME.match(path.name)
        if match is not None:
            made = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
            dated.append((made, int(match[2] or 0), path))
    return [(t, p) for t, _, p in sorted(dated, reverse=True)]


def temporary_files(db_path: Path) -> list[Path]:
    """Return the app's own temporary files of ``db_path`` now on disk: backups being written
    (``backups/…db.tmp``) and a restore being copied in (``soanbaocao.db.khoi-phuc.tmp``)."""
    folder = backups_dir(db_path)
    found = [p for p in folder.iterdir() if _BACKUP_TEMP.match(p.name)] if folder.is_dir() else []
    restore = db_path.with_name(db_path.name + RESTORE_TEMP_SUFFIX)
    found += [p for p in (restore, restore.with_name(restore.name + "-journal")) if p.exists()]
    return sorted(found)


def list_backups(folder: Path) -> list[Path]:
    """Return the backups in ``folder``, newest first."""
    return [p for _, p in _newest_first(folder.iterdir())] if folder.is_dir() else []


def backups_to_prune(backups: Sequence[Path], now: datetime) -> list[Path]:
    """Return the backups the retention policy drops: all but the 20 newest and one a month."""
    dated = _newest_first(backups)
    keep = {p for _, p in dated[:KEEP_RECENT]}
    horizon = now.year * 12 + now.month - 1 - KEEP_MONTHS
    months: set[int] = set()
    for t, p in dated:
        month = t.year * 12 + t.month - 1
        if month > horizon and month not in months:
            months.add(month)
            keep.add(p)
    return [p for _, p in dated if p not in keep]


def prune_backups(folder: Path, now: datetime) -> list[Path]:
    """Delete the backups in ``folder`` the retention policy drops; return them."""
    dropped = backups_to_prune(list_backups(folder), now)
    for path in dropped:
        for victim in (path, path.with_name(path.name + "-wal")):
            with contextlib.suppress(OSError):
                victim.unlink(missing_ok=True)
    return dropped


# ---------------------------------------------------------------- the lock file

# Tokens of the stores this process has open: an entry with our pid but another token was
# left by an earlier process that had the same pid.
_OPEN_TOKENS: set[str] = set()
# Windows locks byte ranges; lock one far past the content so reading is never blocked.
_WINDOWS_LOCK_OFFSET = 1 << 30


@dataclass(frozen=True)
class Instance:
    """One copy of the app that has the database open."""

    pid: int
    host: str
    started: str
    token: str

    def describe(self) -> str:
        """Say in Vietnamese which copy this is."""
        when = datetime.fromisoformat(self.started).astimezone().strftime("%H:%M ngày %d/%m/%Y")
        where = "trên máy này" if self.host == socket.gethostname() else f"trên máy «{self.host}»"
        return (
            f"Soạn Báo Cáo đang mở dữ liệu này ở một cửa sổ khác {where} (tiến trình {self.pid}, từ {when})."
        )


def register_instance(db_path: Path) -> Instance:
    """Add this copy to the lock file beside ``db_path`` and return its entry."""
    me = Instance(
        os.getpid(), socket.gethostname(), datetime.now(UTC).isoformat(timespec="seconds"), uuid.uuid4().hex
    )
    _OPEN_TOKENS.add(me.token)
    _edit(db_path, lambda entries: [*entries, me])
    return me


def unregister_instance(db_path: Path, me: Instance) -> None:
    """Remove this copy's entry from the lock file."""
    _OPEN_TOKENS.discard(me.token)
    with contextlib.suppress(OSError):
        _edit(db_path, lambda entries: [e for e in entries if e.token != me.token])


def live_instances(db_path: Path, besides: Instance | None = None) -> list[Instance]:
    """Return the copies of the app that have ``db_path`` open, other than ``besides``."""
    path = lock_path(db_path)
    if not path.exists():
        return []
    with _locked(path) as handle:
        entries = _read(handle)
    return [e for e in entries if _alive(e) and e != besides]


def _edit(db_path: Path, change: Callable[[list[Instance]], list[Instance]]) -> None:
    """Rewrite the lock file under an OS lock, dropping entries of copies that have ended."""
    with _locked(lock_path(db_path)) as handle:
        entries = change([e for e in _read(handle) if _alive(e)])
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps([asdict(e) for e in entries], ensure_ascii=False).encode("utf-8"))
        handle.flush()


def _read(handle: IO[bytes]) -> list[Instance]:
    handle.seek(0)
    try:
        return [Instance(**e) for e in json.loads(handle.read().decode("utf-8") or "[]")]
    except (ValueError, TypeError):
        return []  # a damaged lock file only loses the information, never blocks the app


def _alive(entry: Instance) -> bool:
    """Tell whether the copy that wrote ``entry`` still runs (other hosts: assumed so)."""
    if entry.host != socket.gethostname():
        return True
    if entry.pid == os.getpid():
        return entry.token in _OPEN_TOKENS
    return _pid_alive(entry.pid)


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)  # on POSIX signal 0 only asks; never do this on Windows (it kills)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[IO[bytes]]:
    """Open ``path`` and hold an exclusive OS lock on it for the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o644), "r+b")
    with handle:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield handle
            finally:
                handle.seek(_WINDOWS_LOCK_OFFSET)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield handle
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
