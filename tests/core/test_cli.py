"""The command line, run as an official's IT colleague would: real processes, real files."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app.storage import Store
from desktop_app.system.converters import find_soffice
from tests.core.conftest import SEED_FIXTURES, write_json

ROOT = Path(__file__).resolve().parents[2]
SEED = SEED_FIXTURES / "001_65663e565db3c233.json"


def soanbaocao(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *map(str, args)], cwd=ROOT, capture_output=True, text=True
    )


def test_kinds_lists_the_three_kinds() -> None:
    out = soanbaocao("kinds").stdout
    for kind in ("bao_cao_kstthc", "bao_cao_thang_cctthc", "ke_hoach_kstthc"):
        assert kind in out


def test_output_piped_into_a_reader_that_stops_early_ends_without_a_traceback() -> None:
    """«soanbaocao reports | head -3»: the reader closes the pipe (here before a line is written)."""
    command = [sys.executable, "-m", "desktop_app", "kinds"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    said = process.stderr.read().decode("utf-8")
    assert process.wait() == 1 and "Traceback" not in said and "BrokenPipe" not in said


def test_check_json_names_fields_severity_and_message() -> None:
    result = soanbaocao("check", SEED, "--json")
    issues = json.loads(result.stdout)
    assert result.returncode == 1  # the seed's own slips are errors
    rule = next(i for i in issues if i["code"] == "hs_tiep_nhan_bang_giai_quyet")
    assert set(rule["fields"]) == {"hs_tiep_nhan", "hs_da_giai_quyet", "hs_dang_giai_quyet"}
    assert rule["severity"] == "error"
    assert "255" in rule["message"]


def test_check_names_period_for_a_bad_range(tmp_path: Path, answer_data: dict[str, Any]) -> None:
    answer_data["period"] = {"type": "tuy_chon", "year": 2023, "from": "2023-11-20", "to": "2023-01-01"}
    result = soanbaocao("check", write_json(tmp_path / "a.json", answer_data), "--json")
    assert json.loads(result.stdout)[0]["fields"] == ["period"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{không phải json", "không phải JSON hợp lệ: dòng 1"),
        ('{"format": "soanbaocao.answers/1", "kind": "la"}', "Không có loại văn bản «la»"),
    ],
)
def test_bad_input_is_explained_and_nothing_written(tmp_path: Path, content: str, words: str) -> None:
    source = tmp_path / "hong.json"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "ra.docx"
    result = soanbaocao("render", source, "-o", out)
    assert result.returncode == 2
    assert words in result.stderr
    assert not out.exists()


def test_wrong_types_name_their_place(tmp_path: Path, answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_qua_han": "mười", "khong_co": 1}
    result = soanbaocao("check", write_json(tmp_path / "a.json", answer_data))
    assert result.returncode == 2
    assert "answers.hs_qua_han" in result.stderr
    assert "answers.khong_co" in result.stderr


def test_render_writes_a_docx(tmp_path: Path) -> None:
    out = tmp_path / "bao_cao.docx"
    result = soanbaocao("render", SEED, "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK"
    assert "LƯU Ý" not in result.stdout  # every figure its sentence places is given


def test_render_of_a_report_with_errors_makes_it_and_says_so_in_one_line(
    tmp_path: Path, answer_data: dict[str, Any]
) -> None:
    clean = write_json(tmp_path / "dung.json", answer_data)
    assert "LỖI:" not in soanbaocao("check", clean).stdout
    assert soanbaocao("render", clean, "-o", tmp_path / "dung.docx").stderr == ""
    answer_data["answers"] = {"hs_tiep_nhan": -5, "hs_da_giai_quyet": 3, "hs_dang_giai_quyet": 0}
    folder = tmp_path / "Nguyễn_Văn_Ánh#1%20&it's"  # no space, yet «&» and «'» need quoting too
    folder.mkdir()
    source = write_json(folder / "sai.json", answer_data)
    out = tmp_path / "sai.docx"
    result = soanbaocao("render", source, "-o", out)
    assert result.returncode == 0, result.stderr  # the official decides: the document is made
    assert out.read_bytes()[:2] == b"PK"
    checked = soanbaocao("check", source).stdout
    errors, warnings = checked.count("LỖI:"), checked.count("LƯU Ý:")
    assert errors >= 2
    said, command = result.stderr.split(": xem «")
    assert said == f"Báo cáo còn {errors} lỗi, {warnings} lưu ý" and command.endswith("».\n")
    assert shlex.split(command.removesuffix("».\n")) == ["soanbaocao", "check", str(source)]


def test_render_names_the_figures_still_printed_as_dots(tmp_path: Path) -> None:
    monthly = json.loads((SEED.parent / "003_bc5ae3b32bd5b2c1.json").read_text(encoding="utf-8"))
    monthly["answers"]["vb_danh_gia_tac_dong"] = None
    result = soanbaocao("render", write_json(tmp_path / "t.json", monthly), "-o", tmp_path / "t.docx")
    assert result.returncode == 0, result.stderr
    assert "LƯU Ý: Văn bản còn «…» ở chỗ các số chưa nhập: «" in result.stdout


@pytest.mark.skipif(find_soffice() is None, reason="no LibreOffice")
def test_render_with_pdf(tmp_path: Path) -> None:
    result = soanbaocao("render", SEED, "-o", tmp_path / "a.docx", "--pdf", tmp_path / "a.pdf")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.pdf").read_bytes()[:4] == b"%PDF"


def test_python_m_and_console_script_are_the_same_parser() -> None:
    assert "soanbaocao" in soanbaocao("--help").stdout


def test_render_with_excel_for_a_kind_with_forms(tmp_path: Path) -> None:
    result = soanbaocao("render", SEED, "-o", tmp_path / "a.docx", "--excel", tmp_path / "bieu.xlsx")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "bieu.xlsx").read_bytes()[:2] == b"PK"


def test_excel_for_a_kind_without_forms_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    plan = SEED_FIXTURES / "004_dbb53274ea895b03.json"
    result = soanbaocao("render", plan, "-o", tmp_path / "a.docx", "--excel", tmp_path / "bieu.xlsx")
    assert result.returncode == 2
    assert "không có biểu thống kê" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_one_report_goes_out_and_comes_back_as_an_answer_file(tmp_path: Path) -> None:
    db = ("--db", tmp_path / "a.db")
    first = soanbaocao(*db, "import", SEED)
    assert first.returncode == 0, first.stderr
    assert "báo cáo số 1" in first.stdout
    assert soanbaocao(*db, "export", "1", "-o", tmp_path / "ra.json").returncode == 0
    again = soanbaocao(*db, "import", tmp_path / "ra.json")
    assert "báo cáo số 2" in again.stdout
    exported = json.loads((tmp_path / "ra.json").read_text(encoding="utf-8"))
    assert exported["answers"] == json.loads(SEED.read_text(encoding="utf-8"))["answers"]
    # the same unit (tên cơ quan, ký hiệu): not a second one
    listed = soanbaocao(*db, "reports").stdout.splitlines()
    assert sum("Quý" in line for line in listed) == 2
    assert listed[0].split("\t")[:2] == ["Số", "Đơn vị"]  # whose report each is, for a department's PC
    assert all(line.split("\t")[1] == "UBND xã Sơn Nham" for line in listed[1:])


def test_history_recycle_bin_and_restore_from_the_command_line(tmp_path: Path) -> None:
    db = ("--db", tmp_path / "a.db")
    soanbaocao(*db, "import", SEED)
    twice = soanbaocao(*db, "import", SEED)  # the same file imported again: said, as the app does
    assert "LƯU Ý: đơn vị này đã có báo cáo Quý II/2024 cùng loại: số 1" in twice.stdout
    assert soanbaocao(*db, "delete", "2").returncode == 0
    assert "1\t" in soanbaocao(*db, "history", "1").stdout
    assert soanbaocao(*db, "delete", "1").returncode == 0
    assert "Chưa có báo cáo nào." in soanbaocao(*db, "reports").stdout
    assert "Quý II/2024" in soanbaocao(*db, "reports", "--bin").stdout
    with Store.open(tmp_path / "a.db") as store:
        store.set_status(1, "hoan_thanh")
    assert "\tĐã hoàn thành\t" in soanbaocao(*db, "reports", "--bin").stdout  # the words of the app's list
    again = soanbaocao(*db, "delete", "1")  # said «Đã chuyển … vào Thùng rác» a second time
    assert again.returncode == 0 and "đã ở trong Thùng rác từ trước" in again.stdout
    assert soanbaocao(*db, "undelete", "1").returncode == 0
    assert "Quý II/2024" in soanbaocao(*db, "reports").stdout
    assert "không ở trong Thùng rác" in soanbaocao(*db, "undelete", "1").stdout
    missing = soanbaocao(*db, "history", "9")
    assert missing.returncode == 2 and "Không có báo cáo số 9" in missing.stderr


def test_restore_names_the_reports_made_since_the_backup_and_how_to_get_them_back(tmp_path: Path) -> None:
    """The app asks first and names them; the command replaced everything without a word."""
    db = ("--db", tmp_path / "a.db")
    soanbaocao(*db, "import", SEED)
    backup = Path(soanbaocao(*db, "backup").stdout.strip().splitlines()[-1])
    assert backup.is_file()
    soanbaocao(*db, "import", SEED_FIXTURES / "000_a555c7217f5d5664.json")  # made after the backup
    restored = soanbaocao(*db, "restore", backup)
    assert restored.returncode == 0, restored.stderr
    said = restored.stdout
    assert "LƯU Ý: 1 báo cáo tạo hoặc sửa sau bản sao lưu ấy nay không còn như trước:" in said
    assert "  - số 2, Quý II/2024: tạo sau bản sao lưu, không còn trong danh sách" in said
    kept = said.split("soanbaocao --db «")[1].split("»")[0]  # the data as it was before the restore
    exported = soanbaocao("--db", kept, "export", "2", "-o", tmp_path / "bc.json")
    assert exported.returncode == 0 and soanbaocao(*db, "import", tmp_path / "bc.json").returncode == 0


def test_new_takes_the_same_period_last_year_to_compare_with(tmp_path: Path) -> None:
    seed = SEED_FIXTURES / "000_a555c7217f5d5664.json"
    out = tmp_path / "moi.json"
    result = soanbaocao(
        "new",
        "--kind",
        "bao_cao_kstthc",
        "--period",
        "quy:2/2025",
        "--from",
        seed,
        "--last-year",
        seed,
        "-o",
        out,
    )
    assert result.returncode == 0, result.stderr
    last_year = json.loads(out.read_text(encoding="utf-8"))["last_year"]
    assert (
        last_year["tthc_cong_bo"] == json.loads(seed.read_text(encoding="utf-8"))["answers"]["tthc_cong_bo"]
    )


def test_new_of_a_period_whose_issue_year_has_gone_is_dated_this_month(tmp_path: Path) -> None:
    """Quý IV/2024 made today (late, or on 02/01 of the next year): left undated, its date line
    printed «ngày … tháng … năm 2024», the year its issue day would have been in."""
    out = tmp_path / "quy4.json"
    seed = SEED_FIXTURES / "000_a555c7217f5d5664.json"
    made = soanbaocao("new", "--kind", "bao_cao_kstthc", "--period", "quy:4/2024", "--from", seed, "-o", out)
    assert made.returncode == 0, made.stderr
    today = date.today()
    document = json.loads(out.read_text(encoding="utf-8"))["document"]
    assert document["ngay"] == f"{today.year}-{today.month:02d}"


def test_new_six_months_from_the_quarters_kept_in_the_database(tmp_path: Path) -> None:
    """The commune's quarters, imported into a database and exported back (as an official who
    keeps them in the app does): «--from» twice made the 6 months refuse quý II (it does not end
    before them), and quý I alone gave «từ kỳ trước chuyển qua» = quý I's «đang giải quyết»."""
    from tests.rollup_data import write_answer_file, written_quarter

    db = ("--db", tmp_path / "a.db")
    for number in (1, 2):
        written = write_answer_file(tmp_path / f"q{number}.json", written_quarter(number))
        assert soanbaocao(*db, "import", written).returncode == 0
        assert soanbaocao(*db, "export", str(number), "-o", tmp_path / f"xuat{number}.json").returncode == 0
    out = tmp_path / "6thang.json"
    made = soanbaocao(
        "new",
        "--kind",
        "bao_cao_kstthc",
        "--period",
        "6thang:1/2026",
        "--from",
        tmp_path / "xuat2.json",
        "--from",
        tmp_path / "xuat1.json",
        "-o",
        out,
    )
    assert made.returncode == 0, made.stderr
    assert "Kỳ mới 6 tháng đầu năm 2026, lập từ quý I và quý II năm 2026: số liệu cộng các kỳ." in made.stdout
    answers = json.loads(out.read_text(encoding="utf-8"))["answers"]
    hs = ("hs_moi_truc_tuyen", "hs_moi_truc_tiep", "hs_ky_truoc", "hs_dang_trong_han", "hs_dang_qua_han")
    assert [answers[f] for f in hs] == [70, 130, 10, 9, 1]
    assert answers["nhiem_vu"] == "Phương hướng 6 tháng cuối năm 2026: tiếp tục rà soát TTHC."
    alone = soanbaocao(
        "new",
        "--kind",
        "bao_cao_kstthc",
        "--period",
        "6thang:1/2026",
        "--from",
        tmp_path / "xuat1.json",
        "-o",
        tmp_path / "thieu.json",
    )
    assert alone.returncode == 2 and not (tmp_path / "thieu.json").exists()
    assert alone.stderr.strip() == (
        "Lỗi: Các kỳ không ghép đủ 6 tháng đầu năm 2026: thiếu quý II năm 2026. Hãy cho thêm --from với "
        "tệp của kỳ còn thiếu."
    )


def test_a_document_that_went_out_is_reproduced_byte_for_byte(tmp_path: Path) -> None:
    from desktop_app.document.render import render_report
    from desktop_app.report.answers import load_answer_file
    from desktop_app.storage import Store

    db = tmp_path / "a.db"
    soanbaocao("--db", db, "import", SEED)
    sent = tmp_path / "da-gui.docx"
    with Store.open(db) as store:
        report = store.load_report(1)
        store.record_output(1, sent, render_report(report, sent).data, report)
        store.save_report(1, load_answer_file(SEED_FIXTURES / "000_a555c7217f5d5664.json"))  # edited since
    listed = soanbaocao("--db", db, "history", "1").stdout
    assert "Văn bản đã tạo" in listed and str(sent) in listed
    again = tmp_path / "lai.docx"
    result = soanbaocao("--db", db, "reproduce", "1", "-o", again)
    assert result.returncode == 0, result.stderr
    assert "Giống hệt" in result.stdout and again.read_bytes() == sent.read_bytes()


def test_check_warns_of_an_implausible_figure(tmp_path: Path, answer_data: dict[str, Any]) -> None:
    answer_data["answers"] = {"hs_moi_truc_tuyen": 15_500_000}
    source = write_json(tmp_path / "a.json", answer_data)
    issues = json.loads(soanbaocao("check", source, "--json").stdout)
    warning = next(i for i in issues if i["code"] == "lon_bat_thuong")
    assert warning["fields"] == ["hs_moi_truc_tuyen"] and warning["severity"] == "warning"
    assert "15.500.000" in warning["message"]
    plain = soanbaocao("check", source)
    assert "15.500.000, lớn bất thường" in plain.stdout


CONTENT_CASES = SEED_FIXTURES.parent / "content"


def test_check_json_names_the_content_findings_by_field() -> None:
    result = soanbaocao("check", CONTENT_CASES / "001_quy3_2025_xa_tan_phu.json", "--json")
    issues = json.loads(result.stdout)
    assert result.returncode == 1  # the backward date range is an error
    by_code = {(i["code"], tuple(i["fields"])) for i in issues}
    assert {
        ("ky_trong_van_ban", ("trich_yeu",)),
        ("ky_trong_van_ban", ("ket_luan",)),
        ("khoang_ngay_nguoc", ("giai_quyet_tthc_nd",)),
        ("so_lieu_trong_van_ban", ("mot_cua_nd", "hs_tiep_nhan")),
        ("ty_le_trong_van_ban", ("mot_cua_nd",)),
        ("ten_don_vi_khac", ("ra_soat_nd",)),
        ("cap_huyen", ("noi_nhan",)),
        ("van_ban_thay_the", ("mot_cua_nd",)),
        ("ngay_ban_hanh", ("ngay",)),
    } <= by_code
    fix = next(i["fix"] for i in issues if i["code"] == "ky_trong_van_ban" and i["fields"] == ["trich_yeu"])
    assert fix == {"field": "trich_yeu", "path": [], "before": "quý II năm 2024", "after": "quý III năm 2025"}
    sentence = json.loads(soanbaocao("check", CONTENT_CASES / "001_cau_chuan_23778.json", "--json").stdout)
    assert ["giai_quyet_tthc_nd", "hs_tiep_nhan"] in [i["fields"] for i in sentence]


def test_check_with_a_database_knows_the_units_former_names(tmp_path: Path) -> None:
    from desktop_app.report.answers import Unit
    from desktop_app.storage import Store

    db = tmp_path / "soanbaocao.db"
    with Store.open(db) as store:
        unit_id = store.add_unit(Unit("UBND XÃ SƠN NHAM", "UBND", "Sơn Nham", "xa", "", "UBND xã Sơn Nham"))
        tan_phu = Unit("UBND XÃ TÂN PHÚ", "UBND", "Tân Phú", "xa", "UBND TỈNH QUẢNG NGÃI", "UBND xã Tân Phú")
        store.rename_unit(unit_id, tan_phu, when="2025-06-30T00:00:00+00:00")
    case = CONTENT_CASES / "001_quy3_2025_xa_tan_phu.json"
    alone = {i["code"] for i in json.loads(soanbaocao("check", case, "--json").stdout)}
    known = {i["code"] for i in json.loads(soanbaocao("--db", db, "check", case, "--json").stdout)}
    assert "ten_don_vi_khac" in alone and "ten_cu" not in alone
    assert "ten_cu" in known and "ten_don_vi_khac" not in known


# The deadlines of a plan of 2026 as officials write them in «Thời gian hoàn thành».
PLAN_DEADLINES = {
    "30/6/2026 và 15/12/2026": "30/6/2027 và 15/12/2027",
    "Hằng quý, trước ngày 10/3, 10/6, 10/9, 10/12/2026": "Hằng quý, trước ngày 10/3, 10/6, 10/9, 10/12/2027",
    "Tháng 6 và tháng 12/2026": "Tháng 6 và tháng 12/2027",
    "Định kỳ 6 tháng (trước 15/6 và 15/12/2026)": "Định kỳ 6 tháng (trước 15/6 và 15/12/2027)",
    "Theo Kế hoạch số 12/KH-UBND ngày 15/01/2026, trước 30/6/2026": (
        "Theo Kế hoạch số 12/KH-UBND ngày 15/01/2026, trước 30/6/2027"
    ),
}


def plan_2026(tmp_path: Path) -> Path:
    """Seed 004's plan written again for 2026, its «Thường xuyên» deadlines replaced by the above."""
    data = json.loads((SEED_FIXTURES / "004_dbb53274ea895b03.json").read_text(encoding="utf-8"))
    data["period"] = {"type": "nam", "year": 2026}
    data["document"]["ngay"] = "2026-01-05"
    cells = iter(PLAN_DEADLINES)
    for row in data["answers"]["nhiem_vu"]:
        if row.get("thoi_han") == "Thường xuyên":
            row["thoi_han"] = next(cells, "Thường xuyên")
        elif row.get("thoi_han"):
            row["thoi_han"] = row["thoi_han"].replace("2024", "2026")
    return write_json(tmp_path / "ke_hoach_2026.json", data)


def deadline_cells(docx: Path) -> list[str]:
    """The last column of the printed task table, reopened from the Word file."""
    from docx import Document

    table = max(Document(str(docx)).tables, key=lambda t: len(t.rows))
    return [row.cells[-1].text for row in table.rows]


def test_a_plan_made_from_last_years_prints_every_deadline_in_its_own_year(tmp_path: Path) -> None:
    old = plan_2026(tmp_path)
    new = tmp_path / "ke_hoach_2027.json"
    made = soanbaocao("new", "--kind", "ke_hoach_kstthc", "--period", "nam:2027", "--from", old, "-o", new)
    assert made.returncode == 0, made.stderr
    assert (
        "cột «Thời gian hoàn thành»] Dời thời hạn sang năm 2027: «15/12/2026» → «15/12/2027»" in made.stdout
    )
    out = tmp_path / "ke_hoach_2027.docx"
    rendered = soanbaocao("render", new, "-o", out)
    assert rendered.returncode == 0, rendered.stderr
    printed = deadline_cells(out)
    assert set(PLAN_DEADLINES.values()) <= set(printed)
    assert [c for c in printed if "2026" in c] == [
        PLAN_DEADLINES[next(k for k in PLAN_DEADLINES if "KH-UBND" in k)]
    ]
    checked = json.loads(soanbaocao("check", new, "--json").stdout)
    assert not [i for i in checked if i["code"] == "han_da_qua"]


def test_a_plan_of_2027_still_holding_2026s_deadlines_is_told_cell_by_cell(tmp_path: Path) -> None:
    stale = json.loads(plan_2026(tmp_path).read_text(encoding="utf-8"))
    stale["period"]["year"] = 2027  # last year's file saved as the new plan, nothing moved
    result = soanbaocao("check", write_json(tmp_path / "cu.json", stale), "--json")
    told = [i for i in json.loads(result.stdout) if i["code"] == "han_da_qua"]
    cells = [k for k in PLAN_DEADLINES if "KH-UBND" not in k]
    for cell in cells:
        assert any(f"«{cell}»" in i["message"] and "Thời gian hoàn thành" in i["message"] for i in told), cell
    fixed = [i["fix"]["after"] for i in told]
    assert "30/6/2027 và 15/12/2027" in fixed and "30/6/2027" in fixed  # the cited 15/01/2026 is left


@pytest.mark.parametrize("code_page", ["cp1252", "cp1258"])
def test_output_redirected_in_a_windows_code_page_is_written_in_utf8(tmp_path: Path, code_page: str) -> None:
    """Windows writes a redirected output («soanbaocao backup > nhat_ky.txt», a scheduled task) in
    the code page of its locale, neither of which has «ễ»: the backup was made, then printing its
    folder under «Nguyễn Văn Ánh» stopped the command with a traceback and exit code 1."""
    home = tmp_path / "Nguyễn Văn Ánh" / "Dữ liệu báo cáo"
    env = {**os.environ, "SOANBAOCAO_HOME": str(home), "PYTHONIOENCODING": code_page}
    command = [sys.executable, "-m", "desktop_app"]
    subprocess.run([*command, "import", str(SEED)], cwd=ROOT, env=env, capture_output=True, check=True)
    done = subprocess.run([*command, "backup"], cwd=ROOT, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stdout.decode("utf-8").startswith(str(home / "backups" / "soanbaocao-"))
    refused = subprocess.run(
        [*command, "export", "9", "-o", str(home / "ễ.json")], env=env, capture_output=True
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr.decode("utf-8")
    assert "Lỗi:" in refused.stderr.decode("utf-8")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Báo cáo: quý IV.docx", "«:»"),
        ("Báo cáo\tquý IV.docx", "ký tự điều khiển"),
        ("CON.docx", "tên thiết bị"),
        ("Biểu «quý IV»?.docx", "«?»"),
    ],
)
def test_a_name_windows_would_not_keep_is_refused_and_nothing_is_written(
    tmp_path: Path, name: str, words: str
) -> None:
    """«Báo cáo: quý IV.docx» is a hidden stream of «Báo cáo» on NTFS, «CON» is a device, a tab
    pasted from Excel cannot be typed again: the official would be told of a file that is not
    there. Refused in Vietnamese (a USB stick's FAT refuses them on any system); nothing written."""
    folder = tmp_path / "Báo cáo quý IV"
    folder.mkdir()
    done = soanbaocao("render", SEED, "-o", folder / name)
    assert done.returncode == 2 and words in done.stderr and "Hãy đặt tên khác" in done.stderr
    assert list(folder.iterdir()) == []
