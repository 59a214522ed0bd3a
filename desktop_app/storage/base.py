"""Opening, checking, migrating and closing the database: the ground every layer of Store stands on.

Part of :mod:`desktop_app.storage`. :class:`StoreBase` owns the connection, the entry in the lock
file and the small query helpers; the layers (units, history, reports, transfer) add methods.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from desktop_app.storage import engine
from desktop_app.storage.backups import (
    backup_database,
    clean_temporary_files,
    latest_good_backup,
    set_aside_stray_wal,
)
from desktop_app.storage.connection import (
    BUSY_TIMEOUT,
    connect,
    file_reason,
    immediate,
    is_busy,
    is_damage,
    make_folder,
    problem,
    refuse_foreign,
    stamp,
    utc_now,
)
from desktop_app.storage.records import BUSY_MESSAGE, DatabaseDamagedError, NotFoundError, StorageError
from desktop_app.storage.schema import (
    MIGRATIONS,
    MigrationStep,
    known_names,
    migration_set,
    refuse_newer,
    up_to_date,
)
from desktop_app.system import datadir

if TYPE_CHECKING:
    from sqlite_utils import Database


class StoreBase:
    """One open database. Use it from the thread that opened it; close it (or use ``with``).

    ``now`` is the clock every stored time comes from; tests replace it.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, schema_version: int) -> None:
        self.conn = conn
        self._db: Database | None = None
        self.path = path
        self.schema_version = schema_version
        self.now: Callable[[], datetime] = utc_now
        self._closed = False
        # (revision, text) this copy of the app last wrote per report: only those may be
        # updated in place by an autosave, never what another copy on the same file wrote.
        self._written: dict[int, tuple[int, str]] = {}
        # The content of each report being edited (see watch) as this copy last read or wrote it,
        # and whether the last save replaced what another copy had saved meanwhile.
        self._seen: dict[int, str] = {}
        self.overwrote_other_copy = False
        # Reports found unreadable in this session (id: why): lists show them as damaged.
        self._damaged: dict[int, str] = {}
        # Where a write-ahead log of another database found beside the file was moved (the app
        # tells the official), None when there was none.
        self.stray_wal: Path | None = None
        self._instance: datadir.Instance | None = None
        with contextlib.suppress(OSError):  # the lock file only informs; never keep the user out
            self._instance = datadir.register_instance(path)

    @classmethod
    def open(
        cls, path: Path | str, migrations: Sequence[MigrationStep] = MIGRATIONS, timeout: float = BUSY_TIMEOUT
    ) -> Self:
        """Open (creating if needed), check and migrate the database at ``path``.

        StorageError when it comes from a newer app or another program (left untouched);
        DatabaseDamagedError, with the newest good backup, when it is not a database or fails
        ``PRAGMA quick_check``.
        Temporary files that an interrupted backup or restore left are deleted; a ``-wal`` file
        of another database is moved into ``backups/`` (``stray_wal`` says where).
        """
        path = Path(path).absolute()
        make_folder(path.parent)
        stray = None
        if path.exists():
            with contextlib.suppress(OSError, StorageError):  # looking never keeps the official out
                stray = set_aside_stray_wal(path)
            found = problem(path, known_names(migrations)) if path.stat().st_size else _emptied(path)
            if found:
                raise DatabaseDamagedError(path, found, latest_good_backup(path))
            refuse_foreign(path)  # --db naming another program's database: not even opened for writing
        try:
            conn = connect(path, timeout)
        except sqlite3.Error as exc:
            raise StorageError(f"Không mở được cơ sở dữ liệu «{path}»: {file_reason(exc) or exc}.") from exc
        try:
            if not up_to_date(conn, migrations):
                _migrate(engine.database(conn), path, migrations)
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.Error):
                raise (StorageError(BUSY_MESSAGE) if is_busy(exc) else _damaged(path, exc)) from exc
            raise
        store = cls(conn, path, len(migrations))  # registered: another copy now sees this one
        store.stray_wal = stray
        with contextlib.suppress(OSError):
            clean_temporary_files(path)  # what a backup or restore killed midway left
        return store

    @property
    def db(self) -> Database:
        """The connection seen through sqlite-utils, made at its first use (see ``engine``)."""
        if self._db is None:
            self._db = engine.database(self.conn)
        return self._db

    def close(self) -> None:
        """Close the database and take this copy off the lock file."""
        if self._closed:
            return
        self._closed = True
        if self._instance is not None:
            datadir.unregister_instance(self.path, self._instance)
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def other_instance(self) -> str | None:
        """Return a Vietnamese sentence about another copy of the app on this database, or None."""
        others = datadir.live_instances(self.path, besides=self._instance)
        return others[0].describe() if others else None

    def quick_check(self) -> list[str]:
        """Return SQLite's ``quick_check`` messages (``["ok"]`` when sound)."""
        return [row[0] for row in self.conn.execute("PRAGMA quick_check")]

    # ------------------------------------------------------------ plumbing for the layers

    def _stamp(self) -> str:
        """Return the current time as stored."""
        return stamp(self.now())

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            with immediate(self.conn):
                yield self.conn
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                raise StorageError(BUSY_MESSAGE) from exc
            if is_damage(exc):  # not «what was saved is still there»: a backup is what helps
                raise _damaged(self.path, exc) from exc
            why = file_reason(exc)  # a read-only file, a full disk, a pulled USB stick: not a bug
            if why is None:
                raise
            raise StorageError(
                f"Không ghi được vào tệp dữ liệu «{self.path}»: {why}. "
                "Những gì đã lưu trước đó vẫn còn nguyên."
            ) from exc

    def _rows(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _one(self, sql: str, params: Sequence[Any], missing: str) -> dict[str, Any]:
        rows = self._rows(sql, params)
        if not rows:
            raise NotFoundError(missing)
        return rows[0]


def _migrate(db: Database, path: Path, steps: Sequence[MigrationStep]) -> None:
    """Apply pending migrations in one write transaction, backing up existing data first."""
    migrations = migration_set(steps)
    if migrations.applied(db):
        backup_database(path, tag="truoc-nang-cap")
    with immediate(db.conn):
        refuse_newer(db.conn, known_names(steps))
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {len(steps)}")
        db.execute("ANALYZE")  # the planner's statistics for the new schema, so closing writes nothing


def _damaged(path: Path, exc: sqlite3.Error) -> DatabaseDamagedError:
    return DatabaseDamagedError(path, file_reason(exc) or str(exc), latest_good_backup(path))


def _emptied(path: Path) -> str | None:
    """An empty file where a database with backups was: lost data, not a new start.

    SQLite never leaves a database of 0 bytes; a disk or copy failure does. Without backups
    an empty file is simply a new database (``touch``); with them, the official is offered
    the newest good one instead of a silently empty app.
    """
    if latest_good_backup(path) is None:
        return None
    return "tệp rỗng, 0 byte, dù đã có bản sao lưu"
