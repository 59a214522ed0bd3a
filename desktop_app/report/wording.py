"""The words a period and a unit give to templates, default texts and the official's own text.

Templates read them as variables (``{{ ky }}``, ``{{ ky_so_lieu }}``). In their own paragraphs
officials type the same names between braces, ``{ky_so_lieu}``: the document prints "số liệu từ
ngày 15/6/2025 đến ngày 14/9/2025" there, and the next period's copy of the text says its own
dates. A name that is not one of :data:`PLACEHOLDERS` is printed as typed and reported by the
checks (a misspelt ``{ky_so_leu}`` never reaches the document unnoticed).

>>> fill_placeholders("Tại UBND xã ({ky_so_lieu}):", {"ky_so_lieu": "số liệu từ ngày 15/6/2025 …"})
'Tại UBND xã (số liệu từ ngày 15/6/2025 …):'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from desktop_app.report.answers import Unit
from desktop_app.report.periods import Period
from desktop_app.vnformat import format_short_date

# What an official may type between braces, and what it prints (for the wizard's help).
PLACEHOLDERS = {
    "ky_so_lieu": "số liệu từ ngày … đến ngày … (thời gian chốt số liệu của kỳ)",
    "tu_ngay": "ngày đầu kỳ số liệu (15/6/2025)",
    "den_ngay": "ngày cuối kỳ số liệu (14/9/2025)",
    "ky": "kỳ báo cáo (quý III năm 2025)",
    "ky_tiep": "kỳ tiếp theo (quý IV năm 2025)",
    "nam": "năm của kỳ (2025)",
    "don_vi": "tên đơn vị trong câu văn",
}
# "{ky_so_lieu}", also "{ ky_so_lieu }" and "{{ky_so_lieu}}"; anything between braces is a try.
_PLACEHOLDER = re.compile(r"\{\{?\s*([^{}\n]{1,40}?)\s*\}\}?")


def period_context(period: Period, unit: Unit) -> dict[str, Any]:
    """Return the period words and unit names that templates and default texts may use."""
    start, end = period.cutoff()
    try:
        next_words = period.next().words()
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
        "don_vi": unit.ten_goi,
        "dia_danh": unit.dia_danh,
    }


def fill_placeholders(text: str, words: Mapping[str, Any]) -> str:
    """Replace each known ``{name}`` in ``text`` by its words; leave anything else as typed."""
    return _PLACEHOLDER.sub(lambda m: str(words[m[1]]) if m[1] in PLACEHOLDERS else m[0], text)


def unknown_placeholders(text: str) -> list[str]:
    """Return what ``text`` has between braces that is not a placeholder, as typed ("{ky_so_leu}")."""
    return [m[0] for m in _PLACEHOLDER.finditer(text) if m[1] not in PLACEHOLDERS]
