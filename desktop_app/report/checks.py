"""Check a report: the arithmetic of the figures, the rules of its kind, what is missing.

Problems never block anything: an ``error`` is shown prominently, a ``warning`` quietly,
and the official may still produce the document after seeing them.

>>> [i.message for i in check(report)]          # doctest: +SKIP
['Số hồ sơ đã tiếp nhận (255) phải bằng đã giải quyết (251) cộng đang giải quyết (06).']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from desktop_app.report.answers import Report
from desktop_app.report.catalogue import kind_of
from desktop_app.report.content import Fix, KnownNames, content_findings
from desktop_app.report.expressions import ExpressionError, render_text, template_names
from desktop_app.report.figures import Evaluation, evaluate
from desktop_app.report.kinds import LEVEL_WORDS, Field, Kind, Rule
from desktop_app.report.outline import empty_consequence, first_content_field, sections_with_content
from desktop_app.report.placeholders import PLACEHOLDERS, unknown_placeholders
from desktop_app.report.review_marks import REVIEW_MARK, marked_lines, unreviewed_fields
from desktop_app.report.rollup import field_rule
from desktop_app.text import list_line
from desktop_app.vnformat import format_number, format_percent


@dataclass(frozen=True)
class Issue:
    """One problem: the fields it concerns, how serious it is, and what to say."""

    fields: tuple[str, ...]
    severity: str  # "error" | "warning"
    message: str
    code: str = ""
    fix: Fix | None = None  # a one-click correction: of the text (content check), or of a total

    def to_json(self) -> dict[str, Any]:
        out = {
            "fields": list(self.fields),
            "severity": self.severity,
            "message": self.message,
            "code": self.code,
        }
        return {**out, "fix": self.fix.to_json()} if self.fix else out


def evaluate_report(report: Report) -> Evaluation:
    """Evaluate ``report`` with its kind, unit level and period type."""
    kind = kind_of(report)
    return evaluate(kind, report.answers, cap=report.unit.cap, loai_ky=report.period.type)


def check(
    report: Report, names: KnownNames | None = None, ev: Evaluation | None = None, content: bool = True
) -> list[Issue]:
    """Return every problem of ``report``, errors first, in outline order.

    ``names``: the other units and former names the database knows, for the content check;
    ``ev``: the report's evaluation when the caller has it already (a roll-up of 500 files);
    ``content``: False leaves out the content check (:func:`content_issues`: a roll-up has it
    done apart, by the workers, while it sums the figures).
    """
    kind = kind_of(report)
    ev = ev or evaluate_report(report)
    issues = [
        *_period_issues(report),
        *_unit_issues(kind, report),
        *_value_issues(kind, report, ev),
        *_plausibility_issues(kind, report, ev),
        *_mismatch_issues(kind, report, ev),
        *_rule_issues(kind, report, ev),
        *_document_issues(report),
        *_placeholder_issues(kind, ev),
        *_empty_section_issues(kind, ev),
        *_review_issues(kind, report, ev),
        *(Issue((), "error", msg, "bieu_thuc") for msg in ev.errors),
        *(content_issues(report, kind, ev, names) if content else ()),
    ]
    return sorted(issues, key=lambda i: i.severity != "error")


def content_issues(
    report: Report, kind: Kind, ev: Evaluation, names: KnownNames | None = None
) -> Iterator[Issue]:
    """The content check's findings on ``report`` (what it prints, read against its data), as issues."""
    for f in content_findings(report, kind, ev, names):
        yield Issue(f.fields, f.severity, f.message, f.code, f.fix)


def _period_issues(report: Report) -> Iterator[Issue]:
    for message in report.period.problems():
        yield Issue(("period",), "error", message, "ky_bao_cao")


def _unit_issues(kind: Kind, report: Report) -> Iterator[Issue]:
    cap = report.unit.cap
    if cap not in kind.unit_levels:
        levels = "; ".join(LEVEL_WORDS.get(c, c) for c in kind.unit_levels)
        yield Issue(
            ("unit",),
            "error",
            f"Phiên bản {kind.version} của «{kind.title}» dành cho đơn vị cấp: {levels}; "
            f"đơn vị ban hành đang ghi cấp {LEVEL_WORDS.get(cap, cap)}.",
            "cap_don_vi",
        )


def _label(f: Field) -> str:
    return f"«{f.label}»"


def _shown(f: Field, value: Any) -> str:
    """A figure as a message to the official shows it: «6», «0», never the document's «06»/«00»
    (two digits are a way of writing counts in the document; «(00)» in a message reads as a slip)."""
    if f.percent:
        return format_percent(value, f.decimals)
    return format_number(value, f.decimals)


def _value_issues(kind: Kind, report: Report, ev: Evaluation) -> Iterator[Issue]:
    for f in kind.fields():
        if f.id not in ev.visible_fields:
            continue
        value = ev.values.get(f.id)
        if f.required and value in (None, "", []):
            yield Issue((f.id,), "warning", f"Chưa nhập {_label(f)}.", "bat_buoc")
        if f.computed and report.answers.get(f.id) is not None:
            yield Issue(
                (f.id,),
                "warning",
                f"{_label(f)} được tính tự động; số đã gõ không được dùng.",
                "tinh_tu_dong",
            )
        if f.is_number and value is not None:
            yield from _range_issue(f, value, report, kind, ev)


def _range_issue(f: Field, value: Any, report: Report, kind: Kind, ev: Evaluation) -> Iterator[Issue]:
    # The value is written out only for an issue: a roll-up checks 500 reports' figures.
    if f.minimum is not None and value < f.minimum:
        shown = _shown(f, value)
        yield Issue(
            (f.id,),
            "error",
            f"{_label(f)} là {shown}, không được nhỏ hơn {format_number(f.minimum)}.",
            "gioi_han",
        )
    if f.maximum is not None and value > f.maximum:
        limit = format_percent(f.maximum, 0) if f.percent else format_number(f.maximum)
        shown = _shown(f, value)
        yield Issue((f.id,), "error", f"{_label(f)} là {shown}, không được vượt quá {limit}.", "gioi_han")


# A figure ten times the previous period's deserves a second look (an extra digit typed),
# but only from a previous figure of 10 on: 3 cases becoming 30 happens.
JUMP_FACTOR = 10
JUMP_FROM = 10


def _plausibility_issues(kind: Kind, report: Report, ev: Evaluation) -> Iterator[Issue]:
    """Warn of a typed figure above its kind's ``warn_above``, or ten times the previous one.

    Warnings only: the figure may be right. A total added up from its parts is left to its parts,
    and a roll-up's figure to its sources: nobody typed it (a province's sum of 100 communes'
    published procedures is above what one unit publishes), and each source's own figure was
    warned of in its own report, shown in the roll-up's table.
    """
    rolled = _rolled_up(kind, report)
    for f in kind.fields():
        value = ev.values.get(f.id)
        if not f.is_number or f.percent or value is None or f.id in ev.computed:
            continue
        if f.id not in ev.visible_fields or f.id in rolled:
            continue
        issue = _implausible(f, value, report.previous.get(f.id), report, kind, ev)
        if issue is not None:
            yield issue


def _rolled_up(kind: Kind, report: Report) -> set[str]:
    """The ids whose figures a roll-up made (summed, or a source's first or last)."""
    if report.rollup is None:
        return set()
    mode = report.rollup.kind_mode
    return {f.id for f in kind.fields() if f.is_number and field_rule(kind, f, mode) != "none"}


def _implausible(
    f: Field, value: Any, previous: Any, report: Report, kind: Kind, ev: Evaluation
) -> Issue | None:
    if f.warn_above is not None and value > f.warn_above:
        return Issue(
            (f.id,),
            "warning",
            f"{_label(f)} là {_shown(f, value)}, lớn bất thường (thường không quá "
            f"{format_number(f.warn_above)}): hãy kiểm tra lại, có thể đã gõ thừa chữ số.",
            "lon_bat_thuong",
        )
    numeric = isinstance(previous, int | Decimal) and not isinstance(previous, bool)
    if numeric and previous >= JUMP_FROM and value >= JUMP_FACTOR * previous:
        shown, before = (_shown(f, v) for v in (value, previous))
        return Issue(
            (f.id,),
            "warning",
            f"{_label(f)} là {shown}, gấp {format_number(int(value // previous))} lần kỳ trước ({before}): "
            "hãy kiểm tra lại số đã gõ.",
            "tang_dot_bien",
        )
    return None


def _mismatch_issues(kind: Kind, report: Report, ev: Evaluation) -> Iterator[Issue]:
    for m in ev.mismatches:
        f = kind.field(m.field)
        parts = " + ".join(kind.field(p).label for p in f.parts)
        typed = _shown(f, m.typed)
        total = _shown(f, m.parts_sum)
        known = all(ev.values.get(p) is not None for p in f.parts)  # else the parts only bound it
        yield Issue(
            (f.id, *f.parts),
            "error",
            f"{_label(f)} đã nhập là {typed} nhưng các phần cộng lại ({parts}) là {total}.",
            "tong_lech",
            Fix(f.id, (), 0, len(typed), typed, total) if known else None,  # the total as its parts add up
        )


def _rule_issues(kind: Kind, report: Report, ev: Evaluation) -> Iterator[Issue]:
    for rule in kind.rules:
        names = rule.check.names | (rule.when.names if rule.when else frozenset())
        used = [n for n in names if kind.has_field(n)]
        if any(n not in ev.visible_fields for n in used):
            continue
        if any(ev.values.get(n) is None for n in used):
            continue
        issue = _apply_rule(rule, kind, report, ev)
        if issue:
            yield issue


def _apply_rule(rule: Rule, kind: Kind, report: Report, ev: Evaluation) -> Issue | None:
    scope = {**ev.values, "cap": report.unit.cap, "loai_ky": report.period.type}
    try:
        if rule.when is not None and not rule.when.evaluate(scope):
            return None
        if rule.check.evaluate(scope):
            return None
        named = _names_in(rule.message)  # the figures the message prints, written out
        shown = {f.id: _shown(f, ev.values.get(f.id)) for f in kind.fields() if f.is_number and f.id in named}
        message = render_text(rule.message, {**ev.values, **shown})
    except ExpressionError as exc:
        return Issue(rule.fields, "error", str(exc), rule.id)
    return Issue(rule.fields, rule.severity, message, rule.id)


@lru_cache(maxsize=256)
def _names_in(message: str) -> frozenset[str]:
    return template_names(message)


def _review_issues(kind: Kind, report: Report, ev: Evaluation) -> Iterator[Issue]:
    """Units' words gathered by a roll-up, still under their «Cần xem lại» lines."""
    for field_id in unreviewed_fields(kind, report.answers):
        if field_id not in ev.visible_fields:
            continue
        count = len(marked_lines(str(report.answers[field_id])))
        label = _label(kind.field(field_id))
        yield Issue(
            (field_id,),
            "error",
            f"{label} còn {count} đoạn chữ gộp từ các báo cáo khác, đánh dấu {REVIEW_MARK}: hãy biên tập "
            "lại thành lời của đơn vị mình rồi xóa các dòng đánh dấu (dòng đánh dấu in ra cả trên văn bản). "
            "Lời trong mục này được đối chiếu với số liệu, kỳ và tên đơn vị sau khi xóa hết dòng đánh dấu.",
            "chu_don_vi_chua_xem_lai",
        )


def _document_issues(report: Report) -> Iterator[Issue]:
    doc = report.document
    if not doc.noi_nhan:
        yield Issue(("noi_nhan",), "warning", "Chưa có Nơi nhận (ngoài «Lưu: VT»).", "noi_nhan")
    elif not _addressees_received(doc.kinh_gui, doc.noi_nhan):
        yield Issue(
            ("noi_nhan",),
            "warning",
            "Có «Kính gửi» mà Nơi nhận chưa có dòng «Như trên»: theo Nghị định 30/2020/NĐ-CP, Nơi nhận "
            "ghi «- Như trên;» cho các nơi đã ghi ở Kính gửi.",
            "nhu_tren",
        )
    if not doc.nguoi_ky.chuc_vu:
        yield Issue(("nguoi_ky",), "warning", "Chưa có chức vụ người ký.", "nguoi_ky")
    if not doc.nguoi_ky.ho_ten:
        yield Issue(("nguoi_ky",), "warning", "Chưa có họ tên người ký.", "nguoi_ky")
    if doc.nguoi_ky.quyen_han in ("TM.", "KT.", "TL.", "TUQ.") and not doc.nguoi_ky.chuc_vu_thu_truong:
        yield Issue(
            ("nguoi_ky",),
            "warning",
            f"Ký {doc.nguoi_ky.quyen_han} cần ghi chức vụ của người đứng đầu (hoặc tên tập thể).",
            "nguoi_ky",
        )


def _addressees_received(kinh_gui: tuple[str, ...], noi_nhan: tuple[str, ...]) -> bool:
    """True when Nơi nhận says «Như trên», or names every body of Kính gửi itself (or there is none)."""
    listed = {_words(line) for line in noi_nhan}
    addressed = {_words(line) for line in kinh_gui} - {""}
    said = any(line.startswith(("như trên", "như kính gửi")) for line in listed)  # «- Như trên (b/c);»
    return said or addressed <= listed


def _words(line: str) -> str:
    return " ".join(list_line(line).lower().split())


def _placeholder_issues(kind: Kind, ev: Evaluation) -> Iterator[Issue]:
    """A name between braces that is not a placeholder would print as typed: say so."""
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for f in kind.fields():
        value = ev.values.get(f.id)
        if f.type in ("paragraphs", "text") and isinstance(value, str) and f.id in ev.visible_fields:
            for typed in dict.fromkeys(unknown_placeholders(value)):
                message = f"{_label(f)} có «{typed}»: không phải chỗ điền tự động nào; dùng {known}."
                yield Issue((f.id,), "error", message, "cho_dien")


def _empty_section_issues(kind: Kind, ev: Evaluation) -> Iterator[Issue]:
    """A section with nothing in it that still prints its heading: say what the document writes
    under it. A section left out when empty (``omit``, an optional part) is named only when a
    required field of it is empty, by that field."""
    with_content = sections_with_content(kind, ev)
    for s in kind.sections:
        shown = [f for f in s.fields if f.id in ev.visible_fields]
        if s.id not in ev.visible_sections or not s.heading or not shown or s.id in with_content:
            continue
        if s.when_empty == "omit":
            continue
        field_id = first_content_field(s)
        if field_id is None or any(f.required for f in shown):
            continue
        message = f"Mục «{s.step_title}» chưa có nội dung: {empty_consequence(kind, s)}."
        yield Issue((field_id,), "warning", message, "muc_trong")
