"""Built-in layout check of a produced (rendered) DOCX against Nghị định 30/2020/NĐ-CP, Phụ lục I.

``check_layout(path)`` returns a list of :class:`LayoutProblem`; an empty list means the document
conforms.  Frame parts are found by their paragraph style (the styles of
``templates_docx/_khung_nd30.docx``), quốc hiệu and tiêu ngữ also by their exact text.  Effective
formatting is resolved as Word does for the properties that matter here: run properties, then the
run's character style chain, then the paragraph style chain (``basedOn``), then ``docDefaults``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import docx
from lxml import etree

__all__ = ["LayoutProblem", "check_layout"]

Element = Any  # lxml.etree._Element; lxml ships no type information

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FONT = "Times New Roman"
TWIPS_PER_MM = 1440 / 25.4
A4_TWIPS = (11906, 16838)
A4_TOLERANCE = 57  # 1 mm
ND30 = "Nghị định 30 quy định"

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

_FALSE = {"0", "false", "off"}


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


@dataclass(frozen=True)
class LayoutProblem:
    """One deviation: ``part`` is an ASCII id of the element, ``message`` Vietnamese text."""

    part: str
    message: str


# --------------------------------------------------------------------------- formatting helpers


def _num(value: float) -> str:
    """12.0 -> "12", 12.5 -> "12,5" (Vietnamese decimal comma)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _range(low: float, high: float, unit: str) -> str:
    return f"{_num(low)} {unit}" if low == high else f"{_num(low)}–{_num(high)} {unit}"


def _values(values: Iterable[float], unit: str) -> str:
    return ", ".join(f"{_num(v)} {unit}" for v in sorted(set(values)))


def _snippet(text: str, limit: int = 50) -> str:
    text = text.strip()
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\u00a0", " "))


def _attr(node: Element | None, name: str) -> str | None:
    if node is None:
        return None
    value = node.get(_w(name))
    return None if value is None else str(value)


def _twips(node: Element | None, name: str) -> int | None:
    value = _attr(node, name)
    if value is None:
        return None
    try:
        return round(float(value))
    except ValueError:
        return None


# --------------------------------------------------------------------------- style resolution

Getter = Callable[[Element], Any]


class _Styles:
    """Effective run/paragraph properties through styles and docDefaults."""

    def __init__(self, styles_root: Element | None) -> None:
        self._by_id: dict[str, Element] = {}
        self.default_paragraph: str | None = None
        self._rpr_default: Element | None = None
        self._ppr_default: Element | None = None
        if styles_root is None:
            return
        for style in styles_root.iter(_w("style")):
            style_id = _attr(style, "styleId")
            if style_id is None:
                continue
            self._by_id[style_id] = style
            is_default = _attr(style, "default") in {"1", "true", "on"}
            if _attr(style, "type") == "paragraph" and is_default:
                self.default_paragraph = style_id
        self._rpr_default = styles_root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        self._ppr_default = styles_root.find(f"{_w('docDefaults')}/{_w('pPrDefault')}/{_w('pPr')}")

    def _chain(self, style_id: str | None) -> list[Element]:
        chain: list[Element] = []
        seen: set[str] = set()
        while style_id and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id[style_id]
            chain.append(style)
            style_id = _attr(style.find(_w("basedOn")), "val")
        return chain

    def paragraph_style(self, para: Element) -> str | None:
        return _attr(para.find(f"{_w('pPr')}/{_w('pStyle')}"), "val") or self.default_paragraph

    def run_value(self, run: Element, para: Element, getter: Getter) -> Any:
        layers: list[Element | None] = [run.find(_w("rPr"))]
        char_style = _attr(run.find(f"{_w('rPr')}/{_w('rStyle')}"), "val")
        layers += [s.find(_w("rPr")) for s in self._chain(char_style)]
        layers += [s.find(_w("rPr")) for s in self._chain(self.paragraph_style(para))]
        layers.append(self._rpr_default)
        return _first(layers, getter)

    def para_value(self, para: Element, getter: Getter) -> Any:
        layers: list[Element | None] = [para.find(_w("pPr"))]
        layers += [s.find(_w("pPr")) for s in self._chain(self.paragraph_style(para))]
        layers.append(self._ppr_default)
        return _first(layers, getter)


def _first(layers: Sequence[Element | None], getter: Getter) -> Any:
    for layer in layers:
        if layer is not None:
            value = getter(layer)
            if value is not None:
                return value
    return None


def _toggle(name: str) -> Getter:
    def get(rpr: Element) -> bool | None:
        node = rpr.find(_w(name))
        if node is None:
            return None
        return (_attr(node, "val") or "1").lower() not in _FALSE

    return get


def _font(slot: str) -> Getter:
    def get(rpr: Element) -> str | None:
        fonts = rpr.find(_w("rFonts"))
        theme = _attr(fonts, f"{slot}Theme")
        if theme is not None:
            return f"theme {theme}"
        return _attr(fonts, slot)

    return get


def _size(rpr: Element) -> float | None:
    half = _twips(rpr.find(_w("sz")), "val")
    return None if half is None else half / 2


def _color(rpr: Element) -> str | None:
    node = rpr.find(_w("color"))
    if node is None:
        return None
    theme = _attr(node, "themeColor")
    return f"theme {theme}" if theme else (_attr(node, "val") or "auto")


def _jc(ppr: Element) -> str | None:
    return _attr(ppr.find(_w("jc")), "val")


def _first_line(ppr: Element) -> int | None:
    ind = ppr.find(_w("ind"))
    hanging = _twips(ind, "hanging")
    if hanging is not None:
        return -hanging
    return _twips(ind, "firstLine")


def _spacing(name: str) -> Getter:
    def get(ppr: Element) -> int | None:
        return _twips(ppr.find(_w("spacing")), name)

    return get


def _line(ppr: Element) -> tuple[int, str] | None:
    spacing = ppr.find(_w("spacing"))
    line = _twips(spacing, "line")
    return None if line is None else (line, _attr(spacing, "lineRule") or "auto")


# --------------------------------------------------------------------------- document access


def _text(para: Element) -> str:
    parts: list[str] = []
    for node in para.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        if node.tag == _w("t"):
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == _w("tab") else "\n")
    return _normalize("".join(parts))


def _text_runs(para: Element) -> list[Element]:
    return [r for r in para.iter(_w("r")) if "".join(t.text or "" for t in r.iter(_w("t"))).strip()]


def _run_text(run: Element) -> str:
    return _normalize("".join(t.text or "" for t in run.iter(_w("t"))))


@dataclass
class _Doc:
    body: Element
    styles: _Styles
    sections: list[Element]
    parts: dict[str, Element]  # relationship id -> root element of a related XML part
    footnotes: Element | None

    def paragraphs(self) -> Iterator[Element]:
        return iter(self.body.iter(_w("p")))

    def styled(self, style_id: str, *, with_blank: bool = False) -> list[Element]:
        return [
            p
            for p in self.paragraphs()
            if self.styles.paragraph_style(p) == style_id and (with_blank or _text(p).strip())
        ]


def _load(path: Path) -> _Doc:
    document = docx.Document(str(path))
    part = document.part
    styles_root = document.styles.element
    parts: dict[str, Element] = {}
    footnotes = None
    for rel_id, rel in part.rels.items():
        if rel.is_external:
            continue
        if rel.reltype.endswith("/header") or rel.reltype.endswith("/footer"):
            parts[str(rel_id)] = etree.fromstring(rel.target_part.blob)
        elif rel.reltype == FOOTNOTES_RT:
            footnotes = etree.fromstring(rel.target_part.blob)
    body = document.element.find(_w("body"))
    sections = list(body.iter(_w("sectPr")))
    return _Doc(body, _Styles(styles_root), sections, parts, footnotes)


# --------------------------------------------------------------------------- page setup


def _mm(twips: int) -> float:
    return round(abs(twips) / TWIPS_PER_MM, 1)


_MARGINS = (
    ("top", "Lề trên", 20, 25),
    ("bottom", "Lề dưới", 20, 25),
    ("left", "Lề trái", 30, 35),
    ("right", "Lề phải", 15, 20),
)


def _check_page(doc: _Doc) -> list[LayoutProblem]:
    problems: list[LayoutProblem] = []
    if not doc.sections:
        return [LayoutProblem("trang", "Không tìm thấy thiết lập trang (sectPr) của văn bản.")]
    for index, sect in enumerate(doc.sections):
        prefix = "" if index == 0 else f"Phần (section) {index + 1}: "
        problems += _check_page_size(sect, prefix, first=index == 0)
        problems += _check_margins(sect, prefix)
    return problems


def _check_page_size(sect: Element, prefix: str, first: bool) -> list[LayoutProblem]:
    size = sect.find(_w("pgSz"))
    width, height = _twips(size, "w") or 0, _twips(size, "h") or 0
    short, long_ = sorted((width, height))
    if abs(short - A4_TWIPS[0]) > A4_TOLERANCE or abs(long_ - A4_TWIPS[1]) > A4_TOLERANCE:
        message = (
            f"{prefix}Khổ giấy {_num(_mm(width))} × {_num(_mm(height))} mm, {ND30} khổ A4 (210 × 297 mm)."
        )
        return [LayoutProblem("trang", message)]
    landscape = width > height or _attr(size, "orient") == "landscape"
    if first and landscape:
        return [LayoutProblem("trang", f"{prefix}Trang đang đặt nằm ngang, {ND30} khổ A4 đứng.")]
    return []


def _check_margins(sect: Element, prefix: str) -> list[LayoutProblem]:
    size = sect.find(_w("pgSz"))
    if (_twips(size, "w") or 0) > (_twips(size, "h") or 0):
        return []  # a landscape appendix section: margins are not specified for it
    margins = sect.find(_w("pgMar"))
    problems: list[LayoutProblem] = []
    for side, label, low, high in _MARGINS:
        value = _twips(margins, side)
        if value is None:
            problems.append(LayoutProblem("le", f"{prefix}{label} chưa được đặt, {ND30} {low}–{high} mm."))
            continue
        found = _mm(value)
        if not low - 0.1 <= found <= high + 0.1:
            message = f"{prefix}{label} {_num(found)} mm, {ND30} {low}–{high} mm."
            problems.append(LayoutProblem("le", message))
    return problems


# --------------------------------------------------------------------------- fonts and colour


def _all_text_paragraphs(doc: _Doc) -> Iterator[Element]:
    yield from doc.paragraphs()
    for root in doc.parts.values():
        yield from root.iter(_w("p"))
    if doc.footnotes is not None:
        yield from doc.footnotes.iter(_w("p"))


def _check_fonts(doc: _Doc) -> list[LayoutProblem]:
    bad_fonts: dict[str, list[str]] = {}
    bad_colors: dict[str, list[str]] = {}
    for para in _all_text_paragraphs(doc):
        for run in _text_runs(para):
            for slot in ("ascii", "hAnsi"):
                font = doc.styles.run_value(run, para, _font(slot)) or "(không đặt phông)"
                if font != FONT:
                    bad_fonts.setdefault(font, []).append(_run_text(run))
                    break
            color = (doc.styles.run_value(run, para, _color) or "auto").lower()
            if color not in {"auto", "000000"}:
                bad_colors.setdefault(color, []).append(_run_text(run))
    problems = [
        LayoutProblem(
            "phong_chu",
            f"{len(runs)} đoạn chữ dùng {_font_name(font)} (ví dụ: {_snippet(runs[0], 40)}), "
            f"{ND30} phông Times New Roman.",
        )
        for font, runs in sorted(bad_fonts.items())
    ]
    problems += [
        LayoutProblem(
            "phong_chu",
            f"{len(runs)} đoạn chữ có màu {_color_name(color)} (ví dụ: {_snippet(runs[0], 40)}), "
            f"{ND30} chữ màu đen.",
        )
        for color, runs in sorted(bad_colors.items())
    ]
    return problems


def _font_name(font: str) -> str:
    if font.startswith("theme "):
        return f"phông theo theme “{font[6:]}”"
    return f"phông “{font}”"


def _color_name(color: str) -> str:
    return color if color.startswith("theme") else f"#{color.upper()}"


# --------------------------------------------------------------------------- frame parts


@dataclass(frozen=True)
class _PartRule:
    part: str
    style: str
    label: str
    sizes: tuple[float, float]
    bold: bool | None = None
    italic: bool | None = None
    caps: bool = False
    align: str | None = "center"
    required: bool = True
    text: str | None = None
    side: int | None = None  # 0 = left cell of a table row, 1 = right cell
    # The place must exist, but its text may still be blank: a signer's name is sometimes
    # written by hand after printing. The content check warns about it; layout does not.
    may_be_blank: bool = False


_RULES: tuple[_PartRule, ...] = (
    _PartRule(
        "quoc_hieu",
        "QuocHieu",
        "Quốc hiệu",
        (12, 13),
        bold=True,
        italic=False,
        caps=True,
        text=QUOC_HIEU,
        side=1,
    ),
    _PartRule("tieu_ngu", "TieuNgu", "Tiêu ngữ", (13, 14), bold=True, italic=False, text=TIEU_NGU, side=1),
    _PartRule(
        "co_quan_chu_quan",
        "CoQuanChuQuan",
        "Tên cơ quan chủ quản",
        (12, 13),
        bold=False,
        italic=False,
        caps=True,
        required=False,
        side=0,
    ),
    _PartRule(
        "co_quan", "CoQuan", "Tên cơ quan ban hành", (12, 13), bold=True, italic=False, caps=True, side=0
    ),
    _PartRule("so_ky_hieu", "SoKyHieu", "Số, ký hiệu", (13, 13), bold=False, italic=False, side=0),
    _PartRule(
        "dia_danh_ngay", "DiaDanhNgay", "Địa danh, ngày tháng", (13, 14), bold=False, italic=True, side=1
    ),
    _PartRule("ten_loai", "TenLoai", "Tên loại văn bản", (13, 14), bold=True, caps=True),
    _PartRule("trich_yeu", "TrichYeu", "Trích yếu", (13, 14), bold=True),
    _PartRule(
        "kinh_gui", "KinhGui", "Kính gửi", (13, 14), bold=False, italic=False, align=None, required=False
    ),
    _PartRule("noi_dung", "NoiDung", "Nội dung", (13, 14), align=None),
    _PartRule("muc", "Muc1", "Đề mục cấp I", (13, 14), bold=True, caps=True, align=None, required=False),
    _PartRule("muc", "Muc2", "Đề mục cấp 1", (13, 14), bold=True, align=None, required=False),
    _PartRule("muc", "Muc3", "Đề mục cấp a", (13, 14), align=None, required=False),
    _PartRule("chuc_vu", "ChucVu", "Quyền hạn, chức vụ người ký", (13, 14), bold=True, caps=True, side=1),
    _PartRule("nguoi_ky", "NguoiKy", "Họ tên người ký", (13, 14), bold=True, side=1, may_be_blank=True),
    _PartRule(
        "noi_nhan",
        "NoiNhanNhan",
        "Dòng “Nơi nhận:”",
        (12, 12),
        bold=True,
        italic=True,
        align=None,
        text="Nơi nhận:",
        side=0,
    ),
    _PartRule(
        "noi_nhan", "NoiNhan", "Danh sách nơi nhận", (11, 11), bold=False, italic=False, align=None, side=0
    ),
)

_ALIGN_NAMES = {
    "left": "căn trái",
    "start": "căn trái",
    "right": "căn phải",
    "end": "căn phải",
    "center": "căn giữa",
    "both": "căn đều hai bên",
    "distribute": "căn đều hai bên",
}


def _find_part(doc: _Doc, rule: _PartRule) -> list[Element]:
    found = doc.styled(rule.style, with_blank=rule.may_be_blank)
    if not found and rule.text is not None:
        wanted = rule.text.casefold()
        found = [p for p in doc.paragraphs() if _text(p).strip().casefold() == wanted]
    return found


def _check_parts(doc: _Doc) -> list[LayoutProblem]:
    problems: list[LayoutProblem] = []
    for rule in _RULES:
        paragraphs = _find_part(doc, rule)
        if not paragraphs:
            if rule.required:
                label = rule.label[0].lower() + rule.label[1:]
                message = f"Thiếu {label} (không có đoạn kiểu {rule.style})."
                problems.append(LayoutProblem(rule.part, message))
            continue
        problems += _check_text(rule, paragraphs)
        problems += _check_runs(doc, rule, paragraphs)
        problems += _check_align(doc, rule, paragraphs)
        problems += _check_side(rule, paragraphs)
    return problems


def _check_text(rule: _PartRule, paragraphs: list[Element]) -> list[LayoutProblem]:
    if rule.text is None:
        return []
    text = " ".join(_text(paragraphs[0]).split())
    if text == rule.text or (rule.caps and text.upper() == rule.text):
        return []
    return [LayoutProblem(rule.part, f"{rule.label} ghi {_snippet(text)}, {ND30} “{rule.text}”.")]


def _check_runs(doc: _Doc, rule: _PartRule, paragraphs: list[Element]) -> list[LayoutProblem]:
    sizes: set[float] = set()
    flags: dict[str, str] = {}
    for para in paragraphs:
        for run in _text_runs(para):
            size = doc.styles.run_value(run, para, _size)
            sizes.add(10.0 if size is None else float(size))
            _run_flags(doc, rule, para, run, flags)
    problems: list[LayoutProblem] = []
    low, high = rule.sizes
    wrong = {s for s in sizes if not low <= s <= high}
    if wrong:
        message = f"{rule.label} cỡ chữ {_values(wrong, 'pt')}, {ND30} {_range(low, high, 'pt')}."
        problems.append(LayoutProblem(rule.part, message))
    problems += [LayoutProblem(rule.part, f"{rule.label} {m}") for m in flags.values()]
    return problems


_FLAG_WORDS = {"b": ("in đậm", "đậm", "không đậm"), "i": ("in nghiêng", "nghiêng", "đứng")}


def _run_flags(doc: _Doc, rule: _PartRule, para: Element, run: Element, flags: dict[str, str]) -> None:
    text = _run_text(run)
    for key, wanted in (("b", rule.bold), ("i", rule.italic)):
        found = bool(doc.styles.run_value(run, para, _toggle(key)))
        if wanted is not None and found != wanted:
            verb, yes, no = _FLAG_WORDS[key]
            state = f"đang {verb}" if found else f"không {verb}"
            flags[key] = f"{state} ({_snippet(text, 30)}), {ND30} chữ {yes if wanted else no}."
    caps = bool(doc.styles.run_value(run, para, _toggle("caps")))
    if rule.caps and not caps and text != text.upper():
        flags["caps"] = f"không viết in hoa ({_snippet(text, 30)}), {ND30} chữ in hoa."


def _check_align(doc: _Doc, rule: _PartRule, paragraphs: list[Element]) -> list[LayoutProblem]:
    if rule.align is None:
        return []
    for para in paragraphs:
        found = doc.styles.para_value(para, _jc) or "left"
        if found != rule.align:
            name = _ALIGN_NAMES.get(found, found)
            wanted = _ALIGN_NAMES[rule.align]
            return [LayoutProblem(rule.part, f"{rule.label} đang {name}, {ND30} {wanted}.")]
    return []


def _cell_of(para: Element) -> tuple[Element, int] | None:
    cell = next(para.iterancestors(_w("tc")), None)
    if cell is None:
        return None
    row = cell.getparent()
    cells = [c for c in row if c.tag == _w("tc")]
    return row, cells.index(cell) if len(cells) > 1 else -1


def _check_side(rule: _PartRule, paragraphs: list[Element]) -> list[LayoutProblem]:
    if rule.side is None:
        return []
    where = _cell_of(paragraphs[0])
    if where is not None and (where[1] == rule.side or (rule.side == 1 and where[1] > 0)):
        return []
    place = "ô bên trái" if rule.side == 0 else "ô bên phải"
    return [
        LayoutProblem(
            rule.part,
            f"{rule.label} không nằm ở {place} của bảng bố cục, {ND30} "
            f"{'bên trái' if rule.side == 0 else 'bên phải'}.",
        )
    ]


# --------------------------------------------------------------------------- texts


_SO_RE = re.compile(r"^Số:\s*(?P<so>\d*)\s*/(?P<ky_hieu>[A-ZĐ]+(?:-[A-Za-zĐđ0-9]+)*)$")
_NGAY_RE = re.compile(r"^(?P<noi>[^,]+), ngày\s*(?P<d>\d+)?\s+tháng\s*(?P<m>\d+)?\s+năm\s+(?P<y>\d{4})$")


def _check_so_ky_hieu(doc: _Doc) -> list[LayoutProblem]:
    paragraphs = doc.styled("SoKyHieu")
    if not paragraphs:
        return []
    text = _text(paragraphs[0]).strip()
    match = _SO_RE.match(text)
    if not text.startswith("Số:"):
        return [LayoutProblem("so_ky_hieu", f"Dòng số, ký hiệu {_snippet(text)} phải bắt đầu bằng “Số:”.")]
    if match and len(match["so"]) == 1:
        message = f"Số văn bản “{match['so']}” nhỏ hơn 10 phải viết có số 0 ở trước (“0{match['so']}”)."
        return [LayoutProblem("so_ky_hieu", message)]
    if match is None:
        message = (
            f"Dòng số, ký hiệu {_snippet(text)} không đúng mẫu “Số: 05/BC-UBND” "
            "(số có thể để trống cho văn thư: “Số:    /BC-UBND”)."
        )
        return [LayoutProblem("so_ky_hieu", message)]
    return []


def _check_dia_danh_ngay(doc: _Doc) -> list[LayoutProblem]:
    paragraphs = doc.styled("DiaDanhNgay")
    if not paragraphs:
        return []
    text = _text(paragraphs[0]).strip()
    match = _NGAY_RE.match(text)
    if match is None:
        message = (
            f"Dòng địa danh, ngày tháng {_snippet(text)} không đúng mẫu "
            "“Kiên Giang, ngày 05 tháng 01 năm 2024”."
        )
        return [LayoutProblem("dia_danh_ngay", message)]
    return [LayoutProblem("dia_danh_ngay", m) for m in _date_messages(match["d"], match["m"], match["y"])]


def _date_messages(day: str | None, month: str | None, year: str) -> list[str]:
    messages: list[str] = []
    if day is not None and (len(day) != 2 or not 1 <= int(day) <= 31):
        messages.append(f"Ngày “{day}” phải viết bằng 2 chữ số từ 01 đến 31 (ngày 1–9 có số 0 ở trước).")
    if month is not None:
        value = int(month)
        wanted = f"{value:02d}" if value in (1, 2) else str(value)
        if not 1 <= value <= 12:
            messages.append(f"Tháng “{month}” không hợp lệ.")
        elif month != wanted:
            messages.append(
                f"Tháng “{month}” phải viết là “{wanted}” (tháng 1, 2 có số 0 ở trước, tháng 3–12 không có)."
            )
    if not messages and day is not None and month is not None:
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            messages.append(f"Ngày {day} tháng {month} năm {year} không có thật.")
    return messages


def _check_body(doc: _Doc) -> list[LayoutProblem]:
    paragraphs = doc.styled("NoiDung")
    if not paragraphs:
        return []
    problems = _check_body_format(doc, paragraphs)
    last = _text(paragraphs[-1]).rstrip()
    if not last.endswith("./."):
        message = f"Đoạn nội dung cuối {_snippet(last[-50:])} không kết thúc bằng “./.”."
        problems.append(LayoutProblem("noi_dung", message))
    return problems


_INDENTS = (567, 720)  # 1 cm, 1.27 cm
_INDENT_TOLERANCE = 28  # 0.05 cm


def _body_issues(doc: _Doc, para: Element) -> dict[str, str]:
    issues: dict[str, str] = {}
    jc = doc.styles.para_value(para, _jc) or "left"
    if jc not in {"both", "distribute"}:
        issues["jc"] = f"đang {_ALIGN_NAMES.get(jc, jc)}, {ND30} căn đều hai bên"
    first = doc.styles.para_value(para, _first_line) or 0
    if all(abs(first - wanted) > _INDENT_TOLERANCE for wanted in _INDENTS):
        cm = _num(round(first / 566.929, 2))
        issues["ind"] = f"thụt đầu dòng {cm} cm, {ND30} 1 cm hoặc 1,27 cm"
    before = doc.styles.para_value(para, _spacing("before")) or 0
    after = doc.styles.para_value(para, _spacing("after")) or 0
    if max(before, after) < 120:
        issues["spacing"] = (
            f"cách đoạn trước {_num(before / 20)} pt, sau {_num(after / 20)} pt, {ND30} tối thiểu 6 pt"
        )
    line = doc.styles.para_value(para, _line)
    if line is not None and line[1] == "auto" and line[0] > 360:
        issues["line"] = f"giãn dòng {_num(line[0] / 240)} dòng, {ND30} từ 1 đến 1,5 dòng"
    return issues


def _check_body_format(doc: _Doc, paragraphs: list[Element]) -> list[LayoutProblem]:
    found: dict[str, tuple[str, list[str]]] = {}
    for para in paragraphs:
        for key, message in _body_issues(doc, para).items():
            found.setdefault(key, (message, []))[1].append(_text(para))
    return [
        LayoutProblem(
            "noi_dung",
            f"{len(texts)} đoạn nội dung {message} (ví dụ: {_snippet(texts[0], 40)}).",
        )
        for message, texts in found.values()
    ]


def _check_noi_nhan(doc: _Doc) -> list[LayoutProblem]:
    lines = [" ".join(_text(p).split()) for p in doc.styled("NoiNhan")]
    problems: list[LayoutProblem] = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        if not line.startswith("- "):
            problems.append(
                LayoutProblem("noi_nhan", f"Dòng nơi nhận {_snippet(line)} phải bắt đầu bằng “- ”.")
            )
        if last:
            problems += _check_noi_nhan_last(line)
        elif not line.endswith(";"):
            problems.append(
                LayoutProblem("noi_nhan", f"Dòng nơi nhận {_snippet(line)} phải kết thúc bằng “;”.")
            )
    return problems


def _check_noi_nhan_last(line: str) -> list[LayoutProblem]:
    problems: list[LayoutProblem] = []
    if not line.startswith("- Lưu"):
        message = f"Dòng nơi nhận cuối {_snippet(line)} phải là “- Lưu: VT, …”."
        problems.append(LayoutProblem("noi_nhan", message))
    if not line.endswith("."):
        message = f"Dòng nơi nhận cuối {_snippet(line)} phải kết thúc bằng dấu chấm “.”."
        problems.append(LayoutProblem("noi_nhan", message))
    return problems


def _check_signature_level(doc: _Doc) -> list[LayoutProblem]:
    label, titles = doc.styled("NoiNhanNhan"), doc.styled("ChucVu")
    if not label or not titles:
        return []
    left, right = _cell_of(label[0]), _cell_of(titles[0])
    level = (
        left is not None
        and right is not None
        and left[0] is right[0]
        and _is_first_in_cell(label[0])
        and _is_first_in_cell(titles[0])
    )
    if level:
        return []
    return [
        LayoutProblem(
            "noi_nhan",
            f"Chữ “Nơi nhận:” không ngang hàng với dòng chức vụ đầu tiên, {ND30} hai dòng này ngang nhau.",
        )
    ]


def _is_first_in_cell(para: Element) -> bool:
    cell = next(para.iterancestors(_w("tc")), None)
    if cell is None:
        return False
    first = next((p for p in cell.iter(_w("p")) if _text(p).strip()), None)
    return first is para


def _check_header_row(doc: _Doc) -> list[LayoutProblem]:
    so, ngay = doc.styled("SoKyHieu"), doc.styled("DiaDanhNgay")
    if not so or not ngay:
        return []
    left, right = _cell_of(so[0]), _cell_of(ngay[0])
    if left is not None and right is not None and left[0] is right[0]:
        return []
    return [
        LayoutProblem(
            "dia_danh_ngay",
            "Dòng địa danh, ngày tháng không cùng hàng với dòng số, ký hiệu, "
            f"{ND30} hai dòng này ngang nhau.",
        )
    ]


# --------------------------------------------------------------------------- page numbers


def _has_page_field(root: Element) -> bool:
    for simple in root.iter(_w("fldSimple")):
        if re.match(r"\s*PAGE\b", _attr(simple, "instr") or ""):
            return True
    return any(re.match(r"\s*PAGE\b", node.text or "") for node in root.iter(_w("instrText")))


def _header(doc: _Doc, sect: Element, kind: str) -> Element | None:
    for ref in sect.findall(_w("headerReference")):
        if (_attr(ref, "type") or "default") == kind:
            return doc.parts.get(str(ref.get(f"{{{R_NS}}}id")))
    return None


def _check_page_numbers(doc: _Doc) -> list[LayoutProblem]:
    if not doc.sections:
        return []
    sect = doc.sections[0]
    default = _header(doc, sect, "default")
    if default is None or not _has_page_field(default):
        message = (
            f"Không có số trang (trường PAGE) ở đầu trang, {ND30} đánh số trang "
            "ở giữa lề trên, không hiện ở trang 1."
        )
        return [LayoutProblem("so_trang", message)]
    return _check_page_number_format(doc, default) + _check_first_page(doc, sect)


def _check_first_page(doc: _Doc, sect: Element) -> list[LayoutProblem]:
    title_pg = sect.find(_w("titlePg"))
    if title_pg is None or (_attr(title_pg, "val") or "1").lower() in _FALSE:
        message = (
            "Trang 1 đang hiện số trang (chưa đặt “trang đầu khác” – titlePg), "
            f"{ND30} không hiện số trang ở trang 1."
        )
        return [LayoutProblem("so_trang", message)]
    first = _header(doc, sect, "first")
    if first is None:
        return []
    if _has_page_field(first):
        found = "có số trang (trường PAGE)"
    elif _text(first).strip():
        found = f"có chữ {_snippet(_text(first))}"
    else:
        return []
    message = f"Đầu trang của trang 1 {found}, {ND30} không hiện số trang ở trang 1."
    return [LayoutProblem("so_trang", message)]


def _check_page_number_format(doc: _Doc, header: Element) -> list[LayoutProblem]:
    problems: list[LayoutProblem] = []
    for para in header.iter(_w("p")):
        if not _has_page_field(para):
            continue
        jc = doc.styles.para_value(para, _jc) or "left"
        if jc != "center":
            message = f"Số trang đang {_ALIGN_NAMES.get(jc, jc)}, {ND30} căn giữa lề trên."
            problems.append(LayoutProblem("so_trang", message))
        sizes = {float(doc.styles.run_value(r, para, _size) or 10) for r in para.iter(_w("r"))}
        wrong = {s for s in sizes if not 13 <= s <= 14}
        if wrong:
            message = f"Số trang cỡ chữ {_values(wrong, 'pt')}, {ND30} 13–14 pt."
            problems.append(LayoutProblem("so_trang", message))
    return problems


# --------------------------------------------------------------------------- entry point

_CHECKS: tuple[Callable[[_Doc], list[LayoutProblem]], ...] = (
    _check_page,
    _check_fonts,
    _check_parts,
    _check_header_row,
    _check_so_ky_hieu,
    _check_dia_danh_ngay,
    _check_body,
    _check_signature_level,
    _check_noi_nhan,
    _check_page_numbers,
)


def check_layout(path: Path) -> list[LayoutProblem]:
    """Check a rendered DOCX against the Nghị định 30 layout; ``[]`` means it conforms."""
    doc = _load(path)
    problems: list[LayoutProblem] = []
    for check in _CHECKS:
        problems += check(doc)
    return problems
