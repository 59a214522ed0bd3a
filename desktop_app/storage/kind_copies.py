"""Copies of the report kinds reports were written with, kept by hash in the database.

Part of :mod:`desktop_app.storage`: the :class:`StoreKindCopies` layer of Store. Each save keeps
(once) the flat kind file and template the report was written with, and the report row and
each produced document point at it by hash (``kind_hash``). So a report whose own kind was
removed, or replaced by a version without the one it was written with, still opens (read-only)
and renders from its copy; and a document that went out reproduces byte for byte after its kind
changed (:meth:`StoreHistory.load_output` always uses the copy it was made with).
"""

from __future__ import annotations

from typing import Any

from desktop_app.report import catalogue
from desktop_app.report.answers import Report, parse_report
from desktop_app.report.kinds import Kind, KindError
from desktop_app.storage.base import StoreBase
from desktop_app.storage.records import StorageError
from desktop_app.storage.values import as_produced
from desktop_app.system.safe_read import loads_json


class StoreKindCopies(StoreBase):
    """Store's methods for the stored copies of kinds."""

    def has_kept(self, key: str) -> bool:
        """Tell whether this Store has kept the copy ``key`` already (no query)."""
        return key in self.__dict__.setdefault("_kept_hashes", set())

    def keep_kind(self, kind: Kind) -> str:
        """Keep a copy of ``kind`` (once; call inside a write) and return its hash."""
        key, text, template = catalogue.copy_of(kind)
        known: set[str] = self.__dict__.setdefault("_kept_hashes", set())
        if key not in known:
            self.conn.execute(
                "INSERT OR IGNORE INTO kind_copies (hash, kind, version, toml, template, stored_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [key, kind.id, kind.version, text, template, self._stamp()],
            )
            known.add(key)
        return key

    def stored_kind(self, key: str) -> Kind:
        """Return the kind kept under ``key`` (registered for rendering)."""
        row = self._one(
            "SELECT toml, template FROM kind_copies WHERE hash = ?",
            [key],
            "Cơ sở dữ liệu không còn bản lưu của loại văn bản này.",
        )
        try:
            return catalogue.register_stored(str(row["toml"]), bytes(row["template"]))
        except KindError as exc:
            raise StorageError(str(exc)) from exc

    def parse_stored(self, text: str, key: str | None, always_copy: bool = False) -> Report:
        """Return the report ``text`` holds, with the installed kind of its version when there is
        one, else (or with ``always_copy``) with the copy of its kind kept under ``key``.

        Data saved by an app from before versions names no version (the row's ``kind_version``
        column holds the one that app had, whatever the period): the report gets the version its
        period and answers fit, as its answer file does (a quý III/2025 draft reads without the
        huyện level and with Nghị định 118). A document produced then (``always_copy``) keeps
        the kind's first version: it is reproduced as it went out (:func:`as_produced`)."""
        data: Any = loads_json(text, "(dữ liệu đã lưu)")
        if always_copy:
            data = as_produced(data)
        kind = None
        if key and (always_copy or not _installed(data)):
            kind = self.stored_kind(key)
        return parse_report(data, kind)


def _installed(data: Any) -> bool:
    if not isinstance(data, dict):
        return True
    found = catalogue.catalogue().families.get(str(data.get("kind")))
    return found is not None and found.version(str(data.get("kind_version") or "")) is not None
