"""Data for the app-shell tests: a unit with its signer and lists, reports from the seeds."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop_app.report.answers import Report, Signer, Unit, parse_report
from desktop_app.report.periods import Period
from desktop_app.storage import Store

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
KSTTHC_SEED = "000_a555c7217f5d5664"
PLAN_SEED = "004_dbb53274ea895b03"
UNIT = Unit(
    co_quan="SỞ NGOẠI VỤ",
    ky_hieu="SNgV",
    dia_danh="Kiên Giang",
    cap="so",
    co_quan_chu_quan="UBND TỈNH KIÊN GIANG",
    ten="Sở Ngoại vụ",
)
SIGNER = Signer(
    chuc_vu="Phó Giám đốc", ho_ten="Tăng Thị Thắm", quyen_han="KT.", chuc_vu_thu_truong="Giám đốc"
)


def seed(name: str) -> Report:
    """Return the seed fixture ``name`` as a report of the test unit."""
    data: dict[str, Any] = json.loads((SEEDS / f"{name}.json").read_text(encoding="utf-8"))
    return replace(parse_report(data), unit=UNIT)


def add_unit(store: Store) -> int:
    """Add the test unit (Sở Ngoại vụ Kiên Giang) with one signer and its usual lists."""
    unit_id = store.add_unit(UNIT)
    store.add_signer(unit_id, SIGNER)
    store.add_recipient_list(unit_id, "kinh_gui", ["Văn phòng UBND tỉnh Kiên Giang"])
    store.add_recipient_list(unit_id, "noi_nhan", ["Như trên", "Giám đốc Sở"], "VT, VP")
    return unit_id


def add_report(store: Store, unit_id: int, name: str, period: Period, status: str = "ban_nhap") -> int:
    """Store the seed ``name`` moved to ``period`` and return its id."""
    return store.create_report(unit_id, replace(seed(name), period=period), status)


def add_some_reports(store: Store, unit_id: int) -> dict[str, int]:
    """Add four reports: quý I (finished), quý II (draft), 6 tháng 2024, and the 2024 plan."""
    return {
        "q1": add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2024, 1), "hoan_thanh"),
        "q2": add_report(store, unit_id, KSTTHC_SEED, Period("quy", 2024, 2)),
        "h1": add_report(store, unit_id, KSTTHC_SEED, Period("6thang", 2024, 1), "hoan_thanh"),
        "plan": add_report(store, unit_id, PLAN_SEED, Period("nam", 2024)),
    }


def type_text(widget: Any, text: str) -> None:
    """Type ``text`` into ``widget`` the way an input method commits it (any Vietnamese)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
