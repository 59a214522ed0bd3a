"""Moving data: one report as an answer file, or everything to and from an export file.

Part of :mod:`desktop_app.storage`: the :class:`StoreTransfer` layer of Store. The export file
(``soanbaocao.export/1``) holds every row of :data:`EXPORT_TABLES` with JSON columns as JSON and
revision data decoded, so it never depends on how this database stores them. :meth:`import_all`
refuses a database that already holds units or reports unless ``merge=True``; a merge reuses
identical units, signers and lists and skips reports already present (same unit, kind, period
and creation time), so importing twice adds nothing.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app import APP_NAME, __version__
from desktop_app.report.answers import Unit, load_answer_file, save_answer_file
from desktop_app.storage.connection import insert_sql, rowid
from desktop_app.storage.history import decode, encode
from desktop_app.storage.records import UNIT_FIELDS, ImportSummary, StorageError, to_json
from desktop_app.storage.reports import StoreReports, search_text
from desktop_app.system.files import write_atomic

if TYPE_CHECKING:
    from sqlite_utils import Database

EXPORT_FORMAT = "soanbaocao.export/1"
EXPORT_TABLES = (
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


class StoreTransfer(StoreReports):
    """Store's methods for export and import."""

    def export_report(self, report_id: int, path: Path) -> None:
        """Write one report as an answer file."""
        save_answer_file(self.load_report(report_id), Path(path))

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

        A ``.zip`` holds ``soanbaocao.json``; any other name gets the JSON itself.
        """
        out_path = Path(out_path)
        conn = self.conn
        conn.execute("BEGIN")  # one consistent snapshot of all tables
        try:
            tables = {
                t: [_export_row(t, r) for r in self._rows(f"SELECT * FROM {t} ORDER BY rowid")]
                for t in EXPORT_TABLES
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
            with self._write():
                importer = _Importer(self.db, merge)
                importer.run(tables)
        except (KeyError, TypeError, AttributeError, sqlite3.IntegrityError) as exc:
            raise StorageError(
                f"Tệp «{Path(in_path).name}» có dữ liệu không nhất quán ({exc!r}); không nhập gì cả."
            ) from exc
        return ImportSummary(dict(importer.added), dict(importer.skipped))


def _export_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    row.pop("search_text", None)  # derived; rebuilt on import
    if "encoding" in row:  # how this database stores revision data; the file holds it decoded
        row["data"] = decode(row.pop("encoding"), row["data"])
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
    if not isinstance(tables, dict) or not all(isinstance(tables.get(t, []), list) for t in EXPORT_TABLES):
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
        self.columns = {t: [c.name for c in db.table(t).columns] for t in EXPORT_TABLES}

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
            values[column] = to_json(values[column])
        if table == "reports":
            values["search_text"] = search_text(json.loads(values["data"]))
        if table == "revisions":
            values["encoding"], values["data"] = encode(values["data"])
        if self.merge:
            values.pop("id", None)
        return values

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        cursor = self.db.execute(insert_sql(table, values), values)
        self._count(table, True)
        return rowid(cursor)

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
