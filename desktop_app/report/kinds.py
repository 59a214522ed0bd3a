"""Report kinds: the sections, fields, figures, rules and prefill policy of a document.

A kind is one TOML file under ``resources/kinds/`` paired by name with a DOCX template
under ``templates_docx/``. Everything about a kind lives there; Python code never asks
which kind it is handling. The loader checks the file completely (ids, types, every
expression and the names it reads) so a mistake fails when the kind loads.

>>> kind = load_kind("bao_cao_kstthc")
>>> kind.field("hs_tiep_nhan").parts
('hs_moi', 'hs_ky_truoc')
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, cached_property, wraps
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any, TypeVar, cast

from desktop_app.report.expressions import (
    Expression,
    ExpressionError,
    compile_expression,
    template_names,
)
from desktop_app.report.law import LawError, Supersession, parse_superseded
from desktop_app.report.placeholders import PLACEHOLDERS, unknown_placeholders
from desktop_app.system import paths

FIELD_TYPES = (
    "integer",
    "decimal",
    "text",
    "paragraphs",
    "choice",
    "date",
    "lines",
    "table",
    "boolean",
)
COLUMN_TYPES = ("integer", "decimal", "text", "date", "choice")
NUMBER_TYPES = ("integer", "decimal")
PERIOD_TYPES = ("thang", "quy", "6thang", "9thang", "nam", "tuy_chon")
# "huyen" stays so that reports of periods before 01/7/2025 load; a kind version lists the
# levels it is written for (``unit_levels``): the versions from 01/7/2025 leave huyện out.
UNIT_LEVELS = ("tinh", "so", "huyen", "xa")
LEVEL_WORDS = {"tinh": "tỉnh", "so": "sở, ban, ngành", "huyen": "huyện", "xa": "xã, phường, đặc khu"}
SEVERITIES = ("error", "warning")
# How a field is rolled up (tổng hợp) over units or over periods; see desktop_app.report.rollup.
AGGREGATES = ("sum", "first", "last", "none", "any")
ROLLUP_MODES = ("units", "periods")
# Types whose values can be put together ("sum"): numbers add, texts and table rows are gathered.
GATHERED_TYPES = ("integer", "decimal", "paragraphs", "table", "lines")
# Names every expression may read besides field ids: the unit's level and the period.
CONTEXT_NAMES = frozenset({"cap", "loai_ky"})
# Names the templates get from the app itself; no field may take them.
RESERVED_NAMES = frozenset(
    {
        "co_quan_chu_quan",
        "co_quan",
        "co_quan_chu_quan_dong",
        "co_quan_dong",
        "so_ky_hieu",
        "dia_danh_ngay",
        "ten_loai",
        "trich_yeu",
        "kinh_gui",
        "chuc_vu",
        "ho_ten",
        "noi_nhan",
        "ky",
        "ky_tiep",
        "nam",
        "tu_ngay",
        "den_ngay",
        "ky_so_lieu",
        "mo_so_lieu",
        "don_vi",
        "dia_danh",
        "muc",
        "show",
        "raw",
        "prev",
        "so_sanh",
        "cung_ky",
        "so_sanh_cung_ky",
        "period",
        "so",
        "ngay",
        "nguoi_ky",
        "luu",
        "loop",
    }
    | CONTEXT_NAMES
)
# Days after the data cut-off ends by which a report must be dated: the cut-off ends on the 14th
# and Nghị định 09/2019/NĐ-CP, Điều 13 khoản 1, has every periodic report reach the Government by
# the 25th of the period's last month, so a lower unit's report dated later is surely late.
ISSUE_DEADLINE_DAYS = 11
# What a numbered section with no content becomes on paper: left out (the next ones renumbered),
# printed with the kind's «Không phát sinh.» line, or kept as a bare heading.
WHEN_EMPTY = ("khong_phat_sinh", "omit", "keep")
# How a zero count may read in sentences: "00", "0", or the words "không", "chưa có".
ZERO_READINGS = ("00", "0", "khong", "chua_co")
# How headings are numbered at each level: "I" Roman, "1" arabic, "1.1" two-level, "a" letter.
NUMBERING_STYLES = ("I", "1", "1.1", "a")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class KindError(ValueError):
    """A kind file is wrong; the message says where, in Vietnamese."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    type: str = "text"
    width: float = 0.0
    choices: tuple[Choice, ...] = ()
    # A text column of deadlines («Thời gian hoàn thành»): every date, month, quarter and year in it
    # moves with a new plan's year, and one before the period is flagged (prefill, content check).
    deadline: bool = False


PLAIN_PREFILLS = ("carry", "carry_year", "reset")  # and "from: <id>"


@dataclass(frozen=True)
class Prefill:
    """What a new period takes from the previous one: carry, reset, or another field."""

    mode: str  # "carry" | "carry_year" | "reset" | "from"
    source: str | None = None

    @classmethod
    def parse(cls, text: str, where: str) -> Prefill:
        if text in PLAIN_PREFILLS:
            return cls(text)
        if text.startswith("from:") and _ID.match(text[5:].strip()):
            return cls("from", text[5:].strip())
        raise KindError(f"{where}: prefill «{text}» không hợp lệ (carry, carry_year, reset hoặc from: <id>).")


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str
    section: str
    help: str = ""
    required: bool = False
    prefill: Prefill = Prefill("carry")
    default: Any = None
    show_if: Expression | None = None
    parts: tuple[str, ...] = ()
    compute: Expression | None = None
    percent: bool = False
    decimals: int = 0
    minimum: float | None = 0
    maximum: float | None = None
    warn_above: float | None = None  # a plausible upper bound: above it, a warning (never a refusal)
    choices: tuple[Choice, ...] = ()
    columns: tuple[Column, ...] = ()
    placeholder: str = ""
    text_words: tuple[str, ...] = ()  # other words the text uses for this figure (content check)
    # The kind's roll-up rule per mode ("units", "periods"); absent: the default of rollup.py.
    aggregate: tuple[tuple[str, str], ...] = ()
    unit_column: str = ""  # table: the column that names the unit of a gathered row
    # A figure only units of these levels report (a monthly report's «Cấp xã: …»): a roll-up over
    # units does not say a unit of another level lacks it. Empty: every unit reports it.
    unit_levels: tuple[str, ...] = ()
    number_column: str = ""  # table: the column numbered 1, 2, 3… again after gathering
    # table: the column that alone names a group of rows (a plan's «Nhóm mục tiêu»): gathered
    # groups of one name from several reports become one, with each report's rows in turn.
    group_column: str = ""
    # The figure of the items carried into the period that this one counts too (PAKN «về quy
    # định» splits every PAKN received, carried in or new): summed over periods only while no
    # later period carried any in; else unknown (an item carried on is counted twice).
    includes_carried: str = ""

    def aggregate_rule(self, mode: str) -> str:
        """Return the kind's own roll-up rule for ``mode``, "" when it leaves the default."""
        return dict(self.aggregate).get(mode, "")

    @property
    def computed(self) -> bool:
        """True for figures that are always computed and never typed (shares)."""
        return self.compute is not None

    @property
    def is_number(self) -> bool:
        return self.type in NUMBER_TYPES


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    level: int
    help: str = ""
    show_if: Expression | None = None
    fields: tuple[Field, ...] = ()
    numbered: bool = True
    title: str = ""
    next_period: bool = False  # speaks of the period after the report's (phương hướng kỳ tới)
    mo_so_lieu: bool = False  # its first standard sentence opens with the data cut-off range
    when_empty: str = "khong_phat_sinh"  # WHEN_EMPTY: what the heading becomes with nothing under it

    @property
    def step_title(self) -> str:
        """The name of the section in the wizard's step list."""
        return self.title or self.heading


@dataclass(frozen=True)
class Rule:
    id: str
    check: Expression
    message: str
    severity: str = "error"
    when: Expression | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    """A report kind, loaded and checked."""

    id: str
    version: str
    title: str
    ten_loai: str
    ma_loai: str
    legal_basis: str
    periods: tuple[str, ...]
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...]
    trich_yeu: str
    path: Path = field(compare=False)
    numbering: tuple[str, ...] = ("I", "1", "a")
    ma_ngan: str = ""
    figure_order: tuple[str, ...] = ()
    plans_ahead: bool = False  # a plan: for the period that has begun, not the one just ended
    superseded: tuple[Supersession, ...] = ()  # the kind's own rows of the law table
    issue_after_cutoff: bool = True  # the document is dated after the data cut-off ends
    issue_deadline_days: int | None = ISSUE_DEADLINE_DAYS  # … and at most this many days after
    so_khong: str = ""  # how a zero count reads in sentences; "": "00"/"0" as dem_hai_chu_so says
    khong_phat_sinh: str = "Không phát sinh."  # the line under a heading with nothing else
    _fields: Mapping[str, Field] = field(default_factory=dict, repr=False, compare=False)
    # Versions by date (see desktop_app.report.catalogue): in force for a period whose cut-off
    # ends on or after ``valid_from``, until the next version's ``valid_from``.
    valid_from: date | None = None
    valid_until: date | None = None
    notice: str = ""  # said in ``kinds`` and the wizard's help (e.g. an outline not shipped yet)
    unit_levels: tuple[str, ...] = UNIT_LEVELS
    # Ids an earlier version had and this one removed: a shared template may still name them;
    # they print empty, ``show.x`` is false and ``raw.x`` none.
    retired: frozenset[str] = frozenset()
    origin: str = "builtin"  # "builtin" | "own" (data folder) | "stored" (a copy kept with reports)
    template_file: Path | None = field(default=None, compare=False)
    template_data: bytes = field(default=b"", repr=False, compare=False)
    source: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)  # the flat data
    source_text: str = field(default="", repr=False, compare=False)  # its file, when it was one file

    def fields(self) -> tuple[Field, ...]:
        """Every field in outline order (kept: a roll-up's checks go through them 500 times a file)."""
        return self._outline

    @cached_property
    def _outline(self) -> tuple[Field, ...]:
        return tuple(f for section in self.sections for f in section.fields)

    def field(self, field_id: str) -> Field:
        """Return the field ``field_id`` (KeyError when the kind has none)."""
        return self._fields[field_id]

    def has_field(self, field_id: str) -> bool:
        return field_id in self._fields

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    @property
    def template_path(self) -> Path:
        """The template file (a stored copy's is only a name: read :meth:`template_bytes`)."""
        return self.template_file or paths.templates_dir() / f"{self.id}.docx"

    def template_bytes(self) -> bytes:
        """Return the body template's bytes, from the stored copy or the file."""
        return self.template_data or self.template_path.read_bytes()

    @property
    def label(self) -> str:
        """The kind and its version as lists show them."""
        return f"{self.title} (phiên bản {self.version})"


T = TypeVar("T")


def per_kind(compute: Callable[[Kind], T]) -> Callable[[Kind], T]:
    """``compute(kind)`` kept with each kind (as a cached property is): what a check reads from
    a kind's fields once, rather than for each of a roll-up's 500 reports."""
    name = f"_per_kind_{compute.__module__}.{compute.__qualname__}"

    @wraps(compute)
    def computed(kind: Kind) -> T:
        kept = kind.__dict__
        if name not in kept:
            kept[name] = compute(kind)  # the instance's own dict: a frozen dataclass allows it
        return cast(T, kept[name])

    return computed


def kinds_dir() -> Path:
    return paths.resources_dir() / "kinds"


def kind_ids() -> list[str]:
    """Return the ids of the kinds shipped with the app, sorted (``<id>@<date>.toml`` files are
    later versions of ``<id>``, not kinds of their own: see :mod:`desktop_app.report.catalogue`)."""
    return sorted(p.stem for p in kinds_dir().glob("*.toml") if _ID.match(p.stem))


@cache
def kind_title(kind_id: str) -> str:
    """Return the title of kind ``kind_id`` from its file's top lines, without reading the whole
    file or checking the kind (a list of kinds shows titles; a kind is checked when it is used)."""
    path = kinds_dir() / f"{kind_id}.toml"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KindError(f"Không đọc được tệp loại văn bản {path.name}: {exc}") from exc
    for line in lines:
        if line.lstrip().startswith("["):  # the top-level keys end at the first table
            break
        if _TITLE_LINE.match(line):
            try:
                title = tomllib.loads(line).get("title")
            except tomllib.TOMLDecodeError:
                break
            return title if isinstance(title, str) and title else kind_id
    return load_kind(kind_id).title


_TITLE_LINE = re.compile(r"^title\s*=")


@cache
def load_kind(kind_id: str) -> Kind:
    """Load and check the kind ``kind_id`` from the resources folder: its first version.

    The version a report uses comes from :func:`desktop_app.report.catalogue.kind_of`.
    """
    path = kinds_dir() / f"{kind_id}.toml"
    if not _ID.match(kind_id) or not path.is_file():
        known = ", ".join(kind_ids())
        raise KindError(f"Không có loại văn bản «{kind_id}». Các loại có: {known}.")
    return load_kind_file(path)


def load_kind_file(path: Path) -> Kind:
    """Load and check a kind file at ``path``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise KindError(f"Không đọc được tệp loại văn bản {path.name}: {exc}") from exc
    return build_kind(data, path)


def build_kind(data: dict[str, Any], path: Path) -> Kind:
    """Build and check a kind from its decoded TOML ``data``; ``path`` names it in messages."""
    where = path.name
    default_empty = _when_empty(data.get("when_empty", "khong_phat_sinh"), where)
    sections = tuple(
        _build_section(s, f"{where}, mục {i + 1}", default_empty)
        for i, s in enumerate(data.get("sections", []))
    )
    fields = {f.id: f for s in sections for f in s.fields}
    _check_unique(sections, fields, where)
    rules = tuple(_build_rule(r, f"{where}, quy tắc {i + 1}") for i, r in enumerate(data.get("rules", [])))
    periods = tuple(_req(data, "periods", where, list))
    for p in periods:
        if p not in PERIOD_TYPES:
            raise KindError(f"{where}: loại kỳ «{p}» không có; dùng {', '.join(PERIOD_TYPES)}.")
    kind = Kind(
        id=_req(data, "id", where, str),
        version=str(_req(data, "version", where, str)),
        title=_req(data, "title", where, str),
        ten_loai=_req(data, "ten_loai", where, str),
        ma_loai=_req(data, "ma_loai", where, str),
        legal_basis=data.get("legal_basis", ""),
        periods=periods,
        sections=sections,
        rules=rules,
        trich_yeu=_req(data, "trich_yeu", where, str),
        path=path,
        numbering=_numbering(data.get("numbering", ["I", "1", "a"]), where),
        ma_ngan=str(data.get("ma_ngan", "")),
        plans_ahead=_req(data, "plans_ahead", where, bool) if "plans_ahead" in data else False,
        so_khong=_zero_reading(data, where),
        khong_phat_sinh=_req(data, "khong_phat_sinh", where, str)
        if "khong_phat_sinh" in data
        else "Không phát sinh.",
        _fields=fields,
        **_issue_date_settings(data, where),
        valid_from=_date(data.get("valid_from"), "valid_from", where),
        notice=str(data.get("notice", "")),
        unit_levels=_levels(data.get("unit_levels", list(UNIT_LEVELS)), where),
        retired=frozenset(_ids(data.get("retired", []), "retired", where)),
        source=data,
    )
    if kind.id != path.stem.partition("@")[0]:
        raise KindError(f"{where}: id «{kind.id}» phải trùng tên tệp «{path.stem}».")
    _check_names(kind)
    return replace(kind, figure_order=_figure_order(kind))


def _issue_date_settings(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The kind's own legal rows and when its documents are dated (a plan: before its period ends)."""
    plan = data.get("plans_ahead") is True
    after = data.get("issue_after_cutoff", not plan)
    days = data.get("issue_deadline_days", None if plan else ISSUE_DEADLINE_DAYS)
    if not isinstance(after, bool):
        raise KindError(f"{where}: issue_after_cutoff phải là true hoặc false.")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise KindError(f"{where}: issue_deadline_days phải là số ngày (số nguyên không âm).")
    try:
        superseded = parse_superseded(data.get("superseded", []), where)
    except LawError as exc:
        raise KindError(str(exc)) from exc
    return {"superseded": superseded, "issue_after_cutoff": after, "issue_deadline_days": days}


def _figure_order(kind: Kind) -> tuple[str, ...]:
    """Order the totals and computed figures so that each comes after what it reads."""
    graph = {f.id: set(f.parts) | set(f.compute.names if f.compute else ()) for f in kind.fields()}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise KindError(f"{kind.path.name}: các tổng tham chiếu vòng tròn {exc.args[1]}.") from exc
    return tuple(i for i in order if kind.has_field(i) and (kind.field(i).parts or kind.field(i).compute))


def _zero_reading(data: Mapping[str, Any], where: str) -> str:
    value = data.get("so_khong", "")
    if value != "" and value not in ZERO_READINGS:
        raise KindError(f"{where}: so_khong «{value}» không hợp lệ; dùng {', '.join(ZERO_READINGS)}.")
    return str(value)


def _date(value: Any, key: str, where: str) -> date | None:
    """Read a TOML date (2025-07-01) or its text; None when absent."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise KindError(f"{where}: «{key}» phải là ngày dạng 2025-07-01, có «{value}».") from None


def _levels(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or any(v not in UNIT_LEVELS for v in value):
        raise KindError(f"{where}: unit_levels phải là danh sách trong {', '.join(UNIT_LEVELS)}.")
    return tuple(value)


def _ids(value: Any, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or any(not isinstance(v, str) or not _ID.match(v) for v in value):
        raise KindError(f"{where}: «{key}» phải là danh sách các mã (chữ thường không dấu, gạch dưới).")
    return list(value)


def _numbering(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or any(v not in NUMBERING_STYLES for v in value):
        raise KindError(f"{where}: numbering phải là danh sách trong {', '.join(NUMBERING_STYLES)}.")
    return tuple(value)


def _req(data: Mapping[str, Any], key: str, where: str, typ: type) -> Any:
    value = data.get(key)
    if not isinstance(value, typ):
        raise KindError(f"{where}: thiếu khóa «{key}» hoặc sai kiểu (cần {typ.__name__}).")
    return value


def _check_id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise KindError(f"{where}: id «{value}» phải là chữ thường không dấu, số và gạch dưới.")
    return value


def _expr(data: Mapping[str, Any], key: str, where: str) -> Expression | None:
    source = data.get(key)
    if source is None:
        return None
    try:
        return compile_expression(str(source))
    except ExpressionError as exc:
        raise KindError(f"{where}, «{key}»: {exc}") from exc


def _choices(data: Mapping[str, Any]) -> tuple[Choice, ...]:
    return tuple(Choice(str(c["value"]), str(c["label"])) for c in data.get("choices", []))


def _when_empty(value: Any, where: str) -> str:
    if value not in WHEN_EMPTY:
        raise KindError(f"{where}: when_empty «{value}» không hợp lệ; dùng {', '.join(WHEN_EMPTY)}.")
    return str(value)


def _build_section(data: Mapping[str, Any], where: str, default_empty: str = "khong_phat_sinh") -> Section:
    section_id = _check_id(data.get("id"), where)
    where = f"{where} ({section_id})"
    wrong = unknown_placeholders(data.get("heading", ""))
    if wrong:
        raise KindError(
            f"{where}: đề mục có «{wrong[0]}»; dùng {', '.join('{' + n + '}' for n in PLACEHOLDERS)}."
        )
    level = data.get("level", 2)
    if level not in (1, 2, 3, 4):
        raise KindError(f"{where}: level phải là 1, 2, 3 hoặc 4.")
    fields = tuple(
        _build_field(f, section_id, f"{where}, trường {i + 1}") for i, f in enumerate(data.get("fields", []))
    )
    return Section(
        id=section_id,
        heading=data.get("heading", ""),
        level=level,
        help=data.get("help", ""),
        show_if=_expr(data, "show_if", where),
        fields=fields,
        numbered=bool(data.get("numbered", True)),
        title=data.get("title", ""),
        next_period=_req(data, "next_period", where, bool) if "next_period" in data else False,
        mo_so_lieu=_req(data, "mo_so_lieu", where, bool) if "mo_so_lieu" in data else False,
        when_empty=_when_empty(data.get("when_empty", default_empty), where),
    )


def _build_field(data: Mapping[str, Any], section: str, where: str) -> Field:
    field_id = _check_id(data.get("id"), where)
    where = f"{where} ({field_id})"
    if field_id in RESERVED_NAMES:
        raise KindError(f"{where}: id «{field_id}» trùng tên dành riêng của ứng dụng.")
    ftype = data.get("type")
    if ftype not in FIELD_TYPES:
        raise KindError(f"{where}: kiểu «{ftype}» không có; dùng {', '.join(FIELD_TYPES)}.")
    compute = _expr(data, "compute", where)
    return Field(
        id=field_id,
        label=_req(data, "label", where, str),
        type=ftype,
        section=section,
        help=data.get("help", ""),
        required=bool(data.get("required", False)),
        prefill=Prefill.parse(data.get("prefill", "reset" if ftype in NUMBER_TYPES else "carry"), where),
        default=data.get("default"),
        show_if=_expr(data, "show_if", where),
        parts=tuple(data.get("parts", ())),
        compute=compute,
        percent=bool(data.get("percent", False)),
        decimals=int(data.get("decimals", 2 if data.get("percent") else 0)),
        minimum=data.get("min", 0 if ftype in NUMBER_TYPES else None),
        maximum=data.get("max"),
        warn_above=_warn_above(data, ftype, where),
        choices=_choices(data),
        columns=tuple(
            _build_column(c, f"{where}, cột {i + 1}") for i, c in enumerate(data.get("columns", []))
        ),
        placeholder=data.get("placeholder", ""),
        text_words=_text_words(data.get("text_words", []), where),
        unit_levels=_field_levels(data.get("unit_levels", []), where),
        **_rollup_keys(data, ftype, compute is not None, where),
    )


def _field_levels(value: Any, where: str) -> tuple[str, ...]:
    """Read a field's ``unit_levels``: unit levels (``cap``) of the kind's list."""
    if not isinstance(value, list) or not all(v in UNIT_LEVELS for v in value):
        raise KindError(f"{where}: unit_levels phải là danh sách cấp đơn vị trong {', '.join(UNIT_LEVELS)}.")
    return tuple(value)


def _warn_above(data: Mapping[str, Any], ftype: str, where: str) -> float | None:
    """Read ``warn_above``: a positive finite number, below ``max``, on a number field only."""
    value = data.get("warn_above")
    if value is None:
        return None
    if ftype not in NUMBER_TYPES:
        raise KindError(f"{where}: warn_above chỉ dùng cho trường số (integer, decimal).")
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise KindError(f"{where}: warn_above phải là một số dương, có «{value}».")
    maximum = data.get("max")
    if isinstance(maximum, int | float) and value >= maximum:
        raise KindError(f"{where}: warn_above ({value}) phải nhỏ hơn max ({maximum}).")
    return value


def _text_words(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KindError(f"{where}: text_words phải là danh sách các cụm từ.")
    return tuple(v.strip() for v in value)


def _rollup_keys(data: Mapping[str, Any], ftype: str, computed: bool, where: str) -> dict[str, Any]:
    """Read ``aggregate`` (a rule, or ``{ units = …, periods = … }``), the table's roll-up columns
    (``unit_column``, ``number_column``, ``group_column``) and ``includes_carried``."""
    value = data.get("aggregate")
    if value is None:
        rules: dict[str, str] = {}
    elif isinstance(value, str):
        rules = dict.fromkeys(ROLLUP_MODES, value)
    elif isinstance(value, dict) and value and set(value) <= set(ROLLUP_MODES):
        rules = dict(value)
    else:
        raise KindError(f"{where}: aggregate phải là một cách tổng hợp, hoặc {{ units = …, periods = … }}.")
    for mode, rule in rules.items():
        if rule not in AGGREGATES:
            raise KindError(f"{where}: aggregate «{rule}» không có; dùng {', '.join(AGGREGATES)}.")
        if computed:
            raise KindError(f"{where}: số tự tính (compute) luôn được tính lại, không có aggregate.")
        if rule == "any" and ftype != "boolean":
            raise KindError(f"{where}: aggregate «any» (một nguồn có là có) chỉ dành cho trường boolean.")
        if rule == "sum" and (ftype not in GATHERED_TYPES or data.get("percent")):
            what = "tỷ lệ" if data.get("percent") else f"trường kiểu {ftype}"
            raise KindError(f"{where}: {what} không cộng được (aggregate «sum», {mode}).")
    columns = [c.get("id") for c in data.get("columns", [])]
    keys = {
        "unit_column": data.get("unit_column", ""),
        "number_column": data.get("number_column", ""),
        "group_column": data.get("group_column", ""),
    }
    for key, column in keys.items():
        if column and (ftype != "table" or column not in columns):
            raise KindError(f"{where}: {key} «{column}» phải là mã một cột của bảng.")
    carried = data.get("includes_carried", "")
    if carried and (ftype not in NUMBER_TYPES or not isinstance(carried, str)):
        raise KindError(f"{where}: includes_carried chỉ dành cho trường số và ghi mã một trường số.")
    return {"aggregate": tuple(sorted(rules.items())), **keys, "includes_carried": carried}


def _build_column(data: Mapping[str, Any], where: str) -> Column:
    column_id = _check_id(data.get("id"), where)
    ctype = data.get("type", "text")
    if ctype not in COLUMN_TYPES:
        raise KindError(f"{where}: kiểu cột «{ctype}» không có; dùng {', '.join(COLUMN_TYPES)}.")
    deadline = data.get("deadline", False)
    if not isinstance(deadline, bool) or (deadline and ctype != "text"):
        raise KindError(
            f"{where}: deadline = true chỉ dành cho cột kiểu text (cột kiểu date luôn được dời như thời hạn)."
        )
    return Column(
        column_id,
        _req(data, "label", where, str),
        ctype,
        float(data.get("width", 0)),
        _choices(data),
        deadline,
    )


def _build_rule(data: Mapping[str, Any], where: str) -> Rule:
    rule_id = _check_id(data.get("id"), where)
    where = f"{where} ({rule_id})"
    check = _expr(data, "check", where)
    if check is None:
        raise KindError(f"{where}: thiếu «check».")
    severity = data.get("severity", "error")
    if severity not in SEVERITIES:
        raise KindError(f"{where}: severity phải là error hoặc warning.")
    return Rule(
        id=rule_id,
        check=check,
        message=_req(data, "message", where, str),
        severity=severity,
        when=_expr(data, "when", where),
        fields=tuple(data.get("fields", sorted(check.names - CONTEXT_NAMES))),
    )


def _check_unique(sections: tuple[Section, ...], fields: Mapping[str, Field], where: str) -> None:
    seen: set[str] = set()
    for s in sections:
        for item in (s.id, *(f.id for f in s.fields)):
            if item in seen:
                raise KindError(f"{where}: id «{item}» dùng hai lần.")
            seen.add(item)


def _check_names(kind: Kind) -> None:
    """Check that every name an expression, total or rule reads exists."""
    known = set(kind._fields) | CONTEXT_NAMES
    for where, names in _name_uses(kind):
        unknown = sorted(set(names) - known)
        if unknown:
            raise KindError(f"{kind.path.name}, {where}: không có trường «{', '.join(unknown)}».")
    for f in kind.fields():
        if f.prefill.source and not kind.has_field(f.prefill.source):
            raise KindError(f"{kind.path.name}, {f.id}: prefill lấy từ «{f.prefill.source}» không có.")
        if (f.parts or f.compute) and not f.is_number:
            raise KindError(f"{kind.path.name}, {f.id}: chỉ trường số mới có parts/compute.")
        carried = f.includes_carried
        if carried and (carried == f.id or not kind.has_field(carried) or not kind.field(carried).is_number):
            raise KindError(
                f"{kind.path.name}, {f.id}: includes_carried «{carried}» phải là mã một trường số khác."
            )


def _name_uses(kind: Kind) -> Iterator[tuple[str, frozenset[str] | tuple[str, ...]]]:
    for s in kind.sections:
        if s.show_if:
            yield f"mục {s.id}", s.show_if.names
        for f in s.fields:
            yield f"trường {f.id}", f.parts
            for expr in (f.show_if, f.compute):
                if expr:
                    yield f"trường {f.id}", expr.names
    for r in kind.rules:
        yield f"quy tắc {r.id}", r.check.names | (r.when.names if r.when else frozenset())
        yield f"quy tắc {r.id}", r.fields
        try:
            yield f"câu báo của quy tắc {r.id}", template_names(r.message)
        except ExpressionError as exc:
            raise KindError(f"{kind.path.name}, quy tắc {r.id}: {exc}") from exc
