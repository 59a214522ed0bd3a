"""Units (with their former names and successions), their signers and their recipient lists.

Part of :mod:`desktop_app.storage`: the :class:`StoreUnits` layer of Store. A unit with reports
is never deleted, only made inactive; renaming keeps the old names (reports already written keep
the names they were written with, in their answer data).
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping, Sequence
from datetime import date
from typing import Any

from desktop_app.report.answers import Signer, Unit
from desktop_app.report.content import FormerUnit, KnownNames
from desktop_app.report.lineage import Edge, Lineage, Node, build_lineage, unit_keys
from desktop_app.storage.base import StoreBase
from desktop_app.storage.connection import columns, insert_sql, rowid
from desktop_app.storage.records import (
    UNIT_FIELDS,
    NotFoundError,
    RecipientList,
    SignerRecord,
    StorageError,
    UnitName,
    UnitRecord,
)
from desktop_app.storage.values import list_values, signer_values, unit_values


class StoreUnits(StoreBase):
    """Store's methods for units, signers and recipient lists."""

    def add_unit(self, unit: Unit) -> int:
        """Add a unit and return its id."""
        values = {**unit_values(unit), "created": self._stamp()}
        with self._write() as db:
            cursor = db.execute(insert_sql("units", values), values)
        return rowid(cursor)

    def get_unit(self, unit_id: int) -> UnitRecord:
        row = self._one(
            f"SELECT {columns(UnitRecord)} FROM units WHERE id = ?",
            [unit_id],
            f"Không có đơn vị số {unit_id}.",
        )
        return _unit_record(row)

    def units(self, include_inactive: bool = False) -> list[UnitRecord]:
        where = "" if include_inactive else "WHERE active = 1"
        rows = self._rows(f"SELECT {columns(UnitRecord)} FROM units {where} ORDER BY co_quan, id")
        return [_unit_record(r) for r in rows]

    def update_unit(self, unit_id: int, unit: Unit) -> None:
        """Correct a unit's details in place (a typo); use :meth:`rename_unit` for a real renaming."""
        values = unit_values(unit)
        with self._write() as db:
            self.get_unit(unit_id)
            sets = ", ".join(f"{k} = :{k}" for k in values)
            db.execute(f"UPDATE units SET {sets} WHERE id = :id", {**values, "id": unit_id})

    def rename_unit(self, unit_id: int, unit: Unit, when: str | None = None) -> None:
        """Give a unit new details, keeping the old ones in its name history until ``when``.

        Reports already written keep the names they were written with (their answer data).
        """
        values = unit_values(unit)
        with self._write() as db:
            old = self.get_unit(unit_id)
            history = {k: getattr(old, k) for k in UNIT_FIELDS}
            db.execute(
                f"INSERT INTO unit_names (unit_id, {', '.join(UNIT_FIELDS)}, valid_until) "
                f"VALUES (:unit_id, {', '.join(':' + k for k in UNIT_FIELDS)}, :valid_until)",
                {**history, "unit_id": unit_id, "valid_until": when or self._stamp()},
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
        rows = self.conn.execute(
            "WITH RECURSIVE anc(id) AS (SELECT old_unit_id FROM unit_successions WHERE new_unit_id = ? "
            "UNION SELECT s.old_unit_id FROM unit_successions s JOIN anc ON s.new_unit_id = anc.id) "
            "SELECT id FROM anc",
            [unit_id],
        )
        return {r[0] for r in rows}

    def predecessors(self, unit_id: int) -> list[UnitRecord]:
        """Return the units ``unit_id`` directly succeeds."""
        rows = self._rows(
            f"SELECT {columns(UnitRecord, 'u.')} FROM units u "
            "JOIN unit_successions s ON s.old_unit_id = u.id "
            "WHERE s.new_unit_id = ? ORDER BY u.id",
            [unit_id],
        )
        return [_unit_record(r) for r in rows]

    def successors(self, unit_id: int) -> list[UnitRecord]:
        rows = self._rows(
            f"SELECT {columns(UnitRecord, 'u.')} FROM units u "
            "JOIN unit_successions s ON s.new_unit_id = u.id "
            "WHERE s.old_unit_id = ? ORDER BY u.id",
            [unit_id],
        )
        return [_unit_record(r) for r in rows]

    def lineage(self) -> Lineage:
        """Every unit's former names and successions: a roll-up reads reports under old names
        as their unit of today's (:mod:`desktop_app.report.lineage`). The store keeps no day for
        a succession: it took effect when the two-level government began (01/7/2025)."""
        former: dict[int, set[str]] = {}
        for row in self._rows(f"SELECT unit_id, {', '.join(UNIT_FIELDS)}, valid_until FROM unit_names"):
            former.setdefault(row["unit_id"], set()).update(unit_keys(UnitName(**row).unit))
        nodes: dict[Hashable, Node] = {
            u.id: Node(u.unit.ten_goi, unit_keys(u.unit), frozenset(former.get(u.id, set())), u.unit)
            for u in self.units(include_inactive=True)
        }
        rows = self._rows(
            "SELECT new_unit_id, old_unit_id FROM unit_successions ORDER BY new_unit_id, old_unit_id"
        )
        return build_lineage(nodes, [Edge(r["new_unit_id"], r["old_unit_id"]) for r in rows])

    def known_names(self, unit_id: int) -> KnownNames:
        """What the content check compares the unit's reports with: the other units of its level,
        and its former names (its renamings, the units it succeeded and their renamings)."""
        own = self.get_unit(unit_id)
        ancestors = self._ancestors(unit_id)
        others = tuple(
            u.unit
            for u in self.units(include_inactive=True)
            if u.id != unit_id and u.id not in ancestors and u.cap == own.cap
        )
        former = [FormerUnit(n.unit, _day(n.valid_until)) for n in self.unit_names(unit_id)]
        for old_id in sorted(ancestors):
            former.append(FormerUnit(self.get_unit(old_id).unit))
            former += [FormerUnit(n.unit, _day(n.valid_until)) for n in self.unit_names(old_id)]
        return KnownNames(others, tuple(former), tuple(self._subordinate_names(unit_id)))

    def _subordinate_names(self, unit_id: int) -> list[str]:
        """The names of the units reporting to ``unit_id`` (the roll-up's list), in order."""
        rows = self._rows("SELECT name FROM subordinate_units WHERE unit_id = ? ORDER BY position", [unit_id])
        return [r["name"] for r in rows]

    def find_unit(self, unit: Unit) -> int | None:
        """Return the id of the unit an answer file's ``unit`` is (by its name now or a former one)."""
        wanted = (_key(unit.co_quan), unit.cap)
        for record in self.units(include_inactive=True):
            names = [record.unit, *(n.unit for n in self.unit_names(record.id))]
            if any((_key(u.co_quan), u.cap) == wanted for u in names):
                return record.id
        return None

    # ------------------------------------------------------------ signers and recipient lists

    def add_signer(self, unit_id: int, signer: Signer) -> int:
        """Add a signer at the end of the unit's list and return its id."""
        values = signer_values(signer)
        with self._write() as db:
            self.get_unit(unit_id)
            cursor = db.execute(
                f"INSERT INTO signers (unit_id, position, {', '.join(values)}) VALUES (:unit_id, "
                "(SELECT COALESCE(MAX(position), 0) + 1 FROM signers WHERE unit_id = :unit_id), "
                f"{', '.join(':' + k for k in values)})",
                {**values, "unit_id": unit_id},
            )
        return rowid(cursor)

    def update_signer(self, signer_id: int, signer: Signer) -> None:
        values = signer_values(signer)
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
            f"SELECT {columns(SignerRecord)} FROM signers WHERE unit_id = ? ORDER BY position, id", [unit_id]
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
        values = {**list_values(kind, name, lines, luu), "unit_id": unit_id}
        with self._write() as db:
            self.get_unit(unit_id)
            cursor = db.execute(insert_sql("recipient_lists", values), values)
        return rowid(cursor)

    def update_recipient_list(
        self, list_id: int, kind: str, lines: Sequence[str], luu: str = "", name: str = ""
    ) -> None:
        values = list_values(kind, name, lines, luu)
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
            f"SELECT {columns(RecipientList)} FROM recipient_lists "
            "WHERE unit_id = ? AND (? IS NULL OR kind = ?) "
            "ORDER BY kind, name, id",
            [unit_id, kind, kind],
        )
        return [RecipientList(**{**r, "lines": tuple(json.loads(r["lines"]))}) for r in rows]


# ---------------------------------------------------------------- values


def _day(stamp: str) -> date | None:
    """The day of a stored time stamp ("2025-06-30T17:00:00+00:00" → 30/6/2025)."""
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError:
        return None


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _unit_record(row: Mapping[str, Any]) -> UnitRecord:
    return UnitRecord(**{**row, "active": bool(row["active"])})
