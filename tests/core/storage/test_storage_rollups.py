"""A parent's list of units, and a rolled-up report kept with its files, recomputed when one comes late."""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.report.answers import Report, dump_report, dumps_report
from desktop_app.report.arrivals import arrival_from_bytes
from desktop_app.report.checks import evaluate_report
from desktop_app.report.kinds import load_kind
from desktop_app.report.periods import Period
from desktop_app.report.review_marks import mark_line
from desktop_app.report.rollup import recomputed, typed_over, typed_over_words
from desktop_app.report.rollup_plan import COUNTED, SUPERSEDED, Parent, RollupRun, roll_up, roll_up_files
from desktop_app.storage import RollupFile, StorageError, Store, restore_backup
from desktop_app.system.safe_read import ANSWER_FILE
from desktop_app.vnformat import format_number
from tests.rollup_data import COMMUNE, PROVINCE, QUARTER, commune_quarter, departments

KIND = load_kind("bao_cao_kstthc")


def file_of(index: int) -> RollupFile:
    report = departments()[index]
    data = json.dumps(dump_report(report), ensure_ascii=False).encode("utf-8")
    arrival = arrival_from_bytes(f"{report.unit.ky_hieu}.json", data, datetime(2025, 3, 20, 8, index))
    return RollupFile(arrival.name, arrival.sha256, data, arrival.saved)


def run_of(files: list[RollupFile]) -> RollupRun:
    arrivals = [arrival_from_bytes(f.name, f.data, f.saved) for f in files]
    return roll_up(arrivals, KIND.id, QUARTER, Parent(PROVINCE))


def test_the_list_of_units_is_kept_in_order_without_repeats(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as store:
        unit_id = store.add_unit(PROVINCE)
        assert store.subordinate_units(unit_id) == []
        names = ["Sở Tư pháp", "  Sở  Xây dựng ", "", "sở tư pháp", "Sở Nội vụ", "Sở Thuỷ lợi", "SỞ THỦY LỢI"]
        store.set_subordinate_units(unit_id, names)  # one unit however its tone marks sit
        assert store.subordinate_units(unit_id) == ["Sở Tư pháp", "Sở Xây dựng", "Sở Nội vụ", "Sở Thuỷ lợi"]
    with Store.open(tmp_path / "db.sqlite") as store:  # on disk
        assert store.subordinate_units(unit_id) == ["Sở Tư pháp", "Sở Xây dựng", "Sở Nội vụ", "Sở Thuỷ lợi"]


def test_a_name_longer_than_a_list_file_allows_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    """The list kept in the app has the bounds of ``rollup --units``: any line pasted into the box
    was stored (one over 500 characters is then left out as damaged by import-all on another PC)."""
    with Store.open(tmp_path / "db.sqlite") as store:
        unit_id = store.add_unit(PROVINCE)
        store.set_subordinate_units(unit_id, ["Sở Tư pháp"])
        with pytest.raises(StorageError, match="dài quá 200 ký tự"):
            store.set_subordinate_units(unit_id, ["Sở Nội vụ", "x" * 201])
        assert store.subordinate_units(unit_id) == ["Sở Tư pháp"]
        store.set_subordinate_units(unit_id, ["x" * 200])  # at the bound: kept


def test_a_roll_up_keeps_its_files_and_each_recompute_is_a_revision(tmp_path: Path) -> None:
    files = [file_of(i) for i in range(4)]
    run = run_of(files)
    assert run.report is not None
    with Store.open(tmp_path / "db.sqlite") as store:
        unit_id = store.add_unit(PROVINCE)
        report_id = store.create_rollup(unit_id, run.report, files)
        kept = store.rollup_files(report_id)
        assert [(f.name, f.sha256, f.saved) for f in kept] == [(f.name, f.sha256, f.saved) for f in files]
        assert kept[2].data == files[2].data
        assert evaluate_report(store.load_report(report_id)).values["hs_tiep_nhan"] == 105 + 10 + 320 + 43

        # The drafter condenses one text; then the Ban Quản lý's file arrives.
        current = store.load_report(report_id)
        edited = current.with_answers({**current.answers, "danh_gia_chung_nd": "Các sở hoàn thành nhiệm vụ."})
        store.save_report(report_id, replace_sources(edited, "danh_gia_chung_nd"))
        late = file_of(4)
        again = run_of([*store.rollup_files(report_id), late])
        assert [line.status for line in again.lines] == [COUNTED] * 5
        assert again.report is not None
        merged = recomputed(KIND, store.load_report(report_id), again.report, again.sources)
        n = store.save_rollup(report_id, merged, [late, files[0]])  # a file already kept is kept once
        assert [r.kind for r in store.revisions(report_id)] == ["tao", "luu", "tong_hop"]
        assert n == 3 and len(store.rollup_files(report_id)) == 5
        saved = store.load_report(report_id)
        assert evaluate_report(saved).values["hs_tiep_nhan"] == 498
        assert saved.answers["danh_gia_chung_nd"].split("\n") == [
            "Các sở hoàn thành nhiệm vụ.",  # the drafter's words stay, first
            mark_line("Ban Quản lý các khu công nghiệp"),
            "Ban Quản lý các khu công nghiệp hoàn thành các nhiệm vụ kiểm soát TTHC quý I năm 2025.",
        ]
        untouched = saved.answers["kiem_tra_nd"].split("\n")
        assert mark_line("Ban Quản lý các khu công nghiệp") in untouched  # not reviewed yet: made afresh
        assert saved.rollup is not None and len(saved.rollup.sources) == 5

        # Updated again, with nothing new: the drafter's words are still theirs (a second update
        # used to take the field, marked carried by the first, as not reviewed and make it afresh).
        again = run_of(store.rollup_files(report_id))
        assert again.report is not None
        store.save_rollup(report_id, recomputed(KIND, saved, again.report, again.sources), [])
        assert store.load_report(report_id).answers["danh_gia_chung_nd"] == saved.answers["danh_gia_chung_nd"]


def test_an_update_keeps_the_figures_the_drafter_typed_over_the_roll_up(tmp_path: Path) -> None:
    files = [file_of(i) for i in range(4)]
    run = run_of(files)
    assert run.report is not None
    with Store.open(tmp_path / "db.sqlite") as store:
        report_id = store.create_rollup(store.add_unit(PROVINCE), run.report, files)
        current = store.load_report(report_id)
        summed = current.answers["hs_moi_truc_tuyen"]
        confirmed = replace_sources(current, "hs_moi_truc_tiep")  # looked at and kept: not typed over
        typed = confirmed.with_answers({**confirmed.answers, "hs_moi_truc_tuyen": summed + 7})
        store.save_report(report_id, replace_sources(typed, "hs_moi_truc_tuyen"))
        current = store.load_report(report_id)
        assert typed_over(KIND, current) == {"hs_moi_truc_tuyen": summed + 7}

        late = file_of(4)
        again = run_of([*store.rollup_files(report_id), late])
        assert again.report is not None
        words = typed_over_words(KIND, current, again.report)
        late_share = again.report.answers["hs_moi_truc_tuyen"] - summed
        assert words == [
            f"«{KIND.field('hs_moi_truc_tuyen').label}»: giữ {format_number(summed + 7)} đã gõ; "
            f"tổng hợp lại ra {format_number(summed + late_share)}."
        ]
        store.save_rollup(report_id, recomputed(KIND, current, again.report, again.sources), [late])
        saved = store.load_report(report_id)
        assert saved.answers["hs_moi_truc_tuyen"] == summed + 7  # the drafter's, as typed
        assert saved.answers["hs_moi_truc_tiep"] == again.report.answers["hs_moi_truc_tiep"]  # summed again


def test_a_units_own_shorter_periods_are_read_as_the_files_it_would_export(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as store:
        unit_id = store.add_unit(COMMUNE)
        ids = {q: store.create_report(unit_id, commune_quarter(q)) for q in (2, 1, 3)}
        store.create_report(unit_id, replace(commune_quarter(1), period=Period("quy", 2024, 4)))  # before
        store.create_report(unit_id, replace(commune_quarter(1), period=Period("nam", 2025)))  # the year
        store.delete_report(ids[3])
        found = store.own_periods(unit_id, "bao_cao_kstthc", Period("nam", 2025))
        assert [f.name for f in found] == [
            f"Trên máy này: Quý I/2025 (số {ids[1]})",
            f"Trên máy này: Quý II/2025 (số {ids[2]})",
        ]
        arrival = arrival_from_bytes(found[0].name, found[0].data, found[0].saved)
        assert arrival.report is not None and arrival.report.period == Period("quy", 2025, 1)
        assert arrival.sha256 == found[0].sha256 and arrival.saved is not None
        assert store.own_periods(unit_id, "ke_hoach_kstthc", Period("nam", 2025)) == []


def test_the_own_periods_taken_are_one_report_a_period_and_never_overlap(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as store:
        unit_id = store.add_unit(COMMUNE)
        finished = store.create_report(unit_id, commune_quarter(1), status="hoan_thanh")
        store.create_report(unit_id, commune_quarter(1))  # a newer draft copy of quý I
        ids = {q: store.create_report(unit_id, commune_quarter(q)) for q in (2, 3, 4)}
        for period in (Period("6thang", 2025, 1), Period("9thang", 2025)):
            store.create_report(unit_id, replace(commune_quarter(3), period=period))
        chosen = store.own_period_infos(unit_id, "bao_cao_kstthc", Period("nam", 2025))
        assert [i.id for i in chosen] == [finished, ids[2], ids[3], ids[4]]  # the quarters tile the year
        store.delete_report(ids[4])
        without_four = store.own_period_infos(unit_id, "bao_cao_kstthc", Period("nam", 2025))
        assert [i.label for i in without_four] == ["Quý I/2025", "Quý II/2025", "Quý III/2025"]


def test_a_kept_file_and_a_mailed_one_of_the_same_unit_are_compared_by_time(tmp_path: Path) -> None:
    """A kept file's time is read from the database with its zone, a file's own without one:
    Python refuses to compare the two, and the update stopped."""
    first, second = departments()[0], departments()[0]
    second = second.with_answers({**second.answers, "hs_moi_truc_tuyen": 99})
    kept = dumps_report(first).encode("utf-8")
    mailed = tmp_path / "stp_gui_lai.json"
    mailed.write_text(dumps_report(second), encoding="utf-8")  # saved now: the newer
    old = datetime(2025, 4, 2, 8, 0, tzinfo=UTC)
    run = roll_up_files(KIND.id, QUARTER, Parent(PROVINCE), None, [("stp.json", kept, old)], [mailed])
    assert [(line.arrival.name, line.status) for line in run.lines] == [
        ("stp.json", SUPERSEDED),
        ("stp_gui_lai.json", COUNTED),
    ]


def replace_sources(report: Report, field_id: str) -> Report:
    """The drafter confirmed the field: it counts as typed."""
    return replace(report, sources={**report.sources, field_id: "typed"})


def stored_rollup(path: Path) -> tuple[int, Report, list[RollupFile]]:
    """A database at ``path`` holding a roll-up of four departments with their files."""
    files = [file_of(i) for i in range(4)]
    report = run_of(files).report
    assert report is not None
    with Store.open(path) as store:
        report_id = store.create_rollup(store.add_unit(PROVINCE), report, files)
    return report_id, report, files


def test_a_damaged_kept_file_is_named_never_raised_nor_inflated_past_its_limit(tmp_path: Path) -> None:
    """Rows a disk error or an older version left: garbage, a bomb, a time that is not one."""
    path = tmp_path / "db.sqlite"
    report_id, _report, files = stored_rollup(path)
    bomb = zlib.compress(b" " * (ANSWER_FILE.max_bytes + 1), 9)  # 16 MiB + 1 of spaces: 16 KB stored
    conn = sqlite3.connect(path)
    with conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM rollup_files ORDER BY id")]
        conn.execute("UPDATE rollup_files SET data = x'00112233' WHERE id = ?", [ids[0]])
        conn.execute("UPDATE rollup_files SET data = ? WHERE id = ?", [bomb, ids[1]])
        conn.execute("UPDATE rollup_files SET saved_at = 'hôm qua' WHERE id = ?", [ids[2]])
    conn.close()
    with Store.open(path) as store:
        kept = store.rollup_files(report_id)
    assert [f.name for f in kept] == [f.name for f in files]
    for damaged in kept[:2]:
        assert damaged.data == b"" and "bị hỏng" in damaged.problem
    assert (kept[2].problem, kept[2].saved, kept[2].data) == ("", None, files[2].data)
    assert kept[3] == files[3]

    # The official adds the damaged files again (as the refused update asks): the kept copies are
    # mended, so the next update needs nothing more (the good bytes used to be ignored as repeats).
    with Store.open(path) as store:
        store.save_rollup(report_id, store.load_report(report_id), [files[0], files[1]])
        mended = store.rollup_files(report_id)
    assert mended[:2] == files[:2] and all(not f.problem for f in mended)


def test_a_backup_with_a_damaged_kept_file_is_restored_and_the_file_named(tmp_path: Path) -> None:
    """One unit's kept file damaged on disk used to make every later backup unrestorable; the app
    reads such a row as damaged where it is used, so the backup is restored, and the file named."""
    path = tmp_path / "db.sqlite"
    report_id, report, files = stored_rollup(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE rollup_files SET data = x'00112233' WHERE name = ?", [files[1].name])
    conn.close()
    with Store.open(path) as store:
        backup = store.backup()
    restore_backup(backup, tmp_path / "may_moi.sqlite")
    with Store.open(tmp_path / "may_moi.sqlite") as store:
        kept = store.rollup_files(report_id)
        assert store.load_report(report_id) == report
    assert [bool(f.problem) for f in kept] == [False, True, False, False]
