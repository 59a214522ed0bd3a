"""Seeded mutations of JSON files for the fuzz tests: hostile values where real ones stood.

A mutation works on the decoded JSON, so it can put a value anywhere; values JSON cannot carry
(NaN, 1e999999999, 5,001 digits, 100,000 brackets) go in as placeholders and are written raw.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from typing import Any

# Written into the file exactly as they stand (they are not all valid JSON, on purpose).
RAW_TOKENS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999999999",
    "-1e999999999",
    "1e-999999999",
    "9" * 5001,
    "9" * 16,
    "-0",
    "1.5",
    "0.30000000000000004",
    "123456789012345.1234567",
    "[" * 100_000 + "]" * 100_000,
    "[" * 70 + "]" * 70,
    '"false"',
    '"true"',
    '"²"',
    '"٣"',
    '"' + "a" * 250_000 + '"',
    '"2*3*4 m2 *nghiêng* \\\\* [[chú thích]]"',
    '"\\u0000\\u0007\\u2028"',
    '"\\ud800"',
    '"2024-02-30"',
    '"9999-99"',
    '"yesterday"',
    '"zzz"',
    '"22.278"',
    '"1.000.000.000.000.000"',
    '"-3"',
    "true",
    "false",
    "null",
    "{}",
    "[]",
    '[["x"]]',
    '{"type": "zzz", "year": 2024}',
    '{"kind": "x"}',
    "0",
    "-1",
    "2147483648",
]
PLACEHOLDER = "@@raw{}@@"
Chooser = Callable[[list[tuple[Any, ...]]], tuple[Any, ...]]


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in ``value`` (dict keys and list indexes), outermost first."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


class Mutator:
    """Make one mutated file text from a decoded JSON value, from a seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.raw: dict[str, str] = {}

    def token(self) -> str:
        text = self.rng.choice(RAW_TOKENS)
        key = PLACEHOLDER.format(len(self.raw))
        self.raw[key] = text
        return key

    def text(self, data: Any) -> str:
        """Write ``data`` with its placeholders replaced by their raw text."""
        text = json.dumps(data, ensure_ascii=False)
        for key, raw in self.raw.items():
            text = text.replace(f'"{key}"', raw)
        self.raw.clear()
        return text

    def structural(self, data: Any, choose: Chooser) -> Any:
        data = copy.deepcopy(data)
        place = choose(paths(data))
        parent, last = parent_of(data, place), place[-1]
        action = self.rng.randrange(5)
        if action == 0 and isinstance(parent, dict):
            del parent[last]
        elif action == 1 and isinstance(parent, dict):
            parent[f"khong_co_{self.rng.randrange(99)}"] = self.token()
        elif action == 2:
            parent[last] = [parent[last]] if self.rng.random() < 0.5 else {"x": parent[last]}
        elif action == 3 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        else:
            parent[last] = self.token()
        return data

    def bytes_level(self, text: str) -> bytes:
        raw = bytearray(text.encode("utf-8"))
        action = self.rng.randrange(5)
        at = self.rng.randrange(max(1, len(raw)))
        if action == 0:
            return bytes(raw[:at])  # cut
        if action == 1:
            raw[at:at] = bytes([self.rng.randrange(256)])
        elif action == 2:
            raw[at : at + 1] = b"\xff\xfe"  # not UTF-8
        elif action == 3:
            return b"\xef\xbb\xbf" + bytes(raw)  # a byte-order mark, as Notepad writes
        else:
            end = min(len(raw), at + self.rng.randrange(1, 64))
            raw[at:at] = raw[at:end]  # a slice repeated
        return bytes(raw)

    def mutate(
        self, data: Any, choose: Callable[[list[tuple[Any, ...]]], tuple[Any, ...]] | None = None
    ) -> bytes:
        """One mutation of ``data``: mostly a value or key somewhere, sometimes the bytes."""
        pick = choose or self.rng.choice
        if self.rng.random() < 0.15:
            return self.bytes_level(json.dumps(data, ensure_ascii=False))
        changed = self.structural(data, pick)
        if self.rng.random() < 0.3:
            changed = self.structural(changed, pick)
        return self.text(changed).encode("utf-8")
