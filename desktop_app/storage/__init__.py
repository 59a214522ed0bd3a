"""The database: units, signers, recipient lists, reports with their history, outputs, backups.

Import everything from here; the modules of this package behind it are the only code that talks to
SQLite (nothing else in ``desktop_app`` or ``ui`` imports ``sqlite3`` or ``sqlite_utils``). One
database per user (:mod:`desktop_app.system.datadir`).

::

    store = Store.open(datadir.default_db_path())
    unit_id = store.add_unit(Unit("SỞ NGOẠI VỤ", "SNgV", "Kiên Giang", "so"))
    report_id = store.create_report(unit_id, report)            # revision 1
    store.save_report(report_id, edited, autosave=True)          # after an edit: revision 2
    store.save_report(report_id, more_edits, autosave=True)      # within 5 minutes: still 2
    store.save_report(report_id, more_edits)                     # Ctrl+S: kept as it is
    store.list_reports(search="kiem soat")                       # finds "kiểm soát"

Where things are, one idea a module, each layer of :class:`Store` a class:

- ``engine``              sqlite-utils, imported without numpy (about 100 ms of every start).
- ``records``             errors, the rows handed out (frozen dataclasses), value names.
- ``schema``              tables and migrations; refusing a database from a newer app.
- ``connection``          connections, ``BEGIN IMMEDIATE`` writes, the read-only health check.
- ``backups``             backups (online backup API) and restoring one.
- ``base``                ``StoreBase``: open, check, migrate, close; the lock-file entry.
- ``units``               ``StoreUnits``: units, names, successions, signers, recipient lists.
- ``history``             ``StoreHistory``: revisions (compressed, autosaves coalesced), outputs.
- ``reports``             ``StoreReports``: reports, listing and search, recycle bin, previous period.
- ``values``              checked unit, signer and list values; a report's derived columns.
- ``rows``                checking rows from elsewhere: an export package, a database to restore.
- ``transfer``            ``StoreTransfer``: answer files, export and import of everything.
- ``rollups``             ``StoreRollups``: a unit's list of subordinate units, the files of a roll-up.

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
- History. Every explicit save keeps a revision (a save identical to the latest keeps none);
  autosaves keep one per five minutes of editing; revision data is zlib-compressed JSON. The
  rules are in :mod:`desktop_app.storage.history`.
- Backups. SQLite's online backup API into ``backups/``; retention (20 newest plus one a month
  for a year) in :mod:`desktop_app.system.datadir`.
- Import. :meth:`Store.import_all` reads within :mod:`desktop_app.system.safe_read`'s limits,
  checks every row (:mod:`desktop_app.storage.rows`) before writing, backs up, writes in one
  transaction, leaves damaged rows out and lists them. It refuses a database that already holds
  units or reports unless ``merge=True``; a merge finds each report by its identity
  (``reports.uid``) and continues its history, keeping both sides when both changed (the rules
  are in :mod:`desktop_app.storage.transfer`), so importing twice adds nothing.
- Damage. A row that cannot be read never stops the app: :meth:`Store.list_reports` lists it
  with ``damaged`` set, and loading it raises :class:`ReportDamagedError`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from desktop_app.storage.backups import (
    AUTO_BACKUP_AGE,
    auto_backup_database,
    backup_database,
    latest_good_backup,
    report_times,
    restore_backup,
    stray_wal_text,
)
from desktop_app.storage.connection import BUSY_TIMEOUT
from desktop_app.storage.history import AUTOSAVE_WINDOW
from desktop_app.storage.records import (
    BUSY_MESSAGE,
    NEWER_MESSAGE,
    OUTPUT_FORMATS,
    RECIPIENT_KINDS,
    REVISION_KINDS,
    SIGNER_FIELDS,
    STATUS_LABELS,
    STATUSES,
    TABLE_LABELS,
    UNIT_FIELDS,
    DatabaseDamagedError,
    ImportSummary,
    NotFoundError,
    Output,
    RecipientList,
    ReportDamagedError,
    ReportInfo,
    Revision,
    SignerRecord,
    StorageError,
    UnitName,
    UnitRecord,
)
from desktop_app.storage.rollups import ROLLUP_REVISION, RollupFile, StoreRollups
from desktop_app.storage.schema import (
    MIGRATION_SET,
    MIGRATIONS,
    MigrationStep,
    m001_initial,
    m002_revision_kinds_and_compression,
    m004_rollups,
    m005_report_uid,
)
from desktop_app.storage.transfer import EXPORT_FORMAT, EXPORT_TABLES

__all__ = [
    "AUTOSAVE_WINDOW",
    "AUTO_BACKUP_AGE",
    "BUSY_MESSAGE",
    "BUSY_TIMEOUT",
    "EXPORT_FORMAT",
    "EXPORT_TABLES",
    "MIGRATIONS",
    "MIGRATION_SET",
    "NEWER_MESSAGE",
    "OUTPUT_FORMATS",
    "RECIPIENT_KINDS",
    "REVISION_KINDS",
    "ROLLUP_REVISION",
    "SIGNER_FIELDS",
    "STATUSES",
    "STATUS_LABELS",
    "TABLE_LABELS",
    "UNIT_FIELDS",
    "DatabaseDamagedError",
    "ImportSummary",
    "MigrationStep",
    "NotFoundError",
    "Output",
    "RecipientList",
    "ReportDamagedError",
    "ReportInfo",
    "Revision",
    "RollupFile",
    "SignerRecord",
    "StorageError",
    "Store",
    "UnitName",
    "UnitRecord",
    "auto_backup_database",
    "backup_database",
    "latest_good_backup",
    "m001_initial",
    "m002_revision_kinds_and_compression",
    "m004_rollups",
    "m005_report_uid",
    "report_times",
    "restore_backup",
    "stray_wal_text",
]


class Store(StoreRollups):
    """One open database. Use it from the thread that opened it; close it (or use ``with``).

    Its methods come in layers, one module each (see above); ``Store.open`` opens one.
    """

    def backup(self, dest_dir: Path | None = None) -> Path:
        """Back up the database now (default folder ``backups/`` beside it); return the file."""
        return backup_database(self.path, dest_dir)

    def auto_backup(self, now: datetime | None = None) -> Path | None:
        """Back up at start when the newest backup is a day old or missing; prune old ones."""
        return auto_backup_database(self.path, now)

    def saved_since(self, backup: Path) -> list[tuple[ReportInfo, bool]]:
        """The reports (not in the bin) that restoring ``backup`` takes away or sets back, each
        with True when the backup lacks it (made since), False when it was saved here since.

        Restoring replaces everything: an official who restored last week's backup to undo one
        mistake lost the reports of the days between without a word. [] when the backup cannot
        be read (the restore refuses it and says why).
        """
        then = report_times(backup)
        if not then:
            return []
        return [
            (info, info.uid not in then)
            for info in self.list_reports()
            if info.uid not in then or info.updated > then[str(info.uid)]
        ]
