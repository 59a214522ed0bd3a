"""The wizard's brain, without Qt: holds one report, takes edits, answers what to show.

Widgets show what a :class:`Session` returns and report what the official typed; they
never compute, validate or touch the database. Every edit returns at once; saving is the
caller's business (``on_change`` is called after each accepted edit, so the app can
autosave).

>>> s = Session(report)                                   # doctest: +SKIP
>>> s.set_text("hs_moi_truc_tiep", "6.717").ok            # doctest: +SKIP
True
>>> s.state("hs_moi").display                             # doctest: +SKIP
'22.278'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.report.answers import QUYEN_HAN, DocumentInfo, Report, Signer, coerce
from desktop_app.report.catalogue import kind_of
from desktop_app.report.checks import Issue, check, evaluate_report
from desktop_app.report.content import Fix, FixError, KnownNames, fixed_value
from desktop_app.report.figures import Evaluation, change_words
from desktop_app.report.kinds import ZERO_READINGS, Field, Kind, Section
from desktop_app.report.periods import PeriodError
from desktop_app.text import clean
from desktop_app.vnformat import format_number, format_percent

DONE, REVIEW, TODO = "da_xong", "can_xem_lai", "chua_lam"
SECTION_STATE_LABELS = {DONE: "Đã xong", REVIEW: "Cần xem lại", TODO: "Chưa làm"}
REFUSED = "chua_nhan"  # the code of the error a refused entry leaves (its field says why, beside it)
DOCUMENT_LABELS = {"so": "Số văn bản"}  # the document's boxes whose entry may be refused
DOCUMENT_FIELDS = ("so", "ngay", "trich_yeu", "kinh_gui", "noi_nhan", "luu", "nguoi_ky", "period")


@dataclass(frozen=True)
class EditResult:
    """What became of one edit: accepted, or refused with a Vietnamese reason."""

    ok: bool
    message: str = ""


@dataclass(frozen=True)
class Refusal:
    """What the official typed in a field that could not be taken: the field keeps its value."""

    field: str
    typed: str  # "" for a table: its reason names the cell
    reason: str


@dataclass(frozen=True)
class FieldState:
    """Everything a widget needs to show one field."""

    id: str
    visible: bool
    value: Any
    display: str
    source: str  # "typed" | "carried" | "computed" | "default" | ""
    computed: bool
    previous: Any
    previous_display: str
    change: str  # "tăng 3 so với kỳ trước" …
    last_year_display: str = ""
    change_last_year: str = ""  # "giảm 2 so với cùng kỳ năm trước" …


class Session:
    """One report being edited."""

    def __init__(
        self,
        report: Report,
        on_change: Callable[[Session], None] | None = None,
        names: KnownNames | None = None,
    ) -> None:
        self.kind: Kind = kind_of(report)
        self._report = report
        self._on_change = on_change
        self.names = names  # other units and former names from the database, for the content check
        self._evaluation: Evaluation | None = None
        self._issues: list[Issue] | None = None
        self._refused: dict[str, Refusal] = {}

    # ------------------------------------------------------------ reading
    @property
    def report(self) -> Report:
        return self._report

    @property
    def evaluation(self) -> Evaluation:
        if self._evaluation is None:
            self._evaluation = evaluate_report(self._report)
        return self._evaluation

    def issues(self) -> list[Issue]:
        """Return every problem of the report (cached until the next edit), first an error for
        each field whose last entry was refused: the document still prints its stored value."""
        if self._issues is None:
            refused = [self._refusal_issue(r) for r in self.refusals()]
            self._issues = [*refused, *check(self._report, self.names)]
        return self._issues

    def refusals(self) -> list[Refusal]:
        """The shown fields whose last entry was refused, in the order they were typed (a field
        hidden since by another answer no longer prints: its refusal waits until it is shown)."""
        shown = self.evaluation.visible_fields
        return [r for r in self._refused.values() if r.field in DOCUMENT_LABELS or r.field in shown]

    def refusal_label(self, refusal: Refusal) -> str:
        """The name of the box a refused entry was typed in."""
        if refusal.field in DOCUMENT_LABELS:
            return DOCUMENT_LABELS[refusal.field]
        return self.kind.field(refusal.field).label

    def _refusal_issue(self, refusal: Refusal) -> Issue:
        typed = refusal.typed if len(refusal.typed) <= 40 else refusal.typed[:40] + "…"
        what = f"chưa nhận «{typed}»" if typed else "chưa nhận điều vừa sửa"
        kept = self._kept_words(refusal.field)
        message = f"«{self.refusal_label(refusal)}»: {what}. {refusal.reason} {kept} cho đến khi sửa lại."
        return Issue((refusal.field,), "error", message, REFUSED)

    def _kept_words(self, field_id: str) -> str:
        """What the document prints in place of a refused entry: the value stored before."""
        if field_id in DOCUMENT_LABELS:
            stored = getattr(self._report.document, field_id)
            return f"Văn bản vẫn in «{stored}»" if stored else "Ô này vẫn để trống"
        f = self.kind.field(field_id)
        value = self._report.answers.get(field_id)
        if value is None:
            return "Ô này vẫn để trống"
        if f.is_number:
            return f"Văn bản vẫn dùng số đang lưu ({self.display(f, value)})"
        return "Văn bản vẫn dùng nội dung đang lưu"

    def issues_for(self, field_id: str) -> list[Issue]:
        return [i for i in self.issues() if field_id in i.fields]

    def state(self, field_id: str) -> FieldState:
        f = self.kind.field(field_id)
        ev = self.evaluation
        value = ev.values.get(field_id)
        previous = self._report.previous.get(field_id)
        last_year = self._report.last_year.get(field_id)
        computed = field_id in ev.computed
        source = (
            "computed"
            if computed
            else self._report.sources.get(field_id, "typed" if value is not None else "")
        )
        return FieldState(
            id=field_id,
            visible=field_id in ev.visible_fields,
            value=value,
            display=self.display(f, value),
            source=source,
            computed=f.computed or computed,
            previous=previous,
            previous_display=self.display(f, previous) if previous is not None else "",
            change=change_words(f, value, previous),
            last_year_display=self.display(f, last_year) if last_year is not None else "",
            change_last_year=change_words(f, value, last_year, "so với cùng kỳ năm trước"),
        )

    def display(self, f: Field, value: Any) -> str:
        """Return ``value`` as the official reads it in a field ("22.278", "69,85%")."""
        if value is None:
            return ""
        if f.percent:
            return format_percent(value, f.decimals)
        if f.is_number:
            return format_number(
                value, f.decimals if isinstance(value, Decimal) and value != int(value) else 0
            )
        return str(value)

    def visible_sections(self) -> list[Section]:
        return [s for s in self.kind.sections if s.id in self.evaluation.visible_sections]

    def section_state(self, section_id: str) -> str:
        """Return TODO (nothing entered by the official), REVIEW (an error among its fields, or
        values carried from the previous period that nobody has looked at yet) or DONE."""
        fields = [f for f in self.kind.section(section_id).fields if f.id in self.evaluation.visible_fields]
        ids = {f.id for f in fields}
        if any(i.severity == "error" and ids & set(i.fields) for i in self.issues()):
            return REVIEW
        entered = [f for f in fields if self._entered(f)]
        if fields and not entered:
            return TODO
        if any(self._report.sources.get(f.id) == "carried" for f in entered):
            return REVIEW
        return DONE

    def document_state(self) -> str:
        """The document step: TODO until it has a date (a blank day is one), REVIEW on a problem."""
        if any(set(i.fields) & set(DOCUMENT_FIELDS) for i in self.issues()):
            return REVIEW
        return TODO if self._report.document.ngay is None else DONE

    def carried_fields(self, section_id: str) -> list[str]:
        """The visible fields of a section still holding a value carried from the previous period."""
        shown = self.evaluation.visible_fields
        return [
            f.id
            for f in self.kind.section(section_id).fields
            if f.id in shown and self._report.sources.get(f.id) == "carried"
        ]

    def carried_by_section(self) -> list[tuple[str, list[str]]]:
        """The visible sections still holding values carried from the previous period, each with
        those fields, in outline order (what «Đã xem tất cả» confirms)."""
        found = ((s.id, self.carried_fields(s.id)) for s in self.visible_sections())
        return [(section_id, fields) for section_id, fields in found if fields]

    def confirm_carried(self, field_ids: Sequence[str]) -> None:
        """The official checked these carried values and keeps them: they count as typed."""
        sources = {**self._report.sources, **{f: "typed" for f in field_ids if f in self._report.answers}}
        if sources != self._report.sources:
            self._replace(replace(self._report, sources=sources))

    def _entered(self, f: Field) -> bool:
        """True when the field holds a value the official gave or was carried to them (not a default)."""
        if f.computed or self._report.sources.get(f.id) == "default":
            return False
        return self._report.answers.get(f.id) not in (None, "", [])

    # ------------------------------------------------------------ editing
    def set_value(self, field_id: str, value: Any) -> EditResult:
        """Store ``value`` for ``field_id`` (already of the field's type, or text to read)."""
        f = self.kind.field(field_id)
        if f.computed:
            return EditResult(False, f"«{f.label}» được tính tự động.")
        try:
            coerced = coerce(f, clean(value) if isinstance(value, str) else value)
        except ValueError as exc:
            return self._refuse(field_id, value, sentence(str(exc)))
        self._take_back_refusal(field_id)
        if coerced == self._report.answers.get(field_id):
            if coerced is not None and self._report.sources.get(field_id) in ("carried", "default"):
                # the official typed the carried value again: it is confirmed, no longer "to check"
                self._replace(replace(self._report, sources={**self._report.sources, field_id: "typed"}))
            return EditResult(True)
        answers = dict(self._report.answers)
        sources = dict(self._report.sources)
        if coerced is None:
            answers.pop(field_id, None)
            sources.pop(field_id, None)
        else:
            answers[field_id] = coerced
            sources[field_id] = "typed"
        self._replace(replace(self._report, answers=answers, sources=sources))
        return EditResult(True)

    def _refuse(self, field_id: str, value: Any, reason: str) -> EditResult:
        typed = " ".join(clean(value).split()) if isinstance(value, str) else ""
        self._refused[field_id] = Refusal(field_id, typed, reason)
        self._issues = None
        return EditResult(False, f"{reason} {self._kept_words(field_id)}.")

    def _take_back_refusal(self, field_id: str) -> None:
        if self._refused.pop(field_id, None) is not None:
            self._issues = None

    def set_text(self, field_id: str, text: str) -> EditResult:
        """Store what the official typed in a text box (numbers in Vietnamese notation)."""
        return self.set_value(field_id, text.strip() if self.kind.field(field_id).is_number else text)

    def carries_from_previous(self, f: Field) -> bool:
        """True when a new period takes ``f`` from the previous one: a ``carry`` field, and a
        ``carry_year`` one (a total since January) within a year only."""
        if f.prefill.mode == "carry":
            return True
        if f.prefill.mode != "carry_year":
            return False
        period = self._report.period
        try:
            return period.previous().year == period.year
        except PeriodError:
            return False

    def reset_to_previous(self, field_id: str) -> EditResult:
        """Put back the value the new period started with (the previous period's).

        A carry-over field (``prefill = "from: x"``) started with the previous ``x``.
        """
        f = self.kind.field(field_id)
        if f.prefill.mode == "carry_year" and not self.carries_from_previous(f):
            return EditResult(False, f"«{f.label}» tính từ đầu năm: kỳ trước thuộc năm khác.")
        source = f.prefill.source if f.prefill.mode == "from" and f.prefill.source else field_id
        previous = self._report.previous.get(source)
        result = self.set_value(field_id, previous)
        if result.ok and previous is not None:
            sources = {**self._report.sources, field_id: "carried"}
            self._replace(replace(self._report, sources=sources))
        return result

    def set_document(self, **changes: Any) -> EditResult:
        """Change the document data: so, ngay, kinh_gui, noi_nhan, luu, trich_yeu…"""
        so = changes.get("so")
        if isinstance(so, str) and so.strip() and not so.strip().isdigit():
            return self._refuse(
                "so", so, f"Số văn bản «{so.strip()}» chỉ gồm chữ số (hoặc để trống cho văn thư)."
            )
        if isinstance(so, str):
            changes["so"] = so.strip()
            self._take_back_refusal("so")
        if changes.get("so_khong", "") not in ("", *ZERO_READINGS):
            return EditResult(False, f"Cách viết số 0 «{changes['so_khong']}» không có.")
        cleaned: dict[str, Any] = {k: (clean(v) if isinstance(v, str) else v) for k, v in changes.items()}
        if "kinh_gui" in cleaned or "noi_nhan" in cleaned:
            for key in ("kinh_gui", "noi_nhan"):
                if key in cleaned:
                    cleaned[key] = tuple(line.strip() for line in cleaned[key] if line.strip())
        self._replace(replace(self._report, document=replace(self._report.document, **cleaned)))
        return EditResult(True)

    def set_signer(self, signer: Signer) -> EditResult:
        cleaned = Signer(
            *(
                clean(getattr(signer, k)).strip()
                for k in ("chuc_vu", "ho_ten", "quyen_han", "chuc_vu_thu_truong")
            )
        )
        if cleaned.quyen_han not in QUYEN_HAN:
            return EditResult(False, f"Quyền hạn ký «{cleaned.quyen_han}» không hợp lệ.")
        return self.set_document(nguoi_ky=cleaned)

    def apply_fix(self, fix: Fix) -> EditResult:
        """Make a correction the content check offered, as an edit of the official's (saved, in history)."""
        try:
            value = fixed_value(self._report, fix)
        except FixError as exc:
            return EditResult(False, str(exc))
        if fix.field in ("trich_yeu", "kinh_gui", "noi_nhan"):
            return self.set_document(**{fix.field: value})
        return self.set_value(fix.field, value)

    def set_report(self, report: Report) -> None:
        """Replace the whole report (restore of a revision): what was refused is forgotten."""
        self.kind = kind_of(report)
        self._refused.clear()
        self._replace(report)

    @property
    def document(self) -> DocumentInfo:
        return self._report.document

    def _replace(self, report: Report) -> None:
        self._report = report
        self._evaluation = None
        self._issues = None
        if self._on_change is not None:
            self._on_change(self)


def sentence(message: str) -> str:
    """A message shown on its own (the core's begin in lower case, to follow a field's name)."""
    return message[:1].upper() + message[1:]


def summary_lines(report: Report, current: Report | None = None) -> list[str]:
    """Return ``report`` as lines to read (section, then "label: value"), for the history view.

    With ``current``, a value that differs from it is marked "≠" and followed by the current one.
    """
    then, now = Session(report), Session(current) if current is not None else None
    lines = [f"Kỳ báo cáo: {report.period.words()}"]
    document = []
    theirs = dict(_document_items(current.document)) if current is not None else {}
    for label, text in _document_items(report.document):
        line = f"  {label}: {text or '(trống)'}"
        if current is not None and theirs[label] != text:
            line += f"  ≠ hiện tại: {theirs[label] or '(trống)'}"
        document.append(line)
    lines += ["", "Văn bản", *document]
    for section in then.visible_sections():
        shown = []
        for f in section.fields:
            state = then.state(f.id)
            differs = now is not None and report.answers.get(f.id) != now.report.answers.get(f.id)
            if f.computed or not state.visible or (_blank(state.value) and not differs):
                continue
            line = f"  {f.label}: {_summary_value(state.display, state.value)}"
            if now is not None and differs:
                line += f"  ≠ hiện tại: {_summary_value(now.state(f.id).display, now.state(f.id).value)}"
            shown.append(line)
        if shown:
            lines += ["", section.step_title, *shown]
    if now is not None:
        changed = sum("  ≠ hiện tại: " in line for line in lines)
        lines.insert(
            1,
            f"Khác với hiện tại: {changed} mục (các dòng có «≠»)." if changed else "Giống nội dung hiện tại.",
        )
    return lines


def _document_items(doc: DocumentInfo) -> list[tuple[str, str]]:
    """The document part of a report as (label, text) lines for the history view."""
    signer = doc.nguoi_ky
    ngay = doc.ngay.strftime("%d/%m/%Y") if isinstance(doc.ngay, date) else doc.ngay
    when = f"tháng {ngay[1]}/{ngay[0]} (để trống ngày)" if isinstance(ngay, tuple) else ngay or ""
    return [
        ("Số", doc.so),
        ("Ngày ban hành", when),
        ("Trích yếu", doc.trich_yeu),
        ("Kính gửi", "; ".join(doc.kinh_gui)),
        ("Nơi nhận", "; ".join(doc.noi_nhan)),
        ("Lưu", doc.luu),
        ("Người ký", " ".join(p for p in (signer.quyen_han, signer.chuc_vu, signer.ho_ten) if p)),
    ]


def _blank(value: Any) -> bool:
    return value in (None, "", [])


def _summary_value(display: str, value: Any) -> str:
    if _blank(value):
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return f"{len(value)} dòng"
    one_line = " ".join(display.split())
    return one_line if len(one_line) <= 120 else one_line[:117] + "…"
