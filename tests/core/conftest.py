"""Shared helpers for the core tests."""

from __future__ import annotations

import copy
import json
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
