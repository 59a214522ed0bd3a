"""Build the template context of a report: every value formatted, ready to place.

Templates only place values; all formatting (Vietnamese numbers, dates, period words,
heading numbers, the punctuation of Kính gửi and Nơi nhận) happens here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.document.header import unit_lines
from desktop_app.document.outline import HEADING_STYLES, heading_xml, level_index, mark_only, number_label
from desktop_app.document.wordxml import Footnotes, WordXml, paragraphs_block
from desktop_app.report.answers import DocumentInfo, Report, Signer
from desktop_app.report.expressions import ExpressionError, render_text
from desktop_app.report.figures import Evaluation, change_words
from desktop_app.report.kinds import Column, Field, Kind
from desktop_app.report.periods import proposed_issue_date
from desktop_app.report.placeholders import fill_placeholders
from desktop_app.report.wording import period_context
from desktop_app.text import clean, list_line
from desktop_app.vnformat import (
    format_document_date,
    format_number,
    format_percent,
    format_short_date,
)

MISSING_NUMBER = "…"


class BlankFigure(str):
    """«…», printed where a figure the template places was left blank; it remembers being
    printed (Jinja, escaping, asks it for its text) so that the official can be told which."""

    label: str
    printed: bool

    def __new__(cls, label: str) -> BlankFigure:
        blank = super().__new__(cls, MISSING_NUMBER)
        blank.label, blank.printed = label, False
        return blank

    def __html__(self) -> str:
        self.printed = True
        return MISSING_NUMBER


# How a zero count reads in sentences (the kind's «so_khong», the report's «Số 0 viết là»).
ZERO_WORDS = {"00": "00", "0": "0", "khong": "không", "chua_co": "chưa có"}
BLANK_NUMBER = "\u00a0" * 6


def build_context(report: Report, kind: Kind, ev: Evaluation, notes: Footnotes) -> dict[str, Any]:
    """Return the whole context of ``report`` for its kind's template and the frame."""
    ctx: dict[str, Any] = {}
    ctx.update(period_context(report.period, report.unit))
    ctx.update(frame_context(report, kind, ctx))
    zero = zero_reading(kind, report.document)
    for f in kind.fields():
        value = ev.values.get(f.id)
        if f.type in ("paragraphs", "text") and isinstance(value, str):
            value = fill_placeholders(value, ctx)  # the official's {ky_so_lieu}
        ctx[f.id] = format_value(f, value, report.document, notes, zero)
    ctx["muc"] = dict(headings(kind, ev, notes, ctx))
    ctx["show"] = {s.id: s.id in ev.visible_sections for s in kind.sections}
    # A section whose kind says so opens its first standard sentence with the data cut-off range.
    opening = f"{ctx['ky_so_lieu'][:1].upper()}{ctx['ky_so_lieu'][1:]}: "
    ctx["mo_so_lieu"] = {s.id: opening if s.mo_so_lieu else "" for s in kind.sections}
    ctx["show"].update({f.id: f.id in ev.visible_fields for f in kind.fields()})
    ctx["raw"] = dict(ev.values)
    ctx.update(comparison_context(report, kind, ev))
    retire(ctx, kind.retired)
    return ctx


def retire(ctx: dict[str, Any], ids: frozenset[str]) -> None:
    """Give the ids an earlier version had (a shared template may name them) empty values."""
    for name in sorted(ids):
        ctx.setdefault(name, "")
        ctx["muc"].setdefault(name, WordXml("", ""))
        ctx["show"].setdefault(name, False)
        ctx["raw"].setdefault(name, None)
        for table in ("prev", "so_sanh", "cung_ky", "so_sanh_cung_ky"):
            ctx[table].setdefault(name, "")


def comparison_context(report: Report, kind: Kind, ev: Evaluation) -> dict[str, dict[str, str]]:
    """Return what templates say of the figures' movement: ``prev.x`` and ``so_sanh.x`` ("tăng 3
    (+5,00%) so với kỳ trước"), ``cung_ky.x`` and ``so_sanh_cung_ky.x`` for the same period last year.
    A figure without the other value gives "" (a template tests it with ``{% if so_sanh.x %}``)."""
    out: dict[str, dict[str, str]] = {"prev": {}, "so_sanh": {}, "cung_ky": {}, "so_sanh_cung_ky": {}}
    zero = zero_reading(kind, report.document)
    for f in kind.fields():
        if not f.is_number:
            continue
        value = ev.values.get(f.id)
        for shown, words, other, since in (
            ("prev", "so_sanh", report.previous.get(f.id), "so với kỳ trước"),
            ("cung_ky", "so_sanh_cung_ky", report.last_year.get(f.id), "so với cùng kỳ năm trước"),
        ):
            out[shown][f.id] = "" if other is None else _number(f, other, report.document, zero)
            out[words][f.id] = change_words(f, value, other, since)
    return out


def document_date_line(report: Report, kind: Kind, place: str) -> str:
    """Return "địa danh, ngày … tháng … năm …". With day and month both left to the records
    clerk, the year is that of the day the app proposes (the wizard shows it, greyed): the
    period's own for a report; for a plan, that of the first day of its cut-off (a plan for 2027
    is signed in December 2026), unless the official picks a month."""
    value = report.document.ngay
    year = proposed_issue_date(report.period, ahead=kind.plans_ahead).year if value is None else None
    return format_document_date(place, value, year)


def frame_context(report: Report, kind: Kind, period_ctx: dict[str, Any]) -> dict[str, Any]:
    """Return the values of the Nghị định 30 frame shared by every kind."""
    unit, doc = report.unit, report.document
    try:
        trich_yeu = render_text(kind.trich_yeu, period_ctx)
    except ExpressionError:
        trich_yeu = kind.trich_yeu
    trich_yeu = doc.trich_yeu or trich_yeu
    return {
        "co_quan_chu_quan": " ".join(unit.co_quan_chu_quan.upper().split()),
        "co_quan": " ".join(unit.co_quan.upper().split()),
        # The header's lines: as the official broke them, else broken before the place's name.
        "co_quan_chu_quan_dong": unit_lines(unit.co_quan_chu_quan, bold=False),
        "co_quan_dong": unit_lines(unit.co_quan, bold=True),
        "so_ky_hieu": so_ky_hieu(doc.so, kind.ma_loai, unit.ky_hieu),
        "dia_danh_ngay": document_date_line(report, kind, unit.dia_danh),
        "ten_loai": kind.ten_loai.upper(),
        "trich_yeu": unbroken_period_words(clean(trich_yeu)),
        "kinh_gui": kinh_gui_lines(doc.kinh_gui),
        "chuc_vu": signer_lines(doc.nguoi_ky),
        "ho_ten": doc.nguoi_ky.ho_ten,
        "noi_nhan": noi_nhan_lines(doc),
    }


def so_ky_hieu(so: str, ma_loai: str, ky_hieu: str) -> str:
    """Return "Số: 05/BC-UBND", or "Số:      /BC-UBND" when the clerk fills the number."""
    number = f"{int(so):02d}" if so.strip().isdigit() else BLANK_NUMBER
    return f"Số: {number}/{ma_loai}-{ky_hieu}"


# A period word and its number ("quý III", "tháng 01", "năm 2025", "6 tháng"): in the centred
# trích yếu a line break between them reads «… quý» / «III năm 2025».
_PERIOD_SPACE = re.compile(
    r"(?<=(?<!\w)quý)\s+(?=(?:IV|I{1,3}|[1-4])(?!\w))|(?<=(?<!\w)tháng)\s+(?=\d{1,2}(?!\d))"
    r"|(?<=(?<!\w)năm)\s+(?=\d{4}(?!\d))|(?<=(?<!\w)\d)\s+(?=tháng(?!\w))",
    re.IGNORECASE,
)


def unbroken_period_words(text: str) -> str:
    """Join a period word to its number with no-break spaces, for the printed trích yếu only
    (the stored answer and the text the content check reads keep their spaces)."""
    return _PERIOD_SPACE.sub("\u00a0", text)


def kinh_gui_lines(recipients: tuple[str, ...]) -> list[str]:
    names = [n for n in (list_line(r) for r in recipients) if n]
    if not names:
        return []
    if len(names) == 1:
        return [f"Kính gửi: {names[0]}."]
    return ["Kính gửi:", *(f"- {n};" for n in names[:-1]), f"- {names[-1]}."]


def noi_nhan_lines(doc: DocumentInfo) -> list[str]:
    """Return the Nơi nhận lines: "- X;" each, then "- Lưu: VT, …." last."""
    names = [n for n in (list_line(r) for r in doc.noi_nhan) if n and not n.lower().startswith("lưu")]
    luu = list_line(doc.luu).removeprefix("Lưu:").strip() or "VT"
    return [*(f"- {n};" for n in names), f"- Lưu: {luu}."]


def signer_lines(signer: Signer) -> list[str]:
    """Return the quyền hạn / chức vụ lines of the signature block, in capitals."""
    head = signer.chuc_vu_thu_truong.strip().upper()
    title = signer.chuc_vu.strip().upper()
    if signer.quyen_han in ("TM.", "KT.", "TL.", "TUQ.") and head:
        return [f"{signer.quyen_han} {head}", title] if title else [f"{signer.quyen_han} {head}"]
    if signer.quyen_han == "Q.":
        return [f"Q. {title}"]
    return [title] if title else []


def format_value(f: Field, value: Any, doc: DocumentInfo, notes: Footnotes, zero: str = "") -> Any:
    """Return ``value`` of field ``f`` as the template should place it (a zero count as ``zero`` says)."""
    if f.is_number:
        return _number(f, value, doc, zero)
    if f.type == "paragraphs":
        return paragraphs_block(value, notes)
    if f.type == "text":
        return clean(value or "")
    if f.type == "lines":
        return list(value or [])
    if f.type == "table":
        return [_row(f.columns, row, doc) for row in value or []]
    if f.type == "date":
        return format_short_date(value) if isinstance(value, date) else ""
    if f.type == "choice":
        return next((c.label for c in f.choices if c.value == value), "")
    return value


def _number(f: Field, value: Any, doc: DocumentInfo, zero: str = "") -> str:
    if value is None:
        return BlankFigure(f.label)
    decimals = f.decimals if f.computed else _typed_decimals(value, f.decimals)
    if f.percent:
        return format_percent(value, decimals)
    if zero and value == 0:
        return ZERO_WORDS[zero]
    return format_number(value, decimals, two_digits=doc.dem_hai_chu_so and f.type == "integer")


def zero_reading(kind: Kind, doc: DocumentInfo) -> str:
    """Return how a zero reads in this report: the report's choice, else the kind's, else ""
    (as the other small counts: "00" with «Số nhỏ hơn 10 viết hai chữ số», else "0")."""
    return doc.so_khong or kind.so_khong


def with_unit(value: object, unit: str) -> str:
    """``{{ x | kem("TTHC") }}``: "09 TTHC"; a zero written as a word ("không") takes no unit."""
    text = str(value)
    return text if not text or text in WORD_ZEROS else f"{text} {unit}"


WORD_ZEROS = frozenset(ZERO_WORDS[k] for k in ("khong", "chua_co"))


def _typed_decimals(value: Any, limit: int) -> int:
    """Keep a typed figure as precise as the official wrote it ("53,8%", not "53,80%")."""
    if not isinstance(value, Decimal):
        return 0 if isinstance(value, int) else limit
    exponent = value.normalize().as_tuple().exponent
    return min(limit, max(0, -exponent)) if isinstance(exponent, int) else limit


def _row(columns: tuple[Column, ...], row: dict[str, Any], doc: DocumentInfo) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in columns:
        value = row.get(c.id)
        if c.type in ("integer", "decimal"):
            out[c.id] = format_number(value, 0 if c.type == "integer" else 2) if value is not None else ""
        elif c.type == "date":
            out[c.id] = format_short_date(value) if isinstance(value, date) else ""
        else:
            out[c.id] = "" if value is None else str(value)
    return out


def headings(
    kind: Kind, ev: Evaluation, notes: Footnotes, words: Mapping[str, Any]
) -> Iterator[tuple[str, WordXml]]:
    """Yield every section's heading paragraph, marked, numbered among the visible sections
    (:mod:`desktop_app.document.outline` settles them once the document is rendered)."""
    counters = [0] * 4
    for s in kind.sections:
        if s.id not in ev.visible_sections:
            yield s.id, WordXml("", "")
            continue
        if not s.heading:
            yield s.id, mark_only(s.id)
            continue
        level = level_index(kind, s)
        text = fill_placeholders(s.heading, words)  # "Phương hướng, nhiệm vụ {ky_tiep}"
        label = number_label(kind.numbering, level, counters) if s.numbered else ""
        if kind.numbering[level] == "I":
            text = text.upper()
        xml = heading_xml(s.id, HEADING_STYLES[kind.numbering[level]], label, text, notes)
        yield s.id, WordXml(xml, f"{label} {text}".strip())
