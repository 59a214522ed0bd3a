"""Moving data: one report as an answer file, or everything to and from an export file.

Part of :mod:`desktop_app.storage`: the :class:`StoreTransfer` layer of Store. The export file
(``soanbaocao.export/1``) holds every row of :data:`EXPORT_TABLES` with JSON columns as JSON and
revision data decoded, so it never depends on how this database stores them.

Importing (:meth:`StoreTransfer.import_all`) reads the file within the limits of
:mod:`desktop_app.system.safe_read`, checks every row as strictly as an answer file
(:mod:`desktop_app.storage.rows`) before anything is written, backs the database up, then writes
in one transaction. A damaged row is left out with what depends on it and listed in the summary;
a file whose rows cannot fit together is refused whole.

Into an empty database everything is copied with its ids. A database that already holds data is
refused unless ``merge``; a merge reuses identical units, signers and lists, and finds each
report by its identity (``reports.uid``, the same on every PC the report is copied to):

- a report the database does not have is added with its history;
- a report changed only on the other PC since they parted (or whose every change here the other
  PC already took in an earlier merge) takes the file's new revisions: its history continues,
  its content and status become the file's (its recycle-bin state stays this PC's);
- a report changed on both PCs keeps this PC's content; the other PC's revisions this one lacks
  are added to its history (kind ``may_khac``), then this PC's content again on top (kind
  ``gop``), and the summary says so: nothing is dropped silently;
- a report whose every revision in the file is already here adds nothing, so importing the same
  file twice, or merging back and forth, adds nothing more; only its status is taken when the
  other PC set it later (marking a report finished keeps no revision).

Revisions are told apart by content (the stored JSON text), so two PCs that exchanged both ways
agree again: after A took B's changes, B sees A's file holds everything B wrote and moves ahead.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app import APP_NAME, __version__
from desktop_app.report import catalogue
from desktop_app.report.answers import Report, Unit, load_answer_file, save_answer_file
from desktop_app.report.kinds import KindError
from desktop_app.storage.backups import backup_database
from desktop_app.storage.connection import insert_sql, rowid
from desktop_app.storage.records import UNIT_FIELDS, ImportSummary, StorageError, parse_text
from desktop_app.storage.reports import StoreReports
from desktop_app.storage.rows import (
    EXPORT_FORMAT,
    EXPORT_MEMBER,
    EXPORT_TABLES,
    CheckedReport,
    Package,
    check_package,
    export_row,
)
from desktop_app.storage.values import decode, encode
from desktop_app.system.files import write_atomic
from desktop_app.system.safe_read import PACKAGE, UnsafeFileError, read_json_package

__all__ = ["EXPORT_FORMAT", "EXPORT_TABLES", "StoreTransfer"]


class StoreTransfer(StoreReports):
    """Store's methods for export and import."""

    def export_report(self, report_id: int, path: Path) -> None:
        """Write one report as an answer file, saying when it was last saved here (of two files
        a unit sends for one period, a roll-up counts the one saved last)."""
        saved = datetime.fromisoformat(self.report_info(report_id).updated)
        save_answer_file(self.load_report(report_id), Path(path), saved)

    def import_report(self, path: Path, unit_id: int | None = None) -> int:
        """Store the answer file at ``path`` as a new report and return its id.

        Without ``unit_id`` it goes to the unit of the same tên cơ quan and ký hiệu (a higher
        level receiving a lower unit's file), added first when there is none.
        """
        report = load_answer_file(Path(path))
        return self.create_report(self.unit_of(report.unit) if unit_id is None else unit_id, report)

    def unit_of(self, unit: Unit) -> int:
        """Return the id of the active unit with ``unit``'s tên cơ quan and ký hiệu, adding it if none."""
        same = [
            u.id
            for u in self.units()
            if (u.co_quan.casefold(), u.ky_hieu.casefold())
            == (unit.co_quan.casefold(), unit.ky_hieu.casefold())
        ]
        return same[0] if same else self.add_unit(unit)

    def export_all(self, out_path: Path) -> None:
        """Write every unit, report, revision and output record to ``out_path``.

        A ``.zip`` holds ``soanbaocao.json``; any other name gets the JSON itself. A damaged
        row is written as it is found; the import on the other side lists it and leaves it out.
        """
        out_path = Path(out_path)
        conn = self.conn
        conn.execute("BEGIN")  # one consistent snapshot of all tables
        try:
            present = {r["name"] for r in self._rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
            tables = {
                t: [export_row(t, r) for r in self._rows(f"SELECT * FROM {t} ORDER BY rowid")]
                for t in EXPORT_TABLES
                if t in present  # a database opened with fewer migrations (tests of older versions)
            }
        finally:
            conn.execute("ROLLBACK")
        payload = {
            "format": EXPORT_FORMAT,
            "app": APP_NAME,
            "version": __version__,
            "schema": self.schema_version,
            "exported_at": self._stamp(),
            "tables": tables,
        }
        text = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        if out_path.suffix.lower() == ".zip":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(EXPORT_MEMBER, text)
            text = buffer.getvalue()
        write_atomic(out_path, text)

    def import_all(self, in_path: Path, merge: bool = False) -> ImportSummary:
        """Read a file written by :meth:`export_all` into this database (see the module's rules).

        Everything is read and checked first; then the database is backed up (when it holds
        data) and written in one transaction. StorageError, with nothing changed, when the file
        is refused.
        """
        in_path = Path(in_path)
        try:
            payload = read_json_package(in_path, EXPORT_MEMBER, PACKAGE)
        except UnsafeFileError as exc:
            raise StorageError(f"Không nhập được: {exc}") from exc
        package = check_package(payload, self.schema_version, in_path.name)
        has_data = bool(self._rows("SELECT 1 FROM units UNION ALL SELECT 1 FROM reports LIMIT 1"))
        if has_data and not merge:
            raise StorageError(
                "Cơ sở dữ liệu này đã có dữ liệu. Để gộp dữ liệu nhập vào dữ liệu đang có, "
                "hãy chọn gộp (dòng lệnh: --merge)."
            )
        if has_data:
            backup_database(self.path, tag="truoc-nhap")
        importer = _Importer(self, merge)
        with self._write():
            importer.run(package)
        return ImportSummary(
            dict(importer.added),
            dict(importer.skipped),
            tuple(package.damaged),
            tuple(importer.notices),
            dict(importer.updated),
        )


class _Importer:
    """Write a checked package: ids kept into an empty database, mapped and merged otherwise."""

    def __init__(self, store: StoreTransfer, merge: bool) -> None:
        self.store = store
        self.conn = store.conn
        self.merge = merge
        self.units: dict[int, int] = {}
        self.reports: dict[int, int] = {}  # package id -> id here
        self.added: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.notices: list[str] = []

    def run(self, package: Package) -> None:
        rows = package.rows
        for row in rows["kind_copies"]:
            self._ignoring_repeats("kind_copies", row)
        for row in rows["units"]:
            self._unit(row)
        for table in ("unit_names", "signers", "recipient_lists", "subordinate_units"):
            for row in rows[table]:
                self._child(table, {**row, "unit_id": self.units[row["unit_id"]]})
        for row in rows["unit_successions"]:
            new, old = self.units[row["new_unit_id"]], self.units[row["old_unit_id"]]
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO unit_successions (new_unit_id, old_unit_id) VALUES (?, ?)", [new, old]
            )
            self._count("unit_successions", cursor.rowcount > 0)
        revisions = _by_report(rows["revisions"])
        outputs = _by_report(rows["outputs"])
        for checked in package.reports:
            package_id = checked.values["id"]
            self._report(checked, sorted(revisions[package_id], key=lambda r: r["n"]), outputs[package_id])
        for row in rows["rollup_files"]:
            values = {k: v for k, v in row.items() if k != "id"}
            self._ignoring_repeats("rollup_files", {**values, "report_id": self.reports[row["report_id"]]})

    def _ignoring_repeats(self, table: str, values: Mapping[str, Any]) -> None:
        """Insert a row a unique key may already hold (a kind copy by hash, a unit file by report
        and hash): the one here is the same content."""
        sql = insert_sql(table, values).replace("INSERT", "INSERT OR IGNORE", 1)
        self._count(table, self.conn.execute(sql, values).rowcount > 0)

    # ------------------------------------------------------------ small rows

    def _count(self, table: str, added: bool, n: int = 1) -> None:
        (self.added if added else self.skipped)[table] += n

    def _insert(self, table: str, values: Mapping[str, Any]) -> int:
        values = {k: v for k, v in values.items() if k != "id" or not self.merge}
        cursor = self.conn.execute(insert_sql(table, values), values)
        self._count(table, True)
        return rowid(cursor)

    def _existing(self, table: str, values: Mapping[str, Any], keys: Sequence[str]) -> int | None:
        if not self.merge:
            return None
        where = " AND ".join(f"{k} IS :{k}" for k in keys)
        found = self.conn.execute(
            f"SELECT id FROM {table} WHERE {where} LIMIT 1", {k: values[k] for k in keys}
        ).fetchone()
        return int(found[0]) if found else None

    def _unit(self, row: Mapping[str, Any]) -> None:
        existing = self._existing("units", row, UNIT_FIELDS)
        if existing is not None:
            self._count("units", False)
        self.units[row["id"]] = existing if existing is not None else self._insert("units", row)

    def _child(self, table: str, row: Mapping[str, Any]) -> None:
        keys = [k for k in row if k not in ("id", "position")]
        if self._existing(table, row, keys) is not None:
            self._count(table, False)
        else:
            self._insert(table, row)

    # ------------------------------------------------------------ reports

    def _report(
        self, checked: CheckedReport, revisions: list[dict[str, Any]], outputs: list[dict[str, Any]]
    ) -> None:
        values = {**checked.values, "unit_id": self.units[checked.values["unit_id"]]}
        found = self.conn.execute("SELECT id FROM reports WHERE uid = ?", [values["uid"]]).fetchone()
        if found is None:
            report_id = self.reports[checked.values["id"]] = self._insert("reports", values)
            numbers = {r["n"]: r["n"] for r in revisions}
            self._revisions(report_id, revisions, numbers)
            self._outputs(report_id, outputs, numbers)
            return
        self.reports[checked.values["id"]] = int(found[0])
        self._merge_report(int(found[0]), checked, values, revisions, outputs)

    def _revisions(self, report_id: int, revisions: list[dict[str, Any]], numbers: Mapping[int, int]) -> None:
        for row in revisions:
            encoding, data = encode(row["data"])
            self._insert(
                "revisions",
                {**row, "report_id": report_id, "n": numbers[row["n"]], "encoding": encoding, "data": data},
            )

    def _outputs(self, report_id: int, outputs: list[dict[str, Any]], numbers: Mapping[int, int]) -> None:
        for row in outputs:
            revision = numbers.get(row["revision"], row["revision"])
            values = {**row, "report_id": report_id, "revision": revision}
            keys = ("report_id", "revision", "produced_at", "sha256", "path")
            if self._existing("outputs", values, keys) is not None:
                self._count("outputs", False)
            else:
                self._insert("outputs", values)

    def _merge_report(
        self,
        report_id: int,
        checked: CheckedReport,
        values: Mapping[str, Any],
        revisions: list[dict[str, Any]],
        outputs: list[dict[str, Any]],
    ) -> None:
        """Continue the history of a report both sides hold (the module's rules).

        Revisions are compared by content: after the history both sides share, the file's
        revisions whose content this database lacks are new. When the file has seen every
        content this side added since (it took ours on an earlier merge), ours is simply behind.
        """
        local = self._history(report_id)
        common = 0
        for (n, text), row in zip(local, revisions, strict=False):
            if n != row["n"] or not _same(text, row["data"]):
                break
            common += 1
        numbers = {r["n"]: r["n"] for r in revisions[:common]}
        where = {text: n for n, text in reversed(local)}
        new: list[dict[str, Any]] = []
        for row in revisions[common:]:
            if row["data"] in where:
                numbers[row["n"]] = where[row["data"]]
            elif not any(row["data"] == r["data"] for r in new):
                new.append(row)
        self._count("revisions", False, len(revisions) - len(new))
        if not new:  # nothing in the file this database does not hold, but maybe its status
            if not self._take_later_status(report_id, values):
                self._count("reports", False)
            self._outputs(report_id, [o for o in outputs if o["revision"] in numbers], numbers)
            return
        last = local[-1][0] if local else 0
        numbers.update({r["n"]: last + i for i, r in enumerate(new, 1)})
        for row in revisions[common:]:  # the file's repeats of a content it adds
            if row["n"] not in numbers:
                numbers[row["n"]] = next(numbers[r["n"]] for r in new if r["data"] == row["data"])
        theirs = {r["data"] for r in revisions}
        if all(text in theirs for _, text in local[common:]):  # behind: the file has all of ours
            self._revisions(report_id, new, numbers)
            self._take_content(report_id, values)
            self.updated["reports"] += 1
        else:
            self._keep_both(report_id, checked, new, numbers, local[-1][1])
        self._outputs(report_id, outputs, numbers)

    def _history(self, report_id: int) -> list[tuple[int, str]]:
        rows = self.conn.execute(
            "SELECT n, encoding, data FROM revisions WHERE report_id = ? ORDER BY n", [report_id]
        ).fetchall()
        history = []
        for n, encoding, data in rows:
            try:
                history.append((int(n), decode(encoding, data)))
            except (StorageError, ValueError, zlib.error):
                history.append((int(n), ""))  # damaged here: never the same as the file's
        return history

    def _take_later_status(self, report_id: int, values: Mapping[str, Any]) -> bool:
        """Take the file's status when it was set later than this PC's: marking a report
        «Đã hoàn thành» keeps no revision, and was lost in a merge of the same content."""
        status, updated = self.conn.execute(
            "SELECT status, updated FROM reports WHERE id = ?", [report_id]
        ).fetchone()
        if values["status"] == status or not _later(values["updated"], updated):
            return False
        self.conn.execute(
            "UPDATE reports SET status = ?, updated = ? WHERE id = ?",
            [values["status"], values["updated"], report_id],
        )
        self.updated["reports"] += 1
        return True

    def _take_content(self, report_id: int, values: Mapping[str, Any]) -> None:
        """Make the file's content, status and times the report's (its bin state stays this PC's)."""
        columns = [k for k in values if k not in ("id", "unit_id", "uid", "created", "deleted_at")]
        sets = ", ".join(f"{k} = :{k}" for k in columns)
        self.conn.execute(
            f"UPDATE reports SET {sets} WHERE id = :id", {**{k: values[k] for k in columns}, "id": report_id}
        )
        self.store._damaged.pop(report_id, None)

    def _keep_both(
        self,
        report_id: int,
        checked: CheckedReport,
        theirs: list[dict[str, Any]],
        numbers: dict[int, int],
        ours: str,
    ) -> None:
        """Both sides changed the report: add theirs to the history, then ours again on top."""
        self._revisions(report_id, [{**r, "kind": "may_khac"} for r in theirs], numbers)
        first, last = numbers[theirs[0]["n"]], numbers[theirs[-1]["n"]]
        mine = last + 1
        encoding, data = encode(ours)
        stamp = self.store._stamp()
        self._insert(
            "revisions",
            {
                "report_id": report_id,
                "n": mine,
                "saved_at": stamp,
                "started_at": stamp,
                "kind": "gop",
                "encoding": encoding,
                "data": data,
            },
        )
        which = f"lần lưu {first}" if first == last else f"các lần lưu {first}–{last}"
        self.notices.append(
            f"{_describe(checked.report)}: đã được sửa ở cả hai máy từ lần chép trước. Giữ bản của máy "
            f"này làm bản hiện tại (lần lưu {mine}); bản của máy kia là {which} "
            "(xem «Lịch sử các lần lưu» để so và lấy lại)."
        )


def _by_report(rows: list[dict[str, Any]]) -> defaultdict[int, list[dict[str, Any]]]:
    grouped: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["report_id"]].append(row)
    return grouped


def _later(theirs: str, ours: str) -> bool:
    """Tell whether the stored time ``theirs`` is after ``ours`` (an unreadable one never is)."""
    try:
        return datetime.fromisoformat(theirs) > datetime.fromisoformat(ours)
    except (TypeError, ValueError):
        return False


def _same(ours: str, theirs: str) -> bool:
    """Tell whether two stored texts hold the same report (equal texts, or equal once read)."""
    if ours == theirs:
        return True
    try:
        return parse_text(ours) == parse_text(theirs)
    except ValueError:
        return False


def _describe(report: Report) -> str:
    try:
        title = catalogue.family(report.kind).title
    except KindError:
        title = report.kind
    return f"«{title}» {report.period.short_label()} của {report.unit.ten_goi}"
