"""Every text a report prints, cut into pieces that know their field, and how a fix edits one.

A piece is one paragraph of a ``paragraphs`` answer, one line of a ``lines`` answer, one cell of a
table, a ``text`` answer, the trích yếu, one line of Kính gửi or Nơi nhận, or one of the unit's
lines. The kind's own sentences (the template's fixed text, and a default text still as the kind
wrote it for this period and unit) are not pieces: they are right by construction. Nor is a text
still holding other units' words under their «Cần xem lại» lines (a roll-up's,
:mod:`desktop_app.report.review_marks`): those words speak of each unit's own figures and period,
``check`` already holds the field as an error, and the text is read once the marks are gone.

A piece's ``text`` is its value NFC-normalised, with the inline markup blanked (``**`` and ``*``
to spaces, a footnote's ``[[`` and ``]]`` to line ends) keeping its length, so that a position
found in it is a position in the answer as stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from desktop_app.report.answers import Report
from desktop_app.report.content.words import per_text
from desktop_app.report.expressions import ExpressionError, render_text
from desktop_app.report.figures import Evaluation
from desktop_app.report.kinds import Field, Kind
from desktop_app.report.review_marks import unreviewed
from desktop_app.report.wording import period_context
from desktop_app.text import clean
from desktop_app.vnformat import parse_number

PiecePath = tuple[int | str, ...]
TEXT_TYPES = ("text", "paragraphs", "lines", "table")
DOCUMENT_LABELS = {"trich_yeu": "Trích yếu", "kinh_gui": "Kính gửi", "noi_nhan": "Nơi nhận"}
UNIT_LABELS = {
    "co_quan_chu_quan": "Cơ quan chủ quản",
    "co_quan": "Tên cơ quan ban hành",
    "ten": "Tên đơn vị trong câu văn",
    "dia_danh": "Địa danh",
}
_EMPHASIS = re.compile(r"\*+")
_FOOTNOTE = re.compile(r"\[\[|\]\]")


class FixError(ValueError):
    """A fix no longer fits the text (it was edited meanwhile); the message is Vietnamese."""


@dataclass(frozen=True)
class Fix:
    """Put ``after`` in place of ``before`` at ``start``–``end`` of one piece of ``field``.

    ``path`` says which piece: ``()`` the whole text, ``(i,)`` line ``i`` (0-based) of a
    paragraphs, lines, Kính gửi or Nơi nhận value, ``(row, column_id)`` a table cell.
    """

    field: str
    path: PiecePath
    start: int
    end: int
    before: str
    after: str

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "path": list(self.path), "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Finding:
    """One problem found in the text, before it becomes an :class:`~desktop_app.report.checks.Issue`."""

    fields: tuple[str, ...]
    severity: str
    message: str
    code: str
    fix: Fix | None = None


class Piece(NamedTuple):
    """One printed text: where it stands, and its words ready to read (a named tuple: a report
    has dozens, a roll-up hundreds of thousands, made several times faster than a frozen
    dataclass)."""

    field: str
    label: str
    path: PiecePath
    where: str  # "đoạn 2", "dòng 1, cột «Địa phương»", "" for a one-piece text
    text: str
    origin: str  # "answer" | "document" | "unit"
    section: str = ""
    next_period: bool = False
    deadline: bool = False  # a cell of a column of deadlines (the kind's ``deadline = true``)

    def says(self, message: str) -> str:
        """Return ``message`` prefixed with the field's name and the place inside it."""
        place = f"{self.label}, {self.where}" if self.where else self.label
        return f"«{place}»: {message}"

    def fix(self, start: int, end: int, after: str) -> Fix:
        return Fix(self.field, self.path, start, end, self.text[start:end], after)


@per_text
def readable(text: str) -> str:
    """Return ``text`` NFC, without control characters, with its markup blanked (same length).

    A footnote's brackets become line ends: its text is a sentence of its own. Kept per text:
    the same answers are read at every check in the wizard and in every unit's copy of a text.
    """
    cleaned = clean(text)
    if "*" in cleaned:  # a search for one sign is many times faster than a regular expression's
        cleaned = _EMPHASIS.sub(lambda m: " " * len(m[0]), cleaned)
    if "[[" in cleaned or "]]" in cleaned:
        cleaned = _FOOTNOTE.sub("\n\n", cleaned)
    return cleaned


def pieces(report: Report, kind: Kind, ev: Evaluation) -> list[Piece]:
    """Return every text the document prints except the kind's own, in document order."""
    return [*_document_pieces(report), *_unit_pieces(report), *_answer_pieces(report, kind, ev)]


def _document_pieces(report: Report) -> Iterator[Piece]:
    doc = report.document
    if doc.trich_yeu.strip():
        yield Piece("trich_yeu", DOCUMENT_LABELS["trich_yeu"], (), "", readable(doc.trich_yeu), "document")
    for key in ("kinh_gui", "noi_nhan"):
        lines: tuple[str, ...] = getattr(doc, key)
        for i, line in enumerate(lines):
            where = f"dòng {i + 1}" if len(lines) > 1 else ""
            yield Piece(key, DOCUMENT_LABELS[key], (i,), where, readable(line), "document")


def _unit_pieces(report: Report) -> Iterator[Piece]:
    for key, label in UNIT_LABELS.items():
        value = getattr(report.unit, key)
        if value.strip():
            yield Piece(key, label, (), "", readable(value), "unit")


def _answer_pieces(report: Report, kind: Kind, ev: Evaluation) -> Iterator[Piece]:
    standard: tuple[tuple[str, str], ...] | None = None
    for section in kind.sections:
        for f in section.fields:
            value = report.answers.get(f.id)
            if f.type not in TEXT_TYPES or f.id not in ev.visible_fields or value in (None, "", []):
                continue
            if unreviewed(f, value):
                continue  # other units' words, waiting to be condensed: read once their marks are gone
            if isinstance(f.default, str) and isinstance(value, str):
                if standard is None:
                    standard = tuple(sorted(period_context(report.period, report.unit).items()))
                if _is_standard(f, value, standard):
                    continue
            if isinstance(value, str):
                yield from _text_pieces(value, f.id, f.label, f.type, section.id, section.next_period)
                continue
            deadlines = {c.id for c in f.columns if c.deadline}
            for path, where, text in _parts(f, value):
                yield Piece(
                    f.id,
                    f.label,
                    path,
                    where,
                    readable(text),
                    "answer",
                    section.id,
                    section.next_period,
                    len(path) == 2 and path[1] in deadlines,
                )


@per_text
def _text_pieces(
    value: str, field_id: str, label: str, field_type: str, section: str, next_period: bool
) -> tuple[Piece, ...]:
    """The pieces of a text answer (kept per text, as what is read in them)."""
    return tuple(
        Piece(field_id, label, path, where, readable(text), "answer", section, next_period)
        for path, where, text in _text_parts(field_type, value)
    )


def _is_standard(f: Field, value: str, context: tuple[tuple[str, str], ...]) -> bool:
    """True when ``value`` is the kind's default text of ``f`` as written for this period and unit.

    A text that does not begin as the default does (its words before the first ``{``, the last
    one left out: a name written next to it may join it) is not it, without the default being
    written for the unit (a roll-up's units each have their own: Jinja, a tenth of a millisecond).
    """
    source = str(f.default)
    words = _words(value)
    if not words.startswith(_fixed_start(source)):
        return False
    default = _rendered(source, context)
    return default is not None and words == _words(default)


def _words(text: str) -> str:
    return " ".join(clean(text).split())


@lru_cache(maxsize=256)
def _fixed_start(source: str) -> str:
    """The words every text written from ``source`` begins with: those before its first ``{``
    (Jinja writes them as they stand), less the last (what follows may join it, or strip the
    spaces after it)."""
    return _words(source.partition("{")[0]).rpartition(" ")[0]


@lru_cache(maxsize=256)
def _rendered(default: str, context: tuple[tuple[str, str], ...]) -> str | None:
    """A default text written for a period and unit (kept: Jinja compiles it in milliseconds)."""
    if "{{" not in default:
        return default
    try:
        return render_text(default, dict(context))
    except ExpressionError:
        return None


def _parts(f: Field, value: Any) -> Iterator[tuple[PiecePath, str, str]]:
    """Yield (path, where, text) for each piece of a field's value."""
    if f.type == "table" and isinstance(value, list):
        labels = {c.id: c.label for c in f.columns}
        for row_index, row in enumerate(value):
            for column, cell in row.items() if isinstance(row, dict) else ():
                if isinstance(cell, str) and cell.strip():
                    where = f"dòng {row_index + 1}, cột «{labels.get(column, column)}»"
                    yield (row_index, column), where, cell
        return
    if isinstance(value, str):
        yield from _text_parts(f.type, value)
    elif isinstance(value, list):
        yield from _lines(value, "đoạn" if f.type == "paragraphs" else "dòng")


def _text_parts(field_type: str, value: str) -> Iterator[tuple[PiecePath, str, str]]:
    """A paragraphs answer's paragraphs, or the whole of any other text."""
    if field_type == "paragraphs":
        yield from _lines(value.split("\n"), "đoạn")
    else:
        yield (), "", value


def _lines(lines: list[Any], word: str) -> Iterator[tuple[PiecePath, str, str]]:
    many = sum(1 for line in lines if str(line).strip()) > 1
    for i, line in enumerate(lines):
        if isinstance(line, str) and line.strip():
            yield (i,), f"{word} {i + 1}" if many else "", line


# ---------------------------------------------------------------- fixing


def fixed_value(report: Report, fix: Fix) -> Any:
    """Return the whole new value of ``fix.field`` with the fix made; FixError when it no longer fits."""
    if fix.field in DOCUMENT_LABELS:
        current: Any = getattr(report.document, fix.field)
    else:
        current = report.answers.get(fix.field)
    if current is None:
        raise FixError("Nội dung này đã bị xóa.")
    if isinstance(current, int | Decimal) and not isinstance(current, bool):
        return _edit_number(current, fix)
    return _edit(current, fix.path, fix)


def _edit_number(current: int | Decimal, fix: Fix) -> str:
    """A figure's new value, as typed (a total set to what its parts add up to), when it is still
    the one the fix was offered for."""
    try:
        still = not fix.path and parse_number(fix.before) == current
    except ValueError:
        still = False
    if not still:
        raise FixError(f"Số «{fix.before}» đã được sửa; hãy xem lại trên trang của mục đó.")
    return fix.after


def _edit(value: Any, path: PiecePath, fix: Fix) -> Any:
    if not path:
        if not isinstance(value, str):
            raise FixError("Nội dung này đã đổi.")
        return _edit_text(value, fix)
    if isinstance(value, str):  # a paragraphs answer: its lines
        return "\n".join(_edit(value.split("\n"), path, fix))
    if isinstance(value, tuple):
        return tuple(_edit(list(value), path, fix))
    head, rest = path[0], path[1:]
    if isinstance(value, list) and isinstance(head, int) and 0 <= head < len(value):
        edited = list(value)
        edited[head] = _edit(value[head], rest, fix)
        return edited
    if isinstance(value, dict) and head in value:
        return {**value, head: _edit(value[head], rest, fix)}
    raise FixError("Nội dung này đã đổi.")


def _edit_text(text: str, fix: Fix) -> str:
    text = clean(text)
    if readable(text[fix.start : fix.end]) != fix.before:
        raise FixError(f"Chỗ «{fix.before}» đã được sửa hoặc đã dời đi; hãy xem lại trên trang của mục đó.")
    return text[: fix.start] + fix.after + text[fix.end :]
