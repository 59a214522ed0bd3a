"""A new period pre-filled from the previous one (Qt-free, pure functions).

Every field follows the ``prefill`` policy of its kind:

- ``carry`` copies the previous value (stock figures, standing text, tables);
- ``reset`` leaves it empty (flow figures), or takes the field's ``default``;
- ``from: <id>`` takes the previous report's *evaluated* value of ``<id>`` (so a total that
  filled itself from its parts carries over: ``hs_ky_truoc`` ← ``hs_dang_giai_quyet``).

Carried text then moves with the period (:func:`move_period_text`), and every edit is
returned as a :class:`Change` so that the official sees what was rewritten.

How period words move (one left-to-right pass over the text, so that two substitutions
never cascade: "quý II" → "quý III" is never followed by "quý III" → "quý IV"):

- the previous period in any usual form ("quý II năm 2024", "Quý II/2024", "quý II - năm
  2024", "QUÝ II NĂM 2024", "tháng 01/2024", "6 tháng đầu năm 2024", "năm 2023", the exact
  words of a custom range) becomes the new period, in the same form when both periods have
  the same type, otherwise in the new period's words ("6 tháng đầu năm 2024" → "năm 2024");
- the period after the previous one (the "phương hướng … quý III năm 2024" of a quarter II
  report) becomes the period after the new one ("quý IV năm 2024");
- when both periods have the same type, the period before the previous one ("Trong Quý
  I/2024, …" of a quarter II report) becomes the period before the new one;
- between two quarterly (or two monthly) reports, a quarter (month) written without its year
  ("nhiệm vụ quý III") moves the same way;
- the capitalisation of the original is kept ("Quý" / "quý" / "QUÝ").

How dates move (only when the new period is at least one whole year after the previous one,
counted between the ends of their cut-off ranges: plan 2024 → plan 2025, annual report 2023
→ 2024; never between consecutive quarters or months). A date "dd/mm/yyyy", "d/m/yyyy" or
"ngày d tháng m năm yyyy" whose year is the previous period's year or the year after it
moves by that number of years (29/02 becomes 28/02 in a year that is not a leap year) only
when it is a deadline, that is:

- it is the whole content of a table cell, list line or paragraph line ("31/01/2024"), or
- it directly follows a deadline word: "trước", "đến", "đến hết", "tới", "hạn", "hạn chót",
  "thời hạn", "chậm nhất (là)", "hoàn thành", each optionally followed by ":" and "ngày"
  ("Trước ngày 31/01/2024", "Hạn: 15/3/2024"), or "từ ngày …" when a range "… đến ngày …"
  follows it;

- it stands in a cell of a column the kind marks ``deadline = true`` («Thời gian hoàn thành»),
  wherever in the cell ("30/6/2024 và 15/12/2024", "Hằng quý, trước ngày 10/3, 10/6, 10/9,
  10/12/2024"); there a month or quarter written with its year alone ("Tháng 6, 12/2024",
  "Quý I, III/2024") moves too, and a 29/02 written without its year becomes 28/02 when the
  year it falls in is no longer a leap year;

and never when it directly follows a document number ("Kế hoạch số 302/KH-UBND ngày
30/12/2023", "Quyết định số 20/QĐ-UBND ngày 09/01/2024"): a plain "ngày dd/mm/yyyy" cites a
document and is kept (in a deadline cell, so is the rest of the citation up to a comma, a
bracket or a deadline word: :func:`cited_in_deadline`). Quarters and months written with a
year that are not one of the mapped periods ("Quý III/2024" in a plan's table) move by the
same number of years unless they follow a document number; a bare "năm 2024" only moves as
a period word. Top-level ``date`` fields are not moved (they usually cite a document); ``date``
cells of a table are deadlines and move.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from desktop_app.report import catalogue
from desktop_app.report.answers import DocumentInfo, Report, Signer, Unit, coerce
from desktop_app.report.expressions import ExpressionError, render_text
from desktop_app.report.figures import evaluate
from desktop_app.report.kinds import LEVEL_WORDS, Field, Kind, KindError
from desktop_app.report.periods import Period, PeriodError, issue_month_on
from desktop_app.report.review_marks import REVIEW_MARK, is_mark_line
from desktop_app.report.wording import period_context
from desktop_app.vnformat import format_month, format_short_date, roman


class PrefillError(ValueError):
    """A new report cannot be built from what was given; the message is Vietnamese."""


@dataclass(frozen=True)
class Change:
    """One edit made in carried text, for the official to review."""

    field: str
    before: str
    after: str
    description: str
    where: str = ""  # inside the field: "đoạn 2", "dòng 3, cột «Thời gian hoàn thành»"


@dataclass(frozen=True)
class PrefillResult:
    """The new report, what was rewritten in its carried text, and notes for the official.

    ``last_year`` holds the evaluated number values of the same period last year when one was
    given: the :class:`Report` has no place for them (its ``previous`` is the previous period).
    """

    report: Report
    changes: tuple[Change, ...] = ()
    last_year: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()  # "«label» (id)" of the previous report the new version has not


@dataclass(frozen=True)
class TextEdit:
    """One substitution made by :func:`move_period_text`."""

    before: str
    after: str
    description: str


# ---------------------------------------------------------------- building reports


def fill_blanks(document: DocumentInfo, defaults: DocumentInfo) -> DocumentInfo:
    """Return ``document`` with what the previous report left empty taken from the unit's defaults
    (its usual Kính gửi, Nơi nhận and signer).

    A previous signer without a name (written in by hand at signing) gives way only to a unit's
    signer that says something: its «GIÁM ĐỐC» is not dropped for an empty signature block."""
    signer = document.nguoi_ky
    if not signer.ho_ten.strip() and _says_something(defaults.nguoi_ky):
        signer = defaults.nguoi_ky
    return replace(
        document,
        kinh_gui=document.kinh_gui or defaults.kinh_gui,
        noi_nhan=document.noi_nhan or defaults.noi_nhan,
        nguoi_ky=signer,
    )


def document_from(donor: Report, kind_id: str, period: Period) -> DocumentInfo:
    """The document part a new report of ``kind_id`` and ``period`` takes from another report of its
    unit (``new --unit-from``): số and ngày blank, and the trích yếu moved to ``period`` when the
    donor is of the same kind, dropped (the kind's own is printed) when it is of another: a plan
    made with a quarterly report's unit said «Công tác kiểm soát … trong quý II năm 2024»."""
    document = replace(donor.document, so="", ngay=None)
    if donor.kind != kind_id:
        return replace(document, trich_yeu="")
    return replace(document, trich_yeu=move_period_text(document.trich_yeu, donor.period, period)[0])


def _says_something(signer: Signer) -> bool:
    return any(part.strip() for part in (signer.chuc_vu, signer.ho_ten, signer.quyen_han))


def new_report(
    kind: Kind | str,
    period: Period,
    unit: Unit,
    document: DocumentInfo,
    previous: Report | None = None,
    *,
    previous_same_period_last_year: Report | None = None,
) -> PrefillResult:
    """Return the report of ``period`` pre-filled from ``previous`` by the kind's policies."""
    kind = catalogue.in_force(kind, period) if isinstance(kind, str) else kind
    check_period(kind, period)
    check_unit(kind, unit)
    notes: list[str] = []
    if previous is None:
        last_year = last_year_numbers(kind, period, previous_same_period_last_year, notes)
        report = replace(blank_report(kind, period, unit, document), last_year=last_year)
        return PrefillResult(report, (), last_year, tuple(notes))
    check_previous(kind, period, previous)
    made = carried_over(kind, period, unit, document, previous, continuity=True)
    notes = list(made.notes)
    last_year = last_year_numbers(kind, period, previous_same_period_last_year, notes)
    report = replace(made.report, last_year=last_year)
    return PrefillResult(report, made.changes, last_year, tuple(notes), made.dropped)


def carried_over(
    kind: Kind, period: Period, unit: Unit, document: DocumentInfo, donor: Report, *, continuity: bool = False
) -> PrefillResult:
    """Return the report of ``period`` with what ``donor`` passes on by the kind's policies, its
    words moved to ``period``; no check of the donor's period (:func:`new_report` makes them).

    ``continuity``: add the note that the donor is not the period just before. The report's
    ``previous`` holds the donor's numbers; it has no ``last_year``.
    """
    values = _evaluated(_kind_of(donor, kind), donor)
    dropped = _dropped(kind, donor)
    mover = _Mover(donor.period, period)
    notes: list[str] = []
    answers: dict[str, Any] = {}
    sources: dict[str, str] = {}
    changes: list[Change] = []
    unreviewed: list[str] = []
    for f in kind.fields():
        if f.computed:
            continue
        value = _prefilled(f, donor, values, notes, unreviewed, period)
        if _filled(value):
            answers[f.id] = _move_value(f, value, mover, changes)
            sources[f.id] = "carried"
        elif f.default is not None:
            answers[f.id] = _default(f, period, unit)
            sources[f.id] = "default"
    if continuity:
        notes.extend(_continuity_notes(donor.period, period))
    if unreviewed:
        notes.append(
            f"Phần chữ gộp từ các báo cáo khác mà kỳ trước chưa xem lại (dưới dòng «{REVIEW_MARK} …») "
            f"không chuyển sang kỳ mới: {', '.join(f'«{label}»' for label in unreviewed)}."
        )
    notes.extend(_version_notes(kind, donor, dropped))
    report = Report(
        kind=kind.id,
        kind_version=kind.version,
        period=period,
        unit=unit,
        document=_new_document(donor.document, mover, changes),
        answers=answers,
        sources=sources,
        previous=_numbers(kind, values),
    )
    return PrefillResult(report, tuple(changes), {}, tuple(notes), dropped)


def dated_after_year_turn(report: Report, plans_ahead: bool, today: date) -> Report:
    """``report`` with its undated document dated in ``today``'s month, its day left to the clerk,
    when it is made after the year of its usual issue day has turned (quý IV/2026 or the plan of
    2027 made on 02/01/2027): its date line would otherwise print last year's «năm 2026»."""
    month = issue_month_on(report.period, today, plans_ahead)
    if month is None or report.document.ngay is not None:
        return report
    return replace(report, document=replace(report.document, ngay=month))


def blank_report(kind: Kind | str, period: Period, unit: Unit, document: DocumentInfo) -> Report:
    """Return a new empty report of ``period``: only the fields' defaults are filled."""
    kind = catalogue.in_force(kind, period) if isinstance(kind, str) else kind
    check_period(kind, period)
    check_unit(kind, unit)
    answers: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for f in kind.fields():
        if f.default is not None and not f.computed:
            answers[f.id] = _default(f, period, unit)
            sources[f.id] = "default"
    document = replace(document, so="", ngay=None)
    return Report(kind.id, period, unit, document, answers, sources, {}, kind_version=kind.version)


def merge_predecessors(reports: list[Report], *, kind: Kind | None = None) -> Report:
    """Return one report standing for several predecessor units of the same kind and period.

    For a unit that succeeded several old units (the 2025 mergers): every typed or total
    number field is the SUM of the predecessors' evaluated values (None + None = None,
    None + 3 = 3); shares are left to be computed again, and typed percentages (read off a
    portal) cannot be added, so they are left empty. Every other field (text, paragraphs,
    lines, tables, choices, dates, booleans) is taken from the FIRST report that has it, in
    the order given; so are the unit and the document. ``kind`` defaults to the reports' kind.
    """
    if not reports:
        raise PrefillError("Cần ít nhất một báo cáo của đơn vị cũ để gộp.")
    first = reports[0]
    kind = kind or catalogue.kind_of(first)
    for r in reports[1:]:
        if r.kind != first.kind:
            raise PrefillError(
                f"Không gộp được báo cáo loại «{r.kind}» với «{kind.title}»: khác loại văn bản."
            )
        if r.period != first.period:
            raise PrefillError(
                f"Không gộp được báo cáo {r.period.words()} với báo cáo {first.period.words()}: "
                "các đơn vị cũ phải báo cáo cùng một kỳ."
            )
    evaluated = [_evaluated(kind, r) for r in reports]
    answers: dict[str, Any] = {}
    previous: dict[str, Any] = {}
    for f in kind.fields():
        if f.computed:
            continue
        if f.is_number:
            if f.percent:
                continue
            total = _sum(v.get(f.id) for v in evaluated)
            earlier = _sum(r.previous.get(f.id) for r in reports)
            if total is not None:
                answers[f.id] = coerce(f, total)
            if earlier is not None:
                previous[f.id] = earlier
        else:
            value = next((r.answers[f.id] for r in reports if _filled(r.answers.get(f.id))), None)
            if value is not None:
                answers[f.id] = value
    return Report(
        first.kind, first.period, first.unit, first.document, answers, {}, previous, kind_version=kind.version
    )


WRITTEN_TYPES = ("text", "paragraphs", "lines", "table")  # what an old unit wrote of its own


def predecessor_texts_left_out(reports: list[Report], *, kind: Kind | None = None) -> list[str]:
    """Say, per old unit, which of its texts :func:`merge_predecessors` did not take: a text is
    taken from the first report that has it, so another old commune's own account of the same
    section is not in the new report. [] for one report, or when the texts are the same."""
    if len(reports) < 2:
        return []
    kind = kind or catalogue.kind_of(reports[0])
    taken = merge_predecessors(reports, kind=kind).answers
    notes = []
    for r in reports[1:]:
        left = [
            f.label
            for f in kind.fields()
            if not f.computed
            and f.type in WRITTEN_TYPES
            and f.prefill.mode in ("carry", "carry_year")  # a text begun afresh takes no old unit's
            and _filled(r.answers.get(f.id))
            and r.answers.get(f.id) != taken.get(f.id)
        ]
        if left:
            notes.append(
                f"Phần viết của «{r.unit.ten_goi}» ở các mục {', '.join(f'«{x}»' for x in left)} không "
                "được đưa vào báo cáo mới (mỗi mục lấy phần chữ của một đơn vị cũ, "
                f"«{reports[0].unit.ten_goi}» trước): hãy viết lại các mục ấy cho cả đơn vị mới."
            )
    return notes


# ---------------------------------------------------------------- checks


def check_unit(kind: Kind, unit: Unit) -> None:
    """Refuse a unit whose level the kind's version is not written for (huyện after 30/6/2025)."""
    if unit.cap in kind.unit_levels:
        return
    levels = "; ".join(LEVEL_WORDS.get(c, c) for c in kind.unit_levels)
    since = f" (áp dụng từ {format_short_date(kind.valid_from)})" if kind.valid_from else ""
    raise PrefillError(
        f"{kind.title}, phiên bản {kind.version}{since}, chỉ dành cho đơn vị cấp: {levels}. "
        f"Đơn vị «{unit.ten_goi}» là cấp {LEVEL_WORDS.get(unit.cap, unit.cap)}: hãy lập báo cáo cho "
        "đơn vị kế thừa (Công cụ › Thêm đơn vị…, ô «Kế thừa đơn vị cũ»), hoặc chọn kỳ trước ngày áp dụng."
    )


def _kind_of(report: Report, fallback: Kind) -> Kind:
    try:
        return catalogue.kind_of(report)
    except KindError:
        return fallback


def _dropped(kind: Kind, previous: Report) -> tuple[str, ...]:
    """Name the filled fields of ``previous`` that ``kind`` (another version) does not have."""
    own = _kind_of(previous, kind)
    gone = [i for i, v in previous.answers.items() if _filled(v) and not kind.has_field(i)]
    return tuple(f"«{own.field(i).label}» ({i})" if own.has_field(i) else i for i in gone)


def _version_notes(kind: Kind, previous: Report, dropped: tuple[str, ...]) -> list[str]:
    if not dropped:
        return []
    since = f" (áp dụng từ {format_short_date(kind.valid_from)})" if kind.valid_from else ""
    return [
        f"Mẫu của kỳ mới{since} không còn {len(dropped)} trường có số liệu ở kỳ trước, "
        "không chuyển sang: " + "; ".join(dropped) + "."
    ]


def check_period(kind: Kind, period: Period) -> None:
    """Refuse a period the kind is not written for, or a period that is not valid."""
    if period.type not in kind.periods:
        raise PrefillError(
            f"{kind.title} không lập theo kỳ «{period.short_label()}»; "
            f"các loại kỳ dùng được: {', '.join(kind.periods)}."
        )
    problems = period.problems()
    if problems:
        raise PrefillError("Kỳ báo cáo không hợp lệ: " + " ".join(problems))


def check_previous(kind: Kind, period: Period, previous: Report) -> None:
    """Refuse a previous report of another kind, or one that does not end before ``period``."""
    if previous.kind != kind.id:
        raise PrefillError(
            f"Tệp kỳ trước là loại văn bản «{previous.kind}», không phải «{kind.id}» ({kind.title})."
        )
    if previous.period.cutoff()[1] >= period.cutoff()[1]:
        raise PrefillError(
            f"Kỳ trước «{previous.period.words()}» phải kết thúc trước kỳ mới «{period.words()}»: "
            "hãy chọn báo cáo của kỳ trước đó, hoặc kiểm tra lại kỳ báo cáo."
        )


def _continuity_notes(old: Period, new: Period) -> list[str]:
    old_end = old.cutoff()[1]
    new_start = new.cutoff()[0]
    if old_end + timedelta(days=1) == new_start:
        return []
    return [
        f"Kỳ trước «{old.words()}» không liền ngay trước kỳ mới «{new.words()}» (tính từ ngày "
        f"{format_short_date(new_start)}): các số «từ kỳ trước chuyển qua» được lấy từ báo cáo "
        "đó, hãy kiểm tra lại."
    ]


# ---------------------------------------------------------------- values


def _evaluated(kind: Kind, report: Report) -> Mapping[str, Any]:
    """The report's values with totals and shares filled (``checks.evaluate_report``).

    Evaluated with the ``kind`` object itself, so that a kind file outside the resources
    folder (tests, a kind being written) works too.
    """
    return evaluate(kind, report.answers, cap=report.unit.cap, loai_ky=report.period.type).values


def _numbers(kind: Kind, values: Mapping[str, Any]) -> dict[str, Any]:
    return {f.id: values[f.id] for f in kind.fields() if f.is_number and values.get(f.id) is not None}


def last_year_numbers(
    kind: Kind, period: Period, report: Report | None, notes: list[str] | None = None
) -> dict[str, Any]:
    if report is None:
        return {}
    if report.kind != kind.id:
        raise PrefillError(
            f"Báo cáo cùng kỳ năm trước là loại văn bản «{report.kind}», không phải «{kind.id}»."
        )
    expected = _same_period_last_year(period)
    if notes is not None and expected is not None and report.period != expected:
        notes.append(
            f"Báo cáo «cùng kỳ năm trước» là {report.period.words()}, không phải {expected.words()}."
        )
    return _numbers(kind, _evaluated(kind, report))


def _same_period_last_year(period: Period) -> Period | None:
    try:
        return period.same_period_last_year()
    except PeriodError:
        return None


def _prefilled(
    f: Field,
    previous: Report,
    values: Mapping[str, Any],
    notes: list[str],
    unreviewed: list[str],
    period: Period,
) -> Any:
    match f.prefill.mode:
        case "carry":
            return _reviewed_part(f, previous.answers.get(f.id), unreviewed)
        case "carry_year" if previous.period.year == period.year:  # a total since January
            return _reviewed_part(f, previous.answers.get(f.id), unreviewed)
        case "from" if f.prefill.source is not None:
            value = values.get(f.prefill.source)
            if value is None:
                return None
            try:
                return coerce(f, value)
            except ValueError as exc:
                notes.append(f"Không lấy được «{f.label}» từ kỳ trước: {exc}")
                return None
    return None


def _reviewed_part(f: Field, value: Any, unreviewed: list[str]) -> Any:
    """A carried text without what a roll-up gathered and nobody reviewed: the units' words under
    their «Cần xem lại» lines belong to their period, and moved to the new one they would pass
    for its own (a roll-up made next would show each unit twice). What stands before the first
    mark line is the drafter's and is kept; ``unreviewed`` gets the label of a field cut."""
    if f.type != "paragraphs" or not isinstance(value, str) or REVIEW_MARK not in value:
        return value
    lines = value.split("\n")
    first = next(i for i, line in enumerate(lines) if is_mark_line(line))
    unreviewed.append(f.label)
    return "\n".join(lines[:first]).strip() or None


def _default(f: Field, period: Period, unit: Unit) -> Any:
    """The field's default as a value of its type; a default text may use ``{{ ky }}`` etc."""
    default = f.default
    if isinstance(default, str) and "{{" in default:
        with suppress(ExpressionError):
            default = render_text(default, period_context(period, unit))
    try:
        return coerce(f, default)
    except ValueError:
        return f.default


def _sum(values: Iterable[Any]) -> Any:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _filled(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != ()


def _new_document(doc: DocumentInfo, mover: _Mover, changes: list[Change]) -> DocumentInfo:
    """The document part of a new report: Kính gửi, Nơi nhận, lưu, người ký kept; số, ngày blank.

    A trích yếu typed for the previous report names its period: it moves with the period.
    """
    trich_yeu, edits = mover.move(doc.trich_yeu)
    changes.extend(Change("trich_yeu", e.before, e.after, f"Trích yếu: {e.description}") for e in edits)
    return replace(doc, so="", ngay=None, trich_yeu=trich_yeu)


# ---------------------------------------------------------------- moving carried values


def _move_value(f: Field, value: Any, mover: _Mover, changes: list[Change]) -> Any:
    """Return ``value`` with its period words and deadlines moved; add the edits to ``changes``."""

    def move(text: str, where: str, deadline: bool = False) -> str:
        moved, edits = mover.move(text, deadline)
        changes.extend(Change(f.id, e.before, e.after, e.description, where) for e in edits)
        return moved

    if f.type == "text" and isinstance(value, str):
        return move(value, "")
    if f.type == "paragraphs" and isinstance(value, str):
        lines = value.split("\n")
        many = len([line for line in lines if line.strip()]) > 1
        return "\n".join(move(line, f"đoạn {i}" if many else "") for i, line in enumerate(lines, 1))
    if f.type == "lines" and isinstance(value, list):
        return [move(str(line), f"dòng {i}") for i, line in enumerate(value, 1)]
    if f.type == "table" and isinstance(value, list):
        columns = {c.id: c for c in f.columns}
        rows = []
        for i, row in enumerate(value, 1):
            new_row = dict(row)
            for cid, cell in row.items():
                column = columns.get(cid)
                where = f"dòng {i}, cột «{column.label if column else cid}»"
                if isinstance(cell, str) and (column is None or column.type == "text"):
                    new_row[cid] = move(cell, where, column is not None and column.deadline)
                elif isinstance(cell, date):
                    new_row[cid] = mover.move_date_value(cell, f.id, where, changes)
            rows.append(new_row)
        return rows
    return value


def move_period_text(text: str, previous: Period, new: Period) -> tuple[str, tuple[TextEdit, ...]]:
    """Return ``text`` written for ``new`` instead of ``previous``, and the edits made.

    See the module docstring for the rules. The text is treated as one cell or line: a date
    that is the whole text counts as a deadline.
    """
    moved, edits = _Mover(previous, new).move(text)
    return moved, tuple(edits)


def whole_years_between(previous: Period, new: Period) -> int:
    """Return how many whole years lie between the ends of the two periods' cut-off ranges."""
    a, b = previous.cutoff()[1], new.cutoff()[1]
    months = (b.year * 12 + b.month) - (a.year * 12 + a.month) - (1 if b.day < a.day else 0)
    return max(months // 12, 0)


# Words of periods and dates. Each alternative is a named group; the first that matches at
# the leftmost place wins, so a longer phrase ("6 tháng đầu năm 2024", "ngày 12 tháng 5 năm
# 2020") is taken whole before a shorter one inside it ("năm 2024", "tháng 5").
_YEAR = r"\d{4}(?!\d)"
_TAIL = r"(?:\s*/\s*(?P<{p}y1>" + _YEAR + r")|\s*(?:[-–,]\s*)?năm\s+(?P<{p}y2>" + _YEAR + r"))"
_PATTERNS = (
    r"(?P<sdate>(?<!\w)ngày\s+(?P<sd_d>\d{1,2})\s+tháng\s+(?P<sd_m>\d{1,2})\s+năm\s+(?P<sd_y>"
    + _YEAR
    + r"))",
    r"(?P<date>(?<![\d/])(?P<d_d>\d{1,2})/(?P<d_m>\d{1,2})/(?P<d_y>" + _YEAR + r")(?!/))",
    r"(?P<half>(?<![\w/])(?:6|06|sáu)\s+tháng\s+(?P<h_w>đầu|cuối)\s+năm\s+(?P<h_y>" + _YEAR + r"))",
    r"(?P<nine>(?<![\w/])(?:9|09|chín)\s+tháng\s+(?:đầu\s+)?năm\s+(?P<n_y>" + _YEAR + r"))",
    r"(?P<quarter>(?<!\w)qu[ýí]\s+(?P<q_n>IV|I{1,3}|[1-4])(?!\w)" + _TAIL.replace("{p}", "q_") + r"?)",
    r"(?P<month>(?<!\w)tháng\s+(?P<m_n>\d{1,2})(?!\d)" + _TAIL.replace("{p}", "m_") + r"?)",
    r"(?P<year>(?<!\w)năm\s+(?P<y_y>" + _YEAR + r"))",
)
# In a column of deadlines only (a kind's ``deadline = true``): a month or quarter written with its
# year alone ("Tháng 6, 12/2026", "Quý I, III/2026"), and a day without its year ("trước 29/02,
# 31/8/2028"). Elsewhere "01/2020" may be a document's number.
_DEADLINE_PATTERNS = (
    r"(?P<part>(?<![\w/])(?P<p_n>IV|I{1,3}|0?[1-9]|1[0-2])\s*/\s*(?P<p_y>" + _YEAR + r")(?![\d/]))",
    r"(?P<day>(?<![\d/])(?P<dd_d>\d{1,2})/(?P<dd_m>\d{1,2})(?![\d/]))",
)
_FLAGS = re.IGNORECASE
_CUE = re.compile(
    r"(?<!\w)(?:trước|đến(?:\s+hết)?|tới|hạn(?:\s+chót)?(?:\s+là)?|chậm\s+nhất(?:\s+là)?|"
    r"hoàn\s+thành(?:\s+trước)?)\s*:?\s*(?:(?:vào\s+)?ngày\s+)?$",
    _FLAGS,
)
_RANGE_START = re.compile(r"(?<!\w)từ\s+(?:ngày\s+)?$", _FLAGS)
_RANGE_END = re.compile(r"\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?\d", _FLAGS)
_DOCUMENT_NUMBER = re.compile(r"\S*\d\S*/\S+\s+(?:ngày\s+)?$", _FLAGS)
# A cited document's number ("12/KH-UBND", "01/2020/TT-VPCP"; no flag: its code is in capitals),
# and what ends its citation in a deadline cell: a sign, or a word that starts a deadline.
_CITED_NUMBER = re.compile(r"(?<![\w/])\d+/(?:\d{4}/)?[A-ZĐ][\w&-]*")
_CITATION_END = re.compile(
    r"[,;:()…]|(?<!\w)(?:trước|đến|tới|hạn|chậm\s+nhất|hoàn\s+thành|trong|hằng|hàng|định\s+kỳ)(?!\w)",
    _FLAGS,
)
# A law's or plan's number written without its code ("Thông tư 01/2026", "Quyết định số 5/2026").
_CITED_WORD = re.compile(
    r"(?<!\w)(?:số|thông\s+tư|nghị\s+định|quyết\s+định|nghị\s+quyết|chỉ\s+thị|kế\s+hoạch|"
    r"công\s+văn|văn\s+bản)\s*$",
    _FLAGS,
)
_EDGE = " \t.,;:"


@dataclass(frozen=True)
class _Mapping:
    source: Period
    target: Period
    label: str


class _Mover:
    """Move the words of ``old`` to ``new`` (and deadlines by whole years) in carried text."""

    def __init__(self, old: Period, new: Period) -> None:
        self.old = old
        self.new = new
        self.years = whole_years_between(old, new)
        first = old.start.year if old.type == "tuy_chon" and old.start else old.year
        self.movable_years = frozenset(range(first, old.year + 2))
        self.mappings = _mappings(old, new)
        patterns = list(_PATTERNS)
        if old.type == "tuy_chon":
            start, end = old.cutoff()
            span = f"từ ngày {format_short_date(start)} đến ngày {format_short_date(end)}"
            literal = [re.escape(w).replace(r"\ ", r"\s+") for w in (old.words(), span)]
            patterns.insert(0, r"(?P<custom>" + "|".join(literal) + ")")
        self.regex = re.compile("|".join(patterns), _FLAGS)
        self.deadline_regex = re.compile("|".join((*patterns, *_DEADLINE_PATTERNS)), _FLAGS)

    # -------------------------------------------------------------- text

    def move(self, text: str, deadline: bool = False) -> tuple[str, list[TextEdit]]:
        """Return ``text`` moved, and the edits; ``deadline``: the text is a cell of a column of
        deadlines, where every date, month and quarter that no document cites is a deadline."""
        edits: list[TextEdit] = []

        def replace_match(m: re.Match[str]) -> str:
            found = self._replacement(m)
            if found is None:
                return m.group(0)
            after, description = found
            if after != m.group(0):
                edits.append(TextEdit(m.group(0), after, description))
            return after

        return (self.deadline_regex if deadline else self.regex).sub(replace_match, text), edits

    def _replacement(self, m: re.Match[str]) -> tuple[str, str] | None:
        if "custom" in m.re.groupindex and m.group("custom") is not None:
            return self._custom(m)
        if _in_deadline_cell(m) and cited_in_deadline(m.string, m.start()):
            return None  # a cited document's date or title year is its own, whatever the period
        for name, handler in self._handlers():
            if m.group(name) is not None:
                try:
                    return handler(m)
                except PeriodError:  # a year outside 1900–2100: not a period word
                    return None
        return None

    def _handlers(self) -> tuple[tuple[str, Callable[[re.Match[str]], tuple[str, str] | None]], ...]:
        return (
            ("sdate", self._date),
            ("date", self._date),
            ("half", self._half),
            ("nine", self._nine),
            ("quarter", self._quarter),
            ("month", self._month),
            ("year", self._year),
            ("part", self._part),
            ("day", self._day),
        )

    def _custom(self, m: re.Match[str]) -> tuple[str, str]:
        target = self.new
        if m.group(0).lower().startswith("từ") and target.type == "tuy_chon":
            start, end = target.cutoff()
            words = f"từ ngày {format_short_date(start)} đến ngày {format_short_date(end)}"
        else:
            words = target.words()
        after = _same_case(m.group(0), words)
        return after, f"Đổi kỳ báo cáo: «{m.group(0)}» → «{after}»."

    # -------------------------------------------------------------- period words

    def _mapped(
        self, m: re.Match[str], found: Period, in_place: Callable[[Period], list[tuple[str, str]]]
    ) -> tuple[str, str] | None:
        """Return the replacement of a matched period that is one of the mapped periods."""
        for mapping in self.mappings:
            if mapping.source != found:
                continue
            target = mapping.target
            if target.type == found.type:
                after = _substitute(m, in_place(target))
            else:
                slash = "/" in m.group(0) and target.type in ("quy", "thang")
                after = _same_case(m.group(0), target.short_label() if slash else target.words())
            return after, f"Đổi {mapping.label}: «{m.group(0)}» → «{after}»."
        return None

    def _shifted(
        self, m: re.Match[str], year: int, in_place: Callable[[int], list[tuple[str, str]]]
    ) -> tuple[str, str] | None:
        """Move a quarter, month or half-year that is not a mapped period by whole years."""
        if not self.years or year not in self.movable_years or self._cited(m):
            return None
        after = _substitute(m, in_place(year + self.years))
        return after, f"Dời mốc thời gian sang năm {year + self.years}: «{m.group(0)}» → «{after}»."

    def _half(self, m: re.Match[str]) -> tuple[str, str] | None:
        year = int(m.group("h_y"))
        found = Period("6thang", year, 1 if m.group("h_w").lower() == "đầu" else 2)

        def in_place(p: Period) -> list[tuple[str, str]]:
            return [
                ("h_w", _same_case(m.group("h_w"), "đầu" if p.number == 1 else "cuối")),
                ("h_y", str(p.year)),
            ]

        return self._mapped(m, found, in_place) or self._shifted(m, year, lambda y: [("h_y", str(y))])

    def _nine(self, m: re.Match[str]) -> tuple[str, str] | None:
        year = int(m.group("n_y"))
        found = Period("9thang", year)
        return self._mapped(m, found, lambda p: [("n_y", str(p.year))]) or self._shifted(
            m, year, lambda y: [("n_y", str(y))]
        )

    def _quarter(self, m: re.Match[str]) -> tuple[str, str] | None:
        text_n = m.group("q_n")
        number = _ROMAN_VALUES.get(text_n.upper()) or int(text_n)
        year_group = "q_y1" if m.group("q_y1") else "q_y2" if m.group("q_y2") else None

        def in_place(p: Period) -> list[tuple[str, str]]:
            n = p.number or 1
            parts = [("q_n", roman(n) if text_n.isalpha() else str(n))]
            return parts + ([(year_group, str(p.year))] if year_group else [])

        if year_group is None:
            return self._bare(m, "quy", number, in_place)
        group: str = year_group
        year = int(m.group(group))
        return self._mapped(m, Period("quy", year, number), in_place) or self._shifted(
            m, year, lambda y: [(group, str(y))]
        )

    def _month(self, m: re.Match[str]) -> tuple[str, str] | None:
        text_n = m.group("m_n")
        number = int(text_n)
        if not 1 <= number <= 12 or _SPELLED_DAY.search(m.string, 0, m.start()):
            return None
        year_group = "m_y1" if m.group("m_y1") else "m_y2" if m.group("m_y2") else None

        def in_place(p: Period) -> list[tuple[str, str]]:
            parts = [("m_n", _month_text(text_n, p.number or 1))]
            return parts + ([(year_group, str(p.year))] if year_group else [])

        if year_group is None:
            return self._bare(m, "thang", number, in_place)
        group: str = year_group
        year = int(m.group(group))
        return self._mapped(m, Period("thang", year, number), in_place) or self._shifted(
            m, year, lambda y: [(group, str(y))]
        )

    def _bare(
        self, m: re.Match[str], ptype: str, number: int, in_place: Callable[[Period], list[tuple[str, str]]]
    ) -> tuple[str, str] | None:
        """A quarter or month written without its year moves only between periods of its type."""
        if not (self.old.type == self.new.type == ptype):
            return None
        for mapping in self.mappings:
            if mapping.source.number == number and mapping.source.type == ptype:
                after = _substitute(m, in_place(mapping.target))
                return after, f"Đổi {mapping.label}: «{m.group(0)}» → «{after}»."
        return None

    def _year(self, m: re.Match[str]) -> tuple[str, str] | None:
        year = int(m.group("y_y"))
        return self._mapped(m, Period("nam", year), lambda p: [("y_y", str(p.year))])

    def _part(self, m: re.Match[str]) -> tuple[str, str] | None:
        """A month or quarter written "12/2026", "III/2026" in a deadline cell, unless a number."""
        if _CITED_WORD.search(m.string, max(0, m.start() - 30), m.start()):
            return None  # "Thông tư 01/2026": a document
        return self._shifted(m, int(m.group("p_y")), lambda y: [("p_y", str(y))])

    def _day(self, m: re.Match[str]) -> tuple[str, str] | None:
        """A 29/02 without its year in a deadline cell ("trước 29/02, 31/8/2028") becomes 28/02 when
        the year it falls in (the next year written in the cell, else the new period's) is not a leap
        year once moved."""
        if (int(m.group("dd_d")), int(m.group("dd_m"))) != (29, 2) or not self.years:
            return None
        written = re.search(r"(?<!\d)(?:19|20|21)\d\d(?!\d)", m.string[m.end() :])
        year = int(written.group(0)) + self.years if written else self.new.year
        if (written and int(written.group(0)) not in self.movable_years) or calendar.isleap(year):
            return None
        after = _substitute(m, [("dd_d", "28")])
        return (
            after,
            f"Dời thời hạn sang năm {year}: «{m.group(0)}» → «{after}» (năm {year} không có ngày 29/02).",
        )

    # -------------------------------------------------------------- dates

    def _date(self, m: re.Match[str]) -> tuple[str, str] | None:
        spelled = m.group("sdate") is not None
        d_group, m_group, y_group = ("sd_d", "sd_m", "sd_y") if spelled else ("d_d", "d_m", "d_y")
        try:
            found = date(int(m.group(y_group)), int(m.group(m_group)), int(m.group(d_group)))
        except ValueError:
            return None
        if not self.years or found.year not in self.movable_years or not self._is_deadline(m, spelled):
            return None
        moved, leap = _add_years(found, self.years)
        parts = [(y_group, str(moved.year))]
        if leap:
            parts.append((d_group, "28"))
        after = _substitute(m, parts)
        note = f" (năm {moved.year} không có ngày 29/02)" if leap else ""
        return after, f"Dời thời hạn sang năm {moved.year}: «{m.group(0)}» → «{after}»{note}."

    def _is_deadline(self, m: re.Match[str], spelled: bool) -> bool:
        return _in_deadline_cell(m) or is_deadline(m.string, m.start(), m.end(), spelled)

    def _cited(self, m: re.Match[str]) -> bool:
        """A cited document's date (in a deadline cell, any part of its citation: there a date
        list's "10/9, " is no document number)."""
        if _in_deadline_cell(m):
            return cited_in_deadline(m.string, m.start())
        return after_document_number(m.string, m.start())

    def move_date_value(self, value: date, field_id: str, where: str, changes: list[Change]) -> date:
        """Move a ``date`` table cell (a deadline) by the whole years between the periods."""
        if not self.years or value.year not in self.movable_years:
            return value
        moved, leap = _add_years(value, self.years)
        note = f" (năm {moved.year} không có ngày 29/02)" if leap else ""
        before, after = format_short_date(value), format_short_date(moved)
        changes.append(
            Change(
                field_id,
                before,
                after,
                f"Dời thời hạn sang năm {moved.year}: «{before}» → «{after}»{note}.",
                where,
            )
        )
        return moved


def _in_deadline_cell(m: re.Match[str]) -> bool:
    return "part" in m.re.groupindex


def cited_in_deadline(text: str, start: int) -> bool:
    """True when what stands at ``text[start:]`` in a deadline cell belongs to a cited document:
    its date ("Kế hoạch số 12/KH-UBND ngày 15/01/2026"), or its title after its number up to a
    comma, colon, bracket or a deadline word ("…, trước 30/6/2026" is the deadline again)."""
    line_start = text.rfind("\n", 0, start) + 1
    numbers = list(_CITED_NUMBER.finditer(text, line_start, start))
    return bool(numbers) and not _CITATION_END.search(text, numbers[-1].end(), start)


def after_document_number(text: str, start: int) -> bool:
    """True when ``text[start:]`` follows a cited document's number ("Kế hoạch số 302/KH-UBND
    ngày …"): that date is the document's, never moved nor read as a deadline."""
    return bool(_DOCUMENT_NUMBER.search(text[max(0, start - 80) : start]))


def is_deadline(text: str, start: int, end: int, spelled: bool = False) -> bool:
    """True when the date at ``text[start:end]`` is a deadline (see the module docstring): the
    whole line, or right after a deadline word, never right after a document number.
    ``spelled``: the date is written "ngày d tháng m năm yyyy" and starts at its "ngày"."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start]
    if not before.strip(_EDGE) and not text[end:line_end].strip(_EDGE):
        return True
    if after_document_number(text, start):
        return False
    tail = before + ("ngày " if spelled else "")
    if _CUE.search(tail):
        return True
    return bool(_RANGE_START.search(tail) and _RANGE_END.match(text, end))


_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4}
# "ngày 12 tháng 5" without a year: a date, not a month.
_SPELLED_DAY = re.compile(r"(?<!\w)ngày\s+\d{1,2}\s+$", _FLAGS)


def _mappings(old: Period, new: Period) -> tuple[_Mapping, ...]:
    """The periods whose words move: the previous period, the one after it, the one before it."""
    found = [_Mapping(old, new, "kỳ báo cáo")]
    if old.type != "tuy_chon" and new.type != "tuy_chon":
        with suppress(PeriodError):  # no period after 2100
            found.append(_Mapping(old.following(), new.following(), "kỳ tiếp theo"))
        if old.type == new.type:
            with suppress(PeriodError):
                found.append(_Mapping(old.previous(), new.previous(), "kỳ liền trước"))
    single_year = old.start is not None and old.end is not None and old.start.year == old.end.year
    if old.type == "tuy_chon" and single_year and new.type in ("nam", "tuy_chon"):
        found.append(_Mapping(Period("nam", old.year), Period("nam", new.year), "năm báo cáo"))
    sources = [m.source for m in found]
    return tuple(m for i, m in enumerate(found) if m.source not in sources[:i] and m.source != m.target)


def _substitute(m: re.Match[str], parts: list[tuple[str, str]]) -> str:
    """Return the matched text with the named groups replaced (the rest kept as written)."""
    text = m.group(0)
    base = m.start()
    for name, value in sorted(parts, key=lambda p: m.start(p[0]), reverse=True):
        start, end = m.start(name) - base, m.end(name) - base
        text = text[:start] + value + text[end:]
    return text


def _same_case(original: str, words: str) -> str:
    """Write ``words`` with the capitalisation of ``original`` ("Quý", "quý", "QUÝ")."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters if c.lower() != c.upper()):
        return words.upper()
    if letters and letters[0].isupper():
        return words[:1].upper() + words[1:]
    return words[:1].lower() + words[1:]


def _month_text(original: str, month: int) -> str:
    """Write ``month`` as the original was written: "01" for "01", "2" for "1", "01" for "12"."""
    if original.startswith("0"):
        return f"{month:02d}"
    if len(original) == 1:
        return str(month)
    return format_month(month)


def _add_years(d: date, years: int) -> tuple[date, bool]:
    """Return ``d`` ``years`` later (29/02 becomes 28/02 when needed), and whether it did."""
    try:
        return d.replace(year=d.year + years), False
    except ValueError:
        return d.replace(year=d.year + years, day=28), True
