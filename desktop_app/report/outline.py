"""Which sections of a report have content, and what a section with none becomes on paper.

A numbered heading with nothing under it is never printed bare: the kind says per section
(``when_empty``) whether it is left out (the headings after it are numbered again) or printed
with the kind's «Không phát sinh.» line under it. The document decides from what it really
printed under each heading (:mod:`desktop_app.document.outline`); this module decides from the
figures and texts, for the checks, and so that a section whose figures are known but whose
sentences are switched off never claims «Không phát sinh.».
"""

from __future__ import annotations

from typing import Any

from desktop_app.report.figures import Evaluation
from desktop_app.report.kinds import Field, Kind, Section

WHEN_EMPTY_WORDS = {
    "omit": "văn bản sẽ bỏ đề mục này (các mục sau tự đánh số lại)",
    "khong_phat_sinh": "văn bản sẽ ghi «{text}» dưới đề mục",
    "keep": "văn bản in đề mục mà không có gì bên dưới",
}


def has_value(f: Field, value: Any) -> bool:
    """True when ``value`` is content of the report (tick boxes and choices are settings)."""
    if f.type in ("boolean", "choice") or value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return bool(value)
    return True


def sections_with_content(kind: Kind, ev: Evaluation) -> frozenset[str]:
    """Return the ids of the shown sections with a value of their own or in a deeper section."""
    own = {
        s.id
        for s in kind.sections
        if any(f.id in ev.visible_fields and has_value(f, ev.values.get(f.id)) for f in s.fields)
    }
    found: set[str] = set()
    for i, s in enumerate(kind.sections):
        if s.id not in ev.visible_sections:
            continue
        deeper = _descendants(kind.sections, i)
        if s.id in own or any(d.id in own and d.id in ev.visible_sections for d in deeper):
            found.add(s.id)
    return frozenset(found)


def _descendants(sections: tuple[Section, ...], index: int) -> list[Section]:
    level = sections[index].level
    out = []
    for s in sections[index + 1 :]:
        if s.level <= level:
            break
        out.append(s)
    return out


def empty_consequence(kind: Kind, section: Section) -> str:
    """Say what the document does with ``section`` when it has no content."""
    return WHEN_EMPTY_WORDS[section.when_empty].format(text=kind.khong_phat_sinh)


def first_content_field(section: Section) -> str | None:
    """The field a section's problem is shown at: its own text (the narrative), else its first."""
    texts = [f.id for f in section.fields if f.type == "paragraphs"]
    content = [f.id for f in section.fields if f.type not in ("boolean", "choice")]
    found = texts or content
    return found[0] if found else None
