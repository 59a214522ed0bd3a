"""Where a body template (DOCX) is wrong for Jinja, and why, in Vietnamese.

The template is read the way docxtpl reads it: one line per paragraph, the ``p``/``tr``/``r``
markers removed, so a Jinja line number is a paragraph. Jinja's own messages are English and
name lines of a text nobody sees; :func:`find_fault` turns them into the paragraph («đoạn 14»,
«bảng 2, hàng 3, ô 4»), the tag as written, and a Vietnamese reason. Kind lint and rendering
both use it, so IT staff read the same words whether they linted a package or edited an
installed template by hand.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from jinja2 import Environment, TemplateSyntaxError, nodes
from lxml import etree

from desktop_app.document.wordxml import W_NS

_W = f"{{{W_NS}}}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
MARKER = re.compile(r"(\{\{|\{%)\s*(p|tr|tc|r)\s")
_OPENERS = ("{{", "{%", "{#")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_BLOCKS = ("if", "for", "macro", "call", "filter", "with", "block", "raw", "set", "autoescape")
_TAG_NAMES = (*_BLOCKS, *(f"end{b}" for b in _BLOCKS), "elif", "else", "include", "import", "from")
LINT_COMMAND = "soanbaocao kind lint THƯ_MỤC_HOẶC_GÓI"
_INNERMOST = r"innermost block that needs to be closed is '(\w+)'"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the template: its place, its runs' texts, whether it is in a table."""

    place: str
    runs: tuple[str, ...]
    in_table: bool

    @property
    def text(self) -> str:
        return "".join(self.runs)


@dataclass(frozen=True)
class Fault:
    """A tag Jinja refuses: the paragraph holding it (None: not found), the tag, the reason."""

    para: Paragraph | None
    tag: str
    reason: str

    @property
    def place(self) -> str:
        """«đoạn 9, thẻ «{{ x }»», as a person finds it in Word."""
        place = self.para.place if self.para else ""
        if self.tag:
            place = f"{place}, thẻ «{short(self.tag)}»" if place else f"thẻ «{short(self.tag)}»"
        return place


def paragraphs(document_xml: bytes) -> list[Paragraph]:
    """Return the body's paragraphs in order, with places a person can find in Word."""
    root = etree.fromstring(document_xml)
    body = root.find(f"{_W}body")
    out: list[Paragraph] = []
    n = t = 0
    for child in body if body is not None else []:
        if child.tag == f"{_W}p":
            n += 1
            out.append(Paragraph(f"đoạn {n}", _runs(child), False))
        elif child.tag == f"{_W}tbl":
            t += 1
            out.extend(_table(child, t))
    return out


def _table(table: etree._Element, number: int) -> Iterator[Paragraph]:
    for r, row in enumerate(table.iter(f"{_W}tr"), 1):
        for c, cell in enumerate(row.iter(f"{_W}tc"), 1):
            for k, p in enumerate(cell.iter(f"{_W}p"), 1):
                para = f", đoạn {k}" if k > 1 else ""
                yield Paragraph(f"bảng {number}, hàng {r}, ô {c}{para}", _runs(p), True)


def _runs(p: etree._Element) -> tuple[str, ...]:
    runs = []
    for run in p.iter(f"{_W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{_W}t"))
        if text:
            runs.append(text)
    return tuple(runs)


def unmarked(text: str) -> str:
    """The text without docxtpl's ``p``/``tr``/``tc``/``r`` markers, as Jinja reads it."""
    return MARKER.sub(lambda m: m.group(1) + " ", text)


def source(paras: list[Paragraph]) -> str:
    """The template as Jinja reads it: one line per paragraph."""
    return "\n".join(unmarked(p.text) for p in paras)


# ---------------------------------------------------------------- finding the fault


def find_fault(document_xml: bytes, env: Environment) -> Fault | None:
    """Return the first tag of the body ``document_xml`` that ``env`` refuses, or None."""
    paras = paragraphs(document_xml)
    try:
        tree = env.parse(source(paras))
    except TemplateSyntaxError as exc:
        return fault_of(exc, paras, env)
    unknown = unknown_filters(tree, env)
    return _named_fault(unknown[0][0], unknown[0][2], paras) if unknown else None


def unknown_filters(tree: nodes.Template, env: Environment) -> list[tuple[int, str, str]]:
    """The (line, name, Jinja's message) of every filter or test the template names that ``env`` lacks.

    Jinja finds these only when compiling, after a render has begun; reading the tree finds
    them all at once, with their names.
    """
    found: list[tuple[int, str, str]] = []
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        is_filter = isinstance(node, nodes.Filter)
        if node.name not in (env.filters if is_filter else env.tests):
            message = f"No {'filter' if is_filter else 'test'} named {node.name!r} found."
            found.append((node.lineno, node.name, message))
    return sorted(set(found))


def fault_of(exc: TemplateSyntaxError, paras: list[Paragraph], env: Environment) -> Fault:
    """The paragraph and tag of Jinja's syntax error ``exc`` and its reason in Vietnamese."""
    return _named_fault(exc.lineno, exc.message or "", paras, env)


def _named_fault(
    lineno: int | None, message: str, paras: list[Paragraph], env: Environment | None = None
) -> Fault:
    para = paras[lineno - 1] if lineno is not None and 1 <= lineno <= len(paras) else None
    named = re.match(r"(?:Encountered unknown tag|No filter named|No test named) '(\w+)'", message)
    unclosed = re.search(_INNERMOST, message)
    if named:
        para, tag = _tag_naming(named.group(1), para, paras)
        if unclosed and lineno and named.group(1) in _TAG_NAMES:  # a real tag inside another block
            opener = _unclosed(unclosed.group(1), paras[:lineno])
            if opener is not None:  # where the block left open begins: often paragraphs above
                said = reason(message, tag)
                return Fault(para, tag, f"{said} Khối ấy mở ở {opener[0].place}: «{short(opener[1])}».")
    elif message.startswith("Unexpected end of template") and unclosed:
        para, tag = _unclosed(unclosed.group(1), paras) or (para, last_tag_start(para.text) if para else "")
    elif para is not None:
        tag = (_refused_tag(para.text, env) if env else "") or last_tag_start(para.text)
    else:
        tag = ""
    return Fault(para, tag, reason(message, tag))


def _tag_naming(word: str, para: Paragraph | None, paras: list[Paragraph]) -> tuple[Paragraph | None, str]:
    """The tag naming ``word``: in ``para`` if there, else the first paragraph that has one."""
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    for candidate in ([para] if para else []) + paras:
        found = [t for t in TAG.findall(candidate.text) if pattern.search(t)]
        if found:
            return candidate, found[0]
    return para, last_tag_start(para.text) if para else ""


def _unclosed(block: str, paras: list[Paragraph]) -> tuple[Paragraph, str] | None:
    """The opening tag of the ``block`` (if, for…) left without its end tag."""
    opened: list[tuple[str, Paragraph, str]] = []
    statement = re.compile(r"\{%-?\s*(?:(?:p|tr|tc|r)\s+)?(\w+)")
    for para in paras:
        for tag in re.findall(r"\{%.*?%\}", para.text):
            match = statement.match(tag)
            name = match.group(1) if match else ""
            if name in _BLOCKS and not (name == "set" and "=" in tag):
                opened.append((name, para, tag))
            elif name.startswith("end") and opened and opened[-1][0] == name[3:]:
                opened.pop()
    left = [(p, t) for name, p, t in opened if name == block]
    return left[-1] if left else None


def _refused_tag(text: str, env: Environment) -> str:
    """The first tag of the paragraph ``text`` that Jinja refuses when read on its own."""
    starts = sorted(i for d in _OPENERS for i in _find_all(text, d))
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        chunk = text[start:end]
        closer = _CLOSERS[chunk[:2]]
        close = chunk.find(closer, 2)
        if close < 0:  # unclosed: up to its half closer («{{ x }»), else a few words
            half = chunk.find(closer[0], 2)
            return chunk[: half + 1] if half >= 0 else chunk[:40].rstrip()
        if not _reads(unmarked(chunk[: close + 2]), env):
            return chunk[: close + 2]
    return ""


def _reads(tag: str, env: Environment) -> bool:
    try:
        if tag.startswith("{{"):
            env.parse(tag)
        else:
            list(env.lex(tag))
    except TemplateSyntaxError:
        return False
    return True


def _find_all(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while start >= 0:
        yield start
        start = text.find(needle, start + len(needle))


# ---------------------------------------------------------------- Jinja's words in Vietnamese

_TOKENS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of template": "hết mẫu",
    "name": "một tên",
    "integer": "một số",
    "string": "một chuỗi",
}


def _token(text: str) -> str:
    return _TOKENS.get(text, text)


def _unknown_tag(m: re.Match[str], tag: str) -> str:
    """A tag Jinja did not expect: a real tag out of place (an «endif» closing a «for», an
    «endif» whose «if» was deleted) or a misspelt one («endiff»)."""
    name = m.group(1)
    inner = re.search(_INNERMOST, m.string)
    if inner and name in _TAG_NAMES:  # a real tag, but another block is still open here
        block = inner.group(1)
        return (
            f"thẻ «{name}» đứng ở chỗ khối «{block}» chưa được đóng: thiếu thẻ «{{% end{block} %}}» "
            f"trước thẻ này (hoặc thẻ «{block}» mở khối ấy thừa)."
        )
    if name in _TAG_NAMES:  # a real tag with no block to belong to
        opener = name[3:] if name.startswith("end") else "if"
        return (
            f"thẻ «{name}» không có thẻ «{{% {opener} … %}}» mở khối trước nó: thẻ thừa, "
            "hoặc thẻ mở đã bị xóa."
        )
    near = difflib.get_close_matches(name, _TAG_NAMES, n=1)
    hint = f" Có phải «{near[0]}»?" if near else ""
    return f"không có thẻ lệnh «{name}».{hint}"


def _unclosed_block(m: re.Match[str], tag: str) -> str:
    block = m.group(1)
    return f"khối «{block}» mở ở thẻ này chưa được đóng: thiếu thẻ «{{% end{block} %}}» ở chỗ khối kết thúc."


def _stray_closer(m: re.Match[str], tag: str) -> str:
    if m.group(1) == "}":
        return "dấu «}» thừa hoặc thiếu một dấu: thẻ «{{ … }}» phải đóng bằng hai dấu «}}»."
    return f"dấu «{m.group(1)}» thừa: không có dấu mở tương ứng."


_REASONS: tuple[tuple[str, Callable[[re.Match[str], str], str]], ...] = (
    (r"Encountered unknown tag '(\w+)'", _unknown_tag),
    (r"Unexpected end of template\..*innermost block that needs to be closed is '(\w+)'", _unclosed_block),
    (r"No filter named '(\w+)'", lambda m, t: f"không có bộ lọc «{m.group(1)}» (chữ sau dấu «|»)."),
    (r"No test named '(\w+)'", lambda m, t: f"không có phép thử «{m.group(1)}» (chữ sau «is»)."),
    (
        r"unexpected '(.)', expected '(.)'",
        lambda m, t: f"dấu «{m.group(1)}» không khớp: cần đóng bằng «{m.group(2)}».",
    ),
    (
        r"unexpected '([}\)\]])'$",
        _stray_closer,
    ),
    (
        r"unexpected end of template, expected '(.+)'",
        lambda m, t: f"thẻ chưa viết xong: thiếu «{_token(m.group(1))}».",
    ),
    (
        r"expected token '(.+)', got '(.+)'",
        lambda m, t: f"cần «{_token(m.group(1))}» nhưng gặp «{_token(m.group(2))}».",
    ),
    (r"unexpected char '(.+)' at \d+", lambda m, t: f"ký tự «{m.group(1)}» không dùng được trong thẻ."),
    (r"unexpected '(.+)'", lambda m, t: f"«{_token(m.group(1))}» đứng sai chỗ trong thẻ."),
    (r"tag name expected", lambda m, t: "thẻ «{% … %}» thiếu tên lệnh (if, for, endif…)."),
    (r"Missing end of comment tag", lambda m, t: "ghi chú «{# …» chưa được đóng bằng «#}»."),
    (r"Invalid character in identifier", lambda m, t: "tên trong thẻ có ký tự không dùng được."),
    (r"expected name or number", lambda m, t: "sau dấu chấm phải là tên một trường hay một số."),
    (r"Unexpected end of template", lambda m, t: "mẫu kết thúc khi một thẻ chưa viết xong."),
)


def reason(message: str, tag: str = "") -> str:
    """Jinja's ``message`` said in Vietnamese, always as «thẻ viết sai: …»; never English."""
    for pattern, say in _REASONS:
        match = re.match(pattern, message, re.DOTALL)
        if match:
            return f"thẻ viết sai: {say(match, tag)}"
    return f"thẻ viết sai: «{short(tag)}»." if tag else "thẻ viết sai."


# ---------------------------------------------------------------- text helpers


def tag_at(text: str, start: int) -> str:
    """The tag that starts (or has a delimiter) at ``start``: up to its end, or 60 characters."""
    opened = max(text.rfind(d, 0, start + 2) for d in _OPENERS)
    begin = opened if opened >= 0 else start
    match = TAG.match(text, begin)
    return match.group(0) if match else text[begin : begin + 60]


def last_tag_start(text: str) -> str:
    """The last tag opened in ``text`` (or its first 60 characters when it has none)."""
    begin = max(text.rfind(d) for d in ("{{", "{%"))
    if begin < 0:
        return text[:60]
    return tag_at(text, begin)


def short(tag: str) -> str:
    """The tag on one line, cut at 90 characters."""
    tag = " ".join(tag.split())
    return tag if len(tag) <= 90 else tag[:87] + "…"
