"""Placeholders: names an official types between braces, ``{ky_so_lieu}``, filled in the document.

In their own paragraphs (and the kinds' headings) the document prints the period's words there:
"số liệu từ ngày 15/6/2025 đến ngày 14/9/2025", and the next period's copy of the text says its
own dates. A name that is not one of :data:`PLACEHOLDERS` is printed as typed and reported by
the checks (a misspelt ``{ky_so_leu}`` never reaches the document unnoticed). The words come
from :func:`desktop_app.report.wording.period_context`.

>>> fill_placeholders("Tại UBND xã ({ky_so_lieu}):", {"ky_so_lieu": "số liệu từ ngày 15/6/2025 …"})
'Tại UBND xã (số liệu từ ngày 15/6/2025 …):'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

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
# "{ky_so_lieu}" (also "{ ky_so_lieu }"); never inside "{{ … }}", which is left as typed.
_PLACEHOLDER = re.compile(r"(?<!\{)\{\s*([a-z_]{1,30})\s*\}(?!\})")
# Anything between braces is a try at one: "{ky_so_leu}", "{kỳ số liệu}", "{{ ky }}".
_BRACES = re.compile(r"\{\{?[^{}\n]{1,40}\}\}?")


def fill_placeholders(text: str, words: Mapping[str, Any]) -> str:
    """Replace each known ``{name}`` in ``text`` by its words; leave anything else as typed."""
    return _PLACEHOLDER.sub(lambda m: str(words[m[1]]) if m[1] in PLACEHOLDERS else m[0], text)


def unknown_placeholders(text: str) -> list[str]:
    """Return what ``text`` has between braces that is not a placeholder, as typed ("{ky_so_leu}")."""
    out = []
    for m in _BRACES.finditer(text):
        known = _PLACEHOLDER.fullmatch(m[0])
        if known is None or known[1] not in PLACEHOLDERS:
            out.append(m[0])
    return out
