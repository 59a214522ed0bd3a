"""Render a report into its Word document. The only module that imports docxtpl.

The document is the Nghị định 30 frame (``templates_docx/_khung_nd30.docx``, one file for
every kind, so a fix to it reaches every kind) with the kind's body template merged in
where the frame says ``#NOI_DUNG#``. Rendering always escapes, runs in a Jinja sandbox,
adds the footnotes, ends the body with "./.", and refuses to write a document whose XML
does not parse.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from lxml import etree

from desktop_app.document.appendix import attach_appendices
from desktop_app.document.context import BlankFigure, build_context, with_unit
from desktop_app.document.header import frame_path
from desktop_app.document.outline import HeadingPlan, plan_for, settle, strip_marks
from desktop_app.document.template_faults import LINT_COMMAND, find_fault, reason
from desktop_app.document.wordxml import BODY_STYLE, W_NS, Footnotes, footnote_xml
from desktop_app.report.answers import Report
from desktop_app.report.catalogue import kind_of
from desktop_app.report.checks import evaluate_report
from desktop_app.report.outline import sections_with_content
from desktop_app.report.sandbox import (
    RENDER_SECONDS,
    TIMEOUT_MESSAGE,
    BoundedSandbox,
    RenderTimeout,
    deadline,
)
from desktop_app.system.files import reason as os_reason
from desktop_app.system.files import write_atomic
from desktop_app.text import ensure_final_mark, plain

BODY_MARKER = "#NOI_DUNG#"
_W = f"{{{W_NS}}}"
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


class RenderError(Exception):
    """The document could not be produced; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Rendered:
    """A produced document: its bytes and the context it was made from."""

    data: bytes
    context: Mapping[str, Any]

    @property
    def blank_figures(self) -> list[str]:
        """The labels of the figures printed as «…» (left blank, placed by the template)."""
        return [v.label for v in self.context.values() if isinstance(v, BlankFigure) and v.printed]

    def blank_words(self) -> str:
        """Say where the document still reads «…» ("" when nowhere)."""
        labels = self.blank_figures
        if not labels:
            return ""
        more = f" và {len(labels) - 4} số khác" if len(labels) > 4 else ""
        shown = ", ".join(f"«{label}»" for label in labels[:4]) + more
        return f"Văn bản còn «…» ở chỗ các số chưa nhập: {shown}."


def render_report(report: Report, out: Path | None = None) -> Rendered:
    """Render ``report`` with its kind's template; write it to ``out`` when given."""
    kind = kind_of(report)
    notes = Footnotes()
    ev = evaluate_report(report)
    context = build_context(report, kind, ev, notes)
    plan = plan_for(kind, sections_with_content(kind, ev))
    data = render_template(kind.template_path, context, notes, plan, data=kind.template_data)
    data = fixed_zip(attach_appendices(data, report, context["so_ky_hieu"]))
    verify_docx(data)
    verify_complete(data, context, notes)
    if out is not None:
        write_atomic(out, data)
    return Rendered(data, context)


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def fixed_zip(data: bytes) -> bytes:
    """Return the DOCX ``data`` re-packed with every entry dated 1/1/1980, in the same order.

    Word files carry the time they were zipped; without it the same report gives the same
    bytes, so the hash kept for a document that went out confirms a reproduction of it.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = item.external_attr
            target.writestr(entry, source.read(item))
    return out.getvalue()


SAME_DATA_OTHER_FILE = (
    "Số liệu và chữ đúng như lúc trước, nhưng tệp khác tệp đã tạo: mẫu văn bản đã được sửa từ đó."
)


def reproduce(report: Report, out: Path, sha256: str) -> bool:
    """Render the kept data of a document that went out into ``out``; True when the file is
    byte-identical to it (False: the templates changed since; the figures are still the same)."""
    return hashlib.sha256(render_report(report, out).data).hexdigest() == sha256


def jinja_environment() -> BoundedSandbox:
    """Return the environment every document is rendered with: sandboxed (cost bounded), escaping.

    Its one filter of the app's own, ``kem``, writes a unit after a figure: ``{{ x | kem("TTHC") }}``.
    """
    env = BoundedSandbox(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=lambda value: "" if value is None else value,
    )
    env.filters["kem"] = with_unit
    return env


def render_template(
    body: Path,
    context: Mapping[str, Any],
    notes: Footnotes | None = None,
    plan: HeadingPlan | None = None,
    seconds: float = RENDER_SECONDS,
    data: bytes = b"",
) -> bytes:
    """Merge ``body`` (or its bytes ``data``) into the frame, render it with ``context`` within
    ``seconds`` and return the DOCX bytes.

    With the kind's ``plan``, empty headings become what the kind says and headings are numbered
    again (:mod:`desktop_app.document.outline`).
    """
    template = DocxTemplate(io.BytesIO(merge_into_frame(frame_path(), body, data)))
    try:
        with deadline(seconds):
            template.render(dict(context), jinja_env=jinja_environment(), autoescape=True)
    except RenderTimeout as exc:
        raise RenderError(f"Mẫu «{body.name}»: {TIMEOUT_MESSAGE.format(seconds=seconds)}") from exc
    except TemplateSyntaxError as exc:  # also unknown filters and tests (TemplateAssertionError)
        raise RenderError(_syntax_message(body, data, exc)) from exc
    except UndefinedError as exc:
        raise RenderError(f"Mẫu «{body.name}» dùng một tên không có: {exc.message}.") from exc
    except TemplateError as exc:  # an unknown filter in an «if» is known only when it runs
        raise RenderError(_syntax_message(body, data, exc, f"không dựng được: {exc}")) from exc
    except (ArithmeticError, TypeError, ValueError, LookupError, RecursionError) as exc:
        # A template's own expression failed ({{ 1 / 0 }}): say so rather than crash.
        raise RenderError(
            f"Mẫu «{body.name}» có một biểu thức không tính được: {expression_reason(exc)}. Hãy xem các "
            f"thẻ {{{{ … }}}} có phép tính (+, -, *, /) trong mẫu (chi tiết kỹ thuật: {exc})."
        ) from exc
    if plan is not None:
        settle(template.docx.element.body, plan)
    else:
        strip_marks(template.docx.element.body)
    _add_footnotes(template, notes or Footnotes())
    _end_body(template.docx.element.body)
    buffer = io.BytesIO()
    template.save(buffer)
    data = buffer.getvalue()
    verify_docx(data)
    return data


def expression_reason(exc: Exception) -> str:
    """What went wrong in a template's own calculation, in the words of the one who wrote it."""
    said = str(exc)
    if isinstance(exc, ZeroDivisionError):
        return "chia cho 0 (một số dùng làm số chia đang là 0 hay để trống)"
    if isinstance(exc, TypeError) and ("concatenate" in said or "unsupported operand" in said):
        return "phép tính giữa chữ và số, hay với một ô để trống (một ô chữ được cộng với một số?)"
    if isinstance(exc, LookupError):
        return "lấy một phần tử không có (một dòng, một cột hay một mục ngoài danh sách)"
    if isinstance(exc, RecursionError):
        return "biểu thức gọi lại chính nó quá nhiều lần"
    return "giá trị không đúng kiểu cho phép tính"


def _syntax_message(body: Path, data: bytes, exc: TemplateError, otherwise: str = "") -> str:
    """Name the paragraph and tag Jinja refuses (read from the body template alone: the
    error's line is one of the merged XML, which nobody can find in Word) and say how to
    see every problem of the template at once."""
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data else body) as z:
            fault = find_fault(z.read("word/document.xml"), jinja_environment())
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        fault = None
    if fault is None and otherwise:
        return f"Mẫu «{body.name}» {otherwise}"
    if fault is None:
        said = f"Mẫu «{body.name}» có {reason(exc.message or '')}"
    else:
        where = f", {fault.place}" if fault.place else ""
        said = f"Mẫu «{body.name}»{where}: {fault.reason}"
    return f"{said} Sửa mẫu rồi chạy «{LINT_COMMAND}» để xem mọi chỗ sai của mẫu."


# ---------------------------------------------------------------- the merge


def merge_into_frame(frame: Path, body: Path, data: bytes = b"") -> bytes:
    """Return the frame DOCX with ``body``'s paragraphs and tables at the body marker
    (``data``: the body template's bytes when it is not a file, e.g. a stored copy)."""
    try:
        with zipfile.ZipFile(frame) as fz:
            parts = {name: fz.read(name) for name in fz.namelist()}
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise RenderError(_unreadable(frame, exc)) from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data else body) as bz:
            body_xml = bz.read("word/document.xml")
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise RenderError(_unreadable(body, exc)) from exc
    parts["word/document.xml"] = _merge_xml(parts["word/document.xml"], body_xml, body.name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return out.getvalue()


def _unreadable(template: Path, exc: Exception) -> str:
    """Why the template file ``template`` cannot be read, in Vietnamese: a file deleted or
    renamed, or one that is no Word document (a .doc or a damaged file named .docx)."""
    if isinstance(exc, OSError):
        return f"Không mở được mẫu văn bản «{template.name}» ({template}): {os_reason(exc)}."
    return (
        f"Mẫu văn bản «{template.name}» không phải tệp Word .docx đọc được (tệp hỏng, hay tệp .doc chỉ "
        "đổi đuôi): mở bằng Word, lưu lại dạng «Word Document (*.docx)», rồi chạy "
        f"«{LINT_COMMAND}» để kiểm tra."
    )


def _merge_xml(frame_xml: bytes, body_xml: bytes, body_name: str) -> bytes:
    frame_root = etree.fromstring(frame_xml)
    try:
        body_root = etree.fromstring(body_xml)
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"Mẫu «{body_name}» hỏng: {exc}") from exc
    marker = _find_marker(frame_root)
    if marker is None:
        raise RenderError(f"Khung văn bản thiếu đoạn «{BODY_MARKER}».")
    parent = marker.getparent()
    index = parent.index(marker)
    content = [el for el in body_root.find(f"{_W}body") if el.tag != f"{_W}sectPr"]
    for offset, element in enumerate(content):
        parent.insert(index + offset, element)
    parent.remove(marker)
    result: bytes = etree.tostring(frame_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def _find_marker(root: etree._Element) -> etree._Element | None:
    for p in root.iter(f"{_W}p"):
        if "".join(p.itertext()).strip() == BODY_MARKER:
            return p
    return None


# ---------------------------------------------------------------- after rendering


def _add_footnotes(template: DocxTemplate, notes: Footnotes) -> None:
    """Write the footnotes the document references, numbered in document order.

    The context numbers footnotes in the order it formats fields, which is not the order
    they appear on the page, and hidden fields may have produced footnotes that are never
    placed; readers pair footnotes with references, so renumber and keep only placed ones.
    """
    refs = list(template.docx.element.body.iter(f"{_W}footnoteReference"))
    if not refs:
        return
    part = next((p for p in template.docx.part.package.parts if p.content_type == _FOOTNOTES_TYPE), None)
    if part is None:
        raise RenderError("Khung văn bản thiếu phần chú thích (footnotes.xml).")
    root = etree.fromstring(part.blob)
    texts = notes.texts
    for number, ref in enumerate(refs, 1):
        old = int(ref.get(f"{_W}id"))
        ref.set(f"{_W}id", str(number))
        root.append(etree.fromstring(footnote_xml(number, texts[old - 1])))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _end_body(body: Any) -> None:
    """End the last body paragraph (before the signature block) with "./."."""
    body_paras = [
        p for p in body.iterchildren(f"{_W}p") if _style(p) == BODY_STYLE and "".join(p.itertext()).strip()
    ]
    if not body_paras:
        return
    last = body_paras[-1]
    texts = [t for t in last.iter(f"{_W}t") if (t.text or "").strip()]
    if texts:
        texts[-1].text = ensure_final_mark(texts[-1].text or "")
    # The signature block never stands alone on a page: the closing sentence goes with it whole,
    # and so do the last lines (two, by widow control) of the paragraph before it; Nơi nhận and
    # the signature share one row that never splits.
    _keep_with_next(last, whole=True)
    before = last.getprevious()
    while before is not None and before.tag == f"{_W}p" and not "".join(before.itertext()).strip():
        before = before.getprevious()
    if before is not None and before.tag == f"{_W}p" and _style(before) not in FRAME_STYLES:
        _keep_with_next(before, whole=False)


# The frame's own paragraphs before the body (the body never starts before them).
FRAME_STYLES = ("TenLoai", "TrichYeu", "DuongKe", "KinhGui")


def _keep_with_next(p: Any, whole: bool) -> None:
    """Give paragraph ``p`` keepNext (and keepLines when ``whole``), in the schema's order."""
    ppr = p.find(f"{_W}pPr")
    if ppr is None:
        ppr = etree.SubElement(p, f"{_W}pPr")
        p.insert(0, ppr)
    at = 1 if ppr.find(f"{_W}pStyle") is not None else 0
    for name in ("keepNext", "keepLines") if whole else ("keepNext",):
        if ppr.find(f"{_W}{name}") is None:
            ppr.insert(at, etree.Element(f"{_W}{name}"))
        at += 1


def _style(p: Any) -> str | None:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return None if style is None else style.get(f"{_W}val")


def verify_docx(data: bytes) -> None:
    """Refuse a document whose parts are not well-formed XML (a cut document)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(z.read(name), etree.XMLParser(recover=False, huge_tree=True))
            document = z.read("word/document.xml").decode("utf-8")
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as exc:
        raise RenderError(f"Văn bản tạo ra bị hỏng, không ghi ra tệp: {exc}") from exc
    if not re.search(r"Nơi nhận", document):
        raise RenderError("Văn bản tạo ra bị cắt cụt (không thấy phần Nơi nhận), không ghi ra tệp.")


def expected_texts(context: Mapping[str, Any]) -> list[str]:
    """Return what every document must show of its frame: the number and date line, the type,
    the signature block and the Nơi nhận list (its last line, ``Lưu: …``, closes the document)."""
    pieces = [context.get("so_ky_hieu"), context.get("dia_danh_ngay"), context.get("ten_loai")]
    pieces += [*context.get("chuc_vu", []), context.get("ho_ten"), "Nơi nhận:", *context.get("noi_nhan", [])]
    return [p.strip() for p in pieces if isinstance(p, str) and p.strip()]


def part_texts(data: bytes, prefix: str) -> dict[str, list[str]]:
    """Return the paragraphs' text of each XML part of the DOCX ``data`` whose name starts with ``prefix``."""
    found: dict[str, list[str]] = {}
    parser = etree.XMLParser(recover=False, huge_tree=True)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith(prefix) and name.endswith(".xml"):
                root = etree.fromstring(z.read(name), parser)
                found[name] = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]
    return found


def verify_complete(data: bytes, context: Mapping[str, Any], notes: Footnotes) -> None:
    """Refuse a document that lost a part on the way: compare the text of every part.

    Word's XML parser silently cuts a text run past 10,000,000 characters and everything after
    it; inputs are limited far below that (:data:`desktop_app.report.answers.MAX_TEXT_CHARS`),
    and this check makes sure: the body still ends the document (its section properties last),
    the frame's number, date, type, signature and every Nơi nhận line are there, every
    footnote referenced has its text, and every header part still holds its page number.
    """
    parts = part_texts(data, "word/")
    missing = [p for p in expected_texts(context) if p not in "\n".join(parts.get("word/document.xml", []))]
    missing += _missing_footnotes(data, parts.get("word/footnotes.xml", []), notes)
    if not _ends_with_section(data):
        missing.append("phần cuối văn bản")
    for name, texts in parts.items():  # a header holds the page number, or nothing (page 1)
        if name.startswith("word/header") and any(texts) and not _has_page_field(data, name):
            missing.append(f"số trang ({name})")
    if missing:
        shown = ", ".join(f"«{m[:60]}»" for m in missing[:5])
        raise RenderError(f"Văn bản tạo ra bị cắt cụt (thiếu {shown}), không ghi ra tệp.")


def _missing_footnotes(data: bytes, texts: list[str], notes: Footnotes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        refs = z.read("word/document.xml").count(b"<w:footnoteReference ")
    placed = [t.strip() for t in texts if t.strip()]
    wanted = {plain(n).strip() for n in notes.texts}
    lost = [t for t in placed if t not in wanted]
    if len(placed) < refs:
        lost.append(f"{refs - len(placed)} chú thích")
    return lost


def _ends_with_section(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"), etree.XMLParser(huge_tree=True))
    body = root.find(f"{_W}body")
    return body is not None and len(body) > 0 and body[-1].tag == f"{_W}sectPr"


def _has_page_field(data: bytes, name: str) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(name)
    return b" PAGE " in xml or b'w:instr="PAGE' in xml or b'w:instr=" PAGE' in xml


def template_variables(path: Path) -> set[str]:
    """Return the names a kind's body template reads (for the contract tests)."""
    template = DocxTemplate(str(path))
    names: set[str] = template.get_undeclared_template_variables(jinja_env=jinja_environment())
    return names


def template_attributes(path: Path, name: str) -> set[str]:
    """Return the attributes the template reads of ``name`` (``muc.x`` -> {"x"})."""
    with zipfile.ZipFile(path) as z:
        text = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))
    return set(re.findall(rf"\b{name}\.([a-z_][a-z0-9_]*)", text))
