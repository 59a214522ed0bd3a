"""Roll-up (tổng hợp): one report made from several, as the kind says (pure functions).

Two roll-ups, named as the kind files name them:

- ``"units"``: reports of different units for the same period become the parent's report;
- ``"periods"``: one unit's reports of consecutive periods become the report of the longer period.

Each field follows its rule (:func:`field_rule`): the kind's ``aggregate`` key, else a default.

=========  ==================================================================================
rule       what the rolled-up report gets
=========  ==================================================================================
``sum``    numbers: the sum of the sources' figures (a source without the figure adds nothing);
           paragraphs: the parent's own text, then each source's under a «Cần xem lại» line;
           tables: every source's rows then the parent's own (the kind's ``unit_column`` names
           the unit, its ``number_column`` is numbered again, its ``group_column``'s groups of
           one name become one); lines: every source's lines, once each
``first``  the first source's value (periods: the first period's, e.g. "từ kỳ trước")
``last``   the last source's value (periods: the stock at the last cut-off)
``none``   not rolled up: the parent's own value
=========  ==================================================================================

Defaults: in ``"units"`` every figure is summed; in ``"periods"`` they follow ``prefill``:
``reset`` → sum, ``from:`` → first, ``carry`` → last. Typed percentages cannot be added
(``none``); paragraphs and tables are gathered (``sum``); other texts, choices, dates and tick
boxes stay the parent's (``none``). Computed shares are never aggregated: they are computed
again from the summed parts (90/100 and 1/10 give 91/110 = 82,73 %). A total takes its parts'
common rule, or is computed from its aggregated parts when they differ (received = new, summed,
+ carried in, the first period's). A source that gave a total without its split leaves that
split unknown in the result (never a partial sum posing as the whole): the total stays right.

>>> result = aggregate(kind, "units", [source_of(a, "Sở A"), source_of(b, "Sở B")], base)  # doctest: +SKIP
>>> result.report.answers["hs_moi_truc_tuyen"]                                             # doctest: +SKIP
130
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.report.answers import MAX_TEXT_CHARS, Report, dumps_report
from desktop_app.report.catalogue import kind_of
from desktop_app.report.figures import evaluate
from desktop_app.report.kinds import Field, Kind
from desktop_app.report.lineage import unit_key
from desktop_app.report.placeholders import fill_placeholders
from desktop_app.report.review_marks import mark_line
from desktop_app.report.rollup_record import (
    MODE_PERIODS,
    MODE_UNITS,
    MODES,
    RollupRecord,
    RollupSource,
    figure_value,
)
from desktop_app.report.wording import period_context
from desktop_app.vnformat import format_number

PREFILL_RULES = {"reset": "sum", "from": "first", "carry": "last", "carry_year": "last"}
RECORD_MODES = {kind_word: record_word for record_word, kind_word in MODES.items()}
NAMES_SHOWN = 3


@dataclass(frozen=True)
class Source:
    """One report being rolled up, with its evaluated values and where it came from."""

    label: str  # the unit's name (units), or the period's words (periods)
    report: Report
    values: Mapping[str, Any]
    file: str = ""
    sha256: str = ""


@dataclass(frozen=True)
class Aggregated:
    """The rolled-up report and what the official should know about how it was made."""

    report: Report
    notes: tuple[str, ...] = ()


def source_of(
    report: Report,
    label: str,
    file: str = "",
    sha256: str = "",
    kind: Kind | None = None,
    values: Mapping[str, Any] | None = None,
) -> Source:
    """Return ``report`` as a source; without ``sha256`` the hash of its answer-file text is used.

    ``values``: the report's evaluated values when the caller has them already.
    """
    kind = kind or kind_of(report)
    if values is None:
        values = evaluate(
            kind, report.answers, cap=report.unit.cap, loai_ky=report.period.type
        ).shown_values()
    digest = sha256 or hashlib.sha256(dumps_report(report).encode("utf-8")).hexdigest()
    return Source(label, report, values, file, digest)


# ---------------------------------------------------------------- rules


def field_rule(kind: Kind, f: Field, mode: str) -> str:
    """Return how ``f`` is rolled up in ``mode``: sum, first, last, none, any, or compute / parts."""
    if f.computed:
        return "compute"
    own = f.aggregate_rule(mode)
    if own:
        return own
    if f.parts:
        rules = {field_rule(kind, kind.field(p), mode) for p in f.parts}
        return rules.pop() if len(rules) == 1 else "parts"
    if f.is_number:
        if f.percent:
            return "none"
        return "sum" if mode == "units" else PREFILL_RULES[f.prefill.mode]
    return "sum" if f.type in ("paragraphs", "table") else "none"


def _read(rule: str, count: int) -> range:
    """The positions of the sources a rule reads."""
    if rule == "sum":
        return range(count)
    if rule in ("first", "last") and count:
        return range(0, 1) if rule == "first" else range(count - 1, count)
    return range(0)


# ---------------------------------------------------------------- figures


def aggregate_figures(
    kind: Kind,
    mode: str,
    figures: Sequence[Mapping[str, Any]],
    own: Mapping[str, Any] | None = None,
    labels: Sequence[str] = (),
) -> tuple[dict[str, Any], list[str]]:
    """Return the rolled-up value of every number field, and notes, from the sources' ``figures``.

    ``figures`` are the sources' evaluated values, in order; ``own`` the parent's own answers
    (for the fields that are not rolled up). Totals are in the result too (their parts may be
    unknown when a source gave only the total). Shares are left out: they are computed again.
    """
    own = own or {}
    values: dict[str, Any] = {}
    for f in kind.fields():
        if f.is_number and not f.computed:
            rule = field_rule(kind, f, mode)
            values[f.id] = own.get(f.id) if rule == "none" else _combine(rule, [v.get(f.id) for v in figures])
    names = list(labels) or [f"nguồn {i}" for i in range(1, len(figures) + 1)]
    notes = _unknown_splits(kind, mode, figures, values, names)
    notes += _carried_twice(kind, mode, figures, values, names)
    for total_id in kind.figure_order:
        total = kind.field(total_id)
        if total.parts and field_rule(kind, total, mode) == "parts":
            notes += _parts_total(kind, total, values)
        elif total.parts and field_rule(kind, total, mode) == "none":
            _own_total(total, values)
    return values, notes


def _own_total(total: Field, values: dict[str, Any]) -> None:
    """The parent's own total, from its own parts when it gave them and not the total: a saved
    report keeps a total equal to its parts' sum unwritten (it is computed), so the total taken
    from the parent's answers alone was missing, and said to be left for the drafter."""
    parts = [values.get(p) for p in total.parts]
    if values.get(total.id) is None and all(p is not None for p in parts):
        values[total.id] = sum(parts)


def _parts_total(kind: Kind, total: Field, values: dict[str, Any]) -> list[str]:
    """Compute a total whose parts follow different rules; when one is unknown, leave them all empty.

    A report fills a total from the parts it knows, so one known part alone would pose as the
    whole (received = 10 carried in, when the new dossiers are unknown).
    """
    parts = [values.get(p) for p in total.parts]
    if all(p is not None for p in parts):
        values[total.id] = sum(parts)
        return []
    values[total.id] = None
    cleared = [p for p in total.parts if values.get(p) is not None]
    for p in cleared:
        values[p] = None
    if not cleared:
        return []
    labels = ", ".join(f"«{kind.field(p).label}»" for p in cleared)
    return [
        f"«{total.label}» không tính được vì thiếu số chi tiết; {labels} cũng để trống cho tổng khỏi sai."
    ]


def _combine(rule: str, values: list[Any]) -> Any:
    if rule == "sum":
        known = [v for v in values if v is not None]
        return sum(known) if known else None
    read = _read(rule, len(values))
    return values[read[0]] if read else None


def _unknown_splits(
    kind: Kind, mode: str, figures: Sequence[Mapping[str, Any]], values: dict[str, Any], names: list[str]
) -> list[str]:
    """Leave a part unknown when a source it reads gave a total above it but not the part itself."""
    notes: list[str] = []
    for part_id, totals in _totals_above(kind).items():
        rule = field_rule(kind, kind.field(part_id), mode)
        lacking: dict[int, str] = {}
        for i in _read(rule, len(figures)):
            known = [t for t in totals if figures[i].get(t) is not None]
            if known and figures[i].get(part_id) is None:
                lacking[i] = known[0]
        if lacking and values.get(part_id) is not None:
            values[part_id] = None
            total = kind.field(next(iter(lacking.values())))
            notes.append(
                f"«{kind.field(part_id).label}» để trống: {named([names[i] for i in lacking])} "
                f"chỉ ghi «{total.label}», không có số chi tiết."
            )
    return notes


def _carried_twice(
    kind: Kind, mode: str, figures: Sequence[Mapping[str, Any]], values: dict[str, Any], names: list[str]
) -> list[str]:
    """Leave unknown a figure that counts the items carried in (``includes_carried``) when a period
    after the first carried some in, or did not say: summed, an item carried on would count in both
    periods (PAKN «về quy định» 9 + «về hành vi» 3 against 11 received in the year). While no later
    period carried any in, the sum is exact and kept."""
    if mode != "periods":
        return []
    cleared: dict[str, tuple[list[str], dict[int, None]]] = {}
    for f in kind.fields():
        if not f.includes_carried or values.get(f.id) is None or field_rule(kind, f, mode) != "sum":
            continue
        later = [i for i in range(1, len(figures)) if figures[i].get(f.id) is not None]
        twice = [i for i in later if figures[i].get(f.includes_carried) != 0]
        if twice:
            values[f.id] = None
            labels, periods = cleared.setdefault(f.includes_carried, ([], {}))
            labels.append(f"«{f.label}»")
            periods.update(dict.fromkeys(twice))
    return [
        f"{', '.join(labels)} để trống: số của mỗi kỳ tính cả «{kind.field(carried).label}», mà "
        f"{named([names[i] for i in periods])} có số này (hoặc không ghi), nên cộng các kỳ thì một "
        "việc chuyển kỳ bị tính hai lần; hãy điền số của cả kỳ tổng hợp."
        for carried, (labels, periods) in cleared.items()
    ]


def _totals_above(kind: Kind) -> dict[str, list[str]]:
    """Each part of a total, with every total above it (nearest first)."""
    parents: dict[str, list[str]] = {}
    for f in kind.fields():
        for part in f.parts:
            parents.setdefault(part, []).append(f.id)
    above: dict[str, list[str]] = {}
    for part in parents:
        found: list[str] = []
        queue = list(parents[part])
        while queue:
            total = queue.pop(0)
            if total not in found:
                found.append(total)
                queue += parents.get(total, [])
        above[part] = found
    return above


# ---------------------------------------------------------------- the report


def aggregate(
    kind: Kind,
    mode: str,
    sources: Sequence[Source],
    base: Report,
    missing: Sequence[str] = (),
    whole: bool = True,
    rows: tuple[RollupSource, ...] = (),
) -> Aggregated:
    """Return the report rolled up from ``sources`` (in the order of the forms' rows).

    ``base`` is the parent's own report for the period (its unit, document and the values of the
    fields that are not rolled up); ``missing`` names the listed units that sent nothing.
    ``whole``: False for a part of a roll-up (old units' reports combined into their successor's):
    what is not added up is said of the whole only. ``rows``: the units' rows over the period,
    when the sources are the parent's own periods (:func:`rows_over_periods`).
    """
    labels = [s.label for s in sources]
    own_label = base.unit.ten_goi if mode == "units" else ""  # periods: the unit's own rows already
    figures, notes = aggregate_figures(kind, mode, [s.values for s in sources], base.answers, labels)
    notes += _partial_notes(kind, mode, sources, figures)
    notes += _not_added_notes(kind, mode, sources, figures) if whole else []
    answers = {k: v for k, v in base.answers.items() if not kind.has_field(k) or not kind.field(k).is_number}
    answers.update(_stored_figures(kind, figures))
    sources_of = {k: v for k, v in base.sources.items() if k in answers and not kind.field(k).is_number}
    left_out: list[tuple[str, int]] = []
    for f in kind.fields():
        if f.is_number:
            continue
        rule = field_rule(kind, f, mode)
        own = base.answers.get(f.id)
        if f.type == "table" and base.sources.get(f.id) == "carried":
            own = None  # last period's rows (the plan of last year), not this period's own: not again
        value = _gathered(f, rule, sources, own, left_out, own_label)
        if value is None or value in ("", []):
            answers.pop(f.id, None)
            sources_of.pop(f.id, None)
            continue
        answers[f.id] = value
        if rule != "none" and value != base.answers.get(f.id):
            sources_of[f.id] = "carried"  # the wizard shows the section «Cần xem lại»
    if left_out:
        fields = "; ".join(f"«{label}»: {count} đơn vị" for label, count in left_out)
        notes.append(
            f"Phần viết của các đơn vị dài quá một ô (tối đa {format_number(MAX_TEXT_CHARS)} ký tự), "
            f"không đưa hết vào được: {fields}. Tên các đơn vị ấy ở cuối từng phần."
        )
    record = RollupRecord(
        RECORD_MODES[mode], tuple(_record_source(kind, s) for s in sources), tuple(missing), rows
    )
    report = replace(base, answers=answers, sources=sources_of, rollup=record)
    return Aggregated(report, tuple(notes))


def _stored_figures(kind: Kind, figures: Mapping[str, Any]) -> dict[str, Any]:
    """The figures to store: a total equal to the sum of its known parts is left to compute itself."""
    stored = {k: v for k, v in figures.items() if v is not None}
    for total in (f for f in kind.fields() if f.parts):
        parts = [figures[p] for p in total.parts if figures.get(p) is not None]
        if total.id in stored and len(parts) == len(total.parts) and sum(parts) == stored[total.id]:
            del stored[total.id]
    return stored


def _partial_notes(kind: Kind, mode: str, sources: Sequence[Source], figures: Mapping[str, Any]) -> list[str]:
    """Say which sources lacked figures the others summed: one note per set of such sources
    (counted among the sources of the levels that report the figure)."""
    lacking_by: dict[tuple[tuple[str, ...], int], list[str]] = {}
    for f in kind.fields():
        if not f.is_number or f.computed or f.parts or field_rule(kind, f, mode) != "sum":
            continue
        reporting = [s for s in sources if _reports(f, s)]
        lacking = tuple(s.label for s in reporting if s.values.get(f.id) is None)
        if lacking and len(lacking) < len(reporting) and figures.get(f.id) is not None:
            lacking_by.setdefault((lacking, len(reporting)), []).append(f.label)
    notes = []
    for (lacking, count), labels in lacking_by.items():
        shown = ", ".join(f"«{label}»" for label in labels[:NAMES_SHOWN])
        more = f" và {len(labels) - NAMES_SHOWN} số khác" if len(labels) > NAMES_SHOWN else ""
        notes.append(
            f"{named(lacking)} không có {shown}{more}: "
            f"các số này được cộng từ {count - len(lacking)}/{count} nguồn."
        )
    return notes


def _not_added_notes(
    kind: Kind, mode: str, sources: Sequence[Source], figures: Mapping[str, Any]
) -> list[str]:
    """Say which figures the sources wrote that the kind does not add up (a typed share, a
    score, a unit's own count of procedures) and the parent has not given: the rolled-up report
    leaves them empty for the drafter, and an empty box must not pass unseen."""
    labels = [
        f.label
        for f in kind.fields()
        if f.is_number
        and not f.computed
        and field_rule(kind, f, mode) == "none"
        and figures.get(f.id) is None
        and any(s.values.get(f.id) is not None for s in sources)
    ]
    if not labels:
        return []
    shown = ", ".join(f"«{label}»" for label in labels[:NAMES_SHOWN])
    more = f" và {len(labels) - NAMES_SHOWN} số khác" if len(labels) > NAMES_SHOWN else ""
    whose = "các kỳ (tỷ lệ, điểm)"
    if mode == "units":
        whose = "các đơn vị (tỷ lệ, điểm, số riêng của từng đơn vị)"
    said = "nên còn để trống; hãy điền số của báo cáo tổng hợp."
    return [f"{shown}{more}: không cộng từ số của {whose} {said}"]


def _reports(f: Field, source: Source) -> bool:
    """True when ``source``'s unit is of a level that reports ``f`` (every level, unless the kind
    names some): a sở has no «Cấp xã» figure to lack."""
    return not f.unit_levels or source.report.unit.cap in f.unit_levels


def named(names: Sequence[str]) -> str:
    """The first names, and how many more there are ("Sở A, Sở B, Sở C và 2 nguồn khác")."""
    shown = ", ".join(names[:NAMES_SHOWN])
    rest = len(names) - NAMES_SHOWN
    return f"{shown} và {rest} nguồn khác" if rest > 0 else shown


def _record_source(kind: Kind, source: Source) -> RollupSource:
    report = source.report
    figures = {}
    for f in kind.fields():
        if f.is_number and not f.computed:
            number = figure_value(source.values.get(f.id))
            if number is not None:
                figures[f.id] = number
    return RollupSource(
        name=source.label,
        co_quan=report.unit.co_quan,
        cap=report.unit.cap,
        period=report.period,
        file=source.file,
        sha256=source.sha256,
        figures=figures,
    )


def joined_hash(digests: Iterable[str]) -> str:
    """One hash standing for several files (a unit that sent its quarters)."""
    return hashlib.sha256("".join(digests).encode("ascii")).hexdigest()


# ---------------------------------------------------------------- texts and tables


def _gathered(
    f: Field,
    rule: str,
    sources: Sequence[Source],
    own: Any,
    left_out: list[tuple[str, int]],
    own_label: str = "",
) -> Any:
    """The field's value from ``sources`` by ``rule``; a paragraphs field that could not take every
    source's text adds (its label, how many were left out) to ``left_out``. ``own_label`` names
    the parent in a table's unit column (its own rows come after the sources')."""
    if rule == "none":
        return own
    if rule == "any":  # a box ticked in one source: "has cấp huyện figures" when one unit has
        return any(s.report.answers.get(f.id) is True for s in sources)
    chosen = [sources[i] for i in _read(rule, len(sources))]
    if f.type == "paragraphs":
        value, count = _paragraphs_counted(f, chosen, own)
        if count:
            left_out.append((f.label, count))
        return value
    if f.type == "table":
        return _table(f, chosen, own, own_label) or own
    if f.type == "lines":
        lines = _unique(line for s in chosen for line in (s.report.answers.get(f.id) or []))
        return lines or own
    values = [s.report.answers.get(f.id) for s in chosen]
    if values and isinstance(values[0], str) and f.type == "text":
        return own_words(chosen[0], values[0])
    return values[0] if values and values[0] is not None else own


def own_words(source: Source, text: str) -> str:
    """A source's text with its placeholders written out for the source itself.

    The words are the source's: its ``{ky}`` is its quarter, its ``{don_vi}`` the unit, not the
    parent's year or name once they stand in the parent's report under the source's name.
    """
    if "{" not in text:  # most texts: no placeholder to write out (500 units × 21 fields)
        return text
    return fill_placeholders(text, period_context(source.report.period, source.report.unit))


def _paragraphs(f: Field, sources: Sequence[Source], own: Any) -> Any:
    return _paragraphs_counted(f, sources, own)[0]


def _paragraphs_counted(f: Field, sources: Sequence[Source], own: Any) -> tuple[Any, int]:
    """The parent's own text, then each source's text under its «Cần xem lại» line; and how many
    sources' texts did not fit.

    The parent's words come first: after the last block they read as that unit's, and the next
    period, pre-filled before every block is condensed, keeps what stands before the first mark
    line (:func:`desktop_app.report.prefill`): after the blocks, the parent's words were lost.

    A field holds at most :data:`~desktop_app.report.answers.MAX_TEXT_CHARS` characters (the
    limit every answer file is read with): the sources' texts are taken whole, in order, while
    they fit; the units whose text does not fit are named in a last marked block instead (a
    province's 500 communes write far more than a drafter can condense in one field).
    """
    own_text = str(own or "").strip()
    room = MAX_TEXT_CHARS - len(own_text) - LEFT_OUT_ROOM
    lines: list[str] = []
    left_out: list[str] = []
    for s in sources:
        text = own_words(s, str(s.report.answers.get(f.id) or "")).strip()
        if not text:
            continue
        block = [mark_line(s.label), *text.split("\n")]
        size = sum(len(line) + 1 for line in block)
        if size > room:
            left_out.append(s.label)
            continue
        lines += block
        room -= size
    lines += _left_out(left_out)
    if not lines:
        return own, 0
    return "\n".join([own_text, *lines] if own_text else lines), len(left_out)


LEFT_OUT_ROOM = 20_000  # characters kept for naming the units whose text did not fit


def _left_out(labels: list[str]) -> list[str]:
    """The marked block naming the sources whose text did not fit in the field."""
    if not labels:
        return []
    named: list[str] = []
    size = 0
    for label in labels:
        size += len(label) + 2
        if size > LEFT_OUT_ROOM - 400:
            break
        named.append(label)
    rest = f" và {len(labels) - len(named)} đơn vị khác" if len(named) < len(labels) else ""
    return [
        mark_line(f"{len(labels)} đơn vị không đưa vào đây"),
        f"Ô này chỉ chứa được {format_number(MAX_TEXT_CHARS)} ký tự: phần viết của các đơn vị sau không "
        f"đưa vào; hãy xem báo cáo của từng đơn vị: {', '.join(named)}{rest}.",
    ]


def _table(f: Field, sources: Sequence[Source], own: Any, own_label: str) -> list[dict[str, Any]]:
    """Every source's rows, each under its name in the unit column, then the parent's own rows
    (an empty unit cell of theirs gets the parent's name: what they wrote there is already said
    from the parent's side, «Sở Tư pháp» in a province's plan). With a ``group_column``, the
    groups of one name become one, in the order they first come, with each report's rows in turn."""
    blocks = [
        [_named_row(dict(row), f.unit_column, s.label) for row in s.report.answers.get(f.id) or []]
        for s in sources
    ]
    blocks.append(
        [_own_row(dict(row), f.unit_column, own_label) for row in own or [] if isinstance(row, dict)]
    )
    rows = _grouped(blocks, f.group_column) if f.group_column else [row for block in blocks for row in block]
    if f.number_column:
        numbered = 0
        for row in rows:
            if not _heading_row(row):
                numbered += 1
                row[f.number_column] = str(numbered)
    return rows


def _grouped(blocks: Sequence[Sequence[dict[str, Any]]], column: str) -> list[dict[str, Any]]:
    """The rows of ``blocks`` with the groups of one name (``column``, written alone) made one.

    Rows before a report's first group row stay ungrouped, at the top."""
    loose: list[dict[str, Any]] = []
    groups: dict[str, list[dict[str, Any]]] = {}
    for block in blocks:
        current = loose
        for row in block:
            name = str(row.get(column) or "")
            if name.strip() and _heading_row(row):
                current = groups.setdefault(" ".join(name.casefold().split()), [row])
            else:
                current.append(row)
    return [*loose, *(row for group in groups.values() for row in group)]


def _own_row(row: dict[str, Any], column: str, label: str) -> dict[str, Any]:
    """The parent's own row: its name in an empty unit cell; what it wrote there stays."""
    if column and label and not _heading_row(row) and not str(row.get(column) or "").strip():
        row[column] = label
    return row


def _heading_row(row: Mapping[str, Any]) -> bool:
    """A row with one cell filled is a heading (a group of a plan's tasks): left as it is."""
    return sum(1 for v in row.values() if v not in (None, "")) <= 1


def _named_row(row: dict[str, Any], column: str, label: str) -> dict[str, Any]:
    """Write the unit's name in the unit column (before what the unit wrote there, if anything)."""
    if not column or _heading_row(row):
        return row
    cell = str(row.get(column) or "").strip()
    if not cell:
        row[column] = label
    elif label.casefold() not in cell.casefold():
        row[column] = f"{label} – {cell}"
    return row


def _unique(lines: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for line in lines:
        seen.setdefault(line, None)
    return list(seen)


# ---------------------------------------------------------------- doing it again


def recomputed(kind: Kind, current: Report, fresh: Report, sources: Sequence[Source]) -> Report:
    """Return ``current`` (a rolled-up report the drafter may have edited) updated by ``fresh``.

    ``fresh`` is the roll-up made again, from ``sources``: the same files and some new ones. Its
    figures and its record replace the old ones. Text the drafter has not reviewed yet (still
    «Cần xem lại») is taken afresh; text they already edited is kept, with only the new sources'
    blocks put after it, marked, and stays theirs at every later update (it used to be taken
    for a carried one and made afresh at the second). So is a figure they typed over the roll-up's
    (:func:`typed_over`; :func:`typed_over_words` says what the update would have made of it).
    What is not rolled up (the parent's own values, the document) stays as the drafter left it.
    """
    if fresh.rollup is None:
        return current
    mode = fresh.rollup.kind_mode
    before = {s.sha256 for s in current.rollup.sources} if current.rollup else set()
    new = [s for s in sources if s.sha256 not in before]
    answers = dict(current.answers)
    marks = dict(current.sources)
    typed = typed_over(kind, current)
    for f in kind.fields():
        rule = field_rule(kind, f, mode)
        if rule in ("none", "compute") or f.id in typed:
            continue
        if f.is_number or current.sources.get(f.id) == "carried" or f.id not in current.answers:
            _put(answers, marks, f.id, fresh.answers.get(f.id), fresh.sources.get(f.id))
        elif f.type == "paragraphs" and new:
            chosen = [new[i] for i in _read(rule, len(new))]
            added = _paragraphs(f, chosen, current.answers[f.id])
            if added != current.answers[f.id]:  # still the drafter's: its marks hold it for review
                _put(answers, marks, f.id, added, current.sources.get(f.id))
    return replace(current, answers=answers, sources=marks, rollup=fresh.rollup)


def typed_over(kind: Kind, current: Report) -> dict[str, Any]:
    """The figures of the rolled-up ``current`` that the drafter typed over what the roll-up gave
    (a split a unit left out and phoned in, a correction): {field id: the typed value}.

    What the roll-up gave is made again from the figures its record keeps of each source.
    """
    record = current.rollup
    if record is None:
        return {}
    mode = record.kind_mode
    rolled, _ = aggregate_figures(kind, mode, [s.figures for s in record.sources], current.answers)
    return {
        f.id: current.answers[f.id]
        for f in kind.fields()
        if f.is_number
        and f.id in current.answers
        and current.sources.get(f.id) == "typed"
        and field_rule(kind, f, mode) not in ("none", "compute")
        and current.answers[f.id] != rolled.get(f.id)
    }


def typed_over_words(kind: Kind, current: Report, fresh: Report) -> list[str]:
    """One line for each figure an update keeps as the drafter typed it, with what the roll-up
    made again from the sources gives (so that they can take it when it is now right)."""
    values = evaluate(kind, fresh.answers, cap=fresh.unit.cap, loai_ky=fresh.period.type).values
    lines = []
    for field_id, typed in typed_over(kind, current).items():
        again = values.get(field_id)
        if again == typed:
            continue  # the sources now give what was typed
        rolled = format_number(again) if again is not None else "trống (có nguồn không ghi số này)"
        label = kind.field(field_id).label
        lines.append(f"«{label}»: giữ {format_number(typed)} đã gõ; tổng hợp lại ra {rolled}.")
    return lines


def lost_sources(current: Report, fresh: Report) -> list[str]:
    """The sources of ``current``'s roll-up that ``fresh`` (the roll-up made again) lacks: a
    report imported from another PC has its record but not its units' files, and an update
    made from the files this PC has would drop the others' figures."""
    if current.rollup is None or fresh.rollup is None:
        return []
    kept = {unit_key(s.name) for s in fresh.rollup.sources}
    return [s.name for s in current.rollup.sources if unit_key(s.name) not in kept]


def _put(
    answers: dict[str, Any], sources: dict[str, str], field_id: str, value: Any, source: str | None
) -> None:
    if value is None:
        answers.pop(field_id, None)
        sources.pop(field_id, None)
        return
    answers[field_id] = value
    if source is None:
        sources.pop(field_id, None)
    else:
        sources[field_id] = source


__all__ = [
    "MODE_PERIODS",
    "MODE_UNITS",
    "Aggregated",
    "Source",
    "aggregate",
    "aggregate_figures",
    "field_rule",
    "lost_sources",
    "recomputed",
    "source_of",
]
