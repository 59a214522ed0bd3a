"""export-all / import-all carry a parent's list of units and a roll-up's unit files, each
checked before it is written: a file that does not inflate to its hash, or inflates past the
limit, is listed and left out; a kind copy whose content does not match its hash too, with the
reports that need it. Real databases, a real package reopened and tampered with."""

from __future__ import annotations

import base64
import json
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from desktop_app.storage import RollupFile, StorageError, Store
from desktop_app.storage.rows import MAX_STORED_BYTES
from tests.core.conftest import db_content
from tests.core.storage.test_storage_rollups import file_of, run_of
from tests.rollup_data import PROVINCE

MEMBER = "soanbaocao.json"
UNITS = ["Sở Tư pháp", "Sở Xây dựng", "Sở Nội vụ"]


def parent_with_a_roll_up(path: Path) -> tuple[int, list[RollupFile]]:
    files = [file_of(i) for i in range(3)]
    run = run_of(files)
    assert run.report is not None
    with Store.open(path) as store:
        unit_id = store.add_unit(PROVINCE)
        store.set_subordinate_units(unit_id, UNITS)
        return store.create_rollup(unit_id, run.report, files), files


def read_package(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as z:
        data: dict[str, Any] = json.loads(z.read(MEMBER))
    return data


def write_package(path: Path, payload: dict[str, Any]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(MEMBER, json.dumps(payload, ensure_ascii=False))
    return path


@pytest.fixture
def package(tmp_path: Path) -> tuple[Path, int, list[RollupFile]]:
    report_id, files = parent_with_a_roll_up(tmp_path / "tinh.db")
    with Store.open(tmp_path / "tinh.db") as store:
        store.export_all(tmp_path / "tinh.zip")
    return tmp_path / "tinh.zip", report_id, files


def test_the_list_of_units_and_the_roll_ups_files_reach_the_other_pc(
    tmp_path: Path, package: tuple[Path, int, list[RollupFile]]
) -> None:
    path, report_id, files = package
    with Store.open(tmp_path / "khac.db") as other:
        summary = other.import_all(path)
        assert summary.added["subordinate_units"] == 3 and summary.added["rollup_files"] == 3
        (unit,) = other.units()
        assert other.subordinate_units(unit.id) == UNITS
        kept = other.rollup_files(report_id)
        assert [(f.name, f.sha256, f.data) for f in kept] == [(f.name, f.sha256, f.data) for f in files]
        again = other.import_all(path, merge=True)  # the same package twice adds nothing
        assert again.added.get("rollup_files", 0) == 0 and again.added.get("subordinate_units", 0) == 0
        assert len(other.rollup_files(report_id)) == 3


def tampered(payload: dict[str, Any], table: str, column: str, value: Any) -> dict[str, Any]:
    payload["tables"][table][0][column] = value
    return payload


def test_a_unit_file_that_is_not_what_its_hash_says_is_left_out_and_named(
    tmp_path: Path, package: tuple[Path, int, list[RollupFile]]
) -> None:
    path, report_id, _files = package
    other_bytes = zlib.compress(b'{"format": "soanbaocao.answers/1"}')
    payload = tampered(read_package(path), "rollup_files", "data", _b64(other_bytes))
    with Store.open(tmp_path / "khac.db") as other:
        summary = other.import_all(write_package(tmp_path / "sua.zip", payload))
        assert any("tệp tổng hợp" in d and "không khớp mã băm" in d for d in summary.damaged)
        assert len(other.rollup_files(report_id)) == 2  # the two sound files, and the report itself
        assert other.load_report(report_id).rollup is not None


def test_a_unit_file_that_inflates_past_the_limit_is_refused_without_being_inflated(
    tmp_path: Path, package: tuple[Path, int, list[RollupFile]]
) -> None:
    path, _report_id, _files = package
    bomb = zlib.compress(b"0" * (MAX_STORED_BYTES + 1024 * 1024), 9)  # about 17 MiB from a few KB
    assert len(bomb) < 100_000
    payload = tampered(read_package(path), "rollup_files", "data", _b64(bomb))
    with Store.open(tmp_path / "khac.db") as other:
        summary = other.import_all(write_package(tmp_path / "bom.zip", payload))
        assert any("lớn quá giới hạn" in d for d in summary.damaged)


def test_a_kind_copy_whose_content_is_not_its_hash_takes_its_reports_out_with_it(
    tmp_path: Path, package: tuple[Path, int, list[RollupFile]]
) -> None:
    path, _report_id, _files = package
    payload = read_package(path)
    copy = payload["tables"]["kind_copies"][0]
    copy["toml"] = copy["toml"].replace("BÁO CÁO", "BAO CAO", 1)
    with Store.open(tmp_path / "khac.db") as other:
        summary = other.import_all(write_package(tmp_path / "loai.zip", payload))
        assert any("bản lưu loại văn bản" in d and "không khớp mã băm" in d for d in summary.damaged)
        assert any("báo cáo số" in d and "bản lưu loại văn bản của nó" in d for d in summary.damaged)
        assert other.list_reports() == []


def test_a_reference_to_a_report_the_package_lacks_refuses_it_all(
    tmp_path: Path, package: tuple[Path, int, list[RollupFile]]
) -> None:
    path, _report_id, _files = package
    payload = tampered(read_package(path), "rollup_files", "report_id", 999)
    target = tmp_path / "khac.db"
    with Store.open(target):
        pass
    before = db_content(target)
    with Store.open(target) as other, pytest.raises(StorageError, match="không nhất quán"):
        other.import_all(write_package(tmp_path / "tro.zip", payload))
    assert db_content(target) == before


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
