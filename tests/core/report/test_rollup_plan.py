"""Which roll-up the inputs make, and what becomes of each: counted, refused, older, ignored."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_app.report import rollup_plan
from desktop_app.report.answers import DocumentInfo, Report, Signer, Unit, save_answer_file
from desktop_app.report.arrivals import Arrival, read_inputs
from desktop_app.report.checks import evaluate_report
from desktop_app.report.periods import Period
from desktop_app.report.rollup import lost_sources
from desktop_app.report.rollup_plan import (
    COUNTED,
    IGNORED,
    REFUSED,
    SUPERSEDED,
    Parent,
    RollupError,
    parse_unit_names,
    roll_up,
    tiling_problem,
)
from desktop_app.system import parallel
from tests.rollup_data import (
    COMMUNE,
    DEPARTMENT_SEED,
    MONTHLY_SEED,
    PROVINCE,
    QUARTER,
    commune_quarter,
    department,
    departments,
    many_departments,
    seed,
    write_answer_file,
)

KIND = "bao_cao_kstthc"


def files(folder: Path, reports: list, names: list[str] | None = None) -> list[Path]:
    folder.mkdir(exist_ok=True)
    names = names or [
        f"{i:02d}_{r.unit.ky_hieu}_{r.period.short_label().replace('/', '-')}.json"
        for i, r in enumerate(reports)
    ]
    return [write_answer_file(folder / n, r) for n, r in zip(names, reports, strict=True)]


def statuses(run) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {line.arrival.name: (line.status, line.reason) for line in run.lines}


def test_units_to_parent_counts_each_unit_and_refuses_strays(tmp_path: Path) -> None:
    reports = departments()
    other_kind = replace(seed("004_dbb53274ea895b03"), unit=reports[0].unit)
    other_period = replace(reports[1], period=Period("quy", 2024, 4))
    own = replace(reports[2], unit=PROVINCE)
    paths = files(tmp_path / "in", [*reports, other_kind, other_period, own])
    (tmp_path / "in" / "hong.json").write_text("{", encoding="utf-8")
    run = roll_up(read_inputs([tmp_path / "in"]), KIND, QUARTER, Parent(PROVINCE))
    assert run.mode == "units" and run.report is not None
    said = statuses(run)
    assert [said[f"in/{p.name}"][0] for p in paths[:5]] == [COUNTED] * 5
    assert said[f"in/{paths[5].name}"] == (
        REFUSED,
        "Loại văn bản khác: «Kế hoạch kiểm soát thủ tục hành chính năm».",
    )
    assert said[f"in/{paths[6].name}"] == (REFUSED, "Kỳ khác: quý IV năm 2024, không thuộc quý I năm 2025.")
    assert said[f"in/{paths[7].name}"][1].startswith("Báo cáo của chính UBND tỉnh An Giang")
    assert said["in/hong.json"][0] == REFUSED and "JSON" in said["in/hong.json"][1]
    assert evaluate_report(run.report).values["hs_tiep_nhan"] == 498  # the strays added nothing
    assert [s.name for s in run.report.rollup.sources] == [  # type: ignore[union-attr]
        "Ban Quản lý các khu công nghiệp",
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Xây dựng",
        "Sở Y tế",
    ]


def test_figures_not_added_up_and_not_given_by_the_parent_are_said(tmp_path: Path) -> None:
    arrivals = read_inputs(files(tmp_path, [department(0), department(1)]))
    run = roll_up(arrivals, KIND, QUARTER, Parent(PROVINCE))
    [note] = [n for n in run.notes if "không cộng từ số của các đơn vị" in n]
    assert note.startswith("«TTHC thuộc thẩm quyền giải quyết của đơn vị do Trung ương quy định»")
    assert run.report is not None and "tthc_giai_quyet_tw" not in run.report.answers  # left to the drafter
    own = department(1).with_answers(
        {"tthc_quan_ly": 1800, "tthc_giai_quyet_tw": 1500, "tthc_giai_quyet_dp": 70, "tthc_giai_quyet": 1570}
    )
    given = roll_up(arrivals, KIND, QUARTER, Parent(PROVINCE, own=replace(own, unit=PROVINCE)))
    assert not [n for n in given.notes if "không cộng từ số của các đơn vị" in n]


def test_a_total_the_parent_gave_by_its_parts_is_not_said_to_be_empty(tmp_path: Path) -> None:
    """The parent's file holds «do Trung ương» and «do địa phương» but not their sum (a saved
    report leaves a total equal to its parts unwritten): the roll-up used to say the sum was
    left empty for the drafter to fill, while the document printed it."""
    arrivals = read_inputs(files(tmp_path, [department(0), department(1)]))
    own = department(1).with_answers(
        {"tthc_quan_ly": 1800, "tthc_giai_quyet_tw": 1500, "tthc_giai_quyet_dp": 70}
    )
    parent_file = write_answer_file(tmp_path / "tinh.json", replace(own, unit=PROVINCE))
    [parent_read] = read_inputs([parent_file])
    assert parent_read.report is not None and "tthc_giai_quyet" not in parent_read.report.answers
    run = roll_up(arrivals, KIND, QUARTER, Parent(PROVINCE, own=parent_read.report))
    assert run.report is not None
    assert not [n for n in run.notes if "không cộng từ số của các đơn vị" in n], run.notes
    assert evaluate_report(run.report).values["tthc_giai_quyet"] == 1570


def test_a_roll_up_after_the_reform_from_the_parents_report_before_it_sends_to_no_huyen(
    tmp_path: Path,
) -> None:
    """The province's quý II/2025 report still sent to a huyện; its quý III roll-up, pre-filled
    from it as «Báo cáo mới» is, does not (the district level ended on 01/7/2025)."""
    q3 = Period("quy", 2025, 3)
    arrivals = read_inputs(files(tmp_path, [department(0, q3), department(1, q3)]))
    before = replace(department(1, Period("quy", 2025, 2)), unit=PROVINCE)
    lines = ("Như trên;", "UBND huyện Châu Thành (báo cáo);", "Lưu: VT.")
    before = replace(before, document=replace(before.document, noi_nhan=lines))
    run = roll_up(arrivals, KIND, q3, Parent(PROVINCE, own=before))
    assert run.report is not None
    assert run.report.document.noi_nhan == ("Như trên;", "Lưu: VT.")


def test_every_line_carries_the_checks_of_its_report(tmp_path: Path) -> None:
    bad = department(0).with_answers({**department(0).answers, "hs_qua_han": 50})
    run = roll_up(read_inputs(files(tmp_path, [bad, department(1)])), KIND, QUARTER, Parent(PROVINCE))
    first = run.lines[0]
    assert first.errors >= 1 and first.status == COUNTED  # problems are shown, never a reason to drop
    assert (first.unit, first.period, first.kind_id) == ("Sở Tư pháp", "Quý I/2025", KIND)
    # The figures the app's table shows come with the line, evaluated once with its checks.
    assert first.values == evaluate_report(bad).shown_values() and first.values["hs_qua_han"] == 50
    # Its figures are summed all the same: a note names it, so that the totals are looked at.
    assert run.notes[-1] == (
        "Số liệu có lỗi trong 1 tệp đã cộng vào tổng: «00_STP_Quý I-2025.json»; hãy xem lại với đơn vị."
    )


def test_an_error_in_the_words_only_makes_no_note(tmp_path: Path) -> None:
    """A slip in a text («từ 15/3/2025 đến 14/3/2025») is an error on its line; the totals are
    right, so no note about them."""
    slip = department(0)
    text = "Số liệu từ 15/3/2025 đến 14/3/2025."
    slip = slip.with_answers({**slip.answers, "danh_gia_chung_nd": text})
    run = roll_up(read_inputs(files(tmp_path, [slip, department(1)])), KIND, QUARTER, Parent(PROVINCE))
    assert (run.lines[0].errors, run.lines[0].figure_errors) == (1, 0)
    assert not [note for note in run.notes if note.startswith("Số liệu có lỗi")]


def test_a_roll_up_of_files_among_the_inputs_is_refused_not_counted_twice(tmp_path: Path) -> None:
    """An official saves the province's roll-up in the folder of what arrived, and rolls it up
    again: the earlier roll-up names the very files beside it (by their hashes)."""
    folder = tmp_path / "in"
    files(folder, departments())
    first = roll_up(read_inputs([folder]), KIND, QUARTER, Parent(PROVINCE))
    assert first.report is not None
    write_answer_file(folder / "tong_hop.json", first.report)
    again = roll_up(read_inputs([folder]), KIND, QUARTER)  # no --unit-from: the province is any unit
    status, reason = statuses(again)["in/tong_hop.json"]
    assert status == REFUSED and reason.startswith("Là báo cáo tổng hợp từ chính các tệp đã nhận («in/00_")
    assert reason.endswith("và 2 tệp khác): tính nữa thì bị cộng hai lần.")
    assert again.report is not None and evaluate_report(again.report).values["hs_tiep_nhan"] == 498

    # Rolled up without a parent, the report names no unit («(TÊN CƠ QUAN)»): not a unit's report.
    write_answer_file(folder / "tong_hop.json", again.report)
    third = roll_up(read_inputs([folder]), KIND, QUARTER)
    assert statuses(third)["in/tong_hop.json"] == (
        REFUSED,
        "Báo cáo chưa ghi tên cơ quan ban hành: không biết là của đơn vị nào.",
    )
    assert third.report is not None and evaluate_report(third.report).values["hs_tiep_nhan"] == 498


def test_a_units_roll_up_of_other_files_is_counted_as_that_unit(tmp_path: Path) -> None:
    """A department that rolled up its own units sends that report: it is one unit's, counted."""
    reports = departments()
    board = Parent(reports[0].unit)  # Sở Tư pháp rolled up two units of its own
    own = roll_up(read_inputs(files(tmp_path / "so", many_departments(2))), KIND, QUARTER, board)
    assert own.report is not None
    folder = tmp_path / "in"
    files(folder, reports[1:])
    write_answer_file(folder / "so_tu_phap.json", own.report)
    run = roll_up(read_inputs([folder]), KIND, QUARTER, Parent(PROVINCE))
    assert statuses(run)["in/so_tu_phap.json"][0] == COUNTED


def test_a_newer_copy_of_a_file_inside_a_units_roll_up_is_not_counted_again(tmp_path: Path) -> None:
    """A department's roll-up holds one of its units' figures; that unit's corrected file also
    reaches the province (another hash): it is refused and named, never summed a second time."""
    reports = departments()
    board = Parent(reports[0].unit)
    inner = many_departments(2)
    own = roll_up(read_inputs(files(tmp_path / "so", inner)), KIND, QUARTER, board)
    assert own.report is not None
    folder = tmp_path / "in"
    files(folder, reports[1:])
    write_answer_file(folder / "so_tu_phap.json", own.report)
    fixed = inner[0].with_answers(
        {**inner[0].answers, "hs_moi_truc_tuyen": inner[0].answers["hs_moi_truc_tuyen"] + 7}
    )
    write_answer_file(folder / "don_vi_1_sua.json", fixed)
    run = roll_up(read_inputs([folder]), KIND, QUARTER, Parent(PROVINCE))
    said = statuses(run)
    assert said["in/so_tu_phap.json"][0] == COUNTED
    status, reason = said["in/don_vi_1_sua.json"]
    assert status == REFUSED
    assert reason == (
        "Số liệu quý I năm 2025 của Đơn vị số 001 đã có trong báo cáo tổng hợp «in/so_tu_phap.json» của "
        "Sở Tư pháp (từ tệp «00_STP_Quý I-2025.json», khác tệp này): không cộng thêm lần "
        "nữa. Nếu đây là bản sửa, hãy đề nghị Sở Tư pháp tổng hợp lại."
    )
    without = roll_up(
        read_inputs([p for p in folder.iterdir() if p.name != "don_vi_1_sua.json"]),
        KIND,
        QUARTER,
        Parent(PROVINCE),
    )
    assert run.report is not None and without.report is not None
    assert evaluate_report(run.report).values == evaluate_report(without.report).values


def test_a_corrected_quarter_beside_the_half_year_it_is_in_is_not_counted_again(tmp_path: Path) -> None:
    """A commune's year from its six months' roll-up and its quarters III and IV: a corrected
    quarter II sent too is in the six months already (another hash), and is refused."""
    quarters = [commune_quarter(n) for n in (1, 2, 3, 4)]
    half = roll_up(read_inputs(files(tmp_path / "h", quarters[:2])), KIND, Period("6thang", 2025, 1))
    assert half.report is not None
    folder = tmp_path / "in"
    files(folder, quarters[2:])
    write_answer_file(folder / "sau_thang.json", half.report)
    fixed = quarters[1].with_answers({**quarters[1].answers, "hs_moi_truc_tuyen": 999})
    write_answer_file(folder / "quy_2_sua.json", fixed)
    year = roll_up(read_inputs([folder]), KIND, Period("nam", 2025))
    status, reason = statuses(year)["in/quy_2_sua.json"]
    assert status == REFUSED and reason.startswith(f"Số liệu quý II năm 2025 của {COMMUNE.ten_goi} đã có")
    assert [line.status for line in year.lines].count(COUNTED) == 3
    without = roll_up(
        read_inputs([folder / "sau_thang.json", *files(folder, quarters[2:])]), KIND, Period("nam", 2025)
    )
    assert year.report is not None and without.report is not None
    assert evaluate_report(year.report).values == evaluate_report(without.report).values


def test_a_district_after_the_first_of_july_2025_is_refused(tmp_path: Path) -> None:
    """Since 01/7/2025 there is no cấp huyện: a district's report of quý III/2025 is not a unit's
    of the province (its figures used to be summed, and the forms got a «UBND CẤP HUYỆN» group)."""
    district = Unit("UBND HUYỆN CHÂU THÀNH", "UBND", "Châu Thành", "huyen", ten="UBND huyện Châu Thành")
    said = {}
    for quarter in (Period("quy", 2025, 3), Period("quy", 2025, 2)):
        reports = departments(quarter)
        reports[0] = replace(reports[0], unit=district)
        folder = tmp_path / quarter.short_label().replace("/", "-")
        paths = files(folder, reports)
        run = roll_up(read_inputs([folder]), KIND, quarter, Parent(PROVINCE))
        said[quarter.number] = statuses(run)[f"{folder.name}/{paths[0].name}"]
    assert said[3] == (
        REFUSED,
        "Đơn vị cấp huyện: Báo cáo kết quả kiểm soát TTHC, một cửa, một cửa liên thông quý III năm 2025 "
        "chỉ gồm đơn vị cấp tỉnh; sở, ban, ngành; xã, phường, đặc khu.",
    )
    assert said[2][0] == COUNTED  # quý II/2025: the districts still reported


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_many_files_checked_by_worker_processes_give_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """Past MIN_ITEMS reports, the checks are shared with worker processes: the same lines (with
    each file's own errors, in its figures and in its words, and its figures) and the same
    report as when this process does it all."""
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no «{method}» here")
    monkeypatch.setattr(parallel, "context", lambda: multiprocessing.get_context(method))
    reports = many_departments(parallel.MIN_ITEMS + 12)
    reports[3] = reports[3].with_answers({**reports[3].answers, "hs_qua_han": 5000})  # an error
    slip = "Số liệu từ 15/3/2025 đến 14/3/2025."  # an error in the words: the content check's
    reports[-2] = reports[-2].with_answers({**reports[-2].answers, "danh_gia_chung_nd": slip})
    paths = files(tmp_path / "in", reports)
    (tmp_path / "in" / "hong.json").write_text("{", encoding="utf-8")
    arrivals = read_inputs([tmp_path / "in"])
    runs = []
    for processes in ("1", "2"):
        monkeypatch.setenv(parallel.ENV_VAR, processes)
        runs.append(roll_up(arrivals, KIND, QUARTER, Parent(PROVINCE)))
    alone, shared = runs
    assert shared.lines == alone.lines and shared.report == alone.report
    assert len(paths) == len(reports) and sum(line.status == COUNTED for line in shared.lines) == len(reports)
    assert shared.lines[3].errors >= 1 and shared.lines[3].values["hs_qua_han"] == 5000
    slipped = [
        line
        for line in shared.lines
        if line.arrival.report is not None and line.arrival.report == reports[-2]
    ]
    assert [(line.errors, line.figure_errors) for line in slipped] == [(1, 0)]


def test_a_lone_process_evaluates_each_report_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The content check, done after the figures' checks, takes their evaluations."""
    monkeypatch.setenv(parallel.ENV_VAR, "1")
    arrivals = read_inputs(files(tmp_path, many_departments(parallel.MIN_ITEMS + 2)))
    evaluated: list[str] = []

    def counted(report: Report) -> object:
        evaluated.append(report.unit.ten)
        return evaluate_report(report)

    monkeypatch.setattr(rollup_plan, "evaluate_report", counted)
    run = roll_up(arrivals, KIND, QUARTER, Parent(PROVINCE))
    assert sum(line.status == COUNTED for line in run.lines) == len(arrivals) == len(evaluated)
    assert len(set(evaluated)) == len(evaluated)


def test_a_worker_started_afresh_is_sent_the_checks_without_this_processs_evaluations() -> None:
    report = department(0)
    work = rollup_plan.FileChecks()
    work.figures([report])
    assert set(work.evaluated) == {id(report)}
    sent = pickle.loads(pickle.dumps(work))
    assert sent.evaluated == {} and sent.content([report]) == work.content([report])
    sent.figures([report])  # a worker's figures' checks keep its evaluations for its content check
    assert set(sent.evaluated) == {id(report)}


def test_two_reports_of_one_unit_the_newer_counts_and_the_other_is_named(tmp_path: Path) -> None:
    old, new = department(0), department(0)
    new = new.with_answers({**new.answers, "hs_moi_truc_tuyen": 91})
    older, newer = files(tmp_path, [old, new], ["stp_lan1.json", "stp_lan2.json"])
    os.utime(older, (1_700_000_000, 1_700_000_000))
    os.utime(newer, (1_700_100_000, 1_700_100_000))
    run = roll_up(read_inputs([older, newer]), KIND, QUARTER, Parent(PROVINCE))
    said = statuses(run)
    assert said["stp_lan2.json"][0] == COUNTED
    assert said["stp_lan1.json"] == (SUPERSEDED, "Có bản mới hơn cùng kỳ: «stp_lan2.json».")
    assert run.report is not None and run.report.answers["hs_moi_truc_tuyen"] == 91


def test_the_report_saved_last_counts_whatever_order_the_files_were_downloaded_in(tmp_path: Path) -> None:
    """Sở Tư pháp sent số 10 (saved 10/3) and its correction số 15 (saved 20/3) by mail; the
    official saved the correction first, so on disk the old one looks newer. The time each file
    says it was saved decides."""
    old = department(0)
    new = department(0).with_answers({**department(0).answers, "hs_moi_truc_tuyen": 91})
    folder = tmp_path / "in"
    folder.mkdir()
    save_answer_file(new, folder / "stp_sua.json", datetime(2025, 3, 20, 9, 0))
    save_answer_file(old, folder / "stp.json", datetime(2025, 3, 10, 9, 0))
    os.utime(folder / "stp_sua.json", (1_700_000_000, 1_700_000_000))  # downloaded first
    os.utime(folder / "stp.json", (1_700_100_000, 1_700_100_000))
    run = roll_up(read_inputs([folder]), KIND, QUARTER, Parent(PROVINCE))
    said = statuses(run)
    assert said["in/stp_sua.json"][0] == COUNTED
    assert said["in/stp.json"] == (SUPERSEDED, "Có bản mới hơn cùng kỳ: «in/stp_sua.json».")
    assert run.report is not None and run.report.answers["hs_moi_truc_tuyen"] == 91


def test_same_saved_time_the_later_document_date_wins() -> None:
    a = replace(department(0), document=replace(department(0).document, ngay=date(2025, 3, 20)))
    b = replace(department(0), document=replace(department(0).document, ngay=date(2025, 3, 25)))
    b = b.with_answers({**b.answers, "hs_moi_truc_tiep": 11})
    arrivals = [Arrival("b.json", "1" * 64, None, b), Arrival("a.json", "2" * 64, None, a)]
    run = roll_up(arrivals, KIND, QUARTER, Parent(PROVINCE))
    assert [line.status for line in run.lines] == [COUNTED, SUPERSEDED]
    assert "«b.json»" in run.lines[1].reason


def test_the_same_file_twice_is_counted_once_and_the_copy_named(tmp_path: Path) -> None:
    """One department's file in the folder and again in a zip of the same mail."""
    folder = tmp_path / "in"
    paths = files(folder, departments()[:2])
    with zipfile.ZipFile(tmp_path / "thu.zip", "w") as archive:
        archive.write(paths[0], "so_tu_phap.json")
    run = roll_up(read_inputs([folder, tmp_path / "thu.zip"]), KIND, QUARTER, Parent(PROVINCE))
    said = statuses(run)
    assert said["thu.zip › so_tu_phap.json"] == (
        IGNORED,
        f"Giống hệt tệp «in/{paths[0].name}» (cùng nội dung): chỉ tính một lần.",
    )
    assert said[f"in/{paths[0].name}"][0] == COUNTED
    assert run.report is not None and len(run.report.rollup.sources) == 2  # type: ignore[union-attr]


def test_a_list_copied_from_a_table_keeps_only_the_names(tmp_path: Path) -> None:
    """A list pasted from Excel («STT ⇥ Tên đơn vị», «1 ⇥ Sở Tư pháp») or typed numbered in Word
    names the units themselves: «1 Sở Tư pháp» matched no report, so every unit was «not sent»."""
    pasted = (
        "STT\tTên đơn vị\tGhi chú\nI\tCẤP TỈNH\n1\tSở Tư pháp\n2\tSở Xây dựng\tđã nhắc\n"
        "Tên đơn vị:\nII. CÁC SỞ KHÁC\n3. Sở Nội vụ\n- Sở Y tế\n04)  Sở Tài chính\n\t\n5\n"
        "A\tĐƠN VỊ KHÁC\n1.1\tTrung tâm 115\na)\t30 Tháng 4\n3 Tháng 2\n"
    )
    names = parse_unit_names(pasted)
    assert names == [
        "Sở Tư pháp",
        "Sở Xây dựng",
        "Sở Nội vụ",
        "Sở Y tế",
        "Sở Tài chính",
        "Trung tâm 115",
        "30 Tháng 4",  # a name starting with a number, in its own cell
        "3 Tháng 2",  # one with no «.» or «)» after it: a name, not a numbered line
    ]  # group rows («I ⇥ CẤP TỈNH», «II. CÁC SỞ KHÁC», «A ⇥ …») and headings are no units
    run = roll_up(read_inputs(files(tmp_path, departments()[:3])), KIND, QUARTER, Parent(PROVINCE), names)
    assert run.missing == ("Sở Y tế", "Sở Tài chính", "Trung tâm 115", "30 Tháng 4", "3 Tháng 2")
    assert all(line.status != REFUSED for line in run.lines)


def test_a_list_of_units_names_who_sent_nothing_and_refuses_the_unlisted(tmp_path: Path) -> None:
    names = parse_unit_names("# Các sở\nSở Tư pháp\n\nSỞ XÂY DỰNG\n  sở   tư pháp \nSở Tài chính\n")
    assert names == ["Sở Tư pháp", "SỞ XÂY DỰNG", "Sở Tài chính"]
    run = roll_up(read_inputs(files(tmp_path, departments()[:3])), KIND, QUARTER, Parent(PROVINCE), names)
    assert run.missing == ("Sở Tài chính",)
    said = [line.reason for line in run.lines if line.status == REFUSED]
    assert said == ["Đơn vị không có trong danh sách đơn vị trực thuộc."]  # Sở Nội vụ
    assert run.report is not None and run.report.rollup is not None
    assert run.report.rollup.missing == ("Sở Tài chính",)
    assert [s.name for s in run.report.rollup.sources] == ["Sở Tư pháp", "Sở Xây dựng"]  # the list's order


def test_a_listed_name_is_met_whatever_its_tone_marks_and_legacy_letters(tmp_path: Path) -> None:
    """The list says «UBND xã Mỹ Hòa», the commune's file «UBND XÃ MỸ HOÀ» (the tone placed the old
    way, as a common keyboard setting types it); «Thuỷ»/«Thủy»; «Ð» (U+00D0, left by converting a
    legacy font) for «Đ». Each is the listed unit: counted, not refused and listed as missing."""
    spellings = [("UBND xã Mỹ Hòa", "UBND XÃ MỸ HOÀ"), ("UBND xã Thủy Đông", "UBND xã Thuỷ Ðông")]
    reports = [
        replace(r, unit=replace(r.unit, co_quan=sent, ten=sent))
        for r, (_, sent) in zip(departments(), spellings, strict=False)
    ]
    listed = [name for name, _ in spellings]
    run = roll_up(read_inputs(files(tmp_path, reports)), KIND, QUARTER, Parent(PROVINCE), listed)
    assert [line.status for line in run.lines] == [COUNTED, COUNTED]
    assert run.missing == ()


def test_a_listed_commune_is_met_with_or_without_its_council(tmp_path: Path) -> None:
    """The province's list names the communes as people say them («Xã Mỹ Hòa», «Phường Long
    Xuyên»), their reports as «UBND xã …»; or the list writes the council in full. The communes'
    files used to be refused as «không có trong danh sách» and the same communes named as having
    sent nothing."""
    sent = [("UBND XÃ MỸ HÒA", "UBND xã Mỹ Hòa"), ("UBND PHƯỜNG LONG XUYÊN", "UBND phường Long Xuyên")]
    sent.append(("UBND XÃ HÒA BÌNH", "UBND xã Hòa Bình"))
    reports = [
        replace(r, unit=replace(r.unit, co_quan=co_quan, ten=ten, cap="xa"))
        for r, (co_quan, ten) in zip(departments(), sent, strict=False)
    ]
    listed = parse_unit_names("Xã Mỹ Hòa\n  phường   long xuyên\nỦy ban nhân dân xã Hòa Bình\nXã Tân Phú\n")
    run = roll_up(read_inputs(files(tmp_path, reports)), KIND, QUARTER, Parent(PROVINCE), listed)
    assert [line.status for line in run.lines] == [COUNTED, COUNTED, COUNTED]
    assert run.missing == ("Xã Tân Phú",)
    assert run.report is not None
    assert evaluate_report(run.report).values["hs_moi_truc_tuyen"] == 90 + 1 + 250


def test_periods_to_a_year_when_one_unit_sent_its_quarters(tmp_path: Path) -> None:
    quarters = [commune_quarter(q) for q in (1, 2, 3, 4)]
    run = roll_up(read_inputs(files(tmp_path, quarters)), KIND, Period("nam", 2025))
    assert run.mode == "periods" and run.report is not None
    assert run.report.unit == COMMUNE and run.report.period == Period("nam", 2025)
    v = evaluate_report(run.report).values
    assert (v["hs_moi"], v["hs_ky_truoc"], v["hs_dang_giai_quyet"]) == (400, 10, 6)
    assert all(line.status == COUNTED for line in run.lines)
    # "none" fields come from the last quarter, its period words moved to the year
    assert run.report.answers["phan_mot_cua"] == quarters[3].answers["phan_mot_cua"]


def test_the_trich_yeu_names_the_rolled_up_period(tmp_path: Path) -> None:
    """A year made from quarters takes the last quarter's document, and a quarter made with the
    parent's previous report (``--unit-from``) that report's: their trích yếu moves to the
    period rolled up, as a prefill moves it (it said «quý IV năm 2025» on the year's report)."""
    quarters = [commune_quarter(q) for q in (1, 2, 3, 4)]
    quarters = [
        replace(r, document=replace(r.document, trich_yeu=f"Kết quả kiểm soát TTHC {r.period.words()}"))
        for r in quarters
    ]
    arrivals = read_inputs(files(tmp_path / "xa", quarters))
    for parent in (None, Parent(COMMUNE, quarters[3].document, quarters[3])):
        year = roll_up(arrivals, KIND, Period("nam", 2025), parent).report
        assert year is not None and year.document.trich_yeu == "Kết quả kiểm soát TTHC năm 2025"
    previous = replace(seed(DEPARTMENT_SEED), unit=PROVINCE, period=Period("quy", 2024, 4))
    previous = replace(previous, document=replace(previous.document, trich_yeu="Báo cáo quý IV năm 2024"))
    parent = Parent(PROVINCE, previous.document, previous)
    quarter = roll_up(read_inputs(files(tmp_path / "so", departments())), KIND, QUARTER, parent).report
    assert quarter is not None and quarter.document.trich_yeu == "Báo cáo quý I năm 2025"


def test_a_year_across_the_reform_from_quarters_under_two_versions(tmp_path: Path) -> None:
    """Quý I–II/2025 written with the version of huyện days (a huyện figure typed), quý III–IV
    with the one in force from 01/7/2025: the year is written with the version of its period,
    its flows summed across both, and no huyện figure comes back into it."""
    from desktop_app.report.catalogue import in_force, kind_of

    new = in_force(KIND, Period("quy", 2025, 3)).version
    quarters = [commune_quarter(q) for q in (1, 2)]
    quarters = [r.with_answers({**r.answers, "tthc_dia_phuong_cap_huyen": 7}) for r in quarters]
    quarters += [replace(commune_quarter(q), kind_version=new) for q in (3, 4)]
    assert [kind_of(r).version for r in quarters] == ["tt01-2020.1", "tt01-2020.1", new, new]
    run = roll_up(read_inputs(files(tmp_path, quarters)), KIND, Period("nam", 2025))
    assert run.report is not None and all(line.status == COUNTED for line in run.lines)
    year = kind_of(run.report)
    assert year.version == new and not year.has_field("tthc_dia_phuong_cap_huyen")
    assert "tthc_dia_phuong_cap_huyen" not in run.report.answers
    v = evaluate_report(run.report).values
    assert (v["hs_moi"], v["hs_ky_truoc"], v["hs_da_giai_quyet"], v["hs_dang_giai_quyet"]) == (
        400,
        10,
        404,
        6,
    )


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ((1, 2, 4), "thiếu quý III năm 2025"),
        ((2, 3, 4), "thiếu quý I năm 2025"),
        ((1, 2), "thiếu quý III năm 2025, quý IV năm 2025"),
    ],
)
def test_a_gap_is_refused_naming_the_missing_period(
    tmp_path: Path, numbers: tuple[int, ...], message: str
) -> None:
    paths = files(tmp_path, [commune_quarter(q) for q in numbers])
    run = roll_up(read_inputs(paths), KIND, Period("nam", 2025))
    assert run.mode is None and run.report is None
    assert all(line.status == REFUSED and message in line.reason for line in run.lines)
    assert message in run.problem


def test_an_overlap_is_refused() -> None:
    problem = tiling_problem(
        Period("nam", 2025), [Period("6thang", 2025, 1), Period("quy", 2025, 2), Period("6thang", 2025, 2)]
    )
    assert "quý II năm 2025 trùng với 6 tháng đầu năm 2025" in problem
    assert tiling_problem(Period("9thang", 2025), [Period("6thang", 2025, 1), Period("quy", 2025, 3)]) == ""


def test_units_that_sent_quarters_count_once_with_their_year(tmp_path: Path) -> None:
    other = replace(COMMUNE, co_quan="UBND XÃ AN BÌNH", ten="UBND xã An Bình")
    reports = [commune_quarter(q) for q in (1, 2, 3, 4)] + [
        commune_quarter(q, unit=other) for q in (1, 2, 3, 4)
    ]
    run = roll_up(read_inputs(files(tmp_path, reports)), KIND, Period("nam", 2025), Parent(PROVINCE))
    assert run.mode == "units" and run.report is not None and run.report.rollup is not None
    assert [s.name for s in run.report.rollup.sources] == ["UBND xã An Bình", "UBND xã Mỹ Hòa"]
    v = evaluate_report(run.report).values
    assert (v["hs_moi"], v["hs_ky_truoc"], v["hs_dang_giai_quyet"]) == (800, 20, 12)


def test_ignored_files_and_nothing_usable(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"x")
    run = roll_up(read_inputs([tmp_path]), KIND, QUARTER, Parent(PROVINCE))
    assert [line.status for line in run.lines] == [IGNORED]
    assert run.mode is None and "Không có báo cáo nào tính được" in run.problem


def test_a_period_the_kind_does_not_use_is_refused_plainly() -> None:
    with pytest.raises(RollupError, match="không lập theo kỳ «Tháng 01/2025»"):
        roll_up([], KIND, Period("thang", 2025, 1))


def test_unreviewed_unit_texts_do_not_travel_to_the_next_period(tmp_path: Path) -> None:
    """The province's quý I roll-up went out with its units' texts still marked: quý II, made
    with it as the parent's previous report, showed each unit twice, quý I's words rewritten
    to «quý II» by the prefill. The marked part stays with its period; the drafter's own text
    written above it travels, and the official is told."""
    from desktop_app.report.prefill import new_report
    from desktop_app.report.review_marks import REVIEW_MARK

    q1 = roll_up(
        read_inputs(files(tmp_path / "q1", departments()[:2])), KIND, QUARTER, Parent(PROVINCE)
    ).report
    assert q1 is not None
    own = "Tỉnh chỉ đạo các sở thực hiện nghiêm."
    q1 = q1.with_answers({**q1.answers, "danh_gia_chung_nd": own + "\n" + q1.answers["danh_gia_chung_nd"]})
    q2 = Period("quy", 2025, 2)
    run = roll_up(
        read_inputs(files(tmp_path / "q2", departments(q2)[:2])), KIND, q2, Parent(PROVINCE, q1.document, q1)
    )
    assert run.report is not None
    text = run.report.answers["danh_gia_chung_nd"]
    assert text.count(REVIEW_MARK) == 2 and "quý I năm 2025" not in text
    assert text.startswith(own + "\n")  # the drafter's own words, before the units' new blocks
    made = new_report(KIND, q2, PROVINCE, q1.document, q1)
    assert made.report.answers["danh_gia_chung_nd"] == own
    assert REVIEW_MARK not in str(made.report.answers)
    (note,) = [n for n in made.notes if "chưa xem lại" in n]
    assert "«Đánh giá chung»" in note


def test_the_provinces_own_words_in_its_months_roll_up_go_on_to_the_next_month(tmp_path: Path) -> None:
    """Tháng 11/2026: the province's roll-up put its own words (its seven tasks, carried from
    October) after the units' «Cần xem lại» blocks, where they read as the last unit's; tháng 12,
    made from it before every block was condensed, kept only what stood before the first mark
    line: nothing, and the province's tasks were gone with the units' words. The same after an
    update: a late unit's block put in front of the text the drafter had already condensed. The
    parent's own words now come first, the units' blocks after them."""
    from desktop_app.report.catalogue import kind_of
    from desktop_app.report.prefill import new_report
    from desktop_app.report.review_marks import REVIEW_MARK, mark_line
    from desktop_app.report.rollup import recomputed

    kind = "bao_cao_thang_cctthc"
    october, november = Period("thang", 2026, 10), Period("thang", 2026, 11)
    province = replace(seed(MONTHLY_SEED), unit=PROVINCE, period=october)
    province = province.with_answers({k: v for k, v in province.answers.items() if "huyen" not in k})
    tasks = province.answers["nhiem_vu"]

    def unit_month(name: str) -> Report:
        unit = Unit(name.upper(), "UBND", "An Giang", "xa", "UBND TỈNH AN GIANG", name)
        report = replace(province, unit=unit, period=november)
        return report.with_answers({**report.answers, "nhiem_vu": f"1. {name} số hóa hồ sơ."})

    units = [unit_month("UBND xã Tân An"), unit_month("UBND xã Tân Phú")]
    run = roll_up(read_inputs(files(tmp_path / "a", units)), kind, november, Parent(PROVINCE, own=province))
    assert run.report is not None
    text = run.report.answers["nhiem_vu"]
    assert text.startswith(tasks + "\n" + mark_line("UBND xã Tân An"))  # its own, then the units'
    december = new_report(kind, Period("thang", 2026, 12), PROVINCE, run.report.document, run.report)
    assert december.report.answers["nhiem_vu"] == tasks

    condensed = run.report.with_answers({**run.report.answers, "nhiem_vu": "1. Tỉnh và các xã số hóa hồ sơ."})
    condensed = replace(condensed, sources={**condensed.sources, "nhiem_vu": "typed"})
    late = [*units, unit_month("UBND xã Mỹ Hòa")]
    again = roll_up(read_inputs(files(tmp_path / "b", late)), kind, november, Parent(PROVINCE, own=province))
    assert again.report is not None
    updated = recomputed(kind_of(again.report), condensed, again.report, again.sources)
    assert updated.answers["nhiem_vu"].split("\n") == [
        "1. Tỉnh và các xã số hóa hồ sơ.",
        mark_line("UBND xã Mỹ Hòa"),
        "1. UBND xã Mỹ Hòa số hóa hồ sơ.",
    ]
    december = new_report(kind, Period("thang", 2026, 12), PROVINCE, updated.document, updated)
    assert december.report.answers["nhiem_vu"] == "1. Tỉnh và các xã số hóa hồ sơ."
    assert REVIEW_MARK not in str(december.report.answers)


def test_a_listed_unit_whose_only_file_is_of_another_month_is_named_with_that_file(tmp_path: Path) -> None:
    """Tháng 11/2026 of 120 units: UBND xã Long Phú sent its October file again. It was listed
    among the units that «chưa gửi báo cáo» and nothing else said it had sent something: the
    province phoned a commune that answered it had. The notes now name the unit, its file and
    why it was not counted, so that the right report is asked for."""
    kind = "bao_cao_thang_cctthc"
    november = Period("thang", 2026, 11)
    base = replace(seed(MONTHLY_SEED), period=november)
    base = base.with_answers({k: v for k, v in base.answers.items() if "huyen" not in k})

    def unit_month(name: str, period: Period = november) -> Report:
        unit = Unit(name.upper(), "UBND", "An Giang", "xa", "UBND TỈNH AN GIANG", name)
        return replace(base, unit=unit, period=period)

    reports = [unit_month("UBND xã Tân An"), unit_month("UBND xã Long Phú", Period("thang", 2026, 10))]
    names = ["UBND xã Tân An", "UBND xã Long Phú", "UBND xã Mỹ Phú"]
    paths = files(tmp_path / "in", reports, ["tan_an.json", "long_phu.json"])
    run = roll_up(read_inputs(paths), kind, november, Parent(PROVINCE), names)
    assert run.report is not None and run.missing == ("UBND xã Long Phú", "UBND xã Mỹ Phú")
    (note,) = [n for n in run.notes if "long_phu.json" in n]
    assert "UBND xã Long Phú («long_phu.json»: Kỳ khác: tháng 10 năm 2026, không thuộc tháng 11" in note
    assert "Mỹ Phú" not in note  # sent nothing at all: the list of units not sent says it


def test_a_months_district_figures_are_shown_when_one_unit_had_them(tmp_path: Path) -> None:
    """Tháng 3/2025 (before the two-level government): a district's figures are summed, and the
    parent's «Có số liệu cấp huyện» is ticked so that they are shown and printed too (the box is
    the kind's ``aggregate = "any"``); months of units without one leave it unticked."""
    month = Period("thang", 2025, 3)
    base = replace(seed(MONTHLY_SEED), period=month)

    def unit_report(name: str, cap: str, district: bool) -> Report:
        unit = Unit(name.upper(), "UBND", "An Giang", cap, ten=name)
        report = replace(base, unit=unit)
        kept = {k: v for k, v in report.answers.items() if district or not k.endswith("_huyen")}
        return report.with_answers({**kept, "co_cap_huyen": district})

    with_district = [
        unit_report("Sở Tư pháp", "so", False),
        unit_report("UBND huyện Châu Thành", "huyen", True),
    ]
    run = roll_up(read_inputs(files(tmp_path / "a", with_district)), "bao_cao_thang_cctthc", month)
    assert run.report is not None and run.report.answers["co_cap_huyen"] is True
    values = evaluate_report(run.report)
    assert "hs_tiep_nhan_huyen" in values.visible_fields
    assert values.values["hs_tiep_nhan_huyen"] == base.answers["hs_tiep_nhan_huyen"]  # the district's

    without = [unit_report("Sở Tư pháp", "so", False), unit_report("UBND xã Mỹ Hòa", "xa", False)]
    run = roll_up(read_inputs(files(tmp_path / "b", without)), "bao_cao_thang_cctthc", month)
    assert run.report is not None and run.report.answers["co_cap_huyen"] is False


def test_the_parents_previous_report_gives_its_document_part_as_a_new_report_would(tmp_path: Path) -> None:
    """In the app the parent is its unit, its usual document part (Settings) and its previous
    report: the roll-up keeps that report's Nơi nhận, Lưu, signer and trích yếu (moved to the
    period), as «Báo cáo mới» does; the usual part only fills what it left empty."""
    previous = replace(
        seed(DEPARTMENT_SEED),
        unit=PROVINCE,
        period=Period("quy", 2024, 4),
        document=DocumentInfo(
            so="120/BC-UBND",
            noi_nhan=("Văn phòng Chính phủ;", "Lưu: VT."),
            luu="VT, hctam",
            nguoi_ky=Signer(chuc_vu="CHỦ TỊCH", ho_ten="Nguyễn Văn Bình", quyen_han="TM."),
            trich_yeu="Kết quả kiểm soát thủ tục hành chính quý IV năm 2024",
        ),
    )
    usual = DocumentInfo(kinh_gui=("Văn phòng Chính phủ",), luu="VT")
    run = roll_up(
        read_inputs(files(tmp_path, departments())), KIND, QUARTER, Parent(PROVINCE, usual, previous)
    )
    assert run.report is not None
    document = run.report.document
    assert document.trich_yeu == "Kết quả kiểm soát thủ tục hành chính quý I năm 2025"
    assert (document.noi_nhan, document.luu) == (previous.document.noi_nhan, "VT, hctam")
    assert document.nguoi_ky == previous.document.nguoi_ky
    assert document.kinh_gui == ("Văn phòng Chính phủ",)  # empty in the previous: the usual one
    assert (document.so, document.ngay) == ("", None)


def test_without_a_list_the_units_come_in_the_alphabets_order(tmp_path: Path) -> None:
    """The forms' rows and the units' texts follow the Vietnamese alphabet (Đông after D, Óc among
    the o's), not the order of the characters' codes (which put «Đ» and «Ó» after «V»)."""
    names = ["UBND xã Óc Eo", "UBND xã Vĩnh Thạnh", "UBND xã Đông Hưng", "UBND xã Núi Sập"]
    reports = [
        replace(r, unit=replace(COMMUNE, co_quan=name.upper(), ten=name))
        for r, name in zip(departments(), names, strict=False)
    ]
    run = roll_up(read_inputs(files(tmp_path, reports)), KIND, QUARTER, Parent(PROVINCE))
    assert run.report is not None and run.report.rollup is not None
    assert [s.name for s in run.report.rollup.sources] == [
        "UBND xã Đông Hưng",
        "UBND xã Núi Sập",
        "UBND xã Óc Eo",
        "UBND xã Vĩnh Thạnh",
    ]


def test_a_month_does_not_say_a_unit_lacks_another_levels_figures(tmp_path: Path) -> None:
    """A sở reports «Cấp tỉnh: …», a commune «Cấp xã: …» (the kind's ``unit_levels``): summing
    them says nothing of the other level; a commune that left its own figure out is still named."""
    month = Period("thang", 2025, 8)
    base = replace(seed(MONTHLY_SEED), period=month)

    def own_level(name: str, cap: str, suffix: str, drop: str = "") -> Report:
        unit = Unit(name.upper(), "UBND", "An Giang", cap, ten=name)
        answers = {
            k: v
            for k, v in base.answers.items()
            if not k.endswith(("_tinh", "_huyen", "_xa")) or (k.endswith(suffix) and k != drop)
        }
        return replace(base, unit=unit).with_answers({**answers, "co_cap_huyen": False})

    reports = [own_level("Sở Tư pháp", "so", "_tinh"), own_level("UBND xã Mỹ Hòa", "xa", "_xa")]
    run = roll_up(
        read_inputs(files(tmp_path / "a", reports)), "bao_cao_thang_cctthc", month, Parent(PROVINCE)
    )
    assert run.report is not None
    assert not [note for note in run.notes if "Cấp tỉnh" in note or "Cấp xã" in note]

    reports.append(own_level("UBND xã Tân Phú", "xa", "_xa", drop="hs_dang_giai_quyet_xa"))
    run = roll_up(
        read_inputs(files(tmp_path / "b", reports)), "bao_cao_thang_cctthc", month, Parent(PROVINCE)
    )
    assert [note for note in run.notes if "Cấp xã" in note] == [
        "UBND xã Tân Phú không có «Cấp xã: số hồ sơ đang giải quyết»: các số này được cộng từ 1/2 nguồn."
    ]


def test_an_update_that_would_drop_sources_names_them(tmp_path: Path) -> None:
    reports = departments()
    first = roll_up(read_inputs(files(tmp_path / "a", reports[:4])), KIND, QUARTER, Parent(PROVINCE)).report
    late = roll_up(read_inputs(files(tmp_path / "b", reports[4:])), KIND, QUARTER, Parent(PROVINCE)).report
    whole = roll_up(read_inputs(files(tmp_path / "c", reports)), KIND, QUARTER, Parent(PROVINCE)).report
    assert first is not None and late is not None and whole is not None
    assert lost_sources(first, late) == ["Sở Nội vụ", "Sở Tư pháp", "Sở Xây dựng", "Sở Y tế"]
    assert lost_sources(first, whole) == [] and lost_sources(departments()[0], whole) == []


def test_a_roll_up_and_one_of_its_own_files_count_once_in_the_roll_up(tmp_path: Path) -> None:
    """A ministry receives the province's roll-up of three departments and, by another mail, one
    of those departments' own files: the roll-up is counted (its other two departments with it),
    the file is named as already in it (the roll-up used to be refused, losing two units)."""
    reports = departments()
    kien_giang = Unit("UBND TỈNH KIÊN GIANG", "UBND", "Kiên Giang", "tinh", ten="UBND tỉnh Kiên Giang")
    paths = files(tmp_path / "tinh", reports[:3])
    province = roll_up(read_inputs(paths), KIND, QUARTER, Parent(kien_giang)).report
    assert province is not None
    folder = tmp_path / "bo"
    folder.mkdir()
    write_answer_file(folder / "kien_giang.json", province)
    (folder / paths[0].name).write_bytes(paths[0].read_bytes())
    write_answer_file(folder / "so_y_te.json", reports[3])
    ministry = Unit("BỘ NỘI VỤ", "BNV", "Hà Nội", "tinh", ten="Bộ Nội vụ")
    run = roll_up(read_inputs([folder]), KIND, QUARTER, Parent(ministry))
    said = statuses(run)
    assert said["bo/kien_giang.json"][0] == COUNTED
    assert said[f"bo/{paths[0].name}"] == (
        REFUSED,
        "Đã tính trong báo cáo tổng hợp «bo/kien_giang.json» của UBND tỉnh Kiên Giang: "
        "không cộng thêm lần nữa.",
    )
    figures = [evaluate_report(r).values["hs_tiep_nhan"] for r in reports[:4]]
    assert run.report is not None and evaluate_report(run.report).values["hs_tiep_nhan"] == sum(figures)


OLD_RELEASES = Path(__file__).resolve().parents[2] / "fixtures" / "old_releases"


def test_a_correction_from_an_updated_app_counts_over_a_file_from_the_old_release(tmp_path: Path) -> None:
    """Xã Hòa An sent quý III/2026 from release e6591af (its files do not say when they were
    saved), updated the app and sent a correction saved 05/10/2026. The province saved both
    attachments on 06/10: the old file's own time, the download, came after the correction's
    saved time, so the old figures were summed and the correction set aside as older."""
    from desktop_app.report.answers import load_answer_file

    folder = tmp_path / "thu_den"
    folder.mkdir()
    old = folder / "hoa_an.json"
    old.write_bytes((OLD_RELEASES / "e6591af_xa_hoa_an_quy3_2026.json").read_bytes())
    sent = load_answer_file(old)
    fixed = sent.with_answers({**sent.answers, "hs_moi_truc_tuyen": sent.answers["hs_moi_truc_tuyen"] + 7})
    save_answer_file(fixed, folder / "hoa_an_sua.json", datetime(2026, 10, 5, 9, 0))
    os.utime(folder / "hoa_an_sua.json", (datetime(2026, 10, 6, 8, 0).timestamp(),) * 2)
    os.utime(old, (datetime(2026, 10, 6, 8, 1).timestamp(),) * 2)
    run = roll_up(read_inputs([folder]), KIND, Period.parse("quy:3/2026"), Parent(PROVINCE))
    said = statuses(run)
    assert said["thu_den/hoa_an_sua.json"][0] == COUNTED
    assert said["thu_den/hoa_an.json"] == (SUPERSEDED, "Có bản mới hơn cùng kỳ: «thu_den/hoa_an_sua.json».")
    assert run.report is not None
    assert run.report.answers["hs_moi_truc_tuyen"] == fixed.answers["hs_moi_truc_tuyen"]
