"""One unit's reports in a roll-up, one part per period: its own, and those of the units it continues.

A roll-up (:mod:`desktop_app.report.rollup_plan`) groups the files by the unit of today they
belong to (:class:`desktop_app.report.lineage.Lineage`), then asks :class:`UnitHistory` what
counts for each period the unit's files cover:

- a report under the unit's name, today's or a former one (a renaming), is the unit's own: of
  two for one period the newer counts;
- a report of a unit it succeeded counts for a period that ends before the succession (quý II
  of 2025, which ended on 14/6, before the mergers of 01/7/2025). Where several predecessors
  reported that period, their reports are first combined as a units → parent roll-up: figures
  summed by the kind's ``units`` rule, shares computed again from the summed parts, texts under
  each old unit's name, marked «Cần xem lại». The predecessors expected for the period that
  sent nothing are named;
- a predecessor's report of a period that ends on or after the succession (quý III of 2025)
  does not count: the unit of today reports it. When the unit sent that period itself, the old
  unit's report is named as replaced by it; otherwise it is refused, with the day;
- a unit that went to several new units (a split) cannot count for any: its figures cannot be
  divided. Its reports are refused, naming the new units.

Every file gets its decision and its reason (the old unit and the new one named), through the
roll-up's :class:`Files`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from desktop_app.report import catalogue
from desktop_app.report.answers import DocumentInfo, Report, Unit
from desktop_app.report.checks import evaluate_report
from desktop_app.report.kinds import Kind, KindError
from desktop_app.report.lineage import Forebear, Lineage, Member, Succession, unit_keys
from desktop_app.report.periods import Period
from desktop_app.report.rollup import aggregate, joined_hash, source_of
from desktop_app.vnformat import format_short_date

COUNTED, REFUSED, SUPERSEDED, IGNORED = "tinh", "tu_choi", "cu_hon", "bo_qua"
STATUS_WORDS = {
    COUNTED: "Đã tính",
    REFUSED: "Không tính",
    SUPERSEDED: "Không tính (có bản mới hơn)",
    IGNORED: "Bỏ qua",
}
UNKNOWN_PLACE = "(ĐỊA DANH)"


class Files(Protocol):
    """What the roll-up knows of the files it was given, by their index."""

    def report(self, i: int) -> Report: ...
    def values(self, i: int) -> Mapping[str, Any]: ...
    def file_name(self, i: int) -> str: ...
    def file_hash(self, i: int) -> str: ...
    def newest(self, indices: list[int]) -> int: ...
    def decide(self, i: int, status: str, reason: str) -> None: ...


@dataclass(frozen=True)
class Part:
    """What counts for one period of a unit: one file, or its predecessors' files combined."""

    period: Period
    files: tuple[int, ...]
    report: Report
    values: Mapping[str, Any]
    file: str
    sha256: str


@dataclass(frozen=True)
class Gap:
    """A predecessor that sent nothing for a period its fellows reported."""

    name: str
    period: Period

    def words(self) -> str:
        return f"{self.name} ({self.period.words()})"


def capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]


class UnitHistory:
    """The files of one unit of today (``indices``), sorted into one :class:`Part` per period.

    ``home``: the unit's details when the roll-up knows them (the parent's, rolling up its own
    periods); ``kind_id``: the kind rolled up.
    """

    def __init__(self, files: Files, kind_id: str, indices: list[int], lineage: Lineage, home: Unit | None):
        self.files = files
        self.kind_id = kind_id
        self.indices = indices
        self.members = {i: lineage.member(files.report(i).unit) for i in indices}
        self.succession: Succession | None = next((m.succession for m in self.members.values() if m), None)
        self.home = home
        self.notes: list[str] = []
        self.gaps: list[Gap] = []
        self._placeholder_said = False

    # ------------------------------------------------------------ who is who
    def forebear(self, i: int) -> Forebear | None:
        member = self.members.get(i)
        return member.forebear if member is not None else None

    def label(self, report: Report) -> str:
        """The unit's name in the parent's roll-up: today's name."""
        return self.succession.name if self.succession is not None else report.unit.ten_goi

    def unit_today(self, unit: Unit) -> Unit:
        """The unit of today, for a report that stands for it (``unit``: the report's own)."""
        succession = self.succession
        if succession is None or unit_keys(unit) & succession.current:
            return unit
        if succession.unit is not None:
            return succession.unit
        if self.home is not None:
            return self.home
        own = [i for i in self.indices if self._is_today(i)]
        if own:
            return self.files.report(self.files.newest(own)).unit
        name = succession.name
        if self.members and all(m is not None and m.forebear is None for m in self.members.values()):
            return replace(unit, co_quan=name.upper(), ten=name)  # only renamed: the rest is the unit's
        if not self._placeholder_said:
            self._placeholder_said = True
            self.notes.append(
                f"Chưa có báo cáo nào của chính {name}: báo cáo ghi tạm địa danh «{UNKNOWN_PLACE}», "
                f"các thông tin khác của đơn vị lấy theo {unit.ten_goi}; hãy sửa lại."
            )
        return replace(unit, co_quan=name.upper(), ten=name, dia_danh=UNKNOWN_PLACE)

    def _is_today(self, i: int) -> bool:
        member = self.members.get(i)
        return member is not None and member.forebear is None and not member.former_name

    # ------------------------------------------------------------ one part per period
    def parts(self) -> list[Part]:
        """One part per period the files cover, each file decided on (but the counted ones)."""
        by_period: dict[Period, list[int]] = {}
        for i in self.indices:
            by_period.setdefault(self.files.report(i).period, []).append(i)
        made = (self._part(period, same) for period, same in by_period.items())
        return [part for part in made if part is not None]

    def _part(self, period: Period, same: list[int]) -> Part | None:
        own = [i for i in same if self.forebear(i) is None]
        kept: dict[str, list[int]] = {}
        for i in same:
            forebear = self.forebear(i)
            if forebear is None:
                kept.setdefault("", []).append(i)
            elif self._late(i, forebear, period, own):
                continue
            else:
                kept.setdefault(forebear.name, []).append(i)
        chosen = [self._newest_of(group) for group in kept.values()]
        if not chosen:
            return None
        if len(chosen) == 1 and self.forebear(chosen[0]) is None:
            (i,) = chosen
            files = self.files
            return Part(
                period, (i,), files.report(i), files.values(i), files.file_name(i), files.file_hash(i)
            )
        chosen.sort(key=self._order)
        self._gaps(period, chosen)
        return self._combined(period, chosen)

    def _late(self, i: int, forebear: Forebear, period: Period, own: list[int]) -> bool:
        """Decide on a predecessor's report it cannot count (a split, or after the succession)."""
        succession = self.succession
        assert succession is not None
        old, new = forebear.name, succession.name
        if forebear.shared_with:
            others = ", ".join([new, *forebear.shared_with])
            why = (
                f"{old} được chia cho {others}: số liệu của đơn vị cũ không tách được "
                "cho từng đơn vị mới, nên không tính."
            )
            self.files.decide(i, REFUSED, why)
            return True
        end = period.cutoff()[1]
        if forebear.counts_for(end):
            return False
        since = f"Từ ngày {format_short_date(forebear.since)}, {old} đã thuộc {new}"
        if own:
            shown = self.files.file_name(self.files.newest(own))
            self.files.decide(
                i, SUPERSEDED, f"{since}: {period.words()} tính theo báo cáo của {new} («{shown}»)."
            )
        else:
            why = (
                f"{since}: {period.words()} (chốt số liệu đến ngày {format_short_date(end)}) kết thúc sau "
                f"ngày đó, phải do {new} báo cáo; báo cáo của đơn vị cũ không tính."
            )
            self.files.decide(i, REFUSED, why)
        return True

    def _newest_of(self, group: list[int]) -> int:
        newest = self.files.newest(group)
        for i in group:
            if i != newest:
                self.files.decide(i, SUPERSEDED, f"Có bản mới hơn cùng kỳ: «{self.files.file_name(newest)}».")
        return newest

    def _order(self, i: int) -> tuple[int, int]:
        """The unit itself first, then its predecessors in the order of the succession."""
        forebear = self.forebear(i)
        if forebear is None or self.succession is None:
            return (0, i)
        return (1 + self.succession.forebears.index(forebear), i)

    def _gaps(self, period: Period, chosen: list[int]) -> None:
        """Name the direct predecessors that should have reported ``period`` and did not."""
        if self.succession is None:
            return
        end = period.cutoff()[1]
        present = {f.branch for i in chosen if (f := self.forebear(i)) is not None}
        expected = [f for f in self.succession.branches() if not f.shared_with and f.counts_for(end)]
        missing = [f.name for f in expected if f.name not in present]
        if not missing:
            return
        self.gaps += [Gap(name, period) for name in missing]
        sent = ", ".join(self.files.report(i).unit.ten_goi for i in chosen)
        self.notes.append(
            f"{capitalised(period.words())} của {self.succession.name} thiếu báo cáo của "
            f"{', '.join(missing)} (đơn vị cũ): số liệu kỳ này chỉ gồm {sent}."
        )

    # ------------------------------------------------------------ predecessors combined
    def _combined(self, period: Period, chosen: list[int]) -> Part:
        """The reports of ``chosen`` rolled up as units → the unit of today, for ``period``."""
        first = self.files.report(chosen[0])
        kind = self._kind_for(period, first)
        unit = self.unit_today(first.unit)
        base = Report(kind.id, period, unit, DocumentInfo(), {}, kind_version=kind.version)
        sources = [
            source_of(
                self.files.report(i),
                self.files.report(i).unit.ten_goi,
                self.files.file_name(i),
                self.files.file_hash(i),
                kind,
                self.files.values(i),
            )
            for i in chosen
        ]
        made = aggregate(kind, "units", sources, base, whole=False)
        where = f"{capitalised(period.words())} của {unit.ten_goi}"
        self.notes += [f"{where}: {note}" for note in made.notes]
        report = made.report
        names = ", ".join(self.files.file_name(i) for i in chosen)
        digest = joined_hash(self.files.file_hash(i) for i in chosen)
        return Part(period, tuple(chosen), report, evaluate_report(report).shown_values(), names, digest)

    def _kind_for(self, period: Period, first: Report) -> Kind:
        """The version in force for the period (the predecessors wrote with it); theirs if none."""
        try:
            return catalogue.in_force(self.kind_id, period)
        except KindError:
            return catalogue.kind_of(first)

    # ------------------------------------------------------------ counted
    def count(self, part: Part, into: str) -> None:
        """Decide that the files of ``part`` count, each saying how (as a predecessor, and whose)."""
        for i in part.files:
            self.files.decide(i, COUNTED, self._counted_reason(part, i, into))

    def _counted_reason(self, part: Part, i: int, into: str) -> str:
        member: Member | None = self.members.get(i)
        if member is None:
            return f"Tính vào {into}."
        new = member.succession.name
        others = [self.files.report(j).unit.ten_goi for j in part.files if j != i]
        period = part.period.words()
        forebear = member.forebear
        if forebear is None:
            said = f"Tên cũ của {new}: tính là báo cáo của đơn vị này, vào {into}"
            said = said if member.former_name else f"Tính vào {into}"
            added = f": cộng với báo cáo cùng kỳ của đơn vị cũ {', '.join(others)}" if others else ""
            return f"{said}{added}."
        old = self.files.report(i).unit.ten_goi
        what = f"{old} là đơn vị cũ của {new} (kế thừa từ ngày {format_short_date(forebear.since)})"
        if others:
            joined = ", ".join(others)
            return f"{what}: cộng với báo cáo cùng kỳ của {joined} thành {period} của {new}, tính vào {into}."
        return f"{what}: tính là {period} của {new}, vào {into}."
