"""The law a report's period is judged by, as data: replaced legal texts and reform dates.

The table is ``resources/law/thay_the.toml``; a kind file may add rows of its own under the same
``[[superseded]]`` key. Nothing here knows a law by name: adding a replaced text (or a new kind's
own) is one row of TOML, read with the same checks.

A row says that from a day on, one cited text stands replaced by another. The content check
(:mod:`desktop_app.report.content`) warns when a report whose period ends on or after that day
cites the old one; :attr:`LawTable.two_levels_from` is the day the district level ("huyện") of
local government ended. Other parts that must follow the law by date read the same table.

>>> law = load_law()
>>> law.two_levels_from
datetime.date(2025, 7, 1)
>>> [row.new.text for row in law.in_force(date(2025, 9, 14))]
['Nghị định số 118/2025/NĐ-CP', 'Nghị định số 118/2025/NĐ-CP']
>>> law.in_force(date(2025, 9, 14))[0].old.find("theo Nghị định 61/2018/NĐ-CP ngày 23/4/2018")
'Nghị định 61/2018/NĐ-CP'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from desktop_app.system import paths

ROW_KEYS = ("old", "new", "from", "note")
_CITATION = re.compile(r"(?P<type>\S.*?)\s+(?:số\s+)?(?P<number>\d+)/(?P<year>\d{4})/(?P<code>\S+)")


class LawError(ValueError):
    """The law table (or a kind's rows of it) is wrong; the message says where, in Vietnamese."""


@dataclass(frozen=True)
class Citation:
    """A legal text as it is cited: "Nghị định số 61/2018/NĐ-CP" (type, number, year, code)."""

    text: str
    type: str
    number: int
    year: int
    code: str

    @classmethod
    def parse(cls, text: str, where: str) -> Citation:
        """Read "<Loại> [số] <số>/<năm>/<ký hiệu>"; LawError in Vietnamese otherwise."""
        match = _CITATION.fullmatch(" ".join(str(text).split()))
        if match is None:
            raise LawError(f"{where}: «{text}» phải viết dạng «Nghị định số 61/2018/NĐ-CP».")
        return cls(match[0], match["type"], int(match["number"]), int(match["year"]), match["code"])

    def find(self, text: str) -> str | None:
        """Return how ``text`` cites this one ("NĐ 61/2018/NĐ-CP", "Nghị định 61/2018"), or None."""
        found = next(self.finditer(text), None)
        return found[0] if found else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every citation of this one in ``text``, as ``pattern.finditer`` finds them.

        Each holds the year in digits ("2018"): a text without them is not searched. The pattern
        may start at a word or at the number, so ``re`` tries it at every position of the text:
        about 900 instructions a character of report prose, against 70 with the year looked for
        first (valgrind, 3,000 paragraphs).
        """
        if str(self.year) not in text:
            return iter(())
        return self.pattern.finditer(text)

    @property
    def pattern(self) -> re.Pattern[str]:
        """Match the citation with its code, or with its type words when the code is left out."""
        return _citation_pattern(self.type, self.number, self.year, self.code)


@cache
def _citation_pattern(kind: str, number: int, year: int, code: str) -> re.Pattern[str]:
    core = rf"(?<![\d/.,])0*{number}\s*/\s*{year}"
    loose_code = r"\s*[-–]?\s*".join(_letters(part) for part in re.split(r"[-–]", code))
    type_words = r"\s+".join(_letters(word) for word in kind.split())
    with_code = rf"(?:{type_words}\s+(?:số\s+)?)?{core}\s*/\s*{loose_code}(?![\w])"
    with_type = rf"{type_words}\s+(?:số\s+)?{core}(?![\d/])"
    return re.compile(f"{with_code}|{with_type}", re.IGNORECASE)


def _letters(word: str) -> str:
    """A word of a citation, also when typed without "Đ" (officials write "ND-CP" too)."""
    return "".join("[ĐD]" if c in "Đđ" else re.escape(c) for c in word)


@dataclass(frozen=True)
class Supersession:
    """From ``since`` on, ``old`` stands replaced by ``new``."""

    old: Citation
    new: Citation
    since: date
    note: str = ""


@dataclass(frozen=True)
class LawTable:
    """Every replaced text known, and the day the two-level local government began."""

    superseded: tuple[Supersession, ...]
    two_levels_from: date

    def in_force(self, day: date) -> tuple[Supersession, ...]:
        """Return the replacements already in force on ``day``."""
        return tuple(row for row in self.superseded if row.since <= day)

    def with_rows(self, rows: Iterable[Supersession]) -> LawTable:
        """Return this table with ``rows`` added (a kind's own); a row already there is not doubled."""
        extra = tuple(row for row in rows if row not in self.superseded)
        return replace(self, superseded=self.superseded + extra) if extra else self


def law_path() -> Path:
    return paths.resources_dir() / "law" / "thay_the.toml"


@cache
def load_law(path: Path | None = None) -> LawTable:
    """Read the law table (``resources/law/thay_the.toml`` by default), checked completely."""
    path = path or law_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LawError(f"Không đọc được bảng văn bản thay thế {path.name}: {exc}") from exc
    reform = data.get("reform", {})
    if not isinstance(reform, Mapping):
        raise LawError(f"{path.name}: [reform] phải là một bảng.")
    return LawTable(
        superseded=parse_superseded(data.get("superseded", []), path.name),
        two_levels_from=_day(reform.get("two_levels_from"), f"{path.name}, [reform] two_levels_from"),
    )


def parse_superseded(rows: Any, where: str) -> tuple[Supersession, ...]:
    """Read ``[[superseded]]`` rows (of the law table or of a kind file); LawError on any mistake."""
    if not isinstance(rows, list):
        raise LawError(f"{where}: [[superseded]] phải là danh sách các dòng.")
    return tuple(_row(row, f"{where}, [[superseded]] {i}") for i, row in enumerate(rows, 1))


def _row(row: Any, where: str) -> Supersession:
    if not isinstance(row, Mapping):
        raise LawError(f"{where}: cần các khóa {', '.join(ROW_KEYS)}.")
    unknown = sorted(set(row) - set(ROW_KEYS))
    if unknown:
        raise LawError(f"{where}: không có khóa «{', '.join(unknown)}»; dùng {', '.join(ROW_KEYS)}.")
    for key in ("old", "new"):
        if not isinstance(row.get(key), str):
            raise LawError(f"{where}: thiếu «{key}» (tên văn bản, dạng «Nghị định số 61/2018/NĐ-CP»).")
    return Supersession(
        old=Citation.parse(row["old"], f"{where}, old"),
        new=Citation.parse(row["new"], f"{where}, new"),
        since=_day(row.get("from"), f"{where}, from"),
        note=str(row.get("note", "")),
    )


def _day(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise LawError(f"{where}: «{value}» không phải ngày dạng YYYY-MM-DD.") from exc
