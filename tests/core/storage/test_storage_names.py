"""What the store tells the content check: the units of a level, former names, successions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.report.answers import Unit
from desktop_app.report.content import unit_name
from desktop_app.storage import Store

SON_NHAM = Unit("UBND XÃ SƠN NHAM", "UBND", "Sơn Nham", "xa", "UBND HUYỆN SƠN HÀ", "UBND xã Sơn Nham")
SON_THUONG = Unit("UBND XÃ SƠN THƯỢNG", "UBND", "Sơn Thượng", "xa", "UBND HUYỆN SƠN HÀ", "UBND xã Sơn Thượng")
TAN_PHU = Unit("UBND XÃ TÂN PHÚ", "UBND", "Tân Phú", "xa", "UBND TỈNH QUẢNG NGÃI", "UBND xã Tân Phú")
HOA_BINH = Unit("UBND XÃ HÒA BÌNH", "UBND", "Hòa Bình", "xa", "UBND TỈNH QUẢNG NGÃI", "UBND xã Hòa Bình")
SO = Unit("SỞ NGOẠI VỤ", "SNgV", "Kiên Giang", "so", "UBND TỈNH KIÊN GIANG", "Sở Ngoại vụ")


def test_known_names_after_a_merger_and_a_renaming(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as store:
        old_a, old_b = store.add_unit(SON_NHAM), store.add_unit(SON_THUONG)
        merged = store.add_unit(
            Unit("UBND XÃ SƠN HÀ", "UBND", "Sơn Hà", "xa", "UBND TỈNH QUẢNG NGÃI", "UBND xã Sơn Hà")
        )
        store.set_successors(merged, [old_a, old_b])
        store.rename_unit(merged, TAN_PHU, when="2025-09-30T00:00:00+00:00")
        store.add_unit(HOA_BINH)
        store.add_unit(SO)
        names = store.known_names(merged)
    assert [unit_name(u) for u in names.others] == ["xã Hòa Bình"]  # its level, not itself nor its past
    assert [(unit_name(f.unit), f.until) for f in names.former] == [
        ("xã Sơn Hà", date(2025, 9, 30)),
        ("xã Sơn Nham", None),
        ("xã Sơn Thượng", None),
    ]


def test_known_names_carry_the_units_own_list_of_units(tmp_path: Path) -> None:
    """The roll-up's list of subordinate units (issue 16) reaches the content check (issue 13)."""
    with Store.open(tmp_path / "db.sqlite") as store:
        unit_id = store.add_unit(SO)
        store.set_subordinate_units(unit_id, ["Chi cục A", "Trung tâm B"])
        assert store.known_names(unit_id).subordinates == ("Chi cục A", "Trung tâm B")


def test_an_answer_files_unit_is_found_by_its_name_now_or_before(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as store:
        unit_id = store.add_unit(SON_NHAM)
        store.rename_unit(unit_id, TAN_PHU)
        assert store.find_unit(TAN_PHU) == unit_id
        assert store.find_unit(SON_NHAM) == unit_id  # a report written before the renaming
        assert store.find_unit(HOA_BINH) is None
