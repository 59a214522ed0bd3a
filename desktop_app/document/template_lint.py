"""Lint a kind's body template (DOCX): every problem with its paragraph or table cell and tag.

What it finds, each with its place («đoạn 14», «bảng 2, hàng 3, ô 4») and the tag's text:

- Jinja syntax errors (``{{ hs_tiep_nhan }``);
- names that are no field of the kind and no name the app provides (``{{ hs_tiep_nhan_sai }}``),
  and ``muc.x`` / ``show.x`` / ``raw.x``… naming no section or field;
- a tag whose ``{{``, ``}}``, ``{%`` or ``%}`` is split between two runs of text (Word does this
  after an edit; docxtpl mends a tag split inside, never one split in its braces);
- smart quotes (“ ” ‘ ’) inside a tag, where Jinja needs straight ones;
- ``{%p …%}`` / ``{{p …}}`` that do not stand alone in their paragraph, ``{%tr …%}`` outside a
  table;
- anything reaching Python's internals (``{{ ''.__class__.__mro__ }}``: names or attributes
  starting with ``_``);
- loops without a bound: a ``for`` must go over a written list, a field's rows or lines, or
  ``range()`` of at most 10,000 written as numbers; ``recursive`` loops are refused;
- as a warning, a field the official types text into (text, paragraphs, lines, table) that no
  tag of the template (nor the trích yếu) names: what they type would never reach the document
  (a ``{{p mo_dau }}`` deleted in Word).

A template is read the way docxtpl reads it: one line per paragraph, with the ``p``/``tr``/``r``
markers removed, so a Jinja line number is a paragraph.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes
from lxml import etree

from desktop_app.document.render import jinja_environment
from desktop_app.document.template_faults import (
    MARKER,
    TAG,
    Paragraph,
    fault_of,
    last_tag_start,
    paragraphs,
    reason,
    short,
    source,
    tag_at,
    unknown_filters,
)
from desktop_app.report.expressions import ExpressionError, template_names
from desktop_app.report.kind_lint import ERROR, WARNING, Finding
from desktop_app.report.kinds import RESERVED_NAMES, Kind
from desktop_app.report.sandbox import MAX_ITEMS
from desktop_app.system.safe_read import UnsafeFileError, check_zip_bytes

# Names Jinja itself provides inside templates.
JINJA_NAMES = frozenset({"loop", "range", "true", "false", "none", "True", "False", "None", "dict"})
ATTRIBUTE_TABLES = ("muc", "show", "raw", "prev", "so_sanh", "cung_ky", "so_sanh_cung_ky", "mo_so_lieu")
SECTION_TABLES = ("muc", "mo_so_lieu")  # named by section ids; "show" by both, the others by field ids
_SMART = "“”‘’„‚«»"
_DELIMITERS = ("{{", "}}", "{%", "%}", "{#", "#}")
PROSE_TYPES = ("text", "paragraphs", "lines", "table")  # typed by the official, printed only by a tag


@dataclass(frozen=True)
class TemplateNames:
    """The names a template may use: the kind's fields and sections, and fields with rows;
    ``prose``: the (id, label) of the fields typed as text that the document must print."""

    fields: frozenset[str]
    sections: frozenset[str]
    rows: frozenset[str]
    prose: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of_kind(cls, kind: Kind) -> TemplateNames:
        retired = kind.retired
        fields = frozenset(f.id for f in kind.fields()) | retired
        rows = frozenset(f.id for f in kind.fields() if f.type in ("table", "lines")) | retired
        try:
            in_title = template_names(kind.trich_yeu)
        except ExpressionError:
            in_title = frozenset()
        prose = tuple(
            (f.id, f.label)
            for f in kind.fields()
            if f.type in PROSE_TYPES and not f.computed and f.id not in in_title
        )
        return cls(fields, frozenset(s.id for s in kind.sections) | retired, rows, prose)

    @classmethod
    def of_data(cls, data: Mapping[str, Any]) -> TemplateNames:
        """From a kind file's decoded data, when it does not load (to lint its template anyway)."""
        sections = [s for s in data.get("sections", []) if isinstance(s, dict)]
        fields = [f for s in sections for f in s.get("fields", []) if isinstance(f, dict)]
        retired = frozenset(str(i) for i in data.get("retired", []))
        return cls(
            frozenset(str(f.get("id")) for f in fields) | retired,
            frozenset(str(s.get("id")) for s in sections) | retired,
            frozenset(str(f.get("id")) for f in fields if f.get("type") in ("table", "lines")) | retired,
        )


# ---------------------------------------------------------------- the lint


def lint_template(name: str, data: bytes, kind: Kind | TemplateNames) -> list[Finding]:
    """Return every problem of the body template ``name`` (its bytes ``data``) for ``kind``."""
    names = kind if isinstance(kind, TemplateNames) else TemplateNames.of_kind(kind)
    try:
        check_zip_bytes(data, name)  # a template is a zip: no bomb, password or odd method
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
        paras = paragraphs(xml)
    except (UnsafeFileError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        return [Finding(ERROR, name, "", f"không mở được mẫu Word: {exc}", code="docx")]
    linter = _TemplateLinter(name, paras, names)
    linter.run()
    return linter.findings


class _TemplateLinter:
    def __init__(self, name: str, paras: list[Paragraph], names: TemplateNames) -> None:
        self.name = name
        self.paras = paras
        self.findings: list[Finding] = []
        self.fields = set(names.fields)
        self.sections = set(names.sections)
        self.rows = set(names.rows)
        self.prose = names.prose

    def add(self, para: Paragraph | None, tag: str, message: str, code: str, severity: str = ERROR) -> None:
        place = para.place if para else ""
        if tag:
            place = f"{place}, thẻ «{short(tag)}»" if place else f"thẻ «{short(tag)}»"
        self.findings.append(Finding(severity, self.name, place, message, code=code))

    def run(self) -> None:
        for para in self.paras:
            self.split_delimiters(para)
            self.smart_quotes(para)
            self.markers(para)
        tree = self.parse()
        if tree is not None:
            self.names(tree)
            self.internals(tree)
            self.loops(tree)
            self.unprinted(tree)

    # ------------------------------------------------------------ per paragraph

    def split_delimiters(self, para: Paragraph) -> None:
        ends = _run_ends(para.runs)
        text = para.text
        for delimiter in _DELIMITERS:
            start = text.find(delimiter)
            while start >= 0:
                if start + 1 in ends:
                    self.add(
                        para,
                        tag_at(text, start),
                        f"dấu «{delimiter}» của thẻ bị Word tách làm hai đoạn chữ (run); docxtpl không "
                        "ghép lại được: xóa thẻ rồi gõ lại liền một mạch (hoặc dán dạng chữ thường).",
                        "the_bi_tach",
                    )
                start = text.find(delimiter, start + 1)

    def smart_quotes(self, para: Paragraph) -> None:
        for tag in TAG.findall(para.text):
            if any(q in tag for q in _SMART):
                self.add(
                    para,
                    tag,
                    "thẻ có dấu nháy cong (“ ” ‘ ’); Jinja chỉ hiểu nháy thẳng ' và \": tắt "
                    "«AutoCorrect › Straight quotes with smart quotes» trong Word rồi gõ lại.",
                    "nhay_cong",
                )

    def markers(self, para: Paragraph) -> None:
        text = para.text.strip()
        for match in MARKER.finditer(text):
            kind = match.group(2)
            tag = tag_at(text, match.start())
            if kind == "p" and text != tag.strip():
                self.add(
                    para,
                    tag,
                    "thẻ «{%p …%}» hay «{{p …}}» thay cả đoạn văn nên phải đứng một mình trong đoạn "
                    "(không có chữ hay thẻ khác cùng đoạn).",
                    "the_p",
                )
            if kind in ("tr", "tc") and not para.in_table:
                self.add(para, tag, f"thẻ «{{%{kind} …%}}» chỉ dùng trong ô của một bảng.", "the_tr")

    # ------------------------------------------------------------ the template as Jinja reads it

    def parse(self) -> nodes.Template | None:
        env = jinja_environment()  # the filters rendering has (kem)
        try:
            tree = env.parse(source(self.paras))
        except TemplateSyntaxError as exc:
            fault = fault_of(exc, self.paras, env)
            self.add(fault.para, fault.tag, fault.reason, "cu_phap")
            return None
        unknown = unknown_filters(tree, env)
        for lineno, word, message in unknown:
            para = self.para_at(lineno)
            tag = self.tag_naming(para, word)
            self.add(para, tag, reason(message, tag), "cu_phap")
        return None if unknown else tree  # Jinja cannot compile it to read its names

    def para_at(self, lineno: int | None) -> Paragraph | None:
        if lineno is None or not 1 <= lineno <= len(self.paras):
            return None
        return self.paras[lineno - 1]

    def tag_naming(self, para: Paragraph | None, word: str) -> str:
        if para is None:
            return ""
        found = [t for t in TAG.findall(para.text) if re.search(rf"\b{re.escape(word)}\b", t)]
        return found[0] if found else last_tag_start(para.text)

    def names(self, tree: nodes.Template) -> None:
        known = self.fields | RESERVED_NAMES | JINJA_NAMES
        unknown = meta.find_undeclared_variables(tree) - known
        for node in tree.find_all(nodes.Name):
            if node.ctx == "load" and node.name in unknown and not node.name.startswith("_"):
                unknown.discard(node.name)
                para = self.para_at(node.lineno)
                near = difflib.get_close_matches(node.name, sorted(self.fields), n=1)
                hint = f" Có phải «{near[0]}»?" if near else ""
                self.add(
                    para,
                    self.tag_naming(para, node.name),
                    f"tên «{node.name}» không phải trường của loại văn bản, cũng không phải tên ứng dụng "
                    f"cung cấp.{hint}",
                    "ten_la",
                )
        for getattr_node in tree.find_all(nodes.Getattr):
            table = getattr_node.node.name if isinstance(getattr_node.node, nodes.Name) else ""
            if table in ATTRIBUTE_TABLES and not getattr_node.attr.startswith("_"):
                allowed = self.sections if table in SECTION_TABLES else self.fields
                if table == "show":
                    allowed = self.sections | self.fields
                attr = str(getattr_node.attr)
                if attr not in allowed:
                    para = self.para_at(getattr_node.lineno)
                    message = f"«{table}.{attr}»: loại văn bản không có mục hay trường «{attr}»."
                    self.add(para, self.tag_naming(para, attr), message, "ten_la")

    def unprinted(self, tree: nodes.Template) -> None:
        """Warn of each field typed as text that no tag names: its text would be lost silently."""
        named = {n.name for n in tree.find_all(nodes.Name)} | {n.attr for n in tree.find_all(nodes.Getattr)}
        named |= {str(n.arg.value) for n in tree.find_all(nodes.Getitem) if isinstance(n.arg, nodes.Const)}
        for field_id, label in self.prose:
            if field_id not in named:
                tag = "{{p " + field_id + " }}"
                message = (
                    f"trường «{label}» («{field_id}») không có thẻ nào trong mẫu Word: những gì cán bộ "
                    f"nhập vào trường này sẽ không có trong văn bản. Thêm thẻ của nó (ví dụ «{tag}» cho "
                    "một đoạn văn) vào chỗ cần in, hoặc bỏ trường khỏi tệp .toml."
                )
                self.add(None, "", message, "khong_in", WARNING)

    def internals(self, tree: nodes.Template) -> None:
        found: list[tuple[int, str]] = []
        for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
            word = ""
            if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
                word = node.attr
            elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
                word = str(node.arg.value) if str(node.arg.value).startswith("_") else ""
            elif isinstance(node, nodes.Name) and node.name.startswith("_"):
                word = node.name
            if word:
                found.append((node.lineno, word))
        for lineno, word in sorted(set(found)):
            para = self.para_at(lineno)
            self.add(
                para,
                self.tag_naming(para, word),
                f"thẻ chạm tới phần bên trong của Python («{word}»): "
                "mẫu không được dùng tên bắt đầu bằng «_».",
                "noi_bo",
            )

    def loops(self, tree: nodes.Template) -> None:
        assigned = {
            n.target.name: n.node for n in tree.find_all(nodes.Assign) if isinstance(n.target, nodes.Name)
        }
        targets: set[str] = set()
        for loop in tree.find_all(nodes.For):  # "for t in …" (the target itself) or "for a, b in …"
            names = [loop.target, *loop.target.find_all(nodes.Name)]
            targets |= {n.name for n in names if isinstance(n, nodes.Name)}
        for loop in tree.find_all(nodes.For):
            para = self.para_at(loop.lineno)
            tag = next((t for t in TAG.findall(para.text) if "for" in t), "") if para else ""
            if loop.recursive:
                self.add(
                    para,
                    tag,
                    "vòng lặp «recursive» không có giới hạn: không dùng được trong mẫu.",
                    "vong_lap",
                )
            elif not self.bounded(loop.iter, targets, assigned, 0):
                self.add(
                    para,
                    tag,
                    "vòng lặp không có giới hạn rõ: chỉ lặp trên danh sách viết sẵn […], trên các dòng của "
                    "một trường bảng/danh sách, hoặc range() của số viết sẵn (tối đa 10.000).",
                    "vong_lap",
                )

    def bounded(
        self, node: nodes.Node, targets: set[str], assigned: dict[str, nodes.Node], depth: int
    ) -> bool:
        """Tell whether a loop over ``node`` has a bound the template states."""
        if depth > 20:
            return False
        if isinstance(node, nodes.List | nodes.Tuple | nodes.Dict | nodes.Const):
            return True
        if isinstance(node, nodes.Name):
            if node.name in targets:  # a loop's own variable: bounded by that loop, checked itself
                return True
            if node.name in assigned:
                return self.bounded(assigned[node.name], targets, assigned, depth + 1)
            return node.name in self.fields or node.name in targets or node.name in ATTRIBUTE_TABLES
        if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Filter | nodes.Test):
            inner = node.node
            return inner is not None and self.bounded(inner, targets, assigned, depth + 1)
        if isinstance(node, nodes.CondExpr):
            return all(
                self.bounded(n, targets, assigned, depth + 1)
                for n in (node.expr1, node.expr2)
                if n is not None
            )
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range":
            return _small_range(node)
        return False


def _small_range(call: nodes.Call) -> bool:
    args = [a.value for a in call.args if isinstance(a, nodes.Const) and isinstance(a.value, int)]
    if len(args) != len(call.args) or call.kwargs or not 1 <= len(args) <= 3:
        return False
    try:
        return len(range(*args)) <= MAX_ITEMS
    except ValueError:
        return False


# ---------------------------------------------------------------- text helpers


def _run_ends(runs: tuple[str, ...]) -> set[int]:
    """Offsets in the paragraph's text where one run ends and the next begins."""
    ends, offset = set(), 0
    for run in runs[:-1]:
        offset += len(run)
        ends.add(offset)
    return ends
