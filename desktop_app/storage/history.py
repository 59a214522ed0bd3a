"""A report's history: its revisions (what it was at each kept save) and its outputs (documents made).

Part of :mod:`desktop_app.storage`: the :class:`StoreHistory` layer of Store. What a save keeps:

- Every explicit save (Ctrl+S, a change of status, restoring a revision, creating the report)
  appends a revision, except that a save identical to the latest revision adds nothing and
  returns that revision's number. When the latest is an autosave, an identical explicit save
  gives it the explicit kind instead, so no later autosave overwrites what the user saved.
- Autosaves (``save_report(..., autosave=True)``, after every accepted edit) coalesce: while the
  latest revision is itself an autosave whose window opened less than :data:`AUTOSAVE_WINDOW`
  ago, it is updated in place. The window opens at the revision's first autosave and is not
  pushed back by later ones, so an hour of editing keeps one revision per five minutes, not one
  per keystroke.
- A revision a document was produced from (:meth:`StoreHistory.record_output`) is never changed
  afterwards: an autosave there becomes ``tao_van_ban`` and the next autosave appends.

Revision data is the answer-file JSON compressed with zlib (``encoding = 'zlib'``), about a third
of its size; revisions written before schema 2 keep their JSON text (``encoding = 'json'``) and
read the same. ``reports.data``, the current content, stays plain JSON: any SQLite tool can read
it, and it is read once per opened report, never scanned (search uses ``reports.search_text``).
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.report.answers import Report
from desktop_app.report.catalogue import kind_of
from desktop_app.storage.connection import is_stamp, rowid, stamp
from desktop_app.storage.kind_copies import StoreKindCopies
from desktop_app.storage.records import (
    OUTPUT_FORMATS,
    Output,
    ReportDamagedError,
    Revision,
    StorageError,
    report_data,
    to_json,
)
from desktop_app.storage.values import decode, encode

AUTOSAVE_WINDOW = timedelta(minutes=5)
AUTOSAVE = "tu_dong"


@dataclass(frozen=True)
class LatestRevision:
    """The newest revision of a report, with its data as JSON text."""

    n: int
    kind: str
    started_at: str | None
    text: str

    def window_open(self, now: datetime) -> bool:
        """Tell whether an autosave at ``now`` may still update this revision in place."""
        if self.kind != AUTOSAVE or not is_stamp(self.started_at):
            return False
        age = now.astimezone(UTC) - datetime.fromisoformat(str(self.started_at))
        return timedelta(0) <= age < AUTOSAVE_WINDOW  # a clock set back never extends a window


class StoreHistory(StoreKindCopies):
    """Store's methods for revisions and outputs."""

    def revisions(self, report_id: int) -> list[Revision]:
        """Return every kept revision of a report, oldest first."""
        rows = self._rows(
            "SELECT report_id, n, saved_at, kind FROM revisions WHERE report_id = ? ORDER BY n", [report_id]
        )
        return [Revision(**r) for r in rows]

    def load_revision(self, report_id: int, n: int) -> Report:
        """Return revision ``n`` of ``report_id``; ReportDamagedError when it cannot be read."""
        row = self._one(
            "SELECT v.encoding, v.data, r.kind_hash FROM revisions v "
            "JOIN reports r ON r.id = v.report_id WHERE v.report_id = ? AND v.n = ?",
            [report_id, n],
            f"Báo cáo số {report_id} không có phiên bản {n}.",
        )
        what = f" (lần lưu {n})"
        try:
            text = decode(row["encoding"], row["data"])
        except (StorageError, zlib.error, UnicodeDecodeError) as exc:
            raise ReportDamagedError(report_id, str(exc), what) from exc
        return self._parse(report_id, text, row["kind_hash"], what=what)

    def _parse(
        self,
        report_id: int,
        text: str,
        key: str | None,
        what: str = "",
        always_copy: bool = False,
    ) -> Report:
        """Return the report ``text`` holds (with its kind's version, or the kept copy under ``key``);
        ReportDamagedError, remembered for lists when it is the report's current content, if it cannot."""
        try:
            report = self.parse_stored(text, key, always_copy)
        except ValueError as exc:  # AnswerFileError, UnsafeFileError, KindError
            lines = str(exc).splitlines()[:2]
            reason = "; ".join(line.rstrip(".") for line in lines) or type(exc).__name__
            if not what:
                self._damaged[report_id] = reason
            raise ReportDamagedError(report_id, reason, what) from exc
        if not what:
            self._damaged.pop(report_id, None)
        return report

    def record_output(self, report_id: int, path: Path, data_bytes: bytes, report: Report) -> int:
        """Remember a document produced from ``report``: its path, hash and the exact data rendered.

        The output points at the latest revision, which is kept as it is from now on.
        """
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in OUTPUT_FORMATS:
            raise StorageError(f"Định dạng «{fmt}» không ghi nhận được; chỉ {', '.join(OUTPUT_FORMATS)}.")
        data = to_json(report_data(report))
        digest = hashlib.sha256(data_bytes).hexdigest()
        with self._write() as db:
            kind_hash = self.keep_kind(kind_of(report))
            latest = self._latest_revision(report_id)
            revision = latest.n if latest else 0
            if latest is not None and latest.kind == AUTOSAVE:
                self._set_revision_kind(report_id, revision, "tao_van_ban")
            cursor = db.execute(
                "INSERT INTO outputs "
                "(report_id, revision, produced_at, path, sha256, data, format, kind_hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [report_id, revision, self._stamp(), str(path), digest, data, fmt, kind_hash],
            )
        return rowid(cursor)

    def outputs(self, report_id: int) -> list[Output]:
        rows = self._rows(
            "SELECT id, report_id, revision, produced_at, path, sha256, format FROM outputs "
            "WHERE report_id = ? ORDER BY id",
            [report_id],
        )
        return [Output(**r) for r in rows]

    def output(self, output_id: int) -> Output:
        """Return the record of one produced document (its path, hash, revision)."""
        row = self._one(
            "SELECT id, report_id, revision, produced_at, path, sha256, format FROM outputs WHERE id = ?",
            [output_id],
            f"Không có văn bản số {output_id}.",
        )
        return Output(**row)

    def load_output(self, output_id: int) -> Report:
        """Return the report exactly as it was when the output was produced, with the copy of
        the kind it was made with (so it renders the same even after the kind changed)."""
        row = self._one(
            "SELECT report_id, data, kind_hash FROM outputs WHERE id = ?",
            [output_id],
            f"Không có văn bản số {output_id}.",
        )
        what = f" (văn bản đã tạo số {output_id})"
        return self._parse(row["report_id"], str(row["data"]), row["kind_hash"], what, always_copy=True)

    # ------------------------------------------------------------ keeping revisions (in a write)

    def _latest_revision(self, report_id: int) -> LatestRevision | None:
        """Return the newest revision of ``report_id`` (None if it has none); NotFoundError without it."""
        row = self._one(
            "SELECT v.n, v.kind, v.started_at, v.encoding, v.data FROM reports r "
            "LEFT JOIN revisions v ON v.report_id = r.id WHERE r.id = ? ORDER BY v.n DESC LIMIT 1",
            [report_id],
            f"Không có báo cáo số {report_id}.",
        )
        if row["n"] is None:
            return None
        try:
            text = decode(row["encoding"], row["data"])
        except (StorageError, zlib.error, UnicodeDecodeError):
            text = ""  # a damaged latest revision: the save keeps a new one after it
        return LatestRevision(row["n"], row["kind"], row["started_at"], text)

    def _keep_revision(
        self, report_id: int, text: str, kind: str, latest: LatestRevision | None, now: datetime
    ) -> int:
        """Keep ``text``, which differs from ``latest``, as the newest revision; return its number.

        An autosave updates the latest revision while its window is open and this copy of the
        app wrote it (a second copy on the same file never overwrites the first's); anything
        else appends.
        """
        encoding, data = encode(text)
        ours = latest is not None and self._written.get(report_id) == (latest.n, latest.text)
        if kind == AUTOSAVE and latest is not None and ours and latest.window_open(now):
            self.conn.execute(
                "UPDATE revisions SET data = ?, encoding = ?, saved_at = ? WHERE report_id = ? AND n = ?",
                [data, encoding, stamp(now), report_id, latest.n],
            )
            n = latest.n
        else:
            n = latest.n + 1 if latest else 1
            self.conn.execute(
                "INSERT INTO revisions (report_id, n, saved_at, started_at, kind, encoding, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [report_id, n, stamp(now), stamp(now), kind, encoding, data],
            )
        self._written[report_id] = (n, text)
        return n

    def _settle_identical(self, report_id: int, latest: LatestRevision, kind: str) -> None:
        """After a save identical to ``latest``: an explicit one seals an autosave with its kind."""
        if kind != AUTOSAVE and latest.kind == AUTOSAVE:
            self._set_revision_kind(report_id, latest.n, kind)

    def _set_revision_kind(self, report_id: int, n: int, kind: str) -> None:
        self.conn.execute("UPDATE revisions SET kind = ? WHERE report_id = ? AND n = ?", [kind, report_id, n])
