"""A commune's year from the quarters its old communes sent (merged on 01/7/2025) and its own.

The figures are in :mod:`tests.rollup_data` (MERGED_QUARTERS); every expected sum below is worked
out by hand from that table, and written out.
"""

from __future__ import annotations

import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from desktop_app.report.arrivals import read_inputs
from desktop_app.report.catalogue import in_force, kind_of
from desktop_app.report.checks import evaluate_report
from desktop_app.report.lineage import Lineage, parse_lineage
from desktop_app.report.periods import Period
from desktop_app.report.review_marks import mark_line
from desktop_app.report.rollup_plan import COUNTED, REFUSED, SUPERSEDED, Parent, RollupRun, roll_up
from tests.rollup_data import (
    PROVINCE,
    TAN_PHU,
    commune_quarter,
    departments,
    merged_quarter,
    write_answer_file,
)

KIND = "bao_cao_kstthc"
YEAR = Period("nam", 2025)
MERGER = "UBND xã Tân Phú <- UBND xã Phú An; UBND xã Phú Bình"
AN, BINH, CUONG, TAN = "UBND xã Phú An", "UBND xã Phú Bình", "UBND xã Phú Cường", "UBND xã Tân Phú"
# (unit, quarter) of the files the merged commune's year is made of
YEAR_FILES = [(AN, 1), (AN, 2), (BINH, 1), (BINH, 2), (TAN, 3), (TAN, 4)]
FIGURES = (
    "hs_moi_truc_tuyen",
    "hs_moi_truc_tiep",
    "hs_ky_truoc",
    "hs_tiep_nhan",
    "hs_truoc_han",
    "hs_dung_han",
    "hs_qua_han",
    "hs_da_giai_quyet",
    "hs_dang_trong_han",
    "hs_dang_qua_han",
    "pakn_moi",
    "pakn_ky_truoc",
    "pakn_tiep_nhan",
    "pakn_da_xu_ly",
    "pakn_dang_xu_ly",
    "hs_so_hoa_ho_so",
    "hs_so_hoa_ket_qua",
    "tthc_giai_quyet_tw",
    "tthc_giai_quyet_dp",
)
# By hand. Quý I of Tân Phú = Phú An + Phú Bình: 20+10, 30+20, 4+2 | 40+25, 8+4, 2+1 | 3+2, 1+0;
# quý II: 25+12, 35+18, 4+2 | 50+24, 7+5, 3+1 | 3+1, 1+1. The year: flows summed over the four
# quarters, «từ kỳ trước» the first quarter's, «đang giải quyết» (and the procedures, stocks)
# the last quarter's (Tân Phú's own quý IV).
YEAR_BY_HAND = {
    "hs_moi_truc_tuyen": 30 + 37 + 50 + 45,  # 162
    "hs_moi_truc_tiep": 50 + 53 + 60 + 55,  # 218
    "hs_ky_truoc": 4 + 2,  # 6
    "hs_tiep_nhan": 162 + 218 + 6,  # 386
    "hs_truoc_han": 65 + 74 + 90 + 85,  # 314
    "hs_dung_han": 12 + 12 + 15 + 12,  # 51
    "hs_qua_han": 3 + 4 + 3 + 3,  # 13
    "hs_da_giai_quyet": 314 + 51 + 13,  # 378
    "hs_dang_trong_han": 6,
    "hs_dang_qua_han": 2,
    "pakn_moi": (1 + 0) + (2 + 1) + 2 + 1,  # 7
    "pakn_ky_truoc": 0 + 0,
    "pakn_tiep_nhan": 7,
    "pakn_da_xu_ly": (1 + 0) + (1 + 1) + 2 + 2,  # 7
    "pakn_dang_xu_ly": 0,
    "hs_so_hoa_ho_so": (40 + 20) + (45 + 22) + 80 + 70,  # 277
    "hs_so_hoa_ket_qua": (35 + 18) + (40 + 20) + 75 + 66,  # 254
    "tthc_giai_quyet_tw": 112,
    "tthc_giai_quyet_dp": 12,
}


def inbox(folder: Path, which: list[tuple[str, int]]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, quarter in which:
        report = merged_quarter(name, quarter)
        paths.append(write_answer_file(folder / f"{report.unit.dia_danh}_quy{quarter}.json", report))
    return paths


def said(run: RollupRun) -> dict[str, tuple[str, str, str]]:
    """Each file's (unit as shown, status, reason), by its file name."""
    return {Path(line.arrival.name).name: (line.unit, line.status, line.reason) for line in run.lines}


def figures(run: RollupRun) -> dict[str, object]:
    assert run.report is not None
    values = evaluate_report(run.report).values
    return {f: values[f] for f in FIGURES}


def test_the_year_of_a_merged_commune_from_its_old_communes_quarters_and_its_own(tmp_path: Path) -> None:
    arrivals = read_inputs(inbox(tmp_path / "in", YEAR_FILES))
    before = roll_up(arrivals, KIND, YEAR)  # what it did without knowing the merger
    assert before.report is None and "không ghép đủ năm 2025" in before.problem

    run = roll_up(arrivals, KIND, YEAR, lineage=parse_lineage(MERGER))
    assert run.mode == "periods" and run.report is not None
    assert figures(run) == YEAR_BY_HAND
    values = evaluate_report(run.report).values
    assert round(values["tl_truoc_dung_han"], 2) == Decimal("96.56")  # 365/378, from the summed parts
    assert round(values["tl_so_hoa_ho_so"], 2) == Decimal("71.76")  # 277/386
    assert run.report.unit == TAN_PHU and run.report.period == YEAR
    assert kind_of(run.report).version == in_force(KIND, YEAR).version == "nd118-2025.1"
    # the forms' record: one source a quarter, quý I and II each made of both old communes
    record = run.report.rollup
    assert record is not None and [s.name for s in record.sources] == [
        "Quý I năm 2025",
        "Quý II năm 2025",
        "Quý III năm 2025",
        "Quý IV năm 2025",
    ]
    assert (
        record.sources[0].figures["hs_moi_truc_tuyen"] == 30 and record.sources[1].figures["hs_qua_han"] == 4
    )
    assert record.sources[0].file == "Phú An_quy1.json, Phú Bình_quy1.json"
    assert run.sources[0].report.kind_version == "tt01-2020.1"  # the quarter's own version

    lines = said(run)
    assert lines["Phú An_quy1.json"] == (
        f"{AN} → {TAN}",
        COUNTED,
        f"{AN} là đơn vị cũ của {TAN} (kế thừa từ ngày 01/7/2025): cộng với báo cáo cùng kỳ của {BINH} "
        f"thành quý I năm 2025 của {TAN}, tính vào năm 2025.",
    )
    assert lines["Phú Bình_quy2.json"][0] == f"{BINH} → {TAN}"
    assert lines["Tân Phú_quy3.json"] == (TAN, COUNTED, "Tính vào năm 2025.")
    assert run.missing == () and run.notes == ()

    text = run.report.answers["danh_gia_chung_nd"]  # the old communes' words, each under its name
    assert text.split("\n")[:3] == [
        mark_line("Quý I năm 2025"),
        mark_line(AN),
        "Trong quý I năm 2025, UBND xã tiếp tục thực hiện tốt cơ chế một cửa (ghi chú quý I năm 2025).",
    ]
    assert text.count(mark_line(BINH)) == 2 and text.count(mark_line("Quý IV năm 2025")) == 1


def test_quarters_under_the_version_of_huyen_days_are_read_by_field_id(tmp_path: Path) -> None:
    """The old communes wrote quý I–II with the 2020 version and a huyện figure; the year is
    written with the version of 2025, its figures taken field by field, no huyện figure in it."""
    folder = tmp_path / "in"
    paths = inbox(folder, YEAR_FILES)
    for path, (name, quarter) in zip(paths, YEAR_FILES, strict=True):
        if quarter <= 2:
            report = merged_quarter(name, quarter)
            huyen = {**report.answers, "tthc_dia_phuong_cap_huyen": quarter + 2}
            write_answer_file(path, report.with_answers(huyen))
    run = roll_up(read_inputs([folder]), KIND, YEAR, lineage=parse_lineage(MERGER))
    assert run.report is not None and figures(run) == YEAR_BY_HAND
    assert not kind_of(run.report).has_field("tthc_dia_phuong_cap_huyen")
    assert "tthc_dia_phuong_cap_huyen" not in run.report.answers
    first = run.sources[0].report  # quý I, the two old communes combined in their own version
    assert kind_of(first).has_field("tthc_dia_phuong_cap_huyen") and first.kind_version == "tt01-2020.1"


def test_a_renamed_commune_is_one_unit(tmp_path: Path) -> None:
    """Only the name changed: quý I–II under the old name, III–IV under the new one, one unit;
    of two quý II (one under each name) the newer counts, as for any unit."""
    paths = inbox(tmp_path / "in", [(AN, 1), (AN, 2), (TAN, 3), (TAN, 4)])
    again = write_answer_file(
        tmp_path / "in" / "Tân Phú_quy2.json", replace(merged_quarter(AN, 2), unit=TAN_PHU)
    )
    os.utime(paths[1], (1_751_000_000, 1_751_000_000))
    os.utime(again, (1_751_100_000, 1_751_100_000))
    run = roll_up(read_inputs([tmp_path / "in"]), KIND, YEAR, lineage=parse_lineage(f"{TAN} <- {AN}"))
    assert run.mode == "periods" and run.report is not None and run.report.unit == TAN_PHU
    lines = said(run)
    assert lines["Phú An_quy1.json"] == (
        f"{AN} → {TAN}",
        COUNTED,
        f"Tên cũ của {TAN}: tính là báo cáo của đơn vị này, vào năm 2025.",
    )
    assert lines["Phú An_quy2.json"][1:] == (SUPERSEDED, "Có bản mới hơn cùng kỳ: «in/Tân Phú_quy2.json».")
    v = evaluate_report(run.report).values
    # Phú An's quarters alone, then Tân Phú's: 20+25+50+45 online, 4 carried in, 6+2 pending
    assert (v["hs_moi_truc_tuyen"], v["hs_ky_truoc"], v["hs_dang_giai_quyet"]) == (140, 4, 8)
    assert run.report.rollup is not None and run.report.rollup.sources[0].co_quan == "UBND XÃ PHÚ AN"


def test_an_old_communes_quarter_after_the_merger_is_replaced_by_the_new_ones(tmp_path: Path) -> None:
    """Phú An also sent quý III (15/6–14/9/2025), after the merger of 01/7/2025: by the cut-off,
    the quarter is Tân Phú's. With Tân Phú's own quý III it is named as replaced; without, refused."""
    folder = tmp_path / "in"
    inbox(folder, [*YEAR_FILES, (AN, 3)])
    run = roll_up(read_inputs([folder]), KIND, YEAR, lineage=parse_lineage(MERGER))
    assert run.report is not None and figures(run) == YEAR_BY_HAND  # nothing of it counted
    assert said(run)["Phú An_quy3.json"] == (
        f"{AN} → {TAN}",
        SUPERSEDED,
        f"Từ ngày 01/7/2025, {AN} đã thuộc {TAN}: quý III năm 2025 tính theo báo cáo của {TAN} "
        "(«in/Tân Phú_quy3.json»).",
    )
    (folder / "Tân Phú_quy3.json").unlink()
    alone = roll_up(read_inputs([folder]), KIND, YEAR, lineage=parse_lineage(MERGER))
    assert alone.report is None
    late = (
        f"Từ ngày 01/7/2025, {AN} đã thuộc {TAN}: quý III năm 2025 (chốt số liệu đến ngày 14/9/2025) "
        f"kết thúc sau ngày đó, phải do {TAN} báo cáo; báo cáo của đơn vị cũ không tính."
    )
    assert said(alone)["Phú An_quy3.json"][1:] == (REFUSED, late)
    assert said(alone)["Phú An_quy1.json"][1:] == (
        REFUSED,
        "Các kỳ không ghép đủ năm 2025: thiếu quý III năm 2025.",
    )
    assert late.rstrip(".") in alone.problem


def test_three_old_communes_one_silent_for_quy_ii_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    inbox(folder, [*YEAR_FILES, (CUONG, 1)])
    lineage = parse_lineage(f"{MERGER}; {CUONG}")
    run = roll_up(read_inputs([folder]), KIND, YEAR, lineage=lineage)
    assert run.report is not None and run.report.rollup is not None
    assert run.missing == (f"{CUONG} (quý II năm 2025)",)
    assert run.report.rollup.missing == (CUONG,)
    assert run.notes == (
        f"Quý II năm 2025 của {TAN} thiếu báo cáo của {CUONG} (đơn vị cũ): "
        f"số liệu kỳ này chỉ gồm {AN}, {BINH}.",
    )
    assert said(run)["Phú Cường_quy1.json"][1:] == (
        COUNTED,
        f"{CUONG} là đơn vị cũ của {TAN} (kế thừa từ ngày 01/7/2025): cộng với báo cáo cùng kỳ của "
        f"{AN}, {BINH} thành quý I năm 2025 của {TAN}, tính vào năm 2025.",
    )
    # Phú Cường's quý I added: 5 online, 5 in person, 0 carried in | 8, 2, 0 | số hóa 10, 10
    expected = dict(YEAR_BY_HAND)
    expected.update(
        hs_moi_truc_tuyen=162 + 5,
        hs_moi_truc_tiep=218 + 5,
        hs_tiep_nhan=167 + 223 + 6,
        hs_truoc_han=314 + 8,
        hs_dung_han=51 + 2,
        hs_da_giai_quyet=322 + 53 + 13,
        hs_so_hoa_ho_so=277 + 10,
        hs_so_hoa_ket_qua=254 + 10,
    )
    assert figures(run) == expected


def test_a_commune_split_between_two_new_ones_counts_for_neither(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    inbox(folder, YEAR_FILES)
    lineage = parse_lineage(f"{MERGER}\nUBND xã Tân Lợi <- {BINH}; UBND xã Lợi An")
    run = roll_up(read_inputs([folder]), KIND, YEAR, lineage=lineage)
    assert run.report is not None
    refused = (
        f"{BINH} được chia cho {TAN}, UBND xã Tân Lợi: số liệu của đơn vị cũ không tách được "
        "cho từng đơn vị mới, nên không tính."
    )
    assert said(run)["Phú Bình_quy1.json"][1:] == (REFUSED, refused)
    v = evaluate_report(run.report).values
    # Phú An's quý I–II alone, then Tân Phú's: 20+25+50+45 online, 4 carried in
    assert (v["hs_moi_truc_tuyen"], v["hs_ky_truoc"]) == (140, 4) and run.missing == ()


def test_the_half_year_before_the_merger_under_the_new_name(tmp_path: Path) -> None:
    """6 tháng đầu năm 2025 asked for Tân Phú, which sent nothing itself: written under its name,
    the rest of its details to be filled in (the file names it only)."""
    folder = tmp_path / "in"
    inbox(folder, [(AN, 1), (AN, 2), (BINH, 1), (BINH, 2)])
    run = roll_up(read_inputs([folder]), KIND, Period("6thang", 2025, 1), lineage=parse_lineage(MERGER))
    assert run.report is not None and run.report.unit.ten == TAN and run.report.unit.dia_danh == "(ĐỊA DANH)"
    assert any(note.startswith(f"Chưa có báo cáo nào của chính {TAN}") for note in run.notes)
    v = evaluate_report(run.report).values
    assert (v["hs_moi_truc_tuyen"], v["hs_ky_truoc"], v["hs_dang_trong_han"], v["hs_dang_qua_han"]) == (
        30 + 37,
        6,
        4,
        2,
    )
    with_parent = roll_up(
        read_inputs([folder]), KIND, Period("6thang", 2025, 1), Parent(TAN_PHU), lineage=parse_lineage(MERGER)
    )
    assert with_parent.report is not None and with_parent.report.unit == TAN_PHU and with_parent.notes == ()


def test_a_commune_that_keeps_its_name_adds_its_own_old_quarters(tmp_path: Path) -> None:
    """«Tân Phú <- Tân Phú; Phú An»: Tân Phú existed and took Phú An in; its quý I–II join Phú An's."""
    folder = tmp_path / "in"
    inbox(folder, [(AN, 1), (AN, 2), (TAN, 3), (TAN, 4)])
    for quarter in (1, 2):
        write_answer_file(
            folder / f"Tân Phú_quy{quarter}.json", replace(merged_quarter(BINH, quarter), unit=TAN_PHU)
        )
    run = roll_up(read_inputs([folder]), KIND, YEAR, lineage=parse_lineage(f"{TAN} <- {TAN}; {AN}"))
    assert run.report is not None and figures(run) == YEAR_BY_HAND
    assert said(run)["Tân Phú_quy1.json"] == (
        TAN,
        COUNTED,
        f"Tính vào năm 2025: cộng với báo cáo cùng kỳ của đơn vị cũ {AN}.",
    )


def test_a_province_counts_the_new_commune_and_names_the_old_ones_quarter_as_replaced(tmp_path: Path) -> None:
    """Units → parent, quý III/2025: Phú An (merged into Tân Phú) and Tân Phú both sent it."""
    folder = tmp_path / "in"
    inbox(folder, [(AN, 3), (TAN, 3)])
    write_answer_file(folder / "STP.json", departments(Period("quy", 2025, 3))[0])
    run = roll_up(
        read_inputs([folder]), KIND, Period("quy", 2025, 3), Parent(PROVINCE), lineage=parse_lineage(MERGER)
    )
    assert run.mode == "units" and run.report is not None and run.report.rollup is not None
    assert [s.name for s in run.report.rollup.sources] == ["Sở Tư pháp", TAN]
    assert said(run)["Phú An_quy3.json"][1] == SUPERSEDED
    assert said(run)["Tân Phú_quy3.json"][1:] == (COUNTED, "Tính vào báo cáo tổng hợp.")
    assert evaluate_report(run.report).values["hs_moi_truc_tuyen"] == 90 + 50  # Sở Tư pháp + Tân Phú
    without = roll_up(read_inputs([folder]), KIND, Period("quy", 2025, 3), Parent(PROVINCE))
    assert (
        without.report is not None
        and evaluate_report(without.report).values["hs_moi_truc_tuyen"] == 90 + 50 + 9
    )


def test_a_provinces_year_has_one_row_for_the_merged_commune(tmp_path: Path) -> None:
    """Units → parent for 2025: Tân Phú's row is its old communes' quý I–II and its own III–IV;
    a list of units written before the merger still finds it (by the old names)."""
    folder = tmp_path / "in"
    inbox(folder, YEAR_FILES)
    for quarter in (1, 2, 3, 4):
        write_answer_file(folder / f"Mỹ Hòa_quy{quarter}.json", commune_quarter(quarter))
    names = ["UBND xã Mỹ Hòa", AN, BINH, "UBND xã Tân Lợi"]
    run = roll_up(read_inputs([folder]), KIND, YEAR, Parent(PROVINCE), names, parse_lineage(MERGER))
    assert run.mode == "units" and run.report is not None and run.report.rollup is not None
    assert [s.name for s in run.report.rollup.sources] == ["UBND xã Mỹ Hòa", TAN]
    assert run.missing == ("UBND xã Tân Lợi",)
    row = run.report.rollup.sources[1].figures
    assert (row["hs_moi_truc_tuyen"], row["hs_ky_truoc"], row["hs_qua_han"]) == (162, 6, 13)
    v = evaluate_report(run.report).values
    # Mỹ Hòa's year (30+40+50+60 online, 10 carried in, 5+1 pending) + Tân Phú's
    assert (v["hs_moi_truc_tuyen"], v["hs_ky_truoc"], v["hs_dang_giai_quyet"]) == (180 + 162, 10 + 6, 6 + 8)
    assert all(line.status == COUNTED for line in run.lines)
    assert said(run)["Phú An_quy2.json"][2].endswith(
        "tính vào năm 2025 của đơn vị, rồi vào báo cáo tổng hợp."
    )


def test_no_lineage_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    inbox(folder, [(TAN, 3), (TAN, 4)])
    plain = roll_up(read_inputs([folder]), KIND, Period("9thang", 2025))
    known = roll_up(read_inputs([folder]), KIND, Period("9thang", 2025), lineage=Lineage())
    assert plain.lines == known.lines and plain.problem == known.problem
