"""File names that read well and survive e-mail and Windows.

>>> ascii_words("Sở Ngoại vụ")
'So-Ngoai-vu'
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from pathlib import Path

from desktop_app.report.answers import Unit
from desktop_app.report.kinds import Kind
from desktop_app.report.periods import Period

# Windows refuses paths past 260 characters; a name this long leaves room for the folder.
MAX_NAME = 120


def ascii_words(text: str) -> str:
    """Return ``text`` without diacritics, words joined by "-": "Sở Ngoại vụ" -> "So-Ngoai-vu"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", bare).strip("-")


def kind_code(kind: Kind) -> str:
    """Return the kind's short code: its ``ma_ngan``, or its id without the tên loại words."""
    if kind.ma_ngan:
        return ascii_words(kind.ma_ngan).upper()
    words = kind.id.split("_")
    type_words = ascii_words(kind.ten_loai).lower().split("-")
    if words[: len(type_words)] == type_words and len(words) > len(type_words):
        words = words[len(type_words) :]
    return "-".join(words).upper()


def output_file_name(kind: Kind, period: Period, unit: Unit, suffix: str = ".docx") -> str:
    """Return an e-mail-safe name: "BC-KSTTHC-Quy-II-2024-So-Ngoai-vu.docx".

    ASCII letters, digits and "-" only: no diacritics, spaces or characters Windows forbids.
    """
    parts = (kind.ma_loai, kind_code(kind), period.short_label(), unit.ten_goi)
    stem = "-".join(p for p in (ascii_words(x) for x in parts) if p)
    return f"{stem[:MAX_NAME].rstrip('-') or 'van-ban'}{suffix}"


def another_name(path: Path) -> Path:
    """Return the first free "<name>-ban-2.docx", "<name>-ban-3.docx"… beside ``path``.

    Offered when ``path`` cannot be written (open in Word): the official keeps working and
    sends the new file, and the locked one is left as it is.
    """
    stem = re.sub(r"-ban-\d+$", "", path.stem) or "van-ban"
    for number in itertools.count(2):
        candidate = path.with_name(f"{stem}-ban-{number}{path.suffix}")
        if candidate != path and not candidate.exists():
            return candidate
    raise AssertionError("unreachable")  # itertools.count never ends
