"""``rollup --units`` and ``--predecessors`` given lists saved as Windows' Notepad and Excel save them.

An official makes the list in Notepad («UTF-8», «UTF-8 with BOM», «Unicode», «Unicode big endian»,
«ANSI») or copies it out of Excel («Save as › Unicode Text»); each was refused with «phải là tệp
chữ UTF-8» but UTF-8. Real files written with Python's codecs, the real command in a process.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.core.report.test_rollup_successions import YEAR_FILES
from tests.core.system.test_text_files import cp1258
from tests.core.test_cli_rollup import PREDECESSORS, UNITS, soanbaocao
from tests.rollup_data import departments, merged_quarter, write_answer_file

EXCEL_TABLE = "STT\tTên đơn vị\r\n" + "".join(
    f"{n}\t{name}\r\n" for n, name in enumerate(UNITS.splitlines()[1:], 1)
)
SAVED = {
    "utf-8-sig": codecs.BOM_UTF8 + UNITS.encode("utf-8"),
    "unicode": codecs.BOM_UTF16_LE + UNITS.replace("\n", "\r\n").encode("utf-16-le"),
    "unicode-big-endian": codecs.BOM_UTF16_BE + UNITS.replace("\n", "\r\n").encode("utf-16-be"),
    "ansi-1258": cp1258(UNITS.replace("\n", "\r\n")),
    "excel-unicode-text": codecs.BOM_UTF16_LE + EXCEL_TABLE.encode("utf-16-le"),
}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five of the six departments' files: «Sở Tài chính» sent nothing."""
    folder = tmp_path_factory.mktemp("thu_den")
    for report in departments():
        write_answer_file(folder / f"{report.unit.ky_hieu}.json", report)
    return folder


@pytest.mark.parametrize("saved", SAVED)
def test_a_units_list_saved_by_notepad_or_excel_names_the_unit_that_sent_nothing(
    tmp_path: Path, inbox: Path, saved: str
) -> None:
    units = tmp_path / "don_vi.txt"
    units.write_bytes(SAVED[saved])
    result = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025", "--units", units, inbox,
        "-o", tmp_path / "tong_hop.json",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Đơn vị chưa gửi báo cáo (1): Sở Tài chính." in result.stdout
    assert result.stdout.count("Đã tính: Tính vào báo cáo tổng hợp.") == 5


def test_a_units_list_typed_in_tcvn3_is_read_and_said(tmp_path: Path, inbox: Path) -> None:
    units = tmp_path / "don_vi.txt"
    # «Sở Tư pháp», «Sở Tài chính» as an old document typed with .VnTime holds them
    units.write_bytes(b"S\xeb T\xad ph\xb8p\r\nS\xeb T\xb5i ch\xddnh\r\n")
    result = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025", "--units", units, inbox,
        "-o", tmp_path / "tong_hop.json",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Đơn vị chưa gửi báo cáo (1): Sở Tài chính." in result.stdout
    assert "Tệp «don_vi.txt» được gõ bằng mã TCVN3 (ABC): đã chuyển sang Unicode." in result.stderr


def test_a_units_list_saved_as_ansi_on_an_english_windows_is_refused_with_what_to_do(
    tmp_path: Path, inbox: Path
) -> None:
    units = tmp_path / "don_vi.txt"
    units.write_bytes(UNITS.encode("cp1252", errors="replace"))  # «S? T? pháp»: the letters are lost
    out = tmp_path / "tong_hop.json"
    result = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "quy:1/2025", "--units", units, inbox, "-o", out
    )
    assert result.returncode == 2 and not out.exists()
    assert "Lỗi: Danh sách đơn vị: Tệp «don_vi.txt» được lưu kiểu «ANSI»" in result.stdout
    assert "(dòng 2: «S? T? pháp»)" in result.stdout and "ô Encoding chọn «UTF-8»" in result.stdout


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"),
        lambda text: cp1258(text.replace("\n", "\r\n")),
    ],
    ids=["unicode", "ansi-1258"],
)
def test_a_file_of_predecessors_saved_by_notepad_merges_the_communes(
    tmp_path: Path, encode: Callable[[str], bytes]
) -> None:
    folder = tmp_path / "cac_quy"
    folder.mkdir()
    for name, quarter in YEAR_FILES:
        report = merged_quarter(name, quarter)
        write_answer_file(folder / f"{report.unit.dia_danh}_quy{quarter}.json", report)
    lineage = tmp_path / "ke_thua.txt"
    lineage.write_bytes(encode(PREDECESSORS))
    made = soanbaocao(
        "rollup", "--kind", "bao_cao_kstthc", "--period", "nam:2025", "--predecessors", lineage, folder,
        "-o", tmp_path / "nam.json",
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    assert made.stdout.count("là đơn vị cũ của UBND xã Tân Phú") == 4
