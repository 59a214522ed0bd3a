"""Lint a kind file: every problem at once, each with its line and key, in Vietnamese.

The loader (:mod:`desktop_app.report.kinds`) stops at the first mistake; an IT officer
writing a kind wants them all, with where they are. :func:`lint_kind_text` reports:

- TOML syntax errors (with line and column);
- keys no kind file knows (a misspelt ``lable``) and values of the wrong type;
- duplicate ids (sections and fields share one name space; rules have their own);
- expressions that do not parse, and names in expressions, totals, rules and prefill that
  are no field of the kind.

The template's lint is :mod:`desktop_app.document.template_lint`; both are run on a package by
:mod:`desktop_app.document.kind_package`.

>>> [f.text() for f in lint_kind_text("x.toml", 'id = "x"\\nlable = "y"\\n').findings][:1]
['x.toml, dòng 2, khóa «lable»: khóa không có trong tệp loại văn bản (có lẽ viết sai?)...']
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.report.expressions import ExpressionError, compile_expression, template_names
from desktop_app.report.kinds import (
    CONTEXT_NAMES,
    FIELD_TYPES,
    NUMBERING_STYLES,
    PERIOD_TYPES,
    PLAIN_PREFILLS,
    RESERVED_NAMES,
    SEVERITIES,
    UNIT_LEVELS,
)
from desktop_app.report.toml_places import Path, key_lines, line_of

ERROR, WARNING = "error", "warning"
SEVERITY_WORDS = {ERROR: "LỖI", WARNING: "LƯU Ý"}

_STR, _BOOL, _INT, _NUM, _LIST, _ANY, _DATE, _TABLE = (
    "chữ",
    "true/false",
    "số nguyên",
    "số",
    "danh sách",
    "",
    "ngày",
    "bảng",
)
# Every key a kind file may hold, at each level, with its type. Issues adding keys add them here.
KIND_KEYS = {
    "id": _STR,
    "version": _STR,
    "title": _STR,
    "ten_loai": _STR,
    "ma_loai": _STR,
    "ma_ngan": _STR,
    "legal_basis": _STR,
    "periods": _LIST,
    "numbering": _LIST,
    "trich_yeu": _STR,
    "plans_ahead": _BOOL,
    "issue_after_cutoff": _BOOL,
    "issue_deadline_days": _INT,
    "superseded": _LIST,
    "when_empty": _STR,
    "khong_phat_sinh": _STR,
    "so_khong": _STR,
    "valid_from": _DATE,
    "notice": _STR,
    "unit_levels": _LIST,
    "retired": _LIST,
    "sections": _LIST,
    "rules": _LIST,
}
OVERLAY_KEYS = {
    "extends": _STR,
    "remove": _LIST,
    "change": _TABLE,
    "add_sections": _LIST,
    "add_fields": _LIST,
    "add_rules": _LIST,
}
SECTION_KEYS = {
    "id": _STR,
    "heading": _STR,
    "level": _INT,
    "numbered": _BOOL,
    "title": _STR,
    "help": _STR,
    "show_if": _STR,
    "next_period": _BOOL,
    "mo_so_lieu": _BOOL,
    "when_empty": _STR,
    "fields": _LIST,
}
FIELD_KEYS = {
    "id": _STR,
    "label": _STR,
    "help": _STR,
    "placeholder": _STR,
    "type": _STR,
    "required": _BOOL,
    "prefill": _STR,
    "default": _ANY,
    "show_if": _STR,
    "parts": _LIST,
    "compute": _STR,
    "percent": _BOOL,
    "decimals": _INT,
    "min": _NUM,
    "max": _NUM,
    "warn_above": _NUM,
    "text_words": _LIST,
    "unit_levels": _LIST,
    "aggregate": _ANY,
    "unit_column": _STR,
    "number_column": _STR,
    "group_column": _STR,
    "includes_carried": _STR,
    "choices": _LIST,
    "columns": _LIST,
}
COLUMN_KEYS = {"id": _STR, "label": _STR, "type": _STR, "width": _NUM, "choices": _LIST, "deadline": _BOOL}
CHOICE_KEYS = {"value": _ANY, "label": _STR}
RULE_KEYS = {
    "id": _STR,
    "check": _STR,
    "message": _STR,
    "severity": _STR,
    "when": _STR,
    "fields": _LIST,
}
PLACEMENT_KEYS = {"after": _STR, "section": _STR}
REQUIRED_KIND = ("id", "version", "title", "ten_loai", "ma_loai", "periods", "trich_yeu")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Finding:
    """One problem of a kind package: how serious, where, and what to do."""

    severity: str
    file: str
    place: str  # "dòng 12, khóa «sections[3].fields[2].lable»", "đoạn 14, thẻ «{{ x }}»"
    message: str
    line: int | None = None
    code: str = ""

    def text(self) -> str:
        where = f"{self.file}, {self.place}" if self.place else self.file
        return f"{where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "file": self.file,
            "place": self.place,
            "line": self.line,
            "message": self.message,
            "code": self.code,
        }


@dataclass(frozen=True)
class KindLint:
    """The findings of one kind file and, when it parsed, its decoded data."""

    findings: tuple[Finding, ...]
    data: dict[str, Any] | None

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)


def lint_kind_text(name: str, text: str, base_ids: frozenset[str] = frozenset()) -> KindLint:
    """Lint the kind file ``name`` holding ``text``.

    ``base_ids``: for an overlay (a version file), the ids of the version before it, which its
    expressions may name.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_WHERE.search(str(exc))
        line = int(match.group(1)) if match else None
        place = f"dòng {match.group(1)}, cột {match.group(2)}" if match else ""
        message = f"TOML viết sai: {_TOML_WHERE.sub('', str(exc)).strip()}."
        return KindLint((Finding(ERROR, name, place, message, line, "toml"),), None)
    linter = _Linter(name, key_lines(text), data)
    linter.run(base_ids)
    return KindLint(tuple(linter.findings), data)


class _Linter:
    def __init__(self, name: str, lines: dict[Path, int], data: dict[str, Any]) -> None:
        self.name = name
        self.lines = lines
        self.data = data
        self.findings: list[Finding] = []
        self.overlay = "extends" in data

    # ------------------------------------------------------------ reporting

    def add(self, path: Path, message: str, code: str, severity: str = ERROR) -> None:
        line = line_of(self.lines, path)
        place = (
            f"dòng {line}, khóa «{_dotted(path, self.data)}»"
            if line
            else f"khóa «{_dotted(path, self.data)}»"
        )
        self.findings.append(Finding(severity, self.name, place, message, line, code))

    # ------------------------------------------------------------ the walk

    def run(self, base_ids: frozenset[str]) -> None:
        top = {**KIND_KEYS, **OVERLAY_KEYS} if self.overlay else KIND_KEYS
        self.keys(self.data, (), top)
        if not self.overlay:
            for key in REQUIRED_KIND:
                if key not in self.data:
                    self.add((), f"thiếu khóa bắt buộc «{key}».", "thieu_khoa")
        self.top_values()
        sections = _as_list(self.data.get("sections")) + _as_list(self.data.get("add_sections"))
        for i, section in self.items("sections"):
            self.section(section, ("sections", i))
        for i, section in self.items("add_sections"):
            self.section(section, ("add_sections", i), PLACEMENT_KEYS)
        for i, new_field in self.items("add_fields"):
            self.field(new_field, ("add_fields", i), PLACEMENT_KEYS)
        for key in ("rules", "add_rules"):
            for i, rule in self.items(key):
                self.keys(rule, (key, i), RULE_KEYS)
        self.change_tables()
        ids = self.unique_ids(sections)
        self.names(ids | base_ids)

    def items(self, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
        for i, item in enumerate(_as_list(self.data.get(key))):
            if isinstance(item, dict):
                yield i, item
            else:
                self.add((key, i), f"mỗi phần tử của «{key}» phải là một bảng.", "sai_kieu")

    def keys(self, item: Mapping[str, Any], path: Path, known: Mapping[str, str]) -> None:
        for key, value in item.items():
            if key not in known:
                near = difflib.get_close_matches(key, known, n=1)
                hint = f" Có phải «{near[0]}»?" if near else f" Các khóa dùng được: {', '.join(known)}."
                self.add(
                    (*path, key), f"khóa không có trong tệp loại văn bản (có lẽ viết sai?).{hint}", "khoa_la"
                )
                continue
            expected = known[key]
            if expected and not _is(value, expected):
                self.add((*path, key), f"cần {expected}, có {_shown(value)}.", "sai_kieu")

    def top_values(self) -> None:
        d = self.data
        for key, allowed in (
            ("periods", PERIOD_TYPES),
            ("numbering", NUMBERING_STYLES),
            ("unit_levels", UNIT_LEVELS),
        ):
            for i, value in enumerate(_as_list(d.get(key))):
                if value not in allowed:
                    self.add((key, i), f"«{value}» không dùng được; dùng {', '.join(allowed)}.", "gia_tri")
        if "id" in d and not (isinstance(d["id"], str) and _ID.match(d["id"])):
            self.add(("id",), "id phải là chữ thường không dấu, số và gạch dưới.", "ma")

    def section(self, section: dict[str, Any], path: Path, extra: Mapping[str, str] | None = None) -> None:
        self.keys(section, path, {**SECTION_KEYS, **(extra or {})})
        self.check_id(section, path)
        if "level" in section and section["level"] not in (1, 2, 3, 4):
            self.add((*path, "level"), "level phải là 1, 2, 3 hoặc 4.", "gia_tri")
        for j, f in enumerate(_as_list(section.get("fields"))):
            if isinstance(f, dict):
                self.field(f, (*path, "fields", j))

    def field(self, f: dict[str, Any], path: Path, extra: Mapping[str, str] | None = None) -> None:
        self.keys(f, path, {**FIELD_KEYS, **(extra or {})})
        self.check_id(f, path)
        if f.get("id") in RESERVED_NAMES:
            self.add((*path, "id"), f"id «{f['id']}» trùng tên dành riêng của ứng dụng.", "ma")
        ftype = f.get("type")
        if "type" not in f and "label" not in f:
            pass
        elif ftype not in FIELD_TYPES:
            self.add((*path, "type"), f"kiểu «{ftype}» không có; dùng {', '.join(FIELD_TYPES)}.", "kieu")
        if "label" not in f:
            self.add(path, "thiếu khóa «label».", "thieu_khoa")
        for k, c in enumerate(_as_list(f.get("columns"))):
            if isinstance(c, dict):
                self.keys(c, (*path, "columns", k), COLUMN_KEYS)
        for k, c in enumerate(_as_list(f.get("choices"))):
            if isinstance(c, dict):
                self.keys(c, (*path, "choices", k), CHOICE_KEYS)
        self.unique(
            (c.get("id") for c in _as_list(f.get("columns")) if isinstance(c, dict)), (*path, "columns")
        )

    def change_tables(self) -> None:
        change = self.data.get("change", {})
        if not isinstance(change, dict):
            return
        known = {**SECTION_KEYS, **FIELD_KEYS, **RULE_KEYS}
        for item_id, table in change.items():
            if isinstance(table, dict):
                self.keys(table, ("change", item_id), known)

    def check_id(self, item: Mapping[str, Any], path: Path) -> None:
        value = item.get("id")
        if not isinstance(value, str) or not _ID.match(value):
            self.add(
                (*path, "id") if "id" in item else path, f"id «{value}» phải là chữ thường không dấu.", "ma"
            )

    def unique(self, values: Iterator[Any], path: Path) -> None:
        seen: set[Any] = set()
        for value in values:
            if value in seen:
                self.add(path, f"id «{value}» dùng hai lần.", "trung_ma")
            seen.add(value)

    def unique_ids(self, sections: list[Any]) -> frozenset[str]:
        seen: dict[str, Path] = {}
        for path, item in self.outline():
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                self.add(
                    (*path, "id"),
                    f"id «{item_id}» dùng hai lần (lần đầu: {_dotted(seen[item_id], self.data)}).",
                    "trung_ma",
                )
            seen.setdefault(item_id, path)
        rules: dict[str, Path] = {}
        for key in ("rules", "add_rules"):
            for i, rule in self.items(key):
                rid = rule.get("id")
                if isinstance(rid, str) and rid in rules:
                    self.add((key, i, "id"), f"quy tắc «{rid}» có hai lần.", "trung_ma")
                rules.setdefault(str(rid), (key, i))
        return frozenset(seen)

    def outline(self) -> Iterator[tuple[Path, dict[str, Any]]]:
        for key in ("sections", "add_sections"):
            for i, section in self.items(key):
                yield (key, i), section
                for j, f in enumerate(_as_list(section.get("fields"))):
                    if isinstance(f, dict):
                        yield (key, i, "fields", j), f
        for i, f in self.items("add_fields"):
            yield ("add_fields", i), f

    # ------------------------------------------------------------ expressions and names

    def names(self, ids: frozenset[str]) -> None:
        known = ids | CONTEXT_NAMES
        for path, item in self.outline():
            for key in ("show_if", "compute"):
                self.expression(item, (*path, key), known)
            for k, part in enumerate(_as_list(item.get("parts"))):
                if part not in ids:
                    self.add((*path, "parts", k), f"«{part}» không phải trường của loại này.", "ten_la")
            prefill = item.get("prefill")
            if isinstance(prefill, str):
                self.prefill(prefill, (*path, "prefill"), ids)
        for key in ("rules", "add_rules"):
            for i, rule in self.items(key):
                self.rule(rule, (key, i), ids, known)
        for item_id, table in _as_table(self.data.get("change")).items():
            for key in ("show_if", "compute", "check", "when"):
                self.expression(table, ("change", item_id, key), known)

    def expression(self, item: Mapping[str, Any], path: Path, known: frozenset[str]) -> frozenset[str]:
        source = item.get(str(path[-1]))
        if not isinstance(source, str):
            return frozenset()
        try:
            expr = compile_expression(source)
        except ExpressionError as exc:
            self.add(path, str(exc), "bieu_thuc")
            return frozenset()
        unknown = sorted(expr.names - known)
        if unknown:
            self.add(path, f"biểu thức «{source}» dùng tên không có: {', '.join(unknown)}.", "ten_la")
        return expr.names

    def prefill(self, text: str, path: Path, ids: frozenset[str]) -> None:
        if text in PLAIN_PREFILLS:
            return
        source = text[5:].strip() if text.startswith("from:") else ""
        if not source:
            words = f"prefill «{text}» không hợp lệ (carry, carry_year, reset hoặc from: <id>)."
            self.add(path, words, "gia_tri")
        elif source not in ids:
            self.add(path, f"prefill lấy từ «{source}»: không có trường này.", "ten_la")

    def rule(self, rule: Mapping[str, Any], path: Path, ids: frozenset[str], known: frozenset[str]) -> None:
        self.check_id(rule, path)
        if "check" not in rule:
            self.add(path, "quy tắc thiếu «check».", "thieu_khoa")
        names = self.expression(rule, (*path, "check"), known)
        self.expression(rule, (*path, "when"), known)
        if rule.get("severity", ERROR) not in SEVERITIES:
            self.add((*path, "severity"), "severity phải là error hoặc warning.", "gia_tri")
        for k, name in enumerate(_as_list(rule.get("fields"))):
            if name not in ids:
                self.add((*path, "fields", k), f"quy tắc nói tới trường «{name}» không có.", "ten_la")
        message = rule.get("message")
        if isinstance(message, str):
            try:
                unknown = sorted(template_names(message) - known)
            except ExpressionError as exc:
                self.add((*path, "message"), str(exc), "bieu_thuc")
            else:
                if unknown:
                    self.add(
                        (*path, "message"), f"câu báo dùng tên không có: {', '.join(unknown)}.", "ten_la"
                    )
        del names


# ---------------------------------------------------------------- small helpers


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_table(value: Any) -> dict[str, Any]:
    return {k: v for k, v in value.items() if isinstance(v, dict)} if isinstance(value, dict) else {}


def _is(value: Any, expected: str) -> bool:
    checks: dict[str, Any] = {
        _STR: lambda v: isinstance(v, str),
        _BOOL: lambda v: isinstance(v, bool),
        _INT: lambda v: isinstance(v, int) and not isinstance(v, bool),
        _NUM: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        _LIST: lambda v: isinstance(v, list),
        _DATE: lambda v: isinstance(v, date) or (isinstance(v, str) and _iso(v)),
        _TABLE: lambda v: isinstance(v, dict),
    }
    return bool(checks[expected](value))


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"chữ «{value[:40]}»"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một bảng"
    return f"«{value}»"


def _dotted(path: Path, data: Mapping[str, Any]) -> str:
    """``sections[3].fields[2].lable``, with the item's id when it has one: ``sections[hs_moi]``."""
    out = ""
    node: Any = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            item_id = item.get("id") if isinstance(item, dict) else None
            out += f"[{item_id}]" if isinstance(item_id, str) else f"[{part + 1}]"
            node = item
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
    return out
