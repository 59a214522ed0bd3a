"""Own report kinds from the command line, as an IT officer works: export, edit, lint, import, use."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document

from desktop_app.document.kind_package import read_zip
from tests.core.kindkit import add_paragraph, edit_toml, renamed, write_package

ROOT = Path(__file__).resolve().parents[2]


def run(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOANBAOCAO_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )


def test_a_builtin_kind_exported_renamed_reworded_imported_used_and_rendered(tmp_path: Path) -> None:
    home = tmp_path / "home"
    exported = tmp_path / "bao_cao_kstthc.zip"
    result = run(home, "kind", "export", "bao_cao_kstthc", "-o", exported)
    assert result.returncode == 0, result.stderr
    assert "phiên bản tt05-2025.1" in result.stdout
    assert "hãy đọc lại «notice»" in result.stdout  # the built-in's notice would mislead in an own kind
    # The IT officer renames the kind, rewords its title and a heading, and zips it again.
    files = renamed(read_zip(exported), "bao_cao_tinh_ag", "Báo cáo KSTTHC theo đề cương của tỉnh")
    files = edit_toml(
        files, 'heading = "Đánh giá chung"', 'heading = "Đánh giá chung, nhận xét của địa phương"'
    )
    package = write_package(tmp_path / "bao_cao_tinh_ag.zip", files)
    lint = run(home, "kind", "lint", package, "--json")
    assert lint.returncode == 0 and json.loads(lint.stdout) == []
    installed = run(home, "kind", "import", package)
    assert installed.returncode == 0, installed.stderr
    assert (home / "kinds" / "bao_cao_tinh_ag.toml").is_file()
    listed = run(home, "kinds").stdout
    assert "bao_cao_tinh_ag\tBáo cáo KSTTHC theo đề cương của tỉnh [riêng]" in listed
    assert "bao_cao_kstthc\tBáo cáo kết quả kiểm soát TTHC" in listed  # built-ins beside it
    new = tmp_path / "quy1.json"
    made = run(home, "new", "--kind", "bao_cao_tinh_ag", "--period", "quy:1/2026", "-o", new)
    assert made.returncode == 0, made.stderr
    assert json.loads(new.read_text("utf-8"))["kind"] == "bao_cao_tinh_ag"
    out = tmp_path / "quy1.docx"
    rendered = run(home, "render", new, "-o", out)
    assert rendered.returncode == 0, rendered.stderr
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "ĐÁNH GIÁ CHUNG, NHẬN XÉT CỦA ĐỊA PHƯƠNG" in text
    # Removed: the kind is gone from the list; the answer file names a kind no longer there.
    assert run(home, "kind", "remove", "bao_cao_tinh_ag").returncode == 0
    assert "bao_cao_tinh_ag" not in run(home, "kinds").stdout
    again = run(home, "render", new, "-o", tmp_path / "lai.docx")
    assert again.returncode == 2 and "Không có loại văn bản «bao_cao_tinh_ag» trên máy này" in again.stderr
    assert "soanbaocao kind import" in again.stderr  # how to put it back


def test_a_broken_package_is_refused_with_its_places_and_nothing_installed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    exported = tmp_path / "x.zip"
    run(home, "kind", "export", "bao_cao_kstthc", "-o", exported)
    files = renamed(read_zip(exported), "bao_cao_hong")
    files = edit_toml(files, 'label = "Hồ sơ giải quyết đúng hạn"', 'lable = "Hồ sơ giải quyết đúng hạn"')
    files = add_paragraph(files, "Tổng: {{ hs_tiep_nhan_sai }}")
    package = write_package(tmp_path / "hong.zip", files)
    lint = run(home, "kind", "lint", package)
    assert lint.returncode == 1
    assert "LỖI: bao_cao_hong.toml, dòng" in lint.stdout and "khóa «sections[giai_quyet_tthc]" in lint.stdout
    assert "LỖI: bao_cao_hong.docx, đoạn" in lint.stdout and "thẻ «{{ hs_tiep_nhan_sai }}»" in lint.stdout
    found = json.loads(run(home, "kind", "lint", package, "--json").stdout)
    assert {f["code"] for f in found} >= {"khoa_la", "thieu_khoa"}
    refused = run(home, "kind", "import", package)
    assert refused.returncode == 1 and "không cài đặt" in refused.stderr and "lable" in refused.stderr
    assert not (home / "kinds").exists() or not list((home / "kinds").iterdir())


def test_export_picks_the_version_in_force_on_a_day(tmp_path: Path) -> None:
    out = tmp_path / "cu.zip"
    result = run(tmp_path / "home", "kind", "export", "bao_cao_kstthc", "-o", out, "--ngay", "2024-06-14")
    assert "phiên bản tt01-2020.1" in result.stdout
    with zipfile.ZipFile(out) as z:
        text = z.read("bao_cao_kstthc.toml").decode("utf-8")
        assert text == (ROOT / "resources/kinds/bao_cao_kstthc.toml").read_text("utf-8")  # its own file
        assert Document(io.BytesIO(z.read("bao_cao_kstthc.docx"))) is not None
