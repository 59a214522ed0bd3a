"""A version of a kind written as an overlay: only what differs from the version before it.

A file ``<id>@<YYYY-MM-DD>.toml`` beside ``<id>.toml`` is a later version of that kind. Written
as an overlay (it has ``extends``) it says only what changes, so every correction made to the
kind before it reaches it too; :func:`apply_overlay` turns it into a flat kind (a plain dict, as
``tomllib`` reads a kind file)::

    extends = "bao_cao_kstthc"              # the kind: the overlay applies to its version before
    version = "nd118-2025.1"
    valid_from = 2025-07-01                 # the date in the file name
    legal_basis = "…"                       # any top-level key of a kind file: replaced
    remove = ["tthc_dia_phuong_cap_huyen"]  # sections, fields or rules, by id

    [change.mc_nghi_dinh_61]                # a section, field or rule, by id: these keys replaced
    heading = "Tình hình triển khai Nghị định số 118/2025/NĐ-CP"

    [[add_sections]]                        # a section as in a kind file, placed after another
    after = "kiem_tra"
    id = "muc_moi"
    …
    [[add_fields]]                          # a field, placed in a section (after a field)
    section = "cong_bo"
    after = "tthc_quan_ly"
    …
    [[add_rules]]                           # a rule as in a kind file

Removed ids are listed in the flat kind's ``retired``: a template shared with the version before
may still name them, and they print empty.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from desktop_app.report.kinds import KindError

OVERLAY_KEYS = ("extends", "remove", "change", "add_sections", "add_fields", "add_rules")
# What an overlay may not replace wholesale (it changes them piece by piece).
PIECEWISE = ("id", "sections", "rules", "retired")


def is_overlay(data: dict[str, Any]) -> bool:
    return "extends" in data


def apply_overlay(base: dict[str, Any], overlay: dict[str, Any], where: str) -> dict[str, Any]:
    """Return the flat kind made of ``base`` (a flat kind) changed by ``overlay``."""
    if overlay.get("extends") != base.get("id"):
        raise KindError(f"{where}: extends = «{overlay.get('extends')}» phải là mã loại «{base.get('id')}».")
    flat = copy.deepcopy(base)
    for key, value in overlay.items():
        if key in OVERLAY_KEYS:
            continue
        if key in PIECEWISE:
            raise KindError(f"{where}: tệp phiên bản không viết lại «{key}»; dùng remove, change, add_….")
        flat[key] = copy.deepcopy(value)
    retired = set(flat.get("retired", []))
    for item in _list(overlay, "remove", where):
        retired |= _remove(flat, str(item), where)
    for item_id, changes in _table(overlay, "change", where).items():
        _change(flat, item_id, changes, where)
    for section in _list(overlay, "add_sections", where):
        _add_section(flat, dict(section), where)
    for new_field in _list(overlay, "add_fields", where):
        _add_field(flat, dict(new_field), where)
    flat.setdefault("rules", []).extend(copy.deepcopy(_list(overlay, "add_rules", where)))
    present = set(_all_ids(flat))
    flat["retired"] = sorted(retired - present)
    if not flat["retired"]:
        del flat["retired"]
    return flat


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise KindError(f"{where}: «{key}» phải là một danh sách.")
    return value


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict) or any(not isinstance(v, dict) for v in value.values()):
        raise KindError(f"{where}: «{key}» phải gồm các bảng [{key}.<mã>].")
    return value


def _all_ids(flat: dict[str, Any]) -> Iterator[str]:
    for section in flat.get("sections", []):
        yield section.get("id", "")
        yield from (f.get("id", "") for f in section.get("fields", []))


def _matches(flat: dict[str, Any], item_id: str) -> list[tuple[str, list[Any], int]]:
    """Where ``item_id`` is: ("section"|"field"|"rule", the list holding it, its index)."""
    found: list[tuple[str, list[Any], int]] = []
    sections = flat.get("sections", [])
    for i, section in enumerate(sections):
        if section.get("id") == item_id:
            found.append(("section", sections, i))
        fields = section.get("fields", [])
        found += [("field", fields, j) for j, f in enumerate(fields) if f.get("id") == item_id]
    rules = flat.get("rules", [])
    found += [("rule", rules, i) for i, r in enumerate(rules) if r.get("id") == item_id]
    return found


def _one(flat: dict[str, Any], item_id: str, where: str) -> tuple[str, list[Any], int]:
    found = _matches(flat, item_id)
    if not found:
        raise KindError(f"{where}: không có mục, trường hay quy tắc «{item_id}» trong phiên bản trước.")
    if len(found) > 1:
        raise KindError(
            f"{where}: «{item_id}» vừa là {found[0][0]} vừa là {found[1][0]}: không rõ sửa cái nào."
        )
    return found[0]


def _remove(flat: dict[str, Any], item_id: str, where: str) -> set[str]:
    what, holder, index = _one(flat, item_id, f"{where}, remove")
    item = holder.pop(index)
    if what == "rule":
        return set()
    return {item_id, *(f.get("id", "") for f in item.get("fields", []))}


def _change(flat: dict[str, Any], item_id: str, changes: dict[str, Any], where: str) -> None:
    place = f"{where}, change.{item_id}"
    _, holder, index = _one(flat, item_id, place)
    for key in ("id", "fields"):
        if key in changes:
            raise KindError(f"{place}: không đổi «{key}» ở đây; dùng remove và add_….")
    holder[index].update(copy.deepcopy(changes))


def _add_section(flat: dict[str, Any], section: dict[str, Any], where: str) -> None:
    sections = flat.setdefault("sections", [])
    after = section.pop("after", None)
    index = len(sections)
    if after is not None:
        what, _, i = _one(flat, str(after), f"{where}, add_sections")
        if what != "section":
            raise KindError(f"{where}, add_sections: after = «{after}» phải là mã một mục.")
        index = i + 1
    sections.insert(index, copy.deepcopy(section))


def _add_field(flat: dict[str, Any], new_field: dict[str, Any], where: str) -> None:
    place = f"{where}, add_fields ({new_field.get('id')})"
    section_id = new_field.pop("section", None)
    after = new_field.pop("after", None)
    section = next((s for s in flat.get("sections", []) if s.get("id") == section_id), None)
    if section is None:
        raise KindError(f"{place}: section = «{section_id}» không phải mã một mục.")
    fields = section.setdefault("fields", [])
    index = len(fields)
    if after is not None:
        index = next((j + 1 for j, f in enumerate(fields) if f.get("id") == after), -1)
        if index < 0:
            raise KindError(f"{place}: mục «{section_id}» không có trường «{after}».")
    fields.insert(index, copy.deepcopy(new_field))
