"""Which units continue which: a unit's former names, and the units it succeeded.

On 01/7/2025 many communes were renamed, or merged into a new one. Their reports, written under
the old names, are the history of today's unit: a roll-up reads them as such (see
:mod:`desktop_app.report.rollup_history`). A :class:`Lineage` answers, for the unit a report
names, which unit of today it belongs to, and how:

- **the same unit** under today's name or a former one (a renaming: only the name changed, a
  succession with exactly one predecessor that no other unit also succeeded): every report is
  the unit's own, whatever its period;
- **a unit it succeeded** (a merger: several predecessors, or one that went to several new units):
  its reports count for the periods that end before the succession (:attr:`Forebear.since`).

It is built from a graph (:func:`build_lineage`): the store's units, former names and successions
(:meth:`desktop_app.storage.Store.lineage`), or a file an official writes (:func:`parse_lineage`,
``rollup --predecessors``)::

    # TÊN MỚI <- TÊN CŨ 1; TÊN CŨ 2   (một tên cũ: chỉ đổi tên)
    UBND xã Tân Phú <- UBND xã Phú An; UBND xã Phú Bình
    UBND phường Hòa Bình <- UBND phường 3
    UBND xã Mỹ Hòa <- UBND xã Mỹ Hòa; UBND xã Mỹ An; từ ngày 01/01/2025

A succession without a day (the store keeps none) took effect when the two-level local
government began (:attr:`desktop_app.report.law.LawTable.two_levels_from`, 01/7/2025).

>>> lineage = parse_lineage("UBND xã Tân Phú <- UBND xã Phú An; UBND xã Phú Bình")  # doctest: +SKIP
>>> member = lineage.member(Unit("UBND XÃ PHÚ AN", "UBND", "Phú An", "xa"))         # doctest: +SKIP
>>> member.succession.name, member.forebear.since                                 # doctest: +SKIP
('UBND xã Tân Phú', datetime.date(2025, 7, 1))
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from desktop_app.report.answers import Unit
from desktop_app.report.law import load_law
from desktop_app.report.rollup_record import MAX_LISTED_UNITS, MAX_NAME_LENGTH
from desktop_app.text import one_form

ARROWS = ("<-", "←")
_SINCE = re.compile(r"từ(?:\s+ngày)?\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)
FORM = "TÊN MỚI <- TÊN CŨ 1; TÊN CŨ 2"
# The largest list a file may hold: every name at its longest, in 4-byte characters, with its
# separator, and as much again for comments and blank lines (``rollup --predecessors``).
LINEAGE_BYTES = 2 * MAX_LISTED_UNITS * (4 * MAX_NAME_LENGTH + 4)


class LineageError(ValueError):
    """The list of predecessors cannot be read; the message says where, in Vietnamese."""


# A commune's or a province's name with or without its council, written short or in full: a
# list of units says «Xã Mỹ Hòa» where the commune's report says «UBND xã Mỹ Hòa».
_COUNCIL = tuple(one_form(words) + " " for words in ("UBND", "Ủy ban nhân dân"))


def unit_key(name: str) -> str:
    """Two spellings of one unit's name give one key (case, spaces, Unicode composition, where
    the tone mark sits: "Mỹ Hoà" and "Mỹ Hòa", and the "Ð" of a legacy font for "Đ"), with or
    without «UBND» or «Ủy ban nhân dân» before it ("Xã Mỹ Hòa" and "UBND xã Mỹ Hòa")."""
    key = one_form(name)
    for council in _COUNCIL:
        if key.startswith(council):
            return key[len(council) :]
    return key


def unit_keys(unit: Unit) -> frozenset[str]:
    """The keys of every name a report gives its unit (tên cơ quan, tên gọi)."""
    return frozenset(k for k in (unit_key(unit.co_quan), unit_key(unit.ten_goi)) if k)


# ---------------------------------------------------------------- what a lineage says


@dataclass(frozen=True)
class Forebear:
    """A unit today's unit succeeded (directly, or through a unit that was itself succeeded)."""

    name: str
    keys: frozenset[str]
    since: date  # the day the successor took over: the periods ending before it are the old unit's
    branch: str  # the direct predecessor it stands behind (its own name when it is one)
    shared_with: tuple[str, ...] = ()  # other units that succeeded it too (a split)

    def counts_for(self, period_end: date) -> bool:
        """Whether its report of a period ending on ``period_end`` is its own (before the succession)."""
        return period_end < self.since


@dataclass(frozen=True)
class Succession:
    """A unit of today with its former names and the units it succeeded."""

    name: str  # today's name, as written in sentences
    current: frozenset[str]  # the keys of today's names
    keys: frozenset[str]  # the keys of every name the unit itself went by (today's and former)
    forebears: tuple[Forebear, ...] = ()
    unit: Unit | None = None  # the unit's details, when the store knows them

    def branches(self) -> list[Forebear]:
        """The direct predecessors, in order."""
        return [f for f in self.forebears if f.branch == f.name]


@dataclass(frozen=True)
class Member:
    """What a report's unit is in a lineage: today's unit itself (by any of its names), or a forebear."""

    succession: Succession
    forebear: Forebear | None = None
    former_name: bool = False  # the unit itself, under a name it no longer has


@dataclass(frozen=True)
class Lineage:
    """Every known succession; :meth:`member` finds a report's unit among them."""

    successions: tuple[Succession, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.successions)

    def member(self, unit: Unit) -> Member | None:
        """Return what ``unit`` is in the lineage (by its tên cơ quan or tên gọi), or None.

        Today's unit under any of its names comes first; else the first succession, in order,
        that has it among its forebears.
        """
        keys = unit_keys(unit)
        hits = sorted(hit for key in keys for hit in self._index.get(key, ()))
        if not hits:
            return None
        which, forebear = hits[0]
        succession = self.successions[which]
        if forebear < 0:
            return Member(succession, None, not keys & succession.current)
        return Member(succession, succession.forebears[forebear])

    @cached_property
    def _index(self) -> dict[str, list[tuple[int, int]]]:
        """Each name's key → (succession, its forebear, or -1 for the unit itself), in order."""
        index: dict[str, list[tuple[int, int]]] = {}
        for which, succession in enumerate(self.successions):
            for key in succession.keys:
                index.setdefault(key, []).append((which, -1))
            for number, forebear in enumerate(succession.forebears):
                for key in forebear.keys:
                    index.setdefault(key, []).append((which, number))
        return index

    def merged(self, other: Lineage) -> Lineage:
        """This lineage with ``other``'s successions added (``other`` wins for a unit both know)."""
        theirs = frozenset().union(*(t.keys for t in other.successions))
        kept = [s for s in self.successions if not s.keys & theirs]
        return Lineage((*kept, *other.successions))


# ---------------------------------------------------------------- building one from a graph


@dataclass(frozen=True)
class Node:
    """A unit in the graph: the name it is shown by, the keys of its names, its details if known."""

    name: str
    current: frozenset[str]  # today's names (tên cơ quan, tên gọi)
    former: frozenset[str] = frozenset()  # names it had before a renaming kept in the store
    unit: Unit | None = None

    @property
    def keys(self) -> frozenset[str]:
        return self.current | self.former


@dataclass(frozen=True)
class Edge:
    """``new`` succeeded ``old`` on ``since`` (None: when the two-level government began)."""

    new: Hashable
    old: Hashable
    since: date | None = None


def build_lineage(
    nodes: Mapping[Hashable, Node], edges: Sequence[Edge], default_since: date | None = None
) -> Lineage:
    """Return the lineage of every unit of today that has former names or predecessors.

    A succession with exactly one predecessor, which no other unit succeeded, is a renaming: the
    two are one unit. An edge of a unit to itself ("xã A keeps its name and takes in xã B") only
    says that the unit counts among its own predecessors: it is a merger, not a renaming.
    """
    since = default_since or load_law().two_levels_from
    named: dict[Hashable, int] = {}
    for edge in edges:
        named[edge.new] = named.get(edge.new, 0) + 1
    links = [e for e in edges if e.new != e.old and e.new in nodes and e.old in nodes]
    olds_of: dict[Hashable, list[Edge]] = {}
    news_of: dict[Hashable, list[Hashable]] = {}
    for edge in links:
        olds_of.setdefault(edge.new, []).append(edge)
        news_of.setdefault(edge.old, []).append(edge.new)
    renamed = {
        e.old: e.new
        for e in links
        if named[e.new] == 1 and news_of[e.old] == [e.new] and len(olds_of[e.new]) == 1
    }
    graph = _Graph(nodes, olds_of, news_of, renamed, since)
    roots = [n for n in nodes if n not in renamed and not news_of.get(n)]
    made = (graph.succession(root) for root in roots)
    return Lineage(tuple(s for s in made if s.forebears or s.keys != s.current))


class _Graph:
    """The walk from a unit of today back through its renamings and the units it succeeded."""

    def __init__(
        self,
        nodes: Mapping[Hashable, Node],
        olds_of: Mapping[Hashable, list[Edge]],
        news_of: Mapping[Hashable, list[Hashable]],
        renamed: Mapping[Hashable, Hashable],
        since: date,
    ) -> None:
        self.nodes, self.olds_of, self.news_of, self.since = nodes, olds_of, news_of, since
        self.aliases: dict[Hashable, list[Hashable]] = {}
        for old, new in renamed.items():
            self.aliases.setdefault(new, []).append(old)

    def same_unit(self, node: Hashable) -> list[Hashable]:
        """``node`` and every node renamed into it (its former selves), newest first."""
        found, queue = [node], [node]
        while queue:
            for old in self.aliases.get(queue.pop(0), []):
                if old not in found:
                    found.append(old)
                    queue.append(old)
        return found

    def keys(self, nodes: Iterable[Hashable]) -> frozenset[str]:
        return frozenset(k for n in nodes for k in self.nodes[n].keys)

    def succession(self, root: Hashable) -> Succession:
        selves = self.same_unit(root)
        node = self.nodes[root]
        forebears = tuple(self._forebears(selves))
        return Succession(node.name, node.current, self.keys(selves), forebears, node.unit)

    def _forebears(self, selves: list[Hashable]) -> list[Forebear]:
        """Every unit behind ``selves``, breadth first: the direct predecessors, then theirs."""
        seen = set(selves)
        out: list[Forebear] = []
        # (old unit, the day it stopped being its own, the direct predecessor it is behind, via)
        queue = [(e.old, e.since or self.since, "", selves) for s in selves for e in self.olds_of.get(s, [])]
        while queue:
            old, since, branch, via = queue.pop(0)
            if old in seen:
                continue
            group = self.same_unit(old)
            seen.update(group)
            name = self.nodes[old].name
            shared = tuple(self.nodes[n].name for n in self.news_of.get(old, []) if n not in via)
            out.append(Forebear(name, self.keys(group), since, branch or name, shared))
            for member in group:
                queue += [
                    (e.old, min(since, e.since or self.since), branch or name, group)
                    for e in self.olds_of.get(member, [])
                ]
        return out


# ---------------------------------------------------------------- the file an official writes


def parse_lineage(text: str, default_since: date | None = None) -> Lineage:
    """Read a list of predecessors: one unit of today a line, «TÊN MỚI <- TÊN CŨ 1; TÊN CŨ 2».

    One old name is a renaming; several are a merger, which took effect on the day a last part
    «từ ngày 01/01/2025» gives, else when the two-level government began. Blank lines and lines
    starting with "#" are skipped. LineageError (Vietnamese, with the line) on any mistake.
    """
    nodes: dict[Hashable, Node] = {}
    edges: list[Edge] = []
    line_of: dict[str, int] = {}
    written = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = " ".join(raw.replace("\ufeff", "").split())
        if not line or line.startswith("#"):
            continue
        new, olds, since = _line(line, number)
        written += 1 + len(olds)
        if written > MAX_LISTED_UNITS:
            raise LineageError(f"có quá {MAX_LISTED_UNITS} tên đơn vị.")
        key = unit_key(new)
        if key in line_of:
            raise LineageError(
                f"dòng {number}: «{new}» đã có ở dòng {line_of[key]}; hãy ghi các tên cũ trên một dòng."
            )
        line_of[key] = number
        for name in (new, *olds):
            nodes.setdefault(unit_key(name), Node(name, frozenset({unit_key(name)})))
        edges += [Edge(key, old, since) for old in dict.fromkeys(unit_key(old) for old in olds)]
    _refuse_circles(nodes, edges)
    return build_lineage(nodes, edges, default_since)


def _line(line: str, number: int) -> tuple[str, list[str], date | None]:
    arrow = next((a for a in ARROWS if a in line), None)
    if arrow is None:
        raise LineageError(f"dòng {number}: thiếu «<-»; hãy viết «{FORM}».")
    new, _, rest = (part.strip() for part in line.partition(arrow))
    parts = [p.strip() for p in rest.split(";") if p.strip()]
    since = _since(parts[-1], number) if parts else None
    olds = parts[:-1] if since is not None else parts
    if not new or not olds:
        raise LineageError(
            f"dòng {number}: cần tên mới bên trái «<-» và ít nhất một tên cũ bên phải («{FORM}»)."
        )
    for name in (new, *olds):
        if len(name) > MAX_NAME_LENGTH:
            raise LineageError(f"dòng {number}: tên dài quá {MAX_NAME_LENGTH} ký tự.")
        if any(a in name for a in ARROWS):
            raise LineageError(f"dòng {number}: mỗi dòng chỉ một «<-»; hãy viết «{FORM}».")
    return new, olds, since


def _since(part: str, number: int) -> date | None:
    match = _SINCE.fullmatch(part)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise LineageError(f"dòng {number}: ngày «{part}» không có thật.") from None


def _refuse_circles(nodes: Mapping[Hashable, Node], edges: Sequence[Edge]) -> None:
    """A unit cannot be, through other units, its own predecessor."""
    olds: dict[Hashable, list[Hashable]] = {}
    for edge in edges:
        if edge.new != edge.old:
            olds.setdefault(edge.new, []).append(edge.old)
    walking, done = 1, 2
    state: dict[Hashable, int] = {}
    for start in olds:
        if start in state:
            continue
        state[start] = walking
        stack = [(start, iter(olds.get(start, [])))]
        while stack:
            node, rest = stack[-1]
            old = next(rest, None)
            if old is None:
                state[node] = done
                stack.pop()
            elif state.get(old) == walking:
                raise LineageError(
                    f"quan hệ kế thừa vòng tròn: «{nodes[old].name}» thành đơn vị cũ của chính nó."
                )
            elif old not in state:
                state[old] = walking
                stack.append((old, iter(olds.get(old, []))))
