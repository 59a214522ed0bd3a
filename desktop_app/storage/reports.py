"""Reports: creating, saving, listing and searching them, the recycle bin, the previous period.

Part of :mod:`desktop_app.storage`: the :class:`StoreReports` layer of Store. The answer file
(:func:`desktop_app.report.answers.dump_report`) is the canonical form of a report: ``reports.data``
holds it as JSON text; the other report columns are copies kept for listing and searching.
What each save keeps in the history is :mod:`desktop_app.storage.history`'s rule.

::

    report_id = store.create_report(unit_id, report)            # revision 1
    store.save_report(report_id, edited, autosave=True)          # revision 2, updated for 5 minutes
    store.save_report(report_id, edited, status="hoan_thanh")    # same data: status only, still 2
    store.list_reports(search="kiem soat")                       # finds "kiểm soát"
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from desktop_app.report import catalogue
from desktop_app.report.answers import Report
from desktop_app.report.periods import Period, PeriodError
from desktop_app.storage.connection import insert_sql, rowid, stamp
from desktop_app.storage.history import AUTOSAVE, LatestRevision, StoreHistory
from desktop_app.storage.records import STATUSES, ReportDamagedError, ReportInfo, StorageError
from desktop_app.storage.schema import new_uid
from desktop_app.storage.units import StoreUnits
from desktop_app.storage.values import report_columns
from desktop_app.text import fold

REPORT_INFO = (
    "id, unit_id, kind, kind_version, period_type, year, number, period_from, period_to, "
    "status, so, ngay, created, updated, deleted_at, uid, "
    "EXISTS (SELECT 1 FROM rollup_files f WHERE f.report_id = reports.id) AS rolled_up"
)


class StoreReports(StoreUnits, StoreHistory):
    """Store's methods for reports."""

    def create_report(self, unit_id: int, report: Report, status: str = "ban_nhap") -> int:
        """Store a new report for ``unit_id`` (its revision 1) and return its id."""
        now = self.now()
        with self._write():
            return self._insert_report(unit_id, report, status, now)

    def _insert_report(self, unit_id: int, report: Report, status: str, now: datetime) -> int:
        """Insert a new report row and its revision 1 (call inside a write); return its id."""
        _check_status(status)
        values = {
            **self._columns(report),
            "unit_id": unit_id,
            "status": status,
            "created": stamp(now),
            "updated": stamp(now),
            "uid": new_uid(),
        }
        self.get_unit(unit_id)
        report_id = rowid(self.conn.execute(insert_sql("reports", values), values))
        self._keep_revision(report_id, values["data"], "tao", None, now)
        return report_id

    def save_report(
        self, report_id: int, report: Report, status: str | None = None, *, autosave: bool = False
    ) -> int:
        """Save ``report`` as the current content of ``report_id``; return its revision number.

        ``autosave=True`` for the saves after each edit: they coalesce into one revision per
        five minutes. Any other save keeps a new revision, unless nothing changed.
        One transaction, one report row and one revision row written.
        """
        if status is not None:
            _check_status(status)
        values = self._columns(report)
        with self._write():
            latest = self._latest_revision(report_id)
            seen = self._seen.get(report_id)
            self.overwrote_other_copy = seen is not None and latest is not None and latest.text != seen
            n = self._save(report_id, values, status, AUTOSAVE if autosave else "luu", latest)
        if seen is not None:
            self._seen[report_id] = values["data"]
        return n

    def _save(
        self,
        report_id: int,
        values: dict[str, Any],
        status: str | None,
        kind: str,
        latest: LatestRevision | None,
    ) -> int:
        now = self.now()
        if latest is not None and latest.text == values["data"]:
            self._settle_identical(report_id, latest, kind)
            if status is not None:
                self.conn.execute(
                    "UPDATE reports SET status = ?, updated = ? WHERE id = ? AND status <> ?",
                    [status, stamp(now), report_id, status],
                )
            return latest.n
        sets = ", ".join(f"{k} = :{k}" for k in values)
        self.conn.execute(
            f"UPDATE reports SET {sets}, status = COALESCE(:status, status), updated = :now WHERE id = :id",
            {**values, "status": status, "now": stamp(now), "id": report_id},
        )
        self._damaged.pop(report_id, None)  # its content is sound again
        return self._keep_revision(report_id, values["data"], kind, latest, now)

    def restore_revision(self, report_id: int, n: int) -> int:
        """Make revision ``n`` the current content again, as a new revision; return its number."""
        values = self._columns(self.load_revision(report_id, n))
        with self._write():
            return self._save(report_id, values, None, "khoi_phuc", self._latest_revision(report_id))

    def load_report(self, report_id: int) -> Report:
        """Return the report; with the stored copy of its kind (``kind_copy`` set: read-only in
        the app) when its kind or version is no longer installed. ReportDamagedError when it
        cannot be read."""
        row = self._row_data(report_id)
        return self._parse(report_id, str(row["data"]), row["kind_hash"])

    def watch(self, report_id: int) -> Report:
        """Load ``report_id`` for editing: a later save says (``overwrote_other_copy``) whether
        another copy of the app saved it in between."""
        row = self._row_data(report_id)
        report = self._parse(report_id, str(row["data"]), row["kind_hash"])
        self._seen[report_id] = str(row["data"])
        return report

    def _known_damage(self, info: ReportInfo) -> ReportInfo:
        """``info``, marked damaged when its data was found unreadable in this session."""
        found = self._damaged.get(info.id)
        return replace(info, damaged=found) if found and not info.damaged else info

    def _row_data(self, report_id: int) -> Any:
        return self._one(
            "SELECT data, kind_hash FROM reports WHERE id = ?",
            [report_id],
            f"Không có báo cáo số {report_id}.",
        )

    def _columns(self, report: Report) -> dict[str, Any]:
        """The report's columns, with the copy of its kind kept (in the caller's write, if any)."""
        values = report_columns(report)
        kind = catalogue.kind_of(report)
        key = catalogue.copy_of(kind)[0]
        if not self.has_kept(key):
            if self.conn.in_transaction:  # inside the caller's write
                self.keep_kind(kind)
            else:
                with self._write():
                    self.keep_kind(kind)
        values["kind_hash"] = key
        return values

    def same_period(self, report_id: int) -> list[ReportInfo]:
        """The other reports (not in the bin) of the unit, kind and period of ``report_id``: a
        file imported twice, or a resend, makes two rows alike that are easily mixed up."""
        info = self.report_info(report_id)
        rows = self.list_reports(unit_ids=[info.unit_id], kind=info.kind)
        return [r for r in rows if r.id != info.id and r.period == info.period]

    def report_info(self, report_id: int) -> ReportInfo:
        row = self._one(
            f"SELECT {REPORT_INFO} FROM reports WHERE id = ?",
            [report_id],
            f"Không có báo cáo số {report_id}.",
        )
        return self._known_damage(_report_info(row))

    def set_status(self, report_id: int, status: str) -> None:
        """Mark a report as draft or finished without a new revision."""
        _check_status(status)
        with self._write() as db:
            self.report_info(report_id)
            db.execute(
                "UPDATE reports SET status = ?, updated = ? WHERE id = ?", [status, self._stamp(), report_id]
            )

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
            f"SELECT {REPORT_INFO} FROM reports {clause} ORDER BY period_to DESC, updated DESC, id DESC",
            params,
        )
        return [self._known_damage(_report_info(r)) for r in rows]

    def delete_report(self, report_id: int) -> None:
        """Move a report to the recycle bin."""
        with self._write() as db:
            self.report_info(report_id)
            db.execute(
                "UPDATE reports SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                [self._stamp(), report_id],
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
        reports = []
        for report_id, _ in found:
            with contextlib.suppress(ReportDamagedError):  # a damaged one cannot pre-fill: skipped
                reports.append(self.load_report(report_id))
        return reports

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
        rows = self.conn.execute(
            "SELECT id, period_to FROM reports WHERE unit_id = ? AND kind = ? AND period_type = ? "
            f"AND {match} AND deleted_at IS NULL "
            "ORDER BY period_to DESC, status = 'hoan_thanh' DESC, updated DESC LIMIT 1",
            [unit_id, kind, period.type, *params],
        ).fetchall()
        return (int(rows[0][0]), str(rows[0][1])) if rows else None


# ---------------------------------------------------------------- values


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise StorageError(f"Trạng thái «{status}» không có; dùng {', '.join(STATUSES)}.")


def _period_of(row: Mapping[str, Any]) -> Period:
    if row["period_type"] == "tuy_chon":
        start, end = date.fromisoformat(row["period_from"]), date.fromisoformat(row["period_to"])
        return Period("tuy_chon", row["year"], None, start, end)
    return Period(row["period_type"], row["year"], row["number"])


def _report_info(row: Mapping[str, Any]) -> ReportInfo:
    """A listed report; a row whose period cannot be read is listed as damaged, with why.

    A damaged time (``updated`` of "yesterday") is shown as it is and mended by the next save.
    """
    fields = {k: row[k] for k in ("id", "unit_id", "kind", "kind_version", "status", "so", "ngay", "uid")}
    times = {k: row[k] for k in ("created", "updated", "deleted_at")}
    try:
        period: Period | None = _period_of(row)
        damage = ""
    except (PeriodError, ValueError, TypeError) as exc:
        period, damage = None, f"kỳ báo cáo hỏng: {exc}"
    return ReportInfo(**fields, period=period, **times, damaged=damage, rolled_up=bool(row["rolled_up"]))


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
