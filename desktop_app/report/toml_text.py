"""Write a kind (a decoded kind file) back as TOML text: for flat exports and stored copies.

``tomllib`` only reads. This writes the small part of TOML a kind file uses: strings, numbers,
booleans, dates, lists, tables, and arrays of tables (``[[sections]]``, ``[[sections.fields]]``,
``[[rules]]``); lists of tables deeper than that (``choices``, ``columns``) are inline. The same
data always gives the same text, and ``tomllib.loads(dumps(data)) == data``.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

# Lists of tables written as [[…]] blocks; deeper ones are inline.
_BLOCK_DEPTH = 2


def dumps(data: dict[str, Any]) -> str:
    """Return ``data`` as TOML text."""
    return "\n".join(_table(data, ())).strip() + "\n"


def _table(data: dict[str, Any], path: tuple[str, ...]) -> list[str]:
    lines = [f"{_key(k)} = {_value(v, path)}" for k, v in data.items() if not _nested(v, path)]
    for key, value in data.items():
        if isinstance(value, dict):
            lines += ["", f"[{_dotted((*path, key))}]", *_table(value, (*path, key))]
        elif _is_block_list(value, path):
            for item in value:
                lines += ["", f"[[{_dotted((*path, key))}]]", *_table(item, (*path, key))]
    return lines


def _nested(value: Any, path: tuple[str, ...]) -> bool:
    return isinstance(value, dict) or _is_block_list(value, path)


def _is_block_list(value: Any, path: tuple[str, ...]) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) for v in value)
        and len(path) < _BLOCK_DEPTH
    )


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(_key(p) for p in path)


def _key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key, ensure_ascii=False)


def _value(value: Any, path: tuple[str, ...]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"số {value} không ghi được thành TOML")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v, path) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v, path)}" for k, v in value.items()) + " }"
    raise ValueError(f"giá trị kiểu {type(value).__name__} không ghi được thành TOML")
