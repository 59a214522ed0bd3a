"""WordprocessingML fragments the templates place: paragraphs, headings and footnotes.

Templates place a multi-paragraph answer with ``{{p field }}``: the tag's paragraph is
replaced by real paragraphs of the body style (justified, indented), never by line breaks.
The objects here produce that XML; Jinja inserts it unescaped because they provide
``__html__``, while every plain string in the context stays escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape  # not xml.sax.saxutils: it imports urllib, http and email

from desktop_app.text import Span, paragraphs, spans

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY_STYLE = "NoiDung"
FOOTNOTE_TEXT_STYLE = "FootnoteText"
FOOTNOTE_REF_STYLE = "FootnoteReference"


@dataclass
class Footnotes:
    """Collect the footnotes met while building a document, numbered from 1."""

    texts: list[str] = field(default_factory=list)

    def add(self, text: str) -> int:
        self.texts.append(text)
        return len(self.texts)


def footnote_xml(number: int, text: str) -> str:
    """Return the ``<w:footnote>`` element of footnote ``number`` for the footnotes part."""
    runs = "".join(_run(s) for s in spans(text) if not s.footnote)
    return (
        f'<w:footnote xmlns:w="{W_NS}" w:id="{number}"><w:p>'
        f'<w:pPr><w:pStyle w:val="{FOOTNOTE_TEXT_STYLE}"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_REF_STYLE}"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs}</w:p></w:footnote>'
    )


def _run(span: Span) -> str:
    props = ("<w:b/><w:bCs/>" if span.bold else "") + ("<w:i/><w:iCs/>" if span.italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    # Tabs would be lost inside w:t; Word wants its own element for them.
    pieces = escape(span.text, quote=False).split("\t")
    body = "<w:tab/>".join(f'<w:t xml:space="preserve">{p}</w:t>' for p in pieces)
    return f"<w:r>{rpr}{body}</w:r>"


def _footnote_ref(number: int) -> str:
    return (
        f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_REF_STYLE}"/></w:rPr>'
        f'<w:footnoteReference w:id="{number}"/></w:r>'
    )


def runs_xml(paragraph: str, notes: Footnotes) -> str:
    """Return the runs of one paragraph, footnote references included."""
    return "".join(_footnote_ref(notes.add(s.text)) if s.footnote else _run(s) for s in spans(paragraph))


def paragraph_xml(paragraph: str, notes: Footnotes, style: str = BODY_STYLE) -> str:
    """Return one ``<w:p>`` of ``style`` holding ``paragraph`` (with its inline markup)."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs_xml(paragraph, notes)}</w:p>'


class WordXml:
    """XML that Jinja must insert as it is (``__html__``); empty means "nothing here"."""

    def __init__(self, xml: str, text: str) -> None:
        self.xml = xml
        self.text = text

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.xml)


def paragraphs_block(text: str | None, notes: Footnotes, style: str = BODY_STYLE) -> WordXml:
    """Return every line of a multi-paragraph answer as its own paragraph."""
    paras = paragraphs(text or "")
    return WordXml("".join(paragraph_xml(p, notes, style) for p in paras), "\n".join(paras))


def inline(text: str | None, notes: Footnotes) -> WordXml:
    """Return runs for ``{{r field }}``: a short answer placed inside a sentence."""
    value = " ".join(paragraphs(text or ""))
    return WordXml(runs_xml(value, notes), value)
