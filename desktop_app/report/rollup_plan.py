"""Which roll-up, and what becomes of each file that arrived.

:func:`roll_up` takes what :func:`desktop_app.report.arrivals.read_inputs` read and decides:

- **units → parent** when the reports come from several units (or from one unit that is not
  the parent): each unit counts once, with its report of the period, or with its reports of
  shorter periods that tile the period exactly (rolled up first, by the periods rule);
- **periods → longer period** when every report is of one unit (the parent itself, or no parent
  given) and of periods shorter than the one asked: they must tile it exactly, without a gap
  or an overlap; the message names the missing period.

A unit is a unit of today: with a :class:`~desktop_app.report.lineage.Lineage` (the store's
successions, or ``rollup --predecessors``), the reports under its former names and those of
the units it succeeded are its own history (:mod:`desktop_app.report.rollup_history`: the
predecessors of one period combined first, for the periods before the succession).

Refused, with the reason, and never counted: a report of another kind or another period, a
file that cannot be read (or breaks a limit), the parent's own report, a unit not in the
parent's list of units. When a unit sent two reports for the same period, the newer counts
(a file saying when it was saved before one from an older release that does not, then saved
time, then document date) and the other is named. With the list of units, the units
that sent nothing are named.

>>> run = roll_up(read_inputs(paths), "bao_cao_kstthc", Period("quy", 2025, 1), parent)  # doctest: +SKIP
>>> run.mode, [line.status for line in run.lines]                                         # doctest: +SKIP
('units', ['tinh', 'tinh', 'tu_choi'])
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.report import catalogue
from desktop_app.report.answers import DocumentInfo, Report, Unit
from desktop_app.report.arrivals import Arrival, Unread, parse_entries, read_inputs
from desktop_app.report.catalogue import kind_of
from desktop_app.report.checks import Issue, check, content_issues, evaluate_report
from desktop_app.report.content.reform import recipients_now
from desktop_app.report.figures import Evaluation
from desktop_app.report.kinds import LEVEL_WORDS, Kind
from desktop_app.report.law import load_law
from desktop_app.report.lineage import Lineage, unit_key, unit_keys
from desktop_app.report.periods import Period, PeriodError
from desktop_app.report.prefill import PrefillError, blank_report, fill_blanks, move_period_text, new_report
from desktop_app.report.rollup import (
    Source,
    aggregate,
    field_rule,
    joined_hash,
    named,
    source_of,
)
from desktop_app.report.rollup_history import (
    COUNTED,
    IGNORED,
    REFUSED,
    STATUS_WORDS,
    SUPERSEDED,
    Gap,
    Part,
    UnitHistory,
    capitalised,
)
from desktop_app.report.rollup_record import MAX_LISTED_UNITS, MAX_NAME_LENGTH, RollupRecord, RollupSource
from desktop_app.report.rollup_rows import rows_over_periods
from desktop_app.system.parallel import Progress, Stage, Stages, begin_stages, progress_part
from desktop_app.text import alphabetical
from desktop_app.vnformat import format_short_date

__all__ = ["COUNTED", "IGNORED", "REFUSED", "STATUS_WORDS", "SUPERSEDED", "unit_key"]
PLACEHOLDER_UNIT = Unit(co_quan="(TÊN CƠ QUAN)", ky_hieu="(KÝ HIỆU)", dia_danh="(ĐỊA DANH)", cap="tinh")
GAP_TYPES = ("thang", "quy", "6thang")


class RollupError(ValueError):
    """The roll-up cannot be asked for like this (a kind without that period…); Vietnamese."""


MISSING_SHOWN = 10  # units not counted that sent a refused file, named in one note


@dataclass(frozen=True)
class Parent:
    """Who rolls up: the unit and document of the report made, and its own report if any.

    ``own`` gives the values of the fields that are not rolled up (the parent's own words); when
    it is of an earlier period of the same kind, the new report is pre-filled from it.
    """

    unit: Unit
    document: DocumentInfo = field(default_factory=DocumentInfo)
    own: Report | None = None


@dataclass(frozen=True)
class Line:
    """One input in the table of what arrived."""

    arrival: Arrival
    status: str
    reason: str
    successor: str = ""  # the unit of today, when the file is under a former name or a predecessor's
    errors: int = 0
    warnings: int = 0
    values: Mapping[str, Any] = field(default_factory=dict)  # the report's figures, as evaluated
    figure_errors: int = 0  # errors that name a figure (a count below zero, parts over a total)

    @property
    def unit(self) -> str:
        """The unit the file names, and the unit of today it was read as ("Xã A → Xã Tân Phú")."""
        name = self.arrival.report.unit.ten_goi if self.arrival.report else ""
        return f"{name} → {self.successor}" if self.successor else name

    @property
    def period(self) -> str:
        return self.arrival.report.period.short_label() if self.arrival.report else ""

    @property
    def kind_id(self) -> str:
        return self.arrival.report.kind if self.arrival.report else ""

    @property
    def kind(self) -> str:
        if self.arrival.report is None:
            return ""
        try:
            return catalogue.family(self.arrival.report.kind).title
        except ValueError:
            return self.arrival.report.kind


@dataclass(frozen=True)
class RollupRun:
    """What a roll-up made of the inputs."""

    kind: str
    period: Period
    mode: str | None  # "units", "periods", or None when nothing could be rolled up
    report: Report | None
    lines: tuple[Line, ...]
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    problem: str = ""  # why nothing could be rolled up
    sources: tuple[Source, ...] = ()  # what was counted, in the order of the forms' rows

    def counted(self) -> list[Arrival]:
        return [line.arrival for line in self.lines if line.status == COUNTED]

    def files_period(self) -> tuple[Period, int] | None:
        """The period most files of the kind report, and how many, when it is not the one rolled
        up and they outnumber the files counted: the dialog opens on the period of the report
        selected (last month's draft), and 118 files of this month were only refused «kỳ khác»."""
        counts = Counter(
            r.period for line in self.lines if (r := line.arrival.report) is not None and r.kind == self.kind
        )
        if not counts:
            return None
        period, count = counts.most_common(1)[0]
        return (period, count) if period != self.period and count > len(self.counted()) else None


# ---------------------------------------------------------------- the decision


def roll_up_files(
    kind_id: str,
    period: Period,
    parent: Parent | None,
    unit_names: Sequence[str] | None,
    kept: Sequence[tuple[str, bytes, datetime | None]] = (),
    paths: Sequence[Path] = (),
    progress: Progress | None = None,
    broken: Sequence[tuple[str, str]] = (),
    lineage: Lineage | None = None,
    left_out: Collection[str] = (),
) -> RollupRun:
    """Read ``kept`` files (name, bytes, saved time) and the files at ``paths``, then :func:`roll_up`.

    ``broken``: kept files that could not be read back (name, why): listed as refused;
    ``lineage``: which units continue which (the store's successions); ``left_out``: the hashes
    of files the official took out of this roll-up: listed, not read.
    A plain function for a background thread: it touches nothing but what it is given.
    """
    with catalogue.held():
        arrivals = [Arrival(name, problem=why) for name, why in broken]
        arrivals += parse_entries([Unread(name, data, saved) for name, data, saved in kept])
        known = {a.sha256 for a in arrivals}
        added = read_inputs(paths, progress=progress_part(progress, 0, 2))
        arrivals += [a for a in added if not a.sha256 or a.sha256 not in known]  # a kept file added again
        arrivals = [_taken_out(a) if a.sha256 and a.sha256 in left_out else a for a in arrivals]
        return roll_up(arrivals, kind_id, period, parent, unit_names, lineage, progress_part(progress, 1, 2))


LEFT_OUT = "Đã bỏ ra khỏi lần tổng hợp này (bấm «Bỏ ra / lấy lại» lần nữa để tính lại)."


def _taken_out(arrival: Arrival) -> Arrival:
    """A file the official took out: listed with why, its report not read."""
    return Arrival(arrival.name, arrival.sha256, arrival.saved, problem=LEFT_OUT, ignored=True)


def roll_up(
    arrivals: Sequence[Arrival],
    kind_id: str,
    period: Period,
    parent: Parent | None = None,
    unit_names: Sequence[str] | None = None,
    lineage: Lineage | None = None,
    progress: Progress | None = None,
) -> RollupRun:
    """Decide which roll-up ``arrivals`` make for ``period``, and make it.

    ``lineage``: the units' former names and successions; a unit's reports under them are its own;
    ``progress(done, total)``: told as the reports are checked.
    """
    with roll_up_begun(arrivals, kind_id, period, parent, unit_names, lineage, progress) as begun:
        return begun.finished()


@contextmanager
def roll_up_begun(
    arrivals: Sequence[Arrival],
    kind_id: str,
    period: Period,
    parent: Parent | None = None,
    unit_names: Sequence[str] | None = None,
    lineage: Lineage | None = None,
    progress: Progress | None = None,
) -> Iterator[BegunRollup]:
    """:func:`roll_up` in two steps, for who has work to do meanwhile.

    ``begun.run`` is the roll-up made (its report, sums and notes), with every check of the
    files but the content check, which worker processes are reading meanwhile (the slow part:
    every unit's texts); ``begun.finished()`` is the same run with every check. So the command
    line writes the report and its forms while the workers read. The content check finds no
    error in a figure, so the roll-up's decisions and its report never wait for it.
    """
    kind = catalogue.in_force(kind_id, period)
    if period.type not in kind.periods:
        raise RollupError(f"{kind.title} không lập theo kỳ «{period.short_label()}».")
    problems = period.problems()
    if problems:
        raise RollupError("Kỳ tổng hợp không hợp lệ: " + " ".join(problems))
    checks = FileChecks()
    reports = [report for a in arrivals if (report := a.report) is not None]
    stages: list[Stage[Report, Any]] = [
        Stage(checks.figures, reports, progress_part(progress, 0, 2)),
        Stage(checks.content, reports, progress_part(progress, 1, 2)),
    ]
    with catalogue.held(), begin_stages(stages) as begun:
        figures = begun.result(0)
        checks.keep(reports, figures)  # the workers' evaluations, for the texts read here
        plan = _Plan(kind, period, parent, unit_names, lineage or Lineage())
        yield BegunRollup(plan, plan.run(arrivals, figures), begun)


class BegunRollup:
    """A roll-up made while the content check of its files goes on (:func:`roll_up_begun`)."""

    def __init__(self, plan: _Plan, run: RollupRun, checks: Stages):
        self.plan, self.run, self.checks = plan, run, checks
        self._finished: RollupRun | None = None

    def finished(self) -> RollupRun:
        """The run with every check of every file (waits for the workers, and helps them)."""
        if self._finished is None:
            self.plan.add_checks(self.checks.result(1))
            self._finished = self.plan.assembled()
        return self._finished


Checked = tuple[int, int, int] | str  # (errors, warnings, errors naming a figure), or why not checked


class FileChecks:
    """The checks of the files, in two stages shared with the workers: :meth:`figures` (every
    check but the content check, with the report's evaluation), then :meth:`content`.

    ``evaluated`` holds the evaluations the figures' checks made in this process (the caller's,
    or a worker's), by the report's id: a report whose two stages one process does is evaluated
    once. A worker started afresh is sent this without them, and fills its own.
    """

    def __init__(self) -> None:
        self.evaluated: dict[int, tuple[Report, Evaluation]] = {}

    def figures(self, reports: list[Report]) -> list[tuple[Evaluation | None, Checked]]:
        """Each report's evaluation (None when it cannot be evaluated) and the errors and
        warnings found but for the content check, or why it could not be checked."""
        with catalogue.held():
            done = [_checked_report(report) for report in reports]
        self.keep(reports, done)
        return done

    def keep(self, reports: list[Report], done: list[tuple[Evaluation | None, Checked]]) -> None:
        """Keep the evaluations of :meth:`figures` (made here or by a worker) for :meth:`content`."""
        for report, (ev, _checked) in zip(reports, done, strict=True):
            if ev is not None:
                self.evaluated.setdefault(id(report), (report, ev))

    def content(self, reports: list[Report]) -> list[Checked]:
        """The content check of each report: its errors and warnings, or why it could not be read."""
        with catalogue.held():
            return [self._content(report) for report in reports]

    def _content(self, report: Report) -> Checked:
        try:
            known = self.evaluated.get(id(report))
            ev = known[1] if known is not None and known[0] is report else evaluate_report(report)
            return _counted(report, list(content_issues(report, kind_of(report), ev)))
        except (ValueError, ArithmeticError) as exc:
            return str(exc)

    def __getstate__(self) -> dict[str, Any]:
        return {"evaluated": {}}  # a worker started afresh has other reports' ids


def _checked_report(report: Report) -> tuple[Evaluation | None, Checked]:
    try:
        ev = evaluate_report(report)
    except (ValueError, ArithmeticError) as exc:
        return None, str(exc)
    try:
        issues = check(report, ev=ev, content=False)
    except (ValueError, ArithmeticError) as exc:
        return ev, str(exc)
    return ev, _counted(report, issues)


def _source_unit(source: RollupSource) -> Unit:
    """The unit a roll-up's source names, as a report's unit (to find it in the lineage)."""
    return Unit(source.co_quan, "", "", source.cap, ten=source.name)


def _same_period(sources: list[RollupSource], period: Period) -> RollupSource | None:
    """The first of a unit's ``sources`` whose period is ``period``, holds it or lies in it."""
    return next(
        (s for s in sources if s.period == period or _inside(s.period, period) or _inside(period, s.period)),
        None,
    )


def _counted_inside(report: Report, roll: str, rolled: Report, source: RollupSource) -> str:
    """Why another copy of a file a roll-up among the inputs was made from is not counted."""
    by, what = rolled.unit.ten_goi, f"Số liệu {report.period.words()} của {report.unit.ten_goi}"
    return (
        f"{what} đã có trong báo cáo tổng hợp «{roll}» của {by} "
        f"(từ tệp «{source.file}», khác tệp này): không cộng thêm lần nữa. Nếu đây là bản sửa, hãy đề "
        f"nghị {by} tổng hợp lại."
    )


def _counted(report: Report, issues: list[Issue]) -> Checked:
    """(errors, warnings, errors naming a figure) among ``issues``."""
    errors = [issue for issue in issues if issue.severity == "error"]
    kind = kind_of(report)
    figures = sum(
        1 for issue in errors if any(kind.has_field(f) and kind.field(f).is_number for f in issue.fields)
    )
    return len(errors), len(issues) - len(errors), figures


def _together(first: Checked, then: Checked) -> Checked:
    """Two parts of a file's checks as one: why a part could not be done, else the counts added."""
    if isinstance(then, str):
        return then
    if isinstance(first, str):
        return first
    return first[0] + then[0], first[1] + then[1], first[2] + then[2]


@dataclass(frozen=True)
class _Made:
    """What the roll-up made of the files counted, whatever their checks say."""

    mode: str
    report: Report
    notes: tuple[str, ...]
    sources: tuple[Source, ...]


def _copies(arrivals: Sequence[Arrival]) -> dict[int, str]:
    """The inputs whose bytes are an earlier input's (the same file in a folder and in a zip),
    each with the name of that earlier one."""
    first: dict[str, int] = {}
    copies: dict[int, str] = {}
    for i, arrival in enumerate(arrivals):
        if arrival.report is not None and arrival.sha256:
            earlier = first.setdefault(arrival.sha256, i)
            if earlier != i:
                copies[i] = arrivals[earlier].name
    return copies


def _error_notes(lines: Sequence[Line]) -> list[str]:
    """A note naming the counted files whose figures ``check`` finds wrong: they are summed all
    the same (the official decides), so the totals carry their errors."""
    wrong = [line.arrival.name for line in lines if line.status == COUNTED and line.figure_errors]
    if not wrong:
        return []
    more = f" và {len(wrong) - 5} tệp khác" if len(wrong) > 5 else ""
    shown = ", ".join(f"«{name}»" for name in wrong[:5]) + more
    return [f"Số liệu có lỗi trong {len(wrong)} tệp đã cộng vào tổng: {shown}; hãy xem lại với đơn vị."]


class _Plan:
    def __init__(
        self,
        kind: Kind,
        period: Period,
        parent: Parent | None,
        unit_names: Sequence[str] | None,
        lineage: Lineage,
    ):
        self.kind = kind
        self.period = period
        self.parent = parent
        self.lineage = lineage
        self.parent_key = self._group_key(parent.unit) if parent else None
        self.unit_names = list(unit_names) if unit_names is not None else None
        self.lines: dict[int, Line] = {}
        self._evaluations: dict[int, Evaluation] = {}
        self._checks: dict[int, Checked] = {}
        self._numbered: list[int] = []  # the files that could be read
        self._arrivals: Sequence[Arrival] = ()
        self._copies: dict[int, str] = {}  # an input that is a copy of an earlier one: that one's name
        self._names: dict[str, set[str]] = {}  # every name a group of files goes by
        self._sent: set[str] = set()  # the names of the groups counted
        self._gaps: list[Gap] = []
        self._unit_today: Unit | None = None
        self._histories: list[UnitHistory] = []
        self._shown: tuple[str, ...] = ()  # the units missing, and the periods a predecessor lacks
        self._made: _Made | None = None
        self._rows: tuple[RollupSource, ...] = ()  # the units' rows of a longer period (rollup_record.py)
        self._row_notes: list[str] = []

    # ------------------------------------------------------------ sorting the inputs
    def run(self, arrivals: Sequence[Arrival], figures: list[tuple[Evaluation | None, Checked]]) -> RollupRun:
        """Sort ``arrivals`` and roll up those counted; ``figures``: each readable file's
        evaluation and checks but for the content check (:meth:`FileChecks.figures`)."""
        self._arrivals = arrivals
        self._copies = _copies(arrivals)
        self._check_all(arrivals, figures)
        candidates = self._outside_roll_ups([i for i, a in enumerate(arrivals) if self._admit(i, a)])
        groups: dict[str, list[int]] = {}
        for i in candidates:
            report = arrivals[i].report
            assert report is not None
            key = self._group_key(report.unit)
            groups.setdefault(key, []).append(i)
            self._names.setdefault(key, set()).update(unit_keys(report.unit))
        if self._periods_mode(arrivals, groups):
            ((_key, indices),) = groups.items()
            return self._finish("periods", *self._periods(arrivals, indices))
        return self._finish("units", *self._units(arrivals, groups))

    def _group_key(self, unit: Unit) -> str:
        """The unit of today a report's unit is (itself, when the lineage does not know it)."""
        member = self.lineage.member(unit)
        return unit_key(member.succession.name) if member is not None else unit_key(unit.co_quan)

    def _admit(self, i: int, arrival: Arrival) -> bool:
        report = arrival.report
        if arrival.ignored:
            self._set(i, arrival, IGNORED, arrival.problem)
            return False
        if report is None:
            self._set(i, arrival, REFUSED, arrival.problem or "Không đọc được.")
            return False
        if i in self._copies:
            self._set(
                i, arrival, IGNORED, f"Giống hệt tệp «{self._copies[i]}» (cùng nội dung): chỉ tính một lần."
            )
            return False
        if report.kind != self.kind.id:
            self._set(i, arrival, REFUSED, f"Loại văn bản khác: «{self._title(report.kind)}».")
            return False
        if report.period != self.period and not _inside(report.period, self.period):
            self._set(
                i, arrival, REFUSED, f"Kỳ khác: {report.period.words()}, không thuộc {self.period.words()}."
            )
            return False
        why = self._unit_refusal(arrival, report)
        if why:
            self._set(i, arrival, REFUSED, why)
        return not why

    def _unit_refusal(self, arrival: Arrival, report: Report) -> str:
        """Why a report of the right kind and period is still not a unit's own: no unit named, a
        level the kind no longer has, or a roll-up of files that are among the inputs."""
        if unit_key(report.unit.co_quan) in ("", unit_key(PLACEHOLDER_UNIT.co_quan)):
            return "Báo cáo chưa ghi tên cơ quan ban hành: không biết là của đơn vị nào."
        if report.unit.cap not in self.kind.unit_levels:
            levels = "; ".join(LEVEL_WORDS.get(c, c) for c in self.kind.unit_levels)
            return (
                f"Đơn vị cấp {LEVEL_WORDS.get(report.unit.cap, report.unit.cap)}: {self.kind.title} "
                f"{self.period.words()} chỉ gồm đơn vị cấp {levels}."
            )
        again = self._inputs_rolled_in(arrival, report)
        if again:
            return f"Là báo cáo tổng hợp từ chính các tệp đã nhận ({again}): tính nữa thì bị cộng hai lần."
        return ""

    def _inputs_rolled_in(self, arrival: Arrival, report: Report) -> str:
        """The other inputs a rolled-up report was made from (by their hashes), named, when every
        one of its sources is among them: it adds nothing they do not (an earlier roll-up of
        this very folder). A roll-up some of whose sources came too is counted instead, and
        those files are left out (:meth:`_outside_roll_ups`)."""
        if report.rollup is None or not report.rollup.sources:
            return ""
        rolled = {source.sha256 for source in report.rollup.sources}
        found = {a.sha256: a.name for a in self._arrivals if a.report is not None and a is not arrival}
        if not rolled <= found.keys():
            return ""
        names = [found[sha] for sha in rolled]
        shown = ", ".join(f"«{name}»" for name in sorted(names)[:3])
        return shown + (f" và {len(names) - 3} tệp khác" if len(names) > 3 else "")

    def _outside_roll_ups(self, candidates: list[int]) -> list[int]:
        """The candidates less the files a counted roll-up among them was made from (a province's
        roll-up and one of its departments' own files, both sent to the ministry): those are
        in it already, and counted once, in it. So is another copy of such a file (a unit's
        corrected report, sent after its parent rolled up the first): its unit's figures for
        that period are in the roll-up, and summing it too would count them twice."""
        inside: dict[int, str] = {}
        rolls = [
            i for i in candidates if (r := self._arrivals[i].report) is not None and r.rollup is not None
        ]
        if not rolls:
            return candidates
        keys = {j: self._group_key(r.unit) for j in candidates if (r := self._arrivals[j].report) is not None}
        for i in rolls:
            report = self._arrivals[i].report
            if report is None or report.rollup is None or keys[i] == self.parent_key:
                continue
            hashes = {source.sha256 for source in report.rollup.sources}
            by_unit = self._sources_by_unit(report.rollup.sources)
            for j in candidates:
                if j == i or j in inside:
                    continue
                other = self._arrivals[j]
                if other.sha256 in hashes:
                    inside[j] = f"Đã tính trong báo cáo tổng hợp «{self._arrivals[i].name}» của "
                    inside[j] += f"{report.unit.ten_goi}: không cộng thêm lần nữa."
                elif other.report is not None:
                    earlier = _same_period(by_unit.get(keys[j], []), other.report.period)
                    if earlier is not None:
                        inside[j] = _counted_inside(other.report, self._arrivals[i].name, report, earlier)
        for j, why in inside.items():
            self._set(j, self._arrivals[j], REFUSED, why)
        return [i for i in candidates if i not in inside]

    def _sources_by_unit(self, sources: Sequence[RollupSource]) -> dict[str, list[RollupSource]]:
        """A roll-up's sources by the unit of today each is (a year's roll-up: four of one unit)."""
        by_unit: dict[str, list[RollupSource]] = {}
        for source in sources:
            by_unit.setdefault(self._group_key(_source_unit(source)), []).append(source)
        return by_unit

    def _periods_mode(self, arrivals: Sequence[Arrival], groups: dict[str, list[int]]) -> bool:
        if len(groups) != 1:
            return False
        ((key, indices),) = groups.items()
        shorter = all(self._report(arrivals, i).period != self.period for i in indices)
        return shorter and self.parent_key in (None, key)

    # ------------------------------------------------------------ units → parent
    def _units(
        self, arrivals: Sequence[Arrival], groups: dict[str, list[int]]
    ) -> tuple[list[Source], list[str]]:
        sources: list[tuple[tuple[int, Any], Source]] = []
        for key, indices in groups.items():
            if key == self.parent_key:
                name = self.parent.unit.ten_goi if self.parent else ""
                for i in indices:
                    self._set(
                        i, arrivals[i], REFUSED, f"Báo cáo của chính {name}: không cộng vào báo cáo tổng hợp."
                    )
                continue
            history = self._history(key, indices)
            order = self._list_position(key)
            if order is None:
                for i in indices:
                    self._set(i, arrivals[i], REFUSED, "Đơn vị không có trong danh sách đơn vị trực thuộc.")
                continue
            source = self._unit_source(history)
            if source is not None:
                sources.append(((order, alphabetical(source.label)), source))  # without a list: a–z
                self._sent.update(self._names[key])
        ordered = [s for _, s in sorted(sources, key=lambda item: item[0])]
        return ordered, self._missing()

    def _unit_source(self, history: UnitHistory) -> Source | None:
        parts = history.parts()
        whole = [p for p in parts if p.period == self.period]
        if whole:
            (chosen,) = whole
            why = f"Đã có báo cáo cả {self.period.words()}: «{chosen.file}»."
            for part in parts:
                for i in part.files if part is not chosen else ():
                    self._set(i, self._arrivals[i], SUPERSEDED, why)
            history.count(chosen, "báo cáo tổng hợp")
            label = history.label(chosen.report)
            return source_of(chosen.report, label, chosen.file, chosen.sha256, self.kind, chosen.values)
        tiled = self._tiled(parts)
        if tiled is None:
            return None
        last = tiled[-1].report
        base = self._blank(history.unit_today(last.unit), last.document, last, "periods")
        rolled = aggregate(self.kind, "periods", [self._part_source(p) for p in tiled], base)
        for part in tiled:
            history.count(part, f"{self.period.words()} của đơn vị, rồi vào báo cáo tổng hợp")
        names = ", ".join(p.file for p in tiled)
        digest = joined_hash(p.sha256 for p in tiled)
        return source_of(rolled.report, history.label(last), names, digest, self.kind)

    def _history(self, key: str, indices: list[int]) -> UnitHistory:
        """The files of one unit of today, with the names of its lineage added to the group's."""
        home = self.parent.unit if self.parent is not None and key == self.parent_key else None
        history = UnitHistory(self, self.kind.id, indices, self.lineage, home)
        succession = history.succession
        if succession is not None:
            self._names[key].update(succession.keys)
            self._names[key].update(k for f in succession.forebears for k in f.keys)
        self._histories.append(history)
        return history

    def _list_position(self, key: str) -> int | None:
        """The unit's place in the parent's list (0 without a list); None when it is not listed."""
        if self.unit_names is None:
            return 0
        names = self._names[key]
        for position, listed in enumerate(self.unit_names):
            if unit_key(listed) in names:
                return position
        return None

    def _missing(self) -> list[str]:
        if self.unit_names is None:
            return []
        return [name for name in self.unit_names if unit_key(name) not in self._sent]

    # ------------------------------------------------------------ periods → longer period
    def _periods(self, arrivals: Sequence[Arrival], indices: list[int]) -> tuple[list[Source], list[str]]:
        key = self._group_key(self._report(arrivals, indices[0]).unit)
        history = self._history(key, indices)
        parts = self._tiled(history.parts())
        if parts is None:
            return [], []
        for part in parts:
            history.count(part, self.period.words())
        self._unit_today = history.unit_today(parts[-1].report.unit)
        self._unit_rows(parts)
        return [self._part_source(p) for p in parts], []

    def _unit_rows(self, parts: list[Part]) -> None:
        """The units' rows over the period when every part is a roll-up of units (a province's
        year from its quarters): the forms list each unit, as its quarters' forms did."""
        records = {p.period: record for p in parts if (record := self._rolled_units(p)) is not None}
        if not records:
            return
        if len(records) < len(parts):
            own = [p.period.words() for p in parts if p.period not in records]
            self._row_notes.append(
                f"Biểu chỉ có một dòng (của cả đơn vị): {', '.join(own)} không phải báo cáo tổng hợp các "
                "đơn vị, nên không có số của từng đơn vị."
            )
            return
        rolled = [(p.file, records[p.period]) for p in parts]
        self._rows, partial = rows_over_periods(self.kind, self.period, rolled, self._row_key)
        if partial:
            self._row_notes.append(
                f"{named(partial)} không có trong báo cáo tổng hợp của mọi kỳ: dòng của đơn vị trong biểu "
                "cộng các kỳ có số của đơn vị; số từ kỳ trước chuyển qua (kỳ đầu) và số đang giải quyết "
                "(kỳ cuối) của kỳ đơn vị không có thì để trống."
            )

    def _rolled_units(self, part: Part) -> RollupRecord | None:
        """The record of a part that is a roll-up of units as it arrived (not the parts of a
        merged unit's old units, combined here for a period before the merger)."""
        record = part.report.rollup
        arrived = len(part.files) == 1 and self._arrivals[part.files[0]].report is part.report
        return record if arrived and record is not None and record.unit_rows else None

    def _row_key(self, row: RollupSource) -> str:
        return self._group_key(_source_unit(row))

    def _part_source(self, part: Part) -> Source:
        label = capitalised(part.period.words())
        return source_of(part.report, label, part.file, part.sha256, self.kind, part.values)

    def _tiled(self, parts: list[Part]) -> list[Part] | None:
        """Return the parts in order when their periods tile the period; else refuse all their files."""
        parts = sorted(parts, key=lambda p: p.period.cutoff())
        problem = tiling_problem(self.period, [p.period for p in parts])
        if problem:
            for part in parts:
                for i in part.files:
                    self._set(i, self._arrivals[i], REFUSED, problem)
            return None
        return parts

    # ------------------------------------------------------------ the result
    def _finish(self, mode: str, sources: list[Source], missing: list[str]) -> RollupRun:
        gaps = [gap for history in self._histories for gap in history.gaps]
        self._shown = (*missing, *(gap.words() for gap in gaps))  # a predecessor with the period it lacks
        if not sources:
            return self.assembled()
        base = self._base(sources, mode)
        kept = list(dict.fromkeys([*missing, *(gap.name for gap in gaps)]))
        made = aggregate(self.kind, mode, sources, base, kept, rows=self._rows)
        notes = [*(n for history in self._histories for n in history.notes), *made.notes, *self._row_notes]
        notes += self._sent_but_refused(missing)
        if mode == "units" and self.parent is None:
            notes.insert(
                0, "Chưa có thông tin đơn vị tổng hợp: báo cáo ghi tạm «(TÊN CƠ QUAN)»; hãy sửa lại."
            )
        self._made = _Made(mode, made.report, tuple(notes), tuple(sources))
        return self.assembled()

    def _sent_but_refused(self, missing: Sequence[str]) -> list[str]:
        """The listed units not counted that did send a file, each with that file and why it was
        refused (last month's file sent again, another kind): said «chưa gửi» alone, the unit
        phoned answers it has sent, and the right report is not asked for."""
        keys = {unit_key(name): name for name in missing}
        said: dict[str, str] = {}
        for line in (self.lines[i] for i in sorted(self.lines)):
            report = line.arrival.report
            if line.status != REFUSED or report is None:
                continue
            found = {self._group_key(report.unit), *unit_keys(report.unit)} & keys.keys()
            for key in found:
                said.setdefault(keys[key], f"«{line.arrival.name}»: {line.reason.rstrip('.')}")
        if not said:
            return []
        listed = [f"{name} ({said[name]})" for name in dict.fromkeys(missing) if name in said]
        shown = "; ".join(listed[:MISSING_SHOWN])
        more = f"; và {len(listed) - MISSING_SHOWN} đơn vị khác" if len(listed) > MISSING_SHOWN else ""
        return [
            f"Đơn vị chưa gửi báo cáo mà có tệp gửi đến không tính được: {shown}{more}. "
            "Hãy đề nghị đơn vị gửi lại đúng báo cáo."
        ]

    def assembled(self) -> RollupRun:
        """The run, with the checks of the files done so far."""
        lines = tuple(self._checked(self._arrivals, i) for i in range(len(self._arrivals)))
        made = self._made
        if made is None:
            problem = _nothing_problem(lines, self.kind.id)
            return RollupRun(self.kind.id, self.period, None, None, lines, self._shown, (), problem)
        notes = (*made.notes, *_error_notes(lines))
        return RollupRun(
            self.kind.id, self.period, made.mode, made.report, lines, self._shown, notes, "", made.sources
        )

    def add_checks(self, found: list[Checked]) -> None:
        """Add what another part of the checks ``found`` in each file that could be read."""
        for i, checked in zip(self._numbered, found, strict=True):
            self._checks[i] = _together(self._checks[i], checked)

    def _base(self, sources: list[Source], mode: str) -> Report:
        if self.parent is not None:
            return self._parent_base(self.parent, mode)
        if mode == "periods":
            last = sources[-1].report
            return self._blank(self._unit_today or last.unit, last.document, last, mode)
        return self._blank(PLACEHOLDER_UNIT, DocumentInfo(), None, mode)

    def _parent_base(self, parent: Parent, mode: str) -> Report:
        own = parent.own
        if own is not None and own.kind == self.kind.id:
            if own.period == self.period:
                document = fill_blanks(own.document, parent.document)
                return replace(own, unit=parent.unit, document=document, rollup=None)
            if own.period.cutoff()[1] < self.period.cutoff()[1]:
                try:  # as «Báo cáo mới» from it: its Nơi nhận, Lưu, signer, trích yếu moved
                    prefilled = new_report(self.kind, self.period, parent.unit, parent.document, own)
                    made = recipients_now(prefilled, parent.document, load_law()).report  # no huyện now
                    return replace(made, document=fill_blanks(made.document, parent.document))
                except PrefillError:
                    pass
        donor = own if own is not None and own.kind == self.kind.id else None
        document = parent.document
        if own is not None and donor is None:  # another kind's title (a plan's) is not this report's
            document = replace(document, trich_yeu="")
        return self._blank(parent.unit, document, donor, mode)

    def _blank(self, unit: Unit, document: DocumentInfo, donor: Report | None, mode: str) -> Report:
        """A blank report of the period; ``donor`` (the unit's last period) gives what is not rolled up."""
        written_for = donor.period if donor is not None else None
        base = blank_report(self.kind, self.period, unit, document_for(document, written_for, self.period))
        if donor is None:
            return base
        answers = dict(base.answers)
        for f in self.kind.fields():
            value = donor.answers.get(f.id)
            if value is None or f.is_number or field_rule(self.kind, f, mode) != "none":
                continue
            if isinstance(value, str) and f.type in ("text", "paragraphs"):
                value = move_period_text(value, donor.period, self.period)[0]
            answers[f.id] = value
        return replace(
            base, answers=answers, sources={k: "carried" for k in answers if k not in base.answers}
        )

    def _check_all(self, arrivals: Sequence[Arrival], done: list[tuple[Evaluation | None, Checked]]) -> None:
        """Take each readable file's evaluation and checks, but for the content check."""
        self._numbered = [i for i, a in enumerate(arrivals) if a.report is not None]
        for i, (ev, checked) in zip(self._numbered, done, strict=True):
            if ev is not None:
                self._evaluations[i] = ev
            self._checks[i] = checked

    def _checked(self, arrivals: Sequence[Arrival], i: int) -> Line:
        arrival = arrivals[i]
        line = self.lines.get(i) or Line(arrival, REFUSED, "Không dùng được.")
        checked = self._checks.get(i)
        if arrival.report is None or checked is None:
            return line
        if isinstance(checked, str):
            return replace(line, reason=f"{line.reason} (không kiểm tra được: {checked})")
        errors, warnings, figure_errors = checked
        values = self._evaluations[i].shown_values()
        return replace(line, errors=errors, warnings=warnings, values=values, figure_errors=figure_errors)

    # ------------------------------------------------------------ small helpers
    def _evaluation(self, arrivals: Sequence[Arrival], i: int) -> Evaluation:
        """The report's evaluation, computed once per file (for its figures and its checks)."""
        if i not in self._evaluations:
            self._evaluations[i] = evaluate_report(self._report(arrivals, i))
        return self._evaluations[i]

    def _set(self, i: int, arrival: Arrival, status: str, reason: str) -> None:
        self.lines[i] = Line(arrival, status, reason, self._successor(arrival))

    def _successor(self, arrival: Arrival) -> str:
        """The unit of today a file under a former name or a predecessor's name stands for."""
        member = self.lineage.member(arrival.report.unit) if arrival.report is not None else None
        if member is None or (member.forebear is None and not member.former_name):
            return ""
        return member.succession.name

    # ------------------------------------------------------------ the files, for UnitHistory
    def report(self, i: int) -> Report:
        return self._report(self._arrivals, i)

    def values(self, i: int) -> Mapping[str, Any]:
        return self._evaluation(self._arrivals, i).shown_values()

    def file_name(self, i: int) -> str:
        return self._arrivals[i].name

    def file_hash(self, i: int) -> str:
        return self._arrivals[i].sha256

    def newest(self, indices: list[int]) -> int:
        return self._newest(self._arrivals, indices)

    def decide(self, i: int, status: str, reason: str) -> None:
        self._set(i, self._arrivals[i], status, reason)

    @staticmethod
    def _report(arrivals: Sequence[Arrival], i: int) -> Report:
        report = arrivals[i].report
        assert report is not None
        return report

    def _newest(self, arrivals: Sequence[Arrival], indices: list[int]) -> int:
        """The newest of several reports of one unit and period: saved time, then document date.

        A file that says when it was saved is newer than one that does not: the unit updated its
        app in between (older releases do not say it), and the other's time is only when it was
        copied or downloaded (all of a mail's attachments at once: after the correction)."""

        def when(i: int) -> tuple[bool, datetime, date, int]:
            return arrivals[i].stamped, _saved(arrivals[i]), _issued(self._report(arrivals, i)), -i

        return max(indices, key=when)

    @staticmethod
    def _title(kind_id: str) -> str:
        try:
            return catalogue.family(kind_id).title
        except ValueError:
            return kind_id


def document_for(document: DocumentInfo, written_for: Period | None, period: Period) -> DocumentInfo:
    """The document part of a rolled-up report: số and ngày blank, and a trích yếu typed for
    another period (the last quarter's, the parent's previous report's) moved to ``period``,
    as a prefill moves it: a year made from quarters never says «quý IV năm 2025»."""
    trich_yeu = document.trich_yeu
    if written_for is not None and written_for != period:
        trich_yeu = move_period_text(trich_yeu, written_for, period)[0]
    return replace(document, so="", ngay=None, trich_yeu=trich_yeu)


def _saved(arrival: Arrival) -> datetime:
    return arrival.saved or datetime.min


def _issued(report: Report) -> date:
    ngay = report.document.ngay
    if isinstance(ngay, tuple):
        return date(ngay[0], ngay[1], 1)
    return ngay or date.min


def _nothing_problem(lines: Sequence[Line], kind_id: str) -> str:
    if not lines:
        return "Chưa có tệp nào để tổng hợp."
    reasons = sorted({line.reason.rstrip(".") for line in lines if line.status != COUNTED})
    said = "Không có báo cáo nào tính được: " + "; ".join(reasons[:3]) + "."
    periods = {r.period for line in lines if (r := line.arrival.report) is not None and r.kind == kind_id}
    if len(periods) == 1:
        (period,) = periods
        said += f" Các báo cáo nhận được là của {period.words()}: hãy chọn kỳ đó."
    return said


# ---------------------------------------------------------------- the parent's list of units

# The largest list a file may hold: every unit's name at its longest, in 4-byte characters, with
# as much again for comments and blank lines.
UNIT_LIST_BYTES = 2 * MAX_LISTED_UNITS * (4 * MAX_NAME_LENGTH + 2)


def parse_unit_names(text: str) -> list[str]:
    """Read a list of units: one name a line (tên cơ quan or tên gọi, as on the units' reports).

    Blank lines and lines starting with "#" are skipped; a name given twice counts once. A list
    copied from a table in Excel or Word keeps only the name: a line's cells (split at tabs)
    give their first that is not a number, a heading line («STT ⇥ Tên đơn vị») is skipped, and
    a number or a dash before a name («1. Sở Nội vụ», «- Sở Nội vụ») is left out. This is the
    format of ``--units FILE`` and of the list kept in the app. RollupError when too long.
    """
    names: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = _listed_name(raw.replace("\ufeff", ""))
        if not line or line.startswith("#"):
            continue
        if len(line) > MAX_NAME_LENGTH:
            raise RollupError(f"Dòng {number} của danh sách đơn vị dài quá {MAX_NAME_LENGTH} ký tự.")
        names.setdefault(unit_key(line), line)
        if len(names) > MAX_LISTED_UNITS:
            raise RollupError(f"Danh sách đơn vị có quá {MAX_LISTED_UNITS} đơn vị.")
    return list(names.values())


# How a table of units copied from Excel or Word numbers its rows: «1», «01.», «1.1», «a)» before a
# unit; «I», «II.», «A» before a group of units (a heading row, not a unit).
_UNIT_CELL = re.compile(r"(?:\d{1,4}(?:\.\d{1,3})*|[a-zđ])\s*[.)]?")
_GROUP_CELL = re.compile(r"(?:[IVXLC]{1,7}|[A-ZĐ])\s*[.)]?")
# In a one-column list, a number needs its «.» or «)» to be one («3 Tháng 2» may be a name).
_UNIT_MARK = re.compile(r"^(?:\d{1,4}(?:\.\d{1,3})*\s*[.)]|[a-zđ]\)|[-–•+*])\s+")
_GROUP_MARK = re.compile(r"^[IVXLC]{1,7}\s*[.)]\s+")
_HEADINGS = frozenset(
    {"stt", "tt", "số tt", "số thứ tự", "tên đơn vị", "đơn vị", "tên cơ quan", "cơ quan", "danh sách đơn vị"}
)


def _listed_name(raw: str) -> str:
    """The unit's name on one line of a list; "" for a heading or a group's row.

    A row of a table copied from Excel or Word (cells split at tabs) names the unit in its
    first cell that is not a number; one whose first cell is «I», «II» or «A» is a group's
    heading. A line of one cell loses a number or a dash before the name («1. Sở Nội vụ»).
    """
    cells = [cell for cell in (" ".join(part.split()) for part in raw.split("\t")) if cell]
    if not cells or _heading(cells[0]):
        return ""
    if len(cells) > 1:
        if _GROUP_CELL.fullmatch(cells[0]):
            return ""
        return next((cell for cell in cells if not _UNIT_CELL.fullmatch(cell)), "")
    line = cells[0]
    if line.startswith("#"):
        return line  # a comment: the caller skips it
    if _GROUP_MARK.match(line) or _UNIT_CELL.fullmatch(line):
        return ""
    return _UNIT_MARK.sub("", line, count=1)


def _heading(cell: str) -> bool:
    return cell.rstrip(".:").strip().lower() in _HEADINGS


# ---------------------------------------------------------------- periods that tile a period


def _inside(part: Period, whole: Period) -> bool:
    (a, b), (c, d) = part.cutoff(), whole.cutoff()
    return c <= a and b <= d and (a, b) != (c, d)


def tiling_problem(whole: Period, parts: Sequence[Period]) -> str:
    """Return "" when ``parts`` (sorted) cover ``whole`` exactly once, else what is missing or doubled."""
    start, end = whole.cutoff()
    cursor = start
    problems: list[str] = []
    previous: Period | None = None
    for part in parts:
        a, b = part.cutoff()
        if a > cursor:
            problems.append(f"thiếu {gap_words(cursor, a - timedelta(days=1), parts)}")
        elif a < cursor and previous is not None:
            problems.append(f"{part.words()} trùng với {previous.words()}")
        cursor = max(cursor, b + timedelta(days=1))
        previous = part
    if cursor <= end:
        problems.append(f"thiếu {gap_words(cursor, end, parts)}")
    if not problems:
        return ""
    return f"Các kỳ không ghép đủ {whole.words()}: " + "; ".join(problems) + "."


def gap_words(first: date, last: date, near: Sequence[Period]) -> str:
    """Name the periods that make up the range ``first``–``last`` ("quý III năm 2025"), else the dates."""
    types = [*dict.fromkeys([p.type for p in near if p.type in GAP_TYPES]), *GAP_TYPES]
    for ptype in dict.fromkeys(types):
        found = _periods_in(ptype, first, last)
        if found:
            return ", ".join(p.words() for p in found)
    return f"khoảng từ ngày {format_short_date(first)} đến ngày {format_short_date(last)}"


def _periods_in(ptype: str, first: date, last: date) -> list[Period]:
    """The periods of ``ptype`` that tile ``first``–``last`` exactly, or []."""
    found: list[Period] = []
    cursor = first
    for year in range(first.year, last.year + 2):
        for number in range(1, {"thang": 12, "quy": 4, "6thang": 2}[ptype] + 1):
            try:
                period = Period(ptype, year, number)
            except PeriodError:
                continue
            a, b = period.cutoff()
            if a == cursor and b <= last:
                found.append(period)
                cursor = b + timedelta(days=1)
    return found if found and cursor == last + timedelta(days=1) else []
