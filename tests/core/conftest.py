"""Shared helpers for the core tests."""

from __future__ import annotations

import copy
import json
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_FIXTURES = FIXTURES / "seeds"

BASE: dict[str, Any] = {
    "format": "soanbaocao.answers/1",
    "kind": "bao_cao_kstthc",
    "period": {"type": "quy", "year": 2024, "number": 2},
    "unit": {
        "co_quan_chu_quan": "UBND TỈNH KIÊN GIANG",
        "co_quan": "SỞ NGOẠI VỤ",
        "ten": "Sở Ngoại vụ",
        "ky_hieu": "SNgV",
        "dia_danh": "Kiên Giang",
        "cap": "so",
    },
    "document": {
        "so": "5",
        "ngay": "2024-06-05",
        "noi_nhan": ["Văn phòng Chính phủ", "UBND tỉnh"],
        "luu": "VT, hctam",
        "nguoi_ky": {
            "quyen_han": "KT.",
            "chuc_vu_thu_truong": "Giám đốc",
            "chuc_vu": "Phó Giám đốc",
            "ho_ten": "Nguyễn Văn A",
        },
    },
    "answers": {},
}


@pytest.fixture
def answer_data() -> dict[str, Any]:
    """A small valid answer file of bao_cao_kstthc, as decoded JSON, to modify."""
    return copy.deepcopy(BASE)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


KindEdits = dict[str, tuple[str, str]]


@pytest.fixture
def edit_kinds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[KindEdits], Path]]:
    """Give a function that installs a copy of the shipped kind files with text edits (file name ->
    (old, new), each ``old`` present), as an IT officer would make them, and returns the folder.

    Every cache of kinds is emptied at each edit and when the test ends.
    """
    from desktop_app.report import catalogue, kinds

    folder = tmp_path / "kinds"

    def edit(edits: KindEdits) -> Path:
        if not folder.is_dir():
            folder.mkdir()
            for other in kinds.kinds_dir().glob("*.toml"):
                shutil.copy(other, folder / other.name)
        for name, (old, new) in edits.items():
            path = folder / name
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{name}: «{old}» không có"
            path.write_text(text.replace(old, new), encoding="utf-8")
        monkeypatch.setattr(kinds, "kinds_dir", lambda: folder)
        monkeypatch.setattr(catalogue, "builtin_dir", lambda: folder)
        forget_kinds()
        return folder

    yield edit
    forget_kinds()


def forget_kinds() -> None:
    """Empty every cache of loaded kinds (the next use reads the files again)."""
    from desktop_app.report import catalogue, kinds

    kinds.load_kind.cache_clear()
    kinds.kind_title.cache_clear()
    catalogue.forget()


VIETNAMESE = re.compile(
    "[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE
)


def is_vietnamese(message: str) -> bool:
    """Tell whether a message is written in Vietnamese (it has Vietnamese letters)."""
    return bool(VIETNAMESE.search(message))


def db_content(path: Path) -> dict[str, Any]:
    """Everything a database holds, read-only: its schema, version and every row of every table.

    Compared before and after an operation that was refused, to show it changed nothing.
    """
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        tables = [r[0] for r in names]
        content: dict[str, Any] = {
            "schema": conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall(),
            "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
        }
        for table in tables:
            content[table] = conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid").fetchall()
        return content
    finally:
        conn.close()
