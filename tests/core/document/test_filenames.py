import re
from pathlib import Path

import pytest

from desktop_app.document.filenames import MAX_NAME, another_name, output_file_name
from desktop_app.report.answers import load_answer_file
from desktop_app.report.kinds import load_kind
from desktop_app.report.periods import Period
from tests.core.conftest import SEED_FIXTURES


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("000_a555c7217f5d5664", "BC-KSTTHC-Quy-II-2024-So-Ngoai-vu.docx"),
        ("003_bc5ae3b32bd5b2c1", "BC-CCTTHC-Thang-01-2024-UBND-tinh-Bac-Giang.docx"),
        ("004_dbb53274ea895b03", "KH-KSTTHC-Nam-2024-So-Ngoai-vu.docx"),
        ("002_783f40fcc350287c", "BC-KSTTHC-01-01-2023-20-11-2023-Uy-ban-nhan-dan-huyen-Tra-Cu.docx"),
    ],
)
def test_names_read_well_and_travel(stem: str, expected: str) -> None:
    report = load_answer_file(SEED_FIXTURES / f"{stem}.json")
    assert output_file_name(load_kind(report.kind), report.period, report.unit) == expected


def test_names_are_windows_safe_and_bounded() -> None:
    report = load_answer_file(SEED_FIXTURES / "002_783f40fcc350287c.json")
    unit = report.unit.__class__(**{**report.unit.__dict__, "ten": 'Đơn vị <A>:"B"/C\\D|E?*F ' * 20})
    name = output_file_name(load_kind(report.kind), Period.parse("tuy_chon:2023-01-01..2023-11-20"), unit)
    assert re.fullmatch(r"[A-Za-z0-9-]+\.docx", name)
    assert len(name) <= MAX_NAME + len(".docx")


def test_another_name_is_free_and_does_not_pile_up_numbers(tmp_path: Path) -> None:
    locked = tmp_path / "BC-KSTTHC-Quy-II-2024.docx"
    locked.write_bytes(b"x")
    assert another_name(locked) == tmp_path / "BC-KSTTHC-Quy-II-2024-ban-2.docx"
    (tmp_path / "BC-KSTTHC-Quy-II-2024-ban-2.docx").write_bytes(b"x")
    second = another_name(tmp_path / "BC-KSTTHC-Quy-II-2024-ban-2.docx")
    assert second == tmp_path / "BC-KSTTHC-Quy-II-2024-ban-3.docx"
    assert not second.exists()
