"""What a rolled-up report keeps of its sources: the ``rollup`` section of the answer file.

A report made by a roll-up (:mod:`desktop_app.report.rollup`) carries, beside its summed
figures, one entry per source (a unit's report, or one period of a unit): its name, level,
period, the file it came from with its SHA-256, and its figures. The forms print a row per
unit from these entries, and a later recompute knows which files it already counted.
A longer period rolled up from roll-ups of units (a province's year from its four quarters)
also keeps ``rows``, in the same shape: each unit's figures over the whole period, for the
forms' rows, since its sources are then the parent's own periods.
Reading is as strict as the rest of the answer file: every problem is collected with its place.

::

    "rollup": {"mode": "don_vi",
               "sources": [{"name": "Sở Tư pháp", "co_quan": "SỞ TƯ PHÁP", "cap": "so",
                            "period": {"type": "quy", "year": 2025, "number": 1},
                            "file": "stp.json", "sha256": "…64 hex…",
                            "figures": {"hs_moi_truc_tuyen": 120, …}}],
               "missing": ["Sở Y tế"]}

A file with ``rows`` is written as ``soanbaocao.answers/2`` (:mod:`desktop_app.report.answers`):
an app that does not know them says it needs a newer version, instead of refusing the key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.report.kinds import UNIT_LEVELS, Kind
from desktop_app.report.periods import Period, PeriodError

MODE_UNITS, MODE_PERIODS = "don_vi", "ky"
MODES = {MODE_UNITS: "units", MODE_PERIODS: "periods"}  # the record's word -> the kind's word
MODE_WORDS = {MODE_UNITS: "tổng hợp các đơn vị", MODE_PERIODS: "tổng hợp các kỳ"}
RECORD_KEYS = ("mode", "sources", "missing", "rows")
SOURCE_KEYS = ("name", "co_quan", "cap", "period", "file", "sha256", "figures")
MAX_SOURCES = 5000
# A parent's list of its units (``rollup --units``, the list kept in storage): at most this many
# names, each at most this long.
MAX_LISTED_UNITS = 5000
MAX_NAME_LENGTH = 200
MAX_FIGURE = Decimal(10) ** 15
_SHA256 = re.compile(r"[0-9a-f]{64}")

Number = int | Decimal


@dataclass(frozen=True)
class RollupSource:
    """One source of a roll-up: a unit's report, or one period of the unit.

    The same shape holds a unit's row over a longer period (``RollupRecord.rows``): its ``file``
    then names the periods' files it was read from, and its ``sha256`` stands for its rows in
    them (:func:`desktop_app.report.rollup.joined_hash`); no file of its own is kept.
    """

    name: str
    co_quan: str
    cap: str
    period: Period
    file: str
    sha256: str
    figures: Mapping[str, Number] = field(default_factory=dict)


@dataclass(frozen=True)
class RollupRecord:
    """How a report was rolled up: ``mode`` (:data:`MODE_UNITS` or :data:`MODE_PERIODS`),
    its sources in the order of the forms' rows, the listed units that sent nothing, and the
    units' rows over the whole period when the sources are not units (``rows``: a year rolled
    up from quarterly roll-ups of units)."""

    mode: str
    sources: tuple[RollupSource, ...]
    missing: tuple[str, ...] = ()
    rows: tuple[RollupSource, ...] = ()

    @property
    def unit_rows(self) -> tuple[RollupSource, ...]:
        """The forms' rows, one per unit: ``rows``, else the sources of a roll-up of units."""
        if self.rows:
            return self.rows
        return self.sources if self.mode == MODE_UNITS else ()

    @property
    def kind_mode(self) -> str:
        """The mode as the kind files name it ("units", "periods")."""
        return MODES[self.mode]


# ---------------------------------------------------------------- reading


def parse_rollup(data: Any, kind: Kind, problems: list[str]) -> RollupRecord | None:
    """Return the record ``data`` describes, adding every problem (with its place) to ``problems``."""
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.append("rollup: cần một đối tượng.")
        return None
    _unknown(data, RECORD_KEYS, "rollup", problems)
    mode = data.get("mode")
    if mode not in MODES:
        problems.append(f"rollup.mode: «{mode}» không hợp lệ; dùng {', '.join(MODES)}.")
    sources = _sources(data.get("sources"), "sources", kind, problems)
    rows = _sources(data.get("rows", []), "rows", kind, problems)
    missing = data.get("missing", [])
    if not isinstance(missing, list) or not all(isinstance(m, str) and m.strip() for m in missing):
        problems.append("rollup.missing: cần danh sách tên đơn vị.")
        missing = []
    if mode not in MODES or any(s is None for s in (*sources, *rows)):
        return None
    kept = tuple(s for s in sources if s is not None)
    return RollupRecord(str(mode), kept, tuple(missing), tuple(r for r in rows if r is not None))


def _sources(data: Any, key: str, kind: Kind, problems: list[str]) -> list[RollupSource | None]:
    if not isinstance(data, list) or len(data) > MAX_SOURCES:
        problems.append(f"rollup.{key}: cần danh sách (tối đa {MAX_SOURCES} nguồn).")
        return []
    return [_source(s, kind, f"rollup.{key}[{i}]", problems) for i, s in enumerate(data)]


def _unknown(data: Mapping[str, Any], known: tuple[str, ...], where: str, problems: list[str]) -> None:
    for key in sorted(set(data) - set(known)):
        problems.append(f"{where}.{key}: không có mục này; các mục dùng được: {', '.join(known)}.")


def _source(data: Any, kind: Kind, where: str, problems: list[str]) -> RollupSource | None:
    if not isinstance(data, dict):
        problems.append(f"{where}: cần một đối tượng.")
        return None
    before = len(problems)
    _unknown(data, SOURCE_KEYS, where, problems)
    texts = {k: data.get(k) for k in ("name", "co_quan", "cap", "file", "sha256")}
    for key, value in texts.items():
        if not isinstance(value, str) or (key in ("name", "cap", "sha256") and not value.strip()):
            problems.append(f"{where}.{key}: cần chữ, có {json.dumps(value, default=str)}.")
    if texts["cap"] not in UNIT_LEVELS:
        problems.append(f"{where}.cap: «{texts['cap']}» không hợp lệ; dùng {', '.join(UNIT_LEVELS)}.")
    if not isinstance(texts["sha256"], str) or not _SHA256.fullmatch(texts["sha256"]):
        problems.append(f"{where}.sha256: cần 64 chữ số hệ mười sáu (chữ thường).")
    try:
        period: Period | None = Period.from_json(data.get("period"))
    except PeriodError as exc:
        problems.append(f"{where}.period: {exc}")
        period = None
    figures = _figures(data.get("figures", {}), kind, f"{where}.figures", problems)
    if len(problems) > before or period is None:
        return None
    return RollupSource(
        name=str(texts["name"]).strip(),
        co_quan=str(texts["co_quan"]).strip(),
        cap=str(texts["cap"]),
        period=period,
        file=str(texts["file"]),
        sha256=str(texts["sha256"]),
        figures=figures,
    )


def _figures(data: Any, kind: Kind, where: str, problems: list[str]) -> dict[str, Number]:
    if not isinstance(data, dict):
        problems.append(f"{where}: cần một đối tượng {{mã trường: số}}.")
        return {}
    out: dict[str, Number] = {}
    for key, value in data.items():
        if not kind.has_field(key) or not kind.field(key).is_number:
            problems.append(f"{where}.{key}: {kind.title} không có trường số này.")
            continue
        number = figure_value(value)
        if number is None:
            problems.append(
                f"{where}.{key}: cần một số (tối đa 15 chữ số), có {json.dumps(value, default=str)}."
            )
            continue
        out[key] = number
    return out


def figure_value(value: Any) -> Number | None:
    """Return ``value`` as a bounded number (int, or Decimal with a fraction); None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, int):  # most figures: as the general way below gives them, without a Decimal
        return value if abs(value) < MAX_FIGURE else None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        exponent = number.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -12 or abs(number) >= MAX_FIGURE:
            return None
        return int(number) if number == number.to_integral_value() else number
    except (InvalidOperation, ValueError, OverflowError):
        return None


# ---------------------------------------------------------------- writing


def _json_number(value: Number) -> int | float:
    return value if isinstance(value, int) else float(value)


def dump_rollup(record: RollupRecord) -> dict[str, Any]:
    """Return the JSON-ready ``rollup`` section of ``record``."""
    data: dict[str, Any] = {
        "mode": record.mode,
        "sources": [_dump_source(s) for s in record.sources],
        "missing": list(record.missing),
    }
    if record.rows:  # only then: every other record stays as it was
        data["rows"] = [_dump_source(s) for s in record.rows]
    return data


def _dump_source(s: RollupSource) -> dict[str, Any]:
    return {
        "name": s.name,
        "co_quan": s.co_quan,
        "cap": s.cap,
        "period": s.period.to_json(),
        "file": s.file,
        "sha256": s.sha256,
        "figures": {k: _json_number(v) for k, v in s.figures.items()},
    }
