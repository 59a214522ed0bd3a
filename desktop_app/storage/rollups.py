"""Roll-ups: a parent's list of its units, and the unit files a rolled-up report was made from.

Part of :mod:`desktop_app.storage`: the :class:`StoreRollups` layer of Store. A report made by a
roll-up keeps, beside its revisions, every answer file it counted (``rollup_files``: the file's
name, its SHA-256, its own saved time and its bytes, zlib-compressed), so that a file arriving
later can be added and the roll-up made again from the same files. Each such recompute is a
revision of its own (kind ``tong_hop``). A unit's list of subordinate units is one name a row,
in the order the official gave it.

::

    store.set_subordinate_units(unit_id, ["Sở Tư pháp", "Sở Xây dựng"])
    report_id = store.create_rollup(unit_id, report, files)       # revision 1, files kept
    store.save_rollup(report_id, recomputed, [late_file])         # revision 2, "Tổng hợp lại"
    store.rollup_files(report_id)                                 # every file, oldest first
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from desktop_app.report.answers import Report, dumps_report
from desktop_app.report.lineage import unit_key
from desktop_app.report.periods import Period
from desktop_app.report.rollup_record import MAX_LISTED_UNITS, MAX_NAME_LENGTH
from desktop_app.storage.connection import stamp
from desktop_app.storage.records import ReportInfo, StorageError
from desktop_app.storage.rows import RowError, inflated
from desktop_app.storage.transfer import StoreTransfer
from desktop_app.text import clean

ROLLUP_REVISION = "tong_hop"
MAX_SUBORDINATES = MAX_LISTED_UNITS
OWN_FILE_PREFIX = "Trên máy này: "  # the name of a unit's own report of this PC read as a file


@dataclass(frozen=True)
class RollupFile:
    """An answer file a rolled-up report counted: its name, hash, own saved time and bytes.

    ``problem`` (Vietnamese) when the kept copy cannot be read back (a damaged row): its
    ``data`` is then empty, and the roll-up lists the file as refused, with the reason.
    """

    name: str
    sha256: str
    data: bytes
    saved: datetime | None = None
    problem: str = ""

    @property
    def made_here(self) -> bool:
        """Whether it is one of the unit's own reports on this PC (:meth:`StoreRollups.own_periods`),
        not a file a unit sent."""
        return self.name.startswith(OWN_FILE_PREFIX)


class StoreRollups(StoreTransfer):
    """Store's methods for roll-ups."""

    # ------------------------------------------------------------ the list of units
    def subordinate_units(self, unit_id: int) -> list[str]:
        """Return the names of the units that report to ``unit_id``, in the official's order."""
        return self._subordinate_names(unit_id)

    def set_subordinate_units(self, unit_id: int, names: Sequence[str]) -> None:
        """Replace the list of units reporting to ``unit_id`` (blank names and repeats dropped)."""
        kept: dict[str, str] = {}
        for name in names:
            line = " ".join(clean(name).split())
            if len(line) > MAX_NAME_LENGTH:  # as in a list read from a file (rollup --units)
                raise StorageError(f"Tên đơn vị «{line[:40]}…» dài quá {MAX_NAME_LENGTH} ký tự.")
            if line:
                kept.setdefault(unit_key(line), line)  # «Mỹ Hoà» and «MỸ HÒA» are one unit
        if len(kept) > MAX_SUBORDINATES:
            raise StorageError(f"Danh sách đơn vị trực thuộc có quá {MAX_SUBORDINATES} đơn vị.")
        with self._write() as db:
            self.get_unit(unit_id)
            db.execute("DELETE FROM subordinate_units WHERE unit_id = ?", [unit_id])
            for position, name in enumerate(kept.values()):
                db.execute(
                    "INSERT INTO subordinate_units (unit_id, position, name) VALUES (?, ?, ?)",
                    [unit_id, position, name],
                )

    # ------------------------------------------------------------ rolled-up reports
    def create_rollup(self, unit_id: int, report: Report, files: Sequence[RollupFile]) -> int:
        """Store a rolled-up report (revision 1) with the files it counted; return its id."""
        now = self.now()
        with self._write():
            report_id = self._insert_report(unit_id, report, "ban_nhap", now)
            self._add_files(report_id, files, now)
        return report_id

    def save_rollup(self, report_id: int, report: Report, files: Sequence[RollupFile]) -> int:
        """Save a recomputed roll-up as a revision of its own, keeping the new files; return its number."""
        values = self._columns(report)
        with self._write():
            latest = self._latest_revision(report_id)
            n = self._save(report_id, values, None, ROLLUP_REVISION, latest)
            self._add_files(report_id, files, self.now())
        if report_id in self._seen:
            self._seen[report_id] = values["data"]
        return n

    def rollup_files(self, report_id: int) -> list[RollupFile]:
        """Return the files kept with a rolled-up report, in the order they were added."""
        rows = self._rows(
            "SELECT name, sha256, saved_at, data FROM rollup_files WHERE report_id = ? ORDER BY id",
            [report_id],
        )
        return [_kept_file(r) for r in rows]

    def own_periods(self, unit_id: int, kind_id: str, period: Period) -> list[RollupFile]:
        """The unit's own reports of ``kind_id`` for the shorter periods inside ``period`` (its
        quarters, for its year), each as the answer file it would export: what a roll-up of
        periods reads, without the official exporting them first. Oldest period first."""
        found = []
        for info in self.own_period_infos(unit_id, kind_id, period):
            saved = _saved(info.updated)
            data = dumps_report(self.load_report(info.id), saved).encode("utf-8")
            name = f"{OWN_FILE_PREFIX}{info.label} (số {info.id})"
            found.append(RollupFile(name, hashlib.sha256(data).hexdigest(), data, saved))
        return found

    def own_period_infos(self, unit_id: int, kind_id: str, period: Period) -> list[ReportInfo]:
        """The rows of :meth:`own_periods`' reports, oldest period first: one report a period
        (a finished one before a draft, then the one saved last), and periods of one type, so
        that none overlaps another (a unit's quý I–III and its 6 and 9 months would): the type
        whose reports cover ``period`` whole, the shortest such; else the one with most reports."""
        start, end = period.cutoff()
        best: dict[Period, ReportInfo] = {}
        for info in self.list_reports([unit_id], kind=kind_id):
            inner = info.period
            if info.damaged or inner is None or inner == period or inner.type == "tuy_chon":
                continue
            first, last = inner.cutoff()
            kept = best.get(inner)
            if start <= first and last <= end and (kept is None or info.preference() > kept.preference()):
                best[inner] = info
        by_type: dict[str, list[Period]] = {}
        for inner in sorted(best, key=lambda p: p.cutoff()):
            by_type.setdefault(inner.type, []).append(inner)
        if not by_type:
            return []
        whole = [parts for parts in by_type.values() if _covers(period, parts)]
        return [best[p] for p in max(whole or by_type.values(), key=len)]

    def _add_files(self, report_id: int, files: Sequence[RollupFile], now: datetime) -> None:
        """Keep each file once (by its hash); a kept copy that was damaged is mended by the same
        file added again (it used to be ignored as a repeat, and the roll-up stayed blocked)."""
        for f in files:
            saved = f.saved.isoformat() if f.saved else None
            added = self.conn.execute(
                "INSERT OR IGNORE INTO rollup_files (report_id, sha256, name, saved_at, added_at, data) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [report_id, f.sha256, f.name, saved, stamp(now), zlib.compress(f.data)],
            ).rowcount
            if not added and self._mends(report_id, f):
                self.conn.execute(
                    "UPDATE rollup_files SET name = ?, saved_at = ?, data = ? "
                    "WHERE report_id = ? AND sha256 = ?",
                    [f.name, saved, zlib.compress(f.data), report_id, f.sha256],
                )

    def _mends(self, report_id: int, f: RollupFile) -> bool:
        """True when ``f`` is sound and its kept copy is damaged."""
        sound = bool(f.data) and hashlib.sha256(f.data).hexdigest() == f.sha256
        return sound and self._kept_damaged(report_id, f.sha256)

    def _kept_damaged(self, report_id: int, sha256: str) -> bool:
        rows = self._rows(
            "SELECT name, sha256, saved_at, data FROM rollup_files WHERE report_id = ? AND sha256 = ?",
            [report_id, sha256],
        )
        return bool(rows) and bool(_kept_file(rows[0]).problem)


def _kept_file(row: Mapping[str, Any]) -> RollupFile:
    """A kept file as stored; a damaged row (a disk error, an older version) says so, never raises.

    Inflated as when a package or a database was checked (:func:`~desktop_app.storage.rows.inflated`).
    """
    name, sha256 = str(row["name"]), str(row["sha256"])
    saved = _saved(row["saved_at"])
    data = row["data"]
    try:
        if not isinstance(data, bytes):
            raise RowError("không phải dữ liệu nhị phân")
        content = inflated(data)
    except RowError:
        return RollupFile(name, sha256, b"", saved, "Bản lưu kèm báo cáo tổng hợp bị hỏng, không đọc được.")
    return RollupFile(name, sha256, content, saved)


def _covers(whole: Period, parts: Sequence[Period]) -> bool:
    """True when ``parts`` (in order) follow one another from the start of ``whole`` to its end."""
    cursor, end = whole.cutoff()
    for part in parts:
        first, last = part.cutoff()
        if first != cursor:
            return False
        cursor = last + timedelta(days=1)
    return cursor == end + timedelta(days=1)


def _saved(stamp_text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp_text) if isinstance(stamp_text, str) and stamp_text else None
    except ValueError:
        return None
