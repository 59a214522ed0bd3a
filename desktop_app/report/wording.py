"""The words a period and a unit give to templates and default texts ("quý II năm 2024")."""

from __future__ import annotations

from typing import Any

from desktop_app.report.answers import Unit
from desktop_app.report.periods import Period
from desktop_app.vnformat import format_short_date


def period_context(period: Period, unit: Unit) -> dict[str, Any]:
    """Return the period words and unit names that templates and default texts may use."""
    start, end = period.cutoff()
    try:
        next_words = period.next().words()
    except ValueError:
        next_words = "kỳ tiếp theo"
    return {
        "ky": period.words(),
        "ky_tiep": next_words,
        "nam": str(period.year),
        "tu_ngay": format_short_date(start),
        "den_ngay": format_short_date(end),
        "don_vi": unit.ten_goi,
        "dia_danh": unit.dia_danh,
    }
