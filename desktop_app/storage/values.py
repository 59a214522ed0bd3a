"""The values stored in rows: checked unit, signer and list values, a report's derived columns,
how revision data is encoded.

Part of :mod:`desktop_app.storage`, no SQL: the layers that write (units, reports) and the
checks of rows from elsewhere (:mod:`desktop_app.storage.rows`) share these, so a row imported
from a package holds exactly what the app itself would have written.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from desktop_app.report import catalogue
from desktop_app.report.answers import QUYEN_HAN, Report, Signer, Unit, issue_date_json
from desktop_app.report.kinds import UNIT_LEVELS, KindError
from desktop_app.report.periods import Period, PeriodError
from desktop_app.storage.records import (
    RECIPIENT_KINDS,
    SIGNER_FIELDS,
    UNIT_FIELDS,
    StorageError,
    report_data,
    to_json,
)
from desktop_app.text import clean, fold


def _text_values(obj: Any, fields: Sequence[str]) -> dict[str, str]:
    return {k: clean(str(getattr(obj, k) or "")).strip() for k in fields}


def unit_values(unit: Unit) -> dict[str, str]:
    values = _text_values(unit, UNIT_FIELDS)
    missing = [k for k in ("co_quan", "ky_hieu", "dia_danh") if not values[k]]
    if missing:
        raise StorageError(f"Thông tin đơn vị còn trống: {', '.join(missing)}.")
    if values["cap"] not in UNIT_LEVELS:
        raise StorageError(f"Cấp «{values['cap']}» không hợp lệ; dùng {', '.join(UNIT_LEVELS)}.")
    return values


def signer_values(signer: Signer) -> dict[str, str]:
    values = _text_values(signer, SIGNER_FIELDS)
    if values["quyen_han"] not in QUYEN_HAN:
        allowed = ", ".join(q or "(trống)" for q in QUYEN_HAN)
        raise StorageError(f"Quyền hạn ký «{values['quyen_han']}» không hợp lệ; dùng {allowed}.")
    return values


def list_values(kind: str, name: str, lines: Sequence[str], luu: str) -> dict[str, str]:
    if kind not in RECIPIENT_KINDS:
        raise StorageError(f"Loại danh sách «{kind}» không có; dùng {', '.join(RECIPIENT_KINDS)}.")
    kept = [clean(line).strip() for line in lines if line.strip()]
    return {"kind": kind, "name": clean(name).strip(), "lines": to_json(kept), "luu": clean(luu).strip()}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def search_text(data: Mapping[str, Any]) -> str:
    """Return the diacritics-folded words a search looks in: kind, period, unit, document, answers."""
    words = [str(data.get("kind", ""))]
    with contextlib.suppress(KindError):
        words.append(catalogue.family(words[0]).title)
    with contextlib.suppress(PeriodError):
        period = Period.from_json(data.get("period"))
        words += [period.words(), period.short_label()]
    for key in ("unit", "document", "answers"):
        words.extend(_strings(data.get(key)))
    return fold(" ".join(" ".join(words).split()))


def identity_columns(report: Report) -> dict[str, Any]:
    """Return the ``reports`` columns that repeat what the report is: kind, period, số, ngày."""
    period = report.period.to_json()
    return {
        "kind": report.kind,
        "period_type": period["type"],
        "year": period["year"],
        "number": period["number"],
        "period_from": period["from"],
        "period_to": period["to"],
        "so": report.document.so,
        "ngay": issue_date_json(report.document.ngay),
    }


def report_columns(report: Report) -> dict[str, Any]:
    """Return the ``reports`` columns that follow from the report's content."""
    data = report_data(report)
    return {
        **identity_columns(report),
        "kind_version": report.kind_version or catalogue.kind_of(report).version,
        "data": to_json(data),
        "sources": to_json(data["sources"]),
        "search_text": search_text(data),
    }


def as_produced(data: Any) -> Any:
    """A produced document's data as it was rendered: data saved by an app from before versions
    names none, and that app had only the kind's first version (a later one's headings and
    outline were not yet there). Any other data as it is."""
    if not isinstance(data, dict) or data.get("kind_version"):
        return data
    found = catalogue.catalogue().families.get(str(data.get("kind")))
    return {**data, "kind_version": found.build(0).version} if found is not None else data


def encode(text: str) -> tuple[str, bytes]:
    """Return the encoding and the bytes a revision's JSON text is stored as."""
    return "zlib", zlib.compress(text.encode("utf-8"))


def decode(encoding: str, data: str | bytes) -> str:
    """Return the JSON text of revision data stored with ``encoding``."""
    if encoding == "zlib" and isinstance(data, bytes):
        return zlib.decompress(data).decode("utf-8")
    if encoding == "json" and isinstance(data, str):
        return data
    raise StorageError(f"Không đọc được phiên bản lưu theo cách «{encoding}»; hãy cập nhật ứng dụng.")
