"""Installing, replacing and removing an own kind is all or nothing: a refusal or a write that
fails midway leaves the kinds folder byte for byte as it was, and says so in Vietnamese."""

from __future__ import annotations

import errno
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.document.kind_package import KindPackageError, install_package, lint_files, remove_kind
from desktop_app.report import catalogue
from desktop_app.system import files as files_module
from tests.core.conftest import is_vietnamese
from tests.core.kindkit import edit_toml, exported, renamed, write_package

NEW_ID = "bao_cao_rieng"
OLD_TITLE = "Báo cáo KSTTHC của tỉnh"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SOANBAOCAO_HOME", str(tmp_path / "home"))
    catalogue.forget()
    yield tmp_path / "home"
    catalogue.forget()


@pytest.fixture(scope="module")
def good() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        return renamed(exported(Path(tmp)), NEW_ID, OLD_TITLE)


def newer(good: dict[str, bytes]) -> dict[str, bytes]:
    """The same kind reworded, as a province sends a corrected outline."""
    return edit_toml(good, f'title = "{OLD_TITLE}"', 'title = "Báo cáo KSTTHC (bản sửa)"')


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder`` (hidden ones too): a file's bytes, None for a folder."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def example_name(files: dict[str, bytes]) -> str:
    return next(n for n in sorted(files) if n.startswith("vi_du/"))


def with_example(files: dict[str, bytes], name: str) -> dict[str, bytes]:
    """The package with its (first) example renamed ``vi_du/<name>``."""
    out = dict(files)
    out[f"vi_du/{name}"] = out.pop(example_name(files))
    return out


def installed_old(tmp_path: Path, good: dict[str, bytes], home: Path) -> dict[str, bytes | None]:
    install_package(write_package(tmp_path / "cu.zip", good))
    assert catalogue.family(NEW_ID).title == OLD_TITLE
    return snapshot(home)


def still_old(home: Path, before: dict[str, bytes | None]) -> None:
    assert snapshot(home) == before
    catalogue.forget()
    assert catalogue.family(NEW_ID).title == OLD_TITLE


# ---------------------------------------------------------------- names refused before anything is written


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Báo cáo: quý I.json", "không được chứa «:»"),
        ("Có số liệu?.json", "không được chứa «?»"),
        ("CON.json", "«CON» là tên thiết bị"),
        ("tab\tx.json", "ký tự điều khiển"),
    ],
    ids=["hai_cham", "hoi", "thiet_bi", "dieu_khien"],
)
def test_an_example_named_as_windows_would_not_keep_it_is_refused_and_nothing_written(
    tmp_path: Path, home: Path, good: dict[str, bytes], name: str, words: str
) -> None:
    """The reviewer's package: the kind's own files used to be written before its example's name
    was refused; the official was told «failed» with the kind installed, half of it."""
    package = write_package(tmp_path / "goi.zip", with_example(good, name))
    with pytest.raises(KindPackageError) as info:
        install_package(package)
    (finding,) = info.value.findings
    assert finding.code == "ten_tep" and finding.file == f"vi_du/{name}" and words in finding.message
    assert "đổi tên tệp này trong gói" in finding.message and is_vietnamese(finding.text())
    assert snapshot(home) == {}  # not even the kinds folder
    assert NEW_ID not in catalogue.catalogue().families


def test_a_refused_newer_version_leaves_the_older_one_installed(
    tmp_path: Path, home: Path, good: dict[str, bytes]
) -> None:
    before = installed_old(tmp_path, good, home)
    package = write_package(tmp_path / "moi.zip", with_example(newer(good), "Quý I: xã Mỹ Hòa.json"))
    with pytest.raises(KindPackageError, match="1 lỗi: không cài đặt"):
        install_package(package)
    still_old(home, before)


def test_two_examples_one_name_apart_in_case_are_refused(good: dict[str, bytes]) -> None:
    """Windows keeps one file of «Mau.json» and «mau.json»: one example would silently be lost."""
    files = with_example(good, "mau.json")
    files["Mau.json"] = files["vi_du/mau.json"]
    found = [f for f in lint_files(files).findings if f.code == "ten_tep"]
    assert [f.file for f in found] == ["vi_du/mau.json"] and "trùng tên với «Mau.json»" in found[0].message


def test_a_kind_id_windows_keeps_for_a_device_is_refused(good: dict[str, bytes]) -> None:
    files = renamed(good, "aux")
    found = [f for f in lint_files(files).findings if f.severity == "error"]
    assert {f.file for f in found if f.code == "ten_tep"} == {"aux.toml", "aux.docx"}
    assert all(f.code == "ten_tep" for f in found)  # nothing is loaded from a name refused


# ---------------------------------------------------------------- writes that fail midway


def fail_on(monkeypatch: pytest.MonkeyPatch, where: str, nth: int, error: OSError) -> list[int]:
    """Make the ``nth`` call of ``files.<where>`` raise ``error``; return the calls counted."""
    real = getattr(files_module, where)
    calls: list[int] = []

    def failing(*args: object) -> None:
        calls.append(1)
        if len(calls) == nth:
            raise error
        real(*args)

    monkeypatch.setattr(files_module, where, failing)
    return calls


@pytest.mark.parametrize(
    ("where", "error", "words"),
    [
        ("_write_new", OSError(errno.ENOSPC, "No space left on device"), "ổ đĩa đã đầy"),
        ("_move", PermissionError(errno.EACCES, "Permission denied"), "không có quyền truy cập"),
    ],
    ids=["o_day", "bi_khoa"],
)
def test_a_newer_version_failing_at_any_file_leaves_the_older_byte_for_byte(
    tmp_path: Path,
    home: Path,
    good: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    error: OSError,
    words: str,
) -> None:
    before = installed_old(tmp_path, good, home)
    package = write_package(tmp_path / "moi.zip", newer(good))
    nth = 1
    while True:  # the first file, the second… until the install gets through
        with monkeypatch.context() as patch:
            calls = fail_on(patch, where, nth, error)
            try:
                install_package(package)
            except KindPackageError as exc:
                message = str(exc)
            else:
                assert nth > len(calls) > 2  # every step was failed once
                break
        assert message.startswith(f"Không cài được loại văn bản «{NEW_ID}».") and words in message
        assert f"vẫn như trước: loại «{NEW_ID}» đã cài vẫn dùng được như cũ" in message
        still_old(home, before)
        nth += 1
    catalogue.forget()
    assert catalogue.family(NEW_ID).title == "Báo cáo KSTTHC (bản sửa)"


def test_a_first_install_failing_midway_leaves_no_kinds_folder(
    tmp_path: Path, home: Path, good: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_on(monkeypatch, "_move", 3, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(KindPackageError, match="chưa có gì được cài"):
        install_package(write_package(tmp_path / "goi.zip", good))
    assert not home.exists()


def test_a_file_where_the_examples_folder_should_be_fails_midway_and_changes_nothing(
    tmp_path: Path, home: Path, good: dict[str, bytes]
) -> None:
    """A real fault, nothing patched: «kinds/vi_du» is a file, so the examples cannot go in after
    the kind's own files did."""
    (home / "kinds").mkdir(parents=True)
    (home / "kinds" / "vi_du").write_bytes(b"not a folder")
    before = snapshot(home)
    with pytest.raises(KindPackageError, match="Không cài được loại văn bản") as info:
        install_package(write_package(tmp_path / "goi.zip", good))
    assert "Không ghi được «vi_du/" in str(info.value) and is_vietnamese(str(info.value))
    assert snapshot(home) == before
    assert NEW_ID not in catalogue.catalogue().families


def test_a_full_disk_is_seen_before_anything_is_written(
    tmp_path: Path, home: Path, good: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = installed_old(tmp_path, good, home)
    usage = shutil.disk_usage(home)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=1000))
    with pytest.raises(KindPackageError, match="ổ đĩa đã đầy"):
        install_package(write_package(tmp_path / "moi.zip", newer(good)))
    still_old(home, before)


def test_old_files_that_cannot_be_put_back_are_kept_and_named(
    tmp_path: Path, home: Path, good: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worst case (the disk gone while undoing): the message says where the old kind is."""
    installed_old(tmp_path, good, home)
    old_toml = (home / "kinds" / f"{NEW_ID}.toml").read_bytes()
    real = files_module._move
    calls: list[tuple[Path, Path]] = []

    def failing(source: Path, target: Path) -> None:
        calls.append((source, target))
        if len(calls) >= 4:  # the third file aside, then every step of the undo
            raise OSError(errno.EIO, "Input/output error")
        real(source, target)

    monkeypatch.setattr(files_module, "_move", failing)
    with pytest.raises(KindPackageError, match="Khôi phục các tệp cũ cũng không được") as info:
        install_package(write_package(tmp_path / "moi.zip", newer(good)))
    kept = next(p for p in (home / "kinds").iterdir() if p.name.startswith(".cu-"))
    assert f"«{kept}»" in str(info.value) and "USB bị rút ra" in str(info.value)
    assert (kept / f"{NEW_ID}.toml").read_bytes() == old_toml


# ---------------------------------------------------------------- remove


def test_a_remove_failing_at_any_file_keeps_the_whole_kind(
    tmp_path: Path, home: Path, good: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to move the template while Word has it open: the kind stays whole."""
    before = installed_old(tmp_path, good, home)
    for nth in (1, 2, 3):
        with monkeypatch.context() as patch:
            fail_on(patch, "_move", nth, PermissionError(errno.EACCES, "Permission denied"))
            with pytest.raises(KindPackageError) as info:
                remove_kind(NEW_ID)
        assert str(info.value).startswith(f"Không gỡ được loại văn bản «{NEW_ID}».")
        assert "Loại văn bản vẫn còn nguyên, chưa gỡ gì." in str(info.value)
        still_old(home, before)
    remove_kind(NEW_ID)
    assert snapshot(home / "kinds") == {"vi_du": None}
    with pytest.raises(KindPackageError, match="Không có"):
        remove_kind(NEW_ID)


# ---------------------------------------------------------------- the command line


def test_the_cli_refuses_the_package_with_the_name_and_exit_code_1(
    tmp_path: Path, home: Path, good: dict[str, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    package = write_package(tmp_path / "goi.zip", with_example(good, "Báo cáo: quý I.json"))
    assert cli.main(["kind", "import", str(package)]) == 1
    err = capsys.readouterr().err
    assert "Lỗi: Gói «goi.zip» có 1 lỗi: không cài đặt." in err
    assert "LỖI: vi_du/Báo cáo: quý I.json: tên tệp không được chứa «:»" in err
    assert snapshot(home) == {}


def test_the_cli_says_a_failed_install_and_remove_changed_nothing(
    tmp_path: Path,
    home: Path,
    good: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = installed_old(tmp_path, good, home)
    package = write_package(tmp_path / "moi.zip", newer(good))
    with monkeypatch.context() as patch:
        fail_on(patch, "_move", 4, PermissionError(errno.EACCES, "Permission denied"))
        assert cli.main(["kind", "import", str(package)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"Lỗi: Không cài được loại văn bản «{NEW_ID}». Không ghi được")
        assert "Thư mục loại văn bản vẫn như trước" in err
        fail_on(patch, "_move", 1, PermissionError(errno.EACCES, "Permission denied"))
        assert cli.main(["kind", "remove", NEW_ID]) == 1
        err = capsys.readouterr().err
        assert err.startswith(
            f"Lỗi: Không gỡ được loại văn bản «{NEW_ID}». Không thay hay xóa được tệp cũ «{NEW_ID}.toml»"
        )
    still_old(home, before)
