"""The words a period and a unit give to templates, default texts and the official's own text.

Templates read them as variables (``{{ ky }}``, ``{{ ky_so_lieu }}``); officials type the same
names between braces in their paragraphs (:mod:`desktop_app.report.placeholders`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from desktop_app.report.answers import Unit
from desktop_app.report.periods import Period
from desktop_app.vnformat import format_short_date


def period_context(period: Period, unit: Unit) -> dict[str, Any]:
    """Return the period words and unit names that templates and default texts may use."""
    return {**_period_words(period), "don_vi": unit.ten_goi, "dia_danh": unit.dia_danh}


@lru_cache(maxsize=64)
def _period_words(period: Period) -> Mapping[str, str]:
    """The words of ``period`` (kept: a roll-up asks for them for every unit's every text; the
    callers copy them, never change them)."""
    start, end = period.cutoff()
    try:
        next_words = period.following().words()
    except ValueError:
        next_words = "kỳ tiếp theo"
    tu_ngay, den_ngay = format_short_date(start), format_short_date(end)
    return {
        "ky": period.words(),
        "ky_tiep": next_words,
        "nam": str(period.year),
        "tu_ngay": tu_ngay,
        "den_ngay": den_ngay,
        "ky_so_lieu": f"số liệu từ ngày {tu_ngay} đến ngày {den_ngay}",
    }
