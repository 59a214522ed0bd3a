"""Which units continue which: the file an official writes, and the lineage built from a graph."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.report.lineage import (
    Edge,
    LineageError,
    Node,
    build_lineage,
    parse_lineage,
    unit_key,
)
from tests.rollup_data import PHU_AN, PHU_BINH, PHU_CUONG, TAN_PHU, commune

TEXT = """# Các xã sáp nhập từ 01/7/2025
UBND xã Tân Phú <- UBND xã Phú An; UBND xã Phú Bình
  ubnd  phường hòa bình ← UBND phường 3
UBND xã Mỹ Hòa <- UBND xã Mỹ Hòa; UBND xã Mỹ An; từ ngày 1/1/2025
"""


def test_the_file_gives_mergers_renamings_and_days() -> None:
    lineage = parse_lineage(TEXT)
    tan_phu = lineage.member(PHU_AN)
    assert tan_phu is not None and tan_phu.forebear is not None
    assert tan_phu.succession.name == "UBND xã Tân Phú"
    assert [f.name for f in tan_phu.succession.forebears] == ["UBND xã Phú An", "UBND xã Phú Bình"]
    assert tan_phu.forebear.since == date(2025, 7, 1)  # no day written: the two-level government's
    assert tan_phu.forebear.counts_for(date(2025, 6, 14)) and not tan_phu.forebear.counts_for(
        date(2025, 9, 14)
    )
    # one old name: a renaming, the same unit (by tên cơ quan or tên gọi, any case)
    renamed = lineage.member(commune("UBND phường 3", "Phường 3"))
    assert renamed is not None and renamed.forebear is None and renamed.former_name
    assert renamed.succession.name == "ubnd phường hòa bình"
    today = lineage.member(commune("UBND phường Hòa Bình", "Hòa Bình"))
    assert today is not None and not today.former_name
    # a commune that keeps its name and takes another in: itself and its predecessor, from 01/01/2025
    my_hoa = lineage.member(commune("UBND xã Mỹ An", "Mỹ An"))
    assert my_hoa is not None and my_hoa.forebear is not None
    assert my_hoa.forebear.since == date(2025, 1, 1)
    itself = lineage.member(commune("UBND xã Mỹ Hòa", "Mỹ Hòa"))
    assert itself is not None and itself.forebear is None and not itself.former_name
    assert lineage.member(PHU_CUONG) is None


def test_a_split_unit_names_every_unit_it_went_to() -> None:
    lineage = parse_lineage(
        "UBND xã Tân Phú <- UBND xã Phú An; UBND xã Phú Bình\n"
        "UBND xã Tân Lợi <- UBND xã Phú Bình; UBND xã Lợi An"
    )
    member = lineage.member(PHU_BINH)
    assert member is not None and member.forebear is not None
    assert member.succession.name == "UBND xã Tân Phú" and member.forebear.shared_with == ("UBND xã Tân Lợi",)


def test_a_chain_of_successions_reaches_the_unit_of_today() -> None:
    """Phú An was itself made of two communes in 2020, then renamed, then merged into Tân Phú."""
    lineage = parse_lineage(
        "UBND xã Phú An <- UBND xã An Lạc; UBND xã An Phú; từ ngày 01/01/2020\n"
        "UBND xã Phú An Mới <- UBND xã Phú An\n"
        "UBND xã Tân Phú <- UBND xã Phú An Mới; UBND xã Phú Bình\n"
    )
    (succession,) = lineage.successions
    assert succession.name == "UBND xã Tân Phú"
    shown = [(f.name, f.branch, f.since) for f in succession.forebears]
    assert shown == [
        ("UBND xã Phú An Mới", "UBND xã Phú An Mới", date(2025, 7, 1)),
        ("UBND xã Phú Bình", "UBND xã Phú Bình", date(2025, 7, 1)),
        ("UBND xã An Lạc", "UBND xã Phú An Mới", date(2020, 1, 1)),
        ("UBND xã An Phú", "UBND xã Phú An Mới", date(2020, 1, 1)),
    ]
    old_name = lineage.member(PHU_AN)  # the renamed one's former name stands behind it
    assert old_name is not None and old_name.forebear is not None
    assert old_name.forebear.name == "UBND xã Phú An Mới"


def test_a_graph_of_stored_units_with_former_names() -> None:
    """What the store gives: ids, today's names and former ones, successions without a day."""
    nodes = {
        1: Node("UBND xã Tân Phú", frozenset({unit_key("UBND XÃ TÂN PHÚ"), unit_key("UBND xã Tân Phú")})),
        2: Node(
            "UBND xã Phú An", frozenset({unit_key("UBND xã Phú An")}), frozenset({unit_key("UBND xã An")})
        ),
        3: Node("UBND xã Phú Bình", frozenset({unit_key("UBND xã Phú Bình")})),
        4: Node("UBND xã Hòa", frozenset({unit_key("UBND xã Hòa")}), frozenset({unit_key("UBND xã Hòa Cũ")})),
    }
    lineage = build_lineage(nodes, [Edge(1, 2), Edge(1, 3)], date(2025, 7, 1))
    assert [s.name for s in lineage.successions] == ["UBND xã Tân Phú", "UBND xã Hòa"]
    member = lineage.member(commune("UBND xã An", "An"))  # Phú An's own former name
    assert member is not None and member.forebear is not None and member.forebear.name == "UBND xã Phú An"
    assert lineage.member(TAN_PHU) is not None
    hoa = lineage.member(commune("UBND xã Hòa Cũ", "Hòa"))
    assert hoa is not None and hoa.former_name and hoa.forebear is None
    # one predecessor that nobody else succeeded: a renaming, one unit
    renamed = build_lineage(nodes, [Edge(1, 2)], date(2025, 7, 1))
    (tan_phu,) = [s for s in renamed.successions if s.name == "UBND xã Tân Phú"]
    assert tan_phu.forebears == () and unit_key("UBND xã An") in tan_phu.keys


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("UBND xã Tân Phú = UBND xã Phú An", "dòng 1: thiếu «<-»; hãy viết «TÊN MỚI <- TÊN CŨ 1; TÊN CŨ 2»."),
        ("# x\n\nUBND xã Tân Phú <- ", "dòng 3: cần tên mới bên trái «<-» và ít nhất một tên cũ"),
        ("<- UBND xã Phú An", "dòng 1: cần tên mới"),
        ("A <- B <- C", "dòng 1: mỗi dòng chỉ một «<-»"),
        ("A <- B; từ ngày 31/02/2025", "dòng 1: ngày «từ ngày 31/02/2025» không có thật."),
        ("A <- B\nB <- C\nC <- A; D", "quan hệ kế thừa vòng tròn"),
        ("A <- B\na <- C", "dòng 2: «a» đã có ở dòng 1"),
        ("A <- " + "x" * 201, "dòng 1: tên dài quá 200 ký tự."),
        ("\n".join(f"Xã {i} <- Xã cũ {i}" for i in range(2501)), "có quá 5000 tên đơn vị."),
    ],
)
def test_a_wrong_line_is_named(text: str, said: str) -> None:
    with pytest.raises(LineageError) as caught:
        parse_lineage(text)
    assert said in str(caught.value)


def test_a_list_given_on_the_command_line_wins_over_the_stored_successions_of_the_same_unit() -> None:
    stored = parse_lineage(
        "UBND xã Tân Phú <- UBND xã Phú An; UBND xã Phú Bình\nUBND xã Mỹ Hòa <- UBND xã Mỹ An"
    )
    given = parse_lineage("UBND xã Tân Phú <- UBND xã Phú Cường")
    merged = stored.merged(given)
    assert sorted(s.name for s in merged.successions) == ["UBND xã Mỹ Hòa", "UBND xã Tân Phú"]
    tan_phu = next(s for s in merged.successions if s.name.endswith("Tân Phú"))
    assert unit_key("UBND xã Phú Cường") in tan_phu.keys  # a renaming, as the given list says
    assert not tan_phu.forebears  # the stored merger of Phú An and Phú Bình is not kept
    assert stored.merged(parse_lineage("")).successions == stored.successions


def test_a_units_key_is_one_for_every_spelling_of_its_name() -> None:
    same = [
        ("UBND xã Mỹ Hòa", "  ubnd  XÃ mỹ HOÀ "),
        ("Sở Thủy lợi", "SỞ THUỶ LỢI"),
        ("UBND xã Đông Hòa", "UBND xã Ðông Hoà"),  # "Ð" U+00D0
        ("Sở Y tế", "So\u031b\u0309 Y te\u0302\u0301"),  # decomposed
        ("UBND xã Mỹ Hòa", "Xã Mỹ Hòa"),  # with or without the council
        ("UBND phường Long Xuyên", "Ủy ban nhân dân phường Long Xuyên"),
        ("UBND TỈNH AN GIANG", "Uỷ ban nhân dân tỉnh An Giang"),
    ]
    for one, other in same:
        assert unit_key(one) == unit_key(other), (one, other)
    assert unit_key("UBND xã Mỹ Hòa") != unit_key("UBND xã Mỹ Hoa")  # a tone is not a spelling
    assert unit_key("UBND xã Mỹ Hòa") != unit_key("UBND phường Mỹ Hòa")  # nor is the level
    assert unit_key("UBND xã Mỹ Hòa") != unit_key("HĐND xã Mỹ Hòa")
