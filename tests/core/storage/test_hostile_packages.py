"""Poisoned packages and damaged rows (issue 14): import-all checks every row before writing,
a damaged row never stops the listing, and a refused import changes nothing in the database."""

from __future__ import annotations

import copy
import io
import json
import re
import sqlite3
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest

from desktop_app import storage
from desktop_app.cli import main
from desktop_app.storage import ReportDamagedError, StorageError, Store
from desktop_app.system import datadir
from tests.core.conftest import SEED_FIXTURES, db_content, is_vietnamese

SEEDS = sorted(SEED_FIXTURES.glob("*.json"))


@pytest.fixture
def package(tmp_path: Path) -> dict[str, Any]:
    """The decoded export of a database holding the seed reports, one edited once."""
    with Store.open(tmp_path / "nguon" / "soanbaocao.db") as store:
        ids = [store.import_report(p) for p in SEEDS]
        report = store.load_report(ids[0])
        store.save_report(ids[0], report.with_answers({**report.answers, "hs_moi_truc_tiep": 7}))
        store.export_all(tmp_path / "nguon.zip")
    with zipfile.ZipFile(tmp_path / "nguon.zip") as archive:
        payload: dict[str, Any] = json.loads(archive.read("soanbaocao.json"))
    return payload


def write_package(path: Path, payload: Any, raw: str | None = None) -> Path:
    text = raw if raw is not None else json.dumps(payload, ensure_ascii=False)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("soanbaocao.json", text)
    return path


def with_report(payload: dict[str, Any], **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(payload)
    changed["tables"]["reports"][0].update(changes)
    return changed


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A database that already holds a report of its own (so a merge backs it up first)."""
    path = tmp_path / "dich" / "soanbaocao.db"
    with Store.open(path) as store:
        store.import_report(SEEDS[1])
    return path


# ---------------------------------------------------------------- rows checked before writing


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"period_type": "zzz"}, "period_type"),
        ({"updated": "yesterday"}, "updated"),
        ({"data": {"kind": "x"}}, "nội dung không đọc được"),
        ({"status": "xong"}, "trạng thái"),
        ({"so": "²"}, "cột «so»"),
        ({"uid": "khong-phai-uuid"}, "mã nhận diện"),
        ({"year": 10**40}, "cột «year»"),
    ],
    ids=["period-zzz", "updated-yesterday", "data-kind-x", "status", "so", "uid", "year"],
)
def test_a_damaged_report_row_is_listed_and_left_out_with_its_history(
    package: dict[str, Any], target: Path, tmp_path: Path, changes: dict[str, Any], words: str
) -> None:
    bad_id = package["tables"]["reports"][0]["id"]
    path = write_package(tmp_path / "goi.zip", with_report(package, **changes))
    with Store.open(target) as store:
        summary = store.import_all(path, merge=True)
        assert len(summary.damaged) == 1 and words in summary.damaged[0]
        assert f"báo cáo số {bad_id}" in summary.damaged[0]
        text = summary.describe()
        assert "KHÔNG nhập 1 dòng hỏng" in text and is_vietnamese(text)
        infos = store.list_reports()
        assert len(infos) == len(SEEDS)  # its own one plus the package's good ones
        for info in infos:
            assert not info.damaged
            store.load_report(info.id)
            for revision in store.revisions(info.id):
                store.load_revision(info.id, revision.n)
    backups = datadir.list_backups(datadir.backups_dir(target))
    assert [b.name.endswith("-truoc-nhap.db") for b in backups] == [True]


def test_the_command_line_names_the_rows_left_out(
    package: dict[str, Any], target: Path, tmp_path: Path
) -> None:
    path = write_package(tmp_path / "goi.zip", with_report(package, period_type="zzz"))
    assert main(["--db", str(target), "import-all", "--merge", str(path)]) == 1
    assert main(["--db", str(target), "reports"]) == 0
    assert main(["--db", str(target), "history", "1"]) == 0


def broken_references(payload: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(payload)
    changed["tables"]["revisions"][0]["report_id"] = 999
    return changed


def unit_missing(payload: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(payload)
    changed["tables"]["reports"][0]["unit_id"] = 999
    return changed


def repeated_ids(payload: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(payload)
    changed["tables"]["units"].append(copy.deepcopy(changed["tables"]["units"][0]))
    return changed


def not_objects(payload: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(payload)
    changed["tables"]["reports"][0] = [1, 2, 3]
    return changed


def newer(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "schema": 99}


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            broken_references,
            r"phiên bản số \d+ thuộc báo cáo số 999, nhưng trong tệp không có báo cáo số 999",
        ),
        (unit_missing, r"báo cáo số \d+ thuộc đơn vị số 999, nhưng trong tệp không có đơn vị số 999"),
        (repeated_ids, "không nhất quán .phần «đơn vị» có hai dòng cùng số thứ tự"),
        (not_objects, "không nhất quán .phần «báo cáo» có dòng không đọc được"),
        (newer, "mới hơn"),
        (lambda p: {**p, "format": "khac"}, "không phải tệp xuất"),
        (lambda p: [p], "không phải tệp xuất"),
        (lambda p: {**p, "tables": {"units": "x"}}, "thiếu hoặc sai"),
    ],
    ids=["reference", "unit-reference", "repeated-id", "not-object", "newer", "format", "list", "tables"],
)
def test_a_package_that_cannot_fit_together_is_refused_and_nothing_changes(
    package: dict[str, Any], target: Path, tmp_path: Path, make: Any, words: str
) -> None:
    path = write_package(tmp_path / "goi.zip", make(package))
    before = db_content(target)
    with Store.open(target) as store, pytest.raises(StorageError, match=words) as err:
        store.import_all(path, merge=True)
    assert is_vietnamese(str(err.value))
    assert not re.search(r"\b(bảng|units|reports|revisions|id)\b", str(err.value)), str(err.value)
    assert db_content(target) == before
    assert datadir.list_backups(datadir.backups_dir(target)) == []  # refused before the backup


def zipped(payload: dict[str, Any], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("soanbaocao.json", json.dumps(payload))
    return buffer.getvalue()


def flagged(data: bytes, flag: int = 0, method: int | None = None) -> bytes:
    out = bytearray(data)
    for signature, flags, compression in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        at = out.find(signature)
        out[at + flags] |= flag
        if method is not None:
            struct.pack_into("<H", out, at + compression, method)
    return bytes(out)


def bomb(tmp_path: Path) -> bytes:
    path = tmp_path / "bom.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("soanbaocao.json", "w", force_zip64=True) as member,
    ):
        for _ in range(600):  # 600 MiB of spaces in well under 1 MiB
            member.write(b" " * (1 << 20))
    return path.read_bytes()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p, t: flagged(zipped(p), flag=0x01), "mật khẩu"),
        (lambda p, t: flagged(zipped(p), method=98), "PPMd"),
        (lambda p, t: bomb(t), "bom nén|quá lớn"),
        (
            lambda p, t: json.dumps(p).replace('"schema": ', '"schema": ' + "[" * 100_000).encode(),
            "lồng nhau",
        ),
        (lambda p, t: zipped(p)[:300], "hỏng|không có"),
    ],
    ids=["encrypted", "ppmd", "bomb", "nested", "cut"],
)
def test_a_hostile_archive_is_refused_before_reading_and_nothing_changes(
    package: dict[str, Any], target: Path, tmp_path: Path, make: Any, words: str
) -> None:
    path = tmp_path / "goi.zip"
    path.write_bytes(make(package, tmp_path))
    before = db_content(target)
    with Store.open(target) as store, pytest.raises(StorageError, match=words) as err:
        store.import_all(path, merge=True)
    assert is_vietnamese(str(err.value))
    assert db_content(target) == before


def test_without_merge_a_database_with_data_is_refused_unchanged(
    package: dict[str, Any], target: Path
) -> None:
    path = write_package(target.parent / "goi.zip", package)
    before = db_content(target)
    with Store.open(target) as store, pytest.raises(StorageError, match="--merge"):
        store.import_all(path)
    assert db_content(target) == before


# ---------------------------------------------------------------- damaged rows already in a database


def damage_rows(path: Path) -> None:
    """What an older version or a disk error could leave: three kinds of damage, one row each."""
    conn = sqlite3.connect(path)
    with conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM reports ORDER BY id")]
        conn.execute("UPDATE reports SET period_type = 'zzz' WHERE id = ?", [ids[0]])
        conn.execute("UPDATE reports SET updated = 'yesterday' WHERE id = ?", [ids[1]])
        conn.execute("""UPDATE reports SET data = '{"kind": "x"}' WHERE id = ?""", [ids[2]])
        conn.execute("UPDATE revisions SET data = X'00ff' WHERE report_id = ? AND n = 1", [ids[3]])
    conn.close()


def test_damaged_rows_are_listed_as_damaged_and_the_others_open(tmp_path: Path) -> None:
    path = tmp_path / "soanbaocao.db"
    with Store.open(path) as store:
        ids = [store.import_report(p) for p in SEEDS]
    damage_rows(path)
    with Store.open(path) as store:
        infos = {i.id: i for i in store.list_reports()}
        assert set(infos) == set(ids)
        assert infos[ids[0]].period is None and infos[ids[0]].label == "«hỏng»"
        assert "kỳ báo cáo hỏng" in infos[ids[0]].damaged
        assert not infos[ids[1]].damaged  # a damaged time is shown as it is; the report opens
        store.load_report(ids[1])
        assert not infos[ids[2]].damaged  # its columns are sound: found when it is opened
        with pytest.raises(ReportDamagedError, match="bị hỏng") as err:
            store.load_report(ids[2])
        assert is_vietnamese(str(err.value))
        assert store.report_info(ids[2]).damaged  # now known: lists show it
        with pytest.raises(ReportDamagedError, match="lần lưu 1"):
            store.load_revision(ids[3], 1)
        store.load_report(ids[3])  # its current content is sound
        store.load_report(ids[4])


def test_the_command_line_lists_damaged_rows_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "soanbaocao.db"
    with Store.open(path) as store:
        for p in SEEDS:
            store.import_report(p)
    damage_rows(path)
    assert main(["--db", str(path), "reports"]) == 0
    out = capsys.readouterr().out
    assert out.count("Hỏng") == 1 and "«hỏng»" in out and "(hỏng: yesterday)" in out
    for report_id in range(1, 6):
        assert main(["--db", str(path), "history", str(report_id)]) == 0
    assert main(["--db", str(path), "export", "3", "-o", str(tmp_path / "ra.json")]) == 2
    assert "bị hỏng" in capsys.readouterr().err


def test_an_export_of_a_damaged_database_imports_its_sound_part(tmp_path: Path) -> None:
    path = tmp_path / "a" / "soanbaocao.db"
    with Store.open(path) as store:
        for p in SEEDS:
            store.import_report(p)
    damage_rows(path)
    with Store.open(path) as store:
        store.export_all(tmp_path / "ra.zip")
    with Store.open(tmp_path / "b" / "soanbaocao.db") as fresh:
        summary = fresh.import_all(tmp_path / "ra.zip")
        assert len(summary.damaged) == 4  # three reports, one revision
        assert len(fresh.list_reports()) == 2
        assert all(not i.damaged for i in fresh.list_reports())


def test_the_merge_rule_is_stated_in_the_readme() -> None:
    readme = (Path(storage.__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "import-all --merge" in readme and "cả hai máy" in readme
