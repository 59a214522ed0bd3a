"""Rows from elsewhere, checked: an export package before it is imported, a database before a restore.

Part of :mod:`desktop_app.storage`; no SQL. A row is a dict in the export package's form (JSON
columns decoded, revision data decoded). Each checker returns the values to store, exactly what
the app itself would have written (a report's data read as strictly as an answer file and
stored in its canonical form), or raises :class:`RowError` with a Vietnamese reason.

:func:`check_package` checks a whole package: what cannot fit together (a row that is not an
object, ids missing or repeated, a reference to a row the file does not hold) refuses it all;
a row that is merely damaged is left out with the rows that depend on it, and listed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from desktop_app.report import catalogue
from desktop_app.report.answers import MAX_TEXT_CHARS, Report, Signer, Unit, parse_report, shown
from desktop_app.report.kinds import Kind, KindError
from desktop_app.storage.connection import is_stamp
from desktop_app.storage.records import (
    OUTPUT_FORMATS,
    RECIPIENT_KINDS,
    REVISION_KINDS,
    SIGNER_FIELDS,
    STATUSES,
    TABLE_LABELS,
    UNIT_FIELDS,
    StorageError,
    report_data,
    to_json,
)
from desktop_app.storage.schema import legacy_uid
from desktop_app.storage.values import (
    as_produced,
    decode,
    identity_columns,
    list_values,
    report_columns,
    signer_values,
    unit_values,
)
from desktop_app.system.safe_read import ANSWER_FILE, UnsafeFileError, check_zip_bytes, size_text

EXPORT_FORMAT = "soanbaocao.export/1"
EXPORT_MEMBER = "soanbaocao.json"  # the one member of an export-all .zip
EXPORT_TABLES = (
    "kind_copies",
    "units",
    "unit_names",
    "unit_successions",
    "signers",
    "recipient_lists",
    "subordinate_units",
    "reports",
    "revisions",
    "outputs",
    "rollup_files",
)
# Byte columns, written in the export as base64 text.
_BYTE_COLUMNS = {"kind_copies": "template", "rollup_files": "data"}
# A kind copy's template, and a roll-up's unit file once inflated, are at most what an answer
# file may be (the shipped templates are under 100 KB).
MAX_STORED_BYTES = ANSWER_FILE.max_bytes
_JSON_COLUMNS = {
    "recipient_lists": ("lines",),
    "reports": ("data", "sources"),
    "revisions": ("data",),
    "outputs": ("data",),
}
_UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
_SHA256 = re.compile(r"[0-9a-f]{64}", re.ASCII)
_MAX_ID = 2**62
# Columns a report row repeats from its data: they must agree with it.
_IDENTITY = ("kind", "period_type", "period_from", "period_to")
_REPORT_DERIVED = ("kind", "period_type", "year", "number", "period_from", "period_to", "so", "ngay")


class RowError(ValueError):
    """One row cannot be used; the message says why, in Vietnamese."""


# ---------------------------------------------------------------- a database row in the export's form


def export_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """Return a database row in the export's form: JSON columns decoded, revision data decoded.

    A column that does not decode is kept as it is found (text, or None for bytes), so that a
    damaged row travels to be listed, never stops the export.
    """
    row.pop("search_text", None)  # derived; rebuilt on import
    if table in _BYTE_COLUMNS and isinstance(row[_BYTE_COLUMNS[table]], bytes):
        row[_BYTE_COLUMNS[table]] = base64.b64encode(row[_BYTE_COLUMNS[table]]).decode("ascii")
    if "encoding" in row:  # how this database stores revision data; the file holds it decoded
        encoding = row.pop("encoding")
        try:
            row["data"] = decode(encoding, row["data"])
        except (StorageError, ValueError, zlib.error) as exc:
            row["data"] = f"(không đọc được: {exc})"
            return row
    for column in _JSON_COLUMNS.get(table, ()):
        value = row[column]
        try:
            row[column] = json.loads(value)
        except (TypeError, ValueError, RecursionError):
            row[column] = value if isinstance(value, str) else None
    return row


# ---------------------------------------------------------------- values


def whole(row: Mapping[str, Any], column: str, minimum: int = 1) -> int:
    value = row.get(column)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= _MAX_ID:
        raise RowError(f"cột «{column}» cần số nguyên từ {minimum}, có {shown(value)}")
    return value


def text(row: Mapping[str, Any], column: str, limit: int = MAX_TEXT_CHARS) -> str:
    value = row.get(column, "")
    if not isinstance(value, str):
        raise RowError(f"cột «{column}» cần chữ, có {shown(value)}")
    if len(value) > limit:
        raise RowError(f"cột «{column}» dài quá {limit} ký tự")
    return value


def moment(row: Mapping[str, Any], column: str, optional: bool = False) -> str | None:
    """A stored time (ISO 8601 with its time zone); None only when ``optional``."""
    value = row.get(column)
    if value is None and optional:
        return None
    if not is_stamp(value):
        raise RowError(f"cột «{column}» cần thời điểm dạng 2024-06-05T09:15:00+00:00, có {shown(value)}")
    return str(value)


def _day_or_moment(row: Mapping[str, Any], column: str) -> str:
    value = text(row, column, 40)
    for reader in (date.fromisoformat, datetime.fromisoformat):
        try:
            reader(value)
            return value
        except ValueError:
            pass
    raise RowError(f"cột «{column}» cần ngày, có {shown(value)}")


def _checked(make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run a value checker of :mod:`values`, turning its StorageError into a RowError."""
    try:
        return make()
    except StorageError as exc:
        raise RowError(str(exc)) from exc


def _unit(row: Mapping[str, Any]) -> Unit:
    return Unit(**{k: text(row, k) for k in UNIT_FIELDS})


def report_of(data: Any, what: str = "nội dung") -> Report:
    """Return the report an exported data object holds, read like an answer file: with its
    installed kind, or, when this PC does not have that kind or version, with the copy of it
    kept with the report (checked and loaded before, by :func:`kind_copy_row`)."""
    try:
        return parse_report(data, None if _installed(data) else _kept_copy(data))
    except ValueError as exc:  # AnswerFileError, KindError
        problems = getattr(exc, "problems", [str(exc)])
        more = f" (và {len(problems) - 2} lỗi khác)" if len(problems) > 2 else ""
        first = "; ".join(p.rstrip(".") for p in problems[:2])
        raise RowError(f"{what} không đọc được: {first}{more}") from exc


def _installed(data: Any) -> bool:
    """Tell whether this PC has the kind and version an exported report names."""
    if not isinstance(data, dict):
        return True  # refused with its reason by parse_report
    found = catalogue.catalogue().families.get(str(data.get("kind")))
    version = data.get("kind_version")
    return found is not None and (not version or found.version(str(version)) is not None)


def _kept_copy(data: Mapping[str, Any]) -> Kind | None:
    return catalogue.find_stored(str(data.get("kind")), str(data.get("kind_version") or ""))


def canonical(report: Report) -> str:
    """The JSON text the app stores for ``report``."""
    return to_json(report_data(report))


# ---------------------------------------------------------------- one row of each table


def _bytes(row: Mapping[str, Any], column: str, limit: int = MAX_STORED_BYTES) -> bytes:
    """A byte column: base64 text in an export package, bytes in a database."""
    value = row.get(column)
    if isinstance(value, str):
        if len(value) > limit * 4 // 3 + 4:
            raise RowError(f"cột «{column}» lớn quá {size_text(limit)}")
        try:
            value = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise RowError(f"cột «{column}» không phải dữ liệu base64") from exc
    if not isinstance(value, bytes):
        raise RowError(f"cột «{column}» cần dữ liệu nhị phân, có {shown(value)}")
    if len(value) > limit:
        raise RowError(f"cột «{column}» lớn quá {size_text(limit)}")
    return value


def _sha256(row: Mapping[str, Any], column: str) -> str:
    value = text(row, column, 64)
    if not _SHA256.fullmatch(value):
        raise RowError(f"mã băm {shown(value)} không hợp lệ")
    return value


def kind_copy_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Check a kept copy of a kind: its hash is that of its content, and it loads as a kind."""
    key = _sha256(row, "hash")
    toml_text = text(row, "toml", MAX_STORED_BYTES)
    template = _bytes(row, "template")
    if catalogue.digest(toml_text, template) != key:
        raise RowError("nội dung không khớp mã băm của nó")
    try:
        check_zip_bytes(template, "mẫu văn bản")  # inflated when the report is rendered
    except UnsafeFileError as exc:
        raise RowError(str(exc).rstrip(".")) from exc
    try:
        kind = catalogue.register_stored(toml_text, template)
    except (KindError, RecursionError) as exc:
        raise RowError(f"loại văn bản không đọc được: {str(exc)[:200]}") from exc
    if (text(row, "kind", 64), text(row, "version", 64)) != (kind.id, kind.version):
        raise RowError("cột «kind» hoặc «version» không khớp nội dung")
    values = {"kind": kind.id, "version": kind.version, "toml": toml_text, "template": template}
    return {**values, "hash": key, "stored_at": moment(row, "stored_at")}


def subordinate_row(row: Mapping[str, Any]) -> dict[str, Any]:
    name = text(row, "name", 500).strip()
    if not name:
        raise RowError("tên đơn vị cấp dưới trống")
    ids = {"id": whole(row, "id"), "unit_id": whole(row, "unit_id")}
    return {**ids, "position": whole(row, "position", minimum=0), "name": name}


def inflated(data: bytes) -> bytes:
    """A kept unit file inflated within an answer file's limit (a row that would inflate further
    is not inflated at all); RowError says why not."""
    inflater = zlib.decompressobj()
    try:
        content = inflater.decompress(data, MAX_STORED_BYTES + 1)
    except zlib.error as exc:
        raise RowError("tệp lưu kèm bị hỏng (không giải nén được)") from exc
    if len(content) > MAX_STORED_BYTES or inflater.unconsumed_tail:
        raise RowError("tệp lưu kèm lớn quá giới hạn")
    return content


def rollup_file_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Check a unit file kept with a rolled-up report: it inflates within bounds to its hash."""
    data = _bytes(row, "data")
    sha = _sha256(row, "sha256")
    content = inflated(data)
    if hashlib.sha256(content).hexdigest() != sha:
        raise RowError("tệp lưu kèm không khớp mã băm của nó")
    saved = row.get("saved_at")
    if saved is not None:
        _day_or_moment(row, "saved_at")
    return {
        "id": whole(row, "id"),
        "report_id": whole(row, "report_id"),
        "sha256": sha,
        "name": text(row, "name", 500),
        "saved_at": saved,
        "added_at": moment(row, "added_at"),
        "data": data,
    }


def unit_row(row: Mapping[str, Any]) -> dict[str, Any]:
    values = _checked(lambda: unit_values(_unit(row)))
    active = row.get("active", 1)
    if active not in (0, 1) or isinstance(active, float):
        raise RowError(f"cột «active» cần 0 hoặc 1, có {shown(active)}")
    return {**values, "id": whole(row, "id"), "created": moment(row, "created"), "active": int(active)}


def unit_name_row(row: Mapping[str, Any]) -> dict[str, Any]:
    values = _checked(lambda: unit_values(_unit(row)))
    ids = {"id": whole(row, "id"), "unit_id": whole(row, "unit_id")}
    return {**values, **ids, "valid_until": _day_or_moment(row, "valid_until")}


def succession_row(row: Mapping[str, Any]) -> dict[str, Any]:
    new, old = whole(row, "new_unit_id"), whole(row, "old_unit_id")
    if new == old:
        raise RowError("một đơn vị không kế thừa chính nó")
    return {"new_unit_id": new, "old_unit_id": old}


def signer_row(row: Mapping[str, Any]) -> dict[str, Any]:
    values = _checked(lambda: signer_values(Signer(**{k: text(row, k) for k in SIGNER_FIELDS})))
    ids = {"id": whole(row, "id"), "unit_id": whole(row, "unit_id")}
    return {**values, **ids, "position": whole(row, "position", minimum=0)}


def recipient_list_row(row: Mapping[str, Any]) -> dict[str, Any]:
    lines = row.get("lines", [])
    if not isinstance(lines, list) or not all(isinstance(v, str) and len(v) <= MAX_TEXT_CHARS for v in lines):
        raise RowError("cột «lines» cần danh sách các dòng chữ")
    kind = text(row, "kind", 20)
    if kind not in RECIPIENT_KINDS:
        raise RowError(f"loại danh sách {shown(kind)} không có")
    values = _checked(lambda: list_values(kind, text(row, "name"), lines, text(row, "luu")))
    return {**values, "id": whole(row, "id"), "unit_id": whole(row, "unit_id")}


@dataclass(frozen=True)
class CheckedReport:
    """A report row ready to store, with the report its data holds."""

    values: dict[str, Any]
    report: Report


def report_row(row: Mapping[str, Any], full: bool = True) -> CheckedReport:
    """Check a report row: its data as strictly as an answer file, its columns against its data.

    ``full=False`` only checks (a restore looks at every row): the values then lack the stored
    forms of the data (``data``, ``sources``, ``search_text``), the costly part.
    """
    report = report_of(row.get("data"))
    try:
        derived = report_columns(report) if full else identity_columns(report)
    except KindError as exc:
        raise RowError(str(exc)) from exc
    for column in _REPORT_DERIVED:
        if row.get(column) != derived[column]:
            found, expected = shown(row.get(column)), shown(derived[column])
            raise RowError(f"cột «{column}» ({found}) không khớp nội dung báo cáo ({expected})")
    status = text(row, "status", 20)
    if status not in STATUSES:
        raise RowError(f"trạng thái {shown(status)} không có")
    created = moment(row, "created")
    uid = row.get("uid")
    if uid is None:  # a package from before reports had an identity: the migration's rule
        kind, period_type, start, end = (str(derived[k]) for k in _IDENTITY)
        uid = legacy_uid(kind, period_type, start, end, str(created))
    elif not isinstance(uid, str) or not _UID.fullmatch(uid):
        raise RowError(f"mã nhận diện {shown(uid)} không hợp lệ")
    # The version the data names, or (data saved before versions, whose column holds the one
    # version that app had) the one its period and answers fit: as the store reads it.
    version = report.kind_version
    key = row.get("kind_hash")
    values = {
        **derived,
        "id": whole(row, "id"),
        "unit_id": whole(row, "unit_id"),
        "kind_version": version,
        "kind_hash": None if key is None else _sha256(row, "kind_hash"),
        "status": status,
        "created": created,
        "updated": moment(row, "updated"),
        "deleted_at": moment(row, "deleted_at", optional=True),
        "uid": uid,
    }
    return CheckedReport(values, report)


def revision_row(row: Mapping[str, Any], full: bool = True) -> dict[str, Any]:
    """Check a revision row (data decoded, as exported); the values keep the data as text
    (``full=False``: only checked, the text not made)."""
    kind = row.get("kind", "luu")
    if not isinstance(kind, str) or kind not in REVISION_KINDS:
        raise RowError(f"lý do lưu {shown(kind)} không có")
    return {
        "id": whole(row, "id"),
        "report_id": whole(row, "report_id"),
        "n": whole(row, "n"),
        "saved_at": moment(row, "saved_at"),
        "started_at": moment(row, "started_at", optional=True),
        "kind": kind,
        "data": _stored(row.get("data"), full),
    }


def output_row(row: Mapping[str, Any], full: bool = True) -> dict[str, Any]:
    fmt = row.get("format")
    if fmt not in OUTPUT_FORMATS:
        raise RowError(f"định dạng {shown(fmt)} không có")
    sha = _sha256(row, "sha256")
    return {
        "id": whole(row, "id"),
        "report_id": whole(row, "report_id"),
        "revision": whole(row, "revision", minimum=0),
        "produced_at": moment(row, "produced_at"),
        "path": text(row, "path", 4096),
        "sha256": sha,
        "format": fmt,
        "data": _stored(as_produced(row.get("data")), full),
        "kind_hash": None if row.get("kind_hash") is None else _sha256(row, "kind_hash"),
    }


def _stored(data: Any, full: bool) -> str:
    report = report_of(data)
    return canonical(report) if full else ""


# What a restore runs on every row of a database: the same checks, without making stored forms.
ROW_CHECKERS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "kind_copies": kind_copy_row,
    "subordinate_units": subordinate_row,
    "rollup_files": rollup_file_row,
    "units": unit_row,
    "unit_names": unit_name_row,
    "unit_successions": succession_row,
    "signers": signer_row,
    "recipient_lists": recipient_list_row,
    "reports": lambda row: report_row(row, full=False),
    "revisions": lambda row: revision_row(row, full=False),
    "outputs": lambda row: output_row(row, full=False),
}


# ---------------------------------------------------------------- a whole package


@dataclass
class Package:
    """The checked rows of an export package, by table, only those that can be stored.

    ``reports`` are :class:`CheckedReport`; ``damaged`` lists, in Vietnamese, each row left out.
    """

    schema: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    reports: list[CheckedReport] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)


def check_package(payload: Any, schema_version: int, name: str) -> Package:
    """Check an export package's decoded JSON; StorageError when it cannot be imported at all."""
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise StorageError(f"Tệp «{name}» không phải tệp xuất dữ liệu của Soạn Báo Cáo.")
    schema = payload.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise StorageError(f"Tệp «{name}» không ghi phiên bản dữ liệu; không phải tệp xuất của Soạn Báo Cáo.")
    if schema > schema_version:
        raise StorageError(
            f"Tệp «{name}» được xuất từ phiên bản mới hơn của Soạn Báo Cáo; hãy cập nhật ứng dụng."
        )
    tables = payload.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(tables.get(t, []), list) for t in EXPORT_TABLES):
        raise StorageError(f"Tệp «{name}» thiếu hoặc sai phần dữ liệu.")
    raw = {t: tables.get(t, []) for t in EXPORT_TABLES}
    _check_structure(raw, name)
    return _Checker(schema).run(raw)


def _check_structure(raw: Mapping[str, list[Any]], name: str) -> None:
    """Refuse what cannot fit together: rows that are not objects, ids missing or repeated,
    references to rows the file does not hold."""
    ids: dict[str, set[Any]] = {}
    for table, rows in raw.items():
        if not all(isinstance(r, dict) for r in rows):
            raise _inconsistent(name, f"phần «{TABLE_LABELS[table]}» có dòng không đọc được")
        if table == "kind_copies":  # found by hash, checked with the row
            continue
        if table == "unit_successions":
            continue
        found = [r.get("id") for r in rows]
        if not all(_is_id(i) for i in found):
            raise _inconsistent(name, f"phần «{TABLE_LABELS[table]}» có dòng thiếu số thứ tự")
        ids[table] = set(found)
        if len(ids[table]) != len(found):
            raise _inconsistent(name, f"phần «{TABLE_LABELS[table]}» có hai dòng cùng số thứ tự")
    references = (
        ("unit_names", "unit_id", "units"),
        ("signers", "unit_id", "units"),
        ("recipient_lists", "unit_id", "units"),
        ("unit_successions", "new_unit_id", "units"),
        ("unit_successions", "old_unit_id", "units"),
        ("subordinate_units", "unit_id", "units"),
        ("reports", "unit_id", "units"),
        ("revisions", "report_id", "reports"),
        ("outputs", "report_id", "reports"),
        ("rollup_files", "report_id", "reports"),
    )
    for table, column, target in references:
        row = next(
            (r for r in raw[table] if not _is_id(r.get(column)) or r.get(column) not in ids[target]), None
        )
        if row is not None:
            raise _inconsistent(name, _dangling(table, row, target, row.get(column)))


def _dangling(table: str, row: Mapping[str, Any], target: str, missing: object) -> str:
    """«báo cáo số 3 thuộc đơn vị số 999, nhưng trong tệp không có đơn vị số 999»."""
    which = f"{TABLE_LABELS[table]} số {shown(row['id'])}" if "id" in row else f"một {TABLE_LABELS[table]}"
    other = f"{TABLE_LABELS[target]} số {shown(missing)}"
    return f"{which} thuộc {other}, nhưng trong tệp không có {other}"


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= _MAX_ID


def _inconsistent(name: str, detail: str) -> StorageError:
    return StorageError(f"Tệp «{name}» có dữ liệu không nhất quán ({detail}); không nhập gì cả.")


class _Checker:
    """Check every row of a structurally sound package, leaving out damaged rows and their dependants."""

    def __init__(self, schema: int) -> None:
        self.package = Package(schema)
        self.bad_units: set[int] = set()
        self.bad_reports: set[int] = set()
        self.copies: set[str] = set()

    def run(self, raw: Mapping[str, list[dict[str, Any]]]) -> Package:
        rows = self.package.rows
        rows["kind_copies"] = self._each(raw["kind_copies"], kind_copy_row, _plain("kind_copies"))
        self.copies = {r["hash"] for r in rows["kind_copies"]}
        rows["units"] = self._each(raw["units"], unit_row, self._unit_name, self.bad_units)
        for table, checker in (
            ("unit_names", unit_name_row),
            ("signers", signer_row),
            ("recipient_lists", recipient_list_row),
            ("subordinate_units", subordinate_row),
        ):
            rows[table] = self._each(self._of_good_units(raw[table], ("unit_id",)), checker, _plain(table))
        rows["unit_successions"] = self._each(
            self._of_good_units(raw["unit_successions"], ("new_unit_id", "old_unit_id")),
            succession_row,
            _plain("unit_successions"),
        )
        self._reports(raw["reports"])
        for table, checker in (
            ("revisions", revision_row),
            ("outputs", self._output),
            ("rollup_files", rollup_file_row),
        ):
            kept = [r for r in raw[table] if r["report_id"] not in self.bad_reports]
            rows[table] = self._each(kept, checker, self._child_name(table))
        self._unique_revisions()
        return self.package

    def _each(
        self,
        raw: Iterable[dict[str, Any]],
        checker: Callable[[Mapping[str, Any]], dict[str, Any]],
        describe: Callable[[Mapping[str, Any]], str],
        bad: set[int] | None = None,
    ) -> list[dict[str, Any]]:
        good = []
        for row in raw:
            try:
                good.append(checker(row))
            except RowError as exc:
                self.package.damaged.append(f"{describe(row)}: {exc}.")
                if bad is not None:
                    bad.add(row["id"])
        return good

    def _of_good_units(self, raw: list[dict[str, Any]], columns: tuple[str, ...]) -> list[dict[str, Any]]:
        return [r for r in raw if not any(r.get(c) in self.bad_units for c in columns)]

    def _reports(self, raw: list[dict[str, Any]]) -> None:
        uids: set[str] = set()
        for row in raw:
            try:
                if row["unit_id"] in self.bad_units:
                    raise RowError("thuộc một đơn vị hỏng (ở trên)")
                checked = report_row(row)
                self._has_copy(checked.values["kind_hash"])
                if checked.values["uid"] in uids:
                    raise RowError("trùng mã nhận diện với một báo cáo khác trong tệp")
            except RowError as exc:
                self.bad_reports.add(row["id"])
                self.package.damaged.append(f"{_report_name(row)}: {exc}.")
                continue
            uids.add(checked.values["uid"])
            self.package.reports.append(checked)

    def _has_copy(self, key: str | None) -> None:
        if key is not None and key not in self.copies:
            raise RowError("bản lưu loại văn bản của nó không có trong tệp, hoặc bị hỏng")

    def _output(self, row: Mapping[str, Any]) -> dict[str, Any]:
        values = output_row(row)
        self._has_copy(values["kind_hash"])
        return values

    def _unique_revisions(self) -> None:
        seen: set[tuple[int, int]] = set()
        kept = []
        for row in self.package.rows["revisions"]:
            key = (row["report_id"], row["n"])
            if key in seen:
                self.package.damaged.append(f"{self._child_name('revisions')(row)}: lần lưu này có hai bản.")
                continue
            seen.add(key)
            kept.append(row)
        self.package.rows["revisions"] = kept

    @staticmethod
    def _unit_name(row: Mapping[str, Any]) -> str:
        name = row.get("co_quan")
        return f"đơn vị số {row.get('id')}" + (f" ({name[:60]})" if isinstance(name, str) else "")

    @staticmethod
    def _child_name(table: str) -> Callable[[Mapping[str, Any]], str]:
        what = {"revisions": "lần lưu", "outputs": "văn bản đã tạo", "rollup_files": "tệp tổng hợp"}[table]
        column = "n" if table == "revisions" else "id"
        return lambda row: f"báo cáo số {row.get('report_id')}, {what} {shown(row.get(column))}"


def _plain(table: str) -> Callable[[Mapping[str, Any]], str]:
    words = {
        "unit_names": "tên cũ của đơn vị",
        "signers": "người ký",
        "recipient_lists": "danh sách nơi nhận",
        "unit_successions": "quan hệ kế thừa",
        "subordinate_units": "đơn vị cấp dưới",
        "kind_copies": "bản lưu loại văn bản",
    }[table]
    column = "kind" if table == "kind_copies" else "id"
    return lambda row: f"{words} {'' if column == 'kind' else 'số '}{row.get(column, '')}".rstrip()


def _report_name(row: Mapping[str, Any]) -> str:
    """Name a report row for a message by what can be read of it."""
    kind, year = row.get("kind"), row.get("year")
    known = f"{kind[:40]} năm {year}" if isinstance(kind, str) and isinstance(year, int) else ""
    return f"báo cáo số {row.get('id')}" + (f" ({known})" if known else "")
