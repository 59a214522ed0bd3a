"""The database: units, signers, recipient lists, reports with every revision, outputs, backups.

The only module that talks to SQLite. One database per user (:mod:`desktop_app.datadir`). The
answer file (:func:`desktop_app.answers.dump_report`) is the canonical form of a report: it is what
``reports.data``, ``revisions.data`` and ``outputs.data`` hold; the other report columns are
copies kept for listing and searching.

::

    store = Store.open(datadir.default_db_path())
    unit_id = store.add_unit(Unit("SỞ NGOẠI VỤ", "SNgV", "Kiên Giang", "so"))
    report_id = store.create_report(unit_id, report)        # revision 1
    store.save_report(report_id, edited)                     # autosave: revision 2
    store.list_reports(search="kiem soat")                   # finds "kiểm soát"

Decisions:

- Concurrency. WAL, ``busy_timeout`` and short ``BEGIN IMMEDIATE`` transactions make two copies
  of the app on one file safe. So that the UI can *say* another copy is open, each open Store is
  listed (pid, host, time) in ``soanbaocao.db.lock``; entries of copies that died are dropped by
  pid, so a crash never leaves the user locked out (:meth:`Store.other_instance`).
- Schema. ``sqlite_utils.Migrations`` (set ``soanbaocao``); ``PRAGMA user_version`` is the number
  of migrations applied. A database showing a version or migration this app does not know is
  refused after a read-only look, and never written. An existing database is backed up before a
  migration changes it. Changes are new functions appended to :data:`MIGRATIONS`, never edits.
- Durability. ``synchronous=FULL``: a save that returned survives a power cut, not only a crash.
- Backups. SQLite's online backup API into ``backups/``; retention (20 newest plus one a month
  for a year) in :mod:`desktop_app.datadir`.
- Import. :meth:`Store.import_all` refuses a database that already holds units or reports unless
  ``merge=True``; a merge reuses identical units, signers and lists and skips reports already
  present (same unit, kind, period and creation time), so importing twice adds nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlite_utils import Database, Migrations

from desktop_app import APP_NAME, __version__, datadir
from desktop_app.answers import (
    QUYEN_HAN,
    Report,
    Signer,
    Unit,
    dump_report,
    load_answer_file,
    parse_report,
    save_answer_file,
)
from desktop_app.files import write_atomic
from desktop_app.kinds import UNIT_LEVELS, KindError, load_kind
from desktop_app.periods import Period, PeriodError
from desktop_app.text import clean, clean_value, fold

MIGRATION_SET = "soanbaocao"
STATUSES = ("ban_nhap", "hoan_thanh")
STATUS_LABELS = {"ban_nhap": "Bản nháp", "hoan_thanh": "Hoàn thành"}
RECIPIENT_KINDS = ("kinh_gui", "noi_nhan")
OUTPUT_FORMATS = ("docx", "pdf", "xlsx")
EXPORT_FORMAT = "soanbaocao.export/1"
BUSY_TIMEOUT = 5.0
AUTO_BACKUP_AGE = timedelta(days=1)
NEWER_MESSAGE = (
    "Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của Soạn Báo Cáo; hãy cập nhật ứng dụng. "
    "Dữ liệu không bị thay đổi."
)
BUSY_MESSAGE = "Cơ sở dữ liệu đang bận (một cửa sổ Soạn Báo Cáo khác đang ghi); hãy thử lại sau giây lát."
_SQLITE_HEADER = b"SQLite format 3\x00"
UNIT_FIELDS = ("co_quan_chu_quan", "co_quan", "ten", "ky_hieu", "dia_danh", "cap")
SIGNER_FIELDS = ("quyen_han", "chuc_vu", "chuc_vu_thu_truong", "ho_ten")
_REPORT_INFO = (
    "id, unit_id, kind, kind_version, period_type, year, number, period_from, period_to, "
    "status, so, ngay, created, updated, deleted_at"
)
_EXPORT_TABLES = (
    "units",
    "unit_names",
    "unit_successions",
    "signers",
    "recipient_lists",
    "reports",
    "revisions",
    "outputs",
)
_JSON_COLUMNS = {
    "recipient_lists": ("lines",),
    "reports": ("data", "sources"),
    "revisions": ("data",),
    "outputs": ("data",),
}
TABLE_LABELS = {
    "units": "đơn vị",
    "unit_names": "tên cũ của đơn vị",
    "unit_successions": "quan hệ kế thừa",
    "signers": "người ký",
    "recipient_lists": "danh sách nơi nhận",
    "reports": "báo cáo",
    "revisions": "phiên bản",
    "outputs": "văn bản đã tạo",
}


class StorageError(Exception):
    """The database cannot do what was asked; the message is Vietnamese and shown as is."""


class NotFoundError(StorageError):
    """A unit, report, revision or other row asked for by id does not exist."""


class DatabaseDamagedError(StorageError):
    """The database file is damaged; ``backup`` is the newest backup that is still good."""

    def __init__(self, path: Path, detail: str, backup: Path | None) -> None:
        self.path = path
        self.detail = detail
        self.backup = backup
        if backup is None:
            hint = " Không tìm thấy bản sao lưu nào còn tốt."
        else:
            hint = f" Có thể khôi phục từ bản sao lưu gần nhất còn tốt: «{backup}»."
        super().__init__(f"Tệp dữ liệu «{path}» bị hỏng, không mở được ({detail}).{hint}")


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class UnitRecord:
    id: int
    co_quan_chu_quan: str
    co_quan: str
    ten: str
    ky_hieu: str
    dia_danh: str
    cap: str
    created: str
    active: bool

    @property
    def unit(self) -> Unit:
        return Unit(**{k: getattr(self, k) for k in UNIT_FIELDS})


@dataclass(frozen=True)
class UnitName:
    """A name a unit had until ``valid_until``."""

    unit_id: int
    co_quan_chu_quan: str
    co_quan: str
    ten: str
    ky_hieu: str
    dia_danh: str
    cap: str
    valid_until: str

    @property
    def unit(self) -> Unit:
        return Unit(**{k: getattr(self, k) for k in UNIT_FIELDS})


@dataclass(frozen=True)
class SignerRecord:
    id: int
    unit_id: int
    position: int
    quyen_han: str
    chuc_vu: str
    chuc_vu_thu_truong: str
    ho_ten: str

    @property
    def signer(self) -> Signer:
        return Signer(**{k: getattr(self, k) for k in SIGNER_FIELDS})


@dataclass(frozen=True)
class RecipientList:
    id: int
    unit_id: int
    kind: str  # "kinh_gui" | "noi_nhan"
    name: str
    lines: tuple[str, ...]
    luu: str


@dataclass(frozen=True)
class ReportInfo:
    """A report as lists show it, without its answers."""

    id: int
    unit_id: int
    kind: str
    kind_version: str
    period: Period
    status: str
    so: str
    ngay: str | None
    created: str
    updated: str
    deleted_at: str | None


@dataclass(frozen=True)
class Revision:
    report_id: int
    n: int
    saved_at: str


@dataclass(frozen=True)
class Output:
    id: int
    report_id: int
    revision: int
    produced_at: str
    path: str
    sha256: str
    format: str


@dataclass(frozen=True)
class ImportSummary:
    added: Mapping[str, int]
    skipped: Mapping[str, int]

    def describe(self) -> str:
        """Say in Vietnamese what an import added and skipped."""
        added = ", ".join(f"{n} {TABLE_LABELS[t]}" for t, n in self.added.items() if n)
        skipped = ", ".join(f"{n} {TABLE_LABELS[t]}" for t, n in self.skipped.items() if n)
        text = f"Đã nhập {added}." if added else "Không có dữ liệu mới để nhập."
        return text + (f" Bỏ qua (đã có): {skipped}." if skipped else "")


# ---------------------------------------------------------------- schema

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


MigrationStep = Callable[[Database], None]
# Append new steps; never edit or reorder one that has shipped.
MIGRATIONS: tuple[MigrationStep, ...] = (m001_initial,)


def _migration_set(steps: Sequence[MigrationStep]) -> Migrations:
    migrations = Migrations(MIGRATION_SET)
    for step in steps:
        migrations(name=step.__name__)(step)
    return migrations


def _refuse_newer(conn: sqlite3.Connection, names: Sequence[str]) -> None:
    """Raise StorageError when the database shows a schema newer than ``names`` describe."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    table = Migrations.migrations_table
    applied: set[str] = set()
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
        rows = conn.execute(f"SELECT name FROM [{table}] WHERE migration_set = ?", (MIGRATION_SET,))
        applied = {r[0] for r in rows}
    if version > len(names) or applied - set(names):
        raise StorageError(NEWER_MESSAGE)


def _migrate(db: Database, path: Path, steps: Sequence[MigrationStep]) -> None:
    """Apply pending migrations in one write transaction, backing up existing data first."""
    migrations = _migration_set(steps)
    version = db.conn.execute("PRAGMA user_version").fetchone()[0]
    if version == len(steps) and not migrations.pending(db):
        return
    if migrations.applied(db):
        backup_database(path, tag="truoc-nang-cap")
    with _immediate(db.conn):
        _refuse_newer(db.conn, [s.__name__ for s in steps])
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {len(steps)}")


# ---------------------------------------------------------------- files and connections


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


@contextlib.contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """Run the block in one ``BEGIN IMMEDIATE`` transaction (the write lock is taken at once)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)


def _problem(path: Path, names: Sequence[str]) -> str | None:
    """Return why the database file at ``path`` is unusable, None when it is sound.

    Looks read-only; StorageError when it comes from a newer app.
    """
    with path.open("rb") as handle:
        if handle.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
            return "không phải tệp cơ sở dữ liệu SQLite"
    try:
        conn = _read_only(path)
        try:
            _refuse_newer(conn, names)
            messages = [row[0] for row in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if _is_busy(exc):  # another copy holds the file for longer than the timeout: not damage
            raise StorageError(BUSY_MESSAGE) from exc
        return str(exc)
    return None if messages == ["ok"] else "; ".join(messages[:3])


def _known_names(steps: Sequence[MigrationStep] = MIGRATIONS) -> list[str]:
    return [step.__name__ for step in steps]


def _connect(path: Path, timeout: float) -> Database:
    db = Database(sqlite3.connect(path, timeout=timeout), execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    db.enable_wal()
    db.execute("PRAGMA synchronous = FULL")
    return db


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Không tạo được thư mục dữ liệu «{folder}»: {exc}") from exc


# ---------------------------------------------------------------- backups


def latest_good_backup(db_path: Path) -> Path | None:
    """Return the newest backup of ``db_path`` that passes its checks, None when there is none."""
    for candidate in datadir.list_backups(datadir.backups_dir(db_path)):
        with contextlib.suppress(StorageError, OSError):
            if _problem(candidate, _known_names()) is None:
                return candidate
    return None


def _free_name(folder: Path, when: datetime, tag: str) -> Path:
    attempt = 0
    while (folder / datadir.backup_name(when, tag, attempt)).exists():
        attempt += 1
    return folder / datadir.backup_name(when, tag, attempt)


def _copy_database(source: Path, dest: Path) -> None:
    """Copy the database at ``source`` into the single file ``dest`` with the online backup API."""
    dest.unlink(missing_ok=True)
    src = _read_only(source)
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


def backup_database(
    db_path: Path, dest_dir: Path | None = None, tag: str = "", now: datetime | None = None
) -> Path:
    """Back up ``db_path`` into ``dest_dir`` (default ``backups/``) and return the new file.

    Uses its own connection, so a worker thread may call it while the app works.
    """
    folder = dest_dir or datadir.backups_dir(db_path)
    _make_folder(folder)
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


def _keep_current(target: Path) -> Path | None:
    """Save what a restore is about to replace: a checked backup, or a raw copy when damaged."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    tag = "truoc-khoi-phuc"
    with contextlib.suppress(StorageError):
        if _problem(target, _known_names()) is None:
            return backup_database(target, tag=tag)
    folder = datadir.backups_dir(target)
    _make_folder(folder)
    copy = _free_name(folder, datetime.now(UTC), tag)
    shutil.copy2(target, copy)
    wal = target.with_name(target.name + "-wal")
    if wal.exists():
        shutil.copy2(wal, copy.with_name(copy.name + "-wal"))
    return copy


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
    problem = _problem(backup, _known_names())
    if problem:
        raise StorageError(f"Bản sao lưu «{backup.name}» bị hỏng ({problem}); hãy chọn bản khác.")
    _make_folder(target.parent)
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


# ---------------------------------------------------------------- values


def _text_values(obj: Any, fields: Sequence[str]) -> dict[str, str]:
    return {k: clean(str(getattr(obj, k) or "")).strip() for k in fields}


def _unit_values(unit: Unit) -> dict[str, str]:
    values = _text_values(unit, UNIT_FIELDS)
    missing = [k for k in ("co_quan", "ky_hieu", "dia_danh") if not values[k]]
    if missing:
        raise StorageError(f"Thông tin đơn vị còn trống: {', '.join(missing)}.")
    if values["cap"] not in UNIT_LEVELS:
        raise StorageError(f"Cấp «{values['cap']}» không hợp lệ; dùng {', '.join(UNIT_LEVELS)}.")
    return values


def _signer_values(signer: Signer) -> dict[str, str]:
    values = _text_values(signer, SIGNER_FIELDS)
    if values["quyen_han"] not in QUYEN_HAN:
        allowed = ", ".join(q or "(trống)" for q in QUYEN_HAN)
        raise StorageError(f"Quyền hạn ký «{values['quyen_han']}» không hợp lệ; dùng {allowed}.")
    return values


def _list_values(kind: str, name: str, lines: Sequence[str], luu: str) -> dict[str, str]:
    if kind not in RECIPIENT_KINDS:
        raise StorageError(f"Loại danh sách «{kind}» không có; dùng {', '.join(RECIPIENT_KINDS)}.")
    kept = [clean(line).strip() for line in lines if line.strip()]
    return {"kind": kind, "name": clean(name).strip(), "lines": _json(kept), "luu": clean(luu).strip()}


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise StorageError(f"Trạng thái «{status}» không có; dùng {', '.join(STATUSES)}.")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _search_text(data: Mapping[str, Any]) -> str:
    """Return the diacritics-folded words a search looks in: kind, period, unit, document, answers."""
    words = [str(data.get("kind", ""))]
    with contextlib.suppress(KindError):
        words.append(load_kind(words[0]).title)
    with contextlib.suppress(PeriodError):
        period = Period.from_json(data.get("period"))
        words += [period.words(), period.short_label()]
    for key in ("unit", "document", "answers"):
        words.extend(_strings(data.get(key)))
    return fold(" ".join(" ".join(words).split()))


def _report_columns(report: Report) -> dict[str, Any]:
    """Return the ``reports`` columns that follow from the report's content."""
    data = cast(dict[str, Any], clean_value(dump_report(report)))
    period = data["period"]
    return {
        "kind": report.kind,
        "kind_version": load_kind(report.kind).version,
        "period_type": period["type"],
        "year": period["year"],
        "number": period["number"],
        "period_from": period["from"],
        "period_to": period["to"],
        "so": data["document"]["so"],
        "ngay": data["document"]["ngay"],
        "data": _json(data),
        "sources": _json(data["sources"]),
        "search_text": _search_text(data),
    }


def _parse(text: str) -> Report:
    return parse_report(json.loads(text, parse_float=Decimal))


def _period_of(row: Mapping[str, Any]) -> Period:
    if row["period_type"] == "tuy_chon":
        start, end = date.fromisoformat(row["period_from"]), date.fromisoformat(row["period_to"])
        return Period("tuy_chon", row["year"], None, start, end)
    return Period(row["period_type"], row["year"], row["number"])


def _report_info(row: Mapping[str, Any]) -> ReportInfo:
    fields = {k: row[k] for k in ("id", "unit_id", "kind", "kind_version", "status", "so", "ngay")}
    times = {k: row[k] for k in ("created", "updated", "deleted_at")}
    return ReportInfo(**fields, period=_period_of(row), **times)


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _columns(record: type, prefix: str = "") -> str:
    """Return the column list that fills ``record`` (never ``*``: later migrations add columns)."""
    return ", ".join(prefix + f.name for f in fields(record))


def _unit_record(row: Mapping[str, Any]) -> UnitRecord:
    return UnitRecord(**{**row, "active": bool(row["active"])})


def _insert_sql(table: str, values: Mapping[str, Any]) -> str:
    return f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})"


def _rowid(cursor: sqlite3.Cursor) -> int:
    if cursor.lastrowid is None:
        raise StorageError("Không ghi được dữ liệu.")
    return cursor.lastrowid


# ---------------------------------------------------------------- the store


class Store:
    """One open database. Use it from the thread that opened it; close it (or use ``with``)."""

    def __init__(self, db: Database, path: Path, schema_version: int) -> None:
        self.db = db
        self.path = path
        self.schema_version = schema_version
        self._closed = False
        self._instance: datadir.Instance | None = None
        with contextlib.suppress(OSError):  # the lock file only informs; never keep the user out
            self._instance = datadir.register_instance(path)

    @classmethod
    def open(
        cls, path: Path | str, migrations: Sequence[MigrationStep] = MIGRATIONS, timeout: float = BUSY_TIMEOUT
    ) -> Store:
        """Open (creating if needed), check and migrate the database at ``path``.

        StorageError when it comes from a newer app (left untouched); DatabaseDamagedError, with
        the newest good backup, when it is not a database or fails ``PRAGMA quick_check``.
        """
        path = Path(path).absolute()
        _make_folder(path.parent)
        if path.exists() and path.stat().st_size > 0:
            problem = _problem(path, _known_names(migrations))
            if problem:
                raise DatabaseDamagedError(path, problem, latest_good_backup(path))
        try:
            db = _connect(path, timeout)
        except sqlite3.Error as exc:
            raise StorageError(f"Không mở được cơ sở dữ liệu «{path}»: {exc}") from exc
        try:
            _migrate(db, path, migrations)
        except BaseException as exc:
            db.close()
            if isinstance(exc, sqlite3.Error):
                raise (StorageError(BUSY_MESSAGE) if _is_busy(exc) else _damaged(path, exc)) from exc
            raise
        return cls(db, path, len(migrations))

    def close(self) -> None:
        """Close the database and take this copy off the lock file."""
        if self._closed:
            return
        self._closed = True
        if self._instance is not None:
            datadir.unregister_instance(self.path, self._instance)
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("PRAGMA optimize")
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def other_instance(self) -> str | None:
        """Return a Vietnamese sentence about another copy of the app on this database, or None."""
        others = datadir.live_instances(self.path, besides=self._instance)
        return others[0].describe() if others else None

    def quick_check(self) -> list[str]:
        """Return SQLite's ``quick_check`` messages (``["ok"]`` when sound)."""
        return [row[0] for row in self.db.conn.execute("PRAGMA quick_check")]

    # ------------------------------------------------------------ plumbing

    @contextlib.contextmanager
    def _write(self) -> Iterator[Database]:
        try:
            with _immediate(self.db.conn):
                yield self.db
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise StorageError(BUSY_MESSAGE) from exc
            raise

    def _rows(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[dict[str, Any]]:
        cursor = self.db.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _one(self, sql: str, params: Sequence[Any], missing: str) -> dict[str, Any]:
        rows = self._rows(sql, params)
        if not rows:
            raise NotFoundError(missing)
        return rows[0]

    # ------------------------------------------------------------ units

    def add_unit(self, unit: Unit) -> int:
        """Add a unit and return its id."""
        values = {**_unit_values(unit), "created": _now()}
        with self._write() as db:
            cursor = db.execute(_insert_sql("units", values), values)
        return _rowid(cursor)

    def get_unit(self, unit_id: int) -> UnitRecord:
        row = self._one(
            f"SELECT {_columns(UnitRecord)} FROM units WHERE id = ?",
            [unit_id],
            f"Không có đơn vị số {unit_id}.",
        )
        return _unit_record(row)

    def units(self, include_inactive: bool = False) -> list[UnitRecord]:
        where = "" if include_inactive else "WHERE active = 1"
        rows = self._rows(f"SELECT {_columns(UnitRecord)} FROM units {where} ORDER BY co_quan, id")
        return [_unit_record(r) for r in rows]

    def update_unit(self, unit_id: int, unit: Unit) -> None:
        """Correct a unit's details in place (a typo); use :meth:`rename_unit` for a real renaming."""
        values = _unit_values(unit)
        with self._write() as db:
            self.get_unit(unit_id)
            sets = ", ".join(f"{k} = :{k}" for k in values)
            db.execute(f"UPDATE units SET {sets} WHERE id = :id", {**values, "id": unit_id})

    def rename_unit(self, unit_id: int, unit: Unit, when: str | None = None) -> None:
        """Give a unit new details, keeping the old ones in its name history until ``when``.

        Reports already written keep the names they were written with (their answer data).
        """
        values = _unit_values(unit)
        with self._write() as db:
            old = self.get_unit(unit_id)
            history = {k: getattr(old, k) for k in UNIT_FIELDS}
            db.execute(
                f"INSERT INTO unit_names (unit_id, {', '.join(UNIT_FIELDS)}, valid_until) "
                f"VALUES (:unit_id, {', '.join(':' + k for k in UNIT_FIELDS)}, :valid_until)",
                {**history, "unit_id": unit_id, "valid_until": when or _now()},
            )
            sets = ", ".join(f"{k} = :{k}" for k in values)
            db.execute(f"UPDATE units SET {sets} WHERE id = :id", {**values, "id": unit_id})

    def unit_names(self, unit_id: int) -> list[UnitName]:
        """Return a unit's former names, oldest first."""
        rows = self._rows(
            f"SELECT unit_id, {', '.join(UNIT_FIELDS)}, valid_until FROM unit_names "
            "WHERE unit_id = ? ORDER BY valid_until, id",
            [unit_id],
        )
        return [UnitName(**r) for r in rows]

    def set_unit_active(self, unit_id: int, active: bool) -> None:
        with self._write() as db:
            self.get_unit(unit_id)
            db.execute("UPDATE units SET active = ? WHERE id = ?", [int(active), unit_id])

    def delete_unit(self, unit_id: int) -> None:
        """Delete a unit that has no reports (one with reports can only be made inactive)."""
        with self._write() as db:
            unit = self.get_unit(unit_id)
            if self._rows("SELECT 1 FROM reports WHERE unit_id = ? LIMIT 1", [unit_id]):
                raise StorageError(
                    f"Đơn vị «{unit.co_quan}» đã có báo cáo nên không xóa được; "
                    "hãy chuyển sang ngừng sử dụng."
                )
            db.execute("DELETE FROM units WHERE id = ?", [unit_id])

    def set_successors(self, new_unit_id: int, old_unit_ids: Sequence[int]) -> None:
        """Record that ``new_unit_id`` succeeds exactly the units ``old_unit_ids`` (merger, split)."""
        with self._write() as db:
            self.get_unit(new_unit_id)
            for old in old_unit_ids:
                self.get_unit(old)
                if old == new_unit_id or new_unit_id in self._ancestors(old):
                    raise StorageError("Quan hệ kế thừa giữa các đơn vị không được vòng tròn.")
            db.execute("DELETE FROM unit_successions WHERE new_unit_id = ?", [new_unit_id])
            for old in dict.fromkeys(old_unit_ids):
                db.execute(
                    "INSERT INTO unit_successions (new_unit_id, old_unit_id) VALUES (?, ?)",
                    [new_unit_id, old],
                )

    def _ancestors(self, unit_id: int) -> set[int]:
        rows = self.db.conn.execute(
            "WITH RECURSIVE anc(id) AS (SELECT old_unit_id FROM unit_successions WHERE new_unit_id = ? "
            "UNION SELECT s.old_unit_id FROM unit_successions s JOIN anc ON s.new_unit_id = anc.id) "
            "SELECT id FROM anc",
            [unit_id],
        )
        return {r[0] for r in rows}

    def predecessors(self, unit_id: int) -> list[UnitRecord]:
        """Return the units ``unit_id`` directly succeeds."""
        rows = self._rows(
            f"SELECT {_columns(UnitRecord, 'u.')} FROM units u "
            "JOIN unit_successions s ON s.old_unit_id = u.id "
            "WHERE s.new_unit_id = ? ORDER BY u.id",
            [unit_id],
        )
        return [_unit_record(r) for r in rows]

    def successors(self, unit_id: int) -> list[UnitRecord]:
        rows = self._rows(
            f"SELECT {_columns(UnitRecord, 'u.')} FROM units u "
            "JOIN unit_successions s ON s.new_unit_id = u.id "
            "WHERE s.old_unit_id = ? ORDER BY u.id",
            [unit_id],
        )
        return [_unit_record(r) for r in rows]

    # ------------------------------------------------------------ signers and recipient lists

    def add_signer(self, unit_id: int, signer: Signer) -> int:
        """Add a signer at the end of the unit's list and return its id."""
        values = _signer_values(signer)
        with self._write() as db:
            self.get_unit(unit_id)
            cursor = db.execute(
                f"INSERT INTO signers (unit_id, position, {', '.join(values)}) VALUES (:unit_id, "
                "(SELECT COALESCE(MAX(position), 0) + 1 FROM signers WHERE unit_id = :unit_id), "
                f"{', '.join(':' + k for k in values)})",
                {**values, "unit_id": unit_id},
            )
        return _rowid(cursor)

    def update_signer(self, signer_id: int, signer: Signer) -> None:
        values = _signer_values(signer)
        with self._write() as db:
            sets = ", ".join(f"{k} = :{k}" for k in values)
            cursor = db.execute(f"UPDATE signers SET {sets} WHERE id = :id", {**values, "id": signer_id})
            if cursor.rowcount == 0:
                raise NotFoundError(f"Không có người ký số {signer_id}.")

    def delete_signer(self, signer_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM signers WHERE id = ?", [signer_id])

    def signers(self, unit_id: int) -> list[SignerRecord]:
        rows = self._rows(
            f"SELECT {_columns(SignerRecord)} FROM signers WHERE unit_id = ? ORDER BY position, id", [unit_id]
        )
        return [SignerRecord(**r) for r in rows]

    def reorder_signers(self, unit_id: int, signer_ids: Sequence[int]) -> None:
        """Put the unit's signers in the order of ``signer_ids``."""
        with self._write() as db:
            for position, signer_id in enumerate(signer_ids, 1):
                db.execute(
                    "UPDATE signers SET position = ? WHERE id = ? AND unit_id = ?",
                    [position, signer_id, unit_id],
                )

    def add_recipient_list(
        self, unit_id: int, kind: str, lines: Sequence[str], luu: str = "", name: str = ""
    ) -> int:
        """Add a "kính gửi" or "nơi nhận" list to a unit and return its id."""
        values = {**_list_values(kind, name, lines, luu), "unit_id": unit_id}
        with self._write() as db:
            self.get_unit(unit_id)
            cursor = db.execute(_insert_sql("recipient_lists", values), values)
        return _rowid(cursor)

    def update_recipient_list(
        self, list_id: int, kind: str, lines: Sequence[str], luu: str = "", name: str = ""
    ) -> None:
        values = _list_values(kind, name, lines, luu)
        with self._write() as db:
            sets = ", ".join(f"{k} = :{k}" for k in values)
            cursor = db.execute(
                f"UPDATE recipient_lists SET {sets} WHERE id = :id", {**values, "id": list_id}
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"Không có danh sách nơi nhận số {list_id}.")

    def delete_recipient_list(self, list_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM recipient_lists WHERE id = ?", [list_id])

    def recipient_lists(self, unit_id: int, kind: str | None = None) -> list[RecipientList]:
        rows = self._rows(
            f"SELECT {_columns(RecipientList)} FROM recipient_lists "
            "WHERE unit_id = ? AND (? IS NULL OR kind = ?) "
            "ORDER BY kind, name, id",
            [unit_id, kind, kind],
        )
        return [RecipientList(**{**r, "lines": tuple(json.loads(r["lines"]))}) for r in rows]

    # ------------------------------------------------------------ reports

    def create_report(self, unit_id: int, report: Report, status: str = "ban_nhap") -> int:
        """Store a new report for ``unit_id`` (its revision 1) and return its id."""
        _check_status(status)
        now = _now()
        values = {
            **_report_columns(report),
            "unit_id": unit_id,
            "status": status,
            "created": now,
            "updated": now,
        }
        with self._write() as db:
            self.get_unit(unit_id)
            cursor = db.execute(_insert_sql("reports", values), values)
            report_id = _rowid(cursor)
            db.execute(
                "INSERT INTO revisions (report_id, n, saved_at, data) VALUES (?, 1, ?, ?)",
                [report_id, now, values["data"]],
            )
        return report_id

    def save_report(self, report_id: int, report: Report, status: str | None = None) -> int:
        """Save ``report`` as the current content of ``report_id``; return the new revision number.

        Cheap enough for autosave: one transaction, one row updated, one revision appended.
        """
        if status is not None:
            _check_status(status)
        values = _report_columns(report)
        with self._write():
            return self._save(report_id, values, status)

    def _save(self, report_id: int, values: dict[str, Any], status: str | None) -> int:
        n = self._next_revision(report_id)
        now = _now()
        sets = ", ".join(f"{k} = :{k}" for k in values)
        self.db.execute(
            f"UPDATE reports SET {sets}, status = COALESCE(:status, status), updated = :now WHERE id = :id",
            {**values, "status": status, "now": now, "id": report_id},
        )
        self.db.execute(
            "INSERT INTO revisions (report_id, n, saved_at, data) VALUES (?, ?, ?, ?)",
            [report_id, n, now, values["data"]],
        )
        return n

    def _next_revision(self, report_id: int) -> int:
        row = self._one(
            "SELECT (SELECT COALESCE(MAX(n), 0) + 1 FROM revisions WHERE report_id = r.id) AS n "
            "FROM reports r WHERE r.id = ?",
            [report_id],
            f"Không có báo cáo số {report_id}.",
        )
        return int(row["n"])

    def load_report(self, report_id: int) -> Report:
        row = self._one(
            "SELECT data FROM reports WHERE id = ?", [report_id], f"Không có báo cáo số {report_id}."
        )
        return _parse(row["data"])

    def report_info(self, report_id: int) -> ReportInfo:
        row = self._one(
            f"SELECT {_REPORT_INFO} FROM reports WHERE id = ?",
            [report_id],
            f"Không có báo cáo số {report_id}.",
        )
        return _report_info(row)

    def set_status(self, report_id: int, status: str) -> None:
        """Mark a report as draft or finished without a new revision."""
        _check_status(status)
        with self._write() as db:
            self.report_info(report_id)
            db.execute("UPDATE reports SET status = ?, updated = ? WHERE id = ?", [status, _now(), report_id])

    def list_reports(
        self,
        unit_ids: Sequence[int] | None = None,
        kind: str | None = None,
        period_type: str | None = None,
        status: str | None = None,
        search: str | None = None,
        include_deleted: bool = False,
    ) -> list[ReportInfo]:
        """Return matching reports, newest period first. ``search`` ignores case and diacritics."""
        where: list[str] = []
        params: list[Any] = []
        if unit_ids is not None:
            where.append(f"unit_id IN ({', '.join('?' * len(unit_ids))})" if unit_ids else "0")
            params += list(unit_ids)
        for column, value in (("kind", kind), ("period_type", period_type), ("status", status)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        for word in fold(search or "").split():
            where.append("search_text LIKE ? ESCAPE '\\'")
            params.append(_like(word))
        if not include_deleted:
            where.append("deleted_at IS NULL")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._rows(
            f"SELECT {_REPORT_INFO} FROM reports {clause} ORDER BY period_to DESC, updated DESC, id DESC",
            params,
        )
        return [_report_info(r) for r in rows]

    def revisions(self, report_id: int) -> list[Revision]:
        """Return every saved revision of a report, oldest first."""
        rows = self._rows(
            "SELECT report_id, n, saved_at FROM revisions WHERE report_id = ? ORDER BY n", [report_id]
        )
        return [Revision(**r) for r in rows]

    def load_revision(self, report_id: int, n: int) -> Report:
        row = self._one(
            "SELECT data FROM revisions WHERE report_id = ? AND n = ?",
            [report_id, n],
            f"Báo cáo số {report_id} không có phiên bản {n}.",
        )
        return _parse(row["data"])

    def restore_revision(self, report_id: int, n: int) -> int:
        """Make revision ``n`` the current content again, as a new revision; return its number."""
        values = _report_columns(self.load_revision(report_id, n))
        with self._write():
            return self._save(report_id, values, None)

    def delete_report(self, report_id: int) -> None:
        """Move a report to the recycle bin."""
        with self._write() as db:
            self.report_info(report_id)
            db.execute(
                "UPDATE reports SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", [_now(), report_id]
            )

    def restore_report(self, report_id: int) -> None:
        """Take a report back out of the recycle bin."""
        with self._write() as db:
            self.report_info(report_id)
            db.execute("UPDATE reports SET deleted_at = NULL WHERE id = ?", [report_id])

    def purge_report(self, report_id: int) -> None:
        """Delete a report in the recycle bin for good, with its revisions and outputs."""
        with self._write() as db:
            if self.report_info(report_id).deleted_at is None:
                raise StorageError("Chỉ xóa hẳn được báo cáo đã nằm trong thùng rác.")
            db.execute("DELETE FROM reports WHERE id = ?", [report_id])

    def record_output(self, report_id: int, path: Path, data_bytes: bytes, report: Report) -> int:
        """Remember a document produced from ``report``: its path, hash and the exact data rendered."""
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in OUTPUT_FORMATS:
            raise StorageError(f"Định dạng «{fmt}» không ghi nhận được; chỉ {', '.join(OUTPUT_FORMATS)}.")
        data = _json(clean_value(dump_report(report)))
        digest = hashlib.sha256(data_bytes).hexdigest()
        with self._write() as db:
            revision = self._next_revision(report_id) - 1
            cursor = db.execute(
                "INSERT INTO outputs (report_id, revision, produced_at, path, sha256, data, format) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [report_id, revision, _now(), str(path), digest, data, fmt],
            )
        return _rowid(cursor)

    def outputs(self, report_id: int) -> list[Output]:
        rows = self._rows(
            "SELECT id, report_id, revision, produced_at, path, sha256, format FROM outputs "
            "WHERE report_id = ? ORDER BY id",
            [report_id],
        )
        return [Output(**r) for r in rows]

    def load_output(self, output_id: int) -> Report:
        """Return the report exactly as it was when the output was produced."""
        row = self._one(
            "SELECT data FROM outputs WHERE id = ?", [output_id], f"Không có văn bản số {output_id}."
        )
        return _parse(row["data"])

    # ------------------------------------------------------------ the previous period

    def find_previous(
        self, unit_id: int, kind: str, period: Period, same_period_last_year: bool = False
    ) -> list[Report]:
        """Return the report(s) a new report of ``period`` takes its previous figures from.

        The unit's own report of the same kind for the nearest earlier period of the same type
        (with ``same_period_last_year``: for exactly that period one year earlier). When the unit
        has none, the reports of its predecessors for their latest such period, all of them: the
        caller sums them. Finished reports win over drafts, then the latest saved.
        """
        found = self._previous(unit_id, kind, period, same_period_last_year, set())
        return [self.load_report(report_id) for report_id, _ in found]

    def _previous(
        self, unit_id: int, kind: str, period: Period, last_year: bool, seen: set[int]
    ) -> list[tuple[int, str]]:
        seen.add(unit_id)
        own = self._nearest(unit_id, kind, period, last_year)
        if own is not None:
            return [own]
        found: list[tuple[int, str]] = []
        for old in self.predecessors(unit_id):
            if old.id not in seen:
                found += self._previous(old.id, kind, period, last_year, seen)
        latest = max((period_to for _, period_to in found), default=None)
        return [f for f in found if f[1] == latest]

    def _nearest(self, unit_id: int, kind: str, period: Period, last_year: bool) -> tuple[int, str] | None:
        if last_year:
            start, end = period.same_period_last_year().cutoff()
            match, params = "period_from = ? AND period_to = ?", [start.isoformat(), end.isoformat()]
        else:
            match, params = "period_to < ?", [period.cutoff()[0].isoformat()]
        rows = self.db.conn.execute(
            "SELECT id, period_to FROM reports WHERE unit_id = ? AND kind = ? AND period_type = ? "
            f"AND {match} AND deleted_at IS NULL "
            "ORDER BY period_to DESC, status = 'hoan_thanh' DESC, updated DESC LIMIT 1",
            [unit_id, kind, period.type, *params],
        ).fetchall()
        return (int(rows[0][0]), str(rows[0][1])) if rows else None

    # ------------------------------------------------------------ backups

    def backup(self, dest_dir: Path | None = None) -> Path:
        """Back up the database now (default folder ``backups/`` beside it); return the file."""
        return backup_database(self.path, dest_dir)

    def auto_backup(self, now: datetime | None = None) -> Path | None:
        """Back up at start when the newest backup is a day old or missing; prune old ones."""
        return auto_backup_database(self.path, now)

    # ------------------------------------------------------------ moving data

    def export_report(self, report_id: int, path: Path) -> None:
        """Write one report as an answer file."""
        save_answer_file(self.load_report(report_id), Path(path))

    def import_report(self, path: Path, unit_id: int) -> int:
        """Store the answer file at ``path`` as a new report of ``unit_id``; return its id."""
        return self.create_report(unit_id, load_answer_file(Path(path)))

    def export_all(self, out_path: Path) -> None:
        """Write every unit, report, revision and output record to ``out_path``.

        A ``.zip`` holds ``soanbaocao.json``; any other name gets the JSON itself.
        """
        out_path = Path(out_path)
        conn = self.db.conn
        conn.execute("BEGIN")  # one consistent snapshot of all tables
        try:
            tables = {
                t: [_export_row(t, r) for r in self._rows(f"SELECT * FROM {t} ORDER BY rowid")]
                for t in _EXPORT_TABLES
            }
        finally:
            conn.execute("ROLLBACK")
        payload = {
            "format": EXPORT_FORMAT,
            "app": APP_NAME,
            "version": __version__,
            "schema": self.schema_version,
            "exported_at": _now(),
            "tables": tables,
        }
        text = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        if out_path.suffix.lower() == ".zip":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("soanbaocao.json", text)
            text = buffer.getvalue()
        write_atomic(out_path, text)

    def import_all(self, in_path: Path, merge: bool = False) -> ImportSummary:
        """Read a file written by :meth:`export_all` into this database, in one transaction.

        Into an empty database everything is copied with its ids. A database that already holds
        units or reports is refused unless ``merge``: then identical units, signers and lists
        are reused and reports already present are skipped, so nothing is duplicated.
        """
        tables = _read_export(Path(in_path), self.schema_version)
        if not merge and self._rows("SELECT 1 FROM units UNION ALL SELECT 1 FROM reports LIMIT 1"):
            raise StorageError(
                "Cơ sở dữ liệu này đã có dữ liệu. Để gộp dữ liệu nhập vào dữ liệu đang có, "
                "hãy chọn gộp (dòng lệnh: --merge)."
            )
        try:
            with self._write() as db:
                importer = _Importer(db, merge)
                importer.run(tables)
        except (KeyError, TypeError, AttributeError, sqlite3.IntegrityError) as exc:
            raise StorageError(
                f"Tệp «{Path(in_path).name}» có dữ liệu không nhất quán ({exc!r}); không nhập gì cả."
            ) from exc
        return ImportSummary(dict(importer.added), dict(importer.skipped))


def _damaged(path: Path, exc: sqlite3.Error) -> DatabaseDamagedError:
    return DatabaseDamagedError(path, str(exc), latest_good_backup(path))


# ---------------------------------------------------------------- export and import


def _export_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    row.pop("search_text", None)  # derived; rebuilt on import
    for column in _JSON_COLUMNS.get(table, ()):
        row[column] = json.loads(row[column])
    return row


def _read_export(path: Path, schema_version: int) -> Mapping[str, list[dict[str, Any]]]:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                raw = archive.read("soanbaocao.json")
        else:
            raw = path.read_bytes()
        payload = json.loads(raw.decode("utf-8-sig"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise StorageError(f"Không đọc được tệp dữ liệu «{path.name}»: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise StorageError(f"Tệp «{path.name}» không phải tệp xuất dữ liệu của Soạn Báo Cáo.")
    if not isinstance(payload.get("schema"), int) or payload["schema"] > schema_version:
        raise StorageError(
            f"Tệp «{path.name}» được xuất từ phiên bản mới hơn của Soạn Báo Cáo; hãy cập nhật ứng dụng."
        )
    tables = payload.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(tables.get(t, []), list) for t in _EXPORT_TABLES):
        raise StorageError(f"Tệp «{path.name}» thiếu hoặc sai phần dữ liệu.")
    return tables


class _Importer:
    """Insert exported rows, mapping old ids to new ones (kept as they are without ``merge``)."""

    def __init__(self, db: Database, merge: bool) -> None:
        self.db = db
        self.merge = merge
        self.ids: dict[str, dict[int, int]] = {"units": {}, "reports": {}}
        self.skipped_reports: set[int] = set()
        self.added: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.columns = {t: [c.name for c in db.table(t).columns] for t in _EXPORT_TABLES}

    def run(self, tables: Mapping[str, list[dict[str, Any]]]) -> None:
        for row in tables.get("units", []):
            self._unit(row)
        for table in ("unit_names", "signers", "recipient_lists"):
            for row in tables.get(table, []):
                self._child(table, row, {"unit_id": self.ids["units"][row["unit_id"]]})
        for row in tables.get("unit_successions", []):
            new, old = self.ids["units"][row["new_unit_id"]], self.ids["units"][row["old_unit_id"]]
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO unit_successions (new_unit_id, old_unit_id) VALUES (?, ?)", [new, old]
            )
            self._count("unit_successions", cursor.rowcount > 0)
        for row in tables.get("reports", []):
            self._report(row)
        for table in ("revisions", "outputs"):
            for row in tables.get(table, []):
                if row["report_id"] in self.skipped_reports:
                    self._count(table, False)
                else:
                    self._child(table, row, {"report_id": self.ids["reports"][row["report_id"]]})

    def _count(self, table: str, added: bool) -> None:
        (self.added if added else self.skipped)[table] += 1

    def _values(self, table: str, row: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
        values = {k: v for k, v in {**row, **changes}.items() if k in self.columns[table]}
        for column in _JSON_COLUMNS.get(table, ()):
            values[column] = _json(values[column])
        if table == "reports":
            values["search_text"] = _search_text(json.loads(values["data"]))
        if self.merge:
            values.pop("id", None)
        return values

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        cursor = self.db.execute(_insert_sql(table, values), values)
        self._count(table, True)
        return _rowid(cursor)

    def _existing(self, table: str, values: Mapping[str, Any], keys: Sequence[str]) -> int | None:
        if not self.merge:
            return None
        where = " AND ".join(f"{k} IS :{k}" for k in keys)
        row = self.db.conn.execute(
            f"SELECT id FROM {table} WHERE {where} LIMIT 1", {k: values[k] for k in keys}
        )
        found = row.fetchone()
        return int(found[0]) if found else None

    def _unit(self, row: Mapping[str, Any]) -> None:
        values = self._values("units", row, {})
        existing = self._existing("units", values, UNIT_FIELDS)
        if existing is not None:
            self._count("units", False)
        self.ids["units"][row["id"]] = existing if existing is not None else self._insert("units", values)

    def _child(self, table: str, row: Mapping[str, Any], changes: Mapping[str, Any]) -> None:
        values = self._values(table, row, changes)
        keys = [k for k in values if k not in ("id", "position")]
        if self._existing(table, values, keys) is not None:
            self._count(table, False)
        else:
            self._insert(table, values)

    def _report(self, row: Mapping[str, Any]) -> None:
        values = self._values("reports", row, {"unit_id": self.ids["units"][row["unit_id"]]})
        keys = ("unit_id", "kind", "period_type", "period_from", "period_to", "created")
        existing = self._existing("reports", values, keys)
        if existing is not None:
            self._count("reports", False)
            self.skipped_reports.add(row["id"])
        self.ids["reports"][row["id"]] = existing if existing is not None else self._insert("reports", values)
