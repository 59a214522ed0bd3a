"""Where each key of a TOML text is: line numbers for lint findings.

``tomllib`` says where a syntax error is but gives no positions for the values it reads, so a
finding like "unknown key «lable»" could not name its line. :func:`key_lines` scans the text the
way a reader does (table headers, arrays of tables, ``key = value`` lines, the items of a
multi-line array of inline tables) and maps each key's path to its line::

    >>> lines = key_lines('[[sections]]\\nid = "a"\\n[[sections.fields]]\\nlable = "x"\\n')
    >>> lines[("sections", 0, "id")], lines[("sections", 0, "fields", 0, "lable")]
    (2, 4)

A path is made of keys and 0-based indexes; it matches the decoded data (``data["sections"][0]
["fields"][0]["lable"]``). It is a reader's approximation, good for the files a person writes.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*((?:[A-Za-z0-9_-]+|"[^"]*")(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"))*)\s*=\s*(.*)$')
_INLINE_KEY = re.compile(r"([A-Za-z0-9_-]+)\s*=")


def _parts(dotted: str) -> list[str]:
    return [p.strip().strip('"') for p in re.findall(r'"[^"]*"|[^.]+', dotted)]


def _depth(text: str) -> int:
    """Brackets opened minus closed on a line, outside strings."""
    depth, quote = 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
    return depth


class _Scanner:
    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}
        self.table: Path = ()
        self.arrays: dict[Path, int] = {}  # array-of-tables path -> index of its last table
        self.open_key: Path | None = None  # a multi-line array being read
        self.depth = 0
        self.items = 0
        self.in_string = False

    def resolve(self, names: list[str]) -> Path:
        """Turn dotted header names into a path, entering the last table of each array."""
        path: Path = ()
        for name in names:
            path = (*path, name)
            if path in self.arrays:
                path = (*path, self.arrays[path])
        return path

    def header(self, number: int, double: bool, dotted: str) -> None:
        names = _parts(dotted)
        parent = self.resolve(names[:-1])
        path = (*parent, names[-1])
        if double:
            self.arrays[path] = self.arrays.get(path, -1) + 1
            self.table = (*path, self.arrays[path])
            for key in [k for k in self.arrays if len(k) > len(path) and k[: len(path)] == path]:
                del self.arrays[key]  # a new table of an array: its sub-arrays start again
        else:
            self.table = path
        self.lines.setdefault(self.table, number)

    def line(self, number: int, text: str) -> None:
        if self.in_string:
            self.in_string = text.count('"""') % 2 == 0
            return
        if self.open_key is not None:
            self.continue_array(number, text)
            return
        match = _HEADER.match(text)
        if match and not _KEY.match(text):
            self.header(number, match.group(1) == "[[", match.group(2))
            return
        match = _KEY.match(text)
        if not match:
            return
        key = (*self.table, *_parts(match.group(1)))
        self.lines[key] = number
        value = match.group(2)
        if value.count('"""') % 2 == 1:
            self.in_string = True
        depth = _depth(value)
        if depth > 0:
            self.open_key, self.depth, self.items = key, depth, 0
            self.continue_array(number, value.split("[", 1)[1] if "[" in value else "", counted=True)
        elif value.lstrip().startswith("[{") or value.lstrip().startswith("[ {"):
            self.inline_items(key, number, value)

    def inline_items(self, key: Path, number: int, value: str) -> None:
        for i, chunk in enumerate(value.split("{")[1:]):
            self.lines[(*key, i)] = number
            for inner in _INLINE_KEY.findall(chunk.split("}")[0]):
                self.lines.setdefault((*key, i, inner), number)

    def continue_array(self, number: int, text: str, counted: bool = False) -> None:
        assert self.open_key is not None
        if "{" in text:
            for chunk in text.split("{")[1:]:
                item = (*self.open_key, self.items)
                self.lines[item] = number
                for inner in _INLINE_KEY.findall(chunk.split("}")[0]):
                    self.lines.setdefault((*item, inner), number)
                self.items += 1
        if not counted:
            self.depth += _depth(text)
        if self.depth <= 0:
            self.open_key = None


def key_lines(text: str) -> dict[Path, int]:
    """Return the 1-based line of every key (and inline-table item) of the TOML ``text``."""
    scanner = _Scanner()
    for number, line in enumerate(text.splitlines(), 1):
        scanner.line(number, line)
    return scanner.lines


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """Return the line of ``path`` or of the nearest enclosing key that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
