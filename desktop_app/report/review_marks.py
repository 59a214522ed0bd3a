"""Text that came from other units and waits for the drafter: marked «Cần xem lại» in the text itself.

A roll-up (:mod:`desktop_app.report.rollup`) starts each paragraphs field of the parent's report
with the units' own words, each block under a line ``**«Cần xem lại» Sở Tư pháp:**``. The mark
is part of the text, so it prints wherever the text prints: the units' words can never go out
looking like the parent's own. :func:`unreviewed_fields` finds the fields that still hold one;
``check`` reports each as an error until the drafter has condensed the text and removed the
mark lines.

>>> mark_line("Sở Tư pháp")
'**«Cần xem lại» Sở Tư pháp:**'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from desktop_app.report.kinds import Field, Kind

REVIEW_MARK = "«Cần xem lại»"


def mark_line(source_label: str) -> str:
    """Return the bold line that heads a block of text taken from ``source_label``."""
    return f"**{REVIEW_MARK} {source_label}:**"


def is_mark_line(line: str) -> bool:
    return REVIEW_MARK in line


def marked_lines(text: str) -> list[str]:
    """Return the mark lines still in ``text``."""
    return [line for line in text.split("\n") if is_mark_line(line)]


def unreviewed(f: Field, value: Any) -> bool:
    """True when ``value``, the answer of ``f``, is a paragraphs text still holding a review mark."""
    return f.type == "paragraphs" and isinstance(value, str) and REVIEW_MARK in value


def unreviewed_fields(kind: Kind, answers: Mapping[str, Any]) -> Iterator[str]:
    """Yield the ids of the paragraphs fields whose text still holds a review mark."""
    for f in kind.fields():
        if unreviewed(f, answers.get(f.id)):
            yield f.id
