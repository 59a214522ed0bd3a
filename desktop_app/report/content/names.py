"""Rule 4: other units' names, and the unit's own former names, in the text.

A unit's name in running text is its level word and what follows it: "xã Sơn Nham" (from "UBND
xã Sơn Nham" or "UBND XÃ SƠN NHAM"), "huyện Trà Cú", "Sở Ngoại vụ".

- Another unit of the same level: a name the database knows for another unit of the report's
  level (:class:`KnownNames`, built by the store), and, with or without a database, any
  "xã <Tên>", "phường <Tên>" … (for a commune; "huyện <Tên>" … for a district, "tỉnh <Tên>" for a
  province) in the text that is not the unit's own: text copied from another unit's report. The
  departments' level (sở) is judged only by the database's names, since departments name each
  other's work all the time ("phối hợp Sở Tư pháp").
- One of the unit's own former names (renamed, or a unit it succeeded) in a report of a period
  that ends after the name ended, unless the sentence speaks of the past ("trước khi sáp
  nhập", "trước đây" …). A name still valid when the period ended is the unit's own.

The unit's own subordinate units are never "another unit": a parent's report names them, and a
roll-up gathers their texts under their names on purpose. They are the units a rolled-up report
was made from (and those of its list that sent nothing), and the list the database keeps
(:attr:`KnownNames.subordinates`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from desktop_app.report.answers import Report, Unit
from desktop_app.report.content.texts import Finding, Piece
from desktop_app.report.content.words import Trigger, may_hold, past_anywhere, per_text, scan
from desktop_app.vnformat import format_short_date

# The words that put a unit's level before its name, tried in this order.
LEVEL_WORDS = ("thị trấn", "đặc khu", "thị xã", "thành phố", "xã", "phường", "huyện", "quận", "tỉnh", "sở")
_LEVEL = re.compile(
    r"(?<!\w)(?P<level>" + "|".join(r"\s+".join(w.split()) for w in LEVEL_WORDS) + r")[ \t]+", re.IGNORECASE
)
# The level words that name a unit of the same level as a unit of ``cap``, in the text itself.
SAME_LEVEL_WORDS = {
    "xa": ("xã", "phường", "thị trấn", "đặc khu"),
    "huyen": ("huyện", "quận", "thị xã"),
    "tinh": ("tỉnh",),
    "so": (),
}
_NAME_WORD = re.compile(r"(\w+)([ \t]*)")
MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class FormerUnit:
    """A name the unit (or a unit it succeeded) had; ``until`` its last day, None when unknown."""

    unit: Unit
    until: date | None = None


@dataclass(frozen=True)
class KnownNames:
    """What the database knows beside the report: the other units of its level, its former names."""

    others: tuple[Unit, ...] = ()
    former: tuple[FormerUnit, ...] = ()
    subordinates: tuple[str, ...] = ()  # the unit's own units, as its list names them


def key(name: str) -> str:
    return " ".join(name.casefold().split())


def unit_name(unit: Unit) -> str:
    """Return how sentences name ``unit`` ("xã Sơn Nham"), or "" when its name has no level word."""
    for text in (unit.ten, unit.co_quan):
        name = name_in(text)
        if name:
            return name
    return ""


def name_in(text: str) -> str:
    """Return how sentences name the unit called ``text`` ("UBND XÃ SƠN NHAM" → "XÃ SƠN NHAM"), or ""."""
    text = " ".join(text.split())
    for match in _LEVEL.finditer(text):
        rest = " ".join(text[match.end() :].split())
        if rest:
            return f"{' '.join(match['level'].split())} {rest}"
    return ""


def name_findings(report: Report, texts: list[Piece], names: KnownNames) -> Iterator[Finding]:
    """Rule 4 over every piece but the unit's own lines."""
    own = {key(unit_name(report.unit)), *_still_valid(report, names), *_subordinates(report, names)}
    place = key(report.unit.dia_danh)
    others = {key(n): n for n in (unit_name(u) for u in names.others if u.cap == report.unit.cap) if n}
    former = _former_names(report, names, own)
    for piece in texts:
        if piece.origin == "unit":
            continue
        seen: set[str] = set()
        for start, end, found in _mentions(piece.text, report.unit.cap, others, former):
            name = key(found)
            if name in seen or name in own or _place_of(name) == place:
                continue
            seen.add(name)
            finding = _finding(report, piece, start, end, name, former)
            if finding is not None:
                yield finding


def _place_of(name: str) -> str:
    """The place in a unit's name: "sơn nham" of "xã sơn nham"."""
    match = _LEVEL.match(name)
    return name[match.end() :] if match else name


def _subordinates(report: Report, names: KnownNames) -> set[str]:
    """The names of the unit's own units: those its roll-up was made from, and its list's."""
    listed = list(names.subordinates)
    if report.rollup is not None:
        rows = (*report.rollup.sources, *report.rollup.rows)
        listed += [text for s in rows for text in (s.name, s.co_quan)]
        listed += report.rollup.missing
    return {key(n) for n in map(name_in, listed) if n}


def _still_valid(report: Report, names: KnownNames) -> set[str]:
    """Former names that were still the unit's when the period ended: its own for this report."""
    period_end = report.period.cutoff()[1]
    return {
        key(unit_name(old.unit)) for old in names.former if old.until is not None and old.until >= period_end
    }


def _former_names(report: Report, names: KnownNames, own: set[str]) -> dict[str, FormerUnit]:
    """Former names no longer the unit's when the period ended."""
    out: dict[str, FormerUnit] = {}
    for old in names.former:
        name = key(unit_name(old.unit))
        if name and name not in own:
            out[name] = old
    return out


def _mentions(
    text: str, cap: str, others: dict[str, str], former: dict[str, FormerUnit]
) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, name) of each unit name of the same level, or known, in ``text``."""
    yield from _level_mentions(text, cap)
    for name in (*others, *former):
        if may_hold(text, _longest_word(name)):  # a database may know hundreds of names: most are not there
            for found in _name_pattern(name).finditer(text):
                yield found.start(), found.end(), found[0]


@per_text
def _level_mentions(text: str, cap: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, name) of each "xã <Tên>" … of ``cap``'s level in ``text`` (read once per text)."""
    levels = SAME_LEVEL_WORDS.get(cap, ())
    if not levels:
        return ()
    found = []
    for match in scan(_LEVEL, level_start(cap), text):
        if key(match["level"]) in levels:
            end = proper_name_end(text, match.end())
            if end > match.end():
                found.append((match.start(), end, text[match.start() : end]))
    return tuple(found)


@lru_cache(maxsize=8)
def level_start(cap: str) -> Trigger:
    """Where a level word of ``cap``'s level can start: the first word of each, and of a longer
    level word holding one after its first ("thị xã" holds "xã", and a "xã" inside it names no
    commune). ``scan`` from there finds that level's words as ``_LEVEL.finditer`` does: the other
    level words, a department's "sở" and the province's "tỉnh" that fill the texts, are not tried.
    """
    firsts = {w.split()[0] for w in SAME_LEVEL_WORDS.get(cap, ())}
    holding = {w.split()[0] for w in LEVEL_WORDS if any(later in firsts for later in w.split()[1:])}
    return Trigger(tuple(sorted(firsts | holding)), numbers=False)


@lru_cache(maxsize=1024)
def _longest_word(name: str) -> str:
    """The longest word of a name (its key, in lower case): the one a text is searched for first."""
    return max(name.split(), key=len, default="")


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> re.Pattern[str]:
    """A unit's name as written in any case, with any spaces: built once per name."""
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?!\w)", re.IGNORECASE)


def proper_name_end(text: str, pos: int) -> int:
    """Return where the capitalised words (or a number: "Phường 3") starting at ``pos`` end."""
    end = pos
    for _ in range(MAX_NAME_WORDS):
        match = _NAME_WORD.match(text, end)
        if match is None or not (match[1][0].isupper() or match[1].isdigit()):
            break
        end = match.start() + len(match[1])
        if not match[2]:
            break
        end = match.end()
    return len(text[:end].rstrip(" \t"))


def _written_like(name: str, found: str) -> str:
    """Return ``name`` ("phường Tân Phú") cased as ``found`` was written: "PHƯỜNG TÂN PHÚ" for
    "XÃ PHÚ AN", "Phường Tân Phú" at a sentence's start; "" when the unit's name has no level word."""
    if not name:
        return ""
    if found.isupper():
        return name.upper()
    if name.isupper():  # only the header's capitals are known: write it as a sentence does
        level = _LEVEL.match(name)
        cut = level.end() if level else 0
        name = name[:cut].lower() + name[cut:].title()
    first = found[:1].isupper()
    return (name[:1].upper() if first else name[:1].lower()) + name[1:]


def _finding(
    report: Report, piece: Piece, start: int, end: int, name: str, former: dict[str, FormerUnit]
) -> Finding | None:
    quoted = " ".join(piece.text[start:end].split())
    current = report.unit.ten_goi
    old = former.get(name)
    if old is not None:
        if past_anywhere(piece.text, start, end):
            return None
        until = f" đến ngày {format_short_date(old.until)}" if old.until else ""
        message = f"«{quoted}» là tên cũ{until}; nay là «{current}»."
        after = _written_like(unit_name(report.unit), piece.text[start:end])
        fix = piece.fix(start, end, after) if after else None
        return Finding((piece.field,), "warning", piece.says(message), "ten_cu", fix)
    message = (
        f"«{quoted}» là tên một đơn vị khác cùng cấp, trong báo cáo của «{current}»: "
        "có phải đoạn này chép từ báo cáo của đơn vị đó?"
    )
    return Finding((piece.field,), "warning", piece.says(message), "ten_don_vi_khac")
