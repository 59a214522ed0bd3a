"""The numbered headings of a document: made with a mark, then settled after rendering.

A heading paragraph carries its section id (an attribute of the app's own, removed before the
document is saved) and its number in a run of its own. Once the template has rendered, what
stands under each heading is known for certain, whatever the template's conditions were:

- a heading with nothing under it (no text, no table, no heading under it that stays) becomes
  what its kind says (``when_empty``): left out, or followed by the kind's «Không phát sinh.»
  line, or kept; a section whose figures are known but printed nothing (its sentences switched
  off) is kept as it is, never said «Không phát sinh.» (``check`` names it);
- then every heading that stays is numbered again, in order, so leaving one out renumbers the
  next ones.

Headings of sections without a heading text (the opening, the closing sentence) are marks only:
they end the section above them and are removed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from desktop_app.document.wordxml import BODY_STYLE, W_NS, Footnotes, WordXml, paragraph_xml, runs_xml
from desktop_app.report.kinds import Kind, Section
from desktop_app.vnformat import roman

MARK = "soanbaocao-muc"  # the section id on a heading paragraph
NUMBER = "soanbaocao-so"  # on the run holding a heading's number
HEADING_STYLES = {"I": "Muc1", "1": "Muc2", "1.1": "Muc2", "a": "Muc3"}
_W = f"{{{W_NS}}}"

Element = Any  # lxml.etree._Element


@dataclass(frozen=True)
class HeadingPlan:
    """What the settling needs to know of each section of the kind, and of the report."""

    numbering: tuple[str, ...]
    empty_line: str
    levels: Mapping[str, int]  # numbering level index (0…), or -1 for a section without heading
    numbered: Mapping[str, bool]
    when_empty: Mapping[str, str]
    with_content: frozenset[str]  # sections whose figures or texts are known


def plan_for(kind: Kind, with_content: frozenset[str]) -> HeadingPlan:
    return HeadingPlan(
        numbering=kind.numbering,
        empty_line=kind.khong_phat_sinh,
        levels={s.id: level_index(kind, s) if s.heading else -1 for s in kind.sections},
        numbered={s.id: s.numbered for s in kind.sections},
        when_empty={s.id: s.when_empty for s in kind.sections},
        with_content=with_content,
    )


def level_index(kind: Kind, s: Section) -> int:
    return min(s.level, len(kind.numbering)) - 1


def number_label(numbering: tuple[str, ...], level: int, counters: list[int]) -> str:
    """Count one heading at ``level`` and return its label: "II.", "3.", "2.1.", "b)"."""
    counters[level] += 1
    for deeper in range(level + 1, len(counters)):
        counters[deeper] = 0
    n = counters[level]
    style = numbering[level]
    if style == "I":
        return f"{roman(n)}."
    if style == "1":
        return f"{n}."
    if style == "1.1":
        return f"{counters[level - 1]}.{n}."
    return f"{chr(ord('a') + n - 1)})"


def heading_xml(section_id: str, style: str, label: str, text: str, notes: Footnotes) -> str:
    """Return a marked heading paragraph: its number (if any) in a run of its own, then its text."""
    number = f'<w:r {NUMBER}="1"><w:t xml:space="preserve">{label}</w:t></w:r>' if label else ""
    body = runs_xml(f" {text}" if label else text, notes)
    return f'<w:p {MARK}="{section_id}"><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{number}{body}</w:p>'


def mark_only(section_id: str) -> WordXml:
    """The mark of a section without a heading: it ends the section above; removed when settled."""
    return WordXml(f'<w:p {MARK}="{section_id}"/>', "")


def settle(body: Element, plan: HeadingPlan) -> None:
    """Apply each empty heading's ``when_empty``, number the headings that stay, drop the marks."""
    items = [el for el in body if el.tag in (f"{_W}p", f"{_W}tbl")]
    end = _signature_index(items)
    items = items[:end]
    alive: dict[int, bool] = {}
    for i in reversed(range(len(items))):
        section = items[i].get(MARK)
        if section is None or plan.levels.get(section, -1) < 0:
            continue
        if not _has_content(items, i, plan, alive):
            alive[i] = _when_empty(items[i], section, plan)
        else:
            alive[i] = True
    _renumber(body, plan)


def _signature_index(items: list[Element]) -> int:
    """The signature block (the table holding «Nơi nhận:») ends the body's content."""
    for i in reversed(range(len(items))):
        if items[i].tag == f"{_W}tbl" and any(
            s.get(f"{_W}val") == "NoiNhanNhan" for s in items[i].iter(f"{_W}pStyle")
        ):
            return i
    return len(items)


def _block(items: list[Element], i: int, plan: HeadingPlan) -> Iterator[int]:
    """Yield the indexes under heading ``i``, up to the next heading of its level or above."""
    level = plan.levels[items[i].get(MARK)]
    for j in range(i + 1, len(items)):
        section = items[j].get(MARK)
        if section is not None and plan.levels.get(section, -1) <= level:
            return
        yield j


def _has_content(items: list[Element], i: int, plan: HeadingPlan, alive: dict[int, bool]) -> bool:
    for j in _block(items, i, plan):
        if items[j].get(MARK) is not None:
            if alive.get(j, False):
                return True
        elif (
            items[j].tag == f"{_W}tbl"
            or "".join(items[j].itertext()).strip()
            or items[j].find(f".//{_W}footnoteReference") is not None
        ):
            return True
    return False


def _when_empty(heading: Element, section: str, plan: HeadingPlan) -> bool:
    """Apply the section's choice to its empty heading; return True when the heading stays."""
    choice = plan.when_empty.get(section, "keep")
    if section in plan.with_content or choice == "keep":
        return True
    if choice == "omit":
        heading.getparent().remove(heading)
        return False

    xml = paragraph_xml(plan.empty_line, Footnotes(), BODY_STYLE).replace(
        "<w:p>", f'<w:p xmlns:w="{W_NS}">', 1
    )
    heading.addnext(etree.fromstring(xml))
    return True


def _renumber(body: Element, plan: HeadingPlan) -> None:
    counters = [0] * 4
    for p in list(body.iter(f"{_W}p")):
        section = p.get(MARK)
        if section is None:
            continue
        del p.attrib[MARK]
        level = plan.levels.get(section, -1)
        if level < 0:
            if not "".join(p.itertext()).strip():
                p.getparent().remove(p)
            continue
        label = number_label(plan.numbering, level, counters) if plan.numbered.get(section) else ""
        for run in p.iter(f"{_W}r"):
            if run.get(NUMBER) is not None:
                del run.attrib[NUMBER]
                run.find(f"{_W}t").text = label.upper() if plan.numbering[level] == "I" else label


def strip_marks(body: Element) -> None:
    """Remove the marks without settling (a template rendered without its kind's plan)."""
    for p in list(body.iter(f"{_W}p")):
        if p.get(MARK) is not None:
            del p.attrib[MARK]
            if not "".join(p.itertext()).strip() and p.find(f"{_W}r") is None:
                p.getparent().remove(p)
    for run in body.iter(f"{_W}r"):
        if run.get(NUMBER) is not None:
            del run.attrib[NUMBER]
