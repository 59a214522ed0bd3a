"""The answer file: one report completely, as JSON, to render, check, e-mail and re-import.

::

    {"format": "soanbaocao.answers/1", "kind": "bao_cao_kstthc", "kind_version": "tt01-2020.1",
     "period": {"type": "quy", "year": 2024, "number": 2},
     "unit": {"co_quan_chu_quan": "UBND TỈNH KIÊN GIANG", "co_quan": "SỞ NGOẠI VỤ",
              "ten": "Sở Ngoại vụ", "ky_hieu": "SNgV", "dia_danh": "Kiên Giang", "cap": "so"},
     "document": {"so": "", "ngay": "2024-06", "kinh_gui": [], "noi_nhan": [...],
                  "luu": "VT, hctam", "dem_hai_chu_so": true,
                  "nguoi_ky": {"quyen_han": "", "chuc_vu": "GIÁM ĐỐC",
                               "chuc_vu_thu_truong": "", "ho_ten": ""}},
     "answers": {"hs_moi_truc_tiep": 3, ...},
     "sources": {"hs_ky_truoc": "carried"}, "previous": {"hs_tiep_nhan": 12},
     "last_year": {"hs_tiep_nhan": 10}}

Reading is strict and complete: every problem is collected with its place, in Vietnamese,
and nothing is half-read. ``kind_version`` names the version of the kind the report is written
with; a file without it (from before versions) gets the version its period and answers fit
(:func:`desktop_app.report.catalogue.resolve`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.report import catalogue
from desktop_app.report.kinds import UNIT_LEVELS, ZERO_READINGS, Field, Kind, KindError
from desktop_app.report.periods import Period, PeriodError
from desktop_app.report.rollup_record import RollupRecord, dump_rollup, parse_rollup
from desktop_app.system.files import write_atomic
from desktop_app.system.safe_read import ANSWER_FILE, UnsafeFileError, loads_json, read_json_file
from desktop_app.text import clean, clean_value
from desktop_app.vnformat import (
    NumberFormatError,
    check_number,
    format_number,
    fraction_digits,
    parse_number,
    shown_number,
)

FORMAT_FAMILY = "soanbaocao.answers"
FORMAT = f"{FORMAT_FAMILY}/1"  # every answer file but one of the kind below
# A roll-up's record with the units' rows over a longer period (rollup_record.py): written only
# then, so that an app too old to know them asks for a newer version instead of refusing the key.
FORMAT_ROWS = f"{FORMAT_FAMILY}/2"
READ_FORMATS = (FORMAT, FORMAT_ROWS)
QUYEN_HAN = ("", "TM.", "KT.", "TL.", "TUQ.", "Q.")
SOURCES = ("typed", "carried", "computed", "default")
# The longest text one value may hold: about 60 printed pages, ten times the longest part of a real
# report, and far below the 10,000,000 characters past which Word's XML parser cuts a run (and with
# it the signature and Nơi nhận that follow).
MAX_TEXT_CHARS = 200_000
# Nghị định 30 numbers documents 01, 02, … from 1 January: digits only, at most six of them.
DOCUMENT_NUMBER = re.compile(r"[0-9]{1,6}", re.ASCII)


class AnswerFileError(ValueError):
    """An answer file cannot be used; ``problems`` lists every place that is wrong."""

    MAX_SHOWN = 50  # a hostile file may hold thousands of wrong keys: list the first ones

    def __init__(self, problems: list[str]) -> None:
        if len(problems) > self.MAX_SHOWN:
            problems = [*problems[: self.MAX_SHOWN], f"… và {len(problems) - self.MAX_SHOWN} lỗi khác."]
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Unit:
    co_quan: str
    ky_hieu: str
    dia_danh: str
    cap: str
    co_quan_chu_quan: str = ""
    ten: str = ""

    @property
    def ten_goi(self) -> str:
        """The unit's name as written inside sentences ("Sở Ngoại vụ"), on one line (the header's
        names may hold line breaks the official typed)."""
        return " ".join((self.ten or self.co_quan).split())


@dataclass(frozen=True)
class Signer:
    chuc_vu: str = ""
    ho_ten: str = ""
    quyen_han: str = ""
    chuc_vu_thu_truong: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    so: str = ""
    ngay: date | tuple[int, int] | None = None
    kinh_gui: tuple[str, ...] = ()
    noi_nhan: tuple[str, ...] = ()
    luu: str = "VT"
    nguoi_ky: Signer = field(default_factory=Signer)
    dem_hai_chu_so: bool = True
    trich_yeu: str = ""  # empty: the kind's default trích yếu for the period
    so_khong: str = ""  # how a zero count reads in sentences (ZERO_READINGS); empty: as the kind says


@dataclass(frozen=True)
class Report:
    """One report: its kind, period, unit, document data and answers."""

    kind: str
    period: Period
    unit: Unit
    document: DocumentInfo
    answers: Mapping[str, Any]
    sources: Mapping[str, str] = field(default_factory=dict)
    previous: Mapping[str, Any] = field(default_factory=dict)
    last_year: Mapping[str, Any] = field(default_factory=dict)
    kind_version: str = ""  # the version of the kind it is written with ("" = by its period)
    # Hash of the stored copy of its kind it renders with, when it has one: how it is rendered,
    # not what it says (two reports with the same content are equal).
    kind_copy: str = field(default="", compare=False)
    rollup: RollupRecord | None = None  # the sources of a rolled-up report (rollup_record.py)

    def with_answers(self, answers: Mapping[str, Any]) -> Report:
        return replace(self, answers=dict(answers))


# ---------------------------------------------------------------- reading


def load_answer_file(path: Path) -> Report:
    """Read and check the answer file at ``path``.

    Read through :mod:`desktop_app.system.safe_read` (size, UTF-8, JSON depth limits); every
    value is then checked by :func:`parse_report`, numbers bounded and texts limited.
    """
    try:
        data = read_json_file(Path(path), ANSWER_FILE)
    except UnsafeFileError as exc:
        raise AnswerFileError([str(exc)]) from exc
    return parse_report(data)


def read_answer_bytes(raw: bytes, name: str) -> tuple[Report, datetime | None]:
    """:func:`load_answer_bytes`, with when the file says it was saved (None: it does not say)."""
    try:
        if len(raw) > ANSWER_FILE.max_bytes:
            raise UnsafeFileError(f"Tệp {name} quá lớn (tối đa {ANSWER_FILE.max_bytes >> 20} MiB).")
        data = loads_json(raw, name, ANSWER_FILE.max_depth)
    except UnsafeFileError as exc:
        raise AnswerFileError([str(exc)]) from exc
    report = parse_report(data)
    return report, saved_time(data.get("saved"))


def saved_time(value: Any) -> datetime | None:
    """The time an answer file's ``saved`` says, as local time without a zone (as a file's own
    time is read); None when it says nothing readable."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return local_time(when)


def local_time(when: datetime) -> datetime:
    """``when`` as local time without a zone: the times of files, kept rows and answer files
    are compared with one another (Python refuses to compare a zoned time with one without)."""
    return when.astimezone().replace(tzinfo=None) if when.tzinfo is not None else when


def saved_text(when: datetime) -> str:
    """How an answer file says when it was saved: ISO 8601 to the millisecond (two exports in one
    second are told apart), with its UTC offset."""
    return when.astimezone().isoformat(timespec="milliseconds")


def load_answer_bytes(raw: bytes, name: str) -> Report:
    """Read and check an answer file's bytes, e.g. one entry of a zip of answer files.

    ::

        for entry, raw in safe_read.zip_members(path, safe_read.PACKAGE, suffix=".json"):
            report = load_answer_bytes(raw, f"{path.name} › {entry}")

    The same limits and checks as :func:`load_answer_file`; AnswerFileError in Vietnamese.
    """
    return read_answer_bytes(raw, name)[0]


def _format_problem(value: Any) -> str:
    """Why the file's ``format`` is not this app's: a newer app's answer file, or no answer file."""
    family, _, version = str(value).rpartition("/") if isinstance(value, str) else ("", "", "")
    newest = READ_FORMATS[-1]
    if family == FORMAT_FAMILY and version.isdecimal() and int(version) > int(newest.rpartition("/")[2]):
        return (
            f"format: tệp do một phiên bản mới hơn của ứng dụng tạo ra (định dạng «{value[:40]}»; phiên "
            f"bản này đọc đến «{newest}»): hãy cài phiên bản mới, hoặc nhờ nơi gửi xuất lại bằng "
            "phiên bản cũ."
        )
    return f"format: cần «{FORMAT}» (tệp trả lời của Soạn Báo Cáo), có {shown(value)}."


def parse_report(data: Any, kind: Kind | None = None) -> Report:
    """Build a :class:`Report` from decoded JSON, collecting every problem.

    ``kind`` is given for a report read with a stored copy of its kind (see
    :mod:`desktop_app.report.catalogue`); otherwise the installed kind is used.
    """
    problems: list[str] = []
    if not isinstance(data, dict):
        raise AnswerFileError(["Tệp trả lời phải là một đối tượng JSON ({...})."])
    if data.get("format") not in READ_FORMATS:
        problems.append(_format_problem(data.get("format")))
    _unknown_keys(data, TOP_KEYS, "", problems)
    kind_id = data.get("kind")
    if not isinstance(kind_id, str) or len(kind_id) > 64:
        raise AnswerFileError([*problems, f"kind: cần mã loại văn bản, có {shown(kind_id)}."])
    try:
        kind = kind or _kind(data)
    except KindError as exc:
        raise AnswerFileError([*problems, f"kind: {exc}"]) from exc
    period = _period(data.get("period"), kind, problems)
    unit = _unit(data.get("unit"), problems)
    document = _document(data.get("document", {}), problems)
    answers = _answers(data.get("answers", {}), kind, problems)
    sources = _sources(data.get("sources", {}), kind, problems)
    previous = _answers(data.get("previous", {}), kind, problems, where="previous")
    last_year = _answers(data.get("last_year", {}), kind, problems, where="last_year")
    rollup = parse_rollup(data.get("rollup"), kind, problems)
    if "saved" in data and saved_time(data["saved"]) is None:
        problems.append(
            f"saved: cần ngày giờ lưu tệp (như 2025-03-20T10:15:00+07:00), có {shown(data['saved'])}."
        )
    if problems or period is None or unit is None:
        raise AnswerFileError(problems)
    copy = catalogue.copy_of(kind)[0] if kind.origin == "stored" else ""
    return Report(
        kind.id, period, unit, document, answers, sources, previous, last_year, kind.version, copy, rollup
    )


def _kind(data: Mapping[str, Any]) -> Kind:
    """The installed kind (and version) the decoded answer file names."""
    version = data.get("kind_version") or ""
    if not isinstance(version, str):
        raise KindError(f"kind_version phải là chữ, có {json.dumps(version, default=str)}.")
    try:
        period = Period.from_json(data.get("period"))
    except PeriodError:  # reported with its place by _period; any version will do for that
        return catalogue.family(str(data.get("kind"))).latest
    answers = data.get("answers")
    ids = answers.keys() if isinstance(answers, dict) else ()
    return catalogue.resolve(str(data.get("kind")), version, period, ids)


TOP_KEYS = (
    "format",
    "saved",
    "kind",
    "kind_version",
    "period",
    "unit",
    "document",
    "answers",
    "sources",
    "previous",
    "last_year",
    "rollup",
)
UNIT_KEYS = ("co_quan_chu_quan", "co_quan", "ten", "ky_hieu", "dia_danh", "cap")
DOCUMENT_KEYS = (
    "so",
    "ngay",
    "kinh_gui",
    "noi_nhan",
    "luu",
    "nguoi_ky",
    "dem_hai_chu_so",
    "trich_yeu",
    "so_khong",
)
SIGNER_KEYS = ("chuc_vu", "ho_ten", "quyen_han", "chuc_vu_thu_truong")


def _unknown_keys(data: Mapping[str, Any], known: tuple[str, ...], where: str, problems: list[str]) -> None:
    """A misspelt key would be silently dropped (and its text missing from the document): say so."""
    for key in sorted(set(data) - set(known)):
        place = f"{where}.{key[:40]}" if where else key[:40]
        problems.append(f"{place}: không có mục này; các mục dùng được: {', '.join(known)}.")


def _period(data: Any, kind: Kind, problems: list[str]) -> Period | None:
    try:
        period = Period.from_json(data)
    except PeriodError as exc:
        problems.append(f"period: {exc}")
        return None
    if period.type not in kind.periods:
        problems.append(f"period: loại kỳ «{period.type}» không dùng cho {kind.title}.")
    return period


def _text(data: Mapping[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}.{key}: cần chữ, có {shown(value)}.")
        return ""
    try:
        return limited(value).strip()
    except ValueError as exc:
        problems.append(f"{where}.{key}: {exc}")
        return ""


def _unit(data: Any, problems: list[str]) -> Unit | None:
    if not isinstance(data, dict):
        problems.append("unit: thiếu thông tin cơ quan ban hành.")
        return None
    _unknown_keys(data, UNIT_KEYS, "unit", problems)
    values = {k: _text(data, k, "unit", problems) for k in UNIT_KEYS}
    for key in ("co_quan", "ky_hieu", "dia_danh"):
        if not values[key]:
            problems.append(f"unit.{key}: không được để trống.")
    if values["cap"] not in UNIT_LEVELS:
        problems.append(f"unit.cap: «{values['cap']}» không hợp lệ; dùng {', '.join(UNIT_LEVELS)}.")
    return Unit(**values)


def _lines(data: Mapping[str, Any], key: str, where: str, problems: list[str]) -> tuple[str, ...]:
    try:
        return tuple(_lines_value(None, data.get(key, [])))
    except ValueError as exc:
        problems.append(f"{where}.{key}: {exc}")
        return ()


def _document(data: Any, problems: list[str]) -> DocumentInfo:
    if not isinstance(data, dict):
        problems.append("document: cần một đối tượng.")
        return DocumentInfo()
    _unknown_keys(data, DOCUMENT_KEYS, "document", problems)
    signer = data.get("nguoi_ky", {})
    if not isinstance(signer, dict):
        problems.append("document.nguoi_ky: cần một đối tượng.")
        signer = {}
    _unknown_keys(signer, SIGNER_KEYS, "document.nguoi_ky", problems)
    nguoi_ky = Signer(**{k: _text(signer, k, "document.nguoi_ky", problems) for k in SIGNER_KEYS})
    if nguoi_ky.quyen_han not in QUYEN_HAN:
        allowed = ", ".join(q or "(trống)" for q in QUYEN_HAN)
        problems.append(f"document.nguoi_ky.quyen_han: «{nguoi_ky.quyen_han}» không hợp lệ; dùng {allowed}.")
    so = _text(data, "so", "document", problems)
    if so and not DOCUMENT_NUMBER.fullmatch(so):
        problems.append(
            f"document.so: số văn bản «{so[:20]}» chỉ gồm chữ số 0–9, tối đa 6 chữ số "
            "(hoặc để trống cho văn thư)."
        )
        so = ""
    return DocumentInfo(
        so=so,
        ngay=_issue_date(data.get("ngay"), problems),
        kinh_gui=_lines(data, "kinh_gui", "document", problems),
        noi_nhan=_lines(data, "noi_nhan", "document", problems),
        luu=_text(data, "luu", "document", problems) or "VT",
        nguoi_ky=nguoi_ky,
        dem_hai_chu_so=_flag(data, "dem_hai_chu_so", True, problems),
        trich_yeu=_text(data, "trich_yeu", "document", problems),
        so_khong=_zero_reading(data, problems),
    )


def _zero_reading(data: Mapping[str, Any], problems: list[str]) -> str:
    value = data.get("so_khong", "")
    if value in ("", None):
        return ""
    if value not in ZERO_READINGS:
        allowed = ", ".join(f"«{v}»" for v in ZERO_READINGS)
        problems.append(f"document.so_khong: «{value}» không hợp lệ; dùng {allowed} (hoặc để trống).")
        return ""
    return str(value)


def _flag(data: Mapping[str, Any], key: str, default: bool, problems: list[str]) -> bool:
    """A yes/no of the document: JSON true or false only ("false" in quotes would read as yes)."""
    value = data.get(key, default)
    if not isinstance(value, bool):
        problems.append(f"document.{key}: cần true hoặc false (không có dấu nháy), có {shown(value)}.")
        return default
    return value


def _issue_date(value: Any, problems: list[str]) -> date | tuple[int, int] | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        problems.append(f"document.ngay: cần ngày dạng YYYY-MM-DD, có {shown(value)}.")
        return None
    try:
        if isinstance(value, str) and len(value) == 7:
            year, month = (int(x) for x in value.split("-"))
            date(year, month, 1)
            return (year, month)
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(
            f"document.ngay: «{value[:20]}» không phải ngày (YYYY-MM-DD, hoặc YYYY-MM để trống ngày)."
        )
        return None


def _answers(data: Any, kind: Kind, problems: list[str], where: str = "answers") -> dict[str, Any]:
    if not isinstance(data, dict):
        problems.append(f"{where}: cần một đối tượng {{mã trường: giá trị}}.")
        return {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if not kind.has_field(key):
            problems.append(f"{where}.{key[:40]}: {kind.title} không có trường này.")
            continue
        try:
            coerced = coerce(kind.field(key), value)
        except ValueError as exc:
            problems.append(f"{where}.{key}: {exc}")
            continue
        if coerced is not None:  # null or "" is no answer, as the file a save writes says it
            out[key] = coerced
    return out


def _sources(data: Any, kind: Kind, problems: list[str]) -> dict[str, str]:
    if not isinstance(data, dict):
        problems.append("sources: cần một đối tượng.")
        return {}
    bad = [k for k, v in data.items() if not kind.has_field(k) or not isinstance(v, str) or v not in SOURCES]
    problems.extend(f"sources.{k[:40]}: không hợp lệ." for k in bad)
    return {k: v for k, v in data.items() if k not in bad}


# ---------------------------------------------------------------- values


def coerce(f: Field, value: Any) -> Any:
    """Return ``value`` as the Python value of field ``f``; ValueError in Vietnamese.

    The one door every value passes, typed in the wizard or read from a file: numbers are
    bounded (:func:`desktop_app.vnformat.check_number`), texts limited to :data:`MAX_TEXT_CHARS`.
    """
    if value is None or (isinstance(value, str) and value == ""):
        return None
    result = _COERCE[f.type](f, value)
    return None if isinstance(result, str) and result == "" else result  # [] of paragraphs: empty too


def shown(value: Any) -> str:
    """Return a value of a file for a message: short, whatever it is (a list, a long text)."""
    if isinstance(value, str):
        return f"«{value[:40]}…»" if len(value) > 40 else f"«{value}»"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float | Decimal):
        text = str(value) if not isinstance(value, int) or value.bit_length() < 256 else "một số rất dài"
        return text if len(text) <= 40 else text[:40] + "…"
    if isinstance(value, list):
        return "một danh sách [...]"
    if isinstance(value, dict):
        return "một đối tượng {...}"
    return type(value).__name__


def limited(text: str) -> str:
    """Return ``text`` cleaned; ValueError when it is longer than :data:`MAX_TEXT_CHARS`."""
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(
            f"chữ quá dài ({format_number(len(text))} ký tự; tối đa {format_number(MAX_TEXT_CHARS)} "
            "ký tự một ô): hãy chia bớt sang phần khác hoặc đưa vào phụ lục."
        )
    return clean(text)


def _number(f: Field, value: Any) -> int | Decimal:
    if isinstance(value, bool):
        raise ValueError(f"cần số, có {json.dumps(value)}.")
    try:
        if isinstance(value, str):
            value = parse_number(_without_percent_sign(value) if f.percent else value)
        if isinstance(value, float):
            value = Decimal(repr(value))
        if not isinstance(value, int | Decimal):
            raise ValueError(f"cần số, có {shown(value)}.")
        if (
            f.type == "integer"
            and isinstance(value, Decimal)
            and value.is_finite()
            and fraction_digits(value)
        ):
            hint = "dấu phẩy là dấu thập phân, hàng nghìn ngăn bằng dấu chấm: 22.278"
            raise ValueError(f"cần số nguyên, không có phần lẻ: {shown_number(value)} ({hint}).")
        value = check_number(value)  # from here on int() and formatting are cheap
    except NumberFormatError as exc:
        raise ValueError(str(exc)) from exc
    return int(value) if f.type == "integer" else Decimal(value)


def _without_percent_sign(text: str) -> str:
    """A share as the box shows it and the portal prints it («98,50%», «97 %»): the number only."""
    body = text.strip()
    return (body[:-1].rstrip() or text) if body.endswith("%") else text  # «%» alone: said as typed


def _text_value(f: Field, value: Any) -> str:
    if isinstance(value, list) and f.type == "paragraphs" and all(isinstance(v, str) for v in value):
        value = "\n".join(value)
    if not isinstance(value, str):
        raise ValueError(f"cần chữ, có {shown(value)}.")
    return limited(value)


def _choice(f: Field, value: Any) -> str:
    allowed = [c.value for c in f.choices]
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{shown(value)} không nằm trong các lựa chọn {', '.join(allowed)}.")
    return value


def _date(f: Field, value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(
            f"{shown(value)} không phải một ngày có thật (gõ ngày/tháng/năm, ví dụ 05/09/2025; "
            "trong tệp trả lời: YYYY-MM-DD)."
        ) from exc


def _lines_value(f: Field | None, value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split("\n")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("cần danh sách các dòng chữ.")
    return [line for line in (limited(v).strip() for v in value) if line]


def _table(f: Field, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise ValueError("cần danh sách các dòng bảng ({mã cột: giá trị}).")
    columns = {c.id: c for c in f.columns}
    rows = []
    for i, row in enumerate(value, 1):
        unknown = sorted(set(row) - set(columns))
        if unknown:
            raise ValueError(f"dòng {i}: không có cột «{', '.join(unknown)[:80]}».")
        rows.append({cid: _cell(col.type, row.get(cid), i, col.label) for cid, col in columns.items()})
    return rows


def _cell(ctype: str, value: Any, row: int, label: str) -> Any:
    if value is None or value == "":
        return None if ctype != "text" else ""
    probe = Field(id="cot", label=label, type=ctype, section="")
    try:
        return _COERCE[ctype](probe, value) if ctype != "choice" else _text_value(probe, value)
    except ValueError as exc:
        raise ValueError(f"dòng {row}, cột «{label}»: {exc}") from exc


def _boolean(f: Field, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"cần true hoặc false (không có dấu nháy), có {shown(value)}.")
    return value


_COERCE = {
    "integer": _number,
    "decimal": _number,
    "text": _text_value,
    "paragraphs": _text_value,
    "choice": _choice,
    "date": _date,
    "lines": _lines_value,
    "table": _table,
    "boolean": _boolean,
}


# ---------------------------------------------------------------- writing


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == int(value) else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def issue_date_json(value: date | tuple[int, int] | None) -> str | None:
    """Return a document date as the answer file writes it: "2024-06-05", "2024-06" or None."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return f"{value[0]:04d}-{value[1]:02d}"
    return value.isoformat()


def dump_report(report: Report) -> dict[str, Any]:
    """Return the JSON-ready dict of ``report`` (the answer file's content)."""
    doc = report.document
    u = report.unit
    version = {"kind_version": report.kind_version} if report.kind_version else {}
    data: dict[str, Any] = {
        "format": FORMAT_ROWS if report.rollup is not None and report.rollup.rows else FORMAT,
        "kind": report.kind,
        **version,
        "period": report.period.to_json(),
        "unit": {
            "co_quan_chu_quan": u.co_quan_chu_quan,
            "co_quan": u.co_quan,
            "ten": u.ten,
            "ky_hieu": u.ky_hieu,
            "dia_danh": u.dia_danh,
            "cap": u.cap,
        },
        "document": {
            "so": doc.so,
            "ngay": issue_date_json(doc.ngay),
            "kinh_gui": list(doc.kinh_gui),
            "noi_nhan": list(doc.noi_nhan),
            "luu": doc.luu,
            "dem_hai_chu_so": doc.dem_hai_chu_so,
            "trich_yeu": doc.trich_yeu,
            "so_khong": doc.so_khong,
            "nguoi_ky": {
                "quyen_han": doc.nguoi_ky.quyen_han,
                "chuc_vu": doc.nguoi_ky.chuc_vu,
                "chuc_vu_thu_truong": doc.nguoi_ky.chuc_vu_thu_truong,
                "ho_ten": doc.nguoi_ky.ho_ten,
            },
        },
        "answers": {k: _json_value(v) for k, v in report.answers.items() if v is not None},
        "sources": dict(report.sources),
        "previous": {k: _json_value(v) for k, v in report.previous.items() if v is not None},
        "last_year": {k: _json_value(v) for k, v in report.last_year.items() if v is not None},
    }
    if report.rollup is not None:  # only rolled-up reports: every other file stays as it was
        data["rollup"] = dump_rollup(report.rollup)
    return data


def dumps_report(report: Report, saved: datetime | None = None) -> str:
    """The answer file's text; with ``saved``, it says when the report was saved: of two files a
    unit sent for one period, a roll-up counts the one saved last, whatever the order they were
    downloaded in (a mail attachment's own time is when it was saved from the mail)."""
    data = dump_report(report)
    if saved is not None:
        data = {"format": data["format"], "saved": saved_text(saved), **data}
    return json.dumps(clean_value(data), ensure_ascii=False, indent=1)


def save_answer_file(report: Report, path: Path, saved: datetime | None = None) -> None:
    """Write ``report`` to ``path`` atomically (never half a file); ``saved``: see :func:`dumps_report`."""
    write_atomic(path, (dumps_report(report, saved) + "\n").encode("utf-8"))
