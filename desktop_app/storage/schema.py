"""The schema: its tables, the migrations that build them, and which app versions can read it.

Part of :mod:`desktop_app.storage`. ``sqlite_utils.Migrations`` (set ``soanbaocao``) records the
applied steps; ``PRAGMA user_version`` is their count. A database showing a version or a step
this app does not know comes from a newer app and is refused (:func:`refuse_newer`).
Changes are new functions appended to :data:`MIGRATIONS`, never edits of one that has shipped.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.storage import engine
from desktop_app.storage.records import NEWER_MESSAGE, StorageError

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "soanbaocao"

_SCHEMA_1 = """
CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    co_quan_chu_quan TEXT NOT NULL DEFAULT '',
    co_quan TEXT NOT NULL,
    ten TEXT NOT NULL DEFAULT '',
    ky_hieu TEXT NOT NULL,
    dia_danh TEXT NOT NULL,
    cap TEXT NOT NULL,
    created TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE TABLE unit_names (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    co_quan_chu_quan TEXT NOT NULL,
    co_quan TEXT NOT NULL,
    ten TEXT NOT NULL,
    ky_hieu TEXT NOT NULL,
    dia_danh TEXT NOT NULL,
    cap TEXT NOT NULL,
    valid_until TEXT NOT NULL
);
CREATE INDEX unit_names_unit ON unit_names(unit_id, valid_until);
CREATE TABLE unit_successions (
    new_unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    old_unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (new_unit_id, old_unit_id),
    CHECK (new_unit_id <> old_unit_id)
);
CREATE INDEX unit_successions_old ON unit_successions(old_unit_id);
CREATE TABLE signers (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    quyen_han TEXT NOT NULL DEFAULT '',
    chuc_vu TEXT NOT NULL DEFAULT '',
    chuc_vu_thu_truong TEXT NOT NULL DEFAULT '',
    ho_ten TEXT NOT NULL DEFAULT ''
);
CREATE INDEX signers_unit ON signers(unit_id, position);
CREATE TABLE recipient_lists (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('kinh_gui', 'noi_nhan')),
    name TEXT NOT NULL DEFAULT '',
    lines TEXT NOT NULL DEFAULT '[]',
    luu TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recipient_lists_unit ON recipient_lists(unit_id, kind);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    kind_version TEXT NOT NULL,
    period_type TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ban_nhap' CHECK (status IN ('ban_nhap', 'hoan_thanh')),
    so TEXT NOT NULL DEFAULT '',
    ngay TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    deleted_at TEXT,
    -- The large columns last: listing reads the small ones without touching overflow pages.
    sources TEXT NOT NULL DEFAULT '{}',
    data TEXT NOT NULL,
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reports_unit ON reports(unit_id, kind, period_type, period_to);
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (report_id, n)
);
CREATE TABLE outputs (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    produced_at TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('docx', 'pdf', 'xlsx')),
    data TEXT NOT NULL
);
CREATE INDEX outputs_report ON outputs(report_id);
"""


def m001_initial(db: Database) -> None:
    """Create every table of the first schema."""
    db.executescript(_SCHEMA_1)


def m002_revision_kinds_and_compression(db: Database) -> None:
    """Give each revision a kind, an encoding for compressed data and the start of its autosave window.

    No row is rewritten: revisions saved before keep their JSON text (``encoding = 'json'``,
    ``kind = 'luu'``, no ``started_at``). New ones hold zlib-compressed JSON in the same ``data``
    column (``encoding = 'zlib'``); SQLite keeps a BLOB as it is in a TEXT column, so the table
    is not rebuilt.
    """
    for sql in (
        "ALTER TABLE revisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'luu'",
        "ALTER TABLE revisions ADD COLUMN encoding TEXT NOT NULL DEFAULT 'json'",
        "ALTER TABLE revisions ADD COLUMN started_at TEXT",
    ):
        db.execute(sql)


def m003_kind_copies(db: Database) -> None:
    """Keep the kind (flat TOML and template) each report and document was made with, by hash.

    ``reports.kind_hash`` and ``outputs.kind_hash`` point at ``kind_copies``; rows from before
    have none (their kind is the installed one of their ``kind_version``).
    """
    db.executescript(
        """
        CREATE TABLE kind_copies (
            hash TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            version TEXT NOT NULL,
            toml TEXT NOT NULL,
            template BLOB NOT NULL,
            stored_at TEXT NOT NULL
        );
        ALTER TABLE reports ADD COLUMN kind_hash TEXT REFERENCES kind_copies(hash);
        ALTER TABLE outputs ADD COLUMN kind_hash TEXT REFERENCES kind_copies(hash);
        """
    )


def m004_rollups(db: Database) -> None:
    """Keep a unit's list of subordinate units, and the unit files a rolled-up report was made from.

    ``rollup_files.data`` holds the answer file's bytes, zlib-compressed; ``saved_at`` the file's
    own saved time (ISO, may be empty), which decides the newer of two files of one unit.
    """
    db.executescript(
        """
        CREATE TABLE subordinate_units (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL
        );
        CREATE INDEX subordinate_units_unit ON subordinate_units(unit_id, position);
        CREATE TABLE rollup_files (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,
            name TEXT NOT NULL,
            saved_at TEXT,
            added_at TEXT NOT NULL,
            data BLOB NOT NULL,
            UNIQUE (report_id, sha256)
        );
        """
    )


# The namespace of report identities derived from older rows (see :func:`legacy_uid`).
_UID_NAMESPACE = uuid.UUID("6f1c1d0e-5b1f-4c53-9a0c-2f3b7d1a9e40")


def legacy_uid(kind: str, period_type: str, period_from: str, period_to: str, created: str) -> str:
    """Return the identity of a report written before reports had one.

    Derived from what an export copies unchanged (kind, period, creation time to the
    millisecond), so one report upgraded separately on two PCs gets the same identity on both,
    and a package from an older version finds its reports again.
    """
    return str(uuid.uuid5(_UID_NAMESPACE, "|".join((kind, period_type, period_from, period_to, created))))


def new_uid() -> str:
    """Return the identity of a report created now."""
    return str(uuid.uuid4())


def m005_report_uid(db: Database) -> None:
    """Give every report an identity that stays the same on every PC it is copied to.

    ``import-all --merge`` finds the same report by it and continues its history. Existing
    rows get :func:`legacy_uid`; two rows that would share one (created in the same
    millisecond) give the later a random one.
    """
    db.execute("ALTER TABLE reports ADD COLUMN uid TEXT")
    rows = db.execute(
        "SELECT id, kind, period_type, period_from, period_to, created FROM reports ORDER BY id"
    ).fetchall()
    taken: set[str] = set()
    for report_id, *identity in rows:
        uid = legacy_uid(*(str(v) for v in identity))
        uid = new_uid() if uid in taken else uid
        taken.add(uid)
        db.execute("UPDATE reports SET uid = ? WHERE id = ?", [uid, report_id])
    db.execute("CREATE UNIQUE INDEX reports_uid ON reports(uid)")


MigrationStep = Callable[["Database"], None]
# Append new steps; never edit or reorder one that has shipped.
MIGRATIONS: tuple[MigrationStep, ...] = (
    m001_initial,
    m002_revision_kinds_and_compression,
    m003_kind_copies,
    m004_rollups,
    m005_report_uid,
)


def migration_set(steps: Sequence[MigrationStep]) -> Migrations:
    """Return the ``sqlite_utils`` migration set made of ``steps``, named by their functions."""
    migrations = engine.migrations(MIGRATION_SET)
    for step in steps:
        migrations(name=step.__name__)(step)
    return migrations


def known_names(steps: Sequence[MigrationStep] = MIGRATIONS) -> list[str]:
    return [step.__name__ for step in steps]


MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite_utils.Migrations records applied steps


def applied_names(conn: sqlite3.Connection) -> set[str]:
    """Return the names of the steps applied to the database (read with plain SQL)."""
    table = MIGRATIONS_TABLE
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
        return set()
    rows = conn.execute(f"SELECT name FROM [{table}] WHERE migration_set = ?", (MIGRATION_SET,))
    return {r[0] for r in rows}


def foreign_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables of a database none of the app's steps was ever applied to: another program's
    (a new database has none). Empty when the app made it."""
    if applied_names(conn):
        return []
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
    return sorted(r[0] for r in rows)


def foreign_words(path: Path, tables: Sequence[str]) -> str:
    """Why a database of another program is not opened (nothing is written to it)."""
    more = f" và {len(tables) - 5} bảng khác" if len(tables) > 5 else ""
    shown = ", ".join(f"«{t}»" for t in tables[:5]) + more
    return (
        f"Tệp «{path}» là cơ sở dữ liệu của một chương trình khác (có các bảng {shown}), không phải dữ liệu "
        "của Soạn Báo Cáo: không mở, để không ghi gì vào đó. Hãy chọn tệp dữ liệu của Soạn Báo Cáo, hoặc "
        "một tên tệp mới để bắt đầu một cơ sở dữ liệu mới."
    )


def up_to_date(conn: sqlite3.Connection, steps: Sequence[MigrationStep]) -> bool:
    """True when every step is applied and the version says so: nothing to migrate."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return bool(version == len(steps) and set(known_names(steps)) <= applied_names(conn))


def refuse_newer(conn: sqlite3.Connection, names: Sequence[str]) -> None:
    """Raise StorageError when the database shows a schema newer than ``names`` describe."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(names) or applied_names(conn) - set(names):
        raise StorageError(NEWER_MESSAGE)
