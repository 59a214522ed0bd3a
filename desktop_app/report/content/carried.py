"""Rule 7: a figure of the previous period left in the text.

A report pre-filled from the previous period keeps its paragraphs, and with them the previous
period's figures: «tiếp nhận trong kỳ là 22.403 hồ sơ» stays in quý IV while ``hs_tiep_nhan`` is
now 12.125. Rule 3 (:mod:`.numbers`) catches a number only where the words before it name the
figure; however the sentence is worded, a number that *is* a figure of the previous period
(``report.previous``), whose figure has changed since, is left over. It is a warning, with the
new figure as its fix when only one figure had that value.

Counts are read from 10 up (a «2» or a «3» is too common to be told apart); a share is read
when written with «%», at the decimals written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop_app.report.content.numbers import COUNTED, STOP_WORDS, quote_before, written_numbers
from desktop_app.report.content.texts import Finding, Piece
from desktop_app.report.content.words import number_value, past_anywhere, sentence_start, syllables
from desktop_app.report.figures import Evaluation
from desktop_app.report.kinds import Field, Kind
from desktop_app.vnformat import format_number, format_percent, round_half_up

CODE = "so_lieu_ky_truoc"
SMALLEST_COUNT = 10


@dataclass(frozen=True)
class _Changed:
    """A figure whose value the previous period had, and its value now."""

    field: Field
    before: Decimal
    now: Decimal | None  # None: not typed yet
    partial: bool = False  # not typed, or a total of some of its parts only: not the period's figure yet


def stale_number_findings(
    kind: Kind, ev: Evaluation, previous: Mapping[str, Any], texts: list[Piece]
) -> Iterator[Finding]:
    """Rule 7 over the answers' pieces."""
    counts, shares = _changed(kind, ev, previous)
    if not counts and not shares:
        return
    current = {Decimal(str(v)) for k, v in ev.values.items() if k in ev.visible_fields and _number(v)}
    for piece in texts:
        if piece.origin != "answer":
            continue
        for match in written_numbers(piece.text):
            written = Decimal(str(number_value(match)))
            if written in current and not match["pct"]:
                continue  # a figure of this period too: the text may well mean that one
            if past_anywhere(piece.text, match.start(), match.end()):
                continue  # «so với kỳ trước 22.403 hồ sơ»: the previous figure, on purpose
            if match["pct"]:
                places = len(match["frac"] or "")
                found = [c for c in shares if round_half_up(c.before, places) == written]
                found = [c for c in found if c.now is None or round_half_up(c.now, places) != written]
            else:
                found = counts.get(written, []) if written >= SMALLEST_COUNT and not match["frac"] else []
            if found:
                yield _finding(piece, match, found)


def _changed(
    kind: Kind, ev: Evaluation, previous: Mapping[str, Any]
) -> tuple[dict[Decimal, list[_Changed]], list[_Changed]]:
    """The shown figures whose value changed since the previous period, or is not typed yet
    (a pre-filled report: its texts still hold the previous figures): counts by their old
    value, and shares."""
    counts: dict[Decimal, list[_Changed]] = {}
    shares: list[_Changed] = []
    for f in kind.fields():
        old, new = previous.get(f.id), ev.values.get(f.id)
        if not f.is_number or f.id not in ev.visible_fields or not _number(old):
            continue
        if new is not None and not _number(new):
            continue
        now = Decimal(str(new)) if new is not None else None
        changed = _Changed(f, Decimal(str(old)), now, now is None or f.id in ev.partial)
        if f.percent:
            shares.append(changed)
        elif f.type == "integer" and changed.before != changed.now:  # a score or a decimal: not read
            counts.setdefault(changed.before, []).append(changed)
    return counts, shares


def _number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _finding(piece: Piece, match: re.Match[str], found: list[_Changed]) -> Finding:
    end = match.end("frac") if match["frac"] else match.end("int")
    places = len(match["frac"] or "")
    shown = match.string[match.start() : end] + ("%" if match["pct"] else "")
    before = match.string[sentence_start(match.string, match.start()) : match.start()]
    quoted = quote_before(before, shown, 8)
    found = _named_first(found, before)
    labels = " (cũng là ".join(f"«{c.field.label}»" for c in found[:2]) + (")" if len(found) > 1 else "")
    if any(c.partial for c in found):  # not typed yet, or a part not: the new figure is not known
        message = f"«{quoted}» là số {labels} của kỳ trước; số của kỳ này chưa nhập đủ."
        return Finding((piece.field, found[0].field.id), "warning", piece.says(message), CODE)
    now = {_shown(c, places) for c in found}
    if len(now) == 1:  # one figure, or several that still agree: the new value is known
        [value] = now
        message = f"«{quoted}» là số {labels} của kỳ trước; kỳ này là {value}."
        fix = piece.fix(match.start(), end, value.removesuffix("%"))
        return Finding((piece.field, found[0].field.id), "warning", piece.says(message), CODE, fix)
    message = f"«{quoted}» là số {labels} của kỳ trước; kỳ này các số ấy đã khác nhau, hãy chọn số đúng."
    return Finding((piece.field,), "warning", piece.says(message), CODE)


def _named_first(found: list[_Changed], before: str) -> list[_Changed]:
    """``found`` (figures that had the number written), those whose label shares most words
    with the words before the number first; only the first when it shares more than any other:
    «đã giải quyết 22.278» is the resolved count, though the previous period received 22.278 too.
    Words every label has («số», «hồ sơ») tell nothing apart and are not counted."""
    words = _telling(before)
    shared = [(len(words & _telling(c.field.label)), i) for i, c in enumerate(found)]
    scored = sorted(shared, key=lambda s: -s[0])
    ordered = [found[i] for _, i in scored]
    return ordered[:1] if len(scored) > 1 and scored[0][0] > scored[1][0] else ordered


def _telling(text: str) -> frozenset[str]:
    return syllables(text) - STOP_WORDS - COUNTED


def _shown(changed: _Changed, places: int) -> str:
    assert changed.now is not None  # a figure not typed yet is never shown as the fix
    if changed.field.percent:
        return format_percent(changed.now, places)  # never «100%» for a share short of all
    return format_number(changed.now)
