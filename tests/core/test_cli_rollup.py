"""``soanbaocao rollup`` as an office would run it: real processes, files, zips, DOCX, xlsx and PDF.

A province's quarter from five department files and a commune's year from its four quarters,
right to the unit (the sums are written by hand), shown in the forms with a row per unit.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

from desktop_app.document.forms import with_rollup_forms
from desktop_app.document.kind_package import install_package
from desktop_app.report import catalogue
from desktop_app.report.answers import Unit, dumps_report, load_answer_file, save_answer_file
from desktop_app.report.arrivals import arrival_from_bytes, read_inputs
from desktop_app.report.checks import evaluate_report
from desktop_app.report.periods import Period
from desktop_app.report.review_marks import REVIEW_MARK
from desktop_app.report.rollup_plan import COUNTED, Line, Parent, roll_up
from desktop_app.rollup_cli import print_table
from desktop_app.system.converters import docx_to_pdf, find_soffice
from tests.core.kindkit import exported, renamed, write_package
from tests.core.report.test_rollup_successions import YEAR_BY_HAND, YEAR_FILES
from tests.rollup_data import (
    COMMUNE,
    DEPARTMENT_SEED,
    MONTHLY_SEED,
    PHU_AN,
    PHU_BINH,
    PROVINCE,
    TAN_PHU,
    commune_quarter,
    departments,
    merged_quarter,
    seed,
    with_figures,
    write_answer_file,
)

ROOT = Path(__file__).resolve().parents[2]
UNITS = """# Các sở, ban, ngành
Sở Tư pháp
Sở Xây dựng
Sở Nội vụ
Sở Y tế
Ban Quản lý các khu công nghiệp
Sở Tài chính
"""

needs_soffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None, reason="no LibreOffice or poppler"
)


def soanbaocao(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *map(str, args)], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """What reached the province: three files in a folder, two in a zip, and strays."""
    folder = tmp_path / "thu_den"
    folder.mkdir()
    reports = departments()
    for report in reports[:3]:
        write_answer_file(folder / f"{report.unit.ky_hieu}.json", report)
    with zipfile.ZipFile(folder / "hai_so.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for report in reports[3:]:
            z.writestr(f"{report.unit.ky_hieu}.json", json.dumps(_dump(report), ensure_ascii=False))
    (folder / "cong_van.docx").write_bytes(b"PK\x03\x04")
    (folder / "hong.json").write_text('{"format": ', encoding="utf-8")
    stray = replace(reports[0], period=Period("quy", 2024, 4))
    write_answer_file(folder / "STP_quy4_2024.json", stray)
    parent = with_figures(replace(seed(DEPARTMENT_SEED), unit=PROVINCE, period=Period("quy", 2024, 4)), {})
    parent = parent.with_answers({**parent.answers, "tthc_giai_quyet_tw": 1500, "tthc_giai_quyet_dp": 70})
    write_answer_file(tmp_path / "tinh.json", parent)
    write_answer_file(folder / "tinh_quy1.json", replace(reports[1], unit=PROVINCE))  # the parent's own
    (tmp_path / "don_vi.txt").write_text(UNITS, encoding="utf-8")
    return tmp_path


def _dump(report: object) -> dict[str, object]:
    from desktop_app.report.answers import dump_report

    return dump_report(report)  # type: ignore[arg-type]


def run_province(inbox: Path) -> subprocess.CompletedProcess[str]:
    return soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025",
        "--unit-from", inbox / "tinh.json", "--units", inbox / "don_vi.txt",
        inbox / "thu_den", "-o", inbox / "tong_hop.json", "--excel", inbox / "bieu.xlsx",
    )  # fmt: skip


def test_a_provinces_quarter_from_five_department_files(inbox: Path) -> None:
    result = run_province(inbox)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    table = out.splitlines()

    def line(name: str) -> str:
        (found,) = [row for row in table if row.startswith(f"thu_den/{name} ")]
        return found

    for name in ("STP.json", "SXD.json", "SNV.json", "hai_so.zip › SYT.json", "hai_so.zip › BQL.json"):
        assert "Đã tính: Tính vào báo cáo tổng hợp." in line(name)
    lines = {
        name: line(name) for name in ("cong_van.docx", "hong.json", "STP_quy4_2024.json", "tinh_quy1.json")
    }
    assert "Bỏ qua: Không phải tệp trả lời" in lines["cong_van.docx"]
    assert "không phải JSON hợp lệ: dòng 1" in lines["hong.json"]
    assert "Kỳ khác: quý IV năm 2024" in lines["STP_quy4_2024.json"]
    assert "Báo cáo của chính UBND tỉnh An Giang" in lines["tinh_quy1.json"]
    assert "Đơn vị chưa gửi báo cáo (1): Sở Tài chính." in out
    assert "Sở Y tế chỉ ghi «Hồ sơ giải quyết trước và đúng hạn»" in out

    report = load_answer_file(inbox / "tong_hop.json")
    v = evaluate_report(report).values
    assert report.unit == PROVINCE and report.period == Period("quy", 2025, 1)
    assert (v["hs_moi_truc_tuyen"], v["hs_moi_truc_tiep"], v["hs_ky_truoc"], v["hs_tiep_nhan"]) == (
        356,
        114,
        28,
        498,
    )
    assert (v["hs_truoc_dung_han"], v["hs_qua_han"], v["hs_da_giai_quyet"]) == (435, 18, 453)
    assert (v["hs_dang_trong_han"], v["hs_dang_qua_han"], v["hs_dang_giai_quyet"]) == (38, 7, 45)
    assert (v["pakn_tiep_nhan"], v["pakn_da_xu_ly"], v["pakn_dang_xu_ly"]) == (10, 9, 1)
    assert (v["tthc_giai_quyet_tw"], v["tthc_giai_quyet"]) == (1500, 1570)  # the parent's own stock
    assert str(round(v["tl_truc_tuyen"], 2)) == "75.74"  # 356/470
    assert report.answers["phu_luc_05"] is True and report.answers["phu_luc_06"] is True
    assert report.rollup is not None and report.rollup.missing == ("Sở Tài chính",)
    assert [s.file for s in report.rollup.sources][-2:] == [
        "thu_den/hai_so.zip › SYT.json",
        "thu_den/hai_so.zip › BQL.json",
    ]


def test_a_workbook_that_cannot_be_written_is_said_after_the_table(inbox: Path) -> None:
    """The files are written while the workers read the units' texts; a failure is told after
    the table of what arrived, as it was when the files were written after it."""
    made = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025", "--unit-from", inbox / "tinh.json",
        inbox / "thu_den", "-o", inbox / "tong_hop.json", "--excel", inbox / "khong_co" / "bieu.xlsx",
    )  # fmt: skip
    assert made.returncode == 2, made.stdout + made.stderr
    assert "Đã tính: Tính vào báo cáo tổng hợp." in made.stdout
    assert made.stdout.rstrip().endswith(f"đã tạo {inbox / 'tong_hop.json'}")
    assert "Lỗi: Thư mục" in made.stderr and "khong_co" in made.stderr and "Traceback" not in made.stderr
    assert load_answer_file(inbox / "tong_hop.json").unit == PROVINCE
    assert not (inbox / "khong_co").exists()


def test_the_forms_list_each_unit_in_the_docx_and_the_workbook(inbox: Path) -> None:
    assert run_province(inbox).returncode == 0
    rendered = soanbaocao("render", inbox / "tong_hop.json", "-o", inbox / "tong_hop.docx")
    assert rendered.returncode == 0, rendered.stderr
    document = Document(str(inbox / "tong_hop.docx"))
    table = next(
        t for t in document.tables if "Từ kỳ trước chuyển qua" in t._tbl.xml and "Quá hạn" in t._tbl.xml
    )
    rows = [[c.text for c in row.cells] for row in table.rows]
    body = [r for r in rows if r[0] in ("I", "1", "2", "3", "4", "5", "")][-7:]
    assert [r[1] for r in body] == [
        "SỞ, BAN, NGÀNH VÀ CƠ QUAN CẤP TỈNH",
        "Sở Tư pháp",
        "Sở Xây dựng",
        "Sở Nội vụ",
        "Sở Y tế",
        "Ban Quản lý các khu công nghiệp",
        "Tổng cộng",
    ]
    assert body[1][2:] == ["105", "90", "10", "5", "95", "70", "20", "5", "10", "8", "2"]
    assert body[4][2:] == ["43", "0", "40", "3", "40", "38", "38", "2", "3", "3", "0"]  # one cell over two
    assert body[6][2:] == ["498", "356", "114", "28", "453", "435", "435", "18", "45", "38", "7"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"{REVIEW_MARK} Sở Nội vụ:" in text  # the units' words print marked

    ws = openpyxl.load_workbook(inbox / "bieu.xlsx")["Biểu 06b"]
    grid = [[ws.cell(row=r, column=c).value for c in range(1, 14)] for r in range(1, ws.max_row + 1)]
    labels = [row[1] for row in grid]
    first = labels.index("Sở Tư pháp") + 1
    assert labels[first - 2 : first + 5] == [
        "SỞ, BAN, NGÀNH VÀ CƠ QUAN CẤP TỈNH",
        "Sở Tư pháp",
        "Sở Xây dựng",
        "Sở Nội vụ",
        "Sở Y tế",
        "Ban Quản lý các khu công nghiệp",
        "Tổng cộng",
    ]
    total = grid[first + 4]
    assert total[2] == f"=SUM(C{first}:C{first + 4})"
    assert sum(grid[r][3] for r in range(first - 1, first + 4)) == 356  # what the formula adds up
    assert grid[first - 1][3:6] == [90, 10, 5]


def test_a_communes_year_from_its_four_quarters(tmp_path: Path) -> None:
    paths = [write_answer_file(tmp_path / f"q{q}.json", commune_quarter(q)) for q in (1, 2, 3, 4)]
    result = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025", *paths, "-o", tmp_path / "nam.json"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Đã tổng hợp 4 nguồn (các kỳ → kỳ dài hơn), năm 2025" in result.stdout
    report = load_answer_file(tmp_path / "nam.json")
    v = evaluate_report(report).values
    assert report.unit == COMMUNE and report.period == Period("nam", 2025)
    assert (v["hs_moi_truc_tuyen"], v["hs_moi_truc_tiep"], v["hs_ky_truoc"], v["hs_tiep_nhan"]) == (
        180,
        220,
        10,
        410,
    )
    assert (v["hs_truoc_han"], v["hs_dung_han"], v["hs_qua_han"], v["hs_da_giai_quyet"]) == (353, 43, 8, 404)
    assert (v["hs_dang_trong_han"], v["hs_dang_qua_han"]) == (5, 1)
    assert (v["pakn_moi"], v["pakn_ky_truoc"], v["pakn_da_xu_ly"], v["pakn_dang_xu_ly"]) == (6, 0, 5, 1)
    assert (v["tthc_giai_quyet_tw"], v["tthc_giai_quyet_dp"]) == (104, 9)
    assert str(round(v["tl_truoc_dung_han"], 2)) == "98.02"  # 396/404


def test_a_gap_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    paths = [write_answer_file(tmp_path / f"q{q}.json", commune_quarter(q)) for q in (1, 2, 4)]
    result = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025", *paths, "-o", tmp_path / "nam.json"
    )
    assert result.returncode == 1
    assert "thiếu quý III năm 2025" in result.stdout and "Không tạo tệp." in result.stdout
    assert not (tmp_path / "nam.json").exists()


def test_a_wrong_command_exits_2(tmp_path: Path) -> None:
    path = write_answer_file(tmp_path / "q1.json", commune_quarter(1))
    wrong_period = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "thang:1/2025", path, "-o", tmp_path / "x.json"
    )
    assert wrong_period.returncode == 2 and "không lập theo kỳ" in wrong_period.stdout
    wrong_suffix = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025", path, "-o", tmp_path / "x.docx"
    )
    assert wrong_suffix.returncode == 2 and "phải có đuôi .json" in wrong_suffix.stderr


def test_the_roll_up_never_writes_over_a_units_file(inbox: Path) -> None:
    folder = inbox / "thu_den"
    unit_file = folder / "STP.json"
    before = unit_file.read_bytes()
    for output, given in ((unit_file, folder), (unit_file, unit_file)):
        result = soanbaocao(
            "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025", given, "-o", output
        )
        assert result.returncode == 2 and "là một tệp đầu vào" in result.stderr
        assert unit_file.read_bytes() == before
    beside = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025", folder, "-o", folder / "tong_hop.json"
    )
    assert beside.returncode == 0, beside.stdout + beside.stderr  # a new name in the folder is fine


def test_an_own_kinds_reports_roll_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A province's own kind (installed from a package) rolls up like a built-in one."""
    monkeypatch.setenv("SOANBAOCAO_HOME", str(tmp_path / "home"))
    catalogue.forget()
    files = renamed(exported(tmp_path), "bao_cao_tinh_ag", "Báo cáo KSTTHC theo đề cương của tỉnh")
    install_package(write_package(tmp_path / "goi.zip", files))
    version = catalogue.in_force("bao_cao_tinh_ag", Period("quy", 2026, 1)).version
    folder = tmp_path / "in"
    folder.mkdir()
    for report in departments(Period("quy", 2026, 1))[:3]:
        own = replace(report, kind="bao_cao_tinh_ag", kind_version=version)
        write_answer_file(folder / f"{report.unit.ky_hieu}.json", own)
    made = soanbaocao(
        "rollup", "--kind", "bao_cao_tinh_ag", "--period", "quy:1/2026", folder, "-o", tmp_path / "th.json"
    )
    catalogue.forget()
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Đã tổng hợp 3 nguồn (các đơn vị → đơn vị tổng hợp)" in made.stdout
    data = json.loads((tmp_path / "th.json").read_text("utf-8"))
    assert data["kind"] == "bao_cao_tinh_ag"
    assert data["answers"]["hs_moi_truc_tuyen"] == 90 + 1 + 250


def test_the_workbook_of_a_2024_month_keeps_the_district_columns(tmp_path: Path) -> None:
    """Forms follow the version the roll-up is written with: a month of 2024 still has cấp huyện."""
    folder = tmp_path / "in"
    folder.mkdir()
    # a sở reports the cấp tỉnh figures; a huyện of 2024 its own and its communes'
    for name, cap in (("Sở Tư pháp", "so"), ("UBND huyện Lục Nam", "huyen")):
        unit = Unit(co_quan=name.upper(), ky_hieu="S", dia_danh="Bắc Giang", cap=cap, ten=name)
        write_answer_file(folder / f"{name}.json", replace(seed(MONTHLY_SEED), unit=unit))
    made = soanbaocao(
        "rollup", "--kind", "bao_cao_thang_cctthc", "--period", "thang:1/2024", folder,
        "-o", tmp_path / "th.json", "--excel", tmp_path / "th.xlsx",
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    sheet = openpyxl.load_workbook(tmp_path / "th.xlsx")["Theo cấp"]
    heads = {c.value for row in sheet.iter_rows(max_row=12) for c in row if isinstance(c.value, str)}
    assert {"Cấp tỉnh", "Cấp huyện", "Cấp xã"} <= heads
    rows = [line for line in made.stdout.splitlines() if line.startswith("in/")]
    assert len(rows) == 2 and all(" bao_cao_thang_cctthc " in row for row in rows)  # the whole kind id


def test_a_units_list_that_is_no_list_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """--units given a film by mistake, or a folder: refused from its size, in Vietnamese."""
    path = write_answer_file(tmp_path / "q1.json", commune_quarter(1))
    big = tmp_path / "phim.txt"
    with big.open("wb") as handle:
        handle.truncate(300 << 20)  # sparse: nothing is written, the size says 300 MiB
    for units, words in ((big, "quá lớn (300 MiB; tối đa 8 MiB)"), (tmp_path, "là một thư mục")):
        result = soanbaocao(
            "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025", "--units", units, path,
            "-o", tmp_path / "x.json",
        )  # fmt: skip
        assert result.returncode == 2 and words in result.stdout, result.stdout + result.stderr
        assert not (tmp_path / "x.json").exists()


@needs_soffice
@pytest.mark.soffice
def test_the_appendix_pages_in_pdf_show_every_unit_grouped_with_subtotals(tmp_path: Path) -> None:
    """Departments and communes together: two groups, each with its subtotal, and the total."""
    folder = tmp_path / "in"
    folder.mkdir()
    for report in departments()[:3]:
        write_answer_file(folder / f"{report.unit.ky_hieu}.json", report)
    for name in ("An Bình", "Mỹ Hòa"):
        unit = replace(COMMUNE, co_quan=f"UBND XÃ {name.upper()}", ten=f"UBND xã {name}")
        write_answer_file(folder / f"xa_{name}.json", replace(commune_quarter(1), unit=unit))
    parent = with_figures(replace(seed(DEPARTMENT_SEED), unit=PROVINCE, period=Period("quy", 2025, 1)), {})
    write_answer_file(tmp_path / "tinh.json", parent)
    made = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025", "--unit-from", tmp_path / "tinh.json",
        folder, "-o", tmp_path / "th.json", "--excel", tmp_path / "th.xlsx",
    )  # fmt: skip
    assert made.returncode == 0, made.stdout
    assert soanbaocao("render", tmp_path / "th.json", "-o", tmp_path / "th.docx").returncode == 0
    pdf = docx_to_pdf(tmp_path / "th.docx", tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    form06 = text[text.index("06b.VPCP.KSTTHC") :]  # the last Phụ lục, over two pages
    for name in (
        "Sở Tư pháp",
        "Sở Xây dựng",
        "Sở Nội vụ",
        "UBND xã An Bình",
        "UBND xã Mỹ Hòa",
        "Cộng",
        "Tổng cộng",
    ):
        assert name in form06, name
    # Departments 105 + 10 + 320 = 435, communes 110 + 110 = 220: subtotals, then 655.
    subtotals = [line.split() for line in form06.splitlines() if line.split()[:1] == ["Cộng"]]
    assert [n[1] for n in subtotals] == ["435", "220"]
    assert "655" in next(line for line in form06.splitlines() if "Tổng cộng" in line)
    ws = openpyxl.load_workbook(tmp_path / "th.xlsx")["Biểu 06b"]
    labels = [ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)]
    sub_rows = [r + 1 for r, label in enumerate(labels) if label == "Cộng"]
    total_row = labels.index("Tổng cộng") + 1
    first = labels.index("Sở Nội vụ") + 1  # units in the order of their names
    assert ws.cell(row=sub_rows[0], column=3).value == f"=SUM(C{first}:C{first + 2})"
    assert ws.cell(row=total_row, column=3).value == f"=SUM(C{first}:C{first + 2},C{first + 5}:C{first + 6})"


# ---------------------------------------------------------------- communes merged on 01/7/2025

PREDECESSORS = """# Xã mới <- các xã cũ (sáp nhập từ 01/7/2025)
UBND xã Tân Phú <- UBND xã Phú An; UBND xã Phú Bình
"""


@pytest.fixture
def merged_inbox(tmp_path: Path) -> Path:
    """Quý I–II/2025 from the two old communes, quý III–IV from the new one, in one folder."""
    folder = tmp_path / "cac_quy"
    folder.mkdir()
    for name, quarter in YEAR_FILES:
        report = merged_quarter(name, quarter)
        write_answer_file(folder / f"{report.unit.dia_danh}_quy{quarter}.json", report)
    return folder


def test_a_merged_communes_year_with_a_file_of_predecessors(tmp_path: Path, merged_inbox: Path) -> None:
    (tmp_path / "ke_thua.txt").write_text(PREDECESSORS, encoding="utf-8")
    out = tmp_path / "nam.json"
    args = ("rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025", merged_inbox, "-o", out)
    refused = soanbaocao(*args)
    assert refused.returncode == 1 and "không ghép đủ năm 2025" in refused.stdout and not out.exists()
    made = soanbaocao(*args[:5], "--predecessors", tmp_path / "ke_thua.txt", *args[5:])
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Đã tổng hợp 4 nguồn (các kỳ → kỳ dài hơn), năm 2025" in made.stdout
    (row,) = [line for line in made.stdout.splitlines() if line.startswith("cac_quy/Phú An_quy1.json")]
    assert "UBND xã Phú An → UBND xã" in row  # the unit column (cut to its width; the reason says all)
    assert (
        "UBND xã Phú Bình là đơn vị cũ của UBND xã Tân Phú (kế thừa từ ngày 01/7/2025): cộng với báo cáo "
        "cùng kỳ của UBND xã Phú An thành quý II năm 2025 của UBND xã Tân Phú, tính vào năm 2025."
    ) in made.stdout
    report = load_answer_file(out)
    assert report.unit.ten == "UBND xã Tân Phú"
    values = evaluate_report(report).values
    assert {f: values[f] for f in YEAR_BY_HAND} == YEAR_BY_HAND


def test_a_merged_communes_year_with_the_databases_successions(tmp_path: Path, merged_inbox: Path) -> None:
    from desktop_app.storage import Store

    db = tmp_path / "soanbaocao.db"
    with Store.open(db) as store:
        new = store.add_unit(TAN_PHU)
        store.set_successors(new, [store.add_unit(PHU_AN), store.add_unit(PHU_BINH)])
    out = tmp_path / "nam.json"
    made = soanbaocao(
        "--db", db, "rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025", merged_inbox, "-o", out
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert made.stdout.count("là đơn vị cũ của UBND xã Tân Phú") == 4
    values = evaluate_report(load_answer_file(out)).values
    assert {f: values[f] for f in YEAR_BY_HAND} == YEAR_BY_HAND
    missing = soanbaocao(
        "--db", tmp_path / "khong_co.db", "rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025",
        merged_inbox, "-o", out,
    )  # fmt: skip
    assert missing.returncode == 2 and "Không có cơ sở dữ liệu" in missing.stdout
    assert not (tmp_path / "khong_co.db").exists()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("UBND xã Tân Phú = UBND xã Phú An\n", "«ke_thua.txt»: dòng 1: thiếu «<-»"),
        (
            "\ufeffUBND xã Tân Phú <- UBND xã Phú An; từ ngày 30/02/2025\n",
            "ngày «từ ngày 30/02/2025» không có thật",
        ),
        # «ANSI» of an English Windows: «Mỹ» was saved as «M?»
        (
            "UBND xã Tân Phú <- UBND xã Mỹ An".encode("cp1252", errors="replace"),
            "các chữ có dấu đã thành «?»",
        ),
        (None, "là một thư mục"),
        (300 << 20, "quá lớn (300 MiB; tối đa 8 MiB)"),
    ],
)
def test_a_wrong_file_of_predecessors_is_refused_plainly(
    tmp_path: Path, merged_inbox: Path, content: str | bytes | int | None, said: str
) -> None:
    path = tmp_path / "ke_thua.txt"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, int):
        with path.open("wb") as handle:
            handle.truncate(content)  # sparse: the size says it all
    else:
        path = tmp_path
    result = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025", "--predecessors", path, merged_inbox,
        "-o", tmp_path / "x.json",
    )  # fmt: skip
    assert result.returncode == 2 and said in result.stdout, result.stdout + result.stderr
    assert result.stdout.startswith("Lỗi: Danh sách đơn vị kế thừa") and not (tmp_path / "x.json").exists()


def test_a_provinces_year_lists_the_merged_commune_in_the_forms(tmp_path: Path, merged_inbox: Path) -> None:
    """Units → parent: Tân Phú's row in the workbook is its old communes' quý I–II and its own III–IV."""
    for quarter in (1, 2, 3, 4):
        write_answer_file(merged_inbox / f"My_Hoa_quy{quarter}.json", commune_quarter(quarter))
    (tmp_path / "ke_thua.txt").write_text(PREDECESSORS, encoding="utf-8")
    parent = with_figures(replace(seed(DEPARTMENT_SEED), unit=PROVINCE, period=Period("nam", 2024)), {})
    write_answer_file(tmp_path / "tinh.json", parent)
    made = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025", "--unit-from", tmp_path / "tinh.json",
        "--predecessors", tmp_path / "ke_thua.txt", merged_inbox, "-o", tmp_path / "th.json",
        "--excel", tmp_path / "th.xlsx",
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Đã tổng hợp 2 nguồn (các đơn vị → đơn vị tổng hợp), năm 2025" in made.stdout
    ws = openpyxl.load_workbook(tmp_path / "th.xlsx")["Biểu 06b"]
    grid = [[ws.cell(row=r, column=c).value for c in range(1, 14)] for r in range(1, ws.max_row + 1)]
    rows = {row[1]: row for row in grid}
    # received online, in person, carried in | resolved early, on time, late | pending in time, late
    assert rows["UBND xã Tân Phú"][3:6] == [162, 218, 6]
    assert rows["UBND xã Tân Phú"][7:10] + rows["UBND xã Tân Phú"][11:13] == [314, 51, 13, 6, 2]
    assert rows["UBND xã Mỹ Hòa"][3:6] == [180, 220, 10]
    assert "UBND xã Phú An" not in rows and "UBND xã Phú Bình" not in rows
    values = evaluate_report(load_answer_file(tmp_path / "th.json")).values
    assert (values["hs_moi_truc_tuyen"], values["hs_ky_truoc"], values["hs_da_giai_quyet"]) == (
        342,
        16,
        378 + 404,
    )


def test_excel_for_a_plan_is_refused_before_anything_is_read_or_written(tmp_path: Path) -> None:
    """A plan has no forms: ``--excel`` is a wrong command (exit 2) and nothing is written, as
    with ``render --excel``; the roll-up's file used to be made first, then «Lỗi» and exit 2."""
    plan = seed("004_dbb53274ea895b03")
    period = Period("nam", 2026)
    unit = Unit(
        "SỞ TÀI CHÍNH", "STC", "Đồng Nai", "so", co_quan_chu_quan="UBND TỈNH ĐỒNG NAI", ten="Sở Tài chính"
    )
    folder = tmp_path / "thu_den"
    folder.mkdir()
    write_answer_file(folder / "stc.json", replace(plan, unit=unit, period=period))
    made = soanbaocao(
        "rollup", "--kind", "ke_hoach_kstthc", "--period", "nam:2026", folder,
        "-o", tmp_path / "tong_hop.json", "--excel", tmp_path / "bieu.xlsx",
    )  # fmt: skip
    assert made.returncode == 2, made.stdout + made.stderr
    assert "Kế hoạch kiểm soát thủ tục hành chính năm không có biểu thống kê" in made.stderr
    assert "Traceback" not in made.stderr and "Đã tính" not in made.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thu_den"]
    without = soanbaocao(
        "rollup",
        "--kind",
        "ke_hoach_kstthc",
        "--period",
        "nam:2026",
        folder,
        "-o",
        tmp_path / "tong_hop.json",
    )
    assert without.returncode == 0, without.stdout + without.stderr
    assert "Sở Tài chính" in load_answer_file(tmp_path / "tong_hop.json").answers["nhiem_vu"][1]["chu_tri"]


def province_quarters(folder: Path, skipped: tuple[int, str] | None = None) -> Path:
    """The province's four quarterly roll-ups of its five departments, as the app writes them.

    Each quarter has figures of its own, so that a year can be told from a sum of anything:
    department ``i`` received ``q × (i + 1)`` files online in quarter ``q``, had ``10q + i``
    carried in, and ``100q + i`` pending in time at its end. ``skipped``: (quarter, department)
    that sent nothing that quarter.
    """
    folder.mkdir()
    for q in (1, 2, 3, 4):
        period = Period("quy", 2025, q)
        inbox = folder.parent / f"don_vi_quy{q}"  # the departments' files stay out of the year's inputs
        inbox.mkdir()
        for i, report in enumerate(departments(period)):
            if skipped == (q, report.unit.ten):
                continue
            figures = {
                "hs_moi_truc_tuyen": q * (i + 1),
                "hs_ky_truoc": 10 * q + i,
                "hs_dang_trong_han": 100 * q + i,
            }
            write_answer_file(inbox / f"{i}.json", report.with_answers({**report.answers, **figures}))
        run = roll_up(read_inputs([inbox]), "bao_cao_kstthc", period, Parent(PROVINCE))
        assert run.report is not None, run.problem
        save_answer_file(
            with_rollup_forms(run.report), folder / f"tinh_quy{q}.json", datetime(2025, 3 * q, 20)
        )
    return folder


def roll_up_year(quarters: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``rollup`` of the year 2025 from ``quarters``, into ``out``.json and ``out``.xlsx."""
    return soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025", quarters,
        "-o", out.with_suffix(".json"), "--excel", out.with_suffix(".xlsx"),
    )  # fmt: skip


def form_rows_of(workbook: Path) -> dict[str, list[Any]]:
    ws = openpyxl.load_workbook(workbook)["Biểu 06b"]
    grid = [[ws.cell(row=r, column=c).value for c in range(1, 14)] for r in range(1, ws.max_row + 1)]
    return {row[1]: row for row in grid if row[1]}


def test_a_provinces_year_from_its_quarterly_roll_ups_keeps_a_row_per_unit(tmp_path: Path) -> None:
    """Periods → year, when each quarter is itself a roll-up of units: the year's forms list each
    department with its year (received summed, carried in from quý I, pending from quý IV),
    as its quarters' forms did; they used to hold one row, the province's."""
    quarters = province_quarters(tmp_path / "quy")
    made = roll_up_year(quarters, tmp_path / "nam")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Đã tổng hợp 4 nguồn (các kỳ → kỳ dài hơn), năm 2025" in made.stdout
    rows = form_rows_of(tmp_path / "nam.xlsx")
    names = [report.unit.ten for report in departments()]
    assert "UBND tỉnh An Giang" not in rows
    for i, name in enumerate(names):
        # received online (4) and carried in (6); pending in time (12)
        assert (rows[name][3], rows[name][5], rows[name][11]) == (10 * (i + 1), 10 + i, 400 + i), name
    total = rows["Tổng cộng"]
    assert total[3] == "=SUM(D11:D15)" and total[0] is None
    year = load_answer_file(tmp_path / "nam.json")
    values = evaluate_report(year).values
    assert (values["hs_moi_truc_tuyen"], values["hs_ky_truoc"], values["hs_dang_trong_han"]) == (
        sum(10 * (i + 1) for i in range(5)),
        sum(10 + i for i in range(5)),
        sum(400 + i for i in range(5)),
    )  # the same totals as the rows
    assert json.loads((tmp_path / "nam.json").read_text(encoding="utf-8"))["format"] == "soanbaocao.answers/2"
    assert year.rollup is not None and [s.file for s in year.rollup.sources] == [
        f"quy/tinh_quy{q}.json" for q in (1, 2, 3, 4)
    ]  # what was counted is still the four quarters' files

    rendered = soanbaocao("render", tmp_path / "nam.json", "-o", tmp_path / "nam.docx")
    assert rendered.returncode == 0, rendered.stderr
    tables = Document(str(tmp_path / "nam.docx")).tables
    table = next(t for t in tables if "Trực tuyến" in t._tbl.xml and "Từ kỳ trước chuyển qua" in t._tbl.xml)
    printed = {row.cells[1].text: [c.text for c in row.cells] for row in table.rows}
    assert printed["Sở Nội vụ"][3] == str(10 * (names.index("Sở Nội vụ") + 1))


def test_a_unit_missing_from_a_quarter_is_named_and_a_quarter_of_the_provinces_own_gives_one_row(
    tmp_path: Path,
) -> None:
    quarters = province_quarters(tmp_path / "quy", skipped=(4, "Sở Y tế"))
    made = roll_up_year(quarters, tmp_path / "nam")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Sở Y tế không có trong báo cáo tổng hợp của mọi kỳ" in made.stdout
    rows = form_rows_of(tmp_path / "nam.xlsx")
    names = [report.unit.ten for report in departments()]
    # no stock at the year's end for a unit absent from quý IV (its quý III figure would not be
    # the year's), and its three quarters received; so the rows add up to the year's totals
    assert rows["Sở Y tế"][11] is None and rows["Sở Y tế"][3] == (1 + 2 + 3) * 4
    values = evaluate_report(load_answer_file(tmp_path / "nam.json")).values
    assert sum(rows[name][11] or 0 for name in names) == values["hs_dang_trong_han"]
    assert sum(rows[name][3] for name in names) == values["hs_moi_truc_tuyen"]

    own = load_answer_file(quarters / "tinh_quy4.json")
    write_answer_file(quarters / "tinh_quy4.json", replace(own, rollup=None))  # typed by the province
    again = roll_up_year(quarters, tmp_path / "nam2")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Biểu chỉ có một dòng (của cả đơn vị): quý IV năm 2025 không phải báo cáo tổng hợp" in again.stdout
    rows = form_rows_of(tmp_path / "nam2.xlsx")
    assert "UBND tỉnh An Giang" in rows and "Sở Nội vụ" not in rows
    assert (
        json.loads((tmp_path / "nam2.json").read_text(encoding="utf-8"))["format"] == "soanbaocao.answers/1"
    )


def test_a_parent_file_of_another_kind_gives_its_unit_but_not_its_title(tmp_path: Path, inbox: Path) -> None:
    """``--unit-from`` the province's plan for 2025: the quarter's report takes the unit and the
    signer, and prints its own kind's trích yếu, not «Kế hoạch kiểm soát … năm 2025»."""
    plan = replace(seed("004_dbb53274ea895b03"), unit=PROVINCE, period=Period("nam", 2025))
    plan = replace(plan, document=replace(plan.document, trich_yeu="Kiểm soát thủ tục hành chính năm 2025"))
    write_answer_file(tmp_path / "ke_hoach.json", plan)
    made = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025",
        "--unit-from", tmp_path / "ke_hoach.json", inbox / "thu_den", "-o", tmp_path / "th.json",
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    report = load_answer_file(tmp_path / "th.json")
    assert report.unit == PROVINCE and report.document.nguoi_ky == plan.document.nguoi_ky
    assert report.document.trich_yeu == ""  # the kind's own title is printed


def test_the_table_prints_a_half_year_whole(capsys: pytest.CaptureFixture[str]) -> None:
    """«6 tháng cuối năm 2025» in the «Kỳ» column, not «6 tháng cuối năm…»."""
    half = replace(commune_quarter(3), period=Period("6thang", 2025, 2))
    arrival = arrival_from_bytes("xa.json", dumps_report(half).encode("utf-8"), None)
    print_table([Line(arrival, COUNTED, "Tính vào năm 2025.")])
    assert "6 tháng cuối năm 2025 " in capsys.readouterr().out
